/* compound.c - decompounding by dynamic programming over the word (see
 * compound.h). best[i] is the best split of the word's first i letters into
 * parts that each end at a part boundary (after any linker). */
#include "compound.h"

#include "analyze.h"

#include <string.h>

#define MAX_WORD 64

/* The shipped choices. Each was measured on the UD dev treebanks;
 * bench/ud-eval --folds measures them on held-out data. */
static const iio_compound_opts defaults = {
	/* Verb stems and adjectives of three letters begin compounds too
	 * (eetmaal, legbatterij, oudwoud), if attested (attest_below). */
	.min_part = 3,
	.lex_min_part = 5,
	.short_noun = 3,
	.lex_short_head = 4,
	/* A word this short that a general dictionary lists as its own
	 * headword is kept whole: kampioen, automaat, voertuig, leeftijd are
	 * words, not kam + pioen, auto + maat, voer + tuig, leef + tijd.
	 * (Longer listed words, mostly transparent like persconferentie, are
	 * still split.) */
	.entry_whole_max = 8,
	.flag_head_max = 4,
	.particle_head_min = 6,
	/* All four: without -e- (mostly -en- since the 1995 spelling) the
	 * folds of ud-eval gain 0.1 points of false splits, but a misspelled
	 * compound such as leerlingekrimp reads leerlinge + krimp and finds
	 * nothing, instead of leerling + krimp. */
	.linkers = IIO_LINK_S | IIO_LINK_E | IIO_LINK_EN | IIO_LINK_ER,
	.freq_test = 1,
	.freq_margin = 0,
	.attest_below = 4,
	.head_content = 1,
	.no_short_function = 1,
	.short_headword = 1,
	.no_inflected_mod = 1,
	.not_noun_whole = 1,
	.derivations = 1,
	.lex_noun_head = 1,
	.prefixes = 1,
	.prefixes_wordlike = 0, /* tel, col, lab, ace, vin: words of the dev data, off */
	.particles = 1,
	.suffix_heads = 1,
	.headwords_first = 1,
	.freq_order = 0,
	.subsplit = 8,
	.linker_freq = 1,
	.noun_heads = 4,
	.plural_parts = 1,
};

void iio_compound_defaults(iio_compound_opts *o) { *o = defaults; }

/* Words that make derivations, not compounds, when they come first. */
static const char *const prefixes[] = {
	/* Latin and Dutch prefixes that look like short words: never a part. */
	"pre", "pro", "con", "com", "dis", "sub", "ver", "ont", "mis", "tele",
};
/* Beginnings of loanwords that are short words too (telefoon, collega,
 * laboratorium): never a part. */
static const char *const prefixes_wordlike[] = {"tel", "col", "lab", "ace", "vin"};

static const char *const no_modifier[] = {
	"aan", "achter", "binnen", "boven", "buiten", "door", "mede", "mee", "na", "naast", "neer", "om", "onder",
	"over", "rond", "samen", "tegen", "terug", "toe", "tussen", "uit", "voor", "voort", "weder", "weer", "weg",
	"welke", "zelf", "alle", "geen", "veel", "heel", "half", "zeer", "even", "ander", "eigen",
	/* particles of separable verbs: tentoonstelling comes from tentoonstellen */
	"bij", "bijeen", "tentoon", "teleur", "opper", "wel", "her", "vrij", "vast", "terecht", "gade", "thuis",
};

/* Endings that are words too but make derivations, not compounds. */
static const char *const no_head[] = {
	"ling", "lijk", "lijke", "baar", "bare", "zaam", "zame", "loos", "loze", "schap", "schappen", "heden",
	"tjes", "achtig", "achtige", "ster", "sters", "ning", "isch", "ische", "teit", "aard", "erij", "atie",
	"ende", "ster", "dom", "doms", "igen", "ering", "eren", "elen", "enen", "ties", "tie", "ties", "sels",
	"ling", "lingen", "nis", "nissen", "iger", "igheid", "elijk", "elijke", "eling", "ingen", "heid", "erd",
	"isme", "ismen", "ist", "isten", "ing", "laar", "aars",
};

