/*
 * routecheck.c - simulated routes against captured ones (routecheck.h).
 *
 *   routecheck_subnet    one capture against its subnet's simulation
 *   routecheck_add       collect a subnet's result
 *   routecheck_finish    sort and total
 *   routecheck_estate    every capture the loader placed
 *   routecheck_findings  MP501 per subnet that differs
 *   routecheck_summary   "agrees on N of M routes in K subnets"
 *
 * Both sides become rows of one prefix each (a captured route that lists
 * several prefixes gives one row per prefix), with Azure's spellings
 * (next hop types through next_hop_parse, so VNetGlobalPeering compares
 * as VNetPeering) and sorted next hop addresses. Matching is a merge of
 * the two sorted lists, twice: first on the whole key, then, among what
 * is left, without the state (state differs). A gateway route's next hop
 * addresses are not part of the key (an export does not know them).
 * Rows are sorted before matching, so the result never depends on the
 * order of the capture.
 */
#include "routecheck.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "labels.h"

static const char *const status_names[RC__COUNT] = {
	[RC_AGREE] = "agree",
	[RC_MISSING] = "missing",
	[RC_UNEXPECTED] = "unexpected",
	[RC_STATE] = "state",
	[RC_APART_ENDPOINT] = "service-endpoint",
	[RC_APART_TAG] = "service-tag",
	[RC_APART_GATEWAY] = "gateway-not-exported",
};

const char *
rc_status_name(enum rc_status s)
{
	return s < RC__COUNT ? status_names[s] : "?";
}

/* A row while matching. */
struct mrow {
	struct rc_row row;
	bool gw; /* next hop VirtualNetworkGateway */
	bool used;
};

typedef ARR(struct mrow) mrow_arr;
typedef ARR(struct rc_row) row_arr;

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The addresses sorted, ", "-joined. */
static const char *
join_ips(struct arena *a, const char *const *v, size_t n)
{
	const char **s;
	struct strbuf sb = STRBUF_INIT;
	const char *r;
	size_t i;

	if (n == 0)
		return "";
	s = arena_calloc(a, n, sizeof(*s));
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), str_cmp);
	for (i = 0; i < n; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", s[i]);
	r = arena_strdup(a, sb_str(&sb));
	sb_free(&sb);
	return r;
}

/* Azure's spelling of a source when known, else as given. */
static const char *
canon_source(const char *s)
{
	static const char *const known[] = { "Default", "User",
		"VirtualNetworkGateway", "Unknown" };
	size_t i;

	for (i = 0; i < MP_NELEM(known); i++)
		if (mp_strcaseeq(s, known[i]))
			return known[i];
	return s;
}

static const char *
canon_nh(const char *s)
{
	enum next_hop nh = next_hop_parse(s);

	if (mp_strcaseeq(s, "VNetGlobalPeering"))
		return next_hop_name(NH_VNET_PEERING);
	return nh != NH_OTHER && nh != NH_NONE_SET ? next_hop_name(nh) : s;
}

static int
key_cmp(const struct mrow *x, const struct mrow *y, bool state)
{
	int c;

	if ((c = prefix_cmp(&x->row.p, &y->row.p)) != 0)
		return c;
	if ((c = strcmp(x->row.source, y->row.source)) != 0)
		return c;
	if ((c = strcmp(x->row.nh_type, y->row.nh_type)) != 0)
		return c;
	if (!x->gw && (c = strcmp(x->row.nh_ip, y->row.nh_ip)) != 0)
		return c;
	return state ? strcmp(x->row.state, y->row.state) : 0;
}

static int
mrow_cmp(const void *a, const void *b)
{
	const struct mrow *x = a, *y = b;
	int c = key_cmp(x, y, true);

	if (c != 0)
		return c;
	/* Gateway rows: by address too, so that the order is total. */
	if ((c = strcmp(x->row.nh_ip, y->row.nh_ip)) != 0)
		return c;
	return strcmp(x->row.name ? x->row.name : "",
	    y->row.name ? y->row.name : "");
}

