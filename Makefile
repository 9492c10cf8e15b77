# iio-search - offline full-text search for the IIO knowledge base.
#
#   make                 bin/iio-search, bin/iio-index, lib/libiiosearch.{a,so}
#   make deps            install the Debian packages it needs (idempotent)
#   make index           index corpus/ into var/index/
#   make check           run every test (prove)
#   make check SANITIZE=address,undefined   the same under ASan + UBSan
#   make check-valgrind  the CLI end-to-end tests under valgrind
#   make fuzz SECONDS=N  each libFuzzer harness for N seconds (tests/fuzz/)
#   make install         PREFIX=/usr/local DESTDIR= LOCALSTATEDIR=/var
#
# Changing CFLAGS/SANITIZE between runs rebuilds everything (build/FLAGS).

# The one source of the version: iio.h's IIO_VERSION_STRING (the library
# reports it; every program and iio.pc take it from there).
VERSION      := $(shell sed -n 's/^\#define IIO_VERSION_STRING "\(.*\)"/\1/p' searcher/iio.h)
PREFIX       ?= /usr/local
BINDIR       ?= $(PREFIX)/bin
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
DATADIR      ?= $(PREFIX)/share
MANDIR       ?= $(DATADIR)/man
LOCALSTATEDIR ?= /var
SYSCONFDIR   ?= /etc
INSTALLED_STATE = $(LOCALSTATEDIR)/lib/iio-search
INSTALLED_INDEX = $(INSTALLED_STATE)/index
INSTALLED_LOG   = $(LOCALSTATEDIR)/log/iio-search
# Where the nightly units read the corpus (site-specific).
CORPUSDIR    ?= /srv/iio-search/corpus

CC  ?= cc
CXX ?= c++
OPT ?= -O2 -g
WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
ifeq ($(CI),true)
WERROR = -Werror
endif
PKGS = xapian-core libutf8proc jansson
DEP_CFLAGS := $(shell pkg-config --cflags libutf8proc jansson 2>/dev/null)
DEP_LIBS   := $(shell pkg-config --libs libutf8proc jansson zlib 2>/dev/null) \
              $(shell xapian-config --libs 2>/dev/null || echo -lxapian)
XAPIAN_CXXFLAGS := $(shell xapian-config --cxxflags 2>/dev/null)
# The PDF reader (indexer/pdfdoc.c) only: poppler's GLib API. Its headers
# as system headers (GLib's own do not pass our warnings).
POPPLER_CFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags poppler-glib 2>/dev/null))
POPPLER_LIBS   := $(shell pkg-config --libs poppler-glib 2>/dev/null)

ifneq ($(SANITIZE),)
SAN_FLAGS = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

ALL_CFLAGS   = -std=c11 $(OPT) $(WARN) $(WERROR) -fPIC $(SAN_FLAGS) $(DEP_CFLAGS) \
               -DIIO_VERSION='"$(VERSION)"' $(CPPFLAGS) $(CFLAGS)
ALL_CXXFLAGS = -std=c++17 $(OPT) -Wall -Wextra $(WERROR) -fPIC $(SAN_FLAGS) \
               $(XAPIAN_CXXFLAGS) $(CPPFLAGS) $(CXXFLAGS)
ALL_LDFLAGS  = $(SAN_FLAGS) $(LDFLAGS)
LIBS         = $(DEP_LIBS) -lm

# One source list per component; every build (the library, the indexer,
# the lexicon compiler, the fuzz harnesses) takes its files from these.
# The Dutch analyzer, shared by indexing and searching.
ANA_SRC   = indexer/analyze.c indexer/lex.c indexer/stem.c indexer/compound.c
# The index format's files both halves read (the manifest of a generation).
FMT_SRC   = indexer/schema.c indexer/manifest.c indexer/format.c
# libiiosearch's own files.
LIB_SRC   = searcher/index.c searcher/interpret.c searcher/query.c searcher/snippet.c searcher/search.c searcher/hits.c searcher/grouping.c \
            searcher/rank.c \
            searcher/plan.c searcher/count.c searcher/facets.c searcher/alternatives.c searcher/results.c searcher/explain.c searcher/analysis.c \
            searcher/suggest.c searcher/didyoumean.c searcher/fields.c
