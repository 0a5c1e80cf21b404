#!/usr/bin/env python3
"""Generate the seed article's worked example (deterministically) as REST
list bodies: two hub-and-spoke topologies of 500 spokes in East US, one
shared ExpressRoute circuit on both gateways, ~8 private endpoints per
spoke of topology A and ~12 of topology B (10,000 in all), every tenth
spoke tagged env=dev or env=test (100 in all), the others env=prod.

usage: gen_seed.py OUTDIR [SPOKES_PER_HUB]
Writes OUTDIR/hub-a.json, hub-b.json, circuit.json, spokes-a.json,
spokes-b.json.
"""
import json
import os
import sys

NET = "/providers/Microsoft.Network"
SUBS = {"a": "11111111-1111-1111-1111-11111111aaaa",
        "b": "22222222-2222-2222-2222-22222222bbbb"}
CKT = ("/subscriptions/33333333-3333-3333-3333-333333333333/resourceGroups/"
       "rg-er" + NET + "/expressRouteCircuits/er-ckt-eastus")


def rg(t, name):
    return "/subscriptions/%s/resourceGroups/%s" % (SUBS[t], name)


def hub(t, spokes):
    base = rg(t, "rg-hub-" + t) + NET
    vid = base + "/virtualNetworks/hub-" + t
    peerings = []
    for i, s in enumerate(spokes):
        peerings.append({
            "name": "to-" + s["name"], "id": vid +
            "/virtualNetworkPeerings/to-" + s["name"],
            "type": "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
            "properties": {"peeringState": "Connected",
                           "remoteVirtualNetwork": {"id": s["id"]},
                           "allowGatewayTransit": True,
                           "useRemoteGateways": False}})
    vnet = {"name": "hub-" + t, "id": vid,
            "type": "Microsoft.Network/virtualNetworks", "location": "eastus",
            "properties": {
                "addressSpace": {"addressPrefixes":
                                 ["10.0.0.0/16" if t == "a" else
                                  "10.128.0.0/16"]},
                "subnets": [{"name": "GatewaySubnet",
                             "id": vid + "/subnets/GatewaySubnet",
                             "properties": {"addressPrefix":
                                            "10.0.0.0/27" if t == "a" else
                                            "10.128.0.0/27"}}],
                "virtualNetworkPeerings": peerings}}
    gid = base + "/virtualNetworkGateways/er-gw-" + t
    gw = {"name": "er-gw-" + t, "id": gid,
          "type": "Microsoft.Network/virtualNetworkGateways",
          "location": "eastus",
          "properties": {"gatewayType": "ExpressRoute",
                         "sku": {"name": "ErGw3AZ", "tier": "ErGw3AZ"},
                         "ipConfigurations": [{
                             "name": "default",
                             "id": gid + "/ipConfigurations/default",
                             "properties": {"subnet": {
                                 "id": vid + "/subnets/GatewaySubnet"}}}]}}
    conn = {"name": "conn-" + t, "id": base + "/connections/conn-" + t,
            "type": "Microsoft.Network/connections", "location": "eastus",
            "properties": {"connectionType": "ExpressRoute",
                           "routingWeight": 0,
                           "virtualNetworkGateway1": {"id": gid},
                           "peer": {"id": CKT}}}
    return {"value": [vnet, gw, conn]}


def spokes(t, n):
    out, pes = [], []
    per = 8 if t == "a" else 12
    for i in range(n):
        name = "spoke-%s-%03d" % (t, i + 1)
        vid = rg(t, "rg-spokes-" + t) + NET + "/virtualNetworks/" + name
        o = (0 if t == "a" else 64) + 1
        pfx = "10.%d.%d.0/24" % (o + i // 256, i % 256)
        pe_pfx = "10.%d.%d.128/26" % (o + i // 256, i % 256)
        env = ("dev" if i % 20 == 0 else "test") if i % 10 == 0 else "prod"
        hub_id = rg(t, "rg-hub-" + t) + NET + "/virtualNetworks/hub-" + t
        out.append({
            "name": name, "id": vid,
            "type": "Microsoft.Network/virtualNetworks",
            "location": "eastus", "tags": {"env": env},
            "properties": {
                "addressSpace": {"addressPrefixes": [pfx]},
                "subnets": [
                    {"name": "snet-app", "id": vid + "/subnets/snet-app",
                     "properties": {"addressPrefix": pfx.replace(
                         ".0/24", ".0/25")}},
                    {"name": "snet-pe", "id": vid + "/subnets/snet-pe",
                     "properties": {"addressPrefix": pe_pfx,
                                    "privateEndpointNetworkPolicies":
                                    "Disabled"}}],
                "virtualNetworkPeerings": [{
                    "name": "to-hub", "id": vid +
                    "/virtualNetworkPeerings/to-hub",
                    "properties": {"peeringState": "Connected",
                                   "remoteVirtualNetwork": {"id": hub_id},
                                   "useRemoteGateways": True}}]}})
        for k in range(per):
            pname = "pe-%s-%d" % (name, k)
            pes.append({
                "name": pname,
                "id": rg(t, "rg-spokes-" + t) + NET +
                "/privateEndpoints/" + pname,
                "type": "Microsoft.Network/privateEndpoints",
                "location": "eastus",
                "properties": {"subnet": {"id": vid + "/subnets/snet-pe"}}})
    return out, pes


def main():
    outdir = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    os.makedirs(outdir, exist_ok=True)
    circuit = {"name": "er-ckt-eastus", "id": CKT,
               "type": "Microsoft.Network/expressRouteCircuits",
               "location": "eastus",
               "sku": {"name": "Premium_MeteredData", "tier": "Premium",
                       "family": "MeteredData"},
               "properties": {"serviceProviderProperties": {
                   "peeringLocation": "Washington DC",
                   "serviceProviderName": "Equinix",
                   "bandwidthInMbps": 10000}}}
    with open(os.path.join(outdir, "circuit.json"), "w") as f:
        json.dump({"value": [circuit]}, f)
    for t in ("a", "b"):
        sp, pes = spokes(t, n)
        with open(os.path.join(outdir, "hub-%s.json" % t), "w") as f:
            json.dump(hub(t, sp), f)
        with open(os.path.join(outdir, "spokes-%s.json" % t), "w") as f:
            json.dump({"value": sp + pes}, f)


main()
