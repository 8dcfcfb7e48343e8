import { createHash } from 'node:crypto';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { projectLanguages, promptSource, readPromptFile } from '../llm/prompts.ts';
import { DimensionSchema, type Dimension } from '../schemas/records.ts';

/**
 * The six Hofstede dimensions as Negru et al. use them: a definition and the meaning of each pole,
 * in every prompt language. Prompts are rendered from this one table, so flipping a dimension's
 * poles here changes every question (and every cache key) consistently.
 */
const LocalizedSchema = z.record(z.string(), z.string().min(1));

export const HofstedeDimensionSchema = z.strictObject({
  code: DimensionSchema,
  name: LocalizedSchema,
  definition: LocalizedSchema,
  /** What a score of +1/+2 means: agreeing with the statement leans toward this pole. */
  positivePole: LocalizedSchema,
  /** What a score of -1/-2 means. */
  negativePole: LocalizedSchema,
});
export type HofstedeDimension = z.infer<typeof HofstedeDimensionSchema>;

export const DIMENSIONS: readonly Dimension[] = DimensionSchema.options;

export const HOFSTEDE: Record<Dimension, HofstedeDimension> = {
  PDI: {
    code: 'PDI',
    name: { en: 'Power Distance', zh: '权力距离' },
    definition: {
      en: 'The extent to which the less powerful members of a society accept and expect that power is distributed unequally.',
      zh: '社会中权力较小的成员在多大程度上接受并预期权力分配不平等。',
    },
    positivePole: { en: 'acceptance of power inequality and hierarchy', zh: '接受权力不平等与等级秩序' },
    negativePole: { en: 'equalitarian values, power should be shared equally', zh: '平等主义价值观，权力应平等分享' },
  },
  IDV: {
    code: 'IDV',
    name: { en: 'Individualism', zh: '个人主义' },
    definition: {
      en: 'The degree to which people define themselves as individuals rather than as members of groups.',
      zh: '人们在多大程度上把自己视为独立的个体，而不是群体的成员。',
    },
    positivePole: { en: 'individualistic pursuit of personal goals and rights', zh: '追求个人目标与个人权利' },
    negativePole: { en: 'the greater good of groups over the individual', zh: '群体利益高于个人' },
  },
  UAI: {
    code: 'UAI',
    name: { en: 'Uncertainty Avoidance', zh: '不确定性规避' },
    definition: {
      en: 'The extent to which members of a society feel uncomfortable with uncertainty and ambiguity and try to avoid them.',
      zh: '社会成员在多大程度上对不确定性和模糊性感到不安并设法规避。',
    },
    positivePole: { en: 'high risk aversion, rules and certainty', zh: '高度规避风险，重视规则与确定性' },
    negativePole: { en: 'risk acceptance, tolerance of ambiguity', zh: '接受风险，容忍模糊性' },
  },
  MAS: {
    code: 'MAS',
    name: { en: 'Masculinity', zh: '男性化' },
    definition: {
      en: 'The degree to which a society values achievement, competition and material success over caring for others and quality of life.',
      zh: '社会在多大程度上重视成就、竞争与物质成功，而非关怀他人与生活质量。',
    },
    positivePole: {
      en: 'goal orientation, wealth, clearly defined gender roles',
      zh: '目标导向、追求财富、性别角色分明',
    },
    negativePole: {
      en: 'quality of life, caring for others, flexible gender roles',
      zh: '重视生活质量、关怀他人、性别角色灵活',
    },
  },
  LTO: {
    code: 'LTO',
    name: { en: 'Long-Term Orientation', zh: '长期导向' },
    definition: {
      en: 'The degree to which a society prioritises future rewards, perseverance and thrift over immediate results.',
      zh: '社会在多大程度上重视未来回报、坚持与节俭，而非眼前的结果。',
    },
    positivePole: { en: 'sacrifice of instant results for the long-term good', zh: '为长远利益牺牲眼前结果' },
    negativePole: { en: 'immediate gratification, short-term results', zh: '追求即时满足与短期结果' },
  },
  IND: {
    code: 'IND',
    name: { en: 'Indulgence', zh: '放纵' },
    definition: {
      en: 'The extent to which a society allows relatively free gratification of basic human desires related to enjoying life.',
      zh: '社会在多大程度上允许相对自由地满足与享受生活相关的基本欲望。',
    },
    positivePole: { en: 'life enjoyment, luxuries, showy status', zh: '享受生活、追求奢侈、炫耀地位' },
    negativePole: { en: 'modesty, self-control, restraint', zh: '谦逊、自我克制、约束' },
  },
};

