#!/bin/sh
# tests/inputs.sh - complete and tolerant input (docs/inputs.md): pages of
# larger results fail with their row counts unless --allow-partial, which
# every output then repeats; input strings echoed on stderr are escaped.
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1
S=fixtures/sample
D=$TMPD/in
mkdir -p "$D"

# 1. Paging. One VNet of the sample, as every paged shape.
V='{"id":"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v1","name":"v1","type":"Microsoft.Network/virtualNetworks","properties":{"addressSpace":{"addressPrefixes":["10.0.0.0/16"]}}}'
printf '{"totalRecords":2994,"count":1,"data":[%s],"facets":[],"resultTruncated":"false","$skipToken":"tok1"}' "$V" > "$D/rest-graph.json"
printf '{"count":1,"data":[%s],"skip_token":"tok2","total_records":5}' "$V" > "$D/cli-graph.json"
printf '{"count":1,"data":[%s],"skip_token":null,"total_records":1}' "$V" > "$D/cli-last.json"
printf '{"data":[%s],"totalRecords":7}' "$V" > "$D/total.json"
printf '{"value":[%s],"nextLink":"https://management.azure.com/next?x=1"}' "$V" > "$D/rest-next.json"
printf '{"value":[%s],"nextLink":""}' "$V" > "$D/rest-last.json"
printf '{"value":[%s],"@odata.nextLink":"https://h/n"}' "$V" > "$D/odata.json"
printf '{"skipToken":"t3","data":[%s]}' "$V" > "$D/skiptoken.json"
for a in "rest-graph:1 of 2994 rows .\\\$skipToken is set.*--skip-token 'tok1'" \
    "cli-graph:1 of 5 rows .skip_token is set.*--skip-token 'tok2'" \
    "total:1 of 7 rows .totalRecords is larger" \
    "rest-next:1 rows, not all .nextLink is set.*az rest --method get --url 'https://management.azure.com/next\\?x=1'" \
    "odata:1 rows, not all .@odata.nextLink is set" \
    "skiptoken:1 rows, not all .skipToken is set.*'t3'"; do
	f=${a%%:*}
	expect_msg 3 "$f.json: error: one page of a larger result: the file holds ${a#*:}.*--allow-partial.*\[input-partial\]" \
	    "$MESHPLAN" analyze "$D/$f.json"
	# batch -j 2 parses every document whole: the same verdict.
	expect_msg 3 "$f.json: error: one page .*\[input-partial\]" \
	    "$MESHPLAN" batch -q -j 2 -o "$TMPD/b-$f" "$D/$f.json" "$S"
done
for f in cli-last rest-last; do
	expect_exit 0 "$MESHPLAN" analyze "$D/$f.json"
	if grep -q input-partial "$TMPD/err"; then
		fail "$f: the last page is not partial"
	else
		ok "$f: the last page is complete"
	fi
done
# --allow-partial: a warning, and every output repeats it.
expect_msg 0 "rest-graph.json: warning: one page .*planned on part of the estate" \
    "$MESHPLAN" plan --allow-partial -o "$TMPD/plan.json" "$D/rest-graph.json" "$S"
if python3 -c 'import json,sys; n=json.load(open(sys.argv[1]))["notes"]; sys.exit(0 if "PARTIAL INPUT" in n[0] and "1 of 2994 rows" in n[0] else 1)' "$TMPD/plan.json"; then
	ok "plan.json notes[0] says the input is partial (1 of 2994 rows)"
else
	fail "plan.json notes lack the partial-input warning"
fi
expect_exit 0 "$MESHPLAN" report --allow-partial --format md -o "$TMPD/r.md" "$D/rest-graph.json" "$S"
if grep -q "PARTIAL INPUT.*1 of 2994 rows" "$TMPD/r.md"; then
	ok "the Markdown report's banner says the input is partial"
else
	fail "the Markdown report has no partial-input banner"
fi
expect_exit 0 "$MESHPLAN" report --allow-partial --format html -o "$TMPD/r.html" "$D/rest-graph.json" "$S"
if grep -q "PARTIAL INPUT.*1 of 2994 rows" "$TMPD/r.html"; then
	ok "the HTML report's banner says the input is partial"
else
	fail "the HTML report has no partial-input banner"
