/*
 * report_estate.c - the report's sections about the estate as it is and
 * what the mesh changes: before and after, the Mermaid diagrams, prefix
 * pressure per hub, the proposed summaries, the topology tables and the
 * hairpins (report_sec.h). Rows come from the sorted analysis and plan or
 * an explicit sort with a total order; tables stop at max_rows.
 *
 * Index: sec_before_after, sec_diagrams, mm_waves, sec_pressure,
 * sec_summaries, sec_topology, sec_hairpins.
 */
#include "report_doc.h"
#include "report_sec.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "../planner/analysis.h"
#include "../planner/estate.h"
#include "../planner/plan.h"
#include "../planner/routecheck.h"
#include "../planner/routing.h"
#include "runbook.h"
#include "svg.h"

/* Kept here so that the report needs only routing.h's types. */
static const char *
scope_name(enum hp_scope s)
{
	return s == SCOPE_SAME_HUB ? "same hub" :
	    s == SCOPE_CROSS_HUB   ? "cross hub" :
				     "-";
}

static double
pairs_of(size_t n)
{
	return n < 2 ? 0 : (double)n * (double)(n - 1) / 2;
}

static size_t
largest_mesh_pes(const struct plan *p)
{
	size_t i, m = 0;

	for (i = 0; p != NULL && i < p->meshes.n; i++)
		if (p->meshes.v[i].private_endpoints > m)
			m = p->meshes.v[i].private_endpoints;
	return m;
}

void
sec_before_after(struct rdoc *d, const struct report_in *in)
{
	const struct hairpins *hp = in->hp;
	const struct plan *p = in->plan;
	const struct limits *lim = &in->an->policy->limits;
	size_t n = p != NULL && mesh_members(p) > 0 ? mesh_members(p) :
						      in->an->counts.spokes;
	size_t t, circuits = 0, i, j;
	const char *after;

	/* Circuits that carry hairpins. */
	for (i = 0; hp != NULL && i < hp->groups.n; i++) {
		for (j = 0; j < i; j++)
			if (hp->groups.v[j].circuit == hp->groups.v[i].circuit)
				break;
		if (j == i)
			circuits++;
	}
	heading(d, 2, "before-after", "Before and after");
	t = table(d, 0, 0, 3, "Metric", "Before (MSEE hairpin)",
	    "After (AVNM mesh)");
	if (hp != NULL) {
		after = p == NULL ?
		    "no plan" :
		    p->effect.hairpins_after == 0 ?
		    "Spoke \xe2\x86\x92 Spoke directly (ConnectedGroup route) "
		    "for every pair that hairpinned" :
		    S(d,
			"Spoke \xe2\x86\x92 "
			"Spoke directly (ConnectedGroup route) for %s; %s "
			"still hairpin (see below)",
			NP(d,
			    (double)(p->effect.hairpins_before -
				p->effect.hairpins_after),
			    "pair", "pairs"),
			N(d, (double)p->effect.hairpins_after));
		row(d, t, "Spoke-to-spoke path", NULL,
		    S(d,
			"Spoke \xe2\x86\x92 "
			"Hub \xe2\x86\x92 ExpressRoute gateway \xe2\x86\x92 "
			"MSEE "
			"\xe2\x86\x92 gateway \xe2\x86\x92 Hub \xe2\x86\x92 "
			"Spoke "
			"for %s of %s ordered pairs",
			N(d, (double)hp->pairs),
			N(d, (double)hp->pairs_considered)),
		    NULL, after, NULL);
		row(d, t, "MSEE dependency for east-west traffic", NULL,
		    hp->pairs > 0 ?
			S(d,
			    "Yes: %s through %s, a shared "
			    "dependency",
			    NP(d, (double)hp->pairs, "pair", "pairs"),
			    NP(d, (double)circuits, "circuit", "circuits")) :
			"No",
		    NULL,
		    p == NULL ? "no plan" :
			p->effect.hairpins_after == 0 ?
				"No MSEE dependency for east-west traffic" :
				S(d, "Remains for %s",
				    NP(d, (double)p->effect.hairpins_after,
					"pair", "pairs")),
		    NULL);
	}
	row(d, t, "Manual peerings a full mesh would need", NULL,
	    S(d,
		"0 with hairpin routing; N(N-1)/2 = %s to build by hand for "
		"%s",
		N(d, pairs_of(n)), NP(d, (double)n, "VNet", "VNets")),
	    NULL,
	    p == NULL ? "no plan" :
			S(d,
			    "0 manual spoke-to-spoke peerings: "
			    "AVNM manages %s",
			    NP(d, (double)p->meshes.n, "connected group",
				"connected groups")),
	    NULL);
	row(d, t, "Private endpoint capacity", NULL,
	    S(d, "%s; %s per connected group and %s per VNet (standard)",
		NP(d, (double)in->an->counts.private_endpoints,
		    "private endpoint", "private endpoints"),
		N(d, (double)lim->mesh_pes), N(d, (double)lim->vnet_pes)),
	    NULL,
	    p == NULL ? "no plan" :
		any_hspe(p) ?
			S(d,
			    "%s per connected group "
			    "and %s per VNet with HSPE (largest mesh: %s)",
			    N(d, (double)lim->mesh_pes_hspe),
			    N(d, (double)lim->vnet_pes_hspe),
			    N(d, (double)largest_mesh_pes(p))) :
			S(d,
			    "%s per connected group "
			    "(largest mesh: %s); HSPE not needed",
			    N(d, (double)lim->mesh_pes),
			    N(d, (double)largest_mesh_pes(p))),
	    NULL);
	row(d, t, "Migration downtime", NULL, "Not applicable", NULL,
	    p == NULL ?
		"no plan" :
		any_hspe(p) ?
		S(d,
		    "No planned downtime: "
		    "%s, the mesh overlays the existing peerings; enabling "
		    "HSPE "
		    "resets private endpoint connections for about a second "
		    "per VNet "
		    "(maintenance window)",
		    NP(d, (double)p->waves.n, "incremental wave",
			"incremental waves")) :
		S(d,
		    "No planned "
		    "downtime: %s, the mesh overlays the existing peerings",
		    NP(d, (double)p->waves.n, "incremental wave",
			"incremental waves")),
	    NULL);
	row(d, t, "Rollback", NULL, "Not applicable", NULL,
	    "Remove the wave's VNets from the network group or undeploy the "
	    "connectivity configuration; the MSEE path stays until it is "
	    "decommissioned",
	    NULL);
}

