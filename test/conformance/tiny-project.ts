import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { onTestFinished } from 'vitest';
import type { Workspace as WorkspaceType } from '../../src/workspace/workspace.ts';
import { Workspace } from '../../src/workspace/workspace.ts';
import { builtInFramework } from '../../src/statements/framework.ts';
import type { StatementLabel } from '../../src/schemas/records.ts';
import { writePactCsv } from '../eval/pact-fixture.ts';
import { statementFixture } from '../statements/fixtures.ts';

/**
 * The smallest project that gives every LLM stage something to ask: one Kialo statement (translate,
 * both relevance modes, polarity), one NormAd-ETI story and one CultureAtlas norm (filter-usable,
 * generate-preferences, validate-items), its label (eval-statements) and a published-layout
 * PACT CSV (eval-pact). The evaluations read fixtures, not the labels the tiny model produced: its
 * words are nonsense, and what is under test is the protocol, not the labels.
 */
export const STATEMENTS = 1;

function writeLines(file: string, rows: unknown[]): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
}

function writeNormad(file: string): void {
  const header = ['ID', 'Country', 'Background', 'Axis', 'Subaxis', 'Value', 'Rule-of-Thumb', 'Story'];
  const story = [
    '0',
    'south_korea',
    '### Dining\n- Wait for the eldest person to start eating.',
    'Etiquette',
    'basic_etiquette',
    'Respect for elders shown through small gestures.',
    'It is respectful to wait for the eldest person at the table to start eating.',
    'Min-ji waited until the grandfather picked up his spoon. Is what Min-ji did socially acceptable?',
  ];
  writeFileSync(
    file,
    stringify([
      [...header, 'Explanation', 'Gold Label'],
      [...story, '', 'yes'],
    ]),
  );
}

function writeCultureAtlas(file: string): void {
  const norm = 'People in Japan are expected to take off their shoes before entering a home.';
  const row = ['Japan', 'Social customs', 'Visiting', 'Homes', 'https://example.org/culture/0', 'Visiting'];
  const cells = [...row, 'A paragraph about visiting in Japan.', norm, norm, norm, 'True', '0.8', '0.7'];
  const header = [...Array.from({ length: 17 }, (_, i) => String(i)), 'norm_violation_rlv'];
  writeFileSync(file, stringify([header, [...cells, '0.3', '0.1', '0.0', '0.1', '0']]));
}

/** One label per statement, scored on one dimension, for eval-statements to ask about. */
function labels(): StatementLabel[] {
  return statementFixture(STATEMENTS).map((s, i) => ({
    statement_id: s.statement_id,
    discussion_id: s.discussion_id,
    url: s.url,
    statement: s.thesis,
    dimension: builtInFramework().codes[i % builtInFramework().codes.length],
    relevant_votes: 1,
    relevant_total: 1,
    relevant: true,
    polarity_votes: [i % 2 === 0 ? 2 : -1],
    score: i % 2 === 0 ? 2 : -1,
    contested: false,
    votes: [],
    prompt_version: 'fixture',
    models: ['tiny'],
    simulated: false,
  }));
}

/** The preset the suite's member uses: README.md marks it as tested against a real server. */
export const CONFORMANCE_PROVIDER = 'llamacpp';

export interface MemberSetup {
  baseURL: string;
  runs: number;
}

/** The config: one llama.cpp member (the model it loaded answers whatever `model` says), small eval designs. */
function config(dir: string, member: MemberSetup): Record<string, unknown> {
  return {
    sources: {
      normad: join(dir, 'normad.csv'),
      cultureatlas: { path: join(dir, 'cultureatlas.csv') },
    },
    panel: [
      {
        id: 'tiny',
        model: 'tiny',
        provider: CONFORMANCE_PROVIDER,
        baseURL: member.baseURL,
        runs: member.runs,
        // Greedy answers make each variant's translations, hence its later prompts, the same as the
        // others': llama-server's prompt cache serves them, bodies already answered are replayed.
        temperature: 0,
        languages: ['zh'],
        maxConcurrency: 4,
        // The server is slow on a busy machine: a queued request is slow, not lost.
        timeoutMs: 600_000,
      },
    ],
    eval: { pactInput: join(dir, 'pact.csv') },
    stages: {
      'eval-statements': { languages: ['en', 'zh'], runs: 1, resamples: 100 },
      'eval-pact': { systemPrompts: ['balance'], demographics: ['no_demo'], sample: 1, minPerCell: 0 },
    },
  };
}

/**
 * A temp project for one conformance run; removed (and its workspaces closed) when the test
 * finishes (`whenFinished`: a concurrent test's own `onTestFinished`).
 */
export function tinyProject(
  member: MemberSetup,
  whenFinished = onTestFinished,
): { dir: string; open(): WorkspaceType } {
  const dir = mkdtempSync(join(tmpdir(), 'nf-conformance-'));
  writeLines(join(dir, 'data/interim/kialo-statements.jsonl'), statementFixture(STATEMENTS));
  writeLines(join(dir, 'data/final/sociocultural-statements.jsonl'), labels());
  writeNormad(join(dir, 'normad.csv'));
  writeCultureAtlas(join(dir, 'cultureatlas.csv'));
  writePactCsv(join(dir, 'pact.csv'), 1);
  writeFileSync(join(dir, 'normforge.config.json'), JSON.stringify(config(dir, member)));
  const opened: WorkspaceType[] = [];
  whenFinished(() => {
    for (const ws of opened) ws.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    open: () => {
      const ws = Workspace.open({ cwd: dir });
      opened.push(ws);
      return ws;
    },
  };
}
