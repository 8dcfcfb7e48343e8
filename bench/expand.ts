import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { readJsonl, writeJsonl } from '../src/io/jsonl.ts';
import { sourceSpelling } from '../src/pact/countries.ts';
import { NORMAD_SLUGS } from '../src/pact/spellings.ts';
import { expandToFiles } from '../src/pact/expand.ts';
import { createRelationPicker } from '../src/pact/relations.ts';
import { PactItemSchema, type PactItem } from '../src/schemas/records.ts';
import type { Figure } from './run.ts';

/** The paper's sizes: 2,633 NormAd-ETI + 4,007 CultureAtlas items → 318,720 instances. */
const NORMAD_ITEMS = 2_633;
const CULTUREATLAS_ITEMS = 4_007;
const CA_COUNTRIES = [
  'US',
  'IR',
  'LA',
  'VN',
  'KR',
  'RU',
  'TR',
  'BR',
  'NG',
  'KE',
  'FJ',
  'IS',
  'CL',
  'MN',
  'PE',
  'EG',
  'DE',
  'JP',
  'AU',
  'MX',
];

export function syntheticItem(k: number): PactItem {
  const normad = k < NORMAD_ITEMS;
  const iso = normad ? Object.keys(NORMAD_SLUGS)[k % 75] : CA_COUNTRIES[k % CA_COUNTRIES.length];
  const id = String(normad ? k : k - NORMAD_ITEMS);
  return {
    scenario_id: `${normad ? 'normad' : 'cultureatlas'}:${id}`,
    source: normad ? 'normad' : 'cultureatlas',
    source_id: id,
    country: iso,
    scenario: `Scenario ${k}: friends gather for a shared meal at a relative's home and must decide how to greet the hosts and where to sit before the food is served.`,
    cultural_expectation: `Guests wait to be seated by the eldest host and greet each elder individually (${k}).`,
    personal_preference: `The actor would rather greet everyone at once with a wave and sit anywhere, to keep things relaxed (${k}).`,
    preference_type: (['convenience', 'habit', 'value-style'] as const)[k % 3],
    follow_culture_option: `Wait to be seated and greet each elder individually (${k}).`,
    allow_preference_option: `Greet everyone at once and sit wherever is free (${k}).`,
    validation: { plausibility: true, clarity: true, scenario_clarity: true, reasons: [] },
    simulated: true,
    source_country: sourceSpelling(iso, normad ? 'normad' : 'cultureatlas'),
    source_gold_label: normad ? 'yes' : 'True',
  };
}

/** The paper's 6,640 items, synthetic, as `data/interim/pact-items.jsonl` holds them. */
export async function writeSyntheticItems(file: string): Promise<void> {
  await writeJsonl(
    file,
    (function* () {
      for (let k = 0; k < NORMAD_ITEMS + CULTUREATLAS_ITEMS; k++) yield syntheticItem(k);
    })(),
  );
}

/** Child mode: expand the items file into the output folder and report own peak RSS and time. */
async function child(itemsFile: string, outDir: string): Promise<void> {
  const t0 = performance.now();
  const counts = await expandToFiles(
    readJsonl(itemsFile, PactItemSchema),
    { jsonl: join(outDir, 'pact.jsonl'), parquet: join(outDir, 'pact.parquet') },
    { seed: 13, configurations: false, picker: createRelationPicker() },
  );
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ counts, ms, maxRssKb: process.resourceUsage().maxRSS }));
}

/** Expands 6,640 synthetic items to 318,720 instances (Parquet + JSONL) in a child process. */
export async function benchExpand(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'nf-bench-expand-'));
  try {
    const itemsFile = join(dir, 'pact-items.jsonl');
    await writeSyntheticItems(itemsFile);
    const tsx = join(fileURLToPath(new URL('..', import.meta.url)), 'node_modules', '.bin', 'tsx');
    const t0 = performance.now();
    const { stdout } = await promisify(execFile)(tsx, [fileURLToPath(import.meta.url), itemsFile, dir], {
      maxBuffer: 1 << 20,
    });
    const wallS = (performance.now() - t0) / 1000;
    const report = JSON.parse(stdout) as { counts: { instances: number }; ms: number; maxRssKb: number };
    return [
      { name: 'expand_instances', value: report.counts.instances, unit: 'count', target: '==318720' },
      { name: 'expand_wall_s', value: wallS, unit: 's', target: '<20' },
      { name: 'expand_peak_rss_mb', value: report.maxRssKb / 1024, unit: 'MB', target: '<500' },
      {
        name: 'expand_parquet_mb',
        value: statSync(join(dir, 'pact.parquet')).size / 2 ** 20,
        unit: 'MB',
        target: 'info',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [itemsFile, outDir] = process.argv.slice(2);
  await child(itemsFile, outDir);
}
