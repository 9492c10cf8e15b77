#!/bin/bash
# fuzz.t - each libFuzzer harness (tests/fuzz/) over its seed corpus, every
# checked-in regression (inputs that once crashed it) and a fixed number
# of new inputs with a fixed seed: a crash, sanitizer report, leak or broken
# contract fails the test. The long runs are `make fuzz SECONDS=N`.
. "$(dirname "$0")/lib.sh"

RUNS=${IIO_FUZZ_RUNS:-3000}
export IIO_LEXICON=${IIO_LEXICON:-$TOP/lib/iio-search/nl.lex}
export IIO_FUZZ_INDEX=$T/index
export ASAN_OPTIONS=new_delete_type_mismatch=0
run "$BIN/iio-index" --corpus "$TOP/corpus" --index "$IIO_FUZZ_INDEX"
t_is "$rc" 0 "the query harness's index builds"
"$TOP/tests/fuzz/seeds.sh" "$T/seeds"

for n in repair analyze query snippet reader webreq; do
	h=$TOP/build/fuzz/fuzz-$n
	regress=$TOP/tests/fuzz/regress/$n
	mkdir -p "$T/corpus-$n"
	dirs=("$T/corpus-$n" "$T/seeds/$n")
	[ -d "$regress" ] && dirs+=("$regress")
	dict=(); [ "$n" = query ] && dict=(-dict="$TOP/tests/fuzz/query.dict")
	run "$h" -runs="$RUNS" -seed=1 -timeout=20 -max_len=4096 "${dict[@]}" -artifact_prefix="$T/crash-$n-" "${dirs[@]}"
	if [ "$rc" -eq 0 ] && [[ $err == *"Done $RUNS runs"* || $err == *DONE* ]]; then
		pass "fuzz-$n: seeds, regressions and $RUNS new inputs, no finding"
	else
		fail "fuzz-$n: seeds, regressions and $RUNS new inputs, no finding" "exit $rc" \
			"$(grep -m1 -A15 -E 'ERROR|contract broken|runtime error' <<<"$err")"
	fi
done
done_testing
