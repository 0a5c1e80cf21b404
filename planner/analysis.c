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
 * Index: count_estate, summarize_hubs (MP201), peering_findings (MP102),
 * transit_findings (MP103, reads the summaries), overlap_findings (MP104),
 * pe_findings (MP202, MP203), pe_route_findings (MP112), config_findings
 * (MP111), gateway_findings (MP105, MP106, MP205), route_server_findings
 * (MP204), circuit_findings (MP206), summary_findings (MP107),
 * input_findings (MP301-MP304).
 */
#include "analysis.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "advertise.h"
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
static enum sev
pressure_sev(enum pressure p)
{
	return p == PRESSURE_OVER ? SEV_ERROR :
	    p == PRESSURE_CRITICAL ? SEV_WARNING : SEV_NOTE;
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

static const char *
circuit_name(const struct estate *e, struct arena *a, const char *id)
{
	struct res *r = estate_find(e, id);

	if (r != NULL && r->name != NULL)
		return r->name;
	return id_last_name(a, id);
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

		if (g->r.seen && (g->gw_type == GW_EXPRESSROUTE ||
		    g->gw_type == GW_VPN))
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
		    "instead (meshplan plan computes them)", g->r.name,
		    v4 ? h->adv_v4 : h->adv_v6, v4 ? "IPv4" : "IPv6",
		    100.0 * (v4 ? r4 : r6), v4 ? h->limit_v4 : h->limit_v6,
		    pressure_name(h->level), hub->has_summaries &&
		    hub->summaries.n > 0 ? arena_printf(a, "with its %zu "
		    "current summaries; widen the", hub->summaries.n) : "set",
		    hub->r.name, h->transit_spokes);
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
			qsort(h.circuits.v, h.circuits.n,
			    sizeof(*h.circuits.v), strcase_cmp);
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
/* Peerings and transit                                                 */

static void
peering_findings(struct analysis *an)
{
	const struct estate *e = an->estate;
	size_t i;

	for (i = 0; i < e->peerings.n; i++) {
		const struct peering *p = e->peerings.v[i];
		const char *remote;

		if (!p->r.seen || peering_active(p))
			continue;
		remote = p->remote != NULL && p->remote->r.name != NULL ?
		    p->remote->r.name : p->remote_id ? p->remote_id : "?";
		if (mp_strcaseeq(p->state, "Initiated"))
			finding_add(&an->findings, RULE_PEERING_NOT_CONNECTED,
			    SEV_WARNING, p->r.id, p->r.file,
			    "peering %s from %s to %s is Initiated: create the "
			    "matching peering on %s; no traffic flows until "
			    "both sides are Connected", p->r.name,
			    p->vnet ? p->vnet->r.name : "?", remote, remote);
		else
			finding_add(&an->findings, RULE_PEERING_NOT_CONNECTED,
			    SEV_WARNING, p->r.id, p->r.file,
			    "peering %s from %s to %s is %s: the remote side "
			    "was deleted or never synced; delete this peering "
			    "and create both sides again", p->r.name,
			    p->vnet ? p->vnet->r.name : "?", remote, p->state);
	}
}

/*
 * The first summary of a hub v is peered to that overlaps v's space (R1:
 * with summarizedGatewayPrefixes set, what the hub advertises is the
 * summaries plus uncovered spoke prefixes, so a spoke without gateway
 * transit can be advertised after all). NULL when none.
 */
static const struct prefix *
covering_summary(const struct vnet *v, const struct vnet **hub)
{
	size_t i, j, k;

	for (i = 0; i < v->hubs.n; i++) {
		const struct vnet *h = v->hubs.v[i];

		if (!h->has_summaries)
			continue;
		for (j = 0; j < h->summaries.n; j++)
			for (k = 0; k < v->prefixes.n; k++)
				if (prefix_overlaps(&h->summaries.v[j],
				    &v->prefixes.v[k])) {
					*hub = h;
					return &h->summaries.v[j];
				}
	}
	return NULL;
}

static void
transit_findings(struct analysis *an)
{
	const struct estate *e = an->estate;
	size_t i;

	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];
		const struct vnet *h, *sh = NULL;
		const struct peering *fwd, *back;
		const struct prefix *sum;
		char b[PREFIX_STRLEN];

		if (!v->r.seen || v->role != ROLE_SPOKE ||
		    v->transit_hub != NULL || v->hubs.n == 0)
			continue;
		h = v->hubs.v[0];
		fwd = peering_between(v, h);
		back = peering_between(h, v);
		if ((sum = covering_summary(v, &sh)) != NULL)
			finding_add(&an->findings, RULE_NO_GATEWAY_TRANSIT,
			    SEV_WARNING, v->r.id, v->r.file,
			    "spoke %s is peered to hub %s but does not use its "
			    "gateway (%s), yet summary %s of hub %s covers it: "
			    "it is advertised to on-premises, which sends its "
			    "traffic for %s to %s's gateway, and %s learns no "
			    "route back; set useRemoteGateways on the spoke and "
			    "allowGatewayTransit on the hub side, or narrow the "
			    "summary (meshplan plan leaves it out)", v->r.name,
			    h->r.name, fwd != NULL &&
			    fwd->use_remote_gateways != TRI_TRUE ?
			    "no useRemoteGateways" : "the hub side lacks "
			    "allowGatewayTransit", prefix_format(sum, b),
			    sh->r.name, v->r.name, sh->r.name, v->r.name);
		else if (fwd != NULL && fwd->use_remote_gateways != TRI_TRUE)
			finding_add(&an->findings, RULE_NO_GATEWAY_TRANSIT,
			    SEV_WARNING, v->r.id, v->r.file,
			    "spoke %s is peered to hub %s but its peering %s "
			    "does not set useRemoteGateways: it learns no "
			    "on-premises routes from %s's gateway and is not "
			    "advertised; set useRemoteGateways (and "
			    "allowGatewayTransit on the hub side) or confirm "
			    "it is meant to be isolated", v->r.name,
			    h->r.name, fwd->r.name, h->r.name);
		else
			finding_add(&an->findings, RULE_NO_GATEWAY_TRANSIT,
			    SEV_WARNING, v->r.id, v->r.file,
			    "spoke %s asks for %s's gateway but the hub's "
			    "peering %s does not set allowGatewayTransit: the "
			    "spoke gets no gateway routes; set "
			    "allowGatewayTransit on the hub side", v->r.name,
			    h->r.name, back ? back->r.name : "?");
	}
}

