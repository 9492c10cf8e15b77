/* iio-serve - the search over HTTP: a JSON API and the search page.
 *
 *   GET /api/search?q=&type=&vak=&...&offset=&limit=&sort=&facets=
 *   GET /api/suggest?q=
 *   GET /api/doc/ID
 *   GET /api/fields  the record fields (the page builds its filters from them)
 *   GET /healthz
 *   GET /            the search page (searcher/web/)
 *   GET /zoeken?q=   the results as a page rendered here (without JavaScript)
 *   GET /doc/ID?q=   the page of one record, the query's words marked
 *
 * Answers are gzip-compressed when the client accepts it; the page's files
 * carry an ETag and are revalidated (304 when unchanged).
 *
 * A thin front end over libiiosearch on libmicrohttpd (its thread pool; no
 * HTTP parsing of our own). Index handles live in a pool: a request takes
 * one, and when iio-index has switched the live generation the handle is
 * opened afresh, so a new index is served without a restart and no request
 * in flight fails.
 *
 * Recent answers of searches, pages and suggestions are kept per index
 * generation (anscache.c; --cache-entries, 0 for none): the same request
 * again is answered from there until a new generation goes live.
 */
#define _GNU_SOURCE
#include "anscache.h"
#include "crash.h"
#include "logreport.h"
#include "iio.h"
#include "webpage.h"
#include "webreq.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "../indexer/paths.h"
#define IIO_DEFAULT_INDEX (iio_default_paths()->index)
#define IIO_DEFAULT_WEB (iio_default_paths()->web)

#define POOL_MAX 64
/* libmicrohttpd parses a request in a pool of this size per connection.
 * Each parameter costs it about 60 bytes besides its text: with 64 KiB a
 * URL of 1,000 parameters (6 KB) ran out, and libmicrohttpd closed the
 * connection without an answer. 256 KiB holds any URL it accepts at all
 * (it answers 414 above 64 KiB of URL) and the server then refuses more
 * than IIO_SERVE_MAX_PARAMS parameters itself, with a JSON error. */
#define IIO_SERVE_CONNECTION_MEMORY (256 * 1024)
#define IIO_SERVE_MAX_PARAMS 64

/* An open connection, for the watch on slow request heads: libmicrohttpd
 * closes a connection only when it is idle, so a client that sends one byte
 * of its request every few seconds (slowloris) holds it for ever. */
typedef struct conn_watch {
	struct conn_watch *prev, *next;
	int fd;
	double since;  /* when the current request head began (ms) */
	int busy;      /* its head is complete: being answered */
	int cut;       /* shut down by the watch */
} conn_watch;

typedef struct server {
	const char *index_path;
	const char *lexicon; /* $IIO_LEXICON, read once: NULL for the index's own */
	const char *web_dir;
	const char *cors;       /* allowed origin, NULL: no CORS */
	const char *log_path;   /* --access-log FILE (NULL: standard error or none) */
	FILE *log;
	pthread_mutex_t lock;   /* guards the pool and the log */
	iio_index *free_handles[POOL_MAX];
	size_t nfree;
	/* Each generation's files are checked against its manifest (every
	 * byte) once, before it is served: a damaged one answers 503. */
	pthread_mutex_t verify_lock;
	int verified_once;
	char verified_gen[256];
	int verified_bad;
	char verified_err[1024];
	/* Open connections (guarded by lock) and how long a request head may
	 * take, from the connection's start or the previous answer. */
	conn_watch *conns;
	unsigned head_timeout;
	/* libmicrohttpd's messages, at most MHD_LOG_PER_SECOND a second (a
	 * flood of refused connections must not flood the journal). */
	time_t mhd_log_second;
	unsigned mhd_log_count;
	unsigned long mhd_log_dropped;
	anscache cache; /* recent answers of the live generation */
} server;

/* The answer a request gives, kept for the cache: set by answer_with
 * while the thread answers a request that may be kept (one thread answers
 * one request at a time). */
typedef struct captured {
	char *body;
	const char *type;
} captured;
static __thread captured *capturing;

#define MHD_LOG_PER_SECOND 5

static volatile sig_atomic_t stop, reopen_log;

static double now_ms(void);

/* SIGINT, SIGTERM: stop. SIGHUP: reopen the access log (logrotate has
 * renamed it), the server keeps serving. */
static void on_signal(int sig)
{
	if (sig == SIGHUP)
		reopen_log = 1;
	else
		stop = 1;
}

/* The access log at PATH for appending, made 0640 when it is new: it holds
 * what people searched for, which is not for every user of the machine. */
static FILE *open_log(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "a");
	if (fd >= 0 && !f)
		close(fd);
	return f;
}

/* After SIGHUP: the access log opened again at its path, the old one
 * closed once no request writes to it; if it cannot be opened the old one
 * is kept (and that said). */
static void reopen_access_log(server *s)
{
	FILE *f, *old;
	if (!s->log_path)
		return;
	if (!(f = open_log(s->log_path))) {
		fprintf(stderr, "iio-serve: cannot reopen %s: %s; still writing to the file open before\n", s->log_path,
			strerror(errno));
		return;
	}
	pthread_mutex_lock(&s->lock);
	old = s->log;
	s->log = f;
	pthread_mutex_unlock(&s->lock);
	fclose(old);
}

/* Whether the live generation passed its manifest check, made once per
 * generation before libxapian reads a byte of it (a garbled table can
 * crash a search), by the first thread to meet it; the others wait. Its
 * name goes into GEN (the caller then opens it and makes sure it got that
 * one: the live pointer may move meanwhile). */
