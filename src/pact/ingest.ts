import { basename } from 'node:path';
import { UserError } from '../errors.ts';
import { writeJsonl } from '../io/jsonl.ts';
import type { SourceScenario } from '../schemas/records.ts';
import { createCountryResolver, readCountryAliases, resolveAllCountries } from './countries.ts';
import { sha256File } from './table.ts';

const SOURCE_NAMES: Record<SourceScenario['source'], string> = { normad: 'NormAd-ETI', cultureatlas: 'CultureAtlas' };

/** A validated source row before its country is resolved. */
export interface PendingScenario {
  sourceId: string;
  sourceCountry: string;
  line?: number;
  fields: Record<string, string>;
}

/**
 * Resolves every row's country in one pass (all unmatched names reported together) and writes
 * the source scenarios, stamped with the source file's name and sha256. A file without rows is
 * refused before anything is written.
 */
export async function writeSourceScenarios(opts: {
  source: SourceScenario['source'];
  file: string;
  rows: PendingScenario[];
  aliasesFile?: string;
  target: string;
}): Promise<{ records: number; countries: number }> {
  // An empty export is a broken download or a wrong file, never "no scenarios": keep the last good output.
  if (!opts.rows.length)
    throw new UserError(
      `the file has a header but no rows; a ${SOURCE_NAMES[opts.source]} file must hold at least one scenario (the previous ingest is kept)`,
      { file: opts.file, line: 2 },
    );
  const resolver = createCountryResolver(opts.aliasesFile ? await readCountryAliases(opts.aliasesFile) : undefined);
  const firstSeen = new Map<string, { file: string; line?: number }>();
  for (const row of opts.rows)
    if (!firstSeen.has(row.sourceCountry)) firstSeen.set(row.sourceCountry, { file: opts.file, line: row.line });
  const countries = resolveAllCountries(firstSeen, resolver, 'sources.countryAliases in the config');
  const sha = await sha256File(opts.file);
  const records = opts.rows.map((row): SourceScenario => {
    const c = countries.get(row.sourceCountry)!;
    return {
      source: opts.source,
      source_id: row.sourceId,
      country: c.iso2,
      country_name: c.name,
      source_country: row.sourceCountry,
      source_file: basename(opts.file),
      source_sha256: sha,
      fields: row.fields,
    };
  });
  await writeJsonl(opts.target, records);
  return { records: records.length, countries: new Set(records.map((r) => r.country)).size };
}
