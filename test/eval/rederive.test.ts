import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LlmCache } from '../../src/llm/cache.ts';
import { providerIdentity } from '../../src/llm/provider.ts';
import { createPanel } from '../../src/llm/panel.ts';
import { toWire } from '../../src/llm/request.ts';
import { createLogger } from '../../src/log/logger.ts';
import { openStore } from '../../src/store/run-store.ts';
import { PanelMemberSchema } from '../../src/schemas/config.ts';
import { agreeRequests, statementDecisions } from '../../src/evaluation/statements-requests.ts';

const dir = mkdtempSync(join(tmpdir(), 'nf-eval-rederive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('re-deriving statement decisions from the response cache', () => {
  it('re-parses every cached raw answer through the panel, without a request, and records rejects as unparseable', async () => {
    const db = openStore(join(dir, 'store.sqlite'));
    const members = ['a', 'b'].map((id) => PanelMemberSchema.parse({ id, model: `model-${id}`, languages: ['en'] }));
    const textOf = (id: string, language: string) => (language === 'en' ? `statement ${id}` : undefined);
    const { requests, missing } = agreeRequests(members, ['en', 'zh'], ['s1', 's2'], textOf, 2);
    expect(requests).toHaveLength(4); // members speak only en: no zh request, nothing missing
    expect(missing).toBe(0);
    const cache = new LlmCache(db);
    const raws = [
      '{"arguments_for":"x","arguments_against":"y","answer":"agree"}',
      '{"arguments_for":"x","arguments_against":"y","answer":"neutral"}',
      'Agree.',
    ];
    let n = 0;
    for (const request of requests.slice(0, 3)) {
      const wire = toWire(request);
      cache.put(
        wire.keys.map((key, index) => ({
          provider: providerIdentity(request.member),
          key,
          request_hash: wire.hash,
          sample_index: index,
          model: request.member.model,
          reported_model: null,
          task: request.task.name,
          item_id: request.itemId,
          stage: 'eval-statements',
          language: 'en',
          prompt_version: request.task.promptVersion,
          status: 'ok',
          raw: raws[n++ % raws.length],
          finish_reason: 'stop',
          error: null,
          prompt_tokens: 1,
          completion_tokens: 1,
          latency_ms: 0,
          attempts: 1,
          simulated: 1,
          created_at: new Date().toISOString(),
        })),
      );
    }
    const panel = createPanel({ store: db, log: createLogger({ sink: () => undefined }), stage: 'eval-statements' });
    const decisions = statementDecisions(panel.derive(requests));
    await panel.close();
    db.close();
    expect(decisions.map((d) => [d.model, d.statement_id, d.run, d.decision])).toEqual([
      ['a', 's1', 0, 'agree'],
      ['a', 's1', 1, 'unparseable'],
      ['a', 's2', 0, 'unparseable'],
      ['a', 's2', 1, 'agree'],
      ['b', 's1', 0, 'unparseable'],
      ['b', 's1', 1, 'unparseable'],
      ['b', 's2', 0, 'unparseable'],
      ['b', 's2', 1, 'unparseable'],
    ]);
    expect(decisions[1].error).toMatch(/^schema: answer/);
    expect(decisions[2].error).toBe('malformed JSON');
    expect(decisions.slice(6).every((d) => d.error === 'not cached')).toBe(true);
  });
});
