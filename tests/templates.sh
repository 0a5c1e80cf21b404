#!/bin/sh
# tests/templates.sh - ARM templates through the command line
# (docs/inputs.md "ARM templates"): --parameters, --location and --scope
# FILE=ID are parsed and refused when malformed (exit 2); a parameters file
# beside its template applies; a placeholder id fails the run (exit 3); the
# real templates of ../shared/fixtures-real read as what they deploy.
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1
D=$TMPD/tpl
mkdir -p "$D/p"

cat > "$D/p/azuredeploy.json" <<'EOF'
{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
 "contentVersion": "1.0.0.0",
 "parameters": {"name": {"type": "string", "defaultValue": "dflt"},
   "location": {"type": "string", "defaultValue": "[resourceGroup().location]"}},
 "variables": {"vnet": "[format('{0}-{1}', parameters('name'), parameters('location'))]"},
 "resources": [{"type": "Microsoft.Network/virtualNetworks",
   "name": "[variables('vnet')]", "location": "[parameters('location')]",
   "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
     "subnets": [{"name": "GatewaySubnet", "properties": {"addressPrefix": "10.0.255.0/27"}}]}},
  {"type": "Microsoft.Network/virtualNetworkGateways", "name": "gw",
   "location": "[parameters('location')]",
   "properties": {"gatewayType": "ExpressRoute", "sku": {"name": "ErGw1AZ"},
     "ipConfigurations": [{"name": "c", "properties": {"subnet": {"id":
       "[resourceId('Microsoft.Network/virtualNetworks/subnets', variables('vnet'), 'GatewaySubnet')]"}}}]}}]}
EOF
cat > "$D/p/azuredeploy.parameters.json" <<'EOF'
{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
 "contentVersion": "1.0.0.0", "parameters": {"name": {"value": "given"}}}
EOF
R=/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-t

# 1. Options.
expect_msg 2 "--parameters wants TEMPLATE=FILE" \
    "$MESHPLAN" analyze --parameters nofile "$D/p"
expect_msg 2 "--scope wants ID or FILE=ID" \
    "$MESHPLAN" analyze --scope "$D/p/azuredeploy.json=" "$D/p"
expect_msg 2 "--scope ID given twice" \
    "$MESHPLAN" analyze --scope "$R" --scope "$R" "$D/p"
expect_msg 2 "--location needs a value" "$MESHPLAN" analyze --location

# 2. The parameters file beside the template, --location, --scope once.
expect_msg 0 "parameters from .*azuredeploy.parameters.json applied" \
    "$MESHPLAN" analyze --format json --location westus --scope "$R" "$D/p"
if grep -q '"vnets": 1' "$TMPD/out" &&
    ! grep -q "scope-unknown" "$TMPD/err" &&
    grep -q "\"id\": \"$R/providers/Microsoft.Network/virtualNetworks/given-westus\"" \
    "$TMPD/out" && grep -q '"region": "westus"' "$TMPD/out"; then
	ok "the hub is given-westus, in westus, in the --scope group"
else
	cat "$TMPD/out" "$TMPD/err"
	fail "the parameters file, --location or --scope was not applied"
fi
# --scope FILE=ID for that file.
expect_exit 0 "$MESHPLAN" analyze --scope "$D/p/azuredeploy.json=$R" "$D/p"
grep -q "scope-unknown" "$TMPD/err" &&
    fail "--scope FILE=ID did not scope the file" ||
    ok "--scope FILE=ID scopes the file"

# 3. A placeholder where an id belongs: exit 3, the field and the value.
cat > "$D/conn.json" <<'EOF'
{"id": "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/connections/c",
 "type": "Microsoft.Network/connections", "name": "c",
 "properties": {"connectionType": "ExpressRoute", "peer": {"id": "EXPRESSROUTE_CIRCUIT1_ID"}}}
EOF
expect_msg 3 "peer.id is 'EXPRESSROUTE_CIRCUIT1_ID', not an Azure resource id.*\[id-placeholder\]" \
    "$MESHPLAN" analyze "$D/conn.json"

# 4. The real templates (estates checked in tests/unit/test_template.c):
# each reads its VNets; none is an empty estate that exits 0 silently.
SHARED=$(shared_dir)
if [ -n "$SHARED" ] && [ -d "$SHARED/fixtures-real" ]; then
	F=$SHARED/fixtures-real
	for t in mspnp-samples-azure-hub-spoke:3 \
	    azure-netsec-azfw-dnsproxy-hubspoke:3 alz-bicep-hubNetworking:1 \
	    quickstart-expressroute-private-peering-vnet:1; do
		dir=${t%:*} n=${t#*:}
		"$MESHPLAN" analyze --format json --location eastus \
		    --scope "$R" "$F/$dir" > "$TMPD/out" 2> "$TMPD/err"
		if grep -q "\"vnets\": $n," "$TMPD/out" &&
		    ! grep -q "template-no-vnet" "$TMPD/err"; then
			ok "$dir: $n VNet(s)"
		else
			head -5 "$TMPD/err"
			fail "$dir: not $n VNet(s)"
		fi
	done
else
	echo "SKIP: ../shared/fixtures-real absent; real templates skipped"
fi
finish
