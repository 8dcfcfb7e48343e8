import { chromium, type Browser } from 'playwright-core';

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
 * the browser under the pages still loading.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}
