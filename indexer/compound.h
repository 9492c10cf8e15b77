/* compound.h - splitting Dutch compounds into their parts.
 *
 * leerlingenkrimp -> leerlingen + krimp, oorlogsschepen -> oorlog (+s) +
 * schepen, onderwijsvernieuwing -> onderwijs + vernieuwing. Parts are words
 * of the lexicon (a modifier of three letters or more - a noun, or an
 * attested headword that is no function word -, a head of four or more;
 * five where the dictionary lists the whole word; three or four when it is
 * an attested dictionary noun after a noun: moeder + taal, school + dag),
 * joined directly or by a linking morpheme (-s-, -e-, -en-, -er-); the
 * split with the fewest parts wins, then the one with more dictionary
 * headwords, then, after the same modifier, the one whose next part is
 * commoner (gelaat + s + trekken), then the one whose shortest part is
 * longest, then the one with fewer linkers; a word seen in running text
 * stays whole unless its parts are commoner. Prepositions and particles are
 * no modifiers (onderwijs is not onder + wijs) and derivational endings no
 * heads (leerling is not leer + ling). Depends only on the lexicon, never on
 * the corpus.
 */
#ifndef IIO_COMPOUND_H
#define IIO_COMPOUND_H

#include "lex.h"

#include <stddef.h>

#define IIO_MAX_PARTS 8

typedef struct iio_span {
	unsigned char start, len; /* a part of the word, without its linker */
} iio_span;

/* Every choice of the splitter that a measurement could have tuned, as
 * numbers (bench/ud-eval varies them and measures each on held-out data).
 * The shipped choices are iio_compound_defaults()'s; the product never uses
 * another. A length of 0 or a switch of 0 turns a rule off. */
typedef struct iio_compound_opts {
	int min_part;             /* shortest part that is no noun (3) */
	int lex_min_part;         /* the same in a word the dictionary lists (5) */
	int short_noun;           /* shortest noun part (3) */
	int lex_short_head;       /* shortest head in a listed word (4) */
	int entry_whole_max;      /* a general dictionary's headword this short stays whole (8; 0 off) */
	int flag_head_max;        /* a head this short must carry hunspell's compound-end flag (4; 0 off) */
	int particle_head_min;    /* a particle may begin a listed word before a noun this long (6) */
	int linkers;              /* linking morphemes allowed: bits of -s-, -e-, -en-, -er- (all: 15) */
	int freq_test;            /* Koehn & Knight: a word seen in text stays whole unless its parts are commoner (1) */
	int freq_margin;          /* ... by more than this many classes on average (0) */
	int attest_below;         /* parts shorter than this must be seen in text or a dictionary (4; 0 off) */
	int head_content;         /* a head is a noun, verb or adjective (1) */
	int no_short_function;    /* no part of three letters is a function word: tot, aan, als (1) */
	int short_headword;       /* a part of three letters that is no noun is a headword, no inflected form (1) */
	int no_inflected_mod;     /* a modifier is no inflected verb or adjective form (1) */
	int not_noun_whole;       /* a word hunspell-nl reads only as verb, adjective or adverb stays whole (1) */
	int derivations;          /* a listed derivation of a listed word stays whole (1) */
	int lex_noun_head;        /* a listed noun splits only into a noun head (1) */
	int prefixes;             /* Latin and Dutch prefixes are no parts (1) */
	int prefixes_wordlike;    /* nor are tel, col, lab, ace, vin (0: words of the dev data, not rules) */
	int particles;            /* particles and function words are no modifiers of a listed word (1) */
	int suffix_heads;         /* derivational endings are no heads (1) */
	int headwords_first;      /* among splits of as many parts, prefer dictionary headwords (1) */
	int freq_order;           /* ... and parts commoner in text: 0 never, 1 after headwords, 2 before (0) */
	int subsplit;             /* parts this long that are compounds themselves are split too (8; 0 off) */
	int noun_heads;           /* a short noun head the flags miss, after a noun this long (4; 0 off) */
	int linker_freq;          /* a linker or the next part's letters: the commoner part (1) */
	int plural_parts;         /* a part that is a listed noun's plural stems as the noun: staten, staat (1) */
} iio_compound_opts;

enum { IIO_LINK_S = 1, IIO_LINK_E = 2, IIO_LINK_EN = 4, IIO_LINK_ER = 8 };

void iio_compound_defaults(iio_compound_opts *o);

/* Split WORD (normalized) into parts; returns their number, 0 when it is
 * not a compound (or no lexicon is given). The top-level parts come first,
 * in order; parts of a part that is a compound itself follow them. */
size_t iio_decompound(const iio_lex *lex, const char *word, size_t len, iio_span *parts, size_t max);
/* The same with other choices (NULL: the defaults). */
size_t iio_decompound_with(const iio_lex *lex, const iio_compound_opts *o, const char *word, size_t len,
			   iio_span *parts, size_t max);

#endif