static int generation_sound(server *s, char *gen, size_t gencap, char *err, size_t cap)
{
	char *msg = NULL;
	int bad;
	/* The cheap check first: sizes, the checksum of any file modified
	 * since the generation was published (changed in place after the
	 * check below), and which generation is live. */
	if (iio_index_check(s->index_path, 0, gen, gencap, &msg)) {
		snprintf(err, cap, "%s", msg ? msg : "out of memory");
		iio_free(msg);
		return 0;
	}
	pthread_mutex_lock(&s->verify_lock);
	if (!s->verified_once || strcmp(s->verified_gen, gen)) {
		s->verified_bad = iio_index_check(s->index_path, 1, gen, gencap, &msg) != IIO_OK;
		snprintf(s->verified_err, sizeof s->verified_err, "%s", msg ? msg : "");
		iio_free(msg);
		snprintf(s->verified_gen, sizeof s->verified_gen, "%s", gen);
		s->verified_once = 1;
		if (s->verified_bad)
			fprintf(stderr, "iio-serve: not serving %s: %s\n", *gen ? gen : s->index_path, s->verified_err);
	}
	bad = s->verified_bad || strcmp(s->verified_gen, gen);
	if (bad)
		snprintf(err, cap, "%s", s->verified_bad ? s->verified_err : "the live generation moved; try again");
	pthread_mutex_unlock(&s->verify_lock);
	return !bad;
}

/* A handle on the live generation: from the pool if it is still current
 * (pooled handles are on generations found sound). */
static iio_index *take_index(server *s, char *err, size_t cap)
{
	iio_index *idx = NULL, *stale = NULL;
	iio_status st;
	pthread_mutex_lock(&s->lock);
	while (s->nfree > 0) {
		iio_index *h = s->free_handles[--s->nfree];
		if (iio_index_is_current(h)) {
			idx = h;
			break;
		}
		if (!stale)
			stale = h; /* kept until the new generation opens */
		else
			iio_index_close(h); /* an old generation: nobody uses this one */
	}
	pthread_mutex_unlock(&s->lock);
	if (idx) {
		iio_index_close(stale);
		return idx;
	}
	for (int tries = 0; tries < 3; tries++) {
		char gen[256];
		if (!generation_sound(s, gen, sizeof gen, err, cap)) {
			iio_index_close(stale);
			return NULL;
		}
		st = iio_index_open_with(&idx, s->index_path, s->lexicon);
		if (st == IIO_ERR_INDEX_VERSION && stale) {
			/* A generation built by a newer iio-index (a package
			 * upgrade, before this server is restarted): the one this
			 * server has keeps answering, so no search fails. */
			iio_index_close(idx);
			return stale;
		}
		if (st) {
			snprintf(err, cap, "%s", idx ? iio_index_error(idx) : iio_strerror(st));
			iio_index_close(idx);
			iio_index_close(stale);
			return NULL;
		}
		if (!strcmp(iio_index_generation(idx), gen)) {
			iio_index_close(stale);
			return idx;
		}
		/* The live pointer moved between the check and the open: check
		 * the new one before serving it. */
		iio_index_close(idx);
		idx = NULL;
	}
	snprintf(err, cap, "the live generation keeps moving; try again");
	iio_index_close(stale);
	return NULL;
}

static void give_index(server *s, iio_index *idx)
{
	pthread_mutex_lock(&s->lock);
	if (s->nfree < POOL_MAX && iio_index_is_current(idx)) {
		s->free_handles[s->nfree++] = idx;
		idx = NULL;
	}
	pthread_mutex_unlock(&s->lock);
	iio_index_close(idx);
}

static const char *param(void *ctx, const char *name)
{
	return MHD_lookup_connection_value(ctx, MHD_GET_ARGUMENT_KIND, name);
}

/* BODY (LEN bytes) gzip-compressed into a new buffer, *OUTLEN bytes; NULL
 * when it does not pay or memory is short. */
static char *gzip_body(const char *body, size_t len, size_t *outlen)
{
	z_stream z;
	char *out;
	size_t cap = len + len / 1000 + 64;
	if (len < 512 || !(out = malloc(cap)))
		return NULL;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(out);
		return NULL;
	}
	z.next_in = (Bytef *)body;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END || z.total_out >= len) {
		deflateEnd(&z);
		free(out);
		return NULL;
	}
	*outlen = z.total_out;
	deflateEnd(&z);
	return out;
}

/* Does the client take gzip (Accept-Encoding names it, not with q=0)? */
static int takes_gzip(struct MHD_Connection *c)
{
	const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding");
	const char *g = ae ? strstr(ae, "gzip") : NULL;
	return g && strncmp(g + 4, ";q=0,", 5) && strcmp(g + 4, ";q=0");
}

/* Queue BODY (taken over) with STATUS and the headers every answer gets;
 * CACHE is its Cache-Control, ETAG (may be NULL) its validator. */
static enum MHD_Result answer_with(server *s, struct MHD_Connection *c, unsigned status, const char *type, char *body,
				   const char *cache, const char *etag)
{
	size_t len = strlen(body), zlen = 0;
	char *z = takes_gzip(c) ? gzip_body(body, len, &zlen) : NULL;
	struct MHD_Response *r;
	enum MHD_Result ret;
	if (capturing && status == 200 && !capturing->body) {
		capturing->body = strdup(body);
		capturing->type = type;
	}
	if (z) {
		free(body);
		body = z;
		len = zlen;
	}
	r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", type);
	if (z)
		MHD_add_response_header(r, "Content-Encoding", "gzip");
	MHD_add_response_header(r, "Vary", "Accept-Encoding");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https:; "
				"object-src 'none'; base-uri 'none'; frame-ancestors 'self'");
	MHD_add_response_header(r, "Cache-Control", cache);
	if (etag)
		MHD_add_response_header(r, "ETag", etag);
	if (s->cors) {
		const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
		if (origin && !strcmp(origin, s->cors))
			MHD_add_response_header(r, "Access-Control-Allow-Origin", s->cors);
	}
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result answer(server *s, struct MHD_Connection *c, unsigned status, const char *type, char *body)
{
	return answer_with(s, c, status, type, body, "no-store", NULL);
}

