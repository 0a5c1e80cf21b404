/*
 * test_routecheck.c - the comparison of captured effective routes with
 * the simulation (planner/routecheck.c), on a small estate built in C: a
 * hub with an ExpressRoute gateway whose learned routes are given, a
 * spoke using it with a route table.
 *
 * The oracle is construction: a capture made from the simulated routes
 * agrees whatever its order and however its prefixes are grouped; each
 * mutation (k routes removed, j states flipped, m routes added, next hops
 * of gateway routes set, service routes added) must give exactly the
 * counts it was built to give. Random mutations with fixed seeds (printed
 * on failure) check the counts against that construction.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../planner/routecheck.h"
#include "test_routing_build.h"

struct fx {
	struct estate *e;
	struct vnet *hub, *spoke;
	struct subnet *app;
	struct gateway *gw;
	struct route_table *rt;
	struct routing *r;
	struct arena *a;
	eroute_arr sim;
};

static void
fx_init(struct fx *f, bool learned)
{
	struct routing_opts o;
	struct circuit *c;

	memset(f, 0, sizeof(*f));
	f->e = estate_new();
	f->a = arena_new();
	f->hub = tb_vnet(f->e, "hub", "10.0.0.0/16");
	tb_subnet(f->e, f->hub, "shared", "10.0.1.0/24", NULL);
	f->spoke = tb_vnet(f->e, "spoke", "10.1.0.0/16");
	f->rt = tb_rt(f->e, "rt-spoke", false);
	tb_route(f->e, f->rt, "to-fw", "0.0.0.0/0", "VirtualAppliance",
	    "10.0.1.4");
	tb_route(f->e, f->rt, "local", "10.1.0.0/16", "VnetLocal", NULL);
	f->app = tb_subnet(f->e, f->spoke, "app", "10.1.0.0/24", f->rt);
	tb_peer(f->e, f->spoke, f->hub, true, true);
	f->gw = tb_gateway(f->e, f->hub, "ergw", GW_EXPRESSROUTE,
	    "10.0.255.0/27");
	c = tb_circuit(f->e, "er1");
	tb_conn(f->e, f->gw, c, 0);
	if (learned) {
		tb_learn(f->e, f->gw, "192.168.0.0/16", "EBgp");
		tb_learn(f->e, f->gw, "172.20.0.0/16", "EBgp");
	}
	tb_link(f->e);
	memset(&o, 0, sizeof(o));
	f->r = routing_new(f->e, &o, NULL, 0);
	routing_effective(f->r, f->spoke, f->app, f->a, &f->sim);
}

static void
fx_free(struct fx *f)
{
	routing_free(f->r);
	estate_free(f->e);
	arena_free(f->a);
}

/* A captured route from a simulated one. */
static struct captured_route
from_sim(struct fx *f, const struct eroute *s)
{
	struct captured_route cr;

	memset(&cr, 0, sizeof(cr));
	cr.source = route_source_name(s->source);
	cr.state = s->active ? "Active" : "Invalid";
	cr.nh_type = next_hop_name(s->nh);
	ARR_PUSH(f->a, cr.prefixes, s->p);
	if (s->nh_ip != NULL)
		ARR_PUSH(f->a, cr.nh_ips, s->nh_ip);
	return cr;
}

/* The capture of the simulated routes, in reverse order. */
static struct capture *
capture_of(struct fx *f)
{
	struct capture *c = arena_calloc(f->a, 1, sizeof(*c));
	size_t i;

	c->file = "test.effective-routes.json";
	c->nic = "nic1";
	for (i = f->sim.n; i > 0; i--)
		ARR_PUSH(f->a, c->routes, from_sim(f, &f->sim.v[i - 1]));
	return c;
}

static struct rc_subnet
check(struct fx *f, const struct capture *c)
{
	struct rc_subnet s;

	routecheck_subnet(f->r, c, f->spoke, f->app, f->a, &s);
	return s;
}

static const struct rc_row *
row_with(const struct rc_subnet *s, enum rc_status st, const char *prefix)
{
	size_t i;

	for (i = 0; i < s->rows.n; i++)
		if (s->rows.v[i].status == st &&
		    strcmp(s->rows.v[i].prefix, prefix) == 0)
			return &s->rows.v[i];
	return NULL;
}

