import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from '../../src/llm/sim/server.ts';
import { parseFaults } from '../../src/llm/sim/faults.ts';
import { UserError } from '../../src/errors.ts';

let sim: SimServer | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const schema = {
  type: 'object',
  properties: { relevant: { type: 'boolean' }, score: { type: 'integer', enum: [-2, -1, 1, 2] } },
  required: ['relevant', 'score'],
  additionalProperties: false,
};

const TRANSLATION = {
  type: 'object',
  properties: { translation: { type: 'string' } },
  required: ['translation'],
  additionalProperties: false,
};

describe('sim-server with the official openai client', () => {
  it('answers chat completions with n, json_schema, usage and rate-limit headers, seeded', async () => {
    sim = await startSimServer({ seed: 42, rpm: 600 });
    const client = new OpenAI({ apiKey: 'sk-local', baseURL: `${sim.url}/v1`, maxRetries: 0 });
    const body = {
      model: 'gpt-4.1',
      n: 3,
      temperature: 1,
      messages: [{ role: 'user' as const, content: '<statement>Elders deserve obedience.</statement>' }],
      response_format: { type: 'json_schema' as const, json_schema: { name: 'judgement', schema, strict: true } },
    };
    const { data, response } = await client.chat.completions.create(body).withResponse();
    expect(data.choices).toHaveLength(3);
    for (const c of data.choices) {
      const v = JSON.parse(c.message.content ?? '');
      expect(typeof v.relevant).toBe('boolean');
      expect([-2, -1, 1, 2]).toContain(v.score);
      expect(c.finish_reason).toBe('stop');
    }
    expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('600');
    const again = await client.chat.completions.create(body);
    expect(again.choices.map((c) => c.message.content)).toEqual(data.choices.map((c) => c.message.content));
  });

  it('answers 429 with retry-after past its RPM', async () => {
    sim = await startSimServer({ rpm: 60 });
    const client = new OpenAI({ apiKey: 'sk-local', baseURL: `${sim.url}/v1`, maxRetries: 0 });
    const ask = () => client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    await ask();
    await ask();
    const error = await ask().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(Number((error as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after'))).toBeGreaterThan(0);
    expect(sim.stats().rateLimited).toBe(1);
  });

  it('translates through the translate handler and runs batches through files and batches endpoints', async () => {
    sim = await startSimServer({ batchDelayMs: 10 });
    const client = new OpenAI({ apiKey: 'sk-local', baseURL: `${sim.url}/v1`, maxRetries: 0 });
    const line = {
      custom_id: 's0:abc',
      method: 'POST',
      url: '/v1/chat/completions',
      body: {
        model: 'm',
        messages: [{ role: 'user', content: '<target_language>zh</target_language><text>Hello</text>' }],
        response_format: { type: 'json_schema', json_schema: { name: 'translate', schema: TRANSLATION, strict: true } },
      },
    };
    const file = await client.files.create({
      file: await OpenAI.toFile(Buffer.from(JSON.stringify(line)), 'b.jsonl'),
      purpose: 'batch',
    });
    let batch = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    });
    while (batch.status !== 'completed') batch = await client.batches.retrieve(batch.id);
    const out = JSON.parse((await (await client.files.content(batch.output_file_id!)).text()).trim());
    expect(JSON.parse(out.response.body.choices[0].message.content)).toEqual({ translation: '[zh] Hello' });
  });

  it('rejects an unknown fault name as bad input', () => {
    expect(() => parseFaults('5xx=0.1,boom=0.2')).toThrow(UserError);
    expect(parseFaults('5xx=0.1,timeout=0.02')).toEqual({ '5xx': 0.1, timeout: 0.02 });
  });
});

describe('sim-server port', () => {
  it('rejects with EADDRINUSE when its port is taken, instead of crashing the process', async () => {
    const first = await startSimServer({ port: 0 });
    const port = Number(new URL(first.url).port);
    await expect(startSimServer({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await first.close();
  });
});
