/*
 * report_doc.c - builds the report document (report_doc.h) from the
 * analysis, the hairpins, the mesh effect and the plan: what a reviewer
 * of the migration needs, in the order they read it (summary, before and
 * after, prefix pressure, hairpins, meshes, prerequisites, waves,
 * blockers, segmentation, findings, rollback).
 *
 * A part (report_opts.part) selects what a pull request body shows: the
 * prerequisites, or one wave; the whole report shows everything. Tables
 * stop at max_rows and say how many rows were left out. Invariants: the
 * document only reads its inputs; every row order comes from the sorted
 * inputs or an explicit sort with a total order.
 */
#include "report_doc.h"

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
#include "runbook.h"
#include "../planner/routing.h"
#include "svg.h"

static const char *
S(struct rdoc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const char *
S(struct rdoc *d, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = arena_vprintf(d->a, fmt, ap);
	va_end(ap);
	return s;
}

/* A count with thousands separators, in the arena. */
static const char *
N(struct rdoc *d, double n)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;

	fmt_count(&sb, n);
	s = arena_strdup(d->a, sb_str(&sb));
	sb_free(&sb);
	return s;
}

/* "1 VNet", "2 VNets", "1,000 VNets": a count and its noun. */
static const char *
NP(struct rdoc *d, double n, const char *one, const char *many)
{
	return S(d, "%s %s", N(d, n), n == 1 ? one : many);
}

/* s as a code span (report_doc.h); the delimiters it holds are dropped. */
static const char *
C(struct rdoc *d, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *out;

	sb_putc(&sb, RD_CODE_ON);
	for (; s != NULL && *s != '\0'; s++)
		if (*s != RD_CODE_ON && *s != RD_CODE_OFF)
			sb_putc(&sb, *s);
	sb_putc(&sb, RD_CODE_OFF);
	out = arena_strdup(d->a, sb_str(&sb));
	sb_free(&sb);
	return out;
}

const char *
report_more(struct rdoc *d, const struct rblock *b)
{
	size_t shown = b->kind == BLK_LIST ? b->items.n : b->nrows;
	size_t total = b->total > shown + b->more ? b->total :
	    shown + b->more;
	const char *what = b->what != NULL ? b->what :
	    b->kind == BLK_LIST ? "items" : "rows";
	const char *where = b->more_note != NULL ? b->more_note :
	    d->more_where;

	if (total == shown)
		return NULL;
	return S(d, "First %s of %s %s%s%s.", N(d, (double)shown),
	    N(d, (double)total), what, where != NULL ? "; " : "",
	    where != NULL ? where : "");
}

static struct rblock *
blk(struct rdoc *d, enum blk_kind k)
{
	struct rblock b;

	memset(&b, 0, sizeof(b));
	b.kind = k;
	ARR_PUSH(d->a, d->blocks, b);
	return &d->blocks.v[d->blocks.n - 1];
}

static void
heading(struct rdoc *d, int level, const char *anchor, const char *text)
{
	struct rblock *b = blk(d, BLK_HEADING);

	b->level = level;
	b->anchor = anchor;
	b->text = text;
}

static void
para(struct rdoc *d, const char *text)
{
	blk(d, BLK_PARA)->text = text;
}

/* Start a table; returns its index (blocks move when the array grows). */
static size_t
table(struct rdoc *d, unsigned code_cols, unsigned num_cols, size_t ncols,
    ...)
{
	struct rblock *b = blk(d, BLK_TABLE);
	va_list ap;
	size_t i;

	b->ncols = ncols;
	b->code_cols = code_cols;
	b->num_cols = num_cols;
	b->head = arena_calloc(d->a, ncols, sizeof(*b->head));
	va_start(ap, ncols);
	for (i = 0; i < ncols; i++)
		b->head[i] = va_arg(ap, const char *);
	va_end(ap);
	return d->blocks.n - 1;
}

/* Add a row of ncols (text, class) pairs; counts it as left out when the
 * table is full. */
static void
row(struct rdoc *d, size_t t, ...)
{
	struct rblock *b = &d->blocks.v[t];
	va_list ap;
	size_t i;

	if (d->max_rows > 0 && b->nrows >= d->max_rows) {
		b->more++;
		return;
	}
	va_start(ap, t);
	for (i = 0; i < b->ncols; i++) {
		struct rcell c;

		c.text = va_arg(ap, const char *);
		c.cls = va_arg(ap, const char *);
		ARR_PUSH(d->a, b->cells, c);
	}
	va_end(ap);
	b->nrows++;
}

static size_t
list(struct rdoc *d, enum list_kind k)
{
	blk(d, BLK_LIST)->list = k;
	return d->blocks.n - 1;
}

static void
item(struct rdoc *d, size_t l, const char *text, const char *code)
{
	struct ritem it = { text, code };
	struct rblock *b = &d->blocks.v[l];

	if (d->max_rows > 0 && b->items.n >= d->max_rows) {
		b->more++;
		return;
	}
	ARR_PUSH(d->a, b->items, it);
}

static void
svg(struct rdoc *d, struct strbuf *sb)
{
	blk(d, BLK_SVG)->text = arena_strdup(d->a, sb_str(sb));
	sb_free(sb);
}

static const char *
vnet_name(const struct report_in *in, const char *id)
{
	const struct plan_vnet *pv;
	const struct res *r;

	if (in->plan != NULL && (pv = plan_find_vnet(in->plan, id)) != NULL &&
	    pv->name != NULL)
		return pv->name;
	if ((r = estate_find(in->estate, id)) != NULL && r->name != NULL)
		return r->name;
	return id;
}

static const char *
res_name(struct rdoc *d, const struct report_in *in, const char *id)
{
	const struct res *r;

	if (id == NULL)
		return "(estate)";
	if ((r = estate_find(in->estate, id)) != NULL && r->name != NULL)
		return r->name;
	return res_short_name(d->a, id);
}

/* Kept here so that the report needs only routing.h's types. */
static const char *
scope_name(enum hp_scope s)
{
	return s == SCOPE_SAME_HUB ? "same hub" : s == SCOPE_CROSS_HUB ?
	    "cross hub" : "-";
}

static double
pairs_of(size_t n)
{
	return n < 2 ? 0 : (double)n * (double)(n - 1) / 2;
}

