/* ud-eval - measure Dutch stemming and decompounding on Universal
 * Dependencies treebanks (CoNLL-U), against their gold lemmas.
 *
 *   ud-eval [--lexicon FILE] [--stemmer iio|xapian:dutch|xapian:kraaij_pohlmann]
 *           [--json] FILE.conllu...
 *   ud-eval --set NAME=VALUE,... FILE.conllu...   the splitter with other choices
 *   ud-eval --folds K [--json] FILE.conllu...     its choices made on K-1 folds of
 *           the sentences and measured on the one left out, K times
 *   ud-eval --folds K --list-folds FILE.conllu... each sentence's sent_id and fold
 *
 * Tokens: every word line except multiword ranges and empty nodes, and UPOS
 * PUNCT, SYM, NUM, X; forms and lemmas lowercased. "Letters only": Unicode
 * letters throughout. Figures:
 *  conflation       distinct (form, lemma) pairs, letters only, form != lemma
 *                   (so no '_' compound lemmas): share with stem(form) ==
 *                   stem(lemma)
 *  over-conflation  pairs of distinct plain lemmas with the same stem, as a
 *                   share of all pairs of distinct plain lemmas
 *  compound recall  NOUN forms whose lemma has '_': share whose parts cover
 *                   every gold part (compared by stem)
 *  false splits     plain NOUN lemmas of 6+ letters that get split
 *  per part of speech the same for the plain lemmas of 6+ letters of VERB,
 *                   ADJ, ADV, PROPN and the rest ("other"): none of them is
 *                   a compound of nouns, so any split is false
 *  separable verbs  each sentence (its forms, one space apart) through the
 *                   analyzer: recall, the share of split separable verbs (a
 *                   verb whose lemma is written particle_verb, uit_leggen,
 *                   with a compound:prt particle of its own) the analyzer
 *                   joins with that particle; precision, the share of the
 *                   analyzer's joins that join such a verb and its particle
 * Reports; it never fails on a figure (make check compares with a baseline).
 */
#define _GNU_SOURCE
#include "../indexer/analyze.h"
#include "../indexer/compound.h"
#include "../indexer/lex.h"
#include "../indexer/stem.h"
#include "../shim/xs.h"

#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

typedef struct evaluator {
	const iio_lex *lex;
	iio_analyzer *analyzer; /* the product's analyzer over LEX: stems as the index has them */
	xs_stemmer *xapian;
	json_t *cache; /* word -> stem */
} evaluator;

/* Lowercase S in place into a new string (Unicode), NULL on bad UTF-8. */
static char *lower(const char *s)
{
	utf8proc_uint8_t *out = NULL;
	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &out, UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD) < 0)
		return NULL;
	return (char *)out;
}

static int letters_only(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	if (!*s)
		return 0;
	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
		utf8proc_category_t c;
		if (n < 1)
			return 0;
		c = utf8proc_category(cp);
		if (c < UTF8PROC_CATEGORY_LU || c > UTF8PROC_CATEGORY_LO)
			return 0;
		p += n;
	}
	return 1;
}

static int first_stem(void *ctx, const iio_token *t)
{
	char *out = ctx;
	snprintf(out, 512, "%.*s", (int)t->stem_len, t->stem);
	return 1;
}

static const char *stem_of(evaluator *ev, const char *word)
{
	json_t *hit = json_object_get(ev->cache, word);
	char norm[512], out[512];
	if (hit)
		return json_string_value(hit);
	if (ev->xapian) {
		char *s = NULL;
		xs_stemmer_apply(ev->xapian, word, strlen(word), &s);
		snprintf(out, sizeof out, "%s", s ? s : word);
		xs_free(s);
	} else {
		/* The stem the analyzer gives the word as a query: the same as
		 * the index holds (compounds stem by their head). */
		out[0] = '\0';
		iio_analyze(ev->analyzer, IIO_ANA_QUERY, word, strlen(word), first_stem, out);
		if (!out[0]) {
			size_t n = iio_normalize_word(word, strlen(word), norm, sizeof norm);
			snprintf(out, sizeof out, "%s", n ? norm : word);
		}
	}
	json_object_set_new(ev->cache, word, json_string(out));
	return json_string_value(json_object_get(ev->cache, word));
}

/* The analyzer's parts of one word, as the index holds them. */
typedef struct part_list {
	char (*out)[128];
	size_t n;
} part_list;

static int first_parts(void *ctx, const iio_token *t)
{
	part_list *pl = ctx;
	for (size_t i = 0; i < t->nparts && i < IIO_MAX_PARTS; i++)
		snprintf(pl->out[i], 128, "%.*s", (int)t->parts[i].stem_len, t->parts[i].stem);
	pl->n = t->nparts < IIO_MAX_PARTS ? t->nparts : IIO_MAX_PARTS;
	return 1;
}

/* Stems of the parts of WORD (in OUT, max IIO_MAX_PARTS): the analyzer's
 * own, so a head stemmed as the compound's noun (ploeggenoten: genoot,
 * not the verb's geniet) counts as the index has it. */
static size_t part_stems(evaluator *ev, const char *word, char out[][128])
{
	part_list pl = {out, 0};
	if (ev->xapian)
		return 0;
	iio_analyze(ev->analyzer, IIO_ANA_QUERY, word, strlen(word), first_parts, &pl);
	return pl.n;
}

