import type { IncomingMessage, ServerResponse } from 'node:http';
import { type SimBatchStore, sendJson } from './batches.ts';

/**
 * The simulator's Files and Batch endpoints over its batch store: upload a file, read one back,
 * create a batch, get or cancel it. False when `path` is none of them (the caller answers 404).
 */
export async function routeFilesAndBatches(
  batches: SimBatchStore,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  raw: Buffer,
): Promise<boolean> {
  if (req.method === 'POST' && path === '/files') {
    await uploadFile(batches, req, res, raw);
    return true;
  }
  const content = /^\/files\/([^/]+)\/content$/.exec(path);
  if (req.method === 'GET' && content) {
    const file = batches.files.get(content[1]);
    if (!file) sendJson(res, 404, { error: { message: 'no such file' } });
    else {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(file.content);
    }
    return true;
  }
  if (req.method === 'POST' && path === '/batches') {
    const b = JSON.parse(raw.toString('utf8')) as {
      input_file_id: string;
      endpoint: string;
      completion_window: string;
      metadata?: Record<string, string>;
    };
    const batch = batches.create(b.input_file_id, b.endpoint, b.completion_window, b.metadata ?? null);
    if (batch) sendJson(res, 200, batch);
    else sendJson(res, 404, { error: { message: 'no such input file' } });
    return true;
  }
  const batch = /^\/batches\/([^/]+)(\/cancel)?$/.exec(path);
  if (batch) {
    const found = batch[2] && req.method === 'POST' ? batches.cancel(batch[1]) : batches.batches.get(batch[1]);
    if (found) sendJson(res, 200, found);
    else sendJson(res, 404, { error: { message: 'no such batch' } });
    return true;
  }
  return false;
}

async function uploadFile(
  batches: SimBatchStore,
  req: IncomingMessage,
  res: ServerResponse,
  raw: Buffer,
): Promise<void> {
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
