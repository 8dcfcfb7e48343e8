import { existsSync } from 'node:fs';
import { statementLabelKey } from '../schemas/final-order.ts';
import {
  StatementLabelSchema,
  StatementReleaseRowSchema,
  VoteCountKindSchema,
  type StatementReleaseRow,
  type VoteCountKind,
} from '../schemas/records.ts';
import { detectLanguage } from '../io/language.ts';
import { sizeCategory, type CardInput } from './card.ts';
import { citationSection, NEGRU_STATEMENTS, NEGRU_UNVERIFIED } from './citations.ts';
import { fieldsTable, usageSection } from './fields-table.ts';
import { panelInfo, panelTable, type LabelLike } from './panel-info.ts';
import {
  acceptedFailuresNote,
  labelsFramework,
  producingStageRuns,
  recordedMembers,
  recordedParams,
} from './run-provenance.ts';
import { readJsonFile } from '../io/json-file.ts';
import { finalRecords, releaseConfigs, type CardContext, type ReleaseSpec } from './spec.ts';
import { byField, RowTally, type StatTable } from './statistics.ts';
import { frameworkSection } from './framework-text.ts';
import { withFrameworkDimensions } from '../schemas/framework.ts';
import { readerText } from '../statements/framework.ts';
import { promptLanguagesSection } from './prompt-languages.ts';
import { CONTESTED_RULE } from '../statements/aggregate.ts';
import { DATASETS } from '../datasets/registry.ts';

const SUMMARY = DATASETS['sociocultural-statements'].final.summary;

export const STATEMENT_TABLES: StatTable[] = [
  byField('Rows per dimension', 'dimension', [
    { name: 'contested', accepts: (r) => r.contested === true },
    { name: 'score > 0', accepts: (r) => typeof r.score === 'number' && r.score > 0 },
    { name: 'score < 0', accepts: (r) => typeof r.score === 'number' && r.score < 0 },
    { name: 'no score', accepts: (r) => r.score === null },
  ]),
  byField('Rows per relevance vote count', 'relevant_votes'),
];

/**
 * What the card says about the rows, counted as they stream past: tables, distinct counts, the
 * languages, prompt versions and the smallest released relevance vote count, and the panel as a
 * few records (one per member and flag, one per member, language and number of runs) that
 * `panelInfo` reads as it would read every row.
 */
class StatementFacts {
  readonly tally = new RowTally(STATEMENT_TABLES, ['statement_id', 'discussion_id', 'dimension']);
  readonly voteLanguages = new Set<string>();
  /** The languages of the released texts, as detected per row: the card's `language:`. */
  readonly textLanguages = new Set<string>();
  readonly promptVersions = new Set<string>();
  minRelevantVotes: number | undefined;
  private readonly panel = new Map<string, LabelLike>();

  add(row: StatementReleaseRow): void {
    this.tally.add(row);
    if (row.language !== null) this.textLanguages.add(row.language);
    this.promptVersions.add(row.prompt_version);
    if (row.relevant) this.minRelevantVotes = Math.min(this.minRelevantVotes ?? Infinity, row.relevant_votes);
    for (const model of row.models) {
      const key = JSON.stringify(['member', model, row.simulated]);
      if (!this.panel.has(key)) this.panel.set(key, { models: [model], votes: [], simulated: row.simulated });
    }
    for (const vote of row.votes) {
      this.voteLanguages.add(vote.language);
      const key = JSON.stringify(['vote', vote.model, vote.language, vote.answers.length]);
      if (!this.panel.has(key)) this.panel.set(key, { models: [], votes: [vote], simulated: false });
    }
  }

  panelRecords(): LabelLike[] {
    return [...this.panel.values()];
  }
}

/** What each `vote_count_kind` counts, for the card's reader. */
const VOTE_COUNT_MEANING: Record<VoteCountKind, string> = {
  'discussion-total': "every vote cast in the discussion (the statistics answer's total)",
  participants: 'the people who took part in the discussion',
  thesis: 'the veracity votes on the thesis itself',
};

/** The vote filter, and the paper's unstated choice of count said out loud (reference/kialo.md, "What votes means"). */
export function voteCountSentence(minVotes: number, kind: VoteCountKind): string {
  return (
    `Discussions are kept when they have at least ${minVotes} votes, counted as \`${kind}\`: ${VOTE_COUNT_MEANING[kind]}; each record names its count in \`vote_count_kind\`. ` +
    'The Sociocultural Statements paper drops "debates with a vote count of less than 3" without saying which count; normforge reads it by default as the discussion\'s total votes, the most plausible reading (`participants` and `thesis` are the other choices).'
  );
}