/* ------------------------------------------------------------------ */
/* Address overlap                                                      */

struct span {
	struct prefix p, last;
	size_t vi;		/* index in e->vnets */
};

struct overlap_pair {
	size_t a, b;		/* a < b */
	struct prefix pa, pb;
};

static int
addr_cmp(const struct prefix *a, const struct prefix *b)
{
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	return 0;
}

static int
span_cmp(const void *pa, const void *pb)
{
	const struct span *a = pa, *b = pb;
	int c = prefix_cmp(&a->p, &b->p);

	if (c != 0)
		return c;
	return a->vi < b->vi ? -1 : a->vi > b->vi;
}

static int
pair_cmp(const void *pa, const void *pb)
{
	const struct overlap_pair *a = pa, *b = pb;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return 0;
}

/*
 * The VNet's name, with its resource group and subscription when another
 * seen VNet has the same name (names repeat across subscriptions; "x
 * overlaps x" says nothing). same: name -> count, from name_counts.
 */
static const char *
vnet_label(struct arena *a, const struct strmap *same, const struct vnet *v)
{
	if (v->r.name == NULL ||
	    (uintptr_t)strmap_get(same, v->r.name) < 2)
		return v->r.name;
	return arena_printf(a, "%s (resource group %s, subscription %s)",
	    v->r.name, v->r.resource_group ? v->r.resource_group : "unknown",
	    v->r.subscription ? v->r.subscription : "unknown");
}

static struct strmap *
name_counts(const struct estate *e, struct arena *a)
{
	struct strmap *m = strmap_new(a);
	size_t i;

	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];

		if (v->r.seen && v->r.name != NULL)
			strmap_put(m, v->r.name, (void *)((uintptr_t)
			    strmap_get(m, v->r.name) + 1));
	}
	return m;
}

static void
overlap_findings(struct analysis *an, struct arena *a)
{
	const struct estate *e = an->estate;
	const struct strmap *same = NULL;	/* made when first needed */
	ARR(struct span) sp = { 0 };
	ARR(struct overlap_pair) pairs = { 0 };
	size_t i, j, n;

	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];

		if (!v->r.seen)
			continue;
		for (j = 0; j < v->prefixes.n; j++) {
			struct span s;

			s.p = v->prefixes.v[j];
			s.last = prefix_last(&s.p);
			s.vi = i;
			ARR_PUSH(a, sp, s);
		}
	}
	if (sp.n > 1)
		qsort(sp.v, sp.n, sizeof(*sp.v), span_cmp);
	/* Sorted by first address: j overlaps i while it starts at or
	 * before i's last address. */
	for (i = 0; i < sp.n; i++) {
		for (j = i + 1; j < sp.n; j++) {
			struct overlap_pair op;
			bool swap;

			if (sp.v[j].p.fam != sp.v[i].p.fam ||
			    addr_cmp(&sp.v[j].p, &sp.v[i].last) > 0)
				break;
			if (sp.v[j].vi == sp.v[i].vi)
				continue;
			swap = sp.v[i].vi > sp.v[j].vi;
			op.a = swap ? sp.v[j].vi : sp.v[i].vi;
			op.b = swap ? sp.v[i].vi : sp.v[j].vi;
			op.pa = swap ? sp.v[j].p : sp.v[i].p;
			op.pb = swap ? sp.v[i].p : sp.v[j].p;
			ARR_PUSH(a, pairs, op);
		}
	}
	if (pairs.n == 0)
		return;
	/* qsort is not stable: keep the smallest (pa, pb) per pair by
	 * sorting on it too. */
	qsort(pairs.v, pairs.n, sizeof(*pairs.v), pair_cmp);
	n = 0;
	for (i = 0; i < pairs.n; i++) {
		if (n > 0 && pairs.v[n - 1].a == pairs.v[i].a &&
		    pairs.v[n - 1].b == pairs.v[i].b) {
			struct overlap_pair *k = &pairs.v[n - 1];

			if (prefix_cmp(&pairs.v[i].pa, &k->pa) < 0 ||
			    (prefix_eq(&pairs.v[i].pa, &k->pa) &&
			    prefix_cmp(&pairs.v[i].pb, &k->pb) < 0))
				*k = pairs.v[i];
			continue;
		}
		pairs.v[n++] = pairs.v[i];
	}
	pairs.n = n;
	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];
		struct strbuf sb = STRBUF_INIT;
		size_t cnt = 0, shown = 0;
		struct finding *fd;

		for (j = 0; j < pairs.n; j++) {
			const struct overlap_pair *op = &pairs.v[j];
			const struct prefix *mine, *theirs;
			const struct vnet *o;
			char b1[PREFIX_STRLEN], b2[PREFIX_STRLEN];

			if (op->a != i && op->b != i)
				continue;
			cnt++;
			if (shown == 3)
				continue;
			o = e->vnets.v[op->a == i ? op->b : op->a];
			mine = op->a == i ? &op->pa : &op->pb;
			theirs = op->a == i ? &op->pb : &op->pa;
			if (same == NULL)
				same = name_counts(e, a);
			sb_printf(&sb, "%s%s (%s with %s)", shown ? ", " : "",
			    vnet_label(a, same, o), prefix_format(mine, b1),
			    prefix_format(theirs, b2));
			shown++;
		}
		if (cnt == 0) {
			sb_free(&sb);
			continue;
		}
		if (cnt > shown)
			sb_printf(&sb, " and %zu more", cnt - shown);
		fd = finding_add(&an->findings, RULE_OVERLAP, SEV_WARNING,
		    v->r.id, v->r.file, "%s overlaps %zu other VNet%s: %s; "
		    "overlapping VNets cannot peer and are left out of a mesh "
		    "(renumber one side)", vnet_label(a, same, v), cnt,
		    cnt == 1 ? "" : "s",
		    sb_str(&sb));
		finding_prop(fd, "vnets", (double)cnt);
		sb_free(&sb);
	}
}

