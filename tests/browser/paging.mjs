// paging.mjs - paging on the search page adds up, in a real browser
// (Debian's chromium, driven by playwright-core): for grouped queries, click
// "Volgende" from the first page to the last, on the page with JavaScript,
// on the page without it (/zoeken) and on the CGI program's pages. Every
// page has results, no result is on two pages, the pages hold as many as
// the status line counts, the pager says how many pages there are, and the
// last page offers no "Volgende". And where best match lists results
// lacking a word, the status line says how many hold every word and a line
// marks where the others begin. When nothing is found, what could help is
// offered and leads somewhere. Prints TAP; screenshots go to
// tests/browser/output/.
//
//   node paging.mjs BASE_URL CGI_PROGRAM INDEX
//
// The CGI program runs for each request the browser makes to
// http://cgi.test/cgi-bin/iio-search.cgi, with the request's query string
// in QUERY_STRING, as a web server would run it.
import { TIMEOUT, out, ok, done, until, searched, axe, launch } from './tap.mjs';
import { execFileSync } from 'node:child_process';

const [base, cgiProgram, cgiIndex] = process.argv.slice(2);
const CGI = 'http://cgi.test/cgi-bin/iio-search.cgi';

// The CGI program's answer to URL: its header lines, then the page.
function runCgi(url) {
  const u = new URL(url);
  const raw = execFileSync(cgiProgram, [], {
    env: { ...process.env, IIO_INDEX: cgiIndex, QUERY_STRING: u.search.slice(1), SCRIPT_NAME: u.pathname,
           REQUEST_METHOD: 'GET', GATEWAY_INTERFACE: 'CGI/1.1' },
    maxBuffer: 1 << 26,
  });
  const text = raw.toString('utf8');
  const cut = text.indexOf('\r\n\r\n');
  const headers = {};
  let status = 200;
  for (const line of text.slice(0, cut).split('\r\n')) {
    const i = line.indexOf(':');
    const name = line.slice(0, i).toLowerCase(), value = line.slice(i + 1).trim();
    if (name === 'status') status = parseInt(value, 10);
    else headers[name] = value;
  }
  return { status, headers, body: text.slice(cut + 4) };
}

