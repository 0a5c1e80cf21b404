/*
 * test_plan.c - the planning rules of DESIGN.md section 6 on estates built
 * in code, with a routing oracle that states the routing outcome: every
 * spoke pair hairpins unless both sides share a planned mesh; a spoke
 * tagged udr=nva keeps its flows on an appliance (inspected), one tagged
 * udr=fw passes an appliance unless the mesh takes it direct; with
 * same_hub_only, only spokes of one hub hairpin to each other.
 *
 * Covers: limits at their boundaries (250/251 VNets, 2,000/2,001 PEs,
 * 1,000/1,001 PEs in a VNet), overlap, pilot by tag and by name, global
 * vs regional, an existing connected group, the split over 5,000, the
 * manager choice, segmentation with deny rules, and the seed article's
 * worked example (2 x 500 spokes, 10,000 PEs, one East US mesh).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../input/policy.h"
#include "../../lib/diag.h"
#include "../../lib/util.h"
#include "../../planner/estate.h"
#include "../../planner/mesh.h"
#include "../../planner/plan.h"
#include "../../planner/policy.h"
#include "../../planner/topology.h"
#include "../../emitters/plan_json.h"

#define NET "/providers/Microsoft.Network"

struct fx {
	struct estate *e;
	struct arena *pa;	/* policy arena */
	struct policy pol;
	bool same_hub_only;
	/* Answer in three classes (i % 3) with the rest as exceptions, the
	 * shape that exercises the planner's class sums hardest. */
	bool grouped;
};

static void
fx_init(struct fx *f)
{
	memset(f, 0, sizeof(*f));
	f->e = estate_new();
	f->pa = arena_new();
	policy_init_defaults(&f->pol, f->pa);
}

static void
fx_free(struct fx *f)
{
	estate_free(f->e);
	arena_free(f->pa);
}

static const char *
vid(struct fx *f, const char *sub, const char *name)
{
	return arena_printf(f->e->arena, "/subscriptions/%s/resourceGroups/"
	    "rg-%s" NET "/virtualNetworks/%s", sub, sub, name);
}

static void
add_prefix(struct fx *f, struct vnet *v, const char *cidr)
{
	struct prefix p;

	assert_int_equal(prefix_parse(cidr, 0, &p, NULL), 0);
	ARR_PUSH(f->e->arena, v->prefixes, p);
}

static struct vnet *
add_hub(struct fx *f, const char *sub, const char *name, const char *loc,
    const char *cidr)
{
	struct estate *e = f->e;
	struct vnet *h = (struct vnet *)estate_get(e, RK_VNET,
	    vid(f, sub, name));
	struct subnet *gs;
	struct gateway *g;

	h->r.seen = true;
	h->r.location = loc;
	add_prefix(f, h, cidr);
	gs = estate_subnet(e, h, arena_printf(e->arena, "%s/subnets/"
	    "GatewaySubnet", h->r.id));
	gs->r.seen = true;
	g = (struct gateway *)estate_get(e, RK_GATEWAY, arena_printf(e->arena,
	    "/subscriptions/%s/resourceGroups/rg-%s" NET
	    "/virtualNetworkGateways/gw-%s", sub, sub, name));
	g->r.seen = true;
	g->gw_type = GW_EXPRESSROUTE;
	g->subnet_id = gs->r.id;
	return h;
}

static struct vnet *
add_spoke(struct fx *f, struct vnet *hub, const char *sub, const char *name,
    const char *cidr, size_t npes, const char *env)
{
	struct estate *e = f->e;
	struct vnet *s = (struct vnet *)estate_get(e, RK_VNET,
	    vid(f, sub, name));
	struct peering *p, *back;
	size_t k;

	s->r.seen = true;
	s->r.location = hub->r.location;
	add_prefix(f, s, cidr);
	if (env != NULL) {
		struct tag t = { "env", env };

		ARR_PUSH(e->arena, s->r.tags, t);
	}
	p = estate_peering(e, s, arena_printf(e->arena,
	    "%s/virtualNetworkPeerings/to-hub", s->r.id));
	p->r.seen = true;
	p->remote_id = hub->r.id;
	p->use_remote_gateways = TRI_TRUE;
	back = estate_peering(e, hub, arena_printf(e->arena,
	    "%s/virtualNetworkPeerings/to-%s", hub->r.id, name));
	back->r.seen = true;
	back->remote_id = s->r.id;
	back->allow_gateway_transit = TRI_TRUE;
	if (npes > 0) {
		struct subnet *sn = estate_subnet(e, s, arena_printf(e->arena,
		    "%s/subnets/snet-pe", s->r.id));

		sn->r.seen = true;
		for (k = 0; k < npes; k++) {
			struct pe *pe = (struct pe *)estate_get(e, RK_PE,
			    arena_printf(e->arena, "/subscriptions/%s/"
			    "resourceGroups/rg-%s" NET "/privateEndpoints/"
			    "pe-%s-%zu", sub, sub, name, k));

			pe->r.seen = true;
			pe->subnet_id = sn->r.id;
		}
	}
	return s;
}

