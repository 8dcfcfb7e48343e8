import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suiteSimulator, testSimulator } from '../llm/helpers.ts';
import { UserError } from '../../src/errors.ts';
import { readPromptManifest } from '../../src/llm/prompt-review.ts';
import { templateShapeProblems } from '../../src/llm/prompt-shape.ts';
import { PROMPTS_DIR, withProjectPrompts } from '../../src/llm/prompts.ts';
import { tagged, type SimTask } from '../../src/llm/sim/task.ts';
import { simulatedTranslation } from '../../src/llm/sim/world.ts';
import { REVIEW_SHEET } from '../../src/qc/prompts/sheet.ts';
import { translatableTemplates } from '../../src/qc/prompts/texts.ts';
import { translatePrompts, type TranslateResult } from '../../src/qc/prompts/translate.ts';
import { builtInFramework, dimensionText } from '../../src/statements/framework.ts';
import { startCustomSim, type CustomSim } from '../statements/custom-sim.ts';
import { projectWithConfig, readReviewRows } from './helpers.ts';
import type { Workspace } from '../../src/workspace/workspace.ts';

describe('prompts translate on the simulator', () => {
  const simulator = suiteSimulator();
  let ws: Workspace;
  let result: TranslateResult;
  const dir = () => join(ws.promptsDir, 'ar');

  beforeAll(async () => {
    ws = projectWithConfig({});
    result = await translatePrompts(ws, { to: 'AR', simulator });
  });
  afterAll(() => ws?.close());

  it('writes every English template and the dimension texts in Arabic, marks intact, as the simulator marks them', () => {
    const templates = translatableTemplates();
    expect(templates).toContain('relevance.md');
    expect(templates).not.toContain('translate-prompt.md');
    expect(result.written.sort()).toEqual([...templates, 'dimensions.json'].sort());
    expect(result.failed).toEqual([]);
    expect(result.simulated).toBe(true);
    for (const file of templates) {
      const english = readFileSync(join(PROMPTS_DIR, 'en', file), 'utf8');
      const arabic = readFileSync(join(dir(), file), 'utf8');
      expect(arabic.startsWith('[ar] ')).toBe(true);
      expect(templateShapeProblems(english, arabic)).toEqual([]);
    }
  });

  it('gives the Arabic dimension texts to every prompt through the one lookup, the table’s languages unchanged', () => {
    const framework = builtInFramework();
    const texts = withProjectPrompts(ws.promptsDir, () =>
      framework.codes.map((d) => dimensionText(framework, d, 'ar')),
    );
    for (const [i, d] of framework.codes.entries()) {
      const english = dimensionText(framework, d, 'en');
      expect(texts[i]).toEqual({
        code: d,
        name: `[ar] ${english.name}`,
        definition: `[ar] ${english.definition}`,
        positive: `[ar] ${english.positive}`,
        negative: `[ar] ${english.negative}`,
      });
    }
    expect(() => dimensionText(framework, 'PDI', 'ar')).toThrow(/no ar name/);
  });

  it('records each file in the manifest: source hash, translator, machine-translated, simulated, no sheet yet', () => {
    const manifest = readPromptManifest(dir());
    expect(manifest?.language).toBe('ar');
    expect(Object.keys(manifest?.files ?? {}).sort()).toEqual([...result.written].sort());
    const relevance = manifest?.files['relevance.md'];
    expect(relevance).toMatchObject({
      source: 'en/relevance.md',
      translator: { member: 'gpt-4.1', model: 'gpt-4.1' },
      status: 'machine-translated',
      simulated: true,
      review_sheet_sha256: null,
    });
    expect(relevance?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(relevance?.source_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lists source, translation and back-translation of every text in a sheet laid out like the QC sheets', async () => {
    expect(result.sheet).toBe(join(dir(), 'review.xlsx'));
    const rows = await readReviewRows(result.sheet ?? '');
    expect(rows).toHaveLength(translatableTemplates().length + builtInFramework().codes.length * 4);
    const relevance = rows.find((r) => r.item === 'ar/relevance.md');
    expect(relevance?.translation).toBe(readFileSync(join(dir(), 'relevance.md'), 'utf8').trimEnd());
    expect(relevance?.source).toBe(readFileSync(join(PROMPTS_DIR, 'en/relevance.md'), 'utf8').trimEnd());
    expect(relevance?.backTranslation).toBe(simulatedTranslation(relevance?.translation ?? '', 'en'));
    expect(rows.find((r) => r.item === 'ar/dimensions.json#IDV.negativePole')?.translation).toBe(
      `[ar] ${dimensionText(builtInFramework(), 'IDV', 'en').negative}`,
    );

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(result.sheet ?? '');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Instructions', REVIEW_SHEET]);
    const sheet = wb.getWorksheet(REVIEW_SHEET);
    expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 2 });
    expect(sheet?.getRow(1).values).toEqual([
      undefined,
      'item',
      'source',
      'translation',
      'status',
      'reviewed_translation',
      'comment',
      'back_translation',
    ]);
    const row = sheet?.getRow(2);
    // Locked is every cell's default, so exceljs reads back a protection only for the cells left open.
    for (const locked of [1, 2, 3, 7]) expect(row?.getCell(locked).protection?.locked ?? true).toBe(true);
    for (const open of [4, 5, 6]) expect(row?.getCell(open).protection?.locked).toBe(false);
    for (const wrapped of [2, 3, 5, 7]) expect(row?.getCell(wrapped).alignment?.wrapText).toBe(true);
    const status = row?.getCell(4).dataValidation;
    expect(status?.type).toBe('list');
    expect(status?.formulae).toEqual(['"approved,edited,rejected"']);
    expect(sheet?.getRow(rows.length + 1).getCell(4).dataValidation?.type).toBe('list');
    // exceljs reads the sheet protection back but leaves it out of its typings.
    expect(Reflect.get(sheet ?? {}, 'sheetProtection')).toMatchObject({ sheet: true });
    const instructions = wb.getWorksheet('Instructions');
    const keys = instructions?.getColumn(1).values.map(String);
    expect(keys).toContain('SIMULATED');
    expect(keys).toContain('keep');
  });

  it('a second run keeps what the project has and translates nothing again', async () => {
    const again = await translatePrompts(ws, { to: 'ar', simulator: testSimulator() });
    expect(again.written).toEqual([]);
    expect(again.kept.sort()).toEqual([...result.written].sort());
    expect(again.sheet).toBe(result.sheet);
  });

  it('refuses a translator that is no member, naming it', async () => {
    await expect(translatePrompts(ws, { to: 'hi', member: 'nobody', simulator: testSimulator() })).rejects.toThrow(
      UserError,
    );
    await expect(translatePrompts(ws, { to: 'hi', member: 'nobody', simulator: testSimulator() })).rejects.toThrow(
      /translator "nobody"/,
    );
    expect(existsSync(join(ws.promptsDir, 'hi'))).toBe(false);
  });
});

