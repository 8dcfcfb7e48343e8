import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { distIsFresh } from '../../bin/dist-fresh.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SOURCES = join(ROOT, 'src/cli/bin.ts');
/** The bundle the installed command runs (`npm test` builds it first; `npm run build` by hand). */
const BUNDLE = join(ROOT, 'dist/cli/bin.js');
/** tsx's loader by path: the child runs in a scratch folder, where the bare name would not resolve. */
const TSX = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href;

/** Module hooks that append the URL of every ES module the process loads to the file named in `data`. */
const HOOKS = `import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) {
  file = data;
}
export async function load(url, context, next) {
  appendFileSync(file, url + '\\n');
  return next(url, context);
}
`;
/** Registers the hooks, and at exit adds the CommonJS modules required (the ESM hooks do not see those). */
const RECORDER = `import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
register('./hooks.mjs', import.meta.url, { data: process.env.NF_IMPORT_LOG });
const { cache } = createRequire(import.meta.url);
process.on('exit', () => appendFileSync(process.env.NF_IMPORT_LOG, Object.keys(cache).join('\\n') + '\\n'));
`;

/** The npm packages a real `normforge <args>` process run in `cwd` loads, by name. */
function packagesLoaded(
  args: string[],
  cwd: string,
  entry: string[] = ['--import', TSX, SOURCES],
): { status: number | null; stderr: string; packages: Set<string> } {
  const log = join(cwd, 'imports.log');
  writeFileSync(join(cwd, 'hooks.mjs'), HOOKS);
  writeFileSync(join(cwd, 'record-imports.mjs'), RECORDER);
  const r = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(join(cwd, 'record-imports.mjs')).href, ...entry, ...args],
    { cwd, encoding: 'utf8', env: { ...process.env, NF_IMPORT_LOG: log } },
  );
  const packages = new Set(
    readFileSync(log, 'utf8')
      .split('\n')
      .map((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1])
      .filter((name): name is string => name !== undefined),
  );
  return { status: r.status, stderr: r.stderr, packages };
}

/**
 * Libraries only some commands use (the SDK, the HTML parser, the browser, the sheets, the Hub
 * client, the country table, the terminal progress bar): a command that does not need one must not
 * pay for loading it.
 */
const HEAVY = [
  'openai',
  'cheerio',
  'playwright-core',
  'exceljs',
  '@huggingface/hub',
  'world-countries',
  'cli-progress',
];

describe('start-up: what a command imports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nf-imports-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('status loads the recipes and the run store, not the SDKs, the HTML parser, the browser or the sheets', () => {
    const { status, stderr, packages } = packagesLoaded(['status'], dir);
    expect(status, stderr).toBe(0);
    // The recorder sees what status does need (so an empty list cannot pass by accident).
    expect(packages).toContain('zod');
    expect(packages).toContain('better-sqlite3');
    expect(HEAVY.filter((name) => packages.has(name))).toEqual([]);
  });

  it('the built command (the bundle in dist/) keeps them out of status too', () => {
    expect(distIsFresh(ROOT), 'dist/ is older than src/: run `npm run build`').toBe(true);
    const { status, stderr, packages } = packagesLoaded(['status'], dir, [BUNDLE]);
    expect(status, stderr).toBe(0);
    expect(packages).toContain('better-sqlite3');
    expect(HEAVY.filter((name) => packages.has(name))).toEqual([]);
  });
});