static int in_list(const char *const *list, size_t n, const char *w, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && !memcmp(list[i], w, len))
			return 1;
	return 0;
}

/* Derivations by ending: W ends in END and the word before it, with BASE
 * added, is listed (verbs take -en back: uitvoering from uitvoeren;
 * -heid goes on the adjective as it is: gastvrijheid from gastvrij). */
typedef struct derivation {
	const char *end, *base;
} derivation;

static const derivation verb_derivations[] = {{"ing", "en"}, {"er", "en"}, {"ster", "en"}};
static const derivation word_derivations[] = {{"heid", ""}, {"heden", ""}, {"ing", "en"}, {"ingen", "en"},
					      {"er", "en"},    {"ers", "en"},   {"ster", "en"}, {"st", "en"}};

/* Does W[0..len) derive by one of RULES from a listed word, leaving at
 * least MIN_BODY letters before the ending? */
static int derives(const iio_lex *lex, const char *w, size_t len, const derivation *rules, size_t n,
		   size_t min_body)
{
	char base[80];
	for (size_t r = 0; r < n; r++) {
		size_t el = strlen(rules[r].end), bl = strlen(rules[r].base);
		if (len < el + min_body || len - el + bl >= sizeof base || memcmp(w + len - el, rules[r].end, el))
			continue;
		memcpy(base, w, len - el);
		memcpy(base + len - el, rules[r].base, bl);
		if (iio_lex_lookup(lex, base, len - el + bl, NULL, NULL) & IIO_LEX_WORD)
			return 1;
	}
	return 0;
}

/* Does the particle W[0..plen) before the head W[plen..len) make a
 * derivation of a particle verb (voorstelling from voorstellen, uitvoering
 * from uitvoeren) rather than a compound (ondervoorzitter)? */
static int particle_verb_derivation(const iio_lex *lex, const char *w, size_t len)
{
	char verb[80];
	/* voorbehoud: voorbehouden is a verb (a word, and no noun's plural) */
	if (len + 2 < sizeof verb) {
		int f;
		memcpy(verb, w, len);
		memcpy(verb + len, "en", 2);
		f = iio_lex_lookup(lex, verb, len + 2, NULL, NULL);
		if ((f & IIO_LEX_WORD) && !(f & IIO_LEX_NOUN))
			return 1;
	}
	return derives(lex, w, len, verb_derivations, sizeof verb_derivations / sizeof *verb_derivations, 3);
}

/* Is the listed word W a derivation of a listed word rather than a compound
 * of two: gastvrijheid of gastvrij, goedkeuring of goedkeuren, waarnemer of
 * waarnemen? Its parts are then no parts of it (gast + vrijheid, goed +
 * keuring are wrong readings). */
static int derivation_of_word(const iio_lex *lex, const char *w, size_t len)
{
	return derives(lex, w, len, word_derivations, sizeof word_derivations / sizeof *word_derivations, 4);
}

/* A part: a word of MIN letters or more; a noun headword may be shorter
 * (kop, lid, web) down to short_noun letters. A short head that hunspell-nl
 * knows must be one its compounding flags let end a compound: tand may not
 * (verstand is no vers + tand). Longer heads are not held to it: the flags
 * miss many (strip, sprint). (Its begin flags are left out: the
 * forms a modifier takes, leerlingen-, carry them, not the headword.) */
