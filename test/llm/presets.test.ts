import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configuredCapabilities } from '../../src/llm/capabilities.ts';
import { PRESETS, type Preset } from '../../src/llm/presets.ts';
import { PanelMemberSchema, PROVIDERS, type ProviderName } from '../../src/schemas/config.ts';
import { CONFORMANCE_PROVIDER } from '../conformance/tiny-project.ts';

interface Row {
  structured: string;
  n: string;
  reasoning: string;
  headers: string;
  tested: string;
}

/** README.md's "Provider presets" table, one row per preset name. */
function readmeTable(): Map<string, Row> {
  const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
  const start = readme.indexOf('| preset | structured output |');
  expect(start, 'README.md has the provider presets table').toBeGreaterThan(-1);
  const lines = readme.slice(start).split('\n');
  const rows = lines.slice(
    2,
    lines.findIndex((l) => !l.startsWith('|')),
  );
  return new Map(
    rows.map((line) => {
      const [name, structured, n, reasoning, headers, tested] = line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      return [name.replaceAll('`', ''), { structured, n, reasoning, headers, tested }];
    }),
  );
}

const backticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

/** What a row must say about a preset, cell by cell (the start of each cell; notes may follow). */
function expectRowSays(row: Row, preset: Preset, name: string): void {
  expect(row.structured, `${name} structured`).toMatch(
    new RegExp(`^${preset.structured ? `\`${preset.structured}\`` : 'negotiated'}`),
  );
  expect(row.structured.includes('`json_object` carries the schema'), `${name} json_object schema`).toBe(
    preset.jsonObjectSchema === true,
  );
  const n = preset.maxN === undefined ? 'negotiated' : preset.maxN === 1 ? '1 ' : `up to ${preset.maxN}`;
  expect(row.n.startsWith(n), `${name} n: "${row.n}"`).toBe(true);
  const reasoning = preset.reasoning === undefined ? 'negotiated' : preset.reasoning ? 'yes' : 'no';
  expect(row.reasoning.startsWith(reasoning), `${name} reasoning: "${row.reasoning}"`).toBe(true);
  const headers = preset.rateLimitHeaders;
  if (headers) expect(backticked(row.headers), `${name} headers`).toEqual([headers.requests, headers.tokens]);
  else expect(row.headers, `${name} headers`).toBe('none');
}

describe('provider presets', () => {
  const table = readmeTable();

  it('README.md lists every preset once, and nothing else', () => {
    expect([...table.keys()].sort()).toEqual([...PROVIDERS].sort());
  });

  it.each(PROVIDERS)('the README row of %s says what the preset assumes', (name: ProviderName) => {
    expectRowSays(table.get(name)!, PRESETS[name], name);
  });

  it('only the preset the conformance suite runs against llama-server is marked as tested against a real server', () => {
    const tested = [...table].filter(([, row]) => row.tested.startsWith('**yes**')).map(([name]) => name);
    expect(tested).toEqual([CONFORMANCE_PROVIDER]);
    for (const [name, row] of table)
      if (name !== CONFORMANCE_PROVIDER) expect(row.tested, name).toBe('no (documented behaviour)');
  });

  it.each(PROVIDERS)(
    '%s: a member that leaves its capabilities unset gets the preset’s, a member that sets them keeps its own',
    (provider: ProviderName) => {
      const member = (extra: object) => PanelMemberSchema.parse({ id: 'm', model: 'm', provider, ...extra });
      const preset = PRESETS[provider];
      const fromPreset = configuredCapabilities(member({}));
      expect(fromPreset.structured).toEqual(
        preset.structured ? { mode: preset.structured, source: 'preset' } : undefined,
      );
      expect(fromPreset.maxN).toEqual(preset.maxN ? { value: preset.maxN, source: 'preset' } : undefined);
      const own = configuredCapabilities(member({ structuredOutput: 'instructions', maxN: 3 }));
      expect(own).toEqual({
        structured: { mode: 'instructions', source: 'config' },
        maxN: { value: 3, source: 'config' },
      });
    },
  );
});