static enum MHD_Result json_error(server *s, struct MHD_Connection *c, unsigned status, const char *msg)
{
	char *body = iio_web_json_error(status, msg), *coded = NULL;
	/* A code the page translates into Dutch ({"error","status","code"}). */
	if (body && asprintf(&coded, "%.*s,\"code\":\"%s\"}", (int)(strlen(body) - 1), body,
			     iio_web_error_code(status, msg)) < 0)
		coded = NULL;
	free(body);
	if (!coded)
		coded = strdup("{\"error\":\"out of memory\",\"status\":500,\"code\":\"unavailable\"}");
	return answer(s, c, status, "application/json; charset=utf-8", coded);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		*len = (size_t)n;
	}
	return buf;
}

/* A file of the page: with an ETag (a hash of its bytes), revalidated by
 * the browser (304 Not Modified when it has it already). */
/* 204, cached for a day. */
static enum MHD_Result no_content(struct MHD_Connection *c)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret;
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Cache-Control", "max-age=86400");
	ret = MHD_queue_response(c, MHD_HTTP_NO_CONTENT, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result static_file(server *s, struct MHD_Connection *c, const char *name, const char *type)
{
	char path[4096], *body, etag[40];
	const char *inm;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t len;
	snprintf(path, sizeof path, "%s/%s", s->web_dir, name);
	body = read_file(path, &len);
	if (!body)
		return json_error(s, c, 404, "not found");
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)body[i]) * 0x100000001b3ULL;
	snprintf(etag, sizeof etag, "\"%016llx\"", (unsigned long long)h);
	inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
	if (inm && strstr(inm, etag)) {
		struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
		enum MHD_Result ret;
		free(body);
		if (!r)
			return MHD_NO;
		MHD_add_response_header(r, "ETag", etag);
		MHD_add_response_header(r, "Cache-Control", "no-cache");
		MHD_add_response_header(r, "Vary", "Accept-Encoding");
		ret = MHD_queue_response(c, MHD_HTTP_NOT_MODIFIED, r);
		MHD_destroy_response(r);
		return ret;
	}
	return answer_with(s, c, 200, type, body, "no-cache", etag);
}

/* The request's parameters as the front ends' parameter list (MHD has
 * decoded them; they are encoded again and parsed as a query string). */
typedef struct collect_ctx {
	FILE *m;
	int n;
} collect_ctx;

static enum MHD_Result collect_one(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	collect_ctx *cc = cls;
	(void)kind;
	if (!key)
		return MHD_YES;
	if (cc->n++)
		fputc('&', cc->m);
	iio_web_urlencode(cc->m, key);
	fputc('=', cc->m);
	iio_web_urlencode(cc->m, value ? value : "");
	return MHD_YES;
}

static int request_params(struct MHD_Connection *c, iio_web_params *p)
{
	char *qs = NULL;
	size_t size = 0;
	collect_ctx cc = {open_memstream(&qs, &size), 0};
	int rc;
	if (!cc.m)
		return -1;
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_one, &cc);
	if (fclose(cc.m))
		return -1;
	rc = iio_web_params_parse(p, qs);
	free(qs);
	return rc;
}

static const iio_web_links serve_links = {"/zoeken", "/doc/", "/style.css", "/"};

/* An HTML page rendered by FN into memory, answered with STATUS. */
static enum MHD_Result html_page(server *s, struct MHD_Connection *c, unsigned status, char *html, size_t size)
{
	(void)size;
	if (!html)
		return json_error(s, c, 500, "out of memory");
	return answer(s, c, status, "text/html; charset=utf-8", html);
}

/* The client address with its last part dropped: enough to see abuse, not
 * enough to follow a person. */
