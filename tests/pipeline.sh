#!/bin/sh
# tests/pipeline.sh - every command goes through one pipeline (cli/
# pipeline.c), so they agree: emit, report, batch and plan write the same
# plan for the same input (summaries included: a generated estate whose
# hub gets summarizedGatewayPrefixes), `emit --plan plan.json` writes the
# same bytes as `emit` from the inputs, `routes` reads --policy, and emit
# writes the same tree whatever the order of the input files (sorted,
# reversed, shuffled, as directories) on every multi-file fixture.
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1
if ! command -v python3 > /dev/null 2>&1; then
	echo "SKIP: python3 is absent; tests/pipeline.sh needs it" >&2
	skip "no python3: pipeline checks"
	finish
	exit 0
fi

# A small estate whose hub gets summaries (9 advertised prefixes -> 2).
G=$TMPD/gen
python3 tests/gen/gen_estate.py --out "$G" --seed 3 --regions eastus \
    --hubs-per-region 1 --spokes-per-hub 8 --pes-per-spoke 1 2> /dev/null ||
	fail "gen_estate.py"

# 1. emit from the inputs == emit --plan plan.json, on every fixture.
for fx in "$G" fixtures/sample fixtures/two-hubs fixtures/two-hubs-template; do
	n=$(basename "$fx")
	"$MESHPLAN" plan -q -o "$TMPD/$n.plan.json" "$fx" 2> "$TMPD/err" ||
		{ cat "$TMPD/err"; fail "$n: plan"; continue; }
	"$MESHPLAN" emit -q -o "$TMPD/$n.in" "$fx" 2> "$TMPD/err" ||
		{ cat "$TMPD/err"; fail "$n: emit"; continue; }
	"$MESHPLAN" emit -q -o "$TMPD/$n.plan" --plan "$TMPD/$n.plan.json" \
	    2> "$TMPD/err" || { cat "$TMPD/err"; fail "$n: emit --plan"; continue; }
	if [ -d "$TMPD/$n.in/arm" ] &&
	    diff -r "$TMPD/$n.in" "$TMPD/$n.plan" > "$TMPD/diff" 2>&1; then
		ok "$n: emit --plan plan.json writes the same bytes as emit"
	else
		head -30 "$TMPD/diff"
		fail "$n: emit --plan differs from emit"
	fi
done

# 2. The summaries reach emit (they used to be planned by plan only).
if grep -q summarizedGatewayPrefixes "$TMPD/gen.in/arm/prereq/"*.json \
    2> /dev/null && grep -q 'summarizedGatewayPrefixes = {' \
    "$TMPD/gen.in/terraform/prereq/main.tf" 2> /dev/null; then
	ok "emit: the prereq step sets the hub's summarizedGatewayPrefixes"
else
	fail "emit: no summarizedGatewayPrefixes in the prereq IaC"
fi
grep -q '"kind": "summaries"' "$TMPD/gen.plan.json" &&
	ok "plan: a summaries step" || fail "plan: no summaries step"

# 3. report --format json carries plan.json's keys, equal.
for fx in "$G" fixtures/two-hubs; do
	n=$(basename "$fx")
	"$MESHPLAN" report -q --format json "$fx" > "$TMPD/$n.report.json" ||
		fail "$n: report"
	if python3 - "$TMPD/$n.plan.json" "$TMPD/$n.report.json" \
	    > "$TMPD/cmp" 2>&1 <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
r = json.load(open(sys.argv[2]))
bad = [k for k in p if r.get(k) != p[k]]
if bad:
    print("keys that differ:", bad)
    sys.exit(1)
print(len(p))
PY
	then
		ok "$n: report --format json has plan.json's $(cat "$TMPD/cmp") keys, equal"
	else
		cat "$TMPD/cmp"
		fail "$n: report's plan differs from plan.json"
	fi
done

# 4. batch writes plan's plan.json and emit's IaC in its step folders.
"$MESHPLAN" batch -q -o "$TMPD/batch" "$G" > /dev/null 2> "$TMPD/err" ||
	{ cat "$TMPD/err"; fail "batch"; }
cmp -s "$TMPD/batch/plan.json" "$TMPD/gen.plan.json" &&
	ok "batch plan.json equals plan's" || fail "batch plan.json differs"
