/*
 * estate.c - the estate model's store: an id index over per-kind arrays,
 * get-or-create by id, and the link pass that resolves references and
 * sorts everything by lower-case id so that output order never depends on
 * input order.
 */
#include "estate.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/strmap.h"
#include "../lib/util.h"

static const size_t kind_size[RK__COUNT] = {
	[RK_VNET] = sizeof(struct vnet),
	[RK_SUBNET] = sizeof(struct subnet),
	[RK_PEERING] = sizeof(struct peering),
	[RK_GATEWAY] = sizeof(struct gateway),
	[RK_CONNECTION] = sizeof(struct connection),
	[RK_LNG] = sizeof(struct lng),
	[RK_CIRCUIT] = sizeof(struct circuit),
	[RK_ROUTE_TABLE] = sizeof(struct route_table),
	[RK_PE] = sizeof(struct pe),
	[RK_PUBLIC_IP] = sizeof(struct public_ip),
	[RK_NETWORK_MANAGER] = sizeof(struct network_manager),
	[RK_NETWORK_GROUP] = sizeof(struct network_group),
	[RK_STATIC_MEMBER] = sizeof(struct static_member),
	[RK_CONNECTIVITY_CONFIG] = sizeof(struct connectivity_config),
	[RK_ROUTE_SERVER] = sizeof(struct route_server),
	[RK_VWAN_HUB] = sizeof(struct vwan_hub),
	[RK_NIC] = sizeof(struct nic),
};

static const char *const kind_names[RK__COUNT] = {
	[RK_VNET] = "virtualNetwork",
	[RK_SUBNET] = "subnet",
	[RK_PEERING] = "virtualNetworkPeering",
	[RK_GATEWAY] = "virtualNetworkGateway",
	[RK_CONNECTION] = "connection",
	[RK_LNG] = "localNetworkGateway",
	[RK_CIRCUIT] = "expressRouteCircuit",
	[RK_ROUTE_TABLE] = "routeTable",
	[RK_PE] = "privateEndpoint",
	[RK_PUBLIC_IP] = "publicIPAddress",
	[RK_NETWORK_MANAGER] = "networkManager",
	[RK_NETWORK_GROUP] = "networkGroup",
	[RK_STATIC_MEMBER] = "staticMember",
	[RK_CONNECTIVITY_CONFIG] = "connectivityConfiguration",
	[RK_ROUTE_SERVER] = "routeServer",
	[RK_VWAN_HUB] = "virtualHub",
	[RK_NIC] = "networkInterface",
};

const char *
res_kind_name(enum res_kind k)
{
	return k < RK__COUNT ? kind_names[k] : "?";
}

const char *
tri_name(enum tri t)
{
	return t == TRI_TRUE ? "true" : t == TRI_FALSE ? "false" : "absent";
}

static const struct {
	enum next_hop nh;
	const char *name;
} nh_names[] = {
	{ NH_VNET_LOCAL, "VnetLocal" },
	{ NH_VNET_PEERING, "VNetPeering" },
	{ NH_CONNECTED_GROUP, "ConnectedGroup" },
	{ NH_GATEWAY, "VirtualNetworkGateway" },
	{ NH_APPLIANCE, "VirtualAppliance" },
	{ NH_INTERNET, "Internet" },
	{ NH_NONE, "None" },
};

const char *
next_hop_name(enum next_hop nh)
{
	size_t i;

	for (i = 0; i < MP_NELEM(nh_names); i++)
		if (nh_names[i].nh == nh)
			return nh_names[i].name;
	return "Other";
}

enum next_hop
next_hop_parse(const char *s)
{
	size_t i;

	if (s == NULL)
		return NH_NONE_SET;
	for (i = 0; i < MP_NELEM(nh_names); i++)
		if (mp_strcaseeq(s, nh_names[i].name))
			return nh_names[i].nh;
	if (mp_strcaseeq(s, "GlobalVNetPeering"))
		return NH_VNET_PEERING;
	return NH_OTHER;
}

bool
peering_active(const struct peering *p)
{
	return p->state == NULL || mp_strcaseeq(p->state, "Connected");
}

