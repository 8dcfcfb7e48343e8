import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { distIsFresh } from '../../bin/dist-fresh.js';

/** A package folder whose files all have one time, and the build stamp one second later. */
function builtPackage(): string {
  const root = mkdtempSync(join(tmpdir(), 'nf-dist-fresh-'));
  const old = new Date('2026-01-01T00:00:00Z');
  for (const file of ['src/cli/bin.ts', 'package.json', 'package-lock.json', 'scripts/bundle.mjs']) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), '');
    utimesSync(join(root, file), old, old);
  }
  for (const dir of ['src/cli', 'src', 'scripts']) utimesSync(join(root, dir), old, old);
  mkdirSync(join(root, 'dist'));
  const stamp = new Date(old.getTime() + 1000);
  writeFileSync(join(root, 'dist', '.built'), '');
  utimesSync(join(root, 'dist', '.built'), stamp, stamp);
  return root;
}

const later = new Date('2026-01-02T00:00:00Z');

describe('the bin runs dist/ only while it holds the current code', () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });
  const fresh = () => {
    const root = builtPackage();
    roots.push(root);
    return root;
  };

  it('is fresh when nothing changed since the build', () => {
    expect(distIsFresh(fresh())).toBe(true);
  });

  it.each(['src/cli/bin.ts', 'package.json', 'package-lock.json', 'scripts/bundle.mjs'])(
    'is stale once %s is newer than the build (the bundle inlines dependencies)',
    (file) => {
      const root = fresh();
      utimesSync(join(root, file), later, later);
      expect(distIsFresh(root)).toBe(false);
    },
  );

  it('is stale without a stamp (a build that did not finish)', () => {
    const root = fresh();
    rmSync(join(root, 'dist', '.built'));
    expect(distIsFresh(root)).toBe(false);
  });
});
