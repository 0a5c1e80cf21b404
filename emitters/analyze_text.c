/*
 * analyze_text.c - the text report of `meshplan analyze`.
 *
 * Layout: one summary line of counts; per hub its region, gateways (type,
 * SKU) with their circuits and routing weights, spoke counts and one
 * pressure bar per address family; then "errors", "warnings", "notes":
 * a rule with one finding there is one line (rule id, short resource
 * name, e.g. "vnet/subnet", message); a rule with several is one line
 * with its count and description and one with the first few resources,
 * unless verbose, which lists every finding on its own line. Suppressed
 * findings follow, each with its justification. Columns are padded to the
 * longest entry (capped) so the messages line up. When routing
 * ran, a hairpin summary (totals and the largest groups) comes between
 * the hubs and the findings. Then what the inputs held by type (read,
 * used, ignored and why, referenced but not seen) and the existing AVNM
 * connectivity configurations with their hubs, groups and members. The
 * order is the analysis order (sorted), so the text is deterministic.
 */
#include "analyze_text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/arena.h"
#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "../planner/analysis.h"
#include "../planner/coverage.h"
#include "../planner/labels.h"
#include "routecheck_out.h"

#define BAR_WIDTH 20
#define NAME_COL_MAX 36

static const char *
plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static const char *
gw_type_name(const struct gateway *g)
{
	switch (g->gw_type) {
	case GW_EXPRESSROUTE:
		return "ExpressRoute";
	case GW_VPN:
		return "VPN";
	default:
		return g->gw_type_raw ? g->gw_type_raw : "unknown type";
	}
}

static void
bar(struct strbuf *out, const char *fam, size_t count, size_t limit)
{
	double r = pressure_ratio(count, limit);
	size_t fill = (size_t)(r * BAR_WIDTH + 0.5), i;

	if (fill > BAR_WIDTH)
		fill = BAR_WIDTH;
	/* A non-zero count always shows. */
	if (fill == 0 && count > 0)
		fill = 1;
	sb_printf(out, "    %-5s %6zu / %-6zu [", fam, count, limit);
	for (i = 0; i < BAR_WIDTH; i++)
		sb_putc(out, i < fill ? '#' : '.');
	sb_printf(out, "] %3.0f%%  %s\n", 100.0 * r,
	    pressure_name(pressure_level(r)));
}

static int
conn_cmp(const void *pa, const void *pb)
{
	const struct connection *a = *(const struct connection *const *)pa;
	const struct connection *b = *(const struct connection *const *)pb;

	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	return strcmp(a->r.key, b->r.key);
}

static void
hub_text(struct strbuf *out, struct arena *a, const struct analysis *an,
    const struct hub_info *h)
{
	const struct vnet *v = h->vnet;
	size_t i, j;

	sb_printf(out, "  %s  %s", label_res(an->labels, &v->r),
	    v->r.location ? v->r.location : "(region unknown)");
	if (v->r.resource_group != NULL)
		sb_printf(out, "  rg %s", v->r.resource_group);
	sb_putc(out, '\n');
	for (i = 0; i < v->gateways.n; i++) {
		const struct gateway *g = v->gateways.v[i];
		const struct connection **cs = arena_calloc(a,
		    g->connections.n + 1, sizeof(*cs));

		sb_printf(out, "    gateway  %s  %s%s%s\n",
		    label_res(an->labels, &g->r), gw_type_name(g),
		    g->sku ? " " : "", g->sku ? g->sku : "");
		/* Primary first: by routingWeight, highest first. */
		for (j = 0; j < g->connections.n; j++)
			cs[j] = g->connections.v[j];
		if (g->connections.n > 1)
			qsort(cs, g->connections.n, sizeof(*cs), conn_cmp);
		for (j = 0; j < g->connections.n; j++) {
			const struct connection *c = cs[j];
			const char *cn;

			if (c->conn_type != CONN_EXPRESSROUTE ||
			    c->circuit_id == NULL)
				continue;
			cn = label_id(an->labels, c->circuit_id);
			sb_printf(out, "      circuit  %s  weight %d", cn,
			    c->weight);
			if (c->circuit != NULL && c->circuit->r.seen &&
			    c->circuit->peering_location != NULL)
				sb_printf(out, "  %s",
				    c->circuit->peering_location);
			if (c->circuit == NULL || !c->circuit->r.seen)
				sb_puts(out, "  (not in input)");
			sb_putc(out, '\n');
		}
	}
	sb_printf(out, "    spokes   %zu peered, %zu using the gateway\n",
	    h->spokes, h->transit_spokes);
	bar(out, "IPv4", h->adv_v4, h->limit_v4);
	bar(out, "IPv6", h->adv_v6, h->limit_v6);
}

static const char *
rname(const struct labels *l, const struct res *r)
{
	return r != NULL ? label_res(l, r) : "?";
}

