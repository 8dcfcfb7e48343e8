import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportQcRound } from '../../src/qc/export.ts';
import { datasetSpec } from '../../src/qc/datasets.ts';
import { Workspace } from '../../src/workspace/workspace.ts';
import { LIBREOFFICE_TEST_TIMEOUT_MS, pagePng, pdfPages, soffice } from '../helpers/libreoffice.ts';

/**
 * Renders exported sheets the way an annotator sees them: LibreOffice Calc (headless) prints the
 * workbook to PDF, pdftotext reads each page back and pdftoppm saves a PNG of the Items sheet's
 * first page under the test's temp folder. Text clipped by a one-line row or a column printed on
 * a later page is not on that page's text.
 */
const LONG_STATEMENT =
  'Governments should guarantee every citizen a basic income that is high enough to live on, because automation will take away many of the jobs that people rely on today, and a society that leaves those people behind will lose the trust that holds it together across generations.';
const LONG_SCENARIO =
  'The actor and the receiver meet at a family dinner in Japan, where the oldest guest is served first and everyone waits until that person has started eating before touching their own food, even when the meal has been on the table for a long time.';

function workspaceWithLongTexts(): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'nf-render-'));
  mkdirSync(join(root, 'data/final'), { recursive: true });
  const labels = ['PDI', 'IDV', 'MAS', 'UAI'].map((dimension, i) => ({
    statement_id: String(2000 + i),
    discussion_id: 2000 + i,
    url: `https://www.kialo.com/d-${2000 + i}`,
    statement: i === 0 ? LONG_STATEMENT : `Short statement ${i}.`,
    dimension,
    relevant_votes: 5,
    relevant_total: 6,
    relevant: true,
    polarity_votes: [1],
    score: 1,
    contested: false,
    votes: [],
    prompt_version: 'p1',
    models: ['m'],
    simulated: true,
  }));
  writeFileSync(
    join(root, 'data/final/sociocultural-statements.jsonl'),
    `${labels.map((r) => JSON.stringify(r)).join('\n')}\n`,
  );
  const items = [0, 1, 2, 3].map((i) => ({
    scenario_id: `normad:${i}`,
    source: 'normad',
    source_id: String(i),
    country: 'JP',
    scenario: i === 0 ? LONG_SCENARIO : `Scenario ${i}.`,
    cultural_expectation: 'The actor is expected to wait until the oldest guest has started eating.',
    personal_preference:
      'The actor would rather start eating while the food is still hot, because that is what they are used to doing.',
    preference_type: 'habit',
    follow_culture_option: 'The actor waits until the oldest guest has started eating.',
    allow_preference_option: 'The actor starts eating while the food is still hot.',
    validation: { plausibility: true, clarity: true, scenario_clarity: true, reasons: [] },
    simulated: true,
    instance_id: `i-${i}`,
    actor_country: 'JP',
    receiver_country: 'JP',
    relation: 'same',
    actor_age: 'older',
    actor_gender: 'female',
    receiver_age: 'younger',
    receiver_gender: 'male',
    configuration: null,
    configuration_texts: null,
    option_a: 'a',
    option_b: 'b',
    culture_option: 'A',
  }));
  writeFileSync(join(root, 'data/final/pact.jsonl'), `${items.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return Workspace.open({ cwd: root });
}

/** The rendered pages, the index of the Items sheet's first page (the first to show an item id) and its PNG. */
async function render(dataset: string): Promise<{ pages: string[]; items: number; png: string; out: string }> {
  const ws = workspaceWithLongTexts();
  const { dir, manifest } = await exportQcRound(ws, dataset, {
    size: 4,
    overlap: 4,
    seed: 0,
    annotators: ['ann', 'bo'],
    round: 'round-1',
  });
  const out = join(ws.root, 'render');
  mkdirSync(out, { recursive: true });
  soffice(['--convert-to', 'pdf', join(dir, 'ann.xlsx')], out);
  const pdf = join(out, 'ann.pdf');
  const pages = pdfPages(pdf);
  const items = pages.findIndex((p) => manifest.items.some((it) => p.includes(it.item_id)));
  expect(items, 'no page shows an item').toBeGreaterThanOrEqual(0);
  const png = pagePng(pdf, items + 1, join(out, `${dataset}-items`));
  return { pages, items, png, out };
}

/** Headers that must print whole on the first page: the id, the judged text and the answers. */
const answerHeaders = (dataset: string) => {
  const spec = datasetSpec(dataset);
  return [
    spec.idColumn,
    ...spec.context.filter((c) => c.judged).map((c) => c.name),
    ...spec.judgments.map((j) => j.name),
    'comment',
  ];
};

describe('a QC sheet printed by LibreOffice Calc', { timeout: LIBREOFFICE_TEST_TIMEOUT_MS }, () => {
  it("statements: the answer columns and the whole wrapped statement are on the Items sheet's first page", async () => {
    const { pages, items, png } = await render('sociocultural-statements');
    const first = pages[items];
    for (const header of answerHeaders('sociocultural-statements'))
      expect(first.split(' '), `column ${header}`).toContain(header);
    expect(first).toContain(LONG_STATEMENT);
    expect(existsSync(png) && statSync(png).size > 10_000).toBe(true);
  });

  it('pact: the text columns, the three answer columns, the comment and the whole wrapped scenario are on the first page', async () => {
    const { pages, items, png } = await render('pact');
    const first = pages[items];
    for (const header of answerHeaders('pact')) expect(first.split(' '), `column ${header}`).toContain(header);
    expect(first).toContain(LONG_SCENARIO);
    expect(existsSync(png) && statSync(png).size > 10_000).toBe(true);
  });

  it('the Instructions sheet prints its lines whole', async () => {
    const { pages, items, out } = await render('sociocultural-statements');
    const instructions = pages.slice(0, items).join(' ');
    expect(instructions).toContain('Leave blank when relevant = no.');
    expect(instructions).toContain('Save as .xlsx (or .csv)');
    expect(readdirSync(out)).toContain('ann.pdf');
  });
});
