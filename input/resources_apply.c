/*
 * resources_apply.c - merged records to the estate model (resources.h):
 * one function per modelled type (VNets, subnets, peerings, gateways,
 * connections, circuits and their peerings, route tables and routes,
 * private endpoints, public IPs, network managers, network groups and
 * their static members, connectivity configurations, Route Server hubs
 * and peers, NICs) fills the estate. Addresses are parsed with
 * prefix_parse, and every bad one is a diagnostic with its JSON Pointer
 * (prop_ptr: "/properties/..." unless the object was CLI-flattened).
 * With L->raw the records whose raw JSON IaC needs are kept (remember).
 *
 *   res_type_known  is this ARM type one that meshplan models?
 *   res_apply       apply one merged record
 */
#include "resources.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/diag.h"
#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "jsonfile.h"
#include "load.h"

static const char *
prop_ptr(struct loader *L, const struct rec *r, const char *path)
{
	return arena_printf(L->a, "%s%s/%s", r->pointer,
	    r->flat ? "" : "/properties", path);
}

/* The pointer of property path of r, or of its element i (unless
 * SIZE_MAX): made only for a diagnostic. */
static const char *
prop_ptr_at(struct loader *L, const struct rec *r, const char *path, size_t i)
{
	return i == SIZE_MAX ? prop_ptr(L, r, path) :
			       arena_printf(L->a, "%s%s/%s/%zu", r->pointer,
				   r->flat ? "" : "/properties", path, i);
}

/* Parse one address, property path (element i, unless SIZE_MAX) of r.
 * Returns 0 and fills p. */
static int
parse_cidr(struct loader *L, const struct rec *r, json_t *v, const char *path,
    size_t i, struct prefix *p)
{
	const char *err = NULL, *s;

	if (!json_is_string(v)) {
		ld_diag(L, DIAG_ERROR, "json-type", r->file,
		    prop_ptr_at(L, r, path, i), r->id,
		    "an address prefix is not a string");
		return -1;
	}
	s = json_string_value(v);
	if (prefix_parse(s, 0, p, &err) == 0)
		return 0;
	if (prefix_parse(s, PFX_NORMALIZE, p, NULL) == 0) {
		char buf[PREFIX_STRLEN];

		ld_diag(L, DIAG_WARNING, "cidr-host-bits", r->file,
		    prop_ptr_at(L, r, path, i), r->id,
		    "'%s' has host bits set; read as %s", s,
		    prefix_format(p, buf));
		return 0;
	}
	ld_diag(L, DIAG_ERROR, "cidr-invalid", r->file,
	    prop_ptr_at(L, r, path, i), r->id,
	    "'%s' is not a valid CIDR prefix: %s", s, err ? err : "bad");
	return -1;
}

/* props[path...] as an array of prefixes (or one string) into out. */
static void
parse_prefix_list(struct loader *L, const struct rec *r, json_t *v,
    const char *path, prefix_arr *out)
{
	struct prefix p;
	json_t *x;
	size_t i;

	if (v == NULL || json_is_null(v))
		return;
	if (json_is_string(v)) {
		if (parse_cidr(L, r, v, path, SIZE_MAX, &p) == 0)
			ARR_PUSH(L->a, *out, p);
		ARR_TRIM(L->a, *out);
		return;
	}
	if (!json_is_array(v)) {
		ld_diag(L, DIAG_ERROR, "json-type", r->file,
		    prop_ptr(L, r, path), r->id, "expected a list of prefixes");
		return;
	}
	json_array_foreach(v, i, x)
	{
		if (parse_cidr(L, r, x, path, i, &p) != 0)
			continue;
		for (size_t j = 0; j < out->n; j++)
			if (prefix_eq(&out->v[j], &p))
				goto dup;
		ARR_PUSH(L->a, *out, p);
	dup:;
	}
	/* Most lists have one prefix: the 4 of a first push would stay. */
	ARR_TRIM(L->a, *out);
}

/* Get or create the resource; NULL (and a warning) on a kind clash. */
static struct res *
get_res(struct loader *L, struct rec *r, enum res_kind kind)
{
	struct res *x = estate_get(L->e, kind, r->id);

	if (x == NULL)
		ld_diag(L, DIAG_WARNING, "id-kind-conflict", r->file,
		    r->pointer, r->id,
		    "this id is already used by a "
		    "resource of another type: skipped");
	return x;
}

