import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SAMPLE_INDEX_HEADER, SIMULATED_HEADER } from '../canonical.ts';
import { routeFilesAndBatches } from './batch-routes.ts';
import { SimBatchStore, sendJson } from './batches.ts';
import { chatCompletion, invalidSchemaError, type AnsweringState } from './chat-completion.ts';
import { parseFaults, requestFault, type FaultKind, type FaultSpec } from './faults.ts';
import { SimRateLimits } from './rate-limits.ts';
import { seededRng } from './rng.ts';

/**
 * The local OpenAI-compatible simulator: `POST /v1/chat/completions` (with `n`, `response_format`,
 * usage, finish reasons, `x-ratelimit-*` headers and 429 + `retry-after` past its RPM), the Files
 * and Batch endpoints, seeded fault injection, and `GET /sim/stats`, which counts answers per
 * cache key so tests can prove nothing is paid twice. Everything it says is marked simulated.
 */
export interface SimServerOptions {
  port?: number;
  host?: string;
  latencyMs?: number;
  /** Requests per minute per model; unlimited when absent. */
  rpm?: number;
  /** Tokens per minute per model, announced in `x-ratelimit-limit-tokens` (the simulator does not enforce it). */
  tpm?: number;
  faults?: string | FaultSpec;
  seed?: string | number;
  /** How long a `timeout` fault holds the request before dropping it. */
  timeoutMs?: number;
  batchDelayMs?: number;
  /** Batches finish when this resolves instead of after `batchDelayMs` (tests hold one open). */
  batchFinishWhen?: () => Promise<void>;
}

export interface SimStats {
  requests: number;
  answered: number;
  rateLimited: number;
  faults: Partial<Record<FaultKind | 'malformed' | 'truncate', number>>;
  /** Answers delivered per cache key (sample). */
  answersByKey: Record<string, number>;
  /** Valid answers (no injected fault) delivered per cache key: a second one for a key was paid twice. */
  validAnswersByKey: Record<string, number>;
  /** Samples of chat requests received and not yet answered (what a client killed now may have paid for). */
  inFlightSamples: number;
  /** Requests that carried an Authorization header (its value is never kept). */
  authorized: number;
}

export interface SimServer {
  url: string;
  close(): Promise<void>;
  stats(): SimStats;
}

