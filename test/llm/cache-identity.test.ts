import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LlmCache, type CacheRow } from '../../src/llm/cache.ts';
import { createPanel } from '../../src/llm/panel.ts';
import { toWire } from '../../src/llm/request.ts';
import { migrate } from '../../src/store/run-store.ts';
import { member, ratingRequests, testEnv } from './helpers.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  delete process.env.NF_TEST_KEY;
});

interface FakeProvider {
  url: string;
  requests: () => number;
}

/** An OpenAI-compatible provider that always rates `score`; `usage: false` leaves usage out; `echo400` refuses every request echoing its Authorization header. */
async function fakeProvider(opts: {
  score: number;
  usage?: boolean;
  echo400?: boolean;
  latencyMs?: number;
}): Promise<FakeProvider> {
  let requests = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests += 1;
      if (opts.echo400) {
        res.writeHead(400, { 'content-type': 'application/json' });
        return void res.end(
          JSON.stringify({ error: { message: `bad request (sent with ${req.headers.authorization})` } }),
        );
      }
      const n = (JSON.parse(body) as { n?: number }).n ?? 1;
      const choices = Array.from({ length: n }, (_, index) => ({
        index,
        message: { role: 'assistant', content: JSON.stringify({ score: opts.score }), refusal: null },
        finish_reason: 'stop',
      }));
      const usage =
        opts.usage === false
          ? {}
          : { usage: { prompt_tokens: 10, completion_tokens: 3 * n, total_tokens: 10 + 3 * n } };
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ id: 'c', object: 'chat.completion', created: 0, model: 'served-model', choices, ...usage }),
        );
      }, opts.latencyMs ?? 0);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, requests: () => requests };
}

const scores = (answers: Array<{ samples: Array<{ value?: { score: number } }> }>) =>
  answers.flatMap((a) => a.samples.map((s) => s.value?.score));

