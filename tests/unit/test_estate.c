/* test_estate.c - id normalisation, get-or-create, linking, topology. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../lib/strmap.h"
#include "../../planner/estate.h"
#include "../../planner/topology.h"

#define SUB "/subscriptions/00000000-0000-0000-0000-000000000001"
#define RG SUB "/resourceGroups/rg-net/providers/Microsoft.Network"

static void
test_ids(void **state)
{
	struct estate *e = estate_new();
	struct arena *a = e->arena;

	(void)state;
	assert_string_equal(id_normalize(a, "subscriptions/x/"),
	    "/subscriptions/x");
	assert_string_equal(id_subscription(a, RG "/virtualNetworks/v"),
	    "00000000-0000-0000-0000-000000000001");
	assert_string_equal(id_resource_group(a, RG "/virtualNetworks/v"),
	    "rg-net");
	assert_string_equal(id_parent(a, RG "/virtualNetworks/v/subnets/s"),
	    RG "/virtualNetworks/v");
	assert_null(id_parent(a, RG "/virtualNetworks/v"));
	assert_string_equal(id_last_name(a, RG "/virtualNetworks/v"), "v");
	estate_free(e);
}

static void
test_case_insensitive_get(void **state)
{
	struct estate *e = estate_new();
	struct res *r1, *r2;

	(void)state;
	r1 = estate_get(e, RK_VNET, RG "/virtualNetworks/Hub");
	r2 = estate_get(e, RK_VNET,
	    "SUBSCRIPTIONS/00000000-0000-0000-0000-000000000001/"
	    "resourcegroups/RG-NET/providers/microsoft.network/"
	    "virtualnetworks/hub");
	assert_ptr_equal(r1, r2);
	assert_string_equal(r1->id, RG "/virtualNetworks/Hub");
	assert_false(r1->seen);
	/* The same id as another kind is refused. */
	assert_null(estate_get(e, RK_GATEWAY, RG "/virtualNetworks/hub"));
	assert_int_equal(e->vnets.n, 1);
	estate_free(e);
}

/* estate_intern_id: one copy per spelling; estate_get takes it as the id
 * of the resource when it comes, and a resource already there gives its
 * own. */
static void
test_intern_id(void **state)
{
	struct estate *e = estate_new();
	const char *sn = "/subscriptions/s/resourceGroups/g/providers/"
			 "Microsoft.Network/virtualNetworks/v/subnets/a";
	char buf[256];
	const char *k1, *k2, *k3, *k4;
	struct res *r;

	(void)state;
	strcpy(buf, sn);
	k1 = estate_intern_id(e, buf);
	assert_ptr_not_equal(k1, buf);
	assert_string_equal(k1, sn);
	k2 = estate_intern_id(e, sn);
	assert_ptr_equal(k1, k2);
	/* Another spelling: its own copy, the first one stays. */
	k3 = estate_intern_id(e,
	    "/SUBSCRIPTIONS/s/resourceGroups/g/providers/"
	    "Microsoft.Network/virtualNetworks/v/subnets/a");
	assert_ptr_not_equal(k3, k1);
	assert_ptr_equal(estate_intern_id(e, sn), k1);
	r = estate_get(e, RK_SUBNET, buf);
	assert_non_null(r);
	assert_ptr_equal(r->id, k1);
	assert_string_equal(r->key,
	    "/subscriptions/s/resourcegroups/g/"
	    "providers/microsoft.network/"
	    "virtualnetworks/v/subnets/a");
	estate_intern_done(e);
	/* The copies stay; the resource's own id answers now. */
	assert_string_equal(k1, sn);
	k4 = estate_intern_id(e, sn);
	assert_ptr_equal(k4, r->id);
	estate_intern_done(e);
	estate_free(e);
}