/* ------------------------------------------------------------------ */
/* Private endpoints                                                    */

static bool
vnet_hspe(const struct vnet *v)
{
	return v->pe_vnet_policies != NULL &&
	    mp_strcaseeq(v->pe_vnet_policies, "Basic");
}

static void
pe_findings(struct analysis *an)
{
	const struct estate *e = an->estate;
	const struct limits *lim = &an->policy->limits;
	size_t i, j, spoke_pes = 0;

	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];

		if (!v->r.seen)
			continue;
		if (v->role == ROLE_SPOKE)
			spoke_pes += v->npes;
		if (v->npes > lim->vnet_pes)
			an->needs_hspe = true;
	}
	if (spoke_pes > lim->mesh_pes)
		an->needs_hspe = true;
	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];
		size_t limit = vnet_hspe(v) ? lim->vnet_pes_hspe :
		    lim->vnet_pes, peered = v->npes;
		struct finding *fd;

		if (!v->r.seen)
			continue;
		if (v->npes > limit) {
			fd = finding_add(&an->findings, RULE_VNET_PE_LIMIT,
			    SEV_ERROR, v->r.id, v->r.file,
			    "%s holds %zu private endpoints, over the limit of "
			    "%zu per VNet%s", v->r.name, v->npes, limit,
			    vnet_hspe(v) ? " even with HSPE; move endpoints "
			    "to another VNet" : "; enable High Scale Private "
			    "Endpoints (privateEndpointVNetPolicies: Basic, "
			    "feature EnableMaxPrivateEndpointsVia64kPath) or "
			    "move endpoints to another VNet");
			finding_prop(fd, "private_endpoints",
			    (double)v->npes);
			finding_prop(fd, "limit", (double)limit);
		}
		if (vnet_hspe(v))
			continue;
		for (j = 0; j < v->peerings.n; j++) {
			const struct peering *p = v->peerings.v[j];

			if (p->r.seen && peering_active(p) &&
			    p->remote != NULL && p->remote->r.seen)
				peered += p->remote->npes;
		}
		if (peered > lim->peered_pes) {
			fd = finding_add(&an->findings, RULE_VNET_PE_LIMIT,
			    SEV_WARNING, v->r.id, v->r.file,
			    "%s and its peered VNets hold %zu private "
			    "endpoints, over the silent limit of %zu across "
			    "peered VNets without HSPE: connections degrade; "
			    "enable High Scale Private Endpoints", v->r.name,
			    peered, lim->peered_pes);
			finding_prop(fd, "private_endpoints", (double)peered);
			finding_prop(fd, "limit", (double)lim->peered_pes);
		}
	}
	for (i = 0; i < e->subnets.n; i++) {
		const struct subnet *s = e->subnets.v[i];
		const char *pol = s->pe_policies;
		struct finding *fd;

		if (!s->r.seen || s->pes.n == 0 || (pol != NULL &&
		    (mp_strcaseeq(pol, "Enabled") ||
		    mp_strcaseeq(pol, "RouteTableEnabled"))))
			continue;
		fd = finding_add(&an->findings, RULE_HSPE_PREREQ,
		    an->needs_hspe ? SEV_WARNING : SEV_NOTE, s->r.id,
		    s->r.file, "subnet %s%s%s holds %zu private endpoint%s "
		    "with privateEndpointNetworkPolicies %s; High Scale "
		    "Private Endpoints need Enabled or RouteTableEnabled: set "
		    "it before the mesh wave that needs HSPE%s",
		    s->vnet ? s->vnet->r.name : "", s->vnet ? "/" : "",
		    s->r.name, s->pes.n, s->pes.n == 1 ? "" : "s",
		    pol ? pol : "absent (Disabled)",
		    an->needs_hspe ? " (this estate needs HSPE)" : "");
		finding_prop(fd, "private_endpoints", (double)s->pes.n);
	}
}

/*
 * Route-table policy on a subnet with private endpoints (MP112). Microsoft's
 * "Manage network policies for private endpoints": with route tables
 * enabled for private endpoints, a user route whose prefix length is equal
 * to or larger than the prefix length of the VNet address space where the
 * endpoint is provisioned invalidates the endpoint's /32 route; a default
 * route does not. The /32 routes reach the VNet's subnets and those of its
 * peered VNets, so their route tables are the ones read. A route counts when
 * it lies inside the address range of the endpoints' VNet that holds the
 * subnet and overlaps the subnet (where the endpoints' addresses are), and
 * its next hop is not VnetLocal. "planned": the policy is neither Enabled nor
 * RouteTableEnabled today, and the HSPE prerequisite (MP203) turns
 * route-table policy on (RouteTableEnabled, or Enabled from
 * NetworkSecurityGroupEnabled).
 */
static const struct route *
pe_override(const struct subnet *s, const struct route_table *t)
{
	const struct vnet *v = s->vnet;
	size_t i, j, k;

	for (i = 0; i < t->routes.n; i++) {
		const struct route *r = &t->routes.v[i];

		if (!r->is_prefix || r->nh == NH_VNET_LOCAL)
			continue;
		for (j = 0; j < v->prefixes.n; j++) {
			if (!prefix_contains(&v->prefixes.v[j], &r->p))
				continue;
			for (k = 0; k < s->prefixes.n; k++)
				if (prefix_overlaps(&r->p, &s->prefixes.v[k]))
					return r;
		}
	}
	return NULL;
}

struct rt_use {
	const struct route_table *t;
	size_t subnets;
};

static void
rt_count(struct arena *a, void *usesp, const struct vnet *v)
{
	ARR(struct rt_use) *uses = usesp;
	size_t i, j;

	for (i = 0; i < v->subnets.n; i++) {
		const struct route_table *t = v->subnets.v[i]->route_table;
		struct rt_use u;

		if (t == NULL || !t->r.seen)
			continue;
		for (j = 0; j < uses->n; j++)
			if (uses->v[j].t == t)
				break;
		if (j < uses->n) {
			uses->v[j].subnets++;
			continue;
		}
		u.t = t;
		u.subnets = 1;
		ARR_PUSH(a, *uses, u);
	}
}

