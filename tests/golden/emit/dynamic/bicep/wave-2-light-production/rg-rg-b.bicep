// Written by meshplan; do not edit by hand.

resource vnet_vnet_spoke_c_now 'Microsoft.Network/virtualNetworks@2025-07-01' existing = {
  name: 'vnet-spoke-c'
}

module vnet_vnet_spoke_c 'vnet-change.bicep' = {
  name: 'mp-vnet-vnet-spoke-c-e24c31'
  params: {
    name: 'vnet-spoke-c'
    location: vnet_vnet_spoke_c_now.location
    tags: vnet_vnet_spoke_c_now.?tags ?? {}
    current: vnet_vnet_spoke_c_now.properties
    changes: {
      privateEndpointVNetPolicies: 'Basic'
    }
  }
}
