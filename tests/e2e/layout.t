#!/bin/bash
# layout.t - the rules the code is held to, checked on every run so a limit
# met once stays met: every #include as ARCHITECTURE.md's table allows
# (tests/tools/includes.py), no function longer than 120 lines, a program's
# main than 150 (tests/tools/fnlen.py), library code reads no environment.
# Each check is first shown to catch what it is for, on a scratch copy.
. "$(dirname "$0")/lib.sh"

cd "$TOP" || exit 2
SOURCES=$(git ls-files '*.c' '*.cc' '*.h')

# The checks catch what they are for: a 121-line function, a main of 151
# lines, a forbidden include, a file no module claims.
{
	printf 'static int f(void)\n{\n'
	for i in $(seq 118); do printf '\tx();\n'; done
	printf '}\n'
} >"$T/long.c"
t_is "$(python3 tests/tools/fnlen.py "$T/long.c"; echo "rc=$?")" "$(printf '121 %s:1 f (limit 120)\nrc=1' "$T/long.c")" \
	"fnlen.py fails on a function of 121 lines, naming it"
sed -i '3d' "$T/long.c"
t_is "$(python3 tests/tools/fnlen.py "$T/long.c"; echo "rc=$?")" "rc=0" "... and passes one of 120"
{
	printf 'int main(void)\n{\n'
	for i in $(seq 148); do printf '\tx();\n'; done
	printf '}\n'
} >"$T/main.c"
t_is "$(python3 tests/tools/fnlen.py "$T/main.c" | cut -d' ' -f1,3-)" "151 main (limit 150)" "a main of 151 lines fails"
git clone -q --no-hardlinks "$TOP" "$T/copy" 2>/dev/null
cp ARCHITECTURE.md "$T/copy/"
echo '#include "../indexer/build.h"' >>"$T/copy/searcher/rank.c"
echo '/* a new file */' >"$T/copy/searcher/new.h" && git -C "$T/copy" add searcher/new.h
printf '/* x */\n' >"$T/copy/unclaimed.c" && git -C "$T/copy" add unclaimed.c
run python3 tests/tools/includes.py "$T/copy"
t_is "$rc" 1 "includes.py fails on a scratch copy with a forbidden include"
t_has "$out" "searcher/rank.c:" "... naming the file and line"
t_has "$out" "includes indexer/build.h" "... and the header"
t_has "$out" "unclaimed.c: no module of ARCHITECTURE.md claims this file" "... and a file no module claims"

# The tree itself.
run python3 tests/tools/includes.py "$TOP"
t_is "$rc" 0 "every #include of the tree is one ARCHITECTURE.md allows"
[ "$rc" = 0 ] || fail "includes" "$out"
run python3 tests/tools/fnlen.py $SOURCES
t_is "$rc" 0 "no function is longer than 120 lines (a main 150)"
[ "$rc" = 0 ] || fail "functions over the limit" "$out"

# The libraries read no environment (the programs hand them what they need;
# IIO_FAULT is the indexing run's documented crash hook for the fault suite).
LIBRARY=$(git ls-files 'searcher/*.c' 'indexer/*.c' | grep -vE '/(iio-search|iio-serve|iio-search-cgi|iio-index|mklex|crash|paths|webpage|webreq)(-cgi)?\.c$')
got=$(grep -n 'getenv *(' $LIBRARY | grep -v 'getenv("IIO_FAULT")')
t_is "$got" "" "library code reads no environment variable"
done_testing
