/* logreport.c - iio-serve --log-report: the report for editors from the
 * server's access log - the most frequent searches and the searches that
 * found nothing, counting only searches that settled (the page searches as
 * the user types). A program's helper, not the library's: it prints. */
#define _GNU_SOURCE
#include "logreport.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>


static char *trim_spaces(char *s)
{
	size_t n;
	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

typedef struct logq {
	char *q;           /* the query, as typed (case folded for counting) */
	unsigned long n, zero;
	char ip[48];       /* the client, as logged (its last part dropped) */
	time_t when;
	int dropped;       /* not a search of its own (settle_searches) */
} logq;

/* The page searches as the user types (and asks again on Enter): a line
 * of the log is a search someone made only once it settled. A query that
 * the same client extends within LOG_TYPING_GAP seconds ("bre", then
 * "breuken") was a keystroke on the way; the same query again from the
 * same client within LOG_REPEAT_GAP seconds (Enter after the results came
 * while typing, a reload, a filter or page of it) is the same search. Both
 * are left out of the report; the number left out is said. What one
 * client searched minutes apart counts each time. QS (N, in log order). */
#define LOG_TYPING_GAP 5
#define LOG_REPEAT_GAP 10
static unsigned long settle_searches(logq *qs, size_t n)
{
	unsigned long dropped = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(qs[i].q);
		/* the log is in time order (near enough: threads): look a few
		 * hundred lines ahead and back at most */
		for (size_t j = i + 1; j < n && j < i + 500 && !qs[i].dropped && qs[j].when - qs[i].when <= LOG_TYPING_GAP; j++)
			if (!strcmp(qs[j].ip, qs[i].ip) && strlen(qs[j].q) > len && !strncmp(qs[j].q, qs[i].q, len))
				qs[i].dropped = 1;
		for (size_t k = i; k-- > 0 && k + 500 > i && !qs[i].dropped && qs[i].when - qs[k].when <= LOG_REPEAT_GAP;)
			if (!qs[k].dropped && !strcmp(qs[k].ip, qs[i].ip) && !strcmp(qs[k].q, qs[i].q))
				qs[i].dropped = 1;
		dropped += (unsigned long)qs[i].dropped;
	}
	return dropped;
}

static int logq_by_text(const void *a, const void *b)
{
	return strcmp(((const logq *)a)->q, ((const logq *)b)->q);
}

static int logq_by_count(const void *a, const void *b)
{
	const logq *x = a, *y = b;
	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->q, y->q);
}

static int logq_by_zero(const void *a, const void *b)
{
	const logq *x = a, *y = b;
	if (x->zero != y->zero)
		return x->zero < y->zero ? 1 : -1;
	return strcmp(x->q, y->q);
}

/* Read the access log at PATH and print the TOP most frequent searches and
 * the TOP most frequent searches that found nothing. */
int iio_log_report(const char *path, unsigned top)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL;
	size_t cap = 0, n = 0, alloc = 0, m = 0;
	unsigned long searches = 0, skipped = 0, zero = 0, typing = 0;
	logq *qs = NULL;
	if (!f) {
		fprintf(stderr, "iio-serve: cannot read %s: %s\n", path, strerror(errno));
		return 2;
	}
	while (getline(&line, &cap, f) > 0) {
		/* time, address, path, status, ms, results, query (may be empty) */
		char *field[7], *p = line;
		int k = 0;
		line[strcspn(line, "\r\n")] = '\0';
		for (; k < 7 && p; k++) {
			char *tab = k < 6 ? strchr(p, '\t') : NULL;
			field[k] = p;
			if (tab)
				*tab = '\0';
			p = tab ? tab + 1 : NULL;
		}
		if (k < 7) {
			skipped++;
			continue;
		}
		if (strcmp(field[2], "/api/search"))
			continue;
		if (strcmp(field[3], "200") || !*trim_spaces(field[6]))
			continue;
		if (n == alloc) {
			logq *more = realloc(qs, (alloc = alloc ? alloc * 2 : 256) * sizeof *qs);
			if (!more)
				break;
			qs = more;
		}
		for (char *c = field[6]; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		qs[n].q = strdup(trim_spaces(field[6]));
		qs[n].n = 1;
		qs[n].zero = !strcmp(field[5], "0");
		snprintf(qs[n].ip, sizeof qs[n].ip, "%s", field[1]);
		{
			struct tm tm = {0};
			const char *end = strptime(field[0], "%Y-%m-%dT%H:%M:%SZ", &tm);
			qs[n].when = end && !*end ? timegm(&tm) : 0;
		}
		qs[n].dropped = 0;
		if (!qs[n].q)
			break;
		n++;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	typing = settle_searches(qs, n);
	for (size_t i = 0; i < n; i++) {
		if (qs[i].dropped) {
			free(qs[i].q);
			continue;
		}
		searches++;
		zero += qs[i].zero;
		qs[m++] = qs[i];
	}
	n = m;
	m = 0;
	/* Same query, one entry. */
	if (n)
		qsort(qs, n, sizeof *qs, logq_by_text);
	for (size_t i = 0; i < n; i++) {
		if (m && !strcmp(qs[m - 1].q, qs[i].q)) {
			qs[m - 1].n++;
			qs[m - 1].zero += qs[i].zero;
			free(qs[i].q);
		} else {
			qs[m++] = qs[i];
		}
	}
	printf("%lu searches, %zu different, %lu found nothing", searches, m, zero);
	if (typing)
		printf(" (%lu requests made while typing or asked again left out)", typing);
	if (skipped)
		printf(" (%lu lines not in the access log format skipped)", skipped);
	printf("\n\nMost frequent searches:\n");
	if (m)
		qsort(qs, m, sizeof *qs, logq_by_count);
	for (size_t i = 0; i < m && i < top; i++)
		printf("%7lu  %s\n", qs[i].n, qs[i].q);
	printf("\nSearches that found nothing:\n");
	if (m)
		qsort(qs, m, sizeof *qs, logq_by_zero);
	for (size_t i = 0; i < m && i < top && qs[i].zero; i++)
		printf("%7lu  %s\n", qs[i].zero, qs[i].q);
	for (size_t i = 0; i < m; i++)
		free(qs[i].q);
	free(qs);
	return 0;
}

