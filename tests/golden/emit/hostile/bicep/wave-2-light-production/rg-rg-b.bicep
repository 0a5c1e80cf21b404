// Written by meshplan; do not edit by hand.

resource vnet_spoke_c_now 'Microsoft.Network/virtualNetworks@2025-07-01' existing = {
  name: 'spoke-c-é日'
}

module vnet_spoke_c 'vnet-change.bicep' = {
  name: 'mp-vnet-spoke-c-7ad7cc'
  params: {
    name: 'spoke-c-é日'
    location: vnet_spoke_c_now.location
    tags: vnet_spoke_c_now.?tags ?? {}
    current: vnet_spoke_c_now.properties
    changes: {
      privateEndpointVNetPolicies: 'Basic'
    }
  }
}