# The indexer: format readers and repair, the builder, generations.
READER_SRC = indexer/reader.c indexer/records.c indexer/textdoc.c indexer/pdfdoc.c indexer/repair.c \
             indexer/places.c $(PLACES_DATA)
# The places and their provinces (indexer/lexicon/places.tsv), compiled into
# the indexer as its text: indexer/places.c parses it once a run.
PLACES_DATA = build/gen/places-data.c
BUILD_SRC = indexer/status.c indexer/build.c indexer/document.c indexer/groups.c indexer/generation.c
SHIM_SRC  = shim/xs.cc

objs      = $(patsubst %,build/%.o,$(basename $(1)))
ANA_OBJ   = $(call objs,$(ANA_SRC))
FMT_OBJ   = $(call objs,$(FMT_SRC))
LIB_OBJ   = $(call objs,$(SHIM_SRC) $(LIB_SRC)) $(ANA_OBJ) $(FMT_OBJ)
IDX_OBJ   = $(call objs,$(READER_SRC) $(BUILD_SRC)) $(ANA_OBJ) $(FMT_OBJ) $(call objs,$(SHIM_SRC))
# Indexing as a library (indexing.h): the run iio-index is a command line over.
INDEXING_OBJ = build/indexer/indexing.o $(IDX_OBJ)
LEXICON   = lib/iio-search/nl.lex
INTREE_LEXICON    = $(CURDIR)/$(LEXICON)
INSTALLED_LEXICON = $(DATADIR)/iio-search/nl.lex
# Debian's Dutch dictionaries the lexicon is compiled from.
WORDLIST  = /usr/share/dict/dutch
HUNSPELL  = /usr/share/hunspell/nl
# Headwords of a general dictionary (FreeDict Dutch-English): words with a
# meaning of their own, which the splitter keeps whole when short.
ENTRIES   = /usr/share/dictd/freedict-nld-eng.index

TEST_BINS = build/tests/test-shim build/tests/test-analyze build/tests/test-repair build/tests/test-library \
            build/tests/test-indexing \
            build/tests/test-hostile build/tests/test-plan build/tests/test-facets build/tests/test-places
# Helpers the end-to-end tests run (not tests themselves).
TEST_TOOLS = build/tests/index-dump build/tests/query-loop
EXAMPLES  = build/examples/search-json

all: bin/iio-search bin/iio-index bin/iio-serve bin/iio-search.cgi lib/libiiosearch.a lib/libiiosearch.so $(LEXICON) $(EXAMPLES) iio.pc bench/ud-eval

# ---- flags stamp: objects depend on the flags they were built with ----
build/FLAGS: FORCE
	@mkdir -p build
	@echo '$(ALL_CFLAGS) | $(ALL_CXXFLAGS) | $(ALL_LDFLAGS)' > build/FLAGS.new
	@cmp -s build/FLAGS.new build/FLAGS && rm build/FLAGS.new || mv build/FLAGS.new build/FLAGS
FORCE:

# The same for the install paths baked into iio.pc and the installed programs.
build/PATHS: FORCE
	@mkdir -p build
	@echo '$(CURDIR) $(PREFIX) $(LIBDIR) $(INCLUDEDIR) $(INSTALLED_INDEX) $(INSTALLED_LEXICON) $(INSTALLED_WEB)' > build/PATHS.new
	@cmp -s build/PATHS.new build/PATHS && rm build/PATHS.new || mv build/PATHS.new build/PATHS

build/%.o: %.c build/FLAGS
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

build/%.o: %.cc build/FLAGS
	@mkdir -p $(dir $@)
	$(CXX) $(ALL_CXXFLAGS) -MMD -MP -c $< -o $@

build/indexer/pdfdoc.o: indexer/pdfdoc.c build/FLAGS
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(POPPLER_CFLAGS) -MMD -MP -c $< -o $@

# The library looks for the lexicon inside the index generation first (the
# one the index was built with), then at the installed path.
build/searcher/index.o: searcher/index.c build/FLAGS build/PATHS
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DIIO_DEFAULT_LEXICON='"$(INSTALLED_LEXICON)"' -MMD -MP -c $< -o $@

