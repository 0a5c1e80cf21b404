// Written by meshplan; do not edit by hand.

resource vnet_spoke_a_if_snet_pe_now 'Microsoft.Network/virtualNetworks/subnets@2025-05-01' existing = {
  name: 'spoke\'a\\%{if}/snet-pe'
}

module vnet_spoke_a_if_snet_pe 'subnet-change.bicep' = {
  name: 'mp-subnet-snet-pe-1c95f4'
  params: {
    vnetName: 'spoke\'a\\%{if}'
    name: 'snet-pe'
    current: vnet_spoke_a_if_snet_pe_now.properties
    changes: {
      privateEndpointNetworkPolicies: 'RouteTableEnabled'
    }
  }
}

resource vnet_spoke_a_if_now 'Microsoft.Network/virtualNetworks@2025-07-01' existing = {
  name: 'spoke\'a\\%{if}'
}

module vnet_spoke_a_if 'vnet-change.bicep' = {
  name: 'mp-vnet-spoke-a-if-2d46ca'
  params: {
    name: 'spoke\'a\\%{if}'
    location: vnet_spoke_a_if_now.location
    tags: vnet_spoke_a_if_now.?tags ?? {}
    current: vnet_spoke_a_if_now.properties
    changes: {
      privateEndpointVNetPolicies: 'Basic'
    }
  }
  dependsOn: [
    vnet_spoke_a_if_snet_pe
  ]
}
