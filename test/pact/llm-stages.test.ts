import { appendFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJsonlAll } from '../../src/io/jsonl.ts';
import { startSimServer, type SimServer } from '../../src/llm/sim/server.ts';
import { GeneratedItemSchema, pactRequests, UsableAnswerSchema } from '../../src/pact/llm.ts';
import { DEFAULT_PANEL } from '../../src/llm/default-panel.ts';
import type { Workspace } from '../../src/workspace/workspace.ts';
import { PactItemSchema, SourceScenarioSchema } from '../../src/schemas/records.ts';
import { filterUsable } from '../../src/stages/filter-usable.ts';
import { generatePreferences } from '../../src/stages/generate-preferences.ts';
import { ingestCultureAtlas } from '../../src/stages/ingest-cultureatlas.ts';
import { ingestNormad } from '../../src/stages/ingest-normad.ts';
import { validateItems } from '../../src/stages/validate-items.ts';
import { item, runStage, tempDir, workspace } from './helpers.ts';

const EXAMPLES = resolve(import.meta.dirname, '../../examples/pact');
const SOURCES = {
  normad: join(EXAMPLES, 'normad_sample.csv'),
  cultureatlas: { path: join(EXAMPLES, 'cultureatlas_sample.csv') },
};
const GENEROUS = { rpm: 600_000, tpm: 1_000_000_000 };

const RejectSchema = z.looseObject({ source_id: z.string(), reason: z.string().min(1) });
const FailureSchema = z.object({
  scenario_id: z.string(),
  source: z.string(),
  source_id: z.string(),
  reason: z.string(),
  failed_answers: z.array(z.object({ member: z.string(), error: z.string(), raw: z.string().nullable() })).min(1),
});

const read = <T extends z.ZodType>(ws: Workspace, rel: string, schema: T) => readJsonlAll(ws.path(rel), schema);

function simWorkspace(sim: SimServer, extra: object = {}): Workspace {
  const baseURL = `${sim.url}/v1`;
  return workspace(tempDir(), {
    sources: SOURCES,
    panel: [
      { id: 'judge-a', model: 'gpt-4.1', baseURL, runs: 3, ...GENEROUS },
      { id: 'judge-b', model: 'qwen-2.5-72b', baseURL, runs: 3, ...GENEROUS },
    ],
    ...extra,
  });
}

async function ingest(ws: Workspace) {
  await runStage(ingestNormad, ws);
  await runStage(ingestCultureAtlas, ws);
}

describe('PACT LLM stages through the panel and a test-started simulator', () => {
  let sim: SimServer;
  let ws: Workspace;
  const summaries: Record<string, Awaited<ReturnType<typeof runStage>>> = {};

  beforeAll(async () => {
    sim = await startSimServer({ host: '127.0.0.1', port: 0, ...GENEROUS });
    ws = simWorkspace(sim);
    await ingest(ws);
    summaries.filter = await runStage(filterUsable, ws, { judges: ['judge-a', 'judge-b'] });
    summaries.generate = await runStage(generatePreferences, ws);
    // A candidate whose two options are the same action: a judge must fail it on clarity.
    const bad = {
      ...item('normad', '999', 'JP', 'japan'),
      validation: null,
      follow_culture_option: 'Bow to the host.',
      allow_preference_option: 'Bow to the host.',
    };
    appendFileSync(ws.path('data/interim/pact-candidates.jsonl'), `${JSON.stringify(bad)}\n`);
    summaries.validate = await runStage(validateItems, ws);
  });

  afterAll(async () => {
    ws?.close();
    await sim?.close();
  });

  it('filter-usable splits every row into usable or a reject that carries its reason', async () => {
    const all = await read(ws, 'data/interim/cultureatlas.jsonl', SourceScenarioSchema);
    const usable = await read(ws, 'data/interim/cultureatlas-usable.jsonl', SourceScenarioSchema);
    const rejects = await read(ws, 'data/interim/cultureatlas-rejects.jsonl', RejectSchema);
    expect([...usable, ...rejects].map((r) => r.source_id).sort()).toEqual(all.map((r) => r.source_id).sort());
    const bySource = new Map(rejects.map((r) => [r.source_country, r]));
    expect(bySource.get('Japan')).toMatchObject({ category: 'factual' });
    expect(bySource.get('Brazil')?.reason).toMatch(/False/);
    expect(summaries.filter.summary).toMatchObject({ judges: ['judge-a', 'judge-b'] });
  });

  it('generate-preferences writes schema-valid candidates with targeted types balanced to within one', async () => {
    const candidates = await read(ws, 'data/interim/pact-candidates.jsonl', PactItemSchema);
    const generated = candidates.filter((c) => c.source_id !== '999');
    const scenarios =
      (await read(ws, 'data/interim/normad.jsonl', SourceScenarioSchema)).length +
      (await read(ws, 'data/interim/cultureatlas-usable.jsonl', SourceScenarioSchema)).length;
    expect(generated).toHaveLength(scenarios);
    for (const c of generated) expect(GeneratedItemSchema.safeParse(c).success).toBe(true);
    const { targetedTypes, producedTypes } = summaries.generate.summary as Record<string, Record<string, number>>;
    const targeted = Object.values(targetedTypes);
    expect(Math.max(...targeted) - Math.min(...targeted)).toBeLessThanOrEqual(1);
    const produced = Object.fromEntries(
      ['convenience', 'habit', 'value-style'].map((t) => [t, generated.filter((c) => c.preference_type === t).length]),
    );
    expect(producedTypes).toEqual(produced);
  });

  it('validate-items keeps only schema-valid items that passed every criterion and rejects the rest with the reason', async () => {
    const candidates = await read(ws, 'data/interim/pact-candidates.jsonl', PactItemSchema);
    const kept = await read(ws, 'data/interim/pact-items.jsonl', PactItemSchema);
    const rejects = await read(
      ws,
      'data/interim/pact-rejects.jsonl',
      RejectSchema.extend({ failed_criteria: z.array(z.string()) }),
    );
    expect(kept.length + rejects.length).toBe(candidates.length);
    for (const k of kept)
      expect(k.validation).toMatchObject({ plausibility: true, clarity: true, scenario_clarity: true });
    const bad = rejects.find((r) => r.source_id === '999');
    expect(bad?.failed_criteria).toContain('clarity');
    expect(bad?.reason).toMatch(/^failed .*clarity: \S/);
    expect(kept.length).toBeGreaterThan(rejects.length);
  });

  it('a rerun of the three stages answers everything from the cache: zero simulator requests', async () => {
    const before = sim.stats().requests;
    await runStage(filterUsable, ws, { judges: ['judge-a', 'judge-b'] });
    await runStage(generatePreferences, ws);
    await runStage(validateItems, ws);
    expect(sim.stats().requests).toBe(before);
  });
});

