#!/bin/sh
# tests/collect.sh - tools/collect.sh against a stand-in az (tests/collect/
# az) that replays recorded answers (tests/collect/answers, written by
# tests/collect/record.py from fixtures/sample): Resource Graph pages are
# followed with --first 1000 and --skip-token until skip_token is null, the
# collected directory has no paging member left and analyses as the sample
# does (plus the recorded network manager); the routes the gateway
# advertises are saved per BGP peer; the recorded NIC captures (meshplan's
# own simulation, see record.py) raise no MP501; an az error midway (a route
# export, a later page) stops the run with az's message, exit 1 and no
# output directory.
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1
if ! command -v python3 > /dev/null 2>&1; then
	echo "SKIP: python3 is absent; tests/collect.sh needs it"
	finish
	exit 0
fi
C=$TOP/tests/collect
export AZ_ANSWERS="$C/answers" AZ_LOG="$TMPD/az.log"
run_collect() {
	PATH="$C:$PATH" sh "$TOP/tools/collect.sh" "$@" > "$TMPD/out" 2> "$TMPD/err"
}

# 0. The recorded answers are record.py's output.
mkdir -p "$TMPD/rec/tests/collect" "$TMPD/rec/fixtures" "$TMPD/rec/tools"
cp "$C/record.py" "$C/az" "$TMPD/rec/tests/collect/"
cp "$TOP/tools/collect.sh" "$TMPD/rec/tools/"
cp -r "$TOP/fixtures/sample" "$TMPD/rec/fixtures/"
python3 "$TMPD/rec/tests/collect/record.py" 2> /dev/null
if diff -r "$C/answers" "$TMPD/rec/tests/collect/answers" > /dev/null; then
	ok "tests/collect/answers is record.py's output"
else
	fail "tests/collect/answers differs from record.py's output (run it)"
fi

# 1. A whole run.
run_collect -o "$TMPD/estate"
if [ $? -eq 0 ] && [ -f "$TMPD/estate/manifest.txt" ]; then
	ok "collect.sh runs against the stand-in az"
else
	cat "$TMPD/err"
	fail "collect.sh failed against the stand-in az"
fi
n=$(grep -c '^graph query ' "$AZ_LOG")
if [ "$n" -eq 16 ] && [ "$(grep '^graph query ' "$AZ_LOG" | grep -vc -- '--first 1000')" -eq 0 ] &&
    grep -q -- "virtualnetworks' | order by id asc --first 1000 --subscriptions 00000000-0000-0000-0000-000000000001 --skip-token token-virtualnetworks-2 -o json" "$AZ_LOG"; then
	ok "Resource Graph: 16 pages for 12 types, all --first 1000, followed by --skip-token"
else
	grep '^graph' "$AZ_LOG" | head -20
	fail "Resource Graph pages not followed as recorded ($n queries)"
fi
if grep -rlE '"(skip_token|\$skipToken|skipToken|total_records|totalRecords|nextLink)"' "$TMPD/estate" --include='*.json' > "$TMPD/paging"; then
	cat "$TMPD/paging"
	fail "paging members left in the collected files"
else
	ok "no paging member is left in the collected files"
fi
if grep -q "^  microsoft.network/virtualnetworks	5$" "$TMPD/estate/manifest.txt" &&
    grep -q "^subscriptions: 00000000-0000-0000-0000-000000000001$" "$TMPD/estate/manifest.txt" &&
    grep -q "^collected: [0-9T:-]*Z$" "$TMPD/estate/manifest.txt"; then
	ok "manifest: time, subscriptions, counts per type"
else
	cat "$TMPD/estate/manifest.txt"
	fail "manifest"
fi
expect_exit 0 "$MESHPLAN" analyze --format json "$TMPD/estate"
cp "$TMPD/out" "$TMPD/collected.json"
"$MESHPLAN" analyze --format json fixtures/sample > "$TMPD/sample.json" 2> /dev/null
if python3 - "$TMPD/sample.json" "$TMPD/collected.json" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
same = all(a[k] == b[k] for k in ("estate", "hubs", "hairpins"))
c = b["avnm_configurations"]
members = [m["seen"] for g in c[0]["groups"] for m in g["members"]] if c else []
sys.exit(0 if same and len(c) == 1 and members == [True, True] else 1)
PY
then
	ok "the collected estate analyses as fixtures/sample, with the network manager's configuration and members"
