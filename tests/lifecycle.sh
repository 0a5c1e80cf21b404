#!/bin/sh
# tests/lifecycle.sh - the migration lifecycle on generated estates
# (docs/lifecycle.md): resume after waves 1..K are live (the AVNM
# resources those waves create written as an export by
# tests/lifecycle/avnm_export.py, re-planned with and without
# --previous-plan), `status` (done/pending, a partial wave, drift after a
# peering was added to a hub, stability across key order, CRLF and file
# order), `emit --plan` warning on drift, and `diff`. The expected values
# come from the first plan and from `analyze`, never from the plan under
# test.
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1
if ! command -v python3 > /dev/null 2>&1; then
	echo "SKIP: python3 is absent; the lifecycle tests need the generator"
	finish
	exit $?
fi
GEN="python3 tests/gen/gen_estate.py"
AVNM="python3 tests/lifecycle/avnm_export.py"
E=$TMPD/est
$GEN --out "$E" --spokes-per-hub 40 --seed 3 --overlap-fraction 0 \
    2> /dev/null || fail "generate the estate"
expect_exit 0 "$MESHPLAN" plan -q "$E" -o "$TMPD/p1.json"

check() {	# check NAME PYTHON-EXPRESSION-SCRIPT (reads $TMPD/*.json)
	if python3 - "$TMPD" > "$TMPD/check" 2>&1; then
		ok "$1"
	else
		cat "$TMPD/check"
		fail "$1"
	fi
}

# The digests against an independent oracle (Python, from the export).
python3 tests/lifecycle/digest_oracle.py "$TMPD/p1.json" "$E" \
    > "$TMPD/oracle" 2>&1 && ok "digest oracle: $(grep -c '^ok' \
    "$TMPD/oracle") body(ies) agree" || { cat "$TMPD/oracle";
    fail "digest oracle"; }

# 1. Resume after waves 1..K, with the committed configurations listed.
for k in 1 2; do
	$AVNM "$TMPD/p1.json" $k "$TMPD/avnm$k.json" \
	    --active "$TMPD/active$k.json"
	expect_exit 0 "$MESHPLAN" plan -q --previous-plan "$TMPD/p1.json" \
	    "$E" "$TMPD/avnm$k.json" "$TMPD/active$k.json" \
	    -o "$TMPD/r$k.json"
	"$MESHPLAN" analyze --format json "$E" "$TMPD/avnm$k.json" \
	    "$TMPD/active$k.json" > "$TMPD/an$k.json" 2> /dev/null
	K=$k check "resume after wave(s) 1..$k" <<'PY'
import json, os, sys
d = sys.argv[1]; k = int(os.environ["K"])
p1 = json.load(open(d + "/p1.json"))
r = json.load(open(d + "/r%d.json" % k))
an = json.load(open(d + "/an%d.json" % k))
live = {v.lower() for w in p1["waves"] if w["number"] <= k
        for v in w["vnets"]}
assert len(r["meshes"]) == 1, r["meshes"]
assert sorted(r["meshes"][0]["vnets"]) == sorted(p1["meshes"][0]["vnets"])
assert r["meshes"][0]["existing_config_id"], "config not reused"
assert r["meshes"][0]["existing_group_id"], "group not reused"
assert r["manager"]["existing_id"], "manager not reused"
assert not [b for b in r["blockers"] if b["resource"].lower() in live]
assert {v["id"].lower() for v in r["vnets"] if v["live"]} == live
got = [(w["number"], w["name"], w["vnets"]) for w in r["waves"]]
want = [(w["number"], w["name"], w["vnets"]) for w in p1["waves"][k:]]
assert got == want, (got, want)
assert r["effect"]["hairpins_before"] == an["hairpins"]["pairs"], \
    (r["effect"]["hairpins_before"], an["hairpins"]["pairs"])
