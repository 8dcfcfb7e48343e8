import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { runRecipe } from '../../src/pipeline/runner.ts';
import { recipeStatus } from '../../src/pipeline/status.ts';
import { Workspace } from '../../src/workspace/workspace.ts';
import { UserError } from '../../src/errors.ts';
import { defineStage } from '../../src/stages/contract.ts';
import { z } from 'zod';
import { readSum, stageA, stageC, toyRecipe } from './toy.ts';

const open: Workspace[] = [];
function workspace(root: string, stages: Record<string, Record<string, unknown>> = {}): Workspace {
  writeFileSync(join(root, 'normforge.config.json'), JSON.stringify({ stages }));
  const ws = Workspace.open({ cwd: root });
  open.push(ws);
  return ws;
}
afterEach(() => open.splice(0).forEach((ws) => ws.close()));

const actions = (r: Awaited<ReturnType<typeof runRecipe>>) => r.stages.map((s) => `${s.stage}:${s.action}`);

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

describe('stage runner', () => {
  it('skips every stage on a second run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nf-run-'));
    const ws = workspace(root);
    expect(actions(await runRecipe(ws, toyRecipe))).toEqual(['toy-a:ran', 'toy-b:ran', 'toy-c:ran']);
    expect(readSum(root)).toBe(30);
    expect(actions(await runRecipe(ws, toyRecipe))).toEqual(['toy-a:skipped', 'toy-b:skipped', 'toy-c:skipped']);
  });

  it('reruns a stage whose param changed and everything downstream, and status names the param', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nf-run-'));
    await runRecipe(workspace(root), toyRecipe);
    const ws = workspace(root, { 'toy-b': { factor: 3 } });
    const status = await recipeStatus(ws, toyRecipe);
    expect(status.map((s) => s.state)).toEqual(['fresh', 'stale', 'stale']);
    expect(status[1].reasons).toContain('param factor changed (2 → 3)');
    expect(status[2].reasons.join()).toMatch(/upstream stage toy-b/);
    expect(actions(await runRecipe(ws, toyRecipe))).toEqual(['toy-a:skipped', 'toy-b:ran', 'toy-c:ran']);
    expect(readSum(root)).toBe(45);
  });

  it('leaves cosmetic params out of the fingerprint', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nf-run-'));
    await runRecipe(workspace(root), toyRecipe);
    const ws = workspace(root, { 'toy-b': { concurrency: 8 } });
    expect(actions(await runRecipe(ws, toyRecipe))).toEqual(['toy-a:skipped', 'toy-b:skipped', 'toy-c:skipped']);
  });

  it('says which input changed when a file is edited by hand', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nf-run-'));
    const ws = workspace(root);
    await runRecipe(ws, toyRecipe);
    writeFileSync(join(root, 'data/interim/a.jsonl'), '{"n":100}\n');
    const status = await recipeStatus(ws, toyRecipe);
    expect(status[0].reasons).toContain('output data/interim/a.jsonl modified since the last run');
    expect(status[1].reasons).toContain('input data/interim/a.jsonl modified');
  });

  it('keeps the previous output byte-identical when a stage fails, and records the failure', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nf-run-'));
    await runRecipe(workspace(root), toyRecipe);
    const before = readFileSync(join(root, 'data/interim/b.jsonl'));
    const ws = workspace(root, { 'toy-b': { factor: 7, fail: true } });
    await expect(runRecipe(ws, toyRecipe)).rejects.toThrow('toy-b failed on purpose');
    expect(readFileSync(join(root, 'data/interim/b.jsonl')).equals(before)).toBe(true);
    expect(readSum(root)).toBe(30);
    const status = await recipeStatus(ws, toyRecipe);
    expect(status[1].lastRun).toMatchObject({ status: 'failed', error: 'toy-b failed on purpose' });
    expect(filesUnder(join(root, 'data')).filter((f) => f.includes('.staging') || f.includes('.nf-tmp-'))).toEqual([]);
    expect(existsSync(join(root, 'data', '.staging', String(process.pid)))).toBe(false);
  });

  it('refuses a recipe whose stage needs an input nobody produces, before any stage runs', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nf-run-'));
    const ws = workspace(root);
    const broken = { name: 'broken', description: '', stages: [stageA, stageC] };
    await expect(runRecipe(ws, broken)).rejects.toThrow(UserError);
    await expect(runRecipe(ws, broken)).rejects.toThrow(
      /stage "toy-c" needs data\/interim\/b.jsonl, which no earlier stage/,
    );
    expect(existsSync(join(root, 'data/interim/a.jsonl'))).toBe(false);
  });

  it('refuses a recipe whose config input is not configured', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nf-run-'));
    const needsNormad = defineStage({
      name: 'needs-normad',
      description: '',
      version: 1,
      inputs: ['config:sources.normad'],
      outputs: [],
      params: z.object({}),
      run: async () => ({}),
    });
    await expect(runRecipe(workspace(root), { name: 'r', description: '', stages: [needsNormad] })).rejects.toThrow(
      /needs sources.normad in the config/,
    );
  });

  it('supports --only, --from/--to and --force', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nf-run-'));
    const ws = workspace(root);
    await runRecipe(ws, toyRecipe);
    expect(actions(await runRecipe(ws, toyRecipe, { only: 'toy-b', force: true }))).toEqual(['toy-b:ran']);
    expect(actions(await runRecipe(ws, toyRecipe, { from: 'toy-b', to: 'toy-b' }))).toEqual(['toy-b:skipped']);
    expect(actions(await runRecipe(ws, toyRecipe, { from: 'toy-b', force: true }))).toEqual(['toy-b:ran', 'toy-c:ran']);
  });
});