const char *
res_tag(const struct res *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->tags.n; i++)
		if (mp_strcaseeq(r->tags.v[i].key, key))
			return r->tags.v[i].value;
	return NULL;
}

struct estate *
estate_new(void)
{
	struct arena *a = arena_new();
	struct estate *e = arena_alloc(a, sizeof(*e));

	e->arena = a;
	e->index = strmap_new(a);
	e->names = strmap_new(a);
	return e;
}

void
estate_free(struct estate *e)
{
	if (e != NULL) {
		arena_free(e->ids_arena);
		arena_free(e->raw_arena);
		arena_free(e->arena);
	}
}

/* The copy of id kept by estate_intern_id, in this spelling; NULL. */
static const char *
kept_id(const struct estate *e, const char *id)
{
	const char *k;

	if (e->ids == NULL)
		return NULL;
	k = strmap_get(e->ids, id);
	return k != NULL && strcmp(k, id) == 0 ? k : NULL;
}

const char *
estate_intern_id(struct estate *e, const char *id)
{
	const struct res *r;
	const char *k;
	char *c;

	if ((k = kept_id(e, id)) != NULL)
		return k;
	/* A resource already there with this spelling has the copy. */
	r = strmap_get(e->index, id);
	if (r != NULL && strcmp(r->id, id) == 0)
		return r->id;
	if (e->ids == NULL) {
		e->ids_arena = arena_new();
		e->ids = strmap_new(e->ids_arena);
	}
	c = arena_strdup(e->arena, id);
	if (strmap_get(e->ids, c) == NULL) /* else another spelling */
		strmap_put_kept(e->ids, c, c);
	return c;
}

void
estate_intern_done(struct estate *e)
{
	arena_free(e->ids_arena);
	e->ids_arena = NULL;
	e->ids = NULL;
}

struct arena *
estate_raw_arena(struct estate *e)
{
	if (e->raw_arena == NULL)
		e->raw_arena = arena_new();
	return e->raw_arena;
}

struct arena *
estate_take_raw(struct estate *e)
{
	struct arena *a = e->raw_arena;

	e->raw_arena = NULL;
	return a;
}

/* ---- ids ---- */

const char *
id_normalize(struct arena *a, const char *id)
{
	size_t n = strlen(id);
	char *s;

	while (n > 0 && id[n - 1] == '/')
		n--;
	if (id[0] == '/')
		return arena_strndup(a, id, n);
	s = arena_alloc(a, n + 2);
	s[0] = '/';
	memcpy(s + 1, id, n);
	s[n + 1] = '\0';
	return s;
}

/* The segment after "/<key>/" (case-insensitive) and its length, or
 * NULL. */
static const char *
segment_span(const char *id, const char *key, size_t *len)
{
	size_t k = strlen(key);
	const char *p = id;

	while ((p = strchr(p, '/')) != NULL) {
		p++;
		if (mp_strcase_prefix(p, key) && p[k] == '/') {
			const char *v = p + k + 1, *end = strchr(v, '/');

			*len = end ? (size_t)(end - v) : strlen(v);
			return v;
		}
	}
	return NULL;
}

static const char *
id_segment(struct arena *a, const char *id, const char *key)
{
	size_t n;
	const char *v = segment_span(id, key, &n);

	return v != NULL ? arena_strndup(a, v, n) : NULL;
}

/*
 * s[0..n) kept once per spelling: subscriptions, resource groups and types
 * repeat across every resource of an estate.
 */
static const char *
intern(struct estate *e, const char *s, size_t n)
{
	char buf[128];
	const char *k;
	char *c;

	if (n >= sizeof(buf))
		return arena_strndup(e->arena, s, n);
	memcpy(buf, s, n);
	buf[n] = '\0';
	/* The map ignores case; a spelling of its own gets its own copy. */
	k = strmap_get(e->names, buf);
	if (k != NULL && strcmp(k, buf) == 0)
		return k;
	c = arena_strndup(e->arena, s, n);
	if (k == NULL)
		strmap_put_kept(e->names, c, c);
	return c;
}

const char *
estate_intern(struct estate *e, const char *s)
{
	return s != NULL ? intern(e, s, strlen(s)) : NULL;
}

