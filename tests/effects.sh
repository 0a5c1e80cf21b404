#!/bin/sh
# tests/effects.sh - a plan's effect figures against `analyze` of the
# estate with each wave live. On generated estates (hubs in two regions,
# user routes to appliances, enough private endpoints for HSPE, overlaps),
# tests/plan/live_waves.py writes, as an export, the AVNM resources waves
# 1..k create (network manager, groups, static members, Mesh
# configurations); `analyze` of the estate plus that export must count
# exactly the wave's hairpins_after and inspected_after, and the estate
# alone the plan's hairpins_before and inspected_before. The pairs a wave
# lists as losing inspection are checked against the export: the route
# named is a VirtualAppliance route of a table on one of the source's
# subnets, and both VNets are members after the wave.
. "$TOP/tests/lib.sh"

if ! command -v python3 > /dev/null 2>&1; then
	echo "SKIP: python3 is absent; the effect figures are not tested"
	finish
	exit $?
fi
GEN="python3 $TOP/tests/gen/gen_estate.py"
LIVE="python3 $TOP/tests/plan/live_waves.py"

# name seed policy generator-options
run_estate() {
	name=$1 seed=$2 pol=$3
	shift 3
	if ! $GEN "$@" --seed "$seed" --out "$TMPD/$name" > /dev/null \
	    2> "$TMPD/$name.gen"; then
		cat "$TMPD/$name.gen"
		fail "$name: generate"
		return
	fi
	set --
	[ -n "$pol" ] && set -- --policy "$pol"
	if ! "$MESHPLAN" plan -q "$@" "$TMPD/$name" -o "$TMPD/$name.plan" \
	    2> "$TMPD/$name.err"; then
		head "$TMPD/$name.err"
		fail "$name: plan"
		return
	fi
	"$MESHPLAN" analyze -q "$@" --format json "$TMPD/$name" \
	    > "$TMPD/$name.a0" 2> /dev/null
	nw=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["waves"]))' \
	    "$TMPD/$name.plan")
	k=1
	while [ "$k" -le "$nw" ]; do
		$LIVE "$TMPD/$name.plan" "$k" "$TMPD/$name.live$k.json"
		"$MESHPLAN" analyze -q "$@" --format json "$TMPD/$name" \
		    "$TMPD/$name.live$k.json" > "$TMPD/$name.a$k" 2> "$TMPD/$name.aerr" ||
			{ head "$TMPD/$name.aerr"; fail "$name: analyze wave $k"; }
		k=$((k + 1))
	done
	if python3 - "$TMPD" "$name" "$nw" "$MESHES" "$HSPE" <<'PY'
import json, os, sys
tmpd, name, nw = sys.argv[1], sys.argv[2], int(sys.argv[3])
d = json.load(open(os.path.join(tmpd, name + ".plan")))
def hp(k):
    return json.load(open(os.path.join(tmpd, "%s.a%d" % (name, k))))["hairpins"]
bad = []
# The estate is the one this case means to test.
if len(d["meshes"]) != int(sys.argv[4]) or \
        any(m["hspe"] for m in d["meshes"]) != (sys.argv[5] == "1"):
    bad.append("meshes %s" % [(m["name"], m["hspe"]) for m in d["meshes"]])
if nw < 2 or d["effect"]["inspected_before"] == 0 or \
        d["effect"]["inspection_lost"] == 0:
    bad.append("too simple a case: %d waves, %s" % (nw, d["effect"]))
e, h0 = d["effect"], hp(0)
if (e["hairpins_before"], e["inspected_before"]) != (h0["pairs"], h0["inspected"]):
    bad.append("before: plan %d/%d, analyze %d/%d" % (e["hairpins_before"],
               e["inspected_before"], h0["pairs"], h0["inspected"]))
prev = (h0["pairs"], h0["inspected"])
for w in d["waves"]:
    h = hp(w["number"])
    got = (w["hairpins_before"], w["inspected_before"], w["hairpins_after"],
           w["inspected_after"])
    want = prev + (h["pairs"], h["inspected"])
    if got != want:
        bad.append("wave %d: plan %s, analyze %s" % (w["number"], got, want))
    prev = (h["pairs"], h["inspected"])
last = d["waves"][-1] if d["waves"] else None
if last and (e["hairpins_after"], e["inspected_after"], e["inspection_lost"]) != \
        (last["hairpins_after"], last["inspected_after"], last["inspection_lost"]):
    bad.append("plan effect differs from the last wave")
if e["after_not_meshed"] + e["after_other_mesh"] + e["after_same_mesh"] != \
        e["hairpins_after"]:
    bad.append("the reasons do not sum to hairpins_after")
# The listed pairs: the route is an appliance route of a table on one of
# the source's subnets in the export; both sides are members after.
routes, tables = {}, {}
for root, _, files in os.walk(os.path.join(tmpd, name)):
    for f in files:
        doc = json.load(open(os.path.join(root, f), encoding="utf-8"))
        for r in doc.get("value", doc) if isinstance(doc, dict) else doc:
            if not isinstance(r, dict) or "type" not in r:
                continue
            t = r["type"].lower()
            if t == "microsoft.network/routetables":
                for x in r["properties"].get("routes", []):
                    routes[(r["id"] + "/routes/" + x["name"]).lower()] = \
                        x["properties"]["nextHopType"]
            if t == "microsoft.network/virtualnetworks":
                for s in r["properties"].get("subnets", []):
                    rt = s["properties"].get("routeTable")
                    if rt:
                        tables.setdefault(r["id"].lower(), set()).add(
                            rt["id"].lower())
