/* query.c - the query language, parsed in C with the shared analyzer
 * (libiiosearch).
 *
 *   words            all required (stopwords are not); a word matches its
 *                    exact form, every form with its stem, compounds that
 *                    hold it (krimp: leerlingenkrimp) and its synonyms, in
 *                    that order of weight; a compound also its parts
 *   "a phrase"       exact forms in order, stopwords included
 *   -word, NOT word  excluded
 *   a OR b           either; AND is the default and may be written
 *   ( ... )          grouping
 *   field:value      titel:, school:, plaats:, vak:, niveau:, leerweg:,
 *                    type:, experiment:, trefwoorden:, jaar:2012..2014
 *                    (English names too); field:"two words"
 *   innovat*         words starting so (at most IIO_MAX_WILDCARD of them)
 *
 * Malformed input never fails a search: an unclosed quote or parenthesis
 * runs to the end, a stray ')' or lone '-' is ignored, an unknown field is
 * read as words. With the strict option each of those is an error naming
 * its position instead.
 */
#define _GNU_SOURCE
#include "private.h"

#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* How much each kind of match counts: weights.h. */
#include "weights.h"

#define MAX_DEPTH 32
#define MAX_CHILDREN 64

typedef enum { N_NONE, N_SCORED, N_FILTER, N_STOP, N_NOT } node_kind;

typedef struct node {
	xs_query *q;
	node_kind kind;
	int must;                 /* +word: required even in best match */
	const char *from, *to;    /* its text in the query */
} node;

typedef struct parser {
	const iio_analyzer *an;
	xs_db *db;           /* synonyms */
	const char *start, *p, *end;
	int strict;
	int depth;
	size_t budget;       /* terms left */
	iio_parsed_query *pq;
	int negated;         /* inside NOT: record no terms for snippets */
	iio_status st;
	char *err;
	size_t errcap;
} parser;

static void set_error(parser *ps, iio_status st, const char *fmt, size_t pos, const char *detail)
{
	if (ps->st)
		return;
	ps->st = st;
	snprintf(ps->err, ps->errcap, fmt, pos + 1, detail);
}

/* Malformed input: an error only in strict mode. */
static void malformed(parser *ps, const char *at, const char *what)
{
	if (ps->strict)
		set_error(ps, IIO_ERR_QUERY, "query position %zu: %s", (size_t)(at - ps->start), what);
}

static void free_nodes(node *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		xs_query_free(v[i].q);
}

static int remember(char **list, size_t *n, const char *s, size_t len)
{
	for (size_t i = 0; i < *n; i++)
		if (strlen(list[i]) == len && !memcmp(list[i], s, len))
			return 0;
	if (*n >= IIO_MAX_QUERY_TERMS)
		return 0;
	list[*n] = strndup(s, len);
	if (!list[*n])
		return -1;
	(*n)++;
	return 0;
}

static xs_query *prefixed(const char *prefix, const char *s, size_t len, double scale)
{
	char term[IIO_TERM_CAP];
	xs_query *t, *q;
	t = xs_query_term(term, iio_term(term, prefix, s, len), 1, 0);
	if (!t || scale == 1.0)
		return t;
	q = xs_query_scale(t, scale);
	xs_query_free(t);
	return q;
}

static xs_query *combine_free(xs_op op, xs_query **v, size_t n)
{
	xs_query *q = n == 1 ? xs_query_scale(v[0], 1.0) : xs_query_combine(op, v, n, 0);
	for (size_t i = 0; i < n; i++)
		xs_query_free(v[i]);
	return q;
}

/* ---- words ---- */

/* A word's stem and its use as a compound part as one term to BM25
 * (OP_SYNONYM: one idf for the union), with the stem of SYN (a thesaurus
 * synonym; NULL: none) in the union too. NULL when out of memory. */
static xs_query *stem_union(const char *stem, size_t len, const char *syn, size_t syn_len)
{
	xs_query *u[3] = {prefixed(IIO_PREFIX_STEM, stem, len, 1.0), prefixed(IIO_PREFIX_PART, stem, len, 1.0),
			  syn ? prefixed(IIO_PREFIX_STEM, syn, syn_len, 1.0) : NULL};
	size_t n = syn ? 3 : 2;
	int ok = 1;
	xs_query *q;
	for (size_t i = 0; i < n; i++)
		ok &= u[i] != NULL;
	q = ok ? xs_query_combine(XS_OP_SYNONYM, u, n, 0) : NULL;
	for (size_t i = 0; i < n; i++)
		xs_query_free(u[i]);
	return q;
}

typedef struct syn_ctx {
	parser *ps;
	const char *stem; /* the word's stem */
	size_t stem_len;
	xs_query *alts[8];
	size_t n;
} syn_ctx;

typedef struct phrase_ctx {
	xs_query *terms[IIO_MAX_QUERY_TERMS];
	size_t n;
	int oom;
} phrase_ctx;

static int phrase_token(void *vctx, const iio_token *t)
{
	phrase_ctx *c = vctx;
	if (t->flags & (IIO_TOKEN_WHOLE | IIO_TOKEN_JOINED))
		return 0;
	if (c->n == IIO_MAX_QUERY_TERMS)
		return 1;
	if (!(c->terms[c->n] = xs_query_term(t->norm, t->norm_len, 1, t->pos + 1))) {
		c->oom = 1;
		return 1;
	}
	c->n++;
	return 0;
}

/* A synonym: one word by its stem (the thesaurus stores stems), several
 * as a phrase of exact forms. */
static int on_synonym(void *vctx, const char *s, size_t len)
{
	syn_ctx *c = vctx;
	phrase_ctx pc;
	xs_query *q = NULL;
	if (c->n == sizeof c->alts / sizeof *c->alts)
		return 1;
	memset(&pc, 0, sizeof pc);
	iio_analyze(c->ps->an, IIO_ANA_QUERY, s, len, phrase_token, &pc);
	if (!pc.oom && pc.n == 1) {
		/* One term to BM25 with the word (OP_SYNONYM: the idf of the
		 * union), so that a rare synonym never outweighs the common word
		 * itself (instructiefilmpje for video). */
		xs_query *un = stem_union(c->stem, c->stem_len, s, len);
		q = un ? xs_query_scale(un, W_SYNONYM) : NULL;
		xs_query_free(un);
		if (!q)
			pc.oom = 1;
	} else if (!pc.oom && pc.n > 1) {
		xs_query *ph = xs_query_combine(XS_OP_PHRASE, pc.terms, pc.n, 0);
		q = ph ? xs_query_scale(ph, W_SYNONYM) : NULL;
		xs_query_free(ph);
	}
	for (size_t i = 0; i < pc.n; i++)
		xs_query_free(pc.terms[i]);
	if (q)
		c->alts[c->n++] = q;
	return pc.oom;
}

/* Keep compound word T (and its top-level parts) for the proximity of its
 * parts in the ranking window; out of room or memory it is left out (the
 * ranking then just does without). */
