import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHub, type FakeHub } from '../../src/hub/fake-hub.ts';
import { exportRelease } from '../../src/release/export.ts';
import { publishRelease } from '../../src/release/publish.ts';
import { makeWorkspace, pactInstances, writeFinal } from './fixtures.ts';

const TOKEN = 'hf_testtoken123456';

let hub: FakeHub;
beforeAll(async () => {
  hub = await startFakeHub();
});
afterAll(async () => {
  await hub.close();
});

const hits = (method: string, path: RegExp) =>
  hub.received.requests.filter((r) => r.method === method && path.test(r.path)).length;

describe('publish under the shared HTTP retry policy', () => {
  it('a busy Hub (503 on the LFS upload, 429 with Retry-After on the commit) is asked again, and the release arrives', async () => {
    const { ws, logs } = makeWorkspace();
    writeFinal(ws, 'pact', pactInstances({ simulated: false }));
    await exportRelease(ws, 'pact');
    const upload = /^\/lfs-upload\//;
    const commit = /^\/api\/datasets\/norm-org\/busy\/commit\//;
    hub.failNext({ method: 'PUT', path: upload, status: 503 });
    hub.failNext({ method: 'POST', path: commit, status: 429, headers: { 'retry-after': '1' } });
    const result = await publishRelease(ws, 'pact', { repo: 'norm-org/busy', endpoint: hub.url, token: TOKEN });
    expect(hits('PUT', upload)).toBe(2);
    expect(hits('POST', commit)).toBe(2);
    const repo = hub.received.repos.get('norm-org/busy')!;
    expect(repo.commits).toHaveLength(1);
    for (const [path, content] of repo.files)
      expect(content.equals(readFileSync(ws.path(`release/pact/${path}`)))).toBe(true);
    expect(result.commitUrl).toContain(repo.commits[0].oid);
    // The 429's Retry-After (1 s) is longer than the first backoff (at most 500 ms): it sets the wait.
    expect(logs.some((l) => l.includes('HTTP 429') && l.includes('retrying in 1000 ms'))).toBe(true);
    expect(logs.some((l) => l.includes('HTTP 503'))).toBe(true);
  });

  it('a Hub still failing after every retry is reported as a failure naming the Hub, not retried forever', async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'pact', pactInstances({ simulated: false }));
    await exportRelease(ws, 'pact');
    const check = /^\/api\/datasets\/norm-org\/down/;
    for (let i = 0; i < 4; i++) hub.failNext({ method: 'GET', path: check, status: 503 });
    const err = await publishRelease(ws, 'pact', {
      repo: 'norm-org/down',
      endpoint: hub.url,
      token: TOKEN,
      retry: { retries: 2, minDelayMs: 1, maxDelayMs: 1 },
    }).catch((e: Error) => e);
    expect(err).toMatchObject({ exitCode: 1 });
    expect((err as Error).message).toContain(hub.url);
    expect((err as Error).message).toContain('503');
    expect(hits('GET', check)).toBe(3);
  });
});
