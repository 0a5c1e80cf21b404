#!/usr/bin/env python3
"""digest_oracle.py PLAN.json EXPORT-DIR - recompute, independently of
meshplan's loader and of input/drift.c, the digest docs/lifecycle.md
defines for every plan VNet that has one, from the VNet objects of a
generated export (REST list bodies, children inline), and compare.
Children (subnets, peerings) are ordered by lower-cased id, as a VNet's
body is kept. Prints one line per VNet and exits 1 on any mismatch or
when no VNet was compared."""
import glob
import json
import sys

DROP = {"etag", "provisioningState", "resourceGuid", "ipConfigurations",
        "ipConfigurationProfiles", "privateEndpoints",
        "resourceNavigationLinks", "serviceAssociationLinks", "purpose",
        "privateEndpointVNetPolicies", "privateEndpointNetworkPolicies",
        "summarizedGatewayPrefixes"}


def canon(v):
    if isinstance(v, dict):
        return {k: canon(x) for k, x in v.items() if k not in DROP}
    if isinstance(v, list):
        return [canon(x) for x in v]
    if isinstance(v, str):
        v = v.replace("\r\n", "\n")
        return v.lower() if v.lower().startswith("/subscriptions/") else v
    return v


def fnv1a64(b):
    h = 0xcbf29ce484222325
    for c in b:
        h = ((h ^ c) * 0x100000001b3) & 0xffffffffffffffff
    return "fnv1a64:%016x" % h


plan = json.load(open(sys.argv[1]))
want = {v["id"].lower(): v["digest"] for v in plan["vnets"] if v["digest"]}
n = bad = 0
for f in sorted(glob.glob(sys.argv[2] + "/*/*.json")):
    for r in json.load(open(f)).get("value", []):
        i = r.get("id", "").lower()
        if i not in want:
            continue
        for k in ("subnets", "virtualNetworkPeerings"):
            r["properties"].get(k, []).sort(key=lambda c: c["id"].lower())
        text = json.dumps(canon(r), sort_keys=True, separators=(",", ":"),
                          ensure_ascii=False)
        got = fnv1a64(text.encode())
        n += 1
        bad += got != want[i]
        print("%s %s %s" % ("ok  " if got == want[i] else "DIFF",
                            i.rsplit("/", 1)[1], got))
sys.exit(1 if bad or n == 0 else 0)
