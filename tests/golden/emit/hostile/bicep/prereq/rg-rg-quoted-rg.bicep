// Written by meshplan; do not edit by hand.

resource vnet_spoke_a_if 'Microsoft.Network/virtualNetworks@2025-05-01' = {
  name: 'spoke\'a\\%{if}'
  location: 'eastus'
  properties: {
    addressSpace: {
      addressPrefixes: [
        '10.1.0.0/16'
      ]
    }
    dhcpOptions: {
      dnsServers: [
        '10.0.0.4'
      ]
    }
    enableDdosProtection: false
    subnets: [
      {
        id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-"quoted"\${rg}/providers/Microsoft.Network/virtualNetworks/spoke\'a\\%{if}/subnets/snet-app'
        name: 'snet-app'
        properties: {
          addressPrefix: '10.1.0.0/24'
          delegations: [
            {
              id: 'x/delegations/del'
              name: 'del'
              properties: {
                serviceName: 'Microsoft.Web/serverFarms'
              }
            }
          ]
          networkSecurityGroup: {
            id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-net/providers/Microsoft.Network/networkSecurityGroups/nsg-app'
          }
          privateEndpointNetworkPolicies: 'Disabled'
          routeTable: {
            id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-net/providers/Microsoft.Network/routeTables/rt-spokes'
          }
          serviceEndpoints: [
            {
              locations: [
                'eastus'
              ]
              service: 'Microsoft.Storage'
            }
          ]
        }
      }
      {
        id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-"quoted"\${rg}/providers/Microsoft.Network/virtualNetworks/spoke\'a\\%{if}/subnets/snet-pe'
        name: 'snet-pe'
        properties: {
          addressPrefix: '10.1.1.0/24'
          delegations: [
            {
              id: 'x/delegations/del'
              name: 'del'
              properties: {
                serviceName: 'Microsoft.Web/serverFarms'
              }
            }
          ]
          networkSecurityGroup: {
            id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-net/providers/Microsoft.Network/networkSecurityGroups/nsg-app'
          }
          privateEndpointNetworkPolicies: 'RouteTableEnabled'
          routeTable: {
            id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-net/providers/Microsoft.Network/routeTables/rt-spokes'
          }
          serviceEndpoints: [
            {
              locations: [
                'eastus'
              ]
              service: 'Microsoft.Storage'
            }
          ]
        }
      }
      {
        id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-"quoted"\${rg}/providers/Microsoft.Network/virtualNetworks/spoke\'a\\%{if}/subnets/snet-db'
        name: 'snet-db'
        properties: {
          addressPrefix: '10.1.2.0/24'
        }
      }
    ]
    virtualNetworkPeerings: [
      {
        id: 'peer-id'
        name: 'to-remote'
        properties: {
          allowForwardedTraffic: true
          allowGatewayTransit: false
          allowVirtualNetworkAccess: true
          peeringState: 'Connected'
          remoteVirtualNetwork: {
            id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-"quoted"\${rg}/providers/Microsoft.Network/virtualNetworks/vnet-hub"\${x}'
          }
          useRemoteGateways: true
        }
      }
    ]
    privateEndpointVNetPolicies: 'Basic'
  }
  tags: {
    env: 'v"\'\${var.x}%{ if 1 }\\\n]x['
    owner: 'net team'
  }
}

resource vnet_vnet_hub_x 'Microsoft.Network/virtualNetworks@2025-07-01' = {
  name: 'vnet-hub"\${x}'
  location: 'eastus'
  properties: {
    addressSpace: {
      addressPrefixes: [
        '10.0.0.0/16'
      ]
    }
    dhcpOptions: {
      dnsServers: [
        '10.0.0.4'
      ]
    }
    enableDdosProtection: false
    subnets: [
      {
        id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-"quoted"\${rg}/providers/Microsoft.Network/virtualNetworks/vnet-hub"\${x}/subnets/GatewaySubnet'
        name: 'GatewaySubnet'
        properties: {
          addressPrefix: '10.0.0.0/27'
        }
      }
      {
        id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-"quoted"\${rg}/providers/Microsoft.Network/virtualNetworks/vnet-hub"\${x}/subnets/snet-shared'
        name: 'snet-shared'
        properties: {
          addressPrefix: '10.0.1.0/24'
          delegations: [
            {
              id: 'x/delegations/del'
              name: 'del'
              properties: {
                serviceName: 'Microsoft.Web/serverFarms'
              }
            }
          ]
          networkSecurityGroup: {
            id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-net/providers/Microsoft.Network/networkSecurityGroups/nsg-app'
          }
          privateEndpointNetworkPolicies: 'Disabled'
          routeTable: {
            id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-net/providers/Microsoft.Network/routeTables/rt-spokes'
          }
          serviceEndpoints: [
            {
              locations: [
                'eastus'
              ]
              service: 'Microsoft.Storage'
            }
          ]
        }
      }
    ]
    virtualNetworkPeerings: [
      {
        id: 'peer-id'
        name: 'to-remote'
        properties: {
          allowForwardedTraffic: true
          allowGatewayTransit: false
          allowVirtualNetworkAccess: true
          peeringState: 'Connected'
          remoteVirtualNetwork: {
            id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-"quoted"\${rg}/providers/Microsoft.Network/virtualNetworks/spoke\'a\\%{if}'
          }
          useRemoteGateways: true
        }
      }
    ]
    summarizedGatewayPrefixes: {
      addressPrefixes: [
        '10.0.0.0/13'
      ]
    }
  }
  tags: {
    env: 'v"\'\${var.x}%{ if 1 }\\\n]x['
    owner: 'net team'
  }
}