static int is_part(const iio_lex *lex, const iio_compound_opts *o, const char *w, size_t len, size_t min,
		   size_t short_noun, int head)
{
	int f;
	if (len < short_noun)
		return 0;
	f = iio_lex_lookup(lex, w, len, NULL, NULL);
	if (!(f & IIO_LEX_WORD) || (len < min && !(f & IIO_LEX_NOUN)))
		return 0;
	/* The shortest parts need evidence that they are words people use:
	 * seen in running text or a general dictionary's headword (web, lid,
	 * kop); gel, unseen, is no part of geledingen. */
	if (len < (size_t)o->attest_below && !iio_lex_freq(f) && !(f & (IIO_LEX_ENTRY | IIO_LEX_FIELD)))
		return 0;
	/* Function words and particles form no compounds: aangezien is no
	 * aan + zien, meegevraagd (of meevragen) no mee + gevraagd. */
	if (o->no_short_function && len < 4 &&
	    (iio_is_stopword(w, len) ||
	     (!(f & IIO_LEX_NOUN) && in_list(no_modifier, sizeof no_modifier / sizeof *no_modifier, w, len))))
		return 0;
	/* A modifier is a stem: int (of innen) is no part of interviews. */
	if (o->short_headword && len < 4 && !(f & IIO_LEX_NOUN) && !(f & IIO_LEX_BASE))
		return 0;
	/* A head is a content word: a noun, verb or adjective (achteraan is no
	 * acht + eraan). */
	if (o->head_content && head && !(f & (IIO_LEX_NOUN | IIO_LEX_NOT_NOUN)))
		return 0;
	/* A modifier is no inflected verb or adjective form: speel+tuin and
	 * groot+ouder, but no gele + dingen. */
	if (o->no_inflected_mod && !head && (f & IIO_LEX_NOT_NOUN) && (f & IIO_LEX_KEY) && w[len - 1] == 'e')
		return 0;
	if (head && len <= (size_t)o->flag_head_max && (f & IIO_LEX_CKNOWN) && !(f & IIO_LEX_CEND))
		return 2; /* only as a noun head (part_fits) */
	return 1;
}

/* Heads that are really derivational endings: -sing, -ting, -ding ... */
static int suffix_like_head(const char *w, size_t len)
{
	return (len == 4 && !memcmp(w + 1, "ing", 3)) || (len == 5 && !memcmp(w + 1, "atie", 4)) ||
	       (len == 5 && !memcmp(w, "actie", 5)) || (len == 4 && !memcmp(w, "ment", 4));
}

typedef struct cell {
	unsigned char ok, nparts, minpart, linkers, headwords;
	unsigned short freq;     /* the parts' frequency classes, added (a product of counts) */
	unsigned char prev;      /* where the last part started */
	unsigned char part_len;  /* its length without the linker */
	unsigned char part_freq; /* its frequency class */
	unsigned char mod_start, mod_len; /* the part before it (0, 0: none) */
} cell;

/* Is A better than B: fewer parts; then parts that are dictionary
 * headwords rather than inflected or odd forms (vrede+s+proces, not
 * vredes+proces; speel+stijl, not speel+s+tijl); then the longer shortest
 * part (adel+stand, not adel+s+tand); then no linker. */
static int better(const cell *a, const cell *b, const iio_compound_opts *o)
{
	if (!b->ok)
		return 1;
	if (a->nparts != b->nparts)
		return a->nparts < b->nparts;
	if (o->freq_order == 2 && a->freq != b->freq)
		return a->freq > b->freq;
	if (o->headwords_first && a->headwords != b->headwords)
		return a->headwords > b->headwords;
	if (o->freq_order == 1 && a->freq != b->freq)
		return a->freq > b->freq;
	/* After the same modifier, a linker or the next part's first letters:
	 * the commoner part wins (omgang+s+taal, not omgang+staal;
	 * gelaat+s+trekken; adel+stand, not adel+s+tand). */
	if (o->linker_freq && a->mod_len && a->mod_start == b->mod_start && a->mod_len == b->mod_len &&
	    a->linkers != b->linkers && a->part_freq != b->part_freq)
		return a->part_freq > b->part_freq;
	if (a->minpart != b->minpart)
		return a->minpart > b->minpart;
	return a->linkers < b->linkers; /* belang+stelling, not belang+s+telling */
}

