import cliProgress from 'cli-progress';

export interface Progress {
  tick(n?: number): void;
  setTotal(total: number): void;
  stop(): void;
}

/**
 * A progress bar (count, rate, ETA) on a terminal; on a pipe or in CI, a plain line every ~10%
 * so logs stay readable.
 */
export function createProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY && (stream.columns ?? 0) > 0) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {value}/{total} {percentage}% | {rate}/s | ETA {eta_formatted}`,
        stream,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    const started = Date.now();
    let value = 0;
    bar.start(total, 0, { rate: '0.0' });
    return {
      tick: (n = 1) => {
        value += n;
        bar.update(value, { rate: (value / Math.max(0.001, (Date.now() - started) / 1000)).toFixed(1) });
      },
      setTotal: (t) => bar.setTotal(t),
      stop: () => bar.stop(),
    };
  }
  let done = 0;
  let lastReported = 0;
  let size = total;
  const started = Date.now();
  return {
    tick: (n = 1) => {
      done += n;
      const step = Math.max(1, Math.ceil(size / 10));
      if (done - lastReported >= step || done === size) {
        lastReported = done;
        const secs = (Date.now() - started) / 1000;
        stream.write(`${label}: ${done}/${size} (${(done / Math.max(secs, 0.001)).toFixed(1)}/s)\n`);
      }
    },
    setTotal: (t) => {
      size = t;
    },
    stop: () => undefined,
  };
}
