/* document.h - a record as a Xapian document (document.c): the index
 * format's record -> document mapping, private to the build (build.c) and
 * the run (indexing.c).
 *
 * Terms (analyze.h): every word of title and text in its normalized form,
 * positional and unprefixed (title words with extra wdf), so phrases and
 * exact matches work, stopwords included; Z<stem> for every word that is no
 * stopword; P<stem> for the parts of compounds; the stems of each text field
 * under its prefix (S title, XS school ...: iio_fields); exact fields as
 * boolean terms (XT type, XL level ...); the whole title for suggestions;
 * the group term; Q<id> as the unique id term. Values: facet values,
 * sortable years and duration, the listing, the content hash, the id.
 * Data: the stored record (iio_stored_encode), which --show and the
 * snippets read back.
 */
#ifndef IIO_DOCUMENT_H
#define IIO_DOCUMENT_H

#include "analyze.h"
#include "indexing.h"
#include "record.h"
#include "../shim/xs.h"

#include <jansson.h>

/* Where the words of a record go for the spelling table: DELTA
 * occurrences (1 for a record indexed, -1 for one taken away) of
 * WORD[0..len). Non-XS_OK stops the analysis with that status. */
typedef xs_status (*iio_vocab_fn)(void *ctx, const char *word, size_t len, int delta);

/* What making a record's document says besides the document. */
typedef struct iio_doc_notes {
	unsigned long tokens;  /* words analyzed */
	unsigned long cut;     /* words cut to fit a term */
	const char *cut_field; /* the first one's field (points into the record's) ... */
	char cut_word[64];     /* ... and its surface form, cut at a character */
} iio_doc_notes;

/* The document of REC into *OUT (the caller's: xs_doc_free), analyzed by
 * ANALYZER through MEMO (analyze.h; may be NULL), its words counted into VOCAB (may be NULL). HASH is its
 * iio_record_hash() when the caller has it, else NULL. On failure *OUT is
 * NULL and *ERR a message to free(). */
iio_ix_status iio_document_new(xs_doc **out, const iio_record *rec, const char *hash, const iio_analyzer *analyzer,
			       iio_word_memo *memo, iio_vocab_fn vocab, void *vctx, iio_doc_notes *notes, char **err);

/* Count REC's words (through MEMO, may be NULL) into VOCAB with DELTA, without making a document (an
 * incremental run takes those of a record it replaces away). */
iio_ix_status iio_document_words(const iio_record *rec, const iio_analyzer *analyzer, iio_word_memo *memo,
				 iio_vocab_fn vocab, void *vctx, int delta, char **err);

/* REC's fields from a record as the index stores it, pointing into *JSON
 * (the caller's: json_decref). */
iio_ix_status iio_document_stored(const char *data, size_t len, iio_record *rec, json_t **json, char **err);

/* The content hash of REC as 16 hex digits in OUT: what the index keeps
 * in IIO_SLOT_HASH, so a later run can tell a changed record. */
void iio_record_hash(const iio_record *rec, char out[17]);

#endif
