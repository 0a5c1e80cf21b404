#!/bin/sh
# tests/names.sh - names in messages and reports are unambiguous: a name
# two resources share carries "(resource group G, subscription S)" in every
# finding (text, JSON, SARIF) and report (Markdown, HTML); a name one
# resource has stays bare (tests/names/check_labels.py judges the outputs),
# and in the wave runbooks' steps and checks.
# Always: fixtures/two-hubs plus a renumbered copy of its West Europe
# spokes in another subscription and resource group (made here with sed,
# so three spoke names collide and every other name is unique). With
# ../shared: the real `az network vnet list` export holding two
# workers-vnet.
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1
if ! command -v python3 > /dev/null 2>&1; then
	echo "SKIP: python3 is absent; tests/names.sh needs it"
	finish
	exit 0
fi
CHECK="python3 $TOP/tests/names/check_labels.py"

# labels WHAT DUP UNIQ FILE...: check_labels.py on the files (every name
# in DUP qualified wherever it stands, every name in UNIQ bare): ok "WHAT:
# its counts"; else its report and the files' first lines, and status 1
# (the caller says what failed).
labels() {
	what=$1
	shift
	if $CHECK "$@" > "$TMPD/chk"; then
		ok "$what: $(cat "$TMPD/chk")"
		return 0
	fi
	head -20 "$TMPD/chk"
	shift 2
	cat "$@" | head -20
	return 1
}

# outputs DIR INPUT...: every user-facing text meshplan writes for INPUT.
outputs() {
	o=$1
	shift
	"$MESHPLAN" analyze --verbose "$@" > "$o/analyze.txt"
	"$MESHPLAN" analyze --format json "$@" > "$o/analyze.json"
	"$MESHPLAN" analyze --format sarif "$@" > "$o/analyze.sarif"
	"$MESHPLAN" report -q -o "$o/report.md" "$@"
	"$MESHPLAN" report -q --format html -o "$o/report.html" "$@"
}

# 1. Always: two-hubs with its West Europe spokes copied.
# copy_spokes DIR RG N FROM TO: two-hubs in DIR/in, and its resource
# group RG copied as RG-copy into subscription c0c0c0c0-...-00000000000N,
# addresses 10.FROMx. renumbered 10.TOx. (same names, other ids).
copy_spokes() {
	mkdir -p "$1/in" "$1/out"
	cp -r fixtures/two-hubs/connectivity fixtures/two-hubs/landingzones \
	    fixtures/two-hubs/ergw-hub-eus.learned.json "$1/in/"
	sed -e "s#/subscriptions/a7d9e2c4-3b1f-4e8a-b6c5-d0e1f2a3b4c5/resourceGroups/$2/#/subscriptions/c0c0c0c0-0000-4000-8000-00000000000$3/resourceGroups/$2-copy/#g" \
	    -e "s/\"10\\.$4\\([123]\\)\\./\"10.$5\\1./g" \
	    "fixtures/two-hubs/landingzones/$2.json" \
	    > "$1/in/landingzones/$2-copy.json"
}
F=$TMPD/dup
copy_spokes "$F" rg-spokes-weu 1 2 4
printf '%s\n' vnet-spoke-weu-dev vnet-spoke-weu-legacy vnet-spoke-weu-prod \
    > "$F/dup.txt"
printf '%s\n' vnet-spoke-eus-prod vnet-spoke-eus-test vnet-hub-eus \
    vnet-hub-weu vnet-shared-old ergw-hub-eus ergw-hub-weu > "$F/uniq.txt"
outputs "$F/out" "$F/in"
"$MESHPLAN" emit -q --target arm -o "$F/emit" "$F/in"
labels "same-named VNets qualified, unique names bare" "$F/dup.txt" \
    "$F/uniq.txt" "$F/out/"* \
    $(find "$F/emit" -name README.md -o -name RUNBOOK.md | sort) ||
	fail "a colliding name is bare or a unique one qualified (fixture)"
