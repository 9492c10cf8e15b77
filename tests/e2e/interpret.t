#!/bin/bash
# interpret.t - field values typed as words (interpret.c): `breuken groep 7`
# lists the groep-7 breuken videos before anything else and says how it read
# the words; a value orders, it never filters; a word that also names other
# records in their title stays a word; a question favours the records that
# explain; --no-interpret reads every word as a word.
. "$(dirname "$0")/lib.sh"

IDX=$T/index
run "$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$IDX"
t_is "$rc" 0 "iio-index builds the bundled corpus"
S() { "$BIN/iio-search" --index "$IDX" "$@"; }
stream() { jq -r '.results[] | "\(.fields.stream // "-")"' <<<"$1"; }

# breuken groep 7, without grouping: the groep-7 breuken videos first.
run S --json --no-group --limit 40 breuken groep 7
t_is "$rc" 0 "breuken groep 7: found"
t_is "$(jq -c '.interpreted' <<<"$out")" '[{"field":"stream","value":"groep-7","words":"groep 7"}]' \
	"--json lists the interpretation: groep 7 as stream groep-7"
n7=$(S --json --no-group --limit 100 --stream groep-7 breuken | jq '.records')
t_ok "the corpus has groep-7 breuken videos ($n7)" [ "$n7" -ge 2 ]
first=$(stream "$out" | head -n "$n7" | sort -u)
t_is "$first" "groep-7" "the first $n7 results are exactly the groep-7 breuken videos"
t_is "$(jq '[.results[] | select(.title | test("[Bb]reuken") | not)] | length' <<<"$out")" 0 \
	"nothing without breuken among the results (a value alone does not match)"
t_ok "... a soft constraint: breuken videos for other groups follow, not filtered out" [ "$(jq '.records' <<<"$out")" -gt "$n7" ]

# Grouped: every group's shown member is a groep-7 one while one exists.
run S --json --limit 10 breuken groep 7
t_is "$(jq -c '.interpreted | length' <<<"$out")" 1 "grouped: the interpretation is listed too"
t_is "$(stream "$out" | head -n 1)" "groep-7" "grouped: the first result is a groep-7 video"

# The CLI says how it read the words; --no-interpret reads them as words.
run S breuken groep 7
t_has "$out" "Interpreted: groep 7 as stream groep-7" "the CLI says: Interpreted: groep 7 as stream groep-7"
run S --json --no-interpret breuken groep 7
t_is "$(jq -c '.interpreted' <<<"$out")" '[]' "--no-interpret: nothing interpreted"

# A value never lifts a record lacking a content word above one holding them all.
run S --json --no-group --limit 60 wet van ohm uitleg havo
t_is "$(jq -c '[.interpreted[].value]' <<<"$out")" '["havo"]' "wet van ohm uitleg havo: havo read as the stream"
t_is "$(jq '[.results[] | .missing // [] | length] | . as $m | [range(1; length) | select($m[.] < $m[. - 1])] | length' <<<"$out")" 0 \
	"... results lacking content words never come before those holding more of them"
t_is "$(jq -r '[.results[] | select((.missing // []) | length == 0)][0].fields.stream' <<<"$out")" "havo" \
	"... among those holding every content word, the havo one first"

# Only values: the values order what the words find (emmen stays a word).
run S --json --limit 3 --no-group casussen in emmen
t_is "$(jq -r '[.results[] | "\(.type) \(.fields.place)"] | join(",")' <<<"$out")" "case Emmen,case Emmen,video Emmen" \
	"casussen in emmen: the cases in Emmen first"

# Places by province: the cases in Friesland's places first.
run S --json --limit 10 scholen in friesland
t_is "$(jq -c '.interpreted' <<<"$out")" '[{"field":"province","value":"Friesland","words":"friesland"}]' \
	"scholen in friesland: friesland read as the province"
t_is "$(jq -r '[.results[:6][] | "\(.type) \(.fields.province)"] | unique | join(",")' <<<"$out")" "case Friesland" \
	"... the first six results are cases in Friesland"
