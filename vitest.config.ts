import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The real-server conformance file takes two to three minutes on its own (llama.cpp generating on
 * one thread), so it starts first and the rest of the suite runs beside it, not after it. Vitest
 * orders files by their earlier durations when it has them and by size otherwise, and a fresh
 * clone (as CI runs) has none: there it came last and the suite took a minute longer.
 */
class ConformanceFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => (file.moduleId.includes('/test/conformance/') ? 0 : 1);
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/helpers/setup.ts'],
    sequence: { sequencer: ConformanceFirst },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Worker threads that keep the modules they have loaded from one file to the next: a fresh
    // process (or a fresh module graph) per file cost a quarter of the suite's CPU in start-up and
    // imports alone. Tests therefore restore what they change in the process (environment variables
    // through vi.stubEnv, restored even when the test fails), work in their own temporary folders
    // and start their own servers on port 0; each file closes the Chromium its renders shared
    // (test/helpers/setup.ts). `npm run test:stress` runs two suites at once to catch a test that
    // leans on timing.
    pool: 'threads',
    isolate: false,
    // Vitest's default is one worker fewer than the cores: a single one on a 2-core machine. Many
    // files spend much of their time waiting on a server, a browser or LibreOffice, so one more
    // worker than cores keeps the CPU busy.
    maxWorkers: availableParallelism() + 1,
  },
});
