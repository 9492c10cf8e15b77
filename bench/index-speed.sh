#!/bin/bash
# index-speed.sh - iio-index on the bundled corpus with the Dutch analyzer
# and with the plain tokenizer (--lexicon none, which also skips text repair,
# so its warnings about unmatched section headings are silenced), best of
# three runs each.
set -eu
cd "$(dirname "$0")/.."
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
best() {
	local b=999
	for _ in 1 2 3; do
		rm -rf "$t/idx"
		local s e
		s=$(date +%s.%N)
		bin/iio-index --quiet --corpus corpus --index "$t/idx" "$@" 2>/dev/null
		e=$(date +%s.%N)
		b=$(awk -v s="$s" -v e="$e" -v b="$b" 'BEGIN { d = e - s; print (d < b) ? d : b }')
	done
	echo "$b"
}
full=$(best)
plain=$(best --lexicon none)
awk -v f="$full" -v p="$plain" 'BEGIN { printf "index bundled corpus  Dutch analyzer %.3f s, plain tokenizer %.3f s: %.2fx\n", f, p, f / p }'
