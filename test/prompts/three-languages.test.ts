import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonlAll } from '../../src/io/jsonl.ts';
import { DEFAULT_PANEL } from '../../src/llm/default-panel.ts';
import { startSimServer, type SimServer } from '../../src/llm/sim/server.ts';
import { runRecipe } from '../../src/pipeline/runner.ts';
import { recipeStatus } from '../../src/pipeline/status.ts';
import { importPromptReviews } from '../../src/qc/prompts/import.ts';
import { translatePrompts, type TranslateResult } from '../../src/qc/prompts/translate.ts';
import recipe from '../../src/recipes/sociocultural-statements.ts';
import { exportRelease } from '../../src/release/export.ts';
import { StatementLabelSchema, TranslatedStatementSchema } from '../../src/schemas/records.ts';
import { startKialoReplica, type KialoReplica } from '../../src/scrapers/kialo/replica/server.ts';
import { PolarityRecordSchema, RelevanceRecordSchema } from '../../src/statements/judgment-records.ts';
import type { Workspace } from '../../src/workspace/workspace.ts';
import { fillReviewSheet, projectWithConfig, type RowView } from './helpers.ts';

/**
 * Issue 22's first "must show": on the simulator, the Sociocultural Statements build from the
 * bundled sample (the Kialo replica `npm start` scrapes) with a panel asking in English, Chinese
 * and Arabic, the Arabic prompts produced by `prompts translate`, reviewed through the sheet round
 * trip, and released with a card that lists each language and its review state.
 */
const LANGUAGES = ['en', 'zh', 'ar'];

