import { fmt } from '../evaluation/html-page.ts';
import type { PactEvalSummary } from '../evaluation/pact-report.ts';
import type { RateCell } from '../evaluation/pact-analysis.ts';
import type { StatementsSummary } from '../evaluation/statements-report.ts';

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
const rate = (c: RateCell | undefined) => (c ? `${pct(c.rate)} [${pct(c.low)}, ${pct(c.high)}] n=${c.n}` : '–');

/** Per model: its profile in each language and the language differences that passed the test. */
export function statementsLines(s: StatementsSummary): string[] {
  const lines = [
    `${s.counts.statements} statements, ${s.counts.decisions} answers (${s.counts.unparseable} unparseable)${s.simulated ? ' — SIMULATED answers' : ''}`,
  ];
  const codes = s.framework.dimensions.map((d) => d.code);
  lines.push(`  ${'model'.padEnd(24)} lang ${codes.map((d) => d.padStart(6)).join('')}`);
  for (const row of s.table3) {
    for (const language of s.languages) {
      const cells = codes.map((d) => fmt(row.profiles[language][d].mean).padStart(6)).join('');
      lines.push(`  ${row.model.padEnd(24)} ${language.padEnd(4)} ${cells}`);
    }
    const significant = row.comparisons.flatMap((c) =>
      c.dimensions
        .filter((d) => 'significant' in d && d.significant)
        .map(
          (d) =>
            `${d.dimension} ${c.base}−${c.other} ${fmt('difference' in d ? d.difference : null)} (p=${fmt('pValue' in d ? d.pValue : null, 3)})`,
        ),
    );
    if (significant.length) lines.push(`  ${''.padEnd(24)} significant: ${significant.join(', ')}`);
  }
  return lines;
}

/** Per model: the overall allow-preference rate and its rate under each system prompt. */
export function pactLines(s: PactEvalSummary): string[] {
  const { total, unknown } = s.analysis.decisions;
  const sample = s.sample ? `, sample of ${s.sample.drawn} of ${s.sample.of} (seed ${s.sample.seed})` : '';
  const lines = [
    `${total} decisions (${unknown} unknown)${sample}${s.simulated ? ' — SIMULATED answers' : ''}`,
    '  allow-preference rate [Wilson 95%]:',
  ];
  const prompts = [...new Set(s.analysis.byCondition.map((c) => c.keys.system_prompt))];
  for (const m of s.models) {
    lines.push(`  ${m.id.padEnd(24)} ${rate(s.analysis.overall.find((c) => c.keys.model === m.id))}`);
    for (const p of prompts) {
      const cells = s.analysis.byCondition.filter((c) => c.keys.model === m.id && c.keys.system_prompt === p);
      const allow = cells.reduce((sum, c) => sum + c.successes, 0);
      const n = cells.reduce((sum, c) => sum + c.n, 0);
      lines.push(`  ${''.padEnd(24)} ${p.padEnd(11)} ${n ? pct(allow / n) : '–'} n=${n}`);
    }
  }
  return lines;
}
