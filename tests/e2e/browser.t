#!/bin/bash
# browser.t - the search page in Debian's chromium (tests/browser/search.mjs,
# playwright-core from npm; make deps installs both). Screenshots go to
# tests/browser/output/. The embed check serves a page of another origin with
# python3 -m http.server.
. "$(dirname "$0")/lib.sh"

"$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$T/index" || fail "index the corpus"
"$BIN/iio-index" --quiet --corpus "$TOP/tests/fixtures/xss" --index "$T/xss" || fail "index the XSS corpus"
port=$((20000 + RANDOM % 20000))
xport=$((port + 1))
sport=$((port + 2))
# A page of the site on another origin, with the README's one-line embed;
# the main server lets that origin call it.
mkdir "$T/site"
printf '<!doctype html>\n<html lang="nl"><meta charset="utf-8"><title>Over IIO</title><h1>Over IIO</h1>\n<div id="iio-zoeken"></div><script src="http://127.0.0.1:%s/app.js" data-api="http://127.0.0.1:%s"></script>\n' \
	"$port" "$port" >"$T/site/embed.html"
(cd "$T/site" && exec python3 -m http.server --bind 127.0.0.1 "$sport") >/dev/null 2>&1 &
p3=$!
"$BIN/iio-serve" --index "$T/index" --listen "127.0.0.1:$port" --cors "http://127.0.0.1:$sport" --access-log none 2>/dev/null &
p1=$!
"$BIN/iio-serve" --index "$T/xss" --listen "127.0.0.1:$xport" --access-log none 2>/dev/null &
p2=$!
trap 'kill $p1 $p2 $p3 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && curl -sf "http://127.0.0.1:$xport/healthz" >/dev/null && curl -sf "http://127.0.0.1:$sport/embed.html" >/dev/null && break; sleep 0.1; done
# The browser test prints TAP of its own; pass it through as subtests of one.
if node "$TOP/tests/browser/search.mjs" "http://127.0.0.1:$port" "http://127.0.0.1:$xport" "http://127.0.0.1:$sport" >"$T/browser.tap" 2>&1; then
	pass "the page in chromium: $(grep -c '^ok' "$T/browser.tap") checks"
else
	fail "the page in chromium" "$(cat "$T/browser.tap")"
fi
done_testing
