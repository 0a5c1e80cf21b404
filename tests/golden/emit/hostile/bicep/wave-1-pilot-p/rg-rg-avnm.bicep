// Written by meshplan; do not edit by hand.

resource nm_avnm_prod 'Microsoft.Network/networkManagers@2025-05-01' = {
  name: 'avnm-prod'
  location: 'eastus'
  properties: {
    description: 'AVNM mesh migration planned by meshplan'
    networkManagerScopes: {
      managementGroups: []
      subscriptions: [
        '/subscriptions/11111111-1111-1111-1111-111111111111'
        '/subscriptions/22222222-2222-2222-2222-222222222222'
      ]
    }
    networkManagerScopeAccesses: [
      'Connectivity'
      'SecurityAdmin'
    ]
  }
}

resource ng_ng_mesh_eastus 'Microsoft.Network/networkManagers/networkGroups@2025-05-01' = {
  parent: nm_avnm_prod
  name: 'ng-mesh-eastus'
  properties: {
    description: 'Members of mesh mesh-eastus'
    memberType: 'VirtualNetwork'
  }
}

resource sm_ng_mesh_eastus_sm_spoke_a_if 'Microsoft.Network/networkManagers/networkGroups/staticMembers@2025-05-01' = {
  parent: ng_ng_mesh_eastus
  name: 'sm-spoke-a-if'
  properties: {
    resourceId: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-"quoted"\${rg}/providers/Microsoft.Network/virtualNetworks/spoke\'a\\%{if}'
  }
}

resource cc_cc_mesh_eastus 'Microsoft.Network/networkManagers/connectivityConfigurations@2025-05-01' = {
  parent: nm_avnm_prod
  name: 'cc-mesh-eastus'
  properties: {
    description: 'Mesh mesh-eastus (eastus)'
    connectivityTopology: 'Mesh'
    appliesToGroups: [
      {
        groupConnectivity: 'None'
        isGlobal: 'False'
        networkGroupId: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod/networkGroups/ng-mesh-eastus'
        useHubGateway: 'False'
      }
    ]
    isGlobal: 'False'
    deleteExistingPeering: 'False'
    connectivityCapabilities: {
      connectedGroupAddressOverlap: 'Disallowed'
      connectedGroupPrivateEndpointsScale: 'HighScale'
      peeringEnforcement: 'Unenforced'
    }
  }
  dependsOn: [
    ng_ng_mesh_eastus
  ]
}

resource sac_meshplan_segments 'Microsoft.Network/networkManagers/securityAdminConfigurations@2025-05-01' = {
  parent: nm_avnm_prod
  name: 'meshplan-segments'
  properties: {
    applyOnNetworkIntentPolicyBasedServices: [
      'None'
    ]
    description: 'Segments kept apart in the mesh (meshplan)'
  }
}

resource ng_ng_seg_prod 'Microsoft.Network/networkManagers/networkGroups@2025-05-01' = {
  parent: nm_avnm_prod
  name: 'ng-seg-prod'
  properties: {
    description: 'Segment seg `*#[x](y)<b>'
    memberType: 'VirtualNetwork'
  }
}

resource ng_ng_seg_dev 'Microsoft.Network/networkManagers/networkGroups@2025-05-01' = {
  parent: nm_avnm_prod
  name: 'ng-seg-dev'
  properties: {
    description: 'Segment dev'
    memberType: 'VirtualNetwork'
  }
}

resource rc_deny_prod_dev 'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections@2025-05-01' = {
  parent: sac_meshplan_segments
  name: 'deny-prod-dev'
  properties: {
    appliesToGroups: [
      {
        networkGroupId: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod/networkGroups/ng-seg-prod'
      }
      {
        networkGroupId: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod/networkGroups/ng-seg-dev'
      }
    ]
    description: 'Deny seg `*#[x](y)<b> <-> dev'
  }
  dependsOn: [
    ng_ng_seg_prod
    ng_ng_seg_dev
  ]
}

