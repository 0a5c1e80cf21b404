#!/bin/sh
# tests/emit.sh - the IaC emitters end to end on hand-built plans
# (test_emit --write): golden files per fixture and target, the offline
# validators (ARM schemas, Bicep syntax and types, azurerm allowlist,
# terraform fmt), and the hostile fixture declaring exactly the resources
# of the clean one. Skips (with a note) what this machine cannot run.
. "$TOP/tests/lib.sh"
BIN="$TOP/${BUILD:-build}/tests/test_emit"
V="$TOP/tools/validators"
SHARED=$(shared_dir)
if [ ! -x "$BIN" ]; then
	fail "missing $BIN (make builds it)"
	finish
	exit 1
fi
HAVE_NODE=""
if command -v node > /dev/null 2>&1 && [ -d "$V/node_modules" ]; then
	HAVE_NODE=1
else
	echo "SKIP: node or $V/node_modules is absent (make deps); validators skipped"
fi
HAVE_TF=""
if command -v terraform > /dev/null 2>&1; then
	HAVE_TF=1
else
	echo "SKIP: terraform is not on PATH; terraform fmt -check skipped"
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

	if [ -n "$HAVE_NODE" ]; then
		schemas=""
		allow=""
		if [ -n "$SHARED" ]; then
			schemas="--schemas $SHARED/reference/arm-schemas"
			allow="--allowlist $SHARED/reference/azurerm-arguments.json"
		fi
		# shellcheck disable=SC2086
		if node "$V/arm-check.js" $schemas $(find "$out/arm" -name '*.json' |
		    LC_ALL=C sort) > "$TMPD/v.log" 2>&1; then
			ok "$fx: arm-check"
		else
			cat "$TMPD/v.log"
			fail "$fx: arm-check"
		fi
		# shellcheck disable=SC2086
		if node "$V/bicep-check.js" $schemas $(find "$out/bicep" \
		    -name '*.bicep' | LC_ALL=C sort) > "$TMPD/v.log" 2>&1; then
			ok "$fx: bicep-check"
		else
			cat "$TMPD/v.log"
			fail "$fx: bicep-check"
		fi
		# shellcheck disable=SC2086
		if node "$V/tf-check.js" $allow $(find "$out/terraform" \
		    -name '*.tf' | LC_ALL=C sort) > "$TMPD/v.log" 2>&1; then
			ok "$fx: tf-check"
		else
			cat "$TMPD/v.log"
			fail "$fx: tf-check"
		fi
		grep SKIP "$TMPD/v.log" || true
	fi
	if [ -n "$HAVE_TF" ]; then
		if terraform fmt -check -diff -recursive "$out/terraform" \
		    > "$TMPD/fmt.log" 2>/dev/null; then
			ok "$fx: terraform fmt -check"
		else
			head -40 "$TMPD/fmt.log"
			fail "$fx: terraform fmt -check"
		fi
	fi
	# No README reports a deletion.
	if grep -h '^[0-9]* to create' -r "$out" --include=README.md |
	    grep -v ', 0 to delete,' > "$TMPD/del.log"; then
		cat "$TMPD/del.log"
		fail "$fx: a what-if lists deletions"
	else
		ok "$fx: every what-if lists 0 deletions"
	fi
done

# The hostile fixture declares exactly what the clean one declares.
decl() {
	grep -rhoE '^resource "[a-z_]+"|"type": "[A-Za-z./]+"|^resource [A-Za-z0-9_]+ '"'"'[^'"'"']+'"'" \
	    "$1" | sed -E "s/^resource [A-Za-z0-9_]+ /resource /" | LC_ALL=C sort
}
decl "$TMPD/clean" > "$TMPD/clean.decl"
decl "$TMPD/hostile" > "$TMPD/hostile.decl"
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
if [ -n "$HAVE_NODE" ] && [ -d "$TMPD/e2/arm" ]; then
	# shellcheck disable=SC2086
	if node "$V/arm-check.js" $schemas $(find "$TMPD/e2/arm" -name '*.json') \
	    > "$TMPD/v.log" 2>&1 &&
	    node "$V/bicep-check.js" $schemas $(find "$TMPD/e2/bicep" \
	    -name '*.bicep') >> "$TMPD/v.log" 2>&1 &&
	    node "$V/tf-check.js" $allow $(find "$TMPD/e2/terraform" -name '*.tf') \
	    >> "$TMPD/v.log" 2>&1; then
		ok "emit sample: validators pass"
	else
		cat "$TMPD/v.log"
		fail "emit sample: validators"
	fi
fi
if [ -n "$HAVE_TF" ]; then
	if terraform fmt -check -recursive "$TMPD/e2/terraform" > /dev/null 2>&1
	then
		ok "emit sample: terraform fmt clean"
	else
		fail "emit sample: terraform fmt"
	fi
fi
finish
