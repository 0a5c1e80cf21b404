#!/usr/bin/env python3
"""avnm_export.py - write, as an export, the AVNM resources that waves
1..K of a plan.json would have created once deployed, taken from the
plan's steps (their kind, resource id and properties): the network
manager, the network groups, a static member per member step of waves
1..K, the connectivity configurations, plus a static member for each of
the plan's live members (a resumed plan has no step for them). Shapes as
`az resource list` / the REST list bodies give them
(Microsoft.Network/networkManagers/... API 2024-07-01).

usage: avnm_export.py PLAN.json K OUT.json [--active OUT-ACTIVE.json]
With --active, also the output of `az network manager
list-active-connectivity-config` for what the commit steps of waves 1..K
committed (CLI-flattened elements: commitTime, configurationGroups, id,
region and the configuration's properties).
"""
import json
import sys

NET = "Microsoft.Network/networkManagers"


def last(i):
    return i.rsplit("/", 1)[1]


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
    steps = [s for s in plan["steps"] if s["wave"] <= k]
    mid = m["existing_id"] or [s["resource"] for s in plan["steps"]
                               if s["kind"] == "manager"][0]
    res = {mid.lower(): {
        "id": mid, "name": last(mid), "type": NET, "location": m["location"],
        "properties": {
            "networkManagerScopes": {
                "subscriptions": m["scope_subscriptions"],
                "managementGroups": m["scope_management_groups"]},
            "networkManagerScopeAccesses": m["accesses"]}}}
    configs = {}

    def group(gid):
        res.setdefault(gid.lower(), {
            "id": gid, "name": last(gid), "type": NET + "/networkGroups",
            "properties": {"memberType": "VirtualNetwork"}})

    def member(sid, vnet):
        res[sid.lower()] = {
            "id": sid, "name": last(sid),
            "type": NET + "/networkGroups/staticMembers",
            "properties": {"resourceId": vnet}}

    for s in steps:
        p = s.get("properties") or {}
        if s["kind"] == "group":
            group(s["resource"])
        elif s["kind"] == "member":
            group(s["resource"].split("/staticMembers/")[0])
            member(s["resource"], p["vnet"])
        elif s["kind"] == "config":
            group(p["group"])
            configs[s["resource"].lower()] = s["resource"]
            res[s["resource"].lower()] = {
                "id": s["resource"], "name": last(s["resource"]),
                "type": NET + "/connectivityConfigurations",
                "properties": {
                    "connectivityTopology": "Mesh",
                    "isGlobal": p.get("isGlobal", "False"),
                    "deleteExistingPeering": "False",
                    "appliesToGroups": [{
                        "networkGroupId": p["group"],
                        "groupConnectivity": "None",
                        "isGlobal": "False", "useHubGateway": "False"}],
                    "connectivityCapabilities": {
                        "connectedGroupAddressOverlap": "Disallowed",
                        "connectedGroupPrivateEndpointsScale":
                            p.get("connectedGroupPrivateEndpointsScale",
                                  "Standard"),
                        "peeringEnforcement": "Unenforced"}}}
    # A resumed plan: its live members and the live group and config.
    for mesh in plan["meshes"]:
        if not mesh.get("existing_group_id"):
            continue
        gid = mesh["existing_group_id"]
        group(gid)
        for v in plan["vnets"]:
            if v.get("live") and v["mesh"] == mesh["name"]:
                member("%s/staticMembers/sm-%s" % (gid, v["name"]), v["id"])
        cid = mesh["existing_config_id"]
        if cid.lower() not in configs:
            configs[cid.lower()] = cid
            res[cid.lower()] = {
                "id": cid, "name": last(cid),
                "type": NET + "/connectivityConfigurations",
                "properties": {
                    "connectivityTopology": "Mesh",
                    "isGlobal": "True" if mesh["global"] else "False",
                    "appliesToGroups": [{"networkGroupId": gid,
                                         "groupConnectivity": "None"}]}}
    value = [res[i] for i in sorted(res)]
    json.dump({"value": value}, open(out, "w"), indent=1, sort_keys=True)
    if active is None:
        return
    committed = set()
    for s in steps:
        if s["kind"] == "commit" and \
                (s.get("properties") or {}).get("commitType") == \
                "Connectivity":
            for c in s["properties"]["configurationIds"]:
                for r in s["properties"]["targetLocations"]:
                    committed.add((c.lower(), r))
    for mesh in plan["meshes"]:
        if mesh.get("existing_config_id"):
            for v in plan["vnets"]:
                if v.get("live") and v["mesh"] == mesh["name"]:
                    committed.add((mesh["existing_config_id"].lower(),
                                   v["location"]))
    actives = []
    for c, r in sorted(committed):
        cfg = res[c]
        a = {"commitTime": "2026-11-02T10:00:00Z", "id": cfg["id"],
             "region": r, "configurationGroups": [
                 {"id": g["networkGroupId"], "description": "",
                  "provisioningState": "Succeeded"}
                 for g in cfg["properties"]["appliesToGroups"]]}
        a.update(cfg["properties"])
        actives.append(a)
    json.dump({"skipToken": "", "value": actives}, open(active, "w"),
              indent=1, sort_keys=True)


main()
