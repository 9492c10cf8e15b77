/* lex.h - the compiled Dutch lexicon: one file, mapped into memory.
 *
 * Built by `make` (indexer/mklex.c) from Debian's Dutch dictionaries (the
 * OpenTaal word list of wdutch and hunspell-nl's affix analysis) and the
 * override lists in indexer/lexicon/. A search must start instantly, so the
 * file is a ready-made hash table that is mmap()ed, never parsed: opening it
 * costs a system call, a lookup a hash and a few compares.
 *
 * Every word is stored in the analyzer's normalized form (case and
 * diacritics folded). For each it holds flags and, when the word is an
 * inflected form, its stem key: the form every inflection of the word shares
 * (singular noun, verb stem, adjective base).
 *
 * Layout (little-endian):
 *   header   iio_lex_header
 *   slots    uint32[nslots]: 0 = empty, else the top 8 bits of the word's hash
 *            and, in the low 24 bits, 1 + offset of its entry in the pool
 *            (so a probe that meets another word mostly rejects it without
 *            reading the pool: a cache miss saved)
 *   pool     entries: flags (2 bytes), word length (1), word, key length (1), key
 */
#ifndef IIO_LEX_H
#define IIO_LEX_H

#include <stddef.h>
#include <stdint.h>

#define IIO_LEX_MAGIC "IIOLEX04"

enum {
	IIO_LEX_WORD = 1,     /* in the OpenTaal word list */
	IIO_LEX_KEY = 2,      /* has a stem key other than itself */
	IIO_LEX_BASE = 4,     /* a dictionary headword (hunspell .dic entry) */
	IIO_LEX_FIELD = 8,    /* from the curated list of the field's own words */
	IIO_LEX_NOUN = 16,    /* a noun headword (hunspell plural/compound classes), or a form of one */
	IIO_LEX_CBEGIN = 32,  /* hunspell-nl lets it begin or continue a compound (Ca, Cb) */
	IIO_LEX_CEND = 64,    /* hunspell-nl lets it end a compound (Cc) */
	IIO_LEX_CKNOWN = 128, /* it (or its headword) is in hunspell-nl: the two above apply */
	IIO_LEX_ENTRY = 256,  /* a headword of a general dictionary (FreeDict Dutch-English):
			       * a word with a meaning of its own, not only of its parts */
	IIO_LEX_NOT_NOUN = 512 /* hunspell-nl reads the whole word only as a verb, adjective,
				* adverb or other non-noun (ondersteunen, belangrijk) */
};

/* Bits 10-15 of the flags: how common the word is in running Dutch text
 * (indexer/lexicon/word-freq.tsv), round(2 log2(count + 1)); 0 when it was
 * seen less than twice. The decompounder weighs a word against its parts by
 * it (compound.c). */
#define IIO_LEX_FREQ_SHIFT 10
static inline unsigned iio_lex_freq(int flags) { return ((unsigned)flags >> IIO_LEX_FREQ_SHIFT) & 63u; }

#define IIO_LEX_OFFSET_MASK 0x00ffffffu

typedef struct iio_lex_header {
	char magic[8];
	uint32_t nslots;      /* power of two */
	uint32_t nwords;
	uint32_t pool_size;
	uint32_t reserved;
	uint64_t hash;        /* FNV-1a 64 of slots and pool: part of the analyzer version */
} iio_lex_header;

typedef struct iio_lex iio_lex;

/* Map the lexicon file PATH. On failure returns -1 and sets *err (free()). */
int iio_lex_open(iio_lex **out, const char *path, char **err);
void iio_lex_close(iio_lex *lex);
/* Flags of WORD (normalized), 0 when unknown; KEY and KEYLEN (may be NULL)
 * get its stem key when it has one (pointing into the mapping). */
int iio_lex_lookup(const iio_lex *lex, const char *word, size_t len, const char **key, size_t *keylen);
/* "IIOLEX04:<16 hex digits>": what the lexicon contributes to the analyzer
 * version. */
const char *iio_lex_id(const iio_lex *lex);
size_t iio_lex_words(const iio_lex *lex);

/* FNV-1a, 32 and 64 bit: the slot hash and the content hash. */
static inline uint32_t iio_lex_hash32(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* 64-bit FNV-1a of LEN bytes, continuing from H (start with IIO_FNV64_INIT). */
#define IIO_FNV64_INIT 0xcbf29ce484222325ULL
static inline uint64_t iio_fnv64(uint64_t h, const void *p, size_t len)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < len; i++)
		h = (h ^ s[i]) * 1099511628211ull;
	return h;
}

#endif
