/*
 * policy.c (input) - the policy file (DESIGN.md section 7) through the
 * libyaml document API. The walk is strict: an unknown key, a value of the
 * wrong type, a bad CIDR, a pattern PCRE2 refuses, a duplicate key, a
 * duplicate segment and a deny entry naming no segment are each an error
 * with file:line:column (libyaml marks, 1-based) and the walk goes on, so
 * one run reports every bad line. A YAML syntax error stops the walk (the
 * document is incomplete) and is reported with libyaml's problem mark.
 *
 * Invariants: the policy starts from policy_init_defaults(); a key that is
 * absent keeps its default; every string and compiled pattern lives in
 * the caller's arena. Only the first YAML document is read; a second one
 * is an error. The typed values and the walk of mappings are in
 * policy_yaml.c (policy_int.h).
 */
#include "policy.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../lib/arena.h"
#include "../lib/diag.h"
#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "../planner/policy.h"
#include "policy_int.h"
#include "regex.h"

/* limits */

static const struct {
	const char *name;
	size_t off;
} limit_names[] = {
	{ "gateway_ipv4", offsetof(struct limits, gateway_ipv4) },
	{ "gateway_ipv6", offsetof(struct limits, gateway_ipv6) },
	{ "er_onprem_standard", offsetof(struct limits, er_onprem_standard) },
	{ "er_onprem_premium", offsetof(struct limits, er_onprem_premium) },
	{ "er_onprem_ipv6", offsetof(struct limits, er_onprem_ipv6) },
	{ "mesh_vnets", offsetof(struct limits, mesh_vnets) },
	{ "mesh_vnets_high_scale",
	    offsetof(struct limits, mesh_vnets_high_scale) },
	{ "mesh_pes", offsetof(struct limits, mesh_pes) },
	{ "mesh_pes_hspe", offsetof(struct limits, mesh_pes_hspe) },
	{ "vnet_pes", offsetof(struct limits, vnet_pes) },
	{ "vnet_pes_hspe", offsetof(struct limits, vnet_pes_hspe) },
	{ "peered_pes", offsetof(struct limits, peered_pes) },
	{ "route_table_routes", offsetof(struct limits, route_table_routes) },
	{ "route_server_peers", offsetof(struct limits, route_server_peers) },
	{ "route_server_routes", offsetof(struct limits, route_server_routes) },
};

static void
k_limit(struct pctx *c, yaml_node_t *v, void *obj, const char *name)
{
	size_t i, val;

	for (i = 0; i < MP_NELEM(limit_names); i++)
		if (strcmp(limit_names[i].name, name) == 0)
			break;
	MP_ASSERT(i < MP_NELEM(limit_names));
	if (py_get_uint(c, v, arena_printf(c->a, "limits.%s", name), 1,
		100000000ULL, &val))
		*(size_t *)((char *)obj + limit_names[i].off) = val;
}

