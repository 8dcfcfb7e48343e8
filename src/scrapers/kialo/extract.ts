import type { z } from 'zod';
import type { KialoStatement, VoteCountKind } from '../../schemas/records.ts';
import { API_ANSWERS, API_ANSWER_NAMES, type ApiAnswerName, type GraphAnswer } from './api.ts';
import { crossCheckPage } from './cross-check.ts';
import { claimText, thesisLocations, type ThesisLocations } from './graph.ts';
import type { Snapshot } from './snapshots.ts';
import type { Selectors } from './surface.ts';
import { cleanThesis, statementIdOf } from './thesis-text.ts';

export type { VoteCountKind };

export type Extraction =
  /** `layout` lists what the rendered page lacked (selectors no longer fit); `warnings` every other disagreement. */
  | { kind: 'ok'; statements: KialoStatement[]; warnings: string[]; layout: string[] }
  /** An API answer does not have the shape we read: Kialo changed its API (fix the schemas or endpoints, then --reparse). */
  | { kind: 'layout-mismatch'; missing: string[] }
  /** An API answer the chosen vote count needs was not fetched (rate limit, server error): nothing changed, fetch again. */
  | { kind: 'api-missing'; missing: string[] };

type Answers = { [K in ApiAnswerName]: z.infer<(typeof API_ANSWERS)[K]['schema']> };