describe('a translation that breaks the template', () => {
  let sim: CustomSim;
  let ws: Workspace;
  let result: TranslateResult;
  const asked = new Map<string, string[]>();

  /** Drops {{statement}} from relevance (fixed when re-asked) and from polarity (every time). */
  const careless: SimTask = {
    name: 'translate-prompt',
    answer: ({ user, messages }) => {
      const template = tagged(user, 'template') ?? '';
      const target = tagged(user, 'target_language') ?? 'und';
      // The built-in Hofstede templates (the generic framework-*.md ones name {{framework}}).
      const kind = template.includes('{{framework}}')
        ? 'other'
        : /Is this statement relevant/.test(template)
          ? 'relevance'
          : /Where does agreeing/.test(template)
            ? 'polarity'
            : 'other';
      const reask = messages.length > 2;
      if (target === 'es') asked.set(kind, [...(asked.get(kind) ?? []), reask ? (messages.at(-1)?.content ?? '') : '']);
      const broken = target === 'es' && (kind === 'polarity' || (kind === 'relevance' && !reask));
      const text = broken ? template.replaceAll('{{statement}}', 'la declaración') : template;
      return { translation: simulatedTranslation(text, target) };
    },
  };

  beforeAll(async () => {
    sim = await startCustomSim([careless]);
    ws = projectWithConfig({ panel: [{ id: 'tr', model: 'translator', baseURL: `${sim.url}/v1`, languages: ['en'] }] });
    result = await translatePrompts(ws, { to: 'es' });
  });
  afterAll(async () => {
    ws?.close();
    await sim?.close();
  });

  it('is asked again once, stating what it lost; fixed, it is written', () => {
    expect(asked.get('relevance')).toHaveLength(2);
    expect(asked.get('relevance')?.[1]).toMatch(/it lost the placeholder \{\{statement\}\}/);
    expect(readFileSync(join(ws.promptsDir, 'es/relevance.md'), 'utf8')).toContain(
      '<statement>{{statement}}</statement>',
    );
  });

  it('still broken after that one re-ask, it is listed as failed and never written', () => {
    expect(asked.get('polarity')).toHaveLength(2);
    expect(result.failed).toEqual([{ file: 'polarity.md', problems: ['lost the placeholder {{statement}}'] }]);
    expect(existsSync(join(ws.promptsDir, 'es/polarity.md'))).toBe(false);
    expect(readPromptManifest(join(ws.promptsDir, 'es'))?.files['polarity.md']).toBeUndefined();
    expect(result.written).toContain('relevance.md');
  });
});