fi
expect_exit 0 "$MESHPLAN" analyze --allow-partial --format sarif "$D/rest-graph.json" "$S"
if python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); n=r["runs"][0]["invocations"][0]["toolExecutionNotifications"]; sys.exit(0 if any(x["descriptor"]["id"]=="input-partial" and x["level"]=="warning" and "1 of 2994" in x["message"]["text"] for x in n) else 1)' "$TMPD/out"; then
	ok "SARIF carries the input-partial warning"
else
	fail "SARIF lacks the input-partial warning"
fi
expect_exit 0 "$MESHPLAN" batch -q --allow-partial -o "$TMPD/bp" "$D/rest-graph.json" "$S"
if grep -q "PARTIAL INPUT" "$TMPD/bp/plan.json" && grep -q "PARTIAL INPUT" "$TMPD/bp/report.md"; then
	ok "batch --allow-partial: plan.json and report.md say the input is partial"
else
	fail "batch --allow-partial outputs lack the warning"
fi
# The real page (azure-cli-extensions' recorded Resource Graph answer).
SH=$(shared_dir)
R=$SH/fixtures-real/azure-cli-extensions/resource-graph-query-page-skiptoken.json
if [ -n "$SH" ] && [ -f "$R" ]; then
	expect_msg 3 "error: one page of a larger result: the file holds 3 of 2994 rows" "$MESHPLAN" analyze "$R"
	expect_msg 0 "warning: one page of a larger result: the file holds 3 of 2994 rows" "$MESHPLAN" analyze --allow-partial "$R"
else
	echo "SKIP: ../shared/fixtures-real absent; the real Resource Graph page is not tried"
fi

# 2. Control characters in input strings are escaped on stderr.
printf '{"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v\\u001b[31mred\\n::error::x","type":"Microsoft.Network/virtualNetworks","properties":{"addressSpace":{"addressPrefixes":["10.0.0.300/16"]}}}' > "$D/ansi.json"
"$MESHPLAN" analyze "$D/ansi.json" > /dev/null 2> "$TMPD/err"
if grep -q 'v\\x1b\[31mred\\n::error::x' "$TMPD/err" &&
    ! grep -q "$(printf '\033')" "$TMPD/err" && ! grep -q '^::' "$TMPD/err"; then
	ok "an id with ESC and a newline is echoed escaped"
else
	cat -v "$TMPD/err" | head -5
	fail "control characters reach stderr raw"
fi
mkdir -p "$D/cc"
cp "$S/$(ls "$S" | head -1)" "$D/cc/"
printf '[{"id":' > "$D/cc/::error::bad.json"
(cd "$D/cc" && "$MESHPLAN" analyze "::error::bad.json") > /dev/null 2> "$TMPD/err"
if grep -q '^\./::error::bad.json' "$TMPD/err" && ! grep -q '^::' "$TMPD/err"; then
	ok "a file named ::error:: does not start a line"
else
	head -3 "$TMPD/err"
	fail "a file name starts a CI workflow command"