static void
push_unique(struct loader *L, void *arrp, const char *s)
{
	ARR(const char *) *arr = arrp;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < arr->n; i++)
		if (mp_strcaseeq(arr->v[i], s))
			return;
	ARR_PUSH(L->a, *arr, arena_strdup(L->a, s));
}

/* Common envelope: seen, file, pointer, type, location, tags. */
static void
set_common(struct loader *L, struct rec *r, struct res *x)
{
	json_t *tags = json_object_get(r->obj, "tags"), *v;
	const char *k;

	x->seen = true;
	if (x->file == NULL) {
		x->file = r->file; /* in the estate's arena */
		x->pointer = arena_strdup(L->a, r->pointer);
	}
	if (x->type == NULL)
		x->type = estate_intern(L->e, r->type);
	if (x->location == NULL)
		x->location = jintern(L, json_object_get(r->obj, "location"));
	if (x->subscription != NULL &&
	    strcmp(x->subscription, UNKNOWN_SUB) == 0) {
		x->subscription = NULL;
		x->resource_group = NULL;
	}
	if (json_is_object(tags)) {
		json_object_foreach(tags, k, v)
		{
			struct tag t;
			size_t i;

			if (!json_is_string(v))
				continue;
			for (i = 0; i < x->tags.n; i++)
				if (strcmp(x->tags.v[i].key, k) == 0)
					break;
			if (i < x->tags.n)
				continue;
			t.key = estate_intern(L->e, k);
			t.value = arena_strdup(L->a, json_string_value(v));
			ARR_PUSH(L->a, x->tags, t);
		}
	}
}

static json_t *
props_of(struct rec *r)
{
	return json_object_get(r->obj, "properties");
}

static void
remember(struct loader *L, struct rec *r)
{
	if (L->raw)
		strmap_put_kept(L->merged, r->key, r);
}

static void
ap_vnet(struct loader *L, struct rec *r)
{
	struct vnet *v = (struct vnet *)get_res(L, r, RK_VNET);
	json_t *p = props_of(r), *sum;

	if (v == NULL)
		return;
	set_common(L, r, &v->r);
	parse_prefix_list(L, r,
	    jget(p, "addressSpace", "addressPrefixes", NULL),
	    "addressSpace/addressPrefixes", &v->prefixes);
	sum = jget(p, "summarizedGatewayPrefixes", "addressPrefixes", NULL);
	if (json_is_array(sum) && json_array_size(sum) > 0) {
		v->has_summaries = true;
		parse_prefix_list(L, r, sum,
		    "summarizedGatewayPrefixes/addressPrefixes", &v->summaries);
	}
	v->pe_vnet_policies = jintern(L,
	    json_object_get(p, "privateEndpointVNetPolicies"));
	remember(L, r);
}

static struct vnet *
parent_vnet(struct loader *L, struct rec *r)
{
	const char *pid = id_parent(L->a, r->id);
	struct vnet *v;

	if (pid == NULL) {
		ld_diag(L, DIAG_WARNING, "resource-no-id", r->file, r->pointer,
		    r->id, "child resource id names no parent: skipped");
		return NULL;
	}
	v = (struct vnet *)estate_get(L->e, RK_VNET, pid);
	/* estate_get keeps copies of its own: pid goes back to the arena
	 * (at once when estate_get made nothing after it). */
	arena_release(L->a, (void *)pid, strlen(pid) + 1);
	if (v == NULL)
		ld_diag(L, DIAG_WARNING, "id-kind-conflict", r->file,
		    r->pointer, r->id, "the parent id is not a VNet: skipped");
	return v;
}

/*
 * A reference to another resource: its id normalised, or NULL when the
 * value is no Azure resource id (a placeholder such as
 * "EXPRESSROUTE_CIRCUIT1_ID" left in a template or parameters file),
 * with an error naming the file, the resource and the field.
 */