static const char *
id_segment_interned(struct estate *e, const char *id, const char *key)
{
	size_t n;
	const char *v = segment_span(id, key, &n);

	return v != NULL ? intern(e, v, n) : NULL;
}

const char *
id_subscription(struct arena *a, const char *id)
{
	return id_segment(a, id, "subscriptions");
}

const char *
id_resource_group(struct arena *a, const char *id)
{
	return id_segment(a, id, "resourceGroups");
}

const char *
id_last_name(struct arena *a, const char *id)
{
	const char *s = strrchr(id, '/');

	return arena_strdup(a, s ? s + 1 : id);
}

const char *
id_parent(struct arena *a, const char *id)
{
	/* ".../providers/NS/type/name/childtype/childname" */
	const char *prov = NULL, *p = id, *end;
	int slashes = 0;

	while ((p = strchr(p, '/')) != NULL) {
		if (mp_strcase_prefix(p, "/providers/"))
			prov = p;
		p++;
	}
	if (prov == NULL)
		return NULL;
	/* Count segments after /providers/: NS, type, name[, t, n]... */
	for (p = prov + 1; *p; p++)
		if (*p == '/')
			slashes++;
	if (slashes < 5)
		return NULL;
	end = strrchr(id, '/');
	end = end ? end - 1 : NULL;
	while (end > id && *end != '/')
		end--;
	return end > id ? arena_strndup(a, id, (size_t)(end - id)) : NULL;
}

/* ---- store ---- */

/* Each kind's array in the estate, in kind order: append() fills them,
 * estate_each() walks them. */
#define KINDS(X) \
	X(RK_VNET, vnets, struct vnet) \
	X(RK_SUBNET, subnets, struct subnet) \
	X(RK_PEERING, peerings, struct peering) \
	X(RK_GATEWAY, gateways, struct gateway) \
	X(RK_CONNECTION, connections, struct connection) \
	X(RK_LNG, lngs, struct lng) \
	X(RK_CIRCUIT, circuits, struct circuit) \
	X(RK_ROUTE_TABLE, route_tables, struct route_table) \
	X(RK_PE, pes, struct pe) \
	X(RK_PUBLIC_IP, public_ips, struct public_ip) \
	X(RK_NETWORK_MANAGER, managers, struct network_manager) \
	X(RK_NETWORK_GROUP, groups, struct network_group) \
	X(RK_STATIC_MEMBER, static_members, struct static_member) \
	X(RK_CONNECTIVITY_CONFIG, configs, struct connectivity_config) \
	X(RK_ROUTE_SERVER, route_servers, struct route_server) \
	X(RK_VWAN_HUB, vwan_hubs, struct vwan_hub) \
	X(RK_NIC, nics, struct nic)

static void
append(struct estate *e, struct res *r)
{
	switch (r->kind) {
#define CASE(K, F, T) \
	case K: \
		ARR_PUSH(e->arena, e->F, (T *)r); \
		break;
		KINDS(CASE)
#undef CASE
	case RK__COUNT:
		MP_ASSERT(!"bad kind");
	}
}

int
estate_each(const struct estate *e, int (*fn)(const struct res *r, void *ctx),
    void *ctx)
{
	size_t i;
	int rc;

#define EACH(K, F, T) \
	for (i = 0; i < e->F.n; i++) \
		if ((rc = fn(&e->F.v[i]->r, ctx)) != 0) \
			return rc;
	KINDS(EACH)
#undef EACH
	return 0;
}

struct res *
estate_find(const struct estate *e, const char *id)
{
	struct arena *scratch;
	struct res *r;

	if (id == NULL || *id == '\0')
		return NULL;
	if (id[0] == '/' && id[strlen(id) - 1] != '/')
		return strmap_get(e->index, id);
	scratch = arena_new();
	r = strmap_get(e->index, id_normalize(scratch, id));
	arena_free(scratch);
	return r;
}

