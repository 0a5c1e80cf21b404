/*
 * plan_json.c - write the plan IR as plan.json. The layout is the contract
 * of schemas/plan.schema.json (the documented plan.json keys plus what the
 * emitters need); input/plan_read.c is its inverse.
 *
 * Layout choices: the ordered runbook is the top-level "steps" array, each
 * step with its "wave" (0 = before wave 1); waves do not repeat them.
 * A VNet's exported JSON ("raw") is embedded as an object. Absent strings
 * are null; counts are integers; keys are sorted on output, so the same
 * plan gives the same bytes.
 *
 * The text is streamed (jsonw.h): a plan of 20,000 spokes is some 200 MB
 * of JSON, too much to build as a jansson tree first. Every object below
 * writes its keys in strcmp order, as jansson's JSON_SORT_KEYS would.
 */
#include "plan_json.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"
#include "../planner/plan.h"
#include "jsonw.h"
#include "runbook.h"

static void
kstr(struct jw *w, const char *k, const char *v)
{
	jw_key(w, k);
	jw_str(w, v);
}

static void
kint(struct jw *w, const char *k, size_t v)
{
	jw_key(w, k);
	jw_int(w, (long long)v);
}

static void
kbool(struct jw *w, const char *k, bool v)
{
	jw_key(w, k);
	jw_bool(w, v);
}

static void
kstrs(struct jw *w, const char *k, const char *const *v, size_t n)
{
	size_t i;

	jw_key(w, k);
	jw_open(w, '[');
	for (i = 0; i < n; i++)
		jw_str(w, v[i]);
	jw_close(w, ']');
}

static void
kprefixes(struct jw *w, const char *k, const struct prefix *v, size_t n)
{
	char buf[PREFIX_STRLEN];
	size_t i;

	jw_key(w, k);
	jw_open(w, '[');
	for (i = 0; i < n; i++)
		jw_str(w, prefix_format(&v[i], buf));
	jw_close(w, ']');
}

/* A step as data, with the az lines rendered from it ("command"; a
 * reader of plan.json renders them again and ignores this field). */
static void
step_json(struct jw *w, const struct plan_step *s, int wave)
{
	struct arena *a = arena_new();
	size_t i, j;

	jw_open(w, '{');
	kstr(w, "command", runbook_command(a, s));
	kstr(w, "kind", step_kind_name(s->kind));
	jw_key(w, "properties");
	jw_open(w, '{');
	for (i = 0; i < s->props.n; i++) {
		const struct step_prop *p = &s->props.v[i];

		jw_key(w, p->name);
		if (!p->list) {
			jw_str(w, p->values.n ? p->values.v[0] : "");
			continue;
		}
		jw_open(w, '[');
		for (j = 0; j < p->values.n; j++)
			jw_str(w, p->values.v[j]);
		jw_close(w, ']');
	}
	jw_close(w, '}');
	kstr(w, "resource", s->resource);
	kstr(w, "subscription", s->subscription);
	kstr(w, "text", s->text);
	jw_key(w, "wave");
	jw_int(w, wave);
	jw_close(w, '}');
	arena_free(a);
}

struct tag_at {
	const struct tag *t;
	size_t i; /* position: equal keys keep order */
};

static int
tag_at_cmp(const void *x, const void *y)
{
	const struct tag_at *a = x, *b = y;
	int c = strcmp(a->t->key, b->t->key);

	return c ? c : (a->i > b->i) - (a->i < b->i);
}

/* Tags by key; of equal keys the last one, as a JSON object keeps it. */
static void
tags_json(struct jw *w, const struct tag *v, size_t n)
{
	struct tag_at *t = xcalloc(n + 1, sizeof(*t));
	size_t i;

	for (i = 0; i < n; i++) {
		t[i].t = &v[i];
		t[i].i = i;
	}
	qsort(t, n, sizeof(*t), tag_at_cmp);
	jw_key(w, "tags");
	jw_open(w, '{');
	for (i = 0; i < n; i++)
		if (i + 1 == n || strcmp(t[i].t->key, t[i + 1].t->key) != 0)
			kstr(w, t[i].t->key, t[i].t->value);
	jw_close(w, '}');
	free(t);
}