static void keep_compound(parser *ps, const iio_token *t)
{
	iio_parsed_query *pq = ps->pq;
	iio_compound *c;
	if (pq->ncompounds == IIO_MAX_COMPOUNDS)
		return;
	c = &pq->compounds[pq->ncompounds];
	memset(c, 0, sizeof *c);
	if (!(c->stem = strndup(t->stem, t->stem_len)))
		return;
	for (size_t i = 0; i < t->nparts && c->nparts < IIO_MAX_COMPOUND_PARTS; i++) {
		if (!(c->parts[c->nparts] = strndup(t->parts[i].stem, t->parts[i].stem_len)))
			break;
		if (!(c->norms[c->nparts] = strndup(t->parts[i].norm, t->parts[i].norm_len))) {
			free(c->parts[c->nparts]);
			break;
		}
		c->nparts++;
		if (t->parts[i].norm + t->parts[i].norm_len == t->norm + t->norm_len)
			break;
	}
	if (c->nparts < 2) {
		for (size_t i = 0; i < c->nparts; i++) {
			free(c->parts[i]);
			free(c->norms[i]);
		}
		free(c->stem);
		return;
	}
	pq->ncompounds++;
}

/* The query for one analyzed word. Its stem and its use as a compound
 * part are one term to BM25 (OP_SYNONYM: one idf for the union), so a rare
 * variant (P leerling, in a few compounds) never outweighs the common word
 * itself; the exact form then earns a bonus on top. (Every exact form of a
 * word that is no stopword comes with its stem term, so the union needs
 * no third list: walking the exact form's postings twice cost 10-20% of a
 * query.) The word's own parts (for a compound) and its thesaurus synonyms
 * come after, scaled down. */
static xs_query *word_query(parser *ps, const iio_token *t)
{
	xs_query *alt[16], *exact;
	size_t n = 0;
	exact = prefixed("", t->norm, t->norm_len, 1.0);
	{
		xs_query *any = stem_union(t->stem, t->stem_len, NULL, 0);
		xs_query *bonus = exact ? xs_query_scale(exact, W_EXACT_BONUS) : NULL;
		if (t->flags & IIO_TOKEN_STOP) {
			/* a stopword may have no stem term: either list */
			alt[n++] = any;
			alt[n++] = bonus;
		} else {
			/* The exact form only where the stem matched: its postings
			 * are skipped through, not walked (the same matches and
			 * weights as OR, every exact form having its stem term). */
			xs_query *pair[2] = {any, bonus};
			alt[n++] = any && bonus ? xs_query_combine(XS_OP_AND_MAYBE, pair, 2, 0) : NULL;
			xs_query_free(any);
			xs_query_free(bonus);
		}
	}
	xs_query_free(exact);
	if (t->nparts > 1 && !ps->negated)
		keep_compound(ps, t);
	if (t->nparts > 1) {
		xs_query *parts[IIO_MAX_TOKEN_PARTS], *all;
		size_t np = 0;
		/* The top-level parts: the leading ones up to the one ending the word. */
		for (size_t i = 0; i < t->nparts; i++) {
			parts[np++] = prefixed(IIO_PREFIX_STEM, t->parts[i].stem, t->parts[i].stem_len, 1.0);
			if (t->parts[i].norm + t->parts[i].norm_len == t->norm + t->norm_len)
				break;
		}
		all = combine_free(XS_OP_AND, parts, np);
		alt[n++] = all ? xs_query_scale(all, W_DECOMPOUND) : NULL;
		xs_query_free(all);
	}
	if (ps->db) {
		syn_ctx sc;
		memset(&sc, 0, sizeof sc);
		sc.ps = ps;
		sc.stem = t->stem;
		sc.stem_len = t->stem_len;
		xs_db_synonyms(ps->db, t->stem, t->stem_len, on_synonym, &sc);
		for (size_t i = 0; i < sc.n && n < sizeof alt / sizeof *alt; i++)
			alt[n++] = sc.alts[i];
	}
	for (size_t i = 0; i < n; i++)
		if (!alt[i]) {
			for (size_t k = 0; k < n; k++)
				xs_query_free(alt[k]);
			return NULL;
		}
	return combine_free(XS_OP_OR, alt, n);
}

typedef struct text_ctx {
	parser *ps;
	int phrase;          /* a quoted phrase */
	const char *field_prefix; /* field:words: prefix+stem terms */
	xs_query *words[IIO_MAX_QUERY_TERMS];
	size_t nwords;
	xs_query *exact[IIO_MAX_QUERY_TERMS];
	size_t nexact;
	xs_query *stops[IIO_MAX_QUERY_TERMS];
	size_t nstops;
	int joined, overflow, oom;
} text_ctx;

static int text_token(void *vctx, const iio_token *t)
{
	text_ctx *c = vctx;
	parser *ps = c->ps;
	/* A verb joined from its halves is the index's; a phrase asks for
	 * the words as written, and two words typed apart are joined at the
	 * top (join_separable). */
	if (t->flags & IIO_TOKEN_JOINED)
		return 0;
	if (c->nwords >= IIO_MAX_QUERY_TERMS || c->nexact >= IIO_MAX_QUERY_TERMS || c->nstops >= IIO_MAX_QUERY_TERMS) {
		c->overflow = 1;
		return 1;
	}
	/* Snippets light up what was asked for; a stopword only in a phrase. */
	if (!ps->negated && !(t->flags & IIO_TOKEN_WHOLE) && (c->phrase || !(t->flags & IIO_TOKEN_STOP))) {
		if (remember(ps->pq->terms, &ps->pq->nterms, t->norm, t->norm_len) ||
		    remember(ps->pq->stems, &ps->pq->nstems, t->stem, t->stem_len)) {
			c->oom = 1;
			return 1;
		}
		for (size_t i = 0; i < t->nparts; i++)
			if (remember(ps->pq->stems, &ps->pq->nstems, t->parts[i].stem, t->parts[i].stem_len)) {
				c->oom = 1;
				return 1;
			}
		if (!c->phrase && !c->field_prefix && !(t->flags & (IIO_TOKEN_HYPHEN | IIO_TOKEN_STOP)) &&
		    ps->pq->nwords < IIO_MAX_QUERY_TERMS) {
			iio_query_word *w = &ps->pq->words[ps->pq->nwords++];
			w->tok_start = t->start;
			w->tok_end = t->end;
			w->norm = strndup(t->norm, t->norm_len);
			if (!w->norm) {
				ps->pq->nwords--;
				c->oom = 1;
				return 1;
			}
		}
	}
	if (t->flags & IIO_TOKEN_WHOLE) {
		c->joined = 1;
		return 0; /* its parts follow; the phrase of them matches it */
	}
	if (!ps->negated && !c->phrase && !c->field_prefix && ps->pq->nseq < IIO_MAX_QUERY_TERMS) {
		if (!(ps->pq->seq[ps->pq->nseq] = strndup(t->norm, t->norm_len))) {
			c->oom = 1;
			return 1;
		}
		ps->pq->nseq++;
	}
	if (c->field_prefix) {
		if (!(t->flags & IIO_TOKEN_STOP) &&
		    !(c->words[c->nwords++] = prefixed(c->field_prefix, t->stem, t->stem_len, W_FIELD)))
			c->oom = 1;
		return c->oom;
	}
	if (!(c->exact[c->nexact] = xs_query_term(t->norm, t->norm_len, 1, t->pos + 1))) {
		c->oom = 1;
		return 1;
	}
	c->nexact++;
	if (c->phrase || (t->flags & IIO_TOKEN_HYPHEN))
		return 0;
	if (t->flags & IIO_TOKEN_STOP) {
		if (!(c->stops[c->nstops++] = xs_query_term(t->norm, t->norm_len, 1, 0)))
			c->oom = 1;
		return c->oom;
	}
	if (!(c->words[c->nwords++] = word_query(ps, t)))
		c->oom = 1;
	return c->oom;
}