static void truncated_ip(struct MHD_Connection *c, char *out, size_t cap)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, cap, "-");
	if (!ci || !ci->client_addr)
		return;
	if (ci->client_addr->sa_family == AF_INET) {
		unsigned char *a = (unsigned char *)&((const struct sockaddr_in *)ci->client_addr)->sin_addr;
		snprintf(out, cap, "%u.%u.%u.0", a[0], a[1], a[2]);
	} else if (ci->client_addr->sa_family == AF_INET6) {
		unsigned char *a = (unsigned char *)&((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr;
		snprintf(out, cap, "%x:%x:%x::", a[0] << 8 | a[1], a[2] << 8 | a[3], a[4] << 8 | a[5]);
	}
}

static void log_request(server *s, struct MHD_Connection *c, const char *url, unsigned status, double ms,
			unsigned long total)
{
	char ip[64], when[32], *q = NULL, *path = NULL;
	time_t now = time(NULL);
	struct tm tm;
	const char *qv = param(c, "q");
	if (!s->log)
		return;
	truncated_ip(c, ip, sizeof ip);
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* The query goes last, tabs and newlines made spaces: one line each.
	 * The path is the client's too (/api/doc/%0A...): no control
	 * character of it reaches the log, or a request could forge a line. */
	if (qv && (q = strdup(qv)))
		for (char *p = q; *p; p++)
			if (*p == '\t' || *p == '\n' || *p == '\r')
				*p = ' ';
	if (q)
		iio_web_one_line(q);
	if ((path = strdup(url)))
		iio_web_one_line(path);
	pthread_mutex_lock(&s->lock);
	fprintf(s->log, "%s\t%s\t%s\t%u\t%.2f\t%lu\t%s\n", when, ip, path ? path : "-", status, ms, total,
		q ? q : "");
	fflush(s->log);
	pthread_mutex_unlock(&s->lock);
	free(path);
	free(q);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* MHD's error log, rate-limited: a line says how many were left out. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	server *s = cls;
	time_t now = time(NULL);
	pthread_mutex_lock(&s->lock);
	if (now != s->mhd_log_second) {
		if (s->mhd_log_dropped)
			fprintf(stderr, "iio-serve: %lu more messages of libmicrohttpd left out\n", s->mhd_log_dropped);
		s->mhd_log_second = now;
		s->mhd_log_count = 0;
		s->mhd_log_dropped = 0;
	}
	if (s->mhd_log_count < MHD_LOG_PER_SECOND) {
		s->mhd_log_count++;
		fputs("iio-serve: ", stderr);
		vfprintf(stderr, fmt, ap);
	} else {
		s->mhd_log_dropped++;
	}
	pthread_mutex_unlock(&s->lock);
}

/* A %00 in a parameter: its C string would silently end there, so the
 * request is refused instead (*CLS: the parameter's name). */
static enum MHD_Result find_nul(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
				const char *value, size_t value_size)
{
	(void)kind;
	if ((value && memchr(value, '\0', value_size)) || memchr(key, '\0', key_size)) {
		*(const char **)cls = key;
		return MHD_NO;
	}
	return MHD_YES;
}

/* libmicrohttpd: a connection opened or closed. */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	server *s = cls;
	conn_watch *w = *socket_context;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (!info || !(w = calloc(1, sizeof *w)))
			return;
		w->fd = info->connect_fd;
		w->since = now_ms();
		pthread_mutex_lock(&s->lock);
		w->next = s->conns;
		if (s->conns)
			s->conns->prev = w;
		s->conns = w;
		pthread_mutex_unlock(&s->lock);
		*socket_context = w;
	} else if (w) {
		/* Before libmicrohttpd closes the socket: the watch never
		 * touches an fd that may be reused. */
		pthread_mutex_lock(&s->lock);
		if (w->prev)
			w->prev->next = w->next;
		else
			s->conns = w->next;
		if (w->next)
			w->next->prev = w->prev;
		pthread_mutex_unlock(&s->lock);
		free(w);
		*socket_context = NULL;
	}
}

static conn_watch *watch_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return info ? info->socket_context : NULL;
}

/* libmicrohttpd: a request was answered; the next head's time starts. */
static void on_completed(void *cls, struct MHD_Connection *c, void **state, enum MHD_RequestTerminationCode toe)
{
	server *s = cls;
	conn_watch *w = watch_of(c);
	(void)state;
	(void)toe;
	if (!w)
		return;
	pthread_mutex_lock(&s->lock);
	w->busy = 0;
	w->since = now_ms();
	pthread_mutex_unlock(&s->lock);
}

/* Shut down every connection whose request head has taken longer than
 * --head-timeout; libmicrohttpd then closes it as a client gone. */
static void cut_slow_heads(server *s)
{
	double now = now_ms();
	pthread_mutex_lock(&s->lock);
	for (conn_watch *w = s->conns; w; w = w->next)
		if (!w->busy && !w->cut && now - w->since > s->head_timeout * 1000.0) {
			shutdown(w->fd, SHUT_RDWR);
			w->cut = 1;
		}
	pthread_mutex_unlock(&s->lock);
}

/* GET /healthz on IDX. Healthy means a search can be answered: the live
 * generation's files still match its manifest (the cheap check reads the
 * checksum of any file modified since it was published, so a table changed
 * in place after the first check is found), and a new handle opens too: a
 * pooled one keeps serving from files still open after their generation
 * was removed or damaged, which a restart could not. */
static enum MHD_Result healthz(server *s, struct MHD_Connection *c, iio_index *idx, unsigned *status)
{
	char *body = NULL, gen[256], err[1024];
	iio_index *fresh = NULL;
	enum MHD_Result ret;
	if (!generation_sound(s, gen, sizeof gen, err, sizeof err)) {
		ret = json_error(s, c, *status = 503, err);
	} else if (iio_index_open_with(&fresh, s->index_path, s->lexicon)) {
		snprintf(err, sizeof err, "%s", fresh ? iio_index_error(fresh) : "out of memory");
		ret = json_error(s, c, *status = 503, err);
	} else {
		if (asprintf(&body, "{\"status\":\"ok\",\"generation\":\"%s\",\"records\":%lu,\"version\":\"%s\"}",
			     iio_index_generation(idx), iio_index_count(idx), iio_version()) < 0)
			body = NULL;
		ret = body ? answer(s, c, 200, "application/json; charset=utf-8", body) : MHD_NO;
	}
	iio_index_close(fresh);
	return ret;
}

