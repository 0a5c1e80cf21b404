/*
 * plan_json.c - write the plan IR as plan.json. The layout is the contract
 * of schemas/plan.schema.json (DESIGN.md section 10 keys plus what the
 * emitters need); input/plan_read.c is its inverse.
 *
 * Layout choices: the ordered runbook is the top-level "steps" array, each
 * step with its "wave" (0 = before wave 1); waves do not repeat them.
 * A VNet's exported JSON ("raw") is embedded as an object. Absent strings
 * are null; counts are integers; keys are sorted on output, so the same
 * plan gives the same bytes.
 */
#include "plan_json.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"
#include "../planner/plan.h"

static json_t *
jstr(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
jint(size_t n)
{
	return json_integer((json_int_t)n);
}

static void
set(json_t *o, const char *k, json_t *v)
{
	MP_ASSERT(v != NULL);
	json_object_set_new(o, k, v);
}

static json_t *
str_array(const char *const *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, jstr(v[i]));
	return a;
}

static json_t *
prefix_array(const struct prefix *v, size_t n)
{
	json_t *a = json_array();
	char buf[PREFIX_STRLEN];
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(prefix_format(&v[i], buf)));
	return a;
}

static json_t *
step_json(const struct plan_step *s, int wave)
{
	json_t *o = json_object();

	set(o, "wave", json_integer(wave));
	set(o, "kind", json_string(step_kind_name(s->kind)));
	set(o, "resource", jstr(s->resource));
	set(o, "text", jstr(s->text));
	set(o, "command", jstr(s->command));
	return o;
}

static json_t *
vnet_json(const struct plan_vnet *v)
{
	json_t *o = json_object(), *tags = json_object(), *sc = json_array();
	json_t *raw = NULL;
	size_t i;

	set(o, "id", jstr(v->id));
	set(o, "name", jstr(v->name));
	set(o, "subscription", jstr(v->subscription));
	set(o, "resource_group", jstr(v->resource_group));
	set(o, "location", jstr(v->location));
	set(o, "prefixes", prefix_array(v->prefixes.v, v->prefixes.n));
	for (i = 0; i < v->tags.n; i++)
		set(tags, v->tags.v[i].key, jstr(v->tags.v[i].value));
	set(o, "tags", tags);
	set(o, "private_endpoints", jint(v->npes));
	if (v->raw != NULL)
		raw = json_loads(v->raw, JSON_DECODE_ANY, NULL);
	/* raw comes from the loaders as JSON; anything else is kept as
	 * text rather than lost. */
	set(o, "raw", raw != NULL ? raw : jstr(v->raw));
	set(o, "pe_vnet_policies", jstr(v->pe_vnet_policies));
	set(o, "set_pe_vnet_basic", json_boolean(v->set_pe_vnet_basic));
	for (i = 0; i < v->subnet_changes.n; i++) {
		const struct plan_subnet_change *c = &v->subnet_changes.v[i];
		json_t *x = json_object();

		set(x, "id", jstr(c->id));
		set(x, "name", jstr(c->name));
		set(x, "old_policy", jstr(c->old_policy));
		set(x, "new_policy", jstr(c->new_policy));
		set(x, "private_endpoints", jint(c->npes));
		json_array_append_new(sc, x);
	}
	set(o, "subnet_changes", sc);
	set(o, "wave", json_integer(v->wave));
	set(o, "mesh", jstr(v->mesh));
	set(o, "segment", jstr(v->segment));
	set(o, "hairpins_out", jint(v->hairpins_out));
	set(o, "is_hub", json_boolean(v->is_hub));
	set(o, "traffic_bytes", jint(v->traffic_bytes));
	return o;
}

static json_t *
summary_json(const struct plan_summary *s)
{
	json_t *o = json_object(), *cv = json_array();
	char buf[PREFIX_STRLEN];
	size_t i;

	set(o, "hub", jstr(s->hub_id));
	set(o, "hub_name", jstr(s->hub_name));
	set(o, "current", prefix_array(s->current.v, s->current.n));
	set(o, "prefixes", prefix_array(s->prefixes.v, s->prefixes.n));
	set(o, "before", jint(s->before_v4 + s->before_v6));
	set(o, "after", jint(s->after_v4 + s->after_v6));
	set(o, "before_v4", jint(s->before_v4));
	set(o, "before_v6", jint(s->before_v6));
	set(o, "after_v4", jint(s->after_v4));
	set(o, "after_v6", jint(s->after_v6));
	set(o, "waste", json_real(s->waste));
	for (i = 0; i < s->covers.n; i++) {
		json_t *x = json_object();

		set(x, "vnet", jstr(s->covers.v[i].vnet_id));
		set(x, "prefix", json_string(prefix_format(&s->covers.v[i].p,
		    buf)));
		json_array_append_new(cv, x);
	}
	set(o, "covers", cv);
	set(o, "reached_budget", json_boolean(s->reached_budget));
	set(o, "note", jstr(s->note));
	return o;
}

