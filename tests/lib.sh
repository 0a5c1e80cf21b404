# tests/lib.sh - helpers for the shell test scripts (sourced, POSIX sh).
#   ok MSG / fail MSG        record one check
#   skip MSG                 a check that could not run here: printed as
#                            "SKIP: MSG" and counted apart, never a pass
#   golden EXPECTED ACTUAL   compare with diff -u; GOLDEN_UPDATE=1 rewrites
#   oracle EXPECTED ACTUAL   the same comparison, never rewritten: EXPECTED
#                            is an independent oracle (transcribed by hand)
#   expect_exit CODE CMD...  run CMD, check its exit code
#   expect_msg CODE PATTERN CMD...  the same, and PATTERN (grep -E) on stderr
#   shared_dir               prints ../shared when present, else "" and a
#                            visible SKIP note on stderr
#   iac_decl DIR             the resources an emitted tree declares (ARM
#                            types, Terraform and Bicep resource types),
#                            one line each, sorted: compare two trees
#   iac_validate DIR LABEL   the offline validators on an emitted tree
#                            (DIR/arm, DIR/bicep, DIR/terraform): arm-check
#                            with the ARM schemas (strict property names),
#                            bicep-check, tf-check with the azurerm
#                            allowlist, terraform fmt; SKIP notes for what
#                            this machine lacks
#   finish                   print "N checks, N failed", exit 1 on failure
# Scripts run with $MESHPLAN (the binary) and $TOP (the checkout).
: "${TOP:?}" "${MESHPLAN:?}"
T_FAIL=0
T_COUNT=0
TMPD=$(mktemp -d)
trap 'rm -rf "$TMPD"' EXIT

T_SKIP=0
ok() { T_COUNT=$((T_COUNT + 1)); echo "ok   $*"; }
skip() { T_SKIP=$((T_SKIP + 1)); echo "SKIP: $*"; }
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

oracle() {
	if diff -u "$1" "$2" > "$TMPD/diff" 2>&1; then
		ok "oracle $(echo "$1" | sed "s|^$TOP/||")"
	else
		head -60 "$TMPD/diff"
		fail "oracle $(echo "$1" | sed "s|^$TOP/||") differs (it is never regenerated: fix the code)"
	fi
}

expect_msg() {
	want=$1 pat=$2
	shift 2
	"$@" > "$TMPD/out" 2> "$TMPD/err"
	got=$?
	if [ "$got" -eq "$want" ] && grep -Eq -- "$pat" "$TMPD/err"; then
		ok "exit $want and /$pat/: $*"
	else
		echo "--- stderr:"
		head -20 "$TMPD/err"
		fail "exit $got (want $want), /$pat/ on stderr: $*"
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

iac_decl() {
	grep -rhoE '^resource "[a-z_]+"|"type": "[A-Za-z./]+"|^resource [A-Za-z0-9_]+ '"'"'[^'"'"']+'"'" \
	    "$1" | sed -E "s/^resource [A-Za-z0-9_]+ /resource /" | LC_ALL=C sort
}

# One validator over the files *.EXT under DIR/SUB: _iac_check DIR LABEL
# SUB EXT SCRIPT OPTION REFFILE (OPTION REFFILE only when ../shared is).
_iac_check() {
	[ -d "$1/$3" ] || return 0
	find "$1/$3" -name "*.$4" | LC_ALL=C sort > "$TMPD/v.files"
	[ -s "$TMPD/v.files" ] || return 0
	_o=""
	[ -d "$TOP/../shared/reference" ] && _o="$6 $TOP/../shared/reference/$7"
	# shellcheck disable=SC2046,SC2086
	if node "$TOP/tools/validators/$5" $_o $(cat "$TMPD/v.files") \
	    > "$TMPD/v.log" 2>&1; then
		ok "$2: ${5%.js}"
	else
		grep -v ': valid$' "$TMPD/v.log" | grep -v ': OK$' | head -40
		fail "$2: ${5%.js}"
	fi
}

iac_validate() {
	if ! command -v node > /dev/null 2>&1 ||
	    [ ! -d "$TOP/tools/validators/node_modules" ]; then
		echo "SKIP: node or tools/validators/node_modules is absent (make deps); $2: validators skipped"
	else
		[ -d "$TOP/../shared/reference" ] ||
			echo "SKIP: ../shared is absent; $2: schema and allowlist checks skipped"
		_iac_check "$1" "$2" arm json arm-check.js --schemas arm-schemas
		_iac_check "$1" "$2" bicep bicep bicep-check.js --schemas arm-schemas
		_iac_check "$1" "$2" terraform tf tf-check.js --allowlist \
		    azurerm-arguments.json
	fi
	if ! command -v terraform > /dev/null 2>&1; then
		echo "SKIP: terraform is not on PATH; $2: terraform fmt skipped"
	elif [ -d "$1/terraform" ]; then
		if terraform fmt -check -recursive "$1/terraform" \
		    > "$TMPD/fmt.log" 2> /dev/null; then
			ok "$2: terraform fmt -check"
		else
			head -20 "$TMPD/fmt.log"
			fail "$2: terraform fmt -check"
		fi
	fi
}

finish() {
	echo "$T_COUNT checks, $T_FAIL failed, $T_SKIP skipped"
	[ "$T_FAIL" -eq 0 ]
}
