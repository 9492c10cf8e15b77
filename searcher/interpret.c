/* interpret.c - interpreted queries (libiiosearch), the stage before the
 * plan: words and word pairs of a query that name a field value - a
 * leerweg or group (`groep 7`, `havo`, `vmbo-t`), a level (`basisschool`,
 * `middelbare school`), a subject (`wiskunde`, `wis`, `bio`), an
 * experiment, a place, a province, a kind of record (`filmpje`, `casus`,
 * `profiel`).
 *
 * Values come from the index itself (a phrase typed equal to a value some
 * record holds in the field) and from the short list of variants below
 * (abbreviations, plurals, other names of the same value), each checked to
 * be held by a record of the index. A phrase stays a word of the content
 * when records lacking the value hold it in their title (`e-klas` names a
 * passage as well as an experiment; `bio` a title word): then it is what
 * the user looks for, not a narrowing of it.
 *
 * What interpretation changes (iio__apply_interpretation): the interpreted
 * words no longer count among the words a result must hold (best match
 * orders by the content words alone), they still weigh where a record holds
 * them, and a record holding an interpreted value weighs
 * IIO_INTERPRETED_WEIGHT more - more than any difference of the content
 * words' weights, so among records holding the same content words those
 * with the value come first, while a record lacking a content word never
 * rises above one holding them all (best match puts every record holding
 * all of them first). Nothing is filtered: a soft constraint. When no
 * content word is left (`casussen in drenthe`), every word stays a word of
 * the query and the values order what it finds.
 *
 * A question (`hoe werkt een e-klas`) favours the records that explain -
 * passages, whole documents, profiles - over instances (cases, videos) by
 * IIO_QUESTION_WEIGHT (weights.h).
 */
#define _GNU_SOURCE
#include "private.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weights.h"

/* Other names of field values; each value is used only when a record of
 * the index holds it. Phrases are compared as keys (key() below: case,
 * accents and punctuation aside). */
static const struct variant {
	const char *words, *field, *value;
} variants[] = {
	{"groep 1", "stream", "groep-1"}, {"groep 2", "stream", "groep-2"}, {"groep 3", "stream", "groep-3"},
	{"groep 4", "stream", "groep-4"}, {"groep 5", "stream", "groep-5"}, {"groep 6", "stream", "groep-6"},
	{"groep 7", "stream", "groep-7"}, {"groep 8", "stream", "groep-8"},
	{"vmbo", "stream", "vmbo-b"}, {"vmbo", "stream", "vmbo-k"}, {"vmbo", "stream", "vmbo-gt"},
	{"vmbo b", "stream", "vmbo-b"}, {"vmbo bb", "stream", "vmbo-b"}, {"basisberoeps", "stream", "vmbo-b"},
	{"vmbo k", "stream", "vmbo-k"}, {"vmbo kb", "stream", "vmbo-k"}, {"kaderberoeps", "stream", "vmbo-k"},
	{"vmbo t", "stream", "vmbo-gt"}, {"vmbo tl", "stream", "vmbo-gt"}, {"vmbo g", "stream", "vmbo-gt"},
	{"vmbo gl", "stream", "vmbo-gt"}, {"vmbo gt", "stream", "vmbo-gt"}, {"mavo", "stream", "vmbo-gt"},
	{"atheneum", "stream", "vwo"}, {"gymnasium", "stream", "vwo"},
	{"basisschool", "level", "po"}, {"basisscholen", "level", "po"}, {"basisonderwijs", "level", "po"},
	{"primair onderwijs", "level", "po"}, {"middelbare school", "level", "vo"},
	{"middelbare scholen", "level", "vo"}, {"voortgezet onderwijs", "level", "vo"}, {"brugklas", "level", "vo"},
	{"filmpje", "type", "video"}, {"filmpjes", "type", "video"}, {"videos", "type", "video"},
	{"video s", "type", "video"}, {"instructievideo", "type", "video"}, {"instructievideos", "type", "video"},
	{"instructievideo s", "type", "video"}, {"uitlegvideo", "type", "video"}, {"casus", "type", "case"},
	{"casussen", "type", "case"}, {"cases", "type", "case"}, {"praktijkvoorbeeld", "type", "case"},
	{"praktijkvoorbeelden", "type", "case"}, {"profiel", "type", "profile"}, {"profielen", "type", "profile"},
	{"wis", "subject", "wiskunde"}, {"wisk", "subject", "wiskunde"}, {"bio", "subject", "biologie"},
	{"ak", "subject", "aardrijkskunde"}, {"gs", "subject", "geschiedenis"}, {"gesch", "subject", "geschiedenis"},
	{"nask", "subject", "natuurkunde"}, {"nask", "subject", "scheikunde"}, {"econ", "subject", "economie"},
	{"ned", "subject", "Nederlands"}, {"franse", "subject", "Frans"}, {"duitse", "subject", "Duits"},
	{"engelse", "subject", "Engels"}, {"wo", "subject", "wereldoriëntatie"}, {"e klas", "experiment", "E-klas & PAL-student"},
	{"eklas", "experiment", "E-klas & PAL-student"}, {"pal student", "experiment", "E-klas & PAL-student"},
	{"fryslan", "province", "Friesland"}, {"friesland", "province", "Friesland"},
};

