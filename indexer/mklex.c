/* mklex - build the compiled Dutch lexicon (lex.h) at build time.
 *
 *   mklex --words /usr/share/dict/dutch --hunspell /usr/share/hunspell/nl \
 *         --entries /usr/share/dictd/freedict-nld-eng.index \
 *         --strong indexer/lexicon/strong-verbs.txt \
 *         --irregular indexer/lexicon/irregular.txt \
 *         --field indexer/lexicon/field-words.txt -o lib/iio-search/nl.lex
 *
 * For every word of the OpenTaal list it decides the stem key:
 *  - hunspell-nl's affix analysis names the headword an inflected form comes
 *    from (leraren: st:leraar ts:NN2; werkte: st:werk ts:VBh1); verb stems
 *    seen there form the set of verbs;
 *  - an -en form whose body, spelled as a stem, is such a verb is that
 *    verb's infinitive (lopen -> loop); ge...t/d whose middle is a verb stem
 *    is its participle (gewerkt -> werk);
 *  - strong verbs and irregular forms come from the override lists;
 *  - chains are followed (filmpjes -> filmpje -> film).
 * Nothing here reads the corpus: a word is analyzed the same whatever else
 * gets indexed.
 */
#define _GNU_SOURCE
#include "analyze.h"
#include "lex.h"
#include "stem.h"

#include <errno.h>
#include <hunspell/hunspell.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char norm_buf[IIO_MAX_TOKEN_BYTES * 4 + 1];

/* The analyzer's normalized form of S (static buffer), NULL if none. */
static const char *norm(const char *s)
{
	size_t n = iio_normalize_word(s, strlen(s), norm_buf, sizeof norm_buf);
	return n ? norm_buf : NULL;
}

static void die(const char *what, const char *path)
{
	fprintf(stderr, "mklex: %s %s: %s\n", what, path, strerror(errno));
	exit(1);
}

/* words: normalized word -> flags (integer); keys: word -> key (string);
 * verbs: verb stems hunspell saw; dicflags: headword -> its affix flags;
 * fixed: forms whose key comes from the override lists (chains stop there) */
static json_t *words, *keys, *verbs, *dicflags, *fixed;
/* forms of verbs with a particle keyed to particle + verb stem (uitlegt:
 * uitleg): their flags are their own, not their key's (the noun uitleg) */
static json_t *particle_keyed;

/* hunspell-nl's compounding flags of headword W (its affix file: COMPOUNDBEGIN
 * Ca, COMPOUNDMIDDLE Cb, COMPOUNDEND Cc; Cd/Ch/Ce add a linking s or e). */
static int compound_flags(const char *w)
{
	const char *f = json_string_value(json_object_get(dicflags, w));
	int out = f ? IIO_LEX_CKNOWN : 0;
	for (; f && f[0] && f[1]; f += 2) {
		/* Ca begin, Cb middle; Cd, Ch, Ce: begin with a linking s or e. */
		if (f[0] == 'C' && (f[1] == 'a' || f[1] == 'b' || f[1] == 'd' || f[1] == 'h' || f[1] == 'e'))
			out |= IIO_LEX_CBEGIN;
		if (f[0] == 'C' && f[1] == 'c')
			out |= IIO_LEX_CEND;
	}
	return out;
}

/* Does headword W carry a noun's affix flags? In hunspell-nl Zx are the
 * plural classes (Za -s, Zb -en, Ze -en with a doubled consonant) and Cx the
 * compounding classes, which only nouns have. */
static int is_noun_headword(const char *w)
{
	const char *f = json_string_value(json_object_get(dicflags, w));
	for (; f && f[0] && f[1]; f += 2)
		if (f[0] == 'C' || f[0] == 'Z')
			return 1;
	return 0;
}

/* The classes hunspell-nl gives headword W by its affix flags: 1 noun (Z,
 * the plural classes), 2 verb (V) or adjective (A). huis/V3 is also
 * huis/Zh: both. */
