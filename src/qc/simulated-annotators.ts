import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { writeFileAtomic } from '../io/atomic.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { INSTRUCTIONS_SHEET } from '../io/xlsx.ts';
import { datasetSpec, sheetColumns } from './datasets.ts';
import { UserError } from '../errors.ts';
import { ITEMS_SHEET, manifestPath, manifestText, readManifest, roundDir } from './round.ts';

/**
 * Simulated annotators for the offline demo (documented in examples/qc/README.md). Annotator k
 * (0-based, in manifest order) keeps the LLM's label for a judgment unless
 *   u = sha256("<annotator>|<item_id>|<judgment>") read as a fraction in [0, 1) is below
 *   0.04 + 0.02·k,
 * in which case yes/no flips and a score moves one step toward the other sign
 * (2→1, 1→-1, -1→1, -2→-1). A score is filled only when the annotator said relevant = yes.
 * Deterministic, so every demo run imports the same ratings for the same exported ids.
 */
export function simulatedJudgment(
  annotatorIndex: number,
  annotator: string,
  itemId: string,
  judgment: string,
  llm: string | null,
): string | null {
  if (llm === null) return null;
  const u =
    parseInt(createHash('sha256').update(`${annotator}|${itemId}|${judgment}`).digest('hex').slice(0, 8), 16) /
    0x1_0000_0000;
  if (u >= 0.04 + 0.02 * annotatorIndex) return llm;
  const flip: Record<string, string> = { yes: 'no', no: 'yes', '2': '1', '1': '-1', '-1': '1', '-2': '-1' };
  return flip[llm] ?? llm;
}

/**
 * The Instructions-sheet row a simulated annotator's workbook carries; `qc import` reads it and
 * marks every rating from that file `simulated: true`, so no report can pass them off as human.
 */
export const SIMULATED_KEY = 'simulated annotator';
export const SIMULATED_NOTE =
  "yes: this sheet was filled by normforge's deterministic simulated annotator, not by a person (demo only)";

export function isSimulatedMarker(value: string | undefined): boolean {
  return value?.trim().toLowerCase().startsWith('yes') ?? false;
}

/**
 * Copies each exported `<annotator>.xlsx` (of all annotators, or of `only`) to `outDir` and fills
 * its judgment cells by the rule above. The round's manifest records these annotators as simulated
 * first, so their ratings are marked simulated however the sheets come back (.xlsx or .csv).
 */
export async function fillSheetsWithSimulatedAnnotators(
  ws: Workspace,
  dataset: string,
  round: string,
  outDir: string,
  only?: readonly string[],
): Promise<string[]> {
  const spec = datasetSpec(dataset);
  const dir = roundDir(ws, dataset, round);
  const manifest = readManifest(dir);
  const chosen = only ?? manifest.annotators;
  const stranger = chosen.find((a) => !manifest.annotators.includes(a));
  if (stranger !== undefined)
    throw new UserError(`"${stranger}" is not an annotator of ${round} (${manifest.annotators.join(', ')})`, {
      file: manifestPath(dir),
    });
  const simulated = [...new Set([...manifest.simulated_annotators, ...chosen])].sort();
  writeFileAtomic(manifestPath(dir), manifestText({ ...manifest, simulated_annotators: simulated }));
  const llmOf = new Map(manifest.items.map((i) => [i.item_id, i.llm]));
  const columns = sheetColumns(spec);
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const [k, annotator] of manifest.annotators.entries()) {
    if (!chosen.includes(annotator)) continue;
    const target = join(outDir, `${annotator}.xlsx`);
    copyFileSync(join(dir, `${annotator}.xlsx`), target);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(target);
    wb.getWorksheet(INSTRUCTIONS_SHEET)!.addRow([SIMULATED_KEY, SIMULATED_NOTE]);
    const sheet = wb.getWorksheet(ITEMS_SHEET)!;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const id = String(row.getCell(1).value);
      const decided: Record<string, string | null> = {};
      for (const j of spec.judgments) {
        const gate = j.requiredWhen && decided[j.requiredWhen.judgment] !== j.requiredWhen.value;
        decided[j.name] = gate ? null : simulatedJudgment(k, annotator, id, j.name, llmOf.get(id)?.[j.name] ?? null);
        if (decided[j.name] !== null) row.getCell(columns.indexOf(j.name) + 1).value = decided[j.name];
      }
    });
    writeFileAtomic(target, new Uint8Array(await wb.xlsx.writeBuffer()));
    written.push(target);
  }
  return written;
}