/* What the evaluation counts from the treebanks: form/lemma pairs, lemmas,
 * compound nouns (lemmas written with '_'), plain nouns of 6+ letters, and
 * plain lemmas of 6+ letters of the other parts of speech ("UPOS\tlemma"). */
typedef struct treebank {
	json_t *pairs, *lemmas, *compounds, *nouns, *others;
	long tokens;
} treebank;

/* The parts of speech false splits are reported for; the rest is "other". */
static const char *const split_pos[] = {"VERB", "ADJ", "ADV", "PROPN", "other"};
#define NPOS (sizeof split_pos / sizeof *split_pos)

static size_t pos_index(const char *upos)
{
	for (size_t i = 0; i + 1 < NPOS; i++)
		if (!strcmp(split_pos[i], upos))
			return i;
	return NPOS - 1;
}

/* Add the words of the CoNLL-U file PATH to TB. 0, or -1 after saying why. */
static int read_conllu(const char *path, treebank *tb)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	if (!f) {
		fprintf(stderr, "ud-eval: cannot read %s\n", path);
		return -1;
	}
	while (getline(&line, &cap, f) >= 0) {
		char *col[10], *save = NULL, *form, *lemma;
		int n = 0;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		for (char *t = strtok_r(line, "\t\n", &save); t && n < 10; t = strtok_r(NULL, "\t\n", &save))
			col[n++] = t;
		if (n < 4 || strchr(col[0], '-') || strchr(col[0], '.'))
			continue;
		if (!strcmp(col[3], "PUNCT") || !strcmp(col[3], "SYM") || !strcmp(col[3], "NUM") || !strcmp(col[3], "X"))
			continue;
		tb->tokens++;
		form = lower(col[1]);
		lemma = lower(col[2]);
		if (!form || !lemma) {
			free(form);
			free(lemma);
			continue;
		}
		if (letters_only(form) && letters_only(lemma) && strcmp(form, lemma)) {
			char key[1024];
			snprintf(key, sizeof key, "%s\t%s", form, lemma);
			json_object_set_new(tb->pairs, key, json_true());
		}
		if (letters_only(lemma))
			json_object_set_new(tb->lemmas, lemma, json_true());
		if (!strcmp(col[3], "NOUN")) {
			if (strchr(lemma, '_') && letters_only(form)) {
				char key[1024];
				snprintf(key, sizeof key, "%s\t%s", form, lemma);
				json_object_set_new(tb->compounds, key, json_true());
			} else if (letters_only(lemma) && utf8proc_decompose((const utf8proc_uint8_t *)lemma, -1, NULL, 0,
									   UTF8PROC_NULLTERM) >= 6) {
				json_object_set_new(tb->nouns, lemma, json_true());
			}
		} else if (!strchr(lemma, '_') && letters_only(lemma) &&
			   utf8proc_decompose((const utf8proc_uint8_t *)lemma, -1, NULL, 0, UTF8PROC_NULLTERM) >= 6) {
			char key[1024];
			snprintf(key, sizeof key, "%s\t%s", split_pos[pos_index(col[3])], lemma);
			json_object_set_new(tb->others, key, json_true());
		}
		free(form);
		free(lemma);
	}
	fclose(f);
	free(line);
	return 0;
}

/* What the evaluation counts. */
typedef struct scores {
	long conflated, npairs, nlem, over, covered, ncomp, split, nnoun, stemmed;
	long pos_split[NPOS], pos_n[NPOS];
	long sep_gold, sep_joins, sep_right; /* separable verbs: split in the treebank, joined, joined right */
} scores;

/* Conflation of form/lemma pairs, and over-conflation: lemma pairs that
 * share a stem. */
static void measure_stems(evaluator *ev, const treebank *tb, scores *sc, int verbose)
{
	const char *k;
	json_t *v, *groups = json_object();

	json_object_foreach(tb->pairs, k, v) {
		char buf[1024], *tab;
		snprintf(buf, sizeof buf, "%s", k);
		tab = strchr(buf, '\t');
		*tab = '\0';
		sc->npairs++;
		sc->stemmed += 2;
		if (!strcmp(stem_of(ev, buf), stem_of(ev, tab + 1)))
			sc->conflated++;
		else if (verbose)
			printf("not conflated: %s -> %s, %s -> %s\n", buf, stem_of(ev, buf), tab + 1, stem_of(ev, tab + 1));
	}
	json_object_foreach(tb->lemmas, k, v) {
		const char *s = stem_of(ev, k);
		json_t *g = json_object_get(groups, s);
		long c = g ? (long)json_integer_value(g) : 0;
		sc->over += c; /* pairs formed with the lemmas already in the group */
		json_object_set_new(groups, s, json_integer(c + 1));
		sc->nlem++;
		sc->stemmed++;
	}
	json_decref(groups);
}

static void print_parts(const char *what, const char *word, char ours[][128], size_t np)
{
	if (word)
		printf("%s: %s:", what, word);
	else
		printf("%s:", what);
	for (size_t i = 0; i < np; i++)
		printf(" %s", ours[i]);
	printf("\n");
}

/* Compound recall: compounds whose every part (UD's lemma written with _)
 * is among the parts we find. */
