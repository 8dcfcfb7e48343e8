import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LlmCache, type CacheRow } from '../src/llm/cache.ts';
import { providerIdentity } from '../src/llm/provider.ts';
import { createPanel } from '../src/llm/panel.ts';
import { toWire } from '../src/llm/request.ts';
import type { LlmRequest } from '../src/llm/types.ts';
import { createLogger } from '../src/log/logger.ts';
import { openStore, type Db } from '../src/store/run-store.ts';
import { PanelMemberSchema } from '../src/schemas/config.ts';
import { countryByIso2 } from '../src/pact/countries.ts';
import { seededUnit } from '../src/pact/seeded.ts';
import { summarisePact } from '../src/evaluation/pact-analysis.ts';
import { pactHumanAlignment } from '../src/evaluation/pact-human-alignment.ts';
import { humanStudySummary } from '../src/evaluation/pact-human-study.ts';
import type { EvalPactItem } from '../src/evaluation/pact-items.ts';
import { pactHtml, pactMarkdown } from '../src/evaluation/pact-report.ts';
import {
  decisionRequests,
  humanStudyItems,
  humanStudyRequests,
  respondentPersonas,
  toDecisions,
  type PactRequests,
} from '../src/evaluation/pact-requests.ts';
import { HumanResponseRowSchema, type HumanResponseRow } from '../src/evaluation/records.ts';

const MODELS = ['gpt-4.1', 'llama-3-70b-instruct', 'deepseek-r1', 'qwen-2.5-72b'];
const COUNTRIES = ['JP', 'IN', 'US', 'FR', 'KE', 'BR', 'AU', 'EG', 'DE', 'MX', 'CN', 'NG'];
const HUMAN_COUNTRIES = ['BR', 'IN', 'ZA', 'GB', 'US'];
// 3,058 items × 2 system prompts × 4 demographic conditions × 4 models = 97,856 decisions, plus
// 30 study items × 2 questions × (1 + 20 personas) × 4 models = 5,040 human-study answers: 102,896.
const ITEMS = 3058;
const STUDY_ITEMS = 30;
const UNPARSEABLE_SHARE = 0.02;

const members = MODELS.map((id) => PanelMemberSchema.parse({ id, model: id }));
const silent = createLogger({ sink: () => undefined });

function item(i: number): EvalPactItem {
  const receiver = COUNTRIES[i % COUNTRIES.length];
  const relation = (['same', 'close', 'far'] as const)[i % 3];
  const actor = relation === 'same' ? receiver : COUNTRIES[(i * 5 + 1) % COUNTRIES.length];
  const cultureFirst = seededUnit('bench-pact', `order:${i}`) < 0.5;
  const [culture, preference] = [`Take off the shoes at the door (${i})`, `Keep the sneakers on inside (${i})`];
  return {
    instance_id: `normad:${i >> 2}:${i}`,
    scenario_id: `normad:${i >> 2}`,
    source: i % 5 ? 'normad' : 'cultureatlas',
    configuration: (['C1', 'C2', 'C3'] as const)[(i >> 1) % 3],
    relation,
    preference_type: (['convenience', 'habit', 'value-style'] as const)[i % 3],
    actor_country: actor,
    actor_region: countryByIso2(actor)!.region,
    receiver_country: receiver,
    receiver_region: countryByIso2(receiver)!.region,
    actor: { age: i % 2 ? 'younger' : 'older', gender: (i >> 2) % 2 ? 'female' : 'male' },
    receiver: { age: (i >> 3) % 2 ? 'younger' : 'older', gender: (i >> 4) % 2 ? 'female' : 'male' },
    scenario: `A guest visits a home (case ${i}).`,
    norm: 'guests take off their shoes',
    preference: 'the guest would rather keep the sneakers on',
    option_a: cultureFirst ? culture : preference,
    option_b: cultureFirst ? preference : culture,
    culture_option: cultureFirst ? 'A' : 'B',
  };
}

