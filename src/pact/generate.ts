import { PreferenceTypeSchema, type SourceScenario } from '../schemas/records.ts';
import { seededUnit } from './seeded.ts';

export type PreferenceType = (typeof PreferenceTypeSchema.options)[number];
export const PREFERENCE_TYPES = PreferenceTypeSchema.options;

export const scenarioIdOf = (s: Pick<SourceScenario, 'source' | 'source_id'>) => `${s.source}:${s.source_id}`;

/**
 * The preference type each scenario's generation targets: scenarios are ranked by a seeded hash
 * of their id and the types dealt round-robin over that ranking, so the three types stay within
 * one of each other overall and do not depend on the input order. The model is told which
 * type to write; the stage reports both the targeted and the produced distribution.
 */
export function assignPreferenceTypes(ids: readonly string[], seed: number): Map<string, PreferenceType> {
  const ranked = [...ids].sort(
    (a, b) => seededUnit(seed, `type:${a}`) - seededUnit(seed, `type:${b}`) || a.localeCompare(b),
  );
  return new Map(ranked.map((id, rank) => [id, PREFERENCE_TYPES[rank % PREFERENCE_TYPES.length]]));
}

/** The norm a scenario is about, and the source material the generator sees, per source. */
export function generationVars(s: SourceScenario): { norm: string; source_label: string; source_material: string } {
  const f = s.fields;
  if (s.source === 'normad') {
    return {
      norm: f['Rule-of-Thumb'],
      source_label: 'NormAd-ETI (a rule-of-thumb, a story, and whether the story follows the norm)',
      source_material: [
        `Rule-of-thumb: ${f['Rule-of-Thumb']}`,
        `Story: ${f.Story}`,
        `Gold label (is the behaviour in the story acceptable?): ${f['Gold Label']}`,
      ].join('\n'),
    };
  }
  const lines = [`Assertion: ${f.assertion}`];
  if (f.positive_sample && f.positive_sample !== f.assertion)
    lines.push(`Example following the norm: ${f.positive_sample}`);
  if (f.negative_sample) lines.push(`Example breaking the norm: ${f.negative_sample}`);
  if (f.rewrite) lines.push(`Context: ${f.rewrite}`);
  return {
    norm: f.assertion,
    source_label: 'CultureAtlas (an assertion about a cultural norm, with samples)',
    source_material: lines.join('\n'),
  };
}

/** The source's own label carried into the item (NormAd Gold Label, CultureAtlas label). */
export function sourceGoldLabel(s: SourceScenario): string | null {
  return (s.source === 'normad' ? s.fields['Gold Label'] : s.fields.label) || null;
}
