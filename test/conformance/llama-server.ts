import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** llama.cpp's own server with a tiny real model (see ../shared/tools/llama-server/README.md). */
export const LLAMA_DIR = resolve(import.meta.dirname, '../../../shared/tools/llama-server');
export const LLAMA_BIN = resolve(LLAMA_DIR, 'llama-server');
export const hasLlamaServer = existsSync(LLAMA_BIN);

export interface LlamaServer {
  url: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

/** Polls /health until the model is loaded (no fixed sleep: as long as it takes, up to the test's timeout). */
async function ready(url: string, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`llama-server exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Context per slot. The model reads one token per character (more for Chinese), and the
 * longest prompt (economy relevance in json_object mode: six dimensions and the JSON schema in the
 * prompt, in Chinese) is about 4,200 tokens. llama-server
 * splits `-c` evenly between its slots, caps a slot at the model's training context (2,048 for this
 * model) and refuses a longer request with a 400; the model's declared context is raised so the
 * real prompts fit (its answers are nonsense either way, and the grammar still holds them to the schema).
 */
const CONTEXT_PER_SLOT = 8192;

/** Starts llama-server on a free loopback port (4 slots of 8192 tokens, one thread); stop it with close(). */
export async function startLlamaServer(slots = 4): Promise<LlamaServer> {
  const port = await freePort();
  const args = [
    '-m',
    resolve(LLAMA_DIR, 'models/stories260K.gguf'),
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '-np',
    String(slots),
    '-c',
    String(slots * CONTEXT_PER_SLOT),
    '--override-kv',
    `llama.context_length=int:${CONTEXT_PER_SLOT}`,
    '-t',
    '1',
  ];
  const child = spawn(LLAMA_BIN, args, { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await ready(url, child);
  return {
    url,
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
