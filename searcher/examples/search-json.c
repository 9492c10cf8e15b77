/* search-json.c - the smallest program on libiiosearch: search an index and
 * print the results as JSON, exactly as `iio-search --json` does.
 *
 *   cc $(pkg-config --cflags iio) search-json.c $(pkg-config --libs --static iio)
 *   ./search-json INDEX QUERY
 */
#include <iio.h>

#include <stdio.h>

int main(int argc, char **argv)
{
	iio_index *idx;
	iio_results *res;
	iio_status st;
	char *json;

	if (argc != 3) {
		fprintf(stderr, "usage: %s INDEX QUERY\n", argv[0]);
		return 2;
	}
	st = iio_index_open(&idx, argv[1]);
	if (st != IIO_OK) {
		fprintf(stderr, "%s\n", idx ? iio_index_error(idx) : iio_strerror(st));
		iio_index_close(idx);
		return 2;
	}
	st = iio_search(&res, idx, argv[2], NULL);
	if (st != IIO_OK) {
		fprintf(stderr, "%s\n", iio_index_error(idx));
		iio_index_close(idx);
		return 2;
	}
	st = iio_results_json(&json, res);
	if (st == IIO_OK) {
		puts(json);
		iio_free(json);
	}
	iio_results_free(res);
	iio_index_close(idx);
	return st == IIO_OK ? 0 : 2;
}
