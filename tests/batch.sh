#!/bin/sh
# tests/batch.sh - `meshplan batch` on a tree of several subscriptions,
# one folder each, export templates and resource lists mixed (plus a
# learned-routes file and a stray non-JSON file): the plan equals
# `meshplan plan` on the same files, -j 4 writes the same bytes as -j 1,
# every step folder and subscription summary is there, the input table
# says what was skipped and why, a non-empty OUTDIR is refused and an
# input error writes nothing (exit 3) but still prints the table.
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1
IN=$TMPD/exports
mkdir -p "$IN/connectivity-5f3c1a2e-8d4b-4c6e-9a7f-1b2c3d4e5f60" \
    "$IN/landingzones" "$IN/routes"
# Subscription 1 as portal export templates (scope from the folder name
# .../<subscription-guid>/<resource-group>.json).
mkdir -p "$IN/connectivity-5f3c1a2e-8d4b-4c6e-9a7f-1b2c3d4e5f60/5f3c1a2e-8d4b-4c6e-9a7f-1b2c3d4e5f60"
cp fixtures/two-hubs-template/5f3c1a2e-8d4b-4c6e-9a7f-1b2c3d4e5f60/*.json \
    "$IN/connectivity-5f3c1a2e-8d4b-4c6e-9a7f-1b2c3d4e5f60/5f3c1a2e-8d4b-4c6e-9a7f-1b2c3d4e5f60/"
# Subscription 2 as REST resource lists.
cp fixtures/two-hubs/landingzones/*.json "$IN/landingzones/"
cp fixtures/two-hubs/ergw-hub-eus.learned.json "$IN/routes/"
echo "exported 2026-01-01" > "$IN/landingzones/NOTES.txt"

# 1. The same plan as `meshplan plan` on the same files.
if "$MESHPLAN" batch -q "$IN" -o "$TMPD/out1" > "$TMPD/stdout1" \
    2> "$TMPD/err1"; then
	ok "batch exits 0"
else
	cat "$TMPD/err1"
	fail "batch failed"
fi
"$MESHPLAN" plan -q "$IN" > "$TMPD/plan.json" 2> /dev/null
if [ -s "$TMPD/plan.json" ] && cmp -s "$TMPD/plan.json" "$TMPD/out1/plan.json"; then
	ok "batch plan.json equals 'meshplan plan' on the same files"
else
	diff -u "$TMPD/plan.json" "$TMPD/out1/plan.json" | head -20
	fail "batch and plan disagree"
fi
nw=$(python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); print(len(p["waves"]))' "$TMPD/plan.json")
[ "$nw" -ge 1 ] && ok "the mixed tree plans $nw waves" ||
    fail "no waves planned from the mixed tree"

# 2. Outputs: reports, a folder per step with IaC, subscriptions.
missing=""
for f in report.md report.html report.json inputs.tsv subscriptions.md \
    prereq/PR_BODY.md prereq/report.md wave-1-pilot/PR_BODY.md \
    subscriptions/5f3c1a2e-8d4b-4c6e-9a7f-1b2c3d4e5f60.md \
    subscriptions/a7d9e2c4-3b1f-4e8a-b6c5-d0e1f2a3b4c5.md; do
	[ -s "$TMPD/out1/$f" ] || missing="$missing $f"
done
for t in arm bicep terraform; do
	[ -d "$TMPD/out1/wave-1-pilot/$t" ] || missing="$missing wave-1-pilot/$t"
done
[ "$(ls -d "$TMPD"/out1/wave-* | wc -l)" -eq "$nw" ] ||
    missing="$missing wave-folders"
[ -z "$missing" ] && ok "reports, step folders and subscription pages" ||
    fail "missing outputs:$missing"
if grep -q '^| a7d9e2c4.* | 6 | 0 | 6 |' "$TMPD/out1/subscriptions.md"; then
	ok "subscription summary counts the landing zone's 6 spokes"
else
	cat "$TMPD/out1/subscriptions.md"
	fail "subscription summary wrong"
fi

# 3. The input table: 6 read, the note skipped with its reason.
if grep -q 'NOTES.txt	[0-9]*	skipped	not a .json file' "$TMPD/out1/inputs.tsv" &&
    [ "$(grep -c '	read	' "$TMPD/out1/inputs.tsv")" -eq 6 ]; then
	ok "inputs.tsv: 6 read, NOTES.txt skipped (not a .json file)"
else
	cat "$TMPD/out1/inputs.tsv"
	fail "inputs.tsv wrong"
fi

# 4. -j 4: the same bytes everywhere; progress lines when not a terminal.
"$MESHPLAN" batch "$IN" -j 4 -o "$TMPD/out4" > /dev/null 2> "$TMPD/err4"
if diff -r "$TMPD/out1" "$TMPD/out4" > "$TMPD/diff" 2>&1; then
	ok "-j 4 writes the same files as -j 1"
else
	head -20 "$TMPD/diff"
	fail "-j 4 output differs"
fi
if grep -q '^meshplan batch: loading: 6/6 files' "$TMPD/err4" &&
    grep -q '^meshplan batch: planning:' "$TMPD/err4" &&
    ! grep -q "$(printf '\r')" "$TMPD/err4"; then
	ok "plain progress lines on a non-terminal stderr"
else
	cat "$TMPD/err4"
	fail "progress lines missing"
fi

# 5. Refusals and input errors.
expect_exit 2 "$MESHPLAN" batch "$IN" -o "$TMPD/out1"
expect_exit 0 "$MESHPLAN" batch -q "$IN" -o "$TMPD/out1" --force
expect_exit 2 "$MESHPLAN" batch "$IN"
expect_exit 2 "$MESHPLAN" batch "$IN" -j 0 -o "$TMPD/x"
expect_exit 2 "$MESHPLAN" batch "$TMPD/nonexistent" -o "$TMPD/x"
echo '{"value": [' > "$IN/landingzones/broken.json"
expect_exit 3 "$MESHPLAN" batch "$IN" -o "$TMPD/out-bad"
if [ ! -e "$TMPD/out-bad" ] &&
    grep -q '^error .*broken.json' "$TMPD/err"; then
	ok "input error: nothing written, the table names the broken file"
else
	cat "$TMPD/err" | tail -12
	fail "input error handling"
fi
finish