static int word_classes(const char *w)
{
	const char *f = w ? json_string_value(json_object_get(dicflags, w)) : NULL;
	int c = 0;
	for (; f && f[0] && f[1]; f += 2)
		c |= f[0] == 'Z' ? 1 : f[0] == 'V' || f[0] == 'A' ? 2 : 0;
	return c;
}

/* Is W (or its headword KEY) a verb or adjective and never a noun:
 * ondersteunen, beslissen, hoofdzakelijk; not huizen, scholen. */
static int only_verb_or_adjective(const char *w, const char *key)
{
	return (word_classes(w) | word_classes(key)) == 2;
}

static void add_flag(const char *w, int flag)
{
	json_t *f = json_object_get(words, w);
	json_object_set_new(words, w, json_integer((f ? json_integer_value(f) : 0) | flag));
}

static void set_key(const char *w, const char *key, int force)
{
	if (!strcmp(w, key))
		return;
	if (force || !json_object_get(keys, w))
		json_object_set_new(keys, w, json_string(key));
}

/* The stem of verb infinitive INF (normalized): a spelling variant of its
 * body that hunspell saw as a verb stem; else INF itself. */
static const char *verb_key(const char *inf, char *buf)
{
	size_t len = strlen(inf);
	char cand[8][IIO_STEM_MAX];
	size_t n;
	if (len < 4 || strcmp(inf + len - 2, "en"))
		return inf;
	n = iio_stem_variants(inf, len - 2, cand, 8);
	for (size_t i = 0; i < n; i++)
		if (json_object_get(verbs, cand[i])) {
			strcpy(buf, cand[i]);
			return buf;
		}
	return inf;
}

/* Noun readings first (paarden: paard, not the verb paren), then verbs,
 * then adjectives. */
static int class_rank(const char *ts)
{
	if (!strncmp(ts, "NN", 2))
		return 3;
	if (!strncmp(ts, "VB", 2))
		return 2;
	if (!strncmp(ts, "AJ", 2))
		return 1;
	return 0;
}

/* Hunspell's best headword for ORIG (normalized into BEST), and note verb
 * stems. 1 when found. */
static int analyze(Hunhandle *h, const char *orig, const char *w, char *best)
{
	char **list;
	int n = Hunspell_analyze(h, &list, orig), found = 0, best_rank = 0;
	size_t best_len = 0;
	for (int i = 0; i < n; i++) {
		const char *st = strstr(list[i], "st:"), *ts = strstr(list[i], "ts:");
		char stem[128];
		const char *ns;
		int rank;
		if (!st || !ts || strstr(list[i], "pa:"))
			continue; /* compounds are split by the analyzer itself */
		sscanf(st + 3, "%127s", stem);
		ns = norm(stem);
		if (!ns)
			continue;
		rank = class_rank(ts + 3);
		if (rank == 2)
			json_object_set_new(verbs, ns, json_true());
		if (!rank || !strcmp(ns, w))
			continue;
		/* A noun headword is its own lemma: meester is no comparative. */
		if (rank < 3 && is_noun_headword(w))
			continue;
		/* Prefer noun over verb over adjective readings; then for nouns
		 * the longer headword (scholen: school, not schol), for verbs the
		 * shorter (betekende: beteken, not the participle betekend). */
		if (rank > best_rank ||
		    (rank == best_rank && (rank == 2 ? strlen(ns) < best_len : strlen(ns) > best_len))) {
			strcpy(best, ns);
			best_rank = rank;
			best_len = strlen(ns);
			found = 1;
		}
	}
	Hunspell_free_list(h, &list, n);
	/* A plural in -en whose singular hunspell spelled short (benen: ben)
	 * when the open-syllable spelling is a noun headword (been). */
	if (found && best_rank == 3) {
		size_t wl = strlen(w);
		char cand[8][IIO_STEM_MAX];
		size_t nc = wl > 4 && !strcmp(w + wl - 2, "en") ? iio_stem_variants(w, wl - 2, cand, 8) : 0;
		for (size_t i = 0; i < nc; i++)
			if (strlen(cand[i]) > strlen(best) && !strncmp(cand[i], best, 2) && is_noun_headword(cand[i]))
				strcpy(best, cand[i]);
	}
	return found;
}

