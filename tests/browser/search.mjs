// search.mjs - the search page in a real browser (Debian's chromium, driven
// by playwright-core): type, pick a suggestion with the keyboard, see
// highlighted results, narrow by a facet, page, go back; then the XSS
// corpus. Prints TAP; screenshots go to tests/browser/output/.
//
//   node search.mjs BASE_URL XSS_BASE_URL SITE_URL (SITE_URL/embed.html embeds BASE_URL)
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [base, xssBase, site] = process.argv.slice(2);
const out = new URL('./output/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
let n = 0, failed = 0;
function ok(cond, desc, detail) {
  n++;
  console.log(`${cond ? '' : 'not '}ok ${n} - ${desc}`);
  if (!cond) { failed++; if (detail !== undefined) console.log('#   ' + String(detail).split('\n').join('\n#   ')); }
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  const dialogs = [];
  page.on('dialog', async d => { dialogs.push(d.message()); await d.dismiss(); });
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));

  await page.goto(base + '/');
  ok(await page.locator('form[role="search"]').count() === 1, 'the page has a search form');
  const box = page.locator('#zoekveld');
  await box.click();
  await box.pressSequentially('leerlingenk', { delay: 20 });
  await page.waitForSelector('#suggesties li', { timeout: 15000 });
  ok(await box.getAttribute('aria-expanded') === 'true', 'suggestions open (aria-expanded)');
  const first = await page.locator('#suggesties li').first().textContent();
  ok(first.startsWith('leerlingenk'), 'the first suggestion completes what was typed', first);
  await page.screenshot({ path: out + 'suggest.png' });
  await box.press('ArrowDown');
  ok(await page.locator('#suggesties li[aria-selected="true"]').count() === 1, 'ArrowDown selects a suggestion');
  ok((await box.getAttribute('aria-activedescendant')) === 'suggestie-0', 'aria-activedescendant follows it');
  await box.press('Enter');
  await page.waitForSelector('#resultaten li', { timeout: 15000 });
  ok(new URL(page.url()).searchParams.get('q') === first, 'Enter searches the suggestion; the query is in the URL', page.url());
  ok(await page.locator('#resultaten mark').count() > 0, 'results have highlighted words');
  ok(/resulta/.test(await page.locator('#status').textContent()), 'the result count is announced in role=status',
     await page.locator('#status').textContent());
  await page.screenshot({ path: out + 'results.png' });

  // Narrow by a facet.
  await box.fill('leerlingen');
  await page.locator('button[type="submit"]').click();
  await page.waitForSelector('#filters button[data-facet="type"]');
  const before = await page.locator('#status').textContent();
  await page.locator('#filters button[data-facet="type"][data-value="case"]').click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('type') === 'case');
  await page.waitForFunction(b => document.querySelector('#status').textContent !== b, before);
  const badges = await page.locator('#resultaten .badge').allTextContents();
  ok(badges.length > 0 && badges.every(b => b === 'casus'), 'a facet narrows the results to cases', badges.join(','));
  ok(await page.locator('#filters button[aria-pressed="true"]').count() === 1, 'the chosen facet is pressed');

  // Page, then back.
  const firstPage = await page.locator('#resultaten li h2').first().textContent();
  await page.locator('#paginering a[data-page="2"]').click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('pagina') === '2');
  await page.waitForFunction(t => document.querySelector('#resultaten li h2') &&
                                  document.querySelector('#resultaten li h2').textContent !== t, firstPage);
  ok(true, 'page 2 shows other results');
  await page.goBack();
  // (polled from here: the page's CSP forbids the string eval that
  // waitForFunction falls back to after a history navigation)
  let back = '';
  for (let i = 0; i < 50 && back !== firstPage; i++) {
    await page.waitForTimeout(100);
    back = await page.locator('#resultaten li h2').first().textContent().catch(() => '');
  }
  ok(back === firstPage, 'the back button returns to page 1', back);
  await page.screenshot({ path: out + 'facet-page.png' });

  // A misspelling: the correction is searched and said.
  await page.goto(base + '/?q=pytagoras');
  await page.waitForSelector('#resultaten li');
  ok(/pythagoras/.test(await page.locator('#status').textContent()), 'a misspelling shows results for the correction');

  // Embedded in a page of another origin (site, served by a plain static
  // server) with the README's one line.
  const embed = await browser.newPage();
  const embedLog = [];
  embed.on('console', m => embedLog.push(m.text()));
  embed.on('pageerror', e => embedLog.push(String(e)));
  await embed.goto(site + '/embed.html?q=pythagoras');
  await embed.waitForSelector('#iio-zoeken #resultaten li', { timeout: 30000 }).catch(e => { throw new Error(e.message + '\n' + embedLog.join('\n')); });
  ok(await embed.locator('#iio-zoeken form[role="search"]').count() === 1, 'embedded: the search builds itself in the div');
  ok(/pythagoras/i.test(await embed.locator('#iio-zoeken #resultaten').textContent()),
     'embedded: results come from the API on the other origin (CORS)');
  await embed.screenshot({ path: out + 'embed.png' });
  await embed.close();

  // The XSS corpus: nothing runs, no unsafe link.
  await page.goto(xssBase + '/?q=onderwijsvernieuwing');
  await page.waitForSelector('#resultaten li');
  await page.waitForTimeout(300);
  ok(dialogs.length === 0, 'no script from the data ran (no dialog)', dialogs.join(','));
  ok(await page.locator('#resultaten script, #resultaten img, #resultaten svg').count() === 0, 'no element from the data');
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