function buildSection(ctx: CardContext, facts: StatementFacts): string {
  const scrape = recordedParams(ctx.ws, 'scrape-kialo');
  const filter = recordedParams(ctx.ws, 'filter-votes');
  const llmRuns = producingStageRuns(ctx.ws, ['translate', 'judge-relevance', 'judge-polarity']);
  const panel = recordedMembers(llmRuns);
  const promptVersions = [...facts.promptVersions].sort();
  const summaryFile = ctx.ws.path(SUMMARY);
  const summary = existsSync(summaryFile) ? `\n\n${buildSummaryLine(readJsonFile(summaryFile))}` : '';
  return (
    [
      sourceLine(scrape, filter),
      '**Panel.** Each statement is shown to every panel member in each of its languages, several runs each:',
      panelTable(panelInfo(facts.panelRecords(), panel)),
      `**Prompt versions** (content hashes of the prompt templates): ${promptVersions.map((v) => `\`${v}\``).join(', ') || 'none recorded'}.`,
      promptLanguagesSection(llmRuns),
      [
        '**Aggregation.**',
        '- Per (model, language) the vote is the mode of its runs; unparseable answers count as missing, never guessed.',
        `- Relevance: a (statement, dimension) pair is released when \`relevant_votes\` reaches the panel threshold (by default half the member x language vote slots, rounded up); the smallest \`relevant_votes\` among released rows is ${facts.minRelevantVotes ?? 'n/a'}.`,
        '- Polarity: members vote on a -2..+2 scale without 0; `score` is null when no valid vote was cast.',
        `- Polarity label and the contested rule: ${CONTESTED_RULE}`,
        '- The full vote distribution (who voted what, in which language, every run) is in `votes`.',
      ].join('\n'),
      acceptedFailuresNote(llmRuns),
      frameworkSection(labelsFramework(ctx.ws)),
    ]
      .filter(Boolean)
      .join('\n\n') + summary
  );
}

/** Where the statements came from and the vote rule, as the scrape and filter runs recorded them. */
function sourceLine(scrape: Record<string, unknown> | undefined, filter: Record<string, unknown> | undefined): string {
  const site = scrape
    ? sourceOf(String(scrape.baseUrl))
    : 'Debates from Kialo (no scrape run is recorded in this workspace: the statements were imported from its export files).';
  const kind = VoteCountKindSchema.safeParse(scrape?.voteCount);
  const minVotes = Number(filter?.minVotes);
  let votes = 'The vote filter run is not recorded in this workspace.';
  if (filter && kind.success) votes = voteCountSentence(minVotes, kind.data);
  else if (filter)
    votes = `Discussions are kept when they have at least ${minVotes} votes; each record names its count in \`vote_count_kind\`.`;
  return `**Source.** ${site} One statement per thesis, without footnote markers. ${votes}`;
}

/**
 * Where the debates came from, with the URLs as the site gave them: Kialo's own, or — for the
 * bundled demo and tests — a local replica whose URLs point at itself, which the card says.
 */
function sourceOf(baseUrl: string): string {
  if (/(^|\.)kialo\.com$/.test(new URL(baseUrl).hostname)) return `Debates from Kialo (${baseUrl}).`;
  return `Debates scraped from a local replica of Kialo at ${baseUrl} (the bundled demo's sample pages), not from kialo.com: the \`url\` column holds the replica's URLs, not kialo.com's.`;
}

/**
 * The licence of labels and texts. The same words in the full and the ids-only card (rehydrating
 * an ids-only release gives the full one byte for byte); the ids-only note says the texts are out.
 */
const LICENCE_AND_TEXTS =
  "The labels (votes, scores, flags) are released under CC BY 4.0; that licence covers the labels only. The statement texts (column `statement`) belong to Kialo and its contributors and remain under Kialo's terms of use (https://www.kialo.com/terms), which govern any reuse of them. Where those terms do not allow sharing the texts, share the ids-only export instead (`normforge export sociocultural-statements --ids-only`): it keeps discussion ids and URLs, from which `normforge rehydrate` restores the texts.";

