/* stem.h - Dutch stemming: every inflection of a word to one key.
 *
 * The key is the form a dictionary would list the word under, reduced so
 * that all inflections agree: a noun's singular (leraren -> leraar), a verb's
 * stem (werkte, gewerkt, werken -> werk; liep, gelopen -> loop), an
 * adjective's base (grootste -> groot). Known words are looked up in the
 * compiled lexicon (lex.h); unknown ones (mostly new compounds) go through
 * suffix rules whose result must be a known word, else stay as they are.
 * Input and output are normalized (folded) forms.
 */
#ifndef IIO_STEM_H
#define IIO_STEM_H

#include "lex.h"

#include <stddef.h>

#define IIO_STEM_MAX 64 /* bytes of a candidate base */

/* The stem key of WORD into OUT (capacity CAP, NUL-terminated); returns its
 * length. Without a lexicon the word is its own key. */
size_t iio_stem(const iio_lex *lex, const char *word, size_t len, char *out, size_t cap);

/* The spellings a stem may have once an ending -en (or -e, -er) is taken off
 * BODY: as it is, with a doubled consonant undone (zegg -> zeg), with the
 * vowel of an open syllable doubled (lop -> loop), with z/v back to s/f
 * (reiz -> reis, lev -> leef). Writes up to MAX into OUT; returns the count. */
size_t iio_stem_variants(const char *body, size_t len, char out[][IIO_STEM_MAX], size_t max);

/* The infinitives verb stem S may have, spelled back from the stem (werk:
 * werken; leg: leggen; loop: lopen; geef: geven; blijf: blijven; doe: doen;
 * ga: gaan): candidates to look up, up to MAX into OUT; returns the count. */
size_t iio_stem_infinitives(const char *s, size_t sl, char out[][IIO_STEM_MAX], size_t max);

#endif