struct res *
estate_get(struct estate *e, enum res_kind kind, const char *id)
{
	struct res *r;
	const char *nid, *name;
	char *key;
	size_t n;

	MP_ASSERT(kind < RK__COUNT && id != NULL);
	n = strlen(id);
	/* Look a normalised id up as it is: most lookups find it. */
	nid = id[0] == '/' && (n == 1 || id[n - 1] != '/') ?
	    id :
	    id_normalize(e->arena, id);
	r = strmap_get(e->index, nid);
	if (r != NULL) {
		if (nid != id) /* the copy made just now */
			arena_release(e->arena, (void *)nid, strlen(nid) + 1);
		return r->kind == kind ? r : NULL;
	}
	if ((name = kept_id(e, nid)) != NULL) {
		/* Referred to before: that copy. */
		if (nid != id)
			arena_release(e->arena, (void *)nid, strlen(nid) + 1);
		nid = name;
	} else if (nid == id)
		nid = arena_strdup(e->arena, id);
	r = arena_alloc(e->arena, kind_size[kind]);
	r->kind = kind;
	r->id = nid;
	key = arena_strdup(e->arena, nid);
	mp_strlower(key);
	r->key = key;
	name = strrchr(nid, '/');
	r->name = name != NULL ? name + 1 : nid; /* nid does not change */
	r->subscription = id_segment_interned(e, nid, "subscriptions");
	r->resource_group = id_segment_interned(e, nid, "resourceGroups");
	strmap_put_kept(e->index, nid, r);
	append(e, r);
	return r;
}

struct subnet *
estate_subnet(struct estate *e, struct vnet *v, const char *id)
{
	struct subnet *s = (struct subnet *)estate_get(e, RK_SUBNET, id);

	if (s != NULL && s->vnet == NULL) {
		s->vnet = v;
		ARR_PUSH(e->arena, v->subnets, s);
	}
	return s;
}

struct peering *
estate_peering(struct estate *e, struct vnet *v, const char *id)
{
	struct peering *p = (struct peering *)estate_get(e, RK_PEERING, id);

	if (p != NULL && p->vnet == NULL) {
		p->vnet = v;
		ARR_PUSH(e->arena, v->peerings, p);
	}
	return p;
}

void
estate_count_unknown(struct estate *e, const char *type)
{
	size_t i;
	struct type_count tc;

	for (i = 0; i < e->unknown_types.n; i++) {
		if (mp_strcaseeq(e->unknown_types.v[i].type, type)) {
			e->unknown_types.v[i].count++;
			return;
		}
	}
	tc.type = arena_strdup(e->arena, type);
	tc.count = 1;
	ARR_PUSH(e->arena, e->unknown_types, tc);
}

void
estate_count_folded(struct estate *e, const char *type, bool orphan)
{
	struct folded_count fc;
	size_t i;

	for (i = 0; i < e->folded.n; i++)
		if (strcmp(e->folded.v[i].type, type) == 0)
			break;
	if (i == e->folded.n) {
		fc.type = type;
		fc.read = fc.orphans = 0;
		ARR_PUSH(e->arena, e->folded, fc);
	}
	e->folded.v[i].read++;
	e->folded.v[i].orphans += orphan;
}

static int
folded_cmp(const void *a, const void *b)
{
	return strcmp(((const struct folded_count *)a)->type,
	    ((const struct folded_count *)b)->type);
}

void
estate_count_skipped(struct estate *e, const char *type, const char *reason)
{
	struct skip_count sc;
	size_t i;

	for (i = 0; i < e->skipped.n; i++) {
		if (mp_strcaseeq(e->skipped.v[i].type, type) &&
		    strcmp(e->skipped.v[i].reason, reason) == 0) {
			e->skipped.v[i].count++;
			return;
		}
	}
	sc.type = arena_strdup(e->arena, type);
	sc.reason = reason;
	sc.count = 1;
	ARR_PUSH(e->arena, e->skipped, sc);
}

void
estate_add_unresolved(struct estate *e, const char *from, const char *to,
    const char *what, const char *file, const char *pointer)
{
	struct unresolved u;
	size_t i;

	for (i = 0; i < e->unresolved.n; i++)
		if (mp_strcaseeq(e->unresolved.v[i].from, from) &&
		    mp_strcaseeq(e->unresolved.v[i].to, to) &&
		    strcmp(e->unresolved.v[i].what, what) == 0)
			return;
	u.from = arena_strdup(e->arena, from);
	u.to = arena_strdup(e->arena, to);
	u.what = arena_strdup(e->arena, what);
	u.file = arena_strdup(e->arena, file);
	u.pointer = arena_strdup(e->arena, pointer);
	ARR_PUSH(e->arena, e->unresolved, u);
}