static void
test_agrees(void **state)
{
	struct fx f;
	struct capture *c;
	struct rc_subnet s;
	size_t i, gw = 0;

	(void)state;
	fx_init(&f, true);
	for (i = 0; i < f.sim.n; i++)
		gw += f.sim.v[i].nh == NH_GATEWAY;
	/* The estate has what the checks need: gateway and user routes. */
	assert_true(gw >= 2);
	c = capture_of(&f);
	s = check(&f, c);
	assert_true(s.agrees);
	assert_int_equal(s.compared, f.sim.n);
	assert_int_equal(s.n[RC_AGREE], f.sim.n);
	assert_int_equal(s.tolerated, 0);

	/* Two routes of one kind in one capture entry (Azure groups
	 * prefixes): still one row each. */
	for (i = 0; i + 1 < c->routes.n; i++) {
		struct captured_route *x = &c->routes.v[i];
		struct captured_route *y = &c->routes.v[i + 1];

		if (strcmp(x->source, y->source) == 0 &&
		    strcmp(x->state, y->state) == 0 &&
		    strcmp(x->nh_type, y->nh_type) == 0 &&
		    x->nh_ips.n == 0 && y->nh_ips.n == 0) {
			ARR_PUSH(f.a, x->prefixes, y->prefixes.v[0]);
			memmove(y, y + 1, (c->routes.n - i - 2) * sizeof(*y));
			c->routes.n--;
			break;
		}
	}
	assert_true(c->routes.n < f.sim.n);
	s = check(&f, c);
	assert_true(s.agrees);
	assert_int_equal(s.compared, f.sim.n);

	/* Gateway next hops are compared by type. */
	c = capture_of(&f);
	for (i = 0; i < c->routes.n; i++)
		if (strcmp(c->routes.v[i].nh_type, "VirtualNetworkGateway") == 0)
			ARR_PUSH(f.a, c->routes.v[i].nh_ips, "10.0.255.4");
	s = check(&f, c);
	assert_true(s.agrees);
	assert_int_equal(s.tolerated, gw);
	fx_free(&f);
}

static void
test_differences(void **state)
{
	struct fx f;
	struct capture *c;
	struct captured_route cr;
	struct rc_subnet s;
	const struct rc_row *w;
	size_t i;

	(void)state;
	fx_init(&f, true);
	/* The user route 10.1.0.0/16 VnetLocal removed: missing, and the
	 * explanation names the route table that has it. */
	c = capture_of(&f);
	for (i = 0; i < c->routes.n; i++)
		if (strcmp(c->routes.v[i].source, "User") == 0 &&
		    strcmp(c->routes.v[i].nh_type, "VnetLocal") == 0)
			break;
	assert_true(i < c->routes.n);
	memmove(&c->routes.v[i], &c->routes.v[i + 1],
	    (c->routes.n - i - 1) * sizeof(*c->routes.v));
	c->routes.n--;
	s = check(&f, c);
	assert_false(s.agrees);
	assert_int_equal(s.n[RC_MISSING], 1);
	assert_int_equal(s.n[RC_UNEXPECTED] + s.n[RC_STATE], 0);
	w = row_with(&s, RC_MISSING, "10.1.0.0/16");
	assert_non_null(w);
	assert_non_null(strstr(w->why, "rt-spoke"));

	/* A state flipped: state differs, the capture's state shown. */
	c = capture_of(&f);
	for (i = 0; i < c->routes.n; i++)
		if (strcmp(c->routes.v[i].state, "Invalid") == 0)
			break;
	assert_true(i < c->routes.n);
	c->routes.v[i].state = "Active";
	s = check(&f, c);
	assert_int_equal(s.n[RC_STATE], 1);
	assert_int_equal(s.compared, f.sim.n);
	for (i = 0; i < s.rows.n; i++)
		if (s.rows.v[i].status == RC_STATE) {
			assert_string_equal(s.rows.v[i].state, "Active");
			assert_string_equal(s.rows.v[i].sim_state, "Invalid");
		}

	/* A next hop changed: one missing and one unexpected, one prefix. */
	c = capture_of(&f);
	for (i = 0; i < c->routes.n; i++)
		if (c->routes.v[i].nh_ips.n == 1 &&
		    strcmp(c->routes.v[i].nh_type, "VirtualAppliance") == 0)
			c->routes.v[i].nh_ips.v[0] = "10.0.1.5";
	s = check(&f, c);
	assert_int_equal(s.n[RC_MISSING], 1);
	assert_int_equal(s.n[RC_UNEXPECTED], 1);
	assert_non_null(row_with(&s, RC_MISSING, "0.0.0.0/0"));
	assert_non_null(row_with(&s, RC_UNEXPECTED, "0.0.0.0/0"));
	assert_int_equal(s.compared, f.sim.n + 1);

	/* Service endpoint and service tag routes: apart, not compared. */
	c = capture_of(&f);
	memset(&cr, 0, sizeof(cr));
	cr.source = "Default";
	cr.state = "Active";
	cr.nh_type = "VirtualNetworkServiceEndpoint";
	ARR_PUSH(f.a, cr.prefixes, tb_pfx("20.38.96.0/19"));
	ARR_PUSH(f.a, c->routes, cr);
	memset(&cr, 0, sizeof(cr));
	cr.source = "User";
	cr.state = "Active";
	cr.nh_type = "Internet";
	ARR_PUSH(f.a, cr.other, "Storage");
	ARR_PUSH(f.a, c->routes, cr);
	s = check(&f, c);
	assert_true(s.agrees);
	assert_int_equal(s.n[RC_APART_ENDPOINT], 1);
	assert_int_equal(s.n[RC_APART_TAG], 1);
	assert_int_equal(s.compared, f.sim.n);

	/* An extra gateway route while the learned routes are given:
	 * unexpected. */
	c = capture_of(&f);
	memset(&cr, 0, sizeof(cr));
	cr.source = "VirtualNetworkGateway";
	cr.state = "Active";
	cr.nh_type = "VirtualNetworkGateway";
	ARR_PUSH(f.a, cr.prefixes, tb_pfx("172.31.0.0/16"));
	ARR_PUSH(f.a, c->routes, cr);
	s = check(&f, c);
	assert_int_equal(s.n[RC_UNEXPECTED], 1);
	fx_free(&f);

	/* Without the learned routes: the same route is reported apart. */
	fx_init(&f, false);
	c = capture_of(&f);
	memset(&cr, 0, sizeof(cr));
	cr.source = "VirtualNetworkGateway";
	cr.state = "Active";
	cr.nh_type = "VirtualNetworkGateway";
	ARR_PUSH(f.a, cr.prefixes, tb_pfx("172.31.0.0/16"));
	ARR_PUSH(f.a, c->routes, cr);
	s = check(&f, c);
	assert_true(s.agrees);
	assert_int_equal(s.n[RC_APART_GATEWAY], 1);
	w = row_with(&s, RC_APART_GATEWAY, "172.31.0.0/16");
	assert_non_null(w);
	assert_non_null(strstr(w->why, "ergw"));
	fx_free(&f);
}

