# Written by meshplan; do not edit by hand.

resource "azurerm_network_manager_static_member" "sm_ng_seg_dev_sm_vnet_spoke_b" {
  name                      = "sm-vnet-spoke-b"
  network_group_id          = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod/networkGroups/ng-seg-dev"
  target_virtual_network_id = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-b/providers/Microsoft.Network/virtualNetworks/vnet-spoke-b"
}

resource "azurerm_network_manager_deployment" "commit_wave_2_connectivity_eastus" {
  network_manager_id = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod"
  location           = "eastus"
  scope_access       = "Connectivity"
  configuration_ids  = ["/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod/connectivityConfigurations/cc-mesh-eastus"]
}

resource "azurerm_network_manager_deployment" "commit_wave_2_connectivity_westus" {
  network_manager_id = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod"
  location           = "westus"
  scope_access       = "Connectivity"
  configuration_ids  = ["/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod/connectivityConfigurations/cc-mesh-eastus"]
}

resource "azurerm_network_manager_deployment" "commit_wave_2_security_eastus" {
  network_manager_id = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod"
  location           = "eastus"
  scope_access       = "SecurityAdmin"
  configuration_ids  = ["/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod/securityAdminConfigurations/meshplan-segments"]
}

resource "azurerm_network_manager_deployment" "commit_wave_2_security_westus" {
  network_manager_id = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod"
  location           = "westus"
  scope_access       = "SecurityAdmin"
  configuration_ids  = ["/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod/securityAdminConfigurations/meshplan-segments"]
}
