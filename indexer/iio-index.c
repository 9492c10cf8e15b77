/* iio-index - build the search index from the corpus: the command line
 * over the indexing library (indexing.h), which does the run. This file
 * parses the options, resolves the default paths and prints what the run
 * says.
 */
#define _GNU_SOURCE
#include "indexing.h"
#include "paths.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define IIO_DEFAULT_INDEX (iio_default_paths()->index)
#define IIO_DEFAULT_LEXICON (iio_default_paths()->lexicon)
#define IIO_DEFAULT_CORPUS (iio_default_paths()->corpus)
#ifndef IIO_VERSION
#error "IIO_VERSION comes from the Makefile (iio.h's IIO_VERSION_STRING)"
#endif


static void usage(FILE *f)
{
	iio_ix_options defaults;
	iio_ix_options_init(&defaults);
	fprintf(f,
		"Usage: iio-index [OPTION]...\n"
		"       iio-index --remove ID | --rollback | --verify [--index DIR]\n"
		"Build the iio-search index from a corpus and make it live atomically.\n\n"
		"  --corpus DIR     corpus to read (default: %s); its sources.conf names the\n"
		"                   record files, else every file with a known extension\n"
		"  --index DIR      index root (default: $IIO_INDEX, else %s)\n"
		"  --incremental    analyze only records that changed since the live index\n"
		"                   (the default when a live index exists)\n"
		"  --full           analyze every record (the default without a live index)\n"
		"  --strict         refuse to switch to the new index if any record was rejected\n"
		"  --max-shrink PCT refuse to switch when the new index holds more than PCT%%\n"
		"                   fewer records than the live one (default %d)\n"
		"  --force          switch even when the record count shrank that much\n"
		"  --keep N         generations to keep, the live one included (default %d)\n"
		"  --jobs N         threads for a full build (default: the cores, at most 4);\n"
		"                   incremental runs use one\n"
		"  --shards N       also split the new generation into N shards in its shards/\n"
		"                   directory, with a stub file to search them as one (for\n"
		"                   xapian-tcpsrv: see the README)\n"
		"  --remove ID      hide record ID from the live index now; it stays hidden\n"
		"                   until its source changes\n"
		"  --rollback       make the previous generation live again (records taken\n"
		"                   down since stay hidden)\n"
		"  --verify         check every generation's files against the manifest\n"
		"                   written when it was published (sizes and checksums)\n"
		"  --report FILE    write the run's figures as JSON to FILE\n"
		"  --lexicon FILE   the compiled Dutch lexicon (default: $IIO_LEXICON, else\n"
		"                   %s); each generation names it\n"
		"                   by its path and the index records its content hash\n"
		"  --bundle-lexicon copy the lexicon into each generation instead (11 MB; an\n"
		"                   index to search on a machine without that lexicon)\n"
		"  --follow-links   read files whose symbolic links lead out of the corpus\n"
		"                   (by default they are reported and not read)\n"
		"  --quiet          print only errors\n"
		"  --help, --version\n\n"
		"Exit status: 0 index built and live, 1 built and live but records were\n"
		"rejected, 2 error (the previous index keeps serving), 3 another iio-index\n"
		"run holds the lock.\n",
		IIO_DEFAULT_CORPUS, IIO_DEFAULT_INDEX, defaults.max_shrink, defaults.keep, IIO_DEFAULT_LEXICON);
}

/* VALUE of option NAME as a whole number from MIN to MAX into *OUT; 0, or
 * -1 after saying what it takes (WHAT). */
