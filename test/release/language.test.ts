import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/io/language.ts';
import { parseFrontMatter } from '../../src/release/card.ts';
import { exportRelease } from '../../src/release/export.ts';
import { makeWorkspace, pactInstances, statementLabels, writeFinal } from './fixtures.ts';

const DISCUSSIONS = [
  {
    id: 301,
    url: 'https://www.kialo.com/a-301',
    theses: ['Governments should guarantee every citizen a basic income that is enough to live on.'],
  },
  {
    id: 302,
    url: 'https://www.kialo.com/b-302',
    theses: ['Der Staat sollte jedem Bürger ein bedingungsloses Grundeinkommen garantieren.'],
  },
  {
    id: 303,
    url: 'https://www.kialo.com/c-303',
    theses: ['El gobierno debería garantizar una renta básica a cada ciudadano del país.'],
  },
];

const jsonl = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('languages come from the texts', () => {
  it('detects English, German, Spanish and Chinese sentences, and gives null for no text', async () => {
    expect(await detectLanguage(DISCUSSIONS[0].theses[0])).toBe('en');
    expect(await detectLanguage(DISCUSSIONS[1].theses[0])).toBe('de');
    expect(await detectLanguage(DISCUSSIONS[2].theses[0])).toBe('es');
    expect(await detectLanguage('政府应该保障每个公民的基本收入。')).toBe('zh');
    expect(await detectLanguage('')).toBeNull();
    expect(await detectLanguage(null)).toBeNull();
  });

  it("statements: each row carries the language of its text, and the card lists the data's languages, not the panel's", async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'sociocultural-statements', statementLabels({ simulated: false, discussions: DISCUSSIONS }));
    for (const idsOnly of [false, true]) {
      const { dir } = await exportRelease(ws, 'sociocultural-statements', { idsOnly });
      const rows = jsonl(join(dir, 'data/train.jsonl'));
      const byDiscussion = new Map(rows.map((r) => [r.discussion_id, r.language]));
      expect(Object.fromEntries(byDiscussion)).toEqual({ 301: 'en', 302: 'de', 303: 'es' });
      expect(rows.some((r) => JSON.stringify(r.votes).includes('"zh"'))).toBe(true);
      const header = parseFrontMatter(readFileSync(join(dir, 'README.md'), 'utf8')).header;
      expect(header.language).toEqual(['de', 'en', 'es']);
    }
  });

  it('PACT: the card lists the languages detected in its scenarios', async () => {
    const { ws } = makeWorkspace();
    const instances = pactInstances({ simulated: false });
    const german = 'Ein Gast besucht seine Gastgeberin in Japan und muss entscheiden, ob er die Schuhe auszieht.';
    writeFinal(
      ws,
      'pact',
      instances.map((r, i) =>
        i === 0
          ? { ...r, scenario: german }
          : {
              ...r,
              scenario: `A guest visits a host in Japan and has to decide whether to take off the shoes (${i}).`,
            },
      ),
    );
    for (const format of ['normforge', 'pact-hf'] as const) {
      const { dir } = await exportRelease(ws, 'pact', { format });
      expect(parseFrontMatter(readFileSync(join(dir, 'README.md'), 'utf8')).header.language, format).toEqual([
        'de',
        'en',
      ]);
    }
  });
});