static const char *
ref_id(struct loader *L, struct rec *r, const char *s, const char *field)
{
	const char *t;

	if (s == NULL)
		return NULL;
	t = s[0] == '/' ? s + 1 : s;
	if (mp_strcase_prefix(t, "subscriptions/") ||
	    mp_strcase_prefix(t, "providers/")) {
		size_t n = strlen(s);
		const char *id, *k;

		/* Kept once per spelling (estate_intern_id). */
		id = s[0] == '/' && s[n - 1] != '/' ? s : id_normalize(L->a, s);
		k = estate_intern_id(L->e, id);
		if (id != s)
			arena_release(L->a, (void *)id, strlen(id) + 1);
		return k;
	}
	ld_diag(L, DIAG_ERROR, "id-placeholder", r->file, r->pointer, r->id,
	    "%s is '%.80s', not an Azure resource id (/subscriptions/...): "
	    "a placeholder left in the input? Give the real id",
	    field, s);
	return NULL;
}

static void
ap_subnet(struct loader *L, struct rec *r)
{
	struct vnet *v = parent_vnet(L, r);
	struct subnet *s;
	json_t *p = props_of(r);

	if (v == NULL)
		return;
	/* Azure's limit: more is not an export of a real VNet, and a
	 * million subnets made gigabytes of model and plan. */
	if (v->subnets.n >= L->lim->max_subnets &&
	    ((s = (struct subnet *)estate_find(L->e, r->id)) == NULL ||
		s->r.kind != RK_SUBNET || s->vnet != v)) {
		if (L->over_subnets == NULL)
			L->over_subnets = strmap_new(L->tmp);
		if (strmap_put(L->over_subnets, v->r.key, v) == NULL)
			ld_diag(L, DIAG_ERROR, "limit-subnets", r->file,
			    r->pointer, v->r.id,
			    "the VNet has more than %zu "
			    "subnets (Azure's limit per virtual network); the "
			    "others are left out",
			    L->lim->max_subnets);
		return;
	}
	s = estate_subnet(L->e, v, r->id);
	if (s == NULL) {
		get_res(L, r, RK_SUBNET);
		return;
	}
	set_common(L, r, &s->r);
	parse_prefix_list(L, r, json_object_get(p, "addressPrefix"),
	    "addressPrefix", &s->prefixes);
	parse_prefix_list(L, r, json_object_get(p, "addressPrefixes"),
	    "addressPrefixes", &s->prefixes);
	if (s->route_table_id == NULL) {
		const char *rt = jval(jget(p, "routeTable", "id", NULL));

		s->route_table_id = rt ? ref_id(L, r, rt, "routeTable.id") :
					 NULL;
	}
	s->pe_policies = jintern(L,
	    json_object_get(p, "privateEndpointNetworkPolicies"));
	remember(L, r);
}

static void
ap_peering(struct loader *L, struct rec *r)
{
	struct vnet *v = parent_vnet(L, r);
	struct peering *pe;
	json_t *p = props_of(r);
	const char *rid;

	if (v == NULL)
		return;
	pe = estate_peering(L->e, v, r->id);
	if (pe == NULL) {
		get_res(L, r, RK_PEERING);
		return;
	}
	set_common(L, r, &pe->r);
	rid = jval(jget(p, "remoteVirtualNetwork", "id", NULL));
	pe->remote_id = rid ? ref_id(L, r, rid, "remoteVirtualNetwork.id") :
			      NULL;
	pe->state = jintern(L, json_object_get(p, "peeringState"));
	pe->allow_vnet_access = jtri(
	    json_object_get(p, "allowVirtualNetworkAccess"));
	pe->allow_forwarded = jtri(json_object_get(p, "allowForwardedTraffic"));
	pe->allow_gateway_transit = jtri(
	    json_object_get(p, "allowGatewayTransit"));
	pe->use_remote_gateways = jtri(json_object_get(p, "useRemoteGateways"));
	parse_prefix_list(L, r,
	    jget(p, "remoteAddressSpace", "addressPrefixes", NULL),
	    "remoteAddressSpace/addressPrefixes", &pe->remote_prefixes);
	parse_prefix_list(L, r,
	    jget(p, "remoteVirtualNetworkAddressSpace", "addressPrefixes",
		NULL),
	    "remoteVirtualNetworkAddressSpace/addressPrefixes",
	    &pe->remote_vnet_prefixes);
	pe->complete_vnets_false = jtri(json_object_get(p,
				       "peerCompleteVnets")) == TRI_FALSE;
	remember(L, r);
}