/* Random mutations, counted by construction (fixed seeds). */
static void
test_random(void **state)
{
	unsigned seed;

	(void)state;
	for (seed = 1; seed <= 200; seed++) {
		struct fx f;
		struct capture *c;
		struct rc_subnet s;
		size_t i, removed = 0, flipped = 0, added = 0, n;
		char *gone;

		srand(seed);
		fx_init(&f, true);
		c = capture_of(&f);
		n = c->routes.n;
		gone = arena_calloc(f.a, n, 1);
		for (i = 0; i < n; i++) {
			int k = rand() % 6;

			if (k == 0) {
				gone[i] = 1;
				removed++;
			} else if (k == 1) {
				c->routes.v[i].state = strcmp(
				    c->routes.v[i].state, "Active") == 0 ?
				    "Invalid" : "Active";
				flipped++;
			}
		}
		for (i = 0; i < (size_t)(rand() % 4); i++) {
			struct captured_route cr;

			memset(&cr, 0, sizeof(cr));
			cr.source = "User";
			cr.state = "Active";
			cr.nh_type = "None";
			ARR_PUSH(f.a, cr.prefixes, tb_pfx(arena_printf(f.a,
			    "10.%zu.0.0/16", 100 + i)));
			ARR_PUSH(f.a, c->routes, cr);
			added++;
		}
		/* Drop the removed ones (the added ones are after n). */
		{
			size_t j = 0;

			for (i = 0; i < c->routes.n; i++)
				if (i >= n || !gone[i])
					c->routes.v[j++] = c->routes.v[i];
			c->routes.n = j;
		}
		s = check(&f, c);
		if (s.n[RC_MISSING] != removed || s.n[RC_STATE] != flipped ||
		    s.n[RC_UNEXPECTED] != added ||
		    s.n[RC_AGREE] != n - removed - flipped)
			fail_msg("seed %u: missing %zu/%zu state %zu/%zu "
			    "unexpected %zu/%zu agree %zu/%zu", seed,
			    s.n[RC_MISSING], removed, s.n[RC_STATE], flipped,
			    s.n[RC_UNEXPECTED], added, s.n[RC_AGREE],
			    n - removed - flipped);
		assert_int_equal(s.agrees, removed + flipped + added == 0);
		fx_free(&f);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_agrees),
		cmocka_unit_test(test_differences),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
