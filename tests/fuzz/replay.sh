#!/bin/sh
# tests/fuzz/replay.sh - replay every fuzz corpus (seeds, hand-written
# hostile inputs, crashes found by make fuzz) through the plain replayers
# built by tests/fuzz/module.mk. A crash, sanitizer report or assertion
# fails the test and names the input.
. "$TOP/tests/lib.sh"
B=${BUILD:-build}
case $B in /*) ;; *) B=$TOP/$B ;; esac
for t in fuzz_load fuzz_expr fuzz_policy fuzz_cidr fuzz_jsonw fuzz_flowlogs; do
	bin=$B/fuzz-replay/$t
	dir=$TOP/tests/fuzz/corpus/$t
	n=$(find "$dir" -type f | wc -l)
	if [ ! -x "$bin" ]; then
		fail "$t: $bin is missing"
		continue
	fi
	if [ "$n" -eq 0 ]; then
		fail "$t: empty corpus $dir"
		continue
	fi
	if "$bin" -v "$dir" > "$TMPD/$t.out" 2> "$TMPD/$t.err"; then
		ok "$t: $(cat "$TMPD/$t.out")"
	else
		last=$(grep '^replay: ' "$TMPD/$t.err" | tail -1)
		grep -v '^replay: ' "$TMPD/$t.err" | head -30
		fail "$t: crashed on ${last#replay: }"
	fi
done
finish
