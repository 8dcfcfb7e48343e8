import { describe, expect, it } from 'vitest';
import { ltoPoleStatement } from '../../src/statements/hofstede.ts';
import { builtInFramework } from '../../src/statements/framework.ts';
import { economyAnswerSchema, PolarityAnswerSchema } from '../../src/statements/answers.ts';
import { economyRequests } from '../../src/statements/requests.ts';
import { PanelMemberSchema } from '../../src/schemas/config.ts';
import { defaultRelevanceThreshold, polarityOutcome, relevanceOutcome } from '../../src/statements/aggregate.ts';
import { simProfile } from '../../src/llm/sim/profiles.ts';
import { polarityTask } from '../../src/llm/sim/tasks/polarity.ts';
import { relevanceTask } from '../../src/llm/sim/tasks/relevance.ts';
import { hofstedeEconomyTask } from '../../src/llm/sim/tasks/hofstede-economy.ts';
import type { PanelVote } from '../../src/schemas/records.ts';

/** The sign examples the paper gives (issue 5). */
const PAPER_SIGN_EXAMPLES = [
  { statement: 'The Electoral College should be abolished', dimension: 'PDI', score: -1 },
  { statement: 'Organ donation should be mandatory', dimension: 'IDV', score: -2 },
  { statement: 'The primary focus of prisons should be rehabilitation', dimension: 'MAS', score: -1 },
  { statement: 'Health care providers should be mandated to get the flu vaccine', dimension: 'UAI', score: 1 },
  { statement: 'Marijuana should be as legally accessible as alcohol', dimension: 'IND', score: 2 },
  { statement: 'Governments should push to implement 100% renewable energy', dimension: 'LTO', score: 2 },
] as const;

const vote = (model: string, language: string, v: number | boolean | null): PanelVote => ({
  model,
  language,
  answers: [v],
  vote: v,
});

const HOFSTEDE = builtInFramework();
const DIMENSIONS = HOFSTEDE.codes;
const LTO = HOFSTEDE.dimensions.find((d) => d.code === 'LTO')!;

describe('Hofstede table (the built-in framework)', () => {
  it('defines all six dimensions with both poles in English and Chinese', () => {
    expect(DIMENSIONS).toEqual(['PDI', 'IDV', 'MAS', 'UAI', 'LTO', 'IND']);
    expect([...HOFSTEDE.languages].sort()).toEqual(['en', 'zh']);
    for (const d of HOFSTEDE.dimensions) expect(d.positivePole.en).not.toEqual(d.negativePole.en);
  });

  it('takes long-term orientation as LTO positive pole and says so for the card', () => {
    expect(LTO.positivePole.en).toMatch(/long-term/);
    expect(LTO.negativePole.en).toMatch(/immediate gratification/);
    expect(ltoPoleStatement(HOFSTEDE)).toContain(LTO.positivePole.en);
    expect(ltoPoleStatement(HOFSTEDE)).toMatch(/Table 1/);
    expect(ltoPoleStatement(HOFSTEDE)).toMatch(/takes long-term orientation as the positive pole/);
  });

  it('states the opposite choice when a user flips the LTO poles in the table', () => {
    const flipped = {
      ...HOFSTEDE,
      dimensions: HOFSTEDE.dimensions.map((d) =>
        d.code === 'LTO' ? { ...d, positivePole: d.negativePole, negativePole: d.positivePole } : d,
      ),
    };
    expect(ltoPoleStatement(flipped)).toMatch(/takes immediate gratification as the positive pole/);
    expect(ltoPoleStatement(flipped)).not.toMatch(/takes long-term orientation as the positive pole/);
  });
});

describe('answer schemas', () => {
  it('rejects a polarity of 0 so the panel retries it', () => {
    expect(PolarityAnswerSchema.safeParse({ score: 0 }).success).toBe(false);
    for (const score of [-2, -1, 1, 2]) expect(PolarityAnswerSchema.safeParse({ score }).success).toBe(true);
    expect(PolarityAnswerSchema.safeParse({ score: 3 }).success).toBe(false);
  });

  it('requires a score for every relevant dimension in economy answers and forbids 0', () => {
    const EconomyAnswerSchema = economyAnswerSchema(DIMENSIONS);
    const ok = Object.fromEntries(DIMENSIONS.map((d) => [d, { relevant: false, score: null }]));
    expect(EconomyAnswerSchema.safeParse(ok).success).toBe(true);
    expect(EconomyAnswerSchema.safeParse({ ...ok, PDI: { relevant: true, score: null } }).success).toBe(false);
    expect(EconomyAnswerSchema.safeParse({ ...ok, PDI: { relevant: true, score: 0 } }).success).toBe(false);
    const { IND: _, ...missing } = ok;
    expect(EconomyAnswerSchema.safeParse(missing).success).toBe(false);
  });
});

