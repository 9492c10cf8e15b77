#!/bin/bash
# browser.t - the search page in Debian's chromium (tests/browser/search.mjs,
# playwright-core from npm; make deps installs both). Screenshots go to
# tests/browser/output/.
. "$(dirname "$0")/lib.sh"

"$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$T/index" || fail "index the corpus"
"$BIN/iio-index" --quiet --corpus "$TOP/tests/fixtures/xss" --index "$T/xss" || fail "index the XSS corpus"
port=$((20000 + RANDOM % 20000))
xport=$((port + 1))
"$BIN/iio-serve" --index "$T/index" --listen "127.0.0.1:$port" --access-log none 2>/dev/null &
p1=$!
"$BIN/iio-serve" --index "$T/xss" --listen "127.0.0.1:$xport" --access-log none 2>/dev/null &
p2=$!
trap 'kill $p1 $p2 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && curl -sf "http://127.0.0.1:$xport/healthz" >/dev/null && break; sleep 0.1; done
# The browser test prints TAP of its own; pass it through as subtests of one.
if node "$TOP/tests/browser/search.mjs" "http://127.0.0.1:$port" "http://127.0.0.1:$xport" >"$T/browser.tap" 2>&1; then
	pass "the page in chromium: $(grep -c '^ok' "$T/browser.tap") checks"
else
	fail "the page in chromium" "$(cat "$T/browser.tap")"
fi
done_testing
