import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { screenshotReport } from '../../src/eval/screenshot.ts';
import { closeSharedChromium } from '../../src/io/chromium.ts';
import { chartPngs } from '../../src/io/svg/files.ts';
import { createLogger } from '../../src/log/logger.ts';

const CHROMIUM = '/usr/bin/chromium';
const chart = (id: string) => ({
  id,
  title: id,
  svg: `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#3b6fb6"/></svg>`,
});
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

/** Each Chromium launch, as the process id a wrapper script records before it becomes the browser. */
function launches(log: string): number[] {
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').map(Number) : [];
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!existsSync(CHROMIUM))('renders share one browser', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nf-chromium-'));
  const log = join(dir, 'launches.log');
  const wrapper = join(dir, 'chromium');
  writeFileSync(wrapper, `#!/bin/sh\necho $$ >> '${log}'\nexec ${CHROMIUM} "$@"\n`, { mode: 0o755 });
  afterAll(async () => {
    await closeSharedChromium();
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it('chart PNGs and a report screenshot in a row start Chromium once; closing it ends the process', async () => {
    // A browser left open by earlier renders, started from another executable, is not reused.
    expect((await chartPngs([chart('earlier')])).pngs?.size).toBe(1);
    vi.stubEnv('NORMFORGE_CHROMIUM', wrapper);
    const first = await chartPngs([chart('a'), chart('b')]);
    const second = await chartPngs([chart('c')]);
    const html = join(dir, 'report.html');
    writeFileSync(html, '<!doctype html><html><body><h1>Report</h1></body></html>');
    const shot = await screenshotReport(html, join(dir, 'report.png'), createLogger({ level: 'error' }));
    expect(first.pngs?.get('a')?.subarray(0, 4)).toEqual(PNG_SIGNATURE);
    expect(second.pngs?.get('c')?.subarray(0, 4)).toEqual(PNG_SIGNATURE);
    expect(shot).toBe(true);
    expect(launches(log)).toHaveLength(1);

    await closeSharedChromium();
    const [pid] = launches(log);
    await vi.waitFor(() => expect(running(pid)).toBe(false), { timeout: 10_000 });
    expect((await chartPngs([chart('d')])).pngs?.size).toBe(1);
    expect(launches(log)).toHaveLength(2);
  });
});
