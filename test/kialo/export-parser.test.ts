import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { exportFileId, parseKialoExport, statementsFromExport } from '../../src/scrapers/kialo/export-parser.ts';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);
const parseFixture = (name: string) => parseKialoExport(readFileSync(fixture(name), 'utf8'), fixture(name));
const opts = {
  baseUrl: 'https://www.kialo.com',
  voteCountKind: 'discussion-total' as const,
  importedAt: '2025-01-01T00:00:00.000Z',
};

function userErrorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('Kialo export parser', () => {
  it('reads the old format with CRLF, no final newline, literal \\n and -> See nodes', () => {
    const parsed = parseFixture('should-cities-plant-more-trees-501.txt');
    expect(parsed.format).toBe('old');
    expect(parsed.title).toBe('Should cities plant more trees?');
    expect(parsed.theses).toEqual([{ ordinal: null, text: 'Cities should plant more trees.' }]);
    expect(parsed.nodes.map((n) => `${n.number} ${n.kind}`)).toEqual([
      '1. Thesis',
      '1.1. Pro',
      '1.1.1. Con',
      '1.2. Con',
      '1.2.1. Pro',
    ]);
    expect(parsed.nodes[4].text).toBe('-> See 1.1.1.');
  });

  it('reads the new multi-thesis format: one statement per "1.k. Thesis:", ids <discussion>#<k>', () => {
    const file = fixture('which-languages-should-schools-teach-502.txt');
    const statements = statementsFromExport(file, readFileSync(file, 'utf8'), opts);
    expect(statements.map((s) => [s.statement_id, s.thesis])).toEqual([
      ['502#1', 'Schools should teach a second national language.'],
      ['502#2', 'Schools should teach programming languages instead.'],
    ]);
    expect(statements[0]).toMatchObject({
      discussion_id: 502,
      title: 'Which languages should schools teach?',
      votes: null,
      language: null,
      source: 'export',
      url: 'https://www.kialo.com/which-languages-should-schools-teach-502',
    });
    const parsed = parseFixture('which-languages-should-schools-teach-502.txt');
    expect(parsed.nodes.find((n) => n.number === '1.1.1.')?.text).toBe(
      'It helps national cohesion [1].\nIt also opens jobs.',
    );
  });

  it('keeps multi-line node texts of the new single-thesis format (final newline present)', () => {
    const parsed = parseFixture('is-tipping-fair-503.txt');
    expect(parsed.theses).toEqual([{ ordinal: null, text: 'Tipping is fair.' }]);
    expect(parsed.nodes[1].text).toBe('Tips depend on\nthe mood of guests.');
  });

  it('rejects a file fitting neither grammar, naming file and line', () => {
    const broken = userErrorOf(() => parseFixture('broken-export-504.txt'));
    expect(broken.location).toMatchObject({ file: fixture('broken-export-504.txt'), line: 5 });
    expect(broken.message).toContain('broken-export-504.txt, line 5');
    expect(userErrorOf(() => parseFixture('bad-indent-505.txt')).location.line).toBe(7);
    expect(userErrorOf(() => parseFixture('not-kialo-506.txt')).location.line).toBe(1);
  });

  it('takes the discussion id from the file name and refuses a name without one', () => {
    expect(exportFileId('/x/¿qué-es-el-arte-41541.txt')).toEqual({ slug: '¿qué-es-el-arte', id: 41541 });
    expect(() => exportFileId('/x/discussion.txt')).toThrow(UserError);
  });

  it.each([
    [
      'an empty thesis',
      ['Discussion Name:', 'T', '', '1. Thesis:', '', '  1.1. Pro:', '  Yes.'],
      4,
      'node 1. (thesis) has no text',
    ],
    [
      'an empty thesis (old format)',
      ['Discussion Title: T', '', '1. ', '1.1. Pro: Yes.'],
      3,
      'node 1. (thesis) has no text',
    ],
    [
      'a question without theses',
      ['Discussion Name:', 'T', '', '1. Question:', 'Which?', '', '  1.1. Pro:', '  Yes.'],
      4,
      'has no thesis "1.k. Thesis:"',
    ],
    [
      'over-indented text',
      ['Discussion Name:', 'T', '', '1. Thesis:', 'A thesis.', '', '  1.1. Pro:', '    Yes.'],
      8,
      'indented exactly like its header (2 spaces)',
    ],
    [
      'a gap in sibling numbers',
      ['Discussion Name:', 'T', '', '1. Thesis:', 'A thesis.', '', '  1.1. Pro:', '  Yes.', '', '  1.3. Con:', '  No.'],
      10,
      '1.2. was expected',
    ],
    [
      'a first child not numbered 1 (old format)',
      ['Discussion Title: T', '', '1. A thesis.', '1.2. Pro: Yes.'],
      4,
      '1.1. was expected',
    ],
  ])('rejects %s with a UserError naming file and line', (_name, lines, line, message) => {
    const file = '/exports/bad-export-600.txt';
    const err = userErrorOf(() => statementsFromExport(file, lines.join('\n'), opts));
    expect(err.location).toMatchObject({ file, line });
    expect(err.message).toContain(message);
  });
});