fi
# batch's table and inputs.tsv escape file names and messages too.
mkdir -p "$TMPD/esc"
cp "$S"/*.json "$TMPD/esc/"
printf '[{' > "$TMPD/esc/$(printf 'x\033[31m\tred\n.json')"
"$MESHPLAN" batch --keep-going -q -o "$TMPD/esc-out" "$TMPD/esc" > "$TMPD/out" 2> "$TMPD/err"
if [ -f "$TMPD/esc-out/inputs.tsv" ] && [ "$(wc -l < "$TMPD/esc-out/inputs.tsv")" -eq 4 ] &&
    grep -q 'x\\x1b\[31m\\tred\\n.json	2	error	left out' "$TMPD/esc-out/inputs.tsv" &&
    ! grep -q "$(printf '\033')" "$TMPD/out" "$TMPD/err" "$TMPD/esc-out/inputs.tsv"; then
	ok "batch escapes a file name with ESC, tab and newline in its table and inputs.tsv"
else
	cat -A "$TMPD/esc-out/inputs.tsv" 2>/dev/null | head
	fail "batch echoes control characters of file names"
fi

# 3. Walks and batches. A package.json in a walked directory is skipped
# with a note; named, it is an error. A bad CIDR fails the run (exit 3).
W=$TMPD/walk
mkdir -p "$W/sub1" "$W/tools"
cp "$S"/*.json "$W/sub1/"
printf '{"name": "x", "version": "1.0.0", "dependencies": {}}\n' > "$W/tools/package.json"
printf '[{"id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/bad", "type": "Microsoft.Network/virtualNetworks", "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.300/16"]}}}]\n' > "$W/sub1/zz-bad.json"
mkdir -p "$TMPD/w2" && cp -r "$W/sub1" "$W/tools" "$TMPD/w2/" && rm "$TMPD/w2/sub1/zz-bad.json"
expect_msg 0 "package.json: note: not an Azure export .*\[file-foreign\]" "$MESHPLAN" analyze "$TMPD/w2"
"$MESHPLAN" analyze --format json "$S" > "$TMPD/s.json"
"$MESHPLAN" analyze --format json "$TMPD/w2" > "$TMPD/w2.json" 2> /dev/null
if python3 -c 'import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); sys.exit(0 if a["estate"]==b["estate"] and a["coverage"]==b["coverage"] else 1)' "$TMPD/s.json" "$TMPD/w2.json"; then
	ok "a walk with a package.json gives the sample's estate"
else
	fail "a package.json in a walk changes the estate"
fi
expect_msg 3 "package.json: error: not a resource list.*\[shape-unknown\]" "$MESHPLAN" analyze "$W/tools/package.json"
expect_msg 3 "zz-bad.json: error: '10.0.0.300/16' is not a valid CIDR prefix.*\[cidr-invalid\] at /0/properties/addressSpace/addressPrefixes/0" "$MESHPLAN" analyze "$W"
expect_msg 3 "zz-bad.json: error: .*\[cidr-invalid\]" "$MESHPLAN" batch -q -o "$TMPD/bk0" "$W"
[ -e "$TMPD/bk0" ] && fail "batch with an input error wrote $TMPD/bk0" || ok "batch with an input error writes nothing"
# --keep-going plans around the broken file, says so everywhere, exit 0.
expect_msg 0 "--keep-going: 1 file left out; planning the rest" "$MESHPLAN" batch -q --keep-going -o "$TMPD/bk" "$W"
if grep -q "zz-bad.json	[0-9]*	error	left out (--keep-going): '10.0.0.300/16'" "$TMPD/bk/inputs.tsv" &&
    grep -q "package.json	[0-9]*	skipped	not an Azure export" "$TMPD/bk/inputs.tsv" &&
    grep -q "PARTIAL INPUT (--keep-going): 1 input file could not be used" "$TMPD/bk/report.md" &&
    python3 -c 'import json,sys; n=json.load(open(sys.argv[1]))["notes"][0]; sys.exit(0 if "--keep-going" in n and "zz-bad.json" in n else 1)' "$TMPD/bk/plan.json"; then
	ok "batch --keep-going: inputs.tsv, the report banner and plan.json notes name the file left out"
else
	cat "$TMPD/bk/inputs.tsv"
	fail "batch --keep-going outputs do not say what was left out"
fi
# The plan of the rest is the plan of the good files alone (notes aside).
expect_exit 0 "$MESHPLAN" plan -o "$TMPD/good.json" "$W/sub1/ergw-hub.learned.json" "$W/sub1/estate.json"
if python3 -c 'import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); a["notes"]=a["notes"][1:]; sys.exit(0 if a==b else 1)' "$TMPD/bk/plan.json" "$TMPD/good.json"; then
	ok "batch --keep-going plans exactly the files that were not left out"
else
	fail "batch --keep-going plan differs from the plan of the good files"
fi
# --exclude GLOB: by name or by path.
expect_exit 0 "$MESHPLAN" batch -q --exclude 'zz-*.json' --exclude '*/tools/*' -o "$TMPD/bx" "$W"
if grep -q "zz-bad.json	[0-9]*	skipped	--exclude zz-\*.json" "$TMPD/bx/inputs.tsv" &&
    grep -q "package.json	[0-9]*	skipped	--exclude \*/tools/\*" "$TMPD/bx/inputs.tsv"; then
	ok "batch --exclude skips by name and by path, and inputs.tsv says so"
else
	cat "$TMPD/bx/inputs.tsv"
	fail "batch --exclude"
fi
expect_exit 2 "$MESHPLAN" batch -o "$TMPD/by" --exclude