#define TOP_GROUPS 10

static void
hairpins_text(struct strbuf *out, const struct labels *l,
    const struct hairpins *h)
{
	size_t i;

	sb_printf(out,
	    "\nhairpins: %zu of %zu spoke pairs go through the "
	    "ExpressRoute edge (%zu same-hub, %zu cross-hub; %zu via an "
	    "appliance)\n",
	    h->pairs, h->pairs_considered, h->same_hub, h->cross_hub,
	    h->inspected);
	for (i = 0; i < h->groups.n && i < TOP_GROUPS; i++) {
		const struct hairpin_group *g = &h->groups.v[i];

		sb_printf(out, "  %6zu  %-9s %s -> %s  via %s (%s -> %s)\n",
		    g->pairs, hp_scope_name(g->scope),
		    rname(l, g->src_hub ? &g->src_hub->r : NULL),
		    rname(l, g->dst_hub ? &g->dst_hub->r : NULL),
		    rname(l, g->circuit ? &g->circuit->r : NULL),
		    rname(l, g->src_gw ? &g->src_gw->r : NULL),
		    rname(l, g->dst_gw ? &g->dst_gw->r : NULL));
		if (g->route != NULL)
			sb_printf(out, "          route %s\n", g->route);
	}
	if (h->groups.n > TOP_GROUPS)
		sb_printf(out,
		    "  ... %zu more groups (--format json lists "
		    "them all)\n",
		    h->groups.n - TOP_GROUPS);
}

#define TYPE_COL_MAX 64

static void
coverage_text(struct strbuf *out, struct arena *a, const struct estate *e)
{
	struct coverage cov;
	size_t i, w = strlen("type");

	coverage_build(&cov, e, a);
	if (cov.rows.n == 0)
		return;
	for (i = 0; i < cov.rows.n; i++)
		if (strlen(cov.rows.v[i].type) > w)
			w = strlen(cov.rows.v[i].type);
	if (w > TYPE_COL_MAX)
		w = TYPE_COL_MAX;
	sb_printf(out, "\ninputs by type\n  %-*s  %6s  %6s  %7s  %8s\n", (int)w,
	    "type", "read", "used", "ignored", "not seen");
	for (i = 0; i < cov.rows.n; i++) {
		const struct coverage_row *r = &cov.rows.v[i];

		sb_printf(out, "  %-*s  %6zu  %6zu  %7zu  %8zu\n", (int)w,
		    r->type, r->read, r->used, r->read - r->used, r->not_seen);
		if (r->why != NULL)
			sb_printf(out, "    ignored: %s\n", r->why);
	}
}

static const char *
in_input(bool seen)
{
	return seen ? "" : " (not in the input)";
}

static void
avnm_text(struct strbuf *out, const struct labels *l, const struct estate *e)
{
	size_t i, j, k, n = 0;

	for (i = 0; i < e->configs.n; i++) {
		const struct connectivity_config *c = e->configs.v[i];

		if (!c->r.seen)
			continue;
		if (n++ == 0)
			sb_puts(out,
			    "\nexisting AVNM connectivity "
			    "configurations\n");
		sb_printf(out, "  %s  %s%s\n", label_id(l, c->r.id),
		    c->topology != NULL ? c->topology : "(no topology)",
		    c->is_global == TRI_TRUE ? ", global" : "");
		for (j = 0; j < c->hub_ids.n; j++)
			sb_printf(out, "    hub    %s%s\n",
			    label_id(l, c->hub_ids.v[j]),
			    in_input(j < c->hubs.n && c->hubs.v[j] != NULL));
		for (j = 0; j < c->group_ids.n; j++) {
			const struct network_group *g = j < c->groups.n ?
			    c->groups.v[j] :
			    NULL;

			sb_printf(out, "    group  %s%s, %s",
			    label_id(l, c->group_ids.v[j]), in_input(g != NULL),
			    j < c->group_direct.n && c->group_direct.v[j] ?
				"DirectlyConnected" :
				"None");
			if (g == NULL) {
				sb_putc(out, '\n');
				continue;
			}
			sb_printf(out, ", %zu member%s\n", g->member_ids.n,
			    plural(g->member_ids.n, "", "s"));
			for (k = 0; k < g->member_ids.n; k++)
				sb_printf(out, "      member %s%s\n",
				    label_id(l, g->member_ids.v[k]),
				    in_input(k < g->member_vnets.n &&
					g->member_vnets.v[k] != NULL));
		}
	}
}

/* Resources named in the one-line summary of a rule's findings. */
#define GROUP_NAMES 3

