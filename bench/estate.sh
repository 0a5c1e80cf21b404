#!/bin/sh
# bench/estate.sh - end-to-end benchmark of issue 8 (make bench).
#
# On generated estates (tests/gen/gen_estate.py, REST list shape; 2
# regions x 2 hubs, 4 private endpoints per spoke on average, cached under
# bench/out/) of BENCH_SIZES spokes (default "1000 5000 20000"), times
#   bare     jansson alone parsing the same files (bench/bare_parse.c)
#   analyze  meshplan analyze --format json
#   plan     meshplan plan
#   emit     meshplan emit --target all -o DIR
# and records their CPU time (user+sys), wall time and peak RSS of the
# run with the least CPU of BENCH_RUNS (default 2) runs (with
# /usr/bin/time when present, else bench/rusage.c). A command that this
# meshplan does not have prints "n/a". Targets, checked at the end:
#   plan CPU <= 2 x bare parse CPU;  plan peak RSS <= 3 x input bytes;
#   growth linear in spokes: CPU per spoke of the largest size <= 2 x that
#   of the smallest.
# The table goes to stdout and, with the machine (nproc, CPU, RAM), to
# bench/RESULTS.md. Exit 1 when a target is missed or a command fails.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
MESHPLAN=${MESHPLAN:-$BUILD/meshplan}
BARE=$BUILD/bench/bare_parse
RUSAGE=$BUILD/bench/rusage
SIZES=${BENCH_SIZES:-1000 5000 20000}
SEED=${BENCH_SEED:-1}
OUT=$TOP/bench/out
RESULTS=${BENCH_RESULTS:-$TOP/bench/RESULTS.md}
GEN=$TOP/tests/gen/gen_estate.py
# The revision of the sources at the start (the binary was built from
# them by make bench).
rev=$(git -C "$TOP" describe --always --dirty 2>/dev/null || echo unknown)
mkdir -p "$OUT"
WORK=$(mktemp -d "$OUT/run.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM

for b in "$MESHPLAN" "$BARE"; do
	[ -x "$b" ] || { echo "bench: $b is missing (run make bench)" >&2; exit 2; }
done
if [ -x /usr/bin/time ] && /usr/bin/time -f %M true > /dev/null 2>&1; then
	TIMER=gnu
else
	[ -x "$RUSAGE" ] || { echo "bench: no /usr/bin/time and no $RUSAGE" >&2; exit 2; }
	TIMER=rusage
fi

# measure_once NAME CMD...: runs CMD (stdout to $WORK/NAME.out), sets
# M_CPU M_WALL (seconds) M_RSS (KiB) and M_RC.
measure_once() {
	name=$1
	shift
	if [ $TIMER = gnu ]; then
		/usr/bin/time -o "$WORK/$name.time" -f "%e %U %S %M" "$@" \
		    > "$WORK/$name.out" 2> "$WORK/$name.err"
		M_RC=$?
		set -- $(tail -1 "$WORK/$name.time")
	else
		"$RUSAGE" "$WORK/$name.time" "$@" > "$WORK/$name.out" \
		    2> "$WORK/$name.err"
		M_RC=$?
		set -- $(cat "$WORK/$name.time")
	fi
	M_WALL=$1
	M_CPU=$(awk "BEGIN { printf \"%.2f\", $2 + $3 }")
	M_RSS=$4
}

# measure NAME CMD...: measure_once BENCH_RUNS times (default 2) and keep
# the run with the least CPU: a shared machine only ever adds time.
measure() {
	b_cpu=""
	r=0
	while [ $r -lt "${BENCH_RUNS:-2}" ]; do
		r=$((r + 1))
		[ "$1" = emit ] && rm -rf "$WORK/emit"
		measure_once "$@"
		[ $M_RC -eq 0 ] || [ $M_RC -eq 1 ] || return
		if [ -z "$b_cpu" ] || awk "BEGIN { exit !($M_CPU < $b_cpu) }"
		then
			b_cpu=$M_CPU b_wall=$M_WALL b_rss=$M_RSS
		fi
	done
	M_CPU=$b_cpu M_WALL=$b_wall M_RSS=$b_rss
}

has_command() {
	"$MESHPLAN" "$1" --help > /dev/null 2>&1
}

# The estate of N spokes: cached by size, seed and generator contents.
estate() {
	n=$1
	per_hub=$(( (n + 3) / 4 ))
	sum=$(cksum < "$GEN" | cut -d' ' -f1)
	dir=$OUT/estate-$n-s$SEED-g$sum
	if [ ! -f "$dir.done" ]; then
		rm -rf "$dir"
		echo "bench: generating $n spokes into ${dir#$TOP/} ..." >&2
		python3 "$GEN" --out "$dir" --seed "$SEED" --shape list \
		    --regions eastus,westeurope --hubs-per-region 2 \
		    --spokes-per-hub "$per_hub" --pes-per-spoke 4 >&2 ||
		    { echo "bench: generator failed" >&2; exit 2; }
		touch "$dir.done"
	fi
	echo "$dir"
}

fmt_rss() { awk "BEGIN { printf \"%.0f\", $1 / 1024 }"; }

fail=0
rows=""
first_plan=""
first_n=""
last_plan=""
last_n=""
notes=""
for n in $SIZES; do
	dir=$(estate "$n") || exit 2
	# Reading the files also warms the page cache: every command below
	# is timed on files in memory, not on the disk.
	bytes=$(find "$dir" -name '*.json' -exec cat {} + | wc -c)
	mb=$(awk "BEGIN { printf \"%.1f\", $bytes / 1048576 }")
	measure bare "$BARE" "$dir"
	[ $M_RC -eq 0 ] || { echo "bench: bare_parse failed" >&2; fail=1; }
	bare_cpu=$M_CPU
	row="| $n | $mb | $M_CPU / $M_WALL | $(fmt_rss $M_RSS)"
	plan_cpu=""
	plan_rss=""
	for cmd in analyze plan emit; do
		if ! has_command $cmd; then
			row="$row | n/a | n/a"
			continue
		fi
		case $cmd in
		analyze) measure analyze "$MESHPLAN" analyze --format json "$dir" ;;
		plan) measure plan "$MESHPLAN" plan -q "$dir" ;;
		emit)
			measure emit "$MESHPLAN" emit --target all -o "$WORK/emit" "$dir" ;;
		esac
		if [ $M_RC -ne 0 ] && [ $M_RC -ne 1 ]; then
			echo "bench: meshplan $cmd failed on $n spokes (exit $M_RC):" >&2
			head -5 "$WORK/$cmd.err" >&2
			row="$row | exit $M_RC | -"
			fail=1
			continue
		fi
		row="$row | $M_CPU / $M_WALL | $(fmt_rss $M_RSS)"
		if [ $cmd = plan ]; then
			plan_cpu=$M_CPU
			plan_rss=$M_RSS
		fi
	done
	if [ -n "$plan_cpu" ]; then
		ratio=$(awk "BEGIN { printf \"%.2f\", $plan_cpu / ($bare_cpu > 0.01 ? $bare_cpu : 0.01) }")
		mratio=$(awk "BEGIN { printf \"%.2f\", $plan_rss * 1024 / $bytes }")
		row="$row | $ratio | $mratio |"
		if awk "BEGIN { exit !($ratio > 2) }"; then
			notes="$notes