static char **read_lines(const char *path, size_t *count)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, **v = NULL;
	size_t cap = 0, n = 0, vcap = 0;
	ssize_t len;
	if (!f)
		die("cannot read", path);
	while ((len = getline(&line, &cap, f)) >= 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		if (n == vcap && !(v = realloc(v, (vcap = vcap ? vcap * 2 : 1024) * sizeof *v)))
			die("out of memory reading", path);
		v[n++] = strdup(line);
	}
	free(line);
	fclose(f);
	*count = n;
	return v;
}

static int write_lex(const char *out)
{
	iio_lex_header hdr;
	size_t n = json_object_size(words), nslots = 1024, pool_size = 0, pool_cap = n * 32 + 1024;
	uint32_t *slots;
	unsigned char *pool = malloc(pool_cap);
	const char *w;
	json_t *f;
	FILE *fp;
	char tmp[4096];

	while (nslots < n * 2)
		nslots *= 2;
	slots = calloc(nslots, sizeof *slots);
	if (!slots || !pool)
		die("out of memory writing", out);
	json_object_foreach(words, w, f) {
		size_t len = strlen(w);
		const char *key = json_string_value(json_object_get(keys, w));
		const char *fk = json_object_get(particle_keyed, w) ? NULL : key; /* whose flags count */
		size_t klen = key ? strlen(key) : 0;
		int flags = (int)json_integer_value(f) | (key ? IIO_LEX_KEY : 0) |
			    (only_verb_or_adjective(w, fk) ? IIO_LEX_NOT_NOUN : 0) |
			    (is_noun_headword(w) || (fk && is_noun_headword(fk)) ? IIO_LEX_NOUN : 0) |
			    compound_flags(w) | (fk ? compound_flags(fk) : 0);
		uint32_t i, mask = (uint32_t)nslots - 1;
		if (len > 255 || klen > 255)
			continue;
		if (pool_size + len + klen + 4 > pool_cap && !(pool = realloc(pool, pool_cap *= 2)))
			die("out of memory writing", out);
		uint32_t h = iio_lex_hash32(w, len);
		if (pool_size + 1 > IIO_LEX_OFFSET_MASK)
			die("the word pool outgrew the 24-bit slot offsets writing", out);
		for (i = h & mask; slots[i]; i = (i + 1) & mask)
			;
		slots[i] = (h & ~IIO_LEX_OFFSET_MASK) | ((uint32_t)pool_size + 1);
		pool[pool_size++] = (unsigned char)(flags & 0xff);
		pool[pool_size++] = (unsigned char)(flags >> 8);
		pool[pool_size++] = (unsigned char)len;
		memcpy(pool + pool_size, w, len);
		pool_size += len;
		pool[pool_size++] = (unsigned char)klen;
		memcpy(pool + pool_size, key, klen);
		pool_size += klen;
	}
	memset(&hdr, 0, sizeof hdr);
	memcpy(hdr.magic, IIO_LEX_MAGIC, 8);
	hdr.nslots = (uint32_t)nslots;
	hdr.nwords = (uint32_t)n;
	hdr.pool_size = (uint32_t)pool_size;
	hdr.hash = iio_fnv64(iio_fnv64(IIO_FNV64_INIT, slots, nslots * 4), pool, pool_size);
	snprintf(tmp, sizeof tmp, "%s.tmp", out);
	fp = fopen(tmp, "wb");
	if (!fp || fwrite(&hdr, sizeof hdr, 1, fp) != 1 || fwrite(slots, 4, nslots, fp) != nslots ||
	    fwrite(pool, 1, pool_size, fp) != pool_size || fclose(fp) || rename(tmp, out))
		die("cannot write", out);
	fprintf(stderr, "mklex: %zu words, %zu stem keys, %zu verb stems -> %s (%zu bytes, hash %016llx)\n", n,
		json_object_size(keys), json_object_size(verbs), out, sizeof hdr + nslots * 4 + pool_size,
		(unsigned long long)hdr.hash);
	free(slots);
	free(pool);
	return 0;
}

