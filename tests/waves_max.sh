#!/bin/sh
# tests/waves_max.sh - waves.max_size and waves.max_private_endpoints: on a
# generated estate of 300 spokes, no wave goes over the limits; the rest is
# cut into rest-1, rest-2, ... in the lightest-first order (checked against
# the hairpin counts of `analyze`, ties by id); no mesh member is lost;
# the split plan emits and reports.
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1
E=$TMPD/estate
python3 tests/gen/gen_estate.py --out "$E" --regions eastus2 \
    --hubs-per-region 2 --spokes-per-hub 150 --pes-per-spoke 2,6 \
    2> /dev/null
"$MESHPLAN" analyze --format json "$E" > "$TMPD/an.json" 2> /dev/null
"$MESHPLAN" plan -q "$E" > "$TMPD/plain.json" 2> /dev/null
printf 'waves:\n  max_size: 60\n' > "$TMPD/size.yaml"
printf 'waves:\n  max_private_endpoints: 100\n' > "$TMPD/pes.yaml"
expect_exit 0 "$MESHPLAN" plan -q --policy "$TMPD/size.yaml" -o \
    "$TMPD/size.json" "$E"
expect_exit 0 "$MESHPLAN" plan -q --policy "$TMPD/pes.yaml" -o \
    "$TMPD/pes.json" "$E"
if python3 - "$TMPD" <<'PY'
import json, os, sys
d = sys.argv[1]
an = json.load(open(os.path.join(d, "an.json")))
weight = {s["id"].lower(): s["out_same_hub"] + s["out_cross_hub"] +
          s["in_same_hub"] + s["in_cross_hub"] for s in an["hairpins"]["spokes"]}
plain = json.load(open(os.path.join(d, "plain.json")))
members = sorted(v.lower() for w in plain["waves"] for v in w["vnets"])
bad = []
for name, limit in (("size", 60), ("pes", 100)):
    p = json.load(open(os.path.join(d, name + ".json")))
    pes = {v["id"].lower(): v["private_endpoints"] for v in p["vnets"]}
    waves = p["waves"]
    if [w["number"] for w in waves] != list(range(1, len(waves) + 1)):
        bad.append("%s: numbers %s" % (name, [w["number"] for w in waves]))
    names = [w["name"] for w in waves]
    nrest = len(waves) - 2
    if names != ["pilot", "light-production"] + [
            "rest-%d" % k for k in range(1, nrest + 1)] or nrest < 2:
        bad.append("%s: names %s" % (name, names))
    for w in waves:
        ids = [v.lower() for v in w["vnets"]]
        n = len(ids) if name == "size" else sum(pes[v] for v in ids)
        if n > limit and len(ids) > 1:
            bad.append("%s: wave %s has %d" % (name, w["name"], n))
    got = sorted(v.lower() for w in waves for v in w["vnets"])
    if got != members:
        bad.append("%s: %d members, the plain plan %d" % (
            name, len(got), len(members)))
    # Lightest first across rest-1, rest-2, ...: (weight, id).
    keys = [[(weight.get(v.lower(), 0), v.lower()) for v in w["vnets"]]
            for w in waves[2:]]
    for a, b in zip(keys, keys[1:]):
        if max(a) > min(b):
            bad.append("%s: %s after %s" % (name, min(b), max(a)))
    # A full wave was cut because the next VNet did not fit.
    for w, nxt in zip(waves[2:], waves[3:]):
        ids = [v.lower() for v in w["vnets"]]
        first = min((weight.get(v.lower(), 0), v.lower()) for v in nxt["vnets"])[1]
        n = len(ids) + 1 if name == "size" else sum(pes[v] for v in ids) + pes[first]
        if n <= limit:
            bad.append("%s: %s ends early" % (name, w["name"]))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
then
	ok "waves.max_size 60 and waves.max_private_endpoints 100 respected; rest-1.. lightest first, no member lost"
else
	fail "the waves' limits"
fi
expect_exit 0 "$MESHPLAN" emit --plan "$TMPD/size.json" -o "$TMPD/iac" \
    --target terraform
if ls "$TMPD/iac/terraform" 2> /dev/null | grep -q "^wave-4-rest-2$"; then
	ok "the split plan emits a folder per rest wave"
else
	ls "$TMPD/iac" "$TMPD/iac/terraform"
	fail "no rest-2 folder"
fi
"$MESHPLAN" report --policy "$TMPD/size.yaml" "$E" > "$TMPD/r.md" 2> /dev/null
grep -q '^### Wave 4: rest-2$' "$TMPD/r.md" && ok "the report names rest-2" ||
    fail "the report has no rest-2 wave"
finish
