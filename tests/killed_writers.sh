#!/bin/sh
# tests/killed_writers.sh - a run killed with SIGKILL while it writes its
# output folder (batch -j 1, batch -j 2, emit) cannot clean up, and still
# never leaves a partial folder: at each of a few moments (as soon as the
# first file is staged, a little and a while later, when the manifest
# is written just before the swap, and the moment the destination is seen
# to change) the destination holds exactly the
# previous output, or, when the kill came too late, exactly the new one;
# a destination that did not exist before does not exist after (or is
# whole). What the killed run staged is left under its hidden name
# beside the destination (.NAME.meshplan-XXXXXX) and unlocked once the
# run and its writers are gone; the next run to the same destination
# removes it, says so, succeeds and writes the same bytes as a run that
# was never interrupted.
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1
FX=$TOP/fixtures/sample
BIG=$TMPD/big
if ! python3 tests/gen/gen_estate.py --out "$BIG" \
    --regions eastus,westeurope --hubs-per-region 2 --spokes-per-hub 300 \
    > /dev/null 2>&1; then
	fail "gen_estate.py"
	finish
fi

# The staged folders beside $TMPD/$1 (staging names are 6 characters).
staged() {
	ls -d "$TMPD/.$1.meshplan-"?????? 2> /dev/null
}

# Wait (a tight poll) until pid $2's staged folder for $1 holds a file
# (mode "file") or the manifest that is written just before the swap
# (mode "manifest"). 0 when seen, 1 when the run ended first.
wait_for() {	# wait_for NAME PID MODE
	n=0
	while [ $n -lt 100000 ]; do
		for d in $(staged "$1"); do
			case $3 in
			file) [ -n "$(find "$d" -type f 2> /dev/null |
			    head -1)" ] && return 0 ;;
			manifest) [ -f "$d/.meshplan-output" ] && return 0 ;;
			esac
		done
		kill -0 "$2" 2> /dev/null || return 1
		n=$((n + 1))
	done
	return 1
}

# Wait until the destination $1 is seen to change: its manifest gone or
# no longer the earlier output's. Then the swap is under way; with an
# atomic swap the change seen is the whole new folder.
wait_change() {	# wait_change NAME PID
	n=0
	while [ $n -lt 100000 ]; do
		cmp -s "$TMPD/$1-prev/.meshplan-output" \
		    "$TMPD/$1/.meshplan-output" || return 0
		kill -0 "$2" 2> /dev/null || return 1
		n=$((n + 1))
	done
	return 1
}

# Wait until nothing holds the lock of a staged folder of $1 (batch's
# writers end with the run: PR_SET_PDEATHSIG). 0, or 1 after 10 s.
wait_unlocked() {
	n=0
	while [ $n -lt 100 ]; do
		held=0
		for d in $(staged "$1"); do
			flock -n "$d" true 2> /dev/null || held=1
		done
		[ $held -eq 0 ] && return 0
		sleep 0.1
		n=$((n + 1))
	done
	return 1
}

# What $TMPD/$1 holds: prev, new, none or partial.
state() {
	if [ ! -e "$TMPD/$1" ]; then
		echo none
	elif [ -d "$TMPD/$1-prev" ] &&
	    diff -r "$TMPD/$1-prev" "$TMPD/$1" > /dev/null 2>&1; then
		echo prev
	elif diff -r "$TMPD/$1-new" "$TMPD/$1" > /dev/null 2>&1; then
		echo new
	else
		echo partial
	fi
}

# kill_case LABEL NAME WHEN CMD...: run CMD -o $TMPD/NAME on the big
# estate, SIGKILL it at WHEN (a delay after its first staged file, or
# "manifest"), and check the destination.
kill_case() {
	k_label=$1 k_name=$2 k_when=$3
	shift 3
	"$@" -q --force -o "$TMPD/$k_name" "$BIG" 2> /dev/null &
	pid=$!
	case $k_when in
	manifest) wait_for "$k_name" $pid manifest ;;
	swap) wait_change "$k_name" $pid ;;
	*) wait_for "$k_name" $pid file && sleep "$k_when" ;;
	esac
	kill -KILL $pid 2> /dev/null
	wait $pid 2> /dev/null
	rc=$?
	got=$(state "$k_name")
	want=prev
	[ -d "$TMPD/$k_name-prev" ] || want=none
	if [ $rc -eq 137 ] && [ "$got" = $want ]; then
		ok "$k_label killed ($k_when): $k_name holds $want"
		killed=$((killed + 1))
	elif [ "$got" = new ]; then
		# Killed after the swap, or finished first: whole either way.
		echo "note: $k_label ($k_when): the run finished the swap before SIGKILL (exit $rc); $k_name is the new output, whole"
		rm -rf "${TMPD:?}/$k_name"
		[ -d "$TMPD/$k_name-prev" ] &&
		    cp -r "$TMPD/$k_name-prev" "$TMPD/$k_name"
	else
		fail "$k_label killed ($k_when, exit $rc): $k_name is $got (want $want or the whole new output)"
		[ -d "$TMPD/$k_name" ] && find "$TMPD/$k_name" | head -5
	fi
}

