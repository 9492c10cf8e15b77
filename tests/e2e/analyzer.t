#!/bin/bash
# analyzer.t - what the Dutch analyzer gives a user of the bundled corpus:
# compound parts, word forms, diacritics and apostrophes find their records,
# and --analyze shows what the index holds.
. "$(dirname "$0")/lib.sh"

run "$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$T/index"
t_is "$rc" 0 "index the bundled corpus"
export IIO_INDEX=$T/index
t_is "$(cat "$T/index/current/LEXICON")" "$(realpath "${IIO_LEXICON:-$TOP/lib/iio-search/nl.lex}")" \
	"the generation names the lexicon it was built with (no copy: the index holds none)"
t_ok "... and has no copy of it" test ! -e "$T/index/current/nl.lex"
run "$BIN/iio-index" --quiet --full --bundle-lexicon --corpus "$TOP/corpus" --index "$T/bundled"
t_ok "--bundle-lexicon copies it into the generation" cmp -s "$T/bundled/current/nl.lex" "${IIO_LEXICON:-$TOP/lib/iio-search/nl.lex}"
t_is "$(env -u IIO_LEXICON "$BIN/iio-search" --index "$T/bundled" --json -n 3 leerlingenkrimp | jq -c '[.results[].id]')" \
	"$(env -u IIO_LEXICON "$BIN/iio-search" --index "$T/index" --json -n 3 leerlingenkrimp | jq -c '[.results[].id]')" \
	"... and the two answer alike"

# QUERY RECORD WORD: the record is found and WORD lit up in its snippet.
finds() {
	run "$BIN/iio-search" --json --no-group -n 500 "$1"
	t_has "$(jq -r --arg id "$2" '[.results[] | ., .passages[]? | select(.id == $id) | .snippet][0] // ""' <<<"$out")" "<mark>$3</mark>" \
		"'$1' finds $2 and marks '$3'"
}
finds krimp iio-longread.wat-is-innovatieimpuls-onderwijs leerlingenkrimp
finds "tekort aan leraren" iio-longread.wat-is-innovatieimpuls-onderwijs lerarentekort
finds creeren iio-longread.vernieuwing-krijgt-ruimte-door-structuur-2 creëren
finds "collega's" iio-longread.iio-experiment-videolessen "collega&#39;s"
finds "collega’s" iio-achtergrond.jan-jongeneelen "Collega&#39;s"
finds filmpje iio-longread.iio-experiment-leerlingen-voor-leerlingen filmpje
finds vernieuwing iio-longread.vernieuwing-krijgt-ruimte-door-structuur onderwijsvernieuwing
finds leraar iio-longread.wat-is-innovatieimpuls-onderwijs lerarentekort
finds onderwijsvernieuwing iio-longread.vernieuwing-krijgt-ruimte-door-structuur onderwijsvernieuwing
finds '"op alle niveaus"' iio-longread.verandering-vraagt-actie-op-alle-niveaus niveaus
finds E-klas iio-longread.iio-experiment-e-klas-pal-student klas
# A verb with its particle apart (legt ... uit) is indexed as the verb it
# makes: uitleggen and uitgelegd find it and light up both halves.
finds uitleggen video-1072 "leggen</mark> helder <mark>uit"
finds uitgelegd video-0829 "leggen</mark> ouderejaars <mark>uit"
run "$BIN/iio-search" --json --no-group -n 1000 uitleggen
t_is "$(jq '.total > 1000' <<<"$out")" true "uitleggen finds the videos that explain (legt ... uit, uitleg): $(jq .total <<<"$out")"
t_is "$(jq '[.results[] | select(.snippet | test("uitleg|Uitleg") | not) | select(.snippet | test("leggen</mark> [a-z]+ <mark>uit"))] | length > 50' <<<"$out")" \
	true "... among them the ones that only say leggen ... uit"