/* Koehn and Knight's test: a word seen in running text stays whole unless
 * its parts are, on average (geometric mean of counts, so mean of the
 * logarithmic classes), more common than the word itself. beslissen (52)
 * is no bes (12) + lissen (unseen), bestaande no bes + taande; ziekenhuis
 * is zieken + huis. A word never seen, as most compounds are, is split. */
static int split_pays(const iio_lex *lex, const iio_compound_opts *o, const char *w, int wflags,
		      const iio_span *parts, size_t n)
{
	unsigned whole = iio_lex_freq(wflags), sum = 0;
	if (!whole || !o->freq_test)
		return 1; /* no lookups for the many words never seen */
	for (size_t p = 0; p < n; p++)
		sum += iio_lex_freq(iio_lex_lookup(lex, w + parts[p].start, parts[p].len, NULL, NULL));
	return (long)sum > ((long)whole + o->freq_margin) * (long)n;
}

/* One word being split: what every candidate part is judged against. */
typedef struct split_word {
	const iio_lex *lex;
	const iio_compound_opts *o;
	const char *w;
	size_t len;
	size_t min;        /* shortest part */
	size_t short_noun; /* shortest modifier */
	int wflags;        /* the whole word's lexicon flags */
	int lexicalized;   /* the dictionary lists the whole word */
} split_word;

/* Whether the word is a candidate at all (0: keep it whole); sets up X. */
static int split_setup(split_word *x, const iio_lex *lex, const iio_compound_opts *o, const char *w, size_t len)
{
	if (!lex || len < 2 * (size_t)o->short_noun || len > MAX_WORD)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (w[i] < 'a' || w[i] > 'z')
			return 0; /* letters only: codes, numbers and hyphenated words are not split here */
	x->lex = lex;
	x->o = o;
	x->w = w;
	x->len = len;
	/* A word the dictionary lists whole is split only into long parts:
	 * onderwijsvernieuwing yes, hoofdstad or doelpunt no. */
	x->wflags = iio_lex_lookup(lex, w, len, NULL, NULL);
	if ((x->wflags & IIO_LEX_ENTRY) && len <= (size_t)o->entry_whole_max)
		return 0;
	/* A word hunspell-nl reads whole as a verb, adjective or adverb is no
	 * compound of nouns: ondersteunen, belangrijk, bijvoorbeeld. */
	if (o->not_noun_whole && (x->wflags & IIO_LEX_NOT_NOUN))
		return 0;
	x->lexicalized = (x->wflags & IIO_LEX_BASE) != 0;
	x->min = (size_t)(x->lexicalized ? o->lex_min_part : o->min_part);
	if (o->derivations && x->lexicalized && derivation_of_word(lex, w, len))
		return 0;
	/* A short noun may come first (kop+groep, vee+markt) even in a word the
	 * dictionary lists, if a long head follows; as head it may not. */
	x->short_noun = (size_t)o->short_noun;
	return 1;
}

/* A noun of a general dictionary seen in running text, no verb or
 * adjective only. */
static int attested_noun(int f)
{
	return (f & (IIO_LEX_NOUN | IIO_LEX_WORD)) == (IIO_LEX_NOUN | IIO_LEX_WORD) && !(f & IIO_LEX_NOT_NOUN) &&
	       iio_lex_freq(f);
}

/* Is the head w[i..j) (of three or four letters) an attested dictionary
 * noun after an attested noun of noun_heads letters or more, in a word
 * hunspell-nl reads as a noun, or does not know and the lexicon keys to
 * no other word (uitleggen is no uitleg + gen)? Such a head ends a
 * compound though hunspell-nl's flags do not say so (they miss dag, taal,
 * tas, rug: moeder+taal, school+dag, heuvel+rug) and though the dictionary
 * lists the whole word. */
