#!/bin/sh
# bench/summarize.sh - speed of "meshplan summarize" (make bench-summarize).
#  1. exact merge of 1,000,000 random IPv4 prefixes (fixed seed) against
#     FireHOL iprange (default merge mode) and Python's collapse_addresses,
#     checking that all three print the same set;
#  2. default mode (fewest prefixes) on 100,000 prefixes with 10,000
#     forbidden, and budget mode on the same input.
# Targets: at least as fast as iprange, >= 50x faster than Python, default
# mode under 1 s. Times are wall clock, best of 3 (Python: one run).
# The data is generated with awk and a Park-Miller generator, so every awk
# produces the same files.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
M=${MESHPLAN:-$TOP/meshplan}
N=${BENCH_N:-1000000}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT

# measure CMD...: one run; prints "WALL CPU" in seconds (CPU = user + sys,
# from GNU time when present, else the wall time). The machine may be
# shared, so CPU time is the fairer comparison; both are shown.
if [ -x /usr/bin/time ] && /usr/bin/time -f %e true > /dev/null 2>&1; then
	measure() {
		/usr/bin/time -o "$D/time" -f "%e %U %S" "$@" > "$D/out" 2> "$D/err" ||
		    { cat "$D/err" >&2; echo "fail fail"; return; }
		awk '{ printf "%.3f %.3f", $1, $2 + $3 }' "$D/time"
	}
else
	measure() {
		t0=$(date +%s.%N)
		"$@" > "$D/out" 2> "$D/err" ||
		    { cat "$D/err" >&2; echo "fail fail"; return; }
		t1=$(date +%s.%N)
		echo "$t0 $t1" | awk '{ printf "%.3f %.3f", $2 - $1, $2 - $1 }'
	}
fi
# best_of CMD...: three runs, the one with the least CPU time.
best_of() {
	best=
	for _ in 1 2 3; do
		r=$(measure "$@")
		best=$(printf '%s\n%s\n' "$r" "$best" | awk 'NF == 2 &&
		    (b == "" || $2 < c) { b = $0; c = $2 } END { print b }')
	done
	echo "$best"
}
once() { measure "$@"; }
wall() { echo "$1" | cut -d' ' -f1; }
cpu() { echo "$1" | cut -d' ' -f2; }
ratio() { echo "$1 $2" | awk '{ if ($1 > 0) printf "%.1f", $2 / $1; else print "inf" }'; }
row() {	# row LABEL "WALL CPU" [NOTE]
	printf '  %-40s %8s s wall %8s s cpu   %s\n' "$1" "$(wall "$2")" "$(cpu "$2")" "${3:-}"
}

gen_prefixes() {	# gen_prefixes SEED COUNT MINLEN MAXLEN INSIDE10PCT
	awk -v seed="$1" -v n="$2" -v lo="$3" -v hi="$4" -v pct="$5" '
	function r() { x = (x * 16807) % 2147483647; return x }
	BEGIN {
		x = seed
		for (i = 0; i < n; i++) {
			len = lo + r() % (hi - lo + 1)
			if (r() % 100 < pct)
				a = 167772160 + r() % 16777216
			else
				a = (r() % 65536) * 65536 + r() % 65536
			s = 2 ^ (32 - len)
			a = a - a % s
			printf "%d.%d.%d.%d/%d\n", int(a / 16777216),
			    int(a / 65536) % 256, int(a / 256) % 256, a % 256, len
		}
	}'
}

echo "meshplan summarize benchmark ($(uname -m), $(nproc 2>/dev/null || echo '?') cpus)"
gen_prefixes 12345 "$N" 16 32 70 > "$D/in"
echo "input: $N random IPv4 prefixes (/16../32, 70% inside 10.0.0.0/8)"

tm=$(best_of "$M" summarize --exact --file "$D/in")
cp "$D/out" "$D/mp"
echo "exact merge -> $(wc -l < "$D/mp") prefixes (times: best of 3 by cpu; Python: 1 run)"
row "meshplan summarize --exact" "$tm"
if command -v iprange > /dev/null 2>&1; then
	ti=$(best_of iprange "$D/in")
	awk '!/\// { $0 = $0 "/32" } { print }' "$D/out" > "$D/ipr"
	same=$(cmp -s "$D/mp" "$D/ipr" && echo "same set" || echo "OUTPUT DIFFERS")
	row "iprange (default merge)" "$ti" "meshplan faster: $(ratio "$(wall "$tm")" "$(wall "$ti")")x wall, $(ratio "$(cpu "$tm")" "$(cpu "$ti")")x cpu; $same"
else
	echo "  SKIP: iprange not installed (Debian package iprange)"
fi
if command -v python3 > /dev/null 2>&1; then
	cat > "$D/coll.py" <<'PY'
import ipaddress, sys
nets = [ipaddress.IPv4Network(l.strip()) for l in open(sys.argv[1]) if l.strip()]
sys.stdout.write("".join(f"{n}\n" for n in ipaddress.collapse_addresses(nets)))
PY
	tp=$(once python3 "$D/coll.py" "$D/in")
	same=$(cmp -s "$D/mp" "$D/out" && echo "same set" || echo "OUTPUT DIFFERS")
	row "python3 collapse_addresses" "$tp" "meshplan faster: $(ratio "$(wall "$tm")" "$(wall "$tp")")x wall, $(ratio "$(cpu "$tm")" "$(cpu "$tp")")x cpu; $same"
else
	echo "  SKIP: python3 missing"
fi

gen_prefixes 777 100000 20 28 100 > "$D/in2"
gen_prefixes 4242 10000 24 32 100 > "$D/fb2"
echo "default mode, 100,000 prefixes (/20../28 in 10.0.0.0/8), 10,000 forbidden:"
td=$(best_of "$M" summarize --file "$D/in2" --forbid-file "$D/fb2")
row "meshplan summarize" "$td" "$(wc -l < "$D/out") prefixes; target < 1 s"
tb=$(best_of "$M" summarize -q --max-prefixes 1000 --file "$D/in2" --forbid-file "$D/fb2")
row "meshplan summarize --max-prefixes 1000" "$tb" "$(wc -l < "$D/out") prefixes (budget unreachable here: best given)"