/*
 * Pair unused rows of cap and sim with equal keys (with or without the
 * state) by merging the sorted lists; each pair is reported once, as
 * the captured row, with status st.
 */
static void
match(mrow_arr *cap, mrow_arr *sim, bool state, enum rc_status st)
{
	size_t i = 0, j = 0;

	while (i < cap->n && j < sim->n) {
		struct mrow *c = &cap->v[i], *s = &sim->v[j];
		int k;

		if (c->used) {
			i++;
			continue;
		}
		if (s->used) {
			j++;
			continue;
		}
		k = key_cmp(c, s, state);
		if (k < 0) {
			i++;
		} else if (k > 0) {
			j++;
		} else {
			c->used = s->used = true;
			c->row.status = st;
			c->row.sim_state = s->row.state;
			c->row.nh_tolerated = c->gw &&
			    strcmp(c->row.nh_ip, s->row.nh_ip) != 0;
			if (c->row.name == NULL)
				c->row.name = s->row.name;
			i++;
			j++;
		}
	}
}

/* The gateways whose routes the subnet gets: its hub's. */
static const struct vnet *
gateway_hub(const struct vnet *x)
{
	if (x->role == ROLE_HUB)
		return x;
	return x->transit_hub;
}

static bool
bgp_disabled(const struct subnet *s)
{
	return s->route_table != NULL && s->route_table->r.seen &&
	    s->route_table->disable_bgp == TRI_TRUE;
}

/*
 * A gateway whose learned routes were not exported although the routes
 * of the subnet's gateways depend on them: a gateway of the subnet's
 * hub, or another gateway on one of their ExpressRoute circuits (R3 takes
 * a circuit's on-premises routes from every gateway on it). NULL: none.
 */
static const struct gateway *
gateway_unexported(const struct vnet *x)
{
	const struct vnet *h = gateway_hub(x);
	size_t i, j, k;

	for (i = 0; h != NULL && i < h->gateways.n; i++)
		if (!h->gateways.v[i]->has_learned)
			return h->gateways.v[i];
	for (i = 0; h != NULL && i < h->gateways.n; i++) {
		const struct gateway *g = h->gateways.v[i];

		for (j = 0; j < g->connections.n; j++) {
			const struct circuit *c = g->connections.v[j]->circuit;

			for (k = 0; c != NULL && k < c->connections.n; k++) {
				const struct gateway *g2 = c->connections.v[k]
							       ->gateway1;

				if (g2 != NULL && g2->r.seen &&
				    !g2->has_learned)
					return g2;
			}
		}
	}
	return NULL;
}

/* A gateway of the subnet's hub whose learned routes were saved before
 * the capture; NULL: none. */
static const struct gateway *
gateway_older(const struct vnet *x, const struct capture *c)
{
	const struct vnet *h = gateway_hub(x);
	size_t i;

	for (i = 0; h != NULL && i < h->gateways.n; i++) {
		const struct gateway *g = h->gateways.v[i];

		if (g->has_learned && g->learned_mtime != 0 && c->mtime != 0 &&
		    g->learned_mtime < c->mtime)
			return g;
	}
	return NULL;
}

/* Does Azure say that the subnet's route table disables gateway route
 * propagation (every route carries disableBgpRoutePropagation)? */
static bool
capture_disables_bgp(const struct capture *c)
{
	size_t i;

	for (i = 0; i < c->routes.n; i++)
		if (c->routes.v[i].disable_bgp == TRI_TRUE)
			return true;
	return false;
}

/* The peering of x whose remote prefixes hold p, by preference active. */
static const struct peering *
peering_for(const struct vnet *x, const struct prefix *p)
{
	const struct peering *found = NULL;
	size_t i, k;

	for (i = 0; i < x->peerings.n; i++) {
		const struct peering *pr = x->peerings.v[i];
		const prefix_arr *ps = pr->remote != NULL &&
			pr->remote->r.seen && !pr->complete_vnets_false ?
		    &pr->remote->prefixes :
		    pr->remote_prefixes.n > 0 ? &pr->remote_prefixes :
						&pr->remote_vnet_prefixes;

		for (k = 0; k < ps->n; k++) {
			if (!prefix_contains(&ps->v[k], p))
				continue;
			if (found == NULL ||
			    (!peering_active(found) && peering_active(pr)))
				found = pr;
		}
	}
	return found;
}