assert r["effect"]["hairpins_after"] == p1["effect"]["hairpins_after"]
assert r["conflicts"] == [], r["conflicts"]
added = [(s.get("properties") or {}).get("vnet", "").lower()
         for s in r["steps"] if s["kind"] == "member"]
assert added and not set(added) & live, "a live member is added again"
assert sorted(added) == sorted(v.lower() for w in p1["waves"][k:]
                               for v in w["vnets"])
print("ok")
PY
done
python3 tests/plan/validate.py schemas/plan.schema.json "$TMPD/r1.json" \
    > "$TMPD/val" 2>&1 && ok "resumed plan.json is valid" ||
    { cat "$TMPD/val"; fail "resumed plan.json is invalid"; }

# A resumed plan reads back byte for byte, and emits its waves under their
# numbers.
expect_exit 0 "$MESHPLAN" plan -q --from "$TMPD/r1.json" -o "$TMPD/r1rt.json"
cmp -s "$TMPD/r1.json" "$TMPD/r1rt.json" && ok "resumed plan round trip" ||
    fail "plan --from changes a resumed plan"
expect_exit 0 "$MESHPLAN" emit -q --plan "$TMPD/r1.json" -t arm \
    -o "$TMPD/r1iac"
[ -d "$TMPD/r1iac/arm/wave-2-light-production" ] &&
    [ ! -d "$TMPD/r1iac/arm/wave-1-pilot" ] &&
    ok "resumed plan: IaC for waves 2 and 3 only" ||
    { ls "$TMPD/r1iac/arm"; fail "resumed plan: IaC folders"; }

# Without --previous-plan and without the committed list: the live
# members are still members, with a note; the rest is waved afresh.
expect_exit 0 "$MESHPLAN" plan -q "$E" "$TMPD/avnm1.json" -o "$TMPD/r1b.json"
check "resume from the live resources alone" <<'PY'
import json, sys
d = sys.argv[1]
p1 = json.load(open(d + "/p1.json")); r = json.load(open(d + "/r1b.json"))
live = {v.lower() for v in p1["waves"][0]["vnets"]}
assert sorted(r["meshes"][0]["vnets"]) == sorted(p1["meshes"][0]["vnets"])
assert {v["id"].lower() for v in r["vnets"] if v["live"]} == live
assert r["waves"][0]["number"] == 1
assert any("count as deployed" in n for n in r["notes"]), r["notes"]
assert any("waved afresh" in n for n in r["notes"]), r["notes"]
print("ok")
PY

# A live member that is not a spoke (a hub in the group): reported as a
# conflict, not undone; status names it as a member the plan lacks.
python3 - "$TMPD" <<'PY'
import json, sys
d = sys.argv[1]
p1 = json.load(open(d + "/p1.json")); a = json.load(open(d + "/avnm1.json"))
hub = [v for v in p1["vnets"] if v["is_hub"]][0]["id"]
g = [x for x in a["value"] if x["type"].endswith("/networkGroups")][0]
a["value"].append({"id": g["id"] + "/staticMembers/sm-hub", "name": "sm-hub",
                   "type": g["type"] + "/staticMembers",
                   "properties": {"resourceId": hub}})
json.dump(a, open(d + "/avnm1x.json", "w"))
open(d + "/hub.txt", "w").write(hub)
PY
HUB=$(cat "$TMPD/hub.txt")
expect_exit 0 "$MESHPLAN" plan -q --previous-plan "$TMPD/p1.json" "$E" \
    "$TMPD/avnm1x.json" -o "$TMPD/r1x.json"
check "a live member that is not a spoke is a conflict" <<'PY'
import json, sys
d = sys.argv[1]
r = json.load(open(d + "/r1x.json")); hub = open(d + "/hub.txt").read()
assert [c for c in r["conflicts"] if c["resource"] == hub and
        c["kind"] == "not-spoke"], r["conflicts"]
print("ok")
PY
expect_exit 1 "$MESHPLAN" status --plan "$TMPD/p1.json" "$E" \
    "$TMPD/avnm1x.json"
