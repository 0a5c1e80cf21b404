#!/usr/bin/env python3
"""live_waves.py PLAN.json K OUT.json - write, as an export (a JSON array
of ARM resources, the shape of `az resource list`), the Azure Virtual
Network Manager resources that waves 1..K of a meshplan plan create: the
network manager (unless the plan reuses one), one network group per mesh
with a static member per VNet that has joined by wave K, and one Mesh
connectivity configuration per mesh. Loaded with the estate's export,
it is the estate with those waves live.

Shapes from the Microsoft.Network REST API: networkManagers
(networkManagerScopes, networkManagerScopeAccesses),
networkManagers/networkGroups (memberType), .../staticMembers
(resourceId), networkManagers/connectivityConfigurations
(connectivityTopology Mesh, appliesToGroups[].networkGroupId /
groupConnectivity / isGlobal / useHubGateway, isGlobal "True"|"False").
Written here from the plan alone, not by meshplan's emitters, so that the
test does not check meshplan against itself."""
import hashlib
import json
import sys

NET = "/providers/Microsoft.Network"


def main():
    plan_file, k, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    d = json.load(open(plan_file, encoding="utf-8"))
    m = d["manager"]
    res = []
    if m["existing_id"]:
        mid = m["existing_id"]
    else:
        mid = "/subscriptions/%s/resourceGroups/%s%s/networkManagers/%s" % (
            m["subscription"], m["resource_group"], NET, m["name"])
        res.append({
            "id": mid, "name": m["name"],
            "type": "Microsoft.Network/networkManagers",
            "location": m["location"],
            "properties": {
                "networkManagerScopes": {
                    "subscriptions": m["scope_subscriptions"],
                    "managementGroups": m["scope_management_groups"]},
                "networkManagerScopeAccesses": m["accesses"]}})
    live = set()
    for w in d["waves"]:
        if w["number"] <= k:
            live.update(v.lower() for v in w["vnets"])
    for mesh in d["meshes"]:
        members = [v for v in mesh["vnets"] if v.lower() in live]
        if not members:
            continue
        gid = "%s/networkGroups/%s" % (mid, mesh["group_name"])
        res.append({"id": gid, "name": mesh["group_name"],
                    "type": "Microsoft.Network/networkManagers/networkGroups",
                    "properties": {"memberType": "VirtualNetwork"}})
        for v in members:
            name = "sm-" + hashlib.sha256(v.lower().encode()).hexdigest()[:16]
            res.append({
                "id": "%s/staticMembers/%s" % (gid, name), "name": name,
                "type": "Microsoft.Network/networkManagers/networkGroups/"
                        "staticMembers",
                "properties": {"resourceId": v}})
        glob = "True" if mesh["global"] else "False"
        cid = mesh["existing_config_id"] or "%s/connectivityConfigurations/%s" % (
            mid, mesh["config_name"])
        res.append({
            "id": cid, "name": cid.rsplit("/", 1)[1],
            "type": "Microsoft.Network/networkManagers/"
                    "connectivityConfigurations",
            "properties": {
                "connectivityTopology": "Mesh", "isGlobal": glob,
                "deleteExistingPeering": "False",
                "appliesToGroups": [{
                    "networkGroupId": gid, "groupConnectivity": "None",
                    "isGlobal": "False", "useHubGateway": "False"}]}})
    with open(out, "w", encoding="utf-8") as f:
        json.dump(res, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
