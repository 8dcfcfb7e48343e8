import { afterAll } from 'vitest';
import { closeSharedChromium } from '../../src/io/chromium.ts';

// Test files share their worker's modules (vitest.config.ts: isolate false), the shared Chromium
// included: each file closes it when it ends, so no browser outlives the file that started it.
afterAll(() => closeSharedChromium());
