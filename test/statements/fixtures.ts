import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KialoStatement } from '../../src/schemas/records.ts';

const TOPICS = ['taxes', 'prisons', 'vaccines', 'energy', 'elections', 'drugs', 'schools', 'families', 'work', 'media'];

/** Debate-style theses written for these tests (never the real Kialo exports). */
export function statementFixture(n: number): KialoStatement[] {
  return Array.from({ length: n }, (_, i) => ({
    statement_id: String(1000 + i),
    discussion_id: 1000 + i,
    url: `http://127.0.0.1/d/${1000 + i}`,
    title: `Debate ${i}`,
    thesis: `Society should rethink its policy on ${TOPICS[i % TOPICS.length]} in case ${i}`,
    thesis_claim_id: `${1000 + i}.1`,
    language: i % 7 === 0 ? 'en-US' : 'en',
    votes: 10 + i,
    vote_count_kind: 'discussion-total',
    topics: [TOPICS[i % TOPICS.length]],
    sources: [],
    scraped_at: '2026-01-01T00:00:00.000Z',
    html_path: null,
    source: 'scrape',
  }));
}

/** A temp project with the filtered statements in place and the given config. */
export function projectWith(statements: KialoStatement[], config: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nf-statements-'));
  mkdirSync(join(dir, 'data', 'interim'), { recursive: true });
  if (statements.length)
    writeFileSync(
      join(dir, 'data', 'interim', 'kialo-statements.jsonl'),
      `${statements.map((s) => JSON.stringify(s)).join('\n')}\n`,
    );
  writeFileSync(join(dir, 'normforge.config.json'), JSON.stringify(config));
  return dir;
}
