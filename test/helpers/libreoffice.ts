import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** LibreOffice's CSV export in UTF-8 with every cell quoted as text (DESIGN.md §11). */
export const CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';

/**
 * The time a test that converts with LibreOffice gets: each start costs about four seconds of CPU
 * on its own, and with the CPU shared by a second suite (`npm run test:stress`) a test converting a
 * sheet twice took over the default 60 s. Each conversion keeps its own limit below.
 */
export const LIBREOFFICE_TEST_TIMEOUT_MS = 240_000;

/** Runs LibreOffice headless (a fresh profile each time, so runs never share state) writing into `outDir`. */
export function soffice(args: string[], outDir: string, timeout = 180_000): void {
  const profile = mkdtempSync(join(tmpdir(), 'nf-lo-profile-'));
  execFileSync('libreoffice', [`-env:UserInstallation=file://${profile}`, '--headless', ...args, '--outdir', outDir], {
    stdio: 'pipe',
    timeout,
  });
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The PDF's pages as text, each cell's lines together (`-raw`: in the order LibreOffice drew them). */
export function pdfPages(pdf: string): string[] {
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).split('\f').map(squash);
}

/** A PNG of one PDF page (1-based), for a person to look at; returns its path. */
export function pagePng(pdf: string, page: number, out: string): string {
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', String(page), '-l', String(page), '-singlefile', pdf, out]);
  return `${out}.png`;
}