static void
vnet_json(struct jw *w, const struct plan_vnet *v)
{
	size_t i;

	jw_open(w, '{');
	jw_key(w, "change_wave");
	jw_int(w, v->change_wave);
	kstr(w, "digest", v->digest);
	kstr(w, "etag", v->etag);
	kint(w, "hairpins_out", v->hairpins_out);
	kstr(w, "id", v->id);
	kbool(w, "is_hub", v->is_hub);
	kbool(w, "live", v->live);
	kstr(w, "location", v->location);
	kstr(w, "mesh", v->mesh);
	kstr(w, "name", v->name);
	kstr(w, "pe_vnet_policies", v->pe_vnet_policies);
	kprefixes(w, "prefixes", v->prefixes.v, v->prefixes.n);
	kint(w, "private_endpoints", v->npes);
	/* raw comes from the loaders as JSON; anything else is kept as
	 * text rather than lost. */
	jw_key(w, "raw");
	if (v->raw != NULL)
		jw_raw(w, v->raw);
	else
		jw_str(w, NULL);
	kstr(w, "resource_group", v->resource_group);
	kstr(w, "segment", v->segment);
	kbool(w, "set_pe_vnet_basic", v->set_pe_vnet_basic);
	jw_key(w, "subnet_changes");
	jw_open(w, '[');
	for (i = 0; i < v->subnet_changes.n; i++) {
		const struct plan_subnet_change *c = &v->subnet_changes.v[i];

		jw_open(w, '{');
		kstr(w, "id", c->id);
		kstr(w, "name", c->name);
		kstr(w, "new_policy", c->new_policy);
		kstr(w, "old_policy", c->old_policy);
		kint(w, "private_endpoints", c->npes);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	kstr(w, "subscription", v->subscription);
	tags_json(w, v->tags.v, v->tags.n);
	kint(w, "traffic_bytes", v->traffic_bytes);
	jw_key(w, "wave");
	jw_int(w, v->wave);
	jw_close(w, '}');
}

static void
summary_json(struct jw *w, const struct plan_summary *s)
{
	char buf[PREFIX_STRLEN];
	size_t i;

	jw_open(w, '{');
	kint(w, "after", s->after_v4 + s->after_v6);
	kint(w, "after_v4", s->after_v4);
	kint(w, "after_v6", s->after_v6);
	kint(w, "before", s->before_v4 + s->before_v6);
	kint(w, "before_v4", s->before_v4);
	kint(w, "before_v6", s->before_v6);
	jw_key(w, "covers");
	jw_open(w, '[');
	for (i = 0; i < s->covers.n; i++) {
		jw_open(w, '{');
		kstr(w, "prefix", prefix_format(&s->covers.v[i].p, buf));
		kstr(w, "vnet", s->covers.v[i].vnet_id);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	kprefixes(w, "current", s->current.v, s->current.n);
	kstr(w, "hub", s->hub_id);
	kstr(w, "hub_name", s->hub_name);
	kstr(w, "note", s->note);
	/* Only with summaries.cover_non_transit can it be non-empty; absent
	 * when empty, so plans without that policy read as before. */
	if (s->opens.n > 0) {
		jw_key(w, "opens");
		jw_open(w, '[');
		for (i = 0; i < s->opens.n; i++) {
			jw_open(w, '{');
			kstr(w, "prefix", prefix_format(&s->opens.v[i].p, buf));
			kstr(w, "vnet", s->opens.v[i].vnet_id);
			jw_close(w, '}');
		}
		jw_close(w, ']');
	}
	kprefixes(w, "prefixes", s->prefixes.v, s->prefixes.n);
	kbool(w, "reached_budget", s->reached_budget);
	jw_key(w, "waste");
	jw_real(w, s->waste);
	jw_close(w, '}');
}

static void
mesh_json(struct jw *w, const struct plan_mesh *m)
{
	jw_open(w, '{');
	kstr(w, "config_name", m->config_name);
	kstr(w, "existing_config_id", m->existing_config_id);
	kstr(w, "existing_group_id", m->existing_group_id);
	kbool(w, "global", m->global);
	kstr(w, "group_name", m->group_name);
	kbool(w, "high_scale", m->high_scale);
	kbool(w, "hspe", m->hspe);
	kint(w, "max_vnet_private_endpoints", m->max_vnet_pes);
	kstr(w, "name", m->name);
	kstr(w, "note", m->note);
	kint(w, "private_endpoints", m->private_endpoints);
	kstr(w, "region", m->region);
	kstrs(w, "subscriptions", m->subscriptions.v, m->subscriptions.n);
	kstrs(w, "vnets", m->vnet_ids.v, m->vnet_ids.n);
	jw_close(w, '}');
}

static void
wave_json(struct jw *w, const struct plan_wave *v)
{
	size_t i;

	jw_open(w, '{');
	kstrs(w, "checks", v->checks.v, v->checks.n);
	kint(w, "hairpins_after", v->hairpins_after);
	kint(w, "hairpins_before", v->hairpins_before);
	kint(w, "inspected_after", v->inspected_after);
	kint(w, "inspected_before", v->inspected_before);
	kint(w, "inspection_lost", v->inspection_lost);
	kint(w, "inspection_lost_new", v->inspection_lost_new);
	jw_key(w, "inspection_lost_pairs");
	jw_open(w, '[');
	for (i = 0; i < v->lost.n; i++) {
		jw_open(w, '{');
		kstr(w, "dst", v->lost.v[i].dst_id);
		kstr(w, "route", v->lost.v[i].route);
		kstr(w, "route_id", v->lost.v[i].route_id);
		kstr(w, "src", v->lost.v[i].src_id);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	kstr(w, "maintenance", v->maintenance);
	kstrs(w, "members", v->members.v, v->members.n);
	kstr(w, "name", v->name);
	kstr(w, "note", v->note);
	jw_key(w, "number");
	jw_int(w, v->number);
	kint(w, "private_endpoints", v->private_endpoints);
	jw_key(w, "rollback");
	jw_open(w, '[');
	for (i = 0; i < v->rollback.n; i++)
		step_json(w, &v->rollback.v[i], v->number);
	jw_close(w, ']');
	kint(w, "traffic_bytes", v->traffic_bytes);
	kstrs(w, "vnets", v->vnet_ids.v, v->vnet_ids.n);
	jw_close(w, '}');
}

static void
manager_json(struct jw *w, const struct plan_manager *m)
{
	jw_key(w, "manager");
	jw_open(w, '{');
	kstrs(w, "accesses", m->accesses.v, m->accesses.n);
	kstr(w, "existing_id", m->existing_id);
	kstr(w, "location", m->location);
	kstr(w, "name", m->name);
	kstr(w, "note", m->note);
	kstr(w, "resource_group", m->resource_group);
	kstrs(w, "scope_management_groups", m->scope_management_groups.v,
	    m->scope_management_groups.n);
	kstrs(w, "scope_subscriptions", m->scope_subscriptions.v,
	    m->scope_subscriptions.n);
	kstr(w, "subscription", m->subscription);
	jw_close(w, '}');
}

static void
segmentation_json(struct jw *w, const struct plan *p)
{
	size_t i;

	jw_key(w, "segmentation");
	jw_open(w, '{');
	kint(w, "cap", PLAN_PAIRS_CAP);
	jw_key(w, "pairs");
	jw_open(w, '[');
	for (i = 0; i < p->segmentation.n; i++) {
		const struct plan_pair *pp = &p->segmentation.v[i];

		jw_open(w, '{');
		kstr(w, "before", pp->before);
		kbool(w, "denied", pp->denied);
		kstr(w, "dst", pp->dst_id);
		kstr(w, "dst_segment", pp->dst_segment);
		kbool(w, "inspected_before", pp->inspected_before);
		kstr(w, "src", pp->src_id);
		kstr(w, "src_segment", pp->src_segment);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	jw_key(w, "segments");
	jw_open(w, '[');
	for (i = 0; i < p->segment_counts.n; i++) {
		const struct plan_segment_count *c = &p->segment_counts.v[i];

		jw_open(w, '{');
		kbool(w, "denied", c->denied);
		kstr(w, "dst_segment", c->dst_segment);
		kint(w, "pairs", c->pairs);
		kstr(w, "src_segment", c->src_segment);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	kint(w, "total", p->segmentation_total);
	kbool(w, "truncated", p->segmentation_truncated);
	jw_close(w, '}');
}

static void
deny_json(struct jw *w, const struct plan_deny *d)
{
	jw_open(w, '{');
	kstr(w, "group_a", d->group_a);
	kstr(w, "group_b", d->group_b);
	kstr(w, "name", d->name);
	kint(w, "pairs", d->pairs);
	jw_key(w, "priority");
	jw_int(w, d->priority);
	kstr(w, "protocol", d->protocol);
	kstr(w, "segment_a", d->segment_a);
	kstr(w, "segment_b", d->segment_b);
	kstrs(w, "vnets_a", d->vnets_a.v, d->vnets_a.n);
	kstrs(w, "vnets_b", d->vnets_b.v, d->vnets_b.n);
	jw_close(w, '}');
}

static void
effect_json(struct jw *w, const struct plan_effect *e)
{
	jw_key(w, "effect");
	jw_open(w, '{');
	kint(w, "after_not_meshed", e->after_not_meshed);
	kint(w, "after_other_mesh", e->after_other_mesh);
	kint(w, "after_same_mesh", e->after_same_mesh);
	kint(w, "hairpins_after", e->hairpins_after);
	kint(w, "hairpins_before", e->hairpins_before);
	kint(w, "inspected_after", e->inspected_after);
	kint(w, "inspected_before", e->inspected_before);
	kint(w, "inspection_lost", e->inspection_lost);
	kint(w, "pairs_before", e->pairs_before);
	jw_close(w, '}');
}

/* Blockers and live-membership conflicts have one shape. */
static void
blockers_json(struct jw *w, const char *k, const struct plan_blocker *v,
    size_t n)
{
	size_t i;

	jw_key(w, k);
	jw_open(w, '[');
	for (i = 0; i < n; i++) {
		jw_open(w, '{');
		kstr(w, "kind", v[i].kind);
		kstr(w, "reason", v[i].reason);
		kstr(w, "resource", v[i].resource);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

void
plan_json_members(struct jw *w, const struct plan *p)
{
	size_t i, j;

	blockers_json(w, "blockers", p->blockers.v, p->blockers.n);
	blockers_json(w, "conflicts", p->conflicts.v, p->conflicts.n);
	jw_key(w, "deny");
	jw_open(w, '[');
	for (i = 0; i < p->deny.n; i++)
		deny_json(w, &p->deny.v[i]);
	jw_close(w, ']');
	effect_json(w, &p->effect);
	kstrs(w, "estate_vnets", p->estate_vnets.v, p->estate_vnets.n);
	jw_key(w, "features");
	jw_open(w, '[');
	for (i = 0; i < p->features.n; i++) {
		jw_open(w, '{');
		kstr(w, "feature", p->features.v[i].feature);
		kstr(w, "subscription", p->features.v[i].subscription);
		kstr(w, "why", p->features.v[i].why);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	kstr(w, "generator", p->generator);
	manager_json(w, &p->manager);
	jw_key(w, "membership");
	jw_open(w, '{');
	kstr(w, "mode", p->dynamic_membership ? "policy" : "static");
	kstr(w, "tag", p->membership_tag);
	jw_close(w, '}');
	jw_key(w, "meshes");
	jw_open(w, '[');
	for (i = 0; i < p->meshes.n; i++)
		mesh_json(w, &p->meshes.v[i]);
	jw_close(w, ']');
	kstrs(w, "notes", p->notes.v, p->notes.n);
	kstr(w, "policy", p->policy_file);
	kstr(w, "previous_plan", p->previous_plan);
	segmentation_json(w, p);
	jw_key(w, "steps");
	jw_open(w, '[');
	for (i = 0; i < p->prereq.n; i++)
		step_json(w, &p->prereq.v[i], 0);
	for (i = 0; i < p->waves.n; i++)
		for (j = 0; j < p->waves.v[i].steps.n; j++)
			step_json(w, &p->waves.v[i].steps.v[j],
			    p->waves.v[i].number);
	jw_close(w, ']');
	jw_key(w, "summaries");
	jw_open(w, '[');
	for (i = 0; i < p->summaries.n; i++)
		summary_json(w, &p->summaries.v[i]);
	jw_close(w, ']');
	jw_key(w, "vnets");
	jw_open(w, '[');
	for (i = 0; i < p->vnets.n; i++)
		vnet_json(w, &p->vnets.v[i]);
	jw_close(w, ']');
	jw_key(w, "waves");
	jw_open(w, '[');
	for (i = 0; i < p->waves.n; i++)
		wave_json(w, &p->waves.v[i]);
	jw_close(w, ']');
}

static void
plan_write(struct jw *w, const struct plan *p)
{
	jw_open(w, '{');
	plan_json_members(w, p);
	jw_close(w, '}');
	MP_ASSERT(w->depth == 0);
	sb_putc(w->sb, '\n');
}

char *
plan_json(const struct plan *p, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	struct jw w;

	jw_init(&w, &sb);
	plan_write(&w, p);
	if (len != NULL)
		*len = sb.len;
	return sb_detach(&sb);
}

int
plan_json_sink(const struct plan *p, const struct emit_sink *out)
{
	struct strbuf sb = STRBUF_INIT;
	struct jw w;
	int rc;

	jw_init(&w, &sb);
	jw_to_sink(&w, out);
	plan_write(&w, p);
	rc = jw_flush(&w);
	sb_free(&sb);
	return rc;
}
