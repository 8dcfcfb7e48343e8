import { existsSync, readFileSync, renameSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { UserError } from '../../errors.ts';
import { writeFileAtomic } from '../../io/atomic.ts';
import { readSheet, type SheetRow } from '../../io/xlsx.ts';
import { sha256Hex } from '../../llm/prompt-review.ts';
import { templateShapeProblems } from '../../llm/prompt-shape.ts';
import { withProjectPrompts } from '../../llm/prompts.ts';
import { sweepLeftovers } from '../../pipeline/sweep.ts';
import type { PromptManifest } from '../../schemas/prompts.ts';
import type { Workspace } from '../../workspace/workspace.ts';
import { loadManifest, saveManifest } from './manifest.ts';
import { COLUMNS, REVIEW_SHEET, REVIEW_STATUSES, type ReviewStatus } from './sheet.ts';
import type { Framework } from '../../schemas/framework.ts';
import { frameworkOf } from '../../statements/framework.ts';
import { fileContent, fileOf, fileTexts, parseItem, sourceTexts } from './texts.ts';

export interface SheetImport {
  file: string;
  language: string;
  approved: number;
  edited: number;
  rejected: number;
  /** Rows left blank: their files stay machine-translated. */
  pending: number;
  /** Files now reviewed (every text approved or edited). */
  reviewed: string[];
  /** Files withdrawn (a text rejected): renamed `<file>.rejected`, to be translated or written again. */
  withdrawn: string[];
}

interface Decision {
  id: string;
  status: ReviewStatus | '';
  /** The text to keep: the machine translation (approved, pending) or the reviewer's (edited). */
  text: string;
}

interface ParsedSheet {
  file: string;
  language: string;
  sha256: string;
  decisions: Decision[];
}

type Where = { file: string; sheet: string; row: number; column?: string };

/**
 * `normforge prompts import FILES`: reads filled review sheets, checks every one completely before
 * anything is written (each problem named by file, row and column), then writes the reviewed texts
 * to the project's `prompts/<lang>/` and marks the files reviewed in its manifest.
 */
export async function importPromptReviews(ws: Workspace, files: string[]): Promise<SheetImport[]> {
  sweepLeftovers(ws);
  if (!files.length) throw new UserError('name at least one filled review sheet (.xlsx)');
  return withProjectPrompts(ws.promptsDir, async () => {
    const parsed: ParsedSheet[] = [];
    for (const file of files) parsed.push(await parseReviewSheet(ws, file));
    refuseRepeats(parsed);
    return parsed.map((p) => applyReview(ws, p));
  });
}

async function parseReviewSheet(ws: Workspace, file: string): Promise<ParsedSheet> {
  if (extname(file).toLowerCase() !== '.xlsx')
    throw new UserError('a prompt review sheet is read as .xlsx; save it in that format', { file });
  const { header, rows } = await readSheet(file, REVIEW_SHEET);
  const missing = Object.values(COLUMNS).filter((c) => !header.includes(c));
  if (missing.length)
    throw new UserError(`missing column(s) ${missing.map((c) => `"${c}"`).join(', ')}`, {
      file,
      sheet: REVIEW_SHEET,
      row: 1,
    });
  if (!rows.length) throw new UserError('the sheet has a header but no rows', { file, sheet: REVIEW_SHEET, row: 2 });
  const at = (row: number, column?: string): Where => ({ file, sheet: REVIEW_SHEET, row, column });
  const framework = frameworkOf(ws.config);
  const items = rows.map((r) => itemOf(r, at, framework));
  const language = items[0].language;
  const other = items.find((i) => i.language !== language);
  if (other) throw new UserError(`one sheet reviews one language: ${language} above, ${other.language} here`, other.at);
  const manifest = loadManifest(join(ws.promptsDir, language), language);
  const decisions = rows.map((r, i) => decide(ws, framework, manifest, items[i].id, r, at));
  return { file, language, sha256: sha256Hex(readFileSync(file)), decisions };
}

function itemOf(r: SheetRow, at: (row: number, column?: string) => Where, framework: Framework) {
  const where = at(r.row, COLUMNS.item);
  const item = parseItem(r.values[COLUMNS.item] ?? '', framework);
  if (!item) throw new UserError(`"${r.values[COLUMNS.item]}" is not an item of a prompt review sheet`, where);
  return { ...item, at: where };
}

/** One row's decision, after every check its cells must pass. */
function decide(
  ws: Workspace,
  framework: Framework,
  manifest: PromptManifest,
  id: string,
  r: SheetRow,
  at: (row: number, column?: string) => Where,
): Decision {
  const file = fileOf(id);
  const path = join(ws.promptsDir, manifest.language, file);
  const entry = manifest.files[file];
  if (!entry || !existsSync(path))
    throw new UserError(
      `prompts/${manifest.language}/${file} is not a machine translation of this project`,
      at(r.row, COLUMNS.item),
    );
  const current = fileTexts(file, readFileSync(path, 'utf8'), framework).find((t) => t.id === id)?.text;
  if (current === undefined || current !== (r.values[COLUMNS.translation] ?? '').trimEnd())
    throw new UserError(
      `the translation here is not the one in prompts/${manifest.language}/${file} now (translated again since the ` +
        'sheet was written?); review the latest sheet',
      at(r.row, COLUMNS.translation),
    );
  const status = (r.values[COLUMNS.status] ?? '').trim();
  const reviewed = (r.values[COLUMNS.reviewed] ?? '').trimEnd();
  if (status !== '' && !(REVIEW_STATUSES as readonly string[]).includes(status))
    throw new UserError(`status "${status}": use one of ${REVIEW_STATUSES.join(', ')}`, at(r.row, COLUMNS.status));
  if (status === 'edited') {
    if (!reviewed.trim())
      throw new UserError('status is edited but the reviewed translation is empty', at(r.row, COLUMNS.reviewed));
    const source = sourceTexts(file, framework).find((t) => t.id === id)?.text ?? '';
    const problems = templateShapeProblems(source, reviewed);
    if (problems.length)
      throw new UserError(`the reviewed translation ${problems.join('; ')}`, at(r.row, COLUMNS.reviewed));
    return { id, status, text: reviewed };
  }
  if (reviewed && reviewed !== current)
    throw new UserError(
      `a reviewed translation is given but the status is ${status ? `"${status}"` : 'blank'}; set it to edited`,
      at(r.row, COLUMNS.status),
    );
  return { id, status: status as Decision['status'], text: current };
}

/** The same text reviewed in two sheets would be decided twice: refused. */
function refuseRepeats(sheets: ParsedSheet[]): void {
  const seen = new Map<string, string>();
  for (const s of sheets)
    for (const d of s.decisions) {
      const key = `${s.language}/${d.id}`;
      const first = seen.get(key);
      if (first) throw new UserError(`${key} is reviewed in ${first} too`, { file: s.file });
      seen.set(key, basename(s.file));
    }
}

/** Writes one sheet's decisions: reviewed files get the reviewed text and status; a rejected text withdraws its file. */
function applyReview(ws: Workspace, sheet: ParsedSheet): SheetImport {
  const dir = join(ws.promptsDir, sheet.language);
  const manifest = loadManifest(dir, sheet.language);
  const framework = frameworkOf(ws.config);
  const summary: SheetImport = {
    file: sheet.file,
    language: sheet.language,
    approved: sheet.decisions.filter((d) => d.status === 'approved').length,
    edited: sheet.decisions.filter((d) => d.status === 'edited').length,
    rejected: sheet.decisions.filter((d) => d.status === 'rejected').length,
    pending: sheet.decisions.filter((d) => d.status === '').length,
    reviewed: [],
    withdrawn: [],
  };
  for (const file of [...new Set(sheet.decisions.map((d) => fileOf(d.id)))]) {
    const path = join(dir, file);
    const entry = manifest.files[file];
    const decisions = sheet.decisions.filter((d) => fileOf(d.id) === file);
    if (decisions.some((d) => d.status === 'rejected')) {
      renameSync(path, `${path}.rejected`);
      delete manifest.files[file];
      summary.withdrawn.push(file);
      continue;
    }
    const texts = new Map(fileTexts(file, readFileSync(path, 'utf8'), framework).map((t) => [t.id, t.text]));
    for (const d of decisions) texts.set(d.id, d.text);
    const content = fileContent(file, texts, framework);
    writeFileAtomic(path, content);
    const complete = decisions.length === texts.size && decisions.every((d) => d.status !== '');
    // Simulated stays simulated unless the reviewer rewrote every text of the file.
    const simulated = entry.simulated && !(complete && decisions.every((d) => d.status === 'edited'));
    manifest.files[file] = {
      ...entry,
      sha256: sha256Hex(content),
      simulated,
      ...(complete
        ? { status: 'reviewed', review_sheet_sha256: sheet.sha256, reviewed_at: new Date().toISOString() }
        : {}),
    };
    if (complete) summary.reviewed.push(file);
  }
  saveManifest(dir, manifest);
  return summary;
}
