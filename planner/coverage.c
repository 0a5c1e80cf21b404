/*
 * coverage.c - coverage_build(): per type, what was read, used, ignored
 * (and why) and referenced but not seen; see coverage.h.
 *
 * "Used" follows what the analysis and the planner read: a child is used
 * when its parent is in the input, a gateway when its VNet is, a local
 * network gateway or circuit when a connection uses it, a route table when
 * a subnet does, a public IP when a gateway does, a network group when a
 * connectivity configuration applies to it, a static member when its VNet
 * is in the input, a NIC when its subnet is. Network managers and
 * connectivity configurations are the existing AVNM state and always
 * used; Virtual WAN hubs never are.
 * Children folded into their parent's model (circuit peerings, routes,
 * Route Server connections) are used when their parent is in the input.
 * Referenced-not-seen counts come from estate.unresolved, by the type
 * the referenced id names, each id once.
 */
#include "coverage.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"

static const char *const kind_type[RK__COUNT] = {
	[RK_VNET] = "Microsoft.Network/virtualNetworks",
	[RK_SUBNET] = "Microsoft.Network/virtualNetworks/subnets",
	[RK_PEERING] = "Microsoft.Network/virtualNetworks/"
		       "virtualNetworkPeerings",
	[RK_GATEWAY] = "Microsoft.Network/virtualNetworkGateways",
	[RK_CONNECTION] = "Microsoft.Network/connections",
	[RK_LNG] = "Microsoft.Network/localNetworkGateways",
	[RK_CIRCUIT] = "Microsoft.Network/expressRouteCircuits",
	[RK_ROUTE_TABLE] = "Microsoft.Network/routeTables",
	[RK_PE] = "Microsoft.Network/privateEndpoints",
	[RK_PUBLIC_IP] = "Microsoft.Network/publicIPAddresses",
	[RK_NETWORK_MANAGER] = "Microsoft.Network/networkManagers",
	[RK_NETWORK_GROUP] = "Microsoft.Network/networkManagers/networkGroups",
	[RK_STATIC_MEMBER] = "Microsoft.Network/networkManagers/networkGroups/"
			     "staticMembers",
	[RK_CONNECTIVITY_CONFIG] = "Microsoft.Network/networkManagers/"
				   "connectivityConfigurations",
	[RK_ROUTE_SERVER] = "Route Server (Microsoft.Network/virtualHubs, "
			    "VirtualRouters)",
	[RK_VWAN_HUB] = "Microsoft.Network/virtualHubs (Virtual WAN)",
	[RK_NIC] = "Microsoft.Network/networkInterfaces",
};

static const char *const kind_why[RK__COUNT] = {
	[RK_SUBNET] = "its VNet is in no input",
	[RK_PEERING] = "its VNet is in no input",
	[RK_GATEWAY] = "the VNet of its GatewaySubnet is in no input",
	[RK_CONNECTION] = "its gateway (virtualNetworkGateway1) is in no "
			  "input",
	[RK_LNG] = "no connection in the input uses it",
	[RK_CIRCUIT] = "no connection in the input uses it",
	[RK_ROUTE_TABLE] = "no subnet in the input uses it",
	[RK_PE] = "its subnet is in no input",
	[RK_PUBLIC_IP] = "no gateway in the input uses it",
	[RK_NETWORK_GROUP] = "no connectivity configuration in the input "
			     "applies to it",
	[RK_STATIC_MEMBER] = "its VNet is in no input",
	[RK_ROUTE_SERVER] = "its VNet is in no input",
	[RK_VWAN_HUB] = "Virtual WAN hubs are out of scope",
	[RK_NIC] = "its subnet is in no input",
};

/*
 * "Microsoft.Network/virtualNetworks/subnets" for ".../providers/
 * Microsoft.Network/virtualNetworks/v/subnets/s" (spelling as in the id);
 * NULL when the id names no provider type. (input/ has its own, with
 * jansson's side of the layering.)
 */
static const char *
type_of_id(struct arena *a, const char *id)
{
	const char *p = NULL, *q, *s;
	char *t;
	size_t n = 0, seg = 0;

	/* After the last "/providers/": namespace, then type/name pairs. */
	for (q = id; (q = strchr(q, '/')) != NULL; q++)
		if (mp_strcase_prefix(q, "/providers/"))
			p = q + strlen("/providers/");
	if (p == NULL)
		return NULL;
	t = arena_alloc(a, strlen(p) + 1);
	for (s = p; *s != '\0'; seg++) {
		size_t l = strcspn(s, "/");

		/* Segments 0 (namespace), 1, 3, 5... are the type's. */
		if (seg == 0 || seg % 2 == 1) {
			if (n > 0)
				t[n++] = '/';
			memcpy(t + n, s, l);
			n += l;
		}
		s += l;
		if (*s == '/')
			s++;
	}
	t[n] = '\0';
	return seg >= 3 ? t : NULL;
}