static bool
is_reserved_172(const struct prefix *p)
{
	struct prefix r;

	return prefix_parse("172.16.0.0/12", 0, &r, NULL) == 0 &&
	    prefix_eq(p, &r);
}

/* meshplan's explanation of a difference, or NULL. */
static const char *
explain(const struct rc_row *w, const struct capture *c, const struct vnet *x,
    const struct subnet *s, const struct labels *lb, struct arena *a)
{
	const struct route_table *rt = s->route_table;
	const struct gateway *g;
	const struct peering *pr;
	bool user = strcmp(w->source, "User") == 0;

	if (s->route_table_id != NULL && (rt == NULL || !rt->r.seen))
		return arena_printf(a,
		    "the subnet's route table %s is not in "
		    "the inputs: its user routes are not simulated",
		    s->route_table_id);
	if (user && s->route_table_id == NULL && w->status != RC_MISSING)
		return arena_strdup(a,
		    "the inputs give the subnet no route "
		    "table (associated after the export?)");
	if (user && w->status != RC_STATE && rt != NULL)
		return arena_printf(a,
		    "route table %s in the inputs %s this "
		    "route (changed since the export?)",
		    label_res(lb, &rt->r),
		    w->status == RC_MISSING ? "has" : "does not have");
	if (strcmp(w->nh_type, "VNetPeering") == 0) {
		pr = peering_for(x, &w->p);
		if (pr == NULL)
			return arena_printf(a,
			    "no peering of %s in the inputs "
			    "reaches this prefix",
			    label_res(lb, &x->r));
		if (!peering_active(pr))
			return arena_printf(a, "peering %s is %s in the inputs",
			    label_res(lb, &pr->r), pr->state);
		if (pr->remote == NULL || !pr->remote->r.seen)
			return arena_printf(a,
			    "peering %s is active in the "
			    "inputs; its remote VNet is not in them, so its "
			    "prefixes come from the peering's address space",
			    label_res(lb, &pr->r));
		if (w->status == RC_MISSING)
			return arena_printf(a,
			    "peering %s is active in the "
			    "inputs (changed since the export?)",
			    label_res(lb, &pr->r));
		return NULL;
	}
	if (strcmp(w->source, "VirtualNetworkGateway") == 0) {
		if (bgp_disabled(s))
			return arena_printf(a,
			    "route table %s in the inputs "
			    "disables gateway route propagation",
			    label_res(lb, &rt->r));
		if (w->status == RC_MISSING && capture_disables_bgp(c))
			return arena_strdup(a,
			    "Azure says the subnet's route "
			    "table disables gateway route propagation; the "
			    "inputs do not (changed since the export?)");
		if ((g = gateway_older(x, c)) != NULL)
			return arena_printf(a,
			    "the learned-routes file of "
			    "gateway %s (%s) is older than the capture",
			    label_res(lb, &g->r), g->learned_file);
		if (gateway_hub(x) == NULL)
			return arena_printf(a,
			    "%s uses no hub gateway in the "
			    "inputs",
			    label_res(lb, &x->r));
		return NULL;
	}
	if (w->status == RC_STATE)
		return arena_strdup(a,
		    strcmp(w->sim_state, "Invalid") == 0 ?
			"in the inputs a route of the same prefix overrides it "
			"(a user route, or a peering route over a gateway "
			"route)" :
			"no route of the same prefix in the inputs overrides "
			"it "
			"(one added since the export?)");
	if (w->status == RC_UNEXPECTED && strcmp(w->nh_type, "None") == 0 &&
	    is_reserved_172(&w->p))
		return arena_strdup(a,
		    "Azure lists 172.16.0.0/12 on this "
		    "subnet: set reserved_172: true in the policy");
	return NULL;
}