# 4. Names: VNets with the same name are told apart; an ambiguous --vnet
# lists the candidates; a route table in no input is said; "-" is stdin.
A=/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg-a/providers/Microsoft.Network
B=/subscriptions/00000000-0000-0000-0000-00000000000b/resourceGroups/rg-b/providers/Microsoft.Network
cat > "$D/dup.json" <<JSON
[{"id": "$A/virtualNetworks/workers-vnet", "type": "Microsoft.Network/virtualNetworks", "properties": {"addressSpace": {"addressPrefixes": ["10.9.0.0/16"]}, "subnets": [{"name": "s1", "properties": {"addressPrefix": "10.9.0.0/24", "routeTable": {"id": "$A/routeTables/rt-missing"}}}]}},
 {"id": "$B/virtualNetworks/workers-vnet", "type": "Microsoft.Network/virtualNetworks", "properties": {"addressSpace": {"addressPrefixes": ["10.9.0.0/16"]}}}]
JSON
expect_exit 0 "$MESHPLAN" analyze --verbose "$D/dup.json"
if grep -q "workers-vnet (resource group rg-a, subscription 00000000-0000-0000-0000-00000000000a) overlaps 1 other VNet: workers-vnet (resource group rg-b, subscription 00000000-0000-0000-0000-00000000000b)" "$TMPD/out"; then
	ok "two VNets named workers-vnet are told apart in the overlap finding"
else
	grep overlaps "$TMPD/out"
	fail "same-named VNets read alike"
fi
if grep -q "^  MP104  workers-vnet (resource group rg-a, subscription 00000000-0000-0000-0000-00000000000a)  " "$TMPD/out" &&
    grep -q "^  MP104  workers-vnet (resource group rg-b, subscription 00000000-0000-0000-0000-00000000000b)  " "$TMPD/out"; then
	ok "the text report names same-named VNets with resource group and subscription"
else
	tail -5 "$TMPD/out"
	fail "the text report's names read alike"
fi
expect_msg 2 "more than one VNet 'workers-vnet' in the input; give one of these resource ids:" "$MESHPLAN" routes --vnet workers-vnet "$D/dup.json"
if grep -q "^  $A/virtualNetworks/workers-vnet\$" "$TMPD/err" && grep -q "^  $B/virtualNetworks/workers-vnet\$" "$TMPD/err"; then
	ok "an ambiguous --vnet lists both candidate ids"
else
	fail "an ambiguous --vnet does not list the candidates"
fi
expect_msg 0 "warning: subnet .*/s1 uses route table $A/routeTables/rt-missing, which is in no input" "$MESHPLAN" routes --vnet "$A/virtualNetworks/workers-vnet" "$D/dup.json"
grep -q "^Route table $A/routeTables/rt-missing is in no input" "$TMPD/out" &&
    ok "routes says that the subnet's route table is missing" ||
    fail "routes leaves out a missing route table silently"
"$MESHPLAN" analyze --format json "$S" > "$TMPD/files.json" 2> /dev/null
"$MESHPLAN" analyze --format json - "$S/ergw-hub.learned.json" < "$S/estate.json" > "$TMPD/stdin.json" 2> /dev/null
if python3 -c 'import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); k=("estate","hubs","hairpins","coverage"); sys.exit(0 if all(a[x]==b[x] for x in k) and [f["file"] for f in b["findings"] if f["file"]]==["-"]*len([f for f in b["findings"] if f["file"]]) else 1)' "$TMPD/files.json" "$TMPD/stdin.json"; then
	ok "'-' reads an input from standard input (same analysis as the file)"
else
	fail "'-' as an input"
fi
printf '[{' | "$MESHPLAN" analyze - > /dev/null 2> "$TMPD/err"
grep -q '^-:.*\[json-truncated\]' "$TMPD/err" && ok "a bad standard input is named '-'" || fail "stdin diagnostics"

# 5. Limits. A 1.4 KB template whose 12 variables each concat four copies
# of the one before (4^12 copies: 12 s and 690 MB before memo and bound).
python3 - "$D/bomb.json" <<'PY'
import json, sys
v = {"v0": "abcdefghij"}
for i in range(1, 13):
    p = "variables('v%d')" % (i - 1)
    v["v%d" % i] = "[concat(%s, %s, %s, %s)]" % (p, p, p, p)