static void
pe_route_findings(struct analysis *an, struct arena *a)
{
	const struct estate *e = an->estate;
	size_t i, j;

	for (i = 0; i < e->subnets.n; i++) {
		const struct subnet *s = e->subnets.v[i];
		const struct vnet *v = s->vnet;
		const char *pol = s->pe_policies;
		ARR(struct rt_use) uses = { 0 };
		const struct route *first = NULL;
		const struct route_table *ft = NULL;
		size_t ntables = 0, nsubnets = 0;
		bool on;
		char b1[PREFIX_STRLEN];
		struct finding *fd;

		if (!s->r.seen || s->pes.n == 0 || v == NULL || !v->r.seen)
			continue;
		on = pol != NULL && (mp_strcaseeq(pol, "Enabled") ||
		    mp_strcaseeq(pol, "RouteTableEnabled"));
		rt_count(a, &uses, v);
		for (j = 0; j < v->peerings.n; j++) {
			const struct peering *p = v->peerings.v[j];

			if (p->r.seen && peering_active(p) &&
			    p->remote != NULL && p->remote->r.seen &&
			    p->remote != v)
				rt_count(a, &uses, p->remote);
		}
		for (j = 0; j < uses.n; j++) {
			const struct route *r = pe_override(s, uses.v[j].t);

			if (r == NULL)
				continue;
			if (first == NULL) {
				first = r;
				ft = uses.v[j].t;
			}
			ntables++;
			nsubnets += uses.v[j].subnets;
		}
		if (first == NULL)
			continue;
		if (on)
			fd = finding_add(&an->findings,
			    RULE_PE_ROUTES_OVERRIDDEN, SEV_NOTE, s->r.id,
			    s->r.file, "subnet %s/%s holds %zu private "
			    "endpoint%s and has privateEndpointNetworkPolicies "
			    "%s: route %s (%s to %s%s%s) of route table %s%s "
			    "overrides their /32 routes, so traffic to them from "
			    "the %zu subnet%s using %s goes to that next hop, "
			    "not directly; if that is not meant, shorten the "
			    "route or add routes for the endpoints",
			    v->r.name, s->r.name, s->pes.n,
			    s->pes.n == 1 ? "" : "s", pol, first->name,
			    prefix_format(&first->p, b1), first->nh_raw ?
			    first->nh_raw : next_hop_name(first->nh),
			    first->nh_ip ? " " : "", first->nh_ip ?
			    first->nh_ip : "", ft->r.name, ntables > 1 ?
			    arena_printf(a, " (and %zu more route tables)",
			    ntables - 1) : "", nsubnets, nsubnets == 1 ? "" :
			    "s", ntables > 1 ? "these route tables" :
			    "it");
		else
			fd = finding_add(&an->findings,
			    RULE_PE_ROUTES_OVERRIDDEN, an->needs_hspe ?
			    SEV_WARNING : SEV_NOTE, s->r.id, s->r.file,
			    "subnet %s/%s holds %zu private endpoint%s with "
			    "privateEndpointNetworkPolicies %s; the High Scale "
			    "Private Endpoints prerequisite sets %s, and then "
			    "route %s (%s to %s%s%s) of route table %s%s "
			    "overrides their /32 routes: traffic to them from "
			    "the %zu subnet%s using %s goes to that next hop "
			    "instead of directly; before the change, shorten "
			    "the route or add routes for the endpoints if that "
			    "is not meant%s", v->r.name, s->r.name, s->pes.n,
			    s->pes.n == 1 ? "" : "s", pol ? pol :
			    "absent (Disabled)", pol != NULL && mp_strcaseeq(
			    pol, "NetworkSecurityGroupEnabled") ? "Enabled" :
			    "RouteTableEnabled", first->name,
			    prefix_format(&first->p, b1), first->nh_raw ?
			    first->nh_raw : next_hop_name(first->nh),
			    first->nh_ip ? " " : "", first->nh_ip ?
			    first->nh_ip : "", ft->r.name, ntables > 1 ?
			    arena_printf(a, " (and %zu more route tables)",
			    ntables - 1) : "", nsubnets, nsubnets == 1 ? "" :
			    "s", ntables > 1 ? "these route tables" : "it",
			    an->needs_hspe ? " (this estate needs HSPE)" : "");
		finding_prop(fd, "private_endpoints", (double)s->pes.n);
		finding_prop(fd, "route_tables", (double)ntables);
		finding_prop(fd, "subnets", (double)nsubnets);
	}
}

/* ------------------------------------------------------------------ */
/* AVNM configurations                                                  */

/*
 * appliesToGroups[].isGlobal with a groupConnectivity other than
 * DirectlyConnected (MP111). The REST specification has two flags:
 * properties.isGlobal, "Flag if global mesh is supported", and
 * appliesToGroups[].isGlobal, "Flag if global is supported". Microsoft's
 * connectivity-configuration article ties the group-level one to the
 * connected groups that direct connectivity creates in a hub-and-spoke
 * configuration ("enable mesh connectivity across regions for the network
 * group"), and the azurerm provider documents "a group can be global only
 * if the group_connectivity is DirectlyConnected". A Mesh is global by the
 * top-level flag.
 */