grep -q "drift $HUB: a live member" "$TMPD/out" &&
    ok "status: a live member the plan does not have" ||
    fail "status does not name the extra live member"

# A live member that is also in a connected group the plan does not manage
# (another manager's mesh): reported, kept live, not moved.
python3 - "$TMPD" <<'PY'
import json, sys
d = sys.argv[1]
p1 = json.load(open(d + "/p1.json")); a = json.load(open(d + "/avnm1.json"))
v = p1["waves"][0]["vnets"][0]
nm = "/subscriptions/0/resourceGroups/other/providers/Microsoft.Network/" \
    "networkManagers/team-nm"
g = nm + "/networkGroups/team"
a["value"] += [
    {"id": nm, "name": "team-nm", "type": "Microsoft.Network/networkManagers",
     "properties": {"networkManagerScopes": {"subscriptions": []}}},
    {"id": g, "name": "team", "type":
     "Microsoft.Network/networkManagers/networkGroups", "properties": {}},
    {"id": g + "/staticMembers/m", "name": "m", "type":
     "Microsoft.Network/networkManagers/networkGroups/staticMembers",
     "properties": {"resourceId": v}},
    {"id": nm + "/connectivityConfigurations/team-mesh", "name": "team-mesh",
     "type": "Microsoft.Network/networkManagers/connectivityConfigurations",
     "properties": {"connectivityTopology": "Mesh", "appliesToGroups": [
         {"networkGroupId": g, "groupConnectivity": "None"}]}}]
json.dump(a, open(d + "/avnm1y.json", "w"))
open(d + "/twice.txt", "w").write(v)
PY
expect_exit 0 "$MESHPLAN" plan -q --previous-plan "$TMPD/p1.json" "$E" \
    "$TMPD/avnm1y.json" -o "$TMPD/r1y.json"
check "a live member in another group is a conflict, still live" <<'PY'
import json, sys
d = sys.argv[1]
r = json.load(open(d + "/r1y.json")); v = open(d + "/twice.txt").read()
assert [c for c in r["conflicts"] if c["resource"].lower() == v.lower() and
        c["kind"] == "other-group" and "team-mesh" in c["reason"]], \
    r["conflicts"]
assert [x for x in r["vnets"] if x["id"].lower() == v.lower() and x["live"]]
assert not [b for b in r["blockers"] if b["resource"].lower() == v.lower()]
print("ok")
PY

# 2. Status: done and pending (exit 0), in every format.
expect_exit 0 "$MESHPLAN" status --plan "$TMPD/p1.json" "$E" \
    "$TMPD/avnm1.json" "$TMPD/active1.json" --format json
cp "$TMPD/out" "$TMPD/st1.json"
check "status: wave 1 done, 2 and 3 pending" <<'PY'
import json, sys
d = sys.argv[1]
p1 = json.load(open(d + "/p1.json")); s = json.load(open(d + "/st1.json"))
want = [{"number": w["number"], "name": w["name"], "planned":
         len(w["vnets"]), "live": len(w["vnets"]) if w["number"] == 1
         else 0, "state": "done" if w["number"] == 1 else "pending"}
        for w in p1["waves"]]
assert s["waves"] == want, (s["waves"], want)
assert s["drift"] == [] and s["agrees"] is True
print("ok")
PY
python3 tests/plan/validate.py schemas/status.schema.json "$TMPD/st1.json" \
    > "$TMPD/val" 2>&1 && ok "status JSON is valid" ||
    { cat "$TMPD/val"; fail "status JSON is invalid"; }
expect_exit 0 "$MESHPLAN" status --plan "$TMPD/p1.json" "$E" \
    "$TMPD/avnm2.json" "$TMPD/active2.json" --format md
grep -qE '^\| 2 \| light\\?-production \| done \|' "$TMPD/out" &&
    grep -q '^| 3 | rest | pending |' "$TMPD/out" &&
    ok "status md: waves 1, 2 done, 3 pending" ||
    { cat "$TMPD/out"; fail "status md"; }