static bool
has_tag(const struct vnet *v, const char *k, const char *val)
{
	const char *t = res_tag(&v->r, k);

	return t != NULL && strcmp(t, val) == 0;
}

/* Spokes i % 3 share a class whose row is its first member's; every pair
 * that differs from its class row is an exception. */
static void
regroup(size_t n, const unsigned char *m, struct arena *a,
    struct pair_table *pv)
{
	size_t i, j, c, k = 0, nc = n < 3 ? n : 3;

	pv->nclasses = nc;
	pv->row = arena_calloc(a, nc * n + 1, 1);
	for (c = 0; c < nc; c++)
		memcpy(pv->row + c * n, m + c * n, n);
	pv->exc = arena_calloc(a, n * n + 1, sizeof(*pv->exc));
	for (i = 0; i < n; i++) {
		pv->class_of[i] = i % 3;
		pv->exc_at[i] = k;
		for (j = 0; j < n; j++)
			if (j != i && m[i * n + j] != pv->row[(i % 3) * n + j]) {
				pv->exc[k].i = i;
				pv->exc[k].j = j;
				pv->exc[k++].code = m[i * n + j];
			}
	}
	pv->exc_at[n] = k;
}

/* Every spoke a class of its own (row i is spoke i's verdicts), or
 * regrouped when f->grouped. */
static void
oracle_classify(void *ctx, const struct estate *e, struct vnet *const *sp,
    size_t n, const int *mesh_of, struct arena *a, struct pair_table *pv)
{
	struct fx *f = ctx;
	unsigned char *out;
	size_t i, j;

	(void)e;
	pv->n = n;
	pv->nclasses = n;
	pv->class_of = arena_calloc(a, n + 1, sizeof(*pv->class_of));
	pv->row = out = arena_calloc(a, n * n + 1, 1);
	pv->exc = NULL;
	pv->exc_at = arena_calloc(a, n + 1, sizeof(*pv->exc_at));
	for (i = 0; i < n; i++)
		pv->class_of[i] = i;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			unsigned char c;

			if (i == j)
				continue;
			if (mesh_of != NULL && mesh_of[i] >= 0 &&
			    mesh_of[i] == mesh_of[j])
				c = PP_DIRECT;
			else if (f->same_hub_only &&
			    sp[i]->transit_hub != sp[j]->transit_hub)
				c = PP_ONPREM;
			else
				c = PP_HAIRPIN;
			/* A user route to an appliance wins over both. */
			if (has_tag(sp[i], "udr", "nva"))
				c = PP_HAIRPIN | PP_INSPECTED;
			/* A shorter one (a firewall's 10.0.0.0/8) loses to
			 * the mesh's ConnectedGroup routes. */
			else if (has_tag(sp[i], "udr", "fw") && c != PP_DIRECT)
				c |= PP_INSPECTED;
			out[i * n + j] = c;
		}
	if (f->grouped)
		regroup(n, out, a, pv);
}

static struct plan *
build(struct fx *f)
{
	struct pair_oracle o = { f, oracle_classify, NULL, NULL };
	struct plan_inputs in;

	memset(&in, 0, sizeof(in));
	in.oracle = &o;
	in.generator = "meshplan test";
	estate_link(f->e);
	topology_derive(f->e);
	return plan_build(f->e, &f->pol, &in);
}

/* n spokes of one hub in East US, pes[i] private endpoints each. */
static struct plan *
simple(struct fx *f, size_t n, size_t pes_each, size_t big_pes)
{
	struct vnet *h = add_hub(f, "s1", "hub", "eastus", "10.0.0.0/16");
	size_t i;

	for (i = 0; i < n; i++) {
		char name[32], cidr[32];

		snprintf(name, sizeof(name), "spoke-%04zu", i);
		snprintf(cidr, sizeof(cidr), "10.%zu.%zu.0/24", 1 + i / 250,
		    i % 250);
		add_spoke(f, h, "s1", name, cidr, i == 0 && big_pes ? big_pes :
		    pes_each, NULL);
	}
	return build(f);
}

static bool
has_feature(const struct plan *p, const char *feature)
{
	size_t i;

	for (i = 0; i < p->features.n; i++)
		if (strstr(p->features.v[i].feature, feature) != NULL)
			return true;
	return false;
}

