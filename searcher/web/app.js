/* The IIO search page: talks to iio-serve's JSON API. Plain JavaScript, no
 * build step. All record text reaches the page through textContent or as
 * the server's escaped snippet (only <mark> is allowed through), so nothing
 * in the data can run. The query, filters and page live in the URL. */
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
      '<p id="bedoelde" hidden>Bedoelde je <a href="#" id="bedoelde-link"></a>?</p>' +
      '<div class="layout"><aside id="filters" aria-label="Filters"></aside>' +
      '<section aria-label="Resultaten"><ol id="resultaten"></ol><nav id="paginering" aria-label="Pagina\'s"></nav></section></div>';
  }
  var PER_PAGE = 10;
  /* The filters: every field with one value per record, from the server's
   * field table (name, and its Dutch name as the label). */
  var FACETS = [];
  var fieldsLoaded = fetch(API + '/api/fields').then(function (r) { return r.json(); }).then(function (data) {
    FACETS = (data.fields || []).filter(function (f) { return f.filter; }).map(function (f) {
      return [f.name, f.dutch.charAt(0).toUpperCase() + f.dutch.slice(1)];
    });
  });
  var TYPES = { document: 'document', passage: 'passage', video: 'video', case: 'casus', profile: 'profiel' };
  var form = document.getElementById('zoekformulier');
  var input = document.getElementById('zoekveld');
  var list = document.getElementById('suggesties');
  var status = document.getElementById('status');
  var results = document.getElementById('resultaten');
  var filters = document.getElementById('filters');
  var pages = document.getElementById('paginering');
  var bedoelde = document.getElementById('bedoelde');
  var bedoeldeLink = document.getElementById('bedoelde-link');
  var active = -1, suggestTimer = null, suggestSeq = 0;

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
    var parts = String(html).split(/(<mark>|<\/mark>)/);
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

  function state() {
    var s = new URLSearchParams(location.search);
    return { q: s.get('q') || '', page: Math.max(1, parseInt(s.get('pagina') || '1', 10) || 1), f: s };
  }

  function go(params, replace) {
    var url = '?' + params.toString();
    if (replace) history.replaceState(null, '', url); else history.pushState(null, '', url);
    search();
  }

  /* A search waits for the field table (the filters in the URL need it). */
  function search() { fieldsLoaded.then(runSearch, runSearch); }

  function runSearch() {
    var st = state();
    input.value = st.q;
    var filterKeys = FACETS.map(function (f) { return f[0]; });
    var hasFilter = filterKeys.some(function (k) { return st.f.get(k); });
    if (!st.q && !hasFilter) { results.textContent = ''; filters.textContent = ''; pages.textContent = ''; status.textContent = ''; return; }
    var p = new URLSearchParams();
    p.set('q', st.q);
    p.set('offset', String((st.page - 1) * PER_PAGE));
    p.set('limit', String(PER_PAGE));
    p.set('facets', '1');
    filterKeys.forEach(function (k) { if (st.f.get(k)) p.set(k, st.f.get(k)); });
    status.textContent = 'Zoeken…';
    fetch(API + '/api/search?' + p.toString()).then(function (r) { return r.json(); }).then(function (data) {
      if (data.error) { status.textContent = 'Er ging iets mis: ' + data.error; return; }
      render(data, st);
    }).catch(function () { status.textContent = 'De zoekdienst is nu niet bereikbaar. Probeer het zo nog eens.'; });
  }

  function render(data, st) {
    results.textContent = '';
    var n = data.results.length;
    var total = data.total;
    if (data.corrected) status.textContent = 'Geen resultaten voor “' + st.q + '”; we tonen resultaten voor “' + data.suggestion + '”: ' + total + ' gevonden.';
    else if (total === 0) status.textContent = 'Niets gevonden voor “' + st.q + '”. Probeer minder of andere woorden, of haal een filter weg.';
    else status.textContent = (data.total_exact ? '' : 'Ongeveer ') + total + (total === 1 ? ' resultaat' : ' resultaten') +
      (data.relaxed ? ' met een deel van de woorden' : '') + '.';
    if (data.suggestion && !data.corrected) {
      bedoelde.hidden = false;
      bedoeldeLink.textContent = data.suggestion;
      bedoeldeLink.onclick = function (e) { e.preventDefault(); var s = state().f; s.set('q', data.suggestion); s.delete('pagina'); go(s); };
    } else bedoelde.hidden = true;
    data.results.forEach(function (r) {
      var li = el('li');
      var h = el('h2');
      var url = r.url && safeUrl(r.url);
      var title = url ? el('a', r.title, { href: url, rel: 'noopener' }) : el('span', r.title);
      h.appendChild(title);
      h.appendChild(el('span', TYPES[r.type] || r.type, { class: 'badge' }));
      li.appendChild(h);
      li.appendChild(snippetNode(r.snippet));
      var bron = [];
      if (r.fields.school) bron.push(r.fields.school);
      if (r.fields.place) bron.push(r.fields.place);
      if (r.fields.subject) bron.push(r.fields.subject);
      if (r.fields.year) bron.push(String(r.fields.year));
      if (bron.length) li.appendChild(el('p', bron.join(' · '), { class: 'bron' }));
      if (r.passages && r.passages.length) {
        var sub = el('ul', null, { class: 'passages' });
        r.passages.forEach(function (p) {
          var pli = el('li');
          pli.appendChild(el('h3', p.title));
          pli.appendChild(snippetNode(p.snippet));
          sub.appendChild(pli);
        });
        li.appendChild(sub);
      }
      if (r.more) li.appendChild(el('p', r.more === 1 ? 'Nog 1 vergelijkbaar resultaat' : 'Nog ' + r.more + ' vergelijkbare resultaten', { class: 'meer' }));
      if (r.missing && r.missing.length) li.appendChild(el('p', 'Ontbreekt: ' + r.missing.join(', '), { class: 'ontbreekt' }));
      results.appendChild(li);
    });
    renderFacets(data.facets || {}, st);
    renderPages(total, st, n);
  }

  function renderFacets(facets, st) {
    filters.textContent = '';
    FACETS.forEach(function (f) {
      var values = facets[f[0]] || [];
      var chosen = st.f.get(f[0]);
      if (!values.length && !chosen) return;
      var fs = el('fieldset');
      fs.appendChild(el('legend', f[1]));
      values.slice(0, 8).forEach(function (v) {
        var on = chosen === v.value;
        var b = el('button', (TYPES[v.value] || v.value) + ' (' + v.count + ')', { type: 'button', 'aria-pressed': on ? 'true' : 'false', 'data-facet': f[0], 'data-value': v.value });
        b.addEventListener('click', function () {
          var s = state().f;
          if (on) s.delete(f[0]); else s.set(f[0], v.value);
          s.delete('pagina');
          go(s);
        });
        fs.appendChild(b);
        fs.appendChild(el('br'));
      });
      filters.appendChild(fs);
    });
  }

  function renderPages(total, st, n) {
    pages.textContent = '';
    var last = Math.ceil(Math.min(total, 10000) / PER_PAGE);
    function link(label, page) {
      var a = el('a', label, { href: '#', 'data-page': String(page) });
      a.addEventListener('click', function (e) { e.preventDefault(); var s = state().f; s.set('pagina', String(page)); go(s); window.scrollTo(0, 0); });
      pages.appendChild(a);
    }
    if (st.page > 1) link('Vorige', st.page - 1);
    if (n && last > 1) pages.appendChild(el('span', 'Pagina ' + st.page + ' van ' + last));
    if (st.page < last) link('Volgende', st.page + 1);
  }

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
    clearTimeout(suggestTimer);
    var q = input.value;
    if (q.trim().length < 2) { closeList(); return; }
    suggestTimer = setTimeout(function () {
      var seq = ++suggestSeq;
      fetch(API + '/api/suggest?q=' + encodeURIComponent(q)).then(function (r) { return r.json(); }).then(function (data) {
        if (seq !== suggestSeq) return;
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
    if (e.key === 'ArrowDown' && n) { e.preventDefault(); list.hidden = false; input.setAttribute('aria-expanded', 'true'); highlight((active + 1) % n); }
    else if (e.key === 'ArrowUp' && n) { e.preventDefault(); highlight((active - 1 + n) % n); }
    else if (e.key === 'Escape' && !list.hidden) { e.preventDefault(); closeList(); } /* close, keep the text */
    else if (e.key === 'Enter' && active >= 0 && !list.hidden) { e.preventDefault(); choose(list.children[active].textContent); }
  });
  input.addEventListener('blur', function () { setTimeout(closeList, 150); });

  function submit() {
    var s = state().f;
    s.set('q', input.value.trim());
    s.delete('pagina');
    go(s);
  }
  form.addEventListener('submit', function (e) { e.preventDefault(); closeList(); submit(); });
  window.addEventListener('popstate', search);
  search();
})();