# The resumed plan agrees with the same state.
expect_exit 0 "$MESHPLAN" status --plan "$TMPD/r1.json" "$E" \
    "$TMPD/avnm1.json" "$TMPD/active1.json"
# Configured but not committed: the list says nothing is active there.
python3 -c "import json; json.dump({'skipToken': '', 'value': [{'id': \
'/subscriptions/0/resourceGroups/x/providers/Microsoft.Network/\
networkManagers/other/connectivityConfigurations/cc-x', 'region': 'eastus', \
'commitTime': '2026-01-01T00:00:00Z', 'configurationGroups': []}]}, \
open('$TMPD/active-none.json', 'w'))"
expect_exit 0 "$MESHPLAN" status --plan "$TMPD/p1.json" "$E" \
    "$TMPD/avnm1.json" "$TMPD/active-none.json"
grep -q 'wave 1 pilot: pending' "$TMPD/out" &&
    ok "status: a configuration that is not committed connects nothing" ||
    fail "an uncommitted configuration counted as live"

# A partial wave: one static member of wave 2 missing.
python3 - "$TMPD" <<'PY'
import json, sys
d = sys.argv[1]
p1 = json.load(open(d + "/p1.json")); a = json.load(open(d + "/avnm2.json"))
drop = p1["waves"][1]["vnets"][0].lower()
a["value"] = [x for x in a["value"] if x.get("properties", {}).get(
    "resourceId", "").lower() != drop]
json.dump(a, open(d + "/avnm2p.json", "w"))
PY
expect_exit 1 "$MESHPLAN" status --plan "$TMPD/p1.json" "$E" \
    "$TMPD/avnm2p.json"
grep -q 'wave 2 light-production: partial' "$TMPD/out" &&
    ok "status: a partial wave exits 1" || fail "status: partial wave"

# 3. Drift: a peering added to the hub after the plan (new etag).
cp -r "$E" "$TMPD/est2"
python3 - "$TMPD" <<'PY'
import glob, json, sys
d = sys.argv[1]
hub = open(d + "/hub.txt").read().lower()
for f in glob.glob(d + "/est2/*/*.json"):
    doc = json.load(open(f))
    for r in doc.get("value", []):
        if r.get("id", "").lower() == hub:
            r["etag"] = 'W/"00000000-0000-0000-0000-000000000001"'
            r["properties"].setdefault("virtualNetworkPeerings", []).append({
                "name": "to-new-spoke", "id": r["id"] +
                "/virtualNetworkPeerings/to-new-spoke",
                "properties": {"peeringState": "Initiated",
                               "allowVirtualNetworkAccess": True,
                               "remoteVirtualNetwork": {"id": r["id"] +
                                                        "-new"}}})
            json.dump(doc, open(f, "w"))
PY
expect_exit 1 "$MESHPLAN" status --plan "$TMPD/p1.json" "$TMPD/est2" \
    "$TMPD/avnm1.json" --format json
cp "$TMPD/out" "$TMPD/st2.json"
check "status: the hub with a new peering is drift" <<'PY'
import json, sys
d = sys.argv[1]
s = json.load(open(d + "/st2.json")); hub = open(d + "/hub.txt").read()
hits = [x for x in s["drift"] if x["resource"] == hub]
assert len(hits) == 1 and "00000000-0000-0000-0000-000000000001" in \
    hits[0]["reason"], s["drift"]
assert s["agrees"] is False
print("ok")
PY
mkdir -p "$TMPD/iac"
expect_exit 0 "$MESHPLAN" emit --plan "$TMPD/p1.json" -o "$TMPD/iac/a" \
    "$TMPD/est2"
grep -q "warning: drift since the plan: $HUB" "$TMPD/err" &&
    ok "emit --plan warns on drift" || fail "emit --plan: no drift warning"

