#!/bin/bash
# browser.t - the search page in Debian's chromium (tests/browser/search.mjs,
# playwright-core from npm; make deps installs both). Screenshots go to
# tests/browser/output/. The embed check serves a page of another origin with
# python3 -m http.server. Every server listens on a port the kernel picks,
# so two suites side by side never meet; the browser run waits on
# conditions only, up to the one timeout lib.sh states ($WAIT).
. "$(dirname "$0")/lib.sh"

"$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$T/index" || fail "index the corpus"
"$BIN/iio-index" --quiet --corpus "$TOP/tests/fixtures/xss" --index "$T/xss" || fail "index the XSS corpus"
# A page of the site on another origin, with the README's one-line embed;
# the main server lets that origin call it. The page is written once the
# API's port is known (the static server reads it per request).
mkdir "$T/site"
(cd "$T/site" && exec python3 -u -m http.server --bind 127.0.0.1 0) >"$T/site.log" 2>&1 &
_pids+=($!)
site_port() { sed -n 's/^Serving HTTP on [0-9.]* port \([0-9]*\).*/\1/p' "$T/site.log" | grep .; }
wait_until "the static site server starts" site_port
site="http://127.0.0.1:$(site_port)"
start_serve serve --index "$T/index" --cors "$site" --access-log none
base=$served_url
start_serve xss --index "$T/xss" --access-log none
xss=$served_url
# Two videos with a thumbnail field: a picture where it is an http(s) URL,
# the type icon where it is anything else.
mkdir "$T/thumbs"
printf '%s\n' '{"id":"met-plaatje","type":"video","title":"Breuken met plaatje","text":"uitleg over breuken","thumbnail":"https://beeld.iio.example/breuken.jpg"}' \
	'{"id":"vals-plaatje","type":"video","title":"Breuken zonder plaatje","text":"uitleg over breuken","thumbnail":"javascript:alert(1)"}' \
	>"$T/thumbs/videos.jsonl"
"$BIN/iio-index" --quiet --corpus "$T/thumbs" --index "$T/thumbsidx" || fail "index the thumbnail corpus"
start_serve thumbs --index "$T/thumbsidx" --access-log none
thumbs=$served_url
printf '<!doctype html>\n<html lang="nl"><meta charset="utf-8"><title>Over IIO</title><h1>Over IIO</h1>\n<div id="iio-zoeken"></div><script src="%s/app.js" data-api="%s"></script>\n' \
	"$base" "$base" >"$T/site/embed.html"
wait_until "the static site serves the embedding page" curl -sf -o /dev/null "$site/embed.html"

# The page's Content-Security-Policy stays strict: no inline script, no
# eval (the browser run below relies on nothing that needs them).
csp=$(curl -s -D - -o /dev/null "$base/" | tr -d '\r' | sed -n 's/^[Cc]ontent-[Ss]ecurity-[Pp]olicy: //p')
t_has "$csp" "script-src 'self'" "the page's CSP allows scripts from its own origin only"
t_hasnt "$csp" "unsafe-eval" "... and no eval"
t_hasnt "$csp" "unsafe-inline" "... and no inline script"

# The browser test prints TAP of its own; pass it through as subtests of one.
if node "$TOP/tests/browser/search.mjs" "$base" "$xss" "$site" "$thumbs" >"$T/browser.tap" 2>&1; then
	pass "the page in chromium: $(grep -c '^ok' "$T/browser.tap") checks"
else
	fail "the page in chromium" "$(cat "$T/browser.tap")"
fi
# The pages around the results (tests/browser/pages.mjs): the page without
# JavaScript, the way back, versions, the document page, keyboard, icon.
if node "$TOP/tests/browser/pages.mjs" "$base" >"$T/pages.tap" 2>&1; then
	pass "the pages around the results in chromium: $(grep -c '^ok' "$T/pages.tap") checks"
else
	fail "the pages around the results in chromium" "$(grep -v '^ok' "$T/pages.tap")"
fi
done_testing
