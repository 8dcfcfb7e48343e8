import * as cheerio from 'cheerio';
import type { z } from 'zod';
import type { KialoStatement } from '../../schemas/records.ts';
import { API_ANSWERS, type ApiAnswerName, type GraphAnswer } from './api.ts';
import { SELECTORS } from './selectors.ts';
import type { Snapshot } from './snapshots.ts';
import { discussionPath } from './urls.ts';

export type VoteCountKind = KialoStatement['vote_count_kind'];

export type Extraction =
  | { kind: 'ok'; statements: KialoStatement[]; warnings: string[] }
  | { kind: 'layout-mismatch'; missing: string[] };

type Answers = { [K in ApiAnswerName]: z.infer<(typeof API_ANSWERS)[K]['schema']> };

function parseAnswers(snap: Snapshot, missing: string[]): Answers | undefined {
  const out: Partial<Answers> = {};
  for (const name of Object.keys(API_ANSWERS) as ApiAnswerName[]) {
    const body = snap.api[name];
    const parsed = body === undefined ? undefined : API_ANSWERS[name].schema.safeParse(safeJson(body));
    if (!parsed?.success) missing.push(`api answer "${name}"${body === undefined ? ' (not fetched by the page)' : ' (unexpected shape)'}`);
    else (out as Record<string, unknown>)[name] = parsed.data;
  }
  return missing.length ? undefined : (out as Answers);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Claim ids end in ".<n>"; theses are listed in claim order (the order Kialo's export numbers them). */
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

/**
 * Statements of one discussion snapshot. Every field comes from the rendered page, its JSON-LD
 * block or the API answers the page fetched; when a selector finds nothing the page is reported as
 * a layout mismatch and no record is made.
 */
export function extractStatements(snap: Snapshot, voteCount: VoteCountKind): Extraction {
  const $ = cheerio.load(snap.html);
  const missing: string[] = [];
  const title = $(SELECTORS.title).first().text().trim();
  if (!title) missing.push(`title (${SELECTORS.title})`);
  const selectedText = $(SELECTORS.selectedClaimText).first().text().trim();
  if (!selectedText) missing.push(`thesis text (${SELECTORS.selectedClaimText})`);
  const answers = parseAnswers(snap, missing);
  if (!answers || missing.length) return { kind: 'layout-mismatch', missing };

  const warnings: string[] = [];
  const { root, theses } = thesisLocations(answers.discussiongraph);
  if (!root || theses.length === 0) return { kind: 'layout-mismatch', missing: ['thesis location (discussiongraph has no relation-0 child of the root)'] };
  const claimText = (targetId: string) => answers.discussiongraph.claims.find((c) => c.id === targetId)?.text.trim() ?? '';
  const multi = answers.discussion.discussion.isMultipleChoice ?? theses.length > 1;
  const focusText = multi ? claimText(root.targetId) : claimText(theses[0].targetId);
  if (focusText !== selectedText) warnings.push(`page shows "${selectedText}" but the discussion graph says "${focusText}"`);
  const ld = jsonLdText($);
  if (ld === undefined) warnings.push('no JSON-LD QAPage block');
  else if (ld !== selectedText) warnings.push(`JSON-LD says "${ld}" but the page shows "${selectedText}"`);

  const histograms = answers.votes.votes;
  const discussionTotal = sum(answers.statistics.participantStatistics.map((p) => p.voteCount));
  const histogramsTotal = sum(Object.values(histograms).map(sum));
  if (discussionTotal !== histogramsTotal) warnings.push(`participants' votes (${discussionTotal}) differ from the histograms' total (${histogramsTotal})`);
  if (!multi) {
    const shown = $(SELECTORS.selectedClaimHistogram).map((_, e) => Number($(e).text().trim())).get();
    const thesisHist = histograms[theses[0].id] ?? [];
    if (shown.length && sum(shown) !== sum(thesisHist)) warnings.push(`page histogram (${sum(shown)}) differs from the votes answer (${sum(thesisHist)})`);
  }

  const id = answers.discussion.discussion.id;
  const url = new URL(discussionPath(title, id), snap.meta.final_url).toString();
  const language = answers.discussion.discussion.language ?? $('html').attr('lang') ?? null;
  const statements = theses.map((loc, i): KialoStatement => ({
    statement_id: multi ? `${id}.${i + 1}` : String(id),
    discussion_id: id,
    url,
    title,
    thesis: multi ? claimText(loc.targetId) : selectedText,
    thesis_claim_id: loc.targetId,
    language,
    votes: voteCount === 'thesis' ? sum(histograms[loc.id] ?? []) : discussionTotal,
    vote_count_kind: voteCount,
    topics: answers.discussion.discussion.tags ?? [],
    scraped_at: snap.meta.fetched_at,
    html_path: snap.htmlPath,
    source: 'scrape',
  }));
  return { kind: 'ok', statements, warnings };
}
