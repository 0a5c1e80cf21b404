# Written by meshplan; do not edit by hand.

variable "wave" {
  description = "The last wave applied: its goal state is committed (0 commits nothing)"
  type        = number
}

locals {
  # wave -> "region|type" -> configuration ids live after that wave
  goal = {
    "0" = {}
    "1" = {
      "eastus|Connectivity"  = ["/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod/connectivityConfigurations/cc-mesh-eastus"]
      "eastus|SecurityAdmin" = ["/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod/securityAdminConfigurations/meshplan-segments"]
    }
    "2" = {
      "eastus|Connectivity"  = ["/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod/connectivityConfigurations/cc-mesh-eastus"]
      "westus|Connectivity"  = ["/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod/connectivityConfigurations/cc-mesh-eastus"]
      "eastus|SecurityAdmin" = ["/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod/securityAdminConfigurations/meshplan-segments"]
      "westus|SecurityAdmin" = ["/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod/securityAdminConfigurations/meshplan-segments"]
    }
  }
}

resource "azurerm_network_manager_deployment" "commit" {
  for_each           = local.goal[tostring(var.wave)]
  network_manager_id = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-avnm/providers/Microsoft.Network/networkManagers/avnm-prod"
  location           = split("|", each.key)[0]
  scope_access       = split("|", each.key)[1]
  configuration_ids  = each.value
}
