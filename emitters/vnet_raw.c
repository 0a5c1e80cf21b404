/*
 * vnet_raw.c - the exported VNet (plan_vnet.raw) as JSON, and the
 * read-only properties the ARM schema does not accept stripped from it
 * before a VNet is PUT.
 */
#include "emitter.h"

#include <string.h>

#include "../lib/jscan.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "../planner/plan.h"

/* Read-only properties. */

static const char *const ro_everywhere[] = {
	"etag",
	"provisioningState",
	"resourceGuid",
	"type",
};
static const char *const ro_vnet[] = {
	"id",
	"type",
};
static const char *const ro_vnet_props[] = {
	"defaultPublicNatGateway",
};
static const char *const ro_subnet_props[] = {
	"ipConfigurations",
	"ipConfigurationProfiles",
	"privateEndpoints",
	"purpose",
	"resourceNavigationLinks",
	"serviceAssociationLinks",
	"networkInterfaces",
};
static const char *const ro_peering_props[] = {
	"remoteGateways",
	"routeServiceVips",
	"remoteVirtualNetworkEncryption",
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
		json_object_foreach(j, k, v) drop_everywhere(v, false);
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v) drop_everywhere(v, false);
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
	drop_ipam_allocated(
	    json_object_get(json_object_get(props, "addressSpace"),
		"ipamPoolPrefixAllocations"));
	list = json_object_get(props, "subnets");
	json_array_foreach(list, i, it)
	{
		drop_keys(json_object_get(it, "properties"), ro_subnet_props,
		    MP_NELEM(ro_subnet_props));
		drop_ipam_allocated(
		    json_object_get(json_object_get(it, "properties"),
			"ipamPoolPrefixAllocations"));
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

/*
 * A skim of the raw text (lib/jscan.h, strict): the extent of each value,
 * checked against a grammar stricter than jansson's (ASCII only, no \u
 * escapes, short numbers, bounded depth). Whatever it does not accept is
 * parsed whole by jansson instead, so a text gives the same tree, or the
 * same NULL, either way.
 */

/* The value at the cursor parsed by jansson; NULL when the scan refuses
 * it. */
static json_t *
skim_parse(struct jscan *c)
{
	size_t from = c->i;
	json_error_t err;

	if (!jscan_value(c))
		return NULL;
	return json_loadb(c->s + from, c->i - from, JSON_DECODE_ANY, &err);
}

static json_t *skim_items(struct jscan *c, const json_t *item_want);

/*
 * The object at the cursor with the members want names (its keys)
 * parsed, the others JSON null; a member want gives an object for, and
 * that is an object, is made the same way one level down. NULL when the
 * scan refuses the text.
 */
static json_t *
skim_object(struct jscan *c, const json_t *want)
{
	json_t *o = json_object(), *v;
	const json_t *w;
	struct jspan key;
	bool first = true, esc;
	int r;

	if (!jscan_open(c))
		goto refused;
	while ((r = jscan_member(c, true, &first, &key, &esc)) == 1) {
		if (esc)
			goto refused; /* a key with escapes: jansson's */
		w = json_object_getn(want, c->s + key.off, key.len);
		if (w == NULL)
			v = jscan_value(c) ? json_null() : NULL;
		else if (json_is_object(w) && jscan_peek(c) == '{')
			v = skim_object(c, w);
		else if (json_is_array(w) && jscan_peek(c) == '[')
			v = skim_items(c, json_array_get(w, 0));
		else
			v = skim_parse(c);
		if (v == NULL ||
		    json_object_setn_new(o, c->s + key.off, key.len, v) != 0)
			goto refused;
	}
	if (r == 0)
		return o;
refused:
	json_decref(o);
	return NULL;
}

/* Every item an object with a name, no name twice (any case). */
static bool
named_unique(const json_t *arr)
{
	struct arena *a = arena_new();
	struct strmap *seen = strmap_new(a);
	const json_t *it;
	const char *nm;
	bool ok = true;
	size_t i;

	json_array_foreach(arr, i, it)
	{
		nm = json_string_value(json_object_get(it, "name"));
		if (nm == NULL || strmap_get(seen, nm) != NULL) {
			ok = false;
			break;
		}
		strmap_put(seen, nm, (void *)it);
	}
	arena_free(a);
	return ok;
}

/*
 * The array at the cursor with each object item made by skim_object with
 * item_want. The what-if matches such items by name and compares the
 * ones a patch changes against their own state only, so that is enough
 * when every item has a name of its own; otherwise (items compared
 * whole) the array is parsed whole. NULL when the scan refuses the text.
 */
static json_t *
skim_items(struct jscan *c, const json_t *item_want)
{
	size_t from = c->i;
	int depth = c->depth, r;
	json_t *arr = json_array(), *v;
	struct jspan none;
	bool first = true, esc;

	if (!jscan_open(c))
		goto refused;
	while ((r = jscan_member(c, false, &first, &none, &esc)) == 1) {
		v = jscan_peek(c) == '{' ? skim_object(c, item_want) :
					   skim_parse(c);
		if (v == NULL || json_array_append_new(arr, v) != 0)
			goto refused;
	}
	if (r != 0)
		goto refused;
	if (named_unique(arr))
		return arr;
	json_decref(arr);
	c->i = from;
	c->depth = depth;
	return skim_parse(c);
refused:
	json_decref(arr);
	return NULL;
}

json_t *
vnet_raw_json_only(const struct plan_vnet *v, const json_t *want)
{
	struct jscan c;
	json_t *j;

	if (v->raw == NULL)
		return NULL;
	c.s = v->raw;
	c.n = strlen(v->raw);
	c.i = 0;
	c.depth = 0;
	jscan_skip_ws(&c);
	if (jscan_peek(&c) == '{' && (j = skim_object(&c, want)) != NULL) {
		jscan_skip_ws(&c);
		if (c.i == c.n)
			return j;
		json_decref(j);
	}
	return vnet_raw_json(v);
}