describe('one answer per request identity', () => {
  it('keeps two providers serving a model of the same name apart: neither overwrites the other', async () => {
    const env = testEnv();
    const a = await fakeProvider({ score: 2 });
    const b = await fakeProvider({ score: 5 });
    const atA = member({ id: 'llama-a', model: 'llama-3-70b', baseURL: a.url });
    const atB = member({ id: 'llama-b', model: 'llama-3-70b', baseURL: b.url });
    const panel = createPanel({ store: env.store, log: env.log, stage: 't' });
    await panel.ask(ratingRequests(atA, 3, 2));
    await panel.ask(ratingRequests(atB, 3, 2));
    const again = createPanel({ store: env.store, log: env.log, stage: 't' });
    expect(scores((await again.ask(ratingRequests(atA, 3, 2))).answers)).toEqual(Array(6).fill(2));
    expect(scores((await again.ask(ratingRequests(atB, 3, 2))).answers)).toEqual(Array(6).fill(5));
    expect([a.requests(), b.requests()]).toEqual([3, 3]);
  });

  it('a key or a query string in baseURL is not a new provider', async () => {
    const env = testEnv();
    const p = await fakeProvider({ score: 3 });
    await createPanel({ store: env.store, log: env.log, stage: 't' }).ask(
      ratingRequests(member({ id: 'm', baseURL: p.url }), 2, 1),
    );
    const withQuery = member({ id: 'm', baseURL: `${p.url.replace('http://', 'http://user:pw@')}?api-version=1` });
    const { stats } = await createPanel({ store: env.store, log: env.log, stage: 't' }).ask(
      ratingRequests(withQuery, 2, 1),
    );
    expect(stats).toMatchObject({ cached: 2, new: 0, requests: 0 });
  });

  it('asks identical requests in one ask, and in concurrent asks on one panel, once, and shares the answer', async () => {
    const env = testEnv();
    const p = await fakeProvider({ score: 4, latencyMs: 30 });
    const m = member({ id: 'm', baseURL: p.url, supportsN: false });
    const requests = [...ratingRequests(m, 3, 2), ...ratingRequests(m, 3, 2)];
    const panel = createPanel({ store: env.store, log: env.log, stage: 't' });
    const [one, two] = await Promise.all([panel.ask(requests), panel.ask(ratingRequests(m, 3, 2))]);
    expect(p.requests()).toBe(6);
    expect(scores(one.answers)).toEqual(Array(12).fill(4));
    expect(scores(two.answers)).toEqual(Array(6).fill(4));
    // Each ask counts only itself: rows written and requests made add up to what the provider saw.
    expect(one.stats.new + two.stats.new).toBe(6);
    expect(one.stats.requests + two.stats.requests).toBe(6);
    expect(one.stats.cached + two.stats.cached).toBe(12);
    expect(env.store.prepare('SELECT COUNT(*) AS n FROM llm_cache').get()).toEqual({ n: 6 });
  });

  it('never overwrites a stored answer; a failure may be replaced by a success, never the reverse', () => {
    const env = testEnv();
    const cache = new LlmCache(env.store);
    const row = (status: 'ok' | 'failed', raw: string | null): CacheRow => ({
      provider: 'p',
      key: 'k',
      request_hash: 'h',
      sample_index: 0,
      model: 'm',
      reported_model: null,
      task: 't',
      item_id: 'i',
      stage: 's',
      language: 'en',
      prompt_version: 'v',
      status,
      raw,
      finish_reason: 'stop',
      error: status === 'failed' ? 'boom' : null,
      prompt_tokens: 1,
      completion_tokens: 1,
      latency_ms: 0,
      attempts: 1,
      simulated: 0,
      created_at: 'now',
    });
    cache.put([row('failed', null)]);
    cache.put([row('failed', null)]);
    expect(cache.get('p', 'k')).toMatchObject({ status: 'failed', attempts: 2 });
    cache.put([row('ok', '{"score":1}')]);
    cache.put([row('ok', '{"score":5}')]);
    cache.put([row('failed', null)]);
    expect(cache.get('p', 'k')).toMatchObject({ status: 'ok', raw: '{"score":1}' });
  });

  it('migrates a cache written before provider identity without losing or re-paying an answer', async () => {
    const env = testEnv();
    // The run store as the previous release left it: the old table, rows keyed without a provider.
    migrate(env.store, 'llm-cache', [
      `CREATE TABLE llm_cache (key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, sample_index INTEGER NOT NULL, model TEXT NOT NULL, task TEXT NOT NULL,
        item_id TEXT NOT NULL, stage TEXT NOT NULL, language TEXT NOT NULL, prompt_version TEXT NOT NULL, status TEXT NOT NULL, raw TEXT, finish_reason TEXT,
        error TEXT, prompt_tokens INTEGER NOT NULL DEFAULT 0, completion_tokens INTEGER NOT NULL DEFAULT 0, latency_ms INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 1, simulated INTEGER NOT NULL, created_at TEXT NOT NULL)`,
      `CREATE TABLE llm_ledger (id INTEGER PRIMARY KEY AUTOINCREMENT, stage TEXT NOT NULL, member TEXT NOT NULL, model TEXT NOT NULL, requests INTEGER NOT NULL,
        prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, cost_usd REAL NOT NULL, batch INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL)`,
      `CREATE INDEX llm_ledger_created ON llm_ledger (created_at)`,
    ]);
    const real = await fakeProvider({ score: 1 });
    const m = member({ id: 'm', baseURL: real.url });
    // Keys as the previous release computed them: the same sample keys, no provider.
    const insert = env.store.prepare(
      `INSERT INTO llm_cache (key, request_hash, sample_index, model, task, item_id, stage, language, prompt_version, status, raw, finish_reason, simulated, created_at)
       VALUES (?, ?, ?, 'm', 'rating', ?, 't', 'en', 'test', 'ok', '{"score":3}', 'stop', 0, 'then')`,
    );
    for (const request of ratingRequests(m, 2, 2)) {
      const wire = toWire(request);
      wire.keys.forEach((key, i) => insert.run(key, wire.hash, i, request.itemId));
    }
    const panel = createPanel({ store: env.store, log: env.log, stage: 't' });
    const { answers, stats } = await panel.ask(ratingRequests(m, 2, 2));
    expect(real.requests()).toBe(0);
    expect(stats).toMatchObject({ cached: 4, new: 0 });
    expect(scores(answers)).toEqual([3, 3, 3, 3]);
    // Claimed once: a second provider of the same model pays for its own answers.
    const other = await fakeProvider({ score: 5 });
    const second = await createPanel({ store: env.store, log: env.log, stage: 't' }).ask(
      ratingRequests(member({ id: 'm2', model: 'm', baseURL: other.url }), 2, 2),
    );
    expect(second.stats).toMatchObject({ cached: 0, new: 4 });
    expect(scores(second.answers)).toEqual([5, 5, 5, 5]);
  });
});

