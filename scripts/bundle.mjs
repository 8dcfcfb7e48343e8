// Bundles the CLI (src/cli/bin.ts) into dist/ with esbuild: one entry file plus shared chunks, each
// command's implementation a chunk of its own that loads only when the command runs. Start-up cost
// is mostly the number of modules Node has to find, read and link, so the libraries on every
// command's path are bundled in; the rest stay ordinary imports from node_modules because they
// are native (better-sqlite3), read their own files at run time (playwright-core, eld), or are
// large and loaded only by the commands that need them.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const [outdir] = process.argv.slice(2);
const BUNDLED = new Set([
  'commander',
  'csv-parse',
  'csv-stringify',
  'fastest-levenshtein',
  'hyparquet',
  'hyparquet-writer',
  'p-limit',
  'p-queue',
  'p-retry',
  'pure-rand',
  'yaml',
  'zod',
]);
const { dependencies } = JSON.parse(readFileSync('package.json', 'utf8'));

await build({
  entryPoints: { 'cli/bin': 'src/cli/bin.ts' },
  outdir,
  // Chunks two folders below the package root, like the sources, so a file's place says nothing
  // different in either (src/io/package-root.ts finds the root the same way from both).
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(dependencies).filter((name) => !BUNDLED.has(name)),
  // A CommonJS library bundled into ES modules (commander) still calls `require` for Node's own
  // modules; each output file gets one, made for its own location.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
