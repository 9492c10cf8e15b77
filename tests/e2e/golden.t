#!/bin/bash
# golden.t - the answers a restructuring must not change (tests/tools/golden):
# every judged query with facets and --explain, pages walked to the end,
# filters, sorting, the query language, and the shards' stub, against
# tests/golden/answers.jsonl. A change meant to change answers regenerates
# that file (see tests/tools/golden) in the same commit, judged first.
. "$(dirname "$0")/lib.sh"

run "$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$T/index"
t_is "$rc" 0 "index the bundled corpus"
run "$BIN/iio-index" --quiet --shards 2 --corpus "$TOP/corpus" --index "$T/sharded"
t_is "$rc" 0 "and again in two shards"
BIN=$BIN "$TOP/tests/tools/golden" "$T/index" "$T/sharded/current/shards/stub" >"$T/answers.jsonl" 2>"$T/golden.err"
t_is "$?" 0 "the golden runs ran"
want=$TOP/tests/golden/answers.jsonl
t_is "$(wc -l <"$T/answers.jsonl")" "$(wc -l <"$want")" "as many answers as the golden file holds"
differ=$(paste -d '\n' "$T/answers.jsonl" "$want" | paste - - | awk -F'\t' '$1 != $2 {n++} END {print n + 0}')
if [ "$differ" = 0 ]; then
	pass "every answer is the golden one"
else
	first=$(paste "$T/answers.jsonl" "$want" | awk -F'\t' '$1 != $2 {print NR; exit}')
	got=$(sed -n "${first}p" "$T/answers.jsonl")
	exp=$(sed -n "${first}p" "$want")
	fail "every answer is the golden one ($differ differ)" \
		"first at line $first: $(jq -c '[.label, .args]' <<<"$exp")" \
		"$(diff <(jq . <<<"$exp") <(jq . <<<"$got") | head -40)"
fi
done_testing