/* Text: a word (or what the analyzer makes several words of), a phrase, or
 * the words of a field value. */
static node text_node(parser *ps, const char *s, size_t len, int phrase, const char *field_prefix)
{
	text_ctx c;
	node out = {NULL, N_NONE, 0, NULL, NULL};
	size_t first_word = ps->pq->nwords;

	memset(&c, 0, sizeof c);
	c.ps = ps;
	c.phrase = phrase;
	c.field_prefix = field_prefix;
	iio_analyze(ps->an, IIO_ANA_QUERY, s, len, text_token, &c);
	for (size_t i = first_word; i < ps->pq->nwords; i++) {
		/* word offsets: relative to the query string */
		ps->pq->words[i].tok_start += (size_t)(s - ps->start);
		ps->pq->words[i].tok_end += (size_t)(s - ps->start);
	}
	if (c.oom) {
		ps->st = IIO_ERR_NOMEM;
	} else if (c.overflow || (field_prefix ? c.nwords : c.nexact) > ps->budget) {
		/* What the branches below take from the budget: a word counts
		 * once, though it has an exact and a stemmed query. */
		set_error(ps, IIO_ERR_QUERY, "query position %zu: more than %s words", (size_t)(s - ps->start), "64");
	} else if (field_prefix) {
		ps->budget -= c.nwords;
		if (c.nwords) {
			out.q = combine_free(XS_OP_AND, c.words, c.nwords);
			c.nwords = 0;
			out.kind = N_SCORED;
		}
	} else if (phrase || c.joined) {
		ps->budget -= c.nexact;
		if (c.nexact) {
			out.q = c.nexact == 1 ? xs_query_scale(c.exact[0], 1.0) : xs_query_combine(XS_OP_PHRASE, c.exact, c.nexact, 0);
			out.kind = N_SCORED;
		}
	} else {
		xs_query **v = c.nwords ? c.words : c.stops;
		size_t n = c.nwords ? c.nwords : c.nstops;
		ps->budget -= c.nexact;
		if (n) {
			out.q = combine_free(XS_OP_AND, v, n);
			if (c.nwords)
				c.nwords = 0;
			else
				c.nstops = 0;
			out.kind = v == c.words ? N_SCORED : N_STOP;
		}
	}
	for (size_t i = 0; i < c.nwords; i++)
		xs_query_free(c.words[i]);
	for (size_t i = 0; i < c.nexact; i++)
		xs_query_free(c.exact[i]);
	for (size_t i = 0; i < c.nstops; i++)
		xs_query_free(c.stops[i]);
	if (out.kind != N_NONE && !out.q && !ps->st)
		ps->st = IIO_ERR_NOMEM;
	return out;
}

/* ---- fields ---- */

static xs_query *year_range(long lo, long hi)
{
	/* A record's span [year, year_end] overlaps [lo, hi]. */
	char a[18], b[18];
	size_t la, lb;
	xs_query *parts[2], *q;
	size_t n = 0;
	if (hi >= 0) {
		lb = xs_sortable_serialise((double)hi, b);
		parts[n++] = xs_query_value_range(IIO_SLOT_YEAR, NULL, 0, b, lb);
	}
	if (lo >= 0) {
		la = xs_sortable_serialise((double)lo, a);
		parts[n++] = xs_query_value_range(IIO_SLOT_YEAR_END, a, la, NULL, 0);
	}
	if (n == 0)
		return xs_query_match_all();
	for (size_t i = 0; i < n; i++)
		if (!parts[i]) {
			for (size_t k = 0; k < n; k++)
				xs_query_free(parts[k]);
			return NULL;
		}
	q = combine_free(XS_OP_AND, parts, n);
	return q;
}

