/*
 * routecheck_out.c - render a route check (routecheck_out.h).
 *
 *   routecheck_text        routes --check, text
 *   routecheck_text_brief  analyze's "model agreement" section
 *   routecheck_json_value  the JSON object (routes --check, analyze)
 *   routecheck_json        the same, dumped
 *
 * Order is the check's (subnets by id, rows by status then prefix), so
 * the output is deterministic. Only differences and the routes reported
 * apart are listed: a large subnet agrees on thousands.
 */
#include "routecheck_out.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/arena.h"
#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "../planner/routecheck.h"
#include "analyze_json.h"

static const char *
plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/*
 * Is the row listed? Differences and routes reported apart are; an
 * agreement is not, not even one on a gateway route whose addresses
 * were compared by type (every gateway route of a real capture: they
 * are counted instead).
 */
static bool
listed(const struct rc_row *w)
{
	return w->status != RC_AGREE;
}

static const char *
status_text(const struct rc_row *w)
{
	if (w->status == RC_STATE)
		return "state differs";
	if (w->status >= RC_APART_ENDPOINT)
		return "apart";
	return rc_status_name(w->status);
}

static void
counts_line(struct strbuf *out, const struct rc_subnet *s)
{
	size_t apart = s->n[RC_APART_ENDPOINT] + s->n[RC_APART_TAG] +
	    s->n[RC_APART_GATEWAY];

	sb_printf(out, "agrees on %zu of %zu %s", s->n[RC_AGREE], s->compared,
	    plural(s->compared, "route", "routes"));
	if (!s->agrees)
		sb_printf(out,
		    ": %zu missing, %zu unexpected, %zu state "
		    "differs",
		    s->n[RC_MISSING], s->n[RC_UNEXPECTED], s->n[RC_STATE]);
	if (apart > 0)
		sb_printf(out, "; %zu reported apart", apart);
	if (s->tolerated > 0)
		sb_printf(out, "; %zu gateway next %s compared by type",
		    s->tolerated, plural(s->tolerated, "hop", "hops"));
	sb_putc(out, '\n');
}

static const char *
state_col(struct arena *a, const struct rc_row *w)
{
	if (w->status == RC_STATE)
		return arena_printf(a, "%s (simulated %s)", w->state,
		    w->sim_state);
	if (w->status == RC_MISSING)
		return arena_printf(a, "%s (simulated)", w->state);
	return w->state;
}

static void
rows_table(struct strbuf *out, struct arena *a, const struct rc_subnet *s)
{
	static const char *const head[6] = { "Status", "Source", "State",
		"Address Prefix", "Next Hop Type", "Next Hop IP" };
	size_t w[6], i, k;

	for (k = 0; k < 6; k++)
		w[k] = strlen(head[k]);
	for (i = 0; i < s->rows.n; i++) {
		const struct rc_row *r = &s->rows.v[i];
		const char *col[6] = { status_text(r), r->source,
			state_col(a, r), r->prefix, r->nh_type, r->nh_ip };

		if (!listed(r))
			continue;
		for (k = 0; k < 6; k++)
			if (strlen(col[k]) > w[k])
				w[k] = strlen(col[k]);
	}
	sb_puts(out, "  ");
	for (k = 0; k < 6; k++)
		sb_printf(out, "%-*s%s", k < 5 ? (int)w[k] : 0, head[k],
		    k < 5 ? "  " : "\n");
	for (i = 0; i < s->rows.n; i++) {
		const struct rc_row *r = &s->rows.v[i];
		const char *col[6] = { status_text(r), r->source,
			state_col(a, r), r->prefix, r->nh_type, r->nh_ip };

		if (!listed(r))
			continue;
		sb_puts(out, "  ");
		for (k = 0; k < 5; k++)
			sb_printf(out, "%-*s  ", (int)w[k], col[k]);
		sb_printf(out, "%s\n", col[5]);
		if (r->status >= RC_APART_ENDPOINT)
			sb_printf(out, "    apart: %s\n",
			    r->status == RC_APART_ENDPOINT ?
				"a service "
				"endpoint route (not simulated)" :
				r->status == RC_APART_TAG ?
				"a service tag route "
				"(not simulated)" :
				r->why);
		else if (r->why != NULL)
			sb_printf(out, "    why: %s\n", r->why);
	}
}

static void
summary_line(struct strbuf *out, struct arena *a, const struct routecheck *rc)
{
	size_t apart = rc->n[RC_APART_ENDPOINT] + rc->n[RC_APART_TAG] +
	    rc->n[RC_APART_GATEWAY];

	sb_puts(out, routecheck_summary(rc, a));
	if (rc->subnets_differ > 0)
		sb_printf(out, "; %zu %s", rc->subnets_differ,
		    plural(rc->subnets_differ, "subnet differs",
			"subnets differ"));
	if (apart > 0)
		sb_printf(out, "; %zu %s reported apart", apart,
		    plural(apart, "route", "routes"));
	if (rc->unplaced.n > 0)
		sb_printf(out, "; %zu %s not placed", rc->unplaced.n,
		    plural(rc->unplaced.n, "capture", "captures"));
	sb_putc(out, '\n');
}