# Each program is built once: its default paths (the checkout's when it
# runs from bin/ here, the installed ones elsewhere) are resolved at run
# time from this one configuration (indexer/paths.h).
build/indexer/paths.o: indexer/paths.c build/FLAGS build/PATHS
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DIIO_BUILD_TOP='"$(CURDIR)"' -DIIO_INSTALLED_INDEX='"$(INSTALLED_INDEX)"' \
		-DIIO_INSTALLED_LEXICON='"$(INSTALLED_LEXICON)"' -DIIO_INSTALLED_WEB='"$(INSTALLED_WEB)"' -MMD -MP -c $< -o $@

$(PLACES_DATA): indexer/lexicon/places.tsv
	@mkdir -p $(dir $@)
	{ printf '/* generated by make from indexer/lexicon/places.tsv (indexer/places.h) */\n'; \
	  printf 'extern const char iio_places_tsv[];\nconst char iio_places_tsv[] =\n'; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' -e 's/.*/"&\\n"/' $<; printf ';\n'; } >$@.new
	mv $@.new $@

# ---- the Dutch lexicon, compiled from Debian's dictionaries ----
# mklex is a build tool: built with plain flags whatever SANITIZE says, so
# switching to a sanitized build does not rebuild the lexicon (and ASan
# does not stop the build on a read past a buffer inside libhunspell 1.7
# itself, which it reports while analyzing the word list).
MKLEX_SRC = indexer/mklex.c $(ANA_SRC)
MKLEX_OBJ = $(patsubst %.c,build/mklex-obj/%.o,$(MKLEX_SRC))
build/mklex-obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(OPT) $(WARN) $(WERROR) $(DEP_CFLAGS) -MMD -MP -c $< -o $@
build/mklex: $(MKLEX_OBJ)
	$(CC) -o $@ $(MKLEX_OBJ) -lhunspell $(DEP_LIBS) -lm

$(LEXICON): build/mklex indexer/lexicon/strong-verbs.txt indexer/lexicon/irregular.txt \
		indexer/lexicon/field-words.txt indexer/lexicon/word-freq.tsv $(wildcard $(WORDLIST) $(ENTRIES) $(HUNSPELL).dic $(HUNSPELL).aff)
	@mkdir -p $(dir $@)
	build/mklex --words $(WORDLIST) --entries $(ENTRIES) --hunspell $(HUNSPELL) --strong indexer/lexicon/strong-verbs.txt \
		--irregular indexer/lexicon/irregular.txt --field indexer/lexicon/field-words.txt \
		--freq indexer/lexicon/word-freq.tsv -o $@

# The analyzer's yardstick: UD Dutch treebanks (bench/README.md).
bench/ud-eval: bench/ud-eval.c $(ANA_OBJ) build/shim/xs.o build/FLAGS
	$(CC) $(ALL_CFLAGS) -DIIO_DEFAULT_LEXICON='"$(INTREE_LEXICON)"' -MMD -MP -c $< -o build/ud-eval.o
	$(CXX) $(ALL_LDFLAGS) -o $@ build/ud-eval.o $(ANA_OBJ) build/shim/xs.o $(LIBS)

bench/analyzer-speed: bench/analyzer-speed.c $(ANA_OBJ) build/FLAGS
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o build/analyzer-speed.o
	$(CC) $(ALL_LDFLAGS) -o $@ build/analyzer-speed.o $(ANA_OBJ) $(DEP_LIBS)

bench/relevance/xapian-peer: bench/relevance/xapian-peer.cc
	$(CXX) -std=c++17 $(OPT) $(XAPIAN_CXXFLAGS) -MMD -MP -MF build/$(notdir $@).d -o $@ $< $(DEP_LIBS)

bench/perf/xapian-perf: bench/perf/xapian-perf.cc
	$(CXX) -std=c++17 $(OPT) $(XAPIAN_CXXFLAGS) -MMD -MP -MF build/$(notdir $@).d -o $@ $< $(DEP_LIBS)

bench/perf/suggest-speed: bench/perf/suggest-speed.c lib/libiiosearch.a
	$(CC) $(ALL_CFLAGS) -Isearcher -MMD -MP -c $< -o build/suggest-speed.o
	$(CXX) $(ALL_LDFLAGS) -o $@ build/suggest-speed.o lib/libiiosearch.a $(LIBS)

bench/perf/page-speed: bench/perf/page-speed.c lib/libiiosearch.a
	$(CC) $(ALL_CFLAGS) -Isearcher -MMD -MP -c $< -o build/page-speed.o
	$(CXX) $(ALL_LDFLAGS) -o $@ build/page-speed.o lib/libiiosearch.a $(LIBS)

PERF_SIZES ?= 10000 100000
# Benchmarks report, they never fail on a time (bench/README.md).
bench: all bench/ud-eval bench/analyzer-speed bench/relevance/xapian-peer bench/perf/xapian-perf bench/perf/suggest-speed \
	bench/perf/page-speed
	bench/perf/run $(PERF_SIZES)
	bench/relevance/run
	bench/ud-eval ../shared/data/ud-nl/*.conllu
	bench/ud-eval --stemmer xapian:dutch ../shared/data/ud-nl/*.conllu
	bench/ud-eval --stemmer xapian:kraaij_pohlmann ../shared/data/ud-nl/*.conllu
	IIO_LEXICON=$(INTREE_LEXICON) bench/analyzer-speed ../shared/data/nl-prose/*.txt.gz
	bench/index-speed.sh
	bench/nightly.sh
	bench/load.sh

lib/libiiosearch.a: $(LIB_OBJ)
	@mkdir -p lib
	rm -f $@
	ar rcs $@ $^

# Only iio_* is exported (searcher/libiiosearch.map); tests/e2e checks it.
lib/libiiosearch.so: $(LIB_OBJ) searcher/libiiosearch.map
	@mkdir -p lib
	$(CXX) -shared -Wl,-soname,libiiosearch.so.0 -Wl,--version-script=searcher/libiiosearch.map \
		$(ALL_LDFLAGS) -o $@.0 $(LIB_OBJ) $(LIBS)
	ln -sf libiiosearch.so.0 $@

# C programs link with the C++ driver: the shim needs libstdc++.
# What the programs share besides the library (not part of it: the crash
# guard installs signal handlers, the paths are the programs' defaults).
PROG_OBJ  = build/searcher/crash.o build/indexer/paths.o
bin/iio-search: build/searcher/iio-search.o $(PROG_OBJ) lib/libiiosearch.a
	@mkdir -p bin
	$(CXX) $(ALL_LDFLAGS) -o $@ $< $(PROG_OBJ) lib/libiiosearch.a $(LIBS)

# The web front ends: thin, over the same library.
INSTALLED_WEB = $(DATADIR)/iio-search/web
FRONT_OBJ = build/searcher/webreq.o build/searcher/webpage.o $(PROG_OBJ)
bin/iio-serve: build/searcher/iio-serve.o build/searcher/logreport.o build/searcher/anscache.o $(FRONT_OBJ) lib/libiiosearch.a
	@mkdir -p bin
	$(CXX) $(ALL_LDFLAGS) -o $@ $< build/searcher/logreport.o build/searcher/anscache.o $(FRONT_OBJ) lib/libiiosearch.a -lmicrohttpd -lpthread $(LIBS)
bin/iio-search.cgi: build/searcher/iio-search-cgi.o $(FRONT_OBJ) lib/libiiosearch.a
	@mkdir -p bin
	$(CXX) $(ALL_LDFLAGS) -o $@ $< $(FRONT_OBJ) lib/libiiosearch.a $(LIBS)

bin/iio-index: build/indexer/iio-index.o $(INDEXING_OBJ) build/indexer/paths.o
	@mkdir -p bin
	$(CXX) $(ALL_LDFLAGS) -o $@ $^ $(LIBS) $(POPPLER_LIBS)

build/examples/%: searcher/examples/%.c lib/libiiosearch.a build/FLAGS
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isearcher -MMD -MP -o $@.o -c $<
	$(CXX) $(ALL_LDFLAGS) -o $@ $@.o lib/libiiosearch.a $(LIBS)

# Unit tests: one pattern; each names what it links besides its own file.
TEST_LINK_test-shim     = build/shim/xs.o
TEST_LINK_test-analyze  = $(ANA_OBJ)
TEST_LINK_test-repair   = $(IDX_OBJ)
TEST_LINK_test-indexing = $(INDEXING_OBJ) lib/libiiosearch.a
# The library tests build their fixture index in-process with the indexer's code.
TEST_LINK_test-library  = $(IDX_OBJ) lib/libiiosearch.a
TEST_LINK_test-hostile  = $(IDX_OBJ) lib/libiiosearch.a
TEST_LINK_test-plan     = $(IDX_OBJ) lib/libiiosearch.a
TEST_LINK_test-facets   = $(IDX_OBJ) lib/libiiosearch.a
TEST_LINK_test-places   = $(IDX_OBJ)
TEST_LINK_index-dump    = $(IDX_OBJ)
TEST_LINK_query-loop    = lib/libiiosearch.a
.SECONDEXPANSION:
build/tests/%: tests/unit/%.c $$(TEST_LINK_$$*) build/FLAGS
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@.o
	$(CXX) $(ALL_LDFLAGS) -o $@ $@.o $(TEST_LINK_$*) $(LIBS) $(POPPLER_LIBS)
build/tests/%: tests/tools/%.c $$(TEST_LINK_$$*) build/FLAGS
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@.o
	$(CXX) $(ALL_LDFLAGS) -o $@ $@.o $(TEST_LINK_$*) $(LIBS) $(POPPLER_LIBS)

iio.pc: Makefile build/PATHS
	printf 'prefix=%s\nlibdir=%s\nincludedir=%s\n\nName: iio\nDescription: Search library of iio-search (InnovatieImpuls Onderwijs)\nVersion: %s\nRequires.private: libutf8proc jansson\nLibs: -L$${libdir} -liiosearch\nLibs.private: %s -lstdc++ -lm\nCflags: -I$${includedir}\n' \
		'$(PREFIX)' '$(LIBDIR)' '$(INCLUDEDIR)' '$(VERSION)' '$(shell xapian-config --libs 2>/dev/null)' > $@

# ---- the bundled index ----
index: bin/iio-index
	bin/iio-index --corpus corpus --index var/index

# ---- tests ----
# Unit tests are C programs speaking TAP; end-to-end tests are shell
# scripts over a fixture corpus. prove runs them all.
# ---- fuzzing (tests/fuzz/README.md) ----
# libFuzzer harnesses, built with Debian's clang under ASan+UBSan from the
# same sources into build/fuzz/ (whatever SANITIZE says: these are always
# sanitized). `make fuzz SECONDS=N` runs each for N seconds (RUNS=N: for N
# executions); make check
# runs each over its seeds and regressions and a short fixed number of
# new inputs.
FUZZ_CC      = clang
FUZZ_CXX     = clang++
FUZZ_SAN     = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS  = -std=c11 -O1 -g $(WARN) $(FUZZ_SAN) -fsanitize=fuzzer-no-link $(DEP_CFLAGS) \
               -DIIO_VERSION='"$(VERSION)"' -DIIO_DEFAULT_LEXICON='"$(INTREE_LEXICON)"'
FUZZ_SRC     = $(ANA_SRC) $(READER_SRC) $(LIB_SRC) $(FMT_SRC) searcher/webreq.c
FUZZ_OBJ     = $(patsubst %.c,build/fuzz/obj/%.o,$(FUZZ_SRC)) build/fuzz/obj/shim/xs.o
FUZZERS      = repair analyze query snippet reader webreq
FUZZ_BINS    = $(patsubst %,build/fuzz/fuzz-%,$(FUZZERS))
SECONDS     ?= 60
FUZZ_INDEX   = build/fuzz/index

build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@
build/fuzz/obj/indexer/pdfdoc.o: indexer/pdfdoc.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(POPPLER_CFLAGS) -MMD -MP -c $< -o $@
build/fuzz/obj/shim/xs.o: shim/xs.cc
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) -std=c++17 -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link $(XAPIAN_CXXFLAGS) -MMD -MP -c $< -o $@
build/fuzz/fuzz-%: tests/fuzz/fuzz-%.c tests/fuzz/fuzz.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@.o
	$(FUZZ_CXX) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $@.o $(FUZZ_OBJ) $(LIBS) $(POPPLER_LIBS)
fuzz-build: $(FUZZ_BINS) $(LEXICON)

# Seed corpora come from the bundled corpus and the seed documents
# (tests/fuzz/seeds.sh), the index the query harness searches from corpus/.
fuzz: fuzz-build bin/iio-index
	RUNS=$(RUNS) tests/fuzz/run-all $(SECONDS)

# libxapian 1.4.22's Database::check() frees one of its own objects with a
# sized delete of the wrong size (inside the library, not in our code), which
# ASan reports as new-delete-type-mismatch; that one check is turned off.
check: export ASAN_OPTIONS = detect_leaks=1:abort_on_error=0:new_delete_type_mismatch=0
check: all $(TEST_BINS) $(TEST_TOOLS) fuzz-build
	IIO_TOP=$(CURDIR) IIO_SHARED=$(abspath $(CURDIR)/../shared) SANITIZE='$(SANITIZE)' IIO_LEXICON=$(INTREE_LEXICON) \
		prove $(if $(V),-v) $(if $(TESTS),$(TESTS),$(TEST_BINS) tests/e2e/*.t)

# The CLI end-to-end tests again with iio-search and iio-index under
# valgrind (memory errors and leaks fail them; tests/e2e/lib.sh).
VALGRIND_TESTS = tests/e2e/cli.t tests/e2e/query.t tests/e2e/analyzer.t tests/e2e/damaged.t
check-valgrind: all
	IIO_TOP=$(CURDIR) IIO_SHARED=$(abspath $(CURDIR)/../shared) IIO_LEXICON=$(INTREE_LEXICON) IIO_VALGRIND=1 \
		prove $(if $(V),-v) $(VALGRIND_TESTS)

# ---- dependencies (Debian) ----
DEB_PACKAGES = build-essential pkg-config libxapian-dev xapian-tools libutf8proc-dev zlib1g-dev \
               libhunspell-dev hunspell-nl dict-freedict-nld-eng libmicrohttpd-dev curl chromium \
               libjansson-dev jq perl man-db bsdutils util-linux wdutch python3 gzip \
               systemd wrk clang libclang-rt-14-dev valgrind ripgrep time sqlite3 \
               libpoppler-glib-dev python3-reportlab qpdf fonts-dejavu-core \
               debhelper dpkg-dev fakeroot lintian adduser logrotate
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "deps: all Debian packages present"; fi
	@# The browser test's driver, from npm (the browser itself is Debian's chromium).
	@if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/axe-core ]; then \
		cd tests/browser && npm ci --no-audit --no-fund --loglevel=error; \
	else echo "deps: npm packages present"; fi

# ---- the Debian package (debian/) ----
# make deb: the packages in build/deb/, built in this tree without running
# the suite again (nocheck) and without cleaning it first; lintian's report
# beside them. make check-deb (root): install them, index, search and serve
# as the system user, remove, purge, and check that nothing is left
# (tests/pkg/deb-test.sh; .ci/run runs it).
DEB_ARCH = $(shell dpkg --print-architecture 2>/dev/null)
deb:
	rm -rf build/deb && mkdir -p build/deb
	IIO_DEB_DIR=$(CURDIR)/build/deb DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b --no-pre-clean \
		--buildinfo-option=-ubuild/deb --buildinfo-file=build/deb/iio-search_$(VERSION)_$(DEB_ARCH).buildinfo \
		--changes-option=-ubuild/deb --changes-file=build/deb/iio-search_$(VERSION)_$(DEB_ARCH).changes
	-lintian --info --tag-display-limit 0 build/deb/iio-search_*.changes >build/deb/lintian.txt 2>&1
	@cat build/deb/lintian.txt
	@! grep -q '^E:' build/deb/lintian.txt || { echo "deb: lintian reports errors"; exit 1; }
check-deb: deb
	bash tests/pkg/deb-test.sh build/deb

# ---- install ----
# What install puts where: the lists uninstall takes back.
INSTALL_PROGRAMS = iio-search iio-index iio-serve iio-search.cgi
MAN_PAGES = searcher/iio-search.1 indexer/iio-index.1 searcher/iio-serve.1 searcher/iio-search.cgi.1
WEB_FILES = searcher/web/index.html searcher/web/app.js searcher/web/style.css searcher/web/favicon.svg
UNITS     = indexer/systemd/iio-index.service indexer/systemd/iio-index.timer searcher/systemd/iio-serve.service \
            searcher/systemd/iio-search.conf searcher/systemd/iio-serve.logrotate
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(INSTALLED_INDEX) $(DESTDIR)$(DATADIR)/iio-search
	install -m 644 $(LEXICON) $(DESTDIR)$(INSTALLED_LEXICON)
	install -m 755 $(addprefix bin/,$(INSTALL_PROGRAMS)) $(DESTDIR)$(BINDIR)/
	install -d $(DESTDIR)$(INSTALLED_WEB)
	install -m 644 $(WEB_FILES) $(DESTDIR)$(INSTALLED_WEB)/
	install -m 644 lib/libiiosearch.a $(DESTDIR)$(LIBDIR)/
	install -m 755 lib/libiiosearch.so.0 $(DESTDIR)$(LIBDIR)/
	ln -sf libiiosearch.so.0 $(DESTDIR)$(LIBDIR)/libiiosearch.so
	install -m 644 searcher/iio.h $(DESTDIR)$(INCLUDEDIR)/
	install -m 644 iio.pc $(DESTDIR)$(LIBDIR)/pkgconfig/
	install -m 644 $(MAN_PAGES) $(DESTDIR)$(MANDIR)/man1/
	install -d $(DESTDIR)$(DATADIR)/iio-search/systemd
	for u in $(UNITS); do \
		sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@INDEX@|$(INSTALLED_INDEX)|g' \
		    -e 's|@STATEDIR@|$(INSTALLED_STATE)|g' -e 's|@CORPUS@|$(CORPUSDIR)|g' \
		    -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' -e 's|@LOGDIR@|$(INSTALLED_LOG)|g' \
		    $$u >$(DESTDIR)$(DATADIR)/iio-search/systemd/$${u##*/}; done
	@# The bundled corpus, as an example to index and to model exports on.
	install -d $(addprefix $(DESTDIR)$(DATADIR)/iio-search/corpus/,documents videos cases)
	install -m 644 corpus/README.md corpus/sources.conf corpus/thesaurus.txt $(DESTDIR)$(DATADIR)/iio-search/corpus/
	install -m 644 corpus/documents/* $(DESTDIR)$(DATADIR)/iio-search/corpus/documents/
	install -m 644 corpus/videos/* $(DESTDIR)$(DATADIR)/iio-search/corpus/videos/
	install -m 644 corpus/cases/* $(DESTDIR)$(DATADIR)/iio-search/corpus/cases/

# Everything install put there; the index is data and stays (its
# directories go only when empty), as a package's remove keeps it.
uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(INSTALL_PROGRAMS)) \
		$(DESTDIR)$(LIBDIR)/libiiosearch.a $(DESTDIR)$(LIBDIR)/libiiosearch.so $(DESTDIR)$(LIBDIR)/libiiosearch.so.0 \
		$(DESTDIR)$(INCLUDEDIR)/iio.h $(DESTDIR)$(LIBDIR)/pkgconfig/iio.pc \
		$(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN_PAGES))) \
		$(DESTDIR)$(INSTALLED_LEXICON) $(addprefix $(DESTDIR)$(INSTALLED_WEB)/,$(notdir $(WEB_FILES))) \
		$(addprefix $(DESTDIR)$(DATADIR)/iio-search/systemd/,$(notdir $(UNITS)))
	rm -rf $(DESTDIR)$(DATADIR)/iio-search/corpus
	-rmdir $(DESTDIR)$(INSTALLED_WEB) $(DESTDIR)$(DATADIR)/iio-search/systemd $(DESTDIR)$(DATADIR)/iio-search \
		$(DESTDIR)$(INSTALLED_INDEX) $(DESTDIR)$(INSTALLED_STATE) 2>/dev/null

clean:
	rm -rf build bin lib iio.pc bench/ud-eval bench/analyzer-speed bench/relevance/xapian-peer bench/perf/xapian-perf \
		bench/perf/suggest-speed bench/perf/page-speed


.PHONY: check-valgrind all index check deps install uninstall clean bench fuzz fuzz-build FORCE deb check-deb
.DELETE_ON_ERROR:

-include $(shell find build -name '*.d' 2>/dev/null)