static int parse_year(const char *s, size_t len, long *out)
{
	long v = 0;
	if (len == 0 || len > 4)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* ---- exact field values as people write them ---- */

static const struct {
	const char *field, *as_written, *value;
} value_aliases[] = {
	{"type", "videos", "video"}, {"type", "video's", "video"}, {"type", "filmpje", "video"},
	{"type", "filmpjes", "video"}, {"type", "film", "video"}, {"type", "films", "video"},
	{"type", "cases", "case"}, {"type", "casus", "case"}, {"type", "casussen", "case"},
	{"type", "profiel", "profile"}, {"type", "profielen", "profile"}, {"type", "profiles", "profile"},
	{"type", "documenten", "document"}, {"type", "documents", "document"},
	{"type", "passages", "passage"}, {"type", "fragment", "passage"}, {"type", "fragmenten", "passage"},
	{"level", "basisonderwijs", "po"}, {"level", "primair onderwijs", "po"}, {"level", "primair", "po"},
	{"level", "basisschool", "po"}, {"level", "voortgezet onderwijs", "vo"}, {"level", "voortgezet", "vo"},
	{"level", "middelbare school", "vo"},
};

/* The value of exact field F written as RAW (LEN bytes), normalized in
 * NORM (N bytes, CAP room): an alias's value (videos: video, casus: case,
 * basisonderwijs: po), a group number with a space (groep 5: groep-5), or
 * NORM itself. Returns the length of what NORM then holds. */
static size_t canonical_value(const iio_field_def *f, const char *raw, size_t len, char *norm, size_t n, size_t cap)
{
	char low[64];
	size_t k = 0;
	if (len >= sizeof low)
		return n;
	for (size_t i = 0; i < len; i++)
		low[k++] = (char)((raw[i] >= 'A' && raw[i] <= 'Z') ? raw[i] - 'A' + 'a' : raw[i]);
	low[k] = '\0';
	for (size_t i = 0; i < sizeof value_aliases / sizeof value_aliases[0]; i++)
		if (!strcmp(value_aliases[i].field, f->name) &&
		    (!strcmp(value_aliases[i].as_written, low) ||
		     (strlen(value_aliases[i].as_written) == n && !memcmp(value_aliases[i].as_written, norm, n)))) {
			size_t vl = strlen(value_aliases[i].value);
			if (vl < cap) {
				memcpy(norm, value_aliases[i].value, vl + 1);
				return vl;
			}
		}
	if (!strncmp(low, "groep ", 6) && k > 6 && k < cap) {
		memcpy(norm, low, k + 1);
		norm[5] = '-';
		return k;
	}
	return n;
}

int iio__strings_add(void *ctx, const char *s, size_t len)
{
	iio_strings *c = ctx;
	if (c->n == IIO_MAX_STRINGS)
		return 1;
	if (!(c->v[c->n] = strndup(s, len)))
		return 1;
	c->n++;
	return 0;
}

void iio__strings_clear(iio_strings *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	c->n = 0;
}
/* In a filter, F has no value RAW (LEN bytes): the error that lists the
 * values the index holds (VC, emptied). */
static void unknown_value(parser *ps, const iio_field_def *f, const char *raw, size_t len, const char *at, iio_strings *vc)
{
	char what[512];
	size_t w = (size_t)snprintf(what, sizeof what, "%s: no record has '%.*s'; the values are:", f->name,
				    (int)(len > 40 ? 40 : len), raw);
	for (size_t i = 0; i < vc->n && w < sizeof what; i++)
		w += (size_t)snprintf(what + w, sizeof what - w, "%s %s", i ? "," : "", vc->v[i]);
	iio__strings_clear(vc);
	malformed(ps, at, what);
}

static int on_facet_value(void *vctx, const char *s, size_t len, unsigned count)
{
	(void)count;
	return iio__strings_add(vctx, s, len);
}

/* In a filter, does the text field F's query Q (the experiment's name)
 * match no record? Then say so, listing the values the index holds, as for
 * the exact fields: an unknown experiment is an error, not an empty page. */
static int text_value_unknown(parser *ps, const iio_field_def *f, const xs_query *q, const char *raw, size_t len,
			      const char *at)
{
	xs_enquire *enq = NULL;
	xs_mset *m = NULL;
	char *err = NULL;
	unsigned lower = 0, est = 0, upper = 1;
	xs_query *all = NULL;
	iio_strings vc = {.n = 0};
	if (!ps->strict || !ps->db || !q || f->facet_slot < 0 || xs_enquire_new(&enq, ps->db, &err)) {
		xs_free(err);
		return 0;
	}
	if (!xs_enquire_set_query(enq, q) && !xs_enquire_mset(enq, 0, 0, 1, &m))
		xs_mset_matches(m, &lower, &est, &upper);
	xs_mset_free(m);
	m = NULL;
	/* The values: a facet count over every record (an error path only). */
	if (upper == 0 && (all = xs_query_match_all()) && !xs_enquire_add_facet(enq, (unsigned)f->facet_slot) &&
	    !xs_enquire_set_query(enq, all) && !xs_enquire_mset(enq, 0, 0, UINT_MAX, &m) &&
	    !xs_enquire_facets(enq, (unsigned)f->facet_slot, 32, on_facet_value, &vc))
		unknown_value(ps, f, raw, len, at, &vc);
	xs_mset_free(m);
	iio__strings_clear(&vc);
	xs_query_free(all);
	xs_enquire_free(enq);
	return upper == 0 && ps->st;
}

/* Exact field F = NORM (N bytes): the value itself; for niveau a stream too
 * (niveau:havo). With the index at hand (a parse without one, as a fuzzer
 * does, takes the value as it is) also the values it names (vmbo: vmbo-b,
 * vmbo-k, vmbo-gt); a value no record has matches nothing, and in a filter
 * (strict) is an error listing the values the index holds. */
static node exact_values(parser *ps, const iio_field_def *f, const char *norm, size_t n, const char *raw, size_t len,
			 const char *at)
{
	node out = {NULL, N_FILTER, 0, NULL, NULL};
	const char *prefixes[2] = {f->prefix, !strcmp(f->name, "level") ? iio_field_named("stream", 6)->prefix : NULL};
	xs_query *alts[64];
	size_t na = 0;
	for (int p = 0; p < 2 && prefixes[p] && !ps->st; p++) {
		char term[IIO_TERM_CAP];
		size_t tl = iio_term(term, prefixes[p], norm, n);
		unsigned freq = 0;
		iio_strings vc = {.n = 0};
		if (!ps->db) {
			alts[na++] = xs_query_term(term, (size_t)tl, 1, 0);
			continue;
		}
		if (!xs_db_termfreq(ps->db, term, (size_t)tl, &freq) && freq > 0 && na < 64)
			alts[na++] = xs_query_term(term, (size_t)tl, 1, 0);
		/* vmbo: vmbo-b, vmbo-k, vmbo-gt */
		term[tl] = '-';
		xs_db_terms(ps->db, term, (size_t)tl + 1, iio__strings_add, &vc);
		for (size_t i = 0; i < vc.n && na < 64; i++)
			alts[na++] = xs_query_term(vc.v[i], strlen(vc.v[i]), 1, 0);
		iio__strings_clear(&vc);
	}
	for (size_t i = 0; i < na; i++)
		if (!alts[i]) {
			for (size_t k = 0; k < na; k++)
				xs_query_free(alts[k]);
			ps->st = IIO_ERR_NOMEM;
			out.kind = N_NONE;
			return out;
		}
	if (na == 0) {
		if (ps->strict) {
			iio_strings vc = {.n = 0};
			for (int p = 0; p < 2 && prefixes[p]; p++) {
				size_t from = vc.n;
				xs_db_terms(ps->db, prefixes[p], strlen(prefixes[p]), iio__strings_add, &vc);
				for (size_t i = from; i < vc.n; i++)
					memmove(vc.v[i], vc.v[i] + strlen(prefixes[p]), strlen(vc.v[i]) - strlen(prefixes[p]) + 1);
			}
			unknown_value(ps, f, raw, len, at, &vc);
			out.kind = N_NONE;
			return out;
		}
		out.q = xs_query_match_nothing();
	} else {
		out.q = combine_free(XS_OP_OR, alts, na);
	}
	if (!out.q) {
		ps->st = IIO_ERR_NOMEM;
		out.kind = N_NONE;
		return out;
	}
	/* Required at the top (not negated, not in parentheses, not OR'ed:
	 * the top level clears it then): only whole documents match. */
	if (!strcmp(f->name, "type") && n == 8 && !memcmp(norm, "document", 8) && !ps->negated && ps->depth == 0)
		ps->pq->only_documents = 1;
	return out;
}

static node field_node(parser *ps, const iio_field_def *f, const char *v, size_t len, int quoted, const char *at)
{
	node out = {NULL, N_FILTER, 0, NULL, NULL};
	if (len == 0) {
		malformed(ps, at, "a field needs a value");
		out.kind = N_NONE;
		return out;
	}
	if (f->kind == IIO_FIELD_TEXT) {
		if (f->facet_slot == IIO_SLOT_PROVINCE) {
			/* a province by any of its names: provincie:fryslân is Friesland */
			char norm[IIO_MAX_TOKEN_BYTES * 4 + 1];
			size_t n = iio_normalize_word(v, len, norm, sizeof norm);
			const char *canon = n ? iio_province_named(norm, n) : NULL;
			if (canon) {
				v = canon;
				len = strlen(canon);
			}
		}
		out = text_node(ps, v, len, quoted, f->prefix);
		if (text_value_unknown(ps, f, out.q, v, len, at)) {
			xs_query_free(out.q);
			out.q = NULL;
			out.kind = N_NONE;
		}
		return out;
	}
	if (f->kind == IIO_FIELD_YEAR) {
		const char *dots = memmem(v, len, "..", 2);
		long lo = -1, hi = -1;
		int bad = 0;
		if (dots) {
			if (dots > v)
				bad |= parse_year(v, (size_t)(dots - v), &lo);
			if (dots + 2 < v + len)
				bad |= parse_year(dots + 2, (size_t)(v + len - dots - 2), &hi);
		} else {
			bad = parse_year(v, len, &lo);
			hi = lo;
		}
		if (bad) {
			char what[160];
			snprintf(what, sizeof what, "%s: '%.*s' is not a year; give YYYY or YYYY..YYYY", f->name,
				 (int)(len > 40 ? 40 : len), v);
			malformed(ps, at, what);
			out.kind = N_NONE;
			return out;
		}
		out.q = year_range(lo, hi);
		if (!out.q)
			ps->st = IIO_ERR_NOMEM;
		return out;
	}
	{
		/* An exact value; for niveau: a stream (havo, vmbo-gt) too. */
		char norm[IIO_MAX_TOKEN_BYTES * 4 + 1];
		size_t n = iio_normalize_word(v, len, norm, sizeof norm);
		if (!n) {
			malformed(ps, at, "a field value has no letters or digits");
			out.kind = N_NONE;
			return out;
		}
		n = canonical_value(f, v, len, norm, n, sizeof norm);
		return exact_values(ps, f, norm, n, v, len, at);
	}
}

/* ---- the grammar ---- */

static int is_blank(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; }
static int is_delim(char ch) { return is_blank(ch) || ch == '(' || ch == ')' || ch == '"'; }

static void skip_blanks(parser *ps)
{
	while (ps->p < ps->end && is_blank(*ps->p))
		ps->p++;
}

/* Is the next token the operator OP (a whole word, upper case)? */
static int next_is_op(parser *ps, const char *op)
{
	size_t n = strlen(op);
	skip_blanks(ps);
	return (size_t)(ps->end - ps->p) >= n && !memcmp(ps->p, op, n) &&
	       (ps->p + n == ps->end || is_delim(ps->p[n]));
}

static node parse_or(parser *ps);

/* A quoted phrase at ps->p (after the quote); moves past the closing one. */
static void quoted(parser *ps, const char **s, size_t *len)
{
	const char *open = ps->p - 1, *close;
	*s = ps->p;
	close = memchr(ps->p, '"', (size_t)(ps->end - ps->p));
	if (!close) {
		malformed(ps, open, "a quote is never closed");
		close = ps->end; /* the phrase runs to the end */
	}
	*len = (size_t)(close - *s);
	ps->p = close < ps->end ? close + 1 : ps->end;
}

static node parse_primary(parser *ps)
{
	node none = {NULL, N_NONE, 0, NULL, NULL};
	const char *at;
	skip_blanks(ps);
	if (ps->p >= ps->end || ps->st)
		return none;
	at = ps->p;
	if (*ps->p == '(') {
		node n;
		ps->p++;
		if (++ps->depth > MAX_DEPTH) {
			set_error(ps, IIO_ERR_QUERY, "query position %zu: parentheses nested deeper than %s", (size_t)(at - ps->start), "32");
			return none;
		}
		n = parse_or(ps);
		ps->depth--;
		skip_blanks(ps);
		if (ps->p < ps->end && *ps->p == ')')
			ps->p++;
		else
			malformed(ps, at, "a parenthesis is never closed");
		return n;
	}
	if (*ps->p == '"') {
		const char *s;
		size_t len;
		ps->p++;
		quoted(ps, &s, &len);
		return text_node(ps, s, len, 1, NULL);
	}
	{
		const char *s = ps->p, *colon;
		size_t len;
		while (ps->p < ps->end && !is_delim(*ps->p))
			ps->p++;
		len = (size_t)(ps->p - s);
		colon = memchr(s, ':', len);
		if (colon && colon > s) {
			const iio_field_def *f = iio_field_named(s, (size_t)(colon - s));
			if (f) {
				const char *v = colon + 1;
				size_t vlen = (size_t)(ps->p - v);
				int q = 0;
				if (vlen == 0 && ps->p < ps->end && *ps->p == '"') {
					ps->p++;
					quoted(ps, &v, &vlen);
					q = 1;
				}
				return field_node(ps, f, v, vlen, q, at);
			}
			malformed(ps, at, "unknown field (read as words)");
		}
		if (len > 1 && s[len - 1] == '*') {
			/* A prefix: its normalized form, expanded over the exact
			 * terms, at most IIO_MAX_WILDCARD of the most frequent. */
			char norm[IIO_MAX_TOKEN_BYTES * 4 + 1];
			size_t n = iio_normalize_word(s, len - 1, norm, sizeof norm);
			node w = {NULL, N_SCORED, 0, NULL, NULL};
			if (n < 2) {
				malformed(ps, at, "a prefix needs at least two letters");
			} else if (ps->budget) { /* else the word is one too many */
				ps->budget--;
				if (!ps->negated)
					remember(ps->pq->prefixes, &ps->pq->nprefixes, norm, n);
				w.q = ps->db ? xs_query_expand(ps->db, norm, n, IIO_MAX_WILDCARD)
					    : xs_query_wildcard(norm, n, IIO_MAX_WILDCARD);
				if (!w.q)
					ps->st = IIO_ERR_NOMEM;
				return w;
			}
			len--; /* read as the word */
		}
		return text_node(ps, s, len, 0, NULL);
	}
}

static node parse_unary(parser *ps);

/* What follows a '-' or NOT: parsed as negated (its words feed no
 * suggestions or highlights), then marked N_NOT. */
static node parse_negated(parser *ps)
{
	node n;
	ps->negated++;
	n = parse_unary(ps);
	ps->negated--;
	if (n.kind != N_NONE)
		n.kind = N_NOT;
	return n;
}

static node parse_unary(parser *ps)
{
	skip_blanks(ps);
	if (ps->p < ps->end && (*ps->p == '-' || *ps->p == '+')) {
		int neg = *ps->p == '-';
		const char *at = ps->p++;
		if (ps->p >= ps->end || is_blank(*ps->p)) {
			malformed(ps, at, "a lone '-' or '+'");
			return (node){NULL, N_NONE, 0, NULL, NULL};
		}
		if (neg)
			return parse_negated(ps);
		{
			node n = parse_unary(ps);
			n.must = 1;
			return n;
		}
	}
	if (next_is_op(ps, "NOT")) {
		ps->p += 3;
		return parse_negated(ps);
	}
	return parse_primary(ps);
}

/* Build the AND of CHILDREN: scored words AND'ed, filters applied without
 * weight, excluded ones subtracted; stopword-only children are dropped when
 * there is anything else. With RELAXED, the scored words are OR'ed. */
static node build_and(parser *ps, node *c, size_t n, int relaxed)
{
	xs_query *scored[MAX_CHILDREN], *filters[MAX_CHILDREN], *nots[MAX_CHILDREN], *musts[MAX_CHILDREN];
	size_t ns = 0, nf = 0, nn = 0, nm = 0;
	node out = {NULL, N_NONE, 0, NULL, NULL};
	xs_query *q = NULL;
	for (size_t i = 0; i < n; i++) {
		xs_query *copy = xs_query_scale(c[i].q, 1.0);
		switch (c[i].kind) {
		case N_SCORED: case N_STOP:
			if (relaxed && c[i].must)
				musts[nm++] = copy;
			else
				scored[ns++] = copy;
			break;
		case N_FILTER: filters[nf++] = copy; break;
		case N_NOT: nots[nn++] = copy; break;
		default: xs_query_free(copy);
		}
	}
	if (nm) {
		/* Best match with +words: those required, the rest adding weight. */
		xs_query *pair[2] = {combine_free(XS_OP_AND, musts, nm), NULL};
		if (ns && pair[0]) {
			pair[1] = combine_free(XS_OP_OR, scored, ns);
			scored[0] = pair[1] ? combine_free(XS_OP_AND_MAYBE, pair, 2) : NULL;
			if (!pair[1])
				xs_query_free(pair[0]);
		} else {
			scored[0] = pair[0];
		}
		ns = 1;
		if (!scored[0]) {
			ps->st = IIO_ERR_NOMEM;
			ns = 0;
		}
	}
	if (ns == 0 && nf == 0) {
		for (size_t i = 0; i < nn; i++)
			xs_query_free(nots[i]);
		if (nn)
			set_error(ps, IIO_ERR_QUERY, "query position %zu: %s", 0,
				  "it only excludes words; give at least one word to search for");
		return out;
	}
	q = ns ? combine_free(relaxed && !nm ? XS_OP_OR : XS_OP_AND, scored, ns) : xs_query_match_all();
	out.kind = ns ? N_SCORED : N_FILTER;
	if (q && nf) {
		xs_query *pair[2] = {q, combine_free(XS_OP_AND, filters, nf)};
		q = pair[1] ? combine_free(XS_OP_FILTER, pair, 2) : NULL;
		if (!pair[1])
			xs_query_free(pair[0]);
	}
	if (q && nn) {
		xs_query *pair[2] = {q, combine_free(XS_OP_OR, nots, nn)};
		q = pair[1] ? combine_free(XS_OP_AND_NOT, pair, 2) : NULL;
		if (!pair[1])
			xs_query_free(pair[0]);
	}
	if (!q)
		ps->st = IIO_ERR_NOMEM;
	out.q = q;
	return out;
}

/* Question words ask; they are never required nor missing. */
static int is_question_word(const char *a, size_t n)
{
	static const char *const words[] = {"hoe", "wat", "waarom", "wie", "waar", "wanneer", "welke", "welk",
					    "hoeveel", "waardoor", "waarmee", "waarvoor", "how", "what", "why",
					    "who", "where", "when", "which"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strlen(words[i]) == n && !strncasecmp(words[i], a, n))
			return 1;
	return 0;
}

/* A plain word of the query: letters and digits only. */
static int plain_span(const char *a, const char *b)
{
	if (a >= b)
		return 0;
	for (const char *p = a; p < b; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      (unsigned char)*p >= 0x80))
			return 0;
	return 1;
}