/* Headwords of the hunspell dictionary DIC, with their affix flags. */
static void load_headwords(const char *dic)
{
	char **lines;
	size_t n;
	const char *w;

	lines = read_lines(dic, &n);
	for (size_t i = 1; i < n; i++) { /* line 1 is the count */
		char *slash = strchr(lines[i], '/'), *fl = NULL;
		if (slash) {
			*slash = '\0';
			fl = slash + 1;
		}
		if ((w = norm(lines[i]))) {
			char word[IIO_MAX_TOKEN_BYTES * 4 + 1];
			json_t *old;
			snprintf(word, sizeof word, "%s", w);
			add_flag(word, IIO_LEX_BASE);
			if (fl) {
				char both[512];
				old = json_object_get(dicflags, word);
				snprintf(both, sizeof both, "%s%s", old ? json_string_value(old) : "", fl);
				json_object_set_new(dicflags, word, json_string(both));
			}
		}
		free(lines[i]);
	}
	free(lines);
}

/* The word list, analyzed by hunspell H; and the infinitives and
 * participles of the verbs seen. */
static void analyze_wordlist(Hunhandle *h, const char *wordlist)
{
	char **lines, best[256], buf[IIO_STEM_MAX];
	size_t n;
	const char *w;

	lines = read_lines(wordlist, &n);
	for (size_t i = 0; i < n; i++) {
		char nw[256];
		if (!(w = norm(lines[i])) || strlen(w) >= sizeof nw) {
			free(lines[i]);
			continue;
		}
		strcpy(nw, w);
		add_flag(nw, IIO_LEX_WORD);
		if (analyze(h, lines[i], nw, best))
			set_key(nw, best, 0);
	}
	/* Infinitives and participles of the verbs seen. */
	for (size_t i = 0; i < n; i++) {
		char nw[256];
		size_t len;
		if (!(w = norm(lines[i])) || strlen(w) >= sizeof nw) {
			free(lines[i]);
			continue;
		}
		strcpy(nw, w);
		len = strlen(nw);
		if (len >= 4 && !strcmp(nw + len - 2, "en") && !is_noun_headword(nw)) {
			/* A plural reading hunspell gave (wegen: weg) is kept; a
			 * noun headword (molen) is no infinitive (of mollen). */
			const char *k = verb_key(nw, buf);
			if (k != nw)
				set_key(nw, k, 0);
		}
		/* Participles and forms in -t/-d(e): ge+wacht, ge+werk+t,
		 * vertel+d, gewerk+te; the middle must be a verb stem. */
		if (len >= 5 && !is_noun_headword(nw)) {
			size_t skip = !strncmp(nw, "ge", 2) && len >= 6 ? 2 : 0;
			size_t cuts[3] = {0, 1, 2};
			for (size_t c = 0; c < 3; c++) {
				char mid[256];
				size_t cut = cuts[c];
				if (cut == 1 && nw[len - 1] != 't' && nw[len - 1] != 'd')
					continue;
				if (cut == 2 && !(nw[len - 1] == 'e' && (nw[len - 2] == 't' || nw[len - 2] == 'd')))
					continue;
				if (cut == 0 && !skip)
					continue; /* the word itself: only ge+stem (gewacht) */
				if (len - skip - cut < 3)
					continue;
				memcpy(mid, nw + skip, len - skip - cut);
				mid[len - skip - cut] = '\0';
				if (json_object_get(verbs, mid)) {
					set_key(nw, mid, skip || cut == 2);
					break;
				}
			}
		}
		free(lines[i]);
	}
	free(lines);
}