static void
sim_rows(struct routing *r, const struct vnet *x, const struct subnet *s,
    struct arena *a, mrow_arr *out)
{
	eroute_arr rs = { 0 };
	size_t i;

	routing_effective(r, x, s, a, &rs);
	for (i = 0; i < rs.n; i++) {
		const struct eroute *e = &rs.v[i];
		char buf[PREFIX_STRLEN];
		struct mrow m;

		memset(&m, 0, sizeof(m));
		m.row.source = route_source_name(e->source);
		m.row.state = e->active ? "Active" : "Invalid";
		m.row.p = e->p;
		m.row.prefix = arena_strdup(a, prefix_format(&e->p, buf));
		m.row.nh_type = next_hop_name(e->nh);
		m.row.nh_ip = e->nh_ip != NULL ? join_ips(a, &e->nh_ip, 1) : "";
		m.row.name = e->name;
		m.gw = e->nh == NH_GATEWAY;
		ARR_PUSH(a, *out, m);
	}
}

/* Everything a captured route names, ", "-joined. */
static const char *
all_prefixes(const struct captured_route *cr, struct arena *a)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[PREFIX_STRLEN];
	const char *r;
	size_t i;

	for (i = 0; i < cr->prefixes.n; i++)
		sb_printf(&sb, "%s%s", sb.len ? ", " : "",
		    prefix_format(&cr->prefixes.v[i], buf));
	for (i = 0; i < cr->other.n; i++)
		sb_printf(&sb, "%s%s", sb.len ? ", " : "", cr->other.v[i]);
	r = arena_strdup(a, sb_str(&sb));
	sb_free(&sb);
	return r;
}

static void
cap_rows(const struct capture *c, struct arena *a, mrow_arr *out,
    row_arr *apart)
{
	size_t i, k;

	for (i = 0; i < c->routes.n; i++) {
		const struct captured_route *cr = &c->routes.v[i];
		struct mrow m;

		memset(&m, 0, sizeof(m));
		m.row.source = canon_source(cr->source);
		m.row.state = mp_strcaseeq(cr->state, "Active") ? "Active" :
								  "Invalid";
		m.row.nh_type = canon_nh(cr->nh_type);
		m.row.nh_ip = join_ips(a, cr->nh_ips.v, cr->nh_ips.n);
		m.row.name = cr->name;
		m.gw = strcmp(m.row.nh_type, "VirtualNetworkGateway") == 0;
		if (mp_strcaseeq(cr->nh_type,
			"VirtualNetworkServiceEndpoint") ||
		    cr->other.n > 0 || cr->service_tags > 0) {
			m.row.status = mp_strcaseeq(cr->nh_type,
					   "VirtualNetworkServiceEndpoint") ?
			    RC_APART_ENDPOINT :
			    RC_APART_TAG;
			m.row.prefix = all_prefixes(cr, a);
			if (cr->prefixes.n > 0)
				m.row.p = cr->prefixes.v[0];
			ARR_PUSH(a, *apart, m.row);
			continue;
		}
		for (k = 0; k < cr->prefixes.n; k++) {
			char buf[PREFIX_STRLEN];

			m.row.p = cr->prefixes.v[k];
			m.row.prefix = arena_strdup(a,
			    prefix_format(&m.row.p, buf));
			ARR_PUSH(a, *out, m);
		}
	}
}

static int
row_cmp(const void *a, const void *b)
{
	const struct rc_row *x = a, *y = b;
	int c;

	if (x->status != y->status)
		return x->status < y->status ? -1 : 1;
	if ((c = prefix_cmp(&x->p, &y->p)) != 0)
		return c;
	if ((c = strcmp(x->prefix, y->prefix)) != 0)
		return c;
	if ((c = strcmp(x->source, y->source)) != 0)
		return c;
	if ((c = strcmp(x->nh_type, y->nh_type)) != 0)
		return c;
	if ((c = strcmp(x->nh_ip, y->nh_ip)) != 0)
		return c;
	return strcmp(x->state, y->state);
}

