#!/bin/sh
# tests/run.sh UNIT_BIN... -- SCRIPT...
# Runs the cmocka unit programs, then each test script; prints one summary
# line "N passed, N failed, N skipped" (programs and scripts; skipped: the
# SKIP lines printed, each a check that could not run here and did not
# count as a pass) and exits 1 on any failure. Scripts get $MESHPLAN (the
# binary) and $TOP (the checkout).
TOP=$(cd "$(dirname "$0")/.." && pwd)
export TOP
pass=0
fail=0
skipped=0
LOGS=$(mktemp -d)
trap 'rm -rf "$LOGS"' EXIT
failed=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	t=$1
	shift
	if "$t" > "$t.log" 2>&1; then
		pass=$((pass + 1))
		skipped=$((skipped + $(grep -c '^SKIP' "$t.log")))
	else
		fail=$((fail + 1))
		failed="$failed $t"
		cat "$t.log"
	fi
done
[ "$1" = "--" ] && shift
for s in "$@"; do
	echo "== $s"
	log=$LOGS/$(basename "$s").log
	sh "$TOP/$s" > "$log" 2>&1
	rc=$?
	cat "$log"
	skipped=$((skipped + $(grep -c 'SKIP' "$log")))
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $s"
	fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
