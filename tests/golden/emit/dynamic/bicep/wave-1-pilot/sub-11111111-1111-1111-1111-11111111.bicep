// Written by meshplan; do not edit by hand.
targetScope = 'subscription'

resource pd_avnm_ng_mesh_eastus_11111111_1111_1111_1111_11111 'Microsoft.Authorization/policyDefinitions@2025-03-01' = {
  name: 'avnm-ng-mesh-eastus'
  properties: {
    displayName: 'AVNM: tagged VNets join ng-mesh-eastus'
    mode: 'Microsoft.Network.Data'
    policyType: 'Custom'
    policyRule: {
      if: {
        allOf: [
          {
            equals: 'Microsoft.Network/virtualNetworks'
            field: 'type'
          }
          {
            equals: 'prod'
            field: 'tags[\'avnm-mesh\']'
          }
          {
            equals: 'eastus'
            field: 'location'
          }
        ]
      }
      then: {
        details: {
          networkGroupId: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod/networkGroups/ng-mesh-eastus'
        }
        effect: 'addToNetworkGroup'
      }
    }
  }
}

resource pa_avnm_ng_mesh_eastus_11111111_1111_1111_1111_11111 'Microsoft.Authorization/policyAssignments@2025-03-01' = {
  name: 'avnm-ng-mesh-eastus'
  properties: {
    displayName: 'AVNM membership: ng-mesh-eastus'
    policyDefinitionId: '/subscriptions/11111111-1111-1111-1111-111111111111/providers/Microsoft.Authorization/policyDefinitions/avnm-ng-mesh-eastus'
  }
  dependsOn: [
    pd_avnm_ng_mesh_eastus_11111111_1111_1111_1111_11111
  ]
}