# With membership by tag (the segments policy): the plan's tag steps and
# their rollback name the same-named spokes qualified too.
"$MESHPLAN" plan -q -o "$F/seg.json" \
    --policy fixtures/policy/two-hubs-segments.yaml "$F/in"
{ grep -q '"Tag vnet-spoke-weu-dev (resource group rg-spokes-weu-copy, ' "$F/seg.json" &&
    grep -q '"Remove the tag avnm-mesh=mesh-global from vnet-spoke-weu-dev (resource group ' "$F/seg.json" &&
    labels "tag steps and their rollback qualify same-named spokes" \
    "$F/dup.txt" "$F/uniq.txt" "$F/seg.json"; } ||
	fail "a tag step names a colliding spoke bare"
# The check can fail: the outputs of the fixture without the copy name
# the same spokes bare.
mkdir -p "$F/base"
outputs "$F/base" fixtures/two-hubs
if $CHECK "$F/dup.txt" "$F/uniq.txt" "$F/base/"* > /dev/null; then
	fail "check_labels.py passes bare names"
else
	ok "check_labels.py rejects bare colliding names"
fi

# 1b. Two-hubs with its East US spokes copied (their route table sends
# spoke-to-spoke traffic through the hub's appliance, so the plan takes
# pairs off it): the messages of the plan's findings (MP401) and their
# location, a route of the copied route table rt-spoke-eus-test (routes are
# not resources of the estate: judged by their route table).
E=$TMPD/dupeus
copy_spokes "$E" rg-spokes-eus 2 1 5
printf '%s\n' vnet-spoke-eus-dev vnet-spoke-eus-test vnet-spoke-eus-prod \
    rt-spoke-eus-test > "$E/dup.txt"
printf '%s\n' vnet-spoke-weu-dev vnet-spoke-weu-prod vnet-hub-eus \
    vnet-hub-weu > "$E/uniq.txt"
"$MESHPLAN" report -q -o "$E/out/report.md" "$E/in"
grep 'MP401' "$E/out/report.md" > "$E/out/mp401.txt"
{ [ -s "$E/out/mp401.txt" ] &&
    labels "MP401 names same-named spokes and its route (rt/route, a route table two resource groups have) qualified" \
    "$E/dup.txt" "$E/uniq.txt" "$E/out/mp401.txt"; } ||
	fail "MP401 names a colliding spoke bare (or finds no pair)"

# The diff of the plans without and with the copy: the VNets that join.
"$MESHPLAN" plan -q -o "$E/a.json" fixtures/two-hubs
"$MESHPLAN" plan -q -o "$E/b.json" "$E/in"
"$MESHPLAN" diff "$E/a.json" "$E/b.json" |
    grep -E '^  (joined|left|moved|went-live|mesh) ' > "$E/out/diff.txt"
{ [ "$(wc -l < "$E/out/diff.txt")" -eq 3 ] &&
    labels "diff names the joining same-named spokes qualified" \
    "$E/dup.txt" "$E/uniq.txt" "$E/out/diff.txt"; } ||
	fail "diff names a colliding VNet bare"

# Its step lines: each plan qualified only the names it had twice, so the
# old plan's steps name the original spokes bare; the diff qualifies the
# VNet a step acts on where another VNet of either plan has its name.
"$MESHPLAN" diff "$E/a.json" "$E/b.json" | grep -E '^  [-+] step ' \
    > "$E/out/diffsteps.txt"
"$MESHPLAN" diff --format md "$E/a.json" "$E/b.json" | grep -E '^\| [-+] \|' \
    > "$E/out/diffsteps.md"
{ grep -q '^  - step .*member.*vnet-spoke-eus-dev' "$E/out/diffsteps.txt" &&
    labels "diff's step lines (text, Markdown) qualify the same-named spokes of either plan" \
    "$E/dup.txt" "$E/uniq.txt" "$E/out/diffsteps.txt" \
    "$E/out/diffsteps.md"; } ||
	fail "diff names a colliding VNet bare in a step line"
# Its summary lines: two-hubs with its West Europe hub renamed to the
# East US hub's name (same subscription, another resource group).
H=$TMPD/duphub
mkdir -p "$H/in"
cp -r fixtures/two-hubs/. "$H/in/"
grep -rl vnet-hub-weu "$H/in" | while read -r f; do
	sed 's/vnet-hub-weu/vnet-hub-eus/g' "$f" > "$f.x" && mv "$f.x" "$f"