/* Fields whose values are looked up in the index as typed. */
static const char *const looked_up[] = {"type", "level", "stream", "subject", "experiment", "place", "province"};

/* Words that open a question asking for an explanation. */
static const char *const question_words[] = {"hoe", "wat", "waarom", "waardoor", "waarvoor"};
/* The verb of a how-question's frame (hoe WERKT een e-klas, hoe MAAK je
 * een instructievideo): right after `hoe` it asks how, not what about; it
 * weighs where it stands but a record need not hold it. After waarom or
 * wat it is what is asked about (waarom werkt een innovatie alleen als
 * iedereen meedoet). */
static const char *const frame_verbs[] = {
	"werkt", "werken", "maak", "maakt", "maken", "doe", "doet", "doen", "gaat", "gaan", "ga", "kun", "kunt",
	"krijg", "krijgt", "krijgen", "regel", "regelt", "regelen", "begin", "begint", "beginnen", "pak", "pakt",
};
/* A request to do something (subsidie AANVRAGEN, ouders BETREKKEN) as
 * its last word asks how, as a question does: the verb is its frame. */
static const char *const how_to_verbs[] = {
	"aanvragen", "regelen", "organiseren", "opzetten", "starten", "invoeren", "aanpakken", "betrekken",
	"financieren", "inrichten", "beginnen",
};

/* Questions about Dutch itself, asked in the words of the rule (hij wordt
 * of word, wanneer schrijf je dt, de of het): their words are what the
 * question is about, not function words. The rule is named by the word
 * the videos teaching it carry in their title, and the language subjects'
 * records weigh as a value would. */
static const struct rule {
	const char *a, *b; /* "A of B"; B NULL: the word A alone */
	const char *topic;
} rules[] = {
	{"d", "t", "werkwoordspelling werkwoorden"}, {"t", "d", "werkwoordspelling werkwoorden"}, {"dt", NULL, "werkwoordspelling werkwoorden"},
	{"d", "dt", "werkwoordspelling werkwoorden"}, {"t", "dt", "werkwoordspelling werkwoorden"}, {"de", "het", "lidwoorden"},
	{"het", "de", "lidwoorden"}, {"ei", "ij", "spelling"}, {"ij", "ei", "spelling"}, {"au", "ou", "spelling"},
	{"ou", "au", "spelling"},
};
static const char *const language_subjects[] = {"Nederlands", "taal"};

#define MAX_WORDS 16
#define MAX_SPAN 3   /* words a value may take (bergen op zoom) */
#define KEY_CAP 256

typedef struct qword {
	size_t from, to; /* bytes in the query, trailing punctuation left out */
	char norm[KEY_CAP];
} qword;

/* S[0..LEN) as a key: normalized as the analyzer does, every ASCII
 * character that is no letter or digit a space, spaces made one. */
