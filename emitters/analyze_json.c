/*
 * analyze_json.c - `analyze --format json`.
 *
 * Key order (fixed, as written here):
 *   estate      vnets hubs spokes gateways circuits private_endpoints
 *               peerings
 *   hubs[]      id name region subscription resource_group gateways[]
 *               circuits[] spokes transit_spokes advertised{ipv4 ipv6
 *               limit_ipv4 limit_ipv6 pressure ratio}
 *   hairpins    (only when routing ran) pairs same_hub cross_hub inspected
 *               pairs_considered groups[]{src_hub dst_hub circuit
 *               src_gateway dst_gateway scope route pairs inspected}
 *               spokes[]{id name hub out_same_hub out_cross_hub
 *               in_same_hub in_cross_hub}
 *   agreement   (only with captured effective routes among the inputs)
 *               routecheck_out.h's object: summary totals subnets[]
 *               unplaced[]
 *   findings[]  rule name severity resource message file properties{}
 *   unresolved[] from to what file pointer
 *   unknown_types[] type count
 *   coverage[]  type read used ignored why referenced_not_seen
 *   avnm_configurations[] id name topology global hubs[]{id seen}
 *               groups[]{id seen connectivity members[]{id seen}}
 *   diagnostics[] severity code file line column pointer resource message
 * "pressure" is the level (ok|warn|critical|over) of "ratio", the larger
 * of count/limit for IPv4 and IPv6, rounded to 3 decimals. A finding
 * about the whole estate has "resource": null. Strings are always valid
 * UTF-8 (bad bytes become U+FFFD).
 */
#include "analyze_json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/diag.h"
#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "../planner/analysis.h"
#include "../planner/coverage.h"
#include "jsonw.h"
#include "routecheck_out.h"

/* Length of the valid UTF-8 sequence at s, or 0 when invalid. */
static size_t
utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned c = s[0];
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

json_t *
ajson_str(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p;
	json_t *j;

	if (s == NULL)
		return json_null();
	if ((j = json_string(s)) != NULL)
		return j;
	for (p = (const unsigned char *)s; *p != '\0';) {
		size_t n = utf8_len(p);

		if (n == 0) {
			sb_puts(&sb, "\xef\xbf\xbd");
			p++;
		} else {
			sb_putn(&sb, (const char *)p, n);
			p += n;
		}
	}
	j = json_string(sb_str(&sb));
	sb_free(&sb);
	MP_ASSERT(j != NULL);
	return j;
}

void
ajson_set(json_t *obj, const char *key, json_t *value)
{
	MP_ASSERT(value != NULL);
	if (json_object_set_new(obj, key, value) != 0)
		mp_oom(0);
}

static void
jpush(json_t *arr, json_t *value)
{
	MP_ASSERT(value != NULL);
	if (json_array_append_new(arr, value) != 0)
		mp_oom(0);
}

void
ajson_dump(struct strbuf *out, json_t *j)
{
	char *s = json_dumps(j,
	    JSON_INDENT(2) | JSON_PRESERVE_ORDER |
		JSON_REAL_PRECISION(AJSON_PRECISION));

	if (s == NULL)
		mp_oom(0);
	sb_puts(out, s);
	sb_putc(out, '\n');
	free(s);
	json_decref(j);
}

static json_t *
jsize(size_t n)
{
	return json_integer((json_int_t)n);
}

json_t *
ajson_num(double v)
{
	if (v == floor(v) && fabs(v) < 9e15)
		return json_integer((json_int_t)v);
	return json_real(round(v * 1000.0) / 1000.0);
}

static json_t *
diag_json(const struct diag *g)
{
	json_t *o = json_object();

	ajson_set(o, "severity", ajson_str(diag_sev_name(g->sev)));
	ajson_set(o, "code", ajson_str(g->code));
	ajson_set(o, "file", ajson_str(g->file));
	ajson_set(o, "line", json_integer(g->line));
	ajson_set(o, "column", json_integer(g->col));
	ajson_set(o, "pointer", ajson_str(g->pointer));
	ajson_set(o, "resource", ajson_str(g->resource));
	ajson_set(o, "message", ajson_str(g->msg));
	return o;
}

