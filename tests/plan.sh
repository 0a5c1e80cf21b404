#!/bin/sh
# tests/plan.sh - `meshplan plan` end to end: golden plan.json files on the
# small fixtures (validated against schemas/plan.schema.json), example
# policies against schemas/policy.schema.json, the policy errors (exit 3,
# every error with file:line:col, nothing written), input-order
# independence, atomic output, flow logs, the plan.json round trip, and
# the seed article's worked example generated at test time.
. "$TOP/tests/lib.sh"
G=$TOP/tests/golden/plan
cd "$TOP" || exit 1
have_py=0
command -v python3 > /dev/null 2>&1 && have_py=1
[ $have_py -eq 1 ] || echo "SKIP: python3 is absent; schema checks and the seed example are skipped" >&2

validate() {	# validate SCHEMA FILE...
	if [ $have_py -eq 0 ]; then
		return 0
	fi
	if python3 tests/plan/validate.py "$@" > "$TMPD/val" 2>&1; then
		ok "schema $(basename "$1"): $(tail -1 "$TMPD/val")"
	else
		cat "$TMPD/val"
		fail "schema $(basename "$1") rejects $2"
	fi
}

# 1. Goldens: plan.json and the text summary per fixture and policy.
run_golden() {	# NAME ARGS...
	name=$1
	shift
	if "$MESHPLAN" plan "$@" -o "$TMPD/$name.json" > "$TMPD/$name.txt" \
	    2> "$TMPD/$name.err"; then
		golden "$G/$name.json" "$TMPD/$name.json"
		golden "$G/$name.txt" "$TMPD/$name.txt"
		validate schemas/plan.schema.json "$TMPD/$name.json"
	else
		cat "$TMPD/$name.err"
		fail "meshplan plan $* exited non-zero"
	fi
}
run_golden two-hubs fixtures/two-hubs
run_golden two-hubs-segments --policy fixtures/policy/two-hubs-segments.yaml \
    fixtures/two-hubs
run_golden sample fixtures/sample

# 2. The schema is not a rubber stamp: a plan without "effect" or with an
# unknown key fails.
if [ $have_py -eq 1 ]; then
	python3 - "$TMPD/two-hubs.json" "$TMPD/broken.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
del d["effect"]
d["meshes"][0]["extra"] = 1
json.dump(d, open(sys.argv[2], "w"))
PY
	if python3 tests/plan/validate.py schemas/plan.schema.json \
	    "$TMPD/broken.json" > "$TMPD/val" 2>&1; then
		fail "the plan schema accepted a plan without effect"
	else
		grep -q "effect" "$TMPD/val" && grep -q "extra" "$TMPD/val" &&
			ok "the plan schema rejects a missing key and an unknown one" ||
			{ cat "$TMPD/val"; fail "schema errors do not name the keys"; }
	fi
fi

# 3. Example policies validate; the bad one fails the schema too.
validate schemas/policy.schema.json fixtures/policy/example.yaml \
    fixtures/policy/two-hubs-segments.yaml
if [ $have_py -eq 1 ] && python3 tests/plan/validate.py \
    schemas/policy.schema.json fixtures/policy/bad.yaml > "$TMPD/val" 2>&1; then
	grep -q SKIP "$TMPD/val" || fail "the policy schema accepted bad.yaml"
else
	ok "the policy schema rejects bad.yaml"
fi

# 4. Policy errors: exit 3, every error in place, nothing written.
expect_exit 3 "$MESHPLAN" plan --policy fixtures/policy/bad.yaml \
    -o "$TMPD/bad.json" fixtures/two-hubs
[ -e "$TMPD/bad.json" ] && fail "plan.json written despite policy errors" ||
	ok "nothing written on policy errors"
for want in "bad.yaml:2:10: error: unknown key 'mesh_vnet'" \
    "bad.yaml:2:39: error: limits.gateway_ipv4 must be an integer" \
    "bad.yaml:3:10: error: onprem: '10.0.0.0/33' is not a CIDR" \
    "bad.yaml:4:15: error: mesh.scope must be hairpinning or all" \
    "bad.yaml:6:39: error: match.name: bad pattern 'a(b': missing closing parenthesis at offset 3" \
    "bad.yaml:9:15: error: deny names segment 'nonprod'" \
    "bad.yaml:10:1: error: duplicate key 'mesh'"; do
	grep -qF "$want" "$TMPD/err" && ok "reported: $want" ||
		fail "not reported: $want"
