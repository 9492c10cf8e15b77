// search.mjs - the search page in a real browser (Debian's chromium, driven
// by playwright-core): type, pick a suggestion with the keyboard, see
// highlighted results, narrow by facets (several values, chips, a filter
// that empties the page), page, go back, open a record; results as you
// type, a late answer, Enter closing the suggestions; a phone's screen;
// an accessibility scan (axe-core) of every kind of page at two widths;
// then the XSS corpus. Prints TAP; screenshots of each state go to
// tests/browser/output/.
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
import { TIMEOUT, out, ok, done, until, searched, axe, launch } from './tap.mjs';

const [base, xssBase, site, thumbsBase] = process.argv.slice(2);

const firstTitle = page => page.locator('#resultaten li h3 a').first().textContent();
const params = page => new URL(page.url()).searchParams;
// After an answer the page drops, one more round trip through the page's
// event loop: its own fetch of the field table resolves after the dropped
// answer's handlers have run.
const settle = page => page.evaluate(() => fetch('/api/fields').then(r => r.ok));
// A resolver one can call from outside: holds a routed request.
function gate() { let open; const p = new Promise(r => { open = r; }); return { p, open }; }

const browser = await launch();
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

  ok(/leerlingenk/.test(await page.title()), 'the document title carries the query', await page.title());

  // Narrow by a facet.
  await box.fill('leerlingen');
  await searched(page, () => page.locator('button[type="submit"]').click(), p => p.get('q') === 'leerlingen' && !p.get('type'));
  const facet = (f, v) => page.locator(`#filters input[data-facet="${f}"][data-value="${v}"]`);
  const count = t => Number((t.match(/\d+/) || ['0'])[0]);
  const onlyCases = count(await searched(page, () => facet('type', 'case').check(),
                                         p => p.get('q') === 'leerlingen' && p.getAll('type').join() === 'case'));
  ok(params(page).getAll('type').join() === 'case', 'the filter is in the URL', page.url());
  const badges = await page.locator('#resultaten .badge').allTextContents();
  ok(badges.length > 0 && badges.every(b => b === 'casus'), 'a facet narrows the results to cases', badges.join(','));
  ok(await facet('type', 'video').count() === 1, "the facet's other values stay listed (counted without its own filter)");
  ok(await page.evaluate(() => document.activeElement && document.activeElement.dataset.value) === 'case',
     'after a filter, focus stays on its checkbox (pages.mjs: three in a row with the keyboard)');
  ok(await page.locator('#gekozen .chip').count() === 1, 'the chosen filter is shown as a chip');
  // The facets count records; a result may stand for several (versions):
  // the status line says how many records ("treffers") when they differ.
  const records = t => Number((t.match(/\((\d+) treffers\)/) || t.match(/\d+/) || ['0']).slice(-1)[0]);
  const both = records(await searched(page, () => facet('type', 'video').check(),
                                      p => p.getAll('type').sort().join() === 'case,video'));
  const videos = count(await facet('type', 'video').locator('xpath=following-sibling::label').textContent());
  const two = new Set(await page.locator('#resultaten .badge').allTextContents());
  ok(params(page).getAll('type').sort().join() === 'case,video' && both === onlyCases + videos &&
     [...two].every(b => b === 'casus' || b === 'video'),
     'two values of one facet: cases or videos (the counts add up)', `${onlyCases} + ${videos} = ${both}; ${[...two]}`);
  await page.screenshot({ path: out + 'two-values.png' });
  await searched(page, () => page.locator('#gekozen .chip', { hasText: 'video' }).click(),
                 p => p.getAll('type').join() === 'case');
  ok(params(page).getAll('type').join() === 'case', 'a chip removed removes its filter', page.url());

  // Page, then back.
  const firstPage = await firstTitle(page);
  await searched(page, () => page.locator('#paginering a[data-page="2"]').click(),
                 p => p.get('type') === 'case' && p.get('offset') === '10');
  ok(new URL(page.url()).searchParams.get('pagina') === '2', 'page 2 is in the URL', page.url());
  const secondPage = await firstTitle(page);
  ok(secondPage !== firstPage, 'page 2 shows other results', secondPage);
  ok(await page.locator('#resultaten').evaluate(ol => ol.start) === 11, 'page 2 numbers its results from 11');
  await searched(page, () => page.goBack(), p => p.get('type') === 'case' && p.get('offset') === '0');
  const back = await firstTitle(page);
  ok(back === firstPage, 'the back button returns to page 1', back);
  await page.screenshot({ path: out + 'facet-page.png' });

  // A filter that empties the page: said, shown and removable.
  const empty = await searched(page, () => page.goto(base + '/?q=pythagoras&type=profile'),
                               p => p.get('q') === 'pythagoras' && p.get('type') === 'profile');
  ok(/filter/.test(empty) && await page.locator('#resultaten li').count() === 0,
     'a filter that leaves nothing: the status says the filters are why', empty);
  ok(await page.locator('#gekozen .chip').count() === 1, '... and the filter is shown as a chip');
  await page.screenshot({ path: out + 'filtered-empty.png' });
  await searched(page, () => page.locator('#gekozen .wis').click(), p => p.get('q') === 'pythagoras' && !p.get('type'));
  ok(await page.locator('#resultaten li').count() > 0 && !params(page).get('type'),
     '"Wis alle filters" removes it and the results come', page.url());

  // Words naming a field value: offered as a one-click filter.
  await searched(page, () => page.goto(base + '/?q=breuken+groep+7'), p => p.get('q') === 'breuken groep 7');
  const only = page.locator('#alleen a');
  ok(await only.count() === 1 && (await only.textContent()) === 'Alleen groep 7?',
     'breuken groep 7: the page offers "Alleen groep 7?"', await page.locator('#alleen').textContent());
  await searched(page, () => only.click(), p => p.get('stream') === 'groep-7');
  const streams = await page.locator('#resultaten li').count();
  ok(params(page).get('stream') === 'groep-7' && streams > 0 && await page.locator('#alleen').isHidden(),
     '... one click filters on it (in the URL) and the offer goes', page.url());

  // A record opens: a case shows its full text, the words marked.
  await searched(page, () => page.goto(base + '/?q=leerlingenkrimp&type=case'), p => p.get('type') === 'case');
  const caseTitle = await firstTitle(page);
  await page.locator('#resultaten li h3 a').first().click();
  await page.waitForURL(u => u.pathname.startsWith('/doc/'));
  ok(await page.locator('h1').textContent().then(t => t.startsWith(caseTitle)), 'a case opens on its own page', page.url());
  const full = await page.locator('.tekst').textContent();
  ok(full.length > 300 && /Wat werkte/.test(full), 'the page shows the full text of the case', full.length);
  ok(await page.locator('.tekst mark').count() > 0, "... with the query's words marked");
  ok(await page.locator('.velden dt', { hasText: 'Experiment' }).count() === 1, '... and its fields in Dutch');
  await page.screenshot({ path: out + 'record.png', fullPage: true });
  await searched(page, () => page.locator('.terug a').click(), p => p.get('q') === 'leerlingenkrimp');
  ok(await page.locator('#resultaten li').count() > 0, 'the way back leads to the results');

  // Results as you type; the URL follows without an entry per key.
  await page.goto(base + '/');
  await page.locator('#soorten li').first().waitFor();
  ok(await page.locator('#soorten li').count() >= 4 && await page.locator('#experimenten li').count() === 5,
     'the empty page shows what the knowledge base holds and the five experiments');
  await page.screenshot({ path: out + 'empty.png' });
  const before = await page.evaluate(() => history.length);
  await page.locator('#zoekveld').click();
  await searched(page, () => page.locator('#zoekveld').pressSequentially('werkdruk', { delay: 30 }),
                 p => p.get('q') === 'werkdruk');
  ok(params(page).get('q') === 'werkdruk' && await page.locator('#resultaten li').count() > 0,
     'typing updates the results and the URL', page.url());
  const added = (await page.evaluate(() => history.length)) - before;
  ok(added <= 1, 'typing a word adds one history entry at most, not one per key', added);
  ok(await page.evaluate(() => document.activeElement && document.activeElement.id) === 'zoekveld',
     'while typing, focus stays in the field');

  // A late answer does not overwrite a newer one.
  const held = gate();
  await page.route(u => u.pathname === '/api/search' && u.searchParams.get('q') === 'traag', async route => {
    await held.p;
    await route.continue();
  });
  const late = page.waitForResponse(r => new URL(r.url()).searchParams.get('q') === 'traag');
  const lateAsked = page.waitForRequest(r => new URL(r.url()).searchParams.get('q') === 'traag');
  await page.locator('#zoekveld').fill('traag');
  await lateAsked;
  await searched(page, () => page.locator('#zoekveld').fill('pythagoras'), p => p.get('q') === 'pythagoras');
  held.open();
  await (await late).finished();
  await settle(page);
  ok(/pythagoras/i.test(await page.locator('#resultaten').textContent()) && params(page).get('q') === 'pythagoras',
     'a late answer for an older query does not overwrite the newer results');
  await page.unroute(() => true);

  // Enter closes the suggestions for good, even when their answer comes later.
  const slowSuggest = gate();
  await page.route(u => u.pathname === '/api/suggest', async route => { await slowSuggest.p; await route.continue(); });
  await page.locator('#zoekveld').fill('');
  const asked = page.waitForRequest(r => new URL(r.url()).pathname === '/api/suggest');
  await page.locator('#zoekveld').pressSequentially('filmp', { delay: 20 });
  await asked;
  await searched(page, () => page.locator('#zoekveld').press('Enter'), p => p.get('q') === 'filmp');
  const suggestAnswer = page.waitForResponse(r => new URL(r.url()).pathname === '/api/suggest');
  slowSuggest.open();
  await (await suggestAnswer).finished();
  await settle(page);
  ok(await page.locator('#suggesties').isHidden() && await page.locator('#zoekveld').getAttribute('aria-expanded') === 'false',
     'Enter closes the suggestions; an answer still on its way does not reopen them');
  await page.unroute(() => true);

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
  ok(hrefs.every(h => /^(https?:|\/doc\/)/.test(h)), 'only http(s) links and record pages are rendered', hrefs.join(' '));
  ok((await page.locator('#resultaten').textContent()).includes("<script>alert('titel')</script>"),
     'the hostile title is shown as text');
  await page.screenshot({ path: out + 'xss.png' });
  // The record pages of the hostile records: escaped by the server.
  for (const h of hrefs.filter(h => h.startsWith('/doc/'))) {
    await page.goto(xssBase + h);
    await page.locator('article h1').waitFor();
  }
  ok(dialogs.length === 0 && await page.locator('article script, article img, article iframe').count() === 0,
     'the hostile records open on their pages without running anything', dialogs.join(','));
  ok(errors.length === 0, 'no errors in the page', errors.join('\n'));

  // A thumbnail: a picture for an http(s) URL, the type icon otherwise.
  await searched(page, () => page.goto(thumbsBase + '/?q=breuken'), p => p.get('q') === 'breuken');
  const pic = await page.locator('#resultaten li', { hasText: 'met plaatje' }).locator('img.plaatje').getAttribute('src');
  ok(pic === 'https://beeld.iio.example/breuken.jpg', 'a record with a thumbnail shows it on its card', pic);
  ok(await page.locator('#resultaten li', { hasText: 'zonder plaatje' }).locator('img').count() === 0 &&
     await page.locator('#resultaten li', { hasText: 'zonder plaatje' }).locator('.icoon').count() === 1 && dialogs.length === 0,
     '... and a thumbnail that is no http(s) URL gives the type icon, nothing runs');

  // A phone: the first result is on the first screen.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  phone.setDefaultTimeout(TIMEOUT);
  await searched(phone, () => phone.goto(base + '/?q=leerlingen'), p => p.get('q') === 'leerlingen');
  const box1 = await phone.locator('#resultaten li').first().boundingBox();
  ok(box1 && box1.y + 40 < 844, 'at 390×844 the first result is in the first screen', JSON.stringify(box1));
  ok(await phone.locator('#filters').isHidden() && await phone.locator('#filterknop').isVisible(),
     'on a phone the filters wait behind a button');
  await phone.locator('#filterknop').click();
  ok(await phone.locator('#filters').isVisible(), '... which opens them');
  await phone.screenshot({ path: out + 'phone.png' });
  await phone.close();

  // Accessibility: axe-core finds no violation on any kind of page, at
  // 1280 and 390 wide (a context without the CSP, to inject the scan).
  for (const [w, h] of [[1280, 900], [390, 844]]) {
    const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: w, height: h } });
    const p = await ctx.newPage();
    p.setDefaultTimeout(TIMEOUT);
    const kinds = [
      ['the empty page', async () => { await p.goto(base + '/'); await p.locator('#soorten li').first().waitFor(); }],
      ['a results page', () => searched(p, () => p.goto(base + '/?q=leerlingen&type=case'), q => q.get('q') === 'leerlingen')],
      ['a zero-result page', () => searched(p, () => p.goto(base + '/?q=xyzzyqwv'), q => q.get('q') === 'xyzzyqwv')],
      ['a record page', () => p.goto(base + '/doc/iio-longread.iio-experiment-videolessen?q=videolessen')],
      ['the page without JavaScript', () => p.goto(base + '/zoeken?q=leerlingen&type=case')],
    ];
    for (const [what, load] of kinds) {
      await load();
      const v = await axe(p);
      ok(v === '', `axe-core: no violations on ${what} at ${w} px`, v);
      await p.screenshot({ path: out + `axe-${w}-${what.replace(/\W+/g, '-')}.png` });
    }
    await ctx.close();
  }
} catch (e) {
  ok(false, 'the browser run finished', e.stack);
} finally {
  await browser.close();
}
done();
