// Whether dist/ (built by scripts/build.sh) holds the current sources: its stamp, written with the
// time the build started, is at least as new as every file and folder under src/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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
  return existsSync(stamp) && statSync(stamp).mtimeMs >= newestUnder(join(root, 'src'));
}
