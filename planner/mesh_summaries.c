/*
 * mesh_summaries.c - summarizedGatewayPrefixes per hub for the plan
 * (DESIGN.md section 5), through the summarizer (summarize.h).
 *
 * For each seen hub: the inputs are the prefixes its gateways advertise
 * without summaries (R1: the hub's space, must-cover, and the spokes
 * using its gateway, each with its VNet as owner); forbidden are the
 * prefixes advertised by every other hub (R1 with their current
 * summaries), every circuit's on-premises routes (R3, which include
 * --onprem and the policy's onprem), the policy's summaries.reserve, and
 * the address space of every VNet that does not use this hub's gateway
 * and that the hub does not advertise today (nontransit_space): a summary
 * over it would draw on-premises and other hubs' traffic for that VNet to
 * this gateway, and the VNet has no route back through it. With
 * summaries.cover_non_transit the VNets peered to the hub are allowed,
 * and what the summaries cover of them is reported (plan_summary.opens).
 * Mode: default (fewest advertised prefixes, then least waste, minimum
 * lengths from the policy), or budget when summaries.max_prefixes is set.
 * "before" is what the hub advertises today (with its current summaries);
 * "after" is the summarizer's count. A hub whose summaries would lower
 * its count, or whose current summaries are unsafe (unsafe_current), gets a
 * STEP_SUMMARIES prerequisite and a plan VNet (is_hub) carrying its
 * exported JSON for the emitters.
 */
#include "mesh_summaries.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "advertise.h"
#include "summarize.h"

static double
count_double(const struct sum_count *c)
{
	return (double)c->hi * 18446744073709551616.0 + (double)c->lo;
}

static void
push_prefixes(struct arena *a, prefix_arr *dst, const prefix_arr *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		ARR_PUSH(a, *dst, src->v[i]);
}

static bool
same_prefixes(const prefix_arr *x, const prefix_arr *y)
{
	size_t i;

	if (x->n != y->n)
		return false;
	for (i = 0; i < x->n; i++)
		if (!prefix_eq(&x->v[i], &y->v[i]))
			return false;
	return true;
}

static int
cover_cmp(const void *pa, const void *pb)
{
	const struct plan_cover *a = pa, *b = pb;
	int c = mp_strcasecmp(a->vnet_id, b->vnet_id);

	if (c == 0)
		c = strcmp(a->vnet_id, b->vnet_id);
	return c != 0 ? c : prefix_cmp(&a->p, &b->p);
}

/* What the chosen summaries cover of the allowed non-transit space. */
static void
record_opens(struct plan *p, struct plan_summary *s, const nontransit_arr *open)
{
	size_t i, j, n = 0;

	for (i = 0; i < open->n; i++)
		for (j = 0; j < s->prefixes.n; j++)
			if (prefix_overlaps(&s->prefixes.v[j], &open->v[i].p)) {
				struct plan_cover c;

				c.vnet_id = arena_strdup(p->arena,
				    open->v[i].vnet->r.id);
				c.p = open->v[i].p;
				ARR_PUSH(p->arena, s->opens, c);
				break;
			}
	if (s->opens.n > 1)
		qsort(s->opens.v, s->opens.n, sizeof(*s->opens.v), cover_cmp);
	for (i = 0; i < s->opens.n; i++)
		if (n == 0 ||
		    cover_cmp(&s->opens.v[n - 1], &s->opens.v[i]) != 0)
			s->opens.v[n++] = s->opens.v[i];
	s->opens.n = n;
}

/*
 * Why the hub's current summaries are unsafe, or NULL: one contains a
 * forbidden prefix (another hub's, on-premises, reserved, or space the hub
 * does not advertise without summaries), or the hub's own space is in
 * none of them (it is then no longer advertised).
 */
static const char *
unsafe_current(struct arena *a, const struct vnet *h, const prefix_arr *forbid)
{
	char b1[PREFIX_STRLEN], b2[PREFIX_STRLEN];
	size_t i, j;

	for (i = 0; i < h->summaries.n; i++)
		for (j = 0; j < forbid->n; j++)
			if (prefix_contains(&h->summaries.v[i], &forbid->v[j]))
				return arena_printf(a,
				    "the current summary %s "
				    "covers %s, which is not behind this "
				    "gateway",
				    prefix_format(&h->summaries.v[i], b1),
				    prefix_format(&forbid->v[j], b2));
	for (i = 0; i < h->prefixes.n; i++) {
		for (j = 0; j < h->summaries.n; j++)
			if (prefix_contains(&h->summaries.v[j],
				&h->prefixes.v[i]))
				break;
		if (j == h->summaries.n)
			return arena_printf(a,
			    "the hub's own %s is in no "
			    "current summary, so it is not advertised",
			    prefix_format(&h->prefixes.v[i], b1));
	}
	return NULL;
}

typedef ARR(struct sum_input) sum_input_arr;

/* What hub h's summaries must cover: its own prefixes, then those its
 * gateways advertise for its spokes today (raw: without summaries). */