static json_t *
estate_json(const struct estate_counts *c)
{
	json_t *o = json_object();

	ajson_set(o, "vnets", jsize(c->vnets));
	ajson_set(o, "hubs", jsize(c->hubs));
	ajson_set(o, "spokes", jsize(c->spokes));
	ajson_set(o, "gateways", jsize(c->gateways));
	ajson_set(o, "circuits", jsize(c->circuits));
	ajson_set(o, "private_endpoints", jsize(c->private_endpoints));
	ajson_set(o, "peerings", jsize(c->peerings));
	return o;
}

static json_t *
hub_json(const struct hub_info *h)
{
	const struct vnet *v = h->vnet;
	json_t *o = json_object(), *gws = json_array(), *cs = json_array();
	json_t *adv = json_object();
	size_t i;

	ajson_set(o, "id", ajson_str(v->r.id));
	ajson_set(o, "name", ajson_str(v->r.name));
	ajson_set(o, "region", ajson_str(v->r.location));
	ajson_set(o, "subscription", ajson_str(v->r.subscription));
	ajson_set(o, "resource_group", ajson_str(v->r.resource_group));
	for (i = 0; i < v->gateways.n; i++)
		jpush(gws, ajson_str(v->gateways.v[i]->r.id));
	ajson_set(o, "gateways", gws);
	for (i = 0; i < h->circuits.n; i++)
		jpush(cs, ajson_str(h->circuits.v[i]));
	ajson_set(o, "circuits", cs);
	ajson_set(o, "spokes", jsize(h->spokes));
	ajson_set(o, "transit_spokes", jsize(h->transit_spokes));
	ajson_set(adv, "ipv4", jsize(h->adv_v4));
	ajson_set(adv, "ipv6", jsize(h->adv_v6));
	ajson_set(adv, "limit_ipv4", jsize(h->limit_v4));
	ajson_set(adv, "limit_ipv6", jsize(h->limit_v6));
	ajson_set(adv, "pressure", ajson_str(pressure_name(h->level)));
	ajson_set(adv, "ratio", ajson_num(h->ratio));
	ajson_set(o, "advertised", adv);
	return o;
}

static json_t *
finding_json(const struct finding *f)
{
	json_t *o = json_object(), *props = json_object();
	size_t i;

	ajson_set(o, "rule", ajson_str(f->rule->id));
	ajson_set(o, "name", ajson_str(f->rule->name));
	ajson_set(o, "severity", ajson_str(sev_name(f->sev)));
	ajson_set(o, "resource", ajson_str(f->resource));
	ajson_set(o, "message", ajson_str(f->message));
	ajson_set(o, "file", ajson_str(f->file));
	for (i = 0; i < f->nprops; i++)
		ajson_set(props, f->props[i].key, ajson_num(f->props[i].value));
	ajson_set(o, "properties", props);
	if (f->suppressed != NULL) {
		json_t *s = json_object();

		ajson_set(s, "reason", ajson_str(f->suppressed->reason));
		ajson_set(s, "expires", ajson_str(f->suppressed->expires));
		ajson_set(s, "resource", ajson_str(f->suppressed->resource));
		ajson_set(o, "suppression", s);
	}
	return o;
}

static const char *
res_id(const struct res *r)
{
	return r != NULL ? r->id : NULL;
}

static json_t *
hp_group_json(const struct hairpin_group *g)
{
	json_t *j = json_object();

	ajson_set(j, "src_hub",
	    ajson_str(res_id(g->src_hub ? &g->src_hub->r : NULL)));
	ajson_set(j, "dst_hub",
	    ajson_str(res_id(g->dst_hub ? &g->dst_hub->r : NULL)));
	ajson_set(j, "circuit",
	    ajson_str(res_id(g->circuit ? &g->circuit->r : NULL)));
	ajson_set(j, "src_gateway",
	    ajson_str(res_id(g->src_gw ? &g->src_gw->r : NULL)));
	ajson_set(j, "dst_gateway",
	    ajson_str(res_id(g->dst_gw ? &g->dst_gw->r : NULL)));
	ajson_set(j, "scope", ajson_str(hp_scope_name(g->scope)));
	ajson_set(j, "route", ajson_str(g->route));
	ajson_set(j, "pairs", jsize(g->pairs));
	ajson_set(j, "inspected", jsize(g->inspected));
	return j;
}