/* GET /doc/ID (ID non-NULL) or /zoeken: the page, rendered here. */
static enum MHD_Result html_route(server *s, struct MHD_Connection *c, iio_index *idx, const char *id, unsigned *status,
				  unsigned long *total)
{
	char *html = NULL;
	size_t size = 0;
	FILE *m = open_memstream(&html, &size);
	iio_web_params p;
	if (!m || request_params(c, &p)) {
		if (m)
			fclose(m);
		free(html);
		return json_error(s, c, *status = 500, "out of memory");
	}
	if (id) {
		iio_record_view *rec = NULL;
		iio_status st = iio_show(&rec, idx, id);
		if (st)
			iio_web_error_page(m, &serve_links, *status = iio_web_http_status(st), iio_index_error(idx));
		else
			iio_web_record_page(m, &serve_links, idx, rec, iio_web_params_get(&p, "q"), iio_web_params_get(&p, "terug"));
		iio_record_free(rec);
	} else {
		iio_web_request r;
		iio_results *res = NULL;
		int bad = iio_web_parse(&r, &p);
		iio_status st = IIO_OK;
		if (bad == 400 && !*r.q && !r.filter) {
			/* no query yet: the empty form */
			iio_web_results_page(m, &serve_links, &p, &r, NULL, NULL, 200, NULL);
		} else if (bad) {
			*status = (unsigned)bad;
			iio_web_results_page(m, &serve_links, &p, &r, NULL, NULL, *status, r.error);
		} else {
			iio_results *facets[IIO_WEB_MAX_FIELDS] = {NULL};
			r.opts.facets = 1;
			st = iio_search(&res, idx, r.q, &r.opts);
			if (!st)
				st = iio_web_facets_open(idx, &p, facets, IIO_WEB_MAX_FIELDS);
			if (st)
				*status = iio_web_http_status(st);
			iio_web_results_page(m, &serve_links, &p, &r, st ? NULL : res, st ? NULL : facets, *status,
					     st ? iio_index_error(idx) : NULL);
			iio_web_facets_free(facets, IIO_WEB_MAX_FIELDS);
			*total = st ? 0 : iio_results_total(res);
		}
		iio_results_free(res);
		iio_web_request_clear(&r);
	}
	iio_web_params_free(&p);
	fclose(m);
	return html_page(s, c, *status, html, size);
}

/* GET /api/doc/ID: the record as JSON (its text bounded by the library). */
static enum MHD_Result api_doc(server *s, struct MHD_Connection *c, iio_index *idx, const char *id, unsigned *status)
{
	iio_record_view *rec = NULL;
	char *json = NULL;
	iio_status st = iio_show(&rec, idx, id);
	enum MHD_Result ret;
	if (!st)
		st = iio_record_json(&json, rec);
	if (st)
		ret = json_error(s, c, *status = iio_web_http_status(st), st == IIO_ERR_NOMEM ? "out of memory" : iio_index_error(idx));
	else
		ret = answer(s, c, 200, "application/json; charset=utf-8", json);
	iio_record_free(rec);
	return ret;
}

/* GET /api/search: the results as JSON. */
static enum MHD_Result api_search(server *s, struct MHD_Connection *c, iio_index *idx, unsigned *status,
				  unsigned long *total)
{
	iio_web_request r;
	iio_web_params p;
	enum MHD_Result ret;
	int bad;
	memset(&r, 0, sizeof r);
	memset(&p, 0, sizeof p);
	if (request_params(c, &p)) {
		bad = 500;
		snprintf(r.error, sizeof r.error, "out of memory");
	} else {
		bad = iio_web_parse(&r, &p);
	}
	if (bad) {
		ret = json_error(s, c, *status = (unsigned)bad, r.error);
	} else {
		iio_results *res = NULL;
		char *json = NULL;
		iio_status st = iio_search(&res, idx, r.q, &r.opts);
		iio_results *facets[IIO_WEB_MAX_FIELDS] = {NULL};
		/* Facets count without their own field's filter. */
		if (st == IIO_OK && r.opts.facets) {
			st = iio_web_facets_open(idx, &p, facets, IIO_WEB_MAX_FIELDS);
			if (!st && !(json = iio_web_results_json(res, facets, IIO_WEB_MAX_FIELDS)))
				st = IIO_ERR_NOMEM;
			iio_web_facets_free(facets, IIO_WEB_MAX_FIELDS);
		} else if (st == IIO_OK && iio_results_json(&json, res) != IIO_OK) {
			st = IIO_ERR_NOMEM;
		}
		if (st == IIO_OK) {
			*total = iio_results_total(res);
			ret = answer(s, c, 200, "application/json; charset=utf-8", json);
		} else {
			*status = iio_web_http_status(st);
			ret = json_error(s, c, *status, iio_index_error(idx));
		}
		iio_results_free(res);
	}
	iio_web_request_clear(&r);
	iio_web_params_free(&p);
	return ret;
}

/* A request's state between libmicrohttpd's calls of handle(): the URI
 * seen (set by uri_seen, with or without a %00 in its path), then its head
 * complete. Addresses of these, never written. */
static const char request_marks[4];
#define REQ_NEW (&request_marks[0])
#define REQ_NEW_NUL (&request_marks[1])
#define REQ_HEAD (&request_marks[2])
#define REQ_HEAD_NUL (&request_marks[3])

/* libmicrohttpd: a request's URI, as it came (before %-decoding). The path
 * is decoded into a C string, so a %00 in it would silently cut it
 * (/api/doc/case-001%00x serving case-001): it is refused instead. */
static void *uri_seen(void *cls, const char *uri, struct MHD_Connection *c)
{
	size_t pathlen = strcspn(uri, "?");
	(void)cls;
	(void)c;
	for (const char *p = uri; (p = memchr(p, '%', pathlen - (size_t)(p - uri))) && p + 2 < uri + pathlen; p++)
		if (p[1] == '0' && p[2] == '0')
			return (void *)REQ_NEW_NUL;
	return (void *)REQ_NEW;
}

/* The request's parameters are within bounds and hold no NUL: else the
 * 400 to answer, with its message in ERR. */
static unsigned bad_request(struct MHD_Connection *c, int path_nul, char *err, size_t cap)
{
	const char *bad_param = NULL;
	int nparams = MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, NULL, NULL);
	if (path_nul) {
		snprintf(err, cap, "the path holds a NUL byte (%%00)");
		return 400;
	}
	if (nparams > IIO_SERVE_MAX_PARAMS) {
		snprintf(err, cap, "%d parameters; the limit is %d", nparams, IIO_SERVE_MAX_PARAMS);
		return 400;
	}
	MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, find_nul, &bad_param);
	if (bad_param) {
		snprintf(err, cap, "parameter %.100s holds a NUL byte (%%00)", bad_param);
		return 400;
	}
	return 0;
}

