// Written by meshplan; do not edit by hand.

resource vnet_vnet_hub_x_now 'Microsoft.Network/virtualNetworks@2025-07-01' existing = {
  name: 'vnet-hub"\${x}'
}

module vnet_vnet_hub_x 'vnet-change.bicep' = {
  name: 'mp-vnet-vnet-hub-x-3d71c5'
  params: {
    name: 'vnet-hub"\${x}'
    location: vnet_vnet_hub_x_now.location
    tags: vnet_vnet_hub_x_now.?tags ?? {}
    current: vnet_vnet_hub_x_now.properties
    changes: {
      summarizedGatewayPrefixes: {
        addressPrefixes: [
          '10.0.0.0/13'
        ]
      }
    }
  }
}
