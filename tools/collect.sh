#!/bin/sh
# tools/collect.sh - export an Azure estate for meshplan with the Azure CLI
# (meshplan itself never calls Azure).
#
#   tools/collect.sh -o DIR [--subscription ID]... [--management-group ID]
#                    [--max-nic-captures N]
#
# Writes DIR (which must not exist) in the layout meshplan reads:
#   resources/<type>.json          every resource of each type meshplan reads,
#                                  from Resource Graph, all pages merged
#                                  ({"value": [...]}, no paging members left)
#   avnm/<sub>/<rg>/<manager>.{groups,members,configs}.json
#                                  network groups, their static members and
#                                  connectivity configurations of each manager
#   routes/<sub>/<rg>/<gateway>.learned.json
#                                  BGP routes every virtual network gateway
#                                  learned
#   routes/<sub>/<rg>/advertised/<peer>/<gateway>.advertised.json
#                                  the routes it advertises to each of its BGP
#                                  peers (every neighbor of list-bgp-peer-status;
#                                  meshplan reads them all for the gateway)
#   routes/<sub>/<rg>/<circuit>.routes.json
#                                  the circuit's private peering route table
#   captures/<sub>/<rg>/<nic>.effective-routes.json
#                                  the effective routes of one NIC per subnet
#                                  that has NICs (the smallest NIC id), for at
#                                  most N subnets by id (--max-nic-captures,
#                                  default 50; 0: none): meshplan routes
#                                  --check DIR compares them with the model
#   active/<sub>-<rg>-<manager>.json
#                                  active connectivity configurations per
#                                  region (what AVNM has deployed: meshplan
#                                  status and plan read which configurations
#                                  are committed from it)
#   manifest.txt                   time, scope, subscriptions, counts per type
# then: meshplan analyze DIR
#
# The subscriptions are those named, else every enabled one `az account
# list` shows; --management-group queries Resource Graph over the group
# instead. Resource Graph answers 100 rows unless told --first (at most
# 1,000) and a page that is not the last carries skip_token: every query
# here asks --first 1000 and repeats with --skip-token until skip_token is
# null. Options and output checked against azure-cli-extensions
# src/resource-graph (the `graph query` version with --skip-token,
# --management-groups, --subscriptions, --first "1-1000, default 100";
# execute_query returns {data, count, total_records, skip_token}).
#
# Any az error stops the run (exit 1) with az's message (except a NIC
# whose effective routes Azure refuses: a warning); DIR is written under
# DIR.partial and renamed only when everything succeeded. Needs az (logged
# in) and python3 (to merge pages).
set -u

usage() {
	echo "usage: tools/collect.sh -o DIR [--subscription ID]... [--management-group ID] [--max-nic-captures N]" >&2
	exit 2
}

OUT= MG= SUBS= MAXNIC=50
while [ $# -gt 0 ]; do
	case $1 in
	-o) [ $# -ge 2 ] || usage; OUT=$2; shift 2 ;;
	--subscription) [ $# -ge 2 ] || usage; SUBS="$SUBS $2"; shift 2 ;;
	--management-group) [ $# -ge 2 ] || usage; MG=$2; shift 2 ;;
	--max-nic-captures)
		[ $# -ge 2 ] || usage
		case $2 in ''|*[!0-9]*) usage ;; esac
		MAXNIC=$2; shift 2 ;;
	-h|--help) sed -n '2,51p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "collect.sh: unknown argument '$1'" >&2; usage ;;
	esac
done
[ -n "$OUT" ] || usage
if [ -e "$OUT" ]; then
	echo "collect.sh: $OUT exists; give a new directory" >&2
	exit 2
fi
for tool in az python3; do
	command -v "$tool" > /dev/null 2>&1 || {
		echo "collect.sh: $tool is not on PATH" >&2
		exit 2
	}