done
"$MESHPLAN" plan -q -o "$H/b.json" "$H/in"
"$MESHPLAN" diff "$E/a.json" "$H/b.json" | grep '^  summaries ' \
    > "$H/sum.txt"
"$MESHPLAN" diff --format md "$E/a.json" "$H/b.json" |
    grep '^| vnet-hub' > "$H/sum.md"
printf '%s\n' vnet-hub-eus > "$H/dup.txt"
printf '%s\n' vnet-hub-weu > "$H/uniq.txt"
{ grep -q 'rg-hub-weu' "$H/sum.txt" &&
    labels "diff's summary lines qualify a hub name two hubs have" \
    "$H/dup.txt" "$H/uniq.txt" "$H/sum.txt" "$H/sum.md"; } ||
	fail "diff names a colliding hub bare in a summary line"
# status names every resource by its Azure id: nothing to qualify, and
# no bare name of a colliding VNet.
"$MESHPLAN" status --plan "$E/a.json" "$E/in" > "$E/out/status.txt"
"$MESHPLAN" status --format md --plan "$E/a.json" "$E/in" \
    > "$E/out/status.md"
if [ "$(grep -c '^  drift /subscriptions/.*/virtualNetworks/vnet-spoke-eus-' \
    "$E/out/status.txt")" -eq 3 ] &&
    ! grep -E '(^|[^/.-])vnet-spoke-eus-(dev|test|prod)($|[^.-])' \
    "$E/out/status.txt" "$E/out/status.md" | grep -v '/subscriptions/'; then
	ok "status names the same-named spokes by id, never bare"
else
	cat "$E/out/status.txt"
	fail "status names a colliding VNet bare"
fi

# 1c. routes --check: Microsoft's routing example with Virtual-network-1
# and its route table copied into another subscription, and a capture
# that lacks a user route (so the explanation names the route table).
T=$TMPD/duprc
mkdir -p "$T/in" "$T/cap" "$T/out"
python3 - fixtures/udr-example "$T" <<'PY'
import json, sys
src, t = sys.argv[1], sys.argv[2]
d = json.load(open(src + "/estate.json"))["value"]
keep = [r for r in d if r["name"] in ("Virtual-network-1", "Subnet1-routes")]
s = json.dumps({"value": keep})
s = s.replace("11111111-2222-3333-4444-555555555555",
              "22222222-0000-4000-8000-000000000003")
open(t + "/in/copy.json", "w").write(s.replace("rg-udr-example", "rg-udr-copy"))
c = json.load(open(src + "/captures/vm1-nic.effective-routes.json"))
c["value"] = [r for r in c["value"] if r.get("name") != "Within-VNet1"]
json.dump(c, open(t + "/cap/vm1-nic.effective-routes.json", "w"))
PY
cp fixtures/udr-example/estate.json "$T/in/"
cp fixtures/udr-example/captures/nics.json \
    fixtures/udr-example/captures/vm2-nic.effective-routes.json "$T/cap/"
printf '%s\n' Virtual-network-1 Subnet1-routes > "$T/dup.txt"
printf '%s\n' Virtual-network-2 vpn-gateway > "$T/uniq.txt"
"$MESHPLAN" routes --check "$T/cap" "$T/in" > "$T/out/check.txt"
"$MESHPLAN" analyze "$T/cap" "$T/in" | sed -n '/^model agreement/,/^$/p' \
    > "$T/out/brief.txt"
{ grep -q 'why: route table Subnet1-routes' "$T/out/check.txt" &&
    grep -q 'Virtual-network-1/Subnet1' "$T/out/brief.txt" &&
    labels "routes --check explanations and analyze's model agreement qualify same-named VNets and route tables" \
    "$T/dup.txt" "$T/uniq.txt" "$T/out/check.txt" "$T/out/brief.txt"; } ||
	fail "routes --check names a colliding resource bare"