// The result ids on PAGE (each result's title, its first heading, links to
// its record page: /doc/ID on the server, ?id=ID in the CGI; the passages
// listed under it come after).
async function ids(page) {
  const hrefs = await page.locator('#resultaten > li').evaluateAll(lis => lis.map(li => {
    const a = li.querySelector('h2 a, h3 a, h4 a');
    return a ? a.getAttribute('href') : '';
  }));
  return hrefs.map(h => {
    const u = new URL(h, 'http://x/');
    return u.searchParams.get('id') || decodeURIComponent(u.pathname.replace(/^\/doc\//, ''));
  });
}
const statusText = page => page.locator('#status').textContent();
const firstNumber = t => Number((String(t).match(/\d+/) || ['-1'])[0]);

// Walk every page of one query from the first page (opened by OPEN), clicking
// "Volgende" (NEXT, which returns once the next page is shown) until there is
// none; check what the issue asks for, labelled LABEL.
async function walk(page, label, open, next) {
  await open();
  const said = await statusText(page);
  const total = firstNumber(said);
  const seen = [], perPage = [], problems = [];
  for (let p = 1; p <= 60; p++) {
    const got = await ids(page);
    perPage.push(got.length);
    if (got.length === 0) problems.push(`page ${p} has no results`);
    for (const id of got) if (seen.includes(id)) problems.push(`${id} again on page ${p}`);
    seen.push(...got);
    const pager = await page.locator('#paginering').textContent();
    const m = pager.match(/Pagina (\d+) van (?:ca\. )?(\d+)/);
    if (total > 10 && !(m && Number(m[1]) === p && Number(m[2]) === Math.ceil(total / 10)))
      problems.push(`page ${p}: the pager says "${pager}", want "Pagina ${p} van ${Math.ceil(total / 10)}"`);
    if (await page.locator('#paginering a[rel="next"]').count() === 0) break;
    if (got.length !== 10) problems.push(`page ${p} holds ${got.length}, not a full page, and a next page follows`);
    await next(p + 1);
  }
  const pages = perPage.length;
  if (seen.length !== total) problems.push(`the pages hold ${seen.length} results, the status line says ${total} ("${said}")`);
  if (pages !== Math.max(1, Math.ceil(total / 10))) problems.push(`${pages} pages for ${total} results`);
  await page.screenshot({ path: out + `paging-${label.replace(/[^a-z0-9]+/gi, '-')}.png`, fullPage: true });
  ok(problems.length === 0 && total > 0, `${label}: ${total} results on ${pages} page(s) [${perPage.join(' ')}], each once`,
     problems.join('\n') || said);
}

// On the page of 'klokkijken oefenen' (one result holds both words, the
// rest one of them), labelled LABEL: the status line counts the one, the
// line above the second result says the partial ones begin there.
async function partial(page, label) {
  const said = await statusText(page);
  ok(/^86 resultaten \(180 treffers\), waarvan 1 met alle woorden\.$/.test(said),
     `${label}: the status line says how many hold every word`, said);
  const items = page.locator('#resultaten > li');
  const marked = await items.evaluateAll(lis => lis.map(li => !!li.querySelector('.deel-kop')));
  const lacking = await items.evaluateAll(lis => lis.map(li => !!li.querySelector('.ontbreekt')));
  ok(marked.indexOf(true) === 1 && marked.lastIndexOf(true) === 1 && !lacking[0] && lacking.slice(1).every(Boolean),
     `${label}: one line marks where the results lacking a word begin (above the second)`, `${marked} / ${lacking}`);
  await page.screenshot({ path: out + `partial-${label.replace(/[^a-z0-9]+/gi, '-')}.png` });
}

// Nothing found, on PAGE (LABEL): what could help is offered - for
// "flipped classroom" Dutch words and searches that work; for breuken
// among profiles the search without the filter, with its count; for
// breuken klokkijken with every word required each word alone - and
// following such a link finds something. OPEN(params) opens the page for
// those parameters; FOLLOW(locator) follows a link and returns once the
// results are shown.
async function zeroHelp(page, label, open, follow) {
  try { await zeroHelpChecks(page, label, open, follow); } catch (e) { ok(false, `${label}: the zero-result checks complete`, e.stack || String(e)); }
}
async function zeroHelpChecks(page, label, open, follow) {
  await open('q=flipped+classroom');
  let said = await statusText(page);
  const help = page.locator('#hulp');
  const text = await help.textContent().catch(() => '');
  ok(/Niets gevonden voor “flipped classroom”/.test(said) && /Nederlands/.test(text) &&
     await help.locator('a', { hasText: 'leerlingenkrimp' }).count() === 1,
     `${label}: nothing found says so and offers other words and searches that work`, said + ' / ' + text);
  await page.screenshot({ path: out + `zero-${label.replace(/[^a-z0-9]+/gi, '-')}.png`, fullPage: true });
  await follow(help.locator('a', { hasText: 'leerlingenkrimp' }));
  ok(await page.locator('#resultaten > li').count() > 0, `${label}: a search offered finds something`, await statusText(page));
  await open('q=breuken&type=profile');
  const without = page.locator('#hulp a', { hasText: 'breuken' }).first();
  said = await page.locator('#hulp').textContent().catch(() => '');
  ok(/Zonder filters: breuken \(2 resultaten\)/.test(said), `${label}: a filter that emptied it: the search without it, counted`, said);
  await follow(without);
  const u = new URL(page.url());
  ok(await page.locator('#resultaten > li').count() === 2 && !u.searchParams.get('type'),
     `${label}: ... and following it drops the filter and finds the 2`, page.url());
  await open('q=breuken+klokkijken&all=1');
  said = await page.locator('#hulp').textContent().catch(() => '');
  ok(/Eén woord: breuken \(2 resultaten\), klokkijken \(1 resultaat\)/.test(said),
     `${label}: every word required and no record has both: each word alone, counted`, said);
}

const QUERIES = ['breuken', 'klokkijken', 'innovatie', 'd t regels', 'werkwoordspelling regels oefenen'];

const browser = await launch();
try {
  // With JavaScript: the page asks /api/search for each page.
  const page = await browser.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  const rendered = async (action, want) => {
    const response = page.waitForResponse(r => {
      const u = new URL(r.url());
      return u.pathname === '/api/search' && want(u.searchParams);
    });
    await action();
    await response;
    await until('the answer is rendered', async () => {
      const t = await statusText(page);
      return t && t !== 'Zoeken…';
    });
  };
  for (const q of QUERIES)
    await walk(page, `"${q}" with JavaScript`,
      () => rendered(() => page.goto(base + '/?q=' + encodeURIComponent(q)), p => p.get('q') === q),
      want => rendered(() => page.locator('#paginering a[rel="next"]').click(),
                       p => p.get('q') === q && p.get('offset') === String((want - 1) * 10)));
  // Best match: the status line says how many hold every word, and a line
  // marks where the results lacking a word begin.
  await rendered(() => page.goto(base + '/?q=' + encodeURIComponent('klokkijken oefenen')), p => p.get('q') === 'klokkijken oefenen');
  await partial(page, 'with JavaScript');
  await rendered(() => page.goto(base + '/?q=' + encodeURIComponent('waarom werkt een innovatie alleen als iedereen meedoet')), p => p.get('q') === 'waarom werkt een innovatie alleen als iedereen meedoet');
  const none = await statusText(page);
  ok(/geen met alle woorden/.test(none) && await page.locator('#resultaten > li').first().locator('.deel-kop').count() === 1,
     'with JavaScript: no result holds every word: said, and the line is above the first', none);
  await zeroHelp(page, 'with JavaScript',
    qs => rendered(() => page.goto(base + '/?' + qs), p => p.get('q') === new URLSearchParams(qs).get('q')),
    a => rendered(() => a.click(), () => true));
  ok(errors.length === 0, 'no script errors', errors.join('\n'));
  await page.close();

  // Without JavaScript: the server's /zoeken pages, the links followed.
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await nojs.newPage();
  plain.setDefaultTimeout(TIMEOUT);
  const follow0 = async a => { await Promise.all([plain.waitForNavigation(), a.click()]); };
  const follow = () => follow0(plain.locator('#paginering a[rel="next"]'));
  for (const q of QUERIES)
    await walk(plain, `"${q}" without JavaScript (/zoeken)`,
      () => plain.goto(base + '/zoeken?q=' + encodeURIComponent(q)), follow);
  await plain.goto(base + '/zoeken?q=' + encodeURIComponent('klokkijken oefenen'));
  await partial(plain, 'without JavaScript');
  await zeroHelp(plain, 'without JavaScript', qs => plain.goto(base + '/zoeken?' + qs), follow0);

  // The CGI program, run per request as a web server would.
  await plain.route(u => u.href.startsWith('http://cgi.test/'), async route => {
    const url = route.request().url();
    if (!url.startsWith(CGI)) return route.fulfill({ status: 404, body: '' });
    const r = runCgi(url);
    await route.fulfill({ status: r.status, headers: r.headers, body: r.body });
  });
  for (const q of QUERIES)
    await walk(plain, `"${q}" through the CGI program`,
      () => plain.goto(CGI + '?q=' + encodeURIComponent(q)), follow);
  await zeroHelp(plain, 'through the CGI program', qs => plain.goto(CGI + '?' + qs), follow0);
  await nojs.close();
} catch (e) {
  ok(false, 'the paging run completes', e.stack || String(e));
} finally {
  await browser.close();
}
done();
