#!/bin/sh
# tests/deploy.sh - what the emitted IaC and runbook do when deployed wave
# after wave, checked on a generated estate with high-scale private
# endpoints, user routes, two VNets of one name in two resource groups, and
# a template VNet whose subnets come from a property copy loop:
#  1. no Azure object is created by two Terraform roots (each block's id is
#     resolved: name + parent, literal or reference), and the region commits
#     live in one root whose goal state per wave lists every configuration
#     live after it;
#  2. the runbook (plan.json steps), the ARM templates and the Terraform
#     roots create the same set of objects, by id;
#  3. every VNet or subnet change of a wave comes after the registration
#     check of its subscription (runbook), and every Terraform change has a
#     precondition on that registration; registrations are prerequisites;
#  4. the two VNets that share a name get two static members;
#  5. no "copy" key anywhere in an ARM template;
#  6. deployed over an estate that changed after the export (a subnet and a
#     peering added to every changed VNet), ARM's nested deployments
#     (shallowMerge of the live properties, as Microsoft documents it) and
#     Terraform's azapi_update_resource (the body merged into the live
#     resource) keep every subnet and peering, and change nothing but the
#     planned properties; the offline what-if of the drifted export shows no
#     deletion.
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1
if ! command -v python3 > /dev/null 2>&1; then
	echo "SKIP: python3 is absent; deploy checks skipped"
	finish
	exit 0
fi
G=$TMPD/est
python3 tests/gen/gen_estate.py --out "$G" --seed 11 --regions eastus,westus \
    --hubs-per-region 1 --spokes-per-hub 8 --pes-per-spoke 150 \
    --udr-fraction 0.3 --spokes-per-rg 2 > /dev/null || fail "gen_estate"

# Two VNets of one name (different resource groups), and a template VNet
# whose subnets are a property copy loop, peered to nothing.
python3 - "$G" <<'PY' || fail "estate edits"
import json, os, re, sys
g = sys.argv[1]
files = [os.path.join(d, f) for d, _, fs in os.walk(g) for f in fs
         if f.endswith(".json") and not f.endswith(".learned.json")]
vnets = []
for f in sorted(files):
    doc = json.load(open(f))
    for r in doc.get("value", []):
        if r["type"] == "Microsoft.Network/virtualNetworks" and "spk" in r["name"]:
            vnets.append((f, r["id"]))
a, b = None, None
for f, i in vnets:
    for f2, j in vnets:
        if i.split("/")[4] != j.split("/")[4] and a is None:
            a, b = i, j
old = b.rsplit("/", 1)[1]
new = a.rsplit("/", 1)[1]
pat = re.compile(re.escape(b) + r'(?=["/])', re.I)
for f in files:
    t = open(f).read()
    t2 = pat.sub(b.rsplit("/", 1)[0] + "/" + new, t)
    t2 = t2.replace('"name": "%s"' % old, '"name": "%s"' % new)
    if t2 != t:
        open(f, "w").write(t2)
tpl = {
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"names": {"type": "array", "defaultValue": ["a", "b"]}},
  "resources": [{
    "type": "Microsoft.Network/virtualNetworks", "apiVersion": "2024-05-01",
    "name": "vnet-copyloop", "location": "eastus",
    "properties": {
      "addressSpace": {"addressPrefixes": ["10.250.0.0/16"]},
      "copy": [{"name": "subnets", "count": 2, "input": {
        "name": "[parameters('names')[copyIndex('subnets')]]",
        "properties": {"addressPrefix": "[concat('10.250.', copyIndex('subnets'), '.0/24')]"}}}]}}]}
sub = a.split("/")[2]
os.makedirs(os.path.join(g, sub), exist_ok=True)
json.dump(tpl, open(os.path.join(g, sub, "rg-copyloop.json"), "w"), indent=1)
print(a, b)
PY

expect_exit 0 "$MESHPLAN" plan -q -o "$TMPD/plan.json" "$G"
expect_exit 0 "$MESHPLAN" emit -q -o "$TMPD/iac" "$G"

# The drifted export: a subnet and a peering added to every VNet the plan
# changes, after the plan.
python3 - "$G" "$TMPD/plan.json" "$TMPD/drift" <<'PY' || fail "drifted export"
import json, os, shutil, sys
g, plan, out = sys.argv[1:4]
p = json.load(open(plan))
changed = {v["id"].lower() for v in p["vnets"]
           if v["set_pe_vnet_basic"] or v["subnet_changes"]}
