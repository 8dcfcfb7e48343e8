import { z } from 'zod';
import { VoteCountKindSchema } from './records.ts';
import { canonicalLanguage, notALanguage } from './language.ts';

/** A config value that names a file; relative paths are resolved against the config file's folder. */
export const PathSchema = z.string().min(1).meta({ path: true });

/** Providers with a preset of known capabilities (src/llm/presets.ts). */
export const PROVIDERS = ['openai', 'deepseek', 'vllm', 'ollama', 'llamacpp', 'openrouter', 'together'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** Panel and evaluation members share one shape (DESIGN.md section 4). */
const PanelMemberFields = z.strictObject({
  id: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" or "-"'),
  /** OpenAI-compatible endpoint; absent means the local simulator (answers are then marked simulated). */
  baseURL: z.url().optional(),
  model: z.string().min(1),
  /** Name of the environment variable holding the key, never the key itself. */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name, not a key')
    .optional(),
  /** BCP-47 tags in their canonical spelling (checked by `checkLanguages`, which can name the member). */
  languages: z
    .array(z.string().transform((tag) => canonicalLanguage(tag) ?? tag))
    .min(1)
    .default(['en', 'zh']),
  temperature: z.number().min(0).max(2).default(1),
  runs: z.number().int().min(1).default(5),
  rpm: z.number().positive().optional(),
  tpm: z.number().positive().optional(),
  maxConcurrency: z.number().int().min(1).default(8),
  /**
   * How long one request may take before it is abandoned and retried (default 120 s). Raise it for a
   * busy local server, whose queued requests would otherwise be sent again while it still works.
   */
  timeoutMs: z.number().int().positive().optional(),
  price: z
    .strictObject({
      inputPerMTok: z.number().min(0),
      outputPerMTok: z.number().min(0),
      /** Price of prompt tokens the provider served from its prefix cache (default: the input price). */
      cachedInputPerMTok: z.number().min(0).optional(),
    })
    .default({ inputPerMTok: 0, outputPerMTok: 0 }),
  /** A known provider: fills the capabilities below that are left unset (src/llm/presets.ts). */
  provider: z.enum(PROVIDERS).optional(),
  /** `n` in one request: true = up to 128, false = one request per run; unset = negotiated. */
  supportsN: z.boolean().optional(),
  /** The provider's largest `n` (e.g. llama.cpp's slot count); unset = negotiated. */
  maxN: z.number().int().min(1).optional(),
  /** true = strict `json_schema`, false = JSON instructions only; unset = negotiated (see `structuredOutput`). */
  supportsJsonSchema: z.boolean().optional(),
  /** The structured-output mode, overriding negotiation and `supportsJsonSchema`. */
  structuredOutput: z.enum(['json_schema', 'json_object', 'instructions']).optional(),
  /** Reasoning tokens one answer is expected to spend, for plans (reasoning models; see presets.ts for the default). */
  reasoningTokensPerAnswer: z.number().int().min(0).optional(),
  /** Mode-of-runs stages ask runs in rounds and stop once the mode cannot change (same labels, fewer requests). */
  earlyStop: z.boolean().default(false),
  batch: z.boolean().default(false),
  /** Group label used by evaluation figures (e.g. "US", "CN"). */
  group: z.string().optional(),
});

/** Every language of a member is a BCP-47 tag, listed once; the issue names the member and the tag. */
function checkLanguages(member: { id: string; languages: string[] }, ctx: z.RefinementCtx): void {
  member.languages.forEach((tag, i) => {
    const problem =
      canonicalLanguage(tag) === undefined
        ? notALanguage(tag)
        : member.languages.indexOf(tag) < i
          ? `"${tag}" is listed twice`
          : undefined;
    if (problem) ctx.addIssue({ code: 'custom', path: ['languages', i], message: `member "${member.id}": ${problem}` });
  });
}

export const PanelMemberSchema = PanelMemberFields.superRefine(checkLanguages);
export type PanelMember = z.infer<typeof PanelMemberSchema>;

/** A path on the Kialo site, with `{id}` (and for the listing `{limit}`, `{skip}`; for exports `{slug}`) filled in per request. */
const EndpointSchema = z.string().regex(/^\//, 'must be a path on the site, starting with "/"');

/**
 * Overrides of the API paths the scraper calls; the defaults live in src/scrapers/kialo/surface.ts
 * (Kialo has renamed endpoints before: `/arguments?discussionId=` became `/discussiongraph`).
 */
export const KialoEndpointsSchema = z.strictObject({
  discussion: EndpointSchema.optional(),
  statistics: EndpointSchema.optional(),
  votes: EndpointSchema.optional(),
  discussiongraph: EndpointSchema.optional(),
  listing: EndpointSchema.optional(),
  page: EndpointSchema.optional(),
  export: EndpointSchema.optional(),
});

/** Overrides of the CSS selectors of the optional rendered cross-check (defaults in src/scrapers/kialo/surface.ts). */
export const KialoSelectorsSchema = z.strictObject({
  jsonLd: z.string().min(1).optional(),
  title: z.string().min(1).optional(),
  selectedClaimText: z.string().min(1).optional(),
  selectedClaimHistogram: z.string().min(1).optional(),
});

/**
 * A user's Kialo login, for the API and export downloads: a cookie file in Netscape/curl format,
 * or the name of an environment variable holding a Cookie header. Only the file's path or the
 * variable's name is configured; the cookies themselves are never logged or stored.
 */
export const KialoSessionSchema = z
  .strictObject({
    cookieFile: PathSchema.optional(),
    cookieEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name, not a cookie')
      .optional(),
  })
  .refine(
    (s) => (s.cookieFile === undefined) !== (s.cookieEnv === undefined),
    'give exactly one of cookieFile (a Netscape/curl cookie file) or cookieEnv (a variable holding a Cookie header)',
  );
export type KialoSession = z.infer<typeof KialoSessionSchema>;

export const KialoSourceSchema = z.strictObject({
  baseUrl: z.url().default('https://www.kialo.com'),
  seeds: PathSchema.optional(),
  minVotes: z.number().int().min(0).default(3),
  voteCount: VoteCountKindSchema.default('discussion-total'),
  delayMs: z.number().int().min(0).default(1000),
  concurrency: z.number().int().min(1).default(2),
  discovery: z.array(z.enum(['seeds', 'listing', 'sitemap'])).default(['seeds']),
  maxDiscussions: z.number().int().positive().optional(),
  session: KialoSessionSchema.optional(),
  endpoints: KialoEndpointsSchema.default({}),
  selectors: KialoSelectorsSchema.default({}),
});

export const CultureAtlasSourceSchema = z.strictObject({
  path: PathSchema,
  /** Maps our field names to the file's column names; defaults fit the publisher's positional layout. */
  columns: z.record(z.string(), z.string()).default({}),
});

export const ConfigSchema = z.strictObject({
  sources: z
    .strictObject({
      kialo: KialoSourceSchema.default(KialoSourceSchema.parse({})),
      normad: PathSchema.optional(),
      cultureatlas: CultureAtlasSourceSchema.optional(),
      countryAliases: PathSchema.optional(),
      countryRelations: PathSchema.optional(),
      translations: PathSchema.optional(),
    })
    .default({ kialo: KialoSourceSchema.parse({}) }),
  panel: z.array(PanelMemberSchema).min(1).optional(),
  eval: z
    .strictObject({
      models: z.array(PanelMemberSchema).min(1).optional(),
      humanScores: PathSchema.optional(),
      humanResponses: PathSchema.optional(),
      pactInput: PathSchema.optional(),
    })
    .default({}),
  /**
   * A value framework file (JSON or YAML, src/schemas/framework.ts) whose dimensions relevance,
   * polarity, evaluation, reports, QC sheets and cards use; absent means the built-in Hofstede one.
   */
  framework: PathSchema.optional(),
  budget: z.strictObject({ maxCostUsd: z.number().positive().optional() }).default({}),
  hub: z
    .strictObject({ endpoint: z.url().default('https://huggingface.co') })
    .default({ endpoint: 'https://huggingface.co' }),
  /** Per-stage parameter overrides, validated by each stage's own params schema. */
  stages: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
});
export type Config = z.infer<typeof ConfigSchema>;
