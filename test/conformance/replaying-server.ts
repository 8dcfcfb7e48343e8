import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReplayingServer {
  url: string;
  /** Chat requests the server behind answered, and those answered again from what it said before. */
  counts(): { forwarded: number; replayed: number };
  close(): Promise<void>;
}

interface Recorded {
  status: number;
  contentType: string;
  payload: Buffer;
}

/**
 * A loopback layer in front of llama-server that answers a chat request whose body it has already
 * forwarded with the server's earlier answer. The suite's answers are greedy (temperature 0), so the
 * server would say the same again; the variants that only rewrite answers (usage, <think>, prose,
 * extra keys) then cost no server time, while every body the server has not seen (other `n`, other
 * `response_format`, a re-ask) still reaches it. Only successful answers are kept: refusals and
 * errors are always the server's own, every time.
 */
export async function replaying(target: string): Promise<ReplayingServer> {
  const recorded = new Map<string, Recorded>();
  let forwarded = 0;
  let replayed = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString();
      const path = req.url ?? '/';
      const chat = req.method === 'POST' && path.endsWith('/chat/completions');
      const known = chat ? recorded.get(body) : undefined;
      if (known) replayed += 1;
      else if (chat) forwarded += 1;
      const answer = known ?? (await forward(target, path, req.method ?? 'GET', body));
      if (chat && !known && answer.status === 200) recorded.set(body, answer);
      res.writeHead(answer.status, { 'content-type': answer.contentType });
      res.end(answer.payload);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts: () => ({ forwarded, replayed }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function forward(target: string, path: string, method: string, body: string): Promise<Recorded> {
  const answer = await fetch(`${target}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: method === 'POST' ? body : undefined,
  });
  return {
    status: answer.status,
    contentType: answer.headers.get('content-type') ?? 'application/json',
    payload: Buffer.from(await answer.arrayBuffer()),
  };
}