/*
 * The names for the explanations (labels.h), made on the first call in
 * *la: only a subnet with a difference pays for them. The caller frees
 * *la; the explanations are copied into the result's arena.
 */
static const struct labels *
rc_labels(struct routing *r, struct arena **la, const struct labels **lb)
{
	if (*lb == NULL) {
		*la = arena_new();
		*lb = labels_new(routing_estate(r), *la);
	}
	return *lb;
}

void
routecheck_subnet(struct routing *r, const struct capture *c,
    const struct vnet *x, const struct subnet *s, struct arena *a,
    struct rc_subnet *out)
{
	mrow_arr cap = { 0 }, sim = { 0 };
	row_arr rows = { 0 };
	const struct gateway *unexported;
	struct arena *la = NULL;
	const struct labels *lb = NULL;
	size_t i;

	MP_ASSERT(s != NULL);
	memset(out, 0, sizeof(*out));
	out->cap = c;
	out->vnet = x;
	out->subnet = s;
	sim_rows(r, x, s, a, &sim);
	cap_rows(c, a, &cap, &rows);
	if (cap.n > 1)
		qsort(cap.v, cap.n, sizeof(*cap.v), mrow_cmp);
	if (sim.n > 1)
		qsort(sim.v, sim.n, sizeof(*sim.v), mrow_cmp);
	match(&cap, &sim, true, RC_AGREE);
	match(&cap, &sim, false, RC_STATE);
	unexported = bgp_disabled(s) ? NULL : gateway_unexported(x);
	for (i = 0; i < cap.n; i++) {
		struct rc_row *w = &cap.v[i].row;

		if (!cap.v[i].used) {
			w->status = unexported != NULL &&
				strcmp(w->source, "VirtualNetworkGateway") ==
				    0 ?
			    RC_APART_GATEWAY :
			    RC_UNEXPECTED;
			w->sim_state = NULL;
		}
		if (w->status == RC_APART_GATEWAY)
			w->why = arena_printf(a,
			    "the learned routes of gateway "
			    "%s were not exported (save az network "
			    "vnet-gateway list-learned-routes as %s.learned."
			    "json)",
			    label_res(rc_labels(r, &la, &lb), &unexported->r),
			    unexported->r.name);
		ARR_PUSH(a, rows, *w);
	}
	for (i = 0; i < sim.n; i++) {
		if (sim.v[i].used)
			continue;
		sim.v[i].row.status = RC_MISSING;
		ARR_PUSH(a, rows, sim.v[i].row);
	}
	for (i = 0; i < rows.n; i++) {
		struct rc_row *w = &rows.v[i];

		if (w->status == RC_AGREE) {
			w->sim_state = NULL;
			if (w->nh_tolerated)
				out->tolerated++;
		}
		if (w->status == RC_MISSING || w->status == RC_UNEXPECTED ||
		    w->status == RC_STATE)
			w->why = explain(w, c, x, s, rc_labels(r, &la, &lb), a);
		out->n[w->status]++;
	}
	if (rows.n > 1)
		qsort(rows.v, rows.n, sizeof(*rows.v), row_cmp);
	out->rows.v = rows.v;
	out->rows.n = rows.n;
	out->rows.cap = rows.cap;
	out->compared = out->n[RC_AGREE] + out->n[RC_MISSING] +
	    out->n[RC_UNEXPECTED] + out->n[RC_STATE];
	out->agrees = out->compared == out->n[RC_AGREE];
	out->label = arena_strdup(a, label_id(rc_labels(r, &la, &lb), s->r.id));
	if (la != NULL)
		arena_free(la);
}

void
routecheck_add(struct routecheck *rc, struct arena *a,
    const struct rc_subnet *s)
{
	ARR_PUSH(a, rc->v, *s);
}

static int
sub_cmp(const void *a, const void *b)
{
	const struct rc_subnet *x = a, *y = b;
	int c = strcmp(x->subnet->r.key, y->subnet->r.key);

	return c != 0 ? c : strcmp(x->cap->file, y->cap->file);
}

