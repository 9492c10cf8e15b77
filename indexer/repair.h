/* repair.h - repairing text damaged on its way out of PDFs and web pages.
 *
 * Three repairs, each safe on clean text:
 *  - glyph-index mojibake: runs like "VFKROHQ\uFFFDEUHQJHQ" are TrueType glyph
 *    indices in the standard Macintosh order; decoded only where the result
 *    is far more Dutch than the raw text (by the word list);
 *  - characters: ligatures, soft hyphens, NBSP, curly apostrophes in words;
 *  - layout (for PDF extractions): words hyphenated across line ends are
 *    joined, real hyphens (E-klas, PAL-student) kept, lines reflowed.
 */
#ifndef IIO_REPAIR_H
#define IIO_REPAIR_H

#include "indexing.h"
#include "lex.h"

#include <stddef.h>

typedef struct iio_repair_stats {
	unsigned long glyph_runs;     /* runs of mojibake decoded */
	unsigned long glyph_chars;    /* characters decoded */
	unsigned long hyphens_joined; /* line-end hyphenations joined */
} iio_repair_stats;

/* Decode glyph mojibake in TEXT[0..len), line by line. Returns a new
 * string (free()), NULL when out of memory. Without a lexicon nothing is
 * decoded: there is no way to tell mojibake from text. */
char *iio_repair_glyphs(const char *text, size_t len, const iio_lex *lex, iio_repair_stats *st);

/* Whether WORD (as written) is a known Dutch word: normalized, then looked
 * up in LEX. */
int iio_is_known_word(const iio_lex *lex, const char *word, size_t len);

/* Ligatures (ﬁ ﬂ ﬀ ﬃ ﬄ) spelled out, soft hyphens removed, NBSP and other
 * spaces made plain, a curly apostrophe between letters made straight
 * (collega’s -> collega's). Returns a new string, NULL when out of memory. */
char *iio_repair_chars(const char *text, size_t len);

/* The non-empty lines of TEXT, trimmed; with JOIN_HYPHENS (PDF layout),
 * words hyphenated across line ends joined and runs of spaces made one.
 * *LINES is an array of *COUNT new strings; free with iio_lines_free().
 * IIO_IX_NOMEM when out of memory. */
iio_ix_status iio_repair_lines(char ***lines, size_t *count, const char *text, int join_hyphens,
			       iio_repair_stats *st);
void iio_lines_free(char **lines, size_t n);

/* Join LINES[0..n) into paragraphs: a line that ends a sentence and is
 * clearly shorter than WIDTH ends its paragraph. Returns a new string. */
char *iio_reflow(char *const *lines, size_t n, size_t width);

/* A typical line width of LINES (the 75th percentile of lengths). */
size_t iio_line_width(char *const *lines, size_t n);

#endif
