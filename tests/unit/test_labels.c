/*
 * test_labels.c - planner/labels.c on a hand-built estate: two VNets named
 * workers-vnet (one in each subscription, the second only referenced),
 * subnets "default" under both, a unique VNet, a case variant of a unique
 * name in the same resource group (the same resource), and two gateways
 * named alike, route tables rt in both subscriptions and solo in one (their
 * routes are no resources of the estate). Colliding names carry
 * "(resource group G, subscription S)", unique ones stay bare; expected
 * strings are written out by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../planner/estate.h"
#include "../../planner/labels.h"

#define S1 "/subscriptions/00000000-0000-0000-0000-00000000000a"
#define S2 "/subscriptions/00000000-0000-0000-0000-00000000000b"
#define NW "/providers/Microsoft.Network"
#define A S1 "/resourceGroups/rg-a" NW
#define B S2 "/resourceGroups/rg-b" NW

static struct vnet *
vnet(struct estate *e, const char *id, bool seen)
{
	struct vnet *v = (struct vnet *)estate_get(e, RK_VNET, id);

	v->r.seen = seen;
	return v;
}

static void
test_labels(void **state)
{
	struct estate *e = estate_new();
	struct arena *a = arena_new();
	struct vnet *w1, *w2, *u;
	const struct labels *l;
	struct res *g1, *g2;

	(void)state;
	w1 = vnet(e, A "/virtualNetworks/workers-vnet", true);
	w2 = vnet(e, B "/virtualNetworks/Workers-VNet", false);
	u = vnet(e, A "/virtualNetworks/hub", true);
	estate_subnet(e, w1, A "/virtualNetworks/workers-vnet/subnets/default")
	    ->r.seen = true;
	estate_subnet(e, w2, B "/virtualNetworks/Workers-VNet/subnets/default")
	    ->r.seen = true;
	estate_subnet(e, u, A "/virtualNetworks/hub/subnets/default")->r.seen =
	    true;
	g1 = estate_get(e, RK_GATEWAY, A "/virtualNetworkGateways/gw");
	g2 = estate_get(e, RK_GATEWAY, B "/virtualNetworkGateways/gw");
	g1->seen = g2->seen = true;
	estate_get(e, RK_ROUTE_TABLE, A "/routeTables/rt")->seen = true;
	estate_get(e, RK_ROUTE_TABLE, B "/routeTables/rt")->seen = true;
	estate_get(e, RK_ROUTE_TABLE, A "/routeTables/solo")->seen = true;
	estate_link(e);
	l = labels_new(e, a);

	assert_string_equal(label_res(l, &w1->r), "workers-vnet (resource "
	    "group rg-a, subscription 00000000-0000-0000-0000-00000000000a)");
	assert_string_equal(label_res(l, &w2->r), "Workers-VNet (resource "
	    "group rg-b, subscription 00000000-0000-0000-0000-00000000000b)");
	assert_string_equal(label_res(l, &u->r), "hub");
	assert_string_equal(label_res(l, g1), "gw (resource group rg-a, "
	    "subscription 00000000-0000-0000-0000-00000000000a)");
	/* By id: the same resource whatever the case; children by path. */
	assert_string_equal(label_id(l, A "/virtualNetworks/HUB"), "hub");
	assert_string_equal(label_id(l, A
	    "/virtualNetworks/workers-vnet/subnets/default"),
	    "workers-vnet/default (resource group rg-a, subscription "
	    "00000000-0000-0000-0000-00000000000a)");
	assert_string_equal(label_id(l, A "/virtualNetworks/hub/subnets/"
	    "default"), "hub/default");
	/* An id in no input that shares a name is ambiguous too. */
	assert_true(label_collides(l, S2 "/resourceGroups/rg-c" NW
	    "/virtualNetworks/hub"));
	assert_false(label_collides(l, A "/virtualNetworks/hub"));
	assert_false(label_collides(l, A "/routeTables/hub"));
	/* The path is what follows the last "/providers/" (any case): an
	 * extension resource's, or an id's without one whole. */
	assert_false(label_collides(l, A "/virtualNetworks/hub/PROVIDERS/"
	    "Microsoft.Authorization/locks/hub"));
	assert_true(label_collides(l, S2 "/resourceGroups/x/providers/y/"
	    "Providers/Microsoft.Network/virtualNetworks/hub"));
	assert_false(label_collides(l, "Microsoft.Network/virtualNetworks/"
	    "x/providers/"));
	assert_true(label_collides(l, "microsoft.network/virtualnetworks/"
	    "HUB"));
	/* A child no resource of the estate is (a route table's route) is
	 * judged by its nearest parent that is. */
	assert_string_equal(label_id(l, A "/routeTables/rt/routes/r1"),
	    "rt/r1 (resource group rg-a, subscription "
	    "00000000-0000-0000-0000-00000000000a)");
	assert_string_equal(label_id(l, B "/routeTables/RT/routes/r1"),
	    "RT/r1 (resource group rg-b, subscription "
	    "00000000-0000-0000-0000-00000000000b)");
	assert_string_equal(label_id(l, A "/routeTables/solo/routes/r1"),
	    "solo/r1");
	assert_false(label_collides(l, A "/routeTables/Solo/routes/r1"));
	assert_true(label_collides(l,
	    S2 "/resourceGroups/rg-c" NW "/routeTables/solo/routes/r1"));
	assert_true(label_collides(l, A "/virtualNetworks/workers-vnet/"
	    "subnets/other/x/y"));
	assert_false(label_collides(l, A "/virtualNetworks/hub/subnets/"
	    "other"));
	assert_false(label_collides(l, A "/routeTables/none/routes/r1"));
	assert_string_equal(label_id(l, NULL), "?");
	/* Without labels, names stay bare. */
	assert_string_equal(label_res(NULL, &w1->r), "workers-vnet");
	assert_string_equal(label_qualified(a, "x", NULL, "s"),
	    "x (resource group unknown, subscription s)");
	arena_free(a);
	estate_free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
