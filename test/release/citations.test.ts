import { describe, expect, it } from 'vitest';
import { BORAH_PACT, FUNG_CULTUREATLAS, NEGRU_STATEMENTS, RAO_NORMAD } from '../../src/release/citations.ts';

/** BibTeX fields of one entry, by name. */
function fields(entry: string): Map<string, string> {
  return new Map([...entry.matchAll(/^\s*(\w+)\s*=\s*\{(.*)\},?$/gm)].map((m) => [m[1], m[2]]));
}

describe('citations carry only checked fields', () => {
  it('Negru et al.: only the title the brief gives; no venue, year or id is invented; the reader is sent to the authors', () => {
    const f = fields(NEGRU_STATEMENTS);
    expect([...f.keys()].sort()).toEqual(['author', 'note', 'title']);
    expect(f.get('title')).toBe('Understanding Cultural Alignment in Multilingual LLMs via Natural Debate Statements');
    expect(f.get('note')).toContain("see the authors' publication for the full reference");
  });

  it('PACT, NormAd and CultureAtlas name their checked arXiv ids and authors', () => {
    expect(fields(BORAH_PACT).get('eprint')).toBe('2606.07877');
    expect(fields(BORAH_PACT).get('author')).toBe('Borah, Angana and Augenstein, Isabelle and Mihalcea, Rada');
    expect(fields(RAO_NORMAD).get('eprint')).toBe('2404.12464');
    expect(fields(RAO_NORMAD).get('pages')).toBe('2373--2403');
    expect(fields(FUNG_CULTUREATLAS).get('eprint')).toBe('2402.09369');
    for (const entry of [BORAH_PACT, RAO_NORMAD, FUNG_CULTUREATLAS])
      expect(fields(entry).has('primaryClass')).toBe(false);
  });
});
