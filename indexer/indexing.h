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

/* What a call of the indexing library says of itself: this header's
 * calls and those of the library's own modules alike (the readers,
 * document.h, build.h, groups.h, generation.h). IIO_IX_OK is 0; values are
 * only ever added, never renumbered; iio_ix_strerror() names them. A call
 * that fails leaves the detail in its own error text: the lines a run says
 * (IIO_IX_PROBLEM), a message (char **err, to free()), or for the file
 * operations of generation.h errno. (manifest.h belongs to the index
 * format, which the searcher reads too: its 0 / 1 / -1 answers are mapped
 * to IIO_IX_DAMAGED here and to iio_status there.) */
typedef enum iio_ix_status {
	IIO_IX_OK = 0,          /* done; a run: the new generation is live */
	IIO_IX_REJECTED = 1,    /* a run: live, but records were rejected (each said) */
	IIO_IX_ERROR = 2,       /* failed (the previous generation keeps serving) */
	IIO_IX_BUSY = 3,        /* another run holds the index root's lock */
	IIO_IX_NOMEM = 4,       /* out of memory */
	IIO_IX_IO = 5,          /* a file or directory cannot be read or written */
	IIO_IX_DATABASE = 6,    /* the Xapian database failed */
	IIO_IX_DAMAGED = 7,     /* a generation's files differ from its manifest */
	IIO_IX_NONE = 8,        /* nothing to work on: no live generation, none before it, no such record */
	IIO_IX_LIVE_UNKNOWN = 9,/* the live pointer names none of the root's generations */
	IIO_IX_EARLIER = 10,    /* a parallel build failed on an earlier record (the message names it) */
	IIO_IX_STOPPED = 11     /* a callback asked to stop (a reader's record callback) */
} iio_ix_status;

/* A short English description of STATUS. Never NULL, never to be freed. */
const char *iio_ix_strerror(iio_ix_status status);
/* The exit status of iio-index for a run that ended with STATUS: 0
 * IIO_IX_OK, 1 IIO_IX_REJECTED, 3 IIO_IX_BUSY, 2 any other (the previous
 * generation keeps serving). The run's --report says the same. */
int iio_ix_exit_status(iio_ix_status status);

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

/* Run what O asks for: IIO_IX_OK, IIO_IX_REJECTED, IIO_IX_BUSY, or why it
 * failed (each problem said through OUT). */
iio_ix_status iio_ix_run(const iio_ix_options *o, const iio_ix_output *out);

/* Check every generation under ROOT against its manifest (checksums) and
 * that it opens; a line per generation. IIO_IX_OK, IIO_IX_DAMAGED when one
 * is damaged, or why they could not be checked. Takes no lock and changes
 * nothing. */
iio_ix_status iio_ix_verify(const char *root, const iio_ix_output *out);

#endif