done
grep -q "7 errors in the input" "$TMPD/err" && ok "7 policy errors in one run" ||
	fail "policy error count"

# 5. Input order does not matter; output goes atomically to -o only.
"$MESHPLAN" plan -q fixtures/two-hubs/landingzones \
    fixtures/two-hubs/ergw-hub-eus.learned.json fixtures/two-hubs/connectivity \
    > "$TMPD/reordered.json" 2> /dev/null
cmp -s "$TMPD/reordered.json" "$TMPD/two-hubs.json" &&
	ok "same plan.json whatever the input order" ||
	fail "plan.json depends on the input order"
echo keep > "$TMPD/exists.json"
expect_exit 2 "$MESHPLAN" plan -o "$TMPD/exists.json" fixtures/two-hubs
[ "$(cat "$TMPD/exists.json")" = keep ] && ok "an existing file is kept" ||
	fail "an existing file was replaced without --force"
expect_exit 2 "$MESHPLAN" plan
expect_exit 2 "$MESHPLAN" plan --format yaml fixtures/two-hubs

# 6. Flow logs among the inputs: real exports are read, and bytes between
# the fixture's spokes weigh the light-production wave.
S=$(shared_dir)
if [ -n "$S" ] && [ -f "$S/fixtures-real/chshin9-csp451/PT1H.json" ]; then
	if "$MESHPLAN" plan -q fixtures/two-hubs \
	    "$S/fixtures-real/chshin9-csp451/PT1H.json" \
	    "$S/fixtures-real/danifitz-nsg-flow-logs/PT1H.json" \
	    > "$TMPD/fl.json" 2> "$TMPD/fl.err"; then
		ok "real VNet (v4) and NSG (v2) flow logs are read"
	else
		cat "$TMPD/fl.err"
		fail "plan with real flow logs"
	fi
fi
"$MESHPLAN" plan -q fixtures/two-hubs tests/plan/flows.json \
    > "$TMPD/flows.json" 2> "$TMPD/flows.err" || cat "$TMPD/flows.err"
if [ $have_py -eq 1 ]; then
	if python3 - "$TMPD/flows.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
v = {x["name"]: x for x in d["vnets"]}
# 3,000,000 bytes to the internet from eus-prod; 1,500 between weu-dev
# and eus-dev count for both; a flow between two outside addresses goes to
# the record's target VNet (eus-prod).
assert v["vnet-spoke-eus-prod"]["traffic_bytes"] == 3000128, v["vnet-spoke-eus-prod"]
assert v["vnet-spoke-weu-prod"]["traffic_bytes"] == 0
assert v["vnet-spoke-weu-dev"]["traffic_bytes"] == 1500, v["vnet-spoke-weu-dev"]
assert v["vnet-spoke-eus-dev"]["traffic_bytes"] == 1500
w2 = [w for w in d["waves"] if w["name"] == "light-production"][0]
# The busy eus-prod is not light production; the quiet weu-prod is.
assert [x.rsplit("/", 1)[1] for x in w2["vnets"]] == ["vnet-spoke-weu-prod"], w2
assert "flow-log bytes" in w2["note"], w2["note"]
PY
	then
		ok "flow-log bytes per VNet and the light wave by traffic"
	else
		fail "flow-log traffic"
	fi
fi

# 7. Round trip: a plan.json read back (meshplan plan --from) is the same.
if "$MESHPLAN" plan --from "$TMPD/two-hubs-segments.json" \
    -o "$TMPD/rt.json" > /dev/null 2> "$TMPD/rt.err"; then
	cmp -s "$TMPD/rt.json" "$TMPD/two-hubs-segments.json" &&
		ok "plan.json reads back to the same bytes" ||
		{ diff -u "$TMPD/two-hubs-segments.json" "$TMPD/rt.json" | head -30;
		  fail "plan.json round trip differs"; }
