#!/bin/sh
# tests/fuzz/run.sh TARGET... - run each libFuzzer binary of build/fuzz for
# FUZZ_SECONDS (default 60), one after another (one core each: the
# machine is shared), starting from tests/fuzz/corpus/<target> and
# keeping new inputs in build/fuzz/corpus/<target>. Prints executions and
# duration per target; exit 1 if a target crashed (the input is in
# build/fuzz/artifacts/).
TOP=$(cd "$(dirname "$0")/../.." && pwd)
B=$TOP/build/fuzz
secs=${FUZZ_SECONDS:-60}
rc=0
mkdir -p "$B/artifacts"
for t in "$@"; do
	mkdir -p "$B/corpus/$t"
	dict=""
	[ -f "$TOP/tests/fuzz/$t.dict" ] && dict="-dict=$TOP/tests/fuzz/$t.dict"
	echo "fuzz: $t for $secs s"
	# shellcheck disable=SC2086
	"$B/fuzz/$t" -max_total_time="$secs" -print_final_stats=1 \
	    -rss_limit_mb=2048 -timeout=20 -max_len=65536 $dict \
	    -artifact_prefix="$B/artifacts/$t-" \
	    "$B/corpus/$t" "$TOP/tests/fuzz/corpus/$t" \
	    > "$B/$t.log" 2>&1
	st=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$B/$t.log")
	secs_run=$(sed -n 's/^stat::.*//p; s/.*Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/p' "$B/$t.log" | tail -1)
	if [ $st -ne 0 ]; then
		rc=1
		echo "fuzz: $t FAILED (exit $st) after ${execs:-?} executions;" \
		    "see $B/$t.log and $B/artifacts/"
		grep -m1 -E 'ERROR|runtime error|assertion' "$B/$t.log"
	else
		echo "fuzz: $t ok: ${execs:-?} executions in ${secs_run:-$secs} s," \
		    "corpus $(find "$B/corpus/$t" -type f | wc -l) new inputs"
	fi
done
exit $rc
