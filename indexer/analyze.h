/* analyze.h - the text analyzer shared by indexing and searching.
 *
 * One code path turns text into index terms, for documents and for queries
 * alike, so a word the index holds is the word a query asks for. The contract
 * follows SQLite FTS5's tokenizer: the input has an explicit length and need
 * not be NUL-terminated; tokens come back through a callback with byte
 * offsets into the input; a non-zero return from the callback stops
 * tokenizing and is returned; the token's buffers are only valid during the
 * callback. The analyzer allocates nothing per token and keeps no state
 * between calls, so any number of threads may use it at once.
 */
#ifndef IIO_ANALYZE_H
#define IIO_ANALYZE_H

#include <stddef.h>

/* Recorded in every index; a searcher meeting another version asks for a
 * rebuild instead of silently missing terms. */
#define IIO_ANALYZER_VERSION "iio-analyzer-1 (utf8proc NFKC+casefold+stripmark, split on non-alphanumerics)"

/* Tokens longer than this (in bytes, after normalization) are skipped: they
 * are base64 blobs or hashes, not words, and Xapian limits term length. */
#define IIO_MAX_TOKEN_BYTES 120

typedef enum iio_ana_mode {
	IIO_ANA_DOCUMENT = 0,
	IIO_ANA_QUERY = 1
} iio_ana_mode;

typedef struct iio_token {
	const char *norm;   /* normalized form: NFKC, case-folded, diacritics removed */
	size_t norm_len;
	size_t start, end;  /* byte offsets of the surface form in the input */
	unsigned pos;       /* word position, from 0, counting every token */
} iio_token;

/* Return non-zero to stop; that value is then returned by iio_analyze(). */
typedef int (*iio_token_cb)(void *ctx, const iio_token *tok);

/* Tokenize TEXT[0..LEN). Invalid UTF-8 bytes separate tokens. Returns 0 when
 * all tokens were delivered, else the callback's non-zero value. */
int iio_analyze(iio_ana_mode mode, const char *text, size_t len, iio_token_cb cb, void *ctx);

/* Normalize one word the way the analyzer does (for callers that hold a
 * single term, e.g. a field value). Writes at most CAP-1 bytes and a NUL
 * into OUT; returns the length, or 0 when WORD normalizes to nothing or does
 * not fit. */
size_t iio_normalize_word(const char *word, size_t len, char *out, size_t cap);

/* ---- the shape of the index the analyzer's terms go into ----
 * Shared by iio-index (which writes it) and the searcher (which reads it);
 * changing any of it changes IIO_INDEX_SCHEMA and needs a rebuild. */
#define IIO_INDEX_SCHEMA "1"
#define IIO_PREFIX_ID "Q"     /* unique id term: Q<id> */
#define IIO_PREFIX_TYPE "XT"  /* boolean filter: XT<type> */
#define IIO_PREFIX_TITLE "S"  /* title words, in addition to the plain ones */
#define IIO_SLOT_TYPE 0       /* value: record type (facets) */
#define IIO_SLOT_YEAR 1       /* value: sortable year */
#define IIO_SLOT_DURATION 2   /* value: sortable duration in seconds */
#define IIO_TITLE_WDF 5       /* a title word counts this many body words */
#define IIO_TEXT_POS_GAP 100  /* positions between title and text, so no
				 phrase spans the two */
#define IIO_META_ANALYZER "iio:analyzer" /* analyzer version + schema */
#define IIO_META_BUILT "iio:built"       /* ISO time of the build */
#define IIO_META_RECORDS "iio:records"   /* records indexed */
/* What IIO_META_ANALYZER holds; a searcher compares it with its own. */
#define IIO_ANALYZER_ID IIO_ANALYZER_VERSION "; schema " IIO_INDEX_SCHEMA

#endif
