# Written by meshplan; do not edit by hand.

resource "azapi_update_resource" "vnet_vnet_spoke_a_snet_pe" {
  type        = "Microsoft.Network/virtualNetworks/subnets@2025-05-01"
  resource_id = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke-a/subnets/snet-pe"
  body = {
    properties = {
      privateEndpointNetworkPolicies = "RouteTableEnabled"
    }
  }
  locks = ["/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke-a"]
}

resource "azapi_update_resource" "vnet_vnet_spoke_a" {
  type        = "Microsoft.Network/virtualNetworks@2025-05-01"
  resource_id = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke-a"
  body = {
    properties = {
      privateEndpointVNetPolicies = "Basic"
    }
  }
  locks      = ["/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke-a"]
  depends_on = [azapi_update_resource.vnet_vnet_spoke_a_snet_pe]
}

resource "azurerm_network_manager" "nm_avnm_prod" {
  name                = "avnm-prod"
  resource_group_name = "rg-avnm"
  location            = "eastus"
  description         = "AVNM mesh migration planned by meshplan"
  scope_accesses      = ["Connectivity", "SecurityAdmin"]
  scope {
    subscription_ids = ["/subscriptions/11111111-1111-1111-1111-111111111111", "/subscriptions/22222222-2222-2222-2222-222222222222"]
  }
}

resource "azurerm_network_manager_network_group" "ng_ng_mesh_eastus" {
  name               = "ng-mesh-eastus"
  network_manager_id = azurerm_network_manager.nm_avnm_prod.id
  description        = "Members of mesh mesh-eastus"
}

resource "azurerm_policy_definition" "pd_avnm_ng_mesh_eastus_11111111_1111_1111_1111_11111" {
  name         = "avnm-ng-mesh-eastus"
  policy_type  = "Custom"
  mode         = "Microsoft.Network.Data"
  display_name = "AVNM: tagged VNets join ng-mesh-eastus"
  policy_rule = jsonencode({
    if = {
      allOf = [
        {
          equals = "Microsoft.Network/virtualNetworks"
          field  = "type"
        },
        {
          equals = "prod"
          field  = "tags['avnm-mesh']"
        },
        {
          equals = "eastus"
          field  = "location"
        },
      ]
    }
    then = {
      details = {
        networkGroupId = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod/networkGroups/ng-mesh-eastus"
      }
      effect = "addToNetworkGroup"
    }
  })
}

resource "azurerm_subscription_policy_assignment" "pa_avnm_ng_mesh_eastus_11111111_1111_1111_1111_11111" {
  name                 = "avnm-ng-mesh-eastus"
  subscription_id      = "/subscriptions/11111111-1111-1111-1111-111111111111"
  policy_definition_id = azurerm_policy_definition.pd_avnm_ng_mesh_eastus_11111111_1111_1111_1111_11111.id
  display_name         = "AVNM membership: ng-mesh-eastus"
}

resource "azurerm_policy_definition" "pd_avnm_ng_mesh_eastus_22222222_2222_2222_2222_22222" {
  provider     = azurerm.sub_r_22222222_2222_2222_2222_222222222222
  name         = "avnm-ng-mesh-eastus"
  policy_type  = "Custom"
  mode         = "Microsoft.Network.Data"
  display_name = "AVNM: tagged VNets join ng-mesh-eastus"
  policy_rule = jsonencode({
    if = {
      allOf = [
        {
          equals = "Microsoft.Network/virtualNetworks"
          field  = "type"
        },
        {
          equals = "prod"
          field  = "tags['avnm-mesh']"
        },
        {
          equals = "eastus"
          field  = "location"
        },
      ]
    }
    then = {
      details = {
        networkGroupId = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod/networkGroups/ng-mesh-eastus"
      }
      effect = "addToNetworkGroup"
    }
  })
}

resource "azurerm_subscription_policy_assignment" "pa_avnm_ng_mesh_eastus_22222222_2222_2222_2222_22222" {
  provider             = azurerm.sub_r_22222222_2222_2222_2222_222222222222
  name                 = "avnm-ng-mesh-eastus"
  subscription_id      = "/subscriptions/22222222-2222-2222-2222-222222222222"
  policy_definition_id = azurerm_policy_definition.pd_avnm_ng_mesh_eastus_22222222_2222_2222_2222_22222.id
  display_name         = "AVNM membership: ng-mesh-eastus"
}

