#!/bin/sh
# tests/readonly.sh - real inputs through the IaC emitters: test_readonly
# --write puts every VNet of an input set in one HSPE mesh (a subnet
# change on every subnet) and the validators judge the trees, arm-check
# with the ARM schemas closed to unknown property names (nested
# deployments: their inner templates). The what-if strips read-only
# properties (emitters/vnet_raw.c, arm_strip_readonly) before it compares. Sets: the tky0084 hub/spoke
# export pair, docevo, az-700 (templates given a scope by their path),
# the 51-VNet subscription list with its private endpoints
# (../shared/fixtures-real), and the Network API examples of
# ../shared/reference (VNet, subnet, peering GET answers, the children
# wrapped in a VNet each). Skips with a note when ../shared is absent.
. "$TOP/tests/lib.sh"
BIN="$TOP/${BUILD:-build}/tests/test_readonly"
SH=$(shared_dir)
if [ -z "$SH" ]; then
	skip "no ../shared: real exports through the emitters"
	finish
	exit 0
fi
if [ ! -x "$BIN" ]; then
	fail "missing $BIN (make builds it)"
	finish
	exit 1
fi
R=$SH/fixtures-real
X=$SH/reference/azure-api-examples

# Templates without scope get one from their path (<sub-guid>/<rg>.json).
S1=$TMPD/in/11111111-1111-4111-8111-111111111111
S2=$TMPD/in/22222222-2222-4222-8222-222222222222
mkdir -p "$S1" "$S2"
ln -s "$R/docevo/rg-hub-lz-pro-spc1-con-net-01_template.json" \
    "$S1/rg-hub-lz-pro-spc1-con-net-01.json"
ln -s "$R/az-700/M01-template.json" "$S2/rg-az700.json"

have_py=1
command -v python3 > /dev/null 2>&1 || have_py=0
if [ $have_py -eq 1 ]; then
	python3 - "$X" "$TMPD/api-examples.json" <<'PY'
import json, os, sys
x = sys.argv[1]
def body(name):
    return json.load(open(os.path.join(x, name + ".json")))["responses"]["200"]["body"]
def parent(child):
    return child["id"].rsplit("/", 2)[0]
def vnet(vid, kids, key, prefix):
    return {"name": vid.rsplit("/", 1)[1], "id": vid,
            "type": "Microsoft.Network/virtualNetworks", "location": "westus",
            "properties": {"addressSpace": {"addressPrefixes": [prefix]},
                           key: kids}}
sub = body("SubnetGet")
out = [body("VirtualNetworkGet"), vnet(parent(sub), [sub], "subnets", "10.0.0.0/16")]
peers = [body("VirtualNetworkPeeringGet"),
         body("VirtualNetworkPeeringGetWithRemoteVirtualNetworkEncryption"),
         body("VirtualNetworkSubnetPeeringCreate")] + \
    body("VirtualNetworkPeeringList")["value"]
for i, p in enumerate(peers):
    vid = parent(p) + "-%d" % i   # one VNet each: the examples share names
    p = dict(p, id=vid + "/virtualNetworkPeerings/" + p["name"])
    out.append(vnet(vid, [p], "virtualNetworkPeerings", "10.%d.0.0/16" % (10 + i)))
json.dump({"value": out}, open(sys.argv[2], "w"), indent=1)
PY
else
	echo "SKIP: python3 is absent; the API examples set is skipped"
fi

check_set() {	# NAME VNETS INPUT...
	name=$1
	want=$2
	shift 2
	if "$BIN" --write "$TMPD/$name" "$@" > "$TMPD/$name.log" 2>&1; then
		ok "$name: trees written ($(tail -1 "$TMPD/$name.log"))"
	else
		cat "$TMPD/$name.log"
		fail "$name: test_readonly --write"
		return
	fi
	# Not vacuous: every VNet of the input is changed in the ARM output,
	# by a nested deployment that reads it at deployment time.
	n=$(grep -rh '"name": "mp-vnet-' "$TMPD/$name/arm" | wc -l)
	[ "$n" -eq "$want" ] && ok "$name: $n VNets changed by nested deployments" ||
		fail "$name: $n VNets changed, want $want"
	iac_validate "$TMPD/$name" "$name"
}

check_set tky0084 2 "$R/tky0084-hub-spoke/ARM-Hub-Network-01.json" \
    "$R/tky0084-hub-spoke/ARM-Spoke1-Network.json"
check_set docevo 1 "$S1/rg-hub-lz-pro-spc1-con-net-01.json"
check_set az-700 3 "$S2/rg-az700.json"
check_set list-51 51 "$R/azure-cli/vnet-list-subscription-51-vnets.json" \
    "$R/azure-cli/private-endpoint-list-subscription.json"
[ $have_py -eq 1 ] && check_set api-examples 7 "$TMPD/api-examples.json"
finish