/* What a route that reads the index answers: ARG is what follows its
 * prefix (a record id), *STATUS and *TOTAL (results) for the log. */
typedef enum MHD_Result (*index_route_fn)(server *s, struct MHD_Connection *c, iio_index *idx, const char *arg,
					  unsigned *status, unsigned long *total);

static enum MHD_Result route_healthz(server *s, struct MHD_Connection *c, iio_index *idx, const char *arg,
				     unsigned *status, unsigned long *total)
{
	(void)arg;
	(void)total;
	return healthz(s, c, idx, status);
}

static enum MHD_Result route_suggest(server *s, struct MHD_Connection *c, iio_index *idx, const char *arg,
				     unsigned *status, unsigned long *total)
{
	const char *q = param(c, "q");
	char *json = NULL;
	iio_status st = q && *q ? iio_suggest_json(&json, idx, q, 8) : IIO_ERR_ARGUMENT;
	(void)arg;
	(void)total;
	if (st)
		return json_error(s, c, *status = 400, q && *q ? iio_index_error(idx) : "give q=");
	return answer(s, c, 200, "application/json; charset=utf-8", json);
}

static enum MHD_Result route_search(server *s, struct MHD_Connection *c, iio_index *idx, const char *arg,
				    unsigned *status, unsigned long *total)
{
	(void)arg;
	return api_search(s, c, idx, status, total);
}

static enum MHD_Result route_page(server *s, struct MHD_Connection *c, iio_index *idx, const char *arg,
				  unsigned *status, unsigned long *total)
{
	return html_route(s, c, idx, arg, status, total);
}

static enum MHD_Result route_doc(server *s, struct MHD_Connection *c, iio_index *idx, const char *arg,
				 unsigned *status, unsigned long *total)
{
	(void)total;
	return api_doc(s, c, idx, arg, status);
}

/* The routes that read the index, the one list of them: a path, or a
 * prefix (PREFIX) whose rest is the route's argument. */
static const struct index_route {
	const char *path;
	int prefix;
	index_route_fn fn;
	int cached; /* its answers are kept (anscache) */
} index_routes[] = {
	{"/healthz", 0, route_healthz, 0}, {"/api/search", 0, route_search, 1}, {"/api/suggest", 0, route_suggest, 1},
	{"/api/doc/", 1, route_doc, 0},    {"/zoeken", 0, route_page, 1},       {"/doc/", 1, route_page, 0},
};

/* The route of URL that reads the index (*ARG: what follows a prefix,
 * NULL for a whole path), or NULL. */
static const struct index_route *index_route_of(const char *url, const char **arg)
{
	for (size_t i = 0; i < sizeof index_routes / sizeof *index_routes; i++) {
		const struct index_route *r = &index_routes[i];
		size_t n = strlen(r->path);
		if (r->prefix ? !strncmp(url, r->path, n) : !strcmp(url, r->path)) {
			*arg = r->prefix ? url + n : NULL;
			return r;
		}
	}
	return NULL;
}

/* The answers that need no index; MHD_NO with *DONE 0 for the others. */
static enum MHD_Result static_route(server *s, struct MHD_Connection *c, const char *url, int *done)
{
	const char *arg;
	*done = 1;
	if (!strcmp(url, "/"))
		return static_file(s, c, "index.html", "text/html; charset=utf-8");
	if (!strcmp(url, "/app.js"))
		return static_file(s, c, "app.js", "text/javascript; charset=utf-8");
	if (!strcmp(url, "/style.css"))
		return static_file(s, c, "style.css", "text/css; charset=utf-8");
	if (!strcmp(url, "/favicon.svg"))
		return static_file(s, c, "favicon.svg", "image/svg+xml");
	if (!strcmp(url, "/favicon.ico")) /* asked for by browsers whatever the page says: nothing, not a 404 */
		return no_content(c);
	if (!strcmp(url, "/api/fields")) {
		char *json = NULL;
		if (iio_fields_json(&json))
			return json_error(s, c, 500, "out of memory");
		return answer(s, c, 200, "application/json; charset=utf-8", json);
	}
	if (!index_route_of(url, &arg)) {
		char *html = NULL;
		size_t size = 0;
		FILE *m = open_memstream(&html, &size);
		if (!m)
			return json_error(s, c, 500, "out of memory");
		iio_web_error_page(m, &serve_links, 404, "no such page");
		fclose(m);
		return html_page(s, c, 404, html, size);
	}
	*done = 0;
	return MHD_NO;
}

/* The cache key of a request: its path, then each parameter as
 * length:name length:value, in the order given (no separator can be
 * forged by a value). */
static enum MHD_Result key_param(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
				 const char *value, size_t value_size)
{
	(void)kind;
	fprintf(cls, "|%zu:%s%zu:%s", key_size, key, value_size, value ? value : "");
	return MHD_YES;
}

static char *cache_key(struct MHD_Connection *c, const char *url)
{
	char *key = NULL;
	size_t size = 0;
	FILE *m = open_memstream(&key, &size);
	if (!m)
		return NULL;
	fputs(url, m);
	MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, key_param, m);
	if (fclose(m)) {
		free(key);
		return NULL;
	}
	return key;
}

