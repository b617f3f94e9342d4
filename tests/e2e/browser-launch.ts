/** Headless Chromium as the end-to-end tests and bench/browser-load.ts start it. */
import { chromium, type Browser } from 'playwright-core';

/**
 * Flags for Debian's Chromium in a container: no sandbox (root), and no background
 * traffic (it would try to reach Google and be refused). The GPU is left enabled:
 * WebGL in workers (tfjs) works with software rendering here, `--disable-gpu` is not needed.
 */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-domain-reliability',
];

/** Starts headless Chromium at /usr/bin/chromium. */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...chromiumArgs, ...extraArgs] });
}
