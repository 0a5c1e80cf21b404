#!/usr/bin/env python3
"""tests/collect/record.py - write tests/collect/answers/: the answers the
stand-in az (tests/collect/az) replays to tools/collect.sh, made from
fixtures/sample (its resources as Resource Graph pages of at most two rows,
in the shape `az graph query` prints: data, count, total_records,
skip_token; its gateway's learned routes, the routes it advertises to each
BGP peer, and the NICs' effective routes as meshplan simulates them for
that estate). Needs build/meshplan (or $MESHPLAN). Run it again when the sample or
collect.sh's calls change; tests/collect.sh checks that the answers are its
output. Each answer is NAME.args (the argv, one argument per line) and
NAME.out (what az prints)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out = os.path.join(top, "tests", "collect", "answers")
sample = json.load(open(os.path.join(top, "fixtures", "sample", "estate.json")))["value"]
learned = open(os.path.join(top, "fixtures", "sample", "ergw-hub.learned.json")).read()
SUB = "00000000-0000-0000-0000-000000000001"
# A network manager beside the sample, with one group of two spokes and a
# HubAndSpoke configuration (groupConnectivity None: no direct traffic).
vnets = sorted((r for r in sample if r["type"] == "Microsoft.Network/virtualNetworks"), key=lambda r: r["id"].lower())
RG = vnets[0]["id"].split("/")[4]
NM = "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/networkManagers/avnm-1" % (SUB, RG)
sample = sample + [{"id": NM, "name": "avnm-1", "type": "Microsoft.Network/networkManagers", "location": "eastus",
                    "properties": {"networkManagerScopes": {"subscriptions": ["/subscriptions/" + SUB]},
                                   "networkManagerScopeAccesses": ["Connectivity"]}}]
# NICs (not in the sample): two in one subnet (the smaller id is captured),
# one in another spoke, one in the hub; each captured NIC's effective
# routes are its VNet's VnetLocal route.
NICS = [("nic-app-dev-1", "vnet-app-dev", "snet-app"), ("nic-app-dev-0", "vnet-app-dev", "snet-app"),
        ("nic-data-prod", "vnet-data-prod", "snet-app"), ("nic-hub", "vnet-hub", "snet-shared")]
byname = {v["name"]: v for v in vnets}
for n, v, sn in NICS:
    vid = byname[v]["id"]
    rg = vid.split("/providers/")[0]
    sample = sample + [{"id": rg + "/providers/Microsoft.Network/networkInterfaces/" + n, "name": n,
                        "type": "Microsoft.Network/networkInterfaces", "location": byname[v].get("location"),
                        "properties": {"ipConfigurations": [{"name": "ipconfig1", "properties": {
                            "primary": True, "subnet": {"id": vid + "/subnets/" + sn}}}]}}]
spokes = [v for v in vnets if "hub" not in v["name"]][:2]
hub = [v for v in vnets if "hub" in v["name"]][0]
group = {"id": NM + "/networkGroups/ng-spokes", "name": "ng-spokes",
         "type": "Microsoft.Network/networkManagers/networkGroups", "memberType": "VirtualNetwork"}
members = [{"id": NM + "/networkGroups/ng-spokes/staticMembers/m-" + v["name"], "name": "m-" + v["name"],
            "type": "Microsoft.Network/networkManagers/networkGroups/staticMembers", "resourceId": v["id"]}
           for v in spokes]
config = {"id": NM + "/connectivityConfigurations/hs", "name": "hs",
          "type": "Microsoft.Network/networkManagers/connectivityConfigurations",
          "connectivityTopology": "HubAndSpoke", "isGlobal": "False",
          "hubs": [{"resourceId": hub["id"], "resourceType": "Microsoft.Network/virtualNetworks"}],
          "appliesToGroups": [{"networkGroupId": group["id"], "groupConnectivity": "None",
                               "useHubGateway": "True", "isGlobal": "False"}]}
regions = sorted({(v.get("location") or "").lower() for v in vnets} - {""})
TYPES = ["microsoft.network/virtualnetworks", "microsoft.network/virtualnetworkgateways",
         "microsoft.network/connections", "microsoft.network/localnetworkgateways",
         "microsoft.network/expressroutecircuits", "microsoft.network/routetables",
         "microsoft.network/privateendpoints", "microsoft.network/publicipaddresses",
         "microsoft.network/networkmanagers", "microsoft.network/virtualhubs",
         "microsoft.network/virtualrouters", "microsoft.network/networkinterfaces"]
answers = []


def add(name, args, text):
    answers.append((name, args, text))


add("account-list", ["account", "list", "--query", "[?state=='Enabled'].id", "-o", "tsv"], SUB + "\n")
# The same pages over the subscription and, for --management-group, over
# the group "mg-platform".
for scope, tag in ((["--subscriptions", SUB], ""), (["--management-groups", "mg-platform"], "mg-")):
    for t in TYPES:
        rows = sorted((r for r in sample if r["type"].lower() == t), key=lambda r: r["id"].lower())
        q = "resources | where type =~ '%s' | order by id asc" % t
        base = ["graph", "query", "-q", q, "--first", "1000"] + scope
        pages = [rows[i:i + 2] for i in range(0, len(rows), 2)] or [[]]
        short = t.split("/")[1]
        for i, page in enumerate(pages):
            last = i == len(pages) - 1
            ans = {"count": len(page), "data": page,
                   "skip_token": None if last else "%stoken-%s-%d" % (tag, short, i + 1),
                   "total_records": len(rows)}
            args = base + (["--skip-token", "%stoken-%s-%d" % (tag, short, i)] if i > 0 else []) + ["-o", "json"]
            add("%sgraph-%s-%d" % (tag, short, i + 1), args, json.dumps(ans, indent=2) + "\n")
for r in sample:
    parts = r["id"].split("/")
    s, g, n = parts[2], parts[4], r["name"]
    if r["type"] == "Microsoft.Network/virtualNetworkGateways":
        common = ["--subscription", s, "-g", g, "-n", n]
        add("learned-" + n, ["network", "vnet-gateway", "list-learned-routes"] + common + ["-o", "json"], learned)
        # The gateway's BGP peers are the neighbors it learned EBgp routes
        # from; it advertises to each what it originates (origin Network:
        # the hub's and the gateway-transit spokes' address spaces), with
        # itself as next hop and its ASN 65515 as the path.
        rows = json.loads(learned)["value"]
        peers = sorted({x["sourcePeer"] for x in rows if x["origin"] == "EBgp"})
        add("bgp-peers-" + n, ["network", "vnet-gateway", "list-bgp-peer-status"] + common +
            ["--query", "value[].neighbor", "-o", "tsv"], "".join(p + "\n" for p in peers))
        for i, peer in enumerate(peers):
            adv = {"value": [{"network": x["network"], "nextHop": x["localAddress"], "origin": "Igp",
                              "asPath": "65515", "weight": 0, "sourcePeer": None,
                              "localAddress": x["localAddress"]} for x in rows if x["origin"] == "Network"]}
            add("advertised-%s-%d" % (n, i + 1), ["network", "vnet-gateway", "list-advertised-routes"] + common +
                ["--peer", peer, "-o", "json"], json.dumps(adv, indent=2) + "\n")
    if r["type"] == "Microsoft.Network/expressRouteCircuits":
        table = {"value": [{"network": "192.168.0.0/16", "nextHop": "172.16.0.1", "locPrf": "",
                            "weight": 0, "path": "65020 I"}]}
        add("routes-" + n, ["network", "express-route", "list-route-tables", "--subscription", s, "-g", g,
                            "-n", n, "--path", "primary", "--peering-name", "AzurePrivatePeering", "-o", "json"],
            json.dumps(table, indent=2) + "\n")

def write(answers):
    os.makedirs(out, exist_ok=True)
    for f in os.listdir(out):
        os.remove(os.path.join(out, f))
    for name, args, text in answers:
        open(os.path.join(out, name + ".args"), "w").write("\n".join(args) + "\n")
        open(os.path.join(out, name + ".out"), "w").write(text)


def simulated(v, sn):
    """The effective routes meshplan simulates for subnet sn of VNet v in
    the estate collect.sh writes from the other answers (`meshplan routes
    --format json`: the shape of az network nic show-effective-route-table)."""
    return subprocess.run([MESHPLAN, "routes", "--vnet", v, "--subnet", sn, "--format", "json",
                           os.path.join(tmp, "estate")], check=True, capture_output=True,
                          text=True).stdout


NIC_ROUTES = [(n, v, sn) for n, v, sn in NICS if n != "nic-app-dev-1"]
nm = ["--subscription", SUB, "-g", RG, "--network-manager-name", "avnm-1"]
add("nm-configs", ["network", "manager", "connect-config", "list"] + nm + ["-o", "json"],
    json.dumps([config], indent=2) + "\n")
add("nm-groups", ["network", "manager", "group", "list"] + nm + ["-o", "json"], json.dumps([group], indent=2) + "\n")
add("nm-group-names", ["network", "manager", "group", "list"] + nm + ["--query", "[].name", "-o", "tsv"], "ng-spokes\n")
add("nm-members", ["network", "manager", "group", "static-member", "list"] + nm +
    ["--network-group-name", "ng-spokes", "-o", "json"], json.dumps(members, indent=2) + "\n")
add("nm-active", ["network", "manager", "list-active-connectivity-config"] + nm + ["--regions"] + regions +
    ["-o", "json"], json.dumps({"value": [dict(config, region=regions[0])], "skipToken": ""}, indent=2) + "\n")
# The NICs' effective routes come from meshplan's simulation of the estate
# the other answers describe: collect.sh runs once against them (with no
# capture) and meshplan routes prints each captured subnet's table, so the
# captures agree with the model by construction (tests/collect.sh asserts
# that the collected estate has no MP501).
MESHPLAN = os.environ.get("MESHPLAN", os.path.join(top, "build", "meshplan"))
tmp = tempfile.mkdtemp()
try:
    write(answers)
    env = dict(os.environ, AZ_ANSWERS=out, PATH=os.path.join(top, "tests", "collect") + os.pathsep +
               os.environ["PATH"])
    env.pop("AZ_LOG", None)
    env.pop("AZ_FAIL", None)
    subprocess.run(["sh", os.path.join(top, "tools", "collect.sh"), "-o", os.path.join(tmp, "estate"),
                    "--max-nic-captures", "0"], env=env, check=True, capture_output=True)
    for n, v, sn in NIC_ROUTES:
        parts = byname[v]["id"].split("/")
        add("nic-routes-" + n, ["network", "nic", "show-effective-route-table", "--subscription", parts[2], "-g",
                                 parts[4], "-n", n, "-o", "json"], simulated(v, sn))
finally:
    shutil.rmtree(tmp)
write(answers)
print("%d answers in %s" % (len(answers), out), file=sys.stderr)
