/*
 * routing_bench.c - time the hairpin analysis (R5-R7) on a generated
 * estate: H hubs with an ExpressRoute gateway each, all on one circuit,
 * N spokes per hub using their hub's gateway, each spoke with a workload
 * subnet and a private-endpoint subnet holding P private endpoints, and
 * 10.0.0.0/8 from on-premises. Prints the counts and the CPU seconds of
 * routing_new + routing_hairpins (and of the optional pair stream).
 *
 * With --unique every spoke's workload subnet gets a route table of its
 * own content (the worst case for sharing: one class per spoke).
 *
 * usage: routing_bench HUBS SPOKES_PER_HUB [PES] [--pairs|--unique]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../planner/routing.h"
#include "../tests/unit/test_routing_build.h"

static double
cpu(void)
{
	return (double)clock() / CLOCKS_PER_SEC;
}

static int
count_pair(const struct pair_result *pr, void *ctx)
{
	(void)pr;
	++*(size_t *)ctx;
	return 0;
}

int
main(int argc, char **argv)
{
	struct estate *e = estate_new();
	struct circuit *c;
	struct routing_opts o;
	struct routing *r;
	struct hairpins h;
	struct arena *a = arena_new();
	struct prefix onprem;
	unsigned nh, ns, npe, i, j, k, idx = 0;
	double t0, t1, t2;
	size_t streamed = 0;
	bool pairs = argc > 4 && strcmp(argv[4], "--pairs") == 0;
	bool unique = argc > 4 && strcmp(argv[4], "--unique") == 0;

	if (argc < 3) {
		fprintf(stderr, "usage: routing_bench HUBS SPOKES_PER_HUB "
		    "[PES] [--pairs]\n");
		return 2;
	}
	nh = (unsigned)atoi(argv[1]);
	ns = (unsigned)atoi(argv[2]);
	npe = argc > 3 ? (unsigned)atoi(argv[3]) : 10;
	t0 = cpu();
	c = tb_circuit(e, "circuit");
	for (i = 0; i < nh; i++) {
		struct vnet *hub = tb_vnet(e, arena_printf(e->arena,
		    "hub%u", i), arena_printf(e->arena, "10.%u.0.0/16",
		    250 - i));
		struct gateway *g = tb_gateway(e, hub, arena_printf(e->arena,
		    "ergw%u", i), GW_EXPRESSROUTE, NULL);

		tb_conn(e, g, c, 0);
		for (j = 0; j < ns; j++, idx++) {
			struct vnet *s = tb_vnet(e, arena_printf(e->arena,
			    "spoke%05u", idx), arena_printf(e->arena,
			    "10.%u.%u.0/24", idx / 256, idx % 256));
			struct subnet *pe;
			struct route_table *rt = NULL;

			tb_peer(e, s, hub, true, true);
			if (unique) {
				rt = tb_rt(e, arena_printf(e->arena, "rt%u",
				    idx), false);
				tb_route(e, rt, "blackhole", arena_printf(
				    e->arena, "192.0.%u.%u/32", idx / 256,
				    idx % 256), "None", NULL);
			}
			tb_subnet(e, s, "workload", arena_printf(e->arena,
			    "10.%u.%u.0/25", idx / 256, idx % 256), rt);
			pe = tb_subnet(e, s, "pe", arena_printf(e->arena,
			    "10.%u.%u.128/25", idx / 256, idx % 256), NULL);
			for (k = 0; k < npe; k++) {
				struct pe *p = (struct pe *)estate_get(e,
				    RK_PE, arena_printf(e->arena,
				    TB_RG "/privateEndpoints/pe-%u-%u", idx,
				    k));

				p->r.seen = true;
				p->subnet_id = pe->r.id;
			}
		}
	}
	tb_link(e);
	t1 = cpu();
	memset(&o, 0, sizeof(o));
	onprem = tb_pfx("10.0.0.0/8");
	o.onprem = &onprem;
	o.nonprem = 1;
	r = routing_new(e, &o, NULL, 0);
	routing_hairpins(r, a, &h);
	t2 = cpu();
	printf("spokes %zu pes %zu pairs %zu same-hub %zu cross-hub %zu "
	    "classes %zu groups %zu\n", h.spokes, e->pes.n, h.pairs,
	    h.same_hub, h.cross_hub, h.classes, h.groups.n);
	printf("build %.3f s  analyze %.3f s CPU\n", t1 - t0, t2 - t1);
	if (pairs) {
		double t3 = cpu();

		routing_pairs(r, false, count_pair, &streamed);
		printf("stream %zu pairs %.3f s CPU\n", streamed, cpu() - t3);
	}
	routing_free(r);
	arena_free(a);
	estate_free(e);
	return 0;
}