/* ---- link ---- */

static int
res_ptr_cmp(const void *a, const void *b)
{
	const struct res *x = *(const struct res *const *)a;
	const struct res *y = *(const struct res *const *)b;

	return strcmp(x->key, y->key);
}

#define SORT(arr) \
	do { \
		if ((arr).n > 1) \
			qsort((arr).v, (arr).n, sizeof(*(arr).v), \
			    res_ptr_cmp); \
	} while (0)

static int
tag_cmp(const void *a, const void *b)
{
	const struct tag *x = a, *y = b;

	return strcmp(x->key, y->key);
}

static int
route_cmp(const void *a, const void *b)
{
	const struct route *x = a, *y = b;

	return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

static int
type_count_cmp(const void *a, const void *b)
{
	const struct type_count *x = a, *y = b;

	return mp_strcasecmp(x->type, y->type);
}

static int
unresolved_cmp(const void *a, const void *b)
{
	const struct unresolved *x = a, *y = b;
	int c;

	if ((c = mp_strcasecmp(x->from, y->from)) != 0)
		return c;
	if ((c = mp_strcasecmp(x->to, y->to)) != 0)
		return c;
	return strcmp(x->what, y->what);
}

/*
 * Resolve an id to a resource of the wanted kind. A reference to a kind we
 * model but that no input holds is recorded as unresolved; the returned
 * pointer may still be a not-seen placeholder (for VNets: peering remotes).
 */
static struct res *
resolve(struct estate *e, const struct res *from, const char *id,
    enum res_kind kind, const char *what)
{
	struct res *r;

	if (id == NULL)
		return NULL;
	r = estate_find(e, id);
	if (r != NULL && r->kind != kind)
		r = NULL;
	if (r == NULL || !r->seen)
		estate_add_unresolved(e, from->id, id, what, from->file,
		    from->pointer);
	return r;
}

static const char *
subnet_vnet_id(struct arena *a, const char *subnet_id)
{
	return subnet_id ? id_parent(a, subnet_id) : NULL;
}

/* References between the network resources resolved: peerings, subnets,
 * private endpoints, NICs, gateways and connections. */
static void
link_network(struct estate *e)
{
	size_t i, j;

	for (i = 0; i < e->peerings.n; i++) {
		struct peering *p = e->peerings.v[i];

		if (p->remote_id == NULL)
			continue;
		p->remote = (struct vnet *)estate_find(e, p->remote_id);
		if (p->remote != NULL && p->remote->r.kind != RK_VNET)
			p->remote = NULL;
		if (p->remote == NULL) {
			/* Keep an external-VNet placeholder. */
			p->remote = (struct vnet *)estate_get(e, RK_VNET,
			    p->remote_id);
		}
		if (p->remote != NULL && !p->remote->r.seen)
			estate_add_unresolved(e, p->r.id, p->remote_id,
			    "remoteVirtualNetwork", p->r.file, p->r.pointer);
	}
	for (i = 0; i < e->subnets.n; i++) {
		struct subnet *s = e->subnets.v[i];

		s->route_table = (struct route_table *)resolve(e, &s->r,
		    s->route_table_id, RK_ROUTE_TABLE, "routeTable");
		s->pes.n = 0;
	}
	for (i = 0; i < e->pes.n; i++) {
		struct pe *p = e->pes.v[i];

		if (!p->r.seen)
			continue;
		p->subnet = (struct subnet *)resolve(e, &p->r, p->subnet_id,
		    RK_SUBNET, "subnet");
		if (p->subnet != NULL)
			ARR_PUSH(e->arena, p->subnet->pes, p);
	}
	for (i = 0; i < e->nics.n; i++) {
		struct nic *n = e->nics.v[i];

		if (n->r.seen)
			n->subnet = (struct subnet *)resolve(e, &n->r,
			    n->subnet_id, RK_SUBNET, "ipConfigurations.subnet");
	}
	for (i = 0; i < e->gateways.n; i++) {
		struct gateway *g = e->gateways.v[i];
		const char *vid = subnet_vnet_id(e->arena, g->subnet_id);

		g->connections.n = 0;
		g->hub = NULL;
		if (!g->r.seen || vid == NULL)
			continue;
		g->hub = (struct vnet *)resolve(e, &g->r, vid, RK_VNET,
		    "ipConfigurations.subnet");
		for (j = 0; j < g->public_ip_ids.n; j++) {
			struct public_ip *ip = (struct public_ip *)resolve(e,
			    &g->r, g->public_ip_ids.v[j], RK_PUBLIC_IP,
			    "publicIPAddress");

			if (ip != NULL && ip->sku != NULL &&
			    g->public_ip_sku == NULL)
				g->public_ip_sku = ip->sku;
		}
	}
	for (i = 0; i < e->circuits.n; i++)
		e->circuits.v[i]->connections.n = 0;
	for (i = 0; i < e->connections.n; i++) {
		struct connection *c = e->connections.v[i];

		if (!c->r.seen)
			continue;
		c->gateway1 = (struct gateway *)resolve(e, &c->r,
		    c->gateway1_id, RK_GATEWAY, "virtualNetworkGateway1");
		c->gateway2 = (struct gateway *)resolve(e, &c->r,
		    c->gateway2_id, RK_GATEWAY, "virtualNetworkGateway2");
		c->circuit = (struct circuit *)resolve(e, &c->r, c->circuit_id,
		    RK_CIRCUIT, "peer");
		c->lng = (struct lng *)resolve(e, &c->r, c->lng_id, RK_LNG,
		    "localNetworkGateway2");
	}
}

/* Existing AVNM state: groups, hubs and members resolved, and every one
 * that no input holds is "referenced, not seen". */
static void
link_avnm(struct estate *e)
{
	size_t i, j;

	for (i = 0; i < e->configs.n; i++) {
		struct connectivity_config *c = e->configs.v[i];

		c->groups.n = 0;
		c->hubs.n = 0;
		c->manager_id = id_parent(e->arena, c->r.id);
		if (!c->r.seen)
			continue;
		for (j = 0; j < c->group_ids.n; j++) {
			struct res *r = resolve(e, &c->r, c->group_ids.v[j],
			    RK_NETWORK_GROUP, "appliesToGroups.networkGroupId");

			ARR_PUSH(e->arena, c->groups,
			    r != NULL && r->seen ? (struct network_group *)r :
						   NULL);
		}
		for (j = 0; j < c->hub_ids.n; j++) {
			struct res *r = resolve(e, &c->r, c->hub_ids.v[j],
			    RK_VNET, "hubs.resourceId");

			ARR_PUSH(e->arena, c->hubs,
			    r != NULL && r->seen ? (struct vnet *)r : NULL);
		}
	}
	for (i = 0; i < e->static_members.n; i++) {
		struct static_member *m = e->static_members.v[i];
		struct res *r;

		m->vnet = NULL;
		if (!m->r.seen)
			continue;
		r = resolve(e, &m->r, m->resource_id, RK_VNET, "resourceId");
		if (r != NULL && r->seen)
			m->vnet = (struct vnet *)r;
	}
	for (i = 0; i < e->groups.n; i++) {
		struct network_group *g = e->groups.v[i];

		g->member_vnets.n = 0;
		g->manager_id = id_parent(e->arena, g->r.id);
		for (j = 0; j < g->member_ids.n; j++) {
			struct res *r = estate_find(e, g->member_ids.v[j]);

			ARR_PUSH(e->arena, g->member_vnets,
			    r != NULL && r->kind == RK_VNET && r->seen ?
				(struct vnet *)r :
				NULL);
		}
	}
}

/* Every list sorted, then the back-lists (sorted as they are built). */
static void
sort_estate(struct estate *e)
{
	size_t i;

	/* Sort first so that the back-lists below come out sorted. */
	SORT(e->vnets);
	SORT(e->subnets);
	SORT(e->peerings);
	SORT(e->gateways);
	SORT(e->connections);
	SORT(e->lngs);
	SORT(e->circuits);
	SORT(e->route_tables);
	SORT(e->pes);
	SORT(e->public_ips);
	SORT(e->managers);
	SORT(e->groups);
	SORT(e->static_members);
	SORT(e->configs);
	SORT(e->route_servers);
	SORT(e->vwan_hubs);
	SORT(e->nics);
	for (i = 0; i < e->connections.n; i++) {
		struct connection *c = e->connections.v[i];

		if (c->gateway1 != NULL && c->gateway1->r.seen)
			ARR_PUSH(e->arena, c->gateway1->connections, c);
		if (c->circuit != NULL && c->circuit->r.seen)
			ARR_PUSH(e->arena, c->circuit->connections, c);
	}
	for (i = 0; i < e->vnets.n; i++) {
		struct vnet *v = e->vnets.v[i];

		SORT(v->subnets);
		SORT(v->peerings);
		if (v->r.tags.n > 1)
			qsort(v->r.tags.v, v->r.tags.n, sizeof(struct tag),
			    tag_cmp);
	}
	for (i = 0; i < e->route_tables.n; i++) {
		struct route_table *t = e->route_tables.v[i];

		if (t->routes.n > 1)
			qsort(t->routes.v, t->routes.n, sizeof(struct route),
			    route_cmp);
	}
	for (i = 0; i < e->subnets.n; i++)
		SORT(e->subnets.v[i]->pes);
	if (e->folded.n > 1)
		qsort(e->folded.v, e->folded.n, sizeof(struct folded_count),
		    folded_cmp);
	if (e->unknown_types.n > 1)
		qsort(e->unknown_types.v, e->unknown_types.n,
		    sizeof(struct type_count), type_count_cmp);
	if (e->unresolved.n > 1)
		qsort(e->unresolved.v, e->unresolved.n,
		    sizeof(struct unresolved), unresolved_cmp);
}

/* In this order: link_network creates placeholders (peering remotes)
 * that the sort must see. */
void
estate_link(struct estate *e)
{
	link_network(e);
	link_avnm(e);
	sort_estate(e);
}

static const char *
estate_left_out_note(struct arena *a, const struct estate *e)
{
	const char *s = NULL;
	size_t i;

	for (i = 0; i < e->left_out.n; i++)
		s = arena_printf(a, "%s%s%s (%s)", s == NULL ? "" : s,
		    s == NULL ? "" : ", ", e->left_out.v[i].file,
		    e->left_out.v[i].why);
	return arena_printf(a,
	    "PARTIAL INPUT (--keep-going): %zu input "
	    "file%s could not be used and %s left out: %s",
	    e->left_out.n, e->left_out.n == 1 ? "" : "s",
	    e->left_out.n == 1 ? "was" : "were", s);
}

const char *
estate_partial_note(struct arena *a, const struct estate *e)
{
	const char *s = NULL;
	size_t i;

	if (e == NULL || (e->partial_inputs.n == 0 && e->left_out.n == 0))
		return NULL;
	if (e->partial_inputs.n == 0)
		return estate_left_out_note(a, e);
	for (i = 0; i < e->partial_inputs.n; i++) {
		const struct partial_input *pi = &e->partial_inputs.v[i];
		const char *held = pi->total >= 0 ?
		    arena_printf(a, "%zu of %lld rows", pi->rows, pi->total) :
		    arena_printf(a, "%zu rows, %s set", pi->rows, pi->next_key);

		s = arena_printf(a, "%s%s%s (%s)", s == NULL ? "" : s,
		    s == NULL ? "" : ", ", pi->file, held);
	}
	s = arena_printf(a,
	    "PARTIAL INPUT (--allow-partial): %s %s one "
	    "page of a larger result; this covers only part of the estate",
	    s, e->partial_inputs.n == 1 ? "is" : "are each");
	if (e->left_out.n > 0)
		s = arena_printf(a, "%s. %s", s, estate_left_out_note(a, e));
	return s;
}

bool
config_deployed(const struct estate *e, const char *id)
{
	size_t i;

	if (!e->has_active_configs)
		return true;
	for (i = 0; id != NULL && i < e->active_configs.n; i++)
		if (mp_strcaseeq(e->active_configs.v[i], id))
			return true;
	return false;
}