describe('generate-preferences failures', () => {
  it('a malformed generation lands in the failures file with the raw text, not silently dropped', async () => {
    const sim = await startSimServer({ host: '127.0.0.1', port: 0, ...GENEROUS, faults: 'malformed=1' });
    const ws = simWorkspace(sim, { sources: { normad: SOURCES.normad } });
    try {
      await ingest(ws);
      await runStage(filterUsable, ws);
      const result = await runStage(generatePreferences, ws);
      const scenarios = await read(ws, 'data/interim/normad.jsonl', SourceScenarioSchema);
      const failures = await read(ws, 'data/interim/pact-generation-failures.jsonl', FailureSchema);
      expect(await read(ws, 'data/interim/pact-candidates.jsonl', PactItemSchema)).toEqual([]);
      expect(failures.map((f) => f.source_id).sort()).toEqual(scenarios.map((s) => s.source_id).sort());
      for (const f of failures) {
        expect(f.reason).toMatch(/^no valid answer \(judge-a: /);
        expect(f.failed_answers[0].raw).toMatch(/^Sure! \{"scenario":/);
      }
      expect(result.counts).toMatchObject({ scenarios: scenarios.length, items: 0, failed: scenarios.length });
    } finally {
      ws.close();
      await sim.close();
    }
  });
});

describe('filter-usable with the default panel (in-process simulator)', () => {
  it('asks each judge for its own configured runs unless the stage sets runs', () => {
    const vars = { country_name: 'Kenya', topic: 'Greetings', assertion: 'People greet elders first.' };
    const ask = (runs?: number) =>
      pactRequests({ name: 'pact-usable', schema: UsableAnswerSchema }, 'x', vars, DEFAULT_PANEL.slice(0, 1), runs)[0]
        .samples;
    expect(ask()).toBe(DEFAULT_PANEL[0].runs);
    expect(ask(2)).toBe(2);
  });

  it('keeps every actionable social norm of the bundled sample: each judge samples its own runs and the majority decides', async () => {
    const ws = workspace(tempDir(), { sources: { cultureatlas: SOURCES.cultureatlas } });
    try {
      await runStage(ingestCultureAtlas, ws);
      await runStage(filterUsable, ws);
      const usable = await read(ws, 'data/interim/cultureatlas-usable.jsonl', SourceScenarioSchema);
      const all = await read(ws, 'data/interim/cultureatlas.jsonl', SourceScenarioSchema);
      const norms = all
        .filter((s) => s.fields.label === 'True' && s.source_country !== 'Japan')
        .map((s) => s.source_country);
      expect(norms).toEqual(expect.arrayContaining(['Islamic Republic of Iran', 'Russian Federation', 'Türkiye']));
      expect(usable.map((s) => s.source_country)).toEqual(norms);
    } finally {
      ws.close();
    }
  });
});
