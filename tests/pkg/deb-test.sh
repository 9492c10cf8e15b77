#!/bin/bash
# deb-test.sh DIR - the Debian packages in DIR (make deb) on this machine, as
# root: install with dpkg -i, check the system user, the configuration, the
# units and the index the postinst built; index again and search with the
# installed programs as the system user; check that the server's own user
# cannot write the index; start the installed iio-serve (through systemd
# where it runs, else the unit's ExecStart line as the unit's user) and get
# an answer; its access log (0640, group adm), rotated by logrotate and
# reopened on SIGHUP; an upgrade across a change of the index format that
# the server answers through; remove (the data stays), install again,
# purge, and check that nothing is left. Prints TAP; exit 1 on a failure.
# Run by `make check-deb` (.ci/run).
set -u
DIR=$(cd "${1:?usage: deb-test.sh DIR}" && pwd)
WAIT=${IIO_TEST_TIMEOUT:-180}
n=0 failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else failed=$((failed + 1)); echo "not ok $n - $2"; [ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/#   /'; fi; }
check() { local d=$1; shift; out=$("$@" 2>&1); ok $? "$d" "$out"; }
[ "$(id -u)" = 0 ] || { echo "1..0 # SKIP deb-test.sh installs packages: run it as root"; exit 0; }

debs=("$DIR"/iio-search_*.deb "$DIR"/libiiosearch0_*.deb "$DIR"/libiiosearch-dev_*.deb)
for d in "${debs[@]}"; do [ -f "$d" ] || { echo "Bail out! no package $d (make deb)"; exit 1; }; done
# A previous run's leftovers would hide what this one must show.
dpkg --purge iio-search libiiosearch-dev libiiosearch0 >/dev/null 2>&1

check "dpkg -i installs the three packages" dpkg -i "${debs[@]}"
check "the system user iio-search exists" getent passwd iio-search
check "/var/lib/iio-search belongs to it" test "$(stat -c %U /var/lib/iio-search)" = iio-search
check "the server's own system user iio-serve exists" getent passwd iio-serve
check "... another than the indexer's" test "$(id -u iio-serve)" != "$(id -u iio-search)"
check "/var/log/iio-search: iio-serve's, group adm, 2750" test "$(stat -c '%a %U %G' /var/log/iio-search)" = "2750 iio-serve adm"
check "the access log's rotation is in /etc/logrotate.d" grep -q '^/var/log/iio-search/access.log {' /etc/logrotate.d/iio-search
if command -v logrotate >/dev/null; then
	check "... and logrotate reads it" logrotate -d /etc/logrotate.d/iio-search
fi
check "the configuration is in /etc/iio-search" grep -q '^IIO_LISTEN=' /etc/iio-search/iio-search.conf
check "the units are installed" test -f /lib/systemd/system/iio-serve.service -a -f /lib/systemd/system/iio-index.service -a -f /lib/systemd/system/iio-index.timer
check "the nightly schedule comes from the configuration" grep -q '^OnCalendar=\*-\*-\* 03:30:00' /etc/systemd/system/iio-index.timer.d/schedule.conf
check "the lexicon, the page and the example corpus are under /usr/share/iio-search" test -f /usr/share/iio-search/nl.lex -a -f /usr/share/iio-search/web/app.js -a -f /usr/share/iio-search/corpus/sources.conf
check "the library, its header and pkg-config file" pkg-config --exists iio
check "man pages" test -f /usr/share/man/man1/iio-search.1.gz
check "the postinst built the index of the example corpus" test -L /var/lib/iio-search/index/current
check "... as the system user" test "$(stat -c %U "$(readlink -f /var/lib/iio-search/index/current)")" = iio-search
# The server's user reads the index and cannot change it.
check "iio-serve's user reads the index" runuser -u iio-serve -- /usr/bin/iio-search --index /var/lib/iio-search/index -n 1 leerlingenkrimp
check "... and cannot write into it" sh -c '! runuser -u iio-serve -- touch /var/lib/iio-search/index/x 2>/dev/null'
check "... nor into its live generation" sh -c '! runuser -u iio-serve -- touch "$(readlink -f /var/lib/iio-search/index/current)/x" 2>/dev/null'
check "... nor move the live pointer" sh -c '! runuser -u iio-serve -- ln -sfn /tmp /var/lib/iio-search/index/current 2>/dev/null'
check "the unit keeps the server off the index (ProtectSystem=strict, ReadOnlyPaths=)" \
	sh -c 'grep -q "^ProtectSystem=strict" /lib/systemd/system/iio-serve.service && grep -q "^ReadOnlyPaths=/var/lib/iio-search" /lib/systemd/system/iio-serve.service && ! grep -q "^ReadWritePaths=/var/lib" /lib/systemd/system/iio-serve.service'

# Index and search with the installed programs, as the system user.
check "the installed iio-index builds the index as iio-search" \
	runuser -u iio-search -- /usr/bin/iio-index --full --quiet --corpus /usr/share/iio-search/corpus --index /var/lib/iio-search/index
out=$(runuser -u iio-search -- /usr/bin/iio-search --json leerlingenkrimp 2>&1)
ok $? "the installed iio-search finds its default index" "$out"
total=$(printf '%s' "$out" | jq -r .total 2>/dev/null)
[ "${total:-0}" -gt 0 ] 2>/dev/null; ok $? "... and answers ($total results for leerlingenkrimp)"
check "a program built against the installed library" sh -c \
	'printf "#include <iio.h>\nint main(void){iio_index *i=0;int s=iio_index_open(&i,\"/var/lib/iio-search/index\");iio_index_close(i);return s;}\n" >/tmp/iio-deb-test.c &&
	 cc /tmp/iio-deb-test.c $(pkg-config --cflags --libs iio) -o /tmp/iio-deb-test && runuser -u iio-search -- /tmp/iio-deb-test'
rm -f /tmp/iio-deb-test /tmp/iio-deb-test.c

# The server: through systemd where it runs, else the unit's ExecStart.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
if [ "$(systemctl is-system-running 2>/dev/null)" = running ] || [ "$(systemctl is-system-running 2>/dev/null)" = degraded ]; then
	sed -i "s/^IIO_LISTEN=.*/IIO_LISTEN=127.0.0.1:$port/" /etc/iio-search/iio-search.conf
	check "systemctl restart iio-serve" systemctl restart iio-serve.service
	how="systemd"
else
	line=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/iio-serve.service)
	user=$(sed -n 's/^User=//p' /lib/systemd/system/iio-serve.service)
	# The unit's environment: its defaults, then the configuration file.
	set -a
	eval "$(sed -n 's/^Environment=//p' /lib/systemd/system/iio-serve.service)"
	. <(sed -n 's/^\([A-Z_]*\)=\(.*\)$/\1="\2"/p' /etc/iio-search/iio-search.conf)
	set +a
	IIO_LISTEN=127.0.0.1:$port
	cmd=$(eval "echo $line")
	# setpriv executes the server itself: $! is its pid, for SIGHUP.
	setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups -- $cmd >/tmp/iio-deb-serve.log 2>&1 &
	spid=$!
	how="the unit's ExecStart as $user (no systemd here)"