changed |= {s["hub"].lower() for s in p["summaries"] if s["prefixes"]}
shutil.copytree(g, out)
n = 0
for d, _, fs in os.walk(out):
    for f in fs:
        if not f.endswith(".json") or f.endswith(".learned.json"):
            continue
        path = os.path.join(d, f)
        doc = json.load(open(path))
        if not isinstance(doc, dict) or "value" not in doc:
            continue
        for r in doc["value"]:
            if r.get("id", "").lower() in changed:
                pr = r.setdefault("properties", {})
                pr.setdefault("subnets", []).append({
                    "name": "added-after-export",
                    "id": r["id"] + "/subnets/added-after-export",
                    "properties": {"addressPrefix": pr["addressSpace"]["addressPrefixes"][0]}})
                pr.setdefault("virtualNetworkPeerings", []).append({
                    "name": "peer-added-after-export",
                    "id": r["id"] + "/virtualNetworkPeerings/peer-added-after-export",
                    "properties": {"peeringState": "Initiated",
                                   "remoteVirtualNetwork": {"id": "/subscriptions/00000000-0000-0000-0000-00000000dead/resourceGroups/rg-x/providers/Microsoft.Network/virtualNetworks/vnet-x"}}})
                n += 1
        json.dump(doc, open(path, "w"))
print(n)
PY
expect_exit 0 "$MESHPLAN" emit -q -o "$TMPD/drift-out" --plan "$TMPD/plan.json" "$TMPD/drift"

if python3 - "$TMPD" > "$TMPD/py.log" 2>&1 <<'PY'
import glob, json, os, re, sys
d = sys.argv[1]
plan = json.load(open(os.path.join(d, "plan.json")))
bad = []
low = str.lower

# --- 1. Terraform: what each block creates -------------------------------
def tf_blocks(path):
    """(type, label, {attr: raw value}) of each resource block; enough HCL
    for meshplan's own layout (one attribute per line)."""
    text = open(path).read()
    out = []
    for m in re.finditer(r'^resource "([^"]+)" "([^"]+)" \{\n(.*?)^\}', text,
                         re.M | re.S):
        attrs = {}
        for a in re.finditer(r'^  ([a-z_]+)\s*= (.*)$', m.group(3), re.M):
            attrs[a.group(1)] = a.group(2)
        out.append((m.group(1), m.group(2), attrs, m.group(3)))
    return out

def unq(v):
    return json.loads(v) if v.startswith('"') else None

CHILD = {
    "azurerm_network_manager_network_group": ("network_manager_id", "networkGroups"),
    "azurerm_network_manager_static_member": ("network_group_id", "staticMembers"),
    "azurerm_network_manager_connectivity_configuration": ("network_manager_id", "connectivityConfigurations"),
    "azurerm_network_manager_security_admin_configuration": ("network_manager_id", "securityAdminConfigurations"),
    "azurerm_network_manager_admin_rule_collection": ("security_admin_configuration_id", "ruleCollections"),
    "azurerm_network_manager_admin_rule": ("admin_rule_collection_id", "rules"),
}
created = {}          # lower id -> root that creates it
tf_ids = set()
commit_roots = []
for root in sorted(glob.glob(os.path.join(d, "iac", "terraform", "*"))) + \
        [os.path.join(d, "iac", "terraform", "prereq", "commit")]:
    blocks = []
    for f in sorted(glob.glob(os.path.join(root, "*.tf"))):
        blocks += tf_blocks(f)
    sub = None
    for f in glob.glob(os.path.join(root, "versions.tf")):
        m = re.search(r'subscription_id = "([^"]+)"', open(f).read())
        sub = m.group(1) if m else None
    ids = {}
    # Resolve in order: parents come first in meshplan's files.
    for _ in range(3):
        for t, l, a, body in blocks:
            key = "%s.%s" % (t, l)
            if key in ids:
                continue
            if t == "azurerm_network_manager":
                ids[key] = "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/networkManagers/%s" % (
                    sub, unq(a["resource_group_name"]), unq(a["name"]))
            elif t in CHILD:
                pa, seg = CHILD[t]
                pv = a[pa]
                parent = unq(pv) if pv.startswith('"') else ids.get(pv[:-3])
                if parent:
                    ids[key] = "%s/%s/%s" % (parent, seg, unq(a["name"]))
            elif t == "azurerm_network_manager_deployment":
                commit_roots.append(root)
                ids[key] = "commit:" + unq(a["network_manager_id"])
    for key, i in ids.items():
        if i.startswith("commit:"):
            continue
        tf_ids.add(low(i))
        if low(i) in created:
            bad.append("created by two Terraform roots: %s (%s, %s)" %
                       (i, created[low(i)], root))
        created[low(i)] = root