/* C[I] and C[I+1] become one clause: the two as typed (TOGETHER, made
 * from their queries) or the one word they make (JOINED). Takes both
 * queries. Returns 1 when it joined them, 0 when TOGETHER could not be made
 * (out of memory). */
static int join_pair(parser *ps, node *c, size_t i, xs_query *together, xs_query *joined)
{
	xs_query *either[2] = {together, joined};
	if (!together) {
		xs_query_free(joined);
		ps->st = IIO_ERR_NOMEM;
		return 0;
	}
	xs_query_free(c[i].q);
	xs_query_free(c[i + 1].q);
	c[i].q = combine_free(XS_OP_OR, either, 2);
	c[i].to = c[i + 1].to;
	if (!c[i].q)
		ps->st = IIO_ERR_NOMEM;
	return 1;
}

/* Two plain words typed apart that the index holds as one word (slim fit:
 * slimfit) also match that word: C[I] and C[I+1] become one clause, the
 * two words or the one. Top level only; nothing changes when the index
 * does not hold the joined word. Returns 1 when it joined them. */
static int join_typed_apart(parser *ps, node *c, size_t i)
{
	char a[IIO_MAX_TOKEN_BYTES + 1], b[IIO_MAX_TOKEN_BYTES + 1], joined[2 * IIO_MAX_TOKEN_BYTES + 2];
	const char *af = c[i].from, *bf = c[i + 1].from;
	size_t al, bl, before;
	unsigned freq = 0;
	node jn;
	if (!ps->db || c[i].kind != N_SCORED || c[i + 1].kind != N_SCORED || c[i].must || c[i + 1].must)
		return 0;
	while (af < c[i].to && (*af == ' ' || *af == '\t'))
		af++;
	while (bf < c[i + 1].to && (*bf == ' ' || *bf == '\t'))
		bf++;
	if (!plain_span(af, c[i].to) || !plain_span(bf, c[i + 1].to))
		return 0;
	al = iio_normalize_word(af, (size_t)(c[i].to - af), a, sizeof a);
	bl = iio_normalize_word(bf, (size_t)(c[i + 1].to - bf), b, sizeof b);
	if (!al || !bl || al + bl >= sizeof joined)
		return 0;
	memcpy(joined, a, al);
	memcpy(joined + al, b, bl);
	joined[al + bl] = '\0';
	if (xs_db_termfreq(ps->db, joined, al + bl, &freq) || freq == 0)
		return 0;
	before = ps->pq->nwords;
	jn = text_node(ps, joined, al + bl, 0, NULL);
	/* Its words are not the query's as typed (spelling suggestions). */
	for (size_t k = before; k < ps->pq->nwords; k++)
		free(ps->pq->words[k].norm);
	ps->pq->nwords = before;
	if (jn.kind != N_SCORED || !jn.q) {
		xs_query_free(jn.q);
		return 0;
	}
	xs_query *both[2] = {c[i].q, c[i + 1].q};
	return join_pair(ps, c, i, xs_query_combine(XS_OP_AND, both, 2, 0), jn.q);
}