# 1d. A resumed plan's live conflicts with two AVNM configurations named
# cc-mesh-global (each in a network manager avnm-meshplan over a network
# group ng-mesh-global: the hub subscription's and a team's in another
# subscription). vnet-spoke-eus-dev is a static member of both, -test of
# the team's only, and the team's group holds the hub (not a spoke).
A=$TMPD/dupavnm
mkdir -p "$A"
python3 - "$A/avnm.json" <<'PY'
import json, sys
NET = "Microsoft.Network/networkManagers"
VN = "/providers/Microsoft.Network/virtualNetworks/"
SPK = "/subscriptions/a7d9e2c4-3b1f-4e8a-b6c5-d0e1f2a3b4c5" \
    "/resourceGroups/rg-spokes-eus" + VN
HUB = "/subscriptions/5f3c1a2e-8d4b-4c6e-9a7f-1b2c3d4e5f60" \
    "/resourceGroups/rg-hub-eus" + VN + "vnet-hub-eus"
out = []
def manager(sub, rg, members):
    mid = "/subscriptions/%s/resourceGroups/%s/providers/%s/avnm-meshplan" \
        % (sub, rg, NET)
    gid = mid + "/networkGroups/ng-mesh-global"
    out.append({"id": mid, "name": "avnm-meshplan", "type": NET,
                "location": "eastus", "properties": {
                    "networkManagerScopes": {
                        "subscriptions": ["/subscriptions/" + sub],
                        "managementGroups": []},
                    "networkManagerScopeAccesses": ["Connectivity"]}})
    out.append({"id": gid, "name": "ng-mesh-global",
                "type": NET + "/networkGroups",
                "properties": {"memberType": "VirtualNetwork"}})
    for v in members:
        n = v.rsplit("/", 1)[1]
        out.append({"id": gid + "/staticMembers/sm-" + n, "name": "sm-" + n,
                    "type": NET + "/networkGroups/staticMembers",
                    "properties": {"resourceId": v}})
    out.append({"id": mid + "/connectivityConfigurations/cc-mesh-global",
                "name": "cc-mesh-global",
                "type": NET + "/connectivityConfigurations",
                "properties": {"connectivityTopology": "Mesh",
                               "isGlobal": "True", "appliesToGroups": [{
                                   "networkGroupId": gid,
                                   "groupConnectivity": "None"}]}})
manager("5f3c1a2e-8d4b-4c6e-9a7f-1b2c3d4e5f60", "rg-hub-eus",
        [SPK + "vnet-spoke-eus-dev", SPK + "vnet-spoke-eus-prod"])
manager("c0c0c0c0-0000-4000-8000-000000000009", "rg-team",
        [SPK + "vnet-spoke-eus-dev", SPK + "vnet-spoke-eus-test", HUB])
json.dump({"value": out}, open(sys.argv[1], "w"), indent=1)
PY
"$MESHPLAN" plan -o "$A/p.json" fixtures/two-hubs "$A/avnm.json" \
    > "$A/summary.txt"
grep -E 'resumes the live|live conflict' "$A/summary.txt" > "$A/lines.txt"
python3 - "$A/p.json" > "$A/reasons.txt" <<'PY'
import json, sys
for c in json.load(open(sys.argv[1]))["conflicts"]:
    print(c["kind"], c["reason"])
PY
printf '%s\n' cc-mesh-global ng-mesh-global > "$A/dup.txt"
printf '%s\n' mesh-global > "$A/uniq.txt"
# Each conflict kind this fixture makes, and the resume_map one names
# both configurations, each with its own resource group.
{ grep -q '^other-group live in cc-mesh-global (resource group rg-team, subscription c0c0c0c0-0000-4000-8000-000000000009); the plan resumes cc-mesh-global (resource group rg-hub-eus, subscription 5f3c1a2e-8d4b-4c6e-9a7f-1b2c3d4e5f60) for mesh-global; not moved$' "$A/reasons.txt" &&
    grep -q '^other-group live in cc-mesh-global (resource group rg-hub-eus, ' "$A/reasons.txt" &&
    grep -q '^not-spoke a static member of ng-mesh-global (resource group rg-team, ' "$A/reasons.txt" &&
    [ "$(grep -c 'resumes the live configuration cc-mesh-global (resource group rg-hub-eus, ' "$A/lines.txt")" -eq 1 ] &&
    labels "a resumed plan's conflicts and summary name the two cc-mesh-global qualified" \
    "$A/dup.txt" "$A/uniq.txt" "$A/reasons.txt" "$A/lines.txt"; } ||
	fail "a resumed plan names a colliding AVNM configuration bare"

