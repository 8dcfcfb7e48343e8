import * as cheerio from 'cheerio';
import type { z } from 'zod';
import type { KialoStatement } from '../../schemas/records.ts';
import { API_ANSWERS, API_ANSWER_NAMES, type ApiAnswerName, type GraphAnswer } from './api.ts';
import { SELECTORS } from './selectors.ts';
import type { Snapshot } from './snapshots.ts';
import { statementIdOf, thesisKey } from './thesis-text.ts';
import { discussionPath } from './urls.ts';

export type VoteCountKind = KialoStatement['vote_count_kind'];

export type Extraction =
  | { kind: 'ok'; statements: KialoStatement[]; warnings: string[] }
  /** The page or an API answer does not look as the selectors and schemas expect: Kialo changed. */
  | { kind: 'layout-mismatch'; missing: string[] }
  /** An API answer the chosen vote count needs was not fetched (rate limit, server error): nothing changed, fetch again. */
  | { kind: 'api-missing'; missing: string[] };

type Answers = { [K in ApiAnswerName]: z.infer<(typeof API_ANSWERS)[K]['schema']> };

/** The answers every statement needs, plus the one its vote count is read from; the other is a cross-check when present. */
export function neededAnswers(voteCount: VoteCountKind): ApiAnswerName[] {
  return ['discussion', 'discussiongraph', voteCount === 'thesis' ? 'votes' : 'statistics'];
}

function parseAnswers(snap: Snapshot, missing: string[]): Partial<Answers> {
  const out: Partial<Answers> = {};
  for (const name of API_ANSWER_NAMES) {
    const body = snap.api[name];
    if (body === undefined) continue;
    const parsed = API_ANSWERS[name].schema.safeParse(safeJson(body));
    if (!parsed.success) missing.push(`api answer "${name}" (unexpected shape)`);
    else (out as Record<string, unknown>)[name] = parsed.data;
  }
  return out;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Claim ids end in ".<n>"; theses are listed in claim order. */
const claimNumber = (id: string) => Number(id.slice(id.lastIndexOf('.') + 1));

function thesisLocations(graph: GraphAnswer) {
  const root = graph.locations.find((l) => l.parentId === null);
  if (!root) return { root: undefined, theses: [] };
  const theses = graph.locations.filter((l) => l.parentId === root.id && l.relation === 0 && !l.isDeleted).sort((a, b) => claimNumber(a.id) - claimNumber(b.id));
  return { root, theses };
}

function jsonLdText($: cheerio.CheerioAPI): string | undefined {
  const raw = $(SELECTORS.jsonLd).first().text();
  const block = raw ? (safeJson(raw) as { mainEntity?: { text?: unknown } } | undefined) : undefined;
  return typeof block?.mainEntity?.text === 'string' ? block.mainEntity.text.trim() : undefined;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function voteWarnings($: cheerio.CheerioAPI, answers: Partial<Answers>, thesis: string | undefined): string[] {
  const histograms = answers.votes?.votes;
  if (!histograms) return [];
  const warnings: string[] = [];
  const histogramsTotal = sum(Object.values(histograms).map(sum));
  if (answers.statistics) {
    const participants = sum(answers.statistics.participantStatistics.map((p) => p.voteCount));
    if (participants !== histogramsTotal) warnings.push(`participants' votes (${participants}) differ from the histograms' total (${histogramsTotal})`);
  }
  if (thesis !== undefined) {
    const shown = $(SELECTORS.selectedClaimHistogram).map((_, e) => Number($(e).text().trim())).get();
    const thesisHist = histograms[thesis] ?? [];
    if (shown.length && sum(shown) !== sum(thesisHist)) warnings.push(`page histogram (${sum(shown)}) differs from the votes answer (${sum(thesisHist)})`);
  }
  return warnings;
}

/**
 * Statements of one discussion snapshot. The theses come from the discussion graph's relation-0
 * locations; the rendered page is the cross-check (the claim it shows selected must be the thesis,
 * or the question of a multi-thesis discussion), so a page opened on some other claim, or a layout
 * the selectors no longer fit, is reported as a layout mismatch and gives no record. A missing API
 * answer that the vote count needs is reported as such (fetch again), not as a layout change.
 */
export function extractStatements(snap: Snapshot, voteCount: VoteCountKind): Extraction {
  const absent = neededAnswers(voteCount).filter((name) => snap.api[name] === undefined);
  const failed = absent.filter((name) => snap.meta.api_failures?.[name] !== undefined);
  if (failed.length) return { kind: 'api-missing', missing: failed.map((name) => `api answer "${name}" (HTTP ${snap.meta.api_failures![name]})`) };
  // An answer the page never asked for means the app no longer calls that endpoint: a layout change.
  const missing = absent.map((name) => `api answer "${name}" (not fetched by the page)`);
  const $ = cheerio.load(snap.html);
  const title = $(SELECTORS.title).first().text().trim();
  if (!title) missing.push(`title (${SELECTORS.title})`);
  const selectedText = $(SELECTORS.selectedClaimText).first().text().trim();
  if (!selectedText) missing.push(`thesis text (${SELECTORS.selectedClaimText})`);
  const answers = parseAnswers(snap, missing);
  if (missing.length) return { kind: 'layout-mismatch', missing };
  const { discussion, discussiongraph: graph } = answers as Pick<Answers, 'discussion' | 'discussiongraph'>;

  const { root, theses } = thesisLocations(graph);
  if (!root || theses.length === 0) return { kind: 'layout-mismatch', missing: ['thesis location (discussiongraph has no relation-0 child of the root)'] };
  const claimText = (targetId: string) => graph.claims.find((c) => c.id === targetId)?.text.trim() ?? '';
  const multi = discussion.discussion.isMultipleChoice ?? theses.length > 1;
  const focusText = multi ? claimText(root.targetId) : claimText(theses[0].targetId);
  if (thesisKey(focusText) !== thesisKey(selectedText)) {
    return { kind: 'layout-mismatch', missing: [`${multi ? 'question' : 'thesis'} as selected claim (${SELECTORS.selectedClaimText} shows "${selectedText}", the discussion graph says "${focusText}")`] };
  }
  const warnings = voteWarnings($, answers, multi ? undefined : theses[0].id);
  const ld = jsonLdText($);
  if (ld === undefined) warnings.push('no JSON-LD QAPage block');
  else if (thesisKey(ld) !== thesisKey(selectedText)) warnings.push(`JSON-LD says "${ld}" but the page shows "${selectedText}"`);

  const discussionTotal = answers.statistics ? sum(answers.statistics.participantStatistics.map((p) => p.voteCount)) : null;
  const histograms = answers.votes?.votes ?? {};
  const id = discussion.discussion.id;
  const url = new URL(discussionPath(title, id), snap.meta.final_url).toString();
  const language = discussion.discussion.language ?? $('html').attr('lang') ?? null;
  const statements = theses.map((loc, i): KialoStatement => ({
    statement_id: statementIdOf(id, multi ? i + 1 : null),
    discussion_id: id,
    url,
    title,
    thesis: claimText(loc.targetId),
    thesis_claim_id: loc.targetId,
    language,
    votes: voteCount === 'thesis' ? sum(histograms[loc.id] ?? []) : discussionTotal,
    vote_count_kind: voteCount,
    topics: discussion.discussion.tags ?? [],
    scraped_at: snap.meta.fetched_at,
    html_path: snap.htmlPath,
    source: 'scrape',
  }));
  return { kind: 'ok', statements, warnings };
}
