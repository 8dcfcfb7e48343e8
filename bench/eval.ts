import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { providerIdentity } from '../src/llm/provider.ts';
import { LlmCache, type CacheRow } from '../src/llm/cache.ts';
import { createPanel } from '../src/llm/panel.ts';
import { toWire } from '../src/llm/request.ts';
import { createLogger } from '../src/log/logger.ts';
import { openStore, type Db } from '../src/store/run-store.ts';
import { PanelMemberSchema } from '../src/schemas/config.ts';
import { builtInFramework } from '../src/statements/framework.ts';
import { agreeRequests, statementDecisions } from '../src/evaluation/statements-requests.ts';
import { summariseStatements } from '../src/evaluation/statements-summary.ts';
import { seededUnit } from '../src/pact/seeded.ts';
import { benchEvalPact } from './eval-pact.ts';

const MODELS = ['gpt-4.1', 'llama-3-70b-instruct', 'deepseek-r1', 'qwen-2.5-72b'];
const LANGUAGES = ['en', 'zh'];
const RUNS = 5;
const STATEMENTS = 2_500; // 4 models × 2 languages × 5 runs × 2,500 statements = 100,000 answers
const UNPARSEABLE_SHARE = 0.02;

const members = MODELS.map((id) => PanelMemberSchema.parse({ id, model: id }));
const ids = Array.from({ length: STATEMENTS }, (_, i) => String(i));
const framework = builtInFramework();
const labels = ids.map((id, i) => ({
  statement_id: id,
  dimension: framework.codes[i % framework.codes.length],
  score: [-2, -1, 1, 2][i % 4],
}));
const textOf = (id: string, language: string) =>
  language === 'zh'
    ? `第${id}号陈述:个人应当服从集体的决定。`
    : `Statement ${id}: individuals should defer to the group's decisions.`;
const silent = createLogger({ sink: () => undefined });

/** What a model might have said: mostly valid JSON, sometimes prose the parser must reject. */
function rawAnswer(key: string): string {
  const u = seededUnit('bench-eval', key);
  if (u < UNPARSEABLE_SHARE) return 'I would rather not take a side on this.';
  return JSON.stringify({
    arguments_for: 'It keeps the community together.',
    arguments_against: 'It silences dissent.',
    answer: u < 0.5 ? 'agree' : 'disagree',
  });
}

/** The cache as a finished `eval-statements` run leaves it: one raw answer per sample, under the keys the stage's own requests produce. */
function fillCache(db: Db): number {
  const cache = new LlmCache(db);
  const created = new Date().toISOString();
  let rows: CacheRow[] = [];
  let stored = 0;
  for (const request of agreeRequests(members, LANGUAGES, ids, textOf, RUNS).requests) {
    const wire = toWire(request);
    wire.keys.forEach((key, index) => {
      rows.push({
        provider: providerIdentity(request.member),
        key,
        request_hash: wire.hash,
        sample_index: index,
        model: request.member.model,
        reported_model: null,
        task: request.task.name,
        item_id: request.itemId,
        stage: 'eval-statements',
        language: request.language,
        prompt_version: request.task.promptVersion,
        status: 'ok',
        raw: rawAnswer(key),
        finish_reason: 'stop',
        error: null,
        prompt_tokens: wire.inputTokens,
        completion_tokens: 40,
        latency_ms: 0,
        attempts: 1,
        simulated: 1,
        created_at: created,
      });
    });
    if (rows.length >= 10_000) {
      cache.put(rows);
      stored += rows.length;
      rows = [];
    }
  }
  cache.put(rows);
  return stored + rows.length;
}

/**
 * Re-deriving an evaluation from a warm cache of 100,000 raw answers, as a rerun after a parser or
 * analysis change does: rebuild the stage's requests, read and re-parse every answer through the
 * panel's `derive`, then take the modes, score, and build Table 3 (10,000 bootstrap resamples per
 * cell) and Figure 1. No request is made.
 */
export async function benchEval(): Promise<Array<{ name: string; value: number; unit: string; target: string }>> {
  const dir = mkdtempSync(join(tmpdir(), 'nf-bench-eval-'));
  const db = openStore(join(dir, 'store.sqlite'));
  try {
    const answers = fillCache(db);
    const start = performance.now();
    const panel = createPanel({ store: db, log: silent, stage: 'eval-statements' });
    const { requests } = agreeRequests(members, LANGUAGES, ids, textOf, RUNS);
    const decisions = statementDecisions(panel.derive(requests));
    const summary = summariseStatements(decisions, labels, {
      framework,
      models: members,
      languages: LANGUAGES,
      resamples: 10_000,
      seed: 0,
      alpha: 0.05,
      onlyDiffering: false,
      human: [],
      humanSource: null,
    });
    const seconds = (performance.now() - start) / 1000;
    await panel.close();
    const notCached = decisions.filter((d) => d.error === 'not cached').length;
    if (decisions.length !== answers || notCached > 0 || summary.counts.unparseable === 0) {
      throw new Error(
        `bench eval: derived ${decisions.length} of ${answers} answers (${notCached} not cached, ${summary.counts.unparseable} unparseable)`,
      );
    }
    const pact = await benchEvalPact();
    const pactSeconds = pact.find((f) => f.unit === 's')!.value;
    // Side by side in one run: the PACT re-derivation (more analyses) against the statements one, robust to a loaded machine.
    return [
      { name: 'eval_rederive_100k_s', value: Number(seconds.toFixed(2)), unit: 's', target: '<5' },
      ...pact,
      { name: 'eval_pact_vs_statements_ratio', value: pactSeconds / seconds, unit: 'ratio', target: 'info' },
    ];
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