static bool
seen(const void *r)
{
	return r != NULL && ((const struct res *)r)->seen;
}

/* Is the resource of kind k used (see the file's comment)? */
static bool
used(const struct estate *e, enum res_kind k, const struct res *r)
{
	size_t i, j;

	switch (k) {
	case RK_SUBNET:
		return seen(((const struct subnet *)r)->vnet);
	case RK_PEERING:
		return seen(((const struct peering *)r)->vnet);
	case RK_GATEWAY:
		return seen(((const struct gateway *)r)->hub);
	case RK_CONNECTION:
		return seen(((const struct connection *)r)->gateway1);
	case RK_LNG:
		for (i = 0; i < e->connections.n; i++)
			if (e->connections.v[i]->r.seen &&
			    (const struct res *)e->connections.v[i]->lng == r)
				return true;
		return false;
	case RK_CIRCUIT:
		return ((const struct circuit *)r)->connections.n > 0;
	case RK_ROUTE_TABLE:
		for (i = 0; i < e->subnets.n; i++)
			if (e->subnets.v[i]->r.seen &&
			    (const struct res *)e->subnets.v[i]->route_table ==
				r)
				return true;
		return false;
	case RK_PE:
		return seen(((const struct pe *)r)->subnet);
	case RK_NIC:
		return seen(((const struct nic *)r)->subnet);
	case RK_PUBLIC_IP:
		for (i = 0; i < e->gateways.n; i++)
			for (j = 0; e->gateways.v[i]->r.seen &&
			     j < e->gateways.v[i]->public_ip_ids.n;
			     j++)
				if (mp_strcaseeq(e->gateways.v[i]
						     ->public_ip_ids.v[j],
					r->id))
					return true;
		return false;
	case RK_NETWORK_GROUP:
		for (i = 0; i < e->configs.n; i++)
			for (j = 0; j < e->configs.v[i]->groups.n; j++)
				if ((const struct res *)e->configs.v[i]
					->groups.v[j] == r)
					return true;
		return false;
	case RK_STATIC_MEMBER:
		return ((const struct static_member *)r)->vnet != NULL;
	case RK_ROUTE_SERVER: {
		const struct res *v = estate_find(e,
		    ((const struct route_server *)r)->vnet_id != NULL ?
			((const struct route_server *)r)->vnet_id :
			"");

		return v != NULL && v->kind == RK_VNET && v->seen;
	}
	case RK_VWAN_HUB:
		return false;
	default:
		return true;
	}
}

/* The resources of kind k: e's array for it. */
static void
kind_array(const struct estate *e, enum res_kind k, void *const **v, size_t *n)
{
#define K(kind, arr) \
	case kind: \
		*v = (void *const *)e->arr.v; \
		*n = e->arr.n; \
		return
	switch (k) {
		K(RK_VNET, vnets);
		K(RK_SUBNET, subnets);
		K(RK_PEERING, peerings);
		K(RK_GATEWAY, gateways);
		K(RK_CONNECTION, connections);
		K(RK_LNG, lngs);
		K(RK_CIRCUIT, circuits);
		K(RK_ROUTE_TABLE, route_tables);
		K(RK_PE, pes);
		K(RK_PUBLIC_IP, public_ips);
		K(RK_NETWORK_MANAGER, managers);
		K(RK_NETWORK_GROUP, groups);
		K(RK_STATIC_MEMBER, static_members);
		K(RK_CONNECTIVITY_CONFIG, configs);
		K(RK_ROUTE_SERVER, route_servers);
		K(RK_VWAN_HUB, vwan_hubs);
		K(RK_NIC, nics);
	default:
		break;
	}
#undef K
	*v = NULL;
	*n = 0;
}

