/* analyze.h - the Dutch analyzer shared by indexing and searching.
 *
 * One code path turns text into index terms, for documents and for queries
 * alike, so a word the index holds is the word a query asks for. The contract
 * follows SQLite FTS5's tokenizer: the input has an explicit length and need
 * not be NUL-terminated; tokens come back through a callback with byte
 * offsets into the input; a non-zero return from the callback stops
 * tokenizing and is returned; a token's buffers are only valid during the
 * callback. The analyzer allocates nothing per token; an iio_analyzer is
 * immutable once opened, so any number of threads may use one at once.
 *
 * Per token: the surface text (offsets), the normalized form (NFKC, case
 * and diacritics folded: creëren = creeren, collega’s = collega's), the stem
 * (every inflection to one key: leraren = leraar, liep = loop), a stopword
 * flag, and for compounds their parts (leerlingenkrimp: leerling + krimp).
 * A hyphenated word comes as its parts at successive positions (E-klas: e,
 * klas) plus the whole at the first one.
 *
 * A verb with a separable particle written apart comes once more as the
 * verb it makes, joined (IIO_TOKEN_JOINED): "Zij legt de breuken uit." adds
 * uitleggen (stem uitleg) at the position of uit, so a search for uitleggen,
 * uitgelegd or uitleg finds it, and a phrase "breuken uitleggen" too (the
 * infinitive stands where Dutch puts it, at the end). A finite verb form
 * joins a particle that follows it in the same clause, within
 * IIO_JOIN_WINDOW words, when particle + the verb's infinitive is a word of
 * the word list whose stem is the verb's (not across . ! ? ; : brackets or
 * a blank line, and not a particle an article follows: uit de kast is a
 * preposition); particle + te + infinitive (uit te leggen) joins too, at
 * the infinitive's position. A joined token's offsets are those of the
 * word at its position, LINK_START/LINK_END those of its other half.
 */
#ifndef IIO_ANALYZE_H
#define IIO_ANALYZE_H

#include <stddef.h>

/* The code's part of the analyzer version; the lexicon adds its hash. A
 * searcher meeting an index made by another version asks for a rebuild
 * instead of silently missing terms. */
#define IIO_ANALYZER_VERSION "iio-analyzer-12" /* 5: the group slot; 6: -ent/-ant plurals; 7: @ as a; 8: decompounding weighs word frequencies, keeps verbs and adjectives whole; 9: separable verbs joined (legt ... uit: uitleggen); 10: three-letter verb stems and adjectives as parts; 11: the stopword table sorted (had, wordt were never found); 12: a compound part that is a noun's plural stems as the noun (staten: staat), a linker or a head in s by the commoner head, short dictionary nouns as heads after a noun */

/* Tokens longer than this (in bytes, as written) are skipped: they are
 * base64 blobs or hashes, not words. */
#define IIO_MAX_TOKEN_BYTES 120
/* Normalization can make a short token long (NFKC spells U+FDFA, 3 bytes,
 * out in 33): a normalized form longer than this is cut, at a character
 * boundary, to fit, and flagged IIO_TOKEN_CUT. It leaves room for the
 * longest term prefix within IIO_MAX_TERM_BYTES (format.h), so no word can
 * make a term Xapian refuses; a query cuts the same word the same way. */
#define IIO_MAX_NORM_BYTES 236
#define IIO_MAX_TOKEN_PARTS 8

typedef enum iio_ana_mode {
	IIO_ANA_DOCUMENT = 0,
	IIO_ANA_QUERY = 1
} iio_ana_mode;

enum {
	IIO_TOKEN_STOP = 1,   /* a stopword: indexed for phrases, not required by a query */
	IIO_TOKEN_WHOLE = 2,  /* the whole of a hyphenated word (same position as its first part) */
	IIO_TOKEN_HYPHEN = 4, /* a part of a hyphenated word */
	IIO_TOKEN_CUT = 8,    /* normalized longer than IIO_MAX_NORM_BYTES: cut to it */
	IIO_TOKEN_JOINED = 16 /* a separable verb joined from its halves (same position as the later half) */
};

