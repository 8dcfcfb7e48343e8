// Whether dist/ (built by scripts/build.sh) holds the current code: its stamp, written with the
// time the build started, is at least as new as every file and folder under src/ and every file
// that decides what the bundle holds (the bundler's script, the dependencies it inlines).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BUILD_INPUTS = ['package.json', 'package-lock.json', join('scripts', 'bundle.mjs')];

/** The newest modification time under a folder (a folder's own time changes when a file is added, removed or renamed). */
function newestUnder(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function distIsFresh(root) {
  const stamp = join(root, 'dist', '.built');
  if (!existsSync(stamp)) return false;
  const inputs = BUILD_INPUTS.map((file) => join(root, file)).filter((file) => existsSync(file));
  const newest = Math.max(newestUnder(join(root, 'src')), ...inputs.map((file) => statSync(file).mtimeMs));
  return statSync(stamp).mtimeMs >= newest;
}
