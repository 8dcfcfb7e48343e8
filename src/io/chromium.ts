import type { Browser, BrowserContextOptions, Page } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`); `NORMFORGE_CHROMIUM` points elsewhere. */
export function chromiumPath(): string {
  return process.env.NORMFORGE_CHROMIUM ?? '/usr/bin/chromium';
}

/**
 * Flags for a root, sandbox-less, offline machine: without the background-networking ones Chromium
 * keeps dialling Google's hosts, which this network refuses.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * Launches Chromium without Playwright's signal handlers: normforge handles Ctrl-C itself (in-flight
 * pages finish, snapshots are kept, the browser is closed), where Playwright's handler would kill
 * the browser under the pages still loading. Playwright is imported here, on first launch: loading
 * it costs about a second, which commands that never open a browser (status, run) should not pay.
 */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

/**
 * The browser a process's renders share (chart PNGs, report screenshots): starting Chromium costs
 * about two seconds of CPU, and one evaluation draws its charts and photographs its reports
 * several times. It is started on first use and closed once no render has used it for
 * `IDLE_CLOSE_MS`, or by `closeSharedChromium()` (the CLI calls it when a command ends, so a
 * command never waits out the idle time). Each render gets a context of its own, so nothing one
 * leaves behind (cookies, storage, zoom) reaches the next.
 */
interface SharedChromium {
  /** The executable it was started from: a render that asks for another gets a browser of its own. */
  executable: string;
  browser: Promise<Browser>;
  renders: number;
  idle?: NodeJS.Timeout;
}
let shared: SharedChromium | undefined;
const IDLE_CLOSE_MS = 2_000;

/** Ends one render; the last one out closes a browser no longer shared, or starts the idle clock. */
function release(entry: SharedChromium): void {
  entry.renders -= 1;
  if (entry.renders > 0) return;
  if (shared !== entry) return void closeBrowser(entry);
  entry.idle = setTimeout(() => {
    if (shared === entry) shared = undefined;
    void closeBrowser(entry);
  }, IDLE_CLOSE_MS);
}

async function closeBrowser(entry: SharedChromium): Promise<void> {
  clearTimeout(entry.idle);
  await entry.browser.then((browser) => browser.close()).catch(() => undefined);
}

/** Runs `render` on a fresh page of the shared browser; the page's context is closed after it. */
export async function withChromiumPage<R>(
  options: BrowserContextOptions,
  render: (page: Page) => Promise<R>,
): Promise<R> {
  const executable = chromiumPath();
  while (shared && shared.executable !== executable) await closeSharedChromium();
  if (!shared) {
    const entry: SharedChromium = { executable, browser: launchChromium(), renders: 0 };
    shared = entry;
    // A browser that failed to start or crashed is not handed out again.
    entry.browser.then(
      (browser) => browser.on('disconnected', () => shared === entry && (shared = undefined)),
      () => shared === entry && (shared = undefined),
    );
  }
  const entry = shared;
  clearTimeout(entry.idle);
  entry.renders += 1;
  try {
    const context = await (await entry.browser).newContext(options);
    try {
      return await render(await context.newPage());
    } finally {
      await context.close();
    }
  } finally {
    release(entry);
  }
}

/** Closes the shared browser now; one still rendering is closed when its last render ends. */
export async function closeSharedChromium(): Promise<void> {
  const entry = shared;
  if (!entry) return;
  shared = undefined;
  if (entry.renders === 0) await closeBrowser(entry);
}
