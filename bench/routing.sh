#!/bin/sh
# bench/routing.sh - the routing benchmark of issue 3 (make bench): the
# hairpin analysis must take < 1 s CPU for 2 hubs x 500 spokes on one
# circuit (~10 private endpoints each) and < 10 s for 5,000 spokes.
B=${BUILD:-build}/bench/routing_bench
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
exit $fail
