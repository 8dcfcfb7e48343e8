import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonlAll } from '../../src/io/jsonl.ts';
import { runRecipe } from '../../src/pipeline/runner.ts';
import { pactRecipe } from '../../src/recipes/pact.ts';
import { PactInstanceSchema, PactItemSchema } from '../../src/schemas/records.ts';
import { testSimulator } from '../llm/helpers.ts';
import { tempDir, workspace } from './helpers.ts';

const EXAMPLES = resolve(import.meta.dirname, '../../examples/pact');

describe('pact recipe on the bundled samples through the simulator', () => {
  it('builds data/final/pact.parquet with 48 instances per validated item, everything marked simulated', async () => {
    const root = tempDir();
    const ws = workspace(root, {
      sources: {
        normad: join(EXAMPLES, 'normad_sample.csv'),
        cultureatlas: { path: join(EXAMPLES, 'cultureatlas_sample.csv') },
      },
      panel: [{ id: 'gpt-4.1', model: 'gpt-4.1', languages: ['en'], runs: 1 }],
    });
    try {
      await runRecipe(ws, pactRecipe, { simulator: testSimulator() });
      const rejects = await readJsonlAll(join(root, 'data/interim/cultureatlas-rejects.jsonl'));
      const rejected = rejects.map((r) => (r as { source_country: string }).source_country);
      expect(rejected).toEqual(expect.arrayContaining(['Japan', 'Brazil']));
      const items = await readJsonlAll(join(root, 'data/interim/pact-items.jsonl'), PactItemSchema);
      expect(items.length).toBeGreaterThan(10);
      expect(new Set(items.map((i) => i.source))).toEqual(new Set(['normad', 'cultureatlas']));
      const instances = await readJsonlAll(join(root, 'data/final/pact.jsonl'), PactInstanceSchema);
      expect(instances).toHaveLength(items.length * 48);
      expect(instances.every((i) => i.simulated)).toBe(true);
      expect(existsSync(join(root, 'data/final/pact.parquet'))).toBe(true);
      const types = new Set(items.map((i) => i.preference_type));
      expect(types.size).toBe(3);
    } finally {
      ws.close();
    }
  });
});