static json_t *
mesh_json(const struct plan_mesh *m)
{
	json_t *o = json_object();

	set(o, "name", jstr(m->name));
	set(o, "region", jstr(m->region));
	set(o, "global", json_boolean(m->global));
	set(o, "high_scale", json_boolean(m->high_scale));
	set(o, "hspe", json_boolean(m->hspe));
	set(o, "vnets", str_array(m->vnet_ids.v, m->vnet_ids.n));
	set(o, "private_endpoints", jint(m->private_endpoints));
	set(o, "max_vnet_private_endpoints", jint(m->max_vnet_pes));
	set(o, "subscriptions", str_array(m->subscriptions.v,
	    m->subscriptions.n));
	set(o, "group_name", jstr(m->group_name));
	set(o, "config_name", jstr(m->config_name));
	set(o, "existing_config_id", jstr(m->existing_config_id));
	set(o, "note", jstr(m->note));
	return o;
}

static json_t *
wave_json(const struct plan_wave *w)
{
	json_t *o = json_object();

	set(o, "number", json_integer(w->number));
	set(o, "name", jstr(w->name));
	set(o, "vnets", str_array(w->vnet_ids.v, w->vnet_ids.n));
	set(o, "members", str_array(w->members.v, w->members.n));
	set(o, "private_endpoints", jint(w->private_endpoints));
	set(o, "checks", str_array(w->checks.v, w->checks.n));
	set(o, "rollback", str_array(w->rollback.v, w->rollback.n));
	set(o, "maintenance", jstr(w->maintenance));
	set(o, "hairpins_before", jint(w->hairpins_before));
	set(o, "hairpins_after", jint(w->hairpins_after));
	set(o, "inspected_after", jint(w->inspected_after));
	set(o, "traffic_bytes", jint(w->traffic_bytes));
	set(o, "note", jstr(w->note));
	return o;
}

static json_t *
manager_json(const struct plan_manager *m)
{
	json_t *o = json_object();

	set(o, "existing_id", jstr(m->existing_id));
	set(o, "name", jstr(m->name));
	set(o, "subscription", jstr(m->subscription));
	set(o, "resource_group", jstr(m->resource_group));
	set(o, "location", jstr(m->location));
	set(o, "scope_subscriptions", str_array(m->scope_subscriptions.v,
	    m->scope_subscriptions.n));
	set(o, "scope_management_groups",
	    str_array(m->scope_management_groups.v,
	    m->scope_management_groups.n));
	set(o, "accesses", str_array(m->accesses.v, m->accesses.n));
	set(o, "note", jstr(m->note));
	return o;
}

static json_t *
segmentation_json(const struct plan *p)
{
	json_t *o = json_object(), *pairs = json_array(), *segs = json_array();
	size_t i;

	set(o, "total", jint(p->segmentation_total));
	set(o, "truncated", json_boolean(p->segmentation_truncated));
	set(o, "cap", jint(PLAN_PAIRS_CAP));
	for (i = 0; i < p->segmentation.n; i++) {
		const struct plan_pair *pp = &p->segmentation.v[i];
		json_t *x = json_object();

		set(x, "src", jstr(pp->src_id));
		set(x, "dst", jstr(pp->dst_id));
		set(x, "before", jstr(pp->before));
		set(x, "inspected_before", json_boolean(pp->inspected_before));
		set(x, "denied", json_boolean(pp->denied));
		set(x, "src_segment", jstr(pp->src_segment));
		set(x, "dst_segment", jstr(pp->dst_segment));
		json_array_append_new(pairs, x);
	}
	set(o, "pairs", pairs);
	for (i = 0; i < p->segment_counts.n; i++) {
		const struct plan_segment_count *c = &p->segment_counts.v[i];
		json_t *x = json_object();

		set(x, "src_segment", jstr(c->src_segment));
		set(x, "dst_segment", jstr(c->dst_segment));
		set(x, "pairs", jint(c->pairs));
		set(x, "denied", json_boolean(c->denied));
		json_array_append_new(segs, x);
	}
	set(o, "segments", segs);
	return o;
}