listed = 0
total_new = 0
for w in d["waves"]:
    members = {m.lower() for m in w["members"]}
    total_new += w["inspection_lost_new"]
    if len(w["inspection_lost_pairs"]) != min(50, w["inspection_lost_new"]):
        bad.append("wave %d lists %d of %d pairs" % (w["number"],
                   len(w["inspection_lost_pairs"]), w["inspection_lost_new"]))
    for p in w["inspection_lost_pairs"]:
        listed += 1
        rid = (p["route_id"] or "").lower()
        if routes.get(rid) != "VirtualAppliance" or \
                rid.rsplit("/routes/", 1)[0] not in tables.get(p["src"].lower(), ()):
            bad.append("wave %d: %s -> %s: route %s" % (w["number"], p["src"],
                       p["dst"], p["route_id"]))
        if p["src"].lower() not in members or p["dst"].lower() not in members:
            bad.append("wave %d: lost pair outside the members" % w["number"])
if last and total_new < last["inspection_lost"]:
    bad.append("new pairs per wave sum to %d < %d" % (total_new,
               last["inspection_lost"]))
for b in bad:
    print(b)
print("%s: %d waves; hairpins %d -> %s; inspected %d; inspection lost %d "
      "(%d pairs listed)" % (name, len(d["waves"]), e["hairpins_before"],
      " -> ".join(str(w["hairpins_after"]) for w in d["waves"]),
      e["inspected_before"], e["inspection_lost"], listed))
sys.exit(1 if bad else 0)
PY
	then
		ok "$name: every wave's figures are analyze's count of the estate with it live"
	else
		fail "$name: effect figures differ from analyze"
	fi
	# Each wave README says it: the count, "first N of TOTAL", one line
	# per listed pair with its route, and the two remedies.
	if ! "$MESHPLAN" emit -q --target arm --plan "$TMPD/$name.plan" \
	    -o "$TMPD/$name.emit" > /dev/null 2> "$TMPD/$name.eerr"; then
		head "$TMPD/$name.eerr"
		fail "$name: emit"
		return
	fi
	if python3 - "$TMPD/$name.plan" "$TMPD/$name.emit/arm" <<'PY'
import glob, json, re, sys
d = json.load(open(sys.argv[1]))
bad = []
for w in d["waves"]:
    f = glob.glob("%s/wave-%d-*/README.md" % (sys.argv[2], w["number"]))
    text = open(f[0]).read() if f else ""
    has = "## Flows that leave the firewall" in text
    if has != (w["inspection_lost"] > 0):
        bad.append("wave %d: section present %s, lost %d" % (w["number"], has,
                   w["inspection_lost"]))
    if not has:
        continue
    sec = text.split("## Flows that leave the firewall", 1)[1].split("\n## ", 1)[0]
    plain = sec.replace("\\", "")
    if not re.search(r"After this wave, %d ordered spoke pairs? " % w["inspection_lost"], plain):
        bad.append("wave %d: count" % w["number"])
    if w["inspection_lost_new"]:
        if "(first %d of %d;" % (len(w["inspection_lost_pairs"]),
                                 w["inspection_lost_new"]) not in plain:
            bad.append("wave %d: first N of TOTAL" % w["number"])
        lines = [l for l in plain.splitlines() if l.startswith("- ")]
        if len(lines) != len(w["inspection_lost_pairs"]) or any(
                p["route"] not in l for p, l in zip(w["inspection_lost_pairs"], lines)):
            bad.append("wave %d: pair lines" % w["number"])
    if "**Security admin rules**" not in plain or "`deny`" not in plain or \
            "**User routes**" not in plain:
        bad.append("wave %d: remedies" % w["number"])
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
	then
		ok "$name: wave READMEs list the flows that leave the firewall"
	else
		fail "$name: wave README inspection section"
	fi
	# A finding (MP401) per wave that takes pairs off an appliance.
	"$MESHPLAN" report -q "$@" --format json "$TMPD/$name" \
	    > "$TMPD/$name.rep" 2> /dev/null
	if python3 - "$TMPD/$name.plan" "$TMPD/$name.rep" <<'PY'
import json, sys
d, r = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
want = sorted(w["number"] for w in d["waves"] if w["inspection_lost_new"])
got = sorted(int(f["properties"]["wave"]) for f in r["findings"]
             if f["rule"] == "MP401")
sys.exit(0 if want and got == want else 1)
PY
	then
		ok "$name: an MP401 finding per wave that loses inspection"
	else
		fail "$name: MP401 findings"
	fi
}

# Two regions, one global mesh, HSPE (over 2,000 private endpoints).
MESHES=1 HSPE=1 run_estate global 3 "" --regions eastus,westeurope --hubs-per-region 2 \
    --spokes-per-hub 12 --pes-per-spoke 30,90 --udr-fraction 0.3 \
    --overlap-fraction 0.1 --dev-fraction 0.15
# Regional meshes (two connected groups), a smaller pilot.
cat > "$TMPD/regional.yaml" <<'Y'
mesh: {global: false}
waves: {pilot: {size: 4}}
Y
MESHES=2 HSPE=0 run_estate regional 11 "$TMPD/regional.yaml" --regions eastus,westeurope \
    --hubs-per-region 2 --spokes-per-hub 10 --pes-per-spoke 20 \
    --udr-fraction 0.4 --overlap-fraction 0.05 --dev-fraction 0.2
finish
