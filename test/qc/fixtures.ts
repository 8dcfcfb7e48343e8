import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace } from '../../src/workspace/workspace.ts';

const DIMS = ['PDI', 'IDV', 'MAS', 'UAI', 'LTO', 'IND'] as const;

/** A throwaway project with small final files of both datasets (tricky texts included). */
export function fixtureWorkspace(): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'nf-qc-'));
  mkdirSync(join(root, 'data/final'), { recursive: true });
  const statements = [];
  for (let s = 0; s < 20; s++) {
    for (const [d, dim] of DIMS.entries()) {
      if ((s + d) % 3 !== 0) continue;
      const text =
        s === 0
          ? '=HYPERLINK("http://x","click")'
          : s === 1
            ? '-1 point for tradition'
            : s === 2
              ? '@home, "quoted", und Ümlaute'
              : `Statement ${s} about society and rules.`;
      const score = [-2, -1, 1, 2, 1.5, -1][(s + d) % 6];
      statements.push({
        statement_id: String(1000 + s),
        discussion_id: 1000 + s,
        url: `https://www.kialo.com/d-${1000 + s}`,
        statement: text,
        dimension: dim,
        relevant_votes: 5,
        relevant_total: 6,
        relevant: true,
        polarity_votes: [score],
        score,
        contested: false,
        votes: [],
        prompt_version: 'p1',
        models: ['m'],
        simulated: true,
      });
    }
  }
  writeFileSync(
    join(root, 'data/final/sociocultural-statements.jsonl'),
    `${statements.map((r) => JSON.stringify(r)).join('\n')}\n`,
  );
  const pact = [];
  const countries = ['JP', 'DE', 'BR'];
  for (let i = 0; i < 30; i++) {
    const base = {
      scenario_id: `sc-${String(i).padStart(3, '0')}`,
      source: i % 2 ? 'normad' : 'cultureatlas',
      source_id: String(i),
      country: countries[i % 3],
      scenario: i === 0 ? '+cmd|calc' : `At a dinner ${i}, guests wait for the host.`,
      cultural_expectation: 'Wait for the host.',
      personal_preference: 'Start eating when hungry.',
      preference_type: ['convenience', 'habit', 'value-style'][i % 3],
      follow_culture_option: 'Wait.',
      allow_preference_option: 'Eat.',
      validation: { plausibility: i % 7 !== 0, clarity: true, scenario_clarity: i % 11 !== 0, reasons: [] },
      simulated: true,
    };
    for (let k = 0; k < 2; k++) {
      pact.push({
        ...base,
        instance_id: `${base.scenario_id}-${k}`,
        actor_country: base.country,
        receiver_country: base.country,
        relation: 'same',
        actor_age: 'older',
        actor_gender: 'female',
        receiver_age: 'younger',
        receiver_gender: 'male',
        configuration: null,
        configuration_texts: null,
        option_a: 'Wait.',
        option_b: 'Eat.',
        culture_option: 'A',
      });
    }
  }
  writeFileSync(join(root, 'data/final/pact.jsonl'), `${pact.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return Workspace.open({ cwd: root });
}
