/* lexicon.h - a word list in memory: "is this a Dutch word?".
 *
 * Text repair asks it whether decoded text is more Dutch than the raw text.
 * Words are stored in the analyzer's normalized form (case and diacritics
 * folded), so lookups use iio_normalize_word() first.
 */
#ifndef IIO_LEXICON_H
#define IIO_LEXICON_H

#include <stddef.h>

/* Where Debian's OpenTaal word list (package wdutch) lives. */
#define IIO_DEFAULT_WORDLIST "/usr/share/dict/dutch"

typedef struct iio_lexicon iio_lexicon;

/* Load a word list, one word per line. On failure returns -1 and sets *err
 * to a message to free(). */
int iio_lexicon_load(iio_lexicon **out, const char *path, char **err);
void iio_lexicon_free(iio_lexicon *lex);
/* Whether WORD (any case, with or without diacritics) is in the list. */
int iio_lexicon_has(const iio_lexicon *lex, const char *word, size_t len);
size_t iio_lexicon_size(const iio_lexicon *lex);

#endif
