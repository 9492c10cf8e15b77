// pages.mjs - the pages around the results, in a real browser (Debian's
// chromium, driven by playwright-core), as a newcomer meets them: the page
// without JavaScript (results on the first screen, filters beside them or
// behind a <details>), the way back from a record (search, filters and page
// kept, with and without JavaScript), a video's versions told apart, a
// document under its headings with its contents first, the type signs,
// the keyboard on filters and suggestions, the phone's filter button, the
// icon. Prints TAP; screenshots go to tests/browser/output/ (pages-*.png).
//
//   node pages.mjs BASE_URL
//
// Every wait is for a condition (see search.mjs); one timeout,
// IIO_TEST_TIMEOUT seconds, bounds them all.
import { TIMEOUT, out, ok, done, until, searched, axe, launch } from './tap.mjs';

const [base] = process.argv.slice(2);
// ACTION, then the page's rendering of the /api/search answer matching WANT.
const params = page => new URL(page.url()).searchParams;
const focused = page => page.evaluate(() => {
  const e = document.activeElement;
  return e ? { id: e.id, facet: e.dataset.facet || '', value: e.dataset.value || '', checked: !!e.checked } : {};
});

const browser = await launch();
const errors = [];
async function newPage(w, h, bypassCSP = false) {
  const ctx = await browser.newContext({ viewport: { width: w, height: h }, bypassCSP });
  const p = await ctx.newPage();
  p.setDefaultTimeout(TIMEOUT);
  p.on('pageerror', e => errors.push(String(e)));
  return p;
}
try {
  // Item 3: without JavaScript the first result is on the first screen;
  // the filters stand beside the results on a wide screen and wait behind
  // a closed <details> on a phone.
  for (const [w, h] of [[1280, 800], [390, 844]]) {
    const p = await newPage(w, h);
    await p.goto(base + '/zoeken?q=leerlingen&type=case');
    const first = await p.locator('#resultaten > li').first().boundingBox();
    ok(first && first.y < h - 40, `without JavaScript at ${w}×${h} the first result starts on the first screen`,
       JSON.stringify(first));
    const aside = p.locator('.filterpaneel #filters');
    if (w > 600) {
      const a = await aside.boundingBox();
      ok(await aside.isVisible() && a && first && a.x >= first.x + first.width - 1 && a.y < h,
         '... the filters stand beside the results, on the first screen too', JSON.stringify([a, first]));
    } else {
      ok(!(await aside.isVisible()) && await p.locator('.filterpaneel > summary').isVisible(),
         '... on a phone the filters wait behind a closed "Filters"');
      await p.locator('.filterpaneel > summary').click();
      ok(await aside.isVisible(), '... which opens them');
      await p.locator('.filterpaneel > summary').click();
    }
    ok(/gekozen/.test(await p.locator('.filterpaneel').evaluate(d => d.querySelector('summary').textContent)),
       '... and the summary says a filter is chosen');
    await p.screenshot({ path: out + `pages-nojs-results-${w}.png` });
    await p.context().close();
  }

  // Item 6: the way back keeps the search, its filters and page.
  {
    const p = await newPage(1280, 800);
    await searched(p, () => p.goto(base + '/?q=leerlingen&type=case&pagina=2'),
                   q => q.get('q') === 'leerlingen' && q.get('type') === 'case' && q.get('offset') === '10');
    const titles = await p.locator('#resultaten li h3 a').allTextContents();
    await p.locator('#resultaten li h3 a').first().click();
    await p.waitForURL(u => u.pathname.startsWith('/doc/'));
    await searched(p, () => p.locator('.terug a').click(), q => q.get('q') === 'leerlingen' && q.get('offset') === '10');
    ok(params(p).get('q') === 'leerlingen' && params(p).getAll('type').join() === 'case' && params(p).get('pagina') === '2',
       'with JavaScript: back from a record keeps the query, the filter and the page', p.url());
    ok(JSON.stringify(await p.locator('#resultaten li h3 a').allTextContents()) === JSON.stringify(titles),
       '... and shows the same results again');
    await p.goto(base + '/zoeken?q=leerlingen&type=case&offset=10');
    const nojs = await p.locator('#resultaten > li h2 a').first().textContent();
    await p.locator('#resultaten > li h2 a').first().click();
    await p.waitForURL(u => u.pathname.startsWith('/doc/'));
    // a record reached from there: its links to other records keep the way back
    const other = p.locator('.zoals a').first();
    if (await other.count()) {
      await other.click();
      await p.waitForURL(u => u.pathname.startsWith('/doc/'));
    }
    await p.locator('.terug a').click();
    await p.waitForURL(u => u.pathname === '/zoeken');
    ok(params(p).get('q') === 'leerlingen' && params(p).get('type') === 'case' && params(p).get('offset') === '10',
       'without JavaScript: back (also after a second record) lands on the same results page', p.url());
    ok(await p.locator('#resultaten > li h2 a').first().textContent() === nojs, '... with its results, not an empty box');
    await p.goto(base + '/doc/video-0991?terug=' + encodeURIComponent('//elders.example/'));
    ok(await p.locator('.terug a').getAttribute('href') === '/', 'a way back to another site is not taken');
    await p.context().close();
  }

  // Item 2: a video's versions, each with what sets it apart.
  for (const [w, h] of [[1280, 800], [390, 844]]) {
    const p = await newPage(w, h, true);
    await p.goto(base + '/doc/video-0991?q=breuken');
    const items = await p.locator('.versies li').allTextContents();
    if (w === 1280) {
      ok(items.length === 14, "a video's page lists its 14 versions", items.length);
      ok(new Set(items).size === items.length, '... no two alike', items.join('\n'));
      ok(items.every(t => /^(uitleg|oefenen|stap voor stap|examentraining|voorbeeldopgave|in drie minuten|veelgemaakte fouten|ezelsbruggetjes) · groep \d · .+ · 20\d\d/.test(t)),
         '... each with its variant, groep, school and year', items.join('\n'));
      const cur = p.locator('.versies a[aria-current="page"]');
      ok(await cur.count() === 1 && /video-0991/.test(await cur.getAttribute('href')), '... the one shown marked (aria-current)');
      const id = h => decodeURIComponent(new URL(h, base).pathname.slice(5));
      const versions = (await p.locator('.versies a').evaluateAll(as => as.map(a => a.getAttribute('href')))).map(id);
      const like = (await p.locator('.zoals a').evaluateAll(as => as.map(a => a.getAttribute('href')))).map(id);
      ok(like.length > 0 && like.every(x => !versions.includes(x)), '"Meer zoals dit" repeats no version', like.join(' '));
    }
    const v = await axe(p);
    ok(v === '', `axe-core: no violations on a video's page at ${w} px`, v);
    await p.screenshot({ path: out + `pages-video-${w}.png`, fullPage: true });
    await p.context().close();
  }

  // Item 7: a document: contents first, in reading order, no two alike;
  // its sections under headings.
  for (const [w, h] of [[1280, 800], [390, 844]]) {
    const p = await newPage(w, h, true);
    await p.goto(base + '/doc/iio-longread?q=innovatie');
    await p.screenshot({ path: out + `pages-document-${w}.png` });
    if (w === 1280) {
      const toc = await p.locator('nav.inhoud li').allTextContents();
      ok(toc[0] === 'Voorwoord' && toc[toc.length - 1] === 'Contact', 'the contents are in reading order', toc.join(' | '));
      ok(new Set(toc).size === toc.length, '... no two entries alike', toc.join(' | '));
      ok(await p.evaluate(() => {
        const nav = document.querySelector('nav.inhoud'), text = document.querySelector('.tekst');
        return !!(nav && text && nav.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING);
      }), '... and come before the text');
      const heads = await p.locator('.tekst section h2').allTextContents();
      ok(heads.length === toc.length && heads[0] === 'Voorwoord', "each passage's title is a heading (h2) in the text",
         heads.length + ' headings, ' + toc.length + ' entries');
      await p.locator('nav.inhoud a', { hasText: 'Tot slot' }).click();
      const target = await p.locator('#deel-tot-slot h2').boundingBox();
      ok(target && target.y >= 0 && target.y < h, 'a contents entry leads to its section', JSON.stringify(target));
    }
    const v = await axe(p);
    ok(v === '', `axe-core: no violations on a document's page at ${w} px`, v);
    await p.context().close();
  }

  // Item 8: a video's ▶ opens the video; the other signs are plain labels.
  {
    const p = await newPage(1280, 800);
    await searched(p, () => p.goto(base + '/?q=breuken'), q => q.get('q') === 'breuken');
    const play = p.locator('#resultaten li a.icoon-video').first();
    ok(await play.count() === 1 && /^https:\/\/video\.iio\.example\/v\//.test(await play.getAttribute('href')) &&
       /^Bekijk de video/.test(await play.getAttribute('aria-label')), "a video's ▶ is a link that opens the video");
    await searched(p, () => p.goto(base + '/?q=leerlingenkrimp'), q => q.get('q') === 'leerlingenkrimp');
    const signs = await p.locator('#resultaten li span.icoon').evaluateAll(es => es.map(e => {
      const cs = getComputedStyle(e);
      return [e.getAttribute('aria-hidden'), cs.backgroundColor, cs.cursor];
    }));
    ok(signs.length > 0 && signs.every(([hidden, bg, cur]) => hidden === 'true' && bg === 'rgba(0, 0, 0, 0)' && cur !== 'pointer'),
       'the other signs are plain labels, not button-like', JSON.stringify(signs));
    await p.context().close();
  }

  // Item 9: the keyboard. Space on a filter keeps focus on it (three
  // filters in a row, no tabbing back); the count is announced politely.
  {
    const p = await newPage(1280, 800);
    await searched(p, () => p.goto(base + '/?q=leerlingen'), q => q.get('q') === 'leerlingen');
    ok(await p.locator('#status').getAttribute('aria-live') === 'polite', 'the result count is in an aria-live="polite" region');
    const picks = [['type', 'case'], ['level', 'vo'], ['experiment', 'Videolessen']];
    for (const [f, v] of picks) {
      const box = p.locator(`#filters input[data-facet="${f}"][data-value="${v}"]`);
      await box.focus();
      await searched(p, () => p.keyboard.press('Space'), q => q.getAll(f).includes(v));
      const fe = await until('focus settles', async () => { const x = await focused(p); return x.facet ? x : null; });
      ok(fe.facet === f && fe.value === v && fe.checked, `Space on the filter ${f}=${v}: checked, and focus stays on it`,
         JSON.stringify(fe));
    }
    ok(params(p).getAll('type').join() === 'case' && params(p).get('level') === 'vo' && params(p).get('experiment') === 'Videolessen',
       '... three filters chosen with the keyboard alone', p.url());
    const chips = await p.locator('#gekozen .chip').allTextContents();
    ok(chips.length === 3, '... three chips, one each (experiment is its own Dutch name: once)', chips.join(' | '));
    await p.screenshot({ path: out + 'pages-keyboard-filters.png' });

    // Escape closes the suggestions; ArrowDown does not bring them back
    // until the user types again.
    await p.goto(base + '/');
    const box = p.locator('#zoekveld');
    await box.click();
    const suggested = p.waitForResponse(r => new URL(r.url()).pathname === '/api/suggest' &&
      new URL(r.url()).searchParams.get('q') === 'leerlingenk');
    await box.pressSequentially('leerlingenk', { delay: 20 });
    await suggested;
    await until('the suggestions open', async () => await box.getAttribute('aria-expanded') === 'true');
    await box.press('Escape');
    ok(await p.locator('#suggesties').isHidden(), 'Escape closes the suggestions');
    await box.press('ArrowDown');
    ok(await p.locator('#suggesties').isHidden() && await box.getAttribute('aria-expanded') === 'false',
       '... and ArrowDown after Escape does not reopen them');
    ok(await box.inputValue() === 'leerlingenk', '... the text stays');
    const again = p.waitForResponse(r => new URL(r.url()).pathname === '/api/suggest' &&
      new URL(r.url()).searchParams.get('q') === 'leerlingenkr');
    await box.press('r');
    await again;
    await until('typing again brings them back', async () => await box.getAttribute('aria-expanded') === 'true');
    ok(await p.locator('#suggesties').isVisible(), '... typing again brings them back');
    // Escape before the suggestions' answer arrives: they never open.
    await box.fill('');
    let release;
    const held = new Promise(r => { release = r; });
    await p.route(u => u.pathname === '/api/suggest', async route => { await held; await route.continue(); });
    const asked = p.waitForRequest(r => new URL(r.url()).pathname === '/api/suggest' &&
      new URL(r.url()).searchParams.get('q') === 'werkdr');
    await box.pressSequentially('werkdr', { delay: 20 });
    await asked;
    const late = p.waitForResponse(r => new URL(r.url()).pathname === '/api/suggest');
    await box.press('Escape');
    release();
    await (await late).finished();
    await p.evaluate(() => fetch('/api/fields').then(r => r.ok));
    ok(await p.locator('#suggesties').isHidden(), 'Escape before the suggestions arrive keeps them closed');
    await p.unroute(() => true);
    await p.context().close();
  }

  // Item 10: the phone's "Filters" button only where there are filters;
  // the icon; the zero-result page at both widths.
  {
    const phone = await newPage(390, 844);
    await phone.goto(base + '/');
    await phone.locator('#soorten li').first().waitFor();
    ok(await phone.locator('#filterknop').isHidden(), 'the empty page on a phone: no "Filters" button');
    await searched(phone, () => phone.goto(base + '/?q=xyzzyqwv'), q => q.get('q') === 'xyzzyqwv');
    ok(await phone.locator('#filterknop').isHidden(), 'a page that found nothing: no "Filters" button');
    await searched(phone, () => phone.goto(base + '/?q=leerlingen'), q => q.get('q') === 'leerlingen');
    ok(await phone.locator('#filterknop').isVisible(), 'a page with results: the button is there');
    await phone.screenshot({ path: out + 'pages-results-390.png' });
    const ico = await phone.request.get(base + '/favicon.ico');
    const svg = await phone.request.get(base + '/favicon.svg');
    ok(ico.status() === 204 && svg.status() === 200 && /svg/.test(svg.headers()['content-type']),
       '/favicon.ico answers without a 404; the icon is /favicon.svg', `${ico.status()} ${svg.status()}`);
    for (const path of ['/', '/zoeken?q=leerlingen', '/doc/video-0991']) {
      await phone.goto(base + path);
      ok(await phone.locator('link[rel="icon"]').getAttribute('href').then(h => /favicon\.svg$/.test(h)), `${path} names its icon`);
    }
    await phone.context().close();
    for (const [w, h] of [[1280, 800], [390, 844]]) {
      const p = await newPage(w, h);
      await searched(p, () => p.goto(base + '/?q=flipped+classroom'), q => q.get('q') === 'flipped classroom');
      await p.screenshot({ path: out + `pages-zero-${w}.png` });
      await searched(p, () => p.goto(base + '/?q=breuken'), q => q.get('q') === 'breuken');
      await p.screenshot({ path: out + `pages-results-js-${w}.png` });
      await p.context().close();
    }
  }
  ok(errors.length === 0, 'no errors in the pages', errors.join('\n'));
} catch (e) {
  ok(false, 'the browser run finished', e.stack);
} finally {
  await browser.close();
}
done();
