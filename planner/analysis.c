/*
 * analysis.c - estate counts, hub summaries and the static findings of
 * DESIGN.md section 4 (see analysis.h).
 *
 * Invariants: only seen resources are counted or judged (a referenced,
 * not-seen resource has no properties to judge); the estate arrays are
 * sorted by key, so every loop below visits resources in id order and
 * the findings come out the same whatever the input order (they are
 * sorted again at the end anyway). Limits come from the policy.
 *
 * Limits of the checks: overlap detection lists pairs of VNets, so an
 * estate of K VNets sharing one prefix costs K^2/2 pairs; on-premises
 * routes for the summary check are the EBgp learned routes, circuit route
 * tables and the policy's onprem list; the per-circuit on-premises count
 * (MP206) leaves the policy's list out (an assumption, not an observation)
 * and is an upper bound when only a gateway shared by several circuits
 * reports it; private endpoint routes (MP112) are judged per subnet, from
 * the route tables of the endpoints' VNet and its peered VNets (not mesh
 * members), without the endpoints' own addresses.
 *
 * The checks are split by job: this file counts, summarizes the hubs,
 * judges the input's coverage and runs everything (analysis_run);
 * analysis_vnets.c judges peerings, transit, overlap, private endpoints
 * and AVNM configurations; analysis_edge.c gateways, Route Servers,
 * circuits and summaries (analysis_checks.h lists them).
 *
 * Index: pressure_name, pressure_ratio, pressure_level, res_short_name,
 * gateway_circuit_ids, count_estate, summarize_hubs (MP201),
 * input_findings (MP301-MP304), analysis_run, analysis_add_hairpins
 * (MP101), analysis_finish.
 */
#include "analysis.h"
#include "analysis_checks.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "advertise.h"
#include "labels.h"
#include "ptrie.h"
#include "topology.h"

const char *
pressure_name(enum pressure p)
{
	switch (p) {
	case PRESSURE_OK:
		return "ok";
	case PRESSURE_WARN:
		return "warn";
	case PRESSURE_CRITICAL:
		return "critical";
	case PRESSURE_OVER:
		return "over";
	}
	return "?";
}

double
pressure_ratio(size_t count, size_t limit)
{
	if (limit == 0)
		return 0.0;
	return (double)count / (double)limit;
}

enum pressure
pressure_level(double ratio)
{
	if (ratio >= 1.0)
		return PRESSURE_OVER;
	if (ratio >= 0.9)
		return PRESSURE_CRITICAL;
	if (ratio >= 0.7)
		return PRESSURE_WARN;
	return PRESSURE_OK;
}

/* Severity of a pressure finding: note at warn, warning at critical,
 * error over the limit. */
enum sev
pressure_sev(enum pressure p)
{
	return p == PRESSURE_OVER  ? SEV_ERROR :
	    p == PRESSURE_CRITICAL ? SEV_WARNING :
				     SEV_NOTE;
}

const char *
res_short_name(struct arena *a, const char *id)
{
	const char *p, *q;
	struct strbuf sb = STRBUF_INIT;
	char *out;
	int seg = 0;

	if (id == NULL)
		return NULL;
	/* Find the last "/providers/" and keep the name segments after
	 * the namespace: ns/type/name/child/name -> name/name. */
	p = NULL;
	for (q = id; (q = strchr(q, '/')) != NULL; q++)
		if (mp_strcase_prefix(q, "/providers/"))
			p = q + strlen("/providers/");
	if (p == NULL)
		return id;
	for (q = p; *q != '\0'; seg++) {
		const char *e = strchr(q, '/');
		size_t n = e ? (size_t)(e - q) : strlen(q);

		if (seg >= 2 && seg % 2 == 0) {
			if (sb.len > 0)
				sb_putc(&sb, '/');
			sb_putn(&sb, q, n);
		}
		q += n;
		if (*q == '/')
			q++;
	}
	if (sb.len == 0) {
		sb_free(&sb);
		return id;
	}
	out = arena_strdup(a, sb_str(&sb));
	sb_free(&sb);
	return out;
}

static int
strcase_cmp(const void *pa, const void *pb)
{
	const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
	int c = mp_strcasecmp(a, b);

	return c != 0 ? c : strcmp(a, b);
}

