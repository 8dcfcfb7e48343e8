import { DIMENSIONS, HOFSTEDE, ltoPoleStatement } from '../statements/hofstede.ts';

/** The dimensions and their poles as the prompts used them, so the card's text cannot drift from them. */
export function hofstedeSection(): string {
  const rows = DIMENSIONS.map((d) => {
    const e = HOFSTEDE[d];
    return `| ${d} | ${e.name.en} | ${e.positivePole.en} | ${e.negativePole.en} |`;
  });
  return [
    '**Dimensions and poles** (a positive score means agreeing with the statement leans toward the positive pole):',
    ['| code | dimension | positive pole | negative pole |', '|---|---|---|---|', ...rows].join('\n'),
    ltoPoleStatement(),
  ].join('\n\n');
}