static void measure_compounds(evaluator *ev, const treebank *tb, scores *sc, int verbose)
{
	const char *k;
	json_t *v;

	json_object_foreach(tb->compounds, k, v) {
		char buf[1024], *tab, ours[IIO_MAX_PARTS][128], *save = NULL;
		size_t np;
		int all = 1;
		snprintf(buf, sizeof buf, "%s", k);
		tab = strchr(buf, '\t');
		*tab = '\0';
		np = part_stems(ev, buf, ours);
		for (char *g = strtok_r(tab + 1, "_", &save); g; g = strtok_r(NULL, "_", &save)) {
			const char *gs = stem_of(ev, g);
			int found = 0;
			for (size_t i = 0; i < np; i++)
				found |= !strcmp(ours[i], gs);
			all &= found;
		}
		sc->covered += np > 0 && all;
		sc->ncomp++;
		if (verbose && !(np > 0 && all)) {
			char what[1100];
			snprintf(what, sizeof what, "missed compound: %s (%s)", buf, k + strlen(buf) + 1);
			print_parts(what, NULL, ours, np);
		}
	}
}

/* False splits: plain nouns (and other plain lemmas, by part of speech)
 * that we split though UD says they are no compound. */
static void measure_false_splits(evaluator *ev, const treebank *tb, scores *sc, int verbose)
{
	const char *k;
	json_t *v;

	json_object_foreach(tb->nouns, k, v) {
		char ours[IIO_MAX_PARTS][128];
		size_t np = part_stems(ev, k, ours);
		sc->split += np > 0;
		sc->nnoun++;
		if (verbose && np)
			print_parts("false split", k, ours, np);
	}
	json_object_foreach(tb->others, k, v) {
		char ours[IIO_MAX_PARTS][128], what[64];
		const char *tab = strchr(k, '\t');
		size_t pi = NPOS - 1, np;
		for (size_t i = 0; i < NPOS; i++)
			if (strlen(split_pos[i]) == (size_t)(tab - k) && !strncmp(split_pos[i], k, (size_t)(tab - k)))
				pi = i;
		np = part_stems(ev, tab + 1, ours);
		sc->pos_split[pi] += np > 0;
		sc->pos_n[pi]++;
		snprintf(what, sizeof what, "false split (%s)", split_pos[pi]);
		if (verbose && np)
			print_parts(what, tab + 1, ours, np);
	}
}

/* ---- separable verbs: the analyzer's joins against the treebank's ---- */

#define SEP_MAX_WORDS 512

/* One sentence: its words' offsets in TEXT, and for each the word its
 * compound:prt particle hangs on when that is a particle_verb lemma. */
typedef struct sep_sentence {
	char text[8192];
	size_t len, n, start[SEP_MAX_WORDS];
	int gold_verb[SEP_MAX_WORDS]; /* of a particle: its verb's index, else -1 */
	int verb_sep[SEP_MAX_WORDS];  /* a verb's lemma is written with _ */
	int joined[SEP_MAX_WORDS];    /* a particle: the analyzer joined it with its verb */
	long gold, joins, right;
	int verbose, overflow;        /* overflow: a sentence too long to hold, left out */
} sep_sentence;

static int sep_word_at(const sep_sentence *s, size_t off)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->start[i] == off)
			return (int)i;
	return -1;
}

static int on_join(void *ctx, const iio_token *t)
{
	sep_sentence *s = ctx;
	int a, b, ok;
	if (!(t->flags & IIO_TOKEN_JOINED))
		return 0;
	a = sep_word_at(s, t->start);
	b = sep_word_at(s, t->link_start);
	ok = a >= 0 && b >= 0 && (s->gold_verb[a] == b || s->gold_verb[b] == a);
	s->joins++;
	s->right += ok;
	if (ok)
		s->joined[s->gold_verb[a] == b ? a : b] = 1;
	if (s->verbose && !ok)
		printf("wrong join: %.*s (%.*s ... %.*s) in: %s\n", (int)t->norm_len, t->norm, (int)(t->link_end - t->link_start),
		       s->text + t->link_start, (int)(t->end - t->start), s->text + t->start, s->text);
	return 0;
}

static void sep_sentence_end(evaluator *ev, sep_sentence *s)
{
	if (s->overflow)
		s->n = 0;
	for (size_t i = 0; i < s->n; i++) {
		int h = s->gold_verb[i];
		s->gold_verb[i] = h >= 1 && (size_t)h <= s->n && s->verb_sep[h - 1] ? h - 1 : -1;
		s->gold += s->gold_verb[i] >= 0;
	}
	memset(s->joined, 0, sizeof s->joined);
	if (s->n)
		iio_analyze(ev->analyzer, IIO_ANA_DOCUMENT, s->text, s->len, on_join, s);
	for (size_t i = 0; s->verbose && i < s->n; i++)
		if (s->gold_verb[i] >= 0 && !s->joined[i])
			printf("separable verb not joined: %.*s ... %.*s in: %s\n", (int)strcspn(s->text + s->start[s->gold_verb[i]], " "),
			       s->text + s->start[s->gold_verb[i]], (int)strcspn(s->text + s->start[i], " "), s->text + s->start[i], s->text);
	s->n = s->len = 0;
	s->overflow = 0;
}

/* The split separable verbs of the CoNLL-U file PATH against the
 * analyzer's joins, into SC. */
