/* indexing.h - indexing as a library: what iio-index does, for any program.
 *
 * One call runs what the command line asks for: build or update a
 * generation from a corpus (full or incremental), hide a record
 * (--remove), go back a generation (--rollback), or check every generation
 * against its manifest (--verify). Building publishes through one pipeline:
 * commit, compact, verify, lexicon, shards, manifest, sync, switch, prune;
 * whatever goes wrong, the generation that was live keeps serving.
 *
 * The library prints nothing: every line a person should see comes through
 * the caller's SAY callback, with its kind (information for standard
 * output, a problem for standard error, or a live progress line). The test
 * hook IIO_FAULT=POINT (tests/e2e/nightly.t) kills the process at a named
 * point of the pipeline, as a crash would.
 */
#ifndef IIO_INDEXING_H
#define IIO_INDEXING_H

#include <stddef.h>

/* The outcome of a run, as iio-index's exit status. */
enum {
	IIO_IX_OK = 0,       /* the new generation is live */
	IIO_IX_REJECTED = 1, /* live, but records were rejected (each said) */
	IIO_IX_ERROR = 2,    /* failed: the previous generation keeps serving */
	IIO_IX_BUSY = 3      /* another run holds the index root's lock */
};

typedef enum iio_ix_action { IIO_IX_UPDATE, IIO_IX_REMOVE, IIO_IX_ROLLBACK, IIO_IX_VERIFY } iio_ix_action;
typedef enum iio_ix_mode { IIO_IX_AUTO, IIO_IX_FULL, IIO_IX_INCREMENTAL } iio_ix_mode;

#define IIO_MAX_SHARDS 64

/* What to do; every path must be set (the program resolves defaults). */
typedef struct iio_ix_options {
	iio_ix_action act;
	iio_ix_mode want;       /* AUTO: incremental when a live index built the same way exists */
	const char *corpus;     /* the corpus directory (IIO_IX_UPDATE) */
	const char *root;       /* the index root */
	const char *lexicon;    /* the compiled lexicon, or "none" for the plain tokenizer */
	const char *report;     /* write the run's figures as JSON here; NULL: none */
	const char *remove_id;  /* the record to hide (IIO_IX_REMOVE) */
	int strict;             /* refuse to switch when any record was rejected */
	int force;              /* switch even when the record count shrank past max_shrink */
	int keep;               /* generations to keep, the live one included */
	int max_shrink;         /* percent the record count may shrink by */
	unsigned shards;        /* also split the generation into this many shards (1: none) */
	unsigned jobs;          /* threads for a full build */
	int bundle_lexicon;     /* copy the lexicon into each generation rather than name it (IIO_LEXICON_REF) */
	int follow_links;       /* read files whose symbolic links lead out of the corpus */
} iio_ix_options;

typedef enum iio_ix_kind {
	IIO_IX_INFO,         /* what the run did: standard output */
	IIO_IX_PROBLEM,      /* what went wrong, a rejected record: standard error */
	IIO_IX_PROGRESS,     /* a live progress line, replacing the one before */
	IIO_IX_PROGRESS_END  /* the progress line is done: clear it */
} iio_ix_kind;

/* Where the lines go. SAY gets each line without a newline (TEXT lives for
 * the call). QUIET leaves out the information lines; PROGRESS asks for a
 * live progress line (for a terminal). */
typedef struct iio_ix_output {
	void (*say)(void *ctx, iio_ix_kind kind, const char *text);
	void *ctx;
	int quiet, progress;
} iio_ix_output;

/* Run what O asks for. Returns one of the IIO_IX_ outcomes. */
/* The defaults of a run: update the index, incrementally where it can;
 * keep the live generation and one to roll back to; refuse to switch past
 * a shrink of IIO_IX_MAX_SHRINK percent; no shards; a full build on the
 * cores there are, at most four. The paths are left NULL: the caller's. */
#define IIO_IX_MAX_SHRINK 25
void iio_ix_options_init(iio_ix_options *o);
/* The most threads a full build takes (--jobs). */
unsigned iio_ix_max_jobs(void);
/* What an index this library builds records: "ANALYZER; schema N". */
const char *iio_ix_version(void);

int iio_ix_run(const iio_ix_options *o, const iio_ix_output *out);

/* Check every generation under ROOT against its manifest (checksums) and
 * that it opens; a line per generation. IIO_IX_OK, or IIO_IX_ERROR when one
 * is damaged. Takes no lock and changes nothing. */
int iio_ix_verify(const char *root, const iio_ix_output *out);

#endif