void
analyze_text(struct strbuf *out, const struct analysis *an, bool verbose)
{
	const struct estate_counts *c = &an->counts;
	const struct findings *f = &an->findings;
	struct arena *a = arena_new();
	const char **names;
	size_t i, j, k, width = 0;
	int s;

	sb_printf(out,
	    "estate: %zu %s (%zu %s, %zu %s), %zu %s, %zu %s, "
	    "%zu private %s, %zu %s\n",
	    c->vnets, plural(c->vnets, "VNet", "VNets"), c->hubs,
	    plural(c->hubs, "hub", "hubs"), c->spokes,
	    plural(c->spokes, "spoke", "spokes"), c->gateways,
	    plural(c->gateways, "gateway", "gateways"), c->circuits,
	    plural(c->circuits, "circuit", "circuits"), c->private_endpoints,
	    plural(c->private_endpoints, "endpoint", "endpoints"), c->peerings,
	    plural(c->peerings, "peering", "peerings"));
	if (an->hubs.n > 0) {
		sb_puts(out, "\nhubs\n");
		for (i = 0; i < an->hubs.n; i++) {
			if (i > 0)
				sb_putc(out, '\n');
			hub_text(out, a, an, &an->hubs.v[i]);
		}
	}
	if (an->has_hairpins)
		hairpins_text(out, an->labels, &an->hairpins);
	coverage_text(out, a, an->estate);
	avnm_text(out, an->labels, an->estate);
	if (an->agreement != NULL)
		routecheck_text_brief(out, an->agreement);
	sb_printf(out, "\nfindings: %zu %s, %zu %s, %zu %s",
	    f->count[SEV_ERROR], plural(f->count[SEV_ERROR], "error", "errors"),
	    f->count[SEV_WARNING],
	    plural(f->count[SEV_WARNING], "warning", "warnings"),
	    f->count[SEV_NOTE], plural(f->count[SEV_NOTE], "note", "notes"));
	if (f->nsuppressed > 0)
		sb_printf(out, " (%zu suppressed by the policy)",
		    f->nsuppressed);
	sb_putc(out, '\n');
	names = arena_calloc(a, f->v.n ? f->v.n : 1, sizeof(*names));
	for (i = 0; i < f->v.n; i++) {
		const char *r = f->v.v[i].resource;

		/* Qualified where two resources share the name. */
		names[i] = r ? label_id(an->labels, r) : "-";
	}
	for (i = 0; i < f->v.n; i++)
		if (strlen(names[i]) > width)
			width = strlen(names[i]);
	if (width > NAME_COL_MAX)
		width = NAME_COL_MAX;
	for (s = SEV_ERROR; s >= SEV_NOTE; s--) {
		if (f->count[s] == 0)
			continue;
		sb_printf(out, "\n%s\n",
		    s == SEV_ERROR	 ? "errors" :
			s == SEV_WARNING ? "warnings" :
					   "notes");
		for (i = 0; i < f->v.n; i = j) {
			const struct finding *fd = &f->v.v[i];
			size_t n = 0, shown = 0;

			/* The findings of one rule at one severity are
			 * adjacent (findings_sort). */
			for (j = i; j < f->v.n && f->v.v[j].rule == fd->rule &&
			     f->v.v[j].sev == fd->sev;
			     j++)
				if (f->v.v[j].suppressed == NULL)
					n++;
			if ((int)fd->sev != s || n == 0)
				continue;
			if (verbose || n == 1) {
				for (k = i; k < j; k++)
					if (f->v.v[k].suppressed == NULL)
						sb_printf(out,
						    "  %s  %-*s  %s\n",
						    fd->rule->id, (int)width,
						    names[k],
						    f->v.v[k].message);
				continue;
			}
			sb_printf(out, "  %s  %zu x %s: %s\n", fd->rule->id, n,
			    fd->rule->name, fd->rule->description);
			sb_printf(out, "  %*s  ", (int)strlen(fd->rule->id),
			    "");
			/* "and 1 more" would be as long as the name. */
			for (k = i; k < j &&
			     (shown < GROUP_NAMES || n == GROUP_NAMES + 1);
			     k++) {
				if (f->v.v[k].suppressed != NULL)
					continue;
				sb_printf(out, "%s%s", shown ? ", " : "",
				    names[k]);
				shown++;
			}
			if (n > shown)
				sb_printf(out,
				    " and %zu more (--verbose lists "
				    "each)",
				    n - shown);
			sb_putc(out, '\n');
		}
	}
	if (f->nsuppressed > 0) {
		sb_printf(out, "\nsuppressed (policy)\n");
		for (i = 0; i < f->v.n; i++) {
			const struct finding *fd = &f->v.v[i];

			if (fd->suppressed == NULL)
				continue;
			sb_printf(out, "  %s  %-*s  %s%s%s\n", fd->rule->id,
			    (int)width, names[i], fd->suppressed->reason,
			    fd->suppressed->expires ? "; until " : "",
			    fd->suppressed->expires ? fd->suppressed->expires :
						      "");
		}
	}
	arena_free(a);
}
