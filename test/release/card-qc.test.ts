import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { exportQcRound } from '../../src/qc/export.ts';
import { importQcFiles } from '../../src/qc/import.ts';
import { renderTablesMarkdown } from '../../src/qc/report.ts';
import { qcStats } from '../../src/qc/run-stats.ts';
import { fillSheetsWithSimulatedAnnotators } from '../../src/qc/simulated-annotators.ts';
import { exportRelease } from '../../src/release/export.ts';
import { SIMULATED_QC_MARKER } from '../../src/release/qc.ts';
import { fixtureWorkspace } from '../qc/fixtures.ts';
import { writeFinal } from './fixtures.ts';

const readLines = (file: string): unknown[] =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

const annotators = ['ann', 'bo', 'cy'];

async function ratedRound(dataset: 'pact' | 'sociocultural-statements') {
  const ws = fixtureWorkspace();
  // The final files as the stage writes them: the JSONL in release order, with the Parquet file beside it.
  writeFinal(ws, dataset, readLines(ws.path(`data/final/${dataset}.jsonl`)));
  const { dir } = await exportQcRound(ws, dataset, { size: 12, overlap: 6, seed: 4, annotators, round: 'round-1' });
  await importQcFiles(
    ws,
    dataset,
    await fillSheetsWithSimulatedAnnotators(ws, dataset, 'round-1', join(dir, 'filled')),
    'round-1',
  );
  const { stats } = await qcStats(ws, dataset, 'round-1');
  return { ws, dir, stats };
}

function qcSectionOf(card: string): string {
  const start = card.indexOf('## Quality control');
  return card.slice(start, card.indexOf('\n## ', start + 1));
}

/** Rows of the Markdown table whose header starts with `| first |`, as trimmed cells. */
function tableRows(section: string, first: string): string[][] {
  const lines = section.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`| ${first} |`));
  expect(start).toBeGreaterThan(-1);
  const rows: string[][] = [];
  for (const line of lines.slice(start)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  }
  return rows;
}

describe('card QC section shows the papers’ tables', () => {
  it('PACT: per criterion human/LLM pass rate, agreement, PABAK and AC1 with 95% intervals, n; no dump of stats.json', async () => {
    const { ws, stats } = await ratedRound('pact');
    if (stats.dataset !== 'pact') throw new Error('wrong dataset');
    await exportRelease(ws, 'pact');
    const section = qcSectionOf(readFileSync(ws.path('release/pact/README.md'), 'utf8'));

    const [header, , ...rows] = tableRows(section, 'criterion');
    expect(header).toEqual([
      'criterion',
      'ratings',
      'human pass rate',
      'LLM pass rate',
      'items rated ≥2',
      'observed agreement',
      'PABAK',
      "Gwet's AC1",
    ]);
    expect(rows.map((r) => r[0])).toEqual(['plausible', 'clear', 'scenario_clear', 'all criteria']);
    const plausible = stats.criteria[0];
    expect(rows[0][1]).toBe(String(plausible.ratings));
    expect(rows[0][2]).toBe(plausible.pass_rate!.toFixed(3));
    expect(rows[0][4]).toBe(String(plausible.agreement.items_rated_twice));
    expect(rows[3][7]).toMatch(/^-?\d\.\d{3} \[-?\d\.\d{3}, -?\d\.\d{3}\]$/);
    expect(rows[3][7].startsWith(stats.overall.gwet_ac1!.toFixed(3))).toBe(true);

    expect(section).toContain(renderTablesMarkdown(stats, 4));
    expect(section).not.toMatch(/criteria\.0\.|\| key \| value \||more entries in the source file/);
    expect(section).toContain(SIMULATED_QC_MARKER);
    expect(section.indexOf('Simulated human ratings')).toBeLessThan(section.indexOf('| criterion |'));
  });

  it('statements: relevance precision and per-dimension pairwise MAE, human-median vs LLM MAE and n', async () => {
    const { ws, stats } = await ratedRound('sociocultural-statements');
    if (stats.dataset !== 'sociocultural-statements') throw new Error('wrong dataset');
    await exportRelease(ws, 'sociocultural-statements');
    const section = qcSectionOf(readFileSync(ws.path('release/sociocultural-statements/README.md'), 'utf8'));

    const [header, , ...rows] = tableRows(section, 'dimension');
    expect(header).toEqual([
      'dimension',
      'pairs',
      'human ratings',
      'relevance precision',
      'pairwise MAE',
      'human median vs LLM MAE',
    ]);
    expect(rows.map((r) => r[0])).toEqual([...stats.dimensions.map((d) => d.dimension), 'all']);
    const all = rows.at(-1)!;
    expect(all[3]).toBe(stats.relevance_precision === null ? 'undefined' : stats.relevance_precision.toFixed(3));
    expect(all[5]).toBe(stats.human_vs_llm_mae === null ? 'undefined' : stats.human_vs_llm_mae.toFixed(3));
    expect(section).toContain(renderTablesMarkdown(stats, 4));
    expect(section).not.toMatch(/dimensions\.0\.|\| key \| value \|/);
  });

  it('a stats.json that is not a `qc stats` result is refused with its file named', async () => {
    const { ws, dir } = await ratedRound('pact');
    writeFileSync(join(dir, 'stats.json'), JSON.stringify({ dataset: 'pact', round: 'round-1', criteria: 'lots' }));
    const failure = await exportRelease(ws, 'pact').catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as UserError).message).toMatch(/stats\.json.*not a `qc stats` result/s);
  });
});
