// search.mjs - the search page in a real browser (Debian's chromium, driven
// by playwright-core): type, pick a suggestion with the keyboard, see
// highlighted results, narrow by a facet, page, go back; then the XSS
// corpus. Prints TAP; screenshots go to tests/browser/output/.
//
//   node search.mjs BASE_URL XSS_BASE_URL SITE_URL (SITE_URL/embed.html embeds BASE_URL)
//
// Every wait is for a condition, never for a time: the response of the API
// request an action triggers, then the page's own sign that it rendered it
// (the status line leaves "Zoeken…"), checked by polling from this side.
// Nothing is evaluated as a string in the page (its CSP forbids eval, which
// page.waitForFunction needs once its condition is not true at once). One
// timeout, IIO_TEST_TIMEOUT seconds (tests/e2e/lib.sh states it), bounds
// every wait; it only matters when something is wrong.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const TIMEOUT = 1000 * Number(process.env.IIO_TEST_TIMEOUT || 180);
const [base, xssBase, site] = process.argv.slice(2);
const out = new URL('./output/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
let n = 0, failed = 0;
function ok(cond, desc, detail) {
  n++;
  console.log(`${cond ? '' : 'not '}ok ${n} - ${desc}`);
  if (!cond) { failed++; if (detail !== undefined) console.log('#   ' + String(detail).split('\n').join('\n#   ')); }
}

// until(WHAT, PROBE): polls the async PROBE until it returns something
// truthy, which it returns; throws naming WHAT after TIMEOUT.
async function until(what, probe) {
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
// parameters satisfy WANT.
async function searched(page, action, want, scope = '') {
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
const firstTitle = page => page.locator('#resultaten li h2').first().textContent();

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  timeout: TIMEOUT,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const dialogs = [];
  page.on('dialog', async d => { dialogs.push(d.message()); await d.dismiss(); });
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));

  await page.goto(base + '/');
  ok(await page.locator('form[role="search"]').count() === 1, 'the page has a search form');
  const box = page.locator('#zoekveld');
  await box.click();
  // The list answers the whole word typed (earlier keystrokes may have
  // asked for shorter ones; their answers are dropped).
  const suggested = page.waitForResponse(r => {
    const u = new URL(r.url());
    return u.pathname === '/api/suggest' && u.searchParams.get('q') === 'leerlingenk';
  });
  await box.pressSequentially('leerlingenk', { delay: 20 });
  await suggested;
  const first = await until('suggestions for the whole word are shown', async () => {
    const items = await page.locator('#suggesties li').allTextContents();
    return items.length && await box.getAttribute('aria-expanded') === 'true' ? items[0] : '';
  });
  ok(await box.getAttribute('aria-expanded') === 'true', 'suggestions open (aria-expanded)');
  ok(first.startsWith('leerlingenk'), 'the first suggestion completes what was typed', first);
  await page.screenshot({ path: out + 'suggest.png' });
  await box.press('ArrowDown');
  ok(await page.locator('#suggesties li[aria-selected="true"]').count() === 1, 'ArrowDown selects a suggestion');
  ok((await box.getAttribute('aria-activedescendant')) === 'suggestie-0', 'aria-activedescendant follows it');
  const status = await searched(page, () => box.press('Enter'), p => p.get('q') === first);
  ok(new URL(page.url()).searchParams.get('q') === first, 'Enter searches the suggestion; the query is in the URL', page.url());
  ok(await page.locator('#resultaten mark').count() > 0, 'results have highlighted words');
  ok(/resulta/.test(status), 'the result count is announced in role=status', status);
  ok(await page.locator('#suggesties').isHidden(), 'the suggestion list is closed over the results');
  await page.screenshot({ path: out + 'results.png' });

  // Narrow by a facet.
  await box.fill('leerlingen');
  await searched(page, () => page.locator('button[type="submit"]').click(), p => p.get('q') === 'leerlingen' && !p.get('type'));
  await searched(page, () => page.locator('#filters button[data-facet="type"][data-value="case"]').click(),
                 p => p.get('q') === 'leerlingen' && p.get('type') === 'case');
  ok(new URL(page.url()).searchParams.get('type') === 'case', 'the filter is in the URL', page.url());
  const badges = await page.locator('#resultaten .badge').allTextContents();
  ok(badges.length > 0 && badges.every(b => b === 'casus'), 'a facet narrows the results to cases', badges.join(','));
  ok(await page.locator('#filters button[aria-pressed="true"]').count() === 1, 'the chosen facet is pressed');

  // Page, then back.
  const firstPage = await firstTitle(page);
  await searched(page, () => page.locator('#paginering a[data-page="2"]').click(),
                 p => p.get('type') === 'case' && p.get('offset') === '10');
  ok(new URL(page.url()).searchParams.get('pagina') === '2', 'page 2 is in the URL', page.url());
  const secondPage = await firstTitle(page);
  ok(secondPage !== firstPage, 'page 2 shows other results', secondPage);
  await searched(page, () => page.goBack(), p => p.get('type') === 'case' && p.get('offset') === '0');
  const back = await firstTitle(page);
  ok(back === firstPage, 'the back button returns to page 1', back);
  await page.screenshot({ path: out + 'facet-page.png' });

  // A misspelling: the correction is searched and said.
  const corrected = await searched(page, () => page.goto(base + '/?q=pytagoras'), p => p.get('q') === 'pytagoras');
  ok(/pythagoras/.test(corrected), 'a misspelling shows results for the correction', corrected);

  // Embedded in a page of another origin (site, served by a plain static
  // server) with the README's one line.
  const embed = await browser.newPage();
  embed.setDefaultTimeout(TIMEOUT);
  const embedLog = [];
  embed.on('console', m => embedLog.push(m.text()));
  embed.on('pageerror', e => embedLog.push(String(e)));
  await searched(embed, () => embed.goto(site + '/embed.html?q=pythagoras'), p => p.get('q') === 'pythagoras', '#iio-zoeken ')
    .catch(e => { throw new Error(e.message + '\n' + embedLog.join('\n')); });
  ok(await embed.locator('#iio-zoeken form[role="search"]').count() === 1, 'embedded: the search builds itself in the div');
  ok(/pythagoras/i.test(await embed.locator('#iio-zoeken #resultaten').textContent()),
     'embedded: results come from the API on the other origin (CORS)', embedLog.join('\n'));
  await embed.screenshot({ path: out + 'embed.png' });
  await embed.close();

  // The XSS corpus: nothing runs, no unsafe link. The results are rendered
  // once the status line says so; no element of the data is in the page,
  // so nothing of it can run later either.
  await searched(page, () => page.goto(xssBase + '/?q=onderwijsvernieuwing'), p => p.get('q') === 'onderwijsvernieuwing');
  ok(await page.locator('#resultaten li').count() > 0, 'the XSS corpus is found');
  ok(dialogs.length === 0, 'no script from the data ran (no dialog)', dialogs.join(','));
  ok(await page.locator('#resultaten script, #resultaten img, #resultaten svg, #resultaten iframe').count() === 0,
     'no element from the data');
  const hrefs = await page.locator('#resultaten a').evaluateAll(as => as.map(a => a.getAttribute('href')));
  ok(hrefs.every(h => /^https?:/.test(h)), 'only http(s) links are rendered', hrefs.join(' '));
  ok((await page.locator('#resultaten').textContent()).includes("<script>alert('titel')</script>"),
     'the hostile title is shown as text');
  await page.screenshot({ path: out + 'xss.png' });
  ok(errors.length === 0, 'no errors in the page', errors.join('\n'));
} catch (e) {
  ok(false, 'the browser run finished', e.stack);
} finally {
  await browser.close();
}
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
