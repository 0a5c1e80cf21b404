/*
 * analyze_json.c - `analyze --format json`.
 *
 * Key order (fixed, as written here):
 *   estate      vnets hubs spokes gateways circuits private_endpoints
 *               peerings
 *   hubs[]      id name region subscription resource_group gateways[]
 *               circuits[] spokes transit_spokes advertised{ipv4 ipv6
 *               limit_ipv4 limit_ipv6 pressure ratio}
 *   findings[]  rule name severity resource message file properties{}
 *   unresolved[] from to what file pointer
 *   unknown_types[] type count
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
jstr(const char *s)
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
jset(json_t *obj, const char *key, json_t *value)
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
json_dump_sb(struct strbuf *out, json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(6));

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
jnum(double v)
{
	if (v == floor(v) && fabs(v) < 9e15)
		return json_integer((json_int_t)v);
	return json_real(round(v * 1000.0) / 1000.0);
}

json_t *
diags_json(const struct diags *d)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; d != NULL && i < d->n; i++) {
		const struct diag *g = &d->v[i];
		json_t *o = json_object();

		jset(o, "severity", jstr(diag_sev_name(g->sev)));
		jset(o, "code", jstr(g->code));
		jset(o, "file", jstr(g->file));
		jset(o, "line", json_integer(g->line));
		jset(o, "column", json_integer(g->col));
		jset(o, "pointer", jstr(g->pointer));
		jset(o, "resource", jstr(g->resource));
		jset(o, "message", jstr(g->msg));
		jpush(arr, o);
	}
	return arr;
}

static json_t *
estate_json(const struct estate_counts *c)
{
	json_t *o = json_object();

	jset(o, "vnets", jsize(c->vnets));
	jset(o, "hubs", jsize(c->hubs));
	jset(o, "spokes", jsize(c->spokes));
	jset(o, "gateways", jsize(c->gateways));
	jset(o, "circuits", jsize(c->circuits));
	jset(o, "private_endpoints", jsize(c->private_endpoints));
	jset(o, "peerings", jsize(c->peerings));
	return o;
}

static json_t *
hub_json(const struct hub_info *h)
{
	const struct vnet *v = h->vnet;
	json_t *o = json_object(), *gws = json_array(), *cs = json_array();
	json_t *adv = json_object();
	size_t i;

	jset(o, "id", jstr(v->r.id));
	jset(o, "name", jstr(v->r.name));
	jset(o, "region", jstr(v->r.location));
	jset(o, "subscription", jstr(v->r.subscription));
	jset(o, "resource_group", jstr(v->r.resource_group));
	for (i = 0; i < v->gateways.n; i++)
		jpush(gws, jstr(v->gateways.v[i]->r.id));
	jset(o, "gateways", gws);
	for (i = 0; i < h->circuits.n; i++)
		jpush(cs, jstr(h->circuits.v[i]));
	jset(o, "circuits", cs);
	jset(o, "spokes", jsize(h->spokes));
	jset(o, "transit_spokes", jsize(h->transit_spokes));
	jset(adv, "ipv4", jsize(h->adv_v4));
	jset(adv, "ipv6", jsize(h->adv_v6));
	jset(adv, "limit_ipv4", jsize(h->limit_v4));
	jset(adv, "limit_ipv6", jsize(h->limit_v6));
	jset(adv, "pressure", jstr(pressure_name(h->level)));
	jset(adv, "ratio", jnum(h->ratio));
	jset(o, "advertised", adv);
	return o;
}

static json_t *
finding_json(const struct finding *f)
{
	json_t *o = json_object(), *props = json_object();
	size_t i;

	jset(o, "rule", jstr(f->rule->id));
	jset(o, "name", jstr(f->rule->name));
	jset(o, "severity", jstr(sev_name(f->sev)));
	jset(o, "resource", jstr(f->resource));
	jset(o, "message", jstr(f->message));
	jset(o, "file", jstr(f->file));
	for (i = 0; i < f->nprops; i++)
		jset(props, f->props[i].key, jnum(f->props[i].value));
	jset(o, "properties", props);
	return o;
}

void
analyze_json(struct strbuf *out, const struct analysis *an,
    const struct diags *d)
{
	const struct estate *e = an->estate;
	json_t *root = json_object(), *arr;
	size_t i;

	jset(root, "estate", estate_json(&an->counts));
	arr = json_array();
	for (i = 0; i < an->hubs.n; i++)
		jpush(arr, hub_json(&an->hubs.v[i]));
	jset(root, "hubs", arr);
	arr = json_array();
	for (i = 0; i < an->findings.v.n; i++)
		jpush(arr, finding_json(&an->findings.v.v[i]));
	jset(root, "findings", arr);
	arr = json_array();
	for (i = 0; i < e->unresolved.n; i++) {
		const struct unresolved *u = &e->unresolved.v[i];
		json_t *o = json_object();

		jset(o, "from", jstr(u->from));
		jset(o, "to", jstr(u->to));
		jset(o, "what", jstr(u->what));
		jset(o, "file", jstr(u->file));
		jset(o, "pointer", jstr(u->pointer));
		jpush(arr, o);
	}
	jset(root, "unresolved", arr);
	arr = json_array();
	for (i = 0; i < e->unknown_types.n; i++) {
		json_t *o = json_object();

		jset(o, "type", jstr(e->unknown_types.v[i].type));
		jset(o, "count", jsize(e->unknown_types.v[i].count));
		jpush(arr, o);
	}
	jset(root, "unknown_types", arr);
	jset(root, "diagnostics", diags_json(d));
	json_dump_sb(out, root);
}
