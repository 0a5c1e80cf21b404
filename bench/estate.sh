#!/bin/sh
# bench/estate.sh - end-to-end benchmark of issues 8 and 19 (make bench).
#
# On generated estates (tests/gen/gen_estate.py, REST list shape; 2
# regions x 2 hubs, 4 private endpoints per spoke on average, so the
# 5,000-spoke estate holds 20,000 private endpoints; cached under
# bench/out/) of BENCH_SIZES spokes (default "1000 5000 20000"), times
#   bare      jansson alone parsing the same files (bench/bare_parse.c)
#   analyze   meshplan analyze --format json
#   pairs     meshplan analyze --format json --pairs /dev/null
#   plan      meshplan plan
#   emit      meshplan emit --target all -o DIR
#   batch     meshplan batch -q -o DIR -j 1, then -j 2, alternately
# and records their CPU time (user+sys), wall time and peak RSS of the
# run with the least CPU of BENCH_RUNS (default 3) runs (with
# bench/rusage.c, else /usr/bin/time); plan and emit, whose
# CPU ratio is a target, are run alternately, so that a slow spell of a
# shared host slows both. batch is run
# BENCH_BATCH_RUNS times (default 3) with -j 1 and -j 2 back to back; its
# target compares the least wall times, and every wall time is shown (the
# spread says how busy the machine was). A command that this meshplan does
# not have prints "n/a".
#
# The estate's folder is the batch input: one folder per subscription
# (each a set of resource-group exports) and the gateways' learned
# routes, as a user collects several subscriptions.
#
# --pairs writes one line per hairpinning pair: about N^2 lines (1 GB at
# 1,000 spokes). It runs up to BENCH_PAIRS_MAX spokes (default 5000),
# writing to /dev/null, under a virtual memory cap of its target plus
# BENCH_PAIRS_CAP_MIB (default 2048), so that a buffering meshplan fails
# the target instead of taking the machine's memory.
#
# Targets: at every size, plan CPU <= 2 x bare parse CPU (issue 8); at
# sizes of BENCH_TARGET_MIN spokes and more (default 5000: the 5,000-spoke
# estate with 20,000 private endpoints and the 20,000-spoke one, issue 19):
#   emit --target all CPU <= 1.5 x plan CPU, emit peak RSS <= plan's;
#   analyze --pairs peak RSS <= analyze's + 64 MiB;
#   plan peak RSS <= 2 x input bytes;
#   batch -j 2 wall <= 0.75 x batch -j 1 wall;
# and plan CPU per spoke at the largest size <= 1.2 x that at the smallest.
# Smaller sizes show their values for information.
#
# BENCH_ESTATES=DIR reuses estates made with the same generator flags
# and seed: DIR/e<N> (e.g. e5000) is used read-only when it exists.
#
# The tables go to stdout and, with the machine (nproc, CPU, RAM, load),
# to bench/RESULTS.md. Every target is measured and printed; the exit
# code is 1 when one is missed or a command fails.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
MESHPLAN=${MESHPLAN:-$BUILD/meshplan}
BARE=$BUILD/bench/bare_parse
RUSAGE=$BUILD/bench/rusage
SIZES=${BENCH_SIZES:-1000 5000 20000}
SEED=${BENCH_SEED:-1}
RUNS=${BENCH_RUNS:-3}
BRUNS=${BENCH_BATCH_RUNS:-3}
TMIN=${BENCH_TARGET_MIN:-5000}
PAIRS_MAX=${BENCH_PAIRS_MAX:-5000}
PAIRS_CAP=${BENCH_PAIRS_CAP_MIB:-2048}
ESTATES=${BENCH_ESTATES:-}
OUT=$TOP/bench/out
RESULTS=${BENCH_RESULTS:-$TOP/bench/RESULTS.md}
GEN=$TOP/tests/gen/gen_estate.py
# The revision of the sources at the start (the binary was built from
# them by make bench).
rev=$(git -C "$TOP" describe --always --dirty 2>/dev/null || echo unknown)
load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
mkdir -p "$OUT"
WORK=$(mktemp -d "$OUT/run.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM

for b in "$MESHPLAN" "$BARE"; do
	[ -x "$b" ] || { echo "bench: $b is missing (run make bench)" >&2; exit 2; }
done
# bench/rusage.c first: it reports CPU to the millisecond, where GNU
# time's %U and %S are cut to 10 ms each (a run of 0.25 s read as 0.23 to
# 0.25, and the per-spoke target divides by the smallest estate's run).
if [ -x "$RUSAGE" ]; then
	TIMER=rusage
elif [ -x /usr/bin/time ] && /usr/bin/time -f %M true > /dev/null 2>&1; then
	TIMER=gnu
else
	echo "bench: no $RUSAGE and no /usr/bin/time" >&2
	exit 2
fi

# measure_once NAME CMD...: runs CMD (stdout to $WORK/NAME.out), sets
# M_CPU M_WALL (seconds) M_RSS (KiB) and M_RC.
measure_once() {
	name=$1
	shift
	case $name in emit | batch*) rm -rf "$WORK/$name.d" ;; esac
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
	M_CPU=$(awk "BEGIN { printf \"%.3f\", $2 + $3 }")
	M_RSS=$4
}