else
	fail "the collected estate differs from fixtures/sample"
fi

# 1a. Advertised routes: one file per BGP peer of the gateway (both
# neighbors of list-bgp-peer-status), each what the gateway originates:
# the hub's and its gateway-transit spokes' address spaces, computed here
# from the sample itself.
adv=$(cd "$TMPD/estate" && find routes -name '*.advertised.json' | LC_ALL=C sort | tr '\n' ' ')
if [ "$adv" = "routes/3c2b1a09-8f7e-4d6c-b5a4-9382716f5e4d/rg-network/advertised/10.100.0.12/ergw-hub.advertised.json routes/3c2b1a09-8f7e-4d6c-b5a4-9382716f5e4d/rg-network/advertised/10.100.0.13/ergw-hub.advertised.json " ] &&
    [ "$(grep -c -- 'list-advertised-routes .*--peer' "$AZ_LOG")" -eq 2 ] &&
    python3 - "$TMPD/estate" fixtures/sample/estate.json <<'PY'
import glob, json, sys
est = json.load(open(sys.argv[2]))["value"]
vn = {r["id"].lower(): r for r in est if r["type"] == "Microsoft.Network/virtualNetworks"}
hub = [r for r in vn.values() if r["name"] == "vnet-hub"][0]
want = set(hub["properties"]["addressSpace"]["addressPrefixes"])
for r in vn.values():
    for p in r["properties"].get("virtualNetworkPeerings", []):
        if p["properties"].get("useRemoteGateways") and \
                p["properties"]["remoteVirtualNetwork"]["id"].lower() == hub["id"].lower():
            want |= set(r["properties"]["addressSpace"]["addressPrefixes"])
files = glob.glob(sys.argv[1] + "/routes/*/*/advertised/*/ergw-hub.advertised.json")
got = [{x["network"] for x in json.load(open(f))["value"]} for f in files]
sys.exit(0 if len(got) == 2 and all(g == want for g in got) else 1)
PY
then
	ok "advertised routes: one file per BGP peer (2), each the hub and its gateway-transit spokes"
else
	echo "$adv"
	fail "advertised routes per peer"
fi

# 1b. NIC captures: one NIC per subnet with NICs (the smallest id), named
# <nic>.effective-routes.json, placed by meshplan in their subnets.
caps=$(cd "$TMPD/estate" && find captures -name '*.effective-routes.json' | LC_ALL=C sort | tr '\n' ' ')
if [ "$caps" = "captures/3c2b1a09-8f7e-4d6c-b5a4-9382716f5e4d/rg-network/nic-app-dev-0.effective-routes.json captures/3c2b1a09-8f7e-4d6c-b5a4-9382716f5e4d/rg-network/nic-data-prod.effective-routes.json captures/3c2b1a09-8f7e-4d6c-b5a4-9382716f5e4d/rg-network/nic-hub.effective-routes.json " ] &&
    grep -q "^nic captures: 3 (skipped: 0; at most 50 subnets)$" "$TMPD/estate/manifest.txt"; then
	ok "NIC captures: one per subnet with NICs (3 of 4 NICs), counted in the manifest"
else
	echo "$caps"; cat "$TMPD/estate/manifest.txt"
	fail "NIC captures"
fi
if python3 -c 'import json, sys
a = json.load(open(sys.argv[1]))["agreement"]
sys.exit(0 if a["totals"]["subnets"] == 3 and a["unplaced"] == [] else 1)' "$TMPD/collected.json"; then
	ok "meshplan places the 3 captures in their subnets (model agreement)"
else
	fail "the collected captures are not placed"
