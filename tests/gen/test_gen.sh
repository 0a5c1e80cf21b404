#!/bin/sh
# tests/gen/test_gen.sh - the estate generator, at a small size: valid
# JSON, the counts its options ask for, the same bytes for the same seed,
# and meshplan loading both shapes without errors into the same estate.
. "$TOP/tests/lib.sh"
GEN="python3 $TOP/tests/gen/gen_estate.py"
OPTS="--regions eastus,westeurope --hubs-per-region 2 --spokes-per-hub 6
    --pes-per-spoke 3,5 --spokes-per-rg 4 --overlap-fraction 0.2
    --disconnected-fraction 0.2 --ipv6-fraction 0.3 --udr-fraction 0.3"

if ! command -v python3 > /dev/null 2>&1; then
	echo "SKIP: python3 is absent; the generator is not tested"
	finish
	exit $?
fi
for d in l1 l2 t1 s2; do
	case $d in
	l*) shape=list seed=7 ;;
	t*) shape=template seed=7 ;;
	s*) shape=list seed=8 ;;
	esac
	# shellcheck disable=SC2086
	if $GEN $OPTS --shape $shape --seed $seed --out "$TMPD/$d" \
	    2> "$TMPD/$d.err"; then
		ok "generate $shape seed $seed"
	else
		cat "$TMPD/$d.err"
		fail "generate $shape seed $seed"
	fi
done
if diff -r "$TMPD/l1" "$TMPD/l2" > /dev/null; then
	ok "same seed, same bytes"
else
	fail "same seed gave different output"
fi
if diff -r "$TMPD/l1" "$TMPD/s2" > /dev/null; then
	fail "another seed gave the same output"
else
	ok "another seed, other output"
fi
if $GEN --out "$TMPD/l1" > /dev/null 2>&1; then
	fail "generator wrote into a non-empty directory"
else
	ok "generator refuses a non-empty directory"
fi

# Count resources per type in both shapes (top-level only: the list shape
# repeats subnets and peerings as child resources in some files, the
# template shape always does).
count() {
	python3 - "$1" << 'EOF'
import json, os, sys
counts = {}
for root, dirs, files in os.walk(sys.argv[1]):
    for f in sorted(files):
        if not f.endswith(".json"):
            continue
        doc = json.load(open(os.path.join(root, f), encoding="utf-8"))
        if f.endswith(".learned.json"):
            counts["learned"] = counts.get("learned", 0) + 1
            ebgp = [r for r in doc["value"] if r["origin"] == "EBgp"]
            counts["ebgp"] = counts.get("ebgp", 0) + len(ebgp)
            continue
        res = doc["value"] if "value" in doc else doc["resources"]
        for r in res:
            t = r["type"]
            counts[t] = counts.get(t, 0) + 1
            if t.endswith("/virtualNetworks"):
                for p in r["properties"].get("virtualNetworkPeerings", []):
                    counts["inline_peerings"] = counts.get("inline_peerings", 0) + 1
                    if p["properties"]["peeringState"] != "Connected":
                        counts["disconnected"] = \
                            counts.get("disconnected", 0) + 1
for k in sorted(counts):
    print("%s %d" % (k.split("/")[-1], counts[k]))
EOF
}
count "$TMPD/l1" > "$TMPD/l1.counts" || fail "list output is not valid JSON"
count "$TMPD/t1" > "$TMPD/t1.counts" || fail "template output is not valid JSON"
get() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }
for c in l1 t1; do
	f=$TMPD/$c.counts
	# 4 hubs + 24 spokes; PEs: 2 hubs x 6 x 3 + 2 hubs x 6 x 5; 4 ER
	# gateways and 2 VPN gateways (every 2nd hub); 2 circuits; ER
	# connections 4 x (local + bowtie) plus 2 IPsec.
	[ "$(get "$f" virtualNetworks)" = 28 ] && [ "$(get "$f" privateEndpoints)" = 96 ] &&
	    [ "$(get "$f" virtualNetworkGateways)" = 6 ] &&
	    [ "$(get "$f" expressRouteCircuits)" = 2 ] &&
	    [ "$(get "$f" connections)" = 10 ] &&
	    [ "$(get "$f" localNetworkGateways)" = 2 ] &&
	    [ "$(get "$f" learned)" = 2 ] && [ "$(get "$f" ebgp)" -gt 0 ] &&
	    [ "$(get "$f" disconnected)" -gt 0 ] && [ "$(get "$f" routeTables)" -gt 0 ] &&
	    ok "$c: resource counts" || { cat "$f"; fail "$c: resource counts"; }
done
# The template shape carries subnets and peerings as child resources too.
[ "$(get "$TMPD/t1.counts" virtualNetworkPeerings)" = "$(get "$TMPD/t1.counts" inline_peerings)" ] &&
    ok "template: every inline peering is also a child resource" ||
    fail "template: inline and child peerings differ"
grep -q "_externalid" "$TMPD"/t1/*/rg-spokes-*.json &&
    grep -q "\[resourceId('Microsoft.Network/virtualNetworks/subnets'" \
    "$TMPD"/t1/*/rg-spokes-*.json &&
    grep -q "\[concat(parameters(" "$TMPD"/t1/*/rg-spokes-*.json &&
    ok "template: externalid parameters, resourceId() and concat()" ||
    fail "template: expressions missing"

# meshplan loads both shapes with no diagnostics of error severity and
# the same estate block.
if "$MESHPLAN" analyze --format json "$TMPD/l1" > "$TMPD/l1.json" \
    2> "$TMPD/l1.aerr"; then
	ok "analyze loads the list shape"
else
	head -20 "$TMPD/l1.aerr"
	fail "analyze failed on the list shape"
fi
if "$MESHPLAN" analyze --format json "$TMPD/t1" > "$TMPD/t1.json" \
    2> "$TMPD/t1.aerr"; then
	ok "analyze loads the template shape"
else
	head -20 "$TMPD/t1.aerr"
	fail "analyze failed on the template shape"
fi
if grep -q "error" "$TMPD/l1.aerr" "$TMPD/t1.aerr"; then
	grep "error" "$TMPD/l1.aerr" "$TMPD/t1.aerr" | head
	fail "diagnostics of error severity on generated input"
else
	ok "no error diagnostics on generated input"
fi
estate() {
	python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["estate"], sort_keys=True))' "$1"
}
e1=$(estate "$TMPD/l1.json")
e2=$(estate "$TMPD/t1.json")
if [ -n "$e1" ] && [ "$e1" = "$e2" ]; then
	ok "list and template give the same estate block"
else
	echo "list:     $e1"
	echo "template: $e2"
	fail "list and template estates differ"
fi
# Counts as DESIGN.md defines them: 28 VNets, 4 hubs, 24 spokes, 6
# gateways, 2 circuits, 96 PEs; peerings: 24 spoke->hub, 24 hub->spoke
# and the Disconnected ones.
disc=$(get "$TMPD/l1.counts" disconnected)
want="{\"circuits\": 2, \"gateways\": 6, \"hubs\": 4, \"peerings\": $((48 + disc)), \"private_endpoints\": 96, \"spokes\": 24, \"vnets\": 28}"
[ "$e1" = "$want" ] && ok "estate counts match the generator's options" ||
    { echo "got  $e1"; echo "want $want"; fail "estate counts"; }
finish
