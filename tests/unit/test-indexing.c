/* test-indexing.c - indexing as a library (indexer/indexing.h): a run over
 * a small corpus, what it says through the callback (and that it prints
 * nothing itself), incremental runs, --remove, --rollback, --verify, the
 * lock. */
#define _GNU_SOURCE
#include "../../indexer/indexing.h"
#include "../../indexer/generation.h"
#include "../../indexer/format.h"
#include "../../searcher/iio.h"
#include "tap.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/iio-test-indexing-XXXXXX";
static char corpus[600], root[600];

/* What the run said, by kind. */
static char said[4][8192];
static void capture(void *ctx, iio_ix_kind kind, const char *text)
{
	(void)ctx;
	strncat(said[kind], text, sizeof said[kind] - strlen(said[kind]) - 2);
	strcat(said[kind], "\n");
}
static iio_ix_output out = {.say = capture};

static iio_ix_options options(iio_ix_action act)
{
	iio_ix_options o;
	iio_ix_options_init(&o);
	o.act = act;
	o.corpus = corpus;
	o.root = root;
	o.lexicon = getenv("IIO_LEXICON");
	o.jobs = 1;
	memset(said, 0, sizeof said);
	return o;
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[800];
	FILE *f;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* The live generation's name, "" when none. */
static const char *live(void)
{
	static char name[64];
	if (iio_gen_live(root, name, sizeof name))
		name[0] = '\0';
	return name;
}

/* Whether the live index holds record ID. */
static int holds(const char *id)
{
	iio_index *idx = NULL;
	iio_record_view *rec = NULL;
	int found = iio_index_open(&idx, root) == IIO_OK && iio_show(&rec, idx, id) == IIO_OK;
	iio_record_free(rec);
	iio_index_close(idx);
	return found;
}

static void test_full_build(void)
{
	iio_ix_options o = options(IIO_IX_UPDATE);
	char lines[1200];
	int fd_out = dup(1), fd_err = dup(2), sink, rc;
	struct stat st;
	snprintf(lines, sizeof lines, "%s/printed", tmpdir);
	/* The library prints nothing: its standard output and error go to a
	 * file for the run, which must stay empty. */
	fflush(stdout);
	sink = open(lines, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(sink, 1);
	dup2(sink, 2);
	rc = iio_ix_run(&o, &out);
	fflush(stdout);
	dup2(fd_out, 1);
	dup2(fd_err, 2);
	close(sink);
	close(fd_out);
	close(fd_err);
	is_int(rc, IIO_IX_REJECTED, "a full build with a bad record: IIO_IX_REJECTED");
	is_int(iio_ix_exit_status(rc), 1, "... which iio-index exits 1 with");
	is_int(iio_ix_exit_status(IIO_IX_OK), 0, "... and 0 with IIO_IX_OK");
	ok(stat(lines, &st) == 0 && st.st_size == 0, "the library printed nothing itself");
	ok(strstr(said[IIO_IX_PROBLEM], "cases.jsonl:4: title: missing or empty") != NULL,
	   "the rejected record is said as a problem, with file and line");
	ok(strstr(said[IIO_IX_INFO], "3 records indexed, 1 rejected") != NULL, "the summary is said as information");
	is_str(live(), "gen-0001", "the first generation is live");
	ok(holds("c-1") && holds("c-3"), "the live index holds the records");
}

static void test_incremental(void)
{
	iio_ix_options o = options(IIO_IX_UPDATE);
	out.quiet = 1;
	is_int(iio_ix_run(&o, &out), IIO_IX_REJECTED, "an unchanged corpus, again");
	out.quiet = 0;
	is_str(said[IIO_IX_INFO], "", "quiet: no information lines");
	ok(strstr(said[IIO_IX_PROBLEM], "title: missing") != NULL, "... the problems still");
	is_str(live(), "gen-0002", "a new generation is live");
	o = options(IIO_IX_UPDATE);
	is_int(iio_ix_run(&o, &out), IIO_IX_REJECTED, "and once more, not quiet");
	ok(strstr(said[IIO_IX_INFO], "incremental run: 0 added, 0 changed, 3 unchanged") != NULL,
	   "an incremental run analyzes nothing unchanged");
}

static void test_remove_and_rollback(void)
{
	iio_ix_options o = options(IIO_IX_REMOVE);
	o.remove_id = "c-2";
	is_int(iio_ix_run(&o, &out), IIO_IX_OK, "remove a record");
	ok(!holds("c-2") && holds("c-1"), "it is gone from the live index, the others stay");
	o = options(IIO_IX_REMOVE);
	o.remove_id = "nope";
	is_int(iio_ix_run(&o, &out), IIO_IX_NONE, "remove an unknown record: IIO_IX_NONE");
	ok(strstr(said[IIO_IX_PROBLEM], "no record with id 'nope'") != NULL, "... saying so");
	o = options(IIO_IX_ROLLBACK);
	is_int(iio_ix_run(&o, &out), IIO_IX_OK, "roll back");
	ok(!holds("c-2"), "the record taken down stays hidden across the rollback");
	ok(strstr(said[IIO_IX_INFO], "hiding them again") != NULL, "... and the run says so");
}

static void test_verify(void)
{
	iio_ix_options o = options(IIO_IX_VERIFY);
	char path[800];
	FILE *f;
	is_int(iio_ix_run(&o, &out), IIO_IX_OK, "verify: every generation sound");
	ok(strstr(said[IIO_IX_INFO], "(live): ok") != NULL, "... a line per generation");
	snprintf(path, sizeof path, "%s/%s/termlist.glass", root, live());
	f = fopen(path, "r+b");
	ok(f != NULL, "open a table of the live generation");
	if (f) {
		fseek(f, 100, SEEK_SET);
		fputs("garbled", f);
		fclose(f);
	}
	o = options(IIO_IX_VERIFY);
	is_int(iio_ix_verify(root, &out), IIO_IX_DAMAGED, "a garbled table: IIO_IX_DAMAGED");
	is_int(iio_ix_exit_status(IIO_IX_DAMAGED), 2, "... which iio-index exits 2 with");
	is_str(iio_ix_strerror(IIO_IX_DAMAGED), "a generation differs from its manifest", "... and names");
	ok(strstr(said[IIO_IX_INFO], "DAMAGED: termlist.glass does not match its checksum") != NULL,
	   "... naming the file");
}

static void test_lock(void)
{
	iio_ix_options o = options(IIO_IX_UPDATE);
	int fd;
	is_int(iio_gen_lock(root, &fd), IIO_IX_OK, "take the index root's lock");
	ok(fd >= 0, "... a descriptor");
	is_int(iio_ix_run(&o, &out), IIO_IX_BUSY, "a run while another holds the lock: IIO_IX_BUSY");
	is_int(iio_ix_exit_status(IIO_IX_BUSY), 3, "... which iio-index exits 3 with");
	ok(strstr(said[IIO_IX_PROBLEM], "another iio-index is updating") != NULL, "... saying so");
	close(fd);
}

/* A record's listing (the head slot) reads back field by field, with or
 * without a url, and what is no listing is refused, never read past. */
static void test_listing(void)
{
	size_t len = 0;
	char *l = iio_listing_encode("v-1", "video", "Breuken (uitleg)", "https://v.example/1", "videos/a.csv",
				     "{\"year\":2014}", &len);
	iio_listing got;
	ok(l != NULL, "a listing is made");
	is_int(iio_listing_decode(l, len, &got), 0, "and read back");
	is_str(got.id, "v-1", "id");
	is_str(got.type, "video", "type");
	is_str(got.title, "Breuken (uitleg)", "title");
	is_str(got.url, "https://v.example/1", "url");
	is_str(got.source, "videos/a.csv", "source");
	is_str(got.fields_json, "{\"year\":2014}", "fields");
	free(l);
	l = iio_listing_encode("c-1", "case", "Krimp", NULL, "cases.jsonl", "{}", &len);
	is_int(iio_listing_decode(l, len, &got), 0, "a listing without a url reads back");
	ok(got.url == NULL, "... its url is none");
	is_str(got.source, "cases.jsonl", "... the source follows");
	is_str(got.fields_json, "{}", "... then the fields");
	/* Cut anywhere, it is refused (each cut ends in a NUL, as a value read
	 * from the index does). */
	for (size_t cut = 0; cut < len; cut++) {
		char *c = malloc(cut + 1);
		memcpy(c, l, cut);
		c[cut] = '\0';
		if (iio_listing_decode(c, cut, &got) == 0) {
			ok(0, "a listing cut to %zu bytes is refused", cut);
			free(c);
			break;
		}
		free(c);
		if (cut + 1 == len)
			ok(1, "a listing cut anywhere is refused");
	}
	{
		char json[] = "{\"id\":\"c-1\",\"title\":\"x\"}";
		is_int(iio_listing_decode(json, strlen(json), &got), -1, "a JSON head (an older format) is no listing");
	}
	free(l);
}

/* The live pointer in the forms people write it names the same
 * generation, for the searcher's resolver and for pruning; what names no
 * generation stops pruning. */
static void test_live_pointer(void)
{
	char was[64], form[700], cur[700], name[64], path[4096], why[4400];
	const char *forms[] = {"%s/%s", "%.0s%s/", "%.0s./%s"};
	snprintf(was, sizeof was, "%s", live());
	snprintf(cur, sizeof cur, "%s/current", root);
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		snprintf(form, sizeof form, forms[i], root, was);
		unlink(cur);
		ok(symlink(form, cur) == 0, "current -> %s", form);
		is_str(live(), was, "... is the live generation");
		is_int(iio_live_resolve(root, name, sizeof name, path, sizeof path), 0, "... resolved as readers do");
		is_int(iio_gen_prune(root, 1), IIO_IX_OK, "... pruning goes on");
		ok(access(path, F_OK) == 0, "... and keeps it");
	}
	unlink(cur);
	ok(symlink("/nonexistent/gen-0001", cur) == 0, "current -> elsewhere");
	is_int(iio_gen_live_why(root, name, sizeof name, why, sizeof why), IIO_IX_LIVE_UNKNOWN,
	       "... names no generation of the root");
	ok(strstr(why, "which cannot be found") != NULL, "... saying why");
	is_int(iio_gen_prune(root, 1), IIO_IX_LIVE_UNKNOWN, "... and pruning refuses");
	unlink(cur);
	mkdir(cur, 0700);
	is_int(iio_gen_live_why(root, name, sizeof name, why, sizeof why), IIO_IX_LIVE_UNKNOWN,
	       "current a directory: no generation");
	ok(strstr(why, "is a directory, not a symbolic link") != NULL, "... saying so");
	is_int(iio_gen_prune(root, 1), IIO_IX_LIVE_UNKNOWN, "... and pruning refuses");
	rmdir(cur);
	ok(symlink(was, cur) == 0, "current -> %s again", was);
}

/* The one term builder: a prefix and a word, the word cut to fit at a
 * character boundary. */
static void test_terms(void)
{
	char term[IIO_TERM_CAP], word[400];
	size_t n;
	is_int((int)iio_term(term, IIO_PREFIX_STEM, "krimp", 5), 6, "a prefixed term: prefix and word");
	is_str(term, "Zkrimp", "... NUL-terminated");
	for (int i = 0; i < 133; i++)
		memcpy(word + 3 * i, "\xef\xb7\xba", 3); /* U+FDFA, 3 bytes each: 399 */
	n = iio_term(term, IIO_PREFIX_TITLE, word, 399);
	ok(n <= IIO_MAX_TERM_BYTES && (n - 1) % 3 == 0 && term[0] == 'S' && term[n] == '\0',
	   "an over-long word is cut to %d bytes at a character boundary (%zu)", IIO_MAX_TERM_BYTES, n);
	is_int((int)iio_term_fit(word, 399, 10), 9, "a cut never splits a character");
	is_int((int)iio_term_fit("krimp", 5, 10), 5, "a word that fits stays whole");
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	snprintf(corpus, sizeof corpus, "%s/corpus", tmpdir);
	snprintf(root, sizeof root, "%s/index", tmpdir);
	mkdir(corpus, 0700);
	write_file(corpus, "cases.jsonl",
		   "{\"id\":\"c-1\",\"type\":\"case\",\"title\":\"Krimp in de regio\",\"text\":\"Minder leerlingen.\"}\n"
		   "{\"id\":\"c-2\",\"type\":\"case\",\"title\":\"Lerarentekort\",\"text\":\"Te weinig leraren.\"}\n"
		   "{\"id\":\"c-3\",\"type\":\"case\",\"title\":\"Onderwijsteams\",\"text\":\"Samen lesgeven.\"}\n"
		   "{\"id\":\"c-4\",\"type\":\"case\",\"text\":\"Geen titel.\"}\n");
	subtest("terms", test_terms);
	subtest("the listing of a record", test_listing);
	subtest("a full build", test_full_build);
	subtest("incremental runs", test_incremental);
	subtest("remove and roll back", test_remove_and_rollback);
	subtest("verify", test_verify);
	subtest("the lock", test_lock);
	subtest("the live pointer", test_live_pointer);
	tap_remove_tree(tmpdir);
	return done_testing();
}