- MISS at $n spokes: plan CPU $plan_cpu s is $ratio x the bare parse ($bare_cpu s); target <= 2 x."
			fail=1
		fi
		if awk "BEGIN { exit !($mratio > 3) }"; then
			notes="$notes
- MISS at $n spokes: plan peak RSS $(fmt_rss $plan_rss) MiB is $mratio x the input ($mb MiB); target <= 3 x."
			fail=1
		fi
		[ -z "$first_plan" ] && { first_plan=$plan_cpu; first_n=$n; }
		last_plan=$plan_cpu
		last_n=$n
	else
		row="$row | n/a | n/a |"
	fi
	rows="$rows
$row"
	echo "$row" >&2
done
growth=""
if [ -n "$first_plan" ] && [ "$last_n" != "$first_n" ]; then
	growth=$(awk "BEGIN { a = $first_plan / $first_n; b = $last_plan / $last_n;
	    printf \"%.2f\", (a > 0 ? b / a : 0) }")
	if awk "BEGIN { exit !($growth > 2) }"; then
		notes="$notes
- MISS: plan CPU per spoke at $last_n spokes is $growth x that at $first_n spokes; target <= 2 x (linear)."
		fail=1
	fi
fi

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
ram=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
{
	echo "# Benchmark results (make bench)"
	echo
	echo "Written by bench/estate.sh; the last run replaces this file."
	echo
	echo "- machine: $(nproc) CPUs ($cpu), $ram RAM; timer: $TIMER"
	echo "- meshplan: $rev"
	echo "- estates: tests/gen/gen_estate.py --shape list --seed $SEED --regions eastus,westeurope"
	echo "  --hubs-per-region 2 --spokes-per-hub N/4 --pes-per-spoke 4 (REST lists, one file per"
	echo "  resource group, learned routes of one gateway per region)"
	echo "- times: CPU (user+sys) / wall seconds; RSS: peak resident MiB; each the run with the"
	echo "  least CPU of ${BENCH_RUNS:-2}, on files in the page cache. bare = jansson alone"
	echo "  parsing the same files (bench/bare_parse.c). n/a: this meshplan lacks the command."
	echo "- targets: plan CPU <= 2 x bare; plan peak RSS <= 3 x input; per-spoke plan CPU at the"
	echo "  largest size <= 2 x that at the smallest (linear growth)"
	echo
	echo "| spokes | input MiB | bare s | bare RSS | analyze s | analyze RSS | plan s | plan RSS | emit s | emit RSS | plan/bare | plan RSS/input |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	echo "$rows" | sed '/^$/d'
	echo
	[ -n "$growth" ] && echo "Growth: plan CPU per spoke at $last_n spokes / at $first_n spokes = $growth."
	if [ -n "$notes" ]; then
		echo
		echo "Targets missed:$notes"
	else
		echo
		echo "All targets met."
	fi
} > "$RESULTS.tmp" && mv "$RESULTS.tmp" "$RESULTS"
echo
sed -n '/^| spokes/,$p' "$RESULTS"
exit $fail
