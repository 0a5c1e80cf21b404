/*
 * plan_findings.c - findings about a plan (plan_findings.h).
 *
 * MP401 inspection-lost: one finding per wave that takes spoke pairs off
 * the appliance that inspects them today (plan_wave.inspection_lost_new
 * > 0), on the route that inspected the wave's first listed pair (else
 * its source VNet), with the wave, the pairs it adds and the cumulative
 * count as properties.
 */
#include "plan_findings.h"

#include <stddef.h>

#include "labels.h"

/* A VNet of the pair: the estate's label, else the plan's name. */
static const char *
pair_name(const struct labels *l, const struct plan *p, const char *id)
{
	const struct plan_vnet *v;

	if (l != NULL)
		return label_id(l, id);
	v = plan_find_vnet(p, id);
	return v != NULL && v->name != NULL ? v->name : id;
}

static void
inspection_lost(struct findings *f, const struct plan *p,
    const struct labels *l, const struct plan_wave *w)
{
	const struct plan_lost_pair *lp = w->lost.n > 0 ? &w->lost.v[0] : NULL;
	struct finding *fd;

	fd = finding_add(f, RULE_INSPECTION_LOST, SEV_WARNING,
	    lp == NULL		     ? NULL :
		lp->route_id != NULL ? lp->route_id :
				       lp->src_id,
	    NULL,
	    "Wave %d (%s) takes %zu ordered spoke pair%s "
	    "off the network virtual appliance that inspects %s today "
	    "(%zu after it in all)%s%s%s%s%s%s%s; keep %s inspected before "
	    "the wave's commit with security admin rules (policy segments "
	    "and deny) or user routes at least as long as the member "
	    "prefixes.",
	    w->number, w->name, w->inspection_lost_new,
	    w->inspection_lost_new == 1 ? "" : "s",
	    w->inspection_lost_new == 1 ? "it" : "them", w->inspection_lost,
	    lp ? ", e.g. " : "", lp ? pair_name(l, p, lp->src_id) : "",
	    lp ? " -> " : "", lp ? pair_name(l, p, lp->dst_id) : "",
	    lp && lp->route ? " (" : "", lp && lp->route ? lp->route : "",
	    lp && lp->route ? ")" : "",
	    w->inspection_lost_new == 1 ? "it" : "them");
	finding_prop(fd, "wave", (double)w->number);
	finding_prop(fd, "pairs", (double)w->inspection_lost_new);
	finding_prop(fd, "pairs_total", (double)w->inspection_lost);
}

void
plan_findings(struct findings *f, const struct plan *p, const struct labels *l)
{
	size_t i;

	for (i = 0; i < p->waves.n; i++)
		if (p->waves.v[i].inspection_lost_new > 0)
			inspection_lost(f, p, l, &p->waves.v[i]);
}
