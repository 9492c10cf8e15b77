/* weights.h - how much each kind of match counts: the ranking knobs of
 * libiiosearch in one table. Query-time weights multiply Xapian's BM25
 * weight (OP_SCALE_WEIGHT: Xapian's own operator, so remote shards rank
 * the same); the index-time one is the wdf a title or keyword word gets
 * (IIO_TITLE_WDF in format.h). Measured on the judged set in
 * bench/relevance/ (its `run` compares with the peers): change one there.
 */
#ifndef IIO_WEIGHTS_H
#define IIO_WEIGHTS_H

/* BM25 parameters, in one place: k1 (term frequency saturation), k2 (query
 * length correction, off), k3 (query term frequency saturation), b (length
 * normalisation), min_normlen. Xapian's defaults, pending the relevance
 * benchmark. */
#define IIO_BM25_K1 1.2
#define IIO_BM25_K2 0.0
#define IIO_BM25_K3 1.0
#define IIO_BM25_B 0.75
#define IIO_BM25_MIN_NORMLEN 0.5

/* A whole document that matches counts this much of its weight, so the
 * passage that answers ranks above the 20-page document holding it. */
#define W_WHOLE_DOCUMENT 0.5

/* The word in any form, or as a part of a compound, counts 1; its exact
 * form earns W_EXACT_BONUS more (query.c). */
#define W_EXACT_BONUS 0.5
#define W_DECOMPOUND 0.3 /* a query compound matched by its parts */
#define W_SYNONYM 0.4    /* a thesaurus synonym of the word (one idf with the word: query.c) */
#define W_FIELD 1.0      /* field:word */
#define W_NEAR 0.5       /* the words close together (within 3 words each) */
#define W_PHRASE 1.0     /* the words exactly as typed, stopwords included */

/* A match holding a compound word of the query only as parts in different
 * sentences, or far apart in one ("leerlingen" here, a population's
 * "krimp" there), weighs this much of its score (rank.c, in the ranking
 * window). */
#define W_PARTS_APART 0.5
#define IIO_PARTS_NEAR 8 /* words between the first and the last part, at most */

/* The proximity boost (W_NEAR, W_PHRASE) is added to this many of a
 * query's top matches (the rescore window: rank.c; the same on every
 * page), not inside the query, where it was evaluated on every match. */
#define IIO_RESCORE_WINDOW 20
/* Best match re-ranks this many of Xapian's top matches lacking a word by
 * the words they hold (three or more words; rank.c), whatever the page, so
 * that every page is cut from one order. */
#define IIO_BEST_MATCH_WINDOW 100

/* Interpreted queries (interpret.c). A record holding a field value the
 * query's words name (groep 7, havo, filmpje, friesland) weighs this much
 * more: above any difference the content words' weights make (BM25 over
 * this index stays below a few hundred), so among records holding the same
 * content words those with the value come first; best match still puts
 * every record holding all content words above those lacking one. */
#define IIO_INTERPRETED_WEIGHT 10000.0
/* A subject (engels grammatica havo: the Engels videos before the havo
 * ones of other subjects) counts as two values. */
#define IIO_INTERPRETED_SUBJECT_WEIGHT 20000.0
/* A question (hoe, wat, waarom ..., or ending in ?): a passage, a whole
 * document or a profile - records that explain - weighs this much more
 * than a case or a video holding the same words (measured on the needs
 * set: bench/relevance). */
#define IIO_QUESTION_WEIGHT 4.0

#endif
