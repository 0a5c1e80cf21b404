#!/usr/bin/env python3
"""gen_estate.py - write a realistic exported Azure hub-and-spoke estate.

Deterministic from --seed: the same options give the same bytes. Standard
library only. Two output shapes, laid out the same way
(<out>/<subscription-guid>/<resource-group>.json, plus
<out>/<gateway>.learned.json for the gateways whose learned routes are
"exported"):

  list      REST list bodies {"value": [...]}: literal ids, nested
            "properties", one compact line per file like the list
            endpoints return; subnets and peerings inline in their VNet,
            and for every --child-every'th resource group repeated as
            child resources (as a merged `vnet subnet list` would).
  template  portal "Export template" per resource group: names as
            parameters ("<type>_<name>_name" with defaultValue),
            "_externalid" parameters for references outside the group,
            resourceId()/concat() for references inside it, subnets and
            peerings inline and again as child resources.

What is in the estate (see --help for the knobs):
  - per region --hubs-per-region hubs, one connectivity subscription with
    rg-hub-<region>-<nn> per hub (hub VNet: GatewaySubnet,
    AzureFirewallSubnet with an Azure Firewall, snet-shared; an
    ExpressRoute gateway with its public IP; every --vpn-every'th hub also a
    VPN gateway with a local network gateway and an IPsec connection) and
    rg-expressroute-<region> with the region's circuits;
  - every hub in a region connects to the region's circuits (shared
    circuits, routingWeight 100); with several regions every hub also
    connects to the next region's first circuit with weight 10 (bowtie);
  - allowRemoteVnetTraffic on ER gateways: absent, true or false
    (--remote-vnet-traffic, "mixed" cycles the three by hub);
  - spokes per hub in landing-zone subscriptions (--spokes-per-sub) and
    resource groups (--spokes-per-rg); each spoke /24 (--spoke-len) from a
    block aligned per hub inside 10.0.0.0/8, subnets snet-app, snet-data,
    snet-pe; tags env=dev/test/prod and costCenter; private endpoints in
    snet-pe (about --pes-per-spoke each, exactly that many per hub on
    average; a comma list gives one value per hub in turn);
  - a fraction of spokes: user routes to the hub firewall
    (--udr-fraction), IPv6 dual stack (--ipv6-fraction), an address space
    copied from a spoke of another hub (--overlap-fraction), a second
    peering to a spoke of another hub that is Disconnected
    (--disconnected-fraction);
  - with --non-transit-fraction, spokes peered to their hub that do not
    use its gateway (no useRemoteGateways, or the hub side without
    allowGatewayTransit); they are left out of the learned routes;
  - learned routes of the first ExpressRoute gateway of every region
    (Network routes for its own and its spokes' prefixes, EBgp on-premises
    routes with AS path 12076-<peer ASN>).

A short summary of what was written goes to stderr (and, with --manifest,
to <out>/MANIFEST.txt, which the loaders ignore: it is not *.json).
"""

import argparse
import hashlib
import ipaddress
import json
import os
import random
import sys
import uuid

NET = "Microsoft.Network"
T_VNET = NET + "/virtualNetworks"
T_SUBNET = T_VNET + "/subnets"
T_PEERING = T_VNET + "/virtualNetworkPeerings"
T_GW = NET + "/virtualNetworkGateways"
T_CONN = NET + "/connections"
T_LNG = NET + "/localNetworkGateways"
T_CKT = NET + "/expressRouteCircuits"
T_CKT_PEERING = T_CKT + "/peerings"
T_RT = NET + "/routeTables"
T_PE = NET + "/privateEndpoints"
T_PIP = NET + "/publicIPAddresses"
T_FW = NET + "/azureFirewalls"

REGION_SHORT = {
    "eastus": "eus", "eastus2": "eus2", "westus": "wus", "westus2": "wus2",
    "westus3": "wus3", "centralus": "cus", "northcentralus": "ncus",
    "southcentralus": "scus", "westeurope": "weu", "northeurope": "neu",
    "uksouth": "uks", "ukwest": "ukw", "francecentral": "frc",
    "germanywestcentral": "gwc", "swedencentral": "sdc",
    "japaneast": "jpe", "japanwest": "jpw", "southeastasia": "sea",
    "eastasia": "ea", "australiaeast": "aue", "canadacentral": "cac",
    "brazilsouth": "brs", "centralindia": "inc", "spaincentral": "spc",
}
PEERING_LOCATION = {
    "eastus": "Washington DC", "eastus2": "Washington DC",
    "westus": "Silicon Valley", "westus2": "Seattle", "centralus": "Chicago",
    "westeurope": "Amsterdam", "northeurope": "Dublin", "uksouth": "London",
    "japaneast": "Tokyo", "southeastasia": "Singapore",
}
PROVIDERS = ["Equinix", "Megaport", "AT&T NetBond", "Zayo"]
PE_SERVICES = [
    ("Microsoft.Storage/storageAccounts", "st", "blob"),
    ("Microsoft.KeyVault/vaults", "kv", "vault"),
    ("Microsoft.Sql/servers", "sql", "sqlServer"),
    ("Microsoft.DocumentDB/databaseAccounts", "cosmos", "Sql"),
    ("Microsoft.Web/sites", "app", "sites"),
    ("Microsoft.ContainerRegistry/registries", "acr", "registry"),
]
API = "2024-07-01"

PRESETS = {
    # The seed article's worked example: Contoso, East US, two
    # hub-and-spoke topologies of 500 spokes on one shared circuit, about
    # 8 and 12 private endpoints per spoke (10,000 in total), dev/test
    # spokes for the pilot wave.
    "seed-example": dict(
        regions="eastus", hubs_per_region=2, spokes_per_hub=500,
        pes_per_spoke="8,12", circuits_per_region=1, vpn_every=0,
        remote_vnet_traffic="absent", udr_fraction=0.0,
        ipv6_fraction=0.0, overlap_fraction=0.0,
        disconnected_fraction=0.0, dev_fraction=0.06, test_fraction=0.06,
        basic_pip_every=0),
}