static int
str_casecmp(const void *a, const void *b)
{
	return mp_strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

static int
row_cmp(const void *a, const void *b)
{
	return mp_strcasecmp(((const struct coverage_row *)a)->type,
	    ((const struct coverage_row *)b)->type);
}

/* The kind whose ARM type the id names, RK__COUNT when none (virtualHubs
 * are Route Servers or vWAN hubs: the referenced one is not known). */
static enum res_kind
kind_of_type(const char *type)
{
	int k;

	for (k = 0; type != NULL && k < RK__COUNT; k++)
		if (mp_strcaseeq(type, kind_type[k]))
			return (enum res_kind)k;
	return RK__COUNT;
}

void
coverage_build(struct coverage *out, const struct estate *e, struct arena *a)
{
	size_t not_seen[RK__COUNT];
	ARR(struct coverage_row) other = { NULL, 0, 0 };
	const char **to;
	size_t i, j, nto = 0, first;
	int k;

	memset(out, 0, sizeof(*out));
	memset(not_seen, 0, sizeof(not_seen));
	/* Referenced, not seen: each id once, by the type it names. */
	to = arena_calloc(a, e->unresolved.n + 1, sizeof(*to));
	for (i = 0; i < e->unresolved.n; i++)
		to[nto++] = e->unresolved.v[i].to;
	if (nto > 1)
		qsort(to, nto, sizeof(*to), str_casecmp);
	for (i = 0; i < nto; i++) {
		const char *t;
		enum res_kind rk;

		if (i > 0 && mp_strcaseeq(to[i], to[i - 1]))
			continue;
		t = type_of_id(a, to[i]);
		if ((rk = kind_of_type(t)) != RK__COUNT) {
			not_seen[rk]++;
			continue;
		}
		if (t == NULL)
			t = "(an id that names no type)";
		for (j = 0; j < other.n; j++)
			if (mp_strcaseeq(other.v[j].type, t))
				break;
		if (j == other.n) {
			struct coverage_row r = { t, 0, 0, NULL, 0 };

			ARR_PUSH(a, other, r);
		}
		other.v[j].not_seen++;
	}
	for (k = 0; k < RK__COUNT; k++) {
		struct coverage_row r;
		void *const *v;
		size_t n;

		kind_array(e, (enum res_kind)k, &v, &n);
		memset(&r, 0, sizeof(r));
		r.type = kind_type[k];
		r.not_seen = not_seen[k];
		for (i = 0; i < n; i++) {
			const struct res *x = v[i];

			if (!x->seen)
				continue;
			r.read++;
			if (used(e, (enum res_kind)k, x))
				r.used++;
		}
		if (r.read > r.used)
			r.why = kind_why[k];
		if (r.read > 0 || r.not_seen > 0)
			ARR_PUSH(a, out->rows, r);
	}
	/* Children folded into their parents: used with their parent. */
	for (i = 0; i < e->folded.n; i++) {
		struct coverage_row r;

		r.type = e->folded.v[i].type;
		r.read = e->folded.v[i].read;
		r.used = r.read - e->folded.v[i].orphans;
		r.why = r.used < r.read ? "its parent is in no input" : NULL;
		r.not_seen = 0;
		ARR_PUSH(a, out->rows, r);
	}
	/* Types not modelled: read, never used. */
	first = out->rows.n;
	for (i = 0; i < e->unknown_types.n; i++) {
		struct coverage_row r;

		for (j = 0; j < other.n; j++)
			if (mp_strcaseeq(other.v[j].type,
				e->unknown_types.v[i].type))
				break;
		r.type = e->unknown_types.v[i].type;
		r.read = e->unknown_types.v[i].count;
		r.used = 0;
		r.why = "meshplan does not model this type";
		r.not_seen = 0;
		if (j < other.n) {
			r.not_seen = other.v[j].not_seen;
			other.v[j].type = NULL;
		}
		ARR_PUSH(a, out->rows, r);
	}
	for (j = 0; j < other.n; j++)
		if (other.v[j].type != NULL)
			ARR_PUSH(a, out->rows, other.v[j]);
	/* Template resources not read (template.c), by type and reason. */
	for (i = 0; i < e->skipped.n; i++) {
		struct coverage_row r;

		r.type = e->skipped.v[i].type;
		r.read = e->skipped.v[i].count;
		r.used = 0;
		r.why = arena_printf(a, "template resource skipped: %s",
		    e->skipped.v[i].reason);
		r.not_seen = 0;
		ARR_PUSH(a, out->rows, r);
	}
	if (out->rows.n - first > 1)
		qsort(out->rows.v + first, out->rows.n - first,
		    sizeof(*out->rows.v), row_cmp);
}
