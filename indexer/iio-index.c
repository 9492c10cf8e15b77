/* iio-index - build the search index from the corpus.
 *
 * Reads the records the corpus names, indexes them into a new generation
 * under the index root, verifies it and switches the live pointer to it.
 * Whatever goes wrong, the generation that was live keeps serving.
 */
#define _GNU_SOURCE
#include "analyze.h"
#include "build.h"
#include "generation.h"
#include "lex.h"
#include "record.h"
#include "../shim/xs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef IIO_DEFAULT_INDEX
#define IIO_DEFAULT_INDEX "var/index"
#endif
#ifndef IIO_DEFAULT_LEXICON
#define IIO_DEFAULT_LEXICON "lib/iio-search/" IIO_LEX_FILE
#endif
#ifndef IIO_DEFAULT_CORPUS
#define IIO_DEFAULT_CORPUS "corpus"
#endif
#ifndef IIO_VERSION
#define IIO_VERSION "0.1.0"
#endif

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_ERROR = 2, EXIT_BUSY = 3 };

typedef struct run {
	iio_build *build;
	json_t *seen;          /* ids indexed so far: id -> "source:line" */
	json_t *types;         /* record type -> count */
	unsigned long read, rejected;
	char *first_id;        /* for the probe after the build */
	int failed;            /* a fatal indexing error happened */
	int quiet;
} run;

static void report(void *ctx, const char *source, long line, const char *field, const char *msg)
{
	run *r = ctx;
	r->rejected++;
	if (line > 0)
		fprintf(stderr, "iio-index: %s:%ld: %s%s%s\n", source, line, field ? field : "",
			field ? ": " : "", msg);
	else
		fprintf(stderr, "iio-index: %s: %s%s%s\n", source, field ? field : "", field ? ": " : "", msg);
}

static void thesaurus_error(void *ctx, long line, const char *msg)
{
	report(ctx, "thesaurus.txt", line, NULL, msg);
}

static int on_record(void *ctx, iio_record *rec)
{
	run *r = ctx;
	char *err = NULL, where[512];
	json_t *prev;

	r->read++;
	prev = json_object_get(r->seen, rec->id);
	if (prev) {
		char msg[700];
		snprintf(msg, sizeof msg, "duplicate id '%s' (first defined at %s); this record was skipped",
			 rec->id, json_string_value(prev));
		report(r, rec->source, rec->line, "id", msg);
		return 0;
	}
	snprintf(where, sizeof where, "%s:%ld", rec->source, rec->line);
	json_object_set_new(r->seen, rec->id, json_string(where));
	if (iio_build_add(r->build, rec, &err)) {
		fprintf(stderr, "iio-index: %s:%ld: %s\n", rec->source, rec->line, err ? err : "out of memory");
		free(err);
		r->failed = 1;
		return 1; /* the database is in trouble: stop */
	}
	if (!r->first_id)
		r->first_id = strdup(rec->id);
	{
		json_t *n = json_object_get(r->types, rec->type);
		json_object_set_new(r->types, rec->type, json_integer(n ? json_integer_value(n) + 1 : 1));
	}
	return 0;
}

static int count_term(void *ctx, const char *s, size_t len)
{
	(void)s;
	(void)len;
	(*(unsigned long *)ctx)++;
	return 0;
}

/* Open the new generation as a reader would and check it answers. */
static int verify(const char *dir, const char *probe_id, unsigned long expected, unsigned long *distinct)
{
	xs_db *db;
	char *err = NULL, *term;
	unsigned count = 0;
	xs_docid id;
	xs_status st = xs_db_open(&db, dir, &err);

	if (st) {
		fprintf(stderr, "iio-index: the new index does not open: %s\n", err ? err : xs_status_string(st));
		xs_free(err);
		return -1;
	}
	st = xs_db_doccount(db, &count);
	if (st || count != expected) {
		fprintf(stderr, "iio-index: the new index holds %u documents instead of %lu: not switching to it\n",
			count, expected);
		xs_db_close(db);
		return -1;
	}
	if (asprintf(&term, "%s%s", IIO_PREFIX_ID, probe_id) < 0) {
		xs_db_close(db);
		return -1;
	}
	st = xs_db_find_doc(db, term, strlen(term), &id);
	free(term);
	if (st) {
		fprintf(stderr, "iio-index: probe for record '%s' failed: %s\n", probe_id, xs_db_error(db));
		xs_db_close(db);
		return -1;
	}
	*distinct = 0;
	xs_db_terms(db, "", 0, count_term, distinct);
	xs_db_close(db);
	return 0;
}

