#!/bin/bash
# browser-paging.t - paging adds up on the search page in chromium
# (tests/browser/paging.mjs): for grouped queries, "Volgende" from the first
# page to the last with JavaScript, without it (/zoeken) and through the CGI
# program; every page has results, none repeats, the count adds up.
# Screenshots go to tests/browser/output/.
. "$(dirname "$0")/lib.sh"

"$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$T/index" || fail "index the corpus"
start_serve serve --index "$T/index" --access-log none

# The browser run prints TAP of its own; pass it through as subtests of one.
if node "$TOP/tests/browser/paging.mjs" "$served_url" "$BIN/iio-search.cgi" "$T/index" >"$T/paging.tap" 2>&1; then
	pass "paging in chromium: $(grep -c '^ok' "$T/paging.tap") checks"
	sed -n 's/^ok [0-9]* - /# /p' "$T/paging.tap"
else
	fail "paging in chromium" "$(cat "$T/paging.tap")"
fi
done_testing