/* Strong verbs: every form to the verb's stem, except a form that is
 * itself an infinitive (weten: weet, though wijten has weten). */
static void add_strong_verbs(const char *strong)
{
	char **lines, buf[IIO_STEM_MAX];
	size_t n;
	const char *w;

	lines = read_lines(strong, &n);
	{
		json_t *infinitives = json_object();
		for (size_t i = 0; i < n; i++) {
			char first[128];
			if (sscanf(lines[i], "%127s", first) == 1 && (w = norm(first)))
				json_object_set_new(infinitives, w, json_true());
		}
		json_object_set(fixed, "", json_null()); /* keep the object non-empty */
		json_object_update(fixed, infinitives);
		json_decref(infinitives);
	}
	for (size_t i = 0; i < n; i++) {
		char *save = NULL, *tok, inf[128], key[128];
		tok = strtok_r(lines[i], " \t", &save);
		if (!tok || !(w = norm(tok)))
			continue;
		strcpy(inf, w);
		strcpy(key, verb_key(inf, buf));
		add_flag(inf, IIO_LEX_WORD);
		set_key(inf, key, 1);
		while ((tok = strtok_r(NULL, " \t|", &save)))
			if ((w = norm(tok))) {
				char form[128];
				strcpy(form, w);
				add_flag(form, IIO_LEX_WORD);
				if (is_noun_headword(form) || json_object_get(fixed, form))
					continue; /* voer (fodder) stays, though varen has voer */
				set_key(form, key, 1);
				json_object_set_new(fixed, form, json_true());
			}
		free(lines[i]);
	}
	free(lines);
}

/* Irregular forms: form lemma. */
static void add_irregular(const char *irregular)
{
	char **lines;
	size_t n;
	const char *w;

	lines = read_lines(irregular, &n);
	for (size_t i = 0; i < n; i++) {
		char *sp = strchr(lines[i], ' '), form[128], lemma[128];
		const json_t *lk;
		if (!sp || !(w = norm(lines[i] + (sp - lines[i]) + 1)))
			continue;
		strcpy(lemma, w);
		*sp = '\0';
		if (!(w = norm(lines[i])))
			continue;
		strcpy(form, w);
		lk = json_object_get(keys, lemma);
		add_flag(form, IIO_LEX_WORD);
		add_flag(lemma, IIO_LEX_WORD);
		set_key(form, lk ? json_string_value(lk) : lemma, 1);
		json_object_set_new(fixed, form, json_true());
		free(lines[i]);
	}
	free(lines);
}

/* Headwords of a general dictionary (a dictd index: headword, tab,
 * offset, tab, length): single words of the list only. */
static void mark_entries(const char *entries)
{
	char **lines;
	size_t n;
	const char *w;

	lines = read_lines(entries, &n);
	for (size_t i = 0; i < n; i++) {
		char *tab = strchr(lines[i], '\t');
		if (tab)
			*tab = '\0';
		if (tab && !strchr(lines[i], ' ') && (w = norm(lines[i])) && json_object_get(words, w))
			add_flag(w, IIO_LEX_ENTRY);
		free(lines[i]);
	}
	free(lines);
}

/* The field's own words. */
static void add_field_words(const char *field)
{
	char **lines;
	size_t n;
	const char *w;

	lines = read_lines(field, &n);
	for (size_t i = 0; i < n; i++) {
		if ((w = norm(lines[i])))
			add_flag(w, IIO_LEX_WORD | IIO_LEX_FIELD);
		free(lines[i]);
	}
	free(lines);
}

/* Follow chains, so every key is final (filmpjes -> filmpje -> film). */
/* Adjectives of languages and peoples: the -e form has the -s word as its
 * lemma (engelse: engels, nederlandse: nederlands, not the country
 * nederland; portugese: portugees), like dagelijkse: dagelijks. Only after
 * a consonant (base, rose and muse are no forms of bas, ros, mus). */