bad=""
for t in arm bicep terraform; do
	for d in "$TMPD/gen.in/$t"/*; do
		step=$(basename "$d")
		diff -r -x README.md "$d" "$TMPD/batch/$step/$t" > /dev/null 2>&1 ||
			bad="$bad $t/$step"
	done
done
[ -z "$bad" ] && ok "batch step folders hold emit's IaC" ||
	fail "batch IaC differs from emit's:$bad"

# 5. routes reads --policy: onprem as --onprem, reserved_172, bad policy.
U=fixtures/udr-example/estate.json
printf 'onprem: [192.168.0.0/16]\nreserved_172: true\n' > "$TMPD/pol.yaml"
printf 'onprem: [192.168.0.0/16]\n' > "$TMPD/pol2.yaml"
"$MESHPLAN" routes -q "$U" --vnet Virtual-network-1 --subnet Subnet1 \
    --onprem 192.168.0.0/16 > "$TMPD/r.onprem" 2>&1
"$MESHPLAN" routes -q "$U" --vnet Virtual-network-1 --subnet Subnet1 \
    --policy "$TMPD/pol2.yaml" > "$TMPD/r.pol2" 2>&1
"$MESHPLAN" routes "$U" --vnet Virtual-network-1 --subnet Subnet2 \
    --policy "$TMPD/pol.yaml" > "$TMPD/r.pol" 2> "$TMPD/r.err"
"$MESHPLAN" routes "$U" --vnet Virtual-network-1 --subnet Subnet2 \
    --policy "$TMPD/pol2.yaml" > "$TMPD/r.pol3" 2> /dev/null
if [ -s "$TMPD/r.pol2" ] && cmp -s "$TMPD/r.onprem" "$TMPD/r.pol2"; then
	ok "routes --policy onprem equals --onprem"
else
	fail "routes --policy onprem differs from --onprem"
fi
if grep -q '172\.16\.0\.0/12' "$TMPD/r.pol" &&
    ! grep -q '172\.16\.0\.0/12' "$TMPD/r.pol3" &&
    ! grep -q 'on-premises routes are unknown' "$TMPD/r.err"; then
	ok "routes --policy: reserved_172 adds 172.16.0.0/12; onprem known"
else
	fail "routes --policy ignores reserved_172 or onprem"
fi
expect_exit 3 "$MESHPLAN" routes "$U" --vnet Virtual-network-1 \
    --policy fixtures/policy/bad.yaml

# 6. emit does not depend on the order of its inputs: sorted, reversed,
# shuffled (fixed seed) files and the directories give the same tree.
for fx in sample two-hubs two-hubs-template; do
	files=$(find "fixtures/$fx" -name '*.json' | LC_ALL=C sort)
	rev=$(echo "$files" | LC_ALL=C sort -r)
	shuf=$(echo "$files" | python3 -c 'import random, sys
l = sys.stdin.read().split()
random.Random(11).shuffle(l)
print("\n".join(l))')
	dirs=$(find "fixtures/$fx" -mindepth 1 -maxdepth 1 -type d | LC_ALL=C sort -r)
	top=$(find "fixtures/$fx" -maxdepth 1 -name '*.json' | LC_ALL=C sort -r)
	i=0
	for order in "$files" "$rev" "$shuf" "$dirs $top" "fixtures/$fx"; do
		i=$((i + 1))
		# shellcheck disable=SC2086
		"$MESHPLAN" emit -q -o "$TMPD/ord-$fx-$i" $order 2> "$TMPD/err" ||
			{ cat "$TMPD/err"; fail "$fx: emit (order $i)"; }
	done
	same=1
	for i in 2 3 4 5; do
		diff -r "$TMPD/ord-$fx-1" "$TMPD/ord-$fx-$i" > /dev/null 2>&1 ||
			{ same=0; echo "order $i differs"; }
	done
	if [ -d "$TMPD/ord-$fx-1/arm" ] && [ $same -eq 1 ]; then
		ok "$fx: emit --target all is the same for sorted, reversed, shuffled, directory inputs"
	else
		fail "$fx: emit output depends on the input order"
	fi
done
finish