static void
ap_gateway(struct loader *L, struct rec *r)
{
	struct gateway *g = (struct gateway *)get_res(L, r, RK_GATEWAY);
	json_t *p = props_of(r), *ipc, *x;
	const char *t;
	size_t i;

	if (g == NULL)
		return;
	set_common(L, r, &g->r);
	t = jstr(L, p, "gatewayType", NULL);
	g->gw_type_raw = t;
	g->gw_type = t == NULL		    ? GW_UNKNOWN :
	    mp_strcaseeq(t, "ExpressRoute") ? GW_EXPRESSROUTE :
	    mp_strcaseeq(t, "Vpn")	    ? GW_VPN :
					      GW_OTHER;
	g->sku = jstr(L, p, "sku", "name", NULL);
	if (g->sku == NULL)
		g->sku = jstr(L, r->obj, "sku", "name", NULL);
	g->allow_remote_vnet_traffic = jtri(
	    json_object_get(p, "allowRemoteVnetTraffic"));
	g->active_active = jtri(json_object_get(p, "activeActive"));
	ipc = json_object_get(p, "ipConfigurations");
	json_array_foreach(ipc, i, x)
	{
		const char *sid = jstr(L, x, "properties", "subnet", "id",
		    NULL);
		const char *pip = jstr(L, x, "properties", "publicIPAddress",
		    "id", NULL);

		if (sid == NULL)
			sid = jstr(L, x, "subnet", "id", NULL);
		if (pip == NULL)
			pip = jstr(L, x, "publicIPAddress", "id", NULL);
		if (sid != NULL && g->subnet_id == NULL)
			g->subnet_id = ref_id(L, r, sid,
			    "ipConfigurations"
			    ".subnet.id");
		if (pip != NULL &&
		    (pip = ref_id(L, r, pip,
			 "ipConfigurations"
			 ".publicIPAddress.id")) != NULL)
			push_unique(L, &g->public_ip_ids, pip);
	}
}

static void
ap_connection(struct loader *L, struct rec *r)
{
	struct connection *c = (struct connection *)get_res(L, r,
	    RK_CONNECTION);
	json_t *p = props_of(r);
	const char *t, *s;

	if (c == NULL)
		return;
	set_common(L, r, &c->r);
	t = jstr(L, p, "connectionType", NULL);
	c->conn_type = t == NULL	    ? CONN_UNKNOWN :
	    mp_strcaseeq(t, "ExpressRoute") ? CONN_EXPRESSROUTE :
	    mp_strcaseeq(t, "IPsec")	    ? CONN_IPSEC :
	    mp_strcaseeq(t, "Vnet2Vnet")    ? CONN_VNET2VNET :
	    mp_strcaseeq(t, "VPNClient")    ? CONN_VPNCLIENT :
					      CONN_UNKNOWN;
#define REF(field, key) \
	do { \
		s = jstr(L, p, key, "id", NULL); \
		if (s != NULL) \
			c->field = ref_id(L, r, s, key ".id"); \
	} while (0)
	REF(gateway1_id, "virtualNetworkGateway1");
	REF(circuit_id, "peer");
	REF(lng_id, "localNetworkGateway2");
	REF(gateway2_id, "virtualNetworkGateway2");
#undef REF
	if (json_is_integer(json_object_get(p, "routingWeight")))
		c->weight = (int)json_integer_value(
		    json_object_get(p, "routingWeight"));
}

static void
ap_lng(struct loader *L, struct rec *r)
{
	struct lng *l = (struct lng *)get_res(L, r, RK_LNG);

	if (l == NULL)
		return;
	set_common(L, r, &l->r);
	parse_prefix_list(L, r,
	    jget(props_of(r), "localNetworkAddressSpace", "addressPrefixes",
		NULL),
	    "localNetworkAddressSpace/addressPrefixes", &l->prefixes);
}