fi
# The recorded captures are the simulation's: the collected estate has no
# model-disagrees-with-azure finding and every captured route agrees.
if ! grep -q '"MP501"' "$TMPD/collected.json" &&
    ! "$MESHPLAN" analyze "$TMPD/estate" 2>&1 | grep -q MP501 &&
    "$MESHPLAN" routes --check "$TMPD/estate" > "$TMPD/check" 2>&1; then
	ok "no MP501 on the collected estate; routes --check agrees (exit 0)"
else
	grep -n MP501 "$TMPD/collected.json" | head -5
	head -20 "$TMPD/check"
	fail "the recorded captures disagree with the model"
fi
run_collect -o "$TMPD/one" --max-nic-captures 1
[ $? -eq 0 ] && [ "$(find "$TMPD/one/captures" -name '*.effective-routes.json' | wc -l)" -eq 1 ] &&
    ok "--max-nic-captures 1: one capture" || fail "--max-nic-captures 1"
: > "$AZ_LOG"
run_collect -o "$TMPD/zero" --max-nic-captures 0
[ $? -eq 0 ] && [ ! -d "$TMPD/zero/captures" ] && grep -q "^graph query" "$AZ_LOG" &&
    ! grep -q "show-effective-route-table" "$AZ_LOG" &&
    ok "--max-nic-captures 0: no capture" || fail "--max-nic-captures 0"
AZ_FAIL=show-effective-route-table run_collect -o "$TMPD/refused"
[ $? -eq 0 ] && [ "$(grep -c "warning: no effective routes for NIC" "$TMPD/err")" -eq 3 ] &&
    grep -q "^nic captures: 0 (skipped: 3; at most 50 subnets)$" "$TMPD/refused/manifest.txt" &&
    ok "a NIC whose routes Azure refuses is skipped with a warning; the run goes on" ||
    { cat "$TMPD/err"; fail "refused NIC capture"; }
run_collect -o "$TMPD/badn" --max-nic-captures x
[ $? -eq 2 ] && ok "--max-nic-captures x is a usage error (exit 2)" || fail "--max-nic-captures x"

# --management-group: Resource Graph over the group, no account list.
: > "$AZ_LOG"
run_collect -o "$TMPD/mg" --management-group mg-platform
if [ $? -eq 0 ] && ! grep -q "^account list" "$AZ_LOG" &&
    [ "$(grep -c -- '--management-groups mg-platform' "$AZ_LOG")" -eq 16 ] &&
    grep -q "^management group: mg-platform$" "$TMPD/mg/manifest.txt" &&
    diff -r -x manifest.txt "$TMPD/estate" "$TMPD/mg" > /dev/null; then
	ok "--management-group: 16 pages over the group, the same files"
else
	cat "$TMPD/err"
	fail "--management-group"
fi

# 2. An az error midway stops the run: exit 1, az's message, no output.
for f in "list-learned-routes" "--peer 10.100.0.13" "--skip-token token-virtualnetworks-2" "static-member list"; do
	: > "$AZ_LOG"
	AZ_FAIL=$f run_collect -o "$TMPD/broken"
	rc=$?
	if [ "$rc" -eq 1 ] && grep -q "^collect.sh: az .*$f.* failed (exit 1)" "$TMPD/err" &&
	    grep -q "az: ERROR: (AuthorizationFailed)" "$TMPD/err" &&
	    [ ! -e "$TMPD/broken" ] && [ ! -e "$TMPD/broken.partial" ]; then
		ok "an az error at '$f' stops collect.sh (exit 1, az's message, nothing left)"
	else
		cat "$TMPD/err"
		fail "an az error at '$f': exit $rc"
	fi
done
# A call the recording does not know fails loudly too.
AZ_ANSWERS=$TMPD/none run_collect -o "$TMPD/none"
[ $? -eq 1 ] && grep -q "no recorded answer" "$TMPD/err" &&
    ok "an unknown az call stops collect.sh" || fail "unknown az call"
# Usage.
run_collect -o "$TMPD/estate"
[ $? -eq 2 ] && grep -q "exists" "$TMPD/err" && ok "an existing output directory is refused (exit 2)" ||
    fail "existing output directory"
run_collect --bogus
[ $? -eq 2 ] && ok "an unknown argument is a usage error (exit 2)" || fail "unknown argument"
finish