t_is "$(jq -r '[.results[] | .fields.place] | map(select(. == "Leeuwarden" or . == "Drachten" or . == "Heerenveen")) | unique | join(",")' <<<"$out")" \
	"Drachten,Heerenveen,Leeuwarden" "... in Leeuwarden, Drachten and Heerenveen"
run S --json --limit 5 casussen in drenthe
t_is "$(jq -r '[.results[] | "\(.type) \(.fields.province)"] | unique | join(",")' <<<"$out")" "case Drenthe" \
	"casussen in drenthe: the cases in Drenthe first"

# A word that also titles records lacking the value stays a word (e-klas:
# an experiment, and passages of the longread are titled with it).
run S --json hoe werkt een e-klas
t_is "$(jq -c '.interpreted' <<<"$out")" '[]' "e-klas in titles outside the experiment: not interpreted"
top3=$(jq -r '[.results[:3][] | .id, (.passages // [] | .[].id)] | join(" ")' <<<"$out")
t_has "$top3" "iio-longread.iio-experiment-e-klas-pal-student" \
	"hoe werkt een e-klas: the passage explaining the E-klas among the top 3"
run S --json --no-interpret hoe werkt een e-klas
t_is "$(jq -r '[.results[:3][] | .id, (.passages // [] | .[].id)] | index("iio-longread.iio-experiment-e-klas-pal-student")' <<<"$out")" null \
	"... which it was not without the question read as one (the test can fail)"

# The page without JavaScript offers the value as a one-click filter.
cgi() { QUERY_STRING=$1 IIO_INDEX=$IDX SCRIPT_NAME=/zoek "$BIN/iio-search.cgi"; }
run cgi 'q=breuken+groep+7'
t_has "$out" '<p id="alleen"><a href="/zoek?q=breuken+groep+7&amp;leerweg=groep-7">Alleen groep 7?</a></p>' \
	"the page: Alleen groep 7? links to the search filtered on it"
run cgi 'q=breuken+groep+7&leerweg=groep-7'
t_hasnt "$out" 'id="alleen"' "... and once chosen it is not offered again"

# A question about the language in the words of the rule: the rule's
# videos first, though wordt and of are function words elsewhere.
run S --json --no-group --limit 3 hij wordt of word
t_is "$(jq -r '.results[0].title | sub(" \\(.*"; "")' <<<"$out")" "Werkwoordspelling: d, t of dt" \
	"hij wordt of word: a werkwoordspelling video first"
t_is "$(jq -r '[.results[].fields.subject] | map(select(. == "Nederlands" or . == "taal")) | length' <<<"$out")" "3" \
	"... the first three teach Dutch"
t_is "$(jq -c '[.interpreted[] | .words] | unique' <<<"$out")" '["wordt of word"]' "... and the rule's words are listed"
run S --json --no-interpret --limit 3 hij wordt of word
t_hasnt "$(jq -r '.results[0].title' <<<"$out")" "Werkwoordspelling" "... which --no-interpret does not find first"
# Only the rule's words and function words (wordt is one): the rule's
# topic is still what is looked for, not the values alone.
run S --json --no-group --limit 1 wordt of word
t_is "$(jq -r '.results[0].title | sub(" \\(.*"; "")' <<<"$out")" "Werkwoordspelling: d, t of dt" \
	"wordt of word: a werkwoordspelling video first"
run S --json --no-group --limit 1 wanneer schrijf je dt
t_is "$(jq -r '.results[0].title' <<<"$out")" "Werkwoordspelling: d, t of dt (uitleg)" "wanneer schrijf je dt: the d, t of dt video first"

# A language subject's adjective names it, as pupils type it: franse
# werkwoorden puts the Frans videos first.
run S --json --no-group --limit 3 franse werkwoorden
t_is "$(jq -c '.interpreted' <<<"$out")" '[{"field":"subject","value":"Frans","words":"franse"}]' \
	"franse werkwoorden: franse read as the subject Frans"
t_is "$(jq -r '[.results[].fields.subject] | unique | join(" ")' <<<"$out")" "Frans" "... and the first three are Frans videos"

# Query syntax is read as typed.
run S --json '"groep 7" breuken'
t_is "$(jq -c '.interpreted' <<<"$out")" '[]' "a phrase in quotes: nothing interpreted"
done_testing