/* One handler per limit name (the table above gives the field). */
#define LIMIT_FN(n) \
	static void k_limit_##n(struct pctx *c, yaml_node_t *v, void *obj) \
	{ \
		k_limit(c, v, obj, #n); \
	}
LIMIT_FN(gateway_ipv4)
LIMIT_FN(gateway_ipv6)
LIMIT_FN(er_onprem_standard)
LIMIT_FN(er_onprem_premium)
LIMIT_FN(er_onprem_ipv6)
LIMIT_FN(mesh_vnets)
LIMIT_FN(mesh_vnets_high_scale)
LIMIT_FN(mesh_pes)
LIMIT_FN(mesh_pes_hspe)
LIMIT_FN(vnet_pes)
LIMIT_FN(vnet_pes_hspe)
LIMIT_FN(peered_pes)
LIMIT_FN(route_table_routes)
LIMIT_FN(route_server_peers)
LIMIT_FN(route_server_routes)
#undef LIMIT_FN

static const struct key_def limit_keys[] = {
#define L(n) \
	{ \
#n, k_limit_##n \
	}
	L(gateway_ipv4),
	L(gateway_ipv6),
	L(er_onprem_standard),
	L(er_onprem_premium),
	L(mesh_vnets),
	L(mesh_vnets_high_scale),
	L(mesh_pes),
	L(mesh_pes_hspe),
	L(vnet_pes),
	L(vnet_pes_hspe),
	L(peered_pes),
	L(route_table_routes),
	L(route_server_peers),
	L(route_server_routes),
	L(er_onprem_ipv6),
#undef L
};

static void
k_limits(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct policy *p = obj;

	py_walk_map(c, v, "limits", limit_keys, MP_NELEM(limit_keys),
	    &p->limits);
}

static void
k_onprem(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct policy *p = obj;

	py_get_cidrs(c, v, "onprem", &p->onprem);
}

/* summaries */

static void
k_min_len(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct policy *p = obj;
	size_t n;

	if (py_get_uint(c, v, "summaries.min_prefix_length", 0, 32, &n))
		p->min_len_v4 = (unsigned)n;
}

static void
k_min_len6(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct policy *p = obj;
	size_t n;

	if (py_get_uint(c, v, "summaries.min_prefix_length_v6", 0, 128, &n))
		p->min_len_v6 = (unsigned)n;
}

static void
k_max_prefixes(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct policy *p = obj;

	(void)py_get_uint(c, v, "summaries.max_prefixes", 0, 1000000,
	    &p->max_prefixes);
}

static void
k_reserve(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct policy *p = obj;

	py_get_cidrs(c, v, "summaries.reserve", &p->reserve);
}

static void
k_cover_non_transit(struct pctx *c, yaml_node_t *v, void *obj)
{
	(void)py_get_bool(c, v, "summaries.cover_non_transit",
	    &((struct policy *)obj)->cover_non_transit);
}

static const struct key_def summaries_keys[] = {
	{ "min_prefix_length", k_min_len },
	{ "min_prefix_length_v6", k_min_len6 },
	{ "max_prefixes", k_max_prefixes },
	{ "reserve", k_reserve },
	{ "cover_non_transit", k_cover_non_transit },
};

static void
k_summaries(struct pctx *c, yaml_node_t *v, void *obj)
{
	py_walk_map(c, v, "summaries", summaries_keys, MP_NELEM(summaries_keys),
	    obj);
}

/* mesh */

static void
k_scope(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct policy *p = obj;
	const char *s = py_get_str(c, v, "mesh.scope");

	if (s == NULL)
		return;
	if (strcmp(s, "hairpinning") == 0)
		p->mesh_scope = MESH_SCOPE_HAIRPINNING;
	else if (strcmp(s, "all") == 0)
		p->mesh_scope = MESH_SCOPE_ALL;
	else
		py_perr(c, v, "policy-value",
		    "mesh.scope must be hairpinning or "
		    "all, not '%s'",
		    s);
}

static void
k_global(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct policy *p = obj;
	const char *s = py_get_str(c, v, "mesh.global");

	if (s == NULL)
		return;
	if (strcmp(s, "auto") == 0)
		p->mesh_global = MESH_GLOBAL_AUTO;
	else if (mp_strcaseeq(s, "true"))
		p->mesh_global = MESH_GLOBAL_TRUE;
	else if (mp_strcaseeq(s, "false"))
		p->mesh_global = MESH_GLOBAL_FALSE;
	else
		py_perr(c, v, "policy-value",
		    "mesh.global must be auto, true or "
		    "false, not '%s'",
		    s);
}

static const struct key_def mesh_keys[] = {
	{ "scope", k_scope },
	{ "global", k_global },
};

static void
k_mesh(struct pctx *c, yaml_node_t *v, void *obj)
{
	py_walk_map(c, v, "mesh", mesh_keys, MP_NELEM(mesh_keys), obj);
}

/* selectors: {tags: {key: pattern}, name: pattern} */

static void
k_sel_tags(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct selector *s = obj;
	yaml_node_pair_t *pr;

	if (!py_want(c, v, YAML_MAPPING_NODE, "a mapping of tag patterns",
		"match.tags"))
		return;
	for (pr = v->data.mapping.pairs.start; pr < v->data.mapping.pairs.top;
	     pr++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, pr->key);
		yaml_node_t *val = yaml_document_get_node(c->doc, pr->value);
		struct tag_pattern tp;

		if (k->type != YAML_SCALAR_NODE || py_is_null(k)) {
			py_perr(c, k, "policy-type",
			    "a tag name in match.tags "
			    "must be a non-empty string");
			continue;
		}
		if (py_dup_key(c, v, pr, k, "match.tags"))
			continue;
		memset(&tp, 0, sizeof(tp));
		tp.key = arena_strdup(c->a, py_scalar(k));
		py_get_pattern(c, val,
		    arena_printf(c->a, "match.tags.%s", tp.key), &tp.value);
		if (tp.value.match != NULL)
			ARR_PUSH(c->a, s->tags, tp);
	}
}