static void
ap_circuit(struct loader *L, struct rec *r)
{
	struct circuit *c = (struct circuit *)get_res(L, r, RK_CIRCUIT);
	json_t *p = props_of(r), *bw;

	if (c == NULL)
		return;
	set_common(L, r, &c->r);
	c->tier = jstr(L, r->obj, "sku", "tier", NULL);
	c->family = jstr(L, r->obj, "sku", "family", NULL);
	c->peering_location = jstr(L, p, "serviceProviderProperties",
	    "peeringLocation", NULL);
	c->provider = jstr(L, p, "serviceProviderProperties",
	    "serviceProviderName", NULL);
	bw = jget(p, "serviceProviderProperties", "bandwidthInMbps", NULL);
	if (json_is_number(bw))
		c->bandwidth_mbps = json_number_value(bw);
	bw = json_object_get(p, "bandwidthInGbps");
	if (json_is_number(bw) && json_number_value(bw) > 0)
		c->bandwidth_mbps = json_number_value(bw) * 1000.0;
}

static void
ap_circuit_peering(struct loader *L, struct rec *r)
{
	const char *pid = id_parent(L->a, r->id);
	struct circuit *c;
	json_t *p = props_of(r);
	static const char *const keys[] = { "primaryPeerAddressPrefix",
		"secondaryPeerAddressPrefix" };
	size_t i;

	if (pid == NULL ||
	    (c = (struct circuit *)estate_get(L->e, RK_CIRCUIT, pid)) == NULL)
		return;
	for (i = 0; i < MP_NELEM(keys); i++) {
		json_t *v4 = json_object_get(p, keys[i]);
		json_t *v6 = jget(p, "ipv6PeeringConfig", keys[i], NULL);
		struct prefix x;

		if (json_is_string(v4) &&
		    parse_cidr(L, r, v4, keys[i], SIZE_MAX, &x) == 0)
			push_unique(L, &c->peer_addresses,
			    json_string_value(v4));
		if (json_is_string(v6) &&
		    parse_cidr(L, r, v6,
			arena_printf(L->a, "ipv6PeeringConfig/%s", keys[i]),
			SIZE_MAX, &x) == 0)
			push_unique(L, &c->peer_addresses,
			    json_string_value(v6));
	}
}

static void
ap_route_table(struct loader *L, struct rec *r)
{
	struct route_table *t = (struct route_table *)get_res(L, r,
	    RK_ROUTE_TABLE);

	if (t == NULL)
		return;
	set_common(L, r, &t->r);
	t->disable_bgp = jtri(
	    json_object_get(props_of(r), "disableBgpRoutePropagation"));
}

static void
ap_route(struct loader *L, struct rec *r)
{
	const char *pid = id_parent(L->a, r->id);
	struct route_table *t;
	json_t *p = props_of(r);
	struct route rt;
	const char *err;

	if (pid == NULL ||
	    (t = (struct route_table *)estate_get(L->e, RK_ROUTE_TABLE, pid)) ==
		NULL)
		return;
	memset(&rt, 0, sizeof(rt));
	rt.name = id_last_name(L->a, r->id);
	rt.prefix_raw = jstr(L, p, "addressPrefix", NULL);
	if (rt.prefix_raw != NULL && strchr(rt.prefix_raw, '/') != NULL) {
		if (prefix_parse(rt.prefix_raw, 0, &rt.p, &err) == 0)
			rt.is_prefix = true;
		else
			rt.is_prefix = parse_cidr(L, r,
					   json_object_get(p, "addressPrefix"),
					   "addressPrefix", SIZE_MAX,
					   &rt.p) == 0;
	} else if (rt.prefix_raw != NULL &&
	    prefix_parse(rt.prefix_raw, PFX_ALLOW_ADDR, &rt.p, NULL) == 0) {
		rt.is_prefix = true; /* a bare address */
	}
	rt.nh_raw = jstr(L, p, "nextHopType", NULL);
	rt.nh = next_hop_parse(rt.nh_raw);
	rt.nh_ip = jstr(L, p, "nextHopIpAddress", NULL);
	ARR_PUSH(L->a, t->routes, rt);
}

static void
ap_pe(struct loader *L, struct rec *r)
{
	struct pe *x = (struct pe *)get_res(L, r, RK_PE);
	const char *s;

	if (x == NULL)
		return;
	set_common(L, r, &x->r);
	s = jval(jget(props_of(r), "subnet", "id", NULL));
	x->subnet_id = s ? ref_id(L, r, s, "subnet.id") : NULL;
}

