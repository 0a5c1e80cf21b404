/*
 * routing.c - the routing simulation of DESIGN.md section 3, R3-R8 (see
 * routing.h for the API and docs/routing.md for the choices made where
 * Azure's behaviour is not written down).
 *
 * Model. A routing context (struct rctx) is one source subnet: its VNet,
 * its route table and the gateway hub whose routes it receives. Lookups do
 * not build a merged table per subnet; they take the longest match in a
 * few shared layers and combine them with Azure's selection:
 *   - user routes: one trie per route table (shared by its subnets);
 *   - VnetLocal: the VNet's own prefixes (a short list);
 *   - VNetPeering: one trie per VNet; ConnectedGroup: one trie per mesh;
 *   - gateway routes: one trie per hub (L(G) of its gateways, ExpressRoute
 *     first on equal prefixes);
 *   - Internet and the reserved None routes: at most six, per context.
 * VnetLocal/VNetPeering/ConnectedGroup win over gateway and other system
 * routes whatever the length and lose only to a user route at least as
 * long; otherwise the longest prefix wins, ties user > gateway > system.
 *
 * Sharing. A route lookup from spoke A for an address outside A's own
 * address space depends only on A's route-table content, peerings, transit
 * hub, mesh membership and which reserved routes A keeps: its "class". The
 * hairpin analysis routes once per class and destination prefix and counts
 * pairs by multiplication; pairs (A, B) whose address spaces overlap are
 * routed one by one with A's own routes (an "exception"). Memory: the
 * tries and one row of results per class being processed, linear in the
 * estate; pairs are streamed, never stored.
 *
 * Invariants: the estate is linked, its topology derived and unchanged
 * while the routing exists; every eroute lives in r->arena and is never
 * moved once a trie points to it.
 */
#include "routing.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "ptrie.h"
#include "routing_int.h"
#include "topology.h"

static const char *const reserved_text[] = {
	"10.0.0.0/8",
	"100.64.0.0/10",
	"172.16.0.0/12",
	"192.168.0.0/16",
};

/* ---- pointer cache ---------------------------------------------------- */

static size_t
pc_hash(const void *k, int kind)
{
	uint64_t h = ((uint64_t)(uintptr_t)k >> 3) ^ ((uint64_t)kind << 59);

	h *= 0x9E3779B97F4A7C15ULL;
	return (size_t)(h >> 17);
}

void *
pc_get(const struct routing *r, const void *k, int kind)
{
	size_t h;

	if (r->pc == NULL)
		return NULL;
	for (h = pc_hash(k, kind) & r->pc_mask; r->pc[h].k != NULL;
	     h = (h + 1) & r->pc_mask)
		if (r->pc[h].k == k && r->pc[h].kind == kind)
			return r->pc[h].v;
	return NULL;
}

static void
pc_insert(struct pcache_slot *t, size_t mask, const void *k, int kind, void *v)
{
	size_t h;

	for (h = pc_hash(k, kind) & mask; t[h].k != NULL; h = (h + 1) & mask)
		if (t[h].k == k && t[h].kind == kind)
			break;
	t[h].k = k;
	t[h].kind = kind;
	t[h].v = v;
}

void
pc_put(struct routing *r, const void *k, int kind, void *v)
{
	if (2 * (r->pc_n + 1) > r->pc_mask + 1 || r->pc == NULL) {
		size_t nm = r->pc == NULL ? 63 : r->pc_mask * 2 + 1, i;
		struct pcache_slot *t = xcalloc(nm + 1, sizeof(*t));

		for (i = 0; r->pc != NULL && i <= r->pc_mask; i++)
			if (r->pc[i].k != NULL)
				pc_insert(t, nm, r->pc[i].k, r->pc[i].kind,
				    r->pc[i].v);
		free(r->pc);
		r->pc = t;
		r->pc_mask = nm;
	}
	if (pc_get(r, k, kind) == NULL)
		r->pc_n++;
	pc_insert(r->pc, r->pc_mask, k, kind, v);
}

/* ---- small helpers ---------------------------------------------------- */