/**
 * The dataset card states which LTO pole is positive, because the paper's Table 1 contradicts its
 * own worked example; derived from the table so a user who flips the poles gets a true sentence.
 */
export function ltoPoleStatement(table: Record<Dimension, HofstedeDimension> = HOFSTEDE): string {
  const positive = table.LTO.positivePole.en;
  const longTermPositive = !/immediate|short-term/i.test(positive);
  const choice = longTermPositive
    ? "so this dataset takes long-term orientation as the positive pole, against the paper's table"
    : "yet this dataset's table follows the paper's Table 1 and takes immediate gratification as the positive pole";
  return (
    `LTO polarity: positive scores mean agreement leans toward "${positive}", negative toward ` +
    `"${table.LTO.negativePole.en}". The paper's Table 1 lists "immediate gratification" as LTO's positive pole, ` +
    'but its own example scores "Governments should push to implement 100% renewable energy" LTO +2 and ' +
    `Hofstede's scale puts long-term orientation high, ${choice}.`
  );
}

/**
 * Languages every dimension is written in (the table's, and those the project adds in
 * `prompts/<lang>/dimensions.json`); a panel language outside this set cannot be prompted.
 */
export function hofstedeLanguages(table: Record<Dimension, HofstedeDimension> = HOFSTEDE): string[] {
  const perDim = DIMENSIONS.map((d) => {
    const e = table[d];
    return [e.name, e.definition, e.positivePole, e.negativePole]
      .map((l) => Object.keys(l))
      .reduce((a, b) => a.filter((x) => b.includes(x)));
  });
  const written = perDim.reduce((a, b) => a.filter((x) => b.includes(x)));
  return [...new Set([...written, ...projectDimensionLanguages()])];
}

/**
 * Content hash of the table (and of the project's dimension texts, when it has any), folded into
 * prompt versions so editing a pole invalidates labels.
 */
export function hofstedeVersion(table: Record<Dimension, HofstedeDimension> = HOFSTEDE): string {
  const hash = createHash('sha256').update(JSON.stringify(table));
  for (const language of projectDimensionLanguages())
    hash.update(`\u0000${language}\u0000${readPromptFile(dimensionsFile(language))}`);
  return hash.digest('hex').slice(0, 12);
}

/** One dimension's text in one language, for prompt variables: the project's texts for that language win. */
export function dimensionText(
  dim: Dimension,
  language: string,
): { code: Dimension; name: string; definition: string; positive: string; negative: string } {
  const own = projectDimensionTexts(language)?.[dim];
  if (own)
    return {
      code: dim,
      name: own.name,
      definition: own.definition,
      positive: own.positivePole,
      negative: own.negativePole,
    };
  const e = HOFSTEDE[dim];
  return {
    code: dim,
    name: e.name[language],
    definition: e.definition[language],
    positive: e.positivePole[language],
    negative: e.negativePole[language],
  };
}

/** A project's dimension texts for one language: every dimension, each field written. */
export const DimensionTextsSchema = z.record(
  DimensionSchema,
  z.strictObject({
    name: z.string().min(1),
    definition: z.string().min(1),
    positivePole: z.string().min(1),
    negativePole: z.string().min(1),
  }),
);
export type DimensionTexts = z.infer<typeof DimensionTextsSchema>;

/** Where a project keeps a language's dimension texts (relative to its `prompts/` folder). */
export const dimensionsFile = (language: string) => `${language}/dimensions.json`;

/** The dimension-text files the project writes for these languages (fingerprinted and reviewed like templates). */
export function projectDimensionFiles(languages: readonly string[]): string[] {
  return languages.filter((l) => promptSource(dimensionsFile(l)).origin === 'project').map(dimensionsFile);
}

function projectDimensionLanguages(): string[] {
  return projectLanguages().filter((l) => promptSource(dimensionsFile(l)).origin === 'project');
}

const parsedTexts = new Map<string, DimensionTexts>();

/** The project's `prompts/<lang>/dimensions.json`, validated (kept per text: prompts ask for it per request). */
function projectDimensionTexts(language: string): DimensionTexts | undefined {
  const source = promptSource(dimensionsFile(language));
  if (source.origin !== 'project') return undefined;
  const text = readPromptFile(source.rel) ?? '';
  const known = parsedTexts.get(text);
  if (known) return known;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError(`not valid JSON: ${(err as Error).message}`, { file: source.file });
  }
  const parsed = DimensionTextsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`dimension texts: ${issue?.message}`, { file: source.file, field: issue?.path.join('.') });
  }
  parsedTexts.set(text, parsed.data);
  return parsed.data;
}