static void measure_separable(evaluator *ev, const char *path, scores *sc, int verbose)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	sep_sentence *s = calloc(1, sizeof *s);
	if (!f || !s || ev->xapian) {
		if (f)
			fclose(f);
		free(s);
		return;
	}
	s->verbose = verbose;
	while (getline(&line, &cap, f) >= 0) {
		char *col[10], *save = NULL;
		int n = 0;
		if (line[0] == '\n') {
			sep_sentence_end(ev, s);
			continue;
		}
		if (line[0] == '#')
			continue;
		for (char *t = strtok_r(line, "\t\n", &save); t && n < 10; t = strtok_r(NULL, "\t\n", &save))
			col[n++] = t;
		if (n < 8 || strchr(col[0], '-') || strchr(col[0], '.'))
			continue;
		if (s->n == SEP_MAX_WORDS || s->len + strlen(col[1]) + 2 >= sizeof s->text) {
			s->overflow = 1;
			continue;
		}
		if (s->len)
			s->text[s->len++] = ' ';
		s->start[s->n] = s->len;
		memcpy(s->text + s->len, col[1], strlen(col[1]));
		s->len += strlen(col[1]);
		s->text[s->len] = '\0';
		s->verb_sep[s->n] = !strcmp(col[3], "VERB") && strchr(col[2], '_') != NULL;
		s->gold_verb[s->n] = !strcmp(col[7], "compound:prt") ? atoi(col[6]) : -1;
		s->n++;
	}
	sep_sentence_end(ev, s);
	sc->sep_gold += s->gold;
	sc->sep_joins += s->joins;
	sc->sep_right += s->right;
	free(s);
	free(line);
	fclose(f);
}

static void report(const evaluator *ev, const char *stemmer, const treebank *tb, const scores *sc, double stems_per_s,
		   int json_out)
{
	double pct_conf = 100.0 * sc->conflated / (sc->npairs ? sc->npairs : 1);
	double all_pairs = (double)sc->nlem * (sc->nlem - 1) / 2;
	double pct_over = 100.0 * sc->over / (all_pairs > 0 ? all_pairs : 1);
	double pct_comp = 100.0 * sc->covered / (sc->ncomp ? sc->ncomp : 1);
	double pct_false = 100.0 * sc->split / (sc->nnoun ? sc->nnoun : 1);
	if (json_out) {
		printf("{\"stemmer\":\"%s\",\"tokens\":%ld,\"conflation\":%.2f,\"over_conflation\":%.5f,"
		       "\"compound_recall\":%.2f,\"false_splits\":%.2f",
		       stemmer, tb->tokens, pct_conf, pct_over, pct_comp, pct_false);
		for (size_t i = 0; i < NPOS; i++)
			printf(",\"false_splits_%s\":%.2f", split_pos[i], 100.0 * sc->pos_split[i] / (sc->pos_n[i] ? sc->pos_n[i] : 1));
		if (!ev->xapian)
			printf(",\"separable_recall\":%.2f,\"separable_precision\":%.2f",
			       100.0 * sc->sep_right / (sc->sep_gold ? sc->sep_gold : 1),
			       100.0 * sc->sep_right / (sc->sep_joins ? sc->sep_joins : 1));
		printf("}\n");
		return;
	}
	printf("stemmer          %s%s%s\n", stemmer, ev->lex ? ", lexicon " : "", ev->lex ? iio_lex_id(ev->lex) : "");
	printf("tokens           %ld\n", tb->tokens);
	printf("conflation       %.1f%%  (%ld of %ld form/lemma pairs)\n", pct_conf, sc->conflated, sc->npairs);
	printf("over-conflation  %.4f%%  (%ld of %.0f lemma pairs)\n", pct_over, sc->over, all_pairs);
	if (!ev->xapian) {
		printf("compound recall  %.1f%%  (%ld of %ld compound forms)\n", pct_comp, sc->covered, sc->ncomp);
		printf("false splits     %.1f%%  (%ld of %ld plain nouns of 6+ letters)\n", pct_false, sc->split, sc->nnoun);
		for (size_t i = 0; i < NPOS; i++)
			printf("  %-6s         %.1f%%  (%ld of %ld plain lemmas of 6+ letters)\n", split_pos[i],
			       100.0 * sc->pos_split[i] / (sc->pos_n[i] ? sc->pos_n[i] : 1), sc->pos_split[i], sc->pos_n[i]);
		printf("separable verbs  recall %.1f%% (%ld of %ld split verbs joined with their particle), "
		       "precision %.1f%% (%ld of %ld joins)\n",
		       100.0 * sc->sep_right / (sc->sep_gold ? sc->sep_gold : 1), sc->sep_right, sc->sep_gold,
		       100.0 * sc->sep_right / (sc->sep_joins ? sc->sep_joins : 1), sc->sep_right, sc->sep_joins);
	}
	printf("speed            %.0f stems/s (uncached)\n", stems_per_s);
}

/* The stemmer asked for: ours with the lexicon, or one of Xapian's. */
static int open_stemmer(evaluator *ev, const char *stemmer, const char *lexpath)
{
	char *err = NULL;
	if (!strncmp(stemmer, "xapian:", 7)) {
		if (xs_stemmer_new(&ev->xapian, stemmer + 7, &err)) {
			fprintf(stderr, "ud-eval: %s\n", err);
			return -1;
		}
		return 0;
	}
#ifdef IIO_DEFAULT_LEXICON
	if (!lexpath || !*lexpath)
		lexpath = IIO_DEFAULT_LEXICON;
#endif
	if (!lexpath || iio_analyzer_open(&ev->analyzer, lexpath, &err)) {
		fprintf(stderr, "ud-eval: %s\n", err ? err : "give --lexicon FILE (or IIO_LEXICON)");
		return -1;
	}
	ev->lex = iio_analyzer_lex(ev->analyzer);
	return 0;
}

