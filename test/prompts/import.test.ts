import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testSimulator } from '../llm/helpers.ts';
import { UserError } from '../../src/errors.ts';
import { languageStates, readPromptManifest, sha256Hex } from '../../src/llm/prompt-review.ts';
import { hasPrompt, withProjectPrompts } from '../../src/llm/prompts.ts';
import { importPromptReviews } from '../../src/qc/prompts/import.ts';
import { translatePrompts } from '../../src/qc/prompts/translate.ts';
import type { Workspace } from '../../src/workspace/workspace.ts';
import { fillReviewSheet, projectWithConfig, type Review, type RowView } from './helpers.ts';

const open: Workspace[] = [];
afterEach(() => open.splice(0).forEach((w) => w.close()));

/** A project with Arabic prompts machine-translated on the simulator, and its review sheet. */
async function translated(): Promise<{ ws: Workspace; sheet: string; dir: string }> {
  const ws = projectWithConfig({});
  open.push(ws);
  const { sheet } = await translatePrompts(ws, { to: 'ar', simulator: testSimulator() });
  if (!sheet) throw new Error('no review sheet');
  return { ws, sheet, dir: join(ws.promptsDir, 'ar') };
}

/** A reviewer's corrected Arabic: the simulator's marker replaced, every placeholder and tag kept. */
const corrected = (row: RowView) => row.translation.replace('[ar] ', '[ar, reviewed] ');

const snapshot = (dir: string) =>
  ['manifest.json', 'relevance.md', 'polarity.md', 'dimensions.json'].map((f) => readFileSync(join(dir, f), 'utf8'));

