# Written by meshplan; do not edit by hand.

resource "azapi_update_resource" "vnet_vnet_hub_x" {
  type        = "Microsoft.Network/virtualNetworks@2025-07-01"
  resource_id = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-\"quoted\"$${rg}/providers/Microsoft.Network/virtualNetworks/vnet-hub\"$${x}"
  body = {
    properties = {
      summarizedGatewayPrefixes = {
        addressPrefixes = ["10.0.0.0/13"]
      }
    }
  }
  locks = ["/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-\"quoted\"$${rg}/providers/Microsoft.Network/virtualNetworks/vnet-hub\"$${x}"]
}

resource "azapi_resource_action" "feature_allowhighscaleconnectedgroup_11111111_1111_1" {
  type        = "Microsoft.Features/providers/features@2021-07-01"
  resource_id = "/subscriptions/11111111-1111-1111-1111-111111111111/providers/Microsoft.Features/providers/Microsoft.Network/features/AllowHighScaleConnectedGroup"
  action      = "register"
  method      = "POST"
}
