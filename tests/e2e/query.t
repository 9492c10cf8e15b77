#!/bin/bash
# query.t - the query language, filters, facets, sorting, spelling and
# synonyms, through the CLI on the bundled corpus.
. "$(dirname "$0")/lib.sh"

run "$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$T/index"
t_is "$rc" 0 "index the bundled corpus"
export IIO_INDEX=$T/index
ids() { jq -r '[.results[].id] | join(" ")' <<<"$out"; }
# Record by record: grouping has tests of its own (cli.t).
q() { run "$BIN/iio-search" --json --no-group -n 100 "$@"; }

# Fields and filters.
q vak:wiskunde
t_is "$(jq -r '[.results[].fields.subject] | unique | join(",")' <<<"$out")" "wiskunde" "vak:wiskunde: only wiskunde"
t_ok "vak:wiskunde finds many" test "$(jq '.results | length' <<<"$out")" -gt 20
q --vak wiskunde pythagoras
t_is "$(jq -r '[.results[].fields.subject] | unique | join(",")' <<<"$out")" "wiskunde" "--vak is the same filter"
t_has "$(jq -r '.results[0].title' <<<"$out")" "Pythagoras" "... and the words still rank"
q --subject wiskunde pythagoras
t_is "$(jq '.total' <<<"$out")" "$(q --vak wiskunde pythagoras; jq '.total' <<<"$out")" "--subject and --vak agree"
q pythagoras niveau:havo
t_is "$(jq -r '[.results[].fields.stream] | unique | join(",")' <<<"$out")" "havo" "niveau:havo matches the havo stream"
q type:case videolessen
t_is "$(jq -r '[.results[].type] | unique | join(",")' <<<"$out")" "case" "type:case"
q --type profile --plaats Nagele
t_is "$(ids)" "iio-achtergrond.gijselien-grosman" "--type and --plaats together (a filter-only search)"
# The province of the place (indexer/lexicon/places.tsv): Friesland's
# places in the corpus are Leeuwarden, Heerenveen, Drachten and Sneek.
q provincie:friesland
t_is "$(jq -r '[.results[].fields.place] | unique | join(",")' <<<"$out")" "Drachten,Heerenveen,Leeuwarden,Sneek" \
	"provincie:friesland: the records in Friesland's places"
fries=$(jq -r '[.results[].id] | sort | join(" ")' <<<"$out")
q fryslân
t_is "$(jq -r '[.results[].id] | sort | join(" ")' <<<"$out")" "$fries" "fryslân finds the same records (the thesaurus)"
q "school:\"Titus Brandsma\""
t_is "$(ids)" "iio-achtergrond.gijselien-grosman" "school:\"two words\""
q experiment:slimfit jaar:2011..2011
t_ok "jaar:2011..2011: every span covers 2011" jq -e '[.results[].fields | (.year <= 2011 and .year_end >= 2011)] | all' <<<"$out"
t_ok "... and there are some" test "$(jq '.results | length' <<<"$out")" -gt 0
q titel:fotosynthese
t_is "$(jq -r '[.results[].title | test("Fotosynthese")] | all' <<<"$out")" "true" "titel: matches titles"

# OR, NOT, grouping, prefixes.
q breuken OR fotosynthese
t_is "$(jq -r '[.results[].fields.subject] | unique | join(",")' <<<"$out")" "biologie,rekenen,wiskunde" "a OR b"
q "(breuken OR fotosynthese) -wiskunde"
t_is "$(jq -r '[.results[].fields.subject] | unique | join(",")' <<<"$out")" "biologie,rekenen" "grouping and -word"
q "fotosynthese NOT examentraining"
t_is "$(jq -r '[.results[].title | test("examentraining")] | any' <<<"$out")" "false" "NOT word"
q "koolstofdiox*"
t_ok "a prefix finds" test "$(jq '.results | length' <<<"$out")" -gt 5
t_has "$(jq -r '.results[0].snippet' <<<"$out")" "<mark>" "... and lights up what it matched"

# Malformed input reads leniently; --strict says where.
for bad in '"unclosed phrase' '(krimp OR tekort' 'krimp )' 'onbekend:veld krimp' '- krimp' 'jaar:twintig krimp'; do
	run "$BIN/iio-search" --json -- "$bad"
	t_ok "lenient: '$bad' is searched (exit $rc)" test "$rc" -le 1
	run "$BIN/iio-search" --strict -- "$bad"
	t_is "$rc" 2 "--strict: '$bad' is an error"
	t_has "$err" "query position" "--strict names the position: $err"
done
run "$BIN/iio-search" --strict '"unclosed'
t_has "$err" "query position 1: a quote is never closed" "the position of an unclosed quote"

# Facets add up.
q --facets --exact-total onderwijs
t_is "$(jq '[.facets.type[].count] | add' <<<"$out")" "$(jq .total <<<"$out")" "type facet counts add up to the total"
t_is "$(jq -r '[.facets.level[].value] | sort | join(",")' <<<"$out")" "po,vo" "level facet: po and vo"
t_ok "facets for every field" jq -e '.facets | has("type") and has("level") and has("stream") and has("subject") and has("experiment") and has("school") and has("place") and has("year")' <<<"$out"
run "$BIN/iio-search" --facets breuken
t_has "$out" "<- subject" "facets in the text output"

# Sorting and ties.
q --sort date --type case krimp
t_ok "--sort date: newest year first" jq -e '[.results[].fields.year] | . == (sort | reverse)' <<<"$out"
run "$BIN/iio-search" --json -n 50 krimp
a=$(ids)
run "$BIN/iio-search" --json -n 50 krimp
t_is "$(ids)" "$a" "the same query ranks the same, ties broken by id"