done
TMP=$OUT.partial
rm -rf "$TMP"
mkdir -p "$TMP/resources" "$TMP/avnm" "$TMP/routes" "$TMP/meta" "$TMP/active" || exit 2
ERR=$TMP/meta/az.err

fail() {
	echo "collect.sh: $*" >&2
	[ -s "$ERR" ] && sed 's/^/  az: /' "$ERR" >&2
	rm -rf "$TMP"
	exit 1
}

# az_json FILE ARGS...: az ARGS -o json > FILE, or stop with az's message.
az_json() {
	f=$1
	shift
	az "$@" -o json < /dev/null > "$f" 2> "$ERR" ||
	    fail "az $* failed (exit $?)"
}

# az_tsv ARGS...: az ARGS -o tsv on stdout, or stop.
az_tsv() {
	az "$@" -o tsv < /dev/null 2> "$ERR" || fail "az $* failed (exit $?)"
}

PY_PAGE='import json, sys
page, acc = sys.argv[1], sys.argv[2]
d = json.load(open(page))
if not isinstance(d, dict) or not isinstance(d.get("data"), list):
    sys.exit("not an az graph query answer: " + page)
rows = json.load(open(acc)) if acc != "-" else []
rows.extend(d["data"])
json.dump(rows, open(sys.argv[3], "w"))
t = d.get("skip_token") or d.get("skipToken") or d.get("$skipToken")
print(t or "")'

# graph TYPE OUTFILE: every row of TYPE in scope, all pages, as {"value"}.
graph() {
	q="resources | where type =~ '$1' | order by id asc"
	acc=$TMP/meta/acc.json
	echo "[]" > "$acc"
	token= page=0
	while :; do
		page=$((page + 1))
		if [ -n "$MG" ]; then
			scope="--management-groups $MG"
		else
			# shellcheck disable=SC2086
			scope="--subscriptions $SUBS"
		fi
		# shellcheck disable=SC2086
		if [ -n "$token" ]; then
			az_json "$TMP/meta/page.json" graph query -q "$q" \
			    --first 1000 $scope --skip-token "$token"
		else
			az_json "$TMP/meta/page.json" graph query -q "$q" \
			    --first 1000 $scope
		fi
		token=$(python3 -c "$PY_PAGE" "$TMP/meta/page.json" "$acc" \
		    "$acc.new" 2> "$ERR") || fail "page $page of $1: bad answer"
		mv "$acc.new" "$acc"
		[ -n "$token" ] || break
	done
	# A type with no resource gets no file (the manifest counts it).
	python3 -c 'import json, sys
rows = json.load(open(sys.argv[1]))
if rows:
    json.dump({"value": rows}, open(sys.argv[2], "w"), indent=1)
print(len(rows))' "$acc" "$2" 2> "$ERR" || fail "cannot write $2"
}

if [ -z "$MG" ] && [ -z "$SUBS" ]; then
	SUBS=$(az_tsv account list --query "[?state=='Enabled'].id") || exit 1
	SUBS=$(echo $SUBS)
	[ -n "$SUBS" ] || fail "az account list shows no enabled subscription"
fi

# The types meshplan reads (docs/inputs.md); children (subnets, peerings,
# routes, circuit peerings) come inline in their parent's row.
TYPES="microsoft.network/virtualnetworks microsoft.network/virtualnetworkgateways
microsoft.network/connections microsoft.network/localnetworkgateways
microsoft.network/expressroutecircuits microsoft.network/routetables
microsoft.network/privateendpoints microsoft.network/publicipaddresses
microsoft.network/networkmanagers microsoft.network/virtualhubs
microsoft.network/virtualrouters microsoft.network/networkinterfaces"
COUNTS=
for t in $TYPES; do
	n=$(graph "$t" "$TMP/resources/${t#microsoft.network/}.json") ||
	    exit 1
	COUNTS="$COUNTS$t	$n
"
done