static void
config_findings(struct analysis *an, struct arena *a)
{
	const struct estate *e = an->estate;
	size_t i, j;

	for (i = 0; i < e->configs.n; i++) {
		const struct connectivity_config *c = e->configs.v[i];
		bool mesh = c->topology != NULL &&
		    mp_strcaseeq(c->topology, "Mesh");
		bool regional = mesh && c->is_global != TRI_TRUE;
		size_t n = 0;
		const char *first = NULL;
		struct finding *fd;

		if (!c->r.seen)
			continue;
		for (j = 0; j < c->group_ids.n && j < c->group_global.n; j++)
			if (c->group_global.v[j] == TRI_TRUE &&
			    !(j < c->group_direct.n && c->group_direct.v[j])) {
				if (first == NULL)
					first = c->group_ids.v[j];
				n++;
			}
		if (n == 0)
			continue;
		fd = finding_add(&an->findings, RULE_GROUP_GLOBAL,
		    regional ? SEV_WARNING : SEV_NOTE, c->r.id, c->r.file,
		    "connectivity configuration %s (%s) sets isGlobal on %zu "
		    "network group%s (%s%s) whose groupConnectivity is not "
		    "DirectlyConnected: the group-level flag applies to "
		    "direct connectivity only and does nothing here; %s",
		    c->r.name, c->topology ? c->topology : "no topology", n,
		    n == 1 ? "" : "s", res_short_name(a, first),
		    n > 1 ? ", ..." : "", regional ? "the mesh's own isGlobal "
		    "is not True, so the mesh is regional and members in "
		    "different regions do not reach each other: set "
		    "properties.isGlobal to True for a global mesh" : mesh ?
		    "the mesh is global by its own isGlobal; set the group's "
		    "flag to False" : "set DirectlyConnected for direct "
		    "connectivity across regions, or the flag to False");
		finding_prop(fd, "groups", (double)n);
	}
}

/* ------------------------------------------------------------------ */
/* Gateways and circuits                                                */

static void
gateway_findings(struct analysis *an, struct arena *a)
{
	const struct estate *e = an->estate;
	str_arr *gc;
	size_t i, j, k, l;

	gc = arena_calloc(a, e->gateways.n ? e->gateways.n : 1,
	    sizeof(*gc));
	for (i = 0; i < e->gateways.n; i++)
		if (e->gateways.v[i]->r.seen &&
		    e->gateways.v[i]->gw_type == GW_EXPRESSROUTE)
			gateway_circuit_ids(e->gateways.v[i], a, &gc[i]);
	for (i = 0; i < e->gateways.n; i++) {
		const struct gateway *g = e->gateways.v[i];
		struct strbuf others = STRBUF_INIT;
		size_t nothers = 0;
		const char *shared = NULL;

		if (!g->r.seen || g->gw_type != GW_EXPRESSROUTE)
			continue;
		if (g->public_ip_sku != NULL &&
		    mp_strcaseeq(g->public_ip_sku, "Basic"))
			finding_add(&an->findings, RULE_ER_BASIC_IP, SEV_ERROR,
			    g->r.id, g->r.file,
			    "ExpressRoute gateway %s uses a Basic SKU public "
			    "IP, retired on 2025-09-30; migrate it with the "
			    "gateway migration tool: Validate, Prepare (new "
			    "gateway with a Standard IP), Migrate (moves the "
			    "connections), Commit (removes the old gateway), "
			    "in a maintenance window", g->r.name);
		/* Other gateways on the same circuits (R4). */
		for (j = 0; j < e->gateways.n; j++) {
			bool hit = false;

			if (j == i || !e->gateways.v[j]->r.seen)
				continue;
			for (k = 0; k < gc[i].n && !hit; k++)
				for (l = 0; l < gc[j].n && !hit; l++)
					if (mp_strcaseeq(gc[i].v[k],
					    gc[j].v[l])) {
						hit = true;
						if (shared == NULL)
							shared = gc[i].v[k];
					}
			if (!hit)
				continue;
			if (nothers < 3)
				sb_printf(&others, "%s%s", nothers ? ", " : "",
				    e->gateways.v[j]->r.name);
			nothers++;
		}
		if (nothers > 3)
			sb_printf(&others, " and %zu more", nothers - 3);
		if (nothers > 0 && g->allow_remote_vnet_traffic != TRI_FALSE) {
			struct finding *fd;

			fd = finding_add(&an->findings,
			    RULE_REMOTE_VNET_TRAFFIC, SEV_WARNING, g->r.id,
			    g->r.file, "ExpressRoute gateway %s has "
			    "allowRemoteVnetTraffic %s: it learns the VNets "
			    "of %s through circuit %s, so traffic between "
			    "those hubs hairpins through the MSEE; once a "
			    "mesh or hub peering carries it, set "
			    "allowRemoteVnetTraffic to false", g->r.name,
			    g->allow_remote_vnet_traffic == TRI_TRUE ? "true" :
			    "absent (treated as true)", sb_str(&others),
			    circuit_name(e, a, shared));
			finding_prop(fd, "gateways", (double)nothers);
		}
		sb_free(&others);
		/* Redundancy: only for gateways in a hub. */
		if (g->hub == NULL || g->hub->role != ROLE_HUB || gc[i].n == 0)
			continue;
		if (gc[i].n == 1) {
			finding_add(&an->findings, RULE_NO_REDUNDANCY,
			    SEV_WARNING, g->r.id, g->r.file,
			    "ExpressRoute gateway %s of hub %s reaches a "
			    "single circuit (%s): connect a second circuit in "
			    "another peering location", g->r.name,
			    g->hub->r.name, circuit_name(e, a, gc[i].v[0]));
		} else {
			const char *loc = NULL;
			bool same = true;

			for (k = 0; k < gc[i].n && same; k++) {
				const struct circuit *c = (const struct
				    circuit *)estate_find(e, gc[i].v[k]);

				if (c == NULL || c->r.kind != RK_CIRCUIT ||
				    !c->r.seen || c->peering_location == NULL)
					same = false;
				else if (loc == NULL)
					loc = c->peering_location;
				else if (!mp_strcaseeq(loc,
				    c->peering_location))
					same = false;
			}
			if (same && loc != NULL)
				finding_add(&an->findings, RULE_NO_REDUNDANCY,
				    SEV_WARNING, g->r.id, g->r.file,
				    "ExpressRoute gateway %s of hub %s reaches "
				    "%zu circuits, all in peering location %s: "
				    "connect a circuit in another peering "
				    "location", g->r.name, g->hub->r.name,
				    gc[i].n, loc);
		}
	}
}