def guid(seed, *parts):
    """A version-4-looking GUID derived from the seed and the parts."""
    h = hashlib.sha256(("%s|" % seed + "|".join(map(str, parts))).encode())
    return str(uuid.UUID(bytes=h.digest()[:16], version=4))


def etag(seed, rid):
    return 'W/"%s"' % guid(seed, "etag", rid.lower())


def short_hash(seed, *parts):
    h = hashlib.sha256(("%s|" % seed + "|".join(map(str, parts))).encode())
    return h.hexdigest()[:8]


def non_transit(a, name):
    """None, "spoke" (its peering lacks useRemoteGateways) or "hub" (the
    hub's peering back lacks allowGatewayTransit) for --non-transit-fraction.
    Decided by a hash, not the generator's random stream, so that other
    options give the same estate with or without it."""
    if a.non_transit_fraction <= 0:
        return None
    u = int(short_hash(a.seed, "non-transit", name), 16) / float(1 << 32)
    if u >= a.non_transit_fraction:
        return None
    return "spoke" if int(short_hash(a.seed, "nt-side", name), 16) % 2 \
        else "hub"


class Res:
    """One top-level resource being built, in both shapes' terms."""

    def __init__(self, rtype, sub, rg, name, location):
        self.type = rtype
        self.sub = sub
        self.rg = rg
        self.name = name
        self.location = location
        self.tags = None
        self.sku = None
        self.props = {}
        self.children = []      # (child type, child name, props), also inline

    @property
    def id(self):
        return rid(self.sub, self.rg, self.type, self.name)


def rid(sub, rg, rtype, *names):
    """ARM id of a resource (names: one per type segment)."""
    segs = rtype.split("/")
    ns, types = segs[0], segs[1:]
    assert len(types) == len(names), (rtype, names)
    out = "/subscriptions/%s/resourceGroups/%s/providers/%s" % (sub, rg, ns)
    for t, n in zip(types, names):
        out += "/%s/%s" % (t, n)
    return out


class Ref:
    """A reference to a resource by (sub, rg, type, names)."""

    def __init__(self, sub, rg, rtype, *names):
        self.sub, self.rg, self.type, self.names = sub, rg, rtype, names

    @property
    def id(self):
        return rid(self.sub, self.rg, self.type, *self.names)


class Estate:
    def __init__(self, a):
        self.a = a
        self.rng = random.Random(a.seed)
        self.files = {}         # (sub, rg) -> [Res]
        self.learned = {}       # gateway name -> [route]
        self.counts = {}
        self.notes = []

    def add(self, r):
        self.files.setdefault((r.sub, r.rg), []).append(r)
        self.counts[r.type] = self.counts.get(r.type, 0) + 1
        return r

    def bump(self, what, n=1):
        self.counts[what] = self.counts.get(what, 0) + n


def parse_list(s, conv):
    return [conv(x) for x in str(s).split(",") if x != ""]


def region_short(r):
    return REGION_SHORT.get(r, r[:4])


