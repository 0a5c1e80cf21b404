#!/bin/sh
# tools/deps.sh - install what meshplan needs on a Debian machine, only
# when it is missing: the C libraries (jansson, libyaml, pcre2, cmocka),
# pkg-config, python3 with jsonschema and yaml (the schema checks),
# clang-format (make format-check), and
# the offline validators the tests use (npm packages into
# tools/validators/node_modules). Safe to run again.
set -e
need=""
for p in build-essential pkg-config libjansson-dev libyaml-dev libpcre2-dev \
    libcmocka-dev python3 python3-jsonschema python3-yaml clang-format; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		need="$need $p"
done
if [ -n "$need" ]; then
	echo "deps: installing Debian packages:$need"
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO=sudo
	$SUDO apt-get update -q
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $need
fi
# Optional extras, skipped quietly when MESHPLAN_DEPS_MINIMAL is set:
# iprange (summarize cross-check), chromium (browser check of the HTML
# report), time (make bench: peak memory), clang and libclang-rt-14-dev
# (make fuzz: libFuzzer and the sanitizer runtimes), valgrind (make
# valgrind), zsh (the zsh completion test). Each is installed on its own,
# so one that this Debian release lacks does not keep the others out.
if [ -z "$MESHPLAN_DEPS_MINIMAL" ]; then
	extra=""
	for p in iprange chromium time clang libclang-rt-14-dev valgrind zsh; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q "ok installed" || extra="$extra $p"
	done
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO=sudo
	for p in $extra; do
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q \
		    "$p" || echo "deps: could not install $p (optional)"
	done
fi
dir=$(cd "$(dirname "$0")" && pwd)/validators
if [ -f "$dir/package.json" ] && command -v npm >/dev/null 2>&1; then
	if [ ! -d "$dir/node_modules" ]; then
		echo "deps: installing npm validators in $dir"
		(cd "$dir" && npm install --no-audit --no-fund --silent)
	fi
fi
echo "deps: ok"