static void
route_server_findings(struct analysis *an)
{
	const struct estate *e = an->estate;
	const struct limits *lim = &an->policy->limits;
	size_t i;

	for (i = 0; i < e->route_servers.n; i++) {
		const struct route_server *rs = e->route_servers.v[i];
		double r;
		struct finding *fd;

		if (!rs->r.seen)
			continue;
		r = pressure_ratio(rs->npeers, lim->route_server_peers);
		if (pressure_level(r) != PRESSURE_OK) {
			fd = finding_add(&an->findings,
			    RULE_ROUTE_SERVER_LIMITS,
			    pressure_sev(pressure_level(r)), rs->r.id,
			    rs->r.file, "Route Server %s has %zu BGP peers "
			    "of %zu (%s); spread the appliances over another "
			    "Route Server", rs->r.name, rs->npeers,
			    lim->route_server_peers,
			    pressure_name(pressure_level(r)));
			finding_prop(fd, "peers", (double)rs->npeers);
			finding_prop(fd, "limit", (double)
			    lim->route_server_peers);
		}
		r = pressure_ratio(rs->max_routes_per_peer,
		    lim->route_server_routes);
		if (pressure_level(r) != PRESSURE_OK) {
			fd = finding_add(&an->findings,
			    RULE_ROUTE_SERVER_LIMITS,
			    pressure_sev(pressure_level(r)), rs->r.id,
			    rs->r.file, "a BGP peer of Route Server %s sends "
			    "%zu routes of %zu (%s); a peer over the limit is "
			    "dropped: summarize what it advertises",
			    rs->r.name, rs->max_routes_per_peer,
			    lim->route_server_routes,
			    pressure_name(pressure_level(r)));
			finding_prop(fd, "routes",
			    (double)rs->max_routes_per_peer);
			finding_prop(fd, "limit", (double)
			    lim->route_server_routes);
		}
	}
}

/* ------------------------------------------------------------------ */
/* On-premises prefixes per circuit                                     */

static bool
is_ebgp(const struct learned_route *r)
{
	return r->origin != NULL && mp_strcaseeq(r->origin, "EBgp");
}

static void
add_onprem(struct arena *a, const struct ptrie *alladv, prefix_arr *v4,
    prefix_arr *v6, const struct prefix *p)
{
	if (ptrie_get(alladv, p) != NULL)
		return;
	if (p->fam == FAM_V4)
		ARR_PUSH(a, *v4, *p);
	else
		ARR_PUSH(a, *v6, *p);
}

/*
 * The prefixes on-premises advertises to each circuit's private peering,
 * against what the circuit's SKU accepts: 4,000 IPv4 (Standard, Local) or
 * 10,000 (Premium), 100 IPv6 (every SKU); Microsoft's ExpressRoute limits,
 * "Route advertisement limits". Over the limit the BGP session drops.
 * The routes are those of R3 as observed: the circuit's route-table
 * export when given, and the EBgp routes of the learned-routes files of
 * the gateways connected to it, minus every prefix some hub advertises
 * (R1, with current summaries). The policy's and --onprem prefixes are
 * assumptions, not observations, and are not counted. A gateway on
 * several circuits learns all their routes in one file: without the
 * circuit's own export, its count is then an upper bound (said so).
 */
static void
circuit_findings(struct analysis *an, struct arena *a)
{
	const struct estate *e = an->estate;
	const struct limits *lim = &an->policy->limits;
	struct ptrie *alladv = ptrie_new(a);
	size_t i, j, k;

	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *h = e->vnets.v[i];
		struct advertised adv;

		if (!h->r.seen || h->role != ROLE_HUB)
			continue;
		advertised_compute(e, h, true, a, &adv);
		for (j = 0; j < adv.v4.n; j++)
			ptrie_insert(alladv, &adv.v4.v[j], (void *)h, NULL);
		for (j = 0; j < adv.v6.n; j++)
			ptrie_insert(alladv, &adv.v6.v[j], (void *)h, NULL);
	}
	for (i = 0; i < e->circuits.n; i++) {
		const struct circuit *c = e->circuits.v[i];
		prefix_arr v4 = { 0 }, v6 = { 0 };
		bool premium = c->tier != NULL &&
		    mp_strcaseeq(c->tier, "Premium"), bound = false;
		size_t lim4 = premium ? lim->er_onprem_premium :
		    lim->er_onprem_standard, lim6 = lim->er_onprem_ipv6;
		double r4, r6, ratio;
		enum pressure level;
		struct finding *fd;
		str_arr gc = { 0 };

		if (!c->r.seen)
			continue;
		for (j = 0; j < c->routes.n; j++)
			add_onprem(a, alladv, &v4, &v6, &c->routes.v[j].p);
		for (j = 0; j < c->connections.n; j++) {
			const struct connection *cn = c->connections.v[j];
			const struct gateway *g = cn->gateway1;
			size_t before = v4.n + v6.n;

			if (cn->conn_type != CONN_EXPRESSROUTE || g == NULL ||
			    !g->r.seen)
				continue;
			for (k = 0; k < g->learned.n; k++)
				if (is_ebgp(&g->learned.v[k]))
					add_onprem(a, alladv, &v4, &v6,
					    &g->learned.v[k].p);
			gateway_circuit_ids(g, a, &gc);
			if (c->routes.n == 0 && gc.n > 1 && v4.n + v6.n > before)
				bound = true;
		}
		prefix_arr_sort_unique(&v4);
		prefix_arr_sort_unique(&v6);
		r4 = pressure_ratio(v4.n, lim4);
		r6 = pressure_ratio(v6.n, lim6);
		ratio = r4 >= r6 ? r4 : r6;
		level = pressure_level(ratio);
		if (level == PRESSURE_OK)
			continue;
		fd = finding_add(&an->findings, RULE_ONPREM_PRESSURE,
		    pressure_sev(level), c->r.id, c->r.file,
		    "on-premises advertises %s%zu %s prefixes to circuit %s, "
		    "%.0f%% of the %zu its %s private peering accepts (%s)%s; "
		    "over the limit the BGP session goes down: summarize on "
		    "the customer edge%s", bound ? "up to " : "",
		    r4 >= r6 ? v4.n : v6.n, r4 >= r6 ? "IPv4" : "IPv6",
		    c->r.name, 100.0 * ratio, r4 >= r6 ? lim4 : lim6,
		    r4 >= r6 ? (premium ? "Premium" : "Standard") : "IPv6",
		    pressure_name(level), bound ? " (from the learned routes "
		    "of a gateway that also uses other circuits: export this "
		    "circuit's route table for its own count)" : "",
		    r4 >= r6 && !premium ? ", or move the circuit to Premium "
		    "(10,000 IPv4 prefixes)" : "");
		finding_prop(fd, "ipv4", (double)v4.n);
		finding_prop(fd, "limit_ipv4", (double)lim4);
		finding_prop(fd, "ipv6", (double)v6.n);
		finding_prop(fd, "limit_ipv6", (double)lim6);
	}
}

