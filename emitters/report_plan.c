/*
 * report_plan.c - the report's sections about the plan: the meshes, the
 * prerequisites, each wave with its members and checks, blockers,
 * segmentation, the findings, the captured routes' agreement with the
 * simulation and rollback (report_sec.h). Rows come from the sorted plan
 * and analysis; tables stop at max_rows.
 *
 * Index: sec_meshes, sec_prereq, sec_wave, sec_blockers,
 * sec_segmentation, sec_findings, sec_agreement, sec_rollback.
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

void
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
		para(d,
		    p->manager.existing_id != NULL ?
			S(d,
			    "Network manager: "
			    "%s (existing).",
			    C(d, p->manager.existing_id)) :
			S(d,
			    "Network manager: %s, new, in subscription %s, "
			    "resource group %s.",
			    C(d, p->manager.name),
			    p->manager.subscription != NULL ?
				C(d, p->manager.subscription) :
				"?",
			    p->manager.resource_group != NULL ?
				C(d, p->manager.resource_group) :
				"?"));
	if (p->meshes.n == 0) {
		para(d, "No mesh: no spoke in scope.");
		return;
	}
	t = table(d, 0x41, 0x0c, 7, "Mesh", "Region", "VNets",
	    "Private endpoints", "High scale", "HSPE", "Network group");
	for (i = 0; i < p->meshes.n; i++) {
		const struct plan_mesh *m = &p->meshes.v[i];

		row(d, t, m->name, NULL,
		    m->global	  ? "global" :
			m->region ? m->region :
				    "-",
		    NULL, N(d, (double)m->vnet_ids.n), NULL,
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
	c.title = hs ?
	    S(d,
		"VNets in the mesh after each wave (limit %s with "
		"AllowHighScaleConnectedGroup)",
		N(d, vlim)) :
	    S(d,
		"VNets in the "
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
	c.title = hspe ?
	    S(d,
		"Private endpoints in the mesh after each wave "
		"(limit %s with HSPE)",
		N(d, plim)) :
	    S(d,
		"Private endpoints in "
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

void
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
		para(d,
		    "None: no feature registration, HSPE enablement or "
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

void
sec_wave(struct rdoc *d, const struct report_in *in, const struct plan_wave *w)
{
	size_t i, t, l;

	heading(d, 3, S(d, "wave-%d", w->number),
	    S(d, "Wave %d: %s", w->number, w->name));
	para(d,
	    S(d,
		"Adds %s; the mesh then has %s and %s. Spoke pairs "
		"that still hairpin after this wave: %s%s.",
		NP(d, (double)w->vnet_ids.n, "VNet", "VNets"),
		NP(d, (double)w->members.n, "member", "members"),
		NP(d, (double)w->private_endpoints, "private endpoint",
		    "private endpoints"),
		N(d, (double)w->hairpins_after),
		w->inspected_after > 0 ?
		    S(d, " (%s through an appliance)",
			NP(d, (double)w->inspected_after, "pair", "pairs")) :
		    ""));
	if (w->inspection_lost > 0)
		para(d,
		    S(d,
			"Inspection lost: after this wave, %s that "
			"passed a network virtual appliance before the "
			"migration "
			"go%s straight to the destination (%s new in this "
			"wave); "
			"the wave's README lists the new ones with the routes "
			"that inspected them.",
			NP(d, (double)w->inspection_lost, "ordered spoke pair",
			    "ordered spoke pairs"),
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
		row(d, t, vnet_name(in, v->id), NULL,
		    v->subscription ? v->subscription : "-", NULL,
		    v->resource_group ? v->resource_group : "-", NULL,
		    v->location ? v->location : "-", NULL,
		    N(d, (double)v->npes), NULL, N(d, (double)v->hairpins_out),
		    NULL);
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

void
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
	    p->segmentation_total :
	    p->segmentation.n;
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
		    N(d, (double)c->pairs), NULL,
		    c->denied ? "denied (admin rule)" : "direct",
		    c->denied ? "ok" : "warn");
	}
}

void
sec_segmentation(struct rdoc *d, const struct report_in *in)
{
	const struct plan *p = in->plan;
	size_t i, t, seg_total, seg_denied = 0;

	if (p == NULL)
		return;
	heading(d, 2, "segmentation", "Segmentation changes");
	seg_segment_totals(p, &seg_total, &seg_denied);
	if (seg_total == 0) {
		para(d,
		    "No spoke pair becomes directly reachable that was not "
		    "before or that passed an appliance before.");
	} else {
		para(d,
		    S(d,
			"%s directly reachable through the mesh that "
			"%s not (or that passed an appliance) before; %s of "
			"them "
			"%s denied by security admin rules.",
			NP(d, (double)seg_total, "spoke pair becomes",
			    "spoke pairs become"),
			seg_total == 1 ? "was" : "were",
			N(d, (double)seg_denied),
			seg_denied == 1 ? "is" : "are"));
		sec_segment_counts(d, p);
		t = table(d, 0, 0, 4, "Source", "Destination", "Path before",
		    "After");
		d->blocks.v[t].what = "pairs";
		d->blocks.v[t].total = seg_total;
		if (p->segmentation_truncated)
			d->blocks.v[t].more_note = S(d,
			    "plan.json lists the "
			    "first %s pairs, the counts per segment above "
			    "cover all of them",
			    N(d, (double)p->segmentation.n));
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
			    r->segment_b, NULL,
			    S(d, "%zu \xe2\x86\x94 %zu", r->vnets_a.n,
				r->vnets_b.n),
			    NULL, S(d, "%d", r->priority), NULL);
		}
	}
}

void
sec_findings(struct rdoc *d, const struct report_in *in)
{
	const struct findings *f = &in->an->findings;
	size_t i, t = 0;

	heading(d, 2, "findings", "Findings");
	para(d,
	    S(d, "%s, %s, %s%s.",
		NP(d, (double)f->count[SEV_ERROR], "error", "errors"),
		NP(d, (double)f->count[SEV_WARNING], "warning", "warnings"),
		NP(d, (double)f->count[SEV_NOTE], "note", "notes"),
		f->nsuppressed > 0 ?
		    S(d, "; %s by the policy (listed below)",
			NP(d, (double)f->nsuppressed, "finding suppressed",
			    "findings suppressed")) :
		    ""));
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
	para(d,
	    "Accepted by the policy's suppress entries, with their "
	    "justification; not counted above.");
	t = table(d, 0x2, 0, 5, "Severity", "Rule", "Resource", "Justification",
	    "Expires");
	d->blocks.v[t].what = "suppressed findings";
	for (i = 0; i < f->v.n; i++) {
		const struct finding *x = &f->v.v[i];

		if (x->suppressed == NULL)
			continue;
		row(d, t, sev_name(x->sev), NULL,
		    S(d, "%s %s", x->rule->id, x->rule->name), NULL,
		    res_name(d, in, x->resource), NULL, x->suppressed->reason,
		    NULL,
		    x->suppressed->expires ? x->suppressed->expires : "never",
		    NULL);
	}
}

/* Captured effective routes against the simulation (routecheck.h). */
void
sec_agreement(struct rdoc *d, const struct report_in *in)
{
	const struct routecheck *rc = in->an->agreement;
	size_t i, k, t;

	if (rc == NULL)
		return;
	heading(d, 2, "agreement", "Model agreement");
	para(d,
	    S(d,
		"Azure's effective routes captured for %s NIC%s, "
		"compared with meshplan's simulation of the same subnets: "
		"%s.%s",
		N(d, (double)(rc->v.n + rc->unplaced.n)),
		rc->v.n + rc->unplaced.n == 1 ? "" : "s",
		routecheck_summary(rc, d->a),
		rc->unplaced.n > 0 ? S(d,
					 " %s "
					 "capture%s could not be placed in a "
					 "subnet (its NIC is not in "
					 "the inputs).",
					 N(d, (double)rc->unplaced.n),
					 rc->unplaced.n == 1 ? "" : "s") :
				     ""));
	if (rc->v.n == 0)
		return;
	t = table(d, 0x3, 0x3c, 6, "Subnet", "NIC", "Agree", "Missing",
	    "Unexpected", "State differs");
	for (i = 0; i < rc->v.n; i++) {
		const struct rc_subnet *s = &rc->v.v[i];

		row(d, t, res_name(d, in, s->subnet->r.id), NULL,
		    s->cap->nic != NULL ? s->cap->nic : "-", NULL,
		    S(d, "%s of %s", N(d, (double)s->n[RC_AGREE]),
			N(d, (double)s->compared)),
		    s->agrees ? NULL : "warn", N(d, (double)s->n[RC_MISSING]),
		    NULL, N(d, (double)s->n[RC_UNEXPECTED]), NULL,
		    N(d, (double)s->n[RC_STATE]), NULL);
	}
	if (rc->subnets_differ == 0)
		return;
	t = table(d, 0x0f, 0, 6, "Subnet", "Difference", "Route", "Next hop",
	    "State", "Explanation");
	for (i = 0; i < rc->v.n; i++) {
		const struct rc_subnet *s = &rc->v.v[i];

		for (k = 0; k < s->rows.n; k++) {
			const struct rc_row *w = &s->rows.v[k];

			if (w->status != RC_MISSING &&
			    w->status != RC_UNEXPECTED && w->status != RC_STATE)
				continue;
			row(d, t, res_name(d, in, s->subnet->r.id), NULL,
			    rc_status_name(w->status), NULL,
			    S(d, "%s %s", w->source, w->prefix), NULL,
			    S(d, "%s%s%s", w->nh_type, *w->nh_ip ? " " : "",
				w->nh_ip),
			    NULL,
			    w->status == RC_STATE ?
				S(d, "%s (simulated %s)", w->state,
				    w->sim_state) :
				w->state,
			    NULL, w->why != NULL ? w->why : "-", NULL);
		}
	}
}

void
sec_rollback(struct rdoc *d, const struct report_in *in)
{
	size_t l;

	if (in->plan == NULL)
		return;
	heading(d, 2, "rollback", "Rollback");
	l = list(d, LIST_BULLET);
	item(d, l,
	    "While the MSEE path remains: remove the affected VNets "
	    "from the network group, or undeploy the mesh connectivity "
	    "configuration (commit without it). AVNM removes only the "
	    "connectivity it created; traffic falls back to the hairpin "
	    "path.",
	    NULL);
	item(d, l,
	    "Keep the MSEE path and the existing peerings for at least "
	    "two weeks after the last wave; remove legacy peerings from IaC "
	    "only after validation.",
	    NULL);
	item(d, l,
	    "After legacy paths are decommissioned, rollback means "
	    "reprovisioning them: treat it as a longer change window.",
	    NULL);
	if (any_hspe(in->plan))
		item(d, l,
		    "HSPE (privateEndpointVNetPolicies: Basic) can be "
		    "turned off again per VNet; like enabling it, this resets "
		    "private endpoint connections for about a second.",
		    NULL);
}
