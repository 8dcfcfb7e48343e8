import { meanOrNull, paretoFront } from '../stats/descriptive.ts';
import { fmt } from './html-page.ts';
import type { PactHumanAlignment } from './pact-human-alignment.ts';
import type { HumanGroupSummary, HumanStudySummary } from './pact-human-study.ts';
import type { ChartFooter } from './pact-report-charts.ts';
import { pct, type ReportSection } from './report-section.ts';
import { barChart } from '../io/svg/bar-chart.ts';
import { scatterChart } from '../io/svg/scatter.ts';

const QUESTION = { personal: 'personal choice', norm: 'norm judgment' } as const;

function humanRows(groups: HumanGroupSummary[]): string[][] {
  return groups.map((g) => [
    g.group,
    String(g.respondents),
    String(g.items),
    String(g.judgments),
    pct(g.personalCultureRate),
    pct(g.normCultureRate),
    pct(g.normPersonalGap),
    pct(g.personalAgreement),
    pct(g.normAgreement),
    String(g.missingAnswers),
  ]);
}
const HUMAN_HEADER = [
  'group',
  'respondents',
  'items',
  'judgments',
  'personal culture rate',
  'norm culture rate',
  'norm − personal',
  'personal agreement',
  'norm agreement',
  'missing answers',
];

function humanSections(h: HumanStudySummary, footer: ChartFooter): ReportSection[] {
  const countries = h.byRespondentCountry.map((g) => g.group);
  return [
    {
      title: 'Human study: culture rates and agreement per respondent country',
      note: `Share of valid answers choosing the culture option (A); agreement: mean over items of max(rate, 1 − rate).${h.unmatchedItems.length ? ` Study items not in the evaluated file (not asked): ${h.unmatchedItems.join(', ')}.` : ''}`,
      charts: [
        barChart({
          id: 'human-culture-rate',
          title: 'Human culture rate per respondent country',
          categories: countries,
          xLabel: 'respondent country',
          yDomain: [0, 1],
          yLabel: 'culture rate (share of valid answers)',
          categoryNotes: h.byRespondentCountry.map((g) => `n = ${g.respondents} resp., ${g.judgments} ans.`),
          series: [
            { name: 'personal choice', values: h.byRespondentCountry.map((g) => g.personalCultureRate) },
            { name: 'norm judgment', values: h.byRespondentCountry.map((g) => g.normCultureRate) },
          ],
          notes: [
            'Bars: share of valid answers choosing the culture option (A); n: respondents and their answers per country.',
            ...footer,
          ],
        }),
      ],
      header: HUMAN_HEADER,
      rows: humanRows([h.overall, ...h.byRespondentCountry]),
      labelColumns: 1,
    },
    {
      title: 'Human study: by relation (respondent country vs scenario country)',
      header: HUMAN_HEADER,
      rows: humanRows(h.byRelation),
      labelColumns: 1,
    },
  ];
}

/** Per model, no persona, all respondents: majority-choice alignment and distributional MAE averaged over the two questions (the paper's figure). */
export function paretoPoints(a: PactHumanAlignment) {
  const rows = a.authors.filter((r) => !r.persona && r.respondents === 'all');
  const models = [...new Set(rows.map((r) => r.model))];
  const points = models.flatMap((model) => {
    const own = rows.filter((r) => r.model === model);
    const x = meanOrNull(
      own.flatMap((r) => (r.metrics.majorityChoiceAlignment === null ? [] : [r.metrics.majorityChoiceAlignment])),
    );
    const y = meanOrNull(
      own.flatMap((r) => (r.metrics.distributionalMae === null ? [] : [r.metrics.distributionalMae])),
    );
    return x === null || y === null ? [] : [{ label: model, x, y }];
  });
  const front = new Set(
    paretoFront(
      points,
      (p) => p.x,
      (p) => p.y,
    ),
  );
  return points.map((p) => ({ ...p, onFront: front.has(p) }));
}