typedef struct separable_ctx {
	parser *ps;
	xs_query *q; /* the joined verb's query */
	int oom;
} separable_ctx;

static int on_separable(void *vctx, const iio_token *t)
{
	separable_ctx *c = vctx;
	if (!(t->flags & IIO_TOKEN_JOINED) || c->q)
		return 0;
	if (remember(c->ps->pq->stems, &c->ps->pq->nstems, t->stem, t->stem_len) || !(c->q = word_query(c->ps, t)))
		c->oom = 1;
	return c->oom;
}

/* A verb and its particle typed apart (legt uit, komt terug) also match
 * the verb they make, as the analyzer joins it in the index (uitleggen,
 * terugkomen): C[I] and C[I+1] become one clause, the two words or the
 * verb. Top level only. Returns 1 when it joined them. */
static int join_separable(parser *ps, node *c, size_t i)
{
	char text[2 * IIO_MAX_TOKEN_BYTES + 2];
	const char *af = c[i].from, *bf = c[i + 1].from;
	size_t al, bl;
	separable_ctx sc = {ps, NULL, 0};
	if (ps->negated || c[i].kind != N_SCORED || (c[i + 1].kind != N_SCORED && c[i + 1].kind != N_STOP) ||
	    c[i].must || c[i + 1].must)
		return 0;
	while (af < c[i].to && is_blank(*af))
		af++;
	while (bf < c[i + 1].to && is_blank(*bf))
		bf++;
	al = (size_t)(c[i].to - af);
	bl = (size_t)(c[i + 1].to - bf);
	if (!plain_span(af, c[i].to) || !plain_span(bf, c[i + 1].to) || al + bl + 1 >= sizeof text)
		return 0;
	memcpy(text, af, al);
	text[al] = ' ';
	memcpy(text + al + 1, bf, bl);
	iio_analyze(ps->an, IIO_ANA_QUERY, text, al + 1 + bl, on_separable, &sc);
	if (sc.oom || !sc.q) {
		if (sc.oom)
			ps->st = IIO_ERR_NOMEM;
		xs_query_free(sc.q);
		return 0;
	}
	xs_query *both[2] = {c[i].q, c[i + 1].q};
	return join_pair(ps, c, i,
			 c[i + 1].kind == N_SCORED ? xs_query_combine(XS_OP_AND, both, 2, 0) : xs_query_scale(c[i].q, 1.0),
			 sc.q);
}