static json_t *
hp_spoke_json(const struct hairpin_spoke *s)
{
	json_t *j = json_object();

	ajson_set(j, "id", ajson_str(s->spoke->r.id));
	ajson_set(j, "name", ajson_str(s->spoke->r.name));
	ajson_set(j, "hub", ajson_str(res_id(s->hub ? &s->hub->r : NULL)));
	ajson_set(j, "out_same_hub", jsize(s->out_same_hub));
	ajson_set(j, "out_cross_hub", jsize(s->out_cross_hub));
	ajson_set(j, "in_same_hub", jsize(s->in_same_hub));
	ajson_set(j, "in_cross_hub", jsize(s->in_cross_hub));
	return j;
}

/* Write v (a new reference) and drop it. */
static void
put(struct jw *w, json_t *v)
{
	jw_json(w, v);
	json_decref(v);
}

static void
kput(struct jw *w, const char *key, json_t *v)
{
	jw_key(w, key);
	put(w, v);
}

static void
hairpins_write(struct jw *w, const struct hairpins *h)
{
	size_t i;

	jw_open(w, '{');
	kput(w, "pairs", jsize(h->pairs));
	kput(w, "same_hub", jsize(h->same_hub));
	kput(w, "cross_hub", jsize(h->cross_hub));
	kput(w, "inspected", jsize(h->inspected));
	kput(w, "pairs_considered", jsize(h->pairs_considered));
	jw_key(w, "groups");
	jw_open(w, '[');
	for (i = 0; i < h->groups.n; i++)
		put(w, hp_group_json(&h->groups.v[i]));
	jw_close(w, ']');
	jw_key(w, "spokes");
	jw_open(w, '[');
	for (i = 0; i < h->spoke_counts.n; i++)
		put(w, hp_spoke_json(&h->spoke_counts.v[i]));
	jw_close(w, ']');
	jw_close(w, '}');
}

static json_t *
id_seen(const char *id, bool seen)
{
	json_t *o = json_object();

	ajson_set(o, "id", ajson_str(id));
	ajson_set(o, "seen", json_boolean(seen));
	return o;
}

/* Existing AVNM connectivity configurations with their groups' members. */
static void
avnm_write(struct jw *w, const struct estate *e)
{
	size_t i, j, k;

	jw_open(w, '[');
	for (i = 0; i < e->configs.n; i++) {
		const struct connectivity_config *c = e->configs.v[i];
		json_t *o, *hubs, *groups;

		if (!c->r.seen)
			continue;
		o = json_object();
		hubs = json_array();
		groups = json_array();
		ajson_set(o, "id", ajson_str(c->r.id));
		ajson_set(o, "name", ajson_str(c->r.name));
		ajson_set(o, "topology", ajson_str(c->topology));
		ajson_set(o, "global",
		    c->is_global == TRI_UNSET ?
			json_null() :
			json_boolean(c->is_global == TRI_TRUE));
		for (j = 0; j < c->hub_ids.n; j++)
			jpush(hubs,
			    id_seen(c->hub_ids.v[j],
				j < c->hubs.n && c->hubs.v[j] != NULL));
		ajson_set(o, "hubs", hubs);
		for (j = 0; j < c->group_ids.n; j++) {
			const struct network_group *g = j < c->groups.n ?
			    c->groups.v[j] :
			    NULL;
			json_t *go = json_object(), *mem = json_array();

			ajson_set(go, "id", ajson_str(c->group_ids.v[j]));
			ajson_set(go, "seen", json_boolean(g != NULL));
			ajson_set(go, "connectivity",
			    ajson_str(
				j < c->group_direct.n && c->group_direct.v[j] ?
				    "DirectlyConnected" :
				    "None"));
			for (k = 0; g != NULL && k < g->member_ids.n; k++)
				jpush(mem,
				    id_seen(g->member_ids.v[k],
					k < g->member_vnets.n &&
					    g->member_vnets.v[k] != NULL));
			ajson_set(go, "members", mem);
			jpush(groups, go);
		}
		ajson_set(o, "groups", groups);
		put(w, o);
	}
	jw_close(w, ']');
}