/* ROUTE answered from the cache, or run and its answer (200) kept. */
static enum MHD_Result run_route(server *s, struct MHD_Connection *c, iio_index *idx, const struct index_route *route,
				 const char *url, const char *arg, unsigned *status, unsigned long *total)
{
	char *key = route->cached && s->cache.max_entries ? cache_key(c, url) : NULL, *body = NULL;
	const char *gen = iio_index_generation(idx), *type = NULL;
	captured cap = {NULL, NULL};
	enum MHD_Result ret;
	if (!key)
		return route->fn(s, c, idx, arg, status, total);
	if (anscache_get(&s->cache, gen, key, &body, &type, total)) {
		free(key);
		return answer(s, c, *status = 200, type, body);
	}
	capturing = &cap;
	ret = route->fn(s, c, idx, arg, status, total);
	capturing = NULL;
	if (*status == 200 && cap.body)
		anscache_put(&s->cache, gen, key, cap.body, cap.type, *total);
	free(cap.body);
	free(key);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
			      const char *version, const char *upload, size_t *upload_size, void **state)
{
	server *s = cls;
	double t0 = now_ms();
	char err[512];
	iio_index *idx;
	unsigned status = 200;
	unsigned long total = 0;
	enum MHD_Result ret;
	const struct index_route *route;
	const char *arg;
	int done;
	(void)version;
	(void)upload;

	if (*state != REQ_HEAD && *state != REQ_HEAD_NUL) {
		conn_watch *w = watch_of(c);
		if (w) {
			pthread_mutex_lock(&s->lock);
			w->busy = 1; /* the head is complete */
			pthread_mutex_unlock(&s->lock);
		}
		/* headers seen; answer on the next call */
		*state = (void *)(*state == REQ_NEW_NUL ? REQ_HEAD_NUL : REQ_HEAD);
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return json_error(s, c, 405, "only GET");
	if ((status = bad_request(c, *state == REQ_HEAD_NUL, err, sizeof err))) {
		ret = json_error(s, c, status, err);
		log_request(s, c, url, status, now_ms() - t0, 0);
		return ret;
	}
	status = 200;
	ret = static_route(s, c, url, &done);
	if (done)
		return ret;
	idx = take_index(s, err, sizeof err);
	if (!idx) {
		ret = json_error(s, c, 503, err);
		log_request(s, c, url, 503, now_ms() - t0, 0);
		return ret;
	}
	route = index_route_of(url, &arg);
	ret = run_route(s, c, idx, route, url, arg, &status, &total);
	if (status == 503)
		iio_index_close(idx); /* it failed to read: the next request opens afresh */
	else
		give_index(s, idx);
	log_request(s, c, url, status, now_ms() - t0, total);
	return ret;
}

/* The signals that end the server or reopen its log. Before the threads
 * start, so that each inherits them: a SIGHUP from logrotate never meets
 * the default action (the end). */
static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: iio-serve [--index DIR] [--listen ADDR:PORT] [--threads N] [--web DIR]\n"
		"                 [--cors ORIGIN] [--access-log FILE] [--cache-entries N]\n"
		"Serve the IIO search: a JSON API and the search page.\n\n"
		"  --index DIR        index (default: $IIO_INDEX, else %s)\n"
		"  --listen ADDR:PORT where to listen (default 127.0.0.1:8080)\n"
		"  --threads N        worker threads (default 4)\n"
		"  --web DIR          the page's files (default %s)\n"
		"  --cors ORIGIN      allow this origin to call the API (default: none)\n"
		"  --access-log FILE  one line per request: time, client address with its\n"
		"                     last part dropped, path, status, ms, results, query\n"
		"                     (default: standard error; 'none' for no log); a new\n"
		"                     file is made 0640; SIGHUP reopens it (log rotation)\n"
		"  --log-report FILE  print the most frequent searches and those that found\n"
		"                     nothing from an access log ('-': standard input), and exit\n"
		"  --top N            entries in each list of --log-report (default 20)\n"
		"  --max-connections N  open connections at most (default 256)\n"
		"  --per-ip N         open connections from one address at most (default 16;\n"
		"                     0: no limit, for a server behind a proxy)\n"
		"  --timeout S        close a connection idle for S seconds (default 10)\n"
		"  --cache-entries N  keep the answers of the last N searches, pages and\n"
		"                     suggestions (default %d, at most %u MB of them) until\n"
		"                     a new index generation goes live; 0: keep none\n"
		"  --head-timeout S   close a connection whose request head is not complete\n"
		"                     S seconds after it began (default 10; slow clients)\n"
		"  --help, --version\n",
		IIO_DEFAULT_INDEX, IIO_DEFAULT_WEB, IIO_ANSCACHE_ENTRIES, IIO_ANSCACHE_BYTES >> 20);
}

/* Fail now, with the library's message, if there is no index. An index
 * that is there but damaged is served as 503 with the reason (a supervisor
 * restarting the server would not mend it), until a sound generation goes
 * live. 0, or -1 when the server cannot start. */
static int open_at_start(server *s)
{
	char err[1024], gen[256], *msg = NULL;
	iio_index *probe;
	iio_status st = iio_index_check(s->index_path, 0, gen, sizeof gen, &msg);
	if (st == IIO_ERR_NO_INDEX || st == IIO_ERR_ARGUMENT || st == IIO_ERR_NOMEM) {
		fprintf(stderr, "iio-serve: %s\n", msg ? msg : iio_strerror(st));
		iio_free(msg);
		return -1;
	}
	iio_free(msg);
	/* Damaged or not, the server starts: take_index checks the live
	 * generation's every byte before it is opened, and answers 503 with
	 * the reason while it is damaged. */
	if ((probe = take_index(s, err, sizeof err)))
		give_index(s, probe);
	else if (!(s->verified_once && s->verified_bad)) /* (that one said so) */
		fprintf(stderr, "iio-serve: not serving %s: %s\n", s->index_path, err);
	return 0;
}

