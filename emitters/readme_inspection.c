/*
 * readme_inspection.c - the "Flows that leave the firewall" section of a
 * wave README, from the plan alone (readme_inspection.h).
 *
 * Why it happens (docs/routing.md, R5 selection): a mesh member holds a
 * ConnectedGroup route for each other member's address prefixes, and such
 * a route loses only to a user route at least as long; a spoke whose
 * 0.0.0.0/0 or 10.0.0.0/8 goes to a firewall therefore reaches the other
 * members directly once both are live. The count is cumulative (every
 * pair lost by this wave and the ones before); the list holds the pairs
 * this wave adds, at most PLAN_LOST_CAP, as "first N of TOTAL".
 */
#include "readme_inspection.h"

#include "../lib/strbuf.h"
#include "../planner/plan.h"
#include "quote.h"

/* A VNet's name when the plan has it, else its id. */
static void
vnet_label(struct strbuf *sb, const struct plan *p, const char *id)
{
	const struct plan_vnet *v = plan_find_vnet(p, id);

	md_escape(sb, v != NULL && v->name != NULL ? v->name : id);
}

void
readme_inspection_lost(struct strbuf *sb, const struct plan *p,
    const struct plan_wave *w)
{
	size_t i;

	if (w == NULL || w->inspection_lost == 0)
		return;
	sb_puts(sb, "## Flows that leave the firewall\n\n");
	sb_printf(sb,
	    "After this wave, %zu ordered spoke pair%s whose "
	    "traffic passed a network virtual appliance before the migration "
	    "go%s straight to the destination: the mesh's ConnectedGroup "
	    "routes are more specific than the user routes that sent the "
	    "traffic to the appliance, and Azure prefers them. ",
	    w->inspection_lost, w->inspection_lost == 1 ? "" : "s",
	    w->inspection_lost == 1 ? "es" : "");
	if (w->inspection_lost_new == 0) {
		sb_puts(sb, "None of them is new in this wave.\n\n");
		return;
	}
	sb_printf(sb, "This wave adds %zu of them.\n\n",
	    w->inspection_lost_new);
	sb_printf(sb,
	    "Pairs this wave takes off the appliance (first %zu of "
	    "%zu; source -> destination: the route that inspected them):\n\n",
	    w->lost.n, w->inspection_lost_new);
	for (i = 0; i < w->lost.n; i++) {
		const struct plan_lost_pair *lp = &w->lost.v[i];

		sb_puts(sb, "- ");
		vnet_label(sb, p, lp->src_id);
		sb_puts(sb, " -> ");
		vnet_label(sb, p, lp->dst_id);
		sb_puts(sb, ": ");
		md_escape(sb, lp->route != NULL ? lp->route : "route unknown");
		if (lp->route_id != NULL) {
			sb_puts(sb, " (");
			md_escape(sb, lp->route_id);
			sb_puts(sb, ")");
		}
		sb_puts(sb, "\n");
	}
	sb_puts(sb,
	    "\nTo keep these flows from bypassing the appliance, "
	    "before this wave's commit, either:\n\n"
	    "1. **Security admin rules**: put the VNets that must not reach "
	    "each other directly in different `segments` of the policy and "
	    "name the pair of segments in `deny`; `meshplan plan` then writes "
	    "Azure Virtual Network Manager security admin rules that deny the "
	    "traffic between them. The traffic is then blocked on every path, "
	    "through the appliance too: allow what must still flow with a "
	    "narrower rule.\n"
	    "2. **User routes**: in the route table of each source subnet, "
	    "add a route to the appliance for each destination member's "
	    "address prefix (or a longer one): a user route at least as long "
	    "as the ConnectedGroup route wins over it. A route table holds at "
	    "most 400 routes.\n\n");
}