# measure NAME CMD...: measure_once RUNS times and keep the run with the
# least CPU: a shared machine only ever adds time.
measure() {
	b_cpu=""
	r=0
	while [ $r -lt "$RUNS" ]; do
		r=$((r + 1))
		measure_once "$@"
		[ $M_RC -eq 0 ] || [ $M_RC -eq 1 ] || return
		if [ -z "$b_cpu" ] || awk "BEGIN { exit !($M_CPU < $b_cpu) }"
		then
			b_cpu=$M_CPU b_wall=$M_WALL b_rss=$M_RSS
		fi
	done
	M_CPU=$b_cpu M_WALL=$b_wall M_RSS=$b_rss
}

# measure_plan_emit DIR: plan and emit on DIR, RUNS times each and one
# after the other (plan, emit, plan, ...), each keeping its run with the
# least CPU, as measure does: P_CPU P_WALL P_RSS P_RC and E_* (emit only
# when this meshplan has it).
measure_plan_emit() {
	P_CPU="" E_CPU="" P_RC=0 E_RC=0
	r=0
	while [ $r -lt "$RUNS" ]; do
		r=$((r + 1))
		if [ $P_RC -le 1 ]; then
			measure_once plan "$MESHPLAN" plan -q "$1"
			P_RC=$M_RC
			if [ $M_RC -le 1 ] &&
			    { [ -z "$P_CPU" ] || lt "$M_CPU" "$P_CPU"; }; then
				P_CPU=$M_CPU P_WALL=$M_WALL P_RSS=$M_RSS
			fi
		fi
		if [ $E_RC -le 1 ] && has_command emit; then
			measure_once emit "$MESHPLAN" emit --target all \
			    -o "$WORK/emit.d" "$1"
			E_RC=$M_RC
			if [ $M_RC -le 1 ] &&
			    { [ -z "$E_CPU" ] || lt "$M_CPU" "$E_CPU"; }; then
				E_CPU=$M_CPU E_WALL=$M_WALL E_RSS=$M_RSS
			fi
		fi
	done
}

# lt A B: A < B (numbers)
lt() { awk "BEGIN { exit !($1 < $2) }"; }

has_command() {
	"$MESHPLAN" "$1" --help > /dev/null 2>&1
}

has_option() {
	"$MESHPLAN" "$1" --help 2>&1 | grep -q -- "$2"
}

