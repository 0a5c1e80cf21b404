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
 *
 * This file holds the document primitives (report_sec.h), the summary and
 * report_build; the sections about the estate as it is are in
 * report_estate.c, those about the plan in report_plan.c.
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
#include "../planner/labels.h"
#include "../planner/plan.h"
#include "../planner/routecheck.h"
#include "../planner/routing.h"
#include "runbook.h"
#include "svg.h"

const char *
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
const char *
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
const char *
NP(struct rdoc *d, double n, const char *one, const char *many)
{
	return S(d, "%s %s", N(d, n), n == 1 ? one : many);
}

/* s as a code span (report_doc.h); the delimiters it holds are dropped. */
const char *
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
	size_t total = b->total > shown + b->more ? b->total : shown + b->more;
	const char *what = b->what != NULL ? b->what :
	    b->kind == BLK_LIST		   ? "items" :
					     "rows";
	const char *where = b->more_note != NULL ? b->more_note : d->more_where;

	if (total == shown)
		return NULL;
	return S(d, "First %s of %s %s%s%s.", N(d, (double)shown),
	    N(d, (double)total), what, where != NULL ? "; " : "",
	    where != NULL ? where : "");
}

struct rblock *
blk(struct rdoc *d, enum blk_kind k)
{
	struct rblock b;

	memset(&b, 0, sizeof(b));
	b.kind = k;
	ARR_PUSH(d->a, d->blocks, b);
	return &d->blocks.v[d->blocks.n - 1];
}

void
heading(struct rdoc *d, int level, const char *anchor, const char *text)
{
	struct rblock *b = blk(d, BLK_HEADING);

	b->level = level;
	b->anchor = anchor;
	b->text = text;
}

void
para(struct rdoc *d, const char *text)
{
	blk(d, BLK_PARA)->text = text;
}

/* Start a table; returns its index (blocks move when the array grows). */
size_t
table(struct rdoc *d, unsigned code_cols, unsigned num_cols, size_t ncols, ...)
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
void
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

size_t
list(struct rdoc *d, enum list_kind k)
{
	blk(d, BLK_LIST)->list = k;
	return d->blocks.n - 1;
}

void
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

void
svg(struct rdoc *d, struct strbuf *sb)
{
	blk(d, BLK_SVG)->text = arena_strdup(d->a, sb_str(sb));
	sb_free(sb);
}

const char *
vnet_name(const struct report_in *in, const char *id)
{
	return label_id(in->an->labels, id);
}

const char *
res_name(struct rdoc *d, const struct report_in *in, const char *id)
{
	(void)d;
	if (id == NULL)
		return "(estate)";
	return label_id(in->an->labels, id);
}

const char *
res_label(const struct report_in *in, const struct res *r)
{
	return label_res(in->an->labels, r);
}

/* Distinct VNets in every mesh. */
size_t
mesh_members(const struct plan *p)
{
	size_t i, n = 0;

	for (i = 0; p != NULL && i < p->meshes.n; i++)
		n += p->meshes.v[i].vnet_ids.n;
	return n;
}

bool
any_hspe(const struct plan *p)
{
	size_t i;

	for (i = 0; p != NULL && i < p->meshes.n; i++)
		if (p->meshes.v[i].hspe)
			return true;
	return false;
}

void
sec_summary(struct rdoc *d, const struct report_in *in)
{
	const struct estate_counts *c = &in->an->counts;
	const struct hairpins *hp = in->hp;
	const struct plan *p = in->plan;
	size_t t;

	if (hp != NULL && hp->pairs > 0)
		para(d,
		    S(d,
			"%s of %s ordered spoke pairs hairpin through "
			"the ExpressRoute edge (MSEE): %s within a hub, %s "
			"across "
			"hubs%s.",
			N(d, (double)hp->pairs),
			N(d, (double)hp->pairs_considered),
			N(d, (double)hp->same_hub), N(d, (double)hp->cross_hub),
			hp->inspected > 0 ? S(d,
						"; %s of them pass a network "
						"virtual appliance",
						N(d, (double)hp->inspected)) :
					    ""));
	else if (hp != NULL)
		para(d,
		    S(d,
			"No spoke pair hairpins through the ExpressRoute "
			"edge (%s ordered pairs analysed).",
			N(d, (double)hp->pairs_considered)));
	if (p != NULL)
		para(d,
		    S(d,
			"The plan puts %s in %s over %s; spoke pairs "
			"that still hairpin afterwards: %s.",
			NP(d, (double)mesh_members(p), "VNet", "VNets"),
			NP(d, (double)p->meshes.n, "AVNM mesh", "AVNM meshes"),
			NP(d, (double)p->waves.n, "wave", "waves"),
			N(d, (double)p->effect.hairpins_after)));
	t = table(d, 0, 0x7f, 7, "VNets", "Hubs", "Spokes", "Gateways",
	    "Circuits", "Private endpoints", "Peerings");
	row(d, t, N(d, (double)c->vnets), NULL, N(d, (double)c->hubs), NULL,
	    N(d, (double)c->spokes), NULL, N(d, (double)c->gateways), NULL,
	    N(d, (double)c->circuits), NULL, N(d, (double)c->private_endpoints),
	    NULL, N(d, (double)c->peerings), NULL);
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
		d->title = "meshplan: prerequisites for the AVNM mesh "
			   "migration";
	else
		d->title = S(d, "meshplan: wave %d of the AVNM mesh migration",
		    o->part);
	d->subtitle = S(d, "Generated by %s from %s in %s.",
	    in->generator != NULL ? in->generator : "meshplan",
	    NP(d, (double)in->an->counts.vnets, "VNet", "VNets"),
	    NP(d, (double)in->estate->files_read, "input file", "input files"));
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
				heading(d, 2, "waves",
				    all ? "Waves" : "This wave");
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
		para(d,
		    S(d, "This step's report with every row: %s.",
			C(d, o->full_report)));
}