def build(a):
    e = Estate(a)
    rng = e.rng
    regions = parse_list(a.regions, str)
    pes_list = parse_list(a.pes_per_spoke, int)
    if not regions or not pes_list:
        sys.exit("gen_estate: --regions and --pes-per-spoke need values")
    nhubs = len(regions) * a.hubs_per_region
    conn_sub = guid(a.seed, "subscription", "connectivity")

    # Address plan: hubs get /22s in 10.0.0.0/16; every hub's spokes get a
    # block of 2^k spoke prefixes aligned to its size, after 10.0.255.255.
    spoke_len = a.spoke_len
    per_block = 1
    while per_block < a.spokes_per_hub:
        per_block *= 2
    block_size = per_block << (32 - spoke_len)
    base = int(ipaddress.IPv4Address("10.1.0.0"))
    end = int(ipaddress.IPv4Address("11.0.0.0"))
    blocks = []
    for h in range(nhubs):
        base = (base + block_size - 1) // block_size * block_size
        if base + block_size > end:
            sys.exit("gen_estate: %d hubs x %d spokes of /%d do not fit in "
                     "10.0.0.0/8; use a longer --spoke-len" %
                     (nhubs, a.spokes_per_hub, spoke_len))
        blocks.append(base)
        base += block_size
    if nhubs > 64:
        sys.exit("gen_estate: at most 64 hubs")

    # Circuits: --circuits-per-region per region in its own resource group.
    circuits = {}               # region -> [Ref]
    for ri, region in enumerate(regions):
        rs = region_short(region)
        rg = "rg-expressroute-%s" % rs
        circuits[region] = []
        for c in range(a.circuits_per_region):
            name = "er-ckt-%s-%02d" % (rs, c + 1)
            r = Res(T_CKT, conn_sub, rg, name, region)
            tier = "Premium" if (ri + c) % 2 else "Standard"
            r.sku = {"name": tier + "_MeteredData", "tier": tier,
                     "family": "MeteredData"}
            peer_base = 192 * 2**24 + 168 * 2**16 + 255 * 2**8
            p1 = ipaddress.IPv4Address(peer_base + (ri * 4 + c) * 8)
            p2 = ipaddress.IPv4Address(peer_base + (ri * 4 + c) * 8 + 4)
            r.props = {
                "provisioningState": "Succeeded",
                "allowClassicOperations": False,
                "circuitProvisioningState": "Enabled",
                "serviceProviderProvisioningState": "Provisioned",
                "serviceProviderProperties": {
                    "serviceProviderName": PROVIDERS[(ri + c) % len(PROVIDERS)],
                    "peeringLocation": PEERING_LOCATION.get(region, region),
                    "bandwidthInMbps": [1000, 2000, 10000][c % 3],
                },
                "globalReachEnabled": False,
                "serviceKey": guid(a.seed, "servicekey", name),
            }
            r.children.append((T_CKT_PEERING, "AzurePrivatePeering", {
                "provisioningState": "Succeeded",
                "peeringType": "AzurePrivatePeering",
                "azureASN": 12076,
                "peerASN": 65010 + ri,
                "primaryPeerAddressPrefix": "%s/30" % p1,
                "secondaryPeerAddressPrefix": "%s/30" % p2,
                "vlanId": 100 + c,
                "state": "Enabled",
            }))
            r.inline_key = "peerings"
            e.add(r)
            circuits[region].append(Ref(conn_sub, rg, T_CKT, name))

    hubs = []
    spokes = []                 # dicts, in creation order
    hub_index = 0
    lz_sub_count = 0
    for ri, region in enumerate(regions):
        rs = region_short(region)
        for hr in range(a.hubs_per_region):
            h = hub_index
            hub_index += 1
            hname = "vnet-hub-%s-%02d" % (rs, hr + 1)
            hrg = "rg-hub-%s-%02d" % (rs, hr + 1)
            hub_net = ipaddress.IPv4Network((int(ipaddress.IPv4Address(
                "10.0.0.0")) + h * 1024, 22))
            hb = int(hub_net.network_address)
            fw_ip = str(ipaddress.IPv4Address(hb + 64 + 4))
            hub = dict(index=h, num=hr + 1, name=hname, rg=hrg, region=region, rs=rs,
                       prefix=str(hub_net), fw_ip=fw_ip,
                       v6="fd00:db8:%x::/64" % (h + 1),
                       v6_block="fd00:db8:%x::/48" % (h + 1),
                       spokes=[], er_gw=None, vpn_gw=None)
            hub["ref"] = Ref(conn_sub, hrg, T_VNET, hname)
            hubs.append(hub)
            # Spokes of this hub, grouped in subscriptions and RGs.
            for s in range(a.spokes_per_hub):
                if s % a.spokes_per_sub == 0:
                    lz_sub_count += 1
                    sub = guid(a.seed, "subscription", "lz", lz_sub_count)
                u = rng.random()
                env = ("dev" if u < a.dev_fraction else
                       "test" if u < a.dev_fraction + a.test_fraction else
                       "prod")
                rgi = (s % a.spokes_per_sub) // a.spokes_per_rg + 1
                rg = "rg-spokes-%s-h%02d-%02d" % (rs, hr + 1,
                                                   (s // a.spokes_per_sub) *
                                                   100 + rgi)
                name = "vnet-spk-%s-%s-h%02d-%04d" % (env, rs, hr + 1, s + 1)
                net = ipaddress.IPv4Network(
                    (blocks[h] + (s << (32 - spoke_len)), spoke_len))
                sp = dict(hub=hub, index=s, name=name, sub=sub, rg=rg,
                          env=env, prefixes=[str(net)], net=net,
                          ref=Ref(sub, rg, T_VNET, name),
                          udr=rng.random() < a.udr_fraction,
                          v6=None, overlap_of=None, disconnected_to=None,
                          non_transit=non_transit(a, name))
                if rng.random() < a.ipv6_fraction:
                    sp["v6"] = "fd00:db8:%x:%x::/64" % (h + 1, s + 1)
                    sp["prefixes"].append(sp["v6"])
                hub["spokes"].append(sp)
                spokes.append(sp)
    # Per-spoke private endpoint counts: per hub, pairs of spokes get
    # mean+d and mean-d so the hub's total is exactly mean x spokes (odd
    # counts leave one spoke at the mean).
    for hub in hubs:
        mean = pes_list[hub["index"] % len(pes_list)]
        ss = hub["spokes"]
        for k in range(0, len(ss) - 1, 2):
            d = rng.randint(0, min(3, mean))
            ss[k]["npes"] = mean + d
            ss[k + 1]["npes"] = mean - d
        if len(ss) % 2:
            ss[-1]["npes"] = mean
    # Overlaps and disconnected peerings pick partners in other hubs.
    if nhubs > 1:
        for sp in spokes:
            if rng.random() < a.overlap_fraction:
                other = hubs[(sp["hub"]["index"] + 1) % nhubs]["spokes"]
                if other:
                    victim = other[rng.randrange(len(other))]
                    sp["overlap_of"] = victim
                    sp["prefixes"][0] = str(victim["net"])
                    e.bump("overlapping spokes")
            if rng.random() < a.disconnected_fraction:
                other = hubs[(sp["hub"]["index"] + 1) % nhubs]["spokes"]
                if other:
                    sp["disconnected_to"] = other[rng.randrange(len(other))]
                    e.bump("disconnected peerings")

    any_v6 = any(sp["v6"] for sp in spokes)

    # Hubs: VNet, firewall, gateways, public IPs, connections.
    modes = ["absent", "true", "false"]
    for hub in hubs:
        h = hub["index"]
        hname, hrg, region, rs = hub["name"], hub["rg"], hub["region"], \
            hub["rs"]
        hb = int(ipaddress.IPv4Network(hub["prefix"]).network_address)
        ip = lambda off: str(ipaddress.IPv4Address(hb + off))
        vnet = Res(T_VNET, conn_sub, hrg, hname, region)
        vnet.tags = {"env": "prod", "role": "hub", "costCenter": "cc-1000"}
        prefixes = [hub["prefix"]] + ([hub["v6"]] if any_v6 else [])
        vnet.props = {
            "provisioningState": "Succeeded",
            "resourceGuid": guid(a.seed, "rguid", hname),
            "addressSpace": {"addressPrefixes": prefixes},
            "enableDdosProtection": False,
            "privateEndpointVNetPolicies": "Disabled",
        }
        gw_subnet = {"addressPrefix": "%s/27" % ip(0)}
        if any_v6:
            gw_subnet = {"addressPrefixes": ["%s/27" % ip(0),
                                             hub["v6"][:-3] + "/64"]}
        vnet.children = [
            (T_SUBNET, "GatewaySubnet", dict(gw_subnet, **{
                "provisioningState": "Succeeded",
                "privateEndpointNetworkPolicies": "Disabled",
                "privateLinkServiceNetworkPolicies": "Enabled"})),
            (T_SUBNET, "AzureFirewallSubnet", {
                "provisioningState": "Succeeded",
                "addressPrefixes": ["%s/26" % ip(64)],
                "privateEndpointNetworkPolicies": "Disabled",
                "privateLinkServiceNetworkPolicies": "Enabled"}),
            (T_SUBNET, "snet-shared", {
                "provisioningState": "Succeeded",
                "addressPrefix": "%s/24" % ip(256),
                "privateEndpointNetworkPolicies": "Enabled",
                "privateLinkServiceNetworkPolicies": "Enabled"}),
        ]
        vnet.inline_key = "subnets"
        hub["vnet"] = vnet
        e.add(vnet)
        # Azure Firewall, the appliance the UDRs point at.
        fwpip = Res(T_PIP, conn_sub, hrg, "pip-afw-hub-%s-%02d" % (rs, hub["num"]),
                    region)
        fwpip.sku = {"name": "Standard", "tier": "Regional"}
        fwpip.props = {"provisioningState": "Succeeded",
                       "ipAddress": "20.%d.%d.%d" % (10 + h, 1, 4),
                       "publicIPAddressVersion": "IPv4",
                       "publicIPAllocationMethod": "Static",
                       "idleTimeoutInMinutes": 4, "ipTags": []}
        e.add(fwpip)
        fw = Res(T_FW, conn_sub, hrg, "afw-hub-%s-%02d" % (rs, hub["num"]), region)
        fw.props = {
            "provisioningState": "Succeeded",
            "sku": {"name": "AZFW_VNet", "tier": "Standard"},
            "threatIntelMode": "Alert",
            "ipConfigurations": [{
                "name": fwpip.name,
                "id": ("concat", Ref(conn_sub, hrg, T_FW, fw.name),
                       "/azureFirewallIpConfigurations/" + fwpip.name),
                "properties": {
                    "privateIPAddress": hub["fw_ip"],
                    "privateIPAllocationMethod": "Dynamic",
                    "publicIPAddress": {"id": Ref(conn_sub, hrg, T_PIP,
                                                  fwpip.name)},
                    "subnet": {"id": Ref(conn_sub, hrg, T_SUBNET, hname,
                                         "AzureFirewallSubnet")},
                }}],
        }
        e.add(fw)
        # ExpressRoute gateway.
        gwname = "ergw-hub-%s-%02d" % (rs, hub["num"])
        basic = a.basic_pip_every and h % a.basic_pip_every == \
            a.basic_pip_every - 1
        pip = Res(T_PIP, conn_sub, hrg, "pip-" + gwname, region)
        pip.sku = ({"name": "Basic", "tier": "Regional"} if basic else
                   {"name": "Standard", "tier": "Regional"})
        pip.props = {"provisioningState": "Succeeded",
                     "ipAddress": "20.%d.%d.%d" % (10 + h, 2, 4),
                     "publicIPAddressVersion": "IPv4",
                     "publicIPAllocationMethod": "Dynamic" if basic else
                     "Static",
                     "idleTimeoutInMinutes": 4, "ipTags": []}
        e.add(pip)
        gw = Res(T_GW, conn_sub, hrg, gwname, region)
        mode = a.remote_vnet_traffic
        if mode == "mixed":
            mode = modes[h % 3]
        gw.props = {
            "provisioningState": "Succeeded",
            "resourceGuid": guid(a.seed, "rguid", gwname),
            "gatewayType": "ExpressRoute",
            "vpnType": "PolicyBased",
            "enableBgp": False,
            "activeActive": False,
            "sku": {"name": "ErGw1AZ", "tier": "ErGw1AZ"},
            "ipConfigurations": [{
                "name": "default",
                "id": ("concat", Ref(conn_sub, hrg, T_GW, gwname),
                       "/ipConfigurations/default"),
                "properties": {
                    "privateIPAllocationMethod": "Dynamic",
                    "publicIPAddress": {"id": Ref(conn_sub, hrg, T_PIP,
                                                  pip.name)},
                    "subnet": {"id": Ref(conn_sub, hrg, T_SUBNET, hname,
                                         "GatewaySubnet")},
                }}],
            "bgpSettings": {"asn": 65515, "bgpPeeringAddress": ip(4) + "," +
                            ip(5), "peerWeight": 0},
        }
        if mode != "absent":
            gw.props["allowRemoteVnetTraffic"] = mode == "true"
            gw.props["allowVirtualWanTraffic"] = False
        e.add(gw)
        hub["er_gw"] = Ref(conn_sub, hrg, T_GW, gwname)
        hub["er_gw_name"] = gwname
        # Connections to the region's circuits, and bowtie to the next one.
        links = [(c, 100) for c in circuits[region]]
        if len(regions) > 1 and a.bowtie:
            nxt = regions[(regions.index(region) + 1) % len(regions)]
            links.append((circuits[nxt][0], 10))
        for ckt, weight in links:
            cname = "cn-%s-%s" % (gwname, ckt.names[0])
            c = Res(T_CONN, conn_sub, hrg, cname, region)
            c.props = {
                "provisioningState": "Succeeded",
                "connectionType": "ExpressRoute",
                "virtualNetworkGateway1": {"id": hub["er_gw"]},
                "peer": {"id": ckt},
                "routingWeight": weight,
                "enableBgp": False,
                "expressRouteGatewayBypass": False,
                "enablePrivateLinkFastPath": False,
            }
            e.add(c)
        # VPN gateway, local network gateway, IPsec connection.
        if a.vpn_every and h % a.vpn_every == a.vpn_every - 1:
            vname = "vpngw-hub-%s-%02d" % (rs, hub["num"])
            vpip = Res(T_PIP, conn_sub, hrg, "pip-" + vname, region)
            vpip.sku = {"name": "Standard", "tier": "Regional"}
            vpip.props = {"provisioningState": "Succeeded",
                          "ipAddress": "20.%d.%d.%d" % (10 + h, 3, 4),
                          "publicIPAddressVersion": "IPv4",
                          "publicIPAllocationMethod": "Static",
                          "idleTimeoutInMinutes": 4, "ipTags": []}
            e.add(vpip)
            v = Res(T_GW, conn_sub, hrg, vname, region)
            v.props = {
                "provisioningState": "Succeeded",
                "gatewayType": "Vpn", "vpnType": "RouteBased",
                "vpnGatewayGeneration": "Generation2",
                "enableBgp": True, "activeActive": False,
                "sku": {"name": "VpnGw2AZ", "tier": "VpnGw2AZ"},
                "ipConfigurations": [{
                    "name": "default",
                    "id": ("concat", Ref(conn_sub, hrg, T_GW, vname),
                           "/ipConfigurations/default"),
                    "properties": {
                        "privateIPAllocationMethod": "Dynamic",
                        "publicIPAddress": {"id": Ref(conn_sub, hrg, T_PIP,
                                                      vpip.name)},
                        "subnet": {"id": Ref(conn_sub, hrg, T_SUBNET, hname,
                                             "GatewaySubnet")},
                    }}],
                "bgpSettings": {"asn": 65515, "bgpPeeringAddress": ip(12),
                                "peerWeight": 0},
            }
            e.add(v)
            lname = "lng-branch-%s-%02d" % (rs, hub["num"])
            lng = Res(T_LNG, conn_sub, hrg, lname, region)
            lng.props = {
                "provisioningState": "Succeeded",
                "gatewayIpAddress": "203.0.113.%d" % (10 + h),
                "localNetworkAddressSpace": {"addressPrefixes": [
                    "192.168.%d.0/24" % (100 + h)]},
                "bgpSettings": {"asn": 65100 + h,
                                "bgpPeeringAddress": "192.168.%d.1" %
                                (100 + h), "peerWeight": 0},
            }
            e.add(lng)
            c = Res(T_CONN, conn_sub, hrg, "cn-%s-%s" % (vname, lname), region)
            c.props = {
                "provisioningState": "Succeeded",
                "connectionType": "IPsec",
                "connectionProtocol": "IKEv2",
                "virtualNetworkGateway1": {"id": Ref(conn_sub, hrg, T_GW,
                                                     vname)},
                "localNetworkGateway2": {"id": Ref(conn_sub, hrg, T_LNG,
                                                   lname)},
                "routingWeight": 0, "enableBgp": True,
                "usePolicyBasedTrafficSelectors": False,
            }
            e.add(c)

    # Spokes: VNet, peerings both ways, route tables, private endpoints.
    for sp in spokes:
        hub = sp["hub"]
        sub, rg, name, region = sp["sub"], sp["rg"], sp["name"], hub["region"]
        net = ipaddress.IPv4Network(sp["prefixes"][0])
        nb, q = int(net.network_address), net.num_addresses // 4
        sn = lambda off, ln: "%s/%d" % (ipaddress.IPv4Address(nb + off), ln)
        v = Res(T_VNET, sub, rg, name, region)
        v.tags = {"env": sp["env"], "costCenter": "cc-%d" %
                  (2000 + hub["index"] * 10 + sp["index"] % 7),
                  "owner": "team-%02d" % (sp["index"] % 40 + 1)}
        v.props = {
            "provisioningState": "Succeeded",
            "resourceGuid": guid(a.seed, "rguid", sp["ref"].id),
            "addressSpace": {"addressPrefixes": list(sp["prefixes"])},
            "enableDdosProtection": False,
            "privateEndpointVNetPolicies": "Disabled",
        }
        pe_pol = ["Disabled", "Disabled", "Enabled", "RouteTableEnabled",
                  "Disabled"][sp["index"] % 5]
        app = {"provisioningState": "Succeeded",
               "addressPrefix": sn(0, net.prefixlen + 2),
               "privateEndpointNetworkPolicies": "Disabled",
               "privateLinkServiceNetworkPolicies": "Enabled"}
        if sp["v6"]:
            app = dict(app)
            del app["addressPrefix"]
            app["addressPrefixes"] = [sn(0, net.prefixlen + 2),
                                      sp["v6"]]
            # Reorder so addressPrefixes comes first like other subnets.
            app = {"provisioningState": "Succeeded",
                   "addressPrefixes": app["addressPrefixes"],
                   "privateEndpointNetworkPolicies": "Disabled",
                   "privateLinkServiceNetworkPolicies": "Enabled"}
        data = {"provisioningState": "Succeeded",
                "addressPrefix": sn(q, net.prefixlen + 2),
                "privateEndpointNetworkPolicies": "Disabled",
                "privateLinkServiceNetworkPolicies": "Enabled"}
        pe = {"provisioningState": "Succeeded",
              "addressPrefix": sn(2 * q, net.prefixlen + 1),
              "privateEndpointNetworkPolicies": pe_pol,
              "privateLinkServiceNetworkPolicies": "Enabled"}
        if sp["udr"]:
            rtname = "rt-" + name
            rtref = Ref(sub, rg, T_RT, rtname)
            app["routeTable"] = {"id": rtref}
            data["routeTable"] = {"id": rtref}
            rt = Res(T_RT, sub, rg, rtname, region)
            routes = [("default-to-afw", "0.0.0.0/0"),
                      ("rfc1918-10-to-afw", "10.0.0.0/8")]
            rt.props = {"provisioningState": "Succeeded",
                        "disableBgpRoutePropagation": True}
            rt.children = [(T_RT + "/routes", rn, {
                "provisioningState": "Succeeded", "addressPrefix": pfx,
                "nextHopType": "VirtualAppliance",
                "nextHopIpAddress": hub["fw_ip"], "hasBgpOverride": False})
                for rn, pfx in routes]
            rt.inline_key = "routes"
            e.add(rt)
        v.children = [(T_SUBNET, "snet-app", app), (T_SUBNET, "snet-data", data),
                      (T_SUBNET, "snet-pe", pe)]
        v.inline_key = "subnets"
        # Spoke -> hub peering (useRemoteGateways) and hub -> spoke.
        hub_pfx = hub["vnet"].props["addressSpace"]["addressPrefixes"]
        v.peerings = [(name + "-to-" + hub["name"], {
            "provisioningState": "Succeeded",
            "peeringState": "Connected", "peeringSyncLevel": "FullyInSync",
            "remoteVirtualNetwork": {"id": hub["ref"]},
            "allowVirtualNetworkAccess": True, "allowForwardedTraffic": True,
            "allowGatewayTransit": False,
            "useRemoteGateways": sp["non_transit"] != "spoke",
            "doNotVerifyRemoteGateways": False, "peerCompleteVnets": True,
            "remoteAddressSpace": {"addressPrefixes": list(hub_pfx)},
            "remoteVirtualNetworkAddressSpace": {
                "addressPrefixes": list(hub_pfx)},
        })]
        if sp["disconnected_to"] is not None:
            o = sp["disconnected_to"]
            v.peerings.append((name + "-to-" + o["name"], {
                "provisioningState": "Succeeded",
                "peeringState": "Disconnected",
                "peeringSyncLevel": "RemoteNotInSync",
                "remoteVirtualNetwork": {"id": o["ref"]},
                "allowVirtualNetworkAccess": True,
                "allowForwardedTraffic": False,
                "allowGatewayTransit": False, "useRemoteGateways": False,
                "doNotVerifyRemoteGateways": False, "peerCompleteVnets": True,
                "remoteAddressSpace": {"addressPrefixes": list(o["prefixes"])},
            }))
        hub["vnet"].peerings = getattr(hub["vnet"], "peerings", [])
        hub["vnet"].peerings.append((hub["name"] + "-to-" + name, {
            "provisioningState": "Succeeded",
            "peeringState": "Connected", "peeringSyncLevel": "FullyInSync",
            "remoteVirtualNetwork": {"id": sp["ref"]},
            "allowVirtualNetworkAccess": True, "allowForwardedTraffic": True,
            "allowGatewayTransit": sp["non_transit"] != "hub",
            "useRemoteGateways": False,
            "doNotVerifyRemoteGateways": False, "peerCompleteVnets": True,
            "remoteAddressSpace": {"addressPrefixes": list(sp["prefixes"])},
            "remoteVirtualNetworkAddressSpace": {
                "addressPrefixes": list(sp["prefixes"])},
        }))
        e.add(v)
        sp["vnet"] = v
        # Private endpoints in snet-pe.
        pe_ids = []
        for k in range(sp["npes"]):
            stype, sabbr, group = PE_SERVICES[(sp["index"] + k) %
                                              len(PE_SERVICES)]
            target = "%s%s%02d" % (sabbr, short_hash(a.seed, name), k + 1)
            pname = "pe-%s-%s" % (target, sp["env"])
            p = Res(T_PE, sub, rg, pname, region)
            p.tags = {"env": sp["env"]}
            pip_addr = str(ipaddress.IPv4Address(nb + 2 * q + 4 + k))
            p.props = {
                "provisioningState": "Succeeded",
                "resourceGuid": guid(a.seed, "rguid", sub, rg, pname),
                "subnet": {"id": Ref(sub, rg, T_SUBNET, name, "snet-pe")},
                "networkInterfaces": [{"id": Ref(sub, rg, NET +
                                                 "/networkInterfaces",
                                                 pname + ".nic." +
                                                 short_hash(a.seed, pname))}],
                "privateLinkServiceConnections": [{
                    "name": pname,
                    "id": ("concat", Ref(sub, rg, T_PE, pname),
                           "/privateLinkServiceConnections/" + pname),
                    "properties": {
                        "privateLinkServiceId": Ref(sub, rg, stype, target),
                        "groupIds": [group],
                        "privateLinkServiceConnectionState": {
                            "status": "Approved",
                            "description": "Auto-Approved",
                            "actionsRequired": "None"},
                    },
                    "type": T_PE + "/privateLinkServiceConnections"}],
                "manualPrivateLinkServiceConnections": [],
                "customDnsConfigs": [{"fqdn": "%s.privatelink.example" %
                                      target, "ipAddresses": [pip_addr]}],
            }
            e.add(p)
            pe_ids.append(Ref(sub, rg, T_PE, pname))
        sp["pe_ids"] = pe_ids

    # Learned routes of the first ER gateway of every region.
    done = set()
    for hub in hubs:
        if hub["region"] in done:
            continue
        done.add(hub["region"])
        ri = regions.index(hub["region"])
        local = hub["prefix"].split("/")[0]
        hb = int(ipaddress.IPv4Network(hub["prefix"]).network_address)
        gw_ip = str(ipaddress.IPv4Address(hb + 4))
        routes = []

        def add(network, origin, as_path, weight, nh, src):
            routes.append({"localAddress": gw_ip, "network": network,
                           "nextHop": nh, "sourcePeer": src,
                           "origin": origin, "asPath": as_path,
                           "weight": weight})
        add(hub["prefix"], "Network", "", 32768, None, gw_ip)
        for sp in hub["spokes"]:
            if not sp["non_transit"]:
                add(sp["prefixes"][0], "Network", "", 32768, None, gw_ip)
        msee1 = "192.168.255.%d" % (ri * 32 + 1)
        msee2 = "192.168.255.%d" % (ri * 32 + 5)
        onprem = ["10.0.0.0/8", "172.%d.0.0/16" % (16 + ri),
                  "172.%d.0.0/16" % (24 + ri)]
        onprem += ["192.168.%d.0/24" % (10 + ri * 16 + k) for k in range(8)]
        asn = 65010 + ri
        for pfx in onprem:
            for msee in (msee1, msee2):
                add(pfx, "EBgp", "12076-%d" % asn, 32769, msee, msee)
        e.learned[hub["er_gw_name"]] = routes
    e.hubs, e.spokes, e.regions = hubs, spokes, regions
    return e


# ---------------------------------------------------------------- output

def lit(v):
    """Literal form of a value: Ref -> id string, concat -> string."""
    if isinstance(v, Ref):
        return v.id
    if isinstance(v, tuple) and v and v[0] == "concat":
        return "".join(lit(x) for x in v[1:])
    if isinstance(v, dict):
        return {k: lit(x) for k, x in v.items()}
    if isinstance(v, list):
        return [lit(x) for x in v]
    return v


def child_list(r):
    """(type, name, props) of every child that is also inline."""
    out = list(r.children)
    for pname, props in getattr(r, "peerings", []):
        out.append((T_PEERING, pname, props))
    return out


def list_resource(r, seed, with_children_inline=True):
    d = {"name": r.name, "id": r.id, "etag": etag(seed, r.id),
         "type": r.type, "location": r.location}
    if r.tags:
        d["tags"] = dict(r.tags)
    if r.sku:
        d["sku"] = dict(r.sku)
    props = lit(r.props)
    key = getattr(r, "inline_key", None)
    if key:
        props[key] = [list_child(r, ct, cn, cp, seed) for ct, cn, cp in
                      r.children]
    if r.type == T_VNET:
        props["virtualNetworkPeerings"] = [
            list_child(r, T_PEERING, pn, pp, seed)
            for pn, pp in getattr(r, "peerings", [])]
    d["properties"] = props
    return d


def list_child(parent, ctype, cname, cprops, seed):
    cid = parent.id + "/" + ctype.split("/")[-1] + "/" + cname
    props = lit(cprops)
    if ctype == T_SUBNET and parent.type == T_VNET:
        # The read-only back-references a GET returns.
        pes = getattr(parent, "subnet_pes", {}).get(cname)
        if pes:
            props["privateEndpoints"] = [{"id": p.id} for p in pes]
    return {"name": cname, "id": cid, "etag": etag(seed, cid),
            "properties": props, "type": ctype}


def write_json(path, obj, indent):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if indent:
        text = json.dumps(obj, indent=indent, ensure_ascii=False) + "\n"
    else:
        text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return len(text.encode("utf-8"))


def emit_list(e, out):
    a = e.a
    for sp in e.spokes:
        sp["vnet"].subnet_pes = {"snet-pe": sp["pe_ids"]}
    total = 0
    for n, ((sub, rg), res) in enumerate(sorted(e.files.items())):
        value = [list_resource(r, a.seed) for r in res]
        if a.child_every and n % a.child_every == 0:
            # Children repeated as separate resources, as a merged
            # `az network vnet subnet list` / `peering list` would add.
            for r, d in zip(res, list(value)):
                if r.type == T_VNET:
                    value.extend(d["properties"]["subnets"])
                    value.extend(d["properties"]["virtualNetworkPeerings"])
        total += write_json(os.path.join(out, sub, rg + ".json"),
                            {"value": value}, None)
    return total


class Tmpl:
    """One export template: parameters are created on demand."""

    def __init__(self, sub, rg):
        self.sub, self.rg = sub, rg
        self.params = {}

    def pname(self, rtype, name, suffix):
        short = rtype.split("/")[-1] if rtype.count("/") == 1 else \
            "_".join(rtype.split("/")[1:])
        p = "%s_%s_%s" % (short, "".join(c if c.isalnum() else "_"
                                           for c in name), suffix)
        return p

    def name_param(self, rtype, name):
        p = self.pname(rtype, name, "name")
        self.params[p] = {"defaultValue": name, "type": "String"}
        return "parameters('%s')" % p

    def ref(self, v):
        """Expression (without brackets) or literal for a Ref."""
        if v.sub == self.sub and v.rg == self.rg:
            segs = v.type.split("/")
            top = segs[0] + "/" + segs[1]
            args = ["'%s'" % v.type, self.name_param(top, v.names[0])]
            args += ["'%s'" % n for n in v.names[1:]]
            return "resourceId(%s)" % ", ".join(args)
        segs = v.type.split("/")
        top = segs[0] + "/" + segs[1]
        if len(v.names) == 1:
            p = self.pname(top, v.names[0], "externalid")
            self.params[p] = {"defaultValue": v.id, "type": "String"}
            return "parameters('%s')" % p
        # A child outside the group: concat the parent's external id.
        p = self.pname(top, v.names[0], "externalid")
        parent = rid(v.sub, v.rg, top, v.names[0])
        self.params[p] = {"defaultValue": parent, "type": "String"}
        rest = "".join("/%s/%s" % (t, n) for t, n in
                       zip(segs[2:], v.names[1:]))
        return "concat(parameters('%s'), '%s')" % (p, rest)

    def expr(self, v):
        if isinstance(v, Ref):
            return "[%s]" % self.ref(v)
        if isinstance(v, tuple) and v and v[0] == "concat":
            parts = []
            for x in v[1:]:
                parts.append(self.ref(x) if isinstance(x, Ref) else
                             "'%s'" % x.replace("'", "''"))
            return "[concat(%s)]" % ", ".join(parts)
        if isinstance(v, dict):
            return {k: self.expr(x) for k, x in v.items()}
        if isinstance(v, list):
            return [self.expr(x) for x in v]
        return v


# Properties an export leaves out (read-only or runtime).
EXPORT_DROP = {"provisioningState", "resourceGuid", "etag",
               "networkInterfaces"}


def tmpl_props(t, props):
    return {k: t.expr(v) for k, v in props.items() if k not in EXPORT_DROP}


def emit_template(e, out):
    a = e.a
    total = 0
    for (sub, rg), res in sorted(e.files.items()):
        t = Tmpl(sub, rg)
        resources = []
        childres = []
        for r in res:
            nm = t.name_param(r.type, r.name)
            d = {"type": r.type, "apiVersion": API, "name": "[%s]" % nm,
                 "location": r.location}
            if r.tags:
                d["tags"] = dict(r.tags)
            if r.sku:
                d["sku"] = dict(r.sku)
            props = tmpl_props(t, r.props)
            key = getattr(r, "inline_key", None)
            kids = [(ct, cn, cp) for ct, cn, cp in r.children]
            if key:
                props[key] = [{
                    "name": cn,
                    "id": "[resourceId('%s', %s, '%s')]" % (ct, nm, cn),
                    "properties": tmpl_props(t, cp), "type": ct}
                    for ct, cn, cp in kids]
            if r.type == T_VNET:
                pl = getattr(r, "peerings", [])
                props["virtualNetworkPeerings"] = [{
                    "name": pn,
                    "id": "[resourceId('%s', %s, '%s')]" % (T_PEERING, nm,
                                                             pn),
                    "properties": tmpl_props(t, pp), "type": T_PEERING}
                    for pn, pp in pl]
                kids = kids + [(T_PEERING, pn, pp) for pn, pp in pl]
            d["properties"] = props
            resources.append(d)
            for ct, cn, cp in kids:
                childres.append({
                    "type": ct, "apiVersion": API,
                    "name": "[concat(%s, '/%s')]" % (nm, cn),
                    "dependsOn": ["[resourceId('%s', %s)]" % (r.type, nm)],
                    "properties": tmpl_props(t, cp)})
        doc = {
            "$schema": "https://schema.management.azure.com/schemas/"
                       "2019-04-01/deploymentTemplate.json#",
            "contentVersion": "1.0.0.0",
            "parameters": {k: t.params[k] for k in sorted(t.params)},
            "variables": {},
            "resources": resources + childres,
        }
        total += write_json(os.path.join(out, sub, rg + ".json"), doc, 4)
    return total


def main(argv):
    ap = argparse.ArgumentParser(
        description="Write a realistic exported Azure hub-and-spoke estate "
        "(deterministic from --seed).")
    ap.add_argument("--preset", choices=sorted(PRESETS))
    ap.add_argument("--out", required=True, help="output directory "
                    "(created; must be empty or absent)")
    ap.add_argument("--shape", choices=["list", "template"], default="list")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--regions", default="eastus",
                    help="comma-separated Azure regions")
    ap.add_argument("--hubs-per-region", type=int, default=1)
    ap.add_argument("--spokes-per-hub", type=int, default=10)
    ap.add_argument("--pes-per-spoke", default="2",
                    help="mean private endpoints per spoke; a comma list "
                    "gives one mean per hub in turn")
    ap.add_argument("--circuits-per-region", type=int, default=1)
    ap.add_argument("--no-bowtie", dest="bowtie", action="store_false",
                    help="no connection to the next region's circuit")
    ap.add_argument("--vpn-every", type=int, default=2,
                    help="every Nth hub also has a VPN gateway (0: none)")
    ap.add_argument("--basic-pip-every", type=int, default=4,
                    help="every Nth ER gateway has a Basic public IP "
                    "(0: none)")
    ap.add_argument("--remote-vnet-traffic",
                    choices=["absent", "true", "false", "mixed"],
                    default="mixed")
    ap.add_argument("--spoke-len", type=int, default=24,
                    help="spoke IPv4 prefix length (20..27)")
    ap.add_argument("--spokes-per-sub", type=int, default=500)
    ap.add_argument("--spokes-per-rg", type=int, default=50)
    ap.add_argument("--udr-fraction", type=float, default=0.05)
    ap.add_argument("--ipv6-fraction", type=float, default=0.03)
    ap.add_argument("--overlap-fraction", type=float, default=0.01)
    ap.add_argument("--disconnected-fraction", type=float, default=0.01)
    ap.add_argument("--non-transit-fraction", type=float, default=0.0,
                    help="spokes that do not use their hub's gateway: half "
                    "without useRemoteGateways, half whose hub peering lacks "
                    "allowGatewayTransit")
    ap.add_argument("--dev-fraction", type=float, default=0.08)
    ap.add_argument("--test-fraction", type=float, default=0.07)
    ap.add_argument("--child-every", type=int, default=3,
                    help="list shape: every Nth file also lists subnets and "
                    "peerings as child resources (0: never)")
    ap.add_argument("--manifest", action="store_true",
                    help="also write <out>/MANIFEST.txt")
    pre, _ = ap.parse_known_args(argv)
    if pre.preset:
        ap.set_defaults(**PRESETS[pre.preset])
    a = ap.parse_args(argv)
    if not 20 <= a.spoke_len <= 27:
        ap.error("--spoke-len must be 20..27")
    if a.spokes_per_hub < 0 or a.hubs_per_region < 1 or \
            a.spokes_per_sub < 1 or a.spokes_per_rg < 1 or \
            a.circuits_per_region < 1:
        ap.error("counts must be positive")
    if os.path.isdir(a.out) and os.listdir(a.out):
        ap.error("%s is not empty" % a.out)
    e = build(a)
    os.makedirs(a.out, exist_ok=True)
    nbytes = emit_list(e, a.out) if a.shape == "list" else \
        emit_template(e, a.out)
    for gw in sorted(e.learned):
        nbytes += write_json(os.path.join(a.out, gw + ".learned.json"),
                             {"value": e.learned[gw]}, 2)
    c = e.counts
    npe = c.get(T_PE, 0)
    ndev = sum(1 for s in e.spokes if s["env"] in ("dev", "test"))
    npeer = sum(len(getattr(r, "peerings", [])) for res in e.files.values()
                for r in res)
    lines = [
        "shape %s seed %d" % (a.shape, a.seed),
        "files %d (%d bytes)" % (len(e.files) + len(e.learned), nbytes),
        "vnets %d" % c.get(T_VNET, 0),
        "hubs %d" % len(e.hubs),
        "spokes %d" % len(e.spokes),
        "gateways %d" % c.get(T_GW, 0),
        "circuits %d" % c.get(T_CKT, 0),
        "connections %d" % c.get(T_CONN, 0),
        "private_endpoints %d" % npe,
        "peerings %d" % npeer,
        "route_tables %d" % c.get(T_RT, 0),
        "dev_test_spokes %d" % ndev,
        "ipv6_spokes %d" % sum(1 for s in e.spokes if s["v6"]),
        "overlapping_spokes %d" % c.get("overlapping spokes", 0),
        "disconnected_peerings %d" % c.get("disconnected peerings", 0),
        "learned_routes_files %d" % len(e.learned),
    ]
    if a.non_transit_fraction > 0:
        lines.insert(-1, "non_transit_spokes %d" %
                     sum(1 for s in e.spokes if s["non_transit"]))
    sys.stderr.write("gen_estate: " + ", ".join(lines) + "\n")
    if a.manifest:
        with open(os.path.join(a.out, "MANIFEST.txt"), "w") as f:
            f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
