import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIM_HOFSTEDE_CODES, simProfile } from '../../src/llm/sim/profiles.ts';
import { seededRng } from '../../src/llm/sim/rng.ts';
import { frameworkEconomyTask } from '../../src/llm/sim/tasks/hofstede-economy.ts';
import { polarityTask } from '../../src/llm/sim/tasks/polarity.ts';
import { relevanceTask } from '../../src/llm/sim/tasks/relevance.ts';
import { tiltOn } from '../../src/llm/sim/world.ts';
import { PanelMemberSchema } from '../../src/schemas/config.ts';
import { economyAnswerSchema, PolarityAnswerSchema, RelevanceAnswerSchema } from '../../src/statements/answers.ts';
import { loadFramework } from '../../src/statements/framework.ts';
import { economyRequests, questionRequests } from '../../src/statements/requests.ts';
import { threeDimensions } from './three-dimensions.ts';

const dir = mkdtempSync(join(tmpdir(), 'nf-sim-framework-'));
writeFileSync(join(dir, 'values.json'), JSON.stringify(threeDimensions()));
const framework = loadFramework(join(dir, 'values.json'));
const member = PanelMemberSchema.parse({ id: 'm', model: 'gpt-4.1', languages: ['en'] });
const statement = { statement_id: 's', texts: { en: 'Every town should keep its founding festival.' } };

function ctx(user: string, sample: number) {
  return {
    model: 'gpt-4.1',
    messages: [{ role: 'user' as const, content: user }],
    system: '',
    user,
    profile: simProfile('gpt-4.1'),
    rng: seededRng(1, 'gpt-4.1', user, sample),
    sampleIndex: sample,
  };
}

describe('the simulator answers any framework', () => {
  it('answers relevance, polarity and the economy question from the real prompts of a user framework', () => {
    const userOf = (request: { messages: Array<{ content: string }> }) => request.messages.at(-1)!.content;
    for (const dimension of framework.codes) {
      const [relevance] = questionRequests('relevance', [{ statement, dimension }], [member], framework);
      const [polarity] = questionRequests('polarity', [{ statement, dimension }], [member], framework);
      expect(RelevanceAnswerSchema.safeParse(relevanceTask.answer(ctx(userOf(relevance), 0))).success).toBe(true);
      expect(PolarityAnswerSchema.safeParse(polarityTask.answer(ctx(userOf(polarity), 0))).success).toBe(true);
    }
    const [economy] = economyRequests([statement], [member], framework);
    expect(economy.task.name).toBe(frameworkEconomyTask.name);
    const answer = frameworkEconomyTask.answer(ctx(userOf(economy), 0));
    expect(Object.keys(answer as object)).toEqual(['CIV', 'TRD', 'TEC']);
    expect(economyAnswerSchema(framework.codes).safeParse(answer).success).toBe(true);
  });

  it('models lean on any dimension: the declared tilt on Hofstede codes, a mixture of it elsewhere', () => {
    for (const code of SIM_HOFSTEDE_CODES)
      expect(tiltOn(simProfile('gpt-4.1'), code)).toBe(simProfile('gpt-4.1').hofstede[code]);
    const codes = Array.from({ length: 20 }, (_, i) => `X${i}`);
    for (const code of codes) {
      expect(tiltOn(simProfile('an-unprofiled-model'), code)).toBe(0);
      expect(Math.abs(tiltOn(simProfile('gpt-4.1'), code))).toBeLessThanOrEqual(1);
    }
    // gpt-4.1 and deepseek-r1 lean opposite ways on five of Hofstede's six dimensions, so on most others too.
    const opposite = codes.filter(
      (c) => Math.sign(tiltOn(simProfile('gpt-4.1'), c)) === -Math.sign(tiltOn(simProfile('deepseek-r1'), c)),
    );
    expect(opposite.length).toBeGreaterThan(codes.length / 2);
  });
});