/* ---- the splitter's choices on held-out data (--folds K, --set) ----
 *
 * Every choice of the compound splitter (iio_compound_opts) is a knob with
 * the values worth trying, the shipped one among them. --folds K splits the
 * sentences into K folds by a hash of their sent_id; for each fold it
 * chooses every knob on the other K-1 folds (coordinate ascent from the
 * shipped choices, ties keep the current value) and measures the choice on
 * the fold left out. A word counts in every fold whose sentences hold it. */

typedef struct knob {
	const char *name;
	size_t off; /* of the int in iio_compound_opts */
	int values[7];
	size_t nvalues;
} knob;

#define KNOB(f, ...)                                                                                                 \
	{#f, offsetof(iio_compound_opts, f), {__VA_ARGS__}, sizeof((int[]){__VA_ARGS__}) / sizeof(int)}
static const knob knobs[] = {
	KNOB(min_part, 3, 4, 5),
	KNOB(lex_min_part, 4, 5, 6),
	KNOB(short_noun, 3, 4),
	KNOB(lex_short_head, 3, 4, 5),
	KNOB(entry_whole_max, 0, 7, 8, 9, 10),
	KNOB(flag_head_max, 0, 4, 5, 6),
	KNOB(particle_head_min, 4, 5, 6, 7, 8),
	KNOB(linkers, IIO_LINK_S | IIO_LINK_E | IIO_LINK_EN | IIO_LINK_ER, IIO_LINK_S | IIO_LINK_EN | IIO_LINK_ER,
	     IIO_LINK_S | IIO_LINK_E | IIO_LINK_EN, IIO_LINK_S | IIO_LINK_EN),
	KNOB(freq_test, 0, 1),
	KNOB(freq_margin, -2, -1, 0, 1, 2, 3),
	KNOB(attest_below, 0, 4, 5),
	KNOB(head_content, 0, 1),
	KNOB(no_short_function, 0, 1),
	KNOB(short_headword, 0, 1),
	KNOB(no_inflected_mod, 0, 1),
	KNOB(not_noun_whole, 0, 1),
	KNOB(derivations, 0, 1),
	KNOB(lex_noun_head, 0, 1),
	KNOB(prefixes, 0, 1),
	KNOB(prefixes_wordlike, 0, 1),
	KNOB(particles, 0, 1),
	KNOB(suffix_heads, 0, 1),
	KNOB(headwords_first, 0, 1),
	KNOB(freq_order, 0, 1, 2),
	KNOB(subsplit, 0, 6, 8, 10),
	KNOB(plural_parts, 0, 1),
	KNOB(linker_freq, 0, 1),
	KNOB(noun_heads, 0, 4, 5, 6, 7),
};
#define NKNOBS (sizeof knobs / sizeof *knobs)

static int *knob_at(iio_compound_opts *o, size_t k) { return (int *)((char *)o + knobs[k].off); }

/* --set NAME=VALUE,...: other choices for a plain run. 0, or -1 after
 * saying why. */
static int parse_settings(const char *spec, iio_compound_opts *o)
{
	char buf[1024], *save = NULL;
	snprintf(buf, sizeof buf, "%s", spec);
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(t, '='), *end;
		size_t k = 0;
		long v;
		if (eq)
			*eq = '\0';
		while (k < NKNOBS && strcmp(knobs[k].name, t))
			k++;
		v = eq ? strtol(eq + 1, &end, 10) : 0;
		if (k == NKNOBS || !eq || !eq[1] || *end) {
			fprintf(stderr, "ud-eval: --set: %s is not NAME=NUMBER with a NAME of:", t);
			for (k = 0; k < NKNOBS; k++)
				fprintf(stderr, " %s", knobs[k].name);
			fprintf(stderr, "\n");
			return -1;
		}
		*knob_at(o, k) = (int)v;
	}
	return 0;
}

