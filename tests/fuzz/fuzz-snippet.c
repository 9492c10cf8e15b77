/* fuzz-snippet - the highlighter on arbitrary text and query: the bytes
 * up to the first newline are the query (parsed by the query language,
 * without an index), the rest is the record text. The snippet's marks lie
 * inside it, in order and apart; its HTML form is well-formed. */
#include "fuzz.h"
#include "../../searcher/private.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	iio_analyzer *an = fuzz_analyzer();
	iio_word_memo *memo = fuzz_memo();
	const uint8_t *nl = memchr(data, '\n', size);
	size_t qlen = nl ? (size_t)(nl - data) : size;
	size_t tlen = nl ? size - qlen - 1 : 0;
	char *q = malloc(qlen + 1), *text = malloc(tlen ? tlen : 1), *html, err[256];
	iio_parsed_query pq;
	iio_snippet sn;

	if (!q || !text)
		goto out;
	memcpy(q, data, qlen);
	q[qlen] = '\0';
	if (tlen)
		memcpy(text, nl + 1, tlen); /* not NUL-terminated: the length is the contract */
	memset(&pq, 0, sizeof pq);
	if (iio__parse_query(&pq, an, NULL, q, 0, err, sizeof err) != IIO_OK)
		goto out;
	memset(&sn, 0, sizeof sn);
	if (iio__snippet(&sn, an, memo, text, tlen, &pq, 1 + (qlen % 300)) == IIO_OK) {
		size_t len = strlen(sn.text), prev = 0;
		for (size_t m = 0; m < sn.nmarks; m++) {
			FUZZ_CHECK(sn.marks[2 * m] >= prev && sn.marks[2 * m] < sn.marks[2 * m + 1]);
			FUZZ_CHECK(sn.marks[2 * m + 1] <= len);
			prev = sn.marks[2 * m + 1];
		}
		html = iio__snippet_html(sn.text, sn.marks, sn.nmarks);
		FUZZ_CHECK(html != NULL);
		FUZZ_CHECK(strchr(html, '"') == NULL && strchr(html, '\'') == NULL);
		free(html);
		iio__snippet_clear(&sn);
	}
	iio__parsed_query_clear(&pq);
out:
	free(q);
	free(text);
	return 0;
}