int main(int argc, char **argv)
{
	server s;
	const char *listen_at = "127.0.0.1:8080", *log_path = NULL, *report_path = NULL;
	unsigned threads = 4, top = 20, max_conn = 256, per_ip = 16, timeout = 10, head_timeout = 10;
	unsigned long cache_entries = IIO_ANSCACHE_ENTRIES;
	struct sockaddr_in addr;
	struct MHD_Daemon *d;
	char host[64];
	int port;

	memset(&s, 0, sizeof s);
	pthread_mutex_init(&s.lock, NULL);
	pthread_mutex_init(&s.verify_lock, NULL);
	s.index_path = getenv("IIO_INDEX");
	s.lexicon = getenv("IIO_LEXICON");
	if (!s.index_path || !*s.index_path)
		s.index_path = IIO_DEFAULT_INDEX;
	s.web_dir = IIO_DEFAULT_WEB;
	s.log = stderr;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--version")) {
			printf("iio-serve %s\n", iio_version());
			return 0;
		} else if (v && !strcmp(a, "--index")) {
			s.index_path = v;
		} else if (v && !strcmp(a, "--listen")) {
			listen_at = v;
		} else if (v && !strcmp(a, "--threads")) {
			threads = (unsigned)atoi(v);
		} else if (v && !strcmp(a, "--web")) {
			s.web_dir = v;
		} else if (v && !strcmp(a, "--cors")) {
			s.cors = v;
		} else if (v && !strcmp(a, "--access-log")) {
			log_path = v;
		} else if (v && !strcmp(a, "--log-report")) {
			report_path = v;
		} else if (v && !strcmp(a, "--top")) {
			top = (unsigned)atoi(v);
		} else if (v && !strcmp(a, "--max-connections")) {
			max_conn = (unsigned)strtoul(v, NULL, 10);
		} else if (v && !strcmp(a, "--head-timeout")) {
			head_timeout = (unsigned)strtoul(v, NULL, 10);
		} else if (v && !strcmp(a, "--per-ip")) {
			per_ip = (unsigned)strtoul(v, NULL, 10);
		} else if (v && !strcmp(a, "--timeout")) {
			timeout = (unsigned)strtoul(v, NULL, 10);
		} else if (v && !strcmp(a, "--cache-entries")) {
			cache_entries = strtoul(v, NULL, 10);
		} else {
			fprintf(stderr, "iio-serve: unknown option or missing value: %s (see --help)\n", a);
			return 2;
		}
		i++;
	}
	if (report_path) {
		pthread_mutex_destroy(&s.lock);
		return iio_log_report(report_path, top ? top : 20);
	}
	if (threads < 1 || threads > 64) {
		fprintf(stderr, "iio-serve: --threads takes 1 to 64\n");
		return 2;
	}
	if (max_conn < 1 || max_conn > 100000 || per_ip > max_conn || timeout < 1 || timeout > 3600 ||
	    head_timeout < 1 || head_timeout > 3600) {
		fprintf(stderr, "iio-serve: --max-connections takes 1 to 100000, --per-ip 0 to that, "
				"--timeout and --head-timeout 1 to 3600 seconds\n");
		return 2;
	}
	s.head_timeout = head_timeout;
	if (log_path && !strcmp(log_path, "none"))
		s.log = NULL;
	else if (log_path && !(s.log = open_log(log_path))) {
		fprintf(stderr, "iio-serve: cannot open %s: %s\n", log_path, strerror(errno));
		return 2;
	} else if (log_path)
		s.log_path = log_path;
	if (sscanf(listen_at, "%63[^:]:%d", host, &port) != 2 || port < 0 || port > 65535) {
		fprintf(stderr, "iio-serve: --listen takes ADDR:PORT, e.g. 127.0.0.1:8080\n");
		return 2;
	}
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
		fprintf(stderr, "iio-serve: %s is not an IPv4 address\n", host);
		return 2;
	}
	if (cache_entries > 1000000 || anscache_init(&s.cache, cache_entries, IIO_ANSCACHE_BYTES) || open_at_start(&s)) {
		fprintf(stderr, "%s", cache_entries > 1000000 ? "iio-serve: --cache-entries takes 0 to 1000000\n" : "");
		return 2;
	}
	install_signals();
	/* A crash inside a search (a table damaged after its check) ends the
	 * process with a line that names the index; the supervisor restarts
	 * it (the unit says Restart=on-failure), and the new process checks
	 * the generation again before serving it. */
	iio_crash_guard("iio-serve", s.index_path, NULL, 1);
	/* The logger first: libmicrohttpd reports options before it on its
	 * own stderr logger (and says so). */
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, handle, &s,
			     MHD_OPTION_EXTERNAL_LOGGER, mhd_log, &s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
			     MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, max_conn,
			     MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip,
			     MHD_OPTION_NOTIFY_CONNECTION, on_connection, &s,
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, &s, MHD_OPTION_URI_LOG_CALLBACK, uri_seen, NULL,
			     MHD_OPTION_CONNECTION_TIMEOUT, timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)IIO_SERVE_CONNECTION_MEMORY,
			     MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "iio-serve: cannot listen on %s: %s\n", listen_at, strerror(errno));
		return 2;
	}
	{
		/* Port 0 asks the kernel for a free port: say which one it
		 * gave, so a supervisor or a test can connect to it. */
		const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
		if (info && info->port)
			port = info->port;
	}
	fprintf(stderr, "iio-serve: listening on http://%s:%d/ (index %s)\n", host, port, s.index_path);
	while (!stop) {
		struct timespec tick = {0, 250 * 1000 * 1000};
		nanosleep(&tick, NULL);
		cut_slow_heads(&s);
		if (reopen_log) {
			reopen_log = 0;
			reopen_access_log(&s);
		}
	}
	MHD_stop_daemon(d);
	anscache_free(&s.cache);
	while (s.nfree)
		iio_index_close(s.free_handles[--s.nfree]);
	if (s.log && s.log != stderr)
		fclose(s.log);
	return 0;
}
