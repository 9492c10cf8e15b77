#!/bin/bash
# zero.t - a search that finds nothing is no dead end: iio-search says so on
# standard error with what to try (exit status 1), the JSON lists the
# alternatives (the query without its filters, with fewer words) that find
# something, and the searches the page and the CLI offer as examples all
# find something.
. "$(dirname "$0")/lib.sh"

IDX=$T/index
run "$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$IDX"
t_is "$rc" 0 "iio-index builds the bundled corpus"
S() { "$BIN/iio-search" --index "$IDX" "$@"; }

run S flipped classroom
t_is "$rc" 1 "nothing found: exit status 1"
t_is "$out" "" "... nothing on standard output"
t_has "$err" 'iio-search: nothing found for "flipped classroom".' "... standard error says nothing was found"
t_has "$err" "in Dutch: the knowledge base is Dutch (e.g. leerlingenkrimp, werkdruk docenten" "... and what to try: Dutch words, examples"
t_has "$err" "iio-search --suggest flip" "... and the index's words that start like the query"
run S --json flipped classroom
t_is "$(jq -c '[.total, .alternatives]' <<<"$out")" '[0,[]]' "--json: alternatives, none here"
t_is "$err" "" "--json: nothing on standard error"

run S --type profile breuken
t_is "$rc" 1 "a filter that empties it: exit status 1"
t_has "$err" "  - without the filters: iio-search breuken  (2 results)" "... the search without the filters, counted"
run S --json --type profile breuken
t_is "$(jq -c '.alternatives' <<<"$out")" '[{"query":"breuken","kind":"filters","total":2}]' \
	"--json: the alternative without the filters"

run S --all-words breuken klokkijken
t_has "$err" $'  - one word: iio-search breuken  (2 results)\n  - one word: iio-search klokkijken  (1 result)' \
	"every word required, none has both: each word alone, counted"
run S --json --all-words werkwoordspelling oefenen klokkijken
t_is "$(jq -c '[.alternatives[] | select(.kind == "without") | .query]' <<<"$out")" '["oefenen klokkijken","werkwoordspelling oefenen"]' \
	"... the query without the word that emptied it"
run S --json breuken
t_is "$(jq 'has("alternatives")' <<<"$out")" false "found: no alternatives key"

# The examples offered: the CLI's, the page's without JavaScript (webpage.c)
# and with it (app.js) find something.
examples=$( { sed -n 's/^static const char cli_examples\[\] = "\(.*\)";/\1/p' "$TOP/searcher/iio-search.c" | tr ',' '\n'
	sed -n '/web_examples\[\] = {/,/};/p' "$TOP/searcher/webpage.c" | grep -o '"[^"]*"' | tr -d '"'
	grep -o "var EXAMPLES = \[[^]]*\]" "$TOP/searcher/web/app.js" | grep -o "'[^']*'" | tr -d "'"; } |
	sed 's/^ *//; s/ *$//' | grep . | sort -u)
t_is "$(wc -l <<<"$examples" | tr -d ' ')" 5 "the examples offered are found in the sources"
for q in $(tr ' ' '+' <<<"$examples"); do
	q=${q//+/ }
	t_is "$(S --json -n 1 -- $q | jq '.total > 0')" true "the example '$q' finds something"
done

done_testing
