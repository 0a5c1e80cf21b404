# tests/lib.sh - helpers for the shell test scripts (sourced, POSIX sh).
#   ok MSG / fail MSG        record one check
#   golden EXPECTED ACTUAL   compare with diff -u; GOLDEN_UPDATE=1 rewrites
#   expect_exit CODE CMD...  run CMD, check its exit code
#   shared_dir               prints ../shared when present, else "" and a
#                            visible SKIP note on stderr
#   finish                   print "N checks, N failed", exit 1 on failure
# Scripts run with $MESHPLAN (the binary) and $TOP (the checkout).
: "${TOP:?}" "${MESHPLAN:?}"
T_FAIL=0
T_COUNT=0
TMPD=$(mktemp -d)
trap 'rm -rf "$TMPD"' EXIT

ok() { T_COUNT=$((T_COUNT + 1)); echo "ok   $*"; }
fail() { T_COUNT=$((T_COUNT + 1)); T_FAIL=$((T_FAIL + 1)); echo "FAIL $*"; }

golden() {
	if [ -n "$GOLDEN_UPDATE" ]; then
		mkdir -p "$(dirname "$1")"
		cp "$2" "$1"
		ok "updated $1"
	elif [ ! -f "$1" ]; then
		fail "missing golden file $1 (run make golden-update)"
	elif diff -u "$1" "$2" > "$TMPD/diff" 2>&1; then
		ok "golden $(echo "$1" | sed "s|^$TOP/||")"
	else
		head -60 "$TMPD/diff"
		fail "golden $(echo "$1" | sed "s|^$TOP/||") differs"
	fi
}

expect_exit() {
	want=$1
	shift
	"$@" > "$TMPD/out" 2> "$TMPD/err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		ok "exit $want: $*"
	else
		echo "--- stderr:"
		head -20 "$TMPD/err"
		fail "exit $got (want $want): $*"
	fi
}

shared_dir() {
	if [ -d "$TOP/../shared" ]; then
		(cd "$TOP/../shared" && pwd)
	else
		echo "SKIP: ../shared is absent; tests that read it are skipped" >&2
		echo ""
	fi
}

finish() {
	echo "$T_COUNT checks, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ]
}
