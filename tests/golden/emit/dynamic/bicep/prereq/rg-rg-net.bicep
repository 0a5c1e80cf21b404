// Written by meshplan; do not edit by hand.

resource vnet_vnet_hub 'Microsoft.Network/virtualNetworks@2025-07-01' = {
  name: 'vnet-hub'
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
        id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/GatewaySubnet'
        name: 'GatewaySubnet'
        properties: {
          addressPrefix: '10.0.0.0/27'
        }
      }
      {
        id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-shared'
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
            id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke-a'
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
    env: 'prod'
    owner: 'net team'
  }
}

resource vnet_vnet_spoke_a 'Microsoft.Network/virtualNetworks@2025-05-01' = {
  name: 'vnet-spoke-a'
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
        id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke-a/subnets/snet-app'
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
        id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke-a/subnets/snet-pe'
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
        id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke-a/subnets/snet-db'
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
            id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub'
          }
          useRemoteGateways: true
        }
      }
    ]
    privateEndpointVNetPolicies: 'Basic'
  }
  tags: {
    env: 'prod'
    owner: 'net team'
  }
}
