import { builtInFramework } from '../src/statements/framework.ts';
import { performance } from 'node:perf_hooks';
import { DEFAULT_PANEL } from '../src/llm/default-panel.ts';
import { toWire } from '../src/llm/request.ts';
import { allPairs, questionRequests, type JudgedStatement } from '../src/statements/requests.ts';
import type { Figure } from './run.ts';

/**
 * Building the faithful relevance requests of 776 statements for the default panel (4 members x 2
 * languages): 776 x 6 dimensions x 8 = 37,248 requests, the size issue 21 timed at 17 s. With the
 * Hofstede table hashed once per request this took 0.85 s here (2 shared cores); with the table and
 * template hashes taken once, 0.20 s. Then their wire bodies and cache keys (what a plan or an ask
 * hashes next). Each figure is the fastest of three rounds (the machine is shared).
 */
const STATEMENTS = 776;

function statements(): JudgedStatement[] {
  return Array.from({ length: STATEMENTS }, (_, i) => ({
    statement_id: `s${i}`,
    texts: { en: `Governments should fund project number ${i}`, zh: `政府应资助第${i}号项目` },
  }));
}

export async function benchRequests(): Promise<Figure[]> {
  const framework = builtInFramework();
  const pairs = allPairs(statements(), framework);
  const build: number[] = [];
  const wire: number[] = [];
  let count = 0;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    const requests = questionRequests('relevance', pairs, DEFAULT_PANEL, framework);
    const t1 = performance.now();
    for (const request of requests) toWire(request);
    wire.push((performance.now() - t1) / 1000);
    build.push((t1 - t0) / 1000);
    count = requests.length;
  }
  return [
    { name: 'faithful_relevance_requests', value: count, unit: 'count', target: '37248' },
    { name: 'faithful_relevance_build_s', value: Math.min(...build), unit: 's', target: '<2' },
    { name: 'faithful_relevance_wire_s', value: Math.min(...wire), unit: 's', target: 'info' },
  ];
}