/*
 * Mermaid diagrams (GitHub renders ```mermaid fences in Markdown files and
 * pull request bodies). Node ids are generated (h0, c0, m0, w0); every
 * label is a quoted string in which the characters Mermaid or its HTML
 * labels would read are entity codes (#quot; #35; ...), so a name cannot
 * end the label, the statement or the fence.
 */
static void
mm_label(struct strbuf *sb, const char *s)
{
	sb_putc(sb, '"');
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '"':
			sb_puts(sb, "#quot;");
			break;
		case '#':
			sb_puts(sb, "#35;");
			break;
		case '<':
			sb_puts(sb, "#lt;");
			break;
		case '>':
			sb_puts(sb, "#gt;");
			break;
		case '&':
			sb_puts(sb, "#amp;");
			break;
		case '`':
			sb_puts(sb, "#96;");
			break;
		case '|':
			sb_puts(sb, "#124;");
			break;
		case ';':
			sb_puts(sb, "#59;");
			break;
		default:
			if ((unsigned char)*s < 0x20 || *s == 0x7F)
				sb_putc(sb, ' ');
			else
				sb_putc(sb, *s);
		}
	}
	sb_putc(sb, '"');
}

static void
mermaid(struct rdoc *d, struct strbuf *sb)
{
	blk(d, BLK_MERMAID)->text = arena_strdup(d->a, sb_str(sb));
	sb_free(sb);
}

/* The hub index (in an->hubs) of a circuit id's position, or -1. */
static int
hub_index(const struct analysis *an, const struct vnet *hub)
{
	size_t i;

	for (i = 0; hub != NULL && i < an->hubs.n; i++)
		if (an->hubs.v[i].vnet == hub)
			return (int)i;
	return -1;
}

/* Circuits as the hubs name them, unique, in hub order. */
static size_t
circuit_ids(const struct analysis *an, const char **out, size_t max)
{
	size_t i, j, k, n = 0;

	for (i = 0; i < an->hubs.n; i++)
		for (j = 0; j < an->hubs.v[i].circuits.n; j++) {
			const char *c = an->hubs.v[i].circuits.v[j];

			for (k = 0; k < n; k++)
				if (mp_strcaseeq(out[k], c))
					break;
			if (k == n && n < max)
				out[n++] = c;
		}
	return n;
}

static int
circuit_index_id(const char **ids, size_t n, const char *id)
{
	size_t k;

	for (k = 0; id != NULL && k < n; k++)
		if (mp_strcaseeq(ids[k], id))
			return (int)k;
	return -1;
}

static int
circuit_index(const char **ids, size_t n, const struct circuit *c)
{
	return circuit_index_id(ids, n, c != NULL ? c->r.id : NULL);
}

