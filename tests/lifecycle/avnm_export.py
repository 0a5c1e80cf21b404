#!/usr/bin/env python3
"""avnm_export.py - write, as an export, the AVNM resources that waves
1..K of a plan.json would have created once deployed: the network manager,
one network group per mesh with a static member per VNet of waves 1..K
(and the plan's live members), and one Mesh connectivity configuration per
mesh. Shapes as `az resource list` / the REST list bodies give them
(Microsoft.Network/networkManagers/... API 2024-07-01).

usage: avnm_export.py PLAN.json K OUT.json [--active OUT-ACTIVE.json]
With --active, also the output of `az network manager
list-active-connectivity-config` (CLI-flattened elements: commitTime,
configurationGroups, id, region and the configuration's properties) for
those configurations, committed to the members' regions.
"""
import json
import sys

NET = "Microsoft.Network/networkManagers"


def main():
    args = sys.argv[1:]
    active = None
    if "--active" in args:
        i = args.index("--active")
        active = args[i + 1]
        del args[i:i + 2]
    plan_file, k, out = args[0], int(args[1]), args[2]
    plan = json.load(open(plan_file))
    m = plan["manager"]
    mid = m["existing_id"] or ("/subscriptions/%s/resourceGroups/%s/"
                               "providers/%s/%s" % (m["subscription"],
                                                    m["resource_group"],
                                                    NET, m["name"]))
    res = [{
        "id": mid, "name": mid.rsplit("/", 1)[1], "type": NET,
        "location": m["location"],
        "properties": {
            "networkManagerScopes": {
                "subscriptions": m["scope_subscriptions"],
                "managementGroups": m["scope_management_groups"]},
            "networkManagerScopeAccesses": m["accesses"]}}]
    wave_of = {v["id"].lower(): v for v in plan["vnets"]}
    actives = []
    for mesh in plan["meshes"]:
        gid = mesh.get("existing_group_id") or (
            "%s/networkGroups/%s" % (mid, mesh["group_name"]))
        cid = mesh["existing_config_id"] or (
            "%s/connectivityConfigurations/%s" % (mid, mesh["config_name"]))
        res.append({"id": gid, "name": gid.rsplit("/", 1)[1],
                    "type": NET + "/networkGroups",
                    "properties": {"memberType": "VirtualNetwork"}})
        regions = set()
        for vid in mesh["vnets"]:
            v = wave_of[vid.lower()]
            if not (v.get("live") or 0 < v["wave"] <= k):
                continue
            regions.add(v["location"])
            sm = "%s/staticMembers/sm-%s" % (gid, v["name"])
            res.append({"id": sm, "name": "sm-" + v["name"],
                        "type": NET + "/networkGroups/staticMembers",
                        "properties": {"resourceId": vid}})
        props = {
            "connectivityTopology": "Mesh",
            "isGlobal": "True" if mesh["global"] else "False",
            "deleteExistingPeering": "False",
            "appliesToGroups": [{"networkGroupId": gid,
                                 "groupConnectivity": "None",
                                 "isGlobal": "False",
                                 "useHubGateway": "False"}],
            "connectivityCapabilities": {
                "connectedGroupAddressOverlap": "Disallowed",
                "connectedGroupPrivateEndpointsScale":
                    "HighScale" if mesh["hspe"] else "Standard",
                "peeringEnforcement": "Unenforced"}}
        res.append({"id": cid, "name": cid.rsplit("/", 1)[1],
                    "type": NET + "/connectivityConfigurations",
                    "properties": props})
        for r in sorted(regions):
            a = {"commitTime": "2026-11-02T10:00:00Z", "id": cid,
                 "region": r, "configurationGroups": [
                     {"id": gid, "description": "",
                      "provisioningState": "Succeeded"}]}
            a.update(props)
            actives.append(a)
    json.dump({"value": res}, open(out, "w"), indent=1, sort_keys=True)
    if active is not None:
        json.dump({"skipToken": "", "value": actives}, open(active, "w"),
                  indent=1, sort_keys=True)


main()
