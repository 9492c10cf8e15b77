#!/bin/bash
# parallel.t - iio-index --jobs N: a full build on N threads, merged into one
# generation, answers exactly as a build on one thread (ids, scores, totals,
# facets, spelling suggestions, synonyms), leaves no part behind, and a
# failure on the way leaves the live index serving.
. "$(dirname "$0")/lib.sh"

ONE=$T/one
MANY=$T/many
run "$BIN/iio-index" --jobs 1 --corpus "$TOP/corpus" --index "$ONE" --report "$T/one.json"
t_is "$rc" 0 "iio-index --jobs 1"
run "$BIN/iio-index" --jobs 3 --corpus "$TOP/corpus" --index "$MANY" --report "$T/many.json"
t_is "$rc" 0 "iio-index --jobs 3"
t_is "$(jq -c '[.records, .analyzed]' "$T/many.json" 2>/dev/null || echo x)" \
	"$(jq -c '[.records, .analyzed]' "$T/one.json" 2>/dev/null || echo y)" "the report counts the same records"
t_is "$(ls "$MANY/current" | grep -c '^part-')" "0" "the part databases are gone after the merge"
docs=$(xapian-delve "$MANY/current" | sed -n 's/^number of documents = //p')
t_is "$docs" "1431" "the merged generation holds every record once"
DUMP=$TOP/build/tests/index-dump
"$DUMP" "$ONE" >"$T/one.dump" && "$DUMP" "$MANY" >"$T/many.dump"
t_is "$?" "0" "both indexes dump"
t_ok "the same records, data, values, terms and positions, and metadata (record count of the whole)" \
	cmp "$T/one.dump" "$T/many.dump"
t_has "$(head -3 "$T/many.dump")" "meta iio:records=1431" "the recorded count is the whole's, not a part's"
run xapian-check "$MANY/current"
t_is "$rc" 0 "the merged database passes xapian-check"

# The same answers, with scores: the judged queries and some syntax.
mapfile -t QUERIES < <(cut -f2 "$TOP/bench/relevance/queries.tsv" | tail -n +2)
QUERIES+=(leerlingekrimp basisonderwijs "innovat*" "docent OR leerkracht" "vak:wiskunde stelling"
	"leerlingen voor leerlingen" "onderwijs -leraar")
answers() {
	for q in "${QUERIES[@]}"; do
		"$BIN/iio-search" --index "$1" --json -n 30 --facets --exact-total -- "$q" |
			jq -c '[.query, .total, .suggestion, [.results[] | [.id, .score]], .facets]'
	done
}
one=$(answers "$ONE")
t_is "$(grep -c . <<<"$one")" "${#QUERIES[@]}" "one thread: every query answered"
t_is "$(answers "$MANY")" "$one" "three threads: the same ids, scores, totals, facets and suggestions"
run "$BIN/iio-search" --index "$MANY" --json leerlingekrimp
t_is "$(jq -r .suggestion <<<"$out")" "leerlingenkrimp" "the spelling table of the parts is merged"
run "$BIN/iio-search" --index "$MANY" --explain --no-interpret -n 3 basisonderwijs
t_has "$out" "po (stem)" "the thesaurus survives the merge: basisonderwijs also matches its synonym po"

# A build killed halfway leaves the live index as it was.
before=$(answers "$MANY" | md5sum)
IIO_FAULT=record:700 run "$BIN/iio-index" --full --jobs 2 --corpus "$TOP/corpus" --index "$MANY" 2>/dev/null
t_is "$rc" 137 "killed at record 700 while the threads index"
t_is "$(answers "$MANY" | md5sum)" "$before" "the live index answers as before"
run "$BIN/iio-index" --full --jobs 2 --corpus "$TOP/corpus" --index "$MANY"
t_is "$rc" 0 "the next full run builds"

run "$BIN/iio-index" --jobs 0 --corpus "$TOP/corpus" --index "$T/x"
t_is "$rc" 2 "--jobs 0: exit 2"
t_has "$err" "--jobs wants a number from 1 to 64" "... saying what it takes"
done_testing
