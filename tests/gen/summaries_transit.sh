#!/bin/sh
# tests/gen/summaries_transit.sh - summaries change nothing but the count.
# On generated estates whose hubs have spokes that do not use their
# gateway (no useRemoteGateways, or the hub side without
# allowGatewayTransit) inside the hub's range:
#   1. an independent oracle (Python, ipaddress, from the raw export) builds
#      each hub's advertised set and forbidden set (other hubs, on-premises
#      routes, every VNet that does not use the hub's gateway); the
#      summarizer run on exactly that (meshplan summarize) gives the plan's
#      summaries, and no summary contains a non-transit prefix;
#   2. the plan's summaries written into a copy of the export
#      (apply_summaries.py): `analyze --pairs` routes every spoke pair as
#      before (same pairs, scope, circuit, gateways, inspection), and no
#      MP107 finding;
#   3. the test can fail: with summaries.cover_non_transit the plan reports
#      what it opens, and the estate with those summaries hairpins more
#      pairs, with MP107 errors;
#   4. planning that estate replaces those summaries (the count goes up),
#      and the replacements route every pair as before any summary.
. "$TOP/tests/lib.sh"
GEN="python3 $TOP/tests/gen/gen_estate.py"
APPLY="python3 $TOP/tests/gen/apply_summaries.py"

if ! command -v python3 > /dev/null 2>&1; then
	echo "SKIP: python3 is absent; summaries are not checked against routing"
	finish
	exit $?
fi

cat > "$TMPD/oracle.py" <<'PY'
# oracle.py EXPORT_DIR PLAN.json OUT_DIR: per hub, write the summarizer's
# inputs (OUT/<n>.in), must-cover (OUT/<n>.must), forbidden prefixes
# (OUT/<n>.forbid) and the plan's summaries (OUT/<n>.plan); print one
# "n hub-id non-transit-count" line per hub. Fails when a plan summary
# contains a non-transit prefix.
import ipaddress, json, os, sys

exp, plan, out = sys.argv[1:4]
res = {}
learned = []
for root, _, files in os.walk(exp):
    for fn in sorted(files):
        if not fn.endswith(".json"):
            continue
        d = json.load(open(os.path.join(root, fn)))
        if fn.endswith(".learned.json"):
            learned += d["value"]
            continue
        for r in (d.get("value", []) if isinstance(d, dict) else d):
            res[r["id"].lower()] = r
def typ(r):
    return r["type"].lower()
vnets = {k: r for k, r in res.items()
         if typ(r) == "microsoft.network/virtualnetworks"}
hubs = set()
for r in res.values():
    if typ(r) == "microsoft.network/virtualnetworkgateways":
        sid = r["properties"]["ipConfigurations"][0]["properties"][
            "subnet"]["id"].lower()
        hubs.add(sid.rsplit("/subnets/", 1)[0])
def pfx(v):
    return [ipaddress.ip_network(p) for p in
            v["properties"]["addressSpace"]["addressPrefixes"]]
def peering(a, b):
    for p in vnets[a]["properties"].get("virtualNetworkPeerings", []):
        if p["properties"]["remoteVirtualNetwork"]["id"].lower() == b:
            return p["properties"]
    return None
def uses(s, h):
    f, b = peering(s, h), peering(h, s)
    return (f is not None and f.get("peeringState") in (None, "Connected")
            and f.get("useRemoteGateways") is True and
            (b is None or b.get("allowGatewayTransit") is True))
adv = {}
for h in hubs:
    adv[h] = pfx(vnets[h]) + [p for s in vnets if s != h and uses(s, h)
                              for p in pfx(vnets[s])]
alladv = {p for h in hubs for p in adv[h]}
onprem = {ipaddress.ip_network(r["network"]) for r in learned
          if r["origin"] == "EBgp"} - alladv
summ = {s["hub"].lower(): s for s in json.load(open(plan))["summaries"]}
bad = 0
for n, h in enumerate(sorted(hubs)):
    raw = adv[h]
    nt = [p for v in vnets if v != h and not uses(v, h)
          for p in pfx(vnets[v])
          if not any(p.version == a.version and p.subnet_of(a) for a in raw)]
    forbid = [p for o in hubs if o != h for p in adv[o]] + \
        sorted(onprem, key=str) + nt
    with open(os.path.join(out, "%d.in" % n), "w") as f:
        f.write("".join("%s\n" % p for p in raw))
    with open(os.path.join(out, "%d.must" % n), "w") as f:
        f.write(" ".join("--must-cover %s" % p for p in pfx(vnets[h])))
    with open(os.path.join(out, "%d.forbid" % n), "w") as f:
        f.write("".join("%s\n" % p for p in forbid))
    got = [ipaddress.ip_network(p) for p in summ[h]["prefixes"]]
    with open(os.path.join(out, "%d.plan" % n), "w") as f:
        f.write("".join("%s\n" % p for p in got))
    for s in got:
        for p in nt:
            if p.version == s.version and p.subnet_of(s):
                print("summary %s of %s contains non-transit %s" %
                      (s, h, p), file=sys.stderr)
                bad += 1
    print(n, h, len(nt))