const char *
path_kind_name(enum path_kind k)
{
	static const char *const names[PATH__COUNT] = {
		"direct",
		"hairpin",
		"onprem",
		"vpn",
		"dropped",
		"internet",
		"overlap",
		"loop",
	};

	return (unsigned)k < PATH__COUNT ? names[k] : "unknown";
}

const char *
hp_scope_name(enum hp_scope s)
{
	return s == SCOPE_SAME_HUB ? "same-hub" :
	    s == SCOPE_CROSS_HUB   ? "cross-hub" :
				     "none";
}

const char *
route_source_name(enum route_source s)
{
	return s == RSRC_USER ? "User" :
	    s == RSRC_GATEWAY ? "VirtualNetworkGateway" :
				"Default";
}

bool
subnet_is_infrastructure(const struct subnet *s)
{
	static const char *const names[] = {
		"GatewaySubnet",
		"AzureFirewallSubnet",
		"AzureFirewallManagementSubnet",
		"RouteServerSubnet",
		"AzureBastionSubnet",
	};
	size_t i, n;

	if (s->r.name == NULL)
		return false;
	/* Lengths first: most names match none of these lengths. */
	n = strlen(s->r.name);
	for (i = 0; i < MP_NELEM(names); i++)
		if (strlen(names[i]) == n && mp_strcaseeq(s->r.name, names[i]))
			return true;
	return false;
}

static struct prefix
must_prefix(const char *s)
{
	struct prefix p;

	MP_ASSERT(prefix_parse(s, 0, &p, NULL) == 0);
	return p;
}

static const char *
intern(struct routing *r, const char *s)
{
	const char *v = strmap_get(r->texts, s);

	if (v == NULL) {
		v = arena_strdup(r->arena, s);
		strmap_put(r->texts, v, (void *)v);
	}
	return v;
}

void
eroute_set_text(struct routing *r, struct eroute *e)
{
	char pb[PREFIX_STRLEN];
	struct strbuf *sb = &r->textbuf;

	sb_reset(sb);
	sb_puts(sb, route_source_name(e->source));
	sb_putc(sb, ' ');
	sb_puts(sb, prefix_format(&e->p, pb));
	sb_putc(sb, ' ');
	sb_puts(sb, next_hop_name(e->nh));
	if (e->nh_ip != NULL) {
		sb_putc(sb, ' ');
		sb_puts(sb, e->nh_ip);
	}
	e->text = intern(r, sb_str(sb));
}

static struct eroute *
eroute_new(struct arena *a, const struct prefix *p, enum route_source src,
    enum next_hop nh)
{
	struct eroute *e = arena_alloc(a, sizeof(*e));

	e->p = *p;
	e->source = src;
	e->nh = nh;
	e->active = true;
	return e;
}

/* Insert e unless p is there already (then mark the first ambiguous when
 * it points to another VNet). */
static void
trie_add_first(struct ptrie *t, struct eroute *e)
{
	struct eroute *old = ptrie_get(t, &e->p);

	if (old == NULL) {
		ptrie_insert(t, &e->p, e, NULL);
		return;
	}
	if (old->remote != NULL && old->remote != e->remote)
		old->ambiguous = true;
}

/* ---- per-hub, per-VNet, per-route-table information -------------------- */

struct hubinfo *
hub_info(struct routing *r, const struct vnet *h)
{
	struct hubinfo *hi;

	if (h == NULL || h->role != ROLE_HUB)
		return NULL;
	if ((hi = pc_get(r, h, PC_HUB)) != NULL)
		return hi;
	if ((hi = strmap_get(r->hubs, h->r.key)) != NULL) {
		pc_put(r, h, PC_HUB, hi);
		return hi;
	}
	hi = arena_alloc(r->arena, sizeof(*hi));
	hi->hub = h;
	strmap_put(r->hubs, h->r.key, hi);
	pc_put(r, h, PC_HUB, hi);
	advertised_compute(r->e, h, true, r->arena, &hi->adv);
	return hi;
}

