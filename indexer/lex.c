/* lex.c - mapping and querying the compiled lexicon (see lex.h). The
 * mapping is read-only and the handle immutable, so any number of threads
 * may look words up at once. */
#define _GNU_SOURCE
#include "lex.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct iio_lex {
	void *map;
	size_t size;
	const iio_lex_header *hdr;
	const uint32_t *slots;
	const unsigned char *pool;
	char id[32];
};

static int fail(char **err, const char *fmt, const char *path, const char *why)
{
	if (asprintf(err, fmt, path, why) < 0)
		*err = NULL;
	return -1;
}

int iio_lex_open(iio_lex **out, const char *path, char **err)
{
	struct stat st;
	iio_lex *lex;
	int fd;
	void *map;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(err, "cannot open lexicon %s: %s", path, strerror(errno));
	if (fstat(fd, &st) || st.st_size < (off_t)sizeof(iio_lex_header)) {
		close(fd);
		return fail(err, "lexicon %s is %s", path, "too short");
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return fail(err, "cannot map lexicon %s: %s", path, strerror(errno));
	lex = calloc(1, sizeof *lex);
	if (!lex) {
		munmap(map, (size_t)st.st_size);
		return fail(err, "lexicon %s: %s", path, "out of memory");
	}
	lex->map = map;
	lex->size = (size_t)st.st_size;
	lex->hdr = map;
	if (memcmp(lex->hdr->magic, IIO_LEX_MAGIC, 8) || lex->hdr->nslots == 0 ||
	    (lex->hdr->nslots & (lex->hdr->nslots - 1)) ||
	    sizeof(iio_lex_header) + (size_t)lex->hdr->nslots * 4 + lex->hdr->pool_size != lex->size) {
		iio_lex_close(lex);
		return fail(err, "lexicon %s is %s", path, "damaged or of another version (rebuild it with make)");
	}
	lex->slots = (const uint32_t *)((const char *)map + sizeof(iio_lex_header));
	lex->pool = (const unsigned char *)(lex->slots + lex->hdr->nslots);
	snprintf(lex->id, sizeof lex->id, "%.8s:%016llx", lex->hdr->magic, (unsigned long long)lex->hdr->hash);
	*out = lex;
	return 0;
}

void iio_lex_close(iio_lex *lex)
{
	if (!lex)
		return;
	munmap(lex->map, lex->size);
	free(lex);
}

int iio_lex_lookup(const iio_lex *lex, const char *word, size_t len, const char **key, size_t *keylen)
{
	uint32_t mask, i, h, probes;
	if (!lex || len == 0 || len > 255)
		return 0;
	h = iio_lex_hash32(word, len);
	mask = lex->hdr->nslots - 1;
	/* At most one pass over the table: a damaged one may have no empty
	 * slot to end on. */
	for (i = h & mask, probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
		uint32_t slot = lex->slots[i];
		const unsigned char *e;
		if (!slot)
			return 0;
		if ((slot ^ h) & ~IIO_LEX_OFFSET_MASK)
			continue; /* another word's hash */
		slot &= IIO_LEX_OFFSET_MASK;
		/* An entry is flags (2 bytes), len, word, keylen, key; a
		 * damaged file must not send us outside the pool. */
		if ((size_t)slot - 1 + 4 + len > lex->hdr->pool_size)
			return 0;
		e = lex->pool + slot - 1;
		if (e[2] == len && !memcmp(e + 3, word, len)) {
			if ((size_t)slot - 1 + 4 + len + e[3 + len] > lex->hdr->pool_size)
				return 0;
			if (key) {
				*key = (const char *)e + 4 + len;
				*keylen = e[3 + len];
			}
			return e[0] | e[1] << 8;
		}
	}
	return 0;
}

const char *iio_lex_id(const iio_lex *lex) { return lex ? lex->id : "no-lexicon"; }

size_t iio_lex_words(const iio_lex *lex) { return lex ? lex->hdr->nwords : 0; }