/* Keep the scored children C of the best-match group as the query's
 * clauses: what a result can lack ("missing"). */
static void keep_clauses(parser *ps, const node *c, size_t n)
{
	iio_parsed_query *pq = ps->pq;
	for (size_t i = 0; i < n && pq->nclauses < IIO_MAX_CLAUSES && !ps->st; i++) {
		iio_clause *cl;
		const char *a = c[i].from, *b = c[i].to;
		if (c[i].kind != N_SCORED)
			continue;
		while (a < b && (*a == '+' || is_blank(*a)))
			a++;
		while (b > a && is_blank(b[-1]))
			b--;
		if (!c[i].must && is_question_word(a, (size_t)(b - a)))
			continue;
		cl = &pq->clauses[pq->nclauses];
		cl->q = xs_query_scale(c[i].q, 1.0);
		cl->text = strndup(a, (size_t)(b - a));
		cl->must = c[i].must;
		if (!cl->q || !cl->text) {
			xs_query_free(cl->q);
			free(cl->text);
			ps->st = IIO_ERR_NOMEM;
			return;
		}
		pq->nclauses++;
	}
}

/* and := unary ((AND)? unary)* ; also fills RELAXED (the OR of the scored
 * children) when asked for. */
static node parse_and_ex(parser *ps, node *relaxed)
{
	node c[MAX_CHILDREN], out;
	size_t n = 0;
	for (;;) {
		node u;
		skip_blanks(ps);
		if (ps->p >= ps->end || ps->st || *ps->p == ')' || next_is_op(ps, "OR"))
			break;
		if (next_is_op(ps, "AND")) {
			ps->p += 3;
			continue;
		}
		{
			const char *from = ps->p;
			u = parse_unary(ps);
			u.from = from;
			u.to = ps->p;
		}
		if (u.kind == N_NONE)
			continue;
		if (n == MAX_CHILDREN) {
			xs_query_free(u.q);
			set_error(ps, IIO_ERR_QUERY, "query position %zu: %s", (size_t)(ps->p - ps->start), "too many clauses");
			break;
		}
		c[n++] = u;
	}
	if (ps->st || n == 0) {
		free_nodes(c, n);
		return (node){NULL, N_NONE, 0, NULL, NULL};
	}
	if (relaxed)
		for (size_t i = 0; i + 1 < n && !ps->st; i++)
			if (join_typed_apart(ps, c, i) || join_separable(ps, c, i)) {
				memmove(c + i + 1, c + i + 2, (n - i - 2) * sizeof *c);
				n--;
			}
	{
		/* Stopwords are not required next to other clauses. */
		size_t nstop = 0, k = 0;
		for (size_t i = 0; i < n; i++)
			nstop += c[i].kind == N_STOP;
		if (nstop && nstop < n)
			for (size_t i = 0; i < n; i++) {
				if (c[i].kind == N_STOP)
					xs_query_free(c[i].q);
				else
					c[k++] = c[i];
			}
		else
			k = n;
		n = k;
		for (size_t i = 0; i < n; i++)
			if (c[i].kind == N_STOP)
				c[i].kind = N_SCORED;
	}
	if (n == 1 && c[0].kind != N_NOT) {
		if (relaxed)
			*relaxed = (node){NULL, N_NONE, 0, NULL, NULL};
		return c[0];
	}
	out = build_and(ps, c, n, 0);
	if (relaxed && !ps->st) {
		size_t scored = 0;
		for (size_t i = 0; i < n; i++)
			scored += c[i].kind == N_SCORED;
		*relaxed = scored > 1 ? build_and(ps, c, n, 1) : (node){NULL, N_NONE, 0, NULL, NULL};
		if (scored > 1)
			keep_clauses(ps, c, n);
		if (scored > 1 && !ps->st && ps->pq->nclauses == scored) {
			/* Every scored word a clause, each matching where any of
			 * its terms is (an exact form always comes with its stem,
			 * so AND_MAYBE adds no match): the records holding every
			 * clause are the AND of them, weighed as the relaxed query
			 * weighs them. */
			int disjunctive = 1;
			for (size_t k = 0; k < ps->pq->nclauses && disjunctive; k++)
				disjunctive = xs_query_is_disjunctive(ps->pq->clauses[k].q);
			if (disjunctive) {
				node cov = build_and(ps, c, n, 0);
				ps->pq->covered = cov.q;
			}
		}
	}
	free_nodes(c, n);
	return out;
}

static node parse_or(parser *ps)
{
	node c[MAX_CHILDREN];
	size_t n = 0;
	for (;;) {
		node a = parse_and_ex(ps, NULL);
		if (a.kind != N_NONE && n < MAX_CHILDREN)
			c[n++] = a;
		else
			xs_query_free(a.q);
		if (ps->st || !next_is_op(ps, "OR"))
			break;
		ps->p += 2;
	}
	if (n == 0)
		return (node){NULL, N_NONE, 0, NULL, NULL};
	if (n == 1)
		return c[0];
	{
		xs_query *v[MAX_CHILDREN];
		for (size_t i = 0; i < n; i++)
			v[i] = c[i].q;
		return (node){combine_free(XS_OP_OR, v, n), N_SCORED, 0, NULL, NULL};
	}
}