if commit_roots != [os.path.join(d, "iac", "terraform", "prereq", "commit")]:
    bad.append("region commits outside the one commit root: %s" % commit_roots)

# The commit root's goal state per wave lists every configuration live after it.
goal = open(os.path.join(d, "iac", "terraform", "prereq", "commit", "main.tf")).read()
for w in plan["waves"]:
    cfg = set()
    for s in plan["steps"]:
        if s["kind"] == "config" and s["wave"] <= w["number"]:
            cfg.add(s["resource"])
    m = re.search(r'"%d" = \{\n(.*?)\n    \}' % w["number"], goal, re.S)
    if not m:
        bad.append("commit root: no goal for wave %d" % w["number"])
        continue
    for line in m.group(1).splitlines():
        if "|Connectivity" in line:
            listed = set(re.findall(r'"(/subscriptions/[^"]+)"', line))
            if listed != cfg:
                bad.append("wave %d goal %s != live %s" % (w["number"], listed, cfg))

# --- 2. runbook, ARM and Terraform create the same objects -------------------
CREATE = {"manager", "group", "member", "config", "security", "rule-collection", "rule"}
steps = plan["steps"]
run_ids = {low(s["resource"]) for s in steps
           if s["kind"] in CREATE and not s["properties"].get("existing")}
arm_ids = set()
for f in glob.glob(os.path.join(d, "iac", "arm", "*", "*.json")):
    t = json.load(open(f))
    def keys(x):
        if isinstance(x, dict):
            for k, v in x.items():
                yield k
                yield from keys(v)
        elif isinstance(x, list):
            for v in x:
                yield from keys(v)
    if "copy" in set(keys(t)):
        bad.append("a copy key in %s" % f)
    m = re.search(r"/rg-(.*)\.json$", f)
    for r in t["resources"]:
        ty = r["type"]
        if not ty.startswith("Microsoft.Network/networkManagers"):
            continue
        name = r["name"]
        mm = re.match(r"\[format\('\{0\}/\{1\}', '([^']*)', '([^']*)'\)\]", name)
        parts = list(mm.groups()) if mm else name.split("/")
        segs = ty.split("/")[1:]
        sub = None
        # The manager's id is in every step; rebuild from its prefix.
        mgr = next(s["resource"] for s in steps if s["kind"] == "manager")
        i = mgr
        for seg, nm in zip(segs[1:], parts[1:]):
            i += "/%s/%s" % (seg, nm)
        if ty.endswith("/commits"):
            continue
        arm_ids.add(low(i))
if run_ids != arm_ids:
    bad.append("runbook vs ARM: only runbook %s; only ARM %s" %
               (sorted(run_ids - arm_ids)[:5], sorted(arm_ids - run_ids)[:5]))
if run_ids != tf_ids:
    bad.append("runbook vs Terraform: only runbook %s; only Terraform %s" %
               (sorted(run_ids - tf_ids)[:5], sorted(tf_ids - run_ids)[:5]))

# --- 3. HSPE after its registration ---------------------------------------
hspe = [f for f in plan["features"] if f["feature"].endswith("EnableMaxPrivateEndpointsVia64kPath")]
if not hspe:
    bad.append("the estate does not need HSPE: the test proves nothing")
reg = {(s["subscription"], s["properties"]["feature"]) for s in steps
       if s["kind"] == "feature" and s["wave"] == 0 and "check" not in s["properties"]}
for f in hspe:
    sub = f["subscription"].split("/")[-1]
    if (sub, "EnableMaxPrivateEndpointsVia64kPath") not in reg:
        bad.append("no registration step for %s" % sub)
nchg = 0
ngates = 0
for w in plan["waves"]:
    seen = set()
    for s in [s for s in steps if s["wave"] == w["number"]]:
        if s["kind"] == "feature" and "check" in s["properties"]:
            seen.add(s["subscription"])
        if s["kind"] in ("vnet-policy", "subnet-policy"):
            nchg += 1
            if s["subscription"] not in seen:
                bad.append("wave %d changes %s before checking the registration" %
                           (w["number"], s["resource"]))
    tf = os.path.join(d, "iac", "terraform", "wave-%d-%s" % (w["number"], w["name"]), "main.tf")
    for t, l, a, body in tf_blocks(tf):
        if t == "azapi_update_resource" and "precondition" not in body:
            bad.append("Terraform change without a registration precondition: %s" % l)
        # Each change checks its own subscription's registrations, not
        # every subscription's (the file stays linear in the changes).
        if t == "azapi_update_resource" and "precondition" in body:
            m = re.search(r'resource_id\s*=\s*"/subscriptions/([0-9a-fA-F-]+)/', body)
            gates = re.findall(r'data\.azapi_resource\.(registered_\w+)\.output', body)
            own = m.group(1).lower().replace("-", "_")[:8] if m else None
            if own and any(own not in g for g in gates):
                bad.append("Terraform change %s checks another subscription's registration" % l)
            ngates += len(gates)
