import type { StageRecorder } from './context.ts';
import type { StageFailure } from '../stages/contract.ts';

/** The share of failed samples a run accepted for a stage, kept in its provenance (and the card). */
export interface AcceptedFailures {
  failed: number;
  samples: number;
  rate: number;
  limit: number;
}

export interface FailureVerdict {
  degraded: boolean;
  failures: StageFailure[];
  accepted?: AcceptedFailures;
  message: string;
}

/**
 * Whether a stage that finished is done or degraded: any failed sample makes it degraded, unless
 * `--accept-failures RATE` covers the stage's failure rate. The message has one line per cause
 * with the config key that fixes it.
 */
export function failureVerdict(stage: string, recorder: StageRecorder, acceptRate: number | undefined): FailureVerdict {
  const failures = [...recorder.failures].sort((a, b) => b.count - a.count);
  const failed = failures.reduce((n, f) => n + f.count, 0);
  if (failed === 0) return { degraded: false, failures, message: '' };
  const llm = recorder.tallies.llm ?? {};
  const samples = Math.max(failed, (llm.cached ?? 0) + (llm.new ?? 0) + (llm.failed ?? 0));
  const rate = failed / samples;
  const lines = failures.map((f) => `  - ${f.count} × ${f.cause} from ${f.source}${f.hint ? `: ${f.hint}` : ''}`);
  const share = `${failed} of ${samples} samples failed (${(rate * 100).toFixed(1)}%)`;
  if (acceptRate !== undefined && rate <= acceptRate) {
    return {
      degraded: false,
      failures,
      accepted: { failed, samples, rate, limit: acceptRate },
      message: `${share}; accepted (--accept-failures ${acceptRate})`,
    };
  }
  const advice =
    'a plain rerun asks only the failed samples; --accept-failures RATE finishes anyway (recorded in provenance and the card)';
  return { degraded: true, failures, message: `stage ${stage}: ${share}\n${lines.join('\n')}\n  ${advice}` };
}