json.dump({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    "contentVersion": "1.0.0.0", "variables": v,
    "resources": [{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01", "name": "vnet1",
        "tags": {"t": "[variables('v12')]"}, "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}}]},
    open(sys.argv[1], "w"))
PY
expect_msg 3 "error: \[variables\('v12'\)\]: a string longer than 16777216 bytes.*\[limit-expr-size\] at /resources/0/tags/t" \
    timeout 20 "$MESHPLAN" analyze --scope /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg "$D/bomb.json"

# A pattern whose matching runs into PCRE2's match limit stops the run,
# naming the pattern (it was "no match": a pilot or segment not applied).
python3 - "$D/rx.json" <<'PY'
import json, sys
sub = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network"
names = ["a" * 60 + "b", "spoke2"]
res = [{"id": sub + "/virtualNetworks/hub", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
        "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
                       "subnets": [{"name": "GatewaySubnet", "properties": {"addressPrefix": "10.0.0.0/24"}}],
                       "virtualNetworkPeerings": [{"name": "p%d" % i, "properties": {"remoteVirtualNetwork": {"id": sub + "/virtualNetworks/" + n},
                           "peeringState": "Connected", "allowGatewayTransit": True}} for i, n in enumerate(names)]}},
       {"id": sub + "/virtualNetworkGateways/gw", "type": "Microsoft.Network/virtualNetworkGateways",
        "properties": {"gatewayType": "ExpressRoute", "ipConfigurations": [{"name": "c", "properties": {"subnet": {"id": sub + "/virtualNetworks/hub/subnets/GatewaySubnet"}}}]}}]
for i, n in enumerate(names):
    res.append({"id": sub + "/virtualNetworks/" + n, "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
                "properties": {"addressSpace": {"addressPrefixes": ["10.%d.0.0/16" % (i + 1)]},
                               "virtualNetworkPeerings": [{"name": "h", "properties": {"remoteVirtualNetwork": {"id": sub + "/virtualNetworks/hub"},
                                   "peeringState": "Connected", "useRemoteGateways": True}}]}})
json.dump(res, open(sys.argv[1], "w"))
PY
printf 'mesh:\n  scope: all\nwaves:\n  pilot:\n    match:\n      name: "^(a|aa)+$"\n' > "$D/rx.yaml"
expect_msg 3 "rx.yaml: error: pattern '\\^\\(a\\|aa\\)\\+\\\$': PCRE2 error -47 \\(match limit exceeded\\) while matching 'a{60}b'.*\\[policy-regex\\]" \
    timeout 20 "$MESHPLAN" plan --policy "$D/rx.yaml" -o "$TMPD/rx-plan.json" "$D/rx.json"
[ -e "$TMPD/rx-plan.json" ] && fail "plan written despite policy-regex" || ok "nothing written after policy-regex"
printf 'mesh:\n  scope: all\nwaves:\n  pilot:\n    match:\n      name: "^a+b$"\n' > "$D/rx-ok.yaml"
expect_exit 0 "$MESHPLAN" plan --policy "$D/rx-ok.yaml" -o "$TMPD/rx-ok.json" "$D/rx.json"

# Policy YAML nesting is limited like JSON's (256): 100,000 levels took
# 53 s in libyaml; refused at once now, block or flow style.
python3 -c "
n = 100000
open('$D/deep-flow.yaml', 'w').write('limits: ' + '[' * n + ']' * n + '\\n')
open('$D/deep-block.yaml', 'w').write(''.join(' ' * i + 'k%d:\\n' % i for i in range(3000)))
"
expect_msg 3 "deep-flow.yaml:1:264: error: YAML nested deeper than 256 levels \\[limit-depth\\]" timeout 10 "$MESHPLAN" analyze --policy "$D/deep-flow.yaml" "$S"
expect_msg 3 "deep-block.yaml:257:257: error: YAML nested deeper than 256 levels \\[limit-depth\\]" timeout 10 "$MESHPLAN" analyze --policy "$D/deep-block.yaml" "$S"

# 3,000 subnets per VNet (Azure's limit) load; one more is limit-subnets.
python3 - "$D" <<'PY'
import json, sys
vid = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/big"
sn = [{"name": "s%d" % i, "properties": {"addressPrefix": "10.%d.%d.0/24" % (i // 256, i % 256)}} for i in range(3001)]
for n, name in ((3000, "big3000"), (3001, "big3001")):
    json.dump([{"id": vid, "type": "Microsoft.Network/virtualNetworks",
                "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/8"]}, "subnets": sn[:n]}}],
              open("%s/%s.json" % (sys.argv[1], name), "w"))
PY
expect_exit 0 "$MESHPLAN" analyze --format json "$D/big3000.json"
python3 -c 'import json,sys; r=[x for x in json.load(open(sys.argv[1]))["coverage"] if x["type"].endswith("/subnets")]; sys.exit(0 if r and r[0]["read"]==3000 else 1)' "$TMPD/out" &&
    ok "3,000 subnets in one VNet are read" || fail "3,000 subnets"
expect_msg 3 "big3001.json: error: the VNet has more than 3000 subnets .*\\[limit-subnets\\].*resource .*/virtualNetworks/big" "$MESHPLAN" analyze "$D/big3001.json"

# 6. Coverage by type, and existing AVNM topologies with their members.
SUB=/subscriptions/00000000-0000-0000-0000-000000000009/resourceGroups/rg/providers
NM=$SUB/Microsoft.Network/networkManagers/nm
cat > "$D/avnm.json" <<JSON
{"value": [
 {"id": "$SUB/Microsoft.Network/virtualNetworks/hub", "type": "Microsoft.Network/virtualNetworks", "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}},
 {"id": "$SUB/Microsoft.Network/virtualNetworks/spoke1", "type": "Microsoft.Network/virtualNetworks", "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}}},
 {"id": "$NM", "type": "Microsoft.Network/networkManagers", "properties": {"networkManagerScopes": {"subscriptions": ["/subscriptions/00000000-0000-0000-0000-000000000009"]}}},
 {"id": "$NM/networkGroups/g1", "type": "Microsoft.Network/networkManagers/networkGroups", "properties": {"memberType": "VirtualNetwork"}},
 {"id": "$NM/networkGroups/g1/staticMembers/m1", "type": "Microsoft.Network/networkManagers/networkGroups/staticMembers", "properties": {"resourceId": "$SUB/Microsoft.Network/virtualNetworks/spoke1"}},
 {"id": "$NM/networkGroups/g1/staticMembers/m2", "type": "Microsoft.Network/networkManagers/networkGroups/staticMembers", "properties": {"resourceId": "$SUB/Microsoft.Network/virtualNetworks/spoke2"}},
 {"id": "$NM/networkGroups/g2", "type": "Microsoft.Network/networkManagers/networkGroups", "properties": {"memberType": "VirtualNetwork"}},
 {"id": "$NM/connectivityConfigurations/hs", "type": "Microsoft.Network/networkManagers/connectivityConfigurations", "properties": {"connectivityTopology": "HubAndSpoke", "isGlobal": "False", "hubs": [{"resourceId": "$SUB/Microsoft.Network/virtualNetworks/hub", "resourceType": "Microsoft.Network/virtualNetworks"}, {"resourceId": "$SUB/Microsoft.Network/virtualNetworks/hub2"}], "appliesToGroups": [{"networkGroupId": "$NM/networkGroups/g1", "groupConnectivity": "DirectlyConnected"}, {"networkGroupId": "$NM/networkGroups/g3", "groupConnectivity": "None"}]}},
 {"id": "$SUB/Microsoft.Network/localNetworkGateways/onprem", "type": "Microsoft.Network/localNetworkGateways", "properties": {"localNetworkAddressSpace": {"addressPrefixes": ["192.168.0.0/16"]}}},
 {"id": "$SUB/Microsoft.Network/routeTables/rt", "type": "Microsoft.Network/routeTables", "properties": {"routes": [{"name": "r1", "properties": {"addressPrefix": "0.0.0.0/0", "nextHopType": "Internet"}}]}},
 {"id": "$SUB/Microsoft.KeyVault/vaults/kv", "type": "Microsoft.KeyVault/vaults", "properties": {}}
]}
JSON
expect_exit 0 "$MESHPLAN" analyze --format json "$D/avnm.json"
cp "$TMPD/out" "$TMPD/avnm.out"
# Expected rows, written by hand from the file above.
if python3 - "$TMPD/avnm.out" "$SUB" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); sub = sys.argv[2]
rows = {r["type"]: (r["read"], r["used"], r["ignored"], r["why"], r["referenced_not_seen"]) for r in d["coverage"]}
want = {
 "Microsoft.Network/virtualNetworks": (2, 2, 0, None, 2),   # hub2, spoke2
 "Microsoft.Network/localNetworkGateways": (1, 0, 1, "no connection in the input uses it", 0),
 "Microsoft.Network/routeTables": (1, 0, 1, "no subnet in the input uses it", 0),
 "Microsoft.Network/networkManagers": (1, 1, 0, None, 0),
 "Microsoft.Network/networkManagers/networkGroups": (2, 1, 1, "no connectivity configuration in the input applies to it", 1),  # g3
 "Microsoft.Network/networkManagers/networkGroups/staticMembers": (2, 1, 1, "its VNet is in no input", 0),
 "Microsoft.Network/networkManagers/connectivityConfigurations": (1, 1, 0, None, 0),
 "Microsoft.Network/routeTables/routes": (1, 1, 0, None, 0),
 "Microsoft.KeyVault/vaults": (1, 0, 1, "meshplan does not model this type", 0),
}
bad = [(t, rows.get(t), w) for t, w in want.items() if rows.get(t) != w]
bad += [(t, rows[t], None) for t in rows if t not in want]
c = d["avnm_configurations"]
ok = len(c) == 1 and c[0]["topology"] == "HubAndSpoke" and c[0]["global"] is False
ok = ok and [(h["id"].rsplit("/", 1)[1], h["seen"]) for h in c[0]["hubs"]] == [("hub", True), ("hub2", False)]
g = c[0]["groups"] if ok else []
ok = ok and [(x["id"].rsplit("/", 1)[1], x["seen"], x["connectivity"]) for x in g] == [("g1", True, "DirectlyConnected"), ("g3", False, "None")]
ok = ok and [(m["id"].rsplit("/", 1)[1], m["seen"]) for m in g[0]["members"]] == [("spoke1", True), ("spoke2", False)]
if bad or not ok:
    print(bad, json.dumps(c, indent=1)); sys.exit(1)
PY
then
	ok "coverage rows and the AVNM configuration (hubs, groups, members) are as the input says"
else
	fail "coverage or AVNM configuration differ from the input"
fi
expect_exit 0 "$MESHPLAN" analyze "$D/avnm.json"
if grep -q "^inputs by type" "$TMPD/out" &&
    grep -q "ignored: no connection in the input uses it" "$TMPD/out" &&
    grep -q "^  nm/hs  HubAndSpoke$" "$TMPD/out" &&
    grep -q "^    hub    hub2 (not in the input)$" "$TMPD/out" &&
    grep -q "^    group  nm/g1, DirectlyConnected, 2 members$" "$TMPD/out" &&
    grep -q "^      member spoke2 (not in the input)$" "$TMPD/out"; then
	ok "analyze text: inputs by type and the AVNM configuration with its members"
else
	cat "$TMPD/out"
	fail "analyze text lacks the coverage or AVNM sections"
fi
# A syntax error shows the file's line with a caret under the column, as
# compilers and jq do (an element of a list, read on its own, is shown
# from where it starts); so does a truncated list (its innermost open
# bracket).
printf '{\n  "value": [\n    {"id": "/x", "name": tru}\n  ]\n}\n' > "$TMPD/caret.json"
expect_exit 3 "$MESHPLAN" analyze "$TMPD/caret.json"
cat > "$TMPD/want" <<EOF
$TMPD/caret.json:3:28: error: invalid token near 'tru' [json-syntax]
 3 | ...{"id": "/x", "name": tru}
   |                           ^
EOF
if head -3 "$TMPD/err" | diff -u "$TMPD/want" - > "$TMPD/diff"; then
	ok "a syntax error shows its line and a caret under the column"
else
	cat "$TMPD/diff"
	fail "the syntax error's line and caret"
fi
printf '[\n  {"id": "/a", "type": "x"},\n  {"id": "/b",\n' > "$TMPD/cut.json"
expect_exit 3 "$MESHPLAN" analyze "$TMPD/cut.json"
cat > "$TMPD/want" <<EOF
$TMPD/cut.json:3:3: error: file ends with 2 unclosed bracket(s) (truncated?); the innermost opens here [json-truncated]
 3 |   {"id": "/b",
   |   ^
EOF
if head -3 "$TMPD/err" | diff -u "$TMPD/want" - > "$TMPD/diff"; then
	ok "a truncated list shows the line of its innermost open bracket"
else
	cat "$TMPD/diff"
	fail "the truncated list's line and caret"
fi
finish