static int noun_after_noun(const split_word *x, const cell *from, size_t i, size_t j)
{
	int f, mf;
	if (!x->o->noun_heads || i == 0 || from->part_len < x->o->noun_heads ||
	    ((x->wflags & (IIO_LEX_CKNOWN | IIO_LEX_KEY)) && !(x->wflags & IIO_LEX_NOUN)))
		return 0;
	/* (a function word is no noun: haarzelf is no haar + zelf) */
	if (iio_is_stopword(x->w + i, j - i) || in_list(no_modifier, sizeof no_modifier / sizeof *no_modifier, x->w + i, j - i))
		return 0;
	f = iio_lex_lookup(x->lex, x->w + i, j - i, NULL, NULL);
	mf = iio_lex_lookup(x->lex, x->w + from->prev, from->part_len, NULL, NULL);
	return attested_noun(f) && (f & IIO_LEX_ENTRY) && attested_noun(mf);
}

/* Whether w[i..j) may be a part there, after the best split FROM of w[0..i). */
static int part_fits(const split_word *x, const cell *from, size_t i, size_t j)
{
	const iio_lex *lex = x->lex;
	const iio_compound_opts *o = x->o;
	const char *w = x->w;
	size_t plen = j - i, len = x->len;
	int head = j == len, kind = is_part(lex, o, w + i, plen, x->min, x->short_noun, head);
	int noun_head = head && plen <= 4 && noun_after_noun(x, from, i, j);
	if (!kind || (kind == 2 && !noun_head))
		return 0;
	if (x->lexicalized && plen < (size_t)o->lex_short_head && head && !noun_head)
		return 0;
	/* A noun the dictionary lists whole splits only into a noun head:
	 * kampioen is no kam + pioen, bombardement no bom + bar + dement. */
	if (o->lex_noun_head && x->lexicalized && head && (iio_lex_lookup(lex, w + j - plen, plen, NULL, NULL) & IIO_LEX_NOUN) == 0 &&
	    (x->wflags & IIO_LEX_NOUN))
		return 0;
	if (x->lexicalized && head && from->minpart < o->lex_short_head && plen < (size_t)o->lex_min_part)
		return 0;
	/* A particle first makes a derivation (onderwijs, voorstelling from
	 * voorstellen) unless a long noun follows that is no particle verb's
	 * (ondervoorzitter, voorterrein). */
	if (o->particles && !head && x->lexicalized &&
	    in_list(no_modifier, sizeof no_modifier / sizeof *no_modifier, w + i, plen)) {
		int f = iio_lex_lookup(lex, w + j, len - j, NULL, NULL);
		if (i != 0 || len - j < (size_t)o->particle_head_min || !(f & IIO_LEX_NOUN) ||
		    particle_verb_derivation(lex, w, len))
			return 0;
	}
	if (head)
		return i != 0 && !(o->suffix_heads && (suffix_like_head(w + i, plen) ||
						       in_list(no_head, sizeof no_head / sizeof *no_head, w + i, plen)));
	return !(o->prefixes && in_list(prefixes, sizeof prefixes / sizeof *prefixes, w + i, plen)) &&
	       !(o->prefixes_wordlike &&
		 in_list(prefixes_wordlike, sizeof prefixes_wordlike / sizeof *prefixes_wordlike, w + i, plen));
}

/* Take w[i..j) as the next part after best[i]: the best split of w[0..j)
 * (and, for a modifier, of w[0..j + linker)) may improve. */
