import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalFromBody, SAMPLE_INDEX_HEADER, SIMULATED_HEADER } from '../canonical.ts';
import { strictSchemaViolations } from '../strict-schema.ts';
import { SimBatchStore, sendJson } from './batches.ts';
import { answerFault, parseFaults, requestFault, type FaultKind, type FaultSpec } from './faults.ts';
import { capToTokens, simTokens, simulateChoices } from './respond.ts';
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

class RpmBucket {
  private tokens: number;
  private last = performance.now();
  constructor(private readonly rpm: number) {
    this.tokens = this.capacity;
  }
  // Two seconds of burst: a client pacing itself at the advertised rate never meets a 429.
  private get capacity(): number {
    return Math.max(1, (this.rpm / 60) * 2);
  }
  /** 0 when a request may pass now, else ms until it may. */
  take(): number {
    const now = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.rpm) / 60_000);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * 60_000) / this.rpm);
  }
  remaining(): number {
    return Math.floor(this.tokens);
  }
}

export async function startSimServer(opts: SimServerOptions = {}): Promise<SimServer> {
  const faults = typeof opts.faults === 'string' ? parseFaults(opts.faults) : (opts.faults ?? {});
  const seed = opts.seed ?? 0;
  const faultRng = seededRng('faults', seed);
  const buckets = new Map<string, RpmBucket>();
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

  const answerBody = (body: Record<string, unknown>, sampleIndices: number[], withFaults: boolean) => {
    const maxTokens = canonicalFromBody(body).max_tokens ?? undefined;
    const choices = simulateChoices(body, sampleIndices, seed, undefined, faults).map((choice, index) => {
      const fault = withFaults ? answerFault(faults, faultRng()) : undefined;
      if (fault) count(fault);
      const faulty =
        fault === 'malformed'
          ? `Sure! ${choice.content.slice(0, -1)}`
          : fault === 'truncate'
            ? choice.content.slice(0, Math.ceil(choice.content.length / 2))
            : choice.content;
      const capped = capToTokens(faulty, maxTokens);
      stats.answersByKey[choice.key] = (stats.answersByKey[choice.key] ?? 0) + 1;
      if (!fault && !capped.truncated)
        stats.validAnswersByKey[choice.key] = (stats.validAnswersByKey[choice.key] ?? 0) + 1;
      const finishReason = fault === 'truncate' || capped.truncated ? 'length' : 'stop';
      return {
        index,
        message: { role: 'assistant', content: capped.text, refusal: null },
        finish_reason: finishReason,
        logprobs: null,
      };
    });
    stats.answered += choices.length;
    const messages = (body.messages as Array<{ content: unknown }>) ?? [];
    const promptTokens = messages.reduce((sum, m) => sum + simTokens(String(m.content)) + 4, 0);
    const completionTokens = choices.reduce(
      (sum, c) => sum + Math.min(simTokens(c.message.content), maxTokens ?? Infinity),
      0,
    );
    return {
      id: `chatcmpl-sim${stats.requests}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: String(body.model),
      choices,
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    };
  };

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
    const limits: Record<string, string> = {};
    if (opts.tpm) limits['x-ratelimit-limit-tokens'] = String(opts.tpm);
    if (opts.rpm) {
      let bucket = buckets.get(model);
      if (!bucket) buckets.set(model, (bucket = new RpmBucket(opts.rpm)));
      const waitMs = bucket.take();
      limits['x-ratelimit-limit-requests'] = String(opts.rpm);
      limits['x-ratelimit-remaining-requests'] = String(bucket.remaining());
      limits['x-ratelimit-reset-requests'] = `${waitMs}ms`;
      if (waitMs > 0) {
        stats.rateLimited += 1;
        return sendJson(
          res,
          429,
          { error: { message: `Rate limit reached for ${model}: ${opts.rpm} RPM`, type: 'requests' } },
          { ...limits, 'retry-after': String(Math.ceil(waitMs / 1000)), 'retry-after-ms': String(waitMs) },
        );
      }
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
    if (req.method === 'POST' && path === '/files') return uploadFile(req, res, raw);
    const content = /^\/files\/([^/]+)\/content$/.exec(path);
    if (req.method === 'GET' && content) {
      const file = batches.files.get(content[1]);
      if (!file) return sendJson(res, 404, { error: { message: 'no such file' } });
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return void res.end(file.content);
    }
    if (req.method === 'POST' && path === '/batches') {
      const b = JSON.parse(raw.toString('utf8')) as {
        input_file_id: string;
        endpoint: string;
        completion_window: string;
        metadata?: Record<string, string>;
      };
      const batch = batches.create(b.input_file_id, b.endpoint, b.completion_window, b.metadata ?? null);
      return batch ? sendJson(res, 200, batch) : sendJson(res, 404, { error: { message: 'no such input file' } });
    }
    const batch = /^\/batches\/([^/]+)(\/cancel)?$/.exec(path);
    if (batch) {
      const found = batch[2] && req.method === 'POST' ? batches.cancel(batch[1]) : batches.batches.get(batch[1]);
      return found ? sendJson(res, 200, found) : sendJson(res, 404, { error: { message: 'no such batch' } });
    }
    sendJson(res, 404, { error: { message: `no route ${req.method} ${url.pathname}` } });
  }

  async function uploadFile(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    const form = await new Request('http://sim/upload', {
      method: 'POST',
      headers: { 'content-type': String(req.headers['content-type']) },
      body: new Uint8Array(raw),
    }).formData();
    const file = form.get('file');
    if (!(file instanceof Blob)) return sendJson(res, 400, { error: { message: 'missing file' } });
    const stored = batches.addFile(
      (file as File).name ?? 'upload.jsonl',
      String(form.get('purpose') ?? 'batch'),
      await file.text(),
    );
    sendJson(res, 200, {
      id: stored.id,
      object: 'file',
      bytes: stored.content.length,
      created_at: stored.created_at,
      filename: stored.filename,
      purpose: stored.purpose,
      status: 'processed',
    });
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

/** OpenAI's 400 for a strict `json_schema` outside the structured-outputs subset, or undefined when it conforms. */
function invalidSchemaError(
  body: Record<string, unknown>,
): { error: { message: string; type: string; param: string } } | undefined {
  const rf = body.response_format as
    | { type?: string; json_schema?: { name?: string; schema?: unknown; strict?: boolean } }
    | undefined;
  if (rf?.type !== 'json_schema' || rf.json_schema?.strict !== true) return undefined;
  const problems = strictSchemaViolations(rf.json_schema.schema);
  if (!problems.length) return undefined;
  return {
    error: {
      message: `Invalid schema for response_format '${rf.json_schema.name}': ${problems.join('; ')}`,
      type: 'invalid_request_error',
      param: 'response_format',
    },
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
