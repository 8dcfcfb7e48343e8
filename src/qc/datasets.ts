import { existsSync } from 'node:fs';
import { readJsonl } from '../io/jsonl.ts';
import { UserError } from '../errors.ts';
import { StatementLabelSchema, type PactInstance, type StatementLabel } from '../schemas/records.ts';
import { withFrameworkDimensions, type RecordedFramework } from '../schemas/framework.ts';
import { readerText } from '../statements/framework.ts';
import type { Workspace } from '../workspace/workspace.ts';
import { labelsFramework } from '../release/run-provenance.ts';
import type { QcDataset } from './schemas.ts';
import { DATASETS } from '../datasets/registry.ts';
import { PACT_FINAL, readPactInstances } from '../datasets/pact-instances.ts';

/** A judgment annotators make on each item: a drop-down of allowed values. */
export interface Judgment {
  name: string;
  values: string[];
  /** Only required when another judgment has this value (e.g. `score` only when relevant = yes). */
  requiredWhen?: { judgment: string; value: string };
  help: string;
}

export interface ContextColumn {
  name: string;
  width: number;
  wrap: boolean;
  /**
   * The text being judged: shown between the id and the answers and frozen with the id, so it
   * stays in view beside the answer cells. Other context columns come after the comment.
   */
  judged: boolean;
}

/** An item of the population a QC round samples from. */
export interface QcCandidate {
  item_id: string;
  stratum: string;
  llm: Record<string, string | null>;
  context: Record<string, string>;
}

export interface QcDatasetSpec {
  dataset: QcDataset;
  finalFile: string;
  idColumn: string;
  context: ContextColumn[];
  judgments: Judgment[];
  instructions: string[];
  /** The items of the final file; `ws` tells what the build recorded (e.g. the value framework). */
  loadCandidates(file: string, ws: Workspace): Promise<QcCandidate[]>;
}

const YES_NO = ['yes', 'no'];
const yesNo = (v: boolean | null | undefined): string | null =>
  v === undefined || v === null ? null : v ? 'yes' : 'no';

/** What an annotator reads of a dimension: the framework's own name, definition and poles, as the panel was asked. */
function dimensionMeanings(framework: RecordedFramework): Map<string, string> {
  return new Map(
    framework.dimensions.map((d) => [
      d.code,
      `${readerText(d.name)}: ${readerText(d.definition)} Positive (1, 2): ${readerText(d.positivePole)}. ` +
        `Negative (-1, -2): ${readerText(d.negativePole)}.`,
    ]),
  );
}

/** Nearest point of the -2,-1,1,2 scale (no 0): the LLM score is a median and may fall between. */
export function scoreLabel(score: number | null): string | null {
  if (score === null) return null;
  const scale = [-2, -1, 1, 2];
  const best = scale.reduce((a, b) =>
    Math.abs(b - score) < Math.abs(a - score) ||
    (Math.abs(b - score) === Math.abs(a - score) && Math.abs(b) > Math.abs(a))
      ? b
      : a,
  );
  return String(best);
}

const statements: QcDatasetSpec = {
  dataset: 'sociocultural-statements',
  finalFile: DATASETS['sociocultural-statements'].final.jsonl,
  idColumn: 'item_id',
  context: [
    { name: 'statement_id', width: 14, wrap: false, judged: false },
    { name: 'dimension', width: 10, wrap: false, judged: false },
    { name: 'dimension_meaning', width: 26, wrap: true, judged: true },
    { name: 'statement', width: 60, wrap: true, judged: true },
  ],
  judgments: [
    {
      name: 'relevant',
      values: YES_NO,
      help: 'yes if the statement takes a position on this cultural dimension; no otherwise.',
    },
    {
      name: 'score',
      values: ['-2', '-1', '1', '2'],
      requiredWhen: { judgment: 'relevant', value: 'yes' },
      help:
        'where agreeing with the statement places a person on the dimension: -2 strongly toward its negative ' +
        'pole, -1 somewhat toward it, 1 somewhat toward its positive pole, 2 strongly toward it (no neutral). ' +
        'Leave blank when relevant = no.',
    },
  ],
  instructions: [
    'Each row pairs a debate statement with one dimension of a cultural value framework (its code in dimension, ' +
      'its meaning and poles in dimension_meaning) that a panel of language models judged it relevant to.',
  ],
  async loadCandidates(file, ws) {
    const framework = labelsFramework(ws);
    const meanings = dimensionMeanings(framework);
    const out: QcCandidate[] = [];
    for await (const rec of readJsonl(file, withFrameworkDimensions(StatementLabelSchema, framework))) {
      if (rec.relevant) out.push(statementCandidate(rec, meanings));
    }
    return out;
  },
};