static void
test_vnets_boundary(void **state)
{
	struct fx f;
	struct plan *p;

	(void)state;
	fx_init(&f);
	p = simple(&f, 250, 0, 0);
	assert_int_equal(p->meshes.n, 1);
	assert_string_equal(p->meshes.v[0].name, "mesh-eastus");
	assert_int_equal(p->meshes.v[0].vnet_ids.n, 250);
	assert_false(p->meshes.v[0].high_scale);
	assert_false(has_feature(p, "AllowHighScaleConnectedGroup"));
	plan_free(p);
	fx_free(&f);
	fx_init(&f);
	p = simple(&f, 251, 0, 0);
	assert_int_equal(p->meshes.v[0].vnet_ids.n, 251);
	assert_true(p->meshes.v[0].high_scale);
	assert_true(has_feature(p, "AllowHighScaleConnectedGroup"));
	assert_false(p->meshes.v[0].hspe);
	plan_free(p);
	fx_free(&f);
}

static void
test_pes_boundary(void **state)
{
	struct fx f;
	struct plan *p;

	(void)state;
	/* 20 x 100 = 2,000 PEs: standard. */
	fx_init(&f);
	p = simple(&f, 20, 100, 0);
	assert_int_equal(p->meshes.v[0].private_endpoints, 2000);
	assert_false(p->meshes.v[0].hspe);
	assert_false(has_feature(p, "EnableMaxPrivateEndpointsVia64kPath"));
	assert_false(p->vnets.v[0].set_pe_vnet_basic);
	plan_free(p);
	fx_free(&f);
	/* One more PE: HSPE, with its steps. */
	fx_init(&f);
	p = simple(&f, 20, 100, 101);
	assert_int_equal(p->meshes.v[0].private_endpoints, 2001);
	assert_true(p->meshes.v[0].hspe);
	assert_true(has_feature(p, "EnableMaxPrivateEndpointsVia64kPath"));
	{
		/* The members (the hub peered to them gets Basic too, with
		 * no subnet change of its own). */
		const struct plan_vnet *v = NULL;
		size_t k, nhub = 0;

		for (k = 0; k < p->vnets.n; k++) {
			if (p->vnets.v[k].is_hub) {
				nhub++;
				assert_true(p->vnets.v[k].set_pe_vnet_basic);
				assert_int_equal(p->vnets.v[k].change_wave, 1);
				assert_int_equal(p->vnets.v[k].wave, 0);
			} else if (v == NULL)
				v = &p->vnets.v[k];
		}
		assert_int_equal(nhub, 1);
		assert_non_null(v);
		assert_true(v->set_pe_vnet_basic);
		assert_int_equal(v->change_wave, v->wave);
		assert_int_equal(v->subnet_changes.n, 1);
		assert_string_equal(v->subnet_changes.v[0].new_policy,
		    "RouteTableEnabled");
	}
	plan_free(p);
	fx_free(&f);
	/* 1,000 PEs in one VNet: standard; 1,001: HSPE. */
	fx_init(&f);
	p = simple(&f, 2, 0, 1000);
	assert_false(p->meshes.v[0].hspe);
	assert_int_equal(p->meshes.v[0].max_vnet_pes, 1000);
	plan_free(p);
	fx_free(&f);
	fx_init(&f);
	p = simple(&f, 2, 0, 1001);
	assert_true(p->meshes.v[0].hspe);
	plan_free(p);
	fx_free(&f);
}

static const struct plan_blocker *
blocker(const struct plan *p, const char *name, const char *kind)
{
	size_t i;

	for (i = 0; i < p->blockers.n; i++)
		if (strstr(p->blockers.v[i].resource, name) != NULL &&
		    strcmp(p->blockers.v[i].kind, kind) == 0)
			return &p->blockers.v[i];
	return NULL;
}