/* ------------------------------------------------------------------ */
/* summarizedGatewayPrefixes                                            */

struct foreign {
	struct prefix p;
	const char *what;	/* "gateway X", "on-premises", "reserved" */
};

typedef ARR(struct foreign) foreign_arr;

static bool
prefix_in(const prefix_arr *arr, const struct prefix *p)
{
	size_t i;

	for (i = 0; i < arr->n; i++)
		if (prefix_eq(&arr->v[i], p))
			return true;
	return false;
}

static void
collect_onprem(const struct learned_route *r, size_t n,
    const prefix_arr *behind, struct arena *a, foreign_arr *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct foreign f;

		if (r[i].origin == NULL || !mp_strcaseeq(r[i].origin, "EBgp") ||
		    prefix_in(behind, &r[i].p))
			continue;
		f.p = r[i].p;
		f.what = "an on-premises route";
		ARR_PUSH(a, *out, f);
	}
}

/*
 * A current summary s of hub h over address space that h's gateways would
 * not advertise without it (VNets that do not use h's gateway): on-premises
 * and the other hubs send traffic for those VNets to h's gateway, and they
 * have no route back through it. One finding per summary. With the policy's
 * summaries.cover_non_transit, covering VNets peered to h is a choice the
 * user made: a note.
 */
static void
nontransit_findings(struct analysis *an, const struct vnet *h,
    const nontransit_arr *ntp, const struct prefix *s)
{
	const nontransit_arr nt = *ntp;
	struct strbuf names = STRBUF_INIT;
	const struct vnet *last = NULL;
	size_t i, nvnets = 0, nprefixes = 0;
	bool chosen = an->policy->cover_non_transit;
	char b1[PREFIX_STRLEN];
	struct finding *fd;

	for (i = 0; i < nt.n; i++) {
		const struct vnet *v = nt.v[i].vnet;

		/* Hubs and spokes of other gateways are in those gateways'
		 * A(G): the check of foreign prefixes names them. */
		if (v->role == ROLE_HUB || v->transit_hub != NULL ||
		    !prefix_overlaps(s, &nt.v[i].p))
			continue;
		nprefixes++;
		if (!nt.v[i].peered)
			chosen = false;
		if (nt.v[i].vnet == last)
			continue;
		last = nt.v[i].vnet;
		if (nvnets < 3)
			sb_printf(&names, "%s%s", nvnets ? ", " : "",
			    last->r.name);
		nvnets++;
	}
	if (nvnets > 3)
		sb_printf(&names, " and %zu more", nvnets - 3);
	if (nvnets > 0) {
		fd = finding_add(&an->findings, RULE_UNSAFE_SUMMARIES,
		    chosen ? SEV_NOTE : SEV_ERROR, h->r.id, h->r.file,
		    "summary %s of hub %s covers %zu prefix%s of %zu VNet%s "
		    "that do%s not use its gateway (%s)%s: on-premises and the "
		    "other hubs send their traffic for them to %s's gateway, "
		    "and they have no route back through it; narrow the "
		    "summary (meshplan plan proposes summaries that leave "
		    "them out) or give those VNets gateway transit",
		    prefix_format(s, b1), h->r.name, nprefixes,
		    nprefixes == 1 ? "" : "es", nvnets, nvnets == 1 ? "" : "s",
		    nvnets == 1 ? "es" : "", sb_str(&names), chosen ? " (allowed by the policy's "
		    "summaries.cover_non_transit)" : "", h->r.name);
		finding_prop(fd, "vnets", (double)nvnets);
		finding_prop(fd, "prefixes", (double)nprefixes);
	}
	sb_free(&names);
}