/* How many words after a finite verb its particle may stand. */
#define IIO_JOIN_WINDOW 12

typedef struct iio_part {
	const char *norm, *stem;
	size_t norm_len, stem_len;
} iio_part;

typedef struct iio_token {
	const char *norm;   /* normalized form */
	size_t norm_len;
	const char *stem;   /* stem key (equals norm for unknown words) */
	size_t stem_len;
	size_t start, end;  /* byte offsets of the surface form in the input */
	unsigned pos;       /* word position, from 0 */
	int flags;          /* IIO_TOKEN_* */
	const iio_part *parts; /* compound parts (0 when not a compound) */
	size_t nparts;
	size_t link_start, link_end; /* IIO_TOKEN_JOINED: the other half's offsets */
} iio_token;

/* Return non-zero to stop; that value is then returned by iio_analyze(). */
typedef int (*iio_token_cb)(void *ctx, const iio_token *tok);

typedef struct iio_analyzer iio_analyzer;

/* Open an analyzer with the compiled lexicon at LEXICON_PATH (lex.h); NULL
 * gives one without a lexicon (no stemming, no decompounding). On failure
 * returns -1 and sets *err (free()). */
int iio_analyzer_open(iio_analyzer **out, const char *lexicon_path, char **err);
void iio_analyzer_close(iio_analyzer *a);
/* The full version: code version and lexicon hash. */
const char *iio_analyzer_id(const iio_analyzer *a);
/* The mapped lexicon (for text repair), NULL when none. */
const struct iio_lex *iio_analyzer_lex(const iio_analyzer *a);
/* For measurements only (bench/ud-eval): split compounds with other choices
 * than the shipped ones (compound.h; NULL: the shipped ones again). Call it
 * before the analyzer is shared: it is the one change to an open analyzer. */
struct iio_compound_opts;
void iio_analyzer_set_compound(iio_analyzer *a, const struct iio_compound_opts *o);
/* Whether the lexicon knows NORM (a normalized word) as Dutch: 0 without a
 * lexicon. */
int iio_analyzer_knows(const iio_analyzer *a, const char *norm, size_t len);

/* Tokenize TEXT[0..LEN). Invalid UTF-8 bytes separate tokens. Returns 0 when
 * all tokens were delivered, else the callback's non-zero value. A NULL
 * analyzer works like one without a lexicon. */
int iio_analyze(const iio_analyzer *a, iio_ana_mode mode, const char *text, size_t len, iio_token_cb cb, void *ctx);

/* A memo of word analyses. A word's normal form, stem, stopword flag and
 * compound parts follow from its letters alone (the clause around it only
 * joins separable verbs, after), so one analysis serves every later
 * occurrence of the same bytes: the highlighter and the indexer meet the
 * same few thousand words again and again. The tokens delivered are those
 * iio_analyze delivers, byte for byte. A memo is for one thread at a time;
 * it serves one analyzer and forgets what it holds when given another.
 * iio_word_memo_new returns NULL when out of memory. */
typedef struct iio_word_memo iio_word_memo;
iio_word_memo *iio_word_memo_new(void);
void iio_word_memo_free(iio_word_memo *m);
/* iio_analyze through MEMO (NULL: none). */
int iio_analyze_memo(const iio_analyzer *a, iio_word_memo *memo, iio_ana_mode mode, const char *text, size_t len,
		     iio_token_cb cb, void *ctx);

/* Normalize one word the way the analyzer does (cut to
 * IIO_MAX_NORM_BYTES). Writes at most CAP-1 bytes and a NUL into OUT;
 * returns the length, or 0 when WORD normalizes to nothing or does not
 * fit. */
size_t iio_normalize_word(const char *word, size_t len, char *out, size_t cap);

/* Whether NORM (normalized) is a Dutch stopword. */
int iio_is_stopword(const char *norm, size_t len);

/* Whether NORM is a separable verb particle (uit, op, aan, ...), and the
 * length of the longest one WORD begins with (0: none). */
int iio_is_particle(const char *norm, size_t len);
size_t iio_particle_prefix(const char *word, size_t len);

#endif