static void
test_overlap(void **state)
{
	struct fx f;
	struct plan *p;
	struct vnet *h;
	const struct plan_blocker *bk;

	(void)state;
	fx_init(&f);
	h = add_hub(&f, "s1", "hub", "eastus", "10.0.0.0/16");
	add_spoke(&f, h, "s1", "a", "10.1.0.0/16", 0, NULL);
	add_spoke(&f, h, "s1", "b", "10.1.4.0/24", 0, NULL);
	add_spoke(&f, h, "s1", "c", "10.2.0.0/24", 0, NULL);
	add_spoke(&f, h, "s1", "d", "10.3.0.0/24", 0, NULL);
	p = build(&f);
	assert_int_equal(p->meshes.n, 1);
	assert_int_equal(p->meshes.v[0].vnet_ids.n, 2);
	bk = blocker(p, "/virtualNetworks/a", "overlap");
	assert_non_null(bk);
	assert_non_null(strstr(bk->reason, "10.1.0.0/16 overlaps 10.1.4.0/24"));
	assert_non_null(strstr(bk->reason, "Disallowed"));
	assert_non_null(blocker(p, "/virtualNetworks/b", "overlap"));
	/* The left-out pair still hairpins, and the plan says why. */
	assert_int_equal(p->effect.hairpins_before, 12);
	assert_int_equal(p->effect.hairpins_after, 10);
	assert_int_equal(p->effect.after_not_meshed, 10);
	plan_free(p);
	fx_free(&f);
}

static const struct plan_wave *
wave(const struct plan *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->waves.n; i++)
		if (strcmp(p->waves.v[i].name, name) == 0)
			return &p->waves.v[i];
	return NULL;
}

static void
test_pilot(void **state)
{
	struct fx f;
	struct plan *p;
	struct vnet *h;
	const struct plan_wave *w;
	size_t i;

	(void)state;
	fx_init(&f);
	h = add_hub(&f, "s1", "hub", "eastus", "10.0.0.0/16");
	add_spoke(&f, h, "s1", "app-01", "10.1.0.0/24", 0, "dev");
	add_spoke(&f, h, "s1", "app-02", "10.1.1.0/24", 0, "TEST");
	add_spoke(&f, h, "s1", "app-03", "10.1.2.0/24", 0, "prod");
	add_spoke(&f, h, "s1", "web-test-01", "10.1.3.0/24", 0, "prod");
	add_spoke(&f, h, "s1", "web-dev-02", "10.1.4.0/24", 0, NULL);
	for (i = 0; i < 8; i++)
		add_spoke(&f, h, "s1", arena_printf(f.e->arena, "prod-%zu", i),
		    arena_printf(f.e->arena, "10.2.%zu.0/24", i), 0, "prod");
	f.pol.pilot_size = 3;
	p = build(&f);
	w = wave(p, "pilot");
	assert_non_null(w);
	assert_int_equal(w->number, 1);
	assert_int_equal(w->vnet_ids.n, 3);
	/* All matched (tag or name), lightest first then by id. */
	for (i = 0; i < w->vnet_ids.n; i++) {
		const struct plan_vnet *v = plan_find_vnet(p, w->vnet_ids.v[i]);

		assert_non_null(v);
		assert_true(strncmp(v->name, "app-0", 5) == 0 ||
		    strstr(v->name, "-test-") || strstr(v->name, "-dev-"));
		assert_string_not_equal(v->name, "app-03");
	}
	assert_non_null(strstr(w->note, "3 of 4"));
	/* Waves are cumulative and end with every member. */
	assert_int_equal(p->waves.n, 3);
	assert_int_equal(p->waves.v[2].members.n, 13);
	assert_int_equal(p->waves.v[1].members.n, 3 + p->waves.v[1].vnet_ids.n);
	plan_free(p);
	fx_free(&f);
}

static void
test_pilot_by_policy_pattern(void **state)
{
	struct fx f;
	struct plan *p;
	struct vnet *h;
	struct diags d;
	const struct plan_wave *w;
	const char *y = "waves: {pilot: {size: 10, match: {name: '^sbx-'}}}\n";

	(void)state;
	fx_init(&f);
	diags_init(&d, f.pa);
	assert_int_equal(policy_load_buffer(&f.pol, f.pa, &d, "p.yaml", y,
	    strlen(y)), 0);
	h = add_hub(&f, "s1", "hub", "eastus", "10.0.0.0/16");
	add_spoke(&f, h, "s1", "sbx-1", "10.1.0.0/24", 0, "prod");
	add_spoke(&f, h, "s1", "app-dev-1", "10.1.1.0/24", 0, "dev");
	add_spoke(&f, h, "s1", "x-sbx-2", "10.1.2.0/24", 0, NULL);
	p = build(&f);
	w = wave(p, "pilot");
	assert_int_equal(w->vnet_ids.n, 1);
	assert_non_null(strstr(w->vnet_ids.v[0], "/sbx-1"));
	plan_free(p);
	fx_free(&f);
}