static void
summary_inputs(const struct estate *e, const struct vnet *h, struct arena *tmp,
    sum_input_arr *in)
{
	struct advertised raw;
	size_t i, j;

	advertised_compute(e, h, false, tmp, &raw);
	for (i = 0; i < h->prefixes.n; i++) {
		struct sum_input x = { h->prefixes.v[i], h, true };

		ARR_PUSH(tmp, *in, x);
	}
	for (i = 0; i < raw.spokes.n; i++) {
		prefix_arr sp = { NULL, 0, 0 };

		spoke_advertised_prefixes(h, raw.spokes.v[i], &sp, tmp);
		for (j = 0; j < sp.n; j++) {
			struct sum_input x = { sp.v[j], raw.spokes.v[i],
				false };

			ARR_PUSH(tmp, *in, x);
		}
	}
}

/*
 * What no summary of hub h may contain: other hubs' advertised prefixes,
 * on-premises, the policy's reserve and space h does not advertise today,
 * unless the policy opens the VNets peered to it (those go to open).
 */
static void
forbidden_space(const struct estate *e, const struct policy *pol,
    struct routing *r, const struct vnet *h, struct arena *tmp,
    prefix_arr *forbid_out, nontransit_arr *open_out)
{
	prefix_arr forbid = { NULL, 0, 0 };
	nontransit_arr nt = { NULL, 0, 0 }, open = { NULL, 0, 0 };
	size_t i;

	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *o = e->vnets.v[i];
		const struct advertised *ad;

		if (o == h || !o->r.seen || o->role != ROLE_HUB)
			continue;
		ad = routing_advertised(r, o);
		push_prefixes(tmp, &forbid, &ad->v4);
		push_prefixes(tmp, &forbid, &ad->v6);
	}
	for (i = 0; i < e->circuits.n; i++)
		push_prefixes(tmp, &forbid,
		    routing_onprem(r, e->circuits.v[i]));
	if (e->circuits.n == 0)
		for (i = 0; i < pol->onprem.n; i++)
			ARR_PUSH(tmp, forbid, pol->onprem.v[i]);
	push_prefixes(tmp, &forbid, &pol->reserve);
	/* Space the hub does not advertise today: forbidden, unless the
	 * policy opens the VNets peered to it (then reported). */
	nontransit_space(e, h, tmp, &nt);
	for (i = 0; i < nt.n; i++)
		if (pol->cover_non_transit && nt.v[i].peered)
			ARR_PUSH(tmp, open, nt.v[i]);
		else
			ARR_PUSH(tmp, forbid, nt.v[i].p);
	*forbid_out = forbid;
	*open_out = open;
}

/* The prerequisite step that sets hub h's summaries s (replacing unsafe
 * current ones when unsafe says why). */
static void
summary_step(struct plan *p, const struct vnet *h, const struct plan_summary *s,
    const char *unsafe)
{
	struct arena *a = p->arena;
	struct plan_step st;
	struct strbuf list = STRBUF_INIT;
	ARR(const char *) pv = { NULL, 0, 0 };
	const char *sub = h->r.subscription;
	char buf[PREFIX_STRLEN];
	size_t i;

	for (i = 0; i < s->prefixes.n; i++) {
		prefix_format(&s->prefixes.v[i], buf);
		sb_printf(&list, "%s%s", i ? " " : "", buf);
		ARR_PUSH(a, pv, arena_strdup(a, buf));
	}
	memset(&st, 0, sizeof(st));
	st.kind = STEP_SUMMARIES;
	st.resource = s->hub_id;
	if (sub != NULL && mp_strcase_prefix(sub, "/subscriptions/"))
		sub += strlen("/subscriptions/");
	st.subscription = arena_strdup(a, sub);
	st.text = arena_printf(a,
	    "%s summarizedGatewayPrefixes on %s "
	    "to %s: its gateways advertise %zu prefixes instead of "
	    "%zu%s%s",
	    unsafe != NULL ? "Replace the" : "Set", s->hub_name, sb_str(&list),
	    s->after_v4 + s->after_v6, s->before_v4 + s->before_v6,
	    unsafe != NULL ? arena_printf(a, " (%s)", unsafe) : "",
	    s->opens.n == 0 ?
		"" :
		arena_printf(a,
		    "; the summaries also cover %zu prefix%s "
		    "of VNets that do not use its gateway "
		    "(summaries.cover_non_transit): on-premises and other "
		    "hubs then send their traffic to this gateway, and those "
		    "VNets have no route back through it",
		    s->opens.n, s->opens.n == 1 ? "" : "es"));
	step_set_list(a, &st, "addressPrefixes", pv.v, pv.n);
	sb_free(&list);
	ARR_PUSH(a, p->prereq, st);
	plan_hub_vnet(p, h);
}

/* The summaries the summarizer chose (both families), their waste, and
 * the inputs each covers, into s. */