void
routecheck_finish(struct routecheck *rc)
{
	size_t i, k;

	if (rc->v.n > 1)
		qsort(rc->v.v, rc->v.n, sizeof(*rc->v.v), sub_cmp);
	rc->subnets = rc->subnets_differ = rc->compared = rc->tolerated = 0;
	memset(rc->n, 0, sizeof(rc->n));
	for (i = 0; i < rc->v.n; i++) {
		const struct rc_subnet *s = &rc->v.v[i];
		bool first = i == 0 || rc->v.v[i - 1].subnet != s->subnet;
		bool differs = !s->agrees;

		/* A subnet with several captures differs if any does. */
		for (k = i + 1; k < rc->v.n && rc->v.v[k].subnet == s->subnet;
		     k++)
			differs = differs || !rc->v.v[k].agrees;
		for (k = i; k > 0 && rc->v.v[k - 1].subnet == s->subnet; k--)
			differs = differs || !rc->v.v[k - 1].agrees;
		if (first) {
			rc->subnets++;
			rc->subnets_differ += differs;
		}
		rc->compared += s->compared;
		rc->tolerated += s->tolerated;
		for (k = 0; k < RC__COUNT; k++)
			rc->n[k] += s->n[k];
	}
}

void
routecheck_estate(struct routing *r, const struct estate *e, struct arena *a,
    struct routecheck *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < e->captures.n; i++) {
		const struct capture *c = e->captures.v[i];
		struct rc_subnet s;

		if (c->subnet == NULL) {
			ARR_PUSH(a, out->unplaced, c);
			continue;
		}
		routecheck_subnet(r, c, c->subnet->vnet, c->subnet, a, &s);
		routecheck_add(out, a, &s);
	}
	routecheck_finish(out);
}

void
routecheck_findings(const struct routecheck *rc, struct findings *f)
{
	size_t i, k;

	for (i = 0; i < rc->v.n; i++) {
		const struct rc_subnet *s = &rc->v.v[i];
		const struct rc_row *w = NULL;
		struct finding *fd;

		if (s->agrees)
			continue;
		for (k = 0; k < s->rows.n && w == NULL; k++)
			if (s->rows.v[k].status == RC_MISSING ||
			    s->rows.v[k].status == RC_UNEXPECTED ||
			    s->rows.v[k].status == RC_STATE)
				w = &s->rows.v[k];
		MP_ASSERT(w != NULL);
		fd = finding_add(f, RULE_MODEL_DISAGREES, SEV_WARNING,
		    s->subnet->r.id, s->cap->file,
		    "Azure's effective routes "
		    "of NIC %s differ from meshplan's simulation: %zu missing, "
		    "%zu unexpected, %zu with another state; first: %s %s %s "
		    "%s%s%s%s. `meshplan routes --check` lists each "
		    "difference.",
		    s->cap->nic != NULL ? s->cap->nic : "(unnamed)",
		    s->n[RC_MISSING], s->n[RC_UNEXPECTED], s->n[RC_STATE],
		    rc_status_name(w->status), w->source, w->prefix, w->nh_type,
		    w->why != NULL ? " (" : "", w->why != NULL ? w->why : "",
		    w->why != NULL ? ")" : "");
		finding_prop(fd, "routes_compared", (double)s->compared);
		finding_prop(fd, "routes_agree", (double)s->n[RC_AGREE]);
		finding_prop(fd, "missing", (double)s->n[RC_MISSING]);
		finding_prop(fd, "unexpected", (double)s->n[RC_UNEXPECTED]);
		finding_prop(fd, "state_differs", (double)s->n[RC_STATE]);
	}
}

const char *
routecheck_summary(const struct routecheck *rc, struct arena *a)
{
	return arena_printf(a, "agrees on %zu of %zu route%s in %zu subnet%s",
	    rc->n[RC_AGREE], rc->compared, rc->compared == 1 ? "" : "s",
	    rc->subnets, rc->subnets == 1 ? "" : "s");
}
