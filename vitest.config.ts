import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/helpers/setup.ts'],
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
