import { join } from 'node:path';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AgreeAnswerSchema, PactAnswerSchema } from '../../src/evaluation/records.ts';
import { parseRaw } from '../../src/llm/answers.ts';
import { createPanel } from '../../src/llm/panel.ts';
import { jsonSchemaOf, strictJsonSchemaOf, toWire } from '../../src/llm/request.ts';
import { SIM_TASKS } from '../../src/llm/sim/tasks/index.ts';
import { strictSchemaViolations, toStrictSchema } from '../../src/llm/strict-schema.ts';
import { TranslationSchema } from '../../src/llm/translate.ts';
import type { LlmTask } from '../../src/llm/types.ts';
import { GeneratedItemSchema, UsableAnswerSchema, ValidationAnswerSchema } from '../../src/pact/llm.ts';
import { economyAnswerSchema, PolarityAnswerSchema, RelevanceAnswerSchema } from '../../src/statements/answers.ts';
import { builtInFramework, FRAMEWORKS_DIR, loadFramework } from '../../src/statements/framework.ts';
import { member, testEnv, testSim } from './helpers.ts';

/** Every answer schema the project sends, by task name. */
const PROJECT_TASKS: Record<string, z.ZodType> = {
  translate: TranslationSchema,
  // Prompt templates and dimension texts into another language (src/llm/prompt-translation.ts).
  'translate-prompt': TranslationSchema,
  relevance: RelevanceAnswerSchema,
  polarity: PolarityAnswerSchema,
  'hofstede-economy': economyAnswerSchema(builtInFramework().codes),
  // Any other framework's economy answer, here the shipped example's.
  'framework-economy': economyAnswerSchema(loadFramework(join(FRAMEWORKS_DIR, 'schwartz-higher-order.yaml')).codes),
  'pact-usable': UsableAnswerSchema,
  'pact-generate': GeneratedItemSchema,
  'pact-validate': ValidationAnswerSchema,
  'eval-agree': AgreeAnswerSchema,
  'eval-pact': PactAnswerSchema,
  // The human study's two questions (src/evaluation/pact-requests.ts) share PACT's answer schema.
  'eval-pact-personal': PactAnswerSchema,
  'eval-pact-norm': PactAnswerSchema,
};

const taskOf = (name: string, schema: z.ZodType): LlmTask<unknown> => ({ name, schema, promptVersion: 'test' });

/** A schema with everything strict mode refuses: optional fields, length and range limits, nested open objects. */
const Loose = z.object({
  title: z.string().min(3).max(80),
  note: z.string().optional(),
  score: z.number().int().min(1).max(5),
  tags: z
    .array(z.object({ name: z.string().regex(/^[a-z]+$/) }))
    .min(1)
    .max(3),
});

describe('structured output in the strict subset OpenAI accepts', () => {
  it('every task schema of the project conforms after normalising, and the simulator has a handler for each', () => {
    expect(Object.keys(PROJECT_TASKS).sort()).toEqual(SIM_TASKS.map((t) => t.name).sort());
    for (const [name, schema] of Object.entries(PROJECT_TASKS)) {
      expect({ name, problems: strictSchemaViolations(strictJsonSchemaOf(taskOf(name, schema))) }).toEqual({
        name,
        problems: [],
      });
    }
    // The check is not vacuous: zod's own output for the PACT generator breaks the rules.
    expect(strictSchemaViolations(jsonSchemaOf(taskOf('pact-generate', GeneratedItemSchema))).join('\n')).toMatch(
      /additionalProperties[\s\S]*minLength/,
    );
  });

  it('closes every object, requires every property (optional ones nullable) and drops validation keywords', () => {
    const strict = toStrictSchema(z.toJSONSchema(Loose, { io: 'input' }));
    expect(strictSchemaViolations(strict)).toEqual([]);
    expect(strict).toMatchObject({
      additionalProperties: false,
      required: ['title', 'note', 'score', 'tags'],
      properties: {
        title: { type: 'string' },
        note: { type: ['string', 'null'] },
        tags: { type: 'array', items: { additionalProperties: false, required: ['name'] } },
      },
    });
    expect(JSON.stringify(strict)).not.toMatch(
      /"(minLength|maxLength|pattern|minimum|maximum|minItems|maxItems|\$schema)":/,
    );
    // The model is still told the limits constrained decoding leaves out.
    expect(strict).toMatchObject({
      properties: {
        title: { description: 'minLength: 3, maxLength: 80' },
        tags: { description: 'minItems: 1, maxItems: 3' },
      },
    });
  });

  it('parses a null optional field as left out, and zod still enforces the dropped limits', () => {
    const task = taskOf('loose', Loose);
    const answer = (over: object) =>
      JSON.stringify({ title: 'Family', note: null, score: 3, tags: [{ name: 'duty' }], ...over });
    expect(parseRaw(task, answer({}), 'stop')).toEqual({
      ok: true,
      repairs: [],
      value: { title: 'Family', score: 3, tags: [{ name: 'duty' }] },
    });
    expect(parseRaw(task, answer({ title: 'ab' }), 'stop')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^schema: title/),
    });
    expect(parseRaw(task, answer({ score: 9 }), 'stop')).toMatchObject({ ok: false });
  });

  it('the simulator answers 400 to a strict schema outside the subset, like OpenAI, and accepts the normalised one', async () => {
    const sim = await testSim({ seed: 31 });
    const client = new OpenAI({ apiKey: 'test', baseURL: `${sim.url}/v1`, maxRetries: 0 });
    const ask = (schema: Record<string, unknown>) =>
      client.chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'hi' }],
        response_format: { type: 'json_schema', json_schema: { name: 'loose', schema, strict: true } },
      });
    await expect(ask(jsonSchemaOf(taskOf('loose', Loose)))).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/additionalProperties/),
    });
    await expect(ask(strictJsonSchemaOf(taskOf('loose', Loose)))).resolves.toMatchObject({
      choices: [expect.anything()],
    });
  });

  it('the panel sends the normalised schema, so a task with optional and limited fields gets answers', async () => {
    const sim = await testSim({ seed: 32 });
    const env = testEnv();
    const m = member({ id: 'model-a', baseURL: `${sim.url}/v1` });
    const request = {
      task: taskOf('loose', Loose),
      itemId: 'x',
      member: m,
      language: 'en',
      messages: [{ role: 'user' as const, content: 'hi' }],
      samples: 2,
    };
    const format = toWire(request).body.response_format;
    expect(format?.type === 'json_schema' ? format.json_schema.schema : undefined).toEqual(
      strictJsonSchemaOf(request.task),
    );
    const [answer] = (
      await createPanel({ store: env.store, log: env.log, stage: 't', answerRetries: 0 }).ask([request])
    ).answers;
    for (const s of answer.samples) expect(s.error ?? '').not.toMatch(/400|Invalid schema/);
  });
});