static void
k_sel_name(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct selector *s = obj;

	py_get_pattern(c, v, "match.name", &s->name);
	s->has_name = s->name.match != NULL;
}

static const struct key_def selector_keys[] = {
	{ "tags", k_sel_tags },
	{ "name", k_sel_name },
};

static void
get_selector(struct pctx *c, yaml_node_t *v, const char *where,
    struct selector *s)
{
	memset(s, 0, sizeof(*s));
	py_walk_map(c, v, where, selector_keys, MP_NELEM(selector_keys), s);
}

/* waves */

static void
k_pilot_size(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct policy *p = obj;

	(void)py_get_uint(c, v, "waves.pilot.size", 0, 5000, &p->pilot_size);
}

static void
k_pilot_match(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct policy *p = obj;

	get_selector(c, v, "waves.pilot.match", &p->pilot);
}

static const struct key_def pilot_keys[] = {
	{ "size", k_pilot_size },
	{ "match", k_pilot_match },
};

static void
k_pilot(struct pctx *c, yaml_node_t *v, void *obj)
{
	py_walk_map(c, v, "waves.pilot", pilot_keys, MP_NELEM(pilot_keys), obj);
}

static void
k_light_size(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct policy *p = obj;

	(void)py_get_uint(c, v, "waves.light.size", 1, 5000, &p->light_size);
}

static const struct key_def light_keys[] = {
	{ "size", k_light_size },
};

static void
k_light(struct pctx *c, yaml_node_t *v, void *obj)
{
	py_walk_map(c, v, "waves.light", light_keys, MP_NELEM(light_keys), obj);
}

static void
k_wave_max_size(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct policy *p = obj;

	(void)py_get_uint(c, v, "waves.max_size", 1, 5000, &p->wave_max_size);
}

static void
k_wave_max_pes(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct policy *p = obj;

	(void)py_get_uint(c, v, "waves.max_private_endpoints", 1, 1000000,
	    &p->wave_max_pes);
}

static const struct key_def waves_keys[] = {
	{ "pilot", k_pilot },
	{ "light", k_light },
	{ "max_size", k_wave_max_size },
	{ "max_private_endpoints", k_wave_max_pes },
};

static void
k_waves(struct pctx *c, yaml_node_t *v, void *obj)
{
	py_walk_map(c, v, "waves", waves_keys, MP_NELEM(waves_keys), obj);
}

/* segments: [{name, match}] */

struct seg_tmp {
	struct segment s;
	bool has_match;
};

static void
k_seg_name(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct seg_tmp *t = obj;

	t->s.name = py_get_str(c, v, "segments[].name");
}

static void
k_seg_match(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct seg_tmp *t = obj;

	get_selector(c, v, "segments[].match", &t->s.match);
	t->has_match = true;
}

static const struct key_def segment_keys[] = {
	{ "name", k_seg_name },
	{ "match", k_seg_match },
};

static void
k_segments(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct policy *p = obj;
	yaml_node_item_t *it;
	size_t i;

	if (!py_want(c, v, YAML_SEQUENCE_NODE, "a list", "segments"))
		return;
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		yaml_node_t *e = yaml_document_get_node(c->doc, *it);
		struct seg_tmp t;
		bool dup = false;

		memset(&t, 0, sizeof(t));
		if (e->type != YAML_MAPPING_NODE) {
			(void)py_want(c, e, YAML_MAPPING_NODE, "a mapping",
			    "each segment");
			continue;
		}
		py_walk_map(c, e, "a segment", segment_keys,
		    MP_NELEM(segment_keys), &t);
		if (t.s.name == NULL) {
			py_perr(c, e, "policy-missing-key",
			    "a segment needs a "
			    "name");
			continue;
		}
		if (!t.has_match) {
			py_perr(c, e, "policy-missing-key",
			    "segment '%s' needs "
			    "a match",
			    t.s.name);
			continue;
		}
		for (i = 0; i < p->segments.n; i++)
			if (strcmp(p->segments.v[i].name, t.s.name) == 0)
				dup = true;
		if (dup) {
			py_perr(c, e, "policy-duplicate-segment",
			    "segment '%s' "
			    "is defined twice",
			    t.s.name);
			continue;
		}
		ARR_PUSH(c->a, p->segments, t.s);
	}
}