else
	cat "$TMPD/rt.err"
	fail "plan --from"
fi
echo '{"meshes": 3}' > "$TMPD/notplan.json"
expect_exit 3 "$MESHPLAN" plan --from "$TMPD/notplan.json"
grep -q "notplan.json" "$TMPD/err" && ok "a bad plan.json names the file" ||
	fail "bad plan.json diagnostic"

# 8. The seed article's worked example: 2 hubs x 500 spokes in East US on
# one circuit, 10,000 private endpoints, 100 dev/test spokes.
if [ $have_py -eq 1 ]; then
	python3 tests/plan/gen_seed.py "$TMPD/seed"
	if "$MESHPLAN" plan -q --onprem 10.0.0.0/8 "$TMPD/seed" \
	    -o "$TMPD/seed.json" 2> "$TMPD/seed.err"; then
		validate schemas/plan.schema.json "$TMPD/seed.json"
		if python3 - "$TMPD/seed.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
m = d["meshes"]
assert len(m) == 1, [x["name"] for x in m]
m = m[0]
assert m["name"] == "mesh-eastus" and m["region"] == "eastus"
assert not m["global"], "one region: no global mesh"
assert len(m["vnets"]) == 1000, len(m["vnets"])
assert m["private_endpoints"] == 10000
assert m["high_scale"] and m["hspe"]
feats = {(f["subscription"], f["feature"]) for f in d["features"]}
for sub in ("11111111-1111-1111-1111-11111111aaaa",
            "22222222-2222-2222-2222-22222222bbbb"):
    assert (sub, "Microsoft.Network/AllowHighScaleConnectedGroup") in feats
    assert (sub, "Microsoft.Network/EnableMaxPrivateEndpointsVia64kPath") in feats
v = {x["id"]: x for x in d["vnets"]}
w1 = d["waves"][0]
assert w1["name"] == "pilot" and 0 < len(w1["vnets"]) <= 50
assert all(v[i]["tags"]["env"] in ("dev", "test") for i in w1["vnets"])
assert w1["maintenance"] and "1 second" in w1["maintenance"]
# After the last wave every mesh member is in: the same ids, each once.
last = d["waves"][-1]["members"]
assert len(last) == len(set(x.lower() for x in last)) == 1000, len(last)
assert {x.lower() for x in last} == {x.lower() for x in m["vnets"]}
e = d["effect"]
# Every ordered spoke pair hairpins today (on-premises announces 10/8):
# same hub and across hubs, as the article describes.
assert e["hairpins_before"] == 1000 * 999, e
assert e["hairpins_after"] == 0, e
# The pilot's 50 VNets reach each other directly: 50 * 49 pairs fewer.
assert w1["hairpins_after"] == 1000 * 999 - 50 * 49, w1["hairpins_after"]
assert d["waves"][-1]["hairpins_after"] == 0
kinds = [s["kind"] for s in d["steps"] if s["wave"] == 1]
order = ["feature", "subnet-policy", "vnet-policy", "manager", "group",
         "member", "config", "commit"]
pos = [kinds.index(k) for k in order]
assert pos == sorted(pos), pos
# Basic on every member, and on each hub peered to them (HSPE counts
# across peered VNets); nothing else.
basic = [s["resource"] for s in d["steps"] if s["kind"] == "vnet-policy"]
assert sum(1 for r in basic if r in m["vnets"]) == 1000
assert all(v[r]["is_hub"] for r in basic if r not in m["vnets"]), basic
assert all(s["after"] < s["before"] for s in d["summaries"]), d["summaries"]
print("seed: %d hairpinning pairs before, %d after; pilot %d VNets" %
      (e["hairpins_before"], e["hairpins_after"], len(w1["vnets"])))
PY
		then
			ok "seed example: one East US mesh of 1,000 VNets, high scale, HSPE, pilot <= 50 dev/test, no hairpins after"
		else
			fail "seed example"
		fi
	else
		cat "$TMPD/seed.err"
		fail "plan on the seed example"
	fi
fi
finish