static int number_option(int *out, const char *name, const char *value, long min, long max, const char *what)
{
	char *end;
	long v = strtol(value, &end, 10);
	if (*end || end == value || v < min || v > max) {
		fprintf(stderr, "iio-index: %s wants %s from %ld to %ld, not '%s'\n", name, what, min, max, value);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* The command line into O (and --quiet into OUT). Sets *DONE after
 * --help or --version; IIO_IX_ERROR after a bad option (said). */
static iio_ix_status parse_options(iio_ix_options *o, iio_ix_output *out, int argc, char **argv, int *done)
{
	enum { O_VERSION = 256, O_CORPUS, O_INDEX, O_LEXICON, O_REPORT, O_REMOVE, O_MAX_SHRINK, O_KEEP, O_SHARDS,
	       O_JOBS, O_STRICT, O_FORCE, O_FULL, O_INCREMENTAL, O_ROLLBACK, O_VERIFY, O_BUNDLE, O_FOLLOW };
	static const struct option longs[] = {
		{"help", no_argument, NULL, 'h'},         {"version", no_argument, NULL, O_VERSION},
		{"corpus", required_argument, NULL, O_CORPUS}, {"index", required_argument, NULL, O_INDEX},
		{"lexicon", required_argument, NULL, O_LEXICON}, {"report", required_argument, NULL, O_REPORT},
		{"remove", required_argument, NULL, O_REMOVE}, {"max-shrink", required_argument, NULL, O_MAX_SHRINK},
		{"keep", required_argument, NULL, O_KEEP},   {"shards", required_argument, NULL, O_SHARDS},
		{"jobs", required_argument, NULL, O_JOBS},   {"strict", no_argument, NULL, O_STRICT},
		{"force", no_argument, NULL, O_FORCE},       {"full", no_argument, NULL, O_FULL},
		{"incremental", no_argument, NULL, O_INCREMENTAL}, {"rollback", no_argument, NULL, O_ROLLBACK},
		{"verify", no_argument, NULL, O_VERIFY},     {"quiet", no_argument, NULL, 'q'},
		{"bundle-lexicon", no_argument, NULL, O_BUNDLE}, {"follow-links", no_argument, NULL, O_FOLLOW},
		{NULL, 0, NULL, 0},
	};
	int c, n;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hq", longs, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			*done = 1;
			return IIO_IX_OK;
		case O_VERSION:
			printf("iio-index %s\nanalyzer: %s\n", IIO_VERSION, iio_ix_version());
			*done = 1;
			return IIO_IX_OK;
		case O_CORPUS: o->corpus = optarg; break;
		case O_INDEX: o->root = optarg; break;
		case O_LEXICON: o->lexicon = optarg; break;
		case O_BUNDLE: o->bundle_lexicon = 1; break;
		case O_FOLLOW: o->follow_links = 1; break;
		case O_REPORT: o->report = optarg; break;
		case O_REMOVE: o->act = IIO_IX_REMOVE; o->remove_id = optarg; break;
		case O_ROLLBACK: o->act = IIO_IX_ROLLBACK; break;
		case O_VERIFY: o->act = IIO_IX_VERIFY; break;
		case O_STRICT: o->strict = 1; break;
		case O_FORCE: o->force = 1; break;
		case O_FULL: o->want = IIO_IX_FULL; break;
		case O_INCREMENTAL: o->want = IIO_IX_INCREMENTAL; break;
		case 'q': out->quiet = 1; break;
		case O_MAX_SHRINK:
			if (number_option(&o->max_shrink, "--max-shrink", optarg, 0, 100, "a percentage"))
				return IIO_IX_ERROR;
			break;
		case O_KEEP:
			if (number_option(&o->keep, "--keep", optarg, 1, 100, "a number"))
				return IIO_IX_ERROR;
			break;
		case O_SHARDS:
			if (number_option(&n, "--shards", optarg, 1, IIO_MAX_SHARDS, "a number"))
				return IIO_IX_ERROR;
			o->shards = (unsigned)n;
			break;
		case O_JOBS:
			if (number_option(&n, "--jobs", optarg, 1, iio_ix_max_jobs(), "a number"))
				return IIO_IX_ERROR;
			o->jobs = (unsigned)n;
			break;
		case ':':
			fprintf(stderr, "iio-index: option %s needs a value\n", argv[optind - 1]);
			return IIO_IX_ERROR;
		default:
			fprintf(stderr, "iio-index: unknown option or argument '%s' (see iio-index --help)\n", argv[optind - 1]);
			return IIO_IX_ERROR;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "iio-index: unknown option or argument '%s' (see iio-index --help)\n", argv[optind]);
		return IIO_IX_ERROR;
	}
	return IIO_IX_OK;
}

/* The run's lines, as iio-index prints them. */
static void print_line(void *ctx, iio_ix_kind kind, const char *text)
{
	(void)ctx;
	switch (kind) {
	case IIO_IX_INFO:
		printf("iio-index: %s\n", text);
		break;
	case IIO_IX_PROBLEM:
		fprintf(stderr, "iio-index: %s\n", text);
		break;
	case IIO_IX_PROGRESS:
		fprintf(stderr, "\r\033[Kiio-index: %s", text);
		fflush(stderr);
		break;
	case IIO_IX_PROGRESS_END:
		fprintf(stderr, "\r\033[K");
		break;
	}
}

/* The run O asks for, over the default paths where it names none. */
static iio_ix_status run_index(iio_ix_options *o, iio_ix_output *out)
{
	iio_ix_status st;
	if (!o->root || !*o->root)
		o->root = IIO_DEFAULT_INDEX;
	if (!o->lexicon || !*o->lexicon)
		o->lexicon = IIO_DEFAULT_LEXICON;
	out->progress = !out->quiet && isatty(STDERR_FILENO);
	st = iio_ix_run(o, out);
	if (fflush(stdout) || ferror(stdout))
		st = IIO_IX_IO;
	return st;
}

int main(int argc, char **argv)
{
	iio_ix_options o;
	iio_ix_output out = {.say = print_line};
	iio_ix_status st;
	int done = 0;

	/* A full disk or a file size limit: write(2) fails with EFBIG and
	 * the run reports it, instead of dying of SIGXFSZ. */
	signal(SIGXFSZ, SIG_IGN);
	iio_ix_options_init(&o);
	o.corpus = IIO_DEFAULT_CORPUS;
	o.root = getenv("IIO_INDEX");
	o.lexicon = getenv("IIO_LEXICON");
	if (!(st = parse_options(&o, &out, argc, argv, &done)) && !done)
		st = run_index(&o, &out);
	/* The one place a status becomes the exit status. */
	return iio_ix_exit_status(st);
}