/* deny: [[a, b]]; names are checked once every segment is known. */

struct deny_node {
	const yaml_node_t *a, *b;
};

struct policy_tmp {
	struct policy *p;
	ARR(struct deny_node) deny;
};

static void
k_deny(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct policy_tmp *pt = obj;
	yaml_node_item_t *it;

	if (!py_want(c, v, YAML_SEQUENCE_NODE,
		"a list of [segment, segment] "
		"pairs",
		"deny"))
		return;
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		yaml_node_t *e = yaml_document_get_node(c->doc, *it);
		yaml_node_t *a, *b;
		struct deny_node dn;

		if (!py_want(c, e, YAML_SEQUENCE_NODE,
			"a [segment, segment] "
			"pair",
			"each deny entry"))
			continue;
		if (e->data.sequence.items.top - e->data.sequence.items.start !=
		    2) {
			py_perr(c, e, "policy-value",
			    "a deny entry names exactly "
			    "two segments");
			continue;
		}
		a = yaml_document_get_node(c->doc,
		    e->data.sequence.items.start[0]);
		b = yaml_document_get_node(c->doc,
		    e->data.sequence.items.start[1]);
		if (py_get_str(c, a, "a deny segment") == NULL ||
		    py_get_str(c, b, "a deny segment") == NULL)
			continue;
		if (strcmp(py_scalar(a), py_scalar(b)) == 0) {
			py_perr(c, b, "policy-value",
			    "deny [%s, %s] names one "
			    "segment twice",
			    py_scalar(a), py_scalar(b));
			continue;
		}
		dn.a = a;
		dn.b = b;
		ARR_PUSH(c->a, pt->deny, dn);
	}
}

/* manager */

static void
k_mgr_rg(struct pctx *c, yaml_node_t *v, void *obj)
{
	((struct policy *)obj)->manager_rg = py_get_str(c, v,
	    "manager.resource_group");
}

static void
k_mgr_name(struct pctx *c, yaml_node_t *v, void *obj)
{
	((struct policy *)obj)->manager_name = py_get_str(c, v, "manager.name");
}

static void
k_mgr_sub(struct pctx *c, yaml_node_t *v, void *obj)
{
	((struct policy *)obj)->manager_subscription = py_get_str(c, v,
	    "manager.subscription");
}

static void
k_mgr_loc(struct pctx *c, yaml_node_t *v, void *obj)
{
	((struct policy *)obj)->manager_location = py_get_str(c, v,
	    "manager.location");
}

static void
k_mgr_mgs(struct pctx *c, yaml_node_t *v, void *obj)
{
	py_get_strs(c, v, "manager.scope.management_groups",
	    &((struct policy *)obj)->manager_mgs);
}

static void
k_mgr_subs(struct pctx *c, yaml_node_t *v, void *obj)
{
	py_get_strs(c, v, "manager.scope.subscriptions",
	    &((struct policy *)obj)->manager_subs);
}

static const struct key_def mgr_scope_keys[] = {
	{ "management_groups", k_mgr_mgs },
	{ "subscriptions", k_mgr_subs },
};

static void
k_mgr_scope(struct pctx *c, yaml_node_t *v, void *obj)
{
	py_walk_map(c, v, "manager.scope", mgr_scope_keys,
	    MP_NELEM(mgr_scope_keys), obj);
}

static const struct key_def manager_keys[] = {
	{ "resource_group", k_mgr_rg },
	{ "name", k_mgr_name },
	{ "subscription", k_mgr_sub },
	{ "location", k_mgr_loc },
	{ "scope", k_mgr_scope },
};

static void
k_manager(struct pctx *c, yaml_node_t *v, void *obj)
{
	py_walk_map(c, v, "manager", manager_keys, MP_NELEM(manager_keys), obj);
}

