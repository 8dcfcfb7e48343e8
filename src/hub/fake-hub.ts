import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Hugging Face Hub, speaking the requests `@huggingface/hub` 2.17.5 makes
 * to create a dataset repo and commit files (preupload, git-LFS batch with basic transfer, PUT
 * upload, ndjson commit). It keeps every committed file so tests can check what arrived.
 */
export interface ReceivedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

export interface FakeRepo {
  id: string;
  private: boolean;
  files: Map<string, Buffer>;
  commits: Array<{ oid: string; summary: string; paths: string[] }>;
}

/** A refusal served once, to the first request it matches, the way a busy Hub answers (429, 503). */
export interface HubFault {
  method: string;
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
}

export interface FakeHub {
  url: string;
  received: { requests: ReceivedRequest[]; repos: Map<string, FakeRepo> };
  /** Queues a refusal for the next matching request. */
  failNext(fault: HubFault): void;
  close(): Promise<void>;
}

interface Ctx {
  base: string;
  repos: Map<string, FakeRepo>;
  lfsObjects: Map<string, Buffer>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

function authorized(req: IncomingMessage): boolean {
  return /^Bearer hf_[A-Za-z0-9]+$/.test(req.headers.authorization ?? '');
}

/** Text files go in the commit inline; binary ones (Parquet) take the LFS route, as on the real Hub. */
function uploadMode(path: string): 'lfs' | 'regular' {
  return /\.(parquet|arrow|bin|safetensors)$/.test(path) ? 'lfs' : 'regular';
}

async function createRepo(ctx: Ctx, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const payload = JSON.parse((await body(req)).toString('utf8')) as {
    name: string;
    organization?: string;
    type?: string;
    visibility?: string;
  };
  const id = `${payload.organization}/${payload.name}`;
  if (payload.type !== 'dataset') return json(res, 400, { error: 'this fake Hub hosts datasets only' });
  if (ctx.repos.has(id))
    return json(res, 409, { error: 'You already created this dataset repo', url: `${ctx.base}/datasets/${id}` });
  ctx.repos.set(id, { id, private: payload.visibility === 'private', files: new Map(), commits: [] });
  json(res, 200, { url: `${ctx.base}/datasets/${id}`, name: id, id: randomBytes(12).toString('hex') });
}

async function preupload(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const payload = JSON.parse((await body(req)).toString('utf8')) as { files: Array<{ path: string }> };
  json(res, 200, {
    files: payload.files.map((f) => ({ path: f.path, uploadMode: uploadMode(f.path), shouldIgnore: false })),
  });
}

async function lfsBatch(ctx: Ctx, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const payload = JSON.parse((await body(req)).toString('utf8')) as { objects: Array<{ oid: string; size: number }> };
  res.writeHead(200, { 'content-type': 'application/vnd.git-lfs+json' });
  res.end(
    JSON.stringify({
      transfer: 'basic',
      objects: payload.objects.map((o) => ({
        oid: o.oid,
        size: o.size,
        actions: ctx.lfsObjects.has(o.oid) ? undefined : { upload: { href: `${ctx.base}/lfs-upload/${o.oid}` } },
      })),
    }),
  );
}

async function lfsUpload(ctx: Ctx, oid: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const content = await body(req);
  const actual = createHash('sha256').update(content).digest('hex');
  if (actual !== oid) return json(res, 400, { error: `sha256 mismatch: expected ${oid}, got ${actual}` });
  ctx.lfsObjects.set(oid, content);
  res.writeHead(200);
  res.end();
}

type CommitLine =
  | { key: 'header'; value: { summary: string } }
  | { key: 'file'; value: { path: string; content: string; encoding: string } }
  | { key: 'lfsFile'; value: { path: string; oid: string } }
  | { key: 'deletedFile'; value: { path: string } };

async function commitFiles(ctx: Ctx, repo: FakeRepo, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const lines = (await body(req))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as CommitLine);
  let summary = '';
  const paths: string[] = [];
  for (const line of lines) {
    if (line.key === 'header') summary = line.value.summary;
    else if (line.key === 'file')
      repo.files.set(
        line.value.path,
        Buffer.from(line.value.content, line.value.encoding === 'base64' ? 'base64' : 'utf8'),
      );
    else if (line.key === 'deletedFile') repo.files.delete(line.value.path);
    else {
      const content = ctx.lfsObjects.get(line.value.oid);
      if (!content)
        return json(res, 422, { error: `LFS object ${line.value.oid} for ${line.value.path} was never uploaded` });
      repo.files.set(line.value.path, content);
    }
    if (line.key !== 'header') paths.push(line.value.path);
  }
  const oid = createHash('sha1')
    .update(`${repo.id}:${repo.commits.length}:${paths.join(',')}`)
    .digest('hex');
  repo.commits.push({ oid, summary, paths });
  json(res, 200, { success: true, commitOid: oid, commitUrl: `${ctx.base}/datasets/${repo.id}/commit/${oid}` });
}

async function route(ctx: Ctx, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.base);
  const path = decodeURIComponent(url.pathname);
  const upload = /^\/lfs-upload\/([0-9a-f]{64})$/.exec(path);
  if (req.method === 'PUT' && upload) return lfsUpload(ctx, upload[1], req, res);
  if (!authorized(req)) return json(res, 401, { error: 'Invalid credentials in Authorization header' });
  if (req.method === 'POST' && path === '/api/repos/create') return createRepo(ctx, req, res);
  const lfs = /^\/datasets\/([^/]+\/[^/]+)\.git\/info\/lfs\/objects\/batch$/.exec(path);
  const api = /^\/api\/datasets\/([^/]+\/[^/]+)(?:\/(preupload|commit|revision)\/(.+))?$/.exec(path);
  const repo = ctx.repos.get(lfs?.[1] ?? api?.[1] ?? '');
  if (!repo) return json(res, 404, { error: 'Repository not found' });
  if (lfs && req.method === 'POST') return lfsBatch(ctx, req, res);
  if (api && req.method === 'GET')
    return json(res, 200, {
      id: repo.id,
      private: repo.private,
      sha: repo.commits.at(-1)?.oid ?? null,
      siblings: [...repo.files.keys()].map((rfilename) => ({ rfilename })),
    });
  if (api?.[2] === 'preupload' && req.method === 'POST') return preupload(req, res);
  if (api?.[2] === 'commit' && req.method === 'POST') return commitFiles(ctx, repo, req, res);
  json(res, 404, { error: `not served by the fake Hub: ${req.method} ${path}` });
}

export async function startFakeHub(): Promise<FakeHub> {
  const ctx: Ctx = { base: '', repos: new Map(), lfsObjects: new Map() };
  const requests: ReceivedRequest[] = [];
  const faults: HubFault[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
    const fault = faults.findIndex((f) => f.method === req.method && f.path.test(req.url ?? ''));
    if (fault >= 0) {
      const [{ status, headers }] = faults.splice(fault, 1);
      // The body is read first: the client is still sending it, and an early answer resets the connection.
      return void body(req).then(() => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify({ error: `injected HTTP ${status}` }));
      });
    }
    route(ctx, req, res).catch((err: Error) => json(res, 500, { error: err.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ctx.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: ctx.base,
    received: { requests, repos: ctx.repos },
    failNext: (fault) => void faults.push(fault),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