describe('what a provider says is stored safely and paid for', () => {
  it('redacts an API key a provider echoes in its error before the cache, the ledger or the log', async () => {
    const env = testEnv();
    process.env.NF_TEST_KEY = 'nf-secret-key-1234567';
    const p = await fakeProvider({ score: 1, echo400: true });
    const m = member({ id: 'm', baseURL: p.url, apiKeyEnv: 'NF_TEST_KEY', supportsN: false });
    const { stats } = await createPanel({ store: env.store, log: env.log, stage: 't' }).ask(ratingRequests(m, 2, 1));
    expect(stats.failed).toBe(2);
    const stored = JSON.stringify(env.store.prepare('SELECT * FROM llm_cache').all());
    expect(stored).toContain('bad request');
    expect(stored).not.toContain('nf-secret-key-1234567');
    expect(env.lines.join('\n')).not.toContain('nf-secret-key-1234567');
  });

  it('estimates the tokens of a provider that omits usage, marks them estimated, and counts them against the budget', async () => {
    const env = testEnv();
    const p = await fakeProvider({ score: 2, usage: false });
    const m = member({
      id: 'm',
      baseURL: p.url,
      supportsN: false,
      price: { inputPerMTok: 1_000_000, outputPerMTok: 1_000_000 },
    });
    const { stats } = await createPanel({ store: env.store, log: env.log, stage: 't' }).ask(ratingRequests(m, 2, 1));
    expect(stats.estimatedUsage).toBe(2);
    expect(stats.costUsd).toBeGreaterThan(0);
    const ledger = env.store
      .prepare('SELECT SUM(prompt_tokens + completion_tokens) AS tokens, MIN(estimated) AS estimated FROM llm_ledger')
      .get() as { tokens: number; estimated: number };
    expect(ledger.tokens).toBeGreaterThan(0);
    expect(ledger.estimated).toBe(1);
    // Spent beyond this cap, the next ask is refused even though the provider reports no usage.
    const capped = createPanel({
      store: env.store,
      log: env.log,
      stage: 't',
      maxCostUsd: stats.costUsd / 2,
      budgetSince: '1970-01-01T00:00:00Z',
    });
    await expect(capped.ask(ratingRequests(m, 4, 1).slice(2))).rejects.toThrow(/budget/);
  });

  it("a member's timeoutMs replaces the fixed 120 s: a busy server is given the time it needs, a tight timeout is named as the fix", async () => {
    const env = testEnv();
    const slow = await fakeProvider({ score: 3, latencyMs: 400 });
    const patient = member({ id: 'patient', baseURL: slow.url, timeoutMs: 5_000 });
    const ok = await createPanel({ store: env.store, log: env.log, stage: 't', retry: { retries: 0 } }).ask(
      ratingRequests(patient, 1, 1),
    );
    expect(ok.stats).toMatchObject({ new: 1, failed: 0 });
    const hasty = member({ id: 'hasty', model: 'other', baseURL: slow.url, timeoutMs: 50 });
    const failed = await createPanel({ store: env.store, log: env.log, stage: 't', retry: { retries: 0 } }).ask(
      ratingRequests(hasty, 1, 1),
    );
    expect(failed.stats.failed).toBe(1);
    expect(failed.stats.failures[0]).toMatchObject({ member: 'hasty', hint: 'raise timeoutMs' });
  });
});