static void
k_membership(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct policy *p = obj;
	const char *s = py_get_str(c, v, "membership");

	if (s == NULL)
		return;
	if (strcmp(s, "static") == 0)
		p->dynamic_membership = false;
	else if (strcmp(s, "policy") == 0)
		p->dynamic_membership = true;
	else
		py_perr(c, v, "policy-value",
		    "membership must be static or "
		    "policy, not '%s'",
		    s);
}

static void
k_membership_tag(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct policy *p = obj;
	const char *s = py_get_str(c, v, "membership_tag");

	if (s != NULL)
		p->membership_tag = s;
}

static void
k_reserved_172(struct pctx *c, yaml_node_t *v, void *obj)
{
	(void)py_get_bool(c, v, "reserved_172",
	    &((struct policy *)obj)->reserved_172);
}

/* suppress: [{rule, resource, reason, expires}] */

static void
k_sup_rule(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct suppression *t = obj;
	const char *s = py_get_str(c, v, "suppress[].rule");

	if (s == NULL)
		return;
	if ((t->rule = rule_find(s)) == NULL)
		py_perr(c, v, "policy-value",
		    "suppress[].rule '%s' is no rule "
		    "of meshplan (an id like MP101 or a name like "
		    "hairpinning-spoke; docs/rules.md lists them)",
		    s);
}

static void
k_sup_resource(struct pctx *c, yaml_node_t *v, void *obj)
{
	((struct suppression *)obj)->resource = py_get_str(c, v,
	    "suppress[].resource");
}

static void
k_sup_reason(struct pctx *c, yaml_node_t *v, void *obj)
{
	((struct suppression *)obj)->reason = py_get_str(c, v,
	    "suppress[].reason");
}

/* A calendar date YYYY-MM-DD (YAML reads it as a timestamp; the text is
 * what counts). */
static bool
valid_date(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	int y, m, d, i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' :
				       !(s[i] >= '0' && s[i] <= '9'))
			return false;
	if (s[10] != '\0')
		return false;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	return !(m == 2 && d == 29 &&
	    !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
}

static void
k_sup_expires(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct suppression *t = obj;
	const char *s = py_get_str(c, v, "suppress[].expires");

	if (s == NULL)
		return;
	if (!valid_date(s)) {
		py_perr(c, v, "policy-value",
		    "suppress[].expires must be a date "
		    "YYYY-MM-DD (the last day the suppression applies), not "
		    "'%s'",
		    s);
		return;
	}
	t->expires = s;
}

static const struct key_def suppress_keys[] = {
	{ "rule", k_sup_rule },
	{ "resource", k_sup_resource },
	{ "reason", k_sup_reason },
	{ "expires", k_sup_expires },
};

static void
k_suppress(struct pctx *c, yaml_node_t *v, void *obj)
{
	struct policy *p = obj;
	yaml_node_item_t *it;

	if (!py_want(c, v, YAML_SEQUENCE_NODE, "a list", "suppress"))
		return;
	for (it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++) {
		yaml_node_t *e = yaml_document_get_node(c->doc, *it);
		struct suppression t;
		size_t before = c->nerr;

		memset(&t, 0, sizeof(t));
		if (!py_want(c, e, YAML_MAPPING_NODE, "a mapping",
			"each suppress entry"))
			continue;
		py_walk_map(c, e, "a suppress entry", suppress_keys,
		    MP_NELEM(suppress_keys), &t);
		if (c->nerr != before)
			continue;
		if (t.rule == NULL || t.reason == NULL) {
			py_perr(c, e, "policy-missing-key",
			    "a suppress entry "
			    "needs a rule and a reason (the justification "
			    "every output shows)");
			continue;
		}
		if (t.resource == NULL)
			t.resource = "*";
		t.file = c->file;
		t.line = (int)e->start_mark.line + 1;
		t.col = (int)e->start_mark.column + 1;
		ARR_PUSH(c->a, p->suppress, t);
	}
}

/* Top-level handlers get the struct policy_tmp; adapt. */
#define TOP(fn) \
	static void t_##fn(struct pctx *c, yaml_node_t *v, void *obj) \
	{ \
		fn(c, v, ((struct policy_tmp *)obj)->p); \
	}