/* Copy FROM to DIR/NAME (through a temporary name, then fsync). */
static int copy_file(const char *from, const char *dir, const char *name)
{
	char to[4096], tmp[4200], buf[65536];
	FILE *in = fopen(from, "rb"), *out;
	size_t n;
	int rc = 0;
	if (!in)
		return -1;
	if (snprintf(to, sizeof to, "%s/%s", dir, name) >= (int)sizeof to ||
	    snprintf(tmp, sizeof tmp, "%s/%s.tmp", dir, name) >= (int)sizeof tmp) {
		fclose(in);
		errno = ENAMETOOLONG;
		return -1;
	}
	out = fopen(tmp, "wb");
	if (!out) {
		fclose(in);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n) {
			rc = -1;
			break;
		}
	if (ferror(in))
		rc = -1;
	fclose(in);
	if (fflush(out) || fsync(fileno(out)))
		rc = -1;
	if (fclose(out))
		rc = -1;
	if (!rc && rename(tmp, to))
		rc = -1;
	if (rc)
		unlink(tmp);
	return rc;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: iio-index [--corpus DIR] [--index DIR] [--strict] [--quiet]\n"
		"Build the iio-search index from a corpus and make it live atomically.\n\n"
		"  --corpus DIR   corpus to read (default: %s); its sources.conf names the\n"
		"                 record files, else every .txt, .md and .jsonl file is read\n"
		"  --index DIR    index root (default: $IIO_INDEX, else %s)\n"
		"  --full         rebuild from scratch (what every run does for now)\n"
		"  --strict       refuse to switch to the new index if any record was rejected\n"
		"  --lexicon FILE the compiled Dutch lexicon (default: $IIO_LEXICON, else\n"
		"                 %s)\n"
		"  --quiet        print only errors\n"
		"  --help, --version\n\n"
		"Exit status: 0 index built and live, 2 error (the previous index keeps\n"
		"serving), 3 another iio-index run holds the lock.\n",
		IIO_DEFAULT_CORPUS, IIO_DEFAULT_INDEX, IIO_DEFAULT_LEXICON);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *corpus = IIO_DEFAULT_CORPUS, *root = getenv("IIO_INDEX"), *lexicon_path = getenv("IIO_LEXICON");
	iio_analyzer *analyzer = NULL;
	iio_repair_stats repairs = {0};
	int strict = 0, lockfd, rc = EXIT_ERROR;
	run r = {0};
	iio_source *sources = NULL;
	size_t nsources = 0;
	char gen[32], gendir[4096], *err = NULL;
	unsigned long distinct = 0;
	double t0 = now_seconds();
	iio_reader_ops ops = {on_record, report, NULL, &repairs};

	if (!root || !*root)
		root = IIO_DEFAULT_INDEX;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "--version")) {
			printf("iio-index %s\nanalyzer: %s; schema %s\n", IIO_VERSION, IIO_ANALYZER_VERSION, IIO_INDEX_SCHEMA);
			return EXIT_OK;
		} else if ((!strcmp(a, "--corpus") || !strcmp(a, "--index") || !strcmp(a, "--lexicon")) && i + 1 < argc) {
			if (!strcmp(a, "--corpus"))
				corpus = argv[++i];
			else if (!strcmp(a, "--index"))
				root = argv[++i];
			else
				lexicon_path = argv[++i];
		} else if (!strncmp(a, "--corpus=", 9)) {
			corpus = a + 9;
		} else if (!strncmp(a, "--index=", 8)) {
			root = a + 8;
		} else if (!strcmp(a, "--strict")) {
			strict = 1;
		} else if (!strcmp(a, "--full")) {
			/* every run is a full rebuild */
		} else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
			r.quiet = 1;
		} else if (!strcmp(a, "--corpus") || !strcmp(a, "--index") || !strcmp(a, "--lexicon")) {
			fprintf(stderr, "iio-index: option %s needs a path\n", a);
			return EXIT_ERROR;
		} else {
			fprintf(stderr, "iio-index: unknown option or argument '%s' (see iio-index --help)\n", a);
			return EXIT_ERROR;
		}
	}
	if (access(corpus, R_OK | X_OK)) {
		fprintf(stderr, "iio-index: cannot read corpus directory %s: %s\n", corpus, strerror(errno));
		return EXIT_ERROR;
	}
	lockfd = iio_gen_lock(root);
	if (lockfd == -2) {
		fprintf(stderr, "iio-index: another iio-index is updating %s; not waiting for it\n", root);
		return EXIT_BUSY;
	}
	if (lockfd < 0) {
		fprintf(stderr, "iio-index: cannot use index directory %s: %s\n", root, strerror(errno));
		return EXIT_ERROR;
	}
	if (!lexicon_path || !*lexicon_path)
		lexicon_path = IIO_DEFAULT_LEXICON;
	/* "none": the plain tokenizer, without stemming, compounds or repair
	 * (for comparing speed; the searcher must then use none too). */
	if (iio_analyzer_open(&analyzer, strcmp(lexicon_path, "none") ? lexicon_path : NULL, &err)) {
		fprintf(stderr, "iio-index: %s (it is built by make)\n", err ? err : "cannot open the lexicon");
		goto out;
	}
	ops.lexicon = iio_analyzer_lex(analyzer);
	/* Leftovers of a run that was killed. */
	iio_gen_prune(root, IIO_GEN_KEEP);
	if (iio_gen_next(root, gen, sizeof gen)) {
		fprintf(stderr, "iio-index: cannot read index directory %s: %s\n", root, strerror(errno));
		goto out;
	}
	snprintf(gendir, sizeof gendir, "%s/%s", root, gen);
	r.seen = json_object();
	r.types = json_object();
	if (!r.seen || !r.types)
		goto out;
	if (iio_build_open(&r.build, gendir, analyzer, &err)) {
		fprintf(stderr, "iio-index: %s: %s\n", gendir, err);
		goto out;
	}
	if (iio_list_sources(corpus, &ops, &r, &sources, &nsources) && strict) {
		fprintf(stderr, "iio-index: --strict: the corpus manifest has errors\n");
		goto fail;
	}
	for (size_t i = 0; i < nsources && !r.failed; i++)
		iio_read_file(corpus, sources[i].path, sources[i].reader, sources[i].type, &ops, &r);
	if (r.failed)
		goto fail;
	if (iio_build_records(r.build) == 0) {
		fprintf(stderr, "iio-index: no records could be read from %s; the live index is left as it was\n",
			corpus);
		goto fail;
	}
	if (strict && r.rejected) {
		fprintf(stderr, "iio-index: --strict: %lu problem(s) found; the live index is left as it was\n",
			r.rejected);
		goto fail;
	}
	{
		/* The thesaurus beside the manifest feeds the synonym table. */
		char thesaurus[4200];
		long groups;
		snprintf(thesaurus, sizeof thesaurus, "%s/thesaurus.txt", corpus);
		groups = iio_build_thesaurus(r.build, thesaurus, thesaurus_error, &r);
		if (groups >= 0 && !r.quiet)
			printf("iio-index: thesaurus: %ld synonym groups\n", groups);
	}
	if (strict && r.rejected) {
		fprintf(stderr, "iio-index: --strict: %lu problem(s) found; the live index is left as it was\n",
			r.rejected);
		goto fail;
	}
	{
		unsigned long records = iio_build_records(r.build), tokens = iio_build_tokens(r.build);
		iio_build *b = r.build;
		r.build = NULL;
		if (iio_build_finish(b, &err)) {
			fprintf(stderr, "iio-index: %s: %s\n", gendir, err);
			goto fail;
		}
		if (verify(gendir, r.first_id, records, &distinct))
			goto fail;
		/* The searcher analyzes queries with the very lexicon the index
		 * was built with: it travels inside the generation. */
		if (strcmp(lexicon_path, "none") && copy_file(lexicon_path, gendir, IIO_LEXICON_IN_INDEX)) {
			fprintf(stderr, "iio-index: cannot copy the lexicon into %s: %s\n", gendir, strerror(errno));
			goto fail;
		}
		if (iio_gen_switch(root, gen)) {
			fprintf(stderr, "iio-index: cannot switch %s/current to %s: %s\n", root, gen, strerror(errno));
			goto fail;
		}
		iio_gen_prune(root, IIO_GEN_KEEP);
		if (!r.quiet) {
			const char *type;
			json_t *n;
			int first = 1;
			printf("iio-index: %lu records indexed, %lu rejected, %lu terms (%lu distinct) in %.2f s -> %s\n",
			       records, r.rejected, tokens, distinct, now_seconds() - t0, gendir);
			printf("iio-index: by type:");
			json_object_foreach(r.types, type, n) {
				printf("%s %s %lld", first ? "" : ",", type, (long long)json_integer_value(n));
				first = 0;
			}
			printf("\n");
			printf("iio-index: text repair: %lu garbled runs decoded (%lu characters), %lu line-end hyphenations joined\n",
			       repairs.glyph_runs, repairs.glyph_chars, repairs.hyphens_joined);
		}
	}
	rc = EXIT_OK;
	goto out;
fail:
	iio_build_abort(r.build);
	r.build = NULL;
	iio_gen_remove(root, gen);
out:
	free(err);
	free(r.first_id);
	json_decref(r.seen);
	json_decref(r.types);
	iio_sources_free(sources, nsources);
	iio_analyzer_close(analyzer);
	if (lockfd >= 0)
		close(lockfd);
	return rc;
}
