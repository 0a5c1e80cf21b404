/*
 * vnet_raw.c - the exported VNet (plan_vnet.raw) as JSON, and the
 * read-only properties the ARM schema does not accept stripped from it
 * before a VNet is PUT.
 */
#include "emitter.h"

#include <string.h>

#include "../lib/util.h"
#include "../planner/plan.h"

/* Read-only properties. */

static const char *const ro_everywhere[] = {
	"etag", "provisioningState", "resourceGuid", "type",
};
static const char *const ro_vnet[] = {
	"id", "type",
};
static const char *const ro_vnet_props[] = {
	"defaultPublicNatGateway",
};
static const char *const ro_subnet_props[] = {
	"ipConfigurations", "ipConfigurationProfiles", "privateEndpoints",
	"purpose", "resourceNavigationLinks", "serviceAssociationLinks",
	"networkInterfaces",
};
static const char *const ro_peering_props[] = {
	"remoteGateways", "routeServiceVips", "remoteVirtualNetworkEncryption",
	"remoteBgpCommunities",
};
/* bgpCommunities: the regional community is assigned by Azure. */
static const char *const ro_bgp_communities[] = {
	"regionalCommunity",
};
static const char *const ro_delegation_props[] = {
	"actions",
};

static void
drop_keys(json_t *o, const char *const *keys, size_t n)
{
	size_t i;

	if (!json_is_object(o))
		return;
	for (i = 0; i < n; i++)
		json_object_del(o, keys[i]);
}

/* etag, provisioningState, resourceGuid and "type" at every depth. */
static void
drop_everywhere(json_t *j, bool top)
{
	const char *k;
	json_t *v;
	size_t i;

	if (json_is_object(j)) {
		if (top)
			json_object_del(j, "etag");
		else
			drop_keys(j, ro_everywhere, MP_NELEM(ro_everywhere));
		json_object_foreach(j, k, v)
			drop_everywhere(v, false);
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			drop_everywhere(v, false);
	}
}

/* IPAM allocations: allocatedAddressPrefixes is what the pool gave. */
static void
drop_ipam_allocated(json_t *allocs)
{
	json_t *it;
	size_t i;

	json_array_foreach(allocs, i, it)
		json_object_del(it, "allocatedAddressPrefixes");
}

void
arm_strip_readonly(json_t *r)
{
	json_t *props, *list, *it, *dl, *d;
	size_t i, j;

	drop_everywhere(r, true);
	drop_keys(r, ro_vnet, MP_NELEM(ro_vnet));
	props = json_object_get(r, "properties");
	drop_keys(props, ro_vnet_props, MP_NELEM(ro_vnet_props));
	drop_keys(json_object_get(props, "bgpCommunities"), ro_bgp_communities,
	    MP_NELEM(ro_bgp_communities));
	drop_ipam_allocated(json_object_get(json_object_get(props,
	    "addressSpace"), "ipamPoolPrefixAllocations"));
	list = json_object_get(props, "subnets");
	json_array_foreach(list, i, it) {
		drop_keys(json_object_get(it, "properties"), ro_subnet_props,
		    MP_NELEM(ro_subnet_props));
		drop_ipam_allocated(json_object_get(json_object_get(it,
		    "properties"), "ipamPoolPrefixAllocations"));
		dl = json_object_get(json_object_get(it, "properties"),
		    "delegations");
		json_array_foreach(dl, j, d)
			drop_keys(json_object_get(d, "properties"),
			    ro_delegation_props, MP_NELEM(ro_delegation_props));
	}
	list = json_object_get(props, "virtualNetworkPeerings");
	json_array_foreach(list, i, it)
		drop_keys(json_object_get(it, "properties"), ro_peering_props,
		    MP_NELEM(ro_peering_props));
}

json_t *
vnet_raw_json(const struct plan_vnet *v)
{
	json_error_t err;
	json_t *j;

	if (v->raw == NULL)
		return NULL;
	j = json_loads(v->raw, 0, &err);
	if (!json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}
