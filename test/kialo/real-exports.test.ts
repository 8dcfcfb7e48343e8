import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { statementsFromExport } from '../../src/scrapers/kialo/export-parser.ts';
import { thesisKey } from '../../src/scrapers/kialo/thesis-text.ts';

/** Real Kialo exports, read in place from the shared reference folder (users' content: never copied into the project). */
const REAL = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'reference', 'kialo-exports');
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/;
const MARKER = /\[\d+\]/;

const TITLE = existsSync(REAL)
  ? 'the real exports in ../shared/reference/kialo-exports/'
  : 'real exports skipped: ../shared/reference/kialo-exports/ is not beside the repository (they are read in place, never copied)';

describe.skipIf(!existsSync(REAL))(TITLE, () => {
  const files = existsSync(REAL) ? readdirSync(REAL).filter((f) => f.endsWith('.txt')) : [];

  it('parse (old format, new single-thesis, new multi-thesis) with no footnote marker or zero-width character left in any thesis', () => {
    expect(files).toHaveLength(3);
    let withMarkersInFile = 0;
    for (const name of files) {
      const text = readFileSync(join(REAL, name), 'utf8');
      const statements = statementsFromExport(join(REAL, name), text, {
        baseUrl: 'https://www.kialo.com',
        voteCountKind: 'discussion-total',
        importedAt: 'x',
      });
      expect(statements.length, name).toBeGreaterThan(0);
      for (const s of statements) {
        expect(s.thesis, `${name} ${s.statement_id}`).not.toMatch(MARKER);
        expect(s.thesis, `${name} ${s.statement_id}`).not.toMatch(ZERO_WIDTH);
        expect(s.thesis.trim(), `${name} ${s.statement_id}`).toBe(s.thesis);
        expect(s.thesis.length).toBeGreaterThan(0);
        // Every source the thesis cited is kept in its own field, with its URL.
        for (const src of s.sources)
          expect(src.url.length, `${name} ${s.statement_id} [${src.ref}]`).toBeGreaterThan(0);
      }
      withMarkersInFile += statements.filter((s) => s.sources.length > 0).length;
    }
    // reference/kialo.md: 3 of the 14 theses of discussion 14121 carry footnote markers; their sources are kept.
    const multi = files.find((f) => f.endsWith('-14121.txt'))!;
    const theses = statementsFromExport(join(REAL, multi), readFileSync(join(REAL, multi), 'utf8'), {
      baseUrl: 'https://www.kialo.com',
      voteCountKind: 'discussion-total',
      importedAt: 'x',
    });
    expect(theses).toHaveLength(14);
    expect(theses.filter((s) => s.sources.length > 0)).toHaveLength(3);
    expect(withMarkersInFile).toBeGreaterThanOrEqual(3);
  });

  it('match the same thesis as the API would give it: one thesisKey, markers and zero-width characters aside', () => {
    expect(thesisKey('Promoting adoption\u200b in replacement of birth [12].')).toBe(
      thesisKey('Promoting adoption in replacement of birth.'),
    );
    expect(thesisKey('Most meat comes from factory farms (p. 5 [2]).')).toBe(
      thesisKey('Most meat comes from factory farms (p. 5).'),
    );
  });
});
