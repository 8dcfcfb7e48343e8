/**
 * normforge's layers (README "Architecture", DESIGN.md §1). An import only ever points down:
 *
 *   cli          src/cli, src/demo
 *   consumers    src/recipes, src/eval, src/release, src/qc  (only recipes name stage modules)
 *   pipeline     src/pipeline                                (runner, fingerprints, staleness, locking)
 *   stages       src/stages                                  (one file per stage, and the Stage contract)
 *   domain       src/datasets, src/statements, src/pact, src/evaluation, src/scrapers, src/llm
 *   infra        src/store, src/log, src/config, src/workspace, src/io, src/hub
 *   base         src/stats, src/schemas, src/errors.ts       (pure; schemas import nothing of ours)
 *
 * test/house/layers.test.ts cruises src/ with these rules and fails on any violation.
 */
const LAYERS = {
  cli: '^src/(cli|demo)/',
  consumers: '^src/(recipes|eval|release|qc)/',
  pipeline: '^src/pipeline/',
  stages: '^src/stages/',
  domain: '^src/(datasets|statements|pact|evaluation|scrapers|llm)/',
  infra: '^src/(store|log|config|workspace|io|hub)/',
  base: '^src/(stats/|schemas/|errors\\.ts$)',
};
const ORDER = ['cli', 'consumers', 'pipeline', 'stages', 'domain', 'infra', 'base'];
const ANY_LAYER = `(${ORDER.map((name) => LAYERS[name]).join(')|(')})`;

/** One rule per layer: it may not import any layer above it. */
const upward = ORDER.slice(1).map((name, i) => ({
  name: `${name}-imports-up`,
  comment: `${name} (${LAYERS[name]}) may only import its own layer and the layers below it`,
  severity: 'error',
  from: { path: LAYERS[name] },
  to: { path: ORDER.slice(0, i + 1).map((above) => LAYERS[above]) },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'consumer-imports-stage',
      comment:
        'cli, eval, release and qc read stage outputs (the dataset registry) and provenance, never a stage ' +
        'module; the Stage contract (the types the runner implements) is the one file of src/stages they see',
      severity: 'error',
      from: { path: '^src/(cli|demo|eval|release|qc)/' },
      to: { path: LAYERS.stages, pathNot: '^src/stages/contract\\.ts$' },
    },
    {
      name: 'schemas-import-ours',
      comment: 'src/schemas is the single source of truth for shapes and imports nothing of ours',
      severity: 'error',
      from: { path: '^src/schemas/' },
      to: { path: '^src/', pathNot: '^src/schemas/' },
    },
    {
      name: 'module-outside-layers',
      comment: 'every module under src/ belongs to a layer folder',
      severity: 'error',
      from: { path: '^src/', pathNot: ANY_LAYER },
      to: {},
    },
    {
      name: 'import-outside-layers',
      comment: 'every module under src/ belongs to a layer folder',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: ANY_LAYER },
    },
    {
      name: 'no-circular',
      comment: 'modules that import each other cannot be understood, tested or layered apart',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
