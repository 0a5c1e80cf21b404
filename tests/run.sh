#!/bin/sh
# tests/run.sh UNIT_BIN... -- SCRIPT...
# Runs the cmocka unit programs, then each test script; prints one summary
# line "N passed, N failed" (counting programs and scripts) and exits 1 on
# any failure. Scripts get $MESHPLAN (the binary) and $TOP (the checkout).
TOP=$(cd "$(dirname "$0")/.." && pwd)
export TOP
pass=0
fail=0
failed=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	t=$1
	shift
	if "$t" > "$t.log" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $t"
		cat "$t.log"
	fi
done
[ "$1" = "--" ] && shift
for s in "$@"; do
	echo "== $s"
	if sh "$TOP/$s"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $s"
	fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
