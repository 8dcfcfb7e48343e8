import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseRaw } from '../../src/llm/answers.ts';
import { withReasoning } from '../../src/llm/repair.ts';
import type { LlmTask } from '../../src/llm/types.ts';

const task: LlmTask<{ relevant: boolean }> = {
  name: 'relevance',
  schema: z.strictObject({ relevant: z.boolean() }),
  promptVersion: 'v',
};
const parse = (raw: string) => parseRaw(task, raw, 'stop');

describe('tolerant parsing: each repair is derived from the raw text and named', () => {
  it('plain JSON needs no repair', () => {
    expect(parse('{"relevant": true}')).toEqual({ ok: true, value: { relevant: true }, repairs: [] });
  });
  it('a leading <think> block is set aside, never parsed (even when it holds JSON)', () => {
    expect(parse('<think>maybe {"relevant": false}?</think>\n{"relevant": true}')).toEqual({
      ok: true,
      value: { relevant: true },
      repairs: ['think-stripped'],
    });
  });
  it('reasoning_content is kept in the raw answer as a <think> block and read the same way', () => {
    const raw = withReasoning('{"relevant": false}', 'the user asks');
    expect(raw).toContain('the user asks');
    expect(parseRaw(task, raw, 'stop')).toMatchObject({
      ok: true,
      value: { relevant: false },
      repairs: ['think-stripped'],
    });
  });
  it('the one JSON object is extracted from prose or a code fence', () => {
    expect(parse('Sure! Here is my answer: {"relevant": true} Hope it helps.')).toMatchObject({
      ok: true,
      repairs: ['extracted'],
    });
    expect(parse('```json\n{"relevant": false}\n```')).toMatchObject({
      ok: true,
      value: { relevant: false },
      repairs: ['extracted'],
    });
    expect(parse('He said "{" then {"relevant": true}')).toMatchObject({ ok: true, value: { relevant: true } });
  });
  it('two different objects are ambiguous: nothing is guessed', () => {
    expect(parse('{"relevant": true} or {"relevant": false}')).toMatchObject({ ok: false, error: 'malformed JSON' });
  });
  it('keys the strict schema does not allow are dropped; a wrong value is still an error', () => {
    expect(parse('{"relevant": true, "why": "because"}')).toEqual({
      ok: true,
      value: { relevant: true },
      repairs: ['extra-keys'],
    });
    expect(parse('{"relevant": "yes", "why": "because"}')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^schema:/),
    });
  });
  it('all three repairs at once', () => {
    expect(parse('<think>hmm</think>The answer: {"relevant": false, "confidence": 0.9}')).toEqual({
      ok: true,
      value: { relevant: false },
      repairs: ['think-stripped', 'extracted', 'extra-keys'],
    });
  });
});
