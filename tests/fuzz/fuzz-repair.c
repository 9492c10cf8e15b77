/* fuzz-repair - text repair on arbitrary bytes: glyph-mojibake decoding,
 * character repair, line splitting with hyphen joining, reflow. Every
 * repair returns a NUL-terminated string that is no longer than the input
 * allows, and never reads or writes outside its buffers. */
#include "fuzz.h"
#include "../../indexer/repair.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const iio_lex *lex = iio_analyzer_lex(fuzz_analyzer());
	iio_repair_stats st = {0, 0, 0};
	char *text = malloc(size + 1), *g, *c, *flow, **lines = NULL;
	size_t n = 0;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	/* As the readers do: glyphs on the raw text, then characters, then lines. */
	g = iio_repair_glyphs(text, size, lex, &st);
	FUZZ_CHECK(g != NULL);
	c = iio_repair_chars(g, strlen(g));
	FUZZ_CHECK(c != NULL);
	FUZZ_CHECK(strlen(c) <= strlen(g) * 3); /* ligatures spell out to at most 3 letters */
	FUZZ_CHECK(iio_repair_lines(&lines, &n, c, size > 0 && (data[0] & 1), &st) == IIO_IX_OK);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(lines[i][0] != '\0'); /* empty lines are dropped */
	flow = iio_reflow(lines, (size_t)n, iio_line_width(lines, (size_t)n));
	FUZZ_CHECK(flow != NULL);
	free(flow);
	iio_lines_free(lines, (size_t)n);
	free(c);
	free(g);
	free(text);
	return 0;
}
