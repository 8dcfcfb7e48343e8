import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';

const CLI = resolve(import.meta.dirname, '../../bin/normforge.js');

function cli(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
}

function project(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'nf-cfg-'));
  writeFileSync(join(dir, 'normforge.config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return dir;
}

describe('config', () => {
  it('a malformed value is refused with exit 2 and the field named', () => {
    const r = cli(project({ sources: { kialo: { minVotes: 'three' } } }), 'status');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('sources.kialo.minVotes');
  });

  it('an unknown key is refused with exit 2 and named', () => {
    const r = cli(project({ sources: { kialo: { minVote: 3 } } }), 'status');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/sources\.kialo: unknown key "minVote"/);
  });

  it('a key instead of an env-var name is refused', () => {
    const r = cli(project({ panel: [{ id: 'x', model: 'gpt-4.1', apiKeyEnv: 'sk-abc123' }] }), 'status');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('panel.0.apiKeyEnv');
    expect(r.stderr).not.toContain('sk-abc123');
  });

  it('invalid JSON names the file', () => {
    const dir = project('{ "sources": ');
    const r = cli(dir, 'status');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(join(dir, 'normforge.config.json'));
  });

  it('resolves relative paths against the config file folder', () => {
    const dir = project({
      sources: { normad: 'inputs/normad.csv', cultureatlas: { path: '../ca.csv' }, kialo: { seeds: 'seeds.txt' } },
      eval: { pactInput: 'pact.csv' },
      panel: [{ id: 'm', model: 'gpt-4.1', apiKeyEnv: 'KEY' }],
    });
    const { config } = loadConfig(join(dir, 'normforge.config.json'), '/');
    expect(config.sources.normad).toBe(join(dir, 'inputs/normad.csv'));
    expect(config.sources.cultureatlas?.path).toBe(resolve(dir, '../ca.csv'));
    expect(config.sources.kialo.seeds).toBe(join(dir, 'seeds.txt'));
    expect(config.eval.pactInput).toBe(join(dir, 'pact.csv'));
    expect(config.panel?.[0].model).toBe('gpt-4.1');
    expect(config.sources.kialo.baseUrl).toBe('https://www.kialo.com');
  });

  it('--help lists the commands and exits 0', () => {
    const r = cli(tmpdir(), '--help');
    expect(r.status).toBe(0);
    for (const name of [
      'run',
      'status',
      'scrape',
      'import',
      'qc',
      'agreement',
      'export',
      'rehydrate',
      'publish',
      'eval',
      'sim-server',
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^\\s+${name}\\b`, 'm'));
    }
  });

  it('an unknown recipe is bad usage (exit 2)', () => {
    const r = cli(project({}), 'run', 'nope');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown recipe "nope"');
  });
});