/** One sentence from `assemble-statements`' summary: the mode and how many statements made it through. */
function buildSummaryLine(summary: unknown): string {
  const s = summary as {
    mode?: string;
    statements_judged?: number;
    statements_labelled?: number;
    pairs?: number;
    contested?: number;
  };
  return `**Build.** Mode \`${s.mode ?? 'unknown'}\`: ${s.statements_judged ?? '?'} statements judged, ${s.statements_labelled ?? '?'} with at least one relevant dimension, ${s.pairs ?? '?'} labelled (statement, dimension) pairs, ${s.contested ?? 0} contested.`;
}

function card(ctx: CardContext, facts: StatementFacts): CardInput {
  const { tally } = facts;
  const languages = [...facts.voteLanguages].sort();
  const textLanguages = [...facts.textLanguages].sort();
  const dimensions = tally.distinctCount('dimension');
  const framework = labelsFramework(ctx.ws);
  return {
    title: 'Sociocultural Statements (normforge rebuild)',
    simulated: ctx.simulated,
    header: {
      pretty_name: 'Sociocultural Statements',
      license: 'other',
      license_name: 'labels-cc-by-4.0-kialo-texts-restricted',
      license_link: 'https://www.kialo.com/terms',
      ...(textLanguages.length ? { language: textLanguages } : {}),
      task_categories: ['text-classification'],
      size_categories: [sizeCategory(tally.count)],
      tags: ['culture', framework.id, 'values', 'alignment', 'kialo'],
      configs: releaseConfigs(),
    },
    idsOnlyNote: ctx.idsOnly
      ? '> **Ids-only release.** The `statement` column is null: this release leaves Kialo\'s texts out (see "Licence and texts"). Run `normforge rehydrate sociocultural-statements` to restore them from the discussion URLs; the result is identical to the full release.'
      : undefined,
    sections: [
      {
        heading: 'Summary',
        body: `${tally.count} (statement, dimension) labels over ${tally.distinctCount('statement_id')} statements from ${tally.distinctCount('discussion_id')} Kialo discussions, across ${dimensions} dimensions of ${readerText(framework.name)} (the value framework, below), labelled by an LLM panel prompting in ${languages.length} language(s) (${languages.join(', ')}); the texts are in ${textLanguages.join(', ') || 'no identified language'} (column \`language\`, detected per row). Rebuilt with normforge following Negru et al.: each label records its relevance votes, its polarity votes, the median score and whether the panel was split.`,
      },
      { heading: 'How it was built', body: buildSection(ctx, facts) },
      { heading: 'Data fields', body: fieldsTable(StatementReleaseRowSchema) },
      usageSection(StatementReleaseRowSchema, 'sociocultural-statements'),
      { heading: 'Statistics', body: tally.render() },
      { heading: 'Quality control', body: ctx.qc.body },
      { heading: 'Licence and texts', body: LICENCE_AND_TEXTS },
      {
        heading: 'Limitations and intended use',
        body: "Intended for measuring which sociocultural values language models express, not for training models to hold particular values. The labels are synthetic: an LLM panel decided relevance and polarity, so they carry the panel's own cultural biases; check the quality-control section before relying on them. Kialo debaters are not a representative sample of any population, and most statements are in English.",
      },
      {
        heading: 'Citation',
        body: citationSection(`If you use this dataset, cite the paper that introduced it. ${NEGRU_UNVERIFIED}`, [
          NEGRU_STATEMENTS,
        ]),
      },
    ],
  };
}

/** The final labels with the detected language of each text; ids-only leaves the texts out. */
export const statementsSpec: ReleaseSpec = {
  dataset: 'sociocultural-statements',
  format: 'normforge',
  finalSchema: StatementLabelSchema,
  rowSchema: StatementReleaseRowSchema,
  copiesFinal: false,
  hasIdsOnly: true,
  start({ ws, idsOnly, file }) {
    const schema = withFrameworkDimensions(StatementLabelSchema, labelsFramework(ws));
    const facts = new StatementFacts();
    let simulated = false;
    return {
      async *rows(records) {
        for await (const label of finalRecords(records, schema, statementLabelKey, file)) {
          simulated ||= label.simulated;
          // detected before the text is left out, so an ids-only release keeps it
          const language = await detectLanguage(label.statement);
          const row: StatementReleaseRow = { ...label, language, ...(idsOnly ? { statement: null } : {}) };
          facts.add(row);
          yield row;
        }
      },
      simulated: () => simulated,
      card: (ctx) => card(ctx, facts),
    };
  },
};