sys.exit(1 if bad else 0)
PY

# The summarizer's summaries (default mode, default minimum lengths), one
# per line, from its JSON output.
summaries_of() {
	python3 -c '
import json, sys
d = json.load(sys.stdin)
for fam in ("ipv4", "ipv6"):
    for s in d["families"][fam]["summaries"]:
        print(s["prefix"])'
}

pairs() {
	# src, dst, scope, circuit, source gateway, destination gateway,
	# inspected: everything but the evidence (subnet, prefix, route text,
	# which name the summary instead of the spoke prefix).
	cut -f1-6,10 "$1" | sort
}

check_estate() {
	name=$1
	shift
	E=$TMPD/$name
	if $GEN --out "$E" "$@" 2> "$TMPD/$name.gen"; then
		:
	else
		cat "$TMPD/$name.gen"
		fail "$name: gen_estate.py"
		return
	fi
	nt=$(sed -n 's/.*non_transit_spokes \([0-9]*\).*/\1/p' "$TMPD/$name.gen")
	if [ "${nt:-0}" -gt 0 ]; then
		ok "$name: $nt spokes without gateway transit"
	else
		fail "$name: the estate has no non-transit spokes"
	fi
	"$MESHPLAN" plan -q -o "$TMPD/$name.plan.json" "$E" 2> "$TMPD/err" ||
		{ cat "$TMPD/err"; fail "$name: plan"; return; }

	# 1. The oracle's forbidden set gives the plan's summaries.
	mkdir -p "$TMPD/$name.o"
	if python3 "$TMPD/oracle.py" "$E" "$TMPD/$name.plan.json" \
	    "$TMPD/$name.o" > "$TMPD/$name.hubs" 2> "$TMPD/err"; then
		ok "$name: no summary contains a non-transit prefix (Python)"
	else
		cat "$TMPD/err"
		fail "$name: a summary contains a non-transit prefix"
	fi
	while read -r n hub cnt; do
		# shellcheck disable=SC2046
		"$MESHPLAN" summarize --format json --file "$TMPD/$name.o/$n.in" \
		    --forbid-file "$TMPD/$name.o/$n.forbid" \
		    $(cat "$TMPD/$name.o/$n.must") 2> "$TMPD/err" |
		    summaries_of > "$TMPD/$name.o/$n.want"
		if cmp -s "$TMPD/$name.o/$n.want" "$TMPD/$name.o/$n.plan"; then
			ok "$name: hub $n ($cnt non-transit prefixes): plan = summarize over the oracle's forbidden set ($(wc -l < "$TMPD/$name.o/$n.plan") summaries)"
		else
			echo "hub $hub"
			diff "$TMPD/$name.o/$n.want" "$TMPD/$name.o/$n.plan" | head
			fail "$name: hub $n: plan summaries differ from the oracle's"
		fi
	done < "$TMPD/$name.hubs"

	# 2. The estate with the summaries routes every spoke pair as before.
	$APPLY "$TMPD/$name.plan.json" "$E" "$E.sum" 2> "$TMPD/err" ||
		{ cat "$TMPD/err"; fail "$name: apply_summaries.py"; return; }
	"$MESHPLAN" analyze -q --pairs "$TMPD/$name.p0" "$E" > /dev/null
	"$MESHPLAN" analyze -q --format json --pairs "$TMPD/$name.p1" \
	    "$E.sum" > "$TMPD/$name.a1"
	pairs "$TMPD/$name.p0" > "$TMPD/$name.s0"
	pairs "$TMPD/$name.p1" > "$TMPD/$name.s1"
	if [ -s "$TMPD/$name.s0" ] && cmp -s "$TMPD/$name.s0" "$TMPD/$name.s1"
	then
		ok "$name: with the summaries set, the same $(wc -l < "$TMPD/$name.s0") hairpinning pairs"
	else
		diff "$TMPD/$name.s0" "$TMPD/$name.s1" | head -5
		fail "$name: the summaries change the hairpinning pairs ($(wc -l < "$TMPD/$name.s0") -> $(wc -l < "$TMPD/$name.s1"))"
	fi
	if grep -q '"MP107"' "$TMPD/$name.a1"; then
		fail "$name: MP107 on meshplan's own summaries"
	else
		ok "$name: no MP107 on meshplan's own summaries"
	fi

	# 3. Opening the non-transit spokes is reported and changes routing.
	printf 'summaries:\n  cover_non_transit: true\n' > "$TMPD/open.yaml"
	"$MESHPLAN" plan -q --policy "$TMPD/open.yaml" \
	    -o "$TMPD/$name.open.json" "$E" 2> "$TMPD/err" ||
		{ cat "$TMPD/err"; fail "$name: plan (cover_non_transit)"; return; }
	opens=$(python3 -c 'import json, sys
print(sum(len(s.get("opens", [])) for s in
          json.load(open(sys.argv[1]))["summaries"]))' "$TMPD/$name.open.json")
	if [ "$opens" -gt 0 ]; then
		ok "$name: cover_non_transit: the plan reports $opens opened prefixes"
	else
		fail "$name: cover_non_transit: nothing reported as opened"
	fi
	if "$MESHPLAN" plan -q --from "$TMPD/$name.open.json" \
	    -o "$TMPD/$name.open2.json" 2> "$TMPD/err" &&
	    cmp -s "$TMPD/$name.open.json" "$TMPD/$name.open2.json"; then
		ok "$name: a plan with opens reads back byte for byte"
	else
		cat "$TMPD/err"
		fail "$name: plan --from changes a plan with opens"
	fi
	$APPLY "$TMPD/$name.open.json" "$E" "$E.open" 2> "$TMPD/err" ||
		{ cat "$TMPD/err"; fail "$name: apply_summaries.py (open)"; return; }
	"$MESHPLAN" analyze -q --format json --pairs "$TMPD/$name.p2" \
	    "$E.open" > "$TMPD/$name.a2"
	pairs "$TMPD/$name.p2" > "$TMPD/$name.s2"
	if cmp -s "$TMPD/$name.s0" "$TMPD/$name.s2"; then
		fail "$name: opened summaries route as before: the check above proves nothing"
	else
		ok "$name: opened summaries change routing ($(wc -l < "$TMPD/$name.s0") -> $(wc -l < "$TMPD/$name.s2") hairpinning pairs)"
	fi
	if grep -q '"MP107"' "$TMPD/$name.a2"; then
		ok "$name: MP107 names the opened summaries"
	else
		fail "$name: no MP107 for summaries over non-transit spokes"
	fi

	# 4. On the estate with those summaries, the plan replaces them (even
	#    though the count goes up), and that routes as the original.
	"$MESHPLAN" plan -q -o "$TMPD/$name.fix.json" "$E.open" 2> "$TMPD/err" ||
		{ cat "$TMPD/err"; fail "$name: plan (unsafe summaries)"; return; }
	if grep -q 'Replace the summarizedGatewayPrefixes' \
	    "$TMPD/$name.fix.json"; then
		ok "$name: the plan replaces the unsafe summaries"
	else
		fail "$name: the plan keeps the unsafe summaries"
	fi
	$APPLY "$TMPD/$name.fix.json" "$E.open" "$E.fix" 2> "$TMPD/err" ||
		{ cat "$TMPD/err"; fail "$name: apply_summaries.py (fix)"; return; }
	"$MESHPLAN" analyze -q --pairs "$TMPD/$name.p3" "$E.fix" > /dev/null
	pairs "$TMPD/$name.p3" > "$TMPD/$name.s3"
	if cmp -s "$TMPD/$name.s0" "$TMPD/$name.s3"; then
		ok "$name: with the replacements, the same pairs as before any summary"
	else
		fail "$name: the replacements route differently ($(wc -l < "$TMPD/$name.s0") -> $(wc -l < "$TMPD/$name.s3"))"
	fi
}

check_estate two-regions --seed 5 --regions eastus,westeurope \
    --hubs-per-region 2 --spokes-per-hub 30 --non-transit-fraction 0.2 \
    --udr-fraction 0.1
check_estate one-hub --seed 11 --regions eastus --hubs-per-region 1 \
    --spokes-per-hub 40 --non-transit-fraction 0.15 --ipv6-fraction 0.2
finish
