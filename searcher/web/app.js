/* The IIO search page: talks to iio-serve's JSON API. Plain JavaScript, no
 * build step. All record text reaches the page through textContent or as
 * the server's escaped snippet (only <mark> is allowed through), so nothing
 * in the data can run. The query, filters and page live in the URL:
 * ?q=...&type=video&type=case&jaar=2012..2014&pagina=2 (a filter given
 * twice matches either value; filters of different fields must all hold).
 * Results follow the typing (debounced; the URL follows with
 * replaceState, one history entry per search); a response that arrives
 * after a newer one is dropped. */
(function () {
  'use strict';
  var API = (document.currentScript && document.currentScript.dataset.api) || '';
  /* Embedded in another page: <div id="iio-zoeken"></div> and this script
   * with data-api="https://zoeken.example"; the search builds itself there
   * (a fixed template, no data in it). */
  var host = document.getElementById('iio-zoeken');
  if (host && !document.getElementById('zoekformulier')) {
    host.innerHTML =
      '<form role="search" id="zoekformulier"><label for="zoekveld">Zoek in de kennisbank</label>' +
      '<div class="combobox"><input id="zoekveld" name="q" type="search" autocomplete="off" role="combobox" ' +
      'aria-autocomplete="list" aria-expanded="false" aria-controls="suggesties">' +
      '<ul id="suggesties" role="listbox" aria-label="Suggesties" hidden></ul>' +
      '<button type="submit">Zoeken</button></div></form>' +
      '<p id="status" role="status" aria-live="polite"></p>' +
      '<p id="bedoelde" hidden>Bedoelde je <a href="#" id="bedoelde-link"></a>?</p><p id="alleen" hidden></p><div id="gekozen"></div>' +
      '<section id="welkom" hidden><ul id="soorten"></ul><ul id="experimenten"></ul><ul id="voorbeelden"></ul></section>' +
      '<div class="layout" id="resultaatlayout"><div class="filterkolom"><button id="filterknop" type="button" ' +
      'aria-expanded="false" aria-controls="filters">Filters</button><aside id="filters" aria-label="Filters"></aside></div>' +
      '<section id="resultaatblok" aria-labelledby="resultaten-kop"><h2 id="resultaten-kop" class="sr" tabindex="-1">Resultaten</h2>' +
      '<ol id="resultaten"></ol><nav id="paginering" aria-label="Pagina\'s"></nav></section></div>';
  }
  var PER_PAGE = 10, SHOWN_VALUES = 8, TYPING_DELAY = 250;
  var TYPES = { document: 'document', passage: 'fragment', video: 'video', case: 'casus', profile: 'profiel' };
  var TYPES_PLURAL = { document: 'documenten', passage: 'fragmenten', video: "video's", case: 'cases', profile: 'profielen' };
  /* Type icons from characters every font has (no emoji font needed). */
  var ICONS = { document: '\u00B6', passage: '\u00A7', video: '\u25B6', case: '\u2302', profile: '\u263A' };
  var ERRORS = {
    too_long: 'De zoekvraag is te lang. Gebruik minder woorden.',
    unknown_value: 'Een gekozen filter komt in de kennisbank niet voor. Haal het filter weg.',
    bad_parameter: 'Het adres van deze pagina klopt niet helemaal. Begin een nieuwe zoekopdracht.',
    bad_query: 'Deze zoekvraag kunnen we niet lezen. Kijk aanhalingstekens en haakjes na.',
    not_found: 'Dit staat niet (meer) in de kennisbank.',
    unavailable: 'De zoekdienst is nu niet beschikbaar. Probeer het zo nog eens.'
  };
  var EXAMPLES = ['leerlingenkrimp', 'lerarentekort oplossing', 'breuken groep 7', 'werkdruk docenten', 'innovatie van binnenuit'];
  /* The filters: every field with one value per record, from the server's
   * field table (name, and its Dutch name as the label). */
  var FACETS = [];
  var LABELS = { type: 'Soort', subject: 'Vak', level: 'Niveau', stream: 'Leerweg', experiment: 'Experiment', school: 'School', place: 'Plaats', province: 'Provincie', year: 'Jaar' };
  var fieldsLoaded = fetch(API + '/api/fields').then(function (r) { return r.json(); }).then(function (data) {
    FACETS = (data.fields || []).filter(function (f) { return f.filter; }).map(function (f) {
      return [f.name, LABELS[f.name] || f.dutch.charAt(0).toUpperCase() + f.dutch.slice(1), f.dutch];
    });
  });
  var $ = function (id) { return document.getElementById(id); };
  var form = $('zoekformulier'), input = $('zoekveld'), list = $('suggesties'), status = $('status');
  var results = $('resultaten'), filters = $('filters'), pages = $('paginering'), chosen = $('gekozen');
  var bedoelde = $('bedoelde'), bedoeldeLink = $('bedoelde-link'), heading = $('resultaten-kop'), alleen = $('alleen');
  var welkom = $('welkom'), layout = $('resultaatlayout'), filterButton = $('filterknop');
  var BASE_TITLE = document.title;
  var active = -1, suggestTimer = null, suggestSeq = 0, typeTimer = null, searchSeq = 0, typingEntry = false;
  var suggestionsOff = false; /* Escape pressed: no suggestions until the next keystroke of text */
  var openFacets = {};

  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    return e;
  }

  /* Only http(s) links are rendered; anything else (javascript:) is text. */
  function safeUrl(u) {
    try {
      var p = new URL(u, location.href);
      return (p.protocol === 'http:' || p.protocol === 'https:') ? p.href : null;
    } catch (e) { return null; }
  }

  /* The server's snippet is HTML-escaped with <mark> around matches: keep
   * exactly that and nothing else. */
  function snippetNode(html) {
    var p = el('p');
    var parts = String(html || '').split(/(<mark>|<\/mark>)/);
    var marked = false;
    parts.forEach(function (part) {
      if (part === '<mark>') { marked = true; return; }
      if (part === '</mark>') { marked = false; return; }
      var t = document.createElement('textarea');
      t.innerHTML = part; /* decode the entities the server escaped */
      var text = document.createTextNode(t.value);
      if (marked) { var m = el('mark'); m.appendChild(text); p.appendChild(m); } else p.appendChild(text);
    });
    return p;
  }

  function params() { return new URLSearchParams(location.search); }
  /* A filter's values in the URL, by English or Dutch name (once where the
   * two are one: experiment, school). */
  function values(s, f) { return s.getAll(f[0]).concat(f[2] !== f[0] ? s.getAll(f[2]) : []).filter(function (v) { return v; }); }
  function state() {
    var s = params();
    return { q: s.get('q') || '', page: Math.max(1, parseInt(s.get('pagina') || '1', 10) || 1), f: s };
  }
  function anyFilter(s) { return FACETS.some(function (f) { return values(s, f).length; }); }

  /* A new state: one history entry (pushState), or the current one
   * replaced while the user is still typing the same search ('replace').
   * 'typing' is the first entry of a search being typed: focus stays in
   * the field; 'filter': a filter control changed, focus stays on it (the
   * count is announced by the status line); otherwise focus moves to the
   * results. */
  function go(s, how) {
    var url = '?' + s.toString();
    var typing = how === 'replace' || how === 'typing';
    if (how === 'replace') history.replaceState(null, '', url); else history.pushState(null, '', url);
    if (!typing) typingEntry = false;
    search(typing ? {} : how === 'filter' ? { refocus: filterControl(document.activeElement) } : { focus: true });
  }

  /* The filter control EL (a value's checkbox, a year list) as a way to
   * find it again once the filters are drawn anew; null for anything else. */
  function filterControl(e) {
    if (!e || !filters.contains(e)) return null;
    return e.dataset.facet ? { facet: e.dataset.facet, value: e.dataset.value } : e.id ? { id: e.id } : null;
  }
  function refocus(c) {
    var target = null;
    if (c && c.id) target = document.getElementById(c.id);
    else if (c) filters.querySelectorAll('input[data-facet]').forEach(function (x) {
      if (x.dataset.facet === c.facet && x.dataset.value === c.value) target = x;
    });
    (target || heading).focus();
  }

  /* A search waits for the field table (the filters in the URL need it). */
  function search(opts) { fieldsLoaded.then(function () { runSearch(opts || {}); }, function () { runSearch(opts || {}); }); }

  function apiParams(st, drop) {
    var p = new URLSearchParams();
    p.set('q', st.q);
    p.set('offset', String((st.page - 1) * PER_PAGE));
    p.set('limit', String(PER_PAGE));
    p.set('facets', '1');
    /* Every word required, every record listed, by date: as the address asks (as /zoeken does). */
    ['all', 'group', 'sort'].forEach(function (k) { if (st.f.get(k)) p.set(k, st.f.get(k)); });
    FACETS.forEach(function (f) { if (f[0] !== drop) values(st.f, f).forEach(function (v) { p.append(f[0], v); }); });
    return p;
  }

  function runSearch(opts) {
    var st = state();
    if (document.activeElement !== input || opts.focus) input.value = st.q;
    var seq = ++searchSeq;
    renderChips(st, null);
    if (!st.q && !anyFilter(st.f)) { showWelcome(seq); return; }
    welkom.hidden = true;
    layout.hidden = false;
    document.title = (st.q ? '“' + st.q + '” – ' : 'Filters – ') + BASE_TITLE;
    status.textContent = 'Zoeken…';
    if (document.getElementById('hulp')) document.getElementById('hulp').hidden = true;
    fetch(API + '/api/search?' + apiParams(st).toString()).then(function (r) { return r.json(); }).then(function (data) {
      if (seq !== searchSeq) return; /* a newer search was started: this answer is stale */
      if (data.error) {
        status.textContent = ERRORS[data.code] || ERRORS.bad_query;
        results.textContent = ''; filters.textContent = ''; pages.textContent = '';
        filterButton.hidden = true;
        renderChips(st, 0);
        return;
      }
      render(data, st);
      if (opts.focus) heading.focus();
      else if (opts.refocus !== undefined) refocus(opts.refocus);
    }).catch(function () { if (seq === searchSeq) status.textContent = ERRORS.unavailable; });
  }

  function showWelcome(seq) {
    document.title = BASE_TITLE;
    results.textContent = ''; filters.textContent = ''; pages.textContent = ''; status.textContent = '';
    bedoelde.hidden = true; alleen.hidden = true;
    if (document.getElementById('hulp')) document.getElementById('hulp').hidden = true;
    layout.hidden = true;
    welkom.hidden = false;
    var p = new URLSearchParams({ limit: '1', facets: '1' });
    Object.keys(TYPES).forEach(function (t) { p.append('type', t); });
    fetch(API + '/api/search?' + p.toString()).then(function (r) { return r.json(); }).then(function (data) {
      if (seq !== searchSeq || data.error) return;
      var soorten = $('soorten'), exps = $('experimenten'), ex = $('voorbeelden');
      soorten.textContent = ''; exps.textContent = ''; ex.textContent = '';
      (data.facets.type || []).forEach(function (v) {
        var li = el('li');
        li.appendChild(link(v.count + ' ' + (TYPES_PLURAL[v.value] || v.value), '?type=' + encodeURIComponent(v.value)));
        soorten.appendChild(li);
      });
      (data.facets.experiment || []).forEach(function (v) {
        var li = el('li');
        li.appendChild(link(v.value + ' (' + v.count + ')', '?experiment=' + encodeURIComponent(v.value)));
        exps.appendChild(li);
      });
      EXAMPLES.forEach(function (q) {
        var li = el('li');
        li.appendChild(link(q, '?q=' + encodeURIComponent(q)));
        ex.appendChild(li);
      });
    }).catch(function () {});
  }

  /* A link inside the page: followed without reloading it. */
  function link(text, href) {
    var a = el('a', text, { href: href });
    a.addEventListener('click', function (e) {
      e.preventDefault();
      history.pushState(null, '', href);
      search({ focus: true });
    });
    return a;
  }

  /* Nothing found: what could help, under the status line - the query
   * without its filters or with fewer words (the API's alternatives, with
   * their counts), other or Dutch words, a few searches that work. The
   * correction is "Bedoelde je" above it. */
  var KINDS = [['filters', 'Zonder filters: '], ['word', 'Eén woord: '], ['without', 'Zonder een van de woorden: ']];
  function renderHelp(data) {
    var hulp = document.getElementById('hulp');
    if (!hulp) {
      hulp = el('section', null, { id: 'hulp', 'aria-labelledby': 'hulp-kop' });
      bedoelde.parentNode.insertBefore(hulp, bedoelde.nextSibling);
    }
    hulp.textContent = '';
    hulp.hidden = data.total !== 0 || !!data.corrected;
    if (hulp.hidden) return;
    hulp.appendChild(el('h2', 'Wat je kunt proberen', { id: 'hulp-kop' }));
    var ul = el('ul');
    function query(q, keepFilters, total) {
      var s = keepFilters ? state().f : new URLSearchParams();
      s.set('q', q); s.delete('pagina');
      var span = el('span');
      span.appendChild(link(q, '?' + s.toString()));
      if (total) span.appendChild(document.createTextNode(' (' + total + (total === 1 ? ' resultaat' : ' resultaten') + ')'));
      return span;
    }
    KINDS.forEach(function (k) {
      var alts = (data.alternatives || []).filter(function (a) { return a.kind === k[0]; });
      if (!alts.length) return;
      var li = el('li', k[1]);
      alts.forEach(function (a, i) {
        if (i) li.appendChild(document.createTextNode(', '));
        li.appendChild(query(a.query, k[0] !== 'filters', a.total));
      });
      ul.appendChild(li);
    });
    ul.appendChild(el('li', 'Andere of minder woorden, in het Nederlands: de kennisbank is Nederlandstalig.'));
    var ex = el('li', 'Probeer bijvoorbeeld: ');
    EXAMPLES.forEach(function (q, i) {
      if (i) ex.appendChild(document.createTextNode(', '));
      ex.appendChild(query(q, false, 0));
    });
    ul.appendChild(ex);
    hulp.appendChild(ul);
  }

  /* A result may stand for several records (versions, passages): the
   * facets count those. */
  function recordsText(data) {
    if (data.records === undefined || data.records === data.total) return '';
    return ' (' + (data.records_exact ? '' : 'ca. ') + data.records + ' treffers)';
  }

  /* Best match: how many of the total hold every word (complete). */
  function completeText(data) {
    if (data.complete === undefined || data.complete >= data.total) return '';
    if (data.complete === 0) return ', geen met alle woorden: ze hebben er een deel van';
    return ', waarvan ' + (data.complete_exact ? '' : 'ca. ') + data.complete + ' met alle woorden';
  }

  /* The field values the words were read as (groep 7: leerweg groep-7),
   * each a one-click filter "Alleen groep 7?"; words naming one value only,
   * a filter already chosen not again. */
  function onlyLinks(data, st) {
    var seen = {};
    alleen.textContent = '';
    (data.interpreted || []).forEach(function (v) { seen[v.words] = (seen[v.words] || 0) + 1; });
    (data.interpreted || []).forEach(function (v) {
      var facet = FACETS.filter(function (f) { return f[0] === v.field; })[0];
      if (seen[v.words] !== 1 || !facet || values(st.f, facet).indexOf(v.value) >= 0) return;
      var s = state().f; s.append(v.field, v.value); s.delete('pagina');
      var a = el('a', 'Alleen ' + v.words + '?', { href: '?' + s.toString() });
      a.onclick = function (e) { e.preventDefault(); go(s, 'filter'); };
      if (alleen.childNodes.length) alleen.appendChild(document.createTextNode(' · '));
      alleen.appendChild(a);
    });
    alleen.hidden = !alleen.childNodes.length;
  }

  function render(data, st) {
    results.textContent = '';
    var total = data.total, filtered = anyFilter(st.f);
    if (data.corrected) status.textContent = 'Geen resultaten voor “' + st.q + '”; we tonen resultaten voor “' + data.suggestion + '”: ' + total + ' gevonden.';
    else if (total === 0 && filtered) status.textContent = 'Niets gevonden' + (st.q ? ' voor “' + st.q + '”' : '') + ' met de gekozen filters. Haal een filter weg of wis alle filters.';
    else if (total === 0) status.textContent = 'Niets gevonden voor “' + st.q + '”.';
    else status.textContent = (data.total_exact ? '' : 'Ongeveer ') + total + (total === 1 ? ' resultaat' : ' resultaten') +
      recordsText(data) + completeText(data) + (filtered ? ', met filters' : '') + '.';
    if (data.suggestion && !data.corrected) {
      bedoelde.hidden = false;
      bedoeldeLink.textContent = data.suggestion;
      var s = state().f; s.set('q', data.suggestion); s.delete('pagina');
      bedoeldeLink.href = '?' + s.toString();
      bedoeldeLink.onclick = function (e) { e.preventDefault(); go(s); };
    } else bedoelde.hidden = true;
    onlyLinks(data, st);
    results.start = (st.page - 1) * PER_PAGE + 1;
    data.results.forEach(function (r, i) {
      var li = card(r, st);
      /* Best match: where the results lacking a word begin. */
      if (r.missing && r.missing.length && (i === 0 || !(data.results[i - 1].missing || []).length)) {
        li.classList.add('deels-begin');
        li.insertBefore(el('p', i ? 'Hieronder resultaten met een deel van de woorden' : 'Deze resultaten hebben een deel van de woorden',
                           { class: 'deel-kop' }), li.firstChild);
      }
      results.appendChild(li);
    });
    renderHelp(data);
    renderChips(st, total);
    renderFacets(data.facets || {}, st, data.counts_exact === false);
    renderPages(data, st);
  }

  /* A record's page; it leads back to this page as it is now (the search,
   * its filters and page: terug=). */
  function docHref(id, q) {
    return '/doc/' + encodeURIComponent(id) + '?' + (q ? 'q=' + encodeURIComponent(q) + '&' : '') +
      'terug=' + encodeURIComponent(location.pathname + location.search);
  }
  function duration(s) { s = Math.round(Number(s)); return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0'); }

  function card(r, st) {
    var li = el('li', null, { class: 'kaart' });
    var thumb = r.fields.thumbnail && safeUrl(r.fields.thumbnail);
    if (thumb) li.appendChild(el('img', null, { src: thumb, alt: '', class: 'plaatje', loading: 'lazy' }));
    else if (r.type === 'video' && r.url && safeUrl(r.url))
      li.appendChild(el('a', ICONS.video, { class: 'icoon icoon-video', href: safeUrl(r.url), rel: 'noopener', 'aria-label': 'Bekijk de video: ' + r.title }));
    else li.appendChild(el('span', ICONS[r.type] || '', { class: 'icoon icoon-' + r.type, 'aria-hidden': 'true' }));
    var body = el('div', null, { class: 'inhoud' });
    var h = el('h3');
    h.appendChild(el('a', r.title, { href: docHref(r.id, st.q) }));
    h.appendChild(document.createTextNode(' '));
    h.appendChild(el('span', TYPES[r.type] || r.type, { class: 'badge' }));
    body.appendChild(h);
    var meta = [];
    var f = r.fields;
    if (r.type === 'video') {
      if (f.stream) meta.push(f.stream);
      if (f.grade) meta.push('leerjaar ' + f.grade);
      if (f.duration) meta.push(duration(f.duration));
      if (f.subject) meta.push(f.subject);
      if (f.school) meta.push(f.school);
    } else {
      if (f.experiment) meta.push(f.experiment);
      if (f.school) meta.push(f.school);
      if (f.place) meta.push(f.place);
      if (f.level) meta.push(f.level);
    }
    if (f.year) meta.push(String(f.year) + (f.year_end && f.year_end !== f.year ? '–' + f.year_end : ''));
    if (meta.length) body.appendChild(el('p', meta.join(' · '), { class: 'bron' }));
    body.appendChild(snippetNode(r.snippet));
    if (r.passages && r.passages.length) {
      var sub = el('ul', null, { class: 'passages' });
      r.passages.forEach(function (p) {
        var pli = el('li');
        var ph = el('h4');
        ph.appendChild(el('a', p.title, { href: docHref(p.id, st.q) }));
        pli.appendChild(ph);
        pli.appendChild(snippetNode(p.snippet));
        sub.appendChild(pli);
      });
      body.appendChild(sub);
    }
    if (r.more) {
      var what = r.type === 'video' ? (r.more === 1 ? 'vergelijkbare video' : "vergelijkbare video's") : (r.more === 1 ? 'vergelijkbaar resultaat' : 'vergelijkbare resultaten');
      var mp = el('p', null, { class: 'meer' });
      mp.appendChild(el('a', r.more + ' ' + what, { href: docHref(r.id, st.q) }));
      body.appendChild(mp);
    }
    if (r.missing && r.missing.length) body.appendChild(el('p', 'Ontbreekt: ' + r.missing.join(', '), { class: 'ontbreekt' }));
    li.appendChild(body);
    return li;
  }

  function label(f, v) { return f[0] === 'type' ? (TYPES[v] || v) : v; }

  /* The chosen filters as chips that remove themselves; total 0 says they
   * are why nothing was found. */
  function renderChips(st, total) {
    chosen.textContent = '';
    var n = 0;
    var ul = el('ul', null, { class: 'chips', 'aria-label': 'Gekozen filters' });
    FACETS.forEach(function (f) {
      values(st.f, f).forEach(function (v) {
        n++;
        var li = el('li');
        var text = f[1] + ': ' + (f[0] === 'year' ? v.replace('..', '–') : label(f, v));
        var b = el('button', text, { type: 'button', class: 'chip', 'aria-label': text + ', filter weghalen' });
        b.appendChild(el('span', ' ×', { 'aria-hidden': 'true' }));
        b.addEventListener('click', function () {
          var s = state().f;
          [f[0], f[2]].forEach(function (name) {
            var keep = s.getAll(name).filter(function (x) { return x !== v; });
            s.delete(name);
            keep.forEach(function (x) { s.append(name, x); });
          });
          s.delete('pagina');
          go(s);
        });
        li.appendChild(b);
        ul.appendChild(li);
      });
    });
    filterButton.textContent = n ? 'Filters (' + n + ')' : 'Filters';
    if (!n) return;
    chosen.appendChild(ul);
    var clear = el('button', 'Wis alle filters', { type: 'button', class: 'wis' });
    clear.addEventListener('click', function () {
      var s = state().f;
      FACETS.forEach(function (f) { s.delete(f[0]); s.delete(f[2]); });
      s.delete('pagina');
      go(s);
    });
    chosen.appendChild(clear);
    if (total === 0) chosen.appendChild(el('p', 'Deze filters kunnen de reden zijn dat er niets gevonden is.', { class: 'hint' }));
  }

  function setValues(f, vals) {
    var s = state().f;
    s.delete(f[0]); s.delete(f[2]);
    vals.forEach(function (v) { s.append(f[0], v); });
    s.delete('pagina');
    go(s, 'filter');
  }

  /* APPROX: the counts are estimates ("counts_exact": false): "ca." before each. */
  function renderFacets(facets, st, approx) {
    filters.textContent = '';
    FACETS.forEach(function (f) {
      var vals = (facets[f[0]] || []).slice();
      var picked = values(st.f, f);
      if (!vals.length && !picked.length) return;
      var fs = el('fieldset');
      fs.appendChild(el('legend', f[1]));
      if (f[0] === 'year') { yearRange(fs, f, vals, picked[0]); filters.appendChild(fs); return; }
      /* chosen values stay listed even when no result has them */
      picked.forEach(function (v) { if (!vals.some(function (x) { return x.value === v; })) vals.push({ value: v, count: 0 }); });
      var ul = el('ul');
      var more = vals.length > SHOWN_VALUES && !openFacets[f[0]];
      vals.forEach(function (v, i) {
        var id = 'f-' + f[0] + '-' + i;
        var li = el('li', null, more && i >= SHOWN_VALUES && picked.indexOf(v.value) < 0 ? { hidden: '' } : {});
        var cb = el('input', null, { type: 'checkbox', id: id, 'data-facet': f[0], 'data-value': v.value });
        cb.checked = picked.indexOf(v.value) >= 0;
        cb.addEventListener('change', function () {
          var now = values(state().f, f).filter(function (x) { return x !== v.value; });
          if (cb.checked) now.push(v.value);
          setValues(f, now);
        });
        li.appendChild(cb);
        li.appendChild(el('label', label(f, v.value) + ' (' + (approx && v.count ? 'ca. ' : '') + v.count + ')', { for: id }));
        ul.appendChild(li);
      });
      fs.appendChild(ul);
      if (more) {
        var b = el('button', 'Toon meer (' + (vals.length - SHOWN_VALUES) + ')', { type: 'button', class: 'toon-meer', 'aria-expanded': 'false' });
        b.addEventListener('click', function () {
          openFacets[f[0]] = true;
          ul.querySelectorAll('li[hidden]').forEach(function (x) { x.hidden = false; });
          b.remove();
          var first = ul.querySelectorAll('li')[SHOWN_VALUES];
          if (first) first.querySelector('input').focus();
        });
        fs.appendChild(b);
      }
      filters.appendChild(fs);
    });
    /* No filters to offer (nothing found, none chosen): no button for them. */
    filterButton.hidden = !filters.children.length;
  }

  /* Years as a range: two lists, van and tot. */
  function yearRange(fs, f, vals, current) {
    var years = vals.map(function (v) { return parseInt(v.value, 10); }).filter(function (y) { return y > 0; });
    var cur = (current || '').split('..');
    [cur[0], cur[1]].forEach(function (y) { y = parseInt(y, 10); if (y > 0 && years.indexOf(y) < 0) years.push(y); });
    years.sort(function (a, b) { return a - b; });
    var wrap = el('div', null, { class: 'jaren' });
    var selects = ['van', 'tot'].map(function (which, k) {
      var id = 'f-jaar-' + which;
      wrap.appendChild(el('label', which === 'van' ? 'Van' : 'Tot en met', { for: id }));
      var sel = el('select', null, { id: id });
      sel.appendChild(el('option', '–', { value: '' }));
      years.forEach(function (y) {
        var o = el('option', String(y), { value: String(y) });
        if (String(y) === cur[k]) o.selected = true;
        sel.appendChild(o);
      });
      wrap.appendChild(sel);
      return sel;
    });
    selects.forEach(function (sel) {
      sel.addEventListener('change', function () {
        var lo = selects[0].value, hi = selects[1].value;
        if (lo && hi && Number(lo) > Number(hi)) { var t = lo; lo = hi; hi = t; }
        setValues(f, lo || hi ? [(lo || '') + '..' + (hi || '')] : []);
      });
    });
    fs.appendChild(wrap);
  }

  /* total counts the results as listed, so every page up to the last has
   * results; an estimate (total_exact false) links only to the pages of
   * the results known to exist (total_min). */
  function renderPages(data, st) {
    pages.textContent = '';
    var n = data.results.length, total = data.total;
    var known = data.total_min === undefined ? total : data.total_min;
    var last = Math.ceil(Math.min(total, 10000) / PER_PAGE);
    var lastKnown = Math.ceil(Math.min(data.total_exact ? total : known, 10000) / PER_PAGE);
    function pageLink(text, page, rel) {
      var s = state().f;
      s.set('pagina', String(page));
      var a = el('a', text, { href: '?' + s.toString(), rel: rel, 'data-page': String(page) });
      a.addEventListener('click', function (e) { e.preventDefault(); go(s); window.scrollTo(0, 0); });
      pages.appendChild(a);
    }
    if (st.page > 1) pageLink('Vorige', st.page - 1, 'prev');
    if (n && last > 1) pages.appendChild(el('span', 'Pagina ' + st.page + ' van ' + (data.total_exact ? '' : 'ca. ') + last));
    if (st.page < lastKnown) pageLink('Volgende', st.page + 1, 'next');
  }

  /* Filters behind a button on a narrow screen. */
  filterButton.addEventListener('click', function () {
    var open = filterButton.getAttribute('aria-expanded') !== 'true';
    filterButton.setAttribute('aria-expanded', open ? 'true' : 'false');
    filters.classList.toggle('open', open);
  });

  /* Suggest as you type: the WAI-ARIA combobox pattern. */
  /* Closing the list also drops the suggestions still on their way (a
   * timer not yet fired, a request not yet answered): typing and pressing
   * Enter quickly must not reopen the list over the results. */
  function closeList() { clearTimeout(suggestTimer); suggestSeq++; list.hidden = true; list.textContent = ''; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); active = -1; }
  function highlight(i) {
    var items = list.querySelectorAll('li');
    items.forEach(function (li, k) { li.setAttribute('aria-selected', k === i ? 'true' : 'false'); });
    active = i;
    if (i >= 0 && items[i]) input.setAttribute('aria-activedescendant', items[i].id); else input.removeAttribute('aria-activedescendant');
  }
  function choose(text) { input.value = text; closeList(); submit(); }
  input.addEventListener('input', function () {
    suggestionsOff = false;
    clearTimeout(suggestTimer);
    clearTimeout(typeTimer);
    var q = input.value;
    /* Results follow the typing: one history entry for the search being
     * typed, replaced as it grows. */
    typeTimer = setTimeout(function () {
      var s = state().f;
      if ((s.get('q') || '') === q.trim()) return;
      s.set('q', q.trim());
      s.delete('pagina');
      go(s, typingEntry ? 'replace' : 'typing');
      typingEntry = true;
    }, TYPING_DELAY);
    if (q.trim().length < 2) { closeList(); return; }
    suggestTimer = setTimeout(function () {
      var seq = ++suggestSeq;
      fetch(API + '/api/suggest?q=' + encodeURIComponent(q)).then(function (r) { return r.json(); }).then(function (data) {
        if (seq !== suggestSeq || suggestionsOff) return;
        list.textContent = '';
        (data.suggestions || []).forEach(function (s, k) {
          var li = el('li', s.text, { role: 'option', id: 'suggestie-' + k, 'aria-selected': 'false' });
          li.addEventListener('mousedown', function (e) { e.preventDefault(); choose(s.text); });
          list.appendChild(li);
        });
        var any = list.children.length > 0;
        list.hidden = !any;
        input.setAttribute('aria-expanded', any ? 'true' : 'false');
        active = -1;
      }).catch(closeList);
    }, 120);
  });
  input.addEventListener('keydown', function (e) {
    var n = list.children.length;
    if (e.key === 'ArrowDown' && n && !suggestionsOff) { e.preventDefault(); list.hidden = false; input.setAttribute('aria-expanded', 'true'); highlight((active + 1) % n); }
    else if (e.key === 'ArrowUp' && n && !suggestionsOff) { e.preventDefault(); highlight((active - 1 + n) % n); }
    else if (e.key === 'Escape') {
      /* an open list closes and the text stays (with none open, Escape
       * does what the browser does: clears the field); the list stays
       * closed, also for an answer still on its way, until the user
       * types again */
      if (!list.hidden) e.preventDefault();
      closeList();
      suggestionsOff = true;
    }
    else if (e.key === 'Enter' && active >= 0 && !list.hidden) { e.preventDefault(); choose(list.children[active].textContent); }
  });
  input.addEventListener('blur', function () { setTimeout(closeList, 150); });

  /* Enter: the search as typed, its history entry (the one typing made,
   * or a new one), focus to the results. */
  function submit() {
    clearTimeout(typeTimer);
    var s = state().f;
    s.set('q', input.value.trim());
    s.delete('pagina');
    var how = typingEntry ? 'replace' : 'push';
    typingEntry = false;
    var url = '?' + s.toString();
    if (how === 'replace') history.replaceState(null, '', url); else history.pushState(null, '', url);
    search({ focus: true });
  }
  form.addEventListener('submit', function (e) { e.preventDefault(); closeList(); submit(); });
  window.addEventListener('popstate', function () { typingEntry = false; search({ focus: false }); });
  search({});
})();
