#!/bin/sh
# tests/routes_check.sh - `meshplan routes --check` and the model agreement
# of analyze and report (docs/routing.md, "Checking the model against
# Azure").
#
# 1. Microsoft's routing example: fixtures/udr-example/captures holds the
#    page's two tables written by hand as `az network nic
#    show-effective-route-table` output (the oracle is the documentation,
#    not meshplan): they agree 100%, with the counts the page gives; a
#    route removed, a next hop changed and a state flipped are each
#    reported with the prefix, exit 1.
# 2. A generated estate (hubs, ExpressRoute and VPN gateways, user
#    routes): captures made from meshplan's own simulation agree, and
#    each tolerance and explanation is exercised.
. "$TOP/tests/lib.sh"
U=$TOP/fixtures/udr-example
C=$U/captures

if ! command -v python3 > /dev/null 2>&1; then
	echo "SKIP: python3 is absent; routes --check is not tested"
	finish
	exit $?
fi

# jq-like field access for the JSON outputs: jget FILE EXPR (Python).
jget() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));
print(eval(sys.argv[2], {"d": d}))' "$1" "$2"
}

# ---- 1. the documentation's example ----
"$MESHPLAN" routes --check "$C" "$U/estate.json" > "$TMPD/u.txt" 2> "$TMPD/u.err"
rc=$?
[ $rc -eq 0 ] && ok "udr-example captures agree (exit 0)" ||
    { cat "$TMPD/u.txt" "$TMPD/u.err"; fail "udr-example exit $rc"; }
# The page: Subnet1 lists 12 routes, one of them the service endpoint
# (ID10); Subnet2 lists 8. So 11 + 8 compared, 1 apart, and both gateway
# routes (ID8 and Subnet2's) carry an address that is compared by type.
tail -1 "$TMPD/u.txt" | grep -q "^agrees on 19 of 19 routes in 2 subnets; 1 route reported apart$" &&
    ok "summary line: 19 of 19 routes in 2 subnets" ||
    fail "summary line: $(tail -1 "$TMPD/u.txt")"
[ ! -s "$TMPD/u.err" ] && ok "no diagnostics on the example" ||
    { cat "$TMPD/u.err"; fail "diagnostics on the example"; }
"$MESHPLAN" routes --check "$C" "$U/estate.json" --format json > "$TMPD/u.json"
[ "$(jget "$TMPD/u.json" '[d["totals"][k] for k in ("subnets","routes_compared","agree","missing","unexpected","state_differs","gateway_next_hop_by_type")] + [d["totals"]["apart"]["service_endpoint"]]')" = "[2, 19, 19, 0, 0, 0, 2, 1]" ] &&
    ok "JSON totals are the page's counts" ||
    fail "JSON totals: $(jget "$TMPD/u.json" 'd["totals"]')"
if python3 -c 'import jsonschema' > /dev/null 2>&1; then
	python3 - "$TOP/schemas/routes-check.schema.json" "$TMPD/u.json" <<'PY' &&
import json, sys, jsonschema
jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(
    json.load(open(sys.argv[2])))
PY
	    ok "JSON matches schemas/routes-check.schema.json" ||
	    fail "JSON does not match schemas/routes-check.schema.json"
else
	echo "SKIP: python3 jsonschema absent; schema validation skipped"
fi