void
gateway_circuit_ids(const struct gateway *g, struct arena *a, str_arr *out)
{
	size_t i, j, n = 0;

	out->n = 0;
	for (i = 0; i < g->connections.n; i++) {
		const struct connection *c = g->connections.v[i];

		if (c->conn_type == CONN_EXPRESSROUTE && c->circuit_id != NULL)
			ARR_PUSH(a, *out, c->circuit_id);
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), strcase_cmp);
	for (i = 0; i < out->n; i++) {
		for (j = 0; j < n; j++)
			if (mp_strcaseeq(out->v[j], out->v[i]))
				break;
		if (j == n)
			out->v[n++] = out->v[i];
	}
	out->n = n;
}

static bool
str_arr_has(const str_arr *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (mp_strcaseeq(s->v[i], id))
			return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* Counts and hubs                                                      */

static void
count_estate(struct analysis *an)
{
	const struct estate *e = an->estate;
	struct estate_counts *c = &an->counts;
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];

		if (!v->r.seen)
			continue;
		c->vnets++;
		if (v->role == ROLE_HUB)
			c->hubs++;
		else if (v->role == ROLE_SPOKE)
			c->spokes++;
	}
	for (i = 0; i < e->gateways.n; i++) {
		const struct gateway *g = e->gateways.v[i];

		if (g->r.seen &&
		    (g->gw_type == GW_EXPRESSROUTE || g->gw_type == GW_VPN))
			c->gateways++;
	}
	for (i = 0; i < e->circuits.n; i++)
		c->circuits += e->circuits.v[i]->r.seen;
	for (i = 0; i < e->pes.n; i++)
		c->private_endpoints += e->pes.v[i]->r.seen;
	for (i = 0; i < e->peerings.n; i++)
		c->peerings += e->peerings.v[i]->r.seen;
}

static bool
vnet_in(const struct vnet *const *v, size_t n, const struct vnet *x)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

static void
pressure_findings(struct analysis *an, struct arena *a,
    const struct hub_info *h)
{
	const struct vnet *hub = h->vnet;
	double r4 = pressure_ratio(h->adv_v4, h->limit_v4);
	double r6 = pressure_ratio(h->adv_v6, h->limit_v6);
	size_t i;

	if (h->level == PRESSURE_OK)
		return;
	for (i = 0; i < hub->gateways.n; i++) {
		const struct gateway *g = hub->gateways.v[i];
		bool v4 = r4 >= r6;
		struct finding *fd;

		fd = finding_add(&an->findings, RULE_PREFIX_PRESSURE,
		    pressure_sev(h->level), g->r.id, g->r.file,
		    "%s advertises %zu %s prefixes to on-premises, %.0f%% of "
		    "the %zu limit (%s); %s summarizedGatewayPrefixes on hub "
		    "%s to advertise summaries of its %zu transit spokes "
		    "instead (meshplan plan computes them)",
		    label_res(an->labels, &g->r), v4 ? h->adv_v4 : h->adv_v6,
		    v4 ? "IPv4" : "IPv6", 100.0 * (v4 ? r4 : r6),
		    v4 ? h->limit_v4 : h->limit_v6, pressure_name(h->level),
		    hub->has_summaries && hub->summaries.n > 0 ?
			arena_printf(a,
			    "with its %zu "
			    "current summaries; widen the",
			    hub->summaries.n) :
			"set",
		    label_res(an->labels, &hub->r), h->transit_spokes);
		finding_prop(fd, "ipv4", (double)h->adv_v4);
		finding_prop(fd, "limit_ipv4", (double)h->limit_v4);
		finding_prop(fd, "ipv6", (double)h->adv_v6);
		finding_prop(fd, "limit_ipv6", (double)h->limit_v6);
	}
}