static void
summary_findings(struct analysis *an, struct arena *a)
{
	const struct estate *e = an->estate;
	const struct policy *pol = an->policy;
	size_t i, j, k;

	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *h = e->vnets.v[i];
		prefix_arr behind = { 0 };
		foreign_arr foreign = { 0 };
		nontransit_arr nt = { 0 };
		char b1[PREFIX_STRLEN], b2[PREFIX_STRLEN];

		if (!h->r.seen || h->role != ROLE_HUB || !h->has_summaries ||
		    h->summaries.n == 0)
			continue;
		nontransit_space(e, h, a, &nt);
		for (j = 0; j < h->prefixes.n; j++)
			ARR_PUSH(a, behind, h->prefixes.v[j]);
		for (j = 0; j < e->vnets.n; j++)
			if (e->vnets.v[j] != h && uses_gateway_of(e->vnets.v[j],
			    h))
				spoke_advertised_prefixes(h, e->vnets.v[j],
				    &behind, a);
		for (j = 0; j < e->vnets.n; j++) {
			const struct vnet *o = e->vnets.v[j];
			struct advertised adv;

			if (o == h || !o->r.seen || o->role != ROLE_HUB)
				continue;
			advertised_compute(e, o, true, a, &adv);
			for (k = 0; k < adv.v4.n + adv.v6.n; k++) {
				struct foreign f;

				f.p = k < adv.v4.n ? adv.v4.v[k] :
				    adv.v6.v[k - adv.v4.n];
				f.what = arena_printf(a, "hub %s's gateway",
				    o->r.name);
				ARR_PUSH(a, foreign, f);
			}
		}
		for (j = 0; j < e->gateways.n; j++)
			collect_onprem(e->gateways.v[j]->learned.v,
			    e->gateways.v[j]->learned.n, &behind, a, &foreign);
		for (j = 0; j < e->circuits.n; j++)
			collect_onprem(e->circuits.v[j]->routes.v,
			    e->circuits.v[j]->routes.n, &behind, a, &foreign);
		for (j = 0; j < pol->onprem.n; j++) {
			struct foreign f = { pol->onprem.v[j],
			    "an on-premises prefix (--onprem/policy)" };

			ARR_PUSH(a, foreign, f);
		}
		for (j = 0; j < pol->reserve.n; j++) {
			struct foreign f = { pol->reserve.v[j],
			    "a reserved range (policy summaries.reserve)" };

			ARR_PUSH(a, foreign, f);
		}
		for (j = 0; j < h->summaries.n; j++) {
			const struct prefix *s = &h->summaries.v[j];
			bool covers = false;

			for (k = 0; k < foreign.n; k++)
				if (prefix_contains(s, &foreign.v[k].p))
					break;
			if (k < foreign.n)
				finding_add(&an->findings,
				    RULE_UNSAFE_SUMMARIES, SEV_ERROR, h->r.id,
				    h->r.file, "summary %s of hub %s covers %s, "
				    "which is %s and not behind this hub: "
				    "on-premises traffic for it would come to "
				    "%s; narrow or drop the summary",
				    prefix_format(s, b1), h->r.name,
				    prefix_format(&foreign.v[k].p, b2),
				    foreign.v[k].what, h->r.name);
			for (k = 0; k < behind.n && !covers; k++)
				covers = prefix_overlaps(s, &behind.v[k]);
			if (!covers)
				finding_add(&an->findings,
				    RULE_UNSAFE_SUMMARIES, SEV_ERROR, h->r.id,
				    h->r.file, "summary %s of hub %s covers "
				    "none of the hub's or its transit spokes' "
				    "addresses: remove it", prefix_format(s, b1),
				    h->r.name);
			nontransit_findings(an, h, &nt, s);
			for (k = j + 1; k < h->summaries.n; k++)
				if (prefix_overlaps(s, &h->summaries.v[k]))
					finding_add(&an->findings,
					    RULE_UNSAFE_SUMMARIES, SEV_ERROR,
					    h->r.id, h->r.file, "summaries %s "
					    "and %s of hub %s overlap: keep "
					    "the shorter one", prefix_format(s,
					    b1), prefix_format(
					    &h->summaries.v[k], b2), h->r.name);
		}
		for (j = 0; j < h->prefixes.n; j++) {
			for (k = 0; k < h->summaries.n; k++)
				if (prefix_contains(&h->summaries.v[k],
				    &h->prefixes.v[j]))
					break;
			if (k == h->summaries.n)
				finding_add(&an->findings,
				    RULE_UNSAFE_SUMMARIES, SEV_ERROR, h->r.id,
				    h->r.file, "hub %s's own prefix %s is in "
				    "no summary: with summarizedGatewayPrefixes "
				    "set the hub's space is no longer advertised, "
				    "so on-premises loses the route to it; add a "
				    "summary that covers it", h->r.name,
				    prefix_format(&h->prefixes.v[j], b1));
		}
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

	u = arena_calloc(a, e->unresolved.n ? e->unresolved.n : 1,
	    sizeof(*u));
	for (i = 0; i < e->unresolved.n; i++)
		u[i] = &e->unresolved.v[i];
	if (e->unresolved.n > 1)
		qsort(u, e->unresolved.n, sizeof(*u), unres_cmp);
	for (i = 0; i < e->unresolved.n; i = j) {
		struct finding *fd;

		for (j = i + 1; j < e->unresolved.n &&
		    mp_strcaseeq(u[j]->to, u[i]->to); j++)
			;
		fd = finding_add(&an->findings, RULE_UNRESOLVED, SEV_NOTE,
		    u[i]->to, u[i]->file, "%s is referenced by %zu "
		    "resource%s (%s %s) but is in no input: meshplan treats it "
		    "as external; add the export of its subscription or "
		    "resource group to analyse it", res_short_name(a,
		    u[i]->to), j - i, j - i == 1 ? "" : "s",
		    res_short_name(a, u[i]->from),
		    u[i]->what ? u[i]->what : "");
		finding_prop(fd, "references", (double)(j - i));
	}
	for (i = 0; i < e->vwan_hubs.n; i++) {
		const struct vwan_hub *h = e->vwan_hubs.v[i];

		if (!h->r.seen)
			continue;
		finding_add(&an->findings, RULE_UNSUPPORTED, SEV_WARNING,
		    h->r.id, h->r.file, "%s is a Virtual WAN hub: out of "
		    "scope (the vWAN hub router already connects its spokes); "
		    "meshplan leaves it and its connections out of the plan",
		    h->r.name);
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
		    NULL, NULL, "%zu resource%s of %zu type%s meshplan does "
		    "not model %s counted and ignored (%s)", total,
		    total == 1 ? "" : "s", e->unknown_types.n,
		    e->unknown_types.n == 1 ? "" : "s",
		    total == 1 ? "was" : "were", sb_str(&sb));
		finding_prop(fd, "resources", (double)total);
		sb_free(&sb);
	}
	if (e->resources_without_properties > 0) {
		struct finding *fd;

		fd = finding_add(&an->findings, RULE_NO_TOPOLOGY,
		    SEV_WARNING, NULL, NULL, "%zu of %zu resources came "
		    "without properties (az resource list without --expand?)%s:"
		    " export with az network vnet list, az graph query or the "
		    "portal's Export template", e->resources_without_properties,
		    e->resources_read, an->counts.vnets == 0 ||
		    e->resources_without_properties >= e->resources_read ?
		    ", so the input holds no topology" : "");
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
		    NULL, "on-premises routes are unknown: give the gateways' "
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
	config_findings(out, a);
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
		fd = finding_add(&an->findings, RULE_HAIRPIN_SPOKE,
		    SEV_WARNING, s->spoke->r.id, s->spoke->r.file,
		    "%s reaches %zu spoke%s through the ExpressRoute edge "
		    "(%zu same-hub, %zu cross-hub) and is reached that way "
		    "from %zu (%zu same-hub, %zu cross-hub); put it in an AVNM "
		    "mesh so spokes reach each other directly (meshplan plan)",
		    s->spoke->r.name, out, out == 1 ? "" : "s",
		    s->out_same_hub, s->out_cross_hub, in, s->in_same_hub,
		    s->in_cross_hub);
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