TOP(k_limits)
TOP(k_onprem)
TOP(k_summaries)
TOP(k_mesh)
TOP(k_waves)
TOP(k_segments)
TOP(k_manager)
TOP(k_membership)
TOP(k_membership_tag)
TOP(k_reserved_172)
TOP(k_suppress)
#undef TOP

static const struct key_def top_keys[] = {
	{ "limits", t_k_limits },
	{ "onprem", t_k_onprem },
	{ "summaries", t_k_summaries },
	{ "mesh", t_k_mesh },
	{ "waves", t_k_waves },
	{ "segments", t_k_segments },
	{ "deny", k_deny },
	{ "manager", t_k_manager },
	{ "membership", t_k_membership },
	{ "membership_tag", t_k_membership_tag },
	{ "reserved_172", t_k_reserved_172 },
	{ "suppress", t_k_suppress },
};

static bool
segment_known(const struct policy *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->segments.n; i++)
		if (strcmp(p->segments.v[i].name, name) == 0)
			return true;
	return false;
}

static void
check_deny(struct pctx *c, struct policy_tmp *pt)
{
	size_t i, j;

	for (i = 0; i < pt->deny.n; i++) {
		const yaml_node_t *ab[2] = { pt->deny.v[i].a, pt->deny.v[i].b };
		struct deny_pair dp;
		bool ok = true;

		for (j = 0; j < 2; j++)
			if (!segment_known(c->p, py_scalar(ab[j]))) {
				py_perr(c, ab[j], "policy-unknown-segment",
				    "deny "
				    "names segment '%s', which segments does "
				    "not define",
				    py_scalar(ab[j]));
				ok = false;
			}
		if (!ok)
			continue;
		dp.a = arena_strdup(c->a, py_scalar(ab[0]));
		dp.b = arena_strdup(c->a, py_scalar(ab[1]));
		ARR_PUSH(c->a, c->p->deny, dp);
	}
}

static void
yaml_problem(struct pctx *c, const yaml_parser_t *ps)
{
	const char *what = ps->error == YAML_READER_ERROR ? "not valid "
							    "text" :
							    "YAML syntax error";

	if (ps->error == YAML_READER_ERROR) {
		diag_add(c->d, DIAG_ERROR, "policy-syntax", c->file, 0, 0, NULL,
		    NULL, "%s: %s at byte %zu", what,
		    ps->problem ? ps->problem : "unreadable",
		    ps->problem_offset);
	} else {
		diag_add(c->d, DIAG_ERROR, "policy-syntax", c->file,
		    (int)ps->problem_mark.line + 1,
		    (int)ps->problem_mark.column + 1, NULL, NULL,
		    "%s: %s%s%s%s", what,
		    ps->problem ? ps->problem : "unreadable",
		    ps->context ? " (" : "", ps->context ? ps->context : "",
		    ps->context ? ")" : "");
	}
	c->nerr++;
}

/* Nesting of a policy, as JSON inputs' (load_limits.max_depth). */
#define POLICY_MAX_DEPTH 256

/*
 * Is the YAML nested deeper than POLICY_MAX_DEPTH? Found from libyaml's
 * tokens before the document is built, stopping at the first token past
 * the limit: libyaml's loader and scanner take time quadratic in the
 * nesting (100,000 levels: 53 s), so a deep file must be refused before
 * they see all of it. Syntax errors are left to yaml_parser_load.
 */
static bool
too_deep(struct pctx *c, const char *text, size_t len)
{
	yaml_parser_t ps;
	yaml_token_t tok;
	int depth = 0;
	bool deep = false, done = false;

	if (!yaml_parser_initialize(&ps))
		mp_oom(sizeof(ps));
	yaml_parser_set_input_string(&ps, (const unsigned char *)text, len);
	while (!done && !deep && yaml_parser_scan(&ps, &tok)) {
		switch (tok.type) {
		case YAML_BLOCK_SEQUENCE_START_TOKEN:
		case YAML_BLOCK_MAPPING_START_TOKEN:
		case YAML_FLOW_SEQUENCE_START_TOKEN:
		case YAML_FLOW_MAPPING_START_TOKEN:
			if (++depth > POLICY_MAX_DEPTH) {
				deep = true;
				diag_add(c->d, DIAG_ERROR, "limit-depth",
				    c->file, (int)tok.start_mark.line + 1,
				    (int)tok.start_mark.column + 1, NULL, NULL,
				    "YAML nested deeper than %d levels",
				    POLICY_MAX_DEPTH);
				c->nerr++;
			}
			break;
		case YAML_BLOCK_END_TOKEN:
		case YAML_FLOW_SEQUENCE_END_TOKEN:
		case YAML_FLOW_MAPPING_END_TOKEN:
			depth--;
			break;
		case YAML_STREAM_END_TOKEN:
			done = true;
			break;
		default:
			break;
		}
		yaml_token_delete(&tok);
	}
	yaml_parser_delete(&ps);
	return deep;
}