function paretoSection(a: PactHumanAlignment, footer: ChartFooter): ReportSection {
  const points = paretoPoints(a);
  const items = Math.max(
    0,
    ...a.authors.filter((r) => !r.persona && r.respondents === 'all').map((r) => r.metrics.items),
  );
  return {
    title: 'Majority alignment vs distributional MAE per model (Pareto front)',
    note: 'No persona, all respondents, averaged over personal choice and norm judgment. Better is right (higher alignment) and down (lower MAE); front points are dominated by no other model.',
    charts: points.length
      ? [
          scatterChart({
            id: 'pareto',
            title: 'Majority-choice alignment vs distributional MAE',
            points,
            xLabel: 'majority-choice alignment (share of answers, higher is better)',
            yLabel: 'distributional MAE (lower is better)',
            notes: [
              `Points: one model each, no persona, all respondents, mean of the two questions; n = ${items} study items. Orange, joined by the dashed line: the Pareto front.`,
              ...footer,
            ],
          }),
        ]
      : [],
    header: ['model', 'majority-choice alignment', 'distributional MAE', 'on the Pareto front'],
    rows: points.map((p) => [p.label, pct(p.x), fmt(p.y, 3), p.onFront ? 'yes' : 'no']),
    labelColumns: 1,
  };
}

function alignmentSections(a: PactHumanAlignment, footer: ChartFooter): ReportSection[] {
  const shown = a.authors.filter((r) => !r.respondents.includes('|'));
  return [
    {
      title: 'Human alignment (the authors’ metrics)',
      note: 'Model answers to the human study’s two questions (A = culture). Majority-choice alignment: share of model answer rows matching the item’s human majority (a tie counts as the culture option; an unparseable answer is a miss). Distributional MAE: mean over model rows of |model code − human culture rate|. Signed culture-rate gap: mean over items of model − human culture rate. Persona runs are compared with the matching respondent subgroup (country, age group, gender), no-persona runs with all respondents or one country’s; per-subgroup rows are in summary.json.',
      header: [
        'model',
        'question',
        'persona',
        'respondents',
        'model rows',
        'items',
        'majority-choice alignment',
        'distributional MAE',
        'signed culture-rate gap',
        'human culture rate',
        'model culture rate',
      ],
      rows: shown.map((r) => [
        r.model,
        QUESTION[r.question],
        r.persona ? 'with persona' : 'without persona',
        r.respondents,
        String(r.metrics.modelRows),
        String(r.metrics.items),
        pct(r.metrics.majorityChoiceAlignment),
        fmt(r.metrics.distributionalMae, 3),
        fmt(r.metrics.signedCultureRateGap, 3),
        pct(r.metrics.humanCultureRate),
        pct(r.metrics.modelCultureRate),
      ]),
      labelColumns: 4,
    },
    {
      title: 'Uncertainty alignment',
      note: "Pearson r over items between the respondents' majority agreement and the model's (its culture rate over its samples of the item); the paper's best is 0.24.",
      header: [
        'model',
        'question',
        'persona',
        'items',
        'uncertainty alignment r',
        'mean model agreement',
        'mean human agreement',
      ],
      rows: a.uncertainty.map((r) => [
        r.model,
        QUESTION[r.question],
        r.persona ? 'with persona' : 'without persona',
        String(r.metrics.items),
        fmt(r.metrics.correlation, 3),
        pct(r.metrics.meanModelMajorityAgreement),
        pct(r.metrics.meanHumanMajorityAgreement),
      ]),
      labelColumns: 3,
    },
    paretoSection(a, footer),
    {
      title: 'Scenario-level variants (normforge, not the authors’ metrics)',
      note: "Per scenario: the model's pooled majority against the humans' (ties on either side left out) and |model rate − human rate| averaged over scenarios.",
      header: [
        'model',
        'question',
        'persona',
        'respondents',
        'scenarios',
        'scenario-majority agreement',
        'scenario rate MAE',
      ],
      rows: a.itemLevel.map((r) => [
        r.model,
        QUESTION[r.question],
        r.persona ? 'with persona' : 'without persona',
        r.respondents,
        String(r.metrics.units),
        pct(r.metrics.majorityAlignment),
        fmt(r.metrics.rateMae, 3),
      ]),
      labelColumns: 4,
    },
  ];
}

/** The paper's section 5: the human study, and the model compared with it. */
export function humanReportSections(
  study: HumanStudySummary | null,
  alignment: PactHumanAlignment | null,
  footer: ChartFooter,
): ReportSection[] {
  return [...(study ? humanSections(study, footer) : []), ...(alignment ? alignmentSections(alignment, footer) : [])];
}
