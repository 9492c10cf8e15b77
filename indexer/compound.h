/* compound.h - splitting Dutch compounds into their parts.
 *
 * leerlingenkrimp -> leerlingen + krimp, oorlogsschepen -> oorlog (+s) +
 * schepen, onderwijsvernieuwing -> onderwijs + vernieuwing. Parts are words
 * of the lexicon (a modifier of three letters or more, a head of four or
 * more; five where the dictionary lists the whole word), joined directly or
 * by a linking morpheme (-s-, -e-, -en-, -er-); the split with the fewest
 * parts wins, then the one with more dictionary headwords, then the one
 * whose shortest part is longest, then the one with fewer linkers; a word
 * seen in running text stays whole unless its parts are commoner. Prepositions and particles are
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

/* Split WORD (normalized) into parts; returns their number, 0 when it is
 * not a compound (or no lexicon is given). The top-level parts come first,
 * in order; parts of a part that is a compound itself follow them. */
size_t iio_decompound(const iio_lex *lex, const char *word, size_t len, iio_span *parts, size_t max);

#endif
