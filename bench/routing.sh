#!/bin/sh
# bench/routing.sh - the routing benchmark of issue 3 (make bench): the
# hairpin analysis must take < 1 s CPU for 2 hubs x 500 spokes on one
# circuit (~10 private endpoints each) and < 10 s for 5,000 spokes; first
# the routing engine alone (routing_bench, an estate built in memory),
# then meshplan analyze end to end on the seed's example estate written
# as JSON by tests/gen/gen_estate.py (--preset seed-example, and the same
# shape with 2 x 2,500 spokes), loading included: the least CPU of three
# runs, on files in the page cache.
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
B=$BUILD/bench/routing_bench
MESHPLAN=${MESHPLAN:-$BUILD/meshplan}
RUSAGE=$BUILD/bench/rusage
GEN=$TOP/tests/gen/gen_estate.py
OUT=$TOP/bench/out
fail=0
check() {
	limit=$1
	shift
	out=$("$B" "$@") || { echo "FAIL: $B $*"; fail=1; return; }
	echo "routing_bench $*: $out" | tr '\n' ' '
	echo
	t=$(echo "$out" | sed -n 's/.*analyze \([0-9.]*\) s.*/\1/p')
	if awk "BEGIN { exit !($t < $limit) }"; then
		echo "ok   analyze $t s < $limit s"
	else
		echo "FAIL analyze $t s >= $limit s"
		fail=1
	fi
}
check 1 2 500 10 --pairs
check 10 2 2500 10
# Worst case for sharing (one class per spoke): reported, limit as above.
check 10 2 500 10 --unique

# e2e LIMIT SPOKES_PER_HUB: meshplan analyze --format json on the seed
# example's shape (cached under bench/out/ by generator contents).
e2e() {
	limit=$1
	per_hub=$2
	sum=$(cksum < "$GEN" | cut -d' ' -f1)
	dir=$OUT/seed-example-$per_hub-g$sum
	if [ ! -f "$dir.done" ]; then
		rm -rf "$dir"
		mkdir -p "$OUT"
		python3 "$GEN" --preset seed-example --spokes-per-hub "$per_hub" \
		    --out "$dir" > /dev/null ||
		    { echo "FAIL: generator"; fail=1; return; }
		touch "$dir.done"
	fi
	# Warm the page cache: the time is meshplan's, not the disk's.
	find "$dir" -name '*.json' -exec cat {} + > /dev/null
	t=$(mktemp)
	best=""
	for r in 1 2 3; do	# the least CPU of three runs
		if ! "$RUSAGE" "$t" "$MESHPLAN" analyze --format json "$dir" \
		    > /dev/null; then
			echo "FAIL: meshplan analyze $dir"
			fail=1
			rm -f "$t"
			return
		fi
		c=$(awk '{ printf "%.2f", $2 + $3 }' "$t")
		if [ -z "$best" ] || awk "BEGIN { exit !($c < $best) }"; then
			best=$c
			run=$(cat "$t")
		fi
	done
	rm -f "$t"
	set -- $run
	cpu=$best
	mb=$(du -sm "$dir" | cut -f1)
	echo "meshplan analyze, seed example shape, 2 x $per_hub spokes" \
	    "($mb MB of JSON): $cpu s CPU, $1 s wall, $(($4 / 1024)) MiB peak"
	if awk "BEGIN { exit !($cpu < $limit) }"; then
		echo "ok   analyze end to end $cpu s < $limit s"
	else
		echo "FAIL analyze end to end $cpu s >= $limit s"
		fail=1
	fi
}
e2e 1 500
e2e 10 2500
exit $fail