if nchg == 0:
    bad.append("no VNet change in any wave: the test proves nothing")
if ngates == 0:
    bad.append("no registration precondition read: the test proves nothing")

# --- 4. two VNets of one name, two static members -------------------------
members = [s for s in steps if s["kind"] == "member"]
byname = {}
for s in members:
    if "ng-mesh" not in s["resource"]:
        continue
    v = s["properties"]["vnet"]
    byname.setdefault(low(v.rsplit("/", 1)[1]), []).append(s["resource"])
dups = {k: v for k, v in byname.items() if len(v) > 1}
if not dups:
    bad.append("no two mesh members share a name: the test proves nothing")
for k, v in dups.items():
    if len({low(x) for x in v}) != len(v):
        bad.append("one static member for two VNets named %s" % k)

# --- 6. the drifted estate -------------------------------------------------
def vnets_of(root):
    out = {}
    for dd, _, fs in os.walk(root):
        for f in fs:
            if f.endswith(".json") and not f.endswith(".learned.json"):
                doc = json.load(open(os.path.join(dd, f)))
                if isinstance(doc, dict):
                    for r in doc.get("value", []):
                        if r.get("type") == "Microsoft.Network/virtualNetworks":
                            out[low(r["id"])] = r
    return out
drift = vnets_of(os.path.join(d, "drift"))
def names(lst):
    return sorted(x["name"] for x in lst or [])
ndeploy = 0
for f in glob.glob(os.path.join(d, "iac", "arm", "*", "*.json")):
    rg = re.search(r"/rg-(.*)\.json$", f).group(1)
    for r in json.load(open(f))["resources"]:
        if r["type"] != "Microsoft.Resources/deployments":
            continue
        inner = r["properties"]["template"]["resources"][0]
        ch = r["properties"]["parameters"]["changes"]["value"]
        ref = r["properties"]["parameters"]["current"]["value"]
        if inner["properties"] != "[shallowMerge(createArray(parameters('current').properties, parameters('changes')))]" and \
           inner["properties"] != "[shallowMerge(createArray(parameters('current'), parameters('changes')))]":
            bad.append("unexpected change expression in %s" % r["name"])
            continue
        if inner["type"] != "Microsoft.Network/virtualNetworks":
            continue
        live = [v for i, v in drift.items() if i.endswith("/resourcegroups/%s/providers/microsoft.network/virtualnetworks/%s" % (low(rg), low(inner["name"])))]
        if len(live) != 1:
            continue
        cur = live[0]["properties"]
        # shallowMerge: the second object's top-level keys replace the first's.
        after = dict(cur)
        after.update(ch)
        ndeploy += 1
        if names(after.get("subnets")) != names(cur.get("subnets")) or \
           names(after.get("virtualNetworkPeerings")) != names(cur.get("virtualNetworkPeerings")):
            bad.append("ARM change of %s loses a subnet or peering" % inner["name"])
        if "added-after-export" not in names(after.get("subnets")):
            bad.append("ARM change of %s drops the subnet added after the export" % inner["name"])
        for k in cur:
            if k not in ch and after[k] != cur[k]:
                bad.append("ARM change of %s resets %s" % (inner["name"], k))
if ndeploy == 0:
    bad.append("no ARM VNet change checked against the drifted estate")
runbooks = glob.glob(os.path.join(d, "drift-out", "*", "*", "RUNBOOK.md"))
if not runbooks:
    bad.append("no RUNBOOK.md (what-if) in the output")
for f in runbooks:
    t = open(f).read()
    m = re.search(r"(\d+) to delete", t)
    if m is None:
        bad.append("no what-if summary in %s" % f)
    elif m.group(1) != "0":
        bad.append("what-if of the drifted export deletes: %s" % f)
print("\n".join(bad) if bad else
      "%d objects, %d VNet/subnet changes, %d nested VNet deployments checked on the drifted estate" %
      (len(run_ids), nchg, ndeploy))
sys.exit(1 if bad else 0)
PY
then
	ok "deploy: $(tail -1 "$TMPD/py.log")"
else
	cat "$TMPD/py.log"
	fail "deploy: the IaC or the runbook would not deploy as planned"
fi
finish