static json_t *
deny_json(const struct plan_deny *d)
{
	json_t *o = json_object();

	set(o, "name", jstr(d->name));
	set(o, "segment_a", jstr(d->segment_a));
	set(o, "segment_b", jstr(d->segment_b));
	set(o, "group_a", jstr(d->group_a));
	set(o, "group_b", jstr(d->group_b));
	set(o, "vnets_a", str_array(d->vnets_a.v, d->vnets_a.n));
	set(o, "vnets_b", str_array(d->vnets_b.v, d->vnets_b.n));
	set(o, "priority", json_integer(d->priority));
	set(o, "protocol", jstr(d->protocol));
	set(o, "pairs", jint(d->pairs));
	return o;
}

char *
plan_json(const struct plan *p, size_t *len)
{
	json_t *o = json_object(), *a, *mem, *eff;
	char *text, *out;
	size_t i, j, n;

	set(o, "generator", jstr(p->generator));
	set(o, "policy", jstr(p->policy_file));
	set(o, "manager", manager_json(&p->manager));
	mem = json_object();
	set(mem, "mode", json_string(p->dynamic_membership ? "policy" :
	    "static"));
	set(mem, "tag", jstr(p->membership_tag));
	set(o, "membership", mem);
	a = json_array();
	for (i = 0; i < p->vnets.n; i++)
		json_array_append_new(a, vnet_json(&p->vnets.v[i]));
	set(o, "vnets", a);
	a = json_array();
	for (i = 0; i < p->summaries.n; i++)
		json_array_append_new(a, summary_json(&p->summaries.v[i]));
	set(o, "summaries", a);
	a = json_array();
	for (i = 0; i < p->meshes.n; i++)
		json_array_append_new(a, mesh_json(&p->meshes.v[i]));
	set(o, "meshes", a);
	a = json_array();
	for (i = 0; i < p->waves.n; i++)
		json_array_append_new(a, wave_json(&p->waves.v[i]));
	set(o, "waves", a);
	a = json_array();
	for (i = 0; i < p->prereq.n; i++)
		json_array_append_new(a, step_json(&p->prereq.v[i], 0));
	for (i = 0; i < p->waves.n; i++)
		for (j = 0; j < p->waves.v[i].steps.n; j++)
			json_array_append_new(a, step_json(
			    &p->waves.v[i].steps.v[j], p->waves.v[i].number));
	set(o, "steps", a);
	a = json_array();
	for (i = 0; i < p->blockers.n; i++) {
		json_t *x = json_object();

		set(x, "resource", jstr(p->blockers.v[i].resource));
		set(x, "reason", jstr(p->blockers.v[i].reason));
		set(x, "kind", jstr(p->blockers.v[i].kind));
		json_array_append_new(a, x);
	}
	set(o, "blockers", a);
	a = json_array();
	for (i = 0; i < p->features.n; i++) {
		json_t *x = json_object();

		set(x, "subscription", jstr(p->features.v[i].subscription));
		set(x, "feature", jstr(p->features.v[i].feature));
		set(x, "why", jstr(p->features.v[i].why));
		json_array_append_new(a, x);
	}
	set(o, "features", a);
	set(o, "segmentation", segmentation_json(p));
	a = json_array();
	for (i = 0; i < p->deny.n; i++)
		json_array_append_new(a, deny_json(&p->deny.v[i]));
	set(o, "deny", a);
	eff = json_object();
	set(eff, "hairpins_before", jint(p->effect.hairpins_before));
	set(eff, "hairpins_after", jint(p->effect.hairpins_after));
	set(eff, "inspected_after", jint(p->effect.inspected_after));
	set(eff, "inspected_before", jint(p->effect.inspected_before));
	set(eff, "pairs_before", jint(p->effect.pairs_before));
	set(eff, "after_not_meshed", jint(p->effect.after_not_meshed));
	set(eff, "after_other_mesh", jint(p->effect.after_other_mesh));
	set(eff, "after_same_mesh", jint(p->effect.after_same_mesh));
	set(o, "effect", eff);
	set(o, "notes", str_array(p->notes.v, p->notes.n));
	text = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(17));
	json_decref(o);
	if (text == NULL)
		mp_oom(0);
	n = strlen(text);
	out = xmalloc(n + 2);
	memcpy(out, text, n);
	out[n++] = '\n';
	out[n] = '\0';
	free(text);
	if (len != NULL)
		*len = n;
	return out;
}