resource "azurerm_network_manager_connectivity_configuration" "cc_cc_mesh_eastus" {
  name                                    = "cc-mesh-eastus"
  network_manager_id                      = azurerm_network_manager.nm_avnm_prod.id
  connectivity_topology                   = "Mesh"
  description                             = "Mesh mesh-eastus (eastus)"
  global_mesh_enabled                     = false
  delete_existing_peering_enabled         = false
  connected_group_private_endpoints_scale = "HighScale"
  connected_group_address_overlap_enabled = false
  peering_enforcement_enabled             = false
  applies_to_group {
    group_connectivity  = "None"
    network_group_id    = azurerm_network_manager_network_group.ng_ng_mesh_eastus.id
    global_mesh_enabled = false
  }
}

resource "azurerm_network_manager_security_admin_configuration" "sac_meshplan_segments" {
  name                                          = "meshplan-segments"
  network_manager_id                            = azurerm_network_manager.nm_avnm_prod.id
  description                                   = "Segments kept apart in the mesh (meshplan)"
  apply_on_network_intent_policy_based_services = ["None"]
}

resource "azurerm_network_manager_network_group" "ng_ng_seg_prod" {
  name               = "ng-seg-prod"
  network_manager_id = azurerm_network_manager.nm_avnm_prod.id
  description        = "Segment prod"
}

resource "azurerm_network_manager_network_group" "ng_ng_seg_dev" {
  name               = "ng-seg-dev"
  network_manager_id = azurerm_network_manager.nm_avnm_prod.id
  description        = "Segment dev"
}

resource "azurerm_network_manager_admin_rule_collection" "rc_deny_prod_dev" {
  name                            = "deny-prod-dev"
  security_admin_configuration_id = azurerm_network_manager_security_admin_configuration.sac_meshplan_segments.id
  description                     = "Deny prod <-> dev"
  network_group_ids               = [azurerm_network_manager_network_group.ng_ng_seg_prod.id, azurerm_network_manager_network_group.ng_ng_seg_dev.id]
}

resource "azurerm_network_manager_admin_rule" "rule_deny_prod_dev_deny_in_from_b" {
  name                     = "deny-in-from-b"
  admin_rule_collection_id = azurerm_network_manager_admin_rule_collection.rc_deny_prod_dev.id
  action                   = "Deny"
  direction                = "Inbound"
  priority                 = 100
  protocol                 = "Any"
  description              = "Deny dev to prod"
  source_port_ranges       = ["0-65535"]
  destination_port_ranges  = ["0-65535"]
  source {
    address_prefix      = "10.2.0.0/16"
    address_prefix_type = "IPPrefix"
  }
  source {
    address_prefix      = "10.3.0.0/24"
    address_prefix_type = "IPPrefix"
  }
  destination {
    address_prefix      = "10.1.0.0/16"
    address_prefix_type = "IPPrefix"
  }
}

resource "azurerm_network_manager_admin_rule" "rule_deny_prod_dev_deny_in_from_a" {
  name                     = "deny-in-from-a"
  admin_rule_collection_id = azurerm_network_manager_admin_rule_collection.rc_deny_prod_dev.id
  action                   = "Deny"
  direction                = "Inbound"
  priority                 = 101
  protocol                 = "Any"
  description              = "Deny prod to dev"
  source_port_ranges       = ["0-65535"]
  destination_port_ranges  = ["0-65535"]
  source {
    address_prefix      = "10.1.0.0/16"
    address_prefix_type = "IPPrefix"
  }
  destination {
    address_prefix      = "10.2.0.0/16"
    address_prefix_type = "IPPrefix"
  }
  destination {
    address_prefix      = "10.3.0.0/24"
    address_prefix_type = "IPPrefix"
  }
}

resource "azurerm_network_manager_static_member" "sm_ng_seg_prod_sm_vnet_spoke_a" {
  name                      = "sm-vnet-spoke-a"
  network_group_id          = azurerm_network_manager_network_group.ng_ng_seg_prod.id
  target_virtual_network_id = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke-a"
}