static json_t *
unresolved_json(const struct unresolved *u)
{
	json_t *o = json_object();

	ajson_set(o, "from", ajson_str(u->from));
	ajson_set(o, "to", ajson_str(u->to));
	ajson_set(o, "what", ajson_str(u->what));
	ajson_set(o, "file", ajson_str(u->file));
	ajson_set(o, "pointer", ajson_str(u->pointer));
	return o;
}

static json_t *
coverage_json(const struct coverage_row *r)
{
	json_t *o = json_object();

	ajson_set(o, "type", ajson_str(r->type));
	ajson_set(o, "read", jsize(r->read));
	ajson_set(o, "used", jsize(r->used));
	ajson_set(o, "ignored", jsize(r->read - r->used));
	ajson_set(o, "why", ajson_str(r->why));
	ajson_set(o, "referenced_not_seen", jsize(r->not_seen));
	return o;
}

/*
 * Each item is made as a small jansson value, written and dropped: what
 * is held is the item at hand and w's unflushed text, never the document.
 */
void
analyze_json_members(struct jw *w, const struct analysis *an,
    const struct diags *d)
{
	const struct estate *e = an->estate;
	struct arena *a = arena_new();
	struct coverage cov;
	size_t i;

	kput(w, "estate", estate_json(&an->counts));
	jw_key(w, "hubs");
	jw_open(w, '[');
	for (i = 0; i < an->hubs.n; i++)
		put(w, hub_json(&an->hubs.v[i]));
	jw_close(w, ']');
	if (an->has_hairpins) {
		jw_key(w, "hairpins");
		hairpins_write(w, &an->hairpins);
	}
	if (an->agreement != NULL)
		kput(w, "agreement", routecheck_json_value(an->agreement));
	jw_key(w, "findings");
	jw_open(w, '[');
	for (i = 0; i < an->findings.v.n; i++)
		put(w, finding_json(&an->findings.v.v[i]));
	jw_close(w, ']');
	jw_key(w, "unresolved");
	jw_open(w, '[');
	for (i = 0; i < e->unresolved.n; i++)
		put(w, unresolved_json(&e->unresolved.v[i]));
	jw_close(w, ']');
	jw_key(w, "unknown_types");
	jw_open(w, '[');
	for (i = 0; i < e->unknown_types.n; i++) {
		json_t *o = json_object();

		ajson_set(o, "type", ajson_str(e->unknown_types.v[i].type));
		ajson_set(o, "count", jsize(e->unknown_types.v[i].count));
		put(w, o);
	}
	jw_close(w, ']');
	coverage_build(&cov, e, a);
	jw_key(w, "coverage");
	jw_open(w, '[');
	for (i = 0; i < cov.rows.n; i++)
		put(w, coverage_json(&cov.rows.v[i]));
	jw_close(w, ']');
	arena_free(a);
	jw_key(w, "avnm_configurations");
	avnm_write(w, e);
	jw_key(w, "diagnostics");
	jw_open(w, '[');
	for (i = 0; d != NULL && i < d->n; i++)
		put(w, diag_json(&d->v[i]));
	jw_close(w, ']');
}

/* The document into sb, or (sink not NULL) streamed to sink. */
static int
analyze_doc(struct strbuf *sb, const struct emit_sink *sink,
    const struct analysis *an, const struct diags *d)
{
	struct jw w;

	jw_init(&w, sb);
	if (sink != NULL)
		jw_to_sink(&w, sink);
	w.precision = AJSON_PRECISION;
	jw_open(&w, '{');
	analyze_json_members(&w, an, d);
	jw_close(&w, '}');
	sb_putc(sb, '\n');
	return jw_flush(&w);
}

void
analyze_json(struct strbuf *out, const struct analysis *an,
    const struct diags *d)
{
	(void)analyze_doc(out, NULL, an, d);
}

int
analyze_json_sink(const struct emit_sink *out, const struct analysis *an,
    const struct diags *d)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = analyze_doc(&sb, out, an, d);

	sb_free(&sb);
	return rc;
}
