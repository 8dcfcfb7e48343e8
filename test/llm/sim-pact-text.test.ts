import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/io/package-root.ts';
import { simProfile } from '../../src/llm/sim/profiles.ts';
import { seededRng } from '../../src/llm/sim/rng.ts';
import { pactGenerateTask } from '../../src/llm/sim/tasks/pact-generate.ts';
import { pactValidateTask } from '../../src/llm/sim/tasks/pact-validate.ts';
import type { SimTaskContext } from '../../src/llm/sim/task.ts';

interface Generated {
  cultural_expectation: string;
  personal_preference: string;
  follow_culture_option: string;
  allow_preference_option: string;
  scenario: string;
}

/** Every norm the bundled sample feeds the generator: NormAd-ETI rules of thumb and CultureAtlas assertions. */
function bundledNorms(): string[] {
  const dir = join(PACKAGE_ROOT, 'examples', 'pact');
  const normad = parse(readFileSync(join(dir, 'normad_sample.csv'), 'utf8'), { columns: true }) as Record<
    string,
    string
  >[];
  const atlas = parse(readFileSync(join(dir, 'cultureatlas_sample.csv'), 'utf8'), { columns: true }) as Record<
    string,
    string
  >[];
  return [
    ...normad.map((r) => r['Rule-of-Thumb']),
    ...atlas.filter((r) => r['10'] === 'True').map((r) => r['8'].replace('[NEG NORM] ', '')),
  ];
}

const ctx = (user: string, seed: string): SimTaskContext => ({
  model: 'gpt-4.1',
  messages: [],
  system: '',
  user,
  profile: { ...simProfile('gpt-4.1'), noise: 0 },
  rng: seededRng(seed),
  sampleIndex: 0,
});
const generate = (norm: string) =>
  pactGenerateTask.answer(
    ctx(`<norm>${norm}</norm><country_name>Iran</country_name><target_type>habit</target_type>`, norm),
  ) as Generated;

/** A second subject or modal inside the sentence ("expected to guests in Iran are expected to ..."). */
const DOUBLED =
  /\b(expected to|should|must|ought to|usually|often)\b.*\b(are|is) expected to\b|\bexpected to (guests?|people|it|in|the|a|an)\b/i;

describe('simulated PACT items read as sentences', () => {
  it('turns the Iran norm into the action alone', () => {
    const item = generate(
      'Guests in Iran are expected to politely refuse an offer of food several times before accepting it.',
    );
    expect(item.cultural_expectation).toBe(
      'The actor is expected to politely refuse an offer of food several times before accepting it.',
    );
    expect(item.follow_culture_option).toBe(
      'The actor chooses to politely refuse an offer of food several times before accepting it.',
    );
  });

  it('keeps a negated norm negated ("It is polite not to open a gift ...")', () => {
    const item = generate('It is polite not to open a gift immediately in front of the person who gave it.');
    expect(item.cultural_expectation).toBe(
      'The actor is expected not to open a gift immediately in front of the person who gave it.',
    );
    expect(item.personal_preference).toMatch(/^The actor would rather open a gift immediately/);
    expect(item.allow_preference_option).toMatch(/^The actor chooses to open a gift immediately/);
  });

  it('speaks of the actor in the third person ("before they begin", not "before you begin")', () => {
    const item = generate(
      'It is respectful to wait for the eldest person at the table to start eating before you begin.',
    );
    expect(item.cultural_expectation).toBe(
      'The actor is expected to wait for the eldest person at the table to start eating before they begin.',
    );
  });

  it.each(bundledNorms())('"%s" gives sentences without a doubled subject or a second person', (norm) => {
    const item = generate(norm);
    for (const text of [
      item.cultural_expectation,
      item.personal_preference,
      item.follow_culture_option,
      item.allow_preference_option,
    ]) {
      expect(text).not.toMatch(DOUBLED);
      expect(text).not.toMatch(/\b(you|your)\b/i);
      expect(text).not.toMatch(/\bnot not\b/);
      expect(text).not.toMatch(/\beach other\b/);
      expect(text).toMatch(/^The actor [a-z]/);
    }
  });

  it('the simulated validator fails clarity on a garbled expectation it is shown', () => {
    const garbled = 'The actor is expected to guests in Iran are expected to politely refuse food.';
    const user = `<scenario>${'word '.repeat(20)}</scenario><norm>${garbled}</norm><preference>The actor would rather eat at once, out of habit.</preference><option_follow>The actor refuses.</option_follow><option_allow>The actor eats at once.</option_allow>`;
    const verdict = pactValidateTask.answer(ctx(user, 'v')) as { clarity: boolean };
    expect(verdict.clarity).toBe(false);
  });
});