function runChild(root: string): ReturnType<typeof spawn> {
  return spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'toy-run.ts'), root], {
    stdio: 'ignore',
  });
}

async function waitForStagedOutput(root: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (filesUnder(join(root, 'data', '.staging')).some((f) => f.endsWith('b.jsonl'))) return;
    await sleep(25);
  }
  throw new Error('the child never reached toy-b');
}

describe('crash and interrupt', () => {
  it('kill -9 mid-stage: the rerun completes and no partial file is left under data/', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nf-kill-'));
    workspace(root, { 'toy-b': { slowMs: 20_000 } }).close();
    const child = runChild(root);
    await waitForStagedOutput(root);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(existsSync(join(root, 'data/interim/b.jsonl'))).toBe(false);

    const ws = workspace(root);
    const report = await runRecipe(ws, toyRecipe);
    expect(actions(report)).toEqual(['toy-a:skipped', 'toy-b:ran', 'toy-c:ran']);
    expect(readSum(root)).toBe(30);
    expect(filesUnder(join(root, 'data')).filter((f) => f.includes('.staging') || f.includes('.nf-tmp-'))).toEqual([]);
    expect(existsSync(join(root, 'data', '.staging', String(process.pid)))).toBe(false);
    const status = await recipeStatus(ws, toyRecipe);
    expect(status.every((s) => s.state === 'fresh')).toBe(true);
  });

  it('SIGINT mid-stage: the run is recorded as interrupted, nothing partial is published, the rerun resumes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nf-int-'));
    workspace(root, { 'toy-b': { slowMs: 20_000 } }).close();
    const child = runChild(root);
    await waitForStagedOutput(root);
    child.kill('SIGINT');
    const code = await new Promise((r) => child.once('exit', (c) => r(c)));
    expect(code).toBe(130);
    expect(existsSync(join(root, 'data/interim/b.jsonl'))).toBe(false);
    expect(filesUnder(join(root, 'data')).filter((f) => f.includes('.staging') || f.includes('.nf-tmp-'))).toEqual([]);
    expect(existsSync(join(root, 'data', '.staging', String(process.pid)))).toBe(false);

    const ws = workspace(root);
    const status = await recipeStatus(ws, toyRecipe);
    expect(status[1].lastRun?.status).toBe('interrupted');
    expect(actions(await runRecipe(ws, toyRecipe))).toEqual(['toy-a:skipped', 'toy-b:ran', 'toy-c:ran']);
    expect(statSync(join(root, 'data/final/c.json')).size).toBeGreaterThan(0);
  });
});

describe('built-in tables', () => {
  it('a changed table makes its stage stale and status names it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nf-table-'));
    let tableVersion = 'v1';
    const tabled = defineStage({ ...stageA, name: 'toy-tabled', tables: () => ({ hofstede: tableVersion }) });
    const recipe = { name: 'tabled', description: '', stages: [tabled] };
    const ws = workspace(root);
    await runRecipe(ws, recipe);
    expect((await recipeStatus(ws, recipe))[0].state).toBe('fresh');
    tableVersion = 'v2';
    const status = await recipeStatus(ws, recipe);
    expect(status[0].state).toBe('stale');
    expect(status[0].reasons).toContain('table hofstede modified');
  });
});

describe('optional workspace inputs', () => {
  it('chain without a producer, and a change to the file makes the stage stale', async () => {
    const root = mkdtempSync(join(tmpdir(), 'nf-opt-'));
    const reader = defineStage({
      ...stageC,
      name: 'toy-reads-extra',
      inputs: ['?data/raw/extra.jsonl'],
      outputs: ['data/final/extra.json'],
      run: async (ctx) => {
        writeFileSync(
          ctx.output('data/final/extra.json'),
          existsSync(ctx.input('?data/raw/extra.jsonl')) ? readFileSync(ctx.input('?data/raw/extra.jsonl')) : '{}',
        );
        return {};
      },
    });
    const recipe = { name: 'opt', description: '', stages: [reader] };
    const ws = workspace(root);
    expect(actions(await runRecipe(ws, recipe))).toEqual(['toy-reads-extra:ran']);
    mkdirSync(join(root, 'data/raw'), { recursive: true });
    writeFileSync(join(root, 'data/raw/extra.jsonl'), '{"n":1}\n');
    expect((await recipeStatus(ws, recipe))[0].reasons).toContain('input ?data/raw/extra.jsonl modified');
    expect(actions(await runRecipe(ws, recipe))).toEqual(['toy-reads-extra:ran']);
    expect(readFileSync(join(root, 'data/final/extra.json'), 'utf8')).toBe('{"n":1}\n');
  });
});
