/**
 * `npm run bench [-- NAME...]`: runs the benchmarks and prints one line per figure,
 * `BENCH <name> <value> <unit> <target>`, for people and scripts alike.
 */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  target: string;
}

type Bench = () => Promise<Figure[]>;

const BENCHES: Record<string, () => Promise<Bench>> = {
  noop: async () => (await import('./noop.ts')).benchNoop,
  'noop-demo': async () => (await import('./noop.ts')).benchNoopDemo,
  panel: async () => (await import('./panel.ts')).benchPanel,
  requests: async () => (await import('./requests.ts')).benchRequests,
  expand: async () => (await import('./expand.ts')).benchExpand,
  eval: async () => (await import('./eval.ts')).benchEval,
  kialo: async () => (await import('./kialo.ts')).benchKialo,
  agreement: async () => (await import('./agreement.ts')).benchAgreement,
  earlystop: async () => (await import('./earlystop.ts')).benchEarlyStop,
  release: async () => (await import('./release.ts')).benchRelease,
  'real-server': async () => (await import('./real-server.ts')).benchRealServer,
  startup: async () => (await import('./startup.ts')).benchStartup,
};

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!BENCHES[name]) {
    process.stderr.write(`unknown benchmark "${name}" (benchmarks: ${Object.keys(BENCHES).join(', ')})\n`);
    process.exit(2);
  }
}
for (const name of wanted.length ? wanted : Object.keys(BENCHES)) {
  const figures = await (await BENCHES[name]())();
  for (const f of figures) {
    const value = f.unit === 'count' ? String(f.value) : f.value.toFixed(3);
    process.stdout.write(`BENCH ${f.name} ${value} ${f.unit} ${f.target}\n`);
  }
}