static void add_s_adjectives(void)
{
	const char *w;
	json_t *v;
	char base[256];
	json_object_foreach(words, w, v) {
		size_t len = strlen(w);
		if (len < 6 || len >= sizeof base || strcmp(w + len - 2, "se") || strchr("aeiouy", w[len - 3]))
			continue;
		memcpy(base, w, len - 1);
		base[len - 1] = '\0';
		if (json_object_get(words, base))
			set_key(w, base, 1);
	}
	json_object_foreach(words, w, v) {
		size_t len = strlen(w);
		if (len < 7 || len >= sizeof base || strcmp(w + len - 3, "ese"))
			continue;
		memcpy(base, w, len - 3);
		memcpy(base + len - 3, "ees", 4);
		if (json_object_get(words, base))
			set_key(w, base, 1);
	}
}

static void follow_chains(void)
{
	const char *w;
	json_t *v;

	json_object_foreach(keys, w, v) {
		char key[256];
		snprintf(key, sizeof key, "%s", json_string_value(v));
		for (int hop = 0; hop < 4 && !json_object_get(fixed, w); hop++) {
			json_t *next = json_object_get(fixed, key) ? NULL : json_object_get(keys, key);
			if (!next || !strcmp(json_string_value(next), key) || !strcmp(json_string_value(next), w))
				break;
			snprintf(key, sizeof key, "%s", json_string_value(next));
		}
		if (strcmp(key, json_string_value(v)))
			json_string_set(v, key);
		if (!json_object_get(words, key))
			add_flag(key, IIO_LEX_WORD);
	}
}

/* Verbs with a separable particle and their forms stem as the particle
 * plus the stem of the verb they are made of (uitleggen, uitlegt, uitlegde,
 * uitgelegd -> uitleg; opgegeven -> opgeef), so the forms written whole and
 * the verb the analyzer joins from its split forms (legt ... uit) share one
 * stem, and a noun that is that stem (de uitleg) is the same word. A word
 * is taken apart as particle + rest when the rest is a form of a verb
 * (its key is a verb stem hunspell saw) and the word's key is none, itself,
 * or that bare verb stem (hunspell-nl reads uitlegt as a form of leg);
 * words keyed elsewhere keep their key (afspraken: afspraak); and the
 * verb itself, particle + an infinitive of that stem, must be in the word
 * list (not toerist: toe + rist). After the chains: the rest's key is
 * final; forms keyed to a word whose key changes follow it (overleed:
 * overlijden -> overlijd). */
/* Is particle W[0..pl) + an infinitive of verb stem STEM in the word list,
 * an infinitive that stems as STEM? */
static int has_particle_infinitive(const char *w, size_t pl, const char *stem)
{
	char inf[6][IIO_STEM_MAX], word[2 * IIO_STEM_MAX];
	size_t ni = iio_stem_infinitives(stem, strlen(stem), inf, 6);
	for (size_t i = 0; i < ni; i++) {
		const char *ik = json_string_value(json_object_get(keys, inf[i]));
		snprintf(word, sizeof word, "%.*s%s", (int)pl, w, inf[i]);
		if (json_object_get(words, word) && !strcmp(ik ? ik : inf[i], stem))
			return 1;
	}
	return 0;
}