function humans(items: readonly EvalPactItem[]): HumanResponseRow[] {
  const rows: HumanResponseRow[] = [];
  for (let s = 0; s < STUDY_ITEMS; s++)
    for (const country of HUMAN_COUNTRIES)
      for (let r = 0; r < 10; r++) {
        const u = (k: string) => (seededUnit('bench-humans', `${s}:${country}:${r}:${k}`) < 0.6 ? 'A' : 'B');
        rows.push(
          HumanResponseRowSchema.parse({
            scenario_item_id: items[s * 4].scenario_id,
            respondent_id: `${country}-${r}`,
            respondent_country: country,
            respondent_age_bucket: r % 2 ? 'younger' : 'older',
            respondent_gender: r % 3 ? 'female' : 'male',
            human_personal: u('p'),
            human_norm: u('n'),
          }),
        );
      }
  return rows;
}

function rawAnswer(key: string): string {
  const u = seededUnit('bench-eval-pact', key);
  if (u < UNPARSEABLE_SHARE) return 'Both options have merit.';
  return JSON.stringify({ reasoning: 'weighed the norm against the preference', choice: u < 0.5 ? 'A' : 'B' });
}

function requestsFor(items: readonly EvalPactItem[], study: readonly HumanResponseRow[]): PactRequests {
  const out: PactRequests = { requests: [], asked: new Map() };
  decisionRequests(
    out,
    members,
    items,
    ['no-balance', 'balance'],
    ['full_demo', 'age_only', 'gender_only', 'no_demo'],
    1,
  );
  humanStudyRequests(out, members, humanStudyItems(items, study), respondentPersonas(study), 1);
  return out;
}

/** The cache as a finished `eval-pact` run leaves it: one raw answer per sample under the stage's own keys. */
function fillCache(db: Db, requests: readonly LlmRequest<unknown>[]): number {
  const cache = new LlmCache(db);
  const created = new Date().toISOString();
  let rows: CacheRow[] = [];
  let stored = 0;
  for (const request of requests) {
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
        stage: 'eval-pact',
        language: request.language,
        prompt_version: request.task.promptVersion,
        status: 'ok',
        raw: rawAnswer(key),
        finish_reason: 'stop',
        error: null,
        prompt_tokens: wire.inputTokens,
        completion_tokens: 30,
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
 * Re-deriving the PACT evaluation from a warm cache of 100,000+ raw answers, as a rerun after a
 * parser or analysis change does: rebuild the stage's requests, re-parse every answer through the
 * panel's `derive`, then every analysis (section 4 rates, deltas, regions, flips, entropy, the
 * regressions; the human study and the authors' alignment) and both reports. No request is made.
 */
export async function benchEvalPact(): Promise<Array<{ name: string; value: number; unit: string; target: string }>> {
  const dir = mkdtempSync(join(tmpdir(), 'nf-bench-eval-pact-'));
  const db = openStore(join(dir, 'store.sqlite'));
  try {
    const items = Array.from({ length: ITEMS }, (_, i) => item(i));
    const study = humans(items);
    const answers = fillCache(db, requestsFor(items, study).requests);
    const start = performance.now();
    const panel = createPanel({ store: db, log: silent, stage: 'eval-pact' });
    const { requests, asked } = requestsFor(items, study);
    const decisions = toDecisions(panel.derive(requests), asked);
    const analysis = summarisePact(decisions);
    const summary = {
      dataset: 'pact' as const,
      simulated: true,
      input: 'bench',
      models: members.map((m) => ({ id: m.id, model: m.model, simulated: true })),
      conditions: [],
      sample: null,
      analysis,
      humanStudy: humanStudySummary(study, items),
      alignment: pactHumanAlignment(decisions, study),
    };
    const html = pactHtml(summary);
    pactMarkdown(summary);
    const seconds = (performance.now() - start) / 1000;
    await panel.close();
    const notCached = decisions.filter((d) => d.error === 'not cached').length;
    if (
      decisions.length !== answers ||
      answers < 100_000 ||
      notCached > 0 ||
      analysis.decisions.unknown === 0 ||
      analysis.regressions.length !== MODELS.length + 1 ||
      !html.includes('Pareto')
    ) {
      throw new Error(
        `bench eval-pact: derived ${decisions.length} of ${answers} answers (${notCached} not cached, ${analysis.decisions.unknown} unknown)`,
      );
    }
    return [
      { name: 'eval_pact_rederive_answers', value: answers, unit: 'count', target: '>=100000' },
      { name: 'eval_pact_rederive_100k_s', value: Number(seconds.toFixed(2)), unit: 's', target: '<5' },
    ];
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
