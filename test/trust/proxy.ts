import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

export interface Refusal {
  status: number;
  message: string;
}

export interface Proxy {
  url: string;
  /** Chat requests that reached the proxy (refused or forwarded). */
  requests(): number;
  /** Chat requests forwarded to the provider behind it (what was answered, and paid). */
  forwarded(): number;
  refuse: ((body: Record<string, unknown>) => Refusal | undefined) | undefined;
  /** Rewrites a chat request before it is forwarded (e.g. drops `n`). */
  rewriteRequest: ((body: Record<string, unknown>) => Record<string, unknown>) | undefined;
  /** Rewrites a chat answer before it is returned (e.g. drops `usage`, wraps contents in prose). */
  rewriteAnswer: ((answer: Record<string, unknown>) => Record<string, unknown>) | undefined;
}

/**
 * An OpenAI-compatible provider made of the simulator behind a proxy that can refuse requests the
 * way real providers do (`400 Field 'n' must be ≤ 4`), so the panel meets deviations our own
 * simulator never produces. Closed when the test finishes (a concurrent test passes its context's
 * `onTestFinished`, which knows which test is running).
 */
export async function proxyTo(target: string, whenFinished = onTestFinished): Promise<Proxy> {
  let requests = 0;
  let forwarded = 0;
  const proxy: Proxy = {
    url: '',
    requests: () => requests,
    forwarded: () => forwarded,
    refuse: undefined,
    rewriteRequest: undefined,
    rewriteAnswer: undefined,
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', async () => {
      const path = req.url ?? '/';
      if (req.method === 'POST' && path.endsWith('/chat/completions')) {
        requests += 1;
        const refusal = proxy.refuse?.(JSON.parse(body) as Record<string, unknown>);
        if (refusal) {
          res.writeHead(refusal.status, { 'content-type': 'application/json' });
          return void res.end(JSON.stringify({ error: { message: refusal.message, type: 'invalid_request_error' } }));
        }
        forwarded += 1;
        if (proxy.rewriteRequest)
          body = JSON.stringify(proxy.rewriteRequest(JSON.parse(body) as Record<string, unknown>));
      }
      const chat = req.method === 'POST' && path.endsWith('/chat/completions');
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      for (const name of ['authorization', 'x-normforge-samples'])
        if (typeof req.headers[name] === 'string') headers[name] = req.headers[name] as string;
      const answer = await fetch(`${target}${path}`, {
        method: req.method,
        headers,
        body: req.method === 'POST' ? body : undefined,
      });
      const out: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (name.startsWith('x-') || name === 'content-type' || name === 'retry-after') out[name] = value;
      });
      let payload = Buffer.from(await answer.arrayBuffer());
      if (chat && answer.ok && proxy.rewriteAnswer)
        payload = Buffer.from(
          JSON.stringify(proxy.rewriteAnswer(JSON.parse(payload.toString()) as Record<string, unknown>)),
        );
      res.writeHead(answer.status, out);
      res.end(payload);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  whenFinished(() => new Promise<void>((r) => server.close(() => r())));
  return proxy;
}