describe('a three-language build (en, zh, ar) with Arabic prompts translated and reviewed', () => {
  let replica: KialoReplica;
  let sim: SimServer;
  let ws: Workspace;
  let translation: TranslateResult;

  beforeAll(async () => {
    replica = await startKialoReplica({ port: 0, crawlDelaySeconds: 0, retryAfterSeconds: 1 });
    sim = await startSimServer({ port: 0 });
    const panel = DEFAULT_PANEL.map((m) => ({
      ...m,
      baseURL: `${sim.url}/v1`,
      languages: LANGUAGES,
      runs: 3,
      rpm: 600_000,
      tpm: 1e9,
      maxConcurrency: 16,
    }));
    ws = projectWithConfig({
      sources: { kialo: { baseUrl: replica.url, discovery: ['listing', 'sitemap'], delayMs: 0, concurrency: 2 } },
      panel,
    });
    translation = await translatePrompts(ws, { to: 'ar' });
    await runRecipe(ws, recipe);
  });

  afterAll(async () => {
    ws?.close();
    await sim?.close();
    await replica?.close();
  });

  const labels = () => readJsonlAll(ws.path('data/final/sociocultural-statements.jsonl'), StatementLabelSchema);
  const card = async () =>
    readFileSync(join((await exportRelease(ws, 'sociocultural-statements')).dir, 'README.md'), 'utf8');
  const cardRow = (text: string, language: string) =>
    text.split('\n').find((l) => l.startsWith(`| \`${language}\` |`)) ?? '';

  it('translates the prompts into Arabic through the translator member, on the simulator', () => {
    expect(translation.translator.member).toBe(DEFAULT_PANEL[0].id);
    expect(translation.failed).toEqual([]);
    expect(translation.written).toEqual(expect.arrayContaining(['relevance.md', 'polarity.md', 'dimensions.json']));
    expect(translation.simulated).toBe(true);
  });

  it('builds every statement in three languages, each label voted on in all three', async () => {
    const translated = await readJsonlAll(
      ws.path('data/interim/statements-translated.jsonl'),
      TranslatedStatementSchema,
    );
    expect(translated.length).toBeGreaterThan(10);
    for (const s of translated) {
      expect(Object.keys(s.texts).sort()).toEqual([...LANGUAGES].sort());
      expect(s.texts.ar).toMatch(/^\[ar\] /);
      expect(s.simulated).toBe(true);
    }
    const built = await labels();
    expect(built.length).toBeGreaterThan(0);
    for (const l of built) {
      expect(new Set(l.votes.map((v) => v.language))).toEqual(new Set(LANGUAGES));
      expect(l.votes.filter((v) => v.step === 'relevance')).toHaveLength(DEFAULT_PANEL.length * LANGUAGES.length);
    }
  });

  it('marks the Arabic prompts machine-translated, unreviewed in the records and on the card until reviewed', async () => {
    const relevance = await readJsonlAll(ws.path('data/interim/relevance.jsonl'), RelevanceRecordSchema);
    for (const r of relevance)
      expect(r.prompt_review).toEqual({ en: 'built-in', zh: 'built-in', ar: 'machine-translated, unreviewed' });
    const text = await card();
    expect(cardRow(text, 'ar')).toMatch(
      /^\| `ar` \| machine-translated, unreviewed \| `ar\/dimensions.json` `[0-9a-f]{12}`/,
    );
    expect(text).toContain('The prompts in ar are machine-translated, unreviewed');
  });

  it('after the review sheet round trip, the rerun records the Arabic prompts as reviewed and so does the card', async () => {
    const decide = (row: RowView) => {
      if (row.item === 'ar/relevance.md')
        return { status: 'edited', reviewed: row.translation.replace('[ar] ', '[ar, reviewed] ') };
      if (row.item === 'ar/dimensions.json#PDI.name') return { status: 'edited', reviewed: 'مسافة السلطة' };
      return { status: 'approved' };
    };
    const filled = await fillReviewSheet(translation.sheet ?? '', join(ws.root, 'ar-reviewed.xlsx'), decide);
    const [imported] = await importPromptReviews(ws, [filled]);
    expect(imported.edited).toBe(2);
    expect(imported.pending).toBe(0);
    expect(imported.reviewed.sort()).toEqual([...translation.written].sort());

    const status = await recipeStatus(ws, recipe);
    const reasons = (stage: string) => status.find((s) => s.stage === stage)?.reasons ?? [];
    expect(reasons('scrape-kialo')).toEqual([]);
    expect(reasons('judge-relevance')).toContain(
      "prompt ar/relevance.md modified (the project's prompts/ar/relevance.md, reviewed)",
    );
    expect(reasons('judge-polarity')).toContain(
      "prompt ar/polarity.md (the project's): machine-translated, unreviewed → reviewed",
    );

    await runRecipe(ws, recipe);
    const relevance = await readJsonlAll(ws.path('data/interim/relevance.jsonl'), RelevanceRecordSchema);
    for (const r of relevance) expect(r.prompt_review).toEqual({ en: 'built-in', zh: 'built-in', ar: 'reviewed' });
    const built = await labels();
    for (const l of built) expect(l.simulated).toBe(true);
    const polarity = await readJsonlAll(ws.path('data/interim/polarity.jsonl'), PolarityRecordSchema);
    expect(polarity.length).toBe(built.length);
    for (const p of polarity) expect(p.prompt_review).toEqual({ en: 'built-in', zh: 'built-in', ar: 'reviewed' });

    const text = await card();
    expect(text).toMatch(/prompting in 3 language\(s\) \(ar, en, zh\)/);
    expect(cardRow(text, 'en')).toBe('| `en` | built-in | - |');
    expect(cardRow(text, 'zh')).toBe('| `zh` | built-in | - |');
    const ar = cardRow(text, 'ar');
    expect(ar).toMatch(/^\| `ar` \| reviewed \| /);
    for (const file of ['relevance.md', 'polarity.md', 'translate.md', 'dimensions.json'])
      expect(ar).toMatch(new RegExp(`\`ar/${file.replace('.', '\\.')}\` \`[0-9a-f]{12}\` \\(reviewed`));
    expect(text).not.toContain('machine-translated, unreviewed:');
    const manifest = JSON.parse(readFileSync(join(ws.releaseDir, 'sociocultural-statements/manifest.json'), 'utf8'));
    expect(manifest.simulated_labels).toBe(true);
  });
});