/* Distinct VNets in every mesh. */
static size_t
mesh_members(const struct plan *p)
{
	size_t i, n = 0;

	for (i = 0; p != NULL && i < p->meshes.n; i++)
		n += p->meshes.v[i].vnet_ids.n;
	return n;
}

static bool
any_hspe(const struct plan *p)
{
	size_t i;

	for (i = 0; p != NULL && i < p->meshes.n; i++)
		if (p->meshes.v[i].hspe)
			return true;
	return false;
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

static void
sec_summary(struct rdoc *d, const struct report_in *in)
{
	const struct estate_counts *c = &in->an->counts;
	const struct hairpins *hp = in->hp;
	const struct plan *p = in->plan;
	size_t t;

	if (hp != NULL && hp->pairs > 0)
		para(d, S(d, "%s of %s ordered spoke pairs hairpin through "
		    "the ExpressRoute edge (MSEE): %s within a hub, %s across "
		    "hubs%s.", N(d, (double)hp->pairs),
		    N(d, (double)hp->pairs_considered),
		    N(d, (double)hp->same_hub), N(d, (double)hp->cross_hub),
		    hp->inspected > 0 ? S(d, "; %s of them pass a network "
		    "virtual appliance", N(d, (double)hp->inspected)) : ""));
	else if (hp != NULL)
		para(d, S(d, "No spoke pair hairpins through the ExpressRoute "
		    "edge (%s ordered pairs analysed).",
		    N(d, (double)hp->pairs_considered)));
	if (p != NULL)
		para(d, S(d, "The plan puts %s in %s over %s; spoke pairs "
		    "that still hairpin afterwards: %s.",
		    NP(d, (double)mesh_members(p), "VNet", "VNets"),
		    NP(d, (double)p->meshes.n, "AVNM mesh", "AVNM meshes"),
		    NP(d, (double)p->waves.n, "wave", "waves"),
		    N(d, (double)p->effect.hairpins_after)));
	t = table(d, 0, 0x7f, 7, "VNets", "Hubs", "Spokes", "Gateways",
	    "Circuits", "Private endpoints", "Peerings");
	row(d, t, N(d, (double)c->vnets), NULL, N(d, (double)c->hubs), NULL,
	    N(d, (double)c->spokes), NULL, N(d, (double)c->gateways), NULL,
	    N(d, (double)c->circuits), NULL,
	    N(d, (double)c->private_endpoints), NULL,
	    N(d, (double)c->peerings), NULL);
}

static void
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
		after = p == NULL ? "no plan" : p->effect.hairpins_after == 0 ?
		    "Spoke \xe2\x86\x92 Spoke directly (ConnectedGroup route) "
		    "for every pair that hairpinned" : S(d, "Spoke \xe2\x86\x92 "
		    "Spoke directly (ConnectedGroup route) for %s; %s "
		    "still hairpin (see below)", NP(d, (double)(
		    p->effect.hairpins_before - p->effect.hairpins_after),
		    "pair", "pairs"), N(d, (double)p->effect.hairpins_after));
		row(d, t, "Spoke-to-spoke path", NULL, S(d, "Spoke \xe2\x86\x92 "
		    "Hub \xe2\x86\x92 ExpressRoute gateway \xe2\x86\x92 MSEE "
		    "\xe2\x86\x92 gateway \xe2\x86\x92 Hub \xe2\x86\x92 Spoke "
		    "for %s of %s ordered pairs", N(d, (double)hp->pairs),
		    N(d, (double)hp->pairs_considered)), NULL, after, NULL);
		row(d, t, "MSEE dependency for east-west traffic", NULL,
		    hp->pairs > 0 ? S(d, "Yes: %s through %s, a shared "
		    "dependency", NP(d, (double)hp->pairs, "pair", "pairs"),
		    NP(d, (double)circuits, "circuit", "circuits")) : "No",
		    NULL, p == NULL ? "no plan" :
		    p->effect.hairpins_after == 0 ?
		    "No MSEE dependency for east-west traffic" :
		    S(d, "Remains for %s", NP(d,
		    (double)p->effect.hairpins_after, "pair", "pairs")), NULL);
	}
	row(d, t, "Manual peerings a full mesh would need", NULL,
	    S(d, "0 with hairpin routing; N(N-1)/2 = %s to build by hand for "
	    "%s", N(d, pairs_of(n)), NP(d, (double)n, "VNet", "VNets")), NULL,
	    p == NULL ? "no plan" : S(d, "0 manual spoke-to-spoke peerings: "
	    "AVNM manages %s", NP(d, (double)p->meshes.n, "connected group",
	    "connected groups")), NULL);
	row(d, t, "Private endpoint capacity", NULL,
	    S(d, "%s; %s per connected group and %s per VNet (standard)",
	    NP(d, (double)in->an->counts.private_endpoints,
	    "private endpoint", "private endpoints"),
	    N(d, (double)lim->mesh_pes), N(d, (double)lim->vnet_pes)), NULL,
	    p == NULL ? "no plan" : any_hspe(p) ? S(d, "%s per connected group "
	    "and %s per VNet with HSPE (largest mesh: %s)",
	    N(d, (double)lim->mesh_pes_hspe), N(d, (double)lim->vnet_pes_hspe),
	    N(d, (double)largest_mesh_pes(p))) : S(d, "%s per connected group "
	    "(largest mesh: %s); HSPE not needed",
	    N(d, (double)lim->mesh_pes), N(d, (double)largest_mesh_pes(p))),
	    NULL);
	row(d, t, "Migration downtime", NULL, "Not applicable", NULL,
	    p == NULL ? "no plan" : any_hspe(p) ? S(d, "No planned downtime: "
	    "%s, the mesh overlays the existing peerings; enabling HSPE "
	    "resets private endpoint connections for about a second per VNet "
	    "(maintenance window)", NP(d, (double)p->waves.n,
	    "incremental wave", "incremental waves")) : S(d, "No planned "
	    "downtime: %s, the mesh overlays the existing peerings",
	    NP(d, (double)p->waves.n, "incremental wave",
	    "incremental waves")), NULL);
	row(d, t, "Rollback", NULL, "Not applicable", NULL,
	    "Remove the wave's VNets from the network group or undeploy the "
	    "connectivity configuration; the MSEE path stays until it is "
	    "decommissioned", NULL);
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
		case '"': sb_puts(sb, "#quot;"); break;
		case '#': sb_puts(sb, "#35;"); break;
		case '<': sb_puts(sb, "#lt;"); break;
		case '>': sb_puts(sb, "#gt;"); break;
		case '&': sb_puts(sb, "#amp;"); break;
		case '`': sb_puts(sb, "#96;"); break;
		case '|': sb_puts(sb, "#124;"); break;
		case ';': sb_puts(sb, "#59;"); break;
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
		const struct res *r = estate_find(in->estate, cids[i]);

		sb_printf(sb, "  c%zu([", i);
		mm_label(sb, S(d, "circuit %s", r != NULL && r->name != NULL ?
		    r->name : res_short_name(d->a, cids[i])));
		sb_puts(sb, "])\n");
	}
	for (i = 0; i < an->hubs.n; i++) {
		const struct hub_info *h = &an->hubs.v[i];

		sb_printf(sb, "  h%zu[", i);
		mm_label(sb, S(d, "hub %s (%s), %s", h->vnet->r.name,
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

/* Most hairpin flows (hub pair and circuit) a diagram draws. */
#define MM_FLOWS 12

struct mm_flow {
	int a, b, c;		/* source hub, destination hub, circuit */
	size_t pairs;
};

static void
sec_diagrams(struct rdoc *d, const struct report_in *in)
{
	const struct analysis *an = in->an;
	const struct hairpins *hp = in->hp;
	const struct plan *p = in->plan;
	struct strbuf sb = STRBUF_INIT;
	const char **cids;
	size_t nc, i, j, k, nf = 0, *cnt, first;
	struct mm_flow *fl, t;

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
		int a = hub_index(an, g->src_hub), b = hub_index(an, g->dst_hub);
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
		const struct res *r = estate_find(in->estate,
		    cids[fl[i].c]);

		sb_printf(&sb, "  h%d -.->|", fl[i].a);
		mm_label(&sb, S(d, "%s via %s", NP(d, (double)fl[i].pairs,
		    "pair", "pairs"), r != NULL && r->name != NULL ? r->name :
		    res_short_name(d->a, cids[fl[i].c])));
		sb_printf(&sb, "| h%d\n", fl[i].b);
	}
	para(d, nf > MM_FLOWS ? S(d, "Before: spoke-to-spoke traffic "
	    "through the ExpressRoute edge, the %d heaviest of %s hub-to-hub "
	    "flows (dotted; a loop is within one hub).", MM_FLOWS,
	    N(d, (double)nf)) : "Before: spoke-to-spoke traffic through the "
	    "ExpressRoute edge, per hub pair and circuit (dotted; a loop is "
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
	for (i = 0; i < p->meshes.n; i++) {
		const struct plan_mesh *m = &p->meshes.v[i];

		sb_printf(&sb, "  m%zu{{", i);
		mm_label(&sb, S(d, "%s: %s, direct (ConnectedGroup)", m->name,
		    NP(d, (double)m->vnet_ids.n, "VNet", "VNets")));
		sb_puts(&sb, "}}\n");
		memset(cnt, 0, (an->hubs.n + 1) * sizeof(*cnt));
		for (j = 0; j < m->vnet_ids.n; j++) {
			const struct hairpin_spoke *hs = NULL;
			int h = -1;

			for (k = 0; hp != NULL && k < hp->spoke_counts.n; k++)
				if (mp_strcaseeq(hp->spoke_counts.v[k].spoke->r.id,
				    m->vnet_ids.v[j])) {
					hs = &hp->spoke_counts.v[k];
					break;
				}
			if (hs != NULL)
				h = hub_index(an, hs->hub);
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
	para(d, S(d, "After: the meshes' members reach each other directly "
	    "(thick: the spokes of each hub in the mesh); the circuits keep "
	    "carrying on-premises traffic. Spoke pairs that still hairpin: "
	    "%s.", N(d, (double)p->effect.hairpins_after)));
	mermaid(d, &sb);
	for (i = first; i < d->blocks.n; i++)
		d->blocks.v[i].md_only = true;
}

/* The waves in order, each with what it adds; cur (a wave number, 0 for
 * the prerequisites, -1 for none) is drawn heavier. */
static void
mm_waves(struct rdoc *d, const struct plan *p, int cur)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (p == NULL || p->waves.n == 0)
		return;
	sb_puts(&sb, "flowchart LR\n  w0[");
	mm_label(&sb, S(d, "prerequisites: %s", NP(d, (double)p->prereq.n,
	    "step", "steps")));
	sb_puts(&sb, "]\n");
	for (i = 0; i < p->waves.n; i++) {
		const struct plan_wave *w = &p->waves.v[i];

		sb_printf(&sb, "  w%d[", w->number);
		mm_label(&sb, S(d, "wave %d %s: +%s, %s in the mesh, %s "
		    "still hairpin", w->number, w->name, NP(d,
		    (double)w->vnet_ids.n, "VNet", "VNets"),
		    N(d, (double)w->members.n),
		    N(d, (double)w->hairpins_after)));
		sb_puts(&sb, "]\n");
		sb_printf(&sb, "  w%d --> w%d\n", i == 0 ? 0 :
		    p->waves.v[i - 1].number, w->number);
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
gateway_names(struct rdoc *d, const struct vnet *h)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;
	size_t i;

	for (i = 0; i < h->gateways.n; i++) {
		if (i > 0)
			sb_puts(&sb, ", ");
		sb_puts(&sb, h->gateways.v[i]->r.name);
	}
	s = arena_strdup(d->a, h->gateways.n ? sb_str(&sb) : "-");
	sb_free(&sb);
	return s;
}

static void
sec_pressure(struct rdoc *d, const struct report_in *in, bool chart)
{
	const struct analysis *an = in->an;
	struct svg_bar *bars;
	struct svg_ref ref;
	struct svg_chart c;
	struct strbuf sb = STRBUF_INIT;
	size_t i, t;

	heading(d, 2, "prefix-pressure", "Prefix pressure per gateway");
	para(d, S(d, "A gateway advertises at most %s IPv4 and %s IPv6 "
	    "prefixes to on-premises (rule R1: the hub's prefixes plus every "
	    "spoke that uses its gateway). Bands: ok below 70%%, warn below "
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
		enum pressure lb = pressure_level(pressure_ratio(before,
		    h->limit_v4));
		enum pressure la = pressure_level(pressure_ratio(after,
		    h->limit_v4));

		row(d, t, h->vnet->r.name, NULL, gateway_names(d, h->vnet),
		    NULL, N(d, (double)h->transit_spokes), NULL,
		    N(d, (double)before), pressure_name(lb),
		    s ? N(d, (double)after) : "no change", s ?
		    pressure_name(la) : NULL, N(d, (double)h->limit_v4), NULL,
		    s && la != lb ? S(d, "%s \xe2\x86\x92 %s",
		    pressure_name(lb), pressure_name(la)) : pressure_name(lb),
		    pressure_name(s ? la : lb));
		bars[i].label = S(d, "%s (%s)", h->vnet->r.name,
		    gateway_names(d, h->vnet));
		bars[i].value = (double)after;
		bars[i].limit = (double)h->limit_v4;
		bars[i].before = s && before != after ? (double)before : -1;
		bars[i].note = s && before != after ? S(d, "%s \xe2\x86\x92 %s "
		    "of %s", N(d, (double)before), N(d, (double)after),
		    N(d, (double)h->limit_v4)) : NULL;
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
		*(s->prefixes.v[i].fam == FAM_V4 ? w4 : w6) +=
		    waste_units(&s->prefixes.v[i]);
	for (i = 0; i < s->covers.n; i++) {
		const struct prefix *c = &s->covers.v[i].p;

		for (j = 0; j < s->covers.n; j++)
			if (j != i && prefix_contains(&s->covers.v[j].p, c) &&
			    (!prefix_eq(&s->covers.v[j].p, c) || j < i))
				break;
		if (j < s->covers.n)
			continue;	/* inside another cover */
		*(c->fam == FAM_V4 ? w4 : w6) -= waste_units(c);
	}
	if (*w4 < 0)
		*w4 = 0;
	if (*w6 < 0)
		*w6 = 0;
}

static void
sec_summaries(struct rdoc *d, const struct report_in *in)
{
	const struct plan *p = in->plan;
	size_t i, j, t;

	if (p == NULL || p->summaries.n == 0)
		return;
	heading(d, 3, "summaries", "Summarized gateway prefixes");
	para(d, "Setting summarizedGatewayPrefixes on a hub replaces the "
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
		    s->prefixes.n ? C(d, sb_str(&sb)) :
		    "(none)", NULL, N(d, (double)(s->before_v4 +
		    s->before_v6)), NULL, N(d, (double)(s->after_v4 +
		    s->after_v6)), NULL, N(d, w4), NULL, w6 == floor(w6) ?
		    N(d, w6) : S(d, "%.3f", w6), NULL);
		sb_free(&sb);
	}
	for (i = 0; i < p->summaries.n; i++)
		if (p->summaries.v[i].note != NULL)
			para(d, S(d, "%s: %s", p->summaries.v[i].hub_name,
			    p->summaries.v[i].note));
}

/* The topology with the hairpin flows; after: the same hubs and
 * circuits with the plan's meshes instead of the flows. */
static void
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

		hubs[i].name = h->vnet->r.name;
		/* The second line of the hub: its region and gateways
		 * (cut in the box, whole in the tooltip). */
		hubs[i].region = S(d, "%s \xc2\xb7 %s", h->vnet->r.location ?
		    h->vnet->r.location : "-", gateway_names(d, h->vnet));
		hubs[i].spokes = h->spokes;
		for (j = 0; j < h->circuits.n; j++) {
			const struct res *r;

			for (k = 0; k < nc; k++)
				if (mp_strcaseeq(cids[k], h->circuits.v[j]))
					break;
			if (k == nc) {
				r = estate_find(in->estate, h->circuits.v[j]);
				cids[nc] = h->circuits.v[j];
				circ[nc].name = r != NULL ? r->name :
				    res_short_name(d->a, h->circuits.v[j]);
				circ[nc].location = NULL;
				if (r != NULL && r->kind == RK_CIRCUIT)
					circ[nc].location = ((const struct
					    circuit *)r)->peering_location;
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
	memset(&t, 0, sizeof(t));
	t.title = "Hubs, circuits and hairpin flows";
	if (after) {
		const struct plan *p = in->plan;
		struct strbuf ms = STRBUF_INIT;

		for (i = 0; i < p->meshes.n; i++)
			sb_printf(&ms, "%s%s (%s)", i > 0 ? ", " : "",
			    p->meshes.v[i].name, NP(d,
			    (double)p->meshes.v[i].vnet_ids.n, "VNet",
			    "VNets"));
		t.title = "After the migration: the mesh";
		t.mesh_note = S(d, "%s: members reach each other directly "
		    "(ConnectedGroup); %s still hairpin", sb_str(&ms),
		    NP(d, (double)p->effect.hairpins_after, "pair", "pairs"));
		sb_free(&ms);
		nf = 0;
		if (p->effect.hairpins_after == 0)
			for (i = 0; i < nh; i++)
				hubs[i].hairpinning = 0;
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
	const struct hairpin_group *g;	/* first group of the key */
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

static void
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
		row(d, t, S(d, "%s \xe2\x86\x92 %s", agg[k].g->src_hub ?
		    agg[k].g->src_hub->r.name : "-", agg[k].g->dst_hub ?
		    agg[k].g->dst_hub->r.name : "-"), NULL,
		    agg[k].g->circuit ? agg[k].g->circuit->r.name : "-", NULL,
		    N(d, (double)agg[k].pairs), NULL,
		    N(d, (double)agg[k].inspected), NULL,
		    N(d, (double)agg[k].routes), NULL);
	free(agg);
	heading(d, 3, "hairpin-routes", "By gateway and deciding route");
	t = table(d, 0x20, 0xc0, 8, "Source hub", "Destination hub", "Circuit",
	    "Gateways", "Scope", "Deciding route", "Pairs", "Inspected");
	for (i = 0; i < hp->groups.n; i++) {
		const struct hairpin_group *g = &hp->groups.v[i];

		row(d, t, g->src_hub ? g->src_hub->r.name : "-", NULL,
		    g->dst_hub ? g->dst_hub->r.name : "-", NULL,
		    g->circuit ? g->circuit->r.name : "-", NULL,
		    S(d, "%s \xe2\x86\x92 %s", g->src_gw ? g->src_gw->r.name :
		    "-", g->dst_gw ? g->dst_gw->r.name : "-"), NULL,
		    scope_name(g->scope), NULL, g->route ? g->route : "-",
		    NULL, N(d, (double)g->pairs), NULL,
		    N(d, (double)g->inspected), NULL);
	}

	sp = xcalloc(hp->spoke_counts.n + 1, sizeof(*sp));
	for (i = 0; i < hp->spoke_counts.n; i++)
		if (hp->spoke_counts.v[i].out_same_hub +
		    hp->spoke_counts.v[i].out_cross_hub > 0)
			sp[n++] = &hp->spoke_counts.v[i];
	qsort(sp, n, sizeof(*sp), spoke_cmp);
	heading(d, 3, "hairpin-spokes", "Hairpinning spokes");
	para(d, S(d, "%s to at least one other spoke (destinations out "
	    "and in, by scope).", NP(d, (double)n, "spoke hairpins",
	    "spokes hairpin")));
	t = table(d, 0, 0x3c, 6, "Spoke", "Hub", "Out, same hub",
	    "Out, cross hub", "In, same hub", "In, cross hub");
	for (i = 0; i < n; i++)
		row(d, t, sp[i]->spoke->r.name, NULL,
		    sp[i]->hub ? sp[i]->hub->r.name : "-", NULL,
		    N(d, (double)sp[i]->out_same_hub), NULL,
		    N(d, (double)sp[i]->out_cross_hub), NULL,
		    N(d, (double)sp[i]->in_same_hub), NULL,
		    N(d, (double)sp[i]->in_cross_hub), NULL);
	free(sp);
}

static void
sec_meshes(struct rdoc *d, const struct report_in *in, bool chart)
{
	const struct plan *p = in->plan;
	const struct limits *lim = &in->an->policy->limits;
	struct svg_bar *bars;
	struct svg_ref refs[2];
	struct svg_chart c;
	struct strbuf sb = STRBUF_INIT;
	size_t i, t;
	bool hs = false, hspe = false;
	double vlim, plim;

	if (p == NULL)
		return;
	heading(d, 2, "meshes", "Meshes");
	if (p->manager.name != NULL)
		para(d, p->manager.existing_id != NULL ? S(d, "Network manager: "
		    "%s (existing).", C(d, p->manager.existing_id)) :
		    S(d, "Network manager: %s, new, in subscription %s, "
		    "resource group %s.", C(d, p->manager.name),
		    p->manager.subscription != NULL ?
		    C(d, p->manager.subscription) : "?",
		    p->manager.resource_group != NULL ?
		    C(d, p->manager.resource_group) : "?"));
	if (p->meshes.n == 0) {
		para(d, "No mesh: no spoke in scope.");
		return;
	}
	t = table(d, 0x41, 0x0c, 7, "Mesh", "Region", "VNets",
	    "Private endpoints", "High scale", "HSPE", "Network group");
	for (i = 0; i < p->meshes.n; i++) {
		const struct plan_mesh *m = &p->meshes.v[i];

		row(d, t, m->name, NULL, m->global ? "global" : m->region ?
		    m->region : "-", NULL, N(d, (double)m->vnet_ids.n), NULL,
		    N(d, (double)m->private_endpoints), NULL,
		    m->high_scale ? "yes (AllowHighScaleConnectedGroup)" : "no",
		    NULL, m->hspe ? "HighScale" : "Standard", NULL,
		    m->group_name ? m->group_name : "-", NULL);
	}
	if (!chart || p->waves.n == 0)
		return;
	sec_topology(d, in, true);
	/* The limits the plan works under: high scale and HSPE when a mesh
	 * registers them. */
	for (i = 0; i < p->meshes.n; i++) {
		hs = hs || p->meshes.v[i].high_scale;
		hspe = hspe || p->meshes.v[i].hspe;
	}
	vlim = (double)(hs ? lim->mesh_vnets_high_scale : lim->mesh_vnets);
	plim = (double)(hspe ? lim->mesh_pes_hspe : lim->mesh_pes);
	bars = xcalloc(p->waves.n, sizeof(*bars));
	for (i = 0; i < p->waves.n; i++) {
		const struct plan_wave *w = &p->waves.v[i];

		bars[i].label = S(d, "wave %d: %s", w->number, w->name);
		bars[i].value = (double)w->members.n;
		bars[i].limit = vlim;
		bars[i].before = -1;
	}
	refs[0].value = vlim;
	refs[0].label = S(d, "limit %s", N(d, vlim));
	c.title = hs ? S(d, "VNets in the mesh after each wave (limit %s with "
	    "AllowHighScaleConnectedGroup)", N(d, vlim)) : S(d, "VNets in the "
	    "mesh after each wave (limit %s per connected group)",
	    N(d, vlim));
	c.unit = "VNets (cumulative)";
	c.bars = bars;
	c.nbars = p->waves.n;
	c.refs = refs;
	c.nrefs = 1;
	svg_bar_chart(&sb, &c);
	svg(d, &sb);
	for (i = 0; i < p->waves.n; i++) {
		bars[i].value = (double)p->waves.v[i].private_endpoints;
		bars[i].limit = plim;
	}
	refs[0].value = plim;
	refs[0].label = S(d, "limit %s", N(d, plim));
	c.title = hspe ? S(d, "Private endpoints in the mesh after each wave "
	    "(limit %s with HSPE)", N(d, plim)) : S(d, "Private endpoints in "
	    "the mesh after each wave (limit %s per connected group)",
	    N(d, plim));
	c.unit = "private endpoints (cumulative)";
	svg_bar_chart(&sb, &c);
	svg(d, &sb);
	free(bars);
}

/*
 * The planner's checklist and rollback texts name az commands inline
 * ("... (az network nic show-effective-route-table)", "...: az network
 * manager post-commit ...; traffic ..."): those become code spans, from
 * "az " after "(" or ": " to the next ")" or "; " or the end.
 */
static const char *
code_az(struct rdoc *d, const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = text, *q, *end;
	const char *out;

	while ((q = strstr(p, "az ")) != NULL) {
		if (!(q >= text + 1 && q[-1] == '(') &&
		    !(q >= text + 2 && q[-2] == ':' && q[-1] == ' ')) {
			sb_putn(&sb, p, (size_t)(q - p) + 3);
			p = q + 3;
			continue;
		}
		end = q[-1] == '(' ? strchr(q, ')') : strstr(q, "; ");
		if (end == NULL)
			end = q + strlen(q);
		sb_putn(&sb, p, (size_t)(q - p));
		sb_putc(&sb, RD_CODE_ON);
		sb_putn(&sb, q, (size_t)(end - q));
		sb_putc(&sb, RD_CODE_OFF);
		p = end;
	}
	sb_puts(&sb, p);
	out = arena_strdup(d->a, sb_str(&sb));
	sb_free(&sb);
	return out;
}

static void
steps_list(struct rdoc *d, const struct plan_step *v, size_t n)
{
	size_t l = list(d, LIST_NUMBERED), i;

	d->blocks.v[l].what = "steps";
	for (i = 0; i < n; i++)
		item(d, l, v[i].text, runbook_command(d->a, &v[i]));
}

static void
sec_prereq(struct rdoc *d, const struct report_in *in)
{
	const struct plan *p = in->plan;
	size_t i, t;

	if (p == NULL)
		return;
	heading(d, 2, "prerequisites", "Prerequisites");
	if (d->part == REPORT_PREREQ)
		mm_waves(d, p, 0);
	if (p->features.n == 0 && p->prereq.n == 0) {
		para(d, "None: no feature registration, HSPE enablement or "
		    "summary change is needed before wave 1.");
		return;
	}
	if (p->features.n > 0) {
		t = table(d, 0x3, 0, 3, "Subscription", "Feature", "Why");
		for (i = 0; i < p->features.n; i++)
			row(d, t, p->features.v[i].subscription, NULL,
			    p->features.v[i].feature, NULL,
			    p->features.v[i].why, NULL);
	}
	if (p->prereq.n > 0) {
		para(d, "In order:");
		steps_list(d, p->prereq.v, p->prereq.n);
	}
}

static void
sec_wave(struct rdoc *d, const struct report_in *in,
    const struct plan_wave *w)
{
	size_t i, t, l;

	heading(d, 3, S(d, "wave-%d", w->number), S(d, "Wave %d: %s",
	    w->number, w->name));
	para(d, S(d, "Adds %s; the mesh then has %s and %s. Spoke pairs "
	    "that still hairpin after this wave: %s%s.",
	    NP(d, (double)w->vnet_ids.n, "VNet", "VNets"),
	    NP(d, (double)w->members.n, "member", "members"),
	    NP(d, (double)w->private_endpoints, "private endpoint",
	    "private endpoints"),
	    N(d, (double)w->hairpins_after), w->inspected_after > 0 ?
	    S(d, " (%s through an appliance)", NP(d,
	    (double)w->inspected_after, "pair", "pairs")) : ""));
	if (w->inspection_lost > 0)
		para(d, S(d, "Inspection lost: after this wave, %s that "
		    "passed a network virtual appliance before the migration "
		    "go%s straight to the destination (%s new in this wave); "
		    "the wave's README lists the new ones with the routes "
		    "that inspected them.", NP(d, (double)w->inspection_lost,
		    "ordered spoke pair", "ordered spoke pairs"),
		    w->inspection_lost == 1 ? "es" : "",
		    N(d, (double)w->inspection_lost_new)));
	if (w->maintenance != NULL)
		para(d, S(d, "Maintenance window: %s", w->maintenance));
	t = table(d, 0x2, 0x30, 6, "VNet", "Subscription", "Resource group",
	    "Region", "Private endpoints", "Hairpin destinations");
	d->blocks.v[t].what = "VNets";
	for (i = 0; i < w->vnet_ids.n; i++) {
		const struct plan_vnet *v = plan_find_vnet(in->plan,
		    w->vnet_ids.v[i]);

		if (v == NULL) {
			row(d, t, vnet_name(in, w->vnet_ids.v[i]), NULL, "-",
			    NULL, "-", NULL, "-", NULL, "-", NULL, "-", NULL);
			continue;
		}
		row(d, t, v->name, NULL, v->subscription ? v->subscription :
		    "-", NULL, v->resource_group ? v->resource_group : "-",
		    NULL, v->location ? v->location : "-", NULL,
		    N(d, (double)v->npes), NULL,
		    N(d, (double)v->hairpins_out), NULL);
	}
	if (w->steps.n > 0) {
		para(d, "Steps:");
		steps_list(d, w->steps.v, w->steps.n);
	}
	if (w->checks.n > 0) {
		para(d, "Validation:");
		l = list(d, LIST_CHECK);
		for (i = 0; i < w->checks.n; i++)
			item(d, l, code_az(d, w->checks.v[i]), NULL);
	}
	if (w->rollback.n > 0) {
		para(d, "Rollback of this wave alone:");
		steps_list(d, w->rollback.v, w->rollback.n);
	}
}

static void
sec_blockers(struct rdoc *d, const struct report_in *in)
{
	const struct plan *p = in->plan;
	size_t i, t;

	if (p == NULL || p->blockers.n == 0)
		return;
	heading(d, 2, "blockers", "Blockers");
	para(d, "Left out of the mesh until fixed:");
	t = table(d, 0, 0, 2, "Resource", "Reason");
	for (i = 0; i < p->blockers.n; i++)
		row(d, t, res_name(d, in, p->blockers.v[i].resource), NULL,
		    p->blockers.v[i].reason, NULL);
}

/*
 * Every newly direct pair and the denied ones. plan.json lists at most
 * PLAN_PAIRS_CAP pairs; segmentation_total and the per-segment counts
 * cover all of them (a plan read back without the counts falls back to
 * the list).
 */
static void
seg_segment_totals(const struct plan *p, size_t *total, size_t *denied)
{
	size_t i, n = 0;

	*total = p->segmentation_total > p->segmentation.n ?
	    p->segmentation_total : p->segmentation.n;
	*denied = 0;
	for (i = 0; i < p->segment_counts.n; i++) {
		n += p->segment_counts.v[i].pairs;
		if (p->segment_counts.v[i].denied)
			*denied += p->segment_counts.v[i].pairs;
	}
	if (n == *total)
		return;
	*denied = 0;
	for (i = 0; i < p->segmentation.n; i++)
		if (p->segmentation.v[i].denied)
			(*denied)++;
}

/* The newly direct pairs per (source, destination) segment: all of them. */
static void
sec_segment_counts(struct rdoc *d, const struct plan *p)
{
	size_t i, t;

	if (p->segment_counts.n == 0)
		return;
	t = table(d, 0, 0x4, 4, "Source segment", "Destination segment",
	    "Pairs", "After");
	d->blocks.v[t].what = "segment pairs";
	for (i = 0; i < p->segment_counts.n; i++) {
		const struct plan_segment_count *c = &p->segment_counts.v[i];

		row(d, t, c->src_segment ? c->src_segment : "(none)", NULL,
		    c->dst_segment ? c->dst_segment : "(none)", NULL,
		    N(d, (double)c->pairs), NULL, c->denied ?
		    "denied (admin rule)" : "direct", c->denied ? "ok" :
		    "warn");
	}
}

static void
sec_segmentation(struct rdoc *d, const struct report_in *in)
{
	const struct plan *p = in->plan;
	size_t i, t, seg_total, seg_denied = 0;

	if (p == NULL)
		return;
	heading(d, 2, "segmentation", "Segmentation changes");
	seg_segment_totals(p, &seg_total, &seg_denied);
	if (seg_total == 0) {
		para(d, "No spoke pair becomes directly reachable that was not "
		    "before or that passed an appliance before.");
	} else {
		para(d, S(d, "%s directly reachable through the mesh that "
		    "%s not (or that passed an appliance) before; %s of them "
		    "%s denied by security admin rules.",
		    NP(d, (double)seg_total, "spoke pair becomes",
		    "spoke pairs become"), seg_total == 1 ? "was" : "were",
		    N(d, (double)seg_denied), seg_denied == 1 ? "is" : "are"));
		sec_segment_counts(d, p);
		t = table(d, 0, 0, 4, "Source", "Destination", "Path before",
		    "After");
		d->blocks.v[t].what = "pairs";
		d->blocks.v[t].total = seg_total;
		if (p->segmentation_truncated)
			d->blocks.v[t].more_note = S(d, "plan.json lists the "
			    "first %s pairs, the counts per segment above "
			    "cover all of them", N(d, (double)p->segmentation.n));
		for (i = 0; i < p->segmentation.n; i++) {
			const struct plan_pair *pp = &p->segmentation.v[i];

			row(d, t, vnet_name(in, pp->src_id), NULL,
			    vnet_name(in, pp->dst_id), NULL,
			    pp->before ? pp->before : "-", NULL,
			    pp->denied ? "denied (admin rule)" : "direct",
			    pp->denied ? "ok" : "warn");
		}
	}
	if (p->deny.n > 0) {
		t = table(d, 0, 0x10, 5, "Security admin rule", "Segment",
		    "Segment", "VNets", "Priority");
		for (i = 0; i < p->deny.n; i++) {
			const struct plan_deny *r = &p->deny.v[i];

			row(d, t, r->name, NULL, r->segment_a, NULL,
			    r->segment_b, NULL, S(d, "%zu \xe2\x86\x94 %zu",
			    r->vnets_a.n, r->vnets_b.n), NULL,
			    S(d, "%d", r->priority), NULL);
		}
	}
}

static void
sec_findings(struct rdoc *d, const struct report_in *in)
{
	const struct findings *f = &in->an->findings;
	size_t i, t = 0;

	heading(d, 2, "findings", "Findings");
	para(d, S(d, "%s, %s, %s%s.",
	    NP(d, (double)f->count[SEV_ERROR], "error", "errors"),
	    NP(d, (double)f->count[SEV_WARNING], "warning", "warnings"),
	    NP(d, (double)f->count[SEV_NOTE], "note", "notes"),
	    f->nsuppressed > 0 ? S(d, "; %s by the policy (listed below)",
	    NP(d, (double)f->nsuppressed, "finding suppressed",
	    "findings suppressed")) : ""));
	if (f->v.n == 0)
		return;
	if (f->v.n > f->nsuppressed) {
		t = table(d, 0x2, 0, 4, "Severity", "Rule", "Resource",
		    "Message");
		d->blocks.v[t].what = "findings";
	}
	for (i = 0; i < f->v.n; i++) {
		const struct finding *x = &f->v.v[i];

		if (x->suppressed != NULL)
			continue;
		row(d, t, sev_name(x->sev), sev_name(x->sev),
		    S(d, "%s %s", x->rule->id, x->rule->name), NULL,
		    res_name(d, in, x->resource), NULL, x->message, NULL);
	}
	if (f->nsuppressed == 0)
		return;
	heading(d, 3, "suppressed", "Suppressed findings");
	para(d, "Accepted by the policy's suppress entries, with their "
	    "justification; not counted above.");
	t = table(d, 0x2, 0, 5, "Severity", "Rule", "Resource",
	    "Justification", "Expires");
	d->blocks.v[t].what = "suppressed findings";
	for (i = 0; i < f->v.n; i++) {
		const struct finding *x = &f->v.v[i];

		if (x->suppressed == NULL)
			continue;
		row(d, t, sev_name(x->sev), NULL, S(d, "%s %s", x->rule->id,
		    x->rule->name), NULL, res_name(d, in, x->resource), NULL,
		    x->suppressed->reason, NULL, x->suppressed->expires ?
		    x->suppressed->expires : "never", NULL);
	}
}

/* Captured effective routes against the simulation (routecheck.h). */
static void
sec_agreement(struct rdoc *d, const struct report_in *in)
{
	const struct routecheck *rc = in->an->agreement;
	size_t i, k, t;

	if (rc == NULL)
		return;
	heading(d, 2, "agreement", "Model agreement");
	para(d, S(d, "Azure's effective routes captured for %s NIC%s, "
	    "compared with meshplan's simulation of the same subnets: %s.%s",
	    N(d, (double)(rc->v.n + rc->unplaced.n)),
	    rc->v.n + rc->unplaced.n == 1 ? "" : "s",
	    routecheck_summary(rc, d->a), rc->unplaced.n > 0 ? S(d, " %s "
	    "capture%s could not be placed in a subnet (its NIC is not in "
	    "the inputs).", N(d, (double)rc->unplaced.n),
	    rc->unplaced.n == 1 ? "" : "s") : ""));
	if (rc->v.n == 0)
		return;
	t = table(d, 0x3, 0x3c, 6, "Subnet", "NIC", "Agree", "Missing",
	    "Unexpected", "State differs");
	for (i = 0; i < rc->v.n; i++) {
		const struct rc_subnet *s = &rc->v.v[i];

		row(d, t, S(d, "%s/%s", s->vnet->r.name, s->subnet->r.name),
		    NULL, s->cap->nic != NULL ? s->cap->nic : "-", NULL,
		    S(d, "%s of %s", N(d, (double)s->n[RC_AGREE]),
		    N(d, (double)s->compared)), s->agrees ? NULL : "warn",
		    N(d, (double)s->n[RC_MISSING]), NULL,
		    N(d, (double)s->n[RC_UNEXPECTED]), NULL,
		    N(d, (double)s->n[RC_STATE]), NULL);
	}
	if (rc->subnets_differ == 0)
		return;
	t = table(d, 0x0f, 0, 6, "Subnet", "Difference", "Route",
	    "Next hop", "State", "Explanation");
	for (i = 0; i < rc->v.n; i++) {
		const struct rc_subnet *s = &rc->v.v[i];

		for (k = 0; k < s->rows.n; k++) {
			const struct rc_row *w = &s->rows.v[k];

			if (w->status != RC_MISSING &&
			    w->status != RC_UNEXPECTED && w->status != RC_STATE)
				continue;
			row(d, t, s->subnet->r.name, NULL,
			    rc_status_name(w->status), NULL,
			    S(d, "%s %s", w->source, w->prefix), NULL,
			    S(d, "%s%s%s", w->nh_type, *w->nh_ip ? " " : "",
			    w->nh_ip), NULL, w->status == RC_STATE ?
			    S(d, "%s (simulated %s)", w->state, w->sim_state) :
			    w->state, NULL, w->why != NULL ? w->why : "-",
			    NULL);
		}
	}
}

static void
sec_rollback(struct rdoc *d, const struct report_in *in)
{
	size_t l;

	if (in->plan == NULL)
		return;
	heading(d, 2, "rollback", "Rollback");
	l = list(d, LIST_BULLET);
	item(d, l, "While the MSEE path remains: remove the affected VNets "
	    "from the network group, or undeploy the mesh connectivity "
	    "configuration (commit without it). AVNM removes only the "
	    "connectivity it created; traffic falls back to the hairpin "
	    "path.", NULL);
	item(d, l, "Keep the MSEE path and the existing peerings for at least "
	    "two weeks after the last wave; remove legacy peerings from IaC "
	    "only after validation.", NULL);
	item(d, l, "After legacy paths are decommissioned, rollback means "
	    "reprovisioning them: treat it as a longer change window.", NULL);
	if (any_hspe(in->plan))
		item(d, l, "HSPE (privateEndpointVNetPolicies: Basic) can be "
		    "turned off again per VNet; like enabling it, this resets "
		    "private endpoint connections for about a second.", NULL);
}

void
report_build(struct rdoc *d, struct arena *a, const struct report_in *in,
    const struct report_opts *o)
{
	const struct plan *p = in->plan;
	const char *partial;
	size_t i;
	bool all = o->part == REPORT_ALL;

	memset(d, 0, sizeof(*d));
	d->a = a;
	d->max_rows = o->max_rows;
	d->part = o->part;
	if (all)
		d->title = "meshplan: AVNM mesh migration report";
	else if (o->part == REPORT_PREREQ)
		d->title = "meshplan: prerequisites for the AVNM mesh migration";
	else
		d->title = S(d, "meshplan: wave %d of the AVNM mesh migration",
		    o->part);
	d->subtitle = S(d, "Generated by %s from %s in %s.",
	    in->generator != NULL ? in->generator : "meshplan",
	    NP(d, (double)in->an->counts.vnets, "VNet", "VNets"),
	    NP(d, (double)in->estate->files_read, "input file",
	    "input files"));
	/* A banner when only part of the estate was read (--allow-partial). */
	if ((partial = estate_partial_note(a, in->estate)) != NULL)
		para(d, S(d, "%s.", partial));
	if (o->full_report != NULL)
		d->more_where = S(d, "every row is in %s",
		    C(d, o->full_report));
	else if (o->max_rows > 0)
		d->more_where = S(d, "%s lists every row",
		    C(d, "meshplan report --max-rows 0"));
	sec_summary(d, in);
	sec_before_after(d, in);
	sec_diagrams(d, in);
	if (all || o->part == REPORT_PREREQ) {
		sec_pressure(d, in, all);
		sec_summaries(d, in);
	}
	if (all) {
		sec_hairpins(d, in, true);
		sec_meshes(d, in, true);
	}
	if (all || o->part == REPORT_PREREQ)
		sec_prereq(d, in);
	if (p != NULL && p->waves.n > 0) {
		bool any = false;

		for (i = 0; i < p->waves.n; i++) {
			if (!all && p->waves.v[i].number != o->part)
				continue;
			if (!any) {
				heading(d, 2, "waves", all ? "Waves" :
				    "This wave");
				mm_waves(d, p, all ? -1 : o->part);
			}
			any = true;
			sec_wave(d, in, &p->waves.v[i]);
		}
	}
	sec_blockers(d, in);
	if (all)
		sec_segmentation(d, in);
	if (all || o->part == REPORT_PREREQ)
		sec_agreement(d, in);
	if (all || o->part == REPORT_PREREQ)
		sec_findings(d, in);
	sec_rollback(d, in);
	if (!all && o->full_report != NULL)
		para(d, S(d, "This step's report with every row: %s.",
		    C(d, o->full_report)));
}
