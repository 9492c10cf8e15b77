/* fuzz-reader - the corpus readers on arbitrary files. The first byte
 * picks the format (JSON Lines, CSV, Markdown with front matter, plain
 * text, HTML, each also gzip-compressed: the bytes are then the .gz file
 * itself); the rest is written to a scratch file and read as iio-index
 * reads it. Every record that comes out has an id, a type, a title and
 * valid UTF-8 text; every rejection names its file and line. */
#include "fuzz.h"
#include "../../indexer/record.h"

#include <stdint.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {
	"f.jsonl", "f.csv", "f.md", "f.txt", "f.html", "f.jsonl.gz", "f.csv.gz", "f.md.gz",
};

static char dir[] = "/tmp/iio-fuzz-reader.XXXXXX";

static int on_record(void *ctx, iio_record *rec)
{
	(void)ctx;
	FUZZ_CHECK(rec->id && *rec->id && rec->type && *rec->type && rec->title && *rec->title && rec->text);
	FUZZ_CHECK(iio_invalid_utf8_at(rec->text, strlen(rec->text)) < 0);
	FUZZ_CHECK(iio_invalid_utf8_at(rec->title, strlen(rec->title)) < 0);
	FUZZ_CHECK(rec->fields == NULL || json_is_object(rec->fields));
	return 0;
}

static void on_error(void *ctx, const char *source, long line, const char *field, const char *msg)
{
	(void)ctx;
	(void)field;
	FUZZ_CHECK(source && *source && line >= 0 && msg && *msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int made;
	iio_reader_ops ops = {on_record, on_error, NULL, NULL, NULL, 0, NULL};
	iio_repair_stats st = {0, 0, 0};
	const char *name;
	char path[sizeof dir + 16];
	FILE *f;

	if (size == 0)
		return 0;
	if (!made) {
		FUZZ_CHECK(mkdtemp(dir) != NULL);
		made = 1;
	}
	name = names[data[0] % (sizeof names / sizeof *names)];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	FUZZ_CHECK(f != NULL);
	FUZZ_CHECK(fwrite(data + 1, 1, size - 1, f) == size - 1);
	FUZZ_CHECK(fclose(f) == 0);
	ops.lexicon = iio_analyzer_lex(fuzz_analyzer());
	ops.stats = &st;
	(void)iio_read_file(dir, name, "auto", "document", &ops, NULL);
	unlink(path);
	return 0;
}