/** The answers every statement needs, plus the one its vote count is read from. */
export function neededAnswers(voteCount: VoteCountKind): ApiAnswerName[] {
  return ['discussion', 'discussiongraph', voteCount === 'thesis' ? 'votes' : 'statistics'];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseAnswers(snap: Snapshot, missing: string[]): Partial<Answers> {
  const out: Partial<Answers> = {};
  for (const name of API_ANSWER_NAMES) {
    const body = snap.api[name];
    if (body === undefined) continue;
    const parsed = API_ANSWERS[name].schema.safeParse(safeJson(body));
    if (!parsed.success)
      missing.push(
        `api answer "${name}" (unexpected shape at ${parsed.error.issues[0].path.join('.') || 'top level'})`,
      );
    else Object.assign(out, { [name]: parsed.data });
  }
  return out;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const histogramOf = (answers: Partial<Answers>, loc: { id: string; targetId: string }) =>
  answers.votes?.votes[loc.id] ?? answers.votes?.votes[loc.targetId];

/** The vote count of one thesis, of the chosen kind; undefined when its answer lacks the field. */
function votesOf(
  kind: VoteCountKind,
  answers: Partial<Answers>,
  loc: { id: string; targetId: string },
): number | undefined {
  if (kind === 'thesis') return sum(histogramOf(answers, loc) ?? []);
  if (kind === 'participants') return answers.statistics?.participantStatistics.length;
  return answers.statistics?.voteCount;
}

/** Disagreements between the API answers and the listing row: reported, never a reason to drop a statement. */
function apiWarnings(answers: Partial<Answers>, snap: Snapshot): string[] {
  const warnings: string[] = [];
  const total = answers.statistics?.voteCount;
  const row = snap.meta.listing;
  if (total !== undefined && row?.voteCount !== undefined && row.voteCount !== total)
    warnings.push(`listing voteCount (${row.voteCount}) differs from the statistics total (${total})`);
  const histograms = answers.votes?.votes;
  if (total !== undefined && histograms) {
    const cast = sum(Object.values(histograms).map(sum));
    if (cast !== total) warnings.push(`statistics total (${total}) differs from the votes histograms' total (${cast})`);
  }
  return warnings;
}

const isTransient = (status: number) => status === 429 || status >= 500;

/**
 * A missing answer the vote count needs: `api-missing` when it failed for a while (429/5xx: fetch
 * again), `layout-mismatch` when the endpoint answered otherwise (a 404: renamed?) or was never fetched.
 */
function absentAnswers(snap: Snapshot, voteCount: VoteCountKind): Extraction | undefined {
  const absent = neededAnswers(voteCount).filter((name) => snap.api[name] === undefined);
  if (absent.length === 0) return undefined;
  const status = (name: ApiAnswerName) => snap.meta.api_failures?.[name];
  const transient = absent.filter((name) => isTransient(status(name) ?? 0));
  if (transient.length)
    return { kind: 'api-missing', missing: transient.map((name) => `api answer "${name}" (HTTP ${status(name)})`) };
  const missing = absent.map((name) =>
    status(name) === undefined
      ? `api answer "${name}" (not fetched)`
      : `api answer "${name}" (HTTP ${status(name)}: endpoint renamed? set sources.kialo.endpoints.${name})`,
  );
  return { kind: 'layout-mismatch', missing };
}

/**
 * Statements of one discussion snapshot, from its API answers: the theses are the relation-0
 * children of the graph's root, the title, language and tags come from the discussion answer (the
 * listing row fills what it lacks), the votes from the chosen count. When the page was rendered,
 * its DOM and JSON-LD are compared with the API: disagreements are warnings, the statements stay.
 */
export function extractStatements(snap: Snapshot, voteCount: VoteCountKind, selectors: Selectors): Extraction {
  const absent = absentAnswers(snap, voteCount);
  if (absent) return absent;
  const missing: string[] = [];
  const answers = parseAnswers(snap, missing);
  const { discussion, discussiongraph: graph } = answers;
  if (!discussion || !graph) return { kind: 'layout-mismatch', missing };
  const located = thesisLocations(graph);
  if (!located) missing.push('thesis location (the discussiongraph has no relation-0 child of its root)');
  const firstVotes = located && votesOf(voteCount, answers, located.theses[0]);
  if (located && firstVotes === undefined)
    missing.push(
      `api answer "statistics" (no ${voteCount === 'participants' ? 'participantStatistics' : 'voteCount'})`,
    );
  if (missing.length || !located) return { kind: 'layout-mismatch', missing };

  const multi = discussion.discussion.isMultipleChoice ?? located.theses.length > 1;
  const statements = buildStatements(snap, voteCount, answers as Answers, graph, located, multi);
  const warnings = apiWarnings(answers, snap);
  const page =
    snap.html === undefined
      ? { warnings: [], layout: [] }
      : crossCheckPage(
          snap.html,
          selectors,
          pageExpectations(discussion.discussion.title, graph, located, multi, answers),
        );
  return { kind: 'ok', statements, warnings: [...warnings, ...page.warnings], layout: page.layout };
}

function pageExpectations(
  title: string,
  graph: GraphAnswer,
  located: ThesisLocations,
  multi: boolean,
  answers: Partial<Answers>,
) {
  const focus = multi ? located.root : located.theses[0];
  return {
    title,
    focusText: claimText(graph, focus),
    focusKind: multi ? ('question' as const) : ('thesis' as const),
    histogram: multi ? undefined : histogramOf(answers, focus),
  };
}

function buildStatements(
  snap: Snapshot,
  voteCount: VoteCountKind,
  answers: Answers,
  graph: GraphAnswer,
  located: ThesisLocations,
  multi: boolean,
): KialoStatement[] {
  const d = answers.discussion.discussion;
  const row = snap.meta.listing;
  return located.theses.map((loc, i) => ({
    statement_id: statementIdOf(d.id, multi ? i + 1 : null),
    discussion_id: d.id,
    url: snap.meta.final_url,
    title: d.title,
    thesis: cleanThesis(claimText(graph, loc)),
    thesis_claim_id: loc.targetId,
    language: d.language ?? row?.language ?? null,
    votes: votesOf(voteCount, answers, loc) ?? null,
    vote_count_kind: voteCount,
    topics: d.tags ?? row?.tags ?? [],
    sources: [],
    scraped_at: snap.meta.fetched_at,
    html_path: snap.htmlPath,
    source: 'scrape' as const,
  }));
}