static const char default_pilot_tag[] = "(?i)^(dev|test)$";
static const char default_pilot_name[] = "(?i)(^|[-_.])(dev|test)([-_.]|$)";

void
policy_init_defaults(struct policy *p, struct arena *a)
{
	struct tag_pattern tp;
	bool ok;

	policy_defaults(p);
	memset(&tp, 0, sizeof(tp));
	tp.key = "env";
	ok = regex_compile(a, default_pilot_tag, &tp.value, NULL, NULL);
	MP_ASSERT(ok);
	ARR_PUSH(a, p->pilot.tags, tp);
	ok = regex_compile(a, default_pilot_name, &p->pilot.name, NULL, NULL);
	MP_ASSERT(ok);
	p->pilot.has_name = true;
}

size_t
policy_load_buffer(struct policy *p, struct arena *a, struct diags *d,
    const char *name, const char *text, size_t len)
{
	struct policy_tmp pt;
	yaml_parser_t ps;
	yaml_document_t doc, doc2;
	yaml_node_t *root;
	struct pctx c;

	policy_init_defaults(p, a);
	p->file = arena_strdup(a, name);
	memset(&c, 0, sizeof(c));
	c.p = p;
	c.a = a;
	c.d = d;
	c.file = p->file;
	c.doc = &doc;
	memset(&pt, 0, sizeof(pt));
	pt.p = p;
	if (too_deep(&c, text, len))
		return c.nerr;
	if (!yaml_parser_initialize(&ps))
		mp_oom(sizeof(ps));
	yaml_parser_set_input_string(&ps, (const unsigned char *)text, len);
	if (!yaml_parser_load(&ps, &doc)) {
		yaml_problem(&c, &ps);
		yaml_parser_delete(&ps);
		return c.nerr;
	}
	root = yaml_document_get_root_node(&doc);
	if (root != NULL && !py_is_null(root)) {
		/* The user's pilot selector replaces the default one. */
		py_walk_map(&c, root, "the policy", top_keys,
		    MP_NELEM(top_keys), &pt);
		check_deny(&c, &pt);
	}
	if (root != NULL) {
		if (!yaml_parser_load(&ps, &doc2))
			yaml_problem(&c, &ps);
		else {
			yaml_node_t *r2 = yaml_document_get_root_node(&doc2);

			if (r2 != NULL)
				py_perr(&c, r2, "policy-syntax",
				    "a policy file "
				    "holds one YAML document; this is a "
				    "second one");
			yaml_document_delete(&doc2);
		}
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&ps);
	return c.nerr;
}

size_t
policy_load(struct policy *p, struct arena *a, struct diags *d,
    const char *file)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	size_t n, nerr;
	FILE *fp;

	if ((fp = fopen(file, "rb")) == NULL) {
		policy_init_defaults(p, a);
		diag_add(d, DIAG_ERROR, "policy-io", file, 0, 0, NULL, NULL,
		    "cannot read the policy: %s", strerror(errno));
		return 1;
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sb_putn(&sb, buf, n);
	if (ferror(fp)) {
		fclose(fp);
		sb_free(&sb);
		policy_init_defaults(p, a);
		diag_add(d, DIAG_ERROR, "policy-io", file, 0, 0, NULL, NULL,
		    "cannot read the policy: %s", strerror(errno));
		return 1;
	}
	fclose(fp);
	nerr = policy_load_buffer(p, a, d, file, sb.s ? sb.s : "", sb.len);
	sb_free(&sb);
	return nerr;
}