export async function startSimServer(opts: SimServerOptions = {}): Promise<SimServer> {
  const faults = typeof opts.faults === 'string' ? parseFaults(opts.faults) : (opts.faults ?? {});
  const seed = opts.seed ?? 0;
  const faultRng = seededRng('faults', seed);
  const rateLimits = new SimRateLimits(opts.rpm, opts.tpm);
  const stats: SimStats = {
    requests: 0,
    answered: 0,
    rateLimited: 0,
    faults: {},
    answersByKey: {},
    validAnswersByKey: {},
    inFlightSamples: 0,
    authorized: 0,
  };
  const held = new Set<ServerResponse>();
  const count = (kind: keyof SimStats['faults']) => (stats.faults[kind] = (stats.faults[kind] ?? 0) + 1);

  const answering: AnsweringState = { seed, faults, faultRng, countFault: count, stats };
  const answerBody = (body: Record<string, unknown>, sampleIndices: number[], withFaults: boolean) =>
    chatCompletion(answering, body, sampleIndices, withFaults);

  // A batch line's sample index travels in its custom id ("s<index>:<key>", as the panel writes it).
  const batches = new SimBatchStore(
    opts.batchDelayMs ?? 200,
    (body, customId) => {
      const invalid = invalidSchemaError(body);
      if (invalid) return { status: 400, body: invalid };
      const n = typeof body.n === 'number' ? body.n : 1;
      const fromId = /^s(\d+):/.exec(customId);
      const indices = fromId && n === 1 ? [Number(fromId[1])] : Array.from({ length: n }, (_, i) => i);
      return { status: 200, body: answerBody(body, indices, false) };
    },
    opts.batchFinishWhen,
  );

  async function chat(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): Promise<void> {
    const model = String(body.model ?? '');
    const n = typeof body.n === 'number' ? body.n : 1;
    const header = req.headers[SAMPLE_INDEX_HEADER];
    const indices =
      typeof header === 'string' && header ? header.split(',').map(Number) : Array.from({ length: n }, (_, i) => i);
    if (indices.length !== n || indices.some((i) => !Number.isInteger(i) || i < 0)) {
      return sendJson(res, 400, {
        error: { message: `${SAMPLE_INDEX_HEADER} must list n sample indices`, type: 'invalid_request_error' },
      });
    }
    const invalid = invalidSchemaError(body);
    if (invalid) return sendJson(res, 400, invalid);
    stats.inFlightSamples += n;
    try {
      await answerChat(res, body, model, indices);
    } finally {
      stats.inFlightSamples -= n;
    }
  }

  async function answerChat(
    res: ServerResponse,
    body: Record<string, unknown>,
    model: string,
    indices: number[],
  ): Promise<void> {
    const { headers: limits, waitMs } = rateLimits.take(model);
    if (waitMs > 0) {
      stats.rateLimited += 1;
      return sendJson(
        res,
        429,
        { error: { message: `Rate limit reached for ${model}: ${opts.rpm} RPM`, type: 'requests' } },
        { ...limits, 'retry-after': String(Math.ceil(waitMs / 1000)), 'retry-after-ms': String(waitMs) },
      );
    }
    const fault = requestFault(faults, faultRng());
    if (fault) count(fault);
    if (fault === '429')
      return sendJson(
        res,
        429,
        { error: { message: 'Rate limit reached (injected)', type: 'requests' } },
        { ...limits, 'retry-after': '1', 'retry-after-ms': '50' },
      );
    if (fault === '5xx')
      return sendJson(res, 500 + Math.floor(faultRng() * 4), {
        error: { message: 'The server had an error (injected)', type: 'server_error' },
      });
    if (fault === 'timeout') return hold(res, opts.timeoutMs ?? 30_000);
    await delay((opts.latencyMs ?? 0) + (fault === 'delay' ? (opts.latencyMs ?? 0) * 4 + 200 : 0));
    sendJson(res, 200, answerBody(body, indices, true), { ...limits, [SIMULATED_HEADER]: 'true' });
  }

  /** A `timeout` fault: the request is held, unanswered, until the connection is dropped. */
  function hold(res: ServerResponse, ms: number): Promise<void> {
    held.add(res);
    return new Promise((resolve) => {
      const timer = setTimeout(() => res.destroy(), ms);
      res.on('close', () => {
        clearTimeout(timer);
        held.delete(res);
        resolve();
      });
    });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const path = url.pathname.replace(/^\/v1(?=\/)/, '');
    const raw = await readBody(req);
    if (req.method === 'GET' && path === '/sim/stats') return sendJson(res, 200, stats);
    // The panel asks this (free) to learn whether an endpoint is the simulator (simulated-answers.ts).
    if (req.method === 'GET' && path === '/models')
      return sendJson(res, 200, { object: 'list', data: [] }, { [SIMULATED_HEADER]: 'true' });
    if (req.method === 'POST' && path === '/chat/completions') {
      stats.requests += 1;
      if (req.headers.authorization) stats.authorized += 1;
      return chat(req, res, JSON.parse(raw.toString('utf8')) as Record<string, unknown>);
    }
    if (await routeFilesAndBatches(batches, req, res, path, raw)) return;
    sendJson(res, 404, { error: { message: `no route ${req.method} ${url.pathname}` } });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: Error) => {
      if (!res.headersSent) sendJson(res, 400, { error: { message: error.message, type: 'invalid_request_error' } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve);
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    stats: () => structuredClone(stats),
    close: () =>
      new Promise<void>((resolve) => {
        batches.close();
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}