# The estate of N spokes: BENCH_ESTATES/eN, else generated, cached by
# size, seed and generator contents.
estate() {
	n=$1
	if [ -n "$ESTATES" ] && [ -d "$ESTATES/e$n" ]; then
		echo "$ESTATES/e$n"
		return
	fi
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

mib() { awk "BEGIN { printf \"%.0f\", $1 / 1024 }"; }

fail=0
rows=""
brows=""
trows=""
first_plan=""
first_n=""
last_plan=""
last_n=""
sources=""
nchecked=0
nmissed=0

# cmd_failed NAME N: report a command that did not run to its end.
cmd_failed() {
	echo "bench: meshplan $1 failed on $2 spokes (exit $M_RC):" >&2
	head -5 "$WORK/$1.err" >&2
	fail=1
}

# target N WHAT MEASURED OP LIMIT: one row of the targets table; a miss
# (at N >= TMIN) fails the bench. MEASURED "-" is a command that failed.
target() {
	if [ "$2" = "-" ] || [ "$4" = "-" ]; then
		verdict=missed
	elif awk "BEGIN { v = sprintf(\"%.2f\", $2); exit !(v + 0 $3 $4) }"
	then
		verdict=met
	else
		verdict=missed
	fi
	if [ "$t_n" -lt "$TMIN" ] && [ "$t_issue" = 19 ]; then
		verdict="($verdict; info)"
	else
		nchecked=$((nchecked + 1))
	fi
	[ "$verdict" = missed ] && fail=1 && nmissed=$((nmissed + 1))
	trows="$trows
| $t_n | $1 | $2 | $3 $4 | $verdict |"
}

for n in $SIZES; do
	dir=$(estate "$n") || exit 2
	case $dir in "$OUT"/*) ;; *) sources="$sources $dir" ;; esac
	# Reading the files also warms the page cache: every command below
	# is timed on files in memory, not on the disk.
	bytes=$(find "$dir" -name '*.json' -exec cat {} + | wc -c)
	mb=$(awk "BEGIN { printf \"%.1f\", $bytes / 1048576 }")
	measure bare "$BARE" "$dir"
	[ $M_RC -eq 0 ] || { echo "bench: bare_parse failed" >&2; fail=1; }
	bare_cpu=$M_CPU
	row="| $n | $mb | $M_CPU / $M_WALL | $(mib $M_RSS)"
	an_rss="" pairs_rss="" plan_cpu="" plan_rss="" emit_cpu="" emit_rss=""
	pairs_note=""
	for cmd in analyze pairs plan emit; do
		case $cmd in pairs) c=analyze ;; *) c=$cmd ;; esac
		if ! has_command $c || { [ $cmd = pairs ] &&
		    ! has_option analyze --pairs; }; then
			row="$row | n/a | n/a"
			continue
		fi
		case $cmd in
		analyze) measure analyze "$MESHPLAN" analyze --format json "$dir" ;;
		pairs)
			if [ "$n" -gt "$PAIRS_MAX" ]; then
				pairs_note="not run above BENCH_PAIRS_MAX=$PAIRS_MAX spokes"
				row="$row | not run | not run"
				continue
			fi
			# The cap (KiB of virtual memory): the target plus a
			# margin, never below what analyze alone needs.
			cap=$(( ${an_rss:-0} + (64 + PAIRS_CAP) * 1024 ))
			measure pairs sh -c 'ulimit -v "$0" && exec "$@"' "$cap" \
			    "$MESHPLAN" analyze --format json --pairs /dev/null "$dir"
			;;
		plan)
			measure_plan_emit "$dir"
			M_RC=$P_RC M_CPU=$P_CPU M_WALL=$P_WALL M_RSS=$P_RSS
			;;
		emit) M_RC=$E_RC M_CPU=$E_CPU M_WALL=$E_WALL M_RSS=$E_RSS ;;
		esac
		if [ $M_RC -ne 0 ] && [ $M_RC -ne 1 ]; then
			if [ $cmd = pairs ]; then
				pairs_note="failed (exit $M_RC) under a cap of $(mib $cap) MiB of virtual memory: $(head -1 "$WORK/pairs.err")"
			fi
			cmd_failed $cmd "$n"
			row="$row | exit $M_RC | -"
			continue
		fi
		row="$row | $M_CPU / $M_WALL | $(mib $M_RSS)"
		case $cmd in
		analyze) an_rss=$M_RSS ;;
		pairs) pairs_rss=$M_RSS ;;
		plan) plan_cpu=$M_CPU plan_rss=$M_RSS ;;
		emit) emit_cpu=$M_CPU emit_rss=$M_RSS ;;
		esac
	done
	rows="$rows
$row |"
	echo "$row |" >&2

	# batch -j 1 and -j 2, back to back, BRUNS times each.
	j1_walls="" j2_walls="" j1_best="" j2_best=""
	if has_command batch; then
		r=0
		while [ $r -lt "$BRUNS" ]; do
			r=$((r + 1))
			for j in 1 2; do
				measure_once batch$j "$MESHPLAN" batch -q -j $j \
				    -o "$WORK/batch$j.d" "$dir"
				if [ $M_RC -ne 0 ] && [ $M_RC -ne 1 ]; then
					cmd_failed batch$j "$n"
					continue
				fi
				eval "j${j}_walls=\"\$j${j}_walls $M_WALL\""
				eval "best=\$j${j}_best"
				if [ -z "$best" ] || lt "$M_WALL" "$best"; then
					eval "j${j}_best=$M_WALL j${j}_cpu=$M_CPU j${j}_rss=$M_RSS"
				fi
			done
		done
		if [ -n "$j1_best" ] && [ -n "$j2_best" ]; then
			brow="| $n | $j1_best | $j1_cpu | $(mib $j1_rss) | $j2_best | $j2_cpu | $(mib $j2_rss) |$j1_walls |$j2_walls |"
		else
			brow="| $n | failed | | | | | | | |"
		fi
	else
		brow="| $n | n/a | | | | | | | |"
	fi
	brows="$brows
$brow"
	echo "$brow" >&2

	# The targets at this size.
	t_n=$n
	t_issue=8
	if [ -n "$plan_cpu" ]; then
		target "plan CPU / bare parse CPU" \
		    "$(awk "BEGIN { printf \"%.3f\", $plan_cpu / ($bare_cpu > 0.01 ? $bare_cpu : 0.01) }")" "<=" 2
	else
		target "plan CPU / bare parse CPU" - "<=" 2
	fi
	t_issue=19
	if [ -n "$plan_rss" ]; then
		target "plan peak RSS / input bytes" \
		    "$(awk "BEGIN { printf \"%.3f\", $plan_rss * 1024 / $bytes }")" "<=" 2
	else
		target "plan peak RSS / input bytes" - "<=" 2
	fi
	if [ -n "$emit_cpu" ] && [ -n "$plan_cpu" ]; then
		target "emit --target all CPU / plan CPU" \
		    "$(awk "BEGIN { printf \"%.3f\", $emit_cpu / ($plan_cpu > 0.01 ? $plan_cpu : 0.01) }")" "<=" 1.5
		target "emit --target all peak RSS / plan's" \
		    "$(awk "BEGIN { printf \"%.3f\", $emit_rss / $plan_rss }")" "<=" 1
	else
		target "emit --target all CPU / plan CPU" - "<=" 1.5
		target "emit --target all peak RSS / plan's" - "<=" 1
	fi
	if [ -n "$pairs_rss" ] && [ -n "$an_rss" ]; then
		target "analyze --pairs peak RSS - analyze's (MiB)" \
		    "$(awk "BEGIN { x = ($pairs_rss - $an_rss) / 1024; r = (x < 0 ? -int(-x + 0.5) : int(x + 0.5)); printf \"%d\", r + 0 }")" "<=" 64
	elif [ -n "$pairs_note" ] && [ "$n" -gt "$PAIRS_MAX" ]; then
		trows="$trows
| $n | analyze --pairs peak RSS - analyze's (MiB) | $pairs_note | <= 64 | not measured |"
	else
		target "analyze --pairs peak RSS - analyze's (MiB)" - "<=" 64
		[ -n "$pairs_note" ] && trows="$trows
|  | (--pairs $pairs_note) | | | |"
	fi
	if [ -n "$j1_best" ] && [ -n "$j2_best" ]; then
		target "batch -j 2 wall / batch -j 1 wall" \
		    "$(awk "BEGIN { printf \"%.3f\", $j2_best / $j1_best }")" "<=" 0.75
	else
		target "batch -j 2 wall / batch -j 1 wall" - "<=" 0.75
	fi
	if [ -n "$plan_cpu" ]; then
		[ -z "$first_plan" ] && { first_plan=$plan_cpu; first_n=$n; }
		last_plan=$plan_cpu
		last_n=$n
	fi
done
if [ -n "$first_plan" ] && [ "$last_n" != "$first_n" ]; then
	t_n=$last_n
	t_issue=0
	growth=$(awk "BEGIN { a = $first_plan / $first_n; b = $last_plan / $last_n;
	    printf \"%.3f\", (a > 0 ? b / a : 0) }")
	target "plan CPU per spoke at $last_n / at $first_n spokes" "$growth" "<=" 1.2
fi

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
ram=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
load1=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
{
	echo "# Benchmark results (make bench)"
	echo
	echo "Written by bench/estate.sh; the last run replaces this file."
	echo
	echo "- machine: $(nproc) CPUs ($cpu), $ram RAM; timer: $TIMER; load average"
	echo "  (1, 5, 15 min) $load0 at the start, $load1 at the end"
	echo "- meshplan: $rev"
	echo "- estates: tests/gen/gen_estate.py --shape list --seed $SEED --regions eastus,westeurope"
	echo "  --hubs-per-region 2 --spokes-per-hub N/4 --pes-per-spoke 4 (REST lists, one folder"
	echo "  per subscription and one file per resource group, learned routes of one gateway"
	echo "  per region; 4 private endpoints per spoke: 20,000 at 5,000 spokes)"
	[ -n "$sources" ] && echo "  read from:$sources (BENCH_ESTATES)"
	echo "- times: CPU (user+sys) / wall seconds; RSS: peak resident MiB; each the run with the"
	echo "  least CPU of $RUNS (plan and emit run alternately), on files in the page cache. bare = jansson alone"
	echo "  parsing the same files (bench/bare_parse.c). pairs = analyze --format json"
	echo "  --pairs /dev/null. n/a: this meshplan lacks the command."
	echo
	echo "| spokes | input MiB | bare s | bare RSS | analyze s | analyze RSS | pairs s | pairs RSS | plan s | plan RSS | emit s | emit RSS |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	echo "$rows" | sed '/^$/d'
	echo
	echo "batch -q -o DIR -j 1 and -j 2 on the estate's folder, run alternately $BRUNS times"
	echo "each: the least wall time (s), with the CPU (s) and peak RSS (MiB) of that run,"
	echo "then every wall time in the order run. Wall time is only comparable on an idle"
	echo "machine: the spread shows how idle it was."
	echo
	echo "| spokes | -j 1 wall | -j 1 CPU | -j 1 RSS | -j 2 wall | -j 2 CPU | -j 2 RSS | -j 1 walls | -j 2 walls |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---|---|"
	echo "$brows" | sed '/^$/d'
	echo
	echo "Targets: issue 8's (plan CPU) at every size; issue 19's at $TMIN spokes and more"
	echo "(smaller sizes: for information). A ratio is shown to three decimals and"
	echo "compared at two, the precision its limit is given with."
	echo
	echo "| spokes | target | measured | limit | verdict |"
	echo "|---:|---|---:|---:|---|"
	echo "$trows" | sed '/^$/d'
	echo
	echo "$nchecked targets checked, $nmissed missed$([ $fail -eq 1 ] &&
	    [ $nmissed -eq 0 ] && echo "; a command failed (see above)")."
} > "$RESULTS.tmp" && mv "$RESULTS.tmp" "$RESULTS"
echo
sed -n '/^| spokes/,$p' "$RESULTS"
exit $fail