# "sub<TAB>rg<TAB>name" of every row of a resources file (none: no file).
rows() {
	[ -f "$1" ] || return 0
	python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["value"]:
    p = r["id"].split("/")
    print(p[2], p[4], r["name"], sep="\t")' "$1" 2> "$ERR" ||
	    fail "cannot read $1"
}

# Gateways: learned routes, and the routes advertised to each BGP peer.
# `az network vnet-gateway list-bgp-peer-status` answers {"value": [...]}
# with one row per peer and gateway instance (an active-active gateway
# lists a peer twice): the distinct neighbors are asked in turn with
# `list-advertised-routes --peer` (a required argument: the aaz command
# takes one peer's address). Checked against Azure/aaz
# Commands/network/vnet-gateway (_list-bgp-peer-status, _list-advertised-
# routes) and the REST operations getBgpPeerStatus, getAdvertisedRoutes.
rows "$TMP/resources/virtualnetworkgateways.json" > "$TMP/meta/gw.tsv" || exit 1
while IFS='	' read -r s g n; do
	d=$TMP/routes/$s/$g
	mkdir -p "$d"
	az_json "$d/$n.learned.json" network vnet-gateway list-learned-routes \
	    --subscription "$s" -g "$g" -n "$n"
	az_tsv network vnet-gateway list-bgp-peer-status --subscription "$s" \
	    -g "$g" -n "$n" --query "value[].neighbor" > "$TMP/meta/peers" ||
	    exit 1
	for peer in $(LC_ALL=C sort -u "$TMP/meta/peers"); do
		mkdir -p "$d/advertised/$peer"
		az_json "$d/advertised/$peer/$n.advertised.json" network \
		    vnet-gateway list-advertised-routes --subscription "$s" \
		    -g "$g" -n "$n" --peer "$peer"
	done
done < "$TMP/meta/gw.tsv"

# Circuits: the private peering's route table (primary path).
rows "$TMP/resources/expressroutecircuits.json" > "$TMP/meta/er.tsv" || exit 1
while IFS='	' read -r s g n; do
	d=$TMP/routes/$s/$g
	mkdir -p "$d"
	az_json "$d/$n.routes.json" network express-route list-route-tables \
	    --subscription "$s" -g "$g" -n "$n" --path primary \
	    --peering-name AzurePrivatePeering
done < "$TMP/meta/er.tsv"

# NICs: the effective routes of one NIC per subnet that has NICs (its
# primary IP configuration's subnet; the NIC with the smallest id), for the
# first MAXNIC subnets by id, with `az network nic
# show-effective-route-table` (aaz command, api 2022-01-01: {"value":
# [...]}). Azure refuses some NICs (e.g. one whose VM is not running): such
# a capture is skipped with a warning and counted in the manifest, and the
# run goes on.
CAPS=0 CAPS_SKIPPED=0
if [ "$MAXNIC" -gt 0 ] && [ -f "$TMP/resources/networkinterfaces.json" ]; then
	python3 -c 'import json, sys
best = {}
for r in json.load(open(sys.argv[1]))["value"]:
    ipcs = (r.get("properties") or {}).get("ipConfigurations") or []
    conf = [c.get("properties") or {} for c in ipcs]
    sub = next((c for c in conf if c.get("primary")), conf[0] if conf else {})
    sid = ((sub.get("subnet") or {}).get("id") or "").lower()
    if sid and (sid not in best or r["id"].lower() < best[sid]["id"].lower()):
        best[sid] = r
for sid in sorted(best)[:int(sys.argv[2])]:
    p = best[sid]["id"].split("/")
    print(p[2], p[4], best[sid]["name"], sep="\t")' \
	    "$TMP/resources/networkinterfaces.json" "$MAXNIC" \
	    > "$TMP/meta/nic.tsv" 2> "$ERR" || fail "cannot read the NICs"
	while IFS='	' read -r s g n; do
		d=$TMP/captures/$s/$g
		mkdir -p "$d"
		if az network nic show-effective-route-table --subscription "$s" \
		    -g "$g" -n "$n" -o json < /dev/null \
		    > "$d/$n.effective-routes.json" 2> "$ERR"; then
			CAPS=$((CAPS + 1))
		else
			echo "collect.sh: warning: no effective routes for NIC $n" \
			    "($s/$g): $(head -1 "$ERR")" >&2
			rm -f "$d/$n.effective-routes.json"
			CAPS_SKIPPED=$((CAPS_SKIPPED + 1))
		fi
	done < "$TMP/meta/nic.tsv"
	rm -f "$TMP/meta/nic.tsv"