static void add_particle_verbs(void)
{
	const char *w;
	json_t *v;
	json_t *todo = particle_keyed;

	json_object_foreach(words, w, v) {
		size_t len = strlen(w), pl;
		const char *rest, *rk, *wk;
		char key[256];
		if (!(json_integer_value(v) & IIO_LEX_WORD) || len >= sizeof key)
			continue;
		if (!(pl = iio_particle_prefix(w, len)) || len - pl < 3)
			continue;
		rest = w + pl;
		if (!json_object_get(words, rest))
			continue;
		rk = json_string_value(json_object_get(keys, rest));
		if (!rk)
			rk = rest;
		if (!json_object_get(verbs, rk) && !json_object_get(fixed, rest) && !json_object_get(fixed, rk))
			continue; /* no verb: hunspell's verb stems, the strong verbs' forms */
		wk = json_string_value(json_object_get(keys, w));
		if (wk && strcmp(wk, rk) && strcmp(wk, w))
			continue;
		if (!has_particle_infinitive(w, pl, rk))
			continue;
		snprintf(key, sizeof key, "%.*s%s", (int)pl, w, rk);
		if (strcmp(key, w))
			json_object_set_new(todo, w, json_string(key));
	}
	json_object_foreach(todo, w, v) {
		const char *k = json_string_value(v);
		json_object_set_new(keys, w, json_string(k));
		if (!json_object_get(words, k))
			add_flag(k, IIO_LEX_WORD);
	}
	json_object_foreach(keys, w, v) {
		json_t *moved = json_object_get(todo, json_string_value(v));
		if (moved && !json_object_get(todo, w))
			json_string_set(v, json_string_value(moved));
	}
	fprintf(stderr, "mklex: %zu forms of verbs with a particle keyed to particle + verb stem\n", json_object_size(todo));
}

/* Word frequencies of running text (mkfreq's "word<TAB>count" lines): each
 * known word gets its frequency class in bits 10-15 of its flags. */
static void mark_frequencies(const char *path)
{
	char **lines;
	size_t n;

	lines = read_lines(path, &n);
	for (size_t i = 0; i < n; i++) {
		char *tab = strchr(lines[i], '\t');
		long count = tab ? strtol(tab + 1, NULL, 10) : 0;
		if (tab && count > 0) {
			*tab = '\0';
			if (json_object_get(words, lines[i])) {
				long cls = lround(2 * log2((double)count + 1));
				add_flag(lines[i], (int)((cls > 63 ? 63 : cls) << IIO_LEX_FREQ_SHIFT));
			}
		}
		free(lines[i]);
	}
	free(lines);
}

int main(int argc, char **argv)
{
	const char *wordlist = NULL, *entries = NULL, *hun = NULL, *strong = NULL, *irregular = NULL, *field = NULL, *freq = NULL, *out = NULL;
	char aff[1024], dic[1024];
	Hunhandle *h;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--words"))
			wordlist = argv[i + 1];
		else if (!strcmp(argv[i], "--entries"))
			entries = argv[i + 1];
		else if (!strcmp(argv[i], "--hunspell"))
			hun = argv[i + 1];
		else if (!strcmp(argv[i], "--strong"))
			strong = argv[i + 1];
		else if (!strcmp(argv[i], "--irregular"))
			irregular = argv[i + 1];
		else if (!strcmp(argv[i], "--field"))
			field = argv[i + 1];
		else if (!strcmp(argv[i], "--freq"))
			freq = argv[i + 1];
		else if (!strcmp(argv[i], "-o"))
			out = argv[i + 1];
	}
	if (!wordlist || !entries || !hun || !strong || !irregular || !field || !freq || !out) {
		fprintf(stderr, "usage: mklex --words FILE --entries FILE --hunspell PREFIX --strong FILE --irregular FILE "
				"--field FILE --freq FILE -o OUT\n");
		return 2;
	}
	words = json_object();
	keys = json_object();
	verbs = json_object();
	snprintf(aff, sizeof aff, "%s.aff", hun);
	snprintf(dic, sizeof dic, "%s.dic", hun);
	h = Hunspell_create(aff, dic);
	if (!h)
		die("cannot load hunspell dictionary", hun);

	dicflags = json_object();
	fixed = json_object();
	particle_keyed = json_object();
	load_headwords(dic);
	analyze_wordlist(h, wordlist);
	Hunspell_destroy(h);
	add_strong_verbs(strong);
	add_irregular(irregular);
	add_s_adjectives();
	mark_entries(entries);
	add_field_words(field);
	follow_chains();
	add_particle_verbs();
	mark_frequencies(freq);
	return write_lex(out);
}