function statementCandidate(rec: StatementLabel, meanings: ReadonlyMap<string, string>): QcCandidate {
  return {
    item_id: `${rec.statement_id}:${rec.dimension}`,
    stratum: rec.dimension,
    llm: {
      relevant: yesNo(rec.relevant),
      score: scoreLabel(rec.score),
      score_value: rec.score === null ? null : String(rec.score),
    },
    context: {
      statement_id: rec.statement_id,
      dimension: rec.dimension,
      dimension_meaning: meanings.get(rec.dimension) ?? rec.dimension,
      statement: rec.statement ?? '',
    },
  };
}

const pact: QcDatasetSpec = {
  dataset: 'pact',
  finalFile: PACT_FINAL,
  idColumn: 'scenario_id',
  context: [
    { name: 'country', width: 8, wrap: false, judged: false },
    { name: 'scenario', width: 30, wrap: true, judged: true },
    { name: 'cultural_expectation', width: 22, wrap: true, judged: true },
    { name: 'personal_preference', width: 22, wrap: true, judged: true },
    { name: 'follow_culture_option', width: 23, wrap: true, judged: true },
    { name: 'allow_preference_option', width: 25, wrap: true, judged: true },
  ],
  judgments: [
    {
      name: 'plausible',
      values: YES_NO,
      help: 'yes if a real person could plausibly hold this personal preference in this scenario.',
    },
    {
      name: 'clear',
      values: YES_NO,
      help: 'yes if the two options clearly differ: one follows the cultural expectation, the other allows the personal preference.',
    },
    {
      name: 'scenario_clear',
      values: YES_NO,
      help: 'yes if the scenario text is understandable without further context.',
    },
  ],
  instructions: [
    'Each row is one PACT scenario: a situation in a country, what the culture expects, a personal preference that conflicts with it, and two ways to act.',
  ],
  async loadCandidates(file) {
    const byScenario = new Map<string, QcCandidate>();
    for await (const rec of readPactInstances(file)) {
      if (!byScenario.has(rec.scenario_id)) byScenario.set(rec.scenario_id, pactCandidate(rec));
    }
    return [...byScenario.values()];
  },
};

function pactCandidate(rec: PactInstance): QcCandidate {
  const v = rec.validation;
  return {
    item_id: rec.scenario_id,
    stratum: `${rec.source}|${rec.country}|${rec.preference_type}`,
    llm: { plausible: yesNo(v?.plausibility), clear: yesNo(v?.clarity), scenario_clear: yesNo(v?.scenario_clarity) },
    context: {
      country: rec.country,
      scenario: rec.scenario,
      cultural_expectation: rec.cultural_expectation,
      personal_preference: rec.personal_preference,
      follow_culture_option: rec.follow_culture_option,
      allow_preference_option: rec.allow_preference_option,
    },
  };
}

const SPECS: Record<QcDataset, QcDatasetSpec> = { 'sociocultural-statements': statements, pact };

export function datasetSpec(dataset: string): QcDatasetSpec {
  const spec = SPECS[dataset as QcDataset];
  if (!spec) throw new UserError(`unknown dataset "${dataset}" (expected ${Object.keys(SPECS).join(' or ')})`);
  return spec;
}

export function requireFile(file: string, hint: string): void {
  if (!existsSync(file)) throw new UserError(`not found; ${hint}`, { file });
}

export const COMMENT_COLUMN = 'comment';

/**
 * The sheet's column order: id, the judged text, the judgments, comment, then the other context.
 * Answers sit right beside the text so an annotator never scrolls the text out of view to answer.
 */
export function sheetColumns(spec: QcDatasetSpec): string[] {
  const judged = spec.context.filter((c) => c.judged).map((c) => c.name);
  const reference = spec.context.filter((c) => !c.judged).map((c) => c.name);
  return [spec.idColumn, ...judged, ...spec.judgments.map((j) => j.name), COMMENT_COLUMN, ...reference];
}