void
routecheck_text(struct strbuf *out, const struct routecheck *rc)
{
	struct arena *a = arena_new();
	size_t i, k, from = out->len;

	for (i = 0; i < rc->v.n; i++) {
		const struct rc_subnet *s = &rc->v.v[i];

		sb_printf(out, "Subnet %s (%s)\n", s->subnet->r.name,
		    s->subnet->r.id);
		sb_printf(out, "capture: %s", s->cap->file);
		if (s->cap->nic != NULL)
			sb_printf(out, " (NIC %s)", s->cap->nic);
		sb_putc(out, '\n');
		counts_line(out, s);
		for (k = 0; k < s->rows.n; k++)
			if (listed(&s->rows.v[k])) {
				rows_table(out, a, s);
				break;
			}
		sb_putc(out, '\n');
	}
	for (i = 0; i < rc->unplaced.n; i++)
		sb_printf(out, "not placed: %s\n", rc->unplaced.v[i]->file);
	summary_line(out, a, rc);
	sb_trim_line_ends(out, from);
	arena_free(a);
}

void
routecheck_text_brief(struct strbuf *out, const struct routecheck *rc)
{
	struct arena *a = arena_new();
	size_t i;

	sb_puts(out, "\nmodel agreement: ");
	summary_line(out, a, rc);
	for (i = 0; i < rc->v.n; i++) {
		const struct rc_subnet *s = &rc->v.v[i];

		sb_printf(out, "  %s  %s  ", s->label,
		    s->agrees ? "agrees" : "differs");
		counts_line(out, s);
	}
	for (i = 0; i < rc->unplaced.n; i++)
		sb_printf(out, "  not placed: %s\n", rc->unplaced.v[i]->file);
	arena_free(a);
}

static json_t *
jsize(size_t n)
{
	return json_integer((json_int_t)n);
}

/* "10.0.0.0/8, 10.1.0.0/16" -> ["10.0.0.0/8", "10.1.0.0/16"]. */
static json_t *
split_list(const char *s)
{
	json_t *arr = json_array();
	const char *p = s;

	while (*p != '\0') {
		const char *e = strstr(p, ", ");
		size_t n = e != NULL ? (size_t)(e - p) : strlen(p);
		char *t = xstrndup(p, n);

		json_array_append_new(arr, ajson_str(t));
		free(t);
		p += n;
		if (e != NULL)
			p += 2;
	}
	return arr;
}

static json_t *
row_json(const struct rc_row *w)
{
	json_t *o = json_object();

	ajson_set(o, "status", ajson_str(rc_status_name(w->status)));
	ajson_set(o, "source", ajson_str(w->source));
	ajson_set(o, "state", ajson_str(w->state));
	if (w->status == RC_STATE)
		ajson_set(o, "simulated_state", ajson_str(w->sim_state));
	ajson_set(o, "addressPrefix", split_list(w->prefix));
	ajson_set(o, "nextHopType", ajson_str(w->nh_type));
	ajson_set(o, "nextHopIpAddress", split_list(w->nh_ip));
	if (w->name != NULL)
		ajson_set(o, "name", ajson_str(w->name));
	ajson_set(o, "explanation", ajson_str(w->why));
	return o;
}

static void
counts_json(json_t *o, const size_t n[RC__COUNT], size_t compared,
    size_t tolerated)
{
	json_t *apart = json_object();

	ajson_set(o, "routes_compared", jsize(compared));
	ajson_set(o, "agree", jsize(n[RC_AGREE]));
	ajson_set(o, "missing", jsize(n[RC_MISSING]));
	ajson_set(o, "unexpected", jsize(n[RC_UNEXPECTED]));
	ajson_set(o, "state_differs", jsize(n[RC_STATE]));
	ajson_set(apart, "service_endpoint", jsize(n[RC_APART_ENDPOINT]));
	ajson_set(apart, "service_tag", jsize(n[RC_APART_TAG]));
	ajson_set(apart, "gateway_not_exported", jsize(n[RC_APART_GATEWAY]));
	ajson_set(o, "apart", apart);
	ajson_set(o, "gateway_next_hop_by_type", jsize(tolerated));
}

json_t *
routecheck_json_value(const struct routecheck *rc)
{
	struct arena *a = arena_new();
	json_t *root = json_object(), *tot = json_object(), *subs, *un;
	size_t i, k;

	ajson_set(root, "summary", ajson_str(routecheck_summary(rc, a)));
	ajson_set(tot, "subnets", jsize(rc->subnets));
	ajson_set(tot, "subnets_differ", jsize(rc->subnets_differ));
	counts_json(tot, rc->n, rc->compared, rc->tolerated);
	ajson_set(root, "totals", tot);
	subs = json_array();
	for (i = 0; i < rc->v.n; i++) {
		const struct rc_subnet *s = &rc->v.v[i];
		json_t *o = json_object(), *rows = json_array();

		ajson_set(o, "subnet", ajson_str(s->subnet->r.id));
		ajson_set(o, "vnet", ajson_str(s->vnet->r.id));
		ajson_set(o, "capture", ajson_str(s->cap->file));
		ajson_set(o, "nic", ajson_str(s->cap->nic));
		ajson_set(o, "nic_id",
		    ajson_str(s->cap->nic_res != NULL ? s->cap->nic_res->r.id :
							NULL));
		ajson_set(o, "agrees", json_boolean(s->agrees));
		counts_json(o, s->n, s->compared, s->tolerated);
		for (k = 0; k < s->rows.n; k++)
			if (listed(&s->rows.v[k]))
				json_array_append_new(rows,
				    row_json(&s->rows.v[k]));
		ajson_set(o, "routes", rows);
		json_array_append_new(subs, o);
	}
	ajson_set(root, "subnets", subs);
	un = json_array();
	for (i = 0; i < rc->unplaced.n; i++)
		json_array_append_new(un, ajson_str(rc->unplaced.v[i]->file));
	ajson_set(root, "unplaced", un);
	arena_free(a);
	return root;
}

void
routecheck_json(struct strbuf *out, const struct routecheck *rc)
{
	ajson_dump(out, routecheck_json_value(rc));
}
