#!/bin/bash
# library.t - libiiosearch as a library: only iio_* is exported, every
# function of iio.h is, the header compiles as C89 and as C++, and a
# program linked to the shared library works.
. "$(dirname "$0")/lib.sh"

SO=$TOP/lib/libiiosearch.so.0
SAN=${SANITIZE:+-fsanitize=$SANITIZE}

exported=$(nm -D --defined-only "$SO" | awk '$2 ~ /^[TDBRW]$/ {sub(/@.*/, "", $3); print $3}' | sort)
t_is "$(grep -v '^iio_' <<<"$exported" | tr '\n' ' ')" "" "the shared library exports nothing but iio_*"
declared=$(grep -oE '\biio_[a-z_]+\(' "$TOP/searcher/iio.h" | tr -d '(' | sort -u)
t_is "$(comm -23 <(echo "$declared") <(echo "$exported") | tr '\n' ' ')" "" "every function of iio.h is exported"
t_is "$(comm -13 <(echo "$declared") <(echo "$exported") | tr '\n' ' ')" "" "nothing is exported that iio.h does not declare"

# Symbols added after the first release carry a version node of their own.
t_is "$(nm -D --defined-only "$SO" | awk '$3 ~ /^iio_results_(records|total)/ {print $3}' | sort | tr '\n' ' ')" \
	"iio_results_records@@IIO_1 iio_results_records_exact@@IIO_1 iio_results_total@@IIO_0 iio_results_total_exact@@IIO_0 iio_results_total_min@@IIO_1 " \
	"the counting of results apart from records is in version IIO_1"

t_ok "iio.h compiles as C89 -pedantic" cc -std=c89 -pedantic -Wall -Wextra -Werror -fsyntax-only -x c "$TOP/searcher/iio.h"
t_ok "iio.h compiles as C++" c++ -std=c++11 -Wall -Wextra -Werror -fsyntax-only -x c++ "$TOP/searcher/iio.h"

run "$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$T/index"
t_is "$rc" 0 "index for the example"
t_ok "the example compiles against the shared library" \
	cc $SAN -I"$TOP/searcher" -o "$T/example" "$TOP/searcher/examples/search-json.c" -L"$TOP/lib" -liiosearch
LD_LIBRARY_PATH=$TOP/lib run "$T/example" "$T/index" leerlingenkrimp
t_is "$rc" 0 "the shared-library example runs"
t_is "$(jq -r '.results[0].id' <<<"$out")" "iio-longread.wat-is-innovatieimpuls-onderwijs" "the shared-library example finds the longread"
# The totals through the shared library: 'breuken' lists 2 results (two
# groups of video versions) standing for 29 records.
cat >"$T/totals.c" <<'EOF'
#include <stdio.h>
#include "iio.h"
int main(int argc, char **argv)
{
	iio_index *idx = NULL;
	iio_results *res = NULL;
	(void)argc;
	if (iio_index_open(&idx, argv[1]) || iio_search(&res, idx, argv[2], NULL))
		return 2;
	printf("%lu %d %lu %lu %d %zu\n", iio_results_total(res), iio_results_total_exact(res), iio_results_total_min(res),
	       iio_results_records(res), iio_results_records_exact(res), iio_results_count(res));
	iio_results_free(res);
	iio_index_close(idx);
	return 0;
}
EOF
t_ok "a program reading the totals compiles against the shared library" \
	cc $SAN -I"$TOP/searcher" -o "$T/totals" "$T/totals.c" -L"$TOP/lib" -liiosearch
LD_LIBRARY_PATH=$TOP/lib run "$T/totals" "$T/index" breuken
t_is "$out" "2 1 2 29 1 2" "iio_results_total counts the 2 results as listed, iio_results_records the 29 records"
LD_LIBRARY_PATH=$TOP/lib run "$T/example" "$T/missing" leerlingenkrimp
t_is "$rc" 2 "the example reports a missing index"
t_has "$err" "no index at $T/missing" "with the library's message"

done_testing