/* Hubs and circuits: the nodes both topology diagrams share. */
static void
mm_nodes(struct rdoc *d, struct strbuf *sb, const struct report_in *in,
    const char **cids, size_t nc)
{
	const struct analysis *an = in->an;
	size_t i, j;

	for (i = 0; i < nc; i++) {
		sb_printf(sb, "  c%zu([", i);
		mm_label(sb, S(d, "circuit %s", res_name(d, in, cids[i])));
		sb_puts(sb, "])\n");
	}
	for (i = 0; i < an->hubs.n; i++) {
		const struct hub_info *h = &an->hubs.v[i];

		sb_printf(sb, "  h%zu[", i);
		mm_label(sb,
		    S(d, "hub %s (%s), %s", res_label(in, &h->vnet->r),
			h->vnet->r.location ? h->vnet->r.location : "-",
			NP(d, (double)h->spokes, "spoke", "spokes")));
		sb_puts(sb, "]\n");
		for (j = 0; j < h->circuits.n; j++)
			if (circuit_index_id(cids, nc, h->circuits.v[j]) >= 0)
				sb_printf(sb, "  h%zu --- c%d\n", i,
				    circuit_index_id(cids, nc,
					h->circuits.v[j]));
	}
}

/* A hairpinning spoke's id and its place in hp->spoke_counts. */
struct spoke_ix {
	const char *id;
	size_t k;
};

static int
spoke_ix_cmp(const void *a, const void *b)
{
	const struct spoke_ix *x = a, *y = b;
	int c = mp_strcasecmp(x->id, y->id);

	return c != 0 ? c : (x->k > y->k) - (x->k < y->k);
}

/*
 * The hub index of VNet id: that of the first spoke count (in hp's order)
 * with that id, case-insensitively, as a scan finds it, looked up in ix
 * (n entries sorted by spoke_ix_cmp; a scan per member made the diagram
 * quadratic in the spokes, for every report and PR body). -1: none.
 */
