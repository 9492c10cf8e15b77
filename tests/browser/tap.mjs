// tap.mjs - what the browser tests share: TAP output, the one timeout every
// wait is bounded by (IIO_TEST_TIMEOUT seconds, tests/e2e/lib.sh states
// it), waits for a condition, the page's rendering of a search, an
// accessibility scan, and Debian's chromium started headless.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export const TIMEOUT = 1000 * Number(process.env.IIO_TEST_TIMEOUT || 180);
// Screenshots go here (tests/browser/output/).
export const out = new URL('./output/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });

let n = 0, failed = 0;
export function ok(cond, desc, detail) {
  n++;
  console.log(`${cond ? '' : 'not '}ok ${n} - ${desc}`);
  if (!cond) { failed++; if (detail !== undefined) console.log('#   ' + String(detail).split('\n').join('\n#   ')); }
}
// The plan line, and the exit status: 1 when a check failed.
export function done() {
  console.log(`1..${n}`);
  process.exit(failed ? 1 : 0);
}

// until(WHAT, PROBE): polls the async PROBE until it returns something
// truthy, which it returns; throws naming WHAT after TIMEOUT.
export async function until(what, probe) {
  const end = Date.now() + TIMEOUT;
  let last;
  for (;;) {
    try { last = await probe(); if (last) return last; } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`${what}: not within ${TIMEOUT / 1000} s (last: ${String(last)})`);
    await new Promise(r => setTimeout(r, 100));
  }
}

// searched(PAGE, ACTION, WANT, SCOPE): runs ACTION and returns once the page
// has rendered the answer to the /api/search request it made whose
// parameters satisfy WANT (the status line leaves "Zoeken…").
export async function searched(page, action, want, scope = '') {
  const response = page.waitForResponse(r => {
    const u = new URL(r.url());
    return u.pathname === '/api/search' && want(u.searchParams);
  });
  await action();
  await response;
  const status = page.locator(scope + '#status');
  return until('the answer is rendered', async () => {
    const t = await status.textContent({ timeout: TIMEOUT });
    return t && t !== 'Zoeken…' ? t : '';
  });
}

// axe-core on PAGE (a context without the CSP: the scan is injected);
// returns the violations as text, '' when none.
export async function axe(page) {
  await page.addScriptTag({ path: axePath });
  const v = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }).then(r =>
    r.violations.map(x => x.id + ': ' + x.nodes.map(n => n.target.join(' ')).slice(0, 3).join(' | '))));
  return v.join('\n');
}

// Debian's chromium, headless, quiet.
export function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    timeout: TIMEOUT,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
