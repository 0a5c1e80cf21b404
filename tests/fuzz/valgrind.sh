#!/bin/sh
# tests/fuzz/valgrind.sh - make valgrind: run meshplan under valgrind
# (--leak-check=full, --error-exitcode=1) on every fixture, every real
# export in ../shared/fixtures-real when present, and a small generated
# estate of both shapes: analyze (text, json, sarif), plan, report (md,
# html), routes of one VNet, and emit --target all when this meshplan has
# it. A memory error or a leak fails the run and names the command; the
# valgrind log is kept in build/valgrind/. Not part of make test: about a
# minute on two cores. VALGRIND_QUICK=1 runs analyze and plan only.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
MESHPLAN=${MESHPLAN:-$TOP/build/meshplan}
LOGS=$TOP/build/valgrind
command -v valgrind > /dev/null 2>&1 || {
	echo "make valgrind: valgrind is missing (Debian: valgrind)" >&2
	exit 2
}
rm -rf "$LOGS"
mkdir -p "$LOGS"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM
n=0
bad=0

has_command() {
	"$MESHPLAN" "$1" --help > /dev/null 2>&1
}

# vg NAME CMD...: run meshplan under valgrind; meshplan's own exit code
# (0, 3 for invalid input) is fine, a valgrind error is not.
vg() {
	name=$1
	shift
	n=$((n + 1))
	log=$LOGS/$name.log
	valgrind -q --error-exitcode=1 --leak-check=full \
	    --show-leak-kinds=definite,indirect \
	    --errors-for-leak-kinds=definite,indirect --log-file="$log" \
	    "$MESHPLAN" "$@" > "$WORK/out" 2> "$WORK/err"
	rc=$?
	if [ -s "$log" ] || [ $rc -eq 1 ]; then
		bad=$((bad + 1))
		echo "FAIL valgrind: meshplan $* (exit $rc; $log)"
		head -30 "$log"
	else
		echo "ok   meshplan $*"
	fi
}

inputs=""
for d in "$TOP"/fixtures/*/; do
	d=${d%/}
	case $d in */udr-example) d=$d/estate.json ;; esac
	inputs="$inputs $d"
done
GEN=$WORK/gen
if command -v python3 > /dev/null 2>&1; then
	for shape in list template; do
		python3 "$TOP/tests/gen/gen_estate.py" --out "$GEN-$shape" \
		    --shape $shape --regions eastus,westeurope \
		    --hubs-per-region 2 --spokes-per-hub 8 --pes-per-spoke 2 \
		    --overlap-fraction 0.2 --disconnected-fraction 0.2 \
		    --udr-fraction 0.3 --ipv6-fraction 0.3 2> /dev/null &&
		    inputs="$inputs $GEN-$shape"
	done
fi
for in in $inputs; do
	tag=$(echo "${in#$TOP/}" | sed 's|^/tmp/[^/]*/||; s|[/.]|_|g')
	vg "$tag-analyze" analyze "$in"
	vg "$tag-plan" plan -q -o "$WORK/plan-$tag.json" "$in"
	[ -n "${VALGRIND_QUICK:-}" ] && continue
	vg "$tag-analyze-json" analyze --format json "$in"
	vg "$tag-analyze-sarif" analyze --format sarif "$in"
	if has_command report; then
		vg "$tag-report-md" report --format md "$in"
		vg "$tag-report-html" report --format html -o \
		    "$WORK/report-$tag.html" "$in"
	fi
	if has_command routes; then
		vnet=$("$MESHPLAN" analyze --format json "$in" 2> /dev/null |
		    python3 -c 'import json,sys; h=json.load(sys.stdin)["hubs"]; print(h[0]["name"] if h else "")' 2> /dev/null)
		[ -n "$vnet" ] && vg "$tag-routes" routes --vnet "$vnet" "$in"
	fi
	if has_command emit; then
		vg "$tag-emit" emit --target all -o "$WORK/emit-$tag" "$in"
	fi
done
if [ -d "$TOP/../shared/fixtures-real" ]; then
	for f in $(find "$TOP/../shared/fixtures-real" -name '*.json' | sort); do
		tag=real_$(basename "$(dirname "$f")")_$(basename "$f" .json)
		vg "$tag-analyze" analyze --format json "$f"
	done
else
	echo "SKIP: ../shared is absent; real exports not run under valgrind"
fi
echo "valgrind: $n runs, $bad failed"
[ $bad -eq 0 ]
