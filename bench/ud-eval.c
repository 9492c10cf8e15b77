/* ud-eval - measure Dutch stemming and decompounding on Universal
 * Dependencies treebanks (CoNLL-U), against their gold lemmas.
 *
 *   ud-eval [--lexicon FILE] [--stemmer iio|xapian:dutch|xapian:kraaij_pohlmann]
 *           [--json] FILE.conllu...
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

int main(int argc, char **argv)
{
	const char *lexpath = getenv("IIO_LEXICON"), *stemmer = "iio";
	int json_out = 0, verbose = 0;
	evaluator ev = {0};
	treebank tb = {json_object(), json_object(), json_object(), json_object(), json_object(), 0};
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
		else
			files[nfiles++] = argv[i];
	}
	if (!nfiles) {
		fprintf(stderr, "usage: ud-eval [--lexicon FILE] [--stemmer iio|xapian:LANG] [--json] [--verbose] FILE.conllu...\n");
		return 2;
	}
	if (open_stemmer(&ev, stemmer, lexpath))
		return 2;
	ev.cache = json_object();

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
	json_decref(tb.pairs);
	json_decref(tb.lemmas);
	json_decref(tb.compounds);
	json_decref(tb.nouns);
	json_decref(tb.others);
	json_decref(ev.cache);
	iio_analyzer_close(ev.analyzer);
	xs_stemmer_free(ev.xapian);
	free(files);
	return 0;
}