# Spelling.
q leerlingekrimp
t_is "$(jq -r .suggestion <<<"$out")" "leerlingenkrimp" "a compound misspelled gets the right suggestion"
run "$BIN/iio-search" pytagoras
t_is "$rc" 0 "a misspelling that finds nothing searches the correction"
t_has "$out" 'No results for "pytagoras"; showing results for "pythagoras".' "... and says so"
q pytagoras
t_is "$(jq -r '[.query, .suggestion, .corrected] | @tsv' <<<"$out")" "$(printf 'pytagoras\tpythagoras\ttrue')" "JSON: query as asked, corrected: true"
# The suggestion echoes the query, but never its bidi overrides, zero-width
# or control characters (they could make it display as something else).
q "$(printf 'pytagoras \xe2\x80\xae\xe2\x80\x8b stelling')"
t_is "$(jq -r .suggestion <<<"$out")" "pythagoras  stelling" "the suggestion drops format characters the query held"
run "$BIN/iio-search" "$(printf 'krimp a\xff\xfeb')"
t_is "$rc" 2 "a query that is not UTF-8: exit 2"
t_has "$err" "query is not valid UTF-8 at byte 8" "... naming the byte"
run "$BIN/iio-search" --strict pytagoras
t_is "$rc" 1 "--strict searches only what was asked"
run "$BIN/iio-search" leerlingekrimp
t_has "$out" "Did you mean: leerlingenkrimp?" "the CLI says: Did you mean, when the query found something"
q leerlingenkrimp
t_is "$(jq -r .suggestion <<<"$out")" "null" "a known word gets none"
# The correction is shown in the case the word was typed in.
q Leerlingekrimp
t_is "$(jq -r .suggestion <<<"$out")" "Leerlingenkrimp" "a capital typed stays a capital in the suggestion"
q LEERLINGEKRIMP
t_is "$(jq -r .suggestion <<<"$out")" "LEERLINGENKRIMP" "... and capitals stay capitals"
# Words typed together are split into words the index holds.
q kleinescholen
t_is "$(jq -r '[.suggestion, .corrected] | @tsv' <<<"$out")" "$(printf 'kleine scholen\tfalse')" "kleinescholen: Did you mean kleine scholen"
q bigpicture
t_is "$(jq -r '[.suggestion, .corrected, (.total > 0)] | @tsv' <<<"$out")" "$(printf 'big picture\ttrue\ttrue')" \
	"bigpicture finds nothing as typed: the results for big picture are shown"

# Synonyms: found, and ranked below the literal word.
q leerkracht
t_has "$(jq -r '.results[0].snippet' <<<"$out")" "<mark>leerkracht" "the literal word ranks first"
t_ok "docent records are found through leraar = docent = leerkracht" \
	jq -e '[.results[].snippet | test("docent")] | any' <<<"$(run "$BIN/iio-search" --json --no-group -n 500 leerkracht; echo "$out")"
q basisonderwijs
t_ok "po = primair onderwijs = basisonderwijs" jq -e '.total > 0' <<<"$out"

# Suggest as you type.
run "$BIN/iio-search" --suggest --json lee
t_is "$rc" 0 "--suggest lee"
t_ok "completions start with what was typed" jq -en --argjson r "$out" '$r.suggestions | length > 0 and all(.text | startswith("lee"))'
t_ok "the most used first" jq -en --argjson r "$out" '[$r.suggestions[].count] | . == (sort | reverse)'
t_ok "in well under a millisecond ($(jq .took_ms <<<"$out") ms; reported, not asserted)" jq -e '.took_ms | type == "number"' <<<"$out"
run "$BIN/iio-search" --suggest --json "stelling van"
t_has "$(jq -r '[.suggestions[].text] | join("|")' <<<"$out")" "Stelling van Pythagoras" "whole titles complete a phrase, as they are written"
t_hasnt "$(jq -r '[.suggestions[].text] | join("|")' <<<"$out")" "stelling van|" "what was typed is not offered back"
run "$BIN/iio-search" --suggest zzzqqq
t_is "$rc" 1 "nothing to complete: exit 1"

# --explain and --similar.
q --explain -n 3 leerkracht
t_ok "--explain lists matched terms with weights" jq -e '.results[0].explain | length > 0 and all(has("term") and has("match") and has("field") and (.weight > 0))' <<<"$out"
run "$BIN/iio-search" --json --no-group -n 500 --explain leerkracht
t_ok "a synonym match is explained as its word (docent)" jq -e '[.results[].explain[] | select(.term == "docent")] | length > 0' <<<"$out"
# A synonym weighs less than the word itself, however rare it is: video's
# synonym instructiefilmpje is in a few dozen cases, the word in far more
# records, and the records holding the word come first.
run "$BIN/iio-search" --json --no-group -n 20 --explain video
t_ok "video: the first 20 hold the word itself, not only a rarer synonym" \
	jq -e '[.results[] | [.explain[].term] | any(. == "video")] | all' <<<"$out"
run "$BIN/iio-search" --no-group -n 1 --explain leerkracht
t_has "$out" "leerkracht (exact)" "--explain in the text output: the terms matched, how, and their weights"
q --similar video-0001 -n 5
t_ok "--similar: other records on the same topic" jq -e '[.results[].title | test("Irregular verbs")] | all' <<<"$out"
t_hasnt "$(ids)" "video-0001" "--similar leaves the record itself out"
run "$BIN/iio-search" --similar no-such-id
t_is "$rc" 1 "--similar of an unknown id: exit 1"

# Passages rank above the whole document holding them.
run "$BIN/iio-search" --json --no-group -n 50 studiewijzers
t_ok "the passage ranks above its document" jq -e '[.results[].id] | index("iio-longread.iio-experiment-e-klas-pal-student") < index("iio-longread")' <<<"$out"

done_testing
