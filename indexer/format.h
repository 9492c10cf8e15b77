/* format.h - the index format, in one place: what iio-index writes and
 * the searcher reads. Term prefixes, value slots, the id term, the stored
 * record's encoding, the metadata keys, the field table, the lexicon copy
 * inside a generation (the manifest beside it: manifest.h; the live
 * pointer: generation.h). Changing any of it changes IIO_INDEX_SCHEMA and
 * needs a rebuild. The searcher reaches into the indexer only through this
 * header, analyze.h and manifest.h.
 */
#ifndef IIO_FORMAT_H
#define IIO_FORMAT_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define IIO_INDEX_SCHEMA "10" /* 5: the role field; 6: title suffixes for completions; 7: the head slot;
                                8: the group slots only on members of groups of two or more, the
                                head slot a listing; 9: the province field, derived from the place
                                (XQ terms; its words among the record's, wdf 0; facet slot 16);
                                10: the facet values packed in one slot (IIO_SLOT_FACETS) */
/* A record's stored data: its JSON without "text", a NUL, then the text
 * as it is, so a result reads its id, title and fields without parsing
 * (and unescaping) the text, the bulk of every record. */
/* The group key of a record: its explicit GROUP field; else for a passage
 * its PARENT document's id and for a document its own ID (a document and
 * its passages are one group); else TYPE ":" its TITLE without a trailing
 * parenthesised variant ("Fotosynthese (uitleg)" -> "video:Fotosynthese").
 * Malloc'ed; NULL when out of memory. */
char *iio_group_key(const char *type, const char *id, const char *title, const char *parent, const char *group);
/* The boolean term of group KEY (LEN bytes) into OUT (IIO_MAX_GROUP_TERM + 1
 * bytes); returns its length. A long key is cut, not at a character's middle. */
size_t iio_group_term(char *out, const char *key, size_t len);

/* A record's listing (IIO_SLOT_HEAD): id, type, title, url, source as
 * strings after one another, each ending in a NUL (url preceded by 'u', or
 * a lone '-' for none), then the fields as compact JSON. Read by splitting,
 * not parsing: a result without a snippet costs no JSON decoding. */
typedef struct iio_listing {
	const char *id, *type, *title, *url, *source, *fields_json; /* url NULL: none */
} iio_listing;
/* Malloc'ed, *LEN bytes (the last NUL not counted); NULL when out of memory. */
char *iio_listing_encode(const char *id, const char *type, const char *title, const char *url, const char *source,
			 const char *fields_json, size_t *len);
/* Split BUF (LEN bytes, then a NUL) in place into OUT: 0, or -1 when it is
 * no listing. */
int iio_listing_decode(char *buf, size_t len, iio_listing *out);

struct json_t;
/* REC (an object) stored: *LEN bytes, malloc'ed; NULL when out of memory. */
char *iio_stored_encode(const struct json_t *rec, size_t *len);
/* Back to the object, "text" included; NULL when DATA is not one. */
struct json_t *iio_stored_decode(const char *data, size_t len);
#define IIO_MAX_TERM_BYTES 240 /* bytes of any term, at most: Xapian's glass keys end at 245 */
#define IIO_PREFIX_ID "Q"     /* unique id term: Q<id> */
#define IIO_PREFIX_TYPE "XT"  /* boolean filter: XT<type> */
#define IIO_PREFIX_GROUP "XG" /* boolean: XG<group key> (a group's members) */
#define IIO_MAX_GROUP_TERM 240 /* bytes of a group term, at most (Xapian's limit is 245) */
#define IIO_PREFIX_TITLE "S"  /* title words (normalized), in addition to the plain ones */
#define IIO_PREFIX_STEM "Z"   /* stems of words */
#define IIO_PREFIX_PART "P"   /* stems of compound parts */
#define IIO_PREFIX_WHOLE_TITLE "A" /* the whole normalized title, for completions */
#define IIO_MAX_WHOLE_TITLE 200    /* bytes of it, at most */
#define IIO_MAX_TITLE_SUFFIXES 8   /* A terms from a title's later words on, at most */
#define IIO_SLOT_TYPE 0       /* value: record type (facets) */
#define IIO_SLOT_YEAR 1       /* value: sortable year (first year of a span) */
#define IIO_SLOT_DURATION 2   /* value: sortable duration in seconds */
#define IIO_SLOT_YEAR_END 10  /* value: sortable last year of a span (= year) */
#define IIO_SLOT_ID 11        /* value: record id, to break ties in ranking */
#define IIO_SLOT_HASH 12      /* value: content hash of the stored record (incremental runs) */
#define IIO_SLOT_GROUP 13     /* value: the group term (IIO_PREFIX_GROUP + key) of a record whose group
                                 has other members (collapse); none on a record alone in its group */
#define IIO_SLOT_MEMBER_ID 15 /* value: the record id of a member of a group of two or more (set
				 with IIO_SLOT_GROUP), so that the member standing for its group
				 among equal scores is the lower id; none on a record alone */