static void
ap_pip(struct loader *L, struct rec *r)
{
	struct public_ip *x = (struct public_ip *)get_res(L, r, RK_PUBLIC_IP);

	if (x == NULL)
		return;
	set_common(L, r, &x->r);
	x->sku = jstr(L, r->obj, "sku", "name", NULL);
}

static void
str_list(struct loader *L, json_t *arr, void *out)
{
	json_t *x;
	size_t i;

	json_array_foreach(arr, i, x) if (json_is_string(x))
	    push_unique(L, out, json_string_value(x));
}

static void
ap_manager(struct loader *L, struct rec *r)
{
	struct network_manager *m = (struct network_manager *)get_res(L, r,
	    RK_NETWORK_MANAGER);
	json_t *p = props_of(r);

	if (m == NULL)
		return;
	set_common(L, r, &m->r);
	str_list(L, jget(p, "networkManagerScopes", "subscriptions", NULL),
	    &m->scope_subscriptions);
	str_list(L, jget(p, "networkManagerScopes", "managementGroups", NULL),
	    &m->scope_management_groups);
	str_list(L, json_object_get(p, "networkManagerScopeAccesses"),
	    &m->accesses);
}

static void
ap_group(struct loader *L, struct rec *r)
{
	struct network_group *g = (struct network_group *)get_res(L, r,
	    RK_NETWORK_GROUP);

	if (g == NULL)
		return;
	set_common(L, r, &g->r);
	g->member_type = jstr(L, props_of(r), "memberType", NULL);
}

static void
ap_member(struct loader *L, struct rec *r)
{
	struct static_member *m = (struct static_member *)get_res(L, r,
	    RK_STATIC_MEMBER);
	struct network_group *g;
	const char *gid = id_parent(L->a, r->id), *vid;

	if (m == NULL)
		return;
	set_common(L, r, &m->r);
	m->group_id = gid;
	vid = jstr(L, props_of(r), "resourceId", NULL);
	m->resource_id = vid ? id_normalize(L->a, vid) : NULL;
	if (gid == NULL || m->resource_id == NULL)
		return;
	g = (struct network_group *)estate_get(L->e, RK_NETWORK_GROUP, gid);
	if (g != NULL)
		push_unique(L, &g->member_ids, m->resource_id);
}

static void
capabilities(struct loader *L, struct connectivity_config *c, json_t *o)
{
	const char *s;

	s = jstr(L, o, "connectedGroupPrivateEndpointsScale", NULL);
	if (s == NULL)
		s = jstr(L, o, "connectedGroupPrivateEndpointScale", NULL);
	if (s != NULL)
		c->pe_scale = s;
	s = jstr(L, o, "connectedGroupAddressOverlap", NULL);
	if (s != NULL)
		c->address_overlap = s;
}

static void
ap_config(struct loader *L, struct rec *r)
{
	struct connectivity_config *c = (struct connectivity_config *)get_res(L,
	    r, RK_CONNECTIVITY_CONFIG);
	json_t *p = props_of(r), *x, *caps;
	size_t i;

	if (c == NULL)
		return;
	set_common(L, r, &c->r);
	c->topology = jstr(L, p, "connectivityTopology", NULL);
	c->is_global = jtri(json_object_get(p, "isGlobal"));
	c->group_ids.n = c->group_direct.n = c->hub_ids.n = 0;
	c->group_global.n = 0;
	json_array_foreach(json_object_get(p, "appliesToGroups"), i, x)
	{
		const char *gid = jstr(L, x, "networkGroupId", NULL);
		const char *gc = jstr(L, x, "groupConnectivity", NULL);

		if (gid == NULL)
			continue;
		ARR_PUSH(L->a, c->group_ids, id_normalize(L->a, gid));
		ARR_PUSH(L->a, c->group_direct,
		    gc != NULL && mp_strcaseeq(gc, "DirectlyConnected"));
		ARR_PUSH(L->a, c->group_global,
		    jtri(json_object_get(x, "isGlobal")));
	}
	json_array_foreach(json_object_get(p, "hubs"), i, x)
	{
		const char *hid = jstr(L, x, "resourceId", NULL);

		if (hid != NULL)
			push_unique(L, &c->hub_ids, id_normalize(L->a, hid));
	}
	caps = json_object_get(p, "connectivityCapabilities");
	if (json_is_object(caps))
		capabilities(L, c, caps);
	else if (json_is_array(caps))
		json_array_foreach(caps, i, x) capabilities(L, c, x);
}

