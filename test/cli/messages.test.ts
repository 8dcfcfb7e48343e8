import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportRelease } from '../../src/release/export.ts';
import { runCli } from '../helpers/cli.ts';
import { makeWorkspace, pactInstances, writeFinal } from '../release/fixtures.ts';

const STACK_LINE = /^\s+at /m;

function cli(cwd: string, args: string[], env: Record<string, string> = {}) {
  return runCli(args, { cwd, env });
}

async function listening(): Promise<Server> {
  const server = createServer((_req, res) => res.end());
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return server;
}

const portOf = (server: Server) => (server.address() as AddressInfo).port;
const close = (server: Server) => new Promise<void>((done) => server.close(() => done()));

describe('bad input and failures end in a message, not a stack trace', () => {
  it('import kialo-export of a directory named like an export: exit 2 naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nf-msg-'));
    const folder = join(dir, 'x-608.txt');
    mkdirSync(folder);
    const res = await cli(dir, ['import', 'kialo-export', folder]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${folder}: not a file (a directory)`);
    expect(res.stderr).not.toMatch(STACK_LINE);
  });

  it('agreement --ratings naming a directory: exit 2 naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nf-msg-'));
    const res = await cli(dir, ['agreement', '--ratings', dir, '--scale', 'nominal']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${dir}: not a file (a directory)`);
    expect(res.stderr).not.toMatch(STACK_LINE);
  });

  it('sim-server --port 99999: exit 2 naming the option', async () => {
    const res = await cli(tmpdir(), ['sim-server', '--port', '99999']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--port.*99999.*0 and 65535/);
    expect(res.stderr).not.toMatch(STACK_LINE);
  });

  it('sim-server on a port already in use: exit 1 naming the port', async () => {
    const busy = await listening();
    try {
      const res = await cli(tmpdir(), ['sim-server', '--port', String(portOf(busy))]);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(`--port ${portOf(busy)}: 127.0.0.1:${portOf(busy)} is already in use`);
      expect(res.stderr).not.toMatch(STACK_LINE);
    } finally {
      await close(busy);
    }
  });

  it('publish to an endpoint that is down: exit 1 naming the endpoint', async () => {
    const { ws } = makeWorkspace();
    writeFinal(ws, 'pact', pactInstances({ simulated: false }));
    await exportRelease(ws, 'pact');
    const gone = await listening();
    const endpoint = `http://127.0.0.1:${portOf(gone)}`;
    await close(gone);
    const res = await cli(ws.root, ['publish', 'pact', '--repo', 'norm-org/down', '--endpoint', endpoint], {
      HF_TOKEN: 'hf_testtoken123456',
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`cannot reach the Hub at ${endpoint}`);
    expect(res.stderr).not.toMatch(STACK_LINE);
  });
});