#define IIO_SLOT_HEAD 14      /* value: the record's listing (iio_listing_encode): a result
				 without a snippet reads only this, never the document
				 data Xapian keeps compressed, and parses no JSON */
/* Facet values of the fields (iio_fields[].facet_slot; type's is IIO_SLOT_TYPE). */
#define IIO_SLOT_LEVEL 3
#define IIO_SLOT_STREAM 4
#define IIO_SLOT_SUBJECT 5
#define IIO_SLOT_EXPERIMENT 6
#define IIO_SLOT_SCHOOL 7
#define IIO_SLOT_PLACE 8
#define IIO_SLOT_YEAR_FACET 9
#define IIO_SLOT_PROVINCE 16
#define IIO_SLOT_FACETS 17    /* value: every facet slot's value packed in one (xs_doc_pack_values, any length),
				 so counting the facets reads one value per match, not nine */
#define IIO_TITLE_WDF 5       /* a title word counts this many body words */
#define IIO_TEXT_POS_GAP 100  /* positions between title and text, so no
				 phrase spans the two */
#define IIO_META_ANALYZER "iio:analyzer" /* analyzer id + schema */
#define IIO_META_BUILT "iio:built"       /* ISO time of the build */
#define IIO_META_RECORDS "iio:records"   /* records indexed */
#define IIO_META_INPUTS "iio:inputs"     /* hash of lexicon + thesaurus the index was built with */
#define IIO_META_MANIFEST "iio:manifest" /* "1": published with a MANIFEST (manifest.h), so one missing is damage */
#define IIO_LEXICON_IN_INDEX "nl.lex"    /* the lexicon file: its name in the build tree, installed, and in a
                                            generation built with --bundle-lexicon */