static void
two_regions(struct fx *f)
{
	struct vnet *e1 = add_hub(f, "s1", "hub-e", "eastus", "10.0.0.0/16");
	struct vnet *w1 = add_hub(f, "s2", "hub-w", "westus", "10.100.0.0/16");
	size_t i;

	for (i = 0; i < 3; i++) {
		add_spoke(f, e1, "s1", arena_printf(f->e->arena, "e-%zu", i),
		    arena_printf(f->e->arena, "10.1.%zu.0/24", i), 0, NULL);
		add_spoke(f, w1, "s2", arena_printf(f->e->arena, "w-%zu", i),
		    arena_printf(f->e->arena, "10.101.%zu.0/24", i), 0, NULL);
	}
}

static void
test_global_vs_regional(void **state)
{
	struct fx f;
	struct plan *p;

	(void)state;
	/* auto + cross-region hairpins: one global mesh. */
	fx_init(&f);
	two_regions(&f);
	p = build(&f);
	assert_int_equal(p->meshes.n, 1);
	assert_true(p->meshes.v[0].global);
	assert_null(p->meshes.v[0].region);
	assert_string_equal(p->meshes.v[0].name, "mesh-global");
	assert_int_equal(p->effect.hairpins_after, 0);
	plan_free(p);
	fx_free(&f);
	/* auto without cross-region hairpins: one mesh per region. */
	fx_init(&f);
	f.same_hub_only = true;
	two_regions(&f);
	p = build(&f);
	assert_int_equal(p->meshes.n, 2);
	assert_string_equal(p->meshes.v[0].name, "mesh-eastus");
	assert_string_equal(p->meshes.v[1].name, "mesh-westus");
	assert_false(p->meshes.v[0].global);
	assert_string_equal(p->meshes.v[1].region, "westus");
	plan_free(p);
	fx_free(&f);
	/* false: regional even though they hairpin across regions, and the
	 * cross-region hairpins remain. */
	fx_init(&f);
	f.pol.mesh_global = MESH_GLOBAL_FALSE;
	two_regions(&f);
	p = build(&f);
	assert_int_equal(p->meshes.n, 2);
	assert_int_equal(p->effect.hairpins_after, 18);
	assert_int_equal(p->effect.after_other_mesh, 18);
	plan_free(p);
	fx_free(&f);
	/* true: global even with only same-hub hairpins. */
	fx_init(&f);
	f.same_hub_only = true;
	f.pol.mesh_global = MESH_GLOBAL_TRUE;
	two_regions(&f);
	p = build(&f);
	assert_int_equal(p->meshes.n, 1);
	assert_true(p->meshes.v[0].global);
	plan_free(p);
	fx_free(&f);
}

static void
test_existing_group(void **state)
{
	struct fx f;
	struct plan *p;
	struct vnet *h, *a;
	struct network_group *g;
	struct connectivity_config *c;
	const char *mgr = "/subscriptions/s1/resourceGroups/rg-s1" NET
	    "/networkManagers/nm1";

	(void)state;
	fx_init(&f);
	h = add_hub(&f, "s1", "hub", "eastus", "10.0.0.0/16");
	a = add_spoke(&f, h, "s1", "a", "10.1.0.0/24", 0, NULL);
	add_spoke(&f, h, "s1", "b", "10.1.1.0/24", 0, NULL);
	add_spoke(&f, h, "s1", "c", "10.1.2.0/24", 0, NULL);
	g = (struct network_group *)estate_get(f.e, RK_NETWORK_GROUP,
	    arena_printf(f.e->arena, "%s/networkGroups/ng1", mgr));
	g->r.seen = true;
	ARR_PUSH(f.e->arena, g->member_ids, a->r.id);
	c = (struct connectivity_config *)estate_get(f.e,
	    RK_CONNECTIVITY_CONFIG, arena_printf(f.e->arena,
	    "%s/connectivityConfigurations/cc1", mgr));
	c->r.seen = true;
	c->topology = "Mesh";
	ARR_PUSH(f.e->arena, c->group_ids, g->r.id);
	p = build(&f);
	assert_non_null(blocker(p, "/virtualNetworks/a", "existing-group"));
	assert_non_null(strstr(blocker(p, "/virtualNetworks/a",
	    "existing-group")->reason, "cc1"));
	assert_int_equal(p->meshes.n, 1);
	assert_int_equal(p->meshes.v[0].vnet_ids.n, 2);
	assert_null(plan_find_vnet(p, a->r.id));
	plan_free(p);
	fx_free(&f);
}