/* The fold of a sentence: FNV-1a of its sent_id. */
static size_t fold_of(const char *sent_id, size_t nfolds)
{
	unsigned long long h = 1469598103934665603ULL;
	for (const unsigned char *p = (const unsigned char *)sent_id; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return (size_t)(h % nfolds);
}

/* The sentences of the CoNLL-U files, each fold's in a file of its own in
 * DIR (fold-N.conllu), and how many each got (COUNT). With LIST, print
 * "sent_id TAB fold" for each. 0, or -1 after saying why. */
static int split_folds(char **files, int nfiles, size_t nfolds, const char *dir, long *count, int list)
{
	FILE **out = calloc(nfolds, sizeof *out);
	char *line = NULL, path[4200], id[1024];
	size_t cap = 0;
	int rc = 0;
	for (size_t k = 0; k < nfolds && !rc; k++) {
		snprintf(path, sizeof path, "%s/fold-%zu.conllu", dir, k);
		if (!(out[k] = fopen(path, "w"))) {
			fprintf(stderr, "ud-eval: cannot write %s\n", path);
			rc = -1;
		}
	}
	for (int a = 0; a < nfiles && !rc; a++) {
		FILE *f = fopen(files[a], "r");
		char *sent = NULL;
		size_t slen = 0, nsent = 0;
		FILE *cur = NULL;
		if (!f || !(cur = open_memstream(&sent, &slen))) {
			fprintf(stderr, "ud-eval: cannot read %s\n", files[a]);
			rc = -1;
			if (f)
				fclose(f);
			break;
		}
		id[0] = '\0';
		for (int more = 1; more;) {
			more = getline(&line, &cap, f) >= 0;
			if (more && line[0] != '\n') {
				if (!strncmp(line, "# sent_id = ", 12))
					snprintf(id, sizeof id, "%.*s", (int)strcspn(line + 12, "\r\n"), line + 12);
				fputs(line, cur);
				continue;
			}
			fflush(cur);
			if (slen) {
				size_t k;
				nsent++;
				if (!id[0])
					snprintf(id, sizeof id, "%s:%zu", files[a], nsent);
				k = fold_of(id, nfolds);
				fprintf(out[k], "%s\n", sent);
				count[k]++;
				if (list)
					printf("%s\t%zu\n", id, k);
			}
			fclose(cur);
			free(sent);
			sent = NULL;
			slen = 0;
			id[0] = '\0';
			cur = more ? open_memstream(&sent, &slen) : NULL;
		}
		fclose(f);
	}
	for (size_t k = 0; k < nfolds; k++)
		if (out[k] && fclose(out[k]))
			rc = -1;
	free(out);
	free(line);
	return rc;
}

/* The figures of one measurement, in percent. */
typedef struct figures {
	double recall, false_nouns, false_rest, pos[NPOS];
	long ncomp, nnoun, nrest;
} figures;

static figures figures_of(const scores *sc)
{
	figures f = {0};
	long split = 0, n = 0;
	f.recall = 100.0 * sc->covered / (sc->ncomp ? sc->ncomp : 1);
	f.false_nouns = 100.0 * sc->split / (sc->nnoun ? sc->nnoun : 1);
	for (size_t i = 0; i < NPOS; i++) {
		f.pos[i] = 100.0 * sc->pos_split[i] / (sc->pos_n[i] ? sc->pos_n[i] : 1);
		split += sc->pos_split[i];
		n += sc->pos_n[i];
	}
	f.false_rest = 100.0 * split / (n ? n : 1);
	f.ncomp = sc->ncomp;
	f.nnoun = sc->nnoun;
	f.nrest = n;
	return f;
}

/* What a choice is judged by: recall less both rates of false splits
 * (plain nouns; the other parts of speech pooled), a point for a point. */
static double objective(const figures *f) { return f->recall - f->false_nouns - f->false_rest; }

/* Measure the splitter with choices O on TB. */
static figures measure_with(evaluator *ev, const iio_compound_opts *o, const treebank *tb)
{
	scores sc = {0};
	iio_analyzer_set_compound(ev->analyzer, o);
	json_object_clear(ev->cache); /* stems of compounds follow their split */
	measure_compounds(ev, tb, &sc, 0);
	measure_false_splits(ev, tb, &sc, 0);
	return figures_of(&sc);
}

static void treebank_free(treebank *tb)
{
	json_decref(tb->pairs);
	json_decref(tb->lemmas);
	json_decref(tb->compounds);
	json_decref(tb->nouns);
	json_decref(tb->others);
}

static treebank treebank_new(void)
{
	treebank tb = {json_object(), json_object(), json_object(), json_object(), json_object(), 0};
	return tb;
}

/* TB gains the words of FROM. */
static void treebank_add(treebank *tb, const treebank *from)
{
	json_object_update(tb->pairs, from->pairs);
	json_object_update(tb->lemmas, from->lemmas);
	json_object_update(tb->compounds, from->compounds);
	json_object_update(tb->nouns, from->nouns);
	json_object_update(tb->others, from->others);
	tb->tokens += from->tokens;
}

/* Choose every knob on TRAIN: coordinate ascent from the shipped choices
 * until a pass changes nothing (at most 4). Returns the objective on TRAIN. */
static double choose(evaluator *ev, const treebank *train, iio_compound_opts *o)
{
	figures f;
	double best;
	iio_compound_defaults(o);
	f = measure_with(ev, o, train);
	best = objective(&f);
	for (int pass = 0, changed = 1; changed && pass < 4; pass++) {
		changed = 0;
		for (size_t k = 0; k < NKNOBS; k++) {
			int keep = *knob_at(o, k);
			int pick = keep;
			for (size_t v = 0; v < knobs[k].nvalues; v++) {
				double j;
				if (knobs[k].values[v] == keep)
					continue;
				*knob_at(o, k) = knobs[k].values[v];
				f = measure_with(ev, o, train);
				j = objective(&f);
				if (j > best + 1e-9) {
					best = j;
					pick = knobs[k].values[v];
				}
			}
			*knob_at(o, k) = pick;
			changed |= pick != keep;
		}
	}
	return best;
}

static json_t *figures_json(const figures *f)
{
	json_t *j = json_pack("{s:f,s:f,s:f}", "compound_recall", f->recall, "false_splits", f->false_nouns,
			      "false_splits_rest", f->false_rest);
	char key[64];
	for (size_t i = 0; i < NPOS; i++) {
		snprintf(key, sizeof key, "false_splits_%s", split_pos[i]);
		json_object_set_new(j, key, json_real(f->pos[i]));
	}
	return j;
}

/* The sentences of FILES in NFOLDS treebanks (TB), how many sentences each
 * (COUNT); with LIST, each sentence's fold printed. 0, or -1 after saying
 * why. */
static int read_folds(char **files, int nfiles, size_t nfolds, treebank *tb, long *count, int list)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096], path[4200];
	int rc;
	snprintf(dir, sizeof dir, "%s/ud-eval.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		fprintf(stderr, "ud-eval: cannot make a directory in %s\n", tmp && *tmp ? tmp : "/tmp");
		return -1;
	}
	rc = split_folds(files, nfiles, nfolds, dir, count, list);
	for (size_t k = 0; k < nfolds; k++) {
		snprintf(path, sizeof path, "%s/fold-%zu.conllu", dir, k);
		tb[k] = treebank_new();
		if (!rc && !list)
			rc = read_conllu(path, &tb[k]);
		unlink(path);
	}
	rmdir(dir);
	return rc;
}

