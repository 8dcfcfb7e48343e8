import type { z } from 'zod';
import { UserError } from '../errors.ts';
import { readCsv } from '../io/csv.ts';
import { HumanResponseRowSchema, HumanScoreRowSchema, type HumanResponseRow, type HumanScoreRow } from './records.ts';
import { withFrameworkDimensions } from '../schemas/framework.ts';

async function readRows<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S>[]> {
  const rows: z.infer<S>[] = [];
  for await (const { line, values } of readCsv(file)) {
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserError(issue.message, { file, line, column: String(issue.path[0] ?? '') || undefined });
    }
    rows.push(parsed.data);
  }
  return rows;
}

/**
 * Human country scores (`country,dimension,score`, optional `source` column cited by the report);
 * a dimension the framework does not have is refused with its line.
 */
export function readHumanScores(
  file: string,
  framework: { id: string; dimensions: ReadonlyArray<{ code: string }> },
): Promise<HumanScoreRow[]> {
  return readRows(file, withFrameworkDimensions(HumanScoreRowSchema, framework));
}

/** Human study answers (`scenario_id,respondent_country,personal_choice,norm_judgment`). */
export function readHumanResponses(file: string): Promise<HumanResponseRow[]> {
  return readRows(file, HumanResponseRowSchema);
}