resource rule_deny_prod_dev_deny_in_from_b 'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules@2025-05-01' = {
  parent: rc_deny_prod_dev
  name: 'deny-in-from-b'
  kind: 'Custom'
  properties: {
    access: 'Deny'
    description: 'Deny dev to seg `*#[x](y)<b>'
    destinationPortRanges: [
      '0-65535'
    ]
    destinations: [
      {
        addressPrefix: '10.1.0.0/16'
        addressPrefixType: 'IPPrefix'
      }
    ]
    direction: 'Inbound'
    priority: 100
    protocol: 'Any'
    sourcePortRanges: [
      '0-65535'
    ]
    sources: [
      {
        addressPrefix: '10.2.0.0/16'
        addressPrefixType: 'IPPrefix'
      }
      {
        addressPrefix: '10.3.0.0/24'
        addressPrefixType: 'IPPrefix'
      }
    ]
  }
}

resource rule_deny_prod_dev_deny_in_from_a 'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules@2025-05-01' = {
  parent: rc_deny_prod_dev
  name: 'deny-in-from-a'
  kind: 'Custom'
  properties: {
    access: 'Deny'
    description: 'Deny seg `*#[x](y)<b> to dev'
    destinationPortRanges: [
      '0-65535'
    ]
    destinations: [
      {
        addressPrefix: '10.2.0.0/16'
        addressPrefixType: 'IPPrefix'
      }
      {
        addressPrefix: '10.3.0.0/24'
        addressPrefixType: 'IPPrefix'
      }
    ]
    direction: 'Inbound'
    priority: 101
    protocol: 'Any'
    sourcePortRanges: [
      '0-65535'
    ]
    sources: [
      {
        addressPrefix: '10.1.0.0/16'
        addressPrefixType: 'IPPrefix'
      }
    ]
  }
}

resource sm_ng_seg_prod_sm_spoke_a_if_077e95 'Microsoft.Network/networkManagers/networkGroups/staticMembers@2025-05-01' = {
  parent: ng_ng_seg_prod
  name: 'sm-spoke-a-if-077e95'
  properties: {
    resourceId: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-"quoted"\${rg}/providers/Microsoft.Network/virtualNetworks/spoke\'a\\%{if}'
  }
}

resource commit_wave_1_connectivity 'Microsoft.Network/networkManagers/commits@2025-07-01' = {
  parent: nm_avnm_prod
  name: 'wave-1-connectivity'
  properties: {
    commitType: 'Connectivity'
    configurationIds: [
      '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod/connectivityConfigurations/cc-mesh-eastus'
    ]
    description: 'meshplan wave 1 (pilot "\${p}")'
    targetLocations: [
      'eastus'
    ]
  }
  dependsOn: [
    ng_ng_mesh_eastus
    sm_ng_mesh_eastus_sm_spoke_a_if
    cc_cc_mesh_eastus
    sac_meshplan_segments
    ng_ng_seg_prod
    ng_ng_seg_dev
    rc_deny_prod_dev
    rule_deny_prod_dev_deny_in_from_b
    rule_deny_prod_dev_deny_in_from_a
    sm_ng_seg_prod_sm_spoke_a_if_077e95
  ]
}

resource commit_wave_1_security 'Microsoft.Network/networkManagers/commits@2025-07-01' = {
  parent: nm_avnm_prod
  name: 'wave-1-security'
  properties: {
    commitType: 'SecurityAdmin'
    configurationIds: [
      '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod/securityAdminConfigurations/meshplan-segments'
    ]
    description: 'meshplan wave 1 (pilot "\${p}")'
    targetLocations: [
      'eastus'
    ]
  }
  dependsOn: [
    ng_ng_mesh_eastus
    sm_ng_mesh_eastus_sm_spoke_a_if
    cc_cc_mesh_eastus
    sac_meshplan_segments
    ng_ng_seg_prod
    ng_ng_seg_dev
    rc_deny_prod_dev
    rule_deny_prod_dev_deny_in_from_b
    rule_deny_prod_dev_deny_in_from_a
    sm_ng_seg_prod_sm_spoke_a_if_077e95
  ]
}
