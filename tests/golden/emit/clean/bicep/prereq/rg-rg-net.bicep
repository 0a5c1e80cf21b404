// Written by meshplan; do not edit by hand.

resource vnet_vnet_hub_now 'Microsoft.Network/virtualNetworks@2025-07-01' existing = {
  name: 'vnet-hub'
}

module vnet_vnet_hub 'vnet-change.bicep' = {
  name: 'mp-vnet-vnet-hub-bdc87d'
  params: {
    name: 'vnet-hub'
    location: vnet_vnet_hub_now.location
    tags: vnet_vnet_hub_now.?tags ?? {}
    current: vnet_vnet_hub_now.properties
    changes: {
      summarizedGatewayPrefixes: {
        addressPrefixes: [
          '10.0.0.0/13'
        ]
      }
    }
  }
}
