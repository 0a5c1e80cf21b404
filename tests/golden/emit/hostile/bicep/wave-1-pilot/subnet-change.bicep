// Written by meshplan; do not edit by hand.
// Writes an existing subnet back as it is at deployment time, with
// only the planned top-level properties replaced.
param vnetName string
param name string
param current object
param changes object

resource subnet 'Microsoft.Network/virtualNetworks/subnets@2025-05-01' = {
  name: '${vnetName}/${name}'
  properties: shallowMerge([current, changes])
}
