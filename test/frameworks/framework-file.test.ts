import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { UserError } from '../../src/errors.ts';
import {
  builtInFramework,
  checkPanelLanguages,
  FRAMEWORKS_DIR,
  loadFramework,
} from '../../src/statements/framework.ts';
import { threeDimensions } from './three-dimensions.ts';

const CLI = resolve(import.meta.dirname, '../../bin/normforge.js');

function project(framework: unknown, file = 'values.json', config: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'nf-framework-'));
  writeFileSync(join(dir, file), file.endsWith('.json') ? JSON.stringify(framework) : stringify(framework));
  writeFileSync(join(dir, 'normforge.config.json'), JSON.stringify({ framework: file, ...config }));
  return dir;
}

function cli(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
}

/** The UserError `fn` throws (a failure if it throws something else or nothing). */
function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('a framework file with an error is refused with exit 2, naming the file and the field', () => {
  it('a missing pole', () => {
    const framework = threeDimensions();
    const { negativePole: _, ...withoutPole } = framework.dimensions[1];
    const dir = project({ ...framework, dimensions: [framework.dimensions[0], withoutPole, framework.dimensions[2]] });
    const r = cli(dir, 'status');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(join(dir, 'values.json'));
    expect(r.stderr).toContain('field "dimensions.1.negativePole"');
    expect(r.stderr).toContain('invalid value framework');
  });

  it('a duplicate dimension code (YAML)', () => {
    const framework = threeDimensions();
    const twice = { ...framework.dimensions[2], code: 'CIV' };
    const dir = project({ ...framework, dimensions: [...framework.dimensions.slice(0, 2), twice] }, 'values.yaml');
    const r = cli(dir, 'status');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(join(dir, 'values.yaml'));
    expect(r.stderr).toContain('field "dimensions.2.code"');
    expect(r.stderr).toContain('duplicate dimension code "CIV" (also dimensions.0.code)');
  });

  it('a panel language the framework has no text for, before any request', () => {
    const panel = [{ id: 'gpt-4.1', model: 'gpt-4.1', languages: ['en', 'zh'] }];
    const dir = project(threeDimensions(), 'values.json', { panel });
    const r = cli(dir, 'run', 'sociocultural-statements', '--only', 'judge-relevance', '--dry-run');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(join(dir, 'values.json'));
    expect(r.stderr).toContain('field "name.zh"');
    expect(r.stderr).toContain('panel member "gpt-4.1" asks in zh (panel.languages)');
  });
});

describe('reading framework files', () => {
  it('names the first dimension text that lacks a panel language', () => {
    const zh = (text: Record<string, string>) => ({ ...text, zh: '中文' });
    const framework = threeDimensions();
    const dir = project({
      ...framework,
      name: zh(framework.name),
      dimensions: framework.dimensions.map((d) => ({
        ...d,
        name: zh(d.name),
        definition: zh(d.definition),
        negativePole: zh(d.negativePole),
        positivePole: d.code === 'TRD' ? d.positivePole : zh(d.positivePole),
      })),
    });
    const loaded = loadFramework(join(dir, 'values.json'));
    expect(loaded.languages).toEqual(['en']);
    const err = userError(() => checkPanelLanguages([{ id: 'm', languages: ['en', 'zh'] }], loaded));
    expect(err.exitCode).toBe(2);
    expect(err.location).toEqual({ file: join(dir, 'values.json'), field: 'dimensions.1.positivePole.zh' });
  });

  it('refuses a file that is neither JSON nor YAML, and bad YAML with its line', () => {
    const dir = project(threeDimensions(), 'values.txt');
    expect(userError(() => loadFramework(join(dir, 'values.txt'))).location.field).toBe('framework');
    writeFileSync(join(dir, 'broken.yaml'), 'id: x\nname: [unclosed\n');
    const err = userError(() => loadFramework(join(dir, 'broken.yaml')));
    expect(err.location.file).toBe(join(dir, 'broken.yaml'));
    expect(err.location.line).toBeGreaterThan(0);
  });

  it('gives the same framework and hash from JSON and from YAML', () => {
    const json = loadFramework(join(project(threeDimensions(), 'values.json'), 'values.json'));
    const yaml = loadFramework(join(project(threeDimensions(), 'values.yaml'), 'values.yaml'));
    expect(yaml.sha256).toBe(json.sha256);
    expect(yaml.codes).toEqual(['CIV', 'TRD', 'TEC']);
    expect(yaml.templates).toEqual({
      relevance: 'framework-relevance',
      polarity: 'framework-polarity',
      economy: 'framework-economy',
    });
  });

  it('ships the Schwartz example, in English and Chinese, with its source named', () => {
    const schwartz = loadFramework(join(FRAMEWORKS_DIR, 'schwartz-higher-order.yaml'));
    expect(schwartz.codes).toEqual(['OPEN_CONS', 'ENH_TRANS']);
    expect([...schwartz.languages].sort()).toEqual(['en', 'zh']);
    expect(schwartz.source.citation).toContain('An Overview of the Schwartz Theory of Basic Values');
    expect(schwartz.source.url).toBe('https://doi.org/10.9707/2307-0919.1116');
    expect(builtInFramework().templates.economy).toBe('hofstede-economy');
  });
});