/* The gateway routes a hub hands to its subnets and transit spokes. */
static struct hubinfo *
hub_routes(struct routing *r, struct hubinfo *hi)
{
	const struct vnet *h;
	size_t i, j, pass;

	if (hi == NULL || hi->routes_built)
		return hi;
	hi->routes_built = true;
	h = hi->hub;
	hi->gwtrie = ptrie_new(r->arena);
	/* ExpressRoute gateways first: on an equal prefix the route goes to
	 * the ExpressRoute gateway. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < h->gateways.n; i++) {
			const struct gateway *g = h->gateways.v[i];
			const prefix_arr *l;

			if ((pass == 0) != (g->gw_type != GW_VPN))
				continue;
			l = routing_learned(r, g);
			for (j = 0; j < l->n; j++) {
				struct eroute *e;

				if (ptrie_get(hi->gwtrie, &l->v[j]) != NULL)
					continue;
				e = eroute_new(r->arena, &l->v[j], RSRC_GATEWAY,
				    NH_GATEWAY);
				e->gw = g;
				eroute_set_text(r, e);
				ptrie_insert(hi->gwtrie, &e->p, e, NULL);
				if (e->p.fam == FAM_V4 && e->p.len == 0)
					hi->default4 = true;
			}
		}
	}
	for (i = 0; i < h->gateways.n; i++)
		if (h->gateways.v[i]->gw_type == GW_VPN) {
			hi->user_gw = h->gateways.v[i];
			break;
		}
	if (hi->user_gw == NULL && h->gateways.n > 0)
		hi->user_gw = h->gateways.v[0];
	return hi;
}

/* What X sees of a peering's remote side (R5). */
static const prefix_arr *
peering_prefixes(const struct peering *p)
{
	if (p->remote != NULL && p->remote->r.seen &&
	    p->remote->prefixes.n > 0 &&
	    !(p->complete_vnets_false && p->remote_prefixes.n > 0))
		return &p->remote->prefixes;
	if (p->remote_prefixes.n > 0)
		return &p->remote_prefixes;
	return &p->remote_vnet_prefixes;
}

static struct rmesh *
mesh_built(struct routing *r, struct rmesh *m)
{
	size_t i, j;

	if (m->built)
		return m;
	m->built = true;
	m->trie = ptrie_new(m->a);
	for (i = 0; i < m->members.n; i++) {
		struct vnet *v = m->members.v[i];

		if (!v->r.seen)
			continue;
		for (j = 0; j < v->prefixes.n; j++) {
			struct eroute *e = eroute_new(m->a, &v->prefixes.v[j],
			    RSRC_DEFAULT, NH_CONNECTED_GROUP);

			e->remote = v;
			eroute_set_text(r, e);
			trie_add_first(m->trie, e);
		}
	}
	return m;
}

/* The meshes of vi's VNet, their tries built. */
void
vinfo_meshes(struct routing *r, struct vinfo *vi)
{
	const struct mesh_list *ml = pc_get(r, vi->v, PC_MESHES);
	size_t i;

	vi->meshes.n = 0;
	for (i = 0; ml != NULL && i < ml->v.n; i++)
		ARR_PUSH(r->arena, vi->meshes, mesh_built(r, ml->v.v[i]));
}

static struct vinfo *
vnet_info(struct routing *r, const struct vnet *x)
{
	struct vinfo *vi = pc_get(r, x, PC_VNET);
	size_t i, j;

	if (vi != NULL)
		return vi;
	vi = arena_calloc(r->arena, 1, sizeof(*vi));
	vi->v = x;
	pc_put(r, x, PC_VNET, vi);
	for (i = 0; i < x->prefixes.n; i++) {
		struct eroute e = { 0 };

		e.p = x->prefixes.v[i];
		e.source = RSRC_DEFAULT;
		e.nh = NH_VNET_LOCAL;
		e.active = true;
		e.remote = x;
		eroute_set_text(r, &e);
		ARR_PUSH(r->arena, vi->local, e);
		if (e.p.fam == FAM_V6)
			vi->has_v6 = true;
	}
	/* The trie points into vi->peer: fill the array first. */
	for (i = 0; i < x->peerings.n; i++) {
		const struct peering *p = x->peerings.v[i];
		const prefix_arr *pp;

		if (!p->r.seen || !peering_active(p))
			continue;
		pp = peering_prefixes(p);
		for (j = 0; j < pp->n; j++) {
			struct eroute e = { 0 };

			e.p = pp->v[j];
			e.source = RSRC_DEFAULT;
			e.nh = NH_VNET_PEERING;
			e.active = true;
			e.remote = p->remote;
			eroute_set_text(r, &e);
			ARR_PUSH(r->arena, vi->peer, e);
		}
	}
	vi->peertrie = ptrie_new(r->arena);
	for (i = 0; i < vi->peer.n; i++)
		trie_add_first(vi->peertrie, &vi->peer.v[i]);
	vinfo_meshes(r, vi);
	ARR_PUSH(r->arena, r->vlist, vi);
	vi->gwhub = hub_routes(r,
	    hub_info(r, x->role == ROLE_HUB ? x : x->transit_hub));
	return vi;
}

static struct rtinfo *
rt_info(struct routing *r, const struct route_table *rt)
{
	struct rtinfo *ri;
	struct strbuf sig = STRBUF_INIT;
	size_t i;

	if (rt == NULL || !rt->r.seen)
		return NULL;
	if ((ri = pc_get(r, rt, PC_RT)) != NULL)
		return ri;
	if ((ri = strmap_get(r->rts, rt->r.key)) != NULL) {
		pc_put(r, rt, PC_RT, ri);
		return ri;
	}
	ri = arena_alloc(r->arena, sizeof(*ri));
	ri->rt = rt;
	ri->disable_bgp = rt->disable_bgp == TRI_TRUE;
	strmap_put(r->rts, rt->r.key, ri);
	pc_put(r, rt, PC_RT, ri);
	ri->trie = ptrie_new(r->arena);
	sb_printf(&sig, "bgp=%d;", ri->disable_bgp);
	for (i = 0; i < rt->routes.n; i++) {
		const struct route *rr = &rt->routes.v[i];
		struct eroute e = { 0 };

		/* Service tags name public Azure ranges: they never carry
		 * spoke-to-spoke traffic and are not listed (docs). */
		if (!rr->is_prefix)
			continue;
		e.p = rr->p;
		e.source = RSRC_USER;
		e.nh = rr->nh;
		e.active = true;
		e.rt = rt;
		e.name = rr->name;
		if (rr->nh == NH_APPLIANCE)
			e.nh_ip = rr->nh_ip;
		eroute_set_text(r, &e);
		ARR_PUSH(r->arena, ri->routes, e);
		if (e.p.fam == FAM_V4 && e.p.len == 0)
			ri->default4 = true;
		sb_printf(&sig, "%s;", e.text);
	}
	for (i = 0; i < ri->routes.n; i++)
		if (ptrie_get(ri->trie, &ri->routes.v[i].p) == NULL)
			ptrie_insert(ri->trie, &ri->routes.v[i].p,
			    &ri->routes.v[i], NULL);
	/* Interned: equal contents, equal pointers (class signatures). */
	ri->sig = intern(r, sb_str(&sig));
	sb_free(&sig);
	return ri;
}

static bool
vnet_contains(const struct vnet *x, const struct prefix *p)
{
	size_t i;

	for (i = 0; i < x->prefixes.n; i++)
		if (prefix_contains(&x->prefixes.v[i], p))
			return true;
	return false;
}

/* Internet, then the reserved None routes of mask (R5). */
static const struct default_set *
default_routes(struct routing *r, unsigned mask, bool v6)
{
	struct default_set *ds = &r->defaults[mask][v6];
	size_t i;

	_Static_assert(MP_NELEM(reserved_text) <= 4, "mask of 4 bits");
	if (ds->v != NULL)
		return ds;
	ds->v = arena_calloc(r->arena, 2 + MP_NELEM(reserved_text),
	    sizeof(*ds->v));
	ds->v[ds->n++].p = must_prefix("0.0.0.0/0");
	if (v6)
		ds->v[ds->n++].p = must_prefix("::/0");
	for (i = 0; i < ds->n; i++)
		ds->v[i].nh = NH_INTERNET;
	for (i = 0; i < MP_NELEM(reserved_text); i++)
		if (mask & (1u << i)) {
			ds->v[ds->n].p = must_prefix(reserved_text[i]);
			ds->v[ds->n++].nh = NH_NONE;
		}
	for (i = 0; i < ds->n; i++) {
		ds->v[i].source = RSRC_DEFAULT;
		ds->v[i].active = true;
		eroute_set_text(r, &ds->v[i]);
	}
	return ds;
}

/* Does a user route of c point to an appliance inside c's own VNet? */
static bool
appliance_inside(const struct rctx *c)
{
	size_t i;

	for (i = 0; c->rti != NULL && i < c->rti->routes.n; i++) {
		const struct eroute *e = &c->rti->routes.v[i];
		struct prefix ip;

		if (e->nh == NH_APPLIANCE && e->nh_ip != NULL &&
		    prefix_parse(e->nh_ip, PFX_ALLOW_ADDR, &ip, NULL) == 0 &&
		    vnet_contains(c->x, &ip))
			return true;
	}
	return false;
}

struct rctx *
ctx_get(struct routing *r, const struct vnet *x, const struct subnet *s)
{
	const struct default_set *ds;
	const void *k = s != NULL ? (const void *)s : (const void *)x;
	int kind = s != NULL ? PC_CTX : PC_VCTX;
	struct rctx *c;
	size_t i;
	bool zero;

	/* The estate has one object per id: its address is its key. */
	if ((c = pc_get(r, k, kind)) != NULL)
		return c;
	c = arena_alloc(r->arena, sizeof(*c));
	pc_put(r, k, kind, c);
	ARR_PUSH(r->arena, r->clist, c);
	c->x = x;
	c->s = s;
	c->vi = vnet_info(r, x);
	c->rti = s != NULL ? rt_info(r, s->route_table) : NULL;
	c->uh = c->vi->gwhub;
	if (c->rti == NULL || !c->rti->disable_bgp)
		c->gh = c->vi->gwhub;
	zero = (c->rti != NULL && c->rti->default4) ||
	    (c->gh != NULL && c->gh->default4);
	for (i = 0; i < MP_NELEM(reserved_text); i++) {
		if (zero || vnet_contains(x, &r->reserved[i]))
			continue;
		if (i == 2 && !r->opts.reserved_172)
			continue;
		c->reserved_mask |= 1u << i;
	}
	ds = default_routes(r, c->reserved_mask, c->vi->has_v6);
	c->defaults = ds->v;
	c->ndefaults = ds->n;
	c->appl_inside = appliance_inside(c);
	return c;
}

/* ---- lookup (R5 selection) -------------------------------------------- */

static const struct eroute *
longer(const struct eroute *best, const struct eroute *e)
{
	if (e != NULL && (best == NULL || e->p.len > best->p.len))
		return e;
	return best;
}

/*
 * The route for address d from context c. own == false leaves out X's
 * VnetLocal routes: the answer is then the same for every VNet of c's
 * class, for any d outside that VNet's own address space.
 */
const struct eroute *
ctx_lookup(const struct rctx *c, const struct prefix *d, bool own, bool meshes,
    bool *amb)
{
	const struct eroute *u = NULL, *s = NULL, *best, *vn[2];
	size_t i, nvn = 0;

	*amb = false;
	if (c->rti != NULL)
		u = ptrie_lpm(c->rti->trie, d, NULL);
	if (own)
		for (i = 0; i < c->vi->local.n; i++)
			if (prefix_contains(&c->vi->local.v[i].p, d))
				s = longer(s, &c->vi->local.v[i]);
				/* Equal-length VNetPeering/ConnectedGroup
				 * routes to two different VNets make the
				 * destination ambiguous: remember the
				 * runners-up. */
#define VNETISH(t) \
	do { \
		const struct eroute *t_ = (t); \
		if (t_ != NULL && s != NULL && t_->p.len == s->p.len && \
		    t_->remote != s->remote && nvn < 2) \
			vn[nvn++] = t_; \
		s = longer(s, t_); \
	} while (0)
	VNETISH(ptrie_lpm(c->vi->peertrie, d, NULL));
	for (i = 0; meshes && i < c->vi->meshes.n; i++)
		VNETISH(ptrie_lpm(c->vi->meshes.v[i]->trie, d, NULL));
#undef VNETISH
	if (s != NULL) {
		if (u != NULL && u->p.len >= s->p.len)
			return u;
		*amb = s->ambiguous;
		for (i = 0; i < nvn; i++)
			if (vn[i]->p.len == s->p.len && s->nh != NH_VNET_LOCAL)
				*amb = true;
		return s;
	}
	best = u;
	if (c->gh != NULL)
		best = longer(best, ptrie_lpm(c->gh->gwtrie, d, NULL));
	for (i = 0; i < c->ndefaults; i++)
		if (prefix_contains(&c->defaults[i].p, d))
			best = longer(best, &c->defaults[i]);
	return best;
}

const struct eroute *
routing_lookup(struct routing *r, const struct vnet *x, const struct subnet *s,
    const struct prefix *addr)
{
	bool amb;

	return ctx_lookup(ctx_get(r, x, s), addr, true, true, &amb);
}

struct routing *
routing_new(const struct estate *e, const struct routing_opts *o,
    const struct mesh *meshes, size_t nmeshes)
{
	struct routing *r = xcalloc(1, sizeof(*r));
	struct strmap *cfg;
	size_t i, j;

	r->e = e;
	r->arena = arena_new();
	if (o != NULL)
		r->opts = *o;
	for (i = 0; i < r->opts.nonprem; i++)
		ARR_PUSH(r->arena, r->onprem_opt, r->opts.onprem[i]);
	prefix_arr_sort_unique(&r->onprem_opt);
	r->opts.onprem = NULL;
	r->hubs = strmap_new(r->arena);
	r->gws = strmap_new(r->arena);
	r->circs = strmap_new(r->arena);
	r->rts = strmap_new(r->arena);
	for (i = 0; i < MP_NELEM(reserved_text); i++)
		r->reserved[i] = must_prefix(reserved_text[i]);
	r->texts = strmap_new(r->arena);
	r->subnets = ptrie_new(r->arena);
	alladv_build(r);
	r->onprem_known = r->onprem_opt.n > 0 || e->has_onprem_routes;
	for (i = 0; i < e->gateways.n; i++)
		if (e->gateways.v[i]->learned.n > 0)
			r->onprem_known = true;
	for (i = 0; i < e->circuits.n; i++)
		if (e->circuits.v[i]->routes.n > 0)
			r->onprem_known = true;
	/* Existing AVNM connected groups: one mesh per configuration, group
	 * and region as existing_keys says. */
	cfg = strmap_new(r->arena);
	for (i = 0; i < e->vnets.n; i++) {
		struct vnet *v = e->vnets.v[i];

		for (j = 0; j < v->connected_configs.n; j++)
			existing_keys(r, cfg, v, v->connected_configs.v[j]);
	}
	r->nestate = r->meshes.n;
	for (i = 0; i < r->nestate; i++)
		mesh_finish(r, r->meshes.v[i]);
	for (i = 0; i < r->lists.n; i++)
		r->lists.v[i]->nestate = r->lists.v[i]->v.n;
	/* Every subnet by prefix, to find where an appliance sits. */
	for (i = 0; i < e->subnets.n; i++) {
		const struct subnet *s = e->subnets.v[i];

		if (!s->r.seen || s->vnet == NULL)
			continue;
		for (j = 0; j < s->prefixes.n; j++) {
			struct subnet_list *sl = ptrie_get(r->subnets,
			    &s->prefixes.v[j]);

			if (sl == NULL) {
				sl = arena_alloc(r->arena, sizeof(*sl));
				ptrie_insert(r->subnets, &s->prefixes.v[j], sl,
				    NULL);
			}
			ARR_PUSH(r->arena, sl->v, s);
		}
	}
	routing_set_meshes(r, meshes, nmeshes);
	return r;
}

void
routing_free(struct routing *r)
{
	if (r == NULL)
		return;
	arena_free(r->planned);
	arena_free(r->arena);
	sb_free(&r->textbuf);
	free(r->pc);
	free(r);
}

/* ---- what routing_pairs.c uses ---------------------------------------- */

struct rctx *
rctx_get(struct routing *r, const struct vnet *x, const struct subnet *s)
{
	return ctx_get(r, x, s);
}

void
rctx_path(struct routing *r, struct rctx *c, enum rctx_how how,
    const struct vnet *dst, const struct prefix *d, struct path *out)
{
	path_walk(r, c, how, dst, d, out);
}

bool
rctx_same_appliances(struct routing *r, struct rctx *a, struct rctx *b)
{
	size_t i;

	if (a->rti == NULL || b->rti == NULL)
		return a->rti == b->rti;
	if (a->rti->routes.n != b->rti->routes.n)
		return false;
	for (i = 0; i < a->rti->routes.n; i++)
		if (a->rti->routes.v[i].nh == NH_APPLIANCE &&
		    appliance_ctx(r, a, &a->rti->routes.v[i]) !=
			appliance_ctx(r, b, &b->rti->routes.v[i]))
			return false;
	return true;
}

const struct estate *
routing_estate(const struct routing *r)
{
	return r->e;
}

/* Does some appliance of c's route table sit inside c's own VNet? Then
 * where the flow continues depends on the VNet itself. */

/* The class signature: route-table content (interned), hubs, peerings
 * (prefix and remote VNet, in order), meshes, reserved routes, IPv6 and
 * an appliance inside X. */
size_t
rctx_class_hash(const struct rctx *c, bool meshes)
{
	uint64_t h = 0x84222325cbf29ce4ULL;
	size_t i;

#define MIXW(w) (h = (h ^ (uint64_t)(w)) * 0x100000001b3ULL)
	MIXW((uintptr_t)(c->rti != NULL ? c->rti->sig : NULL));
	MIXW((uintptr_t)c->gh);
	MIXW((uintptr_t)c->uh);
	for (i = 0; i < c->vi->peer.n; i++) {
		const struct eroute *e = &c->vi->peer.v[i];

		MIXW(e->p.hi);
		MIXW(e->p.lo ^ ((uint64_t)e->p.len << 8 | e->p.fam));
		MIXW((uintptr_t)e->remote);
	}
	MIXW(c->vi->peer.n);
	for (i = 0; meshes && i < c->vi->meshes.n; i++)
		MIXW(c->vi->meshes.v[i]->idx);
	MIXW(meshes ? c->vi->meshes.n : 0);
	MIXW(c->reserved_mask | (unsigned)c->vi->has_v6 << 8);
	MIXW((uintptr_t)(c->appl_inside ? c->x : NULL));
#undef MIXW
	return (size_t)(h ^ (h >> 29));
}

bool
rctx_class_eq(const struct rctx *a, const struct rctx *b, bool meshes)
{
	const struct vinfo *x = a->vi, *y = b->vi;
	size_t i;

	if ((a->rti != NULL ? a->rti->sig : NULL) !=
		(b->rti != NULL ? b->rti->sig : NULL) ||
	    a->gh != b->gh || a->uh != b->uh || x->peer.n != y->peer.n ||
	    (meshes && x->meshes.n != y->meshes.n) ||
	    a->reserved_mask != b->reserved_mask || x->has_v6 != y->has_v6 ||
	    (a->appl_inside ? a->x : NULL) != (b->appl_inside ? b->x : NULL))
		return false;
	for (i = 0; i < x->peer.n; i++)
		if (!prefix_eq(&x->peer.v[i].p, &y->peer.v[i].p) ||
		    x->peer.v[i].remote != y->peer.v[i].remote)
			return false;
	for (i = 0; meshes && i < x->meshes.n; i++)
		if (x->meshes.v[i] != y->meshes.v[i])
			return false;
	return true;
}