describe('aggregation', () => {
  it('relevance: 4 of 8 yes-votes pass the default threshold, 3 do not; failed members do not count', () => {
    expect(defaultRelevanceThreshold(8)).toBe(4);
    const votes = (yes: number) =>
      Array.from({ length: 8 }, (_, i) => vote(`m${i >> 1}`, i % 2 ? 'zh' : 'en', i < yes));
    expect(relevanceOutcome(votes(4), 4)).toEqual({ relevant_votes: 4, relevant_total: 8, relevant: true });
    expect(relevanceOutcome(votes(3), 4).relevant).toBe(false);
    const withFailure = [...votes(3).slice(0, 7), vote('m3', 'zh', null)];
    expect(relevanceOutcome(withFailure, 4)).toEqual({ relevant_votes: 3, relevant_total: 7, relevant: false });
  });

  it('polarity: the label is the median of member votes and an even split across the sign is contested', () => {
    const votesOf = (xs: number[]) => xs.map((x, i) => vote(`m${i}`, 'en', x));
    expect(polarityOutcome(votesOf([-2, -1, -1, 1, 2]))).toEqual({
      polarity_votes: [-2, -1, -1, 1, 2],
      score: -1,
      contested: false,
    });
    const split = polarityOutcome(votesOf([-2, -1, -1, -1, 1, 1, 2, 2]));
    expect(split).toEqual({ polarity_votes: [-2, -1, -1, -1, 1, 1, 2, 2], score: 0, contested: true });
    expect(polarityOutcome(votesOf([-1, -1, 1, 2, 2, 2]))).toMatchObject({ score: 1.5, contested: false });
    expect(polarityOutcome(votesOf([1, 2, 2, 1]))).toMatchObject({ score: 1.5, contested: false });
  });
});

describe('simulator handlers', () => {
  const ctxFor = (model: string, user: string, seed: number) => {
    let s = seed;
    const rng = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    return {
      model,
      messages: [{ role: 'user' as const, content: user }],
      system: '',
      user,
      profile: simProfile(model),
      rng,
      sampleIndex: 0,
    };
  };

  /** The user message of the real economy prompt (its dimension lines name the codes asked). */
  const economyPrompt = (statement: string) =>
    economyRequests(
      [{ statement_id: 's', texts: { en: statement } }],
      [PanelMemberSchema.parse({ id: 'm', model: 'deepseek-r1', languages: ['en'] })],
      HOFSTEDE,
    )[0].messages.at(-1)!.content;

  it('answers schema-valid JSON read from the tags of the real prompt', () => {
    for (const ex of PAPER_SIGN_EXAMPLES) {
      const user = `<dimension>${ex.dimension}</dimension> <statement>${ex.statement}</statement>`;
      expect(PolarityAnswerSchema.safeParse(polarityTask.answer(ctxFor('gpt-4.1', user, 7))).success).toBe(true);
      expect(typeof (relevanceTask.answer(ctxFor('gpt-4.1', user, 7)) as { relevant: unknown }).relevant).toBe(
        'boolean',
      );
      expect(
        economyAnswerSchema(DIMENSIONS).safeParse(
          hofstedeEconomyTask.answer(ctxFor('deepseek-r1', economyPrompt(ex.statement), 3)),
        ).success,
      ).toBe(true);
    }
  });

  it('models tilted in opposite directions lean to opposite sides on average', () => {
    const mean = (model: string) => {
      let sum = 0;
      const n = 400;
      for (let i = 0; i < n; i++) {
        const user = `<dimension>IDV</dimension> <statement>Statement number ${i}</statement>`;
        sum += (polarityTask.answer(ctxFor(model, user, i + 1)) as { score: number }).score;
      }
      return sum / n;
    };
    expect(simProfile('gpt-4.1').hofstede.IDV).toBeGreaterThan(simProfile('deepseek-r1').hofstede.IDV);
    expect(mean('gpt-4.1')).toBeGreaterThan(mean('deepseek-r1'));
  });
});