#define IIO_LEXICON_REF "LEXICON"        /* in a generation otherwise: the lexicon's absolute path and a
                                            newline; the analyzer recorded in the index (IIO_META_ANALYZER,
                                            with the lexicon's content hash) must match the one found there */
#define IIO_MAX_WILDCARD 100             /* terms a prefix* query expands to, at most */

/* The record fields a query can name (field:value), filter on and count.
 * One table for the indexer and the searcher. */
typedef enum iio_field_kind {
	IIO_FIELD_TEXT,  /* words, matched by stem: school:brandsma */
	IIO_FIELD_EXACT, /* one value, matched whole: type:video, niveau:vo */
	IIO_FIELD_YEAR   /* a year or span: jaar:2012..2014 */
} iio_field_kind;

typedef struct iio_field_def {
	const char *name;     /* English key, as in records and JSON */
	const char *dutch;    /* Dutch alias accepted in queries and options */
	const char *prefix;   /* term prefix of its values */
	iio_field_kind kind;
	int facet_slot;       /* value slot holding the value for facet counts, -1 if none */
	unsigned wdf;         /* a word of a text field among the record's words: the body words it
				 counts as (keywords as a title word); 0: found, never weighed, and the
				 record's length for the ranking left as it was (the province, derived
				 from the place: no record is longer for lying in Noord-Brabant) */
} iio_field_def;

extern const iio_field_def iio_fields[];
extern const size_t iio_nfields;
/* The field called NAME (English or Dutch, any case), NULL if none. */
const iio_field_def *iio_field_named(const char *name, size_t len);

/* Every field a record may carry, the ones a query can name and the ones
 * it only shows (duration, makers, licence, ...), in the order a record's
 * page shows them: its key, its Dutch label, whether it must be a whole
 * number (the readers reject a record otherwise). */
typedef struct iio_record_field_def {
	const char *name;  /* English key, as in records and JSON */
	const char *label; /* Dutch, as the page shows it ("Leerweg") */
	int integer;       /* a whole number: year, duration in seconds, ... */
} iio_record_field_def;
extern const iio_record_field_def iio_record_fields[];
extern const size_t iio_nrecord_fields;
/* The record field called NAME (its English key), NULL if none. */
const iio_record_field_def *iio_record_field_named(const char *name);

/* The twelve provinces of the Netherlands, by their Dutch names
 * ("Noord-Brabant"); Friesland's official Frisian name Fryslân is a variant
 * of "Friesland", the value records carry. */
extern const char *const iio_provinces[];
extern const size_t iio_nprovinces;
/* The province NAME (LEN bytes) names, as iio_provinces spells it, NULL if
 * none: NAME folded as the analyzer folds a word (lower case, no accents:
 * "fryslan", "noord-holland"); a blank for the hyphen is accepted. */
const char *iio_province_named(const char *name, size_t len);

/* The live pointer of an index root: the symlink ROOT/current naming the
 * live generation (generation.h replaces it by rename(2)). */
#define IIO_LIVE_POINTER "current"
/* The generation ROOT's live pointer names ("gen-0007") into NAME (CAP
 * bytes). 0; 1 when ROOT has no live pointer; -1 when it cannot be read
 * (errno). */
int iio_live_generation(const char *root, char *name, size_t cap);
/* The directory ROOT's live pointer names, as every reader opens it: the
 * link's target (NAME, TCAP bytes, as iio_live_generation gives it) taken
 * relative to ROOT unless it is absolute, into PATH (PCAP bytes). 0; 1
 * when ROOT has no live pointer; -1 when it cannot be read (errno; EINVAL:
 * `current` is not a symbolic link, e.g. a directory copied in its place). */
int iio_live_resolve(const char *root, char *name, size_t tcap, char *path, size_t pcap);

/* The longest record id, in bytes: Xapian's terms end at 245 bytes, and the
 * id term (and a passage's id, its parent's id and a slug) must fit. A
 * longer id is rejected with its file and line; the other records go in. */
#define IIO_MAX_ID_BYTES 200
/* Room for any term, its NUL included. */
#define IIO_TERM_CAP (IIO_MAX_TERM_BYTES + 1)

/* LEN, or less: S[0..LEN) cut to at most MAX bytes at a character
 * boundary. */
static inline size_t iio_term_fit(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	len = max;
	while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
		len--;
	return len;
}

/* The one way a term is made: PREFIX + WORD[0..LEN) into OUT (IIO_TERM_CAP
 * bytes), NUL-terminated, the word cut to fit IIO_MAX_TERM_BYTES at a
 * character boundary (so no term can fail a record, and a query cuts a
 * word as the build did). Returns its length. */
static inline size_t iio_term(char *out, const char *prefix, const char *word, size_t len)
{
	size_t pl = strlen(prefix), n;
	if (pl > IIO_MAX_TERM_BYTES)
		pl = IIO_MAX_TERM_BYTES;
	memcpy(out, prefix, pl);
	n = iio_term_fit(word, len, IIO_MAX_TERM_BYTES - pl);
	memcpy(out + pl, word, n);
	out[pl + n] = '\0';
	return pl + n;
}

/* Room for any record's id term, its NUL included. */
#define IIO_ID_TERM_MAX (IIO_MAX_ID_BYTES + 8)

/* The unique term of record ID (IIO_PREFIX_ID + ID) into OUT (CAP bytes,
 * NUL-terminated); its length, or 0 when it does not fit. */
static inline size_t iio_id_term(char *out, size_t cap, const char *id)
{
	size_t pl = sizeof IIO_PREFIX_ID - 1, n = strlen(id);
	if (pl + n + 1 > cap)
		return 0;
	memcpy(out, IIO_PREFIX_ID, pl);
	memcpy(out + pl, id, n + 1);
	return pl + n;
}

/* The same, malloc'ed (any length); NULL when out of memory. */
static inline char *iio_id_term_dup(const char *id)
{
	size_t cap = sizeof IIO_PREFIX_ID + strlen(id);
	char *out = malloc(cap);
	if (out)
		iio_id_term(out, cap, id);
	return out;
}

#endif