static void
test_split(void **state)
{
	struct fx f;
	struct plan *p;

	(void)state;
	fx_init(&f);
	f.pol.limits.mesh_vnets_high_scale = 10;
	p = simple(&f, 25, 0, 0);
	assert_int_equal(p->meshes.n, 3);
	assert_string_equal(p->meshes.v[0].name, "mesh-eastus-1");
	assert_string_equal(p->meshes.v[2].name, "mesh-eastus-3");
	assert_int_equal(p->meshes.v[0].vnet_ids.n, 10);
	assert_int_equal(p->meshes.v[2].vnet_ids.n, 5);
	assert_non_null(p->meshes.v[0].note);
	/* Pairs across parts keep hairpinning: 25*24 - (90+90+20). */
	assert_int_equal(p->effect.hairpins_after, 400);
	assert_int_equal(p->effect.after_other_mesh, 400);
	plan_free(p);
	fx_free(&f);
}

static void
test_manager(void **state)
{
	struct fx f;
	struct plan *p;
	struct network_manager *nm;

	(void)state;
	fx_init(&f);
	p = simple(&f, 3, 0, 0);
	assert_null(p->manager.existing_id);
	assert_string_equal(p->manager.subscription, "s1");
	assert_string_equal(p->manager.resource_group, "rg-s1");
	assert_string_equal(p->manager.location, "eastus");
	assert_int_equal(p->manager.scope_subscriptions.n, 1);
	assert_string_equal(p->manager.scope_subscriptions.v[0],
	    "/subscriptions/s1");
	assert_int_equal(p->manager.accesses.n, 2);
	/* No feature, no summary: nothing before wave 1, which starts by
	 * creating the manager. */
	assert_int_equal(p->prereq.n, 0);
	assert_int_equal(p->waves.v[0].steps.v[0].kind, STEP_MANAGER);
	plan_free(p);
	fx_free(&f);
	/* An existing manager whose scope covers s1 is reused. */
	fx_init(&f);
	nm = (struct network_manager *)estate_get(f.e, RK_NETWORK_MANAGER,
	    "/subscriptions/s9/resourceGroups/rg-avnm" NET
	    "/networkManagers/avnm");
	nm->r.seen = true;
	ARR_PUSH(f.e->arena, nm->scope_subscriptions, "/subscriptions/S1");
	ARR_PUSH(f.e->arena, nm->accesses, "Connectivity");
	p = simple(&f, 3, 0, 0);
	assert_non_null(p->manager.existing_id);
	assert_string_equal(p->manager.name, "avnm");
	plan_free(p);
	fx_free(&f);
}

static void
test_segments_deny(void **state)
{
	struct fx f;
	struct plan *p;
	struct vnet *h;
	struct diags d;
	size_t i, denied = 0;
	const char *y =
	    "segments:\n"
	    "  - {name: prod, match: {tags: {env: '^prod$'}}}\n"
	    "  - {name: nonprod, match: {tags: {env: '^(dev|test)$'}}}\n"
	    "deny: [[prod, nonprod]]\n";

	(void)state;
	fx_init(&f);
	diags_init(&d, f.pa);
	assert_int_equal(policy_load_buffer(&f.pol, f.pa, &d, "p.yaml", y,
	    strlen(y)), 0);
	h = add_hub(&f, "s1", "hub", "eastus", "10.0.0.0/16");
	add_spoke(&f, h, "s1", "p1", "10.1.0.0/24", 0, "prod");
	add_spoke(&f, h, "s1", "p2", "10.1.1.0/24", 0, "prod");
	add_spoke(&f, h, "s1", "d1", "10.1.2.0/24", 0, "dev");
	add_spoke(&f, h, "s1", "x1", "10.1.3.0/24", 0, NULL);
	p = build(&f);
	assert_int_equal(p->segmentation_total, 12);
	assert_int_equal(p->segmentation.n, 12);
	assert_false(p->segmentation_truncated);
	for (i = 0; i < p->segmentation.n; i++) {
		assert_string_equal(p->segmentation.v[i].before, "hairpin");
		denied += p->segmentation.v[i].denied;
	}
	assert_int_equal(denied, 4);	/* p1<->d1, p2<->d1 */
	assert_int_equal(p->deny.n, 1);
	assert_string_equal(p->deny.v[0].name, "deny-prod-nonprod");
	assert_int_equal(p->deny.v[0].vnets_a.n, 2);
	assert_int_equal(p->deny.v[0].vnets_b.n, 1);
	assert_int_equal(p->deny.v[0].pairs, 4);
	assert_string_equal(p->deny.v[0].protocol, "Any");
	/* Counts per segment pair; none = NULL sorts last. */
	assert_string_equal(p->segment_counts.v[0].src_segment, "nonprod");
	assert_true(p->segment_counts.v[0].denied);
	/* Wave 1 carries the admin rules, both directions. */
	{
		size_t k, nsec = 0;

		for (k = 0; k < p->waves.v[0].steps.n; k++)
			nsec += p->waves.v[0].steps.v[k].kind == STEP_RULE;
		assert_int_equal(nsec, 2);
	}
	plan_free(p);
	fx_free(&f);
}

