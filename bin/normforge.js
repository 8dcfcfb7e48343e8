#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm run build`, which `npm ci` runs as `prepare`) when it
// holds the current sources; otherwise the TypeScript sources through tsx, so stale code never runs.
import { join } from 'node:path';
import { distIsFresh } from './dist-fresh.js';

if (distIsFresh(join(import.meta.dirname, '..'))) {
  await import('../dist/cli/bin.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/bin.ts');
}
