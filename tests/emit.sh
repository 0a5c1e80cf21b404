#!/bin/sh
# tests/emit.sh - the IaC emitters end to end on hand-built plans
# (test_emit --write): golden files per fixture and target, the offline
# validators (ARM schemas, Bicep syntax and types, azurerm allowlist,
# terraform fmt), and the hostile fixture declaring exactly the resources
# of the clean one. Skips (with a note) what this machine cannot run.
. "$TOP/tests/lib.sh"
BIN="$TOP/${BUILD:-build}/tests/test_emit"
if [ ! -x "$BIN" ]; then
	fail "missing $BIN (make builds it)"
	finish
	exit 1
fi
for fx in clean hostile dynamic; do
	out="$TMPD/$fx"
	mkdir -p "$out"
	if "$BIN" --write "$out" "$fx"; then
		ok "$fx: trees written"
	else
		fail "$fx: test_emit --write"
		continue
	fi
	(cd "$out" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) \
	    > "$TMPD/$fx.files"
	golden "$TOP/tests/golden/emit/$fx/FILES" "$TMPD/$fx.files"
	while read -r f; do
		golden "$TOP/tests/golden/emit/$fx/$f" "$out/$f"
	done < "$TMPD/$fx.files"

	iac_validate "$out" "$fx"
	# No runbook reports a deletion (and every folder has its what-if).
	grep -h '^[0-9]* to create' -r "$out" --include=RUNBOOK.md \
	    > "$TMPD/whatif.log"
	if grep -v ', 0 to delete,' "$TMPD/whatif.log" > "$TMPD/del.log"; then
		cat "$TMPD/del.log"
		fail "$fx: a what-if lists deletions"
	elif [ "$(wc -l < "$TMPD/whatif.log")" -ne \
	    "$(find "$out" -name RUNBOOK.md | wc -l)" ]; then
		fail "$fx: a RUNBOOK.md without its what-if summary"
	else
		ok "$fx: every what-if lists 0 deletions"
	fi
done

# The hostile fixture declares exactly what the clean one declares.
iac_decl "$TMPD/clean" > "$TMPD/clean.decl"
iac_decl "$TMPD/hostile" > "$TMPD/hostile.decl"
if [ -s "$TMPD/clean.decl" ] && cmp -s "$TMPD/clean.decl" "$TMPD/hostile.decl"; then
	ok "hostile fixture declares the clean fixture's $(wc -l < "$TMPD/clean.decl") resources"
else
	diff "$TMPD/clean.decl" "$TMPD/hostile.decl" | head -20
	fail "hostile fixture declares other resources"
fi

# meshplan emit on the sample estate: validators, atomic -o, --force, and
# the same bytes whatever the order of the input files.
files=$(find "$TOP/fixtures/sample" -name '*.json' | LC_ALL=C sort)
rev=$(echo "$files" | LC_ALL=C sort -r)
# shellcheck disable=SC2086
expect_exit 0 "$MESHPLAN" emit -q -o "$TMPD/e1" $files
# shellcheck disable=SC2086
expect_exit 0 "$MESHPLAN" emit -q -o "$TMPD/e2" $rev
if [ -d "$TMPD/e1/arm" ] && diff -r "$TMPD/e1" "$TMPD/e2" > /dev/null; then
	ok "emit: reversed input order gives identical bytes"
else
	fail "emit: output depends on the input order"
fi
# shellcheck disable=SC2086
expect_exit 2 "$MESHPLAN" emit -q -o "$TMPD/e1" $files
# shellcheck disable=SC2086
expect_exit 0 "$MESHPLAN" emit -q --force --target terraform -o "$TMPD/e1" $files
if [ -d "$TMPD/e1/terraform" ] && [ ! -d "$TMPD/e1/arm" ]; then
	ok "emit --force replaced the directory"
else
	fail "emit --force did not replace the directory"
fi
# shellcheck disable=SC2086
expect_exit 2 "$MESHPLAN" emit -q --target cobol -o "$TMPD/e3" $files
if ls -d "$TMPD"/e1.* "$TMPD"/e2.* > /dev/null 2>&1; then
	fail "emit left temporary directories"
else
	ok "emit left no temporary directory"
fi
[ -d "$TMPD/e2/arm" ] && iac_validate "$TMPD/e2" "emit sample"
finish