/*
 * The planner's pair sums (pv_sum) must not depend on how the oracle
 * groups its verdicts: the same estate answered a class per spoke and in
 * three classes with exceptions gives the same plan, byte for byte.
 */
static void
test_grouped_verdicts(void **state)
{
	const char *y =
	    "segments:\n"
	    "  - {name: prod, match: {tags: {env: '^prod$'}}}\n"
	    "  - {name: nonprod, match: {tags: {env: '^(dev|test)$'}}}\n"
	    "deny: [[prod, nonprod]]\n"
	    "waves: {pilot: {size: 3}}\n";
	static const char *const envs[] = { "prod", "dev", NULL, "test" };
	char *text[2];
	int g;

	(void)state;
	for (g = 0; g < 2; g++) {
		struct fx f;
		struct diags d;
		struct vnet *h[2];
		struct plan *p;
		size_t i;

		fx_init(&f);
		f.same_hub_only = true;
		f.grouped = g == 1;
		diags_init(&d, f.pa);
		assert_int_equal(policy_load_buffer(&f.pol, f.pa, &d, "p.yaml",
		    y, strlen(y)), 0);
		h[0] = add_hub(&f, "s1", "hub1", "eastus", "10.0.0.0/16");
		h[1] = add_hub(&f, "s2", "hub2", "westeurope", "10.128.0.0/16");
		for (i = 0; i < 14; i++) {
			struct tag t = { "udr", "nva" }, fw = { "udr", "fw" };
			struct vnet *v = add_spoke(&f, h[i % 2], i % 2 ? "s2" :
			    "s1", arena_printf(f.pa, "sp%02zu", i),
			    arena_printf(f.pa, "10.%zu.0.0/24", 1 + i), i % 5,
			    envs[i % 4]);

			if (i % 6 == 5)
				ARR_PUSH(f.e->arena, v->r.tags, t);
			if (i % 6 == 2)
				ARR_PUSH(f.e->arena, v->r.tags, fw);
		}
		p = build(&f);
		assert_true(p->waves.n >= 2);
		assert_true(p->segmentation_total > 0);
		assert_true(p->effect.inspection_lost > 0);
		assert_true(p->waves.v[p->waves.n - 1].inspection_lost ==
		    p->effect.inspection_lost);
		text[g] = plan_json(p, NULL);
		plan_free(p);
		fx_free(&f);
	}
	assert_string_equal(text[0], text[1]);
	free(text[0]);
	free(text[1]);
}

static void
test_inspected_and_scope(void **state)
{
	struct fx f;
	struct plan *p;
	struct vnet *h, *a;
	struct tag t = { "udr", "nva" };

	(void)state;
	fx_init(&f);
	h = add_hub(&f, "s1", "hub", "eastus", "10.0.0.0/16");
	a = add_spoke(&f, h, "s1", "a", "10.1.0.0/24", 0, NULL);
	ARR_PUSH(f.e->arena, a->r.tags, t);
	add_spoke(&f, h, "s1", "b", "10.1.1.0/24", 0, NULL);
	add_spoke(&f, h, "s1", "c", "10.1.2.0/24", 0, NULL);
	p = build(&f);
	assert_int_equal(p->effect.hairpins_before, 6);
	assert_int_equal(p->effect.inspected_before, 2);
	/* a's flows stay on the appliance and the gateway: still hairpins
	 * (before and after count the same thing), the inspected share
	 * beside them. */
	assert_int_equal(p->effect.hairpins_after, 2);
	assert_int_equal(p->effect.inspected_after, 2);
	assert_int_equal(p->effect.after_same_mesh, 2);
	assert_int_equal(p->effect.inspection_lost, 0);
	assert_int_equal(p->waves.v[p->waves.n - 1].hairpins_after, 2);
	assert_int_equal(p->waves.v[0].hairpins_before, 6);
	assert_int_equal(p->waves.v[0].inspected_before, 2);
	/* b->a became direct: it was hairpinning; a->b stays inspected. */
	assert_int_equal(p->segmentation_total, 4);
	plan_free(p);
	fx_free(&f);
}

