// Written by meshplan; do not edit by hand.
// Writes an existing VNet back as it is at deployment time, with only
// the planned top-level properties replaced.
param name string
param location string
param tags object
param current object
param changes object

resource vnet 'Microsoft.Network/virtualNetworks@2025-07-01' = {
  name: name
  location: location
  tags: tags
  properties: shallowMerge([current, changes])
}