static void
test_topology(void **state)
{
	struct estate *e = estate_new();
	struct vnet *hub, *spoke;
	struct subnet *gws;
	struct gateway *g;
	struct peering *p, *back;

	(void)state;
	hub = (struct vnet *)estate_get(e, RK_VNET, RG "/virtualNetworks/hub");
	spoke = (struct vnet *)estate_get(e, RK_VNET,
	    RG "/virtualNetworks/spoke");
	hub->r.seen = spoke->r.seen = true;
	gws = estate_subnet(e, hub,
	    RG "/virtualNetworks/hub/subnets/"
	       "GatewaySubnet");
	gws->r.seen = true;
	g = (struct gateway *)estate_get(e, RK_GATEWAY,
	    RG "/virtualNetworkGateways/ergw");
	g->r.seen = true;
	g->gw_type = GW_EXPRESSROUTE;
	g->subnet_id = gws->r.id;
	p = estate_peering(e, spoke,
	    RG "/virtualNetworks/spoke/"
	       "virtualNetworkPeerings/to-hub");
	p->r.seen = true;
	p->remote_id = RG "/virtualNetworks/HUB";
	p->use_remote_gateways = TRI_TRUE;
	back = estate_peering(e, hub,
	    RG "/virtualNetworks/hub/"
	       "virtualNetworkPeerings/to-spoke");
	back->r.seen = true;
	back->remote_id = RG "/virtualNetworks/spoke";
	back->allow_gateway_transit = TRI_FALSE;
	estate_link(e);
	topology_derive(e);
	assert_int_equal(hub->role, ROLE_HUB);
	assert_int_equal(spoke->role, ROLE_SPOKE);
	/* Transit is refused by the hub side. */
	assert_null(spoke->transit_hub);
	back->allow_gateway_transit = TRI_TRUE;
	topology_derive(e);
	assert_ptr_equal(spoke->transit_hub, hub);
	/* A disconnected peering makes no spoke. */
	p->state = "Disconnected";
	topology_derive(e);
	assert_int_equal(spoke->role, ROLE_NONE);
	estate_free(e);
}

struct each_check {
	const struct estate *e;
	size_t n, kinds[RK__COUNT];
	int bad;
};

static int
index_fn(const char *key, void *value, void *ctx)
{
	struct each_check *c = ctx;

	(void)key;
	c->kinds[((const struct res *)value)->kind]--;
	return 0;
}

static int
each_fn(const struct res *r, void *ctx)
{
	struct each_check *c = ctx;

	/* Each one is the estate's resource of that id. */
	if (estate_find(c->e, r->id) != r)
		c->bad = 1;
	c->kinds[r->kind]++;
	c->n++;
	return 0;
}

static int
stop_fn(const struct res *r, void *ctx)
{
	(void)r;
	return ++*(int *)ctx == 3 ? 9 : 0;
}

/* estate_each visits what e->index holds: every kind, each once. */
static void
test_each(void **state)
{
	struct estate *e = estate_new();
	struct each_check c;
	struct res *v;
	size_t k;
	int n = 0;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.e = e;
	v = estate_get(e, RK_VNET, RG "/virtualNetworks/v");
	estate_subnet(e, (struct vnet *)v, RG "/virtualNetworks/v/subnets/s");
	for (k = 0; k < RK__COUNT; k++)
		assert_non_null(estate_get(e, (enum res_kind)k,
		    arena_printf(e->arena, RG "/kind%zu/x", k)));
	assert_int_equal(estate_each(e, each_fn, &c), 0);
	assert_int_equal(c.bad, 0);
	assert_int_equal(c.n, strmap_count(e->index));
	strmap_each(e->index, index_fn, &c);
	for (k = 0; k < RK__COUNT; k++)
		assert_int_equal(c.kinds[k], 0);
	assert_int_equal(estate_each(e, stop_fn, &n), 9);
	assert_int_equal(n, 3);
	estate_free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_case_insensitive_get),
		cmocka_unit_test(test_intern_id),
		cmocka_unit_test(test_topology),
		cmocka_unit_test(test_each),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
