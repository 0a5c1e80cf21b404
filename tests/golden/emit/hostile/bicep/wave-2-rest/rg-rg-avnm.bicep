// Written by meshplan; do not edit by hand.

resource nm_avnm_prod 'Microsoft.Network/networkManagers@2025-05-01' existing = {
  name: 'avnm-prod'
}

resource ng_ng_mesh_eastus 'Microsoft.Network/networkManagers/networkGroups@2025-05-01' existing = {
  parent: nm_avnm_prod
  name: 'ng-mesh-eastus'
}

resource sm_ng_mesh_eastus_sm_spoke_b_new_line 'Microsoft.Network/networkManagers/networkGroups/staticMembers@2025-05-01' = {
  parent: ng_ng_mesh_eastus
  name: 'sm-spoke-b-new-line'
  properties: {
    resourceId: '/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-b/providers/Microsoft.Network/virtualNetworks/spoke-b\nnew line'
  }
}

resource sm_ng_mesh_eastus_sm_spoke_c 'Microsoft.Network/networkManagers/networkGroups/staticMembers@2025-05-01' = {
  parent: ng_ng_mesh_eastus
  name: 'sm-spoke-c'
  properties: {
    resourceId: '/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-b/providers/Microsoft.Network/virtualNetworks/spoke-c-é日'
  }
}

resource ng_ng_seg_dev 'Microsoft.Network/networkManagers/networkGroups@2025-05-01' existing = {
  parent: nm_avnm_prod
  name: 'ng-seg-dev'
}

resource sm_ng_seg_dev_sm_spoke_b_new_line_2802d3 'Microsoft.Network/networkManagers/networkGroups/staticMembers@2025-05-01' = {
  parent: ng_ng_seg_dev
  name: 'sm-spoke-b-new-line-2802d3'
  properties: {
    resourceId: '/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-b/providers/Microsoft.Network/virtualNetworks/spoke-b\nnew line'
  }
}

resource commit_wave_2_connectivity 'Microsoft.Network/networkManagers/commits@2025-07-01' = {
  parent: nm_avnm_prod
  name: 'wave-2-connectivity'
  properties: {
    commitType: 'Connectivity'
    configurationIds: [
      '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod/connectivityConfigurations/cc-mesh-eastus'
    ]
    description: 'meshplan wave 2 (rest)'
    targetLocations: [
      'eastus'
      'westus'
    ]
  }
  dependsOn: [
    sm_ng_mesh_eastus_sm_spoke_b_new_line
    sm_ng_mesh_eastus_sm_spoke_c
    sm_ng_seg_dev_sm_spoke_b_new_line_2802d3
  ]
}

resource commit_wave_2_security 'Microsoft.Network/networkManagers/commits@2025-07-01' = {
  parent: nm_avnm_prod
  name: 'wave-2-security'
  properties: {
    commitType: 'SecurityAdmin'
    configurationIds: [
      '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod/securityAdminConfigurations/meshplan-segments'
    ]
    description: 'meshplan wave 2 (rest)'
    targetLocations: [
      'eastus'
      'westus'
    ]
  }
  dependsOn: [
    sm_ng_mesh_eastus_sm_spoke_b_new_line
    sm_ng_mesh_eastus_sm_spoke_c
    sm_ng_seg_dev_sm_spoke_b_new_line_2802d3
  ]
}