if command -v git > /dev/null 2>&1; then
	unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME \
	    GIT_COMMITTER_EMAIL GIT_AUTHOR_DATE GIT_COMMITTER_DATE \
	    GIT_INDEX_FILE
	R=$TMPD/repo
	mkdir -p "$R" && (cd "$R" && git init -q -b main . &&
	    echo "infra" > README.md && git add README.md &&
	    HOME="$TMPD" GIT_CONFIG_NOSYSTEM=1 git -c user.name=u \
	    -c user.email=u@example.com commit -q -m base)
	HOME="$TMPD" GIT_CONFIG_NOSYSTEM=1 expect_exit 0 "$MESHPLAN" pr \
	    --plan "$TMPD/p1.json" --repo "$R" -t arm "$TMPD/est2"
	grep -q "warning: drift since the plan: $HUB" "$TMPD/err" &&
	    ok "pr --plan warns on drift" || fail "pr --plan: no drift warning"
	git -C "$R" rev-parse -q --verify meshplan/wave-1-pilot > /dev/null &&
	    ok "pr --plan made the plan's branches" ||
	    fail "pr --plan: no wave 1 branch"
else
	echo "SKIP: git is absent; pr --plan is not tested"
fi

# The digest does not depend on key order, CRLF or file order.
cp -r "$E" "$TMPD/est3"
python3 - "$TMPD" <<'PY'
import glob, json, sys
d = sys.argv[1]
def rev(v):
    if isinstance(v, dict):
        return {k: rev(v[k]) for k in sorted(v, reverse=True)}
    if isinstance(v, list):
        return [rev(x) for x in v]
    return v
for f in glob.glob(d + "/est3/*/*.json"):
    t = json.dumps(rev(json.load(open(f))), indent=1).replace("\n", "\r\n")
    open(f, "w", newline="").write(t)
