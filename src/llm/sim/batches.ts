import type { ServerResponse } from 'node:http';

/**
 * The simulator's Files and Batch API: an uploaded JSONL of chat-completions requests is answered
 * after `delayMs`, its results written to an output file, like OpenAI's `/v1/batches`.
 */
export interface SimFile {
  id: string;
  filename: string;
  purpose: string;
  content: string;
  created_at: number;
}

export interface SimBatch {
  id: string;
  object: 'batch';
  endpoint: string;
  input_file_id: string;
  completion_window: string;
  status: 'validating' | 'in_progress' | 'completed' | 'cancelling' | 'cancelled' | 'failed';
  created_at: number;
  output_file_id: string | null;
  error_file_id: string | null;
  request_counts: { total: number; completed: number; failed: number };
  metadata: Record<string, string> | null;
}

/** Answers one batch line; `customId` is the client's id for the line. */
export type BatchLineAnswer = (body: Record<string, unknown>, customId: string) => { status: number; body: unknown };

export class SimBatchStore {
  readonly files = new Map<string, SimFile>();
  readonly batches = new Map<string, SimBatch>();
  private counter = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  /**
   * A batch finishes `delayMs` after it is created or, given `finishWhen`, once the promise it
   * returns resolves (a test holds a batch open until it has interrupted or cancelled its run,
   * instead of racing a timer).
   */
  constructor(
    private readonly delayMs: number,
    private readonly answer: BatchLineAnswer,
    private readonly finishWhen?: () => Promise<void>,
  ) {}

  addFile(filename: string, purpose: string, content: string): SimFile {
    const file = { id: `file-sim${++this.counter}`, filename, purpose, content, created_at: now() };
    this.files.set(file.id, file);
    return file;
  }

  create(
    inputFileId: string,
    endpoint: string,
    completionWindow: string,
    metadata: Record<string, string> | null,
  ): SimBatch | undefined {
    const input = this.files.get(inputFileId);
    if (!input) return undefined;
    const lines = input.content.split('\n').filter((l) => l.trim());
    const batch: SimBatch = {
      id: `batch_sim${++this.counter}`,
      object: 'batch',
      endpoint,
      input_file_id: inputFileId,
      completion_window: completionWindow,
      status: 'in_progress',
      created_at: now(),
      output_file_id: null,
      error_file_id: null,
      request_counts: { total: lines.length, completed: 0, failed: 0 },
      metadata,
    };
    this.batches.set(batch.id, batch);
    if (this.finishWhen) {
      void this.finishWhen().then(() => this.complete(batch, lines));
      return batch;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.complete(batch, lines);
    }, this.delayMs);
    this.timers.add(timer);
    return batch;
  }

  cancel(id: string): SimBatch | undefined {
    const batch = this.batches.get(id);
    if (batch && batch.status === 'in_progress') batch.status = 'cancelled';
    return batch;
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
  }

  /** Answered lines go to the output file, refused ones (non-200) to the error file, as OpenAI splits them. */
  private complete(batch: SimBatch, lines: string[]): void {
    if (batch.status !== 'in_progress') return;
    const out: string[] = [];
    const errors: string[] = [];
    for (const line of lines) {
      const { custom_id, body } = JSON.parse(line) as { custom_id: string; body: Record<string, unknown> };
      const result = this.answer(body, custom_id);
      const record = JSON.stringify({
        id: `batch_req_${custom_id}`,
        custom_id,
        response: { status_code: result.status, request_id: custom_id, body: result.body },
        error: null,
      });
      if (result.status === 200) {
        batch.request_counts.completed += 1;
        out.push(record);
      } else {
        batch.request_counts.failed += 1;
        errors.push(record);
      }
    }
    if (out.length)
      batch.output_file_id = this.addFile(`${batch.id}_output.jsonl`, 'batch_output', `${out.join('\n')}\n`).id;
    if (errors.length)
      batch.error_file_id = this.addFile(`${batch.id}_errors.jsonl`, 'batch_output', `${errors.join('\n')}\n`).id;
    batch.status = 'completed';
  }
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