static void extend(const split_word *x, cell *best, size_t i, size_t j)
{
	static const char *const linkers[] = {"s", "e", "en", "er"}; /* IIO_LINK_S ... in order */
	const char *w = x->w;
	size_t plen = j - i, len = x->len;
	int f = iio_lex_lookup(x->lex, w + i, plen, NULL, NULL);
	cell c;
	c.ok = 1;
	c.nparts = (unsigned char)(best[i].nparts + 1);
	c.headwords = (unsigned char)(best[i].headwords + ((f & IIO_LEX_NOUN) != 0));
	c.freq = (unsigned short)(best[i].freq + iio_lex_freq(f));
	c.minpart = (unsigned char)(plen < best[i].minpart ? plen : best[i].minpart);
	c.linkers = best[i].linkers;
	c.prev = (unsigned char)i;
	c.part_len = (unsigned char)plen;
	c.part_freq = (unsigned char)iio_lex_freq(f);
	c.mod_start = i ? best[i].prev : 0;
	c.mod_len = i ? best[i].part_len : 0;
	if (better(&c, &best[j], x->o))
		best[j] = c;
	if (j == len)
		return;
	/* A modifier: the next part starts right after it, or after a linking
	 * morpheme. */
	for (size_t l = 0; l < sizeof linkers / sizeof *linkers; l++) {
		size_t ll = strlen(linkers[l]);
		cell d = c;
		if (!(x->o->linkers & (1 << l)) || j + ll + x->short_noun > len || memcmp(w + j, linkers[l], ll))
			continue;
		/* tel+e is tele-, a prefix (televisie, telecommunicatie). */
		if (x->o->prefixes && in_list(prefixes, sizeof prefixes / sizeof *prefixes, w + i, plen + ll))
			continue;
		/* acht+er is achter: a particle again. */
		if (x->o->particles && x->lexicalized && in_list(no_modifier, sizeof no_modifier / sizeof *no_modifier, w + i, plen + ll))
			continue;
		d.linkers++;
		if (better(&d, &best[j + ll], x->o))
			best[j + ll] = d;
	}
}

size_t iio_decompound(const iio_lex *lex, const char *w, size_t len, iio_span *parts, size_t max)
{
	return iio_decompound_with(lex, &defaults, w, len, parts, max);
}

size_t iio_decompound_with(const iio_lex *lex, const iio_compound_opts *o, const char *w, size_t len,
			   iio_span *parts, size_t max)
{
	split_word x;
	cell best[MAX_WORD + 1];
	size_t n, k;

	if (!o)
		o = &defaults;
	if (!split_setup(&x, lex, o, w, len))
		return 0;
	memset(best, 0, sizeof best);
	best[0].ok = 1;
	best[0].minpart = 255;
	for (size_t i = 0; i < len; i++) {
		if (!best[i].ok)
			continue;
		for (size_t j = i + x.short_noun; j <= len; j++)
			if (part_fits(&x, &best[i], i, j))
				extend(&x, best, i, j);
	}
	if (!best[len].ok || best[len].nparts < 2)
		return 0;
	n = best[len].nparts;
	if (n > max)
		return 0;
	/* n top-level parts; any room left is for parts of parts (below). */
	k = len;
	for (size_t p = n; p-- > 0;) {
		parts[p].start = best[k].prev;
		parts[p].len = best[k].part_len;
		k = best[k].prev;
	}
	if (!split_pays(lex, o, w, x.wflags, parts, n))
		return 0;
	/* A part may be a compound itself: wereld + recordhouder. Its parts
	 * follow the top-level ones (record, houder), so both readings are
	 * found: landbouw + beleid and land + bouw. */
	for (size_t p = 0, top = n; p < top; p++) {
		iio_span sub[IIO_MAX_PARTS];
		unsigned char base = parts[p].start;
		size_t ns = o->subsplit && parts[p].len >= o->subsplit
				    ? iio_decompound_with(lex, o, w + base, parts[p].len, sub, IIO_MAX_PARTS)
				    : 0;
		for (size_t q = 0; q < ns && n < max; q++) {
			parts[n].start = (unsigned char)(base + sub[q].start);
			parts[n].len = sub[q].len;
			n++;
		}
	}
	return n;
}