/* Count a BGP peer (inline reference or child) once. */
static void
count_peer(struct loader *L, struct route_server *rs, const char *id)
{
	const char *nid = id_normalize(L->tmp, id);

	if (strmap_get(L->peers_seen, nid) != NULL)
		return;
	strmap_put_kept(L->peers_seen, nid, rs);
	rs->npeers++;
}

static void
ap_hub(struct loader *L, struct rec *r)
{
	json_t *p = props_of(r), *x;
	const char *wan = jstr(L, p, "virtualWan", "id", NULL);
	size_t i;

	if (wan != NULL) {
		struct vwan_hub *h = (struct vwan_hub *)get_res(L, r,
		    RK_VWAN_HUB);

		if (h == NULL)
			return;
		set_common(L, r, &h->r);
		h->vwan_id = id_normalize(L->a, wan);
	} else {
		struct route_server *rs = (struct route_server *)get_res(L, r,
		    RK_ROUTE_SERVER);

		if (rs == NULL)
			return;
		set_common(L, r, &rs->r);
		json_array_foreach(json_object_get(p, "bgpConnections"), i,
		    x) if (json_is_string(json_object_get(x, "id")))
		    count_peer(L, rs,
			json_string_value(json_object_get(x, "id")));
	}
}

static struct route_server *
parent_rs(struct loader *L, struct rec *r)
{
	const char *pid = id_parent(L->a, r->id);
	struct res *x = pid ? estate_find(L->e, pid) : NULL;

	if (x == NULL && pid != NULL)
		x = estate_get(L->e, RK_ROUTE_SERVER, pid);
	return x != NULL && x->kind == RK_ROUTE_SERVER ?
	    (struct route_server *)x :
	    NULL;
}

static void
ap_peer(struct loader *L, struct rec *r)
{
	struct route_server *rs = parent_rs(L, r);

	if (rs != NULL)
		count_peer(L, rs, r->id);
}

static void
ap_hub_ipconf(struct loader *L, struct rec *r)
{
	struct route_server *rs = parent_rs(L, r);
	const char *sid = jstr(L, props_of(r), "subnet", "id", NULL);

	if (rs != NULL && sid != NULL && rs->vnet_id == NULL)
		rs->vnet_id = id_parent(L->a, id_normalize(L->a, sid));
}

static void
ap_vrouter(struct loader *L, struct rec *r)
{
	struct route_server *rs = (struct route_server *)get_res(L, r,
	    RK_ROUTE_SERVER);
	json_t *p = props_of(r);
	const char *s;

	if (rs == NULL)
		return;
	set_common(L, r, &rs->r);
	rs->legacy = true;
	s = jstr(L, p, "hostedSubnet", "id", NULL);
	if (s != NULL)
		rs->vnet_id = id_parent(L->a, id_normalize(L->a, s));
	s = jstr(L, p, "hostedGateway", "id", NULL);
	if (s != NULL && rs->vnet_id == NULL) {
		struct hosted h = { rs, id_normalize(L->a, s) };

		ARR_PUSH(L->a, L->hosted, h);
	}
}

/* Children without a struct res of their own (count_folded). */
static const char *const folded_types[] = {
	"Microsoft.Network/expressRouteCircuits/peerings",
	"Microsoft.Network/routeTables/routes",
	"Microsoft.Network/virtualHubs/bgpConnections",
	"Microsoft.Network/virtualHubs/ipConfigurations",
	"Microsoft.Network/VirtualRouters/peerings",
};

/*
 * A child folded into its parent's model (it has no struct res of its
 * own): counted by type for the coverage table, and a parent that no
 * input holds is "referenced, not seen".
 */
