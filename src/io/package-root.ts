import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The folder holding normforge's package.json, found by walking up from this module. The files
 * normforge ships beside its code (`prompts/`, `frameworks/`, `examples/`) are located from here,
 * so they are found the same way from the TypeScript sources (`src/…`) and from the bundled CLI
 * (`dist/…`, where every module shares a few chunk files and a fixed `../..` would be wrong).
 */
function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'normforge') return dir;
    if (dirname(dir) === dir) throw new Error(`normforge's package.json not found above ${from}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(import.meta.dirname);
