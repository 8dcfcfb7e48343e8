/** What the PACT report's behaviour charts share: their footer, whisker and n notes, and distinct names in order. */

/** What every chart says under its legend: where the data come from (by name), and whether they are simulated. */
export type ChartFooter = string[];

export const uniq = (values: string[]) => [...new Set(values)];
export const WILSON = 'Whiskers: 95% Wilson score interval.';
export const nNote = (ns: Array<number | null>) => `n = ${ns.map((n) => (n === null ? '–' : String(n))).join(' / ')}`;
