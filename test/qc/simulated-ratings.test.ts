import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportQcRound } from '../../src/qc/export.ts';
import { importQcFiles } from '../../src/qc/import.ts';
import { qcStats } from '../../src/qc/run-stats.ts';
import { fillSheetsWithSimulatedAnnotators } from '../../src/qc/simulated-annotators.ts';
import { qcSection, SIMULATED_QC_MARKER } from '../../src/release/qc.ts';
import { fixtureWorkspace } from './fixtures.ts';

const annotators = ['ann', 'bo', 'cy'];

function readRatings(dir: string): Array<{ annotator: string; simulated: boolean }> {
  return readFileSync(join(dir, 'ratings.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

describe('ratings from simulated annotators are marked simulated end to end', () => {
  it('workbook marker → ratings.jsonl → stats.json, report.md, report.html → card QC section', async () => {
    const ws = fixtureWorkspace();
    const { dir } = await exportQcRound(ws, 'pact', { size: 12, overlap: 6, seed: 4, annotators, round: 'round-1' });
    const filled = await fillSheetsWithSimulatedAnnotators(ws, 'pact', 'round-1', join(dir, 'filled'));
    const imported = await importQcFiles(ws, 'pact', filled, 'round-1');
    expect(imported.map((r) => r.simulated)).toEqual([true, true, true]);
    const ratings = readRatings(dir);
    expect(ratings.length).toBeGreaterThan(0);
    expect(ratings.every((r) => r.simulated === true)).toBe(true);

    await qcStats(ws, 'pact', 'round-1');
    const stats = JSON.parse(readFileSync(join(dir, 'stats.json'), 'utf8'));
    expect(Object.keys(stats).slice(0, 4)).toEqual(['dataset', 'round', 'simulated_ratings', 'simulated_annotators']);
    expect(stats).toMatchObject({ simulated_ratings: true, simulated_annotators: annotators });
    const md = readFileSync(join(dir, 'report.md'), 'utf8').split('\n');
    expect(md.slice(0, 4).join('\n')).toMatch(/SIMULATED HUMAN RATINGS/);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.indexOf('SIMULATED HUMAN RATINGS')).toBeGreaterThan(html.indexOf('<h1>'));
    expect(html.indexOf('SIMULATED HUMAN RATINGS')).toBeLessThan(html.indexOf('<table'));

    const section = qcSection(ws.annotationDir, 'pact');
    expect(section.body).toContain(SIMULATED_QC_MARKER);
    expect(section.body).toMatch(/Simulated human ratings.*ann, bo, cy/);
  });

  it('a person’s sheet (no marker) stays human, also next to a simulated one', async () => {
    const ws = fixtureWorkspace();
    const { dir } = await exportQcRound(ws, 'pact', { size: 12, overlap: 6, seed: 4, annotators, round: 'round-1' });
    const filled = await fillSheetsWithSimulatedAnnotators(ws, 'pact', 'round-1', join(dir, 'filled'), ['ann']);
    // "bo" answers in the exported (unmarked) workbook, as a person would: all yes
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'bo.xlsx'));
    const sheet = wb.getWorksheet('Items')!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      for (const j of ['plausible', 'clear', 'scenario_clear']) row.getCell(header.indexOf(j) + 1).value = 'yes';
    });
    const human = join(dir, 'human', 'bo.xlsx');
    (await import('node:fs')).mkdirSync(join(dir, 'human'), { recursive: true });
    await wb.xlsx.writeFile(human);

    await importQcFiles(ws, 'pact', [human], 'round-1');
    expect(readRatings(dir).every((r) => r.simulated === false)).toBe(true);
    const { stats: humanOnly } = await qcStats(ws, 'pact', 'round-1');
    expect(humanOnly).toMatchObject({ simulated_ratings: false, simulated_annotators: [] });
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).not.toMatch(/SIMULATED/);
    expect(qcSection(ws.annotationDir, 'pact').body).not.toContain(SIMULATED_QC_MARKER);

    await importQcFiles(ws, 'pact', [filled[0]], 'round-1');
    const mixed = readRatings(dir);
    expect(mixed.filter((r) => r.annotator === 'ann').every((r) => r.simulated)).toBe(true);
    expect(mixed.filter((r) => r.annotator === 'bo').every((r) => !r.simulated)).toBe(true);
    const { stats } = await qcStats(ws, 'pact', 'round-1');
    expect(stats).toMatchObject({ simulated_ratings: true, simulated_annotators: ['ann'] });
  });
});
