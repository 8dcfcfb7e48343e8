import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Worker threads that keep the modules they have loaded from one file to the next: a fresh
    // process (or a fresh module graph) per file cost a quarter of the suite's CPU in start-up and
    // imports alone. Tests therefore leave no process-wide state behind (they stub the environment
    // with vi.stubEnv and restore it, work in their own temporary folders and start their own
    // servers on port 0). `npm run test:stress` runs two suites at once to catch a test that leans
    // on timing.
    pool: 'threads',
    isolate: false,
    // Vitest's default is one worker fewer than the cores: a single one on a 2-core machine. Many
    // files spend much of their time waiting on a server, a browser or LibreOffice, so one more
    // worker than cores keeps the CPU busy.
    maxWorkers: availableParallelism() + 1,
  },
});
