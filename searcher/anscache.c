/* anscache.c - iio-serve's cache of recent answers (see anscache.h): a
 * hash table of entries on a list in the order of their last use. */
#define _GNU_SOURCE
#include "anscache.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct anscache_entry {
	struct anscache_entry *prev, *next; /* the use list */
	struct anscache_entry *chain;       /* the bucket's */
	uint64_t hash;
	char *key, *body;
	const char *type;
	size_t size; /* key and body bytes */
	unsigned long total;
} entry;

static uint64_t hash_of(const char *s)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

int anscache_init(anscache *c, size_t max_entries, size_t max_bytes)
{
	memset(c, 0, sizeof *c);
	pthread_mutex_init(&c->lock, NULL);
	c->max_entries = max_entries;
	c->max_bytes = max_bytes;
	if (!max_entries)
		return 0;
	for (c->nbuckets = 16; c->nbuckets < 2 * max_entries; c->nbuckets *= 2)
		;
	c->buckets = calloc(c->nbuckets, sizeof *c->buckets);
	return c->buckets ? 0 : -1;
}

static void unlink_use(anscache *c, entry *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		c->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		c->tail = e->prev;
	e->prev = e->next = NULL;
}

static void push_front(anscache *c, entry *e)
{
	e->next = c->head;
	e->prev = NULL;
	if (c->head)
		c->head->prev = e;
	c->head = e;
	if (!c->tail)
		c->tail = e;
}

/* Take E out of C and free it. */
static void drop(anscache *c, entry *e)
{
	entry **p = &c->buckets[e->hash & (c->nbuckets - 1)];
	while (*p != e)
		p = &(*p)->chain;
	*p = e->chain;
	unlink_use(c, e);
	c->n--;
	c->bytes -= e->size;
	free(e->key);
	free(e->body);
	free(e);
}

static void drop_all(anscache *c)
{
	while (c->head)
		drop(c, c->head);
}

void anscache_free(anscache *c)
{
	if (c->buckets)
		drop_all(c);
	free(c->buckets);
	pthread_mutex_destroy(&c->lock);
	memset(c, 0, sizeof *c);
}

static entry *find(anscache *c, const char *key, uint64_t h)
{
	for (entry *e = c->buckets[h & (c->nbuckets - 1)]; e; e = e->chain)
		if (e->hash == h && !strcmp(e->key, key))
			return e;
	return NULL;
}

int anscache_get(anscache *c, const char *generation, const char *key, char **body, const char **type,
		 unsigned long *total)
{
	uint64_t h = hash_of(key);
	entry *e;
	int found = 0;
	*body = NULL;
	if (!c->max_entries)
		return 0;
	pthread_mutex_lock(&c->lock);
	if (strcmp(c->generation, generation)) {
		/* Another generation answers now: nothing kept holds. */
		drop_all(c);
		snprintf(c->generation, sizeof c->generation, "%s", generation);
	}
	if ((e = find(c, key, h)) && (*body = strdup(e->body))) {
		unlink_use(c, e);
		push_front(c, e);
		*type = e->type;
		*total = e->total;
		found = 1;
	}
	if (found)
		c->hits++;
	else
		c->misses++;
	pthread_mutex_unlock(&c->lock);
	return found;
}

void anscache_put(anscache *c, const char *generation, const char *key, const char *body, const char *type,
		  unsigned long total)
{
	size_t size = strlen(key) + strlen(body) + 2;
	uint64_t h = hash_of(key);
	entry *e;
	if (!c->max_entries || size > c->max_bytes / 4)
		return;
	pthread_mutex_lock(&c->lock);
	if (strcmp(c->generation, generation) || find(c, key, h)) {
		pthread_mutex_unlock(&c->lock);
		return;
	}
	while (c->tail && (c->n >= c->max_entries || c->bytes + size > c->max_bytes))
		drop(c, c->tail);
	if ((e = calloc(1, sizeof *e)) && (e->key = strdup(key)) && (e->body = strdup(body))) {
		e->hash = h;
		e->type = type;
		e->size = size;
		e->total = total;
		e->chain = c->buckets[h & (c->nbuckets - 1)];
		c->buckets[h & (c->nbuckets - 1)] = e;
		push_front(c, e);
		c->n++;
		c->bytes += size;
	} else if (e) {
		free(e->key);
		free(e);
	}
	pthread_mutex_unlock(&c->lock);
}
