#!/bin/bash
# install.t - `make install` into a staging root: programs with the
# installed default index path, library, header, pkg-config file and man
# pages; a program builds from pkg-config alone.
. "$(dirname "$0")/lib.sh"

R=$T/root
run make -s -C "$TOP" install DESTDIR="$R" PREFIX=/usr LOCALSTATEDIR=/var SANITIZE="${SANITIZE:-}"
t_is "$rc" 0 "make install DESTDIR=... PREFIX=/usr" "$err"
for f in usr/bin/iio-search usr/bin/iio-index usr/lib/libiiosearch.a usr/lib/libiiosearch.so.0 \
	usr/lib/libiiosearch.so usr/include/iio.h usr/lib/pkgconfig/iio.pc \
	usr/share/man/man1/iio-search.1 usr/share/man/man1/iio-index.1; do
	if [ -e "$R/$f" ]; then pass "installed /$f"; else fail "installed /$f"; fi
done
t_ok "the index directory exists" test -d "$R/var/lib/iio-search/index"
run "$R/usr/bin/iio-search" --help
t_has "$out" "/var/lib/iio-search/index" "the installed iio-search defaults to /var/lib/iio-search/index"
run "$R/usr/bin/iio-search" leerlingenkrimp
t_is "$rc" 2 "the installed iio-search looks for its own default index"
# Each program is built once: the installed copy is the build tree's, and
# where it runs decides its defaults.
for p in iio-search iio-index iio-serve iio-search.cgi; do
	t_ok "installed $p is the one built in bin/" cmp "$TOP/bin/$p" "$R/usr/bin/$p"
done
t_has "$("$TOP/bin/iio-search" --help)" "$TOP/var/index" "run from the checkout, iio-search defaults to its var/index"
t_has "$("$TOP/bin/iio-index" --help)" "$TOP/lib/iio-search/nl.lex" "... iio-index to its lexicon"
t_has "$("$R/usr/bin/iio-index" --help)" "/usr/share/iio-search/nl.lex" "installed, iio-index defaults to the installed lexicon"
t_has "$("$R/usr/bin/iio-serve" --help)" "/usr/share/iio-search/web" "... iio-serve to the installed page"
t_ok "man iio-search renders" man -l "$R/usr/share/man/man1/iio-search.1"
t_ok "man iio-index renders" man -l "$R/usr/share/man/man1/iio-index.1"

# The nightly units: paths filled in, and systemd accepts every line.
U=$R/usr/share/iio-search/systemd
t_has "$(cat "$U/iio-index.service")" "Environment=IIO_INDEX=/var/lib/iio-search/index IIO_CORPUS=/srv/iio-search/corpus" \
	"the service's defaults: the installed index and the corpus path"
t_has "$(cat "$U/iio-index.service")" "EnvironmentFile=-/etc/iio-search/iio-search.conf" "... which the configuration file overrides"
t_has "$(cat "$U/iio-index.service")" '/usr/bin/iio-index --corpus ${IIO_CORPUS} --index ${IIO_INDEX}' \
	"the service runs the installed iio-index on them"
t_is "$(grep -cE "@[A-Z]+@" "$U/iio-index.service" "$U/iio-index.timer" "$U/iio-serve.service" "$U/iio-search.conf" "$U/iio-serve.logrotate" | cut -d: -f2 | tr -d "\n")" "00000" "no placeholder is left in the units, the configuration and the log rotation"
t_has "$(cat "$U/iio-serve.service")" '--access-log /var/log/iio-search/access.log' "the server logs to /var/log/iio-search"
t_has "$(cat "$U/iio-serve.logrotate")" '/var/log/iio-search/access.log {' "... which logrotate rotates"
t_has "$(cat "$U/iio-serve.service")" 'ReadOnlyPaths=/var/lib/iio-search' "the server's unit keeps the index read-only"
t_has "$(cat "$U/iio-serve.service")" 'ExecStart=/usr/bin/iio-serve --index ${IIO_INDEX} --listen ${IIO_LISTEN}' "the server's unit runs the installed iio-serve"
t_has "$(cat "$U/iio-search.conf")" "IIO_INDEX=/var/lib/iio-search/index" "the configuration names the installed index"
t_has "$(cat "$U/iio-serve.service")" "Restart=on-failure" "... and restarts it when it dies (a crash on a damaged index)"
t_has "$(cat "$U/iio-index.timer")" "Persistent=true" "the timer makes up a missed night"
if command -v systemd-analyze >/dev/null; then
	# Only the parse matters here: a container has no sysinit.target and
	# the staged binaries are not at their final paths.
	run systemd-analyze verify --man=no "$U/iio-index.service" "$U/iio-index.timer" "$U/iio-serve.service"
	bad=$(grep -E "Unknown (key|section|lvalue)|[Ff]ailed to parse|Invalid|[Ii]gnoring|Missing" <<<"$err$out")
	t_is "$bad" "" "systemd-analyze verify: every line of the units parses"
else
	fail "systemd-analyze is needed to check the units"
fi

export PKG_CONFIG_SYSROOT_DIR=$R PKG_CONFIG_PATH=$R/usr/lib/pkgconfig
flags=$(pkg-config --cflags --libs iio)
t_has "$flags" "-liiosearch" "pkg-config --libs iio"
SAN=${SANITIZE:+-fsanitize=$SANITIZE}
t_ok "cc \$(pkg-config --cflags --libs iio) example.c" \
	cc $SAN -o "$T/example" "$TOP/searcher/examples/search-json.c" $flags
"$BIN/iio-index" --quiet --corpus "$TOP/corpus" --index "$T/index"
LD_LIBRARY_PATH=$R/usr/lib run "$T/example" "$T/index" leerlingenkrimp
t_is "$(jq -r '.results[0].id' <<<"$out")" "iio-longread.wat-is-innovatieimpuls-onderwijs" "the pkg-config-built example searches"

# --analyze needs no index: the installed program, its default index not
# there, analyzes with the lexicon alone.
IIO_LEXICON=$R/usr/share/iio-search/nl.lex run "$R/usr/bin/iio-search" --analyze --json leerlingenkrimp
t_is "$rc" 0 "--analyze without an index: exit 0"
t_is "$(jq -r '.tokens[0].parts | map(.stem) | join("+")' <<<"$out")" "leerling+krimp" "... and the lexicon splits the compound"

# uninstall takes back everything install put there (the empty index
# directories too; an index in them would stay).
run make -s -C "$TOP" uninstall DESTDIR="$R" PREFIX=/usr LOCALSTATEDIR=/var
t_is "$rc" 0 "make uninstall" "$err"
t_is "$(cd "$R" && find . \( -type f -o -type l \) | sort)" "" "nothing installed is left behind (programs, library, page, man pages, units, lexicon)"
t_is "$(cd "$R" && find . -path '*iio-search*' | sort)" "" "... nor a directory of ours"

done_testing