# The same with the team's network manager named avnm-team: the labels
# judge "manager/config", so the two cc-mesh-global no longer collide for
# them, yet one message names both: each by manager/config, qualified.
python3 - "$A/avnm.json" "$A/avnm2.json" <<'PY'
import json, sys
old = "/resourceGroups/rg-team/providers/Microsoft.Network/networkManagers/avnm-meshplan"
s = open(sys.argv[1]).read().replace(old, old.replace("avnm-meshplan", "avnm-team"))
d = json.loads(s)
for r in d["value"]:
    if r["id"].endswith("/rg-team/providers/Microsoft.Network/networkManagers/avnm-team"):
        r["name"] = "avnm-team"
json.dump(d, open(sys.argv[2], "w"))
PY
"$MESHPLAN" plan -q -o "$A/p2.json" fixtures/two-hubs "$A/avnm2.json"
python3 - "$A/p2.json" > "$A/reasons2.txt" <<'PY'
import json, sys
for c in json.load(open(sys.argv[1]))["conflicts"]:
    print(c["kind"], c["reason"])
PY
if grep -q '^other-group live in avnm-team/cc-mesh-global (resource group rg-team, subscription c0c0c0c0-0000-4000-8000-000000000009); the plan resumes avnm-meshplan/cc-mesh-global (resource group rg-hub-eus, subscription 5f3c1a2e-8d4b-4c6e-9a7f-1b2c3d4e5f60) for mesh-global; not moved$' "$A/reasons2.txt"; then
	ok "two cc-mesh-global of differently named managers, in one conflict, read apart"
else
	cat "$A/reasons2.txt"
	fail "a conflict names two configurations alike"
fi

# 2. With ../shared: the real export with two workers-vnet.
SHARED=$(shared_dir)
R=$SHARED/fixtures-real/azure-cli/vnet-list-subscription-51-vnets.json
if [ -n "$SHARED" ] && [ -f "$R" ]; then
	mkdir -p "$TMPD/real"
	python3 - "$R" "$TMPD/real" <<'PY'
import collections, json, sys
d = json.load(open(sys.argv[1]))
d = d.get("value", d) if isinstance(d, dict) else d
names = collections.Counter(v["name"].lower() for v in d)
with open(sys.argv[2] + "/dup.txt", "w") as d, open(sys.argv[2] + "/uniq.txt", "w") as u:
    for n, c in sorted(names.items()):
        (d if c > 1 else u).write(n + "\n")
PY
	outputs "$TMPD/real" "$R"
	{ grep -qx workers-vnet "$TMPD/real/dup.txt" &&
	    labels "real export: both workers-vnet qualified, the rest bare" \
	    "$TMPD/real/dup.txt" "$TMPD/real/uniq.txt" \
	    "$TMPD/real/analyze.txt" "$TMPD/real/analyze.json" \
	    "$TMPD/real/analyze.sarif" "$TMPD/real/report.md" \
	    "$TMPD/real/report.html"; } ||
		fail "real export: a colliding name is bare or a unique one qualified"
else
	skip "the real export with two workers-vnet is absent (../shared)"
fi

# 3. An ambiguous --vnet lists the candidate ids.
expect_exit 2 "$MESHPLAN" routes --vnet vnet-spoke-weu-dev "$F/in"
if grep -q "/subscriptions/a7d9e2c4-3b1f-4e8a-b6c5-d0e1f2a3b4c5/resourceGroups/rg-spokes-weu/providers/Microsoft.Network/virtualNetworks/vnet-spoke-weu-dev" "$TMPD/err" &&
    grep -q "/subscriptions/c0c0c0c0-0000-4000-8000-000000000001/resourceGroups/rg-spokes-weu-copy/providers/Microsoft.Network/virtualNetworks/vnet-spoke-weu-dev" "$TMPD/err"; then
	ok "an ambiguous --vnet lists both candidate ids"
else
	cat "$TMPD/err"
	fail "an ambiguous --vnet does not list the candidates"
fi
finish