run "$BIN/iio-search" --json --explain -n 1 "legt uit"
t_is "$(jq -r '[.results[0].explain[] | select(.term == "uitleg") | .match] | first' <<<"$out")" stem \
	"the query legt uit (typed apart) matches the joined verb too"
run "$BIN/iio-search" --json '"legt uit"'
t_is "$(jq '.total > 0' <<<"$out")" true "the phrase \"legt uit\" asks for the words as written"
run "$BIN/iio-search" --json "R@velijn"
t_is "$(jq -r '.results[0].id' <<<"$out")" "iio-achtergrond.jan-jongeneelen" "a code in a field (school R@velijn) finds its profile"

# Exact forms rank above other forms of the word.
run "$BIN/iio-search" --json -n 3 filmpjes
t_has "$(jq -r '.results[0].snippet' <<<"$out")" "<mark>filmpjes</mark>" "the exact form ranks first"
# A phrase keeps its stopwords; a plain query does not need them.
run "$BIN/iio-search" --json '"tekort aan leraren"'
t_is "$(jq .total <<<"$out")" 0 "the phrase \"tekort aan leraren\" is not in the corpus"
run "$BIN/iio-search" de het een
t_is "$rc" 0 "a query of stopwords only still searches them"

# --analyze.
run "$BIN/iio-search" --analyze --json "Leerlingenkrimp en lerarentekorten: E-klas, collega’s creëren filmpjes"
t_is "$rc" 0 "--analyze --json"
t_is "$(jq -c '.tokens[0] | keys_unsorted' <<<"$out")" '["text","start","end","pos","norm","stem","stop","joined","parts"]' "token keys"
t_is "$(jq -r '.tokens[0] | [.text, .start, .end, .norm, (.parts | map(.stem) | join("+"))] | @tsv' <<<"$out")" \
	"$(printf 'Leerlingenkrimp\t0\t15\tleerlingenkrimp\tleerling+krimp')" "a compound: offsets and parts"
t_is "$(jq -r '.tokens[1] | [.norm, .stop] | @tsv' <<<"$out")" "$(printf 'en\ttrue')" "a stopword is flagged"
t_is "$(jq -r '.tokens[2] | [.stem, (.parts | map(.stem) | join("+"))] | @tsv' <<<"$out")" \
	"$(printf 'lerarentekort\tleraar+tekort')" "an inflected compound stems by its head"
t_is "$(jq -r '[.tokens[] | select(.text == "collega’s") | .norm, .stem] | @tsv' <<<"$out")" "$(printf "collega's\tcollega")" \
	"a curly apostrophe is folded, the plural 's stemmed"
t_is "$(jq -r '[.tokens[] | select(.text == "creëren") | .norm] | @tsv' <<<"$out")" "creeren" "diacritics folded"
t_is "$(jq -r '[.tokens[] | select(.text == "filmpjes") | .stem] | @tsv' <<<"$out")" "film" "a diminutive plural stems to its noun"
run "$BIN/iio-search" --analyze - <<<"Gijselien Grosman"
t_has "$out" "grosman" "--analyze - reads standard input and prints a table"

# --analyze shows a verb joined from its halves; a sentence ends a clause.
run "$BIN/iio-search" --analyze --json "Zij legt de breuken uit."
t_is "$(jq -r '[.tokens[] | select(.joined) | .text, .norm, .stem, .pos] | @tsv' <<<"$out")" "$(printf 'uit\tuitleggen\tuitleg\t4')" \
	"legt ... uit: uitleggen (stem uitleg) at the particle's position"
run "$BIN/iio-search" --analyze "Zij legt de breuken uit."
t_has "$out" "uitleggen                uitleg               joined" "the table marks the joined verb"
run "$BIN/iio-search" --analyze --json "Hij legt het boek op tafel. Uit de kast haalt hij niets."
t_is "$(jq '[.tokens[] | select(.joined)] | length' <<<"$out")" 0 "no join with a preposition nor across a sentence"
done_testing