# Mutations of the Subnet1 capture, one at a time: each must be reported
# with its prefix and exit 1.
mutate() {	# NAME PYTHON-STATEMENT-ON-routes
	rm -rf "$TMPD/m" && mkdir "$TMPD/m" && cp "$C"/* "$TMPD/m/"
	python3 - "$TMPD/m/vm1-nic.effective-routes.json" "$2" <<'PY'
import json, sys
f = sys.argv[1]
d = json.load(open(f))
routes = d["value"]
exec(sys.argv[2])
d["value"] = routes
json.dump(d, open(f, "w"), indent=2)
PY
	"$MESHPLAN" routes --check "$TMPD/m" "$U/estate.json" > "$TMPD/$1.txt" 2>&1
	echo $?
}
rc=$(mutate removed 'routes = [r for r in routes if r.get("name") != "ToVNet2-1-Drop"]')
[ "$rc" -eq 1 ] && grep -q "^  missing .* User .*10\.1\.0\.0/16 .*None" "$TMPD/removed.txt" &&
    ok "a removed route: missing 10.1.0.0/16, exit 1" ||
    { cat "$TMPD/removed.txt"; fail "a removed route (exit $rc)"; }
rc=$(mutate nexthop 'next(r for r in routes if r.get("name") == "To-On-Prem")["nextHopIpAddress"] = ["10.0.100.5"]')
[ "$rc" -eq 1 ] && grep -q "^  unexpected .*10\.10\.0\.0/16 .*VirtualAppliance *10\.0\.100\.5" "$TMPD/nexthop.txt" &&
    grep -q "^  missing .*10\.10\.0\.0/16 .*VirtualAppliance *10\.0\.100\.4" "$TMPD/nexthop.txt" &&
    ok "a changed next hop: 10.10.0.0/16 unexpected and missing, exit 1" ||
    { cat "$TMPD/nexthop.txt"; fail "a changed next hop (exit $rc)"; }
rc=$(mutate state 'next(r for r in routes if r["addressPrefix"] == ["0.0.0.0/0"] and r["source"] == "Default")["state"] = "Active"')
[ "$rc" -eq 1 ] && grep -q "^  state differs .*Default .*Active (simulated Invalid) *0\.0\.0\.0/0 .*Internet" "$TMPD/state.txt" &&
    grep -q "agrees on 18 of 19 routes in 2 subnets; 1 subnet differs" "$TMPD/state.txt" &&
    ok "a flipped state: 0.0.0.0/0 state differs, exit 1" ||
    { cat "$TMPD/state.txt"; fail "a flipped state (exit $rc)"; }

# analyze and report with the captures among their inputs.
"$MESHPLAN" analyze "$TMPD/m" "$U/estate.json" > "$TMPD/a.txt"
grep -q "^model agreement: agrees on 18 of 19 routes in 2 subnets; 1 subnet differs" "$TMPD/a.txt" &&
    grep -q "MP501 .*Subnet1 .*vm1-nic" "$TMPD/a.txt" &&
    ok "analyze: model agreement section and MP501 for Subnet1" ||
    { cat "$TMPD/a.txt"; fail "analyze model agreement"; }
"$MESHPLAN" analyze "$TMPD/m" "$U/estate.json" --format json > "$TMPD/a.json"
[ "$(jget "$TMPD/a.json" '[f["resource"].split("/")[-1] for f in d["findings"] if f["rule"] == "MP501"], d["agreement"]["totals"]["subnets_differ"]')" = "(['Subnet1'], 1)" ] &&
    ok "analyze JSON: one MP501 (Subnet1), agreement totals" ||
    fail "analyze JSON: $(jget "$TMPD/a.json" 'd.get("agreement", {}).get("totals")')"
if python3 -c 'import jsonschema' > /dev/null 2>&1; then
	python3 - "$TOP/schemas/analyze.schema.json" "$TMPD/a.json" <<'PY' &&
import json, sys, jsonschema
jsonschema.Draft202012Validator(json.load(open(sys.argv[1]))).validate(
    json.load(open(sys.argv[2])))
PY
	    ok "analyze JSON with agreement matches its schema" ||
	    fail "analyze JSON with agreement does not match its schema"
fi
"$MESHPLAN" analyze "$C" "$U/estate.json" --format json > "$TMPD/a0.json"
[ "$(jget "$TMPD/a0.json" 'len([f for f in d["findings"] if f["rule"] == "MP501"])')" = 0 ] &&
    ok "analyze: no MP501 when the captures agree" ||
    fail "analyze: MP501 although the captures agree"
"$MESHPLAN" report -q "$TMPD/m" "$U/estate.json" --format md -o "$TMPD/r.md"
grep -q "^## Model agreement" "$TMPD/r.md" && grep -q "Default 0\.0\.0\.0/0" "$TMPD/r.md" &&
    ok "report: Model agreement section with the differences" ||
    fail "report: no Model agreement section"

# Shapes: the bare array, CRLF with a BOM, PowerShell's UTF-16LE; a
# generic file name with --captured; one capture placed by --vnet/--subnet.
mkdir "$TMPD/s"
python3 - "$C/vm1-nic.effective-routes.json" "$TMPD/s" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
o = sys.argv[2]
json.dump(d["value"], open(o + "/bare.json", "w"))
open(o + "/bom.json", "wb").write(b"\xef\xbb\xbf" +
    json.dumps(d, indent=2).replace("\n", "\r\n").encode())
open(o + "/u16.json", "wb").write(b"\xff\xfe" +
    json.dumps(d, indent=2).replace("\n", "\r\n").encode("utf-16-le"))
PY
for f in bare bom u16; do
	"$MESHPLAN" routes -q --check --captured "vm1-nic=$TMPD/s/$f.json" \
	    "$C/nics.json" "$U/estate.json" > "$TMPD/s.txt" 2>&1 &&
	    tail -1 "$TMPD/s.txt" | grep -q "^agrees on 11 of 11 routes in 1 subnet" &&
	    ok "--captured NIC=FILE, $f" || { cat "$TMPD/s.txt"; fail "--captured $f"; }
done
"$MESHPLAN" routes --check "$TMPD/s/bare.json" "$U/estate.json" \
    --vnet Virtual-network-1 --subnet Subnet1 > "$TMPD/v.txt" 2>&1 &&
    tail -1 "$TMPD/v.txt" | grep -q "^agrees on 11 of 11 routes in 1 subnet" &&
    ok "--vnet/--subnet place an unnamed capture" ||
    { cat "$TMPD/v.txt"; fail "--vnet/--subnet placement"; }
# The wrong subnet for it: differences, exit 1.
expect_exit 1 "$MESHPLAN" routes --check "$TMPD/s/bare.json" "$U/estate.json" \
    --vnet Virtual-network-1 --subnet Subnet2

# Two NICs named vm1-nic (another resource group): the capture is placed
# by the <subscription>/<group>/ folders above it (tools/collect.sh's
# layout), else it is ambiguous (exit 3).
D=$TMPD/dup/captures/11111111-2222-3333-4444-555555555555/rg-udr-example
mkdir -p "$D" "$TMPD/dup2/other"
cp "$C/vm1-nic.effective-routes.json" "$D/"
cp "$C/vm1-nic.effective-routes.json" "$TMPD/dup2/other/"
python3 - "$C/nics.json" "$TMPD/dup/nics.json" <<'PY'
import json, sys
n = json.load(open(sys.argv[1]))
d = json.loads(json.dumps(n[0]))
d["id"] = d["id"].replace("rg-udr-example", "rg-other")
json.dump(n + [d], open(sys.argv[2], "w"))
PY
"$MESHPLAN" routes --check "$TMPD/dup" "$U/estate.json" > "$TMPD/dup.txt" 2>&1 &&
    tail -1 "$TMPD/dup.txt" | grep -q "^agrees on 11 of 11 routes in 1 subnet" &&
    ok "a NIC name two groups carry: placed by the capture's folders" ||
    { cat "$TMPD/dup.txt"; fail "placement by folders"; }
expect_exit 3 "$MESHPLAN" routes --check "$TMPD/dup2" "$TMPD/dup/nics.json" "$U/estate.json"
grep -q "more than one NIC 'vm1-nic'" "$TMPD/err" && ok "an ambiguous NIC name is said so" ||
    { cat "$TMPD/err"; fail "ambiguous NIC message"; }

# Usage, I/O and input errors.
expect_exit 2 "$MESHPLAN" routes --check "$U/estate.json"
expect_exit 2 "$MESHPLAN" routes --check "$C" "$U/estate.json" --vnet Virtual-network-1 --subnet Subnet1
expect_exit 2 "$MESHPLAN" routes --check "$TMPD/s/bare.json" "$U/estate.json" --subnet Subnet1
expect_exit 2 "$MESHPLAN" routes --check "$TMPD/s/bare.json" "$U/estate.json" --vnet nope --subnet Subnet1
expect_exit 2 "$MESHPLAN" routes --check --captured vm1-nic "$U/estate.json"
expect_exit 2 "$MESHPLAN" routes --check --captured "vm1-nic=$TMPD/none.json" "$C/nics.json" "$U/estate.json"
# Unplaced (no NIC in the inputs): invalid input, the file named.
expect_exit 3 "$MESHPLAN" routes --check "$C/vm1-nic.effective-routes.json" "$U/estate.json"
grep -q "vm1-nic.effective-routes.json: error: .*NIC 'vm1-nic'.*\[capture-unplaced\]" "$TMPD/err" &&
    ok "unplaced capture: file and NIC named" || { cat "$TMPD/err"; fail "unplaced message"; }
# A malformed capture: the JSON Pointer of the bad route, nothing written.
printf '{"value": [{"source": "Default", "state": "Active", "addressPrefix": ["10.0.0.0/33"], "nextHopType": "VnetLocal"}]}' \
    > "$TMPD/s/nic9.effective-routes.json"
expect_exit 3 "$MESHPLAN" routes --check "$TMPD/s/nic9.effective-routes.json" "$U/estate.json"
grep -q "nic9.effective-routes.json: error: .*\[capture-invalid\] at /value/0/addressPrefix/0" "$TMPD/err" &&
    [ ! -s "$TMPD/out" ] && ok "malformed capture: pointer, no output" ||
    { cat "$TMPD/err" "$TMPD/out"; fail "malformed capture message"; }

# ---- 2. a generated estate ----
E=$TMPD/gen
python3 "$TOP/tests/gen/gen_estate.py" --out "$E" --seed 3 \
    --regions eastus,westeurope --hubs-per-region 2 --spokes-per-hub 4 \
    --pes-per-spoke 1 --vpn-every 2 --udr-fraction 0.5 \
    --disconnected-fraction 0.3 2> /dev/null || fail "gen_estate"
CAP=$TMPD/cap
mkdir "$CAP"
# One NIC per VNet (in snet-app, snet-shared, or the first subnet), its
# capture made from meshplan's own simulation (routes --format json).
python3 - "$E" "$CAP" > "$TMPD/pick.tsv" <<'PY'
import json, os, sys
e, cap = sys.argv[1], sys.argv[2]
nics = []
for root, _, files in sorted(os.walk(e)):
    for f in sorted(files):
        if not f.endswith(".json") or f.endswith(".learned.json"):
            continue
        for r in json.load(open(os.path.join(root, f)))["value"]:
            if r["type"].lower() != "microsoft.network/virtualnetworks":
                continue
            subs = [s for s in r["properties"].get("subnets", [])]
            names = [s["name"] for s in subs]
            pick = next((n for n in ("snet-app", "snet-shared") if n in names), None)
            if pick is None:
                continue
            sid = next(s["id"] for s in subs if s["name"] == pick)
            nic = "nic-%s" % r["name"]
            rg = r["id"].split("/providers/")[0]
            nics.append({"id": rg + "/providers/Microsoft.Network/networkInterfaces/" + nic,
                         "name": nic, "type": "Microsoft.Network/networkInterfaces",
                         "properties": {"ipConfigurations": [{"name": "ipconfig1",
                             "properties": {"primary": True, "subnet": {"id": sid}}}]}})
            print("%s\t%s\t%s" % (nic, r["id"], pick))
json.dump({"value": nics}, open(os.path.join(cap, "nics.json"), "w"), indent=1)
PY
n=0
while IFS='	' read -r nic vnet sub; do
	"$MESHPLAN" routes -q "$E" --vnet "$vnet" --subnet "$sub" --format json \
	    > "$CAP/$nic.effective-routes.json" || fail "routes $vnet $sub"
	n=$((n + 1))
done < "$TMPD/pick.tsv"
[ "$n" -ge 16 ] && ok "generated estate: $n captures" || fail "only $n captures"
"$MESHPLAN" routes --check "$CAP" "$E" --format json > "$TMPD/g.json"
rc=$?
# Every captured route counted from the files, independently.
total=$(python3 -c 'import json,glob,sys
print(sum(len(json.load(open(f))["value"]) for f in glob.glob(sys.argv[1] + "/*.effective-routes.json")))' "$CAP")
[ $rc -eq 0 ] && [ "$(jget "$TMPD/g.json" '(d["totals"]["routes_compared"], d["totals"]["agree"], d["totals"]["subnets"])')" = "($total, $total, $n)" ] &&
    ok "generated estate: agrees on all $total routes in $n subnets" ||
    { jget "$TMPD/g.json" 'd["totals"]'; fail "generated estate does not agree (exit $rc)"; }
gwroutes=$(python3 -c 'import json,glob,sys
print(sum(r["nextHopType"] == "VirtualNetworkGateway" for f in glob.glob(sys.argv[1] + "/*.effective-routes.json") for r in json.load(open(f))["value"]))' "$CAP")
[ "$gwroutes" -gt 0 ] && ok "generated estate: $gwroutes gateway routes" ||
    fail "no gateway route in the generated captures"
users=$(python3 -c 'import json,glob,sys
print(sum(r["source"] == "User" for f in glob.glob(sys.argv[1] + "/*.effective-routes.json") for r in json.load(open(f))["value"]))' "$CAP")
[ "$users" -gt 0 ] && ok "generated estate: $users user routes" ||
    fail "no user route in the generated captures"

# Edit the captures with a Python statement over r (each route) or caps
# (file -> document), into $TMPD/$1, then check: NAME STATEMENT.
edit() {
	rm -rf "$TMPD/$1" && cp -r "$CAP" "$TMPD/$1"
	python3 - "$TMPD/$1" "$2" <<'PY'
import glob, json, sys
caps = {f: json.load(open(f)) for f in sorted(glob.glob(sys.argv[1] + "/*.effective-routes.json"))}
exec(sys.argv[2])
for f, d in caps.items():
    json.dump(d, open(f, "w"), indent=1)
PY
}

# Tolerance 1: gateway next hops are compared by type (Azure lists the
# gateway's addresses; an export does not know them).
edit t1 'for d in caps.values():
    for r in d["value"]:
        if r["nextHopType"] == "VirtualNetworkGateway":
            r["nextHopIpAddress"] = ["10.255.0.4", "10.255.0.5"]'
"$MESHPLAN" routes --check "$TMPD/t1" "$E" --format json > "$TMPD/t1.json"
rc=$?
[ $rc -eq 0 ] && [ "$(jget "$TMPD/t1.json" 'd["totals"]["gateway_next_hop_by_type"]')" = "$gwroutes" ] &&
    ok "tolerance: $gwroutes gateway next hops compared by type, exit 0" ||
    { jget "$TMPD/t1.json" 'd["totals"]'; fail "gateway next hop tolerance (exit $rc)"; }
# Tolerance 2: service-endpoint and service-tag routes are reported apart.
edit t2 'd = caps[sorted(caps)[0]]
d["value"].append({"source": "Default", "state": "Active", "addressPrefix": ["20.38.96.0/19", "20.150.0.0/17"], "nextHopType": "VirtualNetworkServiceEndpoint", "nextHopIpAddress": []})
d["value"].append({"name": "to-storage", "source": "User", "state": "Active", "addressPrefix": ["20.60.0.0/16"], "destinationServiceTags": ["Storage"], "nextHopType": "VirtualAppliance", "nextHopIpAddress": ["10.1.0.4"]})
d["value"].append({"name": "to-sql", "source": "User", "state": "Active", "addressPrefix": ["Sql"], "nextHopType": "Internet", "nextHopIpAddress": []})'
"$MESHPLAN" routes --check "$TMPD/t2" "$E" --format json > "$TMPD/t2.json"
rc=$?
[ $rc -eq 0 ] && [ "$(jget "$TMPD/t2.json" '(d["totals"]["apart"], d["totals"]["routes_compared"])')" = "({'service_endpoint': 1, 'service_tag': 2, 'gateway_not_exported': 0}, $total)" ] &&
    ok "tolerance: service-endpoint and service-tag routes reported apart, exit 0" ||
    { jget "$TMPD/t2.json" 'd["totals"]'; fail "service route tolerance (exit $rc)"; }
# Tolerance 3: without a gateway's learned routes, the gateway routes
# Azure lists that meshplan cannot know are reported apart.
cp -r "$E" "$TMPD/e3" && rm "$TMPD/e3"/ergw-hub-eus-01.learned.json
"$MESHPLAN" routes -q --check "$CAP" "$TMPD/e3" --format json > "$TMPD/t3.json"
rc=$?
[ $rc -eq 0 ] && [ "$(jget "$TMPD/t3.json" 'd["totals"]["apart"]["gateway_not_exported"] > 0 and d["totals"]["agree"] == d["totals"]["routes_compared"]')" = True ] &&
    grep -q "were not exported (save az network vnet-gateway list-learned-routes as ergw-hub-eus-01.learned.json)" "$TMPD/t3.json" &&
    ok "tolerance: $(jget "$TMPD/t3.json" 'd["totals"]["apart"]["gateway_not_exported"]') routes of an unexported gateway apart, exit 0" ||
    { jget "$TMPD/t3.json" '[(s["subnet"].split("/")[-3], r["status"], r["source"], r["addressPrefix"], r["nextHopType"]) for s in d["subnets"] for r in s["routes"] if r["status"] == "unexpected"][:8]'; fail "unexported gateway tolerance (exit $rc)"; }
# ... and the same capture with the learned routes present agrees.
[ "$(jget "$TMPD/g.json" 'd["totals"]["apart"]["gateway_not_exported"]')" = 0 ] &&
    ok "no unexported-gateway route when the learned routes are given" ||
    fail "unexported-gateway routes although the learned routes are given"

# Explanations. A learned-routes file older than the capture: a gateway
# route gone from the capture says so.
edit x1 'f = next(f for f, d in caps.items() if any(r["nextHopType"] == "VirtualNetworkGateway" and "eus" in f for r in d["value"]))
d = caps[f]
d["value"] = [r for r in d["value"] if r["nextHopType"] != "VirtualNetworkGateway"] + [r for r in d["value"] if r["nextHopType"] == "VirtualNetworkGateway"][1:]'
touch -t 202001010000 "$E"/*.learned.json
"$MESHPLAN" routes --check "$TMPD/x1" "$E" > "$TMPD/x1.txt"
rc=$?
[ $rc -eq 1 ] && grep -q "why: the learned-routes file of gateway ergw-hub-eus-0[12] (.*learned.json) is older than the capture" "$TMPD/x1.txt" &&
    ok "explained: learned routes older than the capture" ||
    { cat "$TMPD/x1.txt"; fail "older learned routes (exit $rc)"; }
# Azure says propagation is disabled (disableBgpRoutePropagation on the
# captured routes, gateway routes gone); the inputs do not.
edit x4 'f = next(f for f, d in caps.items() if any(r["nextHopType"] == "VirtualNetworkGateway" for r in d["value"]))
caps[f]["value"] = [dict(r, disableBgpRoutePropagation=True) for r in caps[f]["value"] if r["nextHopType"] != "VirtualNetworkGateway"]'
"$MESHPLAN" routes --check "$TMPD/x4" "$E" > "$TMPD/x4.txt"
rc=$?
[ $rc -eq 1 ] && grep -q "why: Azure says the subnet's route table disables gateway route propagation; the inputs do not" "$TMPD/x4.txt" &&
    ok "explained: Azure disables gateway route propagation, the inputs do not" ||
    { head -30 "$TMPD/x4.txt"; fail "disableBgpRoutePropagation (exit $rc)"; }
# A route table that is not in the inputs.
cp -r "$E" "$TMPD/e4"
python3 - "$TMPD/e4" <<'PY'
import glob, json, sys
for f in glob.glob(sys.argv[1] + "/*/*.json"):
    d = json.load(open(f))
    d["value"] = [r for r in d["value"] if r["type"].lower() != "microsoft.network/routetables"]
    json.dump(d, open(f, "w"))
PY
"$MESHPLAN" routes -q --check "$CAP" "$TMPD/e4" > "$TMPD/x2.txt"
rc=$?
[ $rc -eq 1 ] && grep -q "^  unexpected  *User " "$TMPD/x2.txt" &&
    grep -q "why: the subnet's route table /subscriptions/.*/routeTables/.* is not in the inputs" "$TMPD/x2.txt" &&
    ok "explained: a route table that is not in the inputs" ||
    { head -40 "$TMPD/x2.txt"; fail "route table not in inputs (exit $rc)"; }
# A peering in another state.
cp -r "$E" "$TMPD/e5"
python3 - "$TMPD/e5" "$TMPD/pick.tsv" <<'PY'
import glob, json, sys
# The first Connected peering of a VNet that has a capture, flipped
# wherever the export lists it (inline, and as a child resource).
picked = {l.split("\t")[1].lower() for l in open(sys.argv[2])}
files = sorted(glob.glob(sys.argv[1] + "/*/*.json"))
docs = {f: json.load(open(f)) for f in files}
target = None
for f in files:
    for r in docs[f]["value"]:
        if target is None and r["type"].lower() == "microsoft.network/virtualnetworks" and r["id"].lower() in picked:
            for p in r["properties"].get("virtualNetworkPeerings", []):
                if p["properties"].get("peeringState") == "Connected":
                    target = p["id"].lower()
                    break
assert target
def flip(o):
    if isinstance(o, dict):
        if o.get("id", "").lower() == target:
            o["properties"]["peeringState"] = "Disconnected"
        for v in o.values():
            flip(v)
    elif isinstance(o, list):
        for v in o:
            flip(v)
for f in files:
    flip(docs[f])
    json.dump(docs[f], open(f, "w"))
PY
"$MESHPLAN" routes -q --check "$CAP" "$TMPD/e5" > "$TMPD/x3.txt"
rc=$?
[ $rc -eq 1 ] && grep -q "why: peering .* is Disconnected in the inputs" "$TMPD/x3.txt" &&
    ok "explained: a peering in another state" ||
    { head -40 "$TMPD/x3.txt"; fail "peering state (exit $rc)"; }

# Same input in another order, same bytes.
"$MESHPLAN" routes --check "$E" "$CAP" --format json > "$TMPD/g2.json"
cmp -s "$TMPD/g.json" "$TMPD/g2.json" && ok "input order does not change the output" ||
    fail "input order changes the output"
finish