static int
member_hub(const struct analysis *an, const struct hairpins *hp,
    const struct spoke_ix *ix, size_t n, const char *id)
{
	size_t lo = 0, hi = n, mid;

	if (id == NULL)
		return -1;
	while (lo < hi) { /* the first entry not below id */
		mid = lo + (hi - lo) / 2;
		if (mp_strcasecmp(ix[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == n || mp_strcasecmp(ix[lo].id, id) != 0)
		return -1;
	return hub_index(an, hp->spoke_counts.v[ix[lo].k].hub);
}

/* Most hairpin flows (hub pair and circuit) a diagram draws. */
#define MM_FLOWS 12

struct mm_flow {
	int a, b, c; /* source hub, destination hub, circuit */
	size_t pairs;
};

void
sec_diagrams(struct rdoc *d, const struct report_in *in)
{
	const struct analysis *an = in->an;
	const struct hairpins *hp = in->hp;
	const struct plan *p = in->plan;
	struct strbuf sb = STRBUF_INIT;
	const char **cids;
	size_t nc, i, j, k, nf = 0, *cnt, first, nix = 0;
	struct mm_flow *fl, t;
	struct spoke_ix *ix;

	if (an->hubs.n == 0)
		return;
	first = d->blocks.n;
	cids = arena_calloc(d->a, 64, sizeof(*cids));
	nc = circuit_ids(an, cids, 64);
	heading(d, 3, "diagrams", "Topology before and after");
	/* Before: hub -> hub through a circuit, one edge per hub pair and
	 * circuit, the heaviest first. */
	sb_puts(&sb, "flowchart LR\n");
	mm_nodes(d, &sb, in, cids, nc);
	fl = xcalloc(hp != NULL ? hp->groups.n + 1 : 1, sizeof(*fl));
	for (i = 0; hp != NULL && i < hp->groups.n; i++) {
		const struct hairpin_group *g = &hp->groups.v[i];
		int a = hub_index(an, g->src_hub),
		    b = hub_index(an, g->dst_hub);
		int c = circuit_index(cids, nc, g->circuit);

		if (a < 0 || b < 0 || c < 0)
			continue;
		for (k = 0; k < nf; k++)
			if (fl[k].a == a && fl[k].b == b && fl[k].c == c)
				break;
		if (k == nf) {
			fl[nf].a = a;
			fl[nf].b = b;
			fl[nf].c = c;
			nf++;
		}
		fl[k].pairs += g->pairs;
	}
	/* Heaviest first, a stable order (insertion sort: few flows). */
	for (i = 1; i < nf; i++)
		for (j = i; j > 0 && fl[j].pairs > fl[j - 1].pairs; j--) {
			t = fl[j];
			fl[j] = fl[j - 1];
			fl[j - 1] = t;
		}
	for (i = 0; i < nf && i < MM_FLOWS; i++) {
		sb_printf(&sb, "  h%d -.->|", fl[i].a);
		mm_label(&sb,
		    S(d, "%s via %s",
			NP(d, (double)fl[i].pairs, "pair", "pairs"),
			res_name(d, in, cids[fl[i].c])));
		sb_printf(&sb, "| h%d\n", fl[i].b);
	}
	para(d,
	    nf > MM_FLOWS ? S(d,
				"Before: spoke-to-spoke traffic "
				"through the ExpressRoute edge, the %d "
				"heaviest of %s hub-to-hub "
				"flows (dotted; a loop is within one hub).",
				MM_FLOWS, N(d, (double)nf)) :
			    "Before: spoke-to-spoke traffic through the "
			    "ExpressRoute edge, per hub pair and circuit "
			    "(dotted; a loop is "
			    "within one hub).");
	mermaid(d, &sb);
	free(fl);
	if (p == NULL || p->meshes.n == 0) {
		for (i = first; i < d->blocks.n; i++)
			d->blocks.v[i].md_only = true;
		return;
	}
	/* After: each mesh with its members per hub; what still hairpins. */
	sb_puts(&sb, "flowchart LR\n");
	mm_nodes(d, &sb, in, cids, nc);
	cnt = xcalloc(an->hubs.n + 1, sizeof(*cnt));
	ix = xcalloc(hp != NULL ? hp->spoke_counts.n + 1 : 1, sizeof(*ix));
	for (k = 0; hp != NULL && k < hp->spoke_counts.n; k++)
		if (hp->spoke_counts.v[k].spoke->r.id != NULL) {
			ix[nix].id = hp->spoke_counts.v[k].spoke->r.id;
			ix[nix++].k = k;
		}
	qsort(ix, nix, sizeof(*ix), spoke_ix_cmp);
	for (i = 0; i < p->meshes.n; i++) {
		const struct plan_mesh *m = &p->meshes.v[i];

		sb_printf(&sb, "  m%zu{{", i);
		mm_label(&sb,
		    S(d, "%s: %s, direct (ConnectedGroup)", m->name,
			NP(d, (double)m->vnet_ids.n, "VNet", "VNets")));
		sb_puts(&sb, "}}\n");
		memset(cnt, 0, (an->hubs.n + 1) * sizeof(*cnt));
		for (j = 0; j < m->vnet_ids.n; j++) {
			int h = member_hub(an, hp, ix, nix, m->vnet_ids.v[j]);

			cnt[h < 0 ? an->hubs.n : (size_t)h]++;
		}
		for (k = 0; k <= an->hubs.n; k++) {
			if (cnt[k] == 0 || k == an->hubs.n)
				continue;
			sb_printf(&sb, "  h%zu ==>|", k);
			mm_label(&sb, NP(d, (double)cnt[k], "spoke", "spokes"));
			sb_printf(&sb, "| m%zu\n", i);
		}
	}
	free(cnt);
	free(ix);
	para(d,
	    S(d,
		"After: the meshes' members reach each other directly "
		"(thick: the spokes of each hub in the mesh); the circuits "
		"keep "
		"carrying on-premises traffic. Spoke pairs that still hairpin: "
		"%s.",
		N(d, (double)p->effect.hairpins_after)));
	mermaid(d, &sb);
	for (i = first; i < d->blocks.n; i++)
		d->blocks.v[i].md_only = true;
}

/* The waves in order, each with what it adds; cur (a wave number, 0 for
 * the prerequisites, -1 for none) is drawn heavier. */
void
mm_waves(struct rdoc *d, const struct plan *p, int cur)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (p == NULL || p->waves.n == 0)
		return;
	sb_puts(&sb, "flowchart LR\n  w0[");
	mm_label(&sb,
	    S(d, "prerequisites: %s",
		NP(d, (double)p->prereq.n, "step", "steps")));
	sb_puts(&sb, "]\n");
	for (i = 0; i < p->waves.n; i++) {
		const struct plan_wave *w = &p->waves.v[i];

		sb_printf(&sb, "  w%d[", w->number);
		mm_label(&sb,
		    S(d,
			"wave %d %s: +%s, %s in the mesh, %s "
			"still hairpin",
			w->number, w->name,
			NP(d, (double)w->vnet_ids.n, "VNet", "VNets"),
			N(d, (double)w->members.n),
			N(d, (double)w->hairpins_after)));
		sb_puts(&sb, "]\n");
		sb_printf(&sb, "  w%d --> w%d\n",
		    i == 0 ? 0 : p->waves.v[i - 1].number, w->number);
	}
	if (cur >= 0)
		sb_printf(&sb, "  style w%d stroke-width:4px\n", cur);
	mermaid(d, &sb);
}

static const struct plan_summary *
summary_of(const struct plan *p, const char *hub_id)
{
	size_t i;

	for (i = 0; p != NULL && i < p->summaries.n; i++)
		if (mp_strcaseeq(p->summaries.v[i].hub_id, hub_id))
			return &p->summaries.v[i];
	return NULL;
}

static const char *
gateway_names(struct rdoc *d, const struct report_in *in, const struct vnet *h)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;
	size_t i;

	for (i = 0; i < h->gateways.n; i++) {
		if (i > 0)
			sb_puts(&sb, ", ");
		sb_puts(&sb, res_label(in, &h->gateways.v[i]->r));
	}
	s = arena_strdup(d->a, h->gateways.n ? sb_str(&sb) : "-");
	sb_free(&sb);
	return s;
}

void
sec_pressure(struct rdoc *d, const struct report_in *in, bool chart)
{
	const struct analysis *an = in->an;
	struct svg_bar *bars;
	struct svg_ref ref;
	struct svg_chart c;
	struct strbuf sb = STRBUF_INIT;
	size_t i, t;

	heading(d, 2, "prefix-pressure", "Prefix pressure per gateway");
	para(d,
	    S(d,
		"A gateway advertises at most %s IPv4 and %s IPv6 "
		"prefixes to on-premises (rule R1: the hub's prefixes plus "
		"every "
		"spoke that uses its gateway). Bands: ok below 70%%, warn "
		"below "
		"90%%, critical below 100%%, over at the limit.",
		N(d, (double)an->policy->limits.gateway_ipv4),
		N(d, (double)an->policy->limits.gateway_ipv6)));
	if (an->hubs.n == 0) {
		para(d, "No hub with a gateway in the input.");
		return;
	}
	bars = xcalloc(an->hubs.n, sizeof(*bars));
	t = table(d, 0, 0x3c, 7, "Hub", "Gateways", "Transit spokes",
	    "IPv4 before", "IPv4 after summaries", "Limit", "Band");
	for (i = 0; i < an->hubs.n; i++) {
		const struct hub_info *h = &an->hubs.v[i];
		const struct plan_summary *s = summary_of(in->plan,
		    h->vnet->r.id);
		size_t before = s ? s->before_v4 : h->adv_v4;
		size_t after = s ? s->after_v4 : h->adv_v4;
		enum pressure lb = pressure_level(
		    pressure_ratio(before, h->limit_v4));
		enum pressure la = pressure_level(
		    pressure_ratio(after, h->limit_v4));

		row(d, t, res_label(in, &h->vnet->r), NULL,
		    gateway_names(d, in, h->vnet), NULL,
		    N(d, (double)h->transit_spokes), NULL, N(d, (double)before),
		    pressure_name(lb), s ? N(d, (double)after) : "no change",
		    s ? pressure_name(la) : NULL, N(d, (double)h->limit_v4),
		    NULL,
		    s && la != lb ? S(d, "%s \xe2\x86\x92 %s",
					pressure_name(lb), pressure_name(la)) :
				    pressure_name(lb),
		    pressure_name(s ? la : lb));
		bars[i].label = S(d, "%s (%s)", res_label(in, &h->vnet->r),
		    gateway_names(d, in, h->vnet));
		bars[i].value = (double)after;
		bars[i].limit = (double)h->limit_v4;
		bars[i].before = s && before != after ? (double)before : -1;
		bars[i].note = s && before != after ?
		    S(d,
			"%s \xe2\x86\x92 %s "
			"of %s",
			N(d, (double)before), N(d, (double)after),
			N(d, (double)h->limit_v4)) :
		    NULL;
	}
	if (chart) {
		ref.value = (double)an->policy->limits.gateway_ipv4;
		ref.label = S(d, "limit %s", N(d, ref.value));
		c.title = "Advertised IPv4 prefixes per gateway (pale: before "
			  "the summaries)";
		c.unit = "advertised IPv4 prefixes";
		c.bars = bars;
		c.nbars = an->hubs.n;
		c.refs = &ref;
		c.nrefs = 1;
		svg_bar_chart(&sb, &c);
		svg(d, &sb);
	}
	free(bars);
}

/* Addresses of p: IPv4 in addresses, IPv6 in /64 subnets (exact in a
 * double up to 2^53 of them; a prefix longer than /64 is a fraction). */
static double
waste_units(const struct prefix *p)
{
	return p->fam == FAM_V4 ? ldexp(1, 32 - p->len) :
				  ldexp(1, 64 - (int)p->len);
}

/*
 * A summary's waste per family, computed from what it covers (the plan
 * keeps only the sum of both families, which mixes IPv4 addresses with
 * IPv6 ones and gives 4.6e+21 for one IPv6 /57): the summaries' size
 * minus the distinct covered input prefixes (one inside another counts
 * once). IPv4 in addresses, IPv6 in /64 subnets.
 */
static void
waste_split(const struct plan_summary *s, double *w4, double *w6)
{
	size_t i, j;

	*w4 = *w6 = 0;
	for (i = 0; i < s->prefixes.n; i++)
		*(s->prefixes.v[i].fam == FAM_V4 ? w4 : w6) += waste_units(
		    &s->prefixes.v[i]);
	for (i = 0; i < s->covers.n; i++) {
		const struct prefix *c = &s->covers.v[i].p;

		for (j = 0; j < s->covers.n; j++)
			if (j != i && prefix_contains(&s->covers.v[j].p, c) &&
			    (!prefix_eq(&s->covers.v[j].p, c) || j < i))
				break;
		if (j < s->covers.n)
			continue; /* inside another cover */
		*(c->fam == FAM_V4 ? w4 : w6) -= waste_units(c);
	}
	if (*w4 < 0)
		*w4 = 0;
	if (*w6 < 0)
		*w6 = 0;
}

void
sec_summaries(struct rdoc *d, const struct report_in *in)
{
	const struct plan *p = in->plan;
	size_t i, j, t;

	if (p == NULL || p->summaries.n == 0)
		return;
	heading(d, 3, "summaries", "Summarized gateway prefixes");
	para(d,
	    "Setting summarizedGatewayPrefixes on a hub replaces the "
	    "hub's and its spokes' prefixes in the gateway's advertisement "
	    "by these summaries (spoke prefixes that no summary covers are "
	    "still advertised).");
	t = table(d, 0, 0x3c, 6, "Hub", "Summaries", "Before", "After",
	    "IPv4 waste (addresses)", "IPv6 waste (/64 subnets)");
	for (i = 0; i < p->summaries.n; i++) {
		const struct plan_summary *s = &p->summaries.v[i];
		struct strbuf sb = STRBUF_INIT;
		double w4, w6;

		waste_split(s, &w4, &w6);
		for (j = 0; j < s->prefixes.n; j++) {
			char buf[PREFIX_STRLEN];

			if (j > 0)
				sb_puts(&sb, ", ");
			sb_puts(&sb, prefix_format(&s->prefixes.v[j], buf));
		}
		row(d, t, s->hub_name != NULL ? s->hub_name : s->hub_id, NULL,
		    s->prefixes.n ? C(d, sb_str(&sb)) : "(none)", NULL,
		    N(d, (double)(s->before_v4 + s->before_v6)), NULL,
		    N(d, (double)(s->after_v4 + s->after_v6)), NULL, N(d, w4),
		    NULL, w6 == floor(w6) ? N(d, w6) : S(d, "%.3f", w6), NULL);
		sb_free(&sb);
	}
	for (i = 0; i < p->summaries.n; i++)
		if (p->summaries.v[i].note != NULL)
			para(d,
			    S(d, "%s: %s", p->summaries.v[i].hub_name,
				p->summaries.v[i].note));
}

/* The hairpin groups as flows between hub and circuit indexes (hubs in
 * an's order, circuits in cids'); the count. */
static size_t
topo_flows(const struct analysis *an, const struct hairpins *hp,
    const char **cids, size_t nc, struct svg_flow *flows)
{
	size_t nh = an->hubs.n, nf = 0, i, j, k;

	for (i = 0; hp != NULL && i < hp->groups.n; i++) {
		const struct hairpin_group *g = &hp->groups.v[i];
		size_t a = nh, b = nh, c = nc;

		for (j = 0; j < nh; j++) {
			if (an->hubs.v[j].vnet == g->src_hub)
				a = j;
			if (an->hubs.v[j].vnet == g->dst_hub)
				b = j;
		}
		for (k = 0; g->circuit != NULL && k < nc; k++)
			if (mp_strcaseeq(cids[k], g->circuit->r.id))
				c = k;
		if (a == nh || b == nh || c == nc)
			continue;
		flows[nf].src = a;
		flows[nf].dst = b;
		flows[nf].circuit = c;
		flows[nf].pairs = g->pairs;
		nf++;
	}
	return nf;
}

/* The topology after the migration: the plan's meshes in the title and
 * note instead of the flows. */
static void
topo_after(struct rdoc *d, const struct plan *p, struct svg_topology *t,
    struct svg_hub *hubs, size_t nh)
{
	struct strbuf ms = STRBUF_INIT;
	size_t i;

	for (i = 0; i < p->meshes.n; i++)
		sb_printf(&ms, "%s%s (%s)", i > 0 ? ", " : "",
		    p->meshes.v[i].name,
		    NP(d, (double)p->meshes.v[i].vnet_ids.n, "VNet", "VNets"));
	t->title = "After the migration: the mesh";
	t->mesh_note = S(d,
	    "%s: members reach each other directly "
	    "(ConnectedGroup); %s still hairpin",
	    sb_str(&ms),
	    NP(d, (double)p->effect.hairpins_after, "pair", "pairs"));
	sb_free(&ms);
	if (p->effect.hairpins_after == 0)
		for (i = 0; i < nh; i++)
			hubs[i].hairpinning = 0;
}

/* The topology with the hairpin flows; after: the same hubs and
 * circuits with the plan's meshes instead of the flows. */
void
sec_topology(struct rdoc *d, const struct report_in *in, bool after)
{
	const struct analysis *an = in->an;
	const struct hairpins *hp = in->hp;
	struct svg_hub *hubs;
	struct svg_circuit *circ;
	struct svg_link *links;
	struct svg_flow *flows;
	const char **cids;
	size_t nh = an->hubs.n, nc = 0, nl = 0, nf = 0, i, j, k, maxc = 0;
	struct svg_topology t;
	struct strbuf sb = STRBUF_INIT;

	if (nh == 0)
		return;
	for (i = 0; i < nh; i++)
		maxc += an->hubs.v[i].circuits.n;
	for (i = 0; hp != NULL && i < hp->groups.n; i++)
		maxc++;
	hubs = xcalloc(nh, sizeof(*hubs));
	circ = xcalloc(maxc + 1, sizeof(*circ));
	cids = xcalloc(maxc + 1, sizeof(*cids));
	links = xcalloc(maxc + 1, sizeof(*links));
	flows = xcalloc(hp != NULL ? hp->groups.n + 1 : 1, sizeof(*flows));

	/* Circuits in the order hubs (sorted) name them. */
	for (i = 0; i < nh; i++) {
		const struct hub_info *h = &an->hubs.v[i];

		hubs[i].name = res_label(in, &h->vnet->r);
		/* The second line of the hub: its region and gateways
		 * (cut in the box, whole in the tooltip). */
		hubs[i].region = S(d, "%s \xc2\xb7 %s",
		    h->vnet->r.location ? h->vnet->r.location : "-",
		    gateway_names(d, in, h->vnet));
		hubs[i].spokes = h->spokes;
		for (j = 0; j < h->circuits.n; j++) {
			const struct res *r;

			for (k = 0; k < nc; k++)
				if (mp_strcaseeq(cids[k], h->circuits.v[j]))
					break;
			if (k == nc) {
				r = estate_find(in->estate, h->circuits.v[j]);
				cids[nc] = h->circuits.v[j];
				circ[nc].name = res_name(d, in,
				    h->circuits.v[j]);
				circ[nc].location = NULL;
				if (r != NULL && r->kind == RK_CIRCUIT)
					circ[nc]
					    .location = ((const struct circuit
								 *)r)
							    ->peering_location;
				nc++;
			}
			links[nl].hub = i;
			links[nl].circuit = k;
			nl++;
		}
	}
	for (i = 0; hp != NULL && i < hp->spoke_counts.n; i++) {
		const struct hairpin_spoke *s = &hp->spoke_counts.v[i];

		if (s->out_same_hub + s->out_cross_hub == 0 || s->hub == NULL)
			continue;
		for (j = 0; j < nh; j++)
			if (an->hubs.v[j].vnet == s->hub)
				hubs[j].hairpinning++;
	}
	nf = topo_flows(an, hp, cids, nc, flows);
	memset(&t, 0, sizeof(t));
	t.title = "Hubs, circuits and hairpin flows";
	if (after) {
		topo_after(d, in->plan, &t, hubs, nh);
		nf = 0;
	}
	t.hubs = hubs;
	t.nhubs = nh;
	t.circuits = circ;
	t.ncircuits = nc;
	t.links = links;
	t.nlinks = nl;
	t.flows = flows;
	t.nflows = nf;
	svg_topology(&sb, &t);
	svg(d, &sb);
	free(hubs);
	free(circ);
	free(cids);
	free(links);
	free(flows);
}

static int
spoke_cmp(const void *x, const void *y)
{
	const struct hairpin_spoke *a = *(const struct hairpin_spoke *const *)x;
	const struct hairpin_spoke *b = *(const struct hairpin_spoke *const *)y;
	size_t na = a->out_same_hub + a->out_cross_hub;
	size_t nb = b->out_same_hub + b->out_cross_hub;

	if (na != nb)
		return na > nb ? -1 : 1;
	return strcmp(a->spoke->r.key, b->spoke->r.key);
}

struct hp_agg {
	const struct hairpin_group *g; /* first group of the key */
	size_t pairs, inspected, routes;
};

/* Most pairs first; ties by hub and circuit ids (a total order). */
static int
agg_cmp(const void *x, const void *y)
{
	const struct hp_agg *a = x, *b = y;
	int c;

	if (a->pairs != b->pairs)
		return a->pairs > b->pairs ? -1 : 1;
	if ((c = strcmp(a->g->src_hub ? a->g->src_hub->r.key : "",
		 b->g->src_hub ? b->g->src_hub->r.key : "")) != 0)
		return c;
	if ((c = strcmp(a->g->dst_hub ? a->g->dst_hub->r.key : "",
		 b->g->dst_hub ? b->g->dst_hub->r.key : "")) != 0)
		return c;
	return strcmp(a->g->circuit ? a->g->circuit->r.key : "",
	    b->g->circuit ? b->g->circuit->r.key : "");
}

void
sec_hairpins(struct rdoc *d, const struct report_in *in, bool chart)
{
	const struct hairpins *hp = in->hp;
	const struct hairpin_spoke **sp;
	struct hp_agg *agg;
	size_t i, k, t, n = 0, nagg = 0;

	if (hp == NULL)
		return;
	heading(d, 2, "hairpins", "Hairpins by hub pair and circuit");
	if (chart)
		sec_topology(d, in, false);
	if (hp->groups.n == 0) {
		para(d, "No hairpin flows.");
		return;
	}
	/* By hub pair and circuit first (the groups also split by gateway
	 * and deciding route; at scale there is one per spoke prefix). */
	agg = xcalloc(hp->groups.n, sizeof(*agg));
	for (i = 0; i < hp->groups.n; i++) {
		const struct hairpin_group *g = &hp->groups.v[i];

		for (k = 0; k < nagg; k++)
			if (agg[k].g->src_hub == g->src_hub &&
			    agg[k].g->dst_hub == g->dst_hub &&
			    agg[k].g->circuit == g->circuit)
				break;
		if (k == nagg)
			agg[nagg++].g = g;
		agg[k].pairs += g->pairs;
		agg[k].inspected += g->inspected;
		agg[k].routes++;
	}
	qsort(agg, nagg, sizeof(*agg), agg_cmp);
	t = table(d, 0, 0x1c, 5, "Source hub \xe2\x86\x92 destination hub",
	    "Circuit", "Pairs", "Inspected", "Route groups");
	for (k = 0; k < nagg; k++)
		row(d, t,
		    S(d, "%s \xe2\x86\x92 %s",
			agg[k].g->src_hub ?
			    res_label(in, &agg[k].g->src_hub->r) :
			    "-",
			agg[k].g->dst_hub ?
			    res_label(in, &agg[k].g->dst_hub->r) :
			    "-"),
		    NULL,
		    agg[k].g->circuit ? res_label(in, &agg[k].g->circuit->r) :
					"-",
		    NULL, N(d, (double)agg[k].pairs), NULL,
		    N(d, (double)agg[k].inspected), NULL,
		    N(d, (double)agg[k].routes), NULL);
	free(agg);
	heading(d, 3, "hairpin-routes", "By gateway and deciding route");
	t = table(d, 0x20, 0xc0, 8, "Source hub", "Destination hub", "Circuit",
	    "Gateways", "Scope", "Deciding route", "Pairs", "Inspected");
	for (i = 0; i < hp->groups.n; i++) {
		const struct hairpin_group *g = &hp->groups.v[i];

		row(d, t, g->src_hub ? res_label(in, &g->src_hub->r) : "-",
		    NULL, g->dst_hub ? res_label(in, &g->dst_hub->r) : "-",
		    NULL, g->circuit ? res_label(in, &g->circuit->r) : "-",
		    NULL,
		    S(d, "%s \xe2\x86\x92 %s",
			g->src_gw ? res_label(in, &g->src_gw->r) : "-",
			g->dst_gw ? res_label(in, &g->dst_gw->r) : "-"),
		    NULL, scope_name(g->scope), NULL, g->route ? g->route : "-",
		    NULL, N(d, (double)g->pairs), NULL,
		    N(d, (double)g->inspected), NULL);
	}

	sp = xcalloc(hp->spoke_counts.n + 1, sizeof(*sp));
	for (i = 0; i < hp->spoke_counts.n; i++)
		if (hp->spoke_counts.v[i].out_same_hub +
			hp->spoke_counts.v[i].out_cross_hub >
		    0)
			sp[n++] = &hp->spoke_counts.v[i];
	qsort(sp, n, sizeof(*sp), spoke_cmp);
	heading(d, 3, "hairpin-spokes", "Hairpinning spokes");
	para(d,
	    S(d,
		"%s to at least one other spoke (destinations out "
		"and in, by scope).",
		NP(d, (double)n, "spoke hairpins", "spokes hairpin")));
	t = table(d, 0, 0x3c, 6, "Spoke", "Hub", "Out, same hub",
	    "Out, cross hub", "In, same hub", "In, cross hub");
	for (i = 0; i < n; i++)
		row(d, t, res_label(in, &sp[i]->spoke->r), NULL,
		    sp[i]->hub ? res_label(in, &sp[i]->hub->r) : "-", NULL,
		    N(d, (double)sp[i]->out_same_hub), NULL,
		    N(d, (double)sp[i]->out_cross_hub), NULL,
		    N(d, (double)sp[i]->in_same_hub), NULL,
		    N(d, (double)sp[i]->in_cross_hub), NULL);
	free(sp);
}