PY
expect_exit 0 "$MESHPLAN" status --plan "$TMPD/p1.json" \
    $(ls -d "$TMPD"/est3/* | sort -r)

# HSPE: the wave's own changes (privateEndpointVNetPolicies Basic, the
# subnets' privateEndpointNetworkPolicies) are not drift; a subnet added to
# a VNet the plan rewrites is.
H=$TMPD/hspe
$GEN --out "$H" --spokes-per-hub 30 --pes-per-spoke 80 --seed 5 \
    --overlap-fraction 0 2> /dev/null || fail "generate the HSPE estate"
expect_exit 0 "$MESHPLAN" plan -q "$H" -o "$TMPD/h1.json"
python3 - "$TMPD" <<'PY'
import copy, glob, json, shutil, sys
d = sys.argv[1]
p = json.load(open(d + "/h1.json"))
assert p["meshes"][0]["hspe"], "the estate does not need HSPE"
w1 = [v for v in p["vnets"] if v["wave"] == 1 and v["digest"]]
assert w1 and all(v["set_pe_vnet_basic"] or v["subnet_changes"] for v in w1)
target = {v["id"].lower(): v for v in w1}
open(d + "/hspe-vnet.txt", "w").write(w1[0]["id"])
for variant in ("deployed", "subnet"):
    shutil.copytree(d + "/hspe", d + "/hspe-" + variant)
    for f in glob.glob(d + "/hspe-" + variant + "/*/*.json"):
        doc = json.load(open(f))
        changed = False
        for r in doc.get("value", []):
            v = target.get(r.get("id", "").lower())
            if v is None:
                continue
            changed = True
            r["etag"] = 'W/"11111111-0000-0000-0000-000000000000"'
            pr = r["properties"]
            if v["set_pe_vnet_basic"]:
                pr["privateEndpointVNetPolicies"] = "Basic"
            new = {c["id"].lower(): c["new_policy"]
                   for c in v["subnet_changes"]}
            for sn in pr.get("subnets", []):
                if sn.get("id", "").lower() in new:
                    sn["properties"]["privateEndpointNetworkPolicies"] = \
                        new[sn["id"].lower()]
            if variant == "subnet" and v["id"] == w1[0]["id"]:
                pr["subnets"].append({"name": "snet-new", "id": r["id"] +
                                      "/subnets/snet-new", "properties": {
                                          "addressPrefix": "10.255.0.0/28"}})
        # Child subnet resources repeat the inline ones in some groups.
        for r in doc.get("value", []):
            rid = r.get("id", "").lower()
            par = rid.rsplit("/subnets/", 1)[0]
            if "/subnets/" in rid and par in target:
                for c in target[par]["subnet_changes"]:
                    if c["id"].lower() == rid:
                        r["properties"]["privateEndpointNetworkPolicies"] = \
                            c["new_policy"]
                        changed = True
        if changed:
            json.dump(doc, open(f, "w"))
PY
python3 tests/lifecycle/digest_oracle.py "$TMPD/h1.json" "$H" \
    > "$TMPD/oracle" 2>&1 && ok "digest oracle (HSPE): $(grep -c '^ok' \
    "$TMPD/oracle") body(ies) agree" || { cat "$TMPD/oracle";
    fail "digest oracle (HSPE)"; }
HV=$(cat "$TMPD/hspe-vnet.txt")
expect_exit 0 "$MESHPLAN" status --plan "$TMPD/h1.json" "$TMPD/hspe-deployed"
expect_exit 1 "$MESHPLAN" status --plan "$TMPD/h1.json" "$TMPD/hspe-subnet"
grep -q "drift $HV: VNet changed since the plan" "$TMPD/out" &&
    ok "status: a subnet added to an HSPE VNet is drift" ||
    { cat "$TMPD/out"; fail "status: the added subnet is not drift"; }

# 4. Diff: the same plan, then a smaller pilot that moves VNets.
expect_exit 0 "$MESHPLAN" diff "$TMPD/p1.json" "$TMPD/p1.json"
printf 'waves:\n  pilot:\n    size: 2\n' > "$TMPD/pol.yaml"
expect_exit 0 "$MESHPLAN" plan -q --policy "$TMPD/pol.yaml" "$E" \
    -o "$TMPD/p3.json"
expect_exit 1 "$MESHPLAN" diff --format json "$TMPD/p1.json" "$TMPD/p3.json"
cp "$TMPD/out" "$TMPD/d13.json"
check "diff: VNets moved out of the pilot" <<'PY'
import json, sys
d = sys.argv[1]
p1 = json.load(open(d + "/p1.json")); p3 = json.load(open(d + "/p3.json"))
df = json.load(open(d + "/d13.json"))
w1 = {v["id"]: v for v in p1["vnets"] if v["mesh"]}
w3 = {v["id"]: v for v in p3["vnets"] if v["mesh"]}
n1 = {w["number"]: w["name"] for w in p1["waves"]}
n3 = {w["number"]: w["name"] for w in p3["waves"]}
want = sorted(i for i in w1 if i in w3 and
              n1[w1[i]["wave"]] != n3[w3[i]["wave"]])
got = sorted(v["id"] for v in df["vnets"] if v["change"] == "moved")
assert want and got == want, (got, want)
assert df["same"] is False
print("ok")
PY
python3 tests/plan/validate.py schemas/diff.schema.json "$TMPD/d13.json" \
    > "$TMPD/val" 2>&1 && ok "diff JSON is valid" ||
    { cat "$TMPD/val"; fail "diff JSON is invalid"; }
expect_exit 1 "$MESHPLAN" diff "$TMPD/p1.json" "$TMPD/r1.json"
grep -q '^  went-live ' "$TMPD/out" && ok "diff: VNets that went live" ||
    fail "diff: went-live"
expect_exit 2 "$MESHPLAN" diff "$TMPD/p1.json"
expect_exit 2 "$MESHPLAN" status "$E"
finish
