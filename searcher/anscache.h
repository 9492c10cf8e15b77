/* anscache.h - iio-serve's cache of recent answers: someone typing a query
 * asks for its prefixes again and again (the page searches as it is typed,
 * and paging back asks for a page seen before).
 *
 * An answer is kept under the whole request that made it (its path and
 * every parameter, in the order given) and the index generation that
 * answered it; when a request is answered from another generation than
 * the cache holds, the cache is emptied first, so an answer never outlives
 * its generation. Bounded by a number of entries and a number of bytes
 * (answers bigger than a quarter of those bytes are not kept), the least
 * recently used going first. Thread-safe: one mutex, held only to look up
 * (the answer is copied out) and to insert. Front-end code of iio-serve,
 * not the library's: the library keeps no state between calls. */
#ifndef IIO_ANSCACHE_H
#define IIO_ANSCACHE_H

#include <pthread.h>
#include <stddef.h>

/* The default bounds (--cache-entries; the bytes are fixed). */
#define IIO_ANSCACHE_ENTRIES 512
#define IIO_ANSCACHE_BYTES (32u * 1024 * 1024)

struct anscache_entry;
typedef struct anscache {
	pthread_mutex_t lock;
	size_t max_entries, max_bytes; /* max_entries 0: the cache is off */
	size_t n, bytes;
	struct anscache_entry *head, *tail; /* most recently used first */
	struct anscache_entry **buckets;
	size_t nbuckets;
	char generation[256]; /* what the entries were answered from */
	unsigned long hits, misses;
} anscache;

/* Set C up for at most MAX_ENTRIES answers (0: off) and MAX_BYTES bytes
 * of them. 0, or -1 when out of memory. */
int anscache_init(anscache *c, size_t max_entries, size_t max_bytes);
void anscache_free(anscache *c);

/* The answer to KEY from GENERATION: a copy of its body into *BODY
 * (free()), its content type (a string of the program's: the type given
 * to anscache_put, which must live as long as the program) and the
 * results it counted. 1 when found, 0 when not (or out of memory). A
 * GENERATION other than the cache's empties it. */
int anscache_get(anscache *c, const char *generation, const char *key, char **body, const char **type,
		 unsigned long *total);
/* Keep BODY (copied) as the answer to KEY from GENERATION. Nothing is
 * kept when GENERATION is not the cache's (an answer from a generation
 * since replaced), or the cache is off. */
void anscache_put(anscache *c, const char *generation, const char *key, const char *body, const char *type,
		  unsigned long total);

#endif