static size_t key(const char *s, size_t len, char *out, size_t cap)
{
	char norm[KEY_CAP];
	size_t n = len ? iio_normalize_word(s, len, norm, sizeof norm) : 0, k = 0;
	for (size_t i = 0; i < n && k + 1 < cap; i++) {
		unsigned char c = (unsigned char)norm[i];
		if (c < 0x80 && !isalnum(c))
			c = ' ';
		if (c == ' ' && (k == 0 || out[k - 1] == ' '))
			continue;
		out[k++] = (char)c;
	}
	while (k > 0 && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
	return k;
}

/* Whether QUERY is plain words (no quotes, brackets, fields, operators,
 * wildcards): only then are its words read as values. */
static int plain_words(const char *query)
{
	const char *p = query;
	if (strpbrk(query, "\"():*+"))
		return 0;
	while (*p) {
		size_t n;
		p += strspn(p, " \t\r\n");
		n = strcspn(p, " \t\r\n");
		if (n && (*p == '-' || (n == 2 && !strncmp(p, "OR", 2)) || (n == 3 && !strncmp(p, "AND", 3)) ||
			  (n == 3 && !strncmp(p, "NOT", 3))))
			return 0;
		p += n;
	}
	return 1;
}

static size_t split_words(const char *query, qword *w, size_t cap)
{
	size_t n = 0;
	const char *p = query;
	while (*p && n < cap) {
		size_t len;
		p += strspn(p, " \t\r\n");
		len = strcspn(p, " \t\r\n");
		if (!len)
			break;
		w[n].from = (size_t)(p - query);
		while (len > 0 && strchr(",.;?!", p[len - 1]))
			len--;
		w[n].to = w[n].from + len;
		if (len && key(p, len, w[n].norm, sizeof w[n].norm))
			n++;
		p += strcspn(p, " \t\r\n");
	}
	return n;
}

/* The strict query of Q parsed (STRICT: malformed input refused), a new
 * query; NULL when it cannot be built. */
static xs_query *parsed(iio_index *idx, const char *q, int strict)
{
	char err[IIO_ERRMSG_SIZE];
	iio_parsed_query pq;
	xs_query *out;
	if (iio__parse_query(&pq, idx->analyzer, NULL, q, strict, err, sizeof err))
		return NULL;
	out = pq.strict;
	pq.strict = NULL;
	iio__parsed_query_clear(&pq);
	return out;
}

/* The records holding FIELD's VALUE (FIELD:"VALUE" in the query
 * language), a new query; NULL when it cannot be built. */
static xs_query *held_by(iio_index *idx, const char *field, const char *value)
{
	char q[KEY_CAP * 2];
	if ((size_t)snprintf(q, sizeof q, "%s:\"%s\"", field, value) >= sizeof q)
		return NULL;
	return parsed(idx, q, 1);
}

/* Whether every term of Q is in the index (a value's words must all be
 * there for a record to hold it): term lookups, cheaper than a match. */
static int all_terms_known(iio_index *idx, const xs_query *q)
{
	iio_strings tl = {.n = 0};
	int known = !xs_query_terms(q, iio__strings_add, &tl) && tl.n > 0;
	for (size_t t = 0; known && t < tl.n; t++) {
		unsigned freq = 0;
		known = !xs_db_termfreq(idx->db, tl.v[t], strlen(tl.v[t]), &freq) && freq > 0;
	}
	iio__strings_clear(&tl);
	return known;
}

/* Matches of Q on ENQ, the first one's value in SLOT into VAL (the
 * caller's xs_free) when SLOT >= 0: 1 some, 0 none, -1 error. */
static int first_match(xs_enquire *enq, const xs_query *q, int slot, char **val)
{
	xs_mset *m = NULL;
	size_t len = 0;
	int found;
	if (!q || xs_enquire_set_query(enq, q) || xs_enquire_mset(enq, 0, 1, 0, &m))
		return -1;
	found = xs_mset_size(m) > 0;
	if (found && slot >= 0 && xs_mset_value(m, 0, (unsigned)slot, val, &len))
		found = -1;
	xs_mset_free(m);
	return found;
}

static iio_status add(iio_interpretation *in, const char *field, const char *value, const char *typed, size_t tlen,
		      xs_query *held)
{
	iio_interp *v;
	for (size_t i = 0; i < in->n; i++)
		if (!strcmp(in->v[i].field, field) && !strcmp(in->v[i].value, value)) {
			xs_query_free(held);
			return IIO_OK;
		}
	if (in->n >= IIO_MAX_INTERPRETED) {
		xs_query_free(held);
		return IIO_OK;
	}
	v = &in->v[in->n];
	v->field = field;
	v->value = strdup(value);
	v->words = strndup(typed, tlen);
	v->held = held;
	in->n++;
	return v->value && v->words ? IIO_OK : IIO_ERR_NOMEM;
}

/* The values phrase K (typed as QUERY[FROM, TO)) names, added to IN from
 * its N-th entry on: the variants, then the index's own values. */
static iio_status values_named(iio_index *idx, xs_enquire *enq, const char *k, const char *query, size_t from,
			       size_t to, iio_interpretation *in)
{
	iio_status st = IIO_OK;
	/* In a question a kind of record is its topic (hoe maak je een
	 * instructievideo): not read as a value. */
	int kinds = !in->question;
	for (size_t i = 0; !st && i < sizeof variants / sizeof variants[0]; i++) {
		xs_query *h;
		/* (the table's words are written as keys: lower case, one space) */
		if (strcmp(variants[i].words, k) || !iio_field_named(variants[i].field, strlen(variants[i].field)) ||
		    (!kinds && !strcmp(variants[i].field, "type")))
			continue;
		if (!(h = held_by(idx, variants[i].field, variants[i].value)))
			return IIO_ERR_NOMEM;
		if (first_match(enq, h, -1, NULL) == 1)
			st = add(in, variants[i].field, variants[i].value, query + from, to - from, h);
		else
			xs_query_free(h);
	}
	for (size_t f = 0; !st && f < sizeof looked_up / sizeof looked_up[0]; f++) {
		const iio_field_def *def = iio_field_named(looked_up[f], strlen(looked_up[f]));
		char *val = NULL, vk[KEY_CAP], typed[KEY_CAP];
		xs_query *h;
		if (!def || def->facet_slot < 0 || to - from >= sizeof typed || (!kinds && !strcmp(def->name, "type")))
			continue;
		memcpy(typed, query + from, to - from);
		typed[to - from] = '\0';
		for (char *c = typed; *c; c++)
			if (*c == '"')
				*c = ' ';
		if (!(h = held_by(idx, def->name, typed)))
			continue; /* nothing to match on */
		if (all_terms_known(idx, h) && first_match(enq, h, def->facet_slot, &val) == 1 && val &&
		    key(val, strlen(val), vk, sizeof vk) &&
		    !strcmp(vk, k)) {
			st = add(in, def->name, val, query + from, to - from, h);
			h = NULL;
		}
		xs_free(val);
		xs_query_free(h);
	}
	return st;
}

/* Whether records lacking every value of IN from entry FIRST on hold the
 * phrase QUERY[FROM, TO) in their title: then it stays content. */
static int in_other_titles(iio_index *idx, xs_enquire *enq, const char *query, size_t from, size_t to,
			   const iio_interpretation *in, size_t first)
{
	int kind = first < in->n && !strcmp(in->v[first].field, "type");
	char typed[KEY_CAP];
	xs_query *title, *held[IIO_MAX_INTERPRETED], *pair[2], *q = NULL;
	int found = 0;
	size_t n = 0;
	if (to - from >= sizeof typed)
		return 1;
	memcpy(typed, query + from, to - from);
	typed[to - from] = '\0';
	for (char *c = typed; *c; c++)
		if (*c == '"')
			*c = ' ';
	/* A kind of record is named in any text of other kinds (filmpjes
	 * door leerlingen gemaakt: cases tell of them): there it is a topic. */
	if (!(title = kind ? parsed(idx, typed, 0) : held_by(idx, "title", typed)))
		return 0;
	for (size_t i = first; i < in->n; i++)
		held[n++] = in->v[i].held;
	pair[0] = title;
	pair[1] = xs_query_combine(XS_OP_OR, held, n, 0);
	if (pair[1] && (q = xs_query_combine(XS_OP_AND_NOT, pair, 2, 0)))
		found = first_match(enq, q, -1, NULL) != 0;
	xs_query_free(q);
	xs_query_free(pair[1]);
	xs_query_free(title);
	return found;
}

static void drop_from(iio_interpretation *in, size_t first)
{
	while (in->n > first) {
		iio_interp *v = &in->v[--in->n];
		free(v->value);
		free(v->words);
		xs_query_free(v->held);
		memset(v, 0, sizeof *v);
	}
}

/* QUERY's words from the claimed ones (CLAIMED[i]) left out, or kept: a
 * new string of the words of W whose flag is WANT. */
static char *words_where(const char *query, const qword *w, size_t n, const unsigned char *claimed, int want)
{
	size_t len = strlen(query), k = 0;
	char *out = malloc(len + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (claimed[i] != want)
			continue;
		if (k)
			out[k++] = ' ';
		memcpy(out + k, query + w[i].from, w[i].to - w[i].from);
		k += w[i].to - w[i].from;
	}
	out[k] = '\0';
	return out;
}

static int is_question(const char *query, const qword *w, size_t n)
{
	size_t len = strlen(query);
	while (len > 0 && strchr(" \t\r\n", query[len - 1]))
		len--;
	if (n && len && query[len - 1] == '?')
		return 1;
	for (size_t i = 0; n && i < sizeof question_words / sizeof question_words[0]; i++)
		if (!strcmp(w[0].norm, question_words[i]))
			return 1;
	return 0;
}

/* Whether word W was read as a kind of record (type). */
static int is_kind(const iio_interpretation *in, const char *query, const qword *w)
{
	for (size_t i = 0; i < in->n; i++)
		if (!strcmp(in->v[i].field, "type") && strlen(in->v[i].words) == w->to - w->from &&
		    !strncmp(in->v[i].words, query + w->from, w->to - w->from))
			return 1;
	return 0;
}

/* The length of A without a final d, t or dt. */
static size_t dt_stem(const char *a)
{
	size_t l = strlen(a);
	if (l > 2 && !strcmp(a + l - 2, "dt"))
		return l - 2;
	return l > 1 && (a[l - 1] == 'd' || a[l - 1] == 't') ? l - 1 : l;
}

/* Whether A and B are one verb's forms told apart by a final d, t or dt
 * (word, wordt; gebeurd, gebeurt; vind, vindt). */
static int dt_pair(const char *a, const char *b)
{
	size_t sa = dt_stem(a), sb = dt_stem(b);
	return strcmp(a, b) && sa == sb && sa >= 2 && sa < strlen(a) && sb < strlen(b) && !strncmp(a, b, sa);
}

/* The topic of a question about the language in W, or NULL; its words
 * (*FROM, *COUNT of W) marked 1 in CLAIMED: they weigh, the topic is
 * looked for. */
static const char *language_rule(const qword *w, size_t n, unsigned char *claimed, size_t *from, size_t *count)
{
	for (size_t i = 0; i < n; i++) {
		int of = i + 2 < n && !strcmp(w[i + 1].norm, "of");
		const char *topic = NULL;
		*count = 3;
		for (size_t r = 0; !topic && r < sizeof rules / sizeof rules[0]; r++)
			if (!strcmp(w[i].norm, rules[r].a) && (rules[r].b ? of && !strcmp(w[i + 2].norm, rules[r].b) : 1)) {
				topic = rules[r].topic;
				*count = rules[r].b ? 3 : 1;
			}
		if (!topic && of && dt_pair(w[i].norm, w[i + 2].norm))
			topic = "werkwoordspelling werkwoorden";
		if (topic) {
			*from = i;
			memset(claimed + i, 1, *count);
			return topic;
		}
	}
	return NULL;
}

/* The language subjects (that the index has) as values IN holds, named by
 * WORDS. */
static iio_status language_values(iio_index *idx, xs_enquire *enq, const char *words, size_t len,
				  iio_interpretation *in)
{
	iio_status st = IIO_OK;
	for (size_t i = 0; !st && i < sizeof language_subjects / sizeof language_subjects[0]; i++) {
		xs_query *h = held_by(idx, "subject", language_subjects[i]);
		if (!h)
			return IIO_ERR_NOMEM;
		if (first_match(enq, h, -1, NULL) == 1)
			st = add(in, "subject", language_subjects[i], words, len, h);
		else
			xs_query_free(h);
	}
	return st;
}

/* Claim the longest phrase at word I that names values; *TAKEN its words. */
static iio_status claim_at(iio_index *idx, xs_enquire *enq, const char *query, const qword *w, size_t n, size_t i,
			   iio_interpretation *in, size_t *taken)
{
	*taken = 0;
	for (size_t span = MAX_SPAN; span >= 1; span--) {
		char k[KEY_CAP];
		size_t first = in->n;
		iio_status st;
		if (i + span > n)
			continue;
		if (!key(query + w[i].from, w[i + span - 1].to - w[i].from, k, sizeof k))
			continue;
		if ((st = values_named(idx, enq, k, query, w[i].from, w[i + span - 1].to, in)))
			return st;
		if (in->n == first)
			continue;
		if (in_other_titles(idx, enq, query, w[i].from, w[i + span - 1].to, in, first)) {
			drop_from(in, first);
			continue;
		}
		*taken = span;
		return IIO_OK;
	}
	return IIO_OK;
}

iio_status iio__interpret(iio_index *idx, const char *query, iio_interpretation *out)
{
	qword w[MAX_WORDS];
	unsigned char claimed[MAX_WORDS] = {0};
	size_t n, content = 0;
	xs_enquire *enq = NULL;
	char *xerr = NULL;
	const char *topic;
	size_t from = 0, count = 0;
	iio_status st = IIO_OK;

	memset(out, 0, sizeof *out);
	if (!plain_words(query))
		return IIO_OK;
	n = split_words(query, w, MAX_WORDS);
	out->question = is_question(query, w, n);
	if (xs_enquire_new(&enq, idx->db, &xerr)) {
		st = iio__fail(idx, IIO_ERR_INDEX, "cannot read the index's field values: %s", xerr ? xerr : "?");
		xs_free(xerr);
		return st;
	}
	for (size_t v = 0; n >= 2 && v < sizeof how_to_verbs / sizeof how_to_verbs[0]; v++)
		if (!strcmp(w[n - 1].norm, how_to_verbs[v]))
			out->question = claimed[n - 1] = 1;
	if (out->question && n > 2 && !strcmp(w[0].norm, "hoe") && !iio_is_stopword(w[1].norm, strlen(w[1].norm)))
		for (size_t v = 0; v < sizeof frame_verbs / sizeof frame_verbs[0]; v++)
			if (!strcmp(w[1].norm, frame_verbs[v]))
				claimed[1] = 1;
	if ((topic = language_rule(w, n, claimed, &from, &count)))
		st = language_values(idx, enq, query + w[from].from, w[from + count - 1].to - w[from].from, out);
	for (size_t i = 0; !st && i < n;) {
		size_t taken = 0;
		if (claimed[i]) {
			i++;
			continue;
		}
		size_t first = out->n, subjects = 0;
		if (!iio_is_stopword(w[i].norm, strlen(w[i].norm)))
			st = claim_at(idx, enq, query, w, n, i, out, &taken);
		/* A subject names what the records are about: its words stay
		 * words to look for (naamvallen duits: the other Duits videos
		 * lack only naamvallen), the value weighs beside them. */
		for (size_t k = first; k < out->n; k++)
			subjects += !strcmp(out->v[k].field, "subject");
		for (size_t j = i; j < i + taken; j++)
			claimed[j] = subjects && subjects == out->n - first ? 2 : 1;
		i += taken ? taken : 1;
	}
	xs_enquire_free(enq);
	for (size_t i = 0; i < n; i++)
		if (claimed[i] != 1 && !iio_is_stopword(w[i].norm, strlen(w[i].norm)))
			content++;
	/* Nothing but values (casussen in emmen): the values that are no kind
	 * of record are the words looked for (emmen), the kind weighs. A
	 * question about the language (wordt of word) looks for its topic. */
	for (size_t i = 0; !content && !topic && i < n; i++)
		if (claimed[i] == 1 && !is_kind(out, query, &w[i]))
			claimed[i] = 0, content += !iio_is_stopword(w[i].norm, strlen(w[i].norm));
	/* Words left to look for: they are the query, the interpreted words
	 * weigh beside them. None: every word stays (the values order). */
	if (!st && (content || topic) && (memchr(claimed, 1, n) || memchr(claimed, 2, n))) {
		for (size_t i = 0; i < n; i++)
			claimed[i] = claimed[i] == 1;
		out->content = words_where(query, w, n, claimed, 0);
		if (out->content && topic) {
			char *c = NULL;
			if (asprintf(&c, "%s %s", topic, out->content) < 0)
				c = NULL;
			free(out->content);
			out->content = c;
		}
		out->soft = words_where(query, w, n, claimed, 1);
		if (!out->content || !out->soft)
			st = IIO_ERR_NOMEM;
	}
	if (st)
		iio__interpretation_clear(out);
	return st;
}

void iio__interpretation_clear(iio_interpretation *in)
{
	drop_from(in, 0);
	free(in->content);
	free(in->soft);
	memset(in, 0, sizeof *in);
}

/* *Q combined by OP with EXTRA (EXTRA NULL: *Q as it is); 0, or -1 out
 * of memory. */
static int combine(xs_query **q, int op, const xs_query *extra)
{
	xs_query *pair[2], *both;
	if (!*q || !extra)
		return 0;
	pair[0] = *q;
	pair[1] = (xs_query *)extra;
	if (!(both = xs_query_combine(op, pair, 2, 0)))
		return -1;
	xs_query_free(*q);
	*q = both;
	return 0;
}

/* Move the snippet words of SQ into PQ, as far as PQ has room. */
static void take_words(iio_parsed_query *pq, iio_parsed_query *sq)
{
	size_t i;
	for (i = 0; i < sq->nterms && pq->nterms < IIO_MAX_QUERY_TERMS; i++)
		pq->terms[pq->nterms++] = sq->terms[i];
	memmove(sq->terms, sq->terms + i, (sq->nterms - i) * sizeof *sq->terms);
	sq->nterms -= i;
	for (i = 0; i < sq->nstems && pq->nstems < IIO_MAX_QUERY_TERMS; i++)
		pq->stems[pq->nstems++] = sq->stems[i];
	memmove(sq->stems, sq->stems + i, (sq->nstems - i) * sizeof *sq->stems);
	sq->nstems -= i;
}

/* The weight of holding IN's values: IIO_INTERPRETED_WEIGHT each; NULL
 * when none (or out of memory: *NOMEM set). */
static xs_query *values_weight(const iio_interpretation *in, int *nomem)
{
	xs_query *parts[IIO_MAX_INTERPRETED], *out = NULL;
	size_t n = 0;
	for (; n < in->n; n++) {
		const iio_field_def *def = iio_field_named(in->v[n].field, strlen(in->v[n].field));
		xs_query *q = in->v[n].held, *pair[2] = {NULL, NULL}, *unknown = NULL, *either = NULL;
		/* A record that says nothing of its level, stream or subject (a
		 * passage) is not one of another: it counts as holding it. */
		if (def && strcmp(def->name, "type") && strcmp(def->name, "place") && strcmp(def->name, "province") &&
		    strcmp(def->name, "experiment")) {
			pair[0] = xs_query_match_all();
			pair[1] = xs_query_value_range((unsigned)def->facet_slot, "", 0, NULL, 0);
			if (pair[0] && pair[1] && (unknown = xs_query_combine(XS_OP_AND_NOT, pair, 2, 0))) {
				xs_query *alt[2] = {in->v[n].held, unknown};
				q = either = xs_query_combine(XS_OP_OR, alt, 2, 0);
			}
			xs_query_free(pair[0]);
			xs_query_free(pair[1]);
			xs_query_free(unknown);
			if (!q)
				break;
		}
		/* A subject names the topic's domain; a stream, a level, a place
		 * or a kind of record only narrows it. */
		parts[n] = xs_query_constant(q, def && !strcmp(def->name, "subject") ? IIO_INTERPRETED_SUBJECT_WEIGHT
										       : IIO_INTERPRETED_WEIGHT);
		xs_query_free(either);
		if (!parts[n])
			break;
	}
	if (n == in->n && n)
		out = xs_query_combine(XS_OP_OR, parts, n, 0);
	for (size_t i = 0; i < n; i++)
		xs_query_free(parts[i]);
	*nomem = in->n && !out;
	return out;
}

/* The weight of explaining for a question: IIO_QUESTION_WEIGHT on
 * passages, whole documents and profiles. */
static xs_query *explains_weight(iio_index *idx, int *nomem)
{
	xs_query *kinds = parsed(idx, "type:passage OR type:document OR type:profile", 1);
	xs_query *out = kinds ? xs_query_constant(kinds, IIO_QUESTION_WEIGHT) : NULL;
	xs_query_free(kinds);
	*nomem = !out;
	return out;
}

/* PQ's relaxed query OR the records holding one of its values (held as
 * they are, not as unknown), weighing 0. */
static iio_status value_tail(iio_parsed_query *pq, const iio_interpretation *in)
{
	xs_query *held[IIO_MAX_INTERPRETED], *any, *zero;
	iio_status st = IIO_OK;
	for (size_t i = 0; i < in->n; i++)
		held[i] = in->v[i].held;
	any = xs_query_combine(XS_OP_OR, held, in->n, 0);
	zero = any ? xs_query_scale(any, 0.0) : NULL;
	if (!zero || combine(&pq->relaxed, XS_OP_OR, zero))
		st = IIO_ERR_NOMEM;
	xs_query_free(any);
	xs_query_free(zero);
	return st;
}

iio_status iio__apply_interpretation(iio_index *idx, iio_parsed_query *pq, const iio_interpretation *in)
{
	iio_parsed_query sq;
	xs_query *values, *explains = NULL, *soft = NULL;
	/* An explanation is favoured only among records the words find. */
	int question = in->question && pq->strict && !pq->filter_only, nomem = 0, nomem2 = 0;
	/* No content word left: the values find records as the words do. */
	int op = in->content ? XS_OP_AND_MAYBE : XS_OP_OR;
	iio_status st = IIO_OK;
	memset(&sq, 0, sizeof sq);
	if (!in->n && !question)
		return IIO_OK;
	if (in->soft && *in->soft) {
		if ((st = iio__parse_query(&sq, idx->analyzer, idx->db, in->soft, 0, idx->err, sizeof idx->err)))
			return st;
		soft = sq.relaxed ? sq.relaxed : sq.strict;
		take_words(pq, &sq);
	}
	values = values_weight(in, &nomem);
	if (values && !(pq->values = xs_query_scale(values, 0.0)))
		nomem = 1;
	if (question)
		explains = explains_weight(idx, &nomem2);
	if (nomem || nomem2)
		st = IIO_ERR_NOMEM;
	for (int r = 0; !st && r < 3; r++) {
		xs_query **target = r == 2 ? &pq->covered : r ? &pq->relaxed : &pq->strict;
		if (combine(target, XS_OP_AND_MAYBE, soft) || combine(target, r == 2 ? XS_OP_AND_MAYBE : op, values) ||
		    combine(target, XS_OP_AND_MAYBE, explains))
			st = IIO_ERR_NOMEM;
	}
	/* Best match: a record holding a value and none of the words comes
	 * last, weighing nothing (naamvallen duits: the other Duits videos
	 * after every record holding naamvallen). */
	if (!st && in->content && pq->relaxed && in->n)
		st = value_tail(pq, in);
	xs_query_free(values);
	xs_query_free(explains);
	iio__parsed_query_clear(&sq);
	return st;
}

void iio__keep_interpretation(iio_results *res, iio_interpretation *in)
{
	for (size_t i = 0; i < in->n && res->ninterpreted < IIO_MAX_INTERPRETED; i++) {
		iio_interp *v = &res->interpreted[res->ninterpreted++];
		*v = in->v[i];
		v->held = NULL;
		xs_query_free(in->v[i].held);
		memset(&in->v[i], 0, sizeof in->v[i]);
	}
	in->n = 0;
}
