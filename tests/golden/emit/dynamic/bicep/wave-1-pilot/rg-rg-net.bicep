// Written by meshplan; do not edit by hand.

resource vnet_vnet_spoke_a_snet_pe_now 'Microsoft.Network/virtualNetworks/subnets@2025-05-01' existing = {
  name: 'vnet-spoke-a/snet-pe'
}

module vnet_vnet_spoke_a_snet_pe 'subnet-change.bicep' = {
  name: 'mp-subnet-snet-pe-50d2c2'
  params: {
    vnetName: 'vnet-spoke-a'
    name: 'snet-pe'
    current: vnet_vnet_spoke_a_snet_pe_now.properties
    changes: {
      privateEndpointNetworkPolicies: 'RouteTableEnabled'
    }
  }
}

resource vnet_vnet_spoke_a_now 'Microsoft.Network/virtualNetworks@2025-07-01' existing = {
  name: 'vnet-spoke-a'
}

module vnet_vnet_spoke_a 'vnet-change.bicep' = {
  name: 'mp-vnet-vnet-spoke-a-94b8e0'
  params: {
    name: 'vnet-spoke-a'
    location: vnet_vnet_spoke_a_now.location
    tags: vnet_vnet_spoke_a_now.?tags ?? {}
    current: vnet_vnet_spoke_a_now.properties
    changes: {
      privateEndpointVNetPolicies: 'Basic'
    }
  }
  dependsOn: [
    vnet_vnet_spoke_a_snet_pe
  ]
}