/* An OR at the top level: best match does not apply, nothing is missing. */
static void drop_clauses(iio_parsed_query *q)
{
	xs_query_free(q->covered);
	q->covered = NULL;
	for (size_t i = 0; i < q->nclauses; i++) {
		xs_query_free(q->clauses[i].q);
		free(q->clauses[i].text);
	}
	q->nclauses = 0;
}

void iio__parsed_query_clear(iio_parsed_query *q)
{
	xs_query_free(q->strict);
	xs_query_free(q->relaxed);
	xs_query_free(q->boost);
	xs_query_free(q->values);
	drop_clauses(q);
	for (size_t i = 0; i < q->ncompounds; i++) {
		for (size_t k = 0; k < q->compounds[i].nparts; k++) {
			free(q->compounds[i].parts[k]);
			free(q->compounds[i].norms[k]);
		}
		free(q->compounds[i].stem);
	}
	q->ncompounds = 0;
	for (size_t i = 0; i < q->nterms; i++)
		free(q->terms[i]);
	for (size_t i = 0; i < q->nstems; i++)
		free(q->stems[i]);
	for (size_t i = 0; i < q->nprefixes; i++)
		free(q->prefixes[i]);
	for (size_t i = 0; i < q->nwords; i++)
		free(q->words[i].norm);
	for (size_t i = 0; i < q->nseq; i++)
		free(q->seq[i]);
	memset(q, 0, sizeof *q);
}

/* The bonus of records where the plain words of OUT stand close together,
 * and more where they stand exactly as typed (stopwords included:
 * "leerlingen voor leerlingen"); NULL when there is none. */
static xs_query *proximity_boost(const iio_parsed_query *out)
{
	xs_query *boosts[2], *v[IIO_MAX_QUERY_TERMS];
	size_t nb = 0;
	if (out->nwords >= 2 && out->nwords <= 8) {
		size_t n = 0;
		xs_query *nq;
		/* Each word once: OP_NEAR over a repeated term scores a record by
		 * where it lies in the database (the same documents gave
		 * different weights in another docid order). */
		for (size_t i = 0; i < out->nwords; i++) {
			size_t k = 0;
			while (k < i && strcmp(out->words[k].norm, out->words[i].norm))
				k++;
			if (k == i)
				v[n++] = xs_query_term(out->words[i].norm, strlen(out->words[i].norm), 1, (unsigned)i + 1);
		}
		nq = n >= 2 ? xs_query_combine(XS_OP_NEAR, v, n, (unsigned)(3 * n)) : NULL;
		for (size_t i = 0; i < n; i++)
			xs_query_free(v[i]);
		if ((boosts[nb] = nq ? xs_query_scale(nq, W_NEAR) : NULL))
			nb++;
		xs_query_free(nq);
	}
	if (out->nseq >= 2 && out->nseq <= 12) {
		size_t n = 0;
		xs_query *pq;
		for (size_t i = 0; i < out->nseq; i++)
			v[n++] = xs_query_term(out->seq[i], strlen(out->seq[i]), 1, (unsigned)i + 1);
		pq = xs_query_combine(XS_OP_PHRASE, v, n, 0);
		for (size_t i = 0; i < n; i++)
			xs_query_free(v[i]);
		if ((boosts[nb] = pq ? xs_query_scale(pq, W_PHRASE) : NULL))
			nb++;
		xs_query_free(pq);
	}
	return nb ? combine_free(XS_OP_OR, boosts, nb) : NULL;
}


iio_status iio__parse_query(iio_parsed_query *out, const iio_analyzer *an, xs_db *db, const char *query, int strict,
			    char *err, size_t errcap)
{
	parser ps;
	node top, relaxed = {NULL, N_NONE, 0, NULL, NULL};
	size_t len = strlen(query);

	memset(out, 0, sizeof *out);
	if (len > IIO_MAX_QUERY_BYTES) {
		snprintf(err, errcap, "query is %zu bytes long; the limit is %d", len, IIO_MAX_QUERY_BYTES);
		return IIO_ERR_QUERY;
	}
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)query + i, (utf8proc_ssize_t)(len - i), &c);
		if (n <= 0) {
			snprintf(err, errcap, "query is not valid UTF-8 at byte %zu", i + 1);
			return IIO_ERR_QUERY;
		}
		i += (size_t)n;
	}
	memset(&ps, 0, sizeof ps);
	ps.an = an;
	ps.db = db;
	ps.start = ps.p = query;
	ps.end = query + len;
	ps.strict = strict;
	ps.budget = IIO_MAX_QUERY_TERMS;
	ps.pq = out;
	ps.err = err;
	ps.errcap = errcap;

	/* The top level: OR'ed groups; the first group keeps its relaxed form. */
	top = parse_and_ex(&ps, &relaxed);
	while (!ps.st) {
		skip_blanks(&ps);
		if (ps.p >= ps.end)
			break;
		if (*ps.p == ')') {
			malformed(&ps, ps.p, "a closing parenthesis without an opening one");
			ps.p++;
			continue;
		}
		if (next_is_op(&ps, "OR")) {
			node rest;
			ps.p += 2;
			rest = parse_or(&ps);
			if (rest.kind != N_NONE && top.kind != N_NONE) {
				xs_query *v[2] = {top.q, rest.q};
				top.q = combine_free(XS_OP_OR, v, 2);
				top.kind = N_SCORED;
				out->only_documents = 0;
				xs_query_free(relaxed.q);
				relaxed = (node){NULL, N_NONE, 0, NULL, NULL};
				drop_clauses(out);
			} else if (rest.kind != N_NONE) {
				top = rest;
			}
			continue;
		}
		{
			/* More after a stray ')': AND it in. */
			node more = parse_and_ex(&ps, NULL);
			if (more.kind != N_NONE && top.kind != N_NONE) {
				node both[2] = {top, more};
				node b = build_and(&ps, both, 2, 0);
				free_nodes(both, 2);
				top = b;
			} else if (more.kind != N_NONE) {
				top = more;
			}
		}
	}
	if (!ps.st && (top.kind == N_NONE || top.kind == N_NOT)) {
		snprintf(err, errcap, top.kind == N_NOT ? "query only excludes words; give at least one word to search for"
							 : "query has no words to search for");
		ps.st = IIO_ERR_QUERY;
	}
	if (ps.st) {
		xs_query_free(top.q);
		xs_query_free(relaxed.q);
		iio__parsed_query_clear(out);
		return ps.st;
	}
	out->strict = top.q;
	out->relaxed = relaxed.q;
	out->filter_only = top.kind == N_FILTER;
	/* Proximity: weight added to the records holding every word (STRICT)
	 * where they stand close together, in the ranking's rescore window
	 * (rank.c), not inside the query: evaluated on every match it cost a
	 * positional check of each, growing with the corpus (a stopword and a
	 * word: 35 ms at 100k records). */
	out->boost = proximity_boost(out);
	return IIO_OK;
}