# run_cmd LABEL NAME CMD...: the cases for one command.
run_cmd() {
	label=$1 name=$2
	shift 2
	killed=0
	# The output of a run never interrupted, and an earlier output.
	"$@" -q -o "$TMPD/$name-new" "$BIG" > /dev/null 2>&1 ||
	    fail "$label: the uninterrupted run failed"
	"$@" -q -o "$TMPD/$name" "$FX" > /dev/null 2>&1 ||
	    fail "$label: the run on $FX failed"
	cp -r "$TMPD/$name" "$TMPD/$name-prev"
	for when in 0 0.1 0.3 manifest swap; do
		kill_case "$label" "$name" $when "$@"
	done
	# A destination that did not exist: nothing, never a partial tree.
	ln -s "$TMPD/$name-new" "$TMPD/$name-fresh-new"
	kill_case "$label" "$name-fresh" 0.1 "$@"
	[ $killed -ge 2 ] && ok "$label: $killed runs were killed while writing" ||
	    fail "$label: only $killed runs were killed while writing (make the estate larger)"

	# What the killed runs left: hidden, named after the destination,
	# unlocked once they are gone.
	if ! command -v flock > /dev/null 2>&1; then
		skip "$label: no flock(1) here to see the staged folders' locks"
		sleep 1
	elif wait_unlocked "$name"; then
		ok "$label: the killed runs' staged folders are unlocked"
	else
		fail "$label: a staged folder is still locked 10 s after the kill"
	fi
	left=$(staged "$name" | wc -l)
	if [ "$left" -gt 0 ]; then
		ok "$label: $left staged folder(s) left as .$name.meshplan-XXXXXX"
	else
		echo "note: $label: no staged folder was left to sweep"
	fi
	# The next run removes them, says so, and writes the same bytes as
	# the uninterrupted run.
	if "$@" --force -o "$TMPD/$name" "$BIG" > /dev/null 2> "$TMPD/err"; then
		ok "$label: the next run succeeds"
	else
		cat "$TMPD/err"
		fail "$label: the next run failed"
	fi
	if [ "$left" -gt 0 ]; then
		grep -q "removed what an interrupted run left beside $TMPD/$name\$" \
		    "$TMPD/err" && ok "$label: the next run removed the leftovers and said so" ||
		    fail "$label: no note about the leftovers: $(cat "$TMPD/err")"
	fi
	if [ -z "$(staged "$name")" ]; then
		ok "$label: nothing staged is left"
	else
		fail "$label: staged folders are left: $(staged "$name")"
	fi
	if diff -r "$TMPD/$name-new" "$TMPD/$name" > "$TMPD/diff" 2>&1; then
		ok "$label: the rerun's output is byte-identical to an uninterrupted run's"
	else
		head -20 "$TMPD/diff"
		fail "$label: the rerun's output differs from an uninterrupted run's"
	fi
	# The same for the destination that did not exist.
	command -v flock > /dev/null 2>&1 && wait_unlocked "$name-fresh"
	if "$@" -q --force -o "$TMPD/$name-fresh" "$BIG" > /dev/null 2>&1 &&
	    [ -z "$(staged "$name-fresh")" ] &&
	    diff -r "$TMPD/$name-new" "$TMPD/$name-fresh" > /dev/null 2>&1; then
		ok "$label: a new destination is written whole after a killed run"
	else
		fail "$label: after a killed run, the new destination is not whole or leftovers remain"
	fi
	rm -rf "${TMPD:?}/$name" "$TMPD/$name-new" "$TMPD/$name-prev" \
	    "$TMPD/$name-fresh" "$TMPD/$name-fresh-new"
}

run_cmd "batch -j 1" b1 "$MESHPLAN" batch -j 1
run_cmd "batch -j 2" b2 "$MESHPLAN" batch -j 2
run_cmd "emit" em "$MESHPLAN" emit
finish
