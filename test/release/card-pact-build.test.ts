import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROMPTS_DIR } from '../../src/llm/prompts.ts';
import { CONFIGURATION_NAMES } from '../../src/pact/dyads.ts';
import { describeRelationRule } from '../../src/pact/relations.ts';
import { RunLog } from '../../src/pipeline/runs.ts';
import { exportRelease } from '../../src/release/export.ts';
import { makeWorkspace, pactInstances, writeFinal, writeLines } from './fixtures.ts';

const PANEL = [
  {
    id: 'judge-a',
    model: 'acme-judge-2025-01-01',
    baseURL: 'http://127.0.0.1:9/v1',
    languages: ['en', 'zh'],
    runs: 5,
    temperature: 0.7,
  },
  {
    id: 'judge-b',
    model: 'other-judge-v2',
    baseURL: 'http://127.0.0.1:9/v1',
    languages: ['en'],
    runs: 5,
    temperature: 1,
  },
];

function scenario(source: 'normad' | 'cultureatlas', id: number, file: string, sha: string) {
  return {
    source,
    source_id: String(id),
    country: 'JP',
    country_name: 'Japan',
    source_country: 'japan',
    source_file: file,
    source_sha256: sha,
    fields: {},
  };
}

function sectionOf(card: string, heading: string): string {
  const start = card.indexOf(`## ${heading}\n`);
  expect(start).toBeGreaterThan(-1);
  const end = card.indexOf('\n## ', start + 1);
  return card.slice(start, end < 0 ? undefined : end);
}

/** The Markdown table row whose first cell starts with `first`, as trimmed cells. */
function rowStartingWith(section: string, first: string): string[] {
  const line = section.split('\n').find((l) => l.startsWith(`| ${first}`));
  expect(line, `row ${first}`).toBeDefined();
  return line!
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim());
}

async function builtWorkspace() {
  // The live config names other models: the card describes the members the runs recorded.
  const live = PANEL.map((m) => ({ ...m, model: `${m.model}-changed-since`, temperature: 0 }));
  const { ws } = makeWorkspace({ panel: live, stages: { 'filter-usable': { judges: ['judge-b'] } } });
  writeFinal(ws, 'pact', pactInstances({ simulated: false }));
  writeLines(
    ws.path('data/interim/normad.jsonl'),
    [1, 2, 3].map((i) => scenario('normad', i, 'normad_etiquette_final_data.csv', 'a'.repeat(64))),
  );
  writeLines(
    ws.path('data/interim/cultureatlas.jsonl'),
    [1, 2].map((i) => scenario('cultureatlas', i, 'cultureatlas.csv', 'b'.repeat(64))),
  );
  writeLines(ws.path('data/interim/cultureatlas-usable.jsonl'), [{}]);
  writeLines(ws.path('data/interim/cultureatlas-rejects.jsonl'), [{}]);
  const runs = new RunLog(ws.store);
  const id = runs.start('pact', 'validate-items', 'f', {
    version: 2,
    params: { judges: ['judge-a', 'judge-b'], runs: 3 },
    prompts: { 'en/pact-validate.md': `${'c0ffee'.repeat(10)}abcd` },
    inputs: {},
  });
  const members = PANEL.map((m) => ({
    id: m.id,
    model: m.model,
    provider: 'http://127.0.0.1:9/v1',
    temperature: m.temperature,
    runs: m.runs,
    languages: m.languages,
    structuredOutput: 'json_schema',
    reportedModels: [m.model],
  }));
  runs.finish(id, 'ok', { summary: { judges: ['judge-a', 'judge-b'] }, provenance: { members } });
  const expand = runs.start('pact', 'expand-dyads', 'g', {
    version: 1,
    params: { seed: 77, configurations: false },
    prompts: {},
    inputs: {},
  });
  runs.finish(expand, 'ok', { summary: { relationRule: 'user table', seed: 77 } });
  return ws;
}

describe('PACT card: how it was built', () => {
  it('names panel models with versions, steps with members, samples, thresholds and prompt versions, sources with sha256, filters, dyads and the relation rule', async () => {
    const ws = await builtWorkspace();
    await exportRelease(ws, 'pact');
    const card = readFileSync(ws.path('release/pact/README.md'), 'utf8');
    const build = sectionOf(card, 'How it was built');

    // judge-a: 3 samples when validating (recorded run), 1 when generating; the table shows the most
    expect(rowStartingWith(build, '`judge-a`')).toEqual(['`judge-a`', 'acme-judge-2025-01-01', 'en', '3', '0.7']);
    expect(rowStartingWith(build, '`judge-b`')).toEqual(['`judge-b`', 'other-judge-v2', 'en', '5', '1']);

    const validate = rowStartingWith(build, '`validate-items`');
    expect(validate[1]).toBe('`judge-a`, `judge-b`');
    expect(validate[2]).toBe('3');
    expect(validate[3]).toMatch(/strict majority.*all three pass/);
    expect(validate[4]).toBe('`en/pact-validate.md` `c0ffeec0ffee`');
    expect(validate[5]).toBe('recorded run');

    // no recorded run: judges from `stages.filter-usable`, prompt hash of the current template
    const filter = rowStartingWith(build, '`filter-usable`');
    const template = createHash('sha256')
      .update(readFileSync(join(PROMPTS_DIR, 'en/pact-usable.md')))
      .digest('hex');
    expect(filter.slice(1, 3)).toEqual(['`judge-b`', "each member's runs"]);
    expect(filter[4]).toBe(`\`en/pact-usable.md\` \`${template.slice(0, 12)}\``);
    expect(filter[5]).toBe('config (no recorded run)');
    expect(rowStartingWith(build, '`generate-preferences`')[1]).toBe('`judge-a`');

    expect(build).toContain(
      `NormAd-ETI: \`normad_etiquette_final_data.csv\` (sha256 \`${'a'.repeat(64)}\`), 3 rows ingested`,
    );
    expect(build).toContain(`CultureAtlas: \`cultureatlas.csv\` (sha256 \`${'b'.repeat(64)}\`), 2 rows ingested`);
    expect(build).toMatch(/\*\*Usable filter\.\*\*.*\[NEG NORM\].*1 CultureAtlas rows were kept and 1 rejected/);
    expect(build).toMatch(
      /\*\*Validation criteria\.\*\*.*plausibility.*clarity.*scenario clarity.*2 of 3 released items carry the judges' verdicts \(column `validation`\); 1 pass all three/,
    );
    expect(build).toContain(describeRelationRule());
    expect(build).toContain('48 instances');
    expect(build).toContain('Seed 77.');
    expect(build).toContain(
      '(in this build a user relation table (`sources.countryRelations`) replaced the built-in rule',
    );
    for (const [c, name] of Object.entries(CONFIGURATION_NAMES)) expect(build).toContain(`${c} (\`${name}\`)`);

    expect(sectionOf(card, 'Limitations and intended use')).toContain('(stated under "How it was built")');
  });

  it('the pact-hf layout carries the same build section, so its limitations point at something real', async () => {
    const ws = await builtWorkspace();
    await exportRelease(ws, 'pact', { format: 'pact-hf' });
    const card = readFileSync(ws.path('release/pact/README.md'), 'utf8');
    const build = sectionOf(card, 'How it was built');
    expect(build).toContain(describeRelationRule());
    expect(rowStartingWith(build, '`validate-items`')[1]).toBe('`judge-a`, `judge-b`');
    expect(build).not.toContain('released items carry');
  });
});