static void
summarize_hubs(struct analysis *an, struct arena *a)
{
	const struct estate *e = an->estate;
	const struct limits *lim = &an->policy->limits;
	size_t i, j, k;

	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];
		struct hub_info h;
		struct advertised adv;
		str_arr gc = { 0 };

		if (!v->r.seen || v->role != ROLE_HUB)
			continue;
		memset(&h, 0, sizeof(h));
		h.vnet = v;
		for (j = 0; j < v->gateways.n; j++) {
			gateway_circuit_ids(v->gateways.v[j], a, &gc);
			for (k = 0; k < gc.n; k++)
				if (!str_arr_has(&h.circuits, gc.v[k]))
					ARR_PUSH(a, h.circuits, gc.v[k]);
		}
		if (h.circuits.n > 1)
			qsort(h.circuits.v, h.circuits.n, sizeof(*h.circuits.v),
			    strcase_cmp);
		for (j = 0; j < e->vnets.n; j++) {
			const struct vnet *s = e->vnets.v[j];

			if (s->r.seen && s->role == ROLE_SPOKE &&
			    vnet_in((const struct vnet *const *)s->hubs.v,
				s->hubs.n, v))
				h.spokes++;
		}
		advertised_compute(e, v, true, a, &adv);
		h.transit_spokes = adv.spokes.n;
		h.adv_v4 = adv.v4.n;
		h.adv_v6 = adv.v6.n;
		h.limit_v4 = lim->gateway_ipv4;
		h.limit_v6 = lim->gateway_ipv6;
		h.ratio = pressure_ratio(h.adv_v4, h.limit_v4);
		if (pressure_ratio(h.adv_v6, h.limit_v6) > h.ratio)
			h.ratio = pressure_ratio(h.adv_v6, h.limit_v6);
		h.level = pressure_level(h.ratio);
		ARR_PUSH(a, an->hubs, h);
		pressure_findings(an, a, &an->hubs.v[an->hubs.n - 1]);
	}
}

/* ------------------------------------------------------------------ */
/* Input coverage                                                       */

static int
unres_cmp(const void *pa, const void *pb)
{
	const struct unresolved *a = *(const struct unresolved *const *)pa;
	const struct unresolved *b = *(const struct unresolved *const *)pb;
	int c;

	if ((c = mp_strcasecmp(a->to, b->to)) != 0)
		return c;
	if ((c = strcmp(a->to, b->to)) != 0)
		return c;
	if ((c = mp_strcasecmp(a->from, b->from)) != 0)
		return c;
	return strcmp(a->what ? a->what : "", b->what ? b->what : "");
}

static void
input_findings(struct analysis *an, struct arena *a)
{
	const struct estate *e = an->estate;
	const struct unresolved **u;
	size_t i, j, ngw = 0;

	u = arena_calloc(a, e->unresolved.n ? e->unresolved.n : 1, sizeof(*u));
	for (i = 0; i < e->unresolved.n; i++)
		u[i] = &e->unresolved.v[i];
	if (e->unresolved.n > 1)
		qsort(u, e->unresolved.n, sizeof(*u), unres_cmp);
	for (i = 0; i < e->unresolved.n; i = j) {
		struct finding *fd;

		for (j = i + 1;
		     j < e->unresolved.n && mp_strcaseeq(u[j]->to, u[i]->to);
		     j++)
			;
		fd = finding_add(&an->findings, RULE_UNRESOLVED, SEV_NOTE,
		    u[i]->to, u[i]->file,
		    "%s is referenced by %zu "
		    "resource%s (%s %s) but is in no input: meshplan treats it "
		    "as external; add the export of its subscription or "
		    "resource group to analyse it",
		    label_id(an->labels, u[i]->to), j - i,
		    j - i == 1 ? "" : "s", label_id(an->labels, u[i]->from),
		    u[i]->what ? u[i]->what : "");
		finding_prop(fd, "references", (double)(j - i));
	}
	for (i = 0; i < e->vwan_hubs.n; i++) {
		const struct vwan_hub *h = e->vwan_hubs.v[i];

		if (!h->r.seen)
			continue;
		finding_add(&an->findings, RULE_UNSUPPORTED, SEV_WARNING,
		    h->r.id, h->r.file,
		    "%s is a Virtual WAN hub: out of "
		    "scope (the vWAN hub router already connects its spokes); "
		    "meshplan leaves it and its connections out of the plan",
		    label_res(an->labels, &h->r));
	}
	if (e->unknown_types.n > 0) {
		struct strbuf sb = STRBUF_INIT;
		size_t total = 0;
		struct finding *fd;

		for (i = 0; i < e->unknown_types.n; i++) {
			total += e->unknown_types.v[i].count;
			if (i < 5)
				sb_printf(&sb, "%s%s %zu", i ? ", " : "",
				    e->unknown_types.v[i].type,
				    e->unknown_types.v[i].count);
		}
		if (e->unknown_types.n > 5)
			sb_printf(&sb, " and %zu more types",
			    e->unknown_types.n - 5);
		fd = finding_add(&an->findings, RULE_UNSUPPORTED, SEV_NOTE,
		    NULL, NULL,
		    "%zu resource%s of %zu type%s meshplan does "
		    "not model %s counted and ignored (%s)",
		    total, total == 1 ? "" : "s", e->unknown_types.n,
		    e->unknown_types.n == 1 ? "" : "s",
		    total == 1 ? "was" : "were", sb_str(&sb));
		finding_prop(fd, "resources", (double)total);
		sb_free(&sb);
	}
	if (e->resources_without_properties > 0) {
		struct finding *fd;

		fd = finding_add(&an->findings, RULE_NO_TOPOLOGY, SEV_WARNING,
		    NULL, NULL,
		    "%zu of %zu resources came "
		    "without properties (az resource list without --expand?)%s:"
		    " export with az network vnet list, az graph query or the "
		    "portal's Export template",
		    e->resources_without_properties, e->resources_read,
		    an->counts.vnets == 0 ||
			    e->resources_without_properties >=
				e->resources_read ?
			", so the input holds no topology" :
			"");
		finding_prop(fd, "resources",
		    (double)e->resources_without_properties);
	}
	for (i = 0; i < e->gateways.n; i++)
		if (e->gateways.v[i]->r.seen &&
		    e->gateways.v[i]->gw_type == GW_EXPRESSROUTE &&
		    e->gateways.v[i]->hub != NULL)
			ngw++;
	if (ngw > 0 && !e->has_onprem_routes && an->policy->onprem.n == 0)
		finding_add(&an->findings, RULE_ONPREM_UNKNOWN, SEV_NOTE, NULL,
		    NULL,
		    "on-premises routes are unknown: give the gateways' "
		    "learned routes (<gateway>.learned.json from az network "
		    "vnet-gateway list-learned-routes) or --onprem PREFIX; "
		    "paths are analysed as if on-premises advertised nothing "
		    "(cross-hub hairpins are still found)");
}

