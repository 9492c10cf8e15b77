/* query-loop - a reader that never stops: runs QUERY against the index at
 * ROOT over and over through libiiosearch, as the web server would, opening
 * the new generation whenever the live pointer moves, until the file STOP
 * exists. Prints "queries N errors E empty Z reopens R" and exits 0 when
 * every query answered with at least one result, 1 otherwise; the first
 * error of each kind is printed to stderr.
 *
 * Usage: query-loop ROOT QUERY STOP
 */
#include "../../searcher/iio.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	iio_index *idx = NULL;
	unsigned long queries = 0, errors = 0, empty = 0, reopens = 0;
	if (argc != 4) {
		fprintf(stderr, "usage: query-loop ROOT QUERY STOP\n");
		return 2;
	}
	while (access(argv[3], F_OK)) {
		iio_results *res = NULL;
		iio_status st;
		if (idx && !iio_index_is_current(idx)) {
			iio_index_close(idx);
			idx = NULL;
			reopens++;
		}
		if (!idx && (st = iio_index_open_with(&idx, argv[1], getenv("IIO_LEXICON"))) != IIO_OK) {
			if (!errors++)
				fprintf(stderr, "query-loop: open: %s\n", idx ? iio_index_error(idx) : iio_strerror(st));
			iio_index_close(idx);
			idx = NULL;
			continue;
		}
		queries++;
		st = iio_search(&res, idx, argv[2], NULL);
		if (st != IIO_OK) {
			if (!errors++)
				fprintf(stderr, "query-loop: search: %s\n", iio_index_error(idx));
		} else if (iio_results_count(res) == 0) {
			if (!empty++)
				fprintf(stderr, "query-loop: no results for '%s' in %s\n", argv[2], iio_index_generation(idx));
		}
		iio_results_free(res);
	}
	iio_index_close(idx);
	printf("queries %lu errors %lu empty %lu reopens %lu\n", queries, errors, empty, reopens);
	return errors || empty || queries == 0;
}