/* Mean and spread (sample standard deviation, min, max) of the NF held-out
 * figures F, field by field, as JSON and on stdout as text. */
static json_t *spread_of(const figures *f, size_t nf, const char *what, int json_out)
{
	json_t *out = json_object();
	const char *names[3 + NPOS] = {"compound_recall", "false_splits", "false_splits_rest"};
	char keys[NPOS][64];
	if (!json_out)
		printf("%s\n", what);
	for (size_t i = 0; i < NPOS; i++) {
		snprintf(keys[i], sizeof keys[i], "false_splits_%s", split_pos[i]);
		names[3 + i] = keys[i];
	}
	for (size_t m = 0; m < 3 + NPOS; m++) {
		double sum = 0, ss = 0, lo = 1e9, hi = -1e9, mean, sd;
		for (size_t k = 0; k < nf; k++) {
			double v = m == 0 ? f[k].recall : m == 1 ? f[k].false_nouns : m == 2 ? f[k].false_rest : f[k].pos[m - 3];
			sum += v;
			lo = v < lo ? v : lo;
			hi = v > hi ? v : hi;
		}
		mean = sum / (double)nf;
		for (size_t k = 0; k < nf; k++) {
			double v = m == 0 ? f[k].recall : m == 1 ? f[k].false_nouns : m == 2 ? f[k].false_rest : f[k].pos[m - 3];
			ss += (v - mean) * (v - mean);
		}
		sd = nf > 1 ? sqrt(ss / (double)(nf - 1)) : 0;
		json_object_set_new(out, names[m], json_pack("{s:f,s:f,s:f,s:f}", "mean", mean, "sd", sd, "min", lo, "max", hi));
		if (!json_out)
			printf("  %-26s %5.1f%% ± %.1f  (%.1f .. %.1f)\n", names[m], mean, sd, lo, hi);
	}
	return out;
}

/* One fold's line of the text report. */
static void print_fold(size_t k, long nsent, const figures *held, const figures *dflt, double train_j,
		       const iio_compound_opts *o)
{
	iio_compound_opts d;
	iio_compound_defaults(&d);
	printf("fold %zu: %ld sentences, %ld compounds, %ld nouns, %ld other lemmas held out; chosen on the rest "
	       "(objective %.2f):",
	       k, nsent, held->ncomp, held->nnoun, held->nrest, train_j);
	for (size_t i = 0; i < NKNOBS; i++)
		if (*knob_at((iio_compound_opts *)o, i) != *knob_at(&d, i))
			printf(" %s=%d", knobs[i].name, *knob_at((iio_compound_opts *)o, i));
	printf("%s\n  held out: recall %.1f%%, false splits %.1f%% (rest %.1f%%); shipped choices: %.1f%%, %.1f%% "
	       "(%.1f%%)\n",
	       memcmp(o, &d, sizeof d) ? "" : " the shipped choices", held->recall, held->false_nouns,
	       held->false_rest, dflt->recall, dflt->false_nouns, dflt->false_rest);
}

/* One fold's JSON: its size, the choices made without it, the figures on it. */
static json_t *fold_json(size_t k, long nsent, const figures *held, const figures *dflt, double train_j,
			 const iio_compound_opts *o)
{
	json_t *chosen = json_object();
	for (size_t i = 0; i < NKNOBS; i++)
		json_object_set_new(chosen, knobs[i].name, json_integer(*knob_at((iio_compound_opts *)o, i)));
	return json_pack("{s:i,s:i,s:i,s:i,s:i,s:o,s:f,s:o,s:o}", "fold", (json_int_t)k, "sentences", (json_int_t)nsent,
			 "compounds", (json_int_t)held->ncomp, "nouns", (json_int_t)held->nnoun, "rest",
			 (json_int_t)held->nrest, "chosen", chosen, "train_objective", train_j, "heldout",
			 figures_json(held), "heldout_shipped", figures_json(dflt));
}

/* --folds K (see above); with LIST only each sentence's fold. Returns the
 * exit status. */