void
analysis_run(struct analysis *out, const struct estate *e,
    const struct policy *p, struct arena *a)
{
	memset(out, 0, sizeof(*out));
	out->estate = e;
	out->policy = p;
	out->labels = labels_new(e, a);
	findings_init(&out->findings, a);
	count_estate(out);
	summarize_hubs(out, a);
	peering_findings(out);
	transit_findings(out);
	overlap_findings(out, a);
	pe_findings(out);
	gateway_findings(out, a);
	route_server_findings(out);
	circuit_findings(out, a);
	pe_route_findings(out, a);
	config_findings(out);
	summary_findings(out, a);
	input_findings(out, a);
	analysis_finish(out);
}

void
analysis_add_hairpins(struct analysis *an, const struct hairpins *h)
{
	size_t i;

	an->has_hairpins = true;
	an->hairpins = *h;
	for (i = 0; i < h->spoke_counts.n; i++) {
		const struct hairpin_spoke *s = &h->spoke_counts.v[i];
		size_t out = s->out_same_hub + s->out_cross_hub;
		size_t in = s->in_same_hub + s->in_cross_hub;
		struct finding *fd;

		if (out == 0 && in == 0)
			continue;
		fd = finding_add(&an->findings, RULE_HAIRPIN_SPOKE, SEV_WARNING,
		    s->spoke->r.id, s->spoke->r.file,
		    "%s reaches %zu spoke%s through the ExpressRoute edge "
		    "(%zu same-hub, %zu cross-hub) and is reached that way "
		    "from %zu (%zu same-hub, %zu cross-hub); put it in an AVNM "
		    "mesh so spokes reach each other directly (meshplan plan)",
		    label_res(an->labels, &s->spoke->r), out,
		    out == 1 ? "" : "s", s->out_same_hub, s->out_cross_hub, in,
		    s->in_same_hub, s->in_cross_hub);
		finding_prop(fd, "out_same_hub", (double)s->out_same_hub);
		finding_prop(fd, "out_cross_hub", (double)s->out_cross_hub);
		finding_prop(fd, "in_same_hub", (double)s->in_same_hub);
		finding_prop(fd, "in_cross_hub", (double)s->in_cross_hub);
	}
	analysis_finish(an);
}

void
analysis_finish(struct analysis *an)
{
	findings_sort(&an->findings);
}