fi

# Network managers: groups, static members, configurations, and what is
# active in each region of the estate's VNets.
REGIONS=$(python3 -c 'import json, os, sys
f = sys.argv[1]
rows = json.load(open(f))["value"] if os.path.exists(f) else []
print(" ".join(sorted({(r.get("location") or "").lower() for r in rows} -
    {""})))' "$TMP/resources/virtualnetworks.json" 2> "$ERR") ||
    fail "regions"
rows "$TMP/resources/networkmanagers.json" > "$TMP/meta/nm.tsv" || exit 1
while IFS='	' read -r s g n; do
	d=$TMP/avnm/$s/$g
	mkdir -p "$d"
	az_json "$d/$n.configs.json" network manager connect-config list \
	    --subscription "$s" -g "$g" --network-manager-name "$n"
	az_json "$d/$n.groups.json" network manager group list \
	    --subscription "$s" -g "$g" --network-manager-name "$n"
	echo "[]" > "$d/$n.members.json"
	ngs=$(az_tsv network manager group list --subscription "$s" \
	    -g "$g" --network-manager-name "$n" --query "[].name") || exit 1
	for ng in $ngs; do
		az_json "$TMP/meta/m.json" network manager group static-member \
		    list --subscription "$s" -g "$g" --network-manager-name "$n" \
		    --network-group-name "$ng"
		python3 -c 'import json, sys
a = json.load(open(sys.argv[1])) + json.load(open(sys.argv[2]))
json.dump(a, open(sys.argv[1], "w"), indent=1)' "$d/$n.members.json" \
		    "$TMP/meta/m.json" 2> "$ERR" || fail "static members of $ng"
	done
	if [ -n "$REGIONS" ]; then
		# shellcheck disable=SC2086
		az_json "$TMP/active/$s-$g-$n.json" network manager \
		    list-active-connectivity-config --subscription "$s" -g "$g" \
		    --network-manager-name "$n" --regions $REGIONS
		# One page holds every region asked for; a skipToken that is
		# not empty would mean a partial answer: stop, never keep it.
		python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
if d.get("skipToken"):
    sys.exit("a further page of active configurations (skipToken)")
d.pop("skipToken", None)
json.dump(d, open(sys.argv[1], "w"), indent=1)' \
		    "$TMP/active/$s-$g-$n.json" 2> "$ERR" ||
		    fail "active configurations of $n"
	fi
done < "$TMP/meta/nm.tsv"

rm -f "$TMP/meta/page.json" "$TMP/meta/acc.json" "$TMP/meta/m.json" \
    "$TMP/meta/gw.tsv" "$TMP/meta/er.tsv" "$TMP/meta/nm.tsv" "$ERR"
{
	echo "collected: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	if [ -n "$MG" ]; then
		echo "management group: $MG"
	fi
	echo "subscriptions: ${SUBS:-(all under the management group)}"
	echo "nic captures: $CAPS (skipped: $CAPS_SKIPPED; at most $MAXNIC subnets)"
	echo "resources per type:"
	printf '%s' "$COUNTS" | sed 's/^/  /'
} > "$TMP/manifest.txt"
mv "$TMP" "$OUT" || fail "cannot rename $TMP to $OUT"
echo "collect.sh: wrote $OUT ($(printf '%s' "$COUNTS" | awk -F'\t' '{n += $2} END {print n}') resources); next: meshplan analyze $OUT"