static int run_folds(evaluator *ev, char **files, int nfiles, size_t nfolds, int json_out, int list)
{
	treebank *tb = calloc(nfolds, sizeof *tb), all = treebank_new();
	long *count = calloc(nfolds, sizeof *count), total = 0;
	figures *held = calloc(nfolds, sizeof *held), *dflt = calloc(nfolds, sizeof *dflt), in;
	json_t *out = json_object(), *folds = json_array(), *changed = json_object();
	iio_compound_opts shipped;
	int rc = read_folds(files, nfiles, nfolds, tb, count, list);
	iio_compound_defaults(&shipped);
	for (size_t k = 0; k < nfolds && !rc && !list; k++) {
		treebank train = treebank_new();
		iio_compound_opts o;
		double j;
		for (size_t t = 0; t < nfolds; t++)
			if (t != k)
				treebank_add(&train, &tb[t]);
		j = choose(ev, &train, &o);
		held[k] = measure_with(ev, &o, &tb[k]);
		dflt[k] = measure_with(ev, &shipped, &tb[k]);
		treebank_add(&all, &tb[k]);
		total += count[k];
		for (size_t i = 0; i < NKNOBS; i++)
			if (*knob_at(&o, i) != *knob_at(&shipped, i))
				json_object_set_new(changed, knobs[i].name,
						    json_integer(json_integer_value(json_object_get(changed, knobs[i].name)) + 1));
		json_array_append_new(folds, fold_json(k, count[k], &held[k], &dflt[k], j, &o));
		if (!json_out)
			print_fold(k, count[k], &held[k], &dflt[k], j, &o);
		treebank_free(&train);
	}
	if (!rc && !list) {
		in = measure_with(ev, &shipped, &all);
		json_object_set_new(out, "folds", json_integer((json_int_t)nfolds));
		json_object_set_new(out, "sentences", json_integer(total));
		json_object_set_new(out, "objective", json_string("compound_recall - false_splits - false_splits_rest"));
		json_object_set_new(out, "fold", folds);
		json_object_set_new(out, "heldout", spread_of(held, nfolds, "held out, choices made on the other folds:", json_out));
		json_object_set_new(out, "heldout_shipped", spread_of(dflt, nfolds, "held out, the shipped choices:", json_out));
		json_object_set_new(out, "in_sample_shipped", figures_json(&in));
		json_object_set_new(out, "folds_choosing_otherwise", changed);
		if (json_out)
			json_dumpf(out, stdout, JSON_COMPACT), printf("\n");
		else
			printf("in sample, the shipped choices: recall %.1f%%, false splits %.1f%% (rest %.1f%%)\n", in.recall,
			       in.false_nouns, in.false_rest);
	} else {
		json_decref(folds);
		json_decref(changed);
	}
	for (size_t k = 0; k < nfolds; k++)
		treebank_free(&tb[k]);
	treebank_free(&all);
	json_decref(out);
	free(tb);
	free(count);
	free(held);
	free(dflt);
	return rc ? 2 : 0;
}

int main(int argc, char **argv)
{
	const char *lexpath = getenv("IIO_LEXICON"), *stemmer = "iio";
	int json_out = 0, verbose = 0, list_folds = 0;
	long nfolds = 0;
	const char *settings = NULL;
	iio_compound_opts copts;
	evaluator ev = {0};
	treebank tb = treebank_new();
	scores sc = {0};
	double t0, speed;

	char **files = calloc((size_t)argc, sizeof *files);
	int nfiles = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--lexicon") && i + 1 < argc)
			lexpath = argv[++i];
		else if (!strcmp(argv[i], "--stemmer") && i + 1 < argc)
			stemmer = argv[++i];
		else if (!strcmp(argv[i], "--json"))
			json_out = 1;
		else if (!strcmp(argv[i], "--verbose"))
			verbose = 1;
		else if (!strcmp(argv[i], "--folds") && i + 1 < argc)
			nfolds = strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--list-folds"))
			list_folds = 1;
		else if (!strcmp(argv[i], "--set") && i + 1 < argc)
			settings = argv[++i];
		else
			files[nfiles++] = argv[i];
	}
	if (!nfiles) {
		fprintf(stderr, "usage: ud-eval [--lexicon FILE] [--stemmer iio|xapian:LANG] [--json] [--verbose]\n"
				"               [--set NAME=VALUE,...] [--folds K [--list-folds]] FILE.conllu...\n");
		return 2;
	}
	if ((nfolds || list_folds || settings) && strcmp(stemmer, "iio")) {
		fprintf(stderr, "ud-eval: --folds and --set measure the iio splitter: no --stemmer with them\n");
		return 2;
	}
	if ((nfolds || list_folds) && (nfolds < 2 || nfolds > 100)) {
		fprintf(stderr, "ud-eval: --folds takes 2 to 100\n");
		return 2;
	}
	if (open_stemmer(&ev, stemmer, lexpath))
		return 2;
	ev.cache = json_object();
	iio_compound_defaults(&copts);
	if (settings && parse_settings(settings, &copts))
		return 2;
	if (ev.analyzer)
		iio_analyzer_set_compound(ev.analyzer, &copts);
	if (nfolds) {
		int rc = run_folds(&ev, files, nfiles, (size_t)nfolds, json_out, list_folds);
		treebank_free(&tb); /* (the folds read the files into treebanks of their own) */
		json_decref(ev.cache);
		iio_analyzer_close(ev.analyzer);
		free(files);
		return rc;
	}

	for (int a = 0; a < nfiles; a++)
		if (read_conllu(files[a], &tb))
			return 2;

	t0 = (double)clock() / CLOCKS_PER_SEC;
	measure_stems(&ev, &tb, &sc, verbose);
	measure_compounds(&ev, &tb, &sc, verbose);
	measure_false_splits(&ev, &tb, &sc, verbose);
	speed = sc.stemmed / (((double)clock() / CLOCKS_PER_SEC - t0) + 1e-9);
	for (int a = 0; a < nfiles; a++)
		measure_separable(&ev, files[a], &sc, verbose);
	report(&ev, stemmer, &tb, &sc, speed, json_out);
	treebank_free(&tb);
	json_decref(ev.cache);
	iio_analyzer_close(ev.analyzer);
	xs_stemmer_free(ev.xapian);
	free(files);
	return 0;
}
