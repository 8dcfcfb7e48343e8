import type { Browser } from 'playwright-core';

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