fi
code=000
for _ in $(seq $((WAIT * 10))); do
	code=$(curl -s -o /tmp/iio-deb-body -w '%{http_code}' "http://127.0.0.1:$port/api/search?q=leerlingenkrimp") && [ "$code" = 200 ] && break
	sleep 0.1
done
ok "$([ "$code" = 200 ] && echo 0 || echo 1)" "the installed iio-serve answers ($how)" "$(cat /tmp/iio-deb-serve.log 2>/dev/null)"
check "... with results" jq -e '.total > 0' /tmp/iio-deb-body
check "... and serves the page" curl -sf -o /dev/null "http://127.0.0.1:$port/"
log=/var/log/iio-search/access.log
check "the access log holds the searches" grep -q leerlingenkrimp "$log"
check "... 0640, iio-serve's, group adm" test "$(stat -c '%a %U %G' "$log")" = "640 iio-serve adm"
# Rotation: logrotate renames the log, the server is asked (SIGHUP) to open
# a new one and keeps serving.
hup() { if [ -n "${spid:-}" ]; then kill -HUP "$spid"; else systemctl reload iio-serve.service; fi; }
if command -v logrotate >/dev/null; then
	check "logrotate -f rotates the access log" logrotate -f -s /tmp/iio-deb-logrotate.state /etc/logrotate.d/iio-search
	check "... renamed to access.log.1" test -f "$log.1"
	check "... a new one made 0640, iio-serve's, group adm" test "$(stat -c '%a %U %G' "$log")" = "640 iio-serve adm"
	rm -f /tmp/iio-deb-logrotate.state
else
	mv "$log" "$log.1"
fi
hup
logged=1
for _ in $(seq $((WAIT * 10))); do
	curl -s -o /dev/null "http://127.0.0.1:$port/api/search?q=naderotatie"
	grep -q naderotatie "$log" 2>/dev/null && { logged=0; break; }
	sleep 0.1