describe('prompts import', () => {
  it('writes approved and edited texts and marks the files whose every text was decided as reviewed', async () => {
    const { ws, sheet, dir } = await translated();
    const before = readPromptManifest(dir);
    const decide = (row: RowView): Review => {
      if (row.item === 'ar/relevance.md') return { status: 'approved' };
      if (row.item === 'ar/polarity.md') return { status: 'edited', reviewed: corrected(row) };
      if (row.item === 'ar/dimensions.json#PDI.name') return { status: 'edited', reviewed: 'مسافة السلطة' };
      if (row.item.startsWith('ar/dimensions.json#')) return { status: 'approved', comment: 'fine' };
      return undefined;
    };
    const filled = await fillReviewSheet(sheet, join(ws.root, 'reviewed-ar.xlsx'), decide);
    const [summary] = await importPromptReviews(ws, [filled]);
    expect(summary).toMatchObject({ language: 'ar', approved: 24, edited: 2, rejected: 0, withdrawn: [] });
    expect(summary.pending).toBeGreaterThan(0);
    expect(summary.reviewed.sort()).toEqual(['dimensions.json', 'polarity.md', 'relevance.md']);

    const manifest = readPromptManifest(dir);
    const sheetHash = sha256Hex(readFileSync(filled));
    for (const file of summary.reviewed) {
      const entry = manifest?.files[file];
      expect(entry).toMatchObject({ status: 'reviewed', review_sheet_sha256: sheetHash });
      expect(entry?.reviewed_at).toMatch(/^\d{4}-/);
      expect(entry?.sha256).toBe(sha256Hex(readFileSync(join(dir, file))));
    }
    expect(manifest?.files['translate.md']).toEqual(before?.files['translate.md']);
    // Rewritten by the reviewer, polarity is no stand-in any more; approved simulator text still is.
    expect(manifest?.files['polarity.md'].simulated).toBe(false);
    expect(manifest?.files['relevance.md'].simulated).toBe(true);
    expect(readFileSync(join(dir, 'polarity.md'), 'utf8')).toMatch(/^\[ar, reviewed\] /);
    expect(JSON.parse(readFileSync(join(dir, 'dimensions.json'), 'utf8')).PDI.name).toBe('مسافة السلطة');

    const states = withProjectPrompts(ws.promptsDir, () =>
      languageStates(['ar/relevance.md', 'ar/polarity.md', 'ar/translate.md', 'en/relevance.md']),
    );
    expect(states).toEqual({
      ar: { review: 'machine-translated, unreviewed', simulated: true },
      en: { review: 'built-in', simulated: false },
    });
    expect(withProjectPrompts(ws.promptsDir, () => languageStates(['ar/polarity.md']))).toEqual({
      ar: { review: 'reviewed', simulated: false },
    });
  });

  it.each([
    [
      'a reviewed translation that loses a placeholder',
      (r: RowView): Review =>
        r.item === 'ar/relevance.md'
          ? { status: 'edited', reviewed: corrected(r).replace('{{statement}}', '') }
          : undefined,
      /row \d+, column "reviewed_translation": the reviewed translation lost the placeholder \{\{statement\}\}/,
    ],
    [
      'a status not on the list',
      (r: RowView): Review => (r.item === 'ar/polarity.md' ? { status: 'ok' } : undefined),
      /row \d+, column "status": status "ok": use one of approved, edited, rejected/,
    ],
    [
      'a corrected text whose status is not edited',
      (r: RowView): Review =>
        r.item === 'ar/polarity.md' ? { status: 'approved', reviewed: corrected(r) } : undefined,
      /row \d+, column "status": a reviewed translation is given but the status is "approved"; set it to edited/,
    ],
    [
      'edited without a text',
      (r: RowView): Review => (r.item === 'ar/polarity.md' ? { status: 'edited' } : undefined),
      /row \d+, column "reviewed_translation": status is edited but the reviewed translation is empty/,
    ],
  ])('refuses %s, naming file, row and column, and writes nothing of any sheet', async (_, decide, message) => {
    const { ws, sheet, dir } = await translated();
    const good = await fillReviewSheet(sheet, join(ws.root, 'good.xlsx'), (r) =>
      r.item === 'ar/translate.md' ? { status: 'approved' } : undefined,
    );
    const bad = await fillReviewSheet(sheet, join(ws.root, 'bad.xlsx'), decide);
    const before = snapshot(dir);
    const attempt = importPromptReviews(ws, [good, bad]);
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(importPromptReviews(ws, [good, bad])).rejects.toThrow(
      new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}, sheet "Prompts", ${message.source}`),
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses a sheet whose translation is no longer the one in the project', async () => {
    const { ws, sheet, dir } = await translated();
    const stale = await fillReviewSheet(sheet, join(ws.root, 'old.xlsx'), () => ({ status: 'approved' }));
    writeFileSync(join(dir, 'relevance.md'), 'translated again {{code}}\n');
    await expect(importPromptReviews(ws, [stale])).rejects.toThrow(
      /row \d+, column "translation": the translation here is not the one in prompts\/ar\/relevance.md now/,
    );
  });

  it('withdraws a rejected file: kept aside as .rejected, out of the manifest and of the prompts in force', async () => {
    const { ws, sheet, dir } = await translated();
    const filled = await fillReviewSheet(sheet, join(ws.root, 'r.xlsx'), (r) =>
      r.item === 'ar/hofstede-economy.md' ? { status: 'rejected', comment: 'wrong register' } : undefined,
    );
    const [summary] = await importPromptReviews(ws, [filled]);
    expect(summary.withdrawn).toEqual(['hofstede-economy.md']);
    expect(existsSync(join(dir, 'hofstede-economy.md'))).toBe(false);
    expect(existsSync(join(dir, 'hofstede-economy.md.rejected'))).toBe(true);
    expect(readPromptManifest(dir)?.files['hofstede-economy.md']).toBeUndefined();
    expect(withProjectPrompts(ws.promptsDir, () => hasPrompt('hofstede-economy', 'ar'))).toBe(false);
  });
});

describe('normforge prompts import (command)', () => {
  const CLI = resolve(import.meta.dirname, '../../bin/normforge.js');

  it('exits 2 on a sheet that breaks a placeholder, naming file, row and column', async () => {
    const { ws, sheet } = await translated();
    const bad = await fillReviewSheet(sheet, join(ws.root, 'bad.xlsx'), (r) =>
      r.item === 'ar/polarity.md'
        ? { status: 'edited', reviewed: r.translation.replace('<statement>', '') }
        : undefined,
    );
    const run = spawnSync(process.execPath, [CLI, 'prompts', 'import', bad], { cwd: ws.root, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /bad\.xlsx, sheet "Prompts", row \d+, column "reviewed_translation": .*lost the tag <statement>/,
    );
  });
});
