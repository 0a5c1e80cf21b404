/*
 * topology.h - hubs, spokes and gateway use, as DESIGN.md section 3
 * defines them: a hub is a VNet whose GatewaySubnet hosts a gateway; a
 * spoke is a non-hub VNet with an active peering to a hub; a spoke uses
 * hub H's gateway when its peering to H has useRemoteGateways and H's
 * peering back (when present) has allowGatewayTransit.
 */
#ifndef MESHPLAN_TOPOLOGY_H
#define MESHPLAN_TOPOLOGY_H

#include <stdbool.h>

struct estate;
struct vnet;
struct peering;

/* Fill vnet.role, gateways, hubs, transit_hub, npes, connected_configs.
 * Requires estate_link(). */
void topology_derive(struct estate *e);

/* The peering from a to b (by resolved remote), or NULL. */
struct peering *peering_between(const struct vnet *a, const struct vnet *b);
/* Does spoke s use hub h's gateway (rule of section 3)? */
bool uses_gateway_of(const struct vnet *s, const struct vnet *h);

#endif