done
ok $logged "after SIGHUP the server writes the new access log" "$(ls -l /var/log/iio-search; cat /tmp/iio-deb-serve.log 2>/dev/null)"
check "... and not the rotated one" sh -c "! grep -q naderotatie $log.1"
check "... 0640, iio-serve's, group adm" test "$(stat -c '%a %U %G' "$log")" = "640 iio-serve adm"
check "the server is still up after SIGHUP" curl -sf -o /dev/null "http://127.0.0.1:$port/api/search?q=krimp"

# An upgrade across a change of the index format: the live generation says
# it was built by another format (as one of an older version does), and
# installing the package again runs the postinst, whose iio-index builds
# the whole index anew in this format while the server keeps answering
# from the generation it has; then it answers from the new one.
live=/var/lib/iio-search/index/current
gen_before=$(readlink "$live")
built=$(xapian-metadata get "$live/" iio:analyzer 2>/dev/null)
old_format=$(sed 's/schema [0-9]*$/schema 0/' <<<"$built")
check "the live generation marked as built by an older format" \
	runuser -u iio-search -- xapian-metadata set "$(readlink -f "$live")" iio:analyzer "$old_format"
rm -f /tmp/iio-deb-upgrade.codes
( while [ ! -e /tmp/iio-deb-upgrade.stop ]; do
	c=$(curl -s -o /tmp/iio-deb-upgrade.body -w '%{http_code}' "http://127.0.0.1:$port/api/search?q=leerlingenkrimp")
	t=$(jq -r '.total // 0' /tmp/iio-deb-upgrade.body 2>/dev/null)
	echo "$c ${t:-0}" >>/tmp/iio-deb-upgrade.codes
	sleep 0.05
done ) &
poller=$!
check "installing the package again (the upgrade's postinst)" dpkg -i "$DIR"/iio-search_*.deb
touch /tmp/iio-deb-upgrade.stop
wait "$poller"
rm -f /tmp/iio-deb-upgrade.stop /tmp/iio-deb-upgrade.body
asked=$(wc -l </tmp/iio-deb-upgrade.codes)
answered=$(awk '$1 == 200 && $2 > 0' /tmp/iio-deb-upgrade.codes | wc -l)
ok "$([ "$asked" -gt 0 ] && [ "$answered" = "$asked" ] && echo 0 || echo 1)" \
	"the server answered every search during the upgrade ($answered of $asked)" "$(sort /tmp/iio-deb-upgrade.codes | uniq -c)"
check "... whose postinst built a new generation" test "$(readlink "$live")" != "$gen_before"
check "... in this version's format" test "$(xapian-metadata get "$live/" iio:analyzer)" = "$built"
check "the server answers from the new generation" sh -c \
	"curl -sf 'http://127.0.0.1:$port/api/search?q=leerlingenkrimp' | jq -e '.total > 0'"
rm -f /tmp/iio-deb-upgrade.codes
if [ -n "${spid:-}" ]; then kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null; else systemctl stop iio-serve.service; fi
rm -f /tmp/iio-deb-body /tmp/iio-deb-serve.log

# Remove keeps the data; installing again finds it.
check "dpkg -r removes the programs" dpkg -r iio-search
check "... keeps the index" test -L /var/lib/iio-search/index/current
check "... and the user" getent passwd iio-search
check "... and the programs are gone" test ! -e /usr/bin/iio-search
check "installing again" dpkg -i "$DIR"/iio-search_*.deb

# Purge leaves nothing.
check "dpkg --purge" dpkg --purge iio-search libiiosearch-dev libiiosearch0
for p in /var/lib/iio-search /var/log/iio-search /etc/logrotate.d/iio-search /etc/iio-search /usr/share/iio-search /usr/bin/iio-search /usr/bin/iio-index /usr/bin/iio-serve \
	/usr/lib/cgi-bin/iio-search.cgi /lib/systemd/system/iio-serve.service /lib/systemd/system/iio-index.timer \
	/etc/systemd/system/iio-index.timer.d /usr/include/iio.h; do
	check "purge removed $p" test ! -e "$p"
done
check "purge removed the user" sh -c '! getent passwd iio-search'
check "purge removed the group" sh -c '! getent group iio-search'
check "purge removed the server's user" sh -c '! getent passwd iio-serve'
check "purge removed the server's group" sh -c '! getent group iio-serve'
check "no package of it is left" sh -c '! dpkg -l iio-search libiiosearch0 libiiosearch-dev 2>/dev/null | grep -q "^[a-z][a-z] "'
echo "1..$n"
[ "$failed" = 0 ]