static void
count_folded(struct loader *L, struct rec *r)
{
	const char *pid, *type = NULL;
	struct res *p;
	bool orphan;
	size_t i;

	for (i = 0; i < MP_NELEM(folded_types); i++)
		if (mp_strcaseeq(r->type, folded_types[i]))
			type = folded_types[i];
	if (type == NULL)
		return;
	pid = id_parent(L->a, r->id);
	p = pid != NULL ? estate_find(L->e, pid) : NULL;
	orphan = p == NULL || !p->seen;

	estate_count_folded(L->e, type, orphan);
	if (orphan && pid != NULL)
		estate_add_unresolved(L->e, r->id, pid, "parent", r->file,
		    r->pointer);
}

/*
 * A NIC's subnet: its primary IP configuration's (the first when none
 * says primary), whose effective routes `az network nic
 * show-effective-route-table` prints. REST bodies nest each
 * configuration's subnet under "properties", the CLI's flattened output
 * does not; both are read.
 */
static void
ap_nic(struct loader *L, struct rec *r)
{
	struct nic *x = (struct nic *)get_res(L, r, RK_NIC);
	json_t *ipcs = json_object_get(props_of(r), "ipConfigurations"), *ipc;
	const char *first = NULL, *primary = NULL;
	size_t i;

	if (x == NULL)
		return;
	set_common(L, r, &x->r);
	json_array_foreach(ipcs, i, ipc)
	{
		json_t *p = json_object_get(ipc, "properties");
		const char *sid = jstr(L, p, "subnet", "id", NULL);

		if (sid == NULL)
			sid = jstr(L, ipc, "subnet", "id", NULL);
		if (sid == NULL)
			continue;
		if (first == NULL)
			first = sid;
		if (primary == NULL &&
		    (jtri(json_object_get(p, "primary")) == TRI_TRUE ||
			jtri(json_object_get(ipc, "primary")) == TRI_TRUE))
			primary = sid;
	}
	if (primary == NULL)
		primary = first;
	if (x->subnet_id == NULL && primary != NULL)
		x->subnet_id = id_normalize(L->a, primary);
}

static const struct {
	const char *type;
	void (*apply)(struct loader *, struct rec *);
} handlers[] = {
	{ "Microsoft.Network/virtualNetworks", ap_vnet },
	{ "Microsoft.Network/virtualNetworks/subnets", ap_subnet },
	{ "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
	    ap_peering },
	{ "Microsoft.Network/virtualNetworkGateways", ap_gateway },
	{ "Microsoft.Network/connections", ap_connection },
	{ "Microsoft.Network/localNetworkGateways", ap_lng },
	{ "Microsoft.Network/expressRouteCircuits", ap_circuit },
	{ "Microsoft.Network/expressRouteCircuits/peerings",
	    ap_circuit_peering },
	{ "Microsoft.Network/routeTables", ap_route_table },
	{ "Microsoft.Network/routeTables/routes", ap_route },
	{ "Microsoft.Network/privateEndpoints", ap_pe },
	{ "Microsoft.Network/publicIPAddresses", ap_pip },
	{ "Microsoft.Network/networkManagers", ap_manager },
	{ "Microsoft.Network/networkManagers/networkGroups", ap_group },
	{ "Microsoft.Network/networkManagers/networkGroups/staticMembers",
	    ap_member },
	{ "Microsoft.Network/networkManagers/connectivityConfigurations",
	    ap_config },
	{ "Microsoft.Network/virtualHubs", ap_hub },
	{ "Microsoft.Network/virtualHubs/bgpConnections", ap_peer },
	{ "Microsoft.Network/virtualHubs/ipConfigurations", ap_hub_ipconf },
	{ "Microsoft.Network/VirtualRouters", ap_vrouter },
	{ "Microsoft.Network/VirtualRouters/peerings", ap_peer },
	{ "Microsoft.Network/networkInterfaces", ap_nic },
};

bool
res_type_known(const char *type)
{
	size_t i;

	for (i = 0; i < MP_NELEM(handlers); i++)
		if (mp_strcaseeq(type, handlers[i].type))
			return true;
	return false;
}

void
res_apply(struct loader *L, struct rec *r)
{
	size_t i;

	for (i = 0; i < MP_NELEM(handlers); i++) {
		if (mp_strcaseeq(r->type, handlers[i].type)) {
			handlers[i].apply(L, r);
			count_folded(L, r);
			return;
		}
	}
	MP_ASSERT(!"record of an unknown type");
}