/* The seed article's worked example. */
static void
test_seed_example(void **state)
{
	struct fx f;
	struct plan *p;
	struct vnet *ha, *hb;
	const struct plan_wave *w;
	size_t i, ndev = 0;

	(void)state;
	fx_init(&f);
	ha = add_hub(&f, "sub-a", "hub-a", "eastus", "10.0.0.0/16");
	hb = add_hub(&f, "sub-b", "hub-b", "eastus", "10.128.0.0/16");
	for (i = 0; i < 500; i++) {
		/* Every tenth spoke is dev or test: 50 per topology. */
		const char *env = i % 10 == 0 ? (i % 20 ? "test" : "dev") :
		    "prod";

		add_spoke(&f, ha, "sub-a", arena_printf(f.e->arena,
		    "spoke-a-%03zu", i), arena_printf(f.e->arena,
		    "10.%zu.%zu.0/24", 1 + i / 250, i % 250), 8, env);
		add_spoke(&f, hb, "sub-b", arena_printf(f.e->arena,
		    "spoke-b-%03zu", i), arena_printf(f.e->arena,
		    "10.%zu.%zu.0/24", 129 + i / 250, i % 250), 12, env);
		ndev += i % 10 == 0 ? 2 : 0;
	}
	assert_int_equal(ndev, 100);
	p = build(&f);
	assert_int_equal(p->meshes.n, 1);
	assert_string_equal(p->meshes.v[0].name, "mesh-eastus");
	assert_false(p->meshes.v[0].global);
	assert_int_equal(p->meshes.v[0].vnet_ids.n, 1000);
	assert_int_equal(p->meshes.v[0].private_endpoints, 10000);
	assert_true(p->meshes.v[0].high_scale);
	assert_true(p->meshes.v[0].hspe);
	assert_true(has_feature(p, "AllowHighScaleConnectedGroup"));
	assert_true(has_feature(p, "EnableMaxPrivateEndpointsVia64kPath"));
	/* Both subscriptions get both features. */
	assert_int_equal(p->features.n, 4);
	assert_int_equal(p->blockers.n, 0);
	w = wave(p, "pilot");
	assert_non_null(w);
	assert_int_equal(w->vnet_ids.n, 50);
	for (i = 0; i < w->vnet_ids.n; i++) {
		const struct plan_vnet *v = plan_find_vnet(p, w->vnet_ids.v[i]);
		const char *env = NULL;
		size_t k;

		for (k = 0; k < v->tags.n; k++)
			if (strcmp(v->tags.v[k].key, "env") == 0)
				env = v->tags.v[k].value;
		assert_non_null(env);
		assert_true(strcmp(env, "dev") == 0 ||
		    strcmp(env, "test") == 0);
		assert_true(v->set_pe_vnet_basic);
	}
	assert_non_null(w->maintenance);
	assert_int_equal(p->waves.n, 3);
	assert_int_equal(p->waves.v[1].vnet_ids.n, (950 + 3) / 4);
	assert_int_equal(p->waves.v[2].members.n, 1000);
	assert_int_equal(p->waves.v[2].private_endpoints, 10000);
	assert_int_equal(p->effect.hairpins_before, 1000 * 999);
	assert_int_equal(p->effect.hairpins_after, 0);
	assert_int_equal(p->waves.v[2].hairpins_after, 0);
	/* The pilot removes 50*49 of the hairpinning pairs. */
	assert_int_equal(p->waves.v[0].hairpins_after, 1000 * 999 - 50 * 49);
	assert_true(p->segmentation_truncated);
	assert_int_equal(p->segmentation.n, PLAN_PAIRS_CAP);
	assert_int_equal(p->segmentation_total, 1000 * 999);
	/* Wave 1 order: features, subnet policies, Basic, group, config,
	 * commit. */
	{
		const struct plan_wave *w1 = &p->waves.v[0];
		int last = -1;
		size_t k;

		for (k = 0; k < w1->steps.n; k++) {
			int kind = (int)w1->steps.v[k].kind;
			/* The registration check, the PE subnets, Basic,
			 * then the AVNM objects, the commit, validation. */
			int rank = kind == STEP_FEATURE ? 0 :
			    kind == STEP_SUBNET_POLICY ? 1 :
			    kind == STEP_VNET_POLICY ? 2 :
			    kind == STEP_COMMIT ? 4 :
			    kind == STEP_VALIDATE ? 5 : 3;

			assert_true(rank >= last);
			last = rank;
		}
		assert_int_equal(w1->steps.v[0].kind, STEP_FEATURE);
	}
	plan_free(p);
	fx_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vnets_boundary),
		cmocka_unit_test(test_pes_boundary),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_pilot),
		cmocka_unit_test(test_pilot_by_policy_pattern),
		cmocka_unit_test(test_global_vs_regional),
		cmocka_unit_test(test_existing_group),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_manager),
		cmocka_unit_test(test_segments_deny),
		cmocka_unit_test(test_grouped_verdicts),
		cmocka_unit_test(test_inspected_and_scope),
		cmocka_unit_test(test_seed_example),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