static void
take_summaries(struct arena *a, const struct sum_result *res,
    struct plan_summary *s)
{
	size_t i, j, f;

	for (f = 0; f < 2; f++) {
		const struct sum_family *fm = &res->fam[f];

		s->waste += count_double(&fm->waste);
		for (i = 0; i < fm->nitems; i++) {
			const struct sum_item *it = &fm->items[i];

			if (!it->summary)
				continue;
			ARR_PUSH(a, s->prefixes, it->p);
			for (j = it->first; j < it->first + it->n; j++) {
				struct plan_cover c;
				const struct vnet *o = sum_input_at(res, j)
							   ->owner;

				c.vnet_id = arena_strdup(a, o->r.id);
				c.p = sum_input_at(res, j)->p;
				ARR_PUSH(a, s->covers, c);
			}
		}
	}
}

/*
 * Hub h's summaries: what they must cover and may not contain, the
 * summarizer's choice, the notes that explain it, and the prerequisite
 * step when the choice lowers the count or current summaries are unsafe.
 */
static void
one_hub(struct plan *p, const struct estate *e, const struct policy *pol,
    struct routing *r, const struct vnet *h, struct arena *tmp)
{
	struct advertised now;
	sum_input_arr in = { NULL, 0, 0 };
	prefix_arr forbid;
	nontransit_arr open;
	const char *unsafe = NULL;
	struct sum_opts so;
	struct sum_result *res;
	struct plan_summary s;
	struct arena *a = p->arena;
	char buf[PREFIX_STRLEN];

	advertised_compute(e, h, true, tmp, &now);
	summary_inputs(e, h, tmp, &in);
	forbidden_space(e, pol, r, h, tmp, &forbid, &open);
	sum_opts_init(&so);
	so.min_len[0] = pol->min_len_v4;
	so.min_len[1] = pol->min_len_v6;
	if (pol->max_prefixes > 0) {
		so.mode = SUM_BUDGET;
		so.budget[0] = so.budget[1] = pol->max_prefixes;
	}
	res = summarize(tmp, in.v, in.n, forbid.v, forbid.n, &so);
	memset(&s, 0, sizeof(s));
	s.hub_id = arena_strdup(a, h->r.id);
	s.hub_name = arena_strdup(a, h->r.name);
	if (h->has_summaries)
		push_prefixes(a, &s.current, &h->summaries);
	s.before_v4 = now.v4.n;
	s.before_v6 = now.v6.n;
	s.reached_budget = pol->max_prefixes == 0 || res->budget_reached;
	take_summaries(a, res, &s);
	if (res->must_cover_blocked) {
		s.note = arena_printf(a,
		    "no summary can cover the hub's %s "
		    "without containing a forbidden prefix; the hub keeps "
		    "advertising its prefixes one by one",
		    prefix_format(&sum_input_at(res, res->blocked_input)->p,
			buf));
		s.prefixes.n = 0;
		s.covers.n = 0;
		s.waste = 0;
	}
	if (s.prefixes.n == 0) {
		s.after_v4 = s.before_v4;
		s.after_v6 = s.before_v6;
		if (s.note == NULL)
			s.note = "no summary lowers the advertised count";
	} else {
		s.after_v4 = res->fam[0].after;
		s.after_v6 = res->fam[1].after;
	}
	record_opens(p, &s, &open);
	if (pol->max_prefixes > 0 && !res->budget_reached && s.note == NULL)
		s.note = arena_printf(a,
		    "no allowed cover reaches %zu "
		    "prefixes; this is the best",
		    pol->max_prefixes);
	/* Current summaries over forbidden space are replaced even when the
	 * safe proposal advertises more: analyze reports them (MP107). */
	if (h->has_summaries)
		unsafe = unsafe_current(a, h, &forbid);
	if (unsafe != NULL)
		s.note = s.prefixes.n > 0 ?
		    unsafe :
		    arena_printf(a,
			"%s; no "
			"safe summary lowers the count: remove the "
			"summarizedGatewayPrefixes",
			unsafe);
	if (s.prefixes.n > 0 && !same_prefixes(&s.prefixes, &s.current) &&
	    (unsafe != NULL ||
		s.after_v4 + s.after_v6 < s.before_v4 + s.before_v6))
		summary_step(p, h, &s, unsafe);
	ARR_PUSH(a, p->summaries, s);
}

void
plan_summaries(void *ctx, const struct estate *e, const struct policy *pol,
    struct plan *p)
{
	struct routing_oracle *ro = ctx;
	struct routing *own = ro->current != NULL ?
	    NULL :
	    routing_new(e, &ro->opts, NULL, 0);
	struct routing *r = own != NULL ? own : ro->current;
	struct arena *tmp = arena_new();
	size_t i;

	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *h = e->vnets.v[i];

		if (h->r.seen && h->role == ROLE_HUB)
			one_hub(p, e, pol, r, h, tmp);
	}
	arena_free(tmp);
	routing_free(own);
}
