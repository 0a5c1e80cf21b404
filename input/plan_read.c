/*
 * plan_read.c - read a plan.json (emitters/plan_json.c, schemas/
 * plan.schema.json) back into struct plan, so that `emit` (and `plan
 * --from`) can start from a plan instead of the inputs.
 *
 * Checks: every key the writer always writes must be present with its
 * type (a string or null where the writer may write null); a wrong or
 * missing key is a diagnostic "plan-read" with the file and JSON Pointer,
 * and reading goes on so that one run reports every problem. Unknown keys
 * are ignored (a newer writer may add some). The top-level "steps" go to
 * plan.prereq (wave 0) and to their wave's steps; a step naming a wave
 * that does not exist is an error. Invariants of plan.h (sorted arrays)
 * are restored where the file could break them (vnets by id, tags by key).
 */
#include "plan_read.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/diag.h"
#include "../lib/util.h"
#include "../planner/plan.h"
#include "jsonfile.h"
#include "load.h"

struct rd {
	struct plan *p;
	struct arena *a;
	struct diags *d;
	const char *file;
	size_t nerr;
};

static void
bad(struct rd *r, const char *ptr, const char *what)
{
	diag_add(r->d, DIAG_ERROR, "plan-read", r->file, 0, 0, ptr, NULL,
	    "plan.json: %s", what);
	r->nerr++;
}

static json_t *
get(struct rd *r, json_t *o, const char *k, const char *base)
{
	json_t *v = json_object_get(o, k);

	if (v == NULL)
		bad(r, jptr_key(r->a, base, k),
		    arena_printf(r->a,
			"missing "
			"key '%s'",
			k));
	return v;
}

/* A string, or NULL when null (nullable) or bad. */
static const char *
str(struct rd *r, json_t *o, const char *k, const char *base, bool nullable)
{
	json_t *v = get(r, o, k, base);

	if (v == NULL)
		return NULL;
	if (json_is_string(v))
		return arena_strdup(r->a, json_string_value(v));
	if (!(nullable && json_is_null(v)))
		bad(r, jptr_key(r->a, base, k),
		    arena_printf(r->a,
			"'%s' "
			"must be a string%s",
			k, nullable ? " or null" : ""));
	return NULL;
}

static size_t
num(struct rd *r, json_t *o, const char *k, const char *base)
{
	json_t *v = get(r, o, k, base);

	if (v == NULL)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0) {
		bad(r, jptr_key(r->a, base, k),
		    arena_printf(r->a,
			"'%s' must "
			"be a non-negative integer",
			k));
		return 0;
	}
	return (size_t)json_integer_value(v);
}

static bool
boolean(struct rd *r, json_t *o, const char *k, const char *base)
{
	json_t *v = get(r, o, k, base);

	if (v != NULL && !json_is_boolean(v)) {
		bad(r, jptr_key(r->a, base, k),
		    arena_printf(r->a,
			"'%s' must "
			"be true or false",
			k));
		return false;
	}
	return json_is_true(v);
}

/* Keys added by the lifecycle (docs/lifecycle.md): optional, so that a
 * plan.json written before them still reads. */
static const char *
opt_str(struct rd *r, json_t *o, const char *k, const char *base)
{
	return json_object_get(o, k) != NULL ? str(r, o, k, base, true) : NULL;
}

static bool
opt_bool(struct rd *r, json_t *o, const char *k, const char *base)
{
	return json_object_get(o, k) != NULL && boolean(r, o, k, base);
}

static json_t *
arr(struct rd *r, json_t *o, const char *k, const char *base)
{
	json_t *v = get(r, o, k, base);

	if (v != NULL && !json_is_array(v)) {
		bad(r, jptr_key(r->a, base, k),
		    arena_printf(r->a,
			"'%s' must "
			"be an array",
			k));
		return NULL;
	}
	return v;
}

static json_t *
objk(struct rd *r, json_t *o, const char *k, const char *base)
{
	json_t *v = get(r, o, k, base);

	if (v != NULL && !json_is_object(v)) {
		bad(r, jptr_key(r->a, base, k),
		    arena_printf(r->a,
			"'%s' must "
			"be an object",
			k));
		return NULL;
	}
	return v;
}

static void
strs(struct rd *r, json_t *o, const char *k, const char *base, void *out)
{
	ARR(const char *) *dst = out;
	json_t *a = arr(r, o, k, base), *x;
	size_t i;

	json_array_foreach(a, i, x)
	{
		if (!json_is_string(x)) {
			bad(r, jptr_index(r->a, jptr_key(r->a, base, k), i),
			    "expected a string");
			continue;
		}
		ARR_PUSH(r->a, *dst, arena_strdup(r->a, json_string_value(x)));
	}
}

static void
prefixes(struct rd *r, json_t *o, const char *k, const char *base,
    prefix_arr *out)
{
	json_t *a = arr(r, o, k, base), *x;
	size_t i;

	json_array_foreach(a, i, x)
	{
		struct prefix pf;

		if (!json_is_string(x) ||
		    prefix_parse(json_string_value(x), 0, &pf, NULL) != 0) {
			bad(r, jptr_index(r->a, jptr_key(r->a, base, k), i),
			    "expected a CIDR prefix");
			continue;
		}
		ARR_PUSH(r->a, *out, pf);
	}
}

/* Each element of array k must be an object; fn reads it. */
#define EACH(r, o, k, base, x, ptr, i) \
	for (json_t *a_ = arr((r), (o), (k), (base)), *x = NULL; a_ != NULL; \
	     a_ = NULL) \
		for ((i) = 0; (i) < json_array_size(a_) && \
		     ((x) = json_array_get(a_, (i))) != NULL && \
		     ((ptr) = jptr_index((r)->a, \
			  jptr_key((r)->a, (base), (k)), (i))) != NULL; \
		     (i)++) \
			if (!json_is_object(x)) \
				bad((r), (ptr), "expected an object"); \
			else

static int
tag_cmp(const void *x, const void *y)
{
	return strcmp(((const struct tag *)x)->key,
	    ((const struct tag *)y)->key);
}

static void
read_vnet(struct rd *r, json_t *x, const char *ptr)
{
	struct plan_vnet v;
	json_t *tags, *raw, *t;
	const char *k, *cp;
	size_t i;

	memset(&v, 0, sizeof(v));
	v.id = str(r, x, "id", ptr, false);
	v.name = str(r, x, "name", ptr, false);
	v.subscription = str(r, x, "subscription", ptr, true);
	v.resource_group = str(r, x, "resource_group", ptr, true);
	v.location = str(r, x, "location", ptr, true);
	prefixes(r, x, "prefixes", ptr, &v.prefixes);
	if ((tags = objk(r, x, "tags", ptr)) != NULL)
		json_object_foreach(tags, k, t)
		{
			struct tag tg;

			tg.key = arena_strdup(r->a, k);
			tg.value = json_is_string(t) ?
			    arena_strdup(r->a, json_string_value(t)) :
			    NULL;
			ARR_PUSH(r->a, v.tags, tg);
		}
	if (v.tags.n > 1)
		qsort(v.tags.v, v.tags.n, sizeof(*v.tags.v), tag_cmp);
	v.npes = num(r, x, "private_endpoints", ptr);
	if ((raw = get(r, x, "raw", ptr)) != NULL) {
		if (json_is_string(raw))
			v.raw = arena_strdup(r->a, json_string_value(raw));
		else if (json_is_object(raw)) {
			char *s = json_dumps(raw,
			    JSON_COMPACT | JSON_SORT_KEYS);

			if (s == NULL)
				mp_oom(0);
			v.raw = arena_strdup(r->a, s);
			free(s);
		}
	}
	v.pe_vnet_policies = str(r, x, "pe_vnet_policies", ptr, true);
	v.set_pe_vnet_basic = boolean(r, x, "set_pe_vnet_basic", ptr);
	v.change_wave = (int)num(r, x, "change_wave", ptr);
	EACH(r, x, "subnet_changes", ptr, c, cp, i)
	{
		struct plan_subnet_change sc;

		sc.id = str(r, c, "id", cp, false);
		sc.name = str(r, c, "name", cp, false);
		sc.old_policy = str(r, c, "old_policy", cp, true);
		sc.new_policy = str(r, c, "new_policy", cp, false);
		sc.npes = num(r, c, "private_endpoints", cp);
		ARR_PUSH(r->a, v.subnet_changes, sc);
	}
	v.wave = (int)num(r, x, "wave", ptr);
	v.mesh = str(r, x, "mesh", ptr, true);
	v.segment = str(r, x, "segment", ptr, true);
	v.hairpins_out = num(r, x, "hairpins_out", ptr);
	v.is_hub = boolean(r, x, "is_hub", ptr);
	v.traffic_bytes = num(r, x, "traffic_bytes", ptr);
	v.live = opt_bool(r, x, "live", ptr);
	v.etag = opt_str(r, x, "etag", ptr);
	v.digest = opt_str(r, x, "digest", ptr);
	if (v.id != NULL)
		ARR_PUSH(r->a, r->p->vnets, v);
}

static void
read_summary(struct rd *r, json_t *x, const char *ptr)
{
	struct plan_summary s;
	json_t *w;
	const char *cp;
	size_t i;

	memset(&s, 0, sizeof(s));
	s.hub_id = str(r, x, "hub", ptr, false);
	s.hub_name = str(r, x, "hub_name", ptr, false);
	prefixes(r, x, "current", ptr, &s.current);
	prefixes(r, x, "prefixes", ptr, &s.prefixes);
	s.before_v4 = num(r, x, "before_v4", ptr);
	s.before_v6 = num(r, x, "before_v6", ptr);
	s.after_v4 = num(r, x, "after_v4", ptr);
	s.after_v6 = num(r, x, "after_v6", ptr);
	if (num(r, x, "before", ptr) != s.before_v4 + s.before_v6 ||
	    num(r, x, "after", ptr) != s.after_v4 + s.after_v6)
		bad(r, ptr, "before/after are not the sums of their families");
	if ((w = get(r, x, "waste", ptr)) != NULL) {
		if (json_is_number(w))
			s.waste = json_number_value(w);
		else
			bad(r, jptr_key(r->a, ptr, "waste"),
			    "'waste' must be "
			    "a number");
	}
	EACH(r, x, "covers", ptr, c, cp, i)
	{
		struct plan_cover cv;
		const char *pt = str(r, c, "prefix", cp, false);

		cv.vnet_id = str(r, c, "vnet", cp, false);
		if (pt == NULL || prefix_parse(pt, 0, &cv.p, NULL) != 0) {
			bad(r, cp, "a cover needs a CIDR prefix");
			continue;
		}
		ARR_PUSH(r->a, s.covers, cv);
	}
	/* "opens" is written only when non-empty. */
	if (json_object_get(x, "opens") != NULL) {
		EACH(r, x, "opens", ptr, c, cp, i)
		{
			struct plan_cover cv;
			const char *pt = str(r, c, "prefix", cp, false);

			cv.vnet_id = str(r, c, "vnet", cp, false);
			if (pt == NULL ||
			    prefix_parse(pt, 0, &cv.p, NULL) != 0) {
				bad(r, cp,
				    "an opened prefix needs a CIDR "
				    "prefix");
				continue;
			}
			ARR_PUSH(r->a, s.opens, cv);
		}
	}
	s.reached_budget = boolean(r, x, "reached_budget", ptr);
	s.note = str(r, x, "note", ptr, true);
	ARR_PUSH(r->a, r->p->summaries, s);
}

static void
read_mesh(struct rd *r, json_t *x, const char *ptr)
{
	struct plan_mesh m;

	memset(&m, 0, sizeof(m));
	m.name = str(r, x, "name", ptr, false);
	m.region = str(r, x, "region", ptr, true);
	m.global = boolean(r, x, "global", ptr);
	m.high_scale = boolean(r, x, "high_scale", ptr);
	m.hspe = boolean(r, x, "hspe", ptr);
	strs(r, x, "vnets", ptr, &m.vnet_ids);
	m.private_endpoints = num(r, x, "private_endpoints", ptr);
	m.max_vnet_pes = num(r, x, "max_vnet_private_endpoints", ptr);
	strs(r, x, "subscriptions", ptr, &m.subscriptions);
	m.group_name = str(r, x, "group_name", ptr, false);
	m.config_name = str(r, x, "config_name", ptr, false);
	m.existing_config_id = str(r, x, "existing_config_id", ptr, true);
	m.existing_group_id = opt_str(r, x, "existing_group_id", ptr);
	m.note = str(r, x, "note", ptr, true);
	ARR_PUSH(r->a, r->p->meshes, m);
}

static bool step_fields(struct rd *r, json_t *x, const char *ptr,
    struct plan_step *s);

static void
read_wave(struct rd *r, json_t *x, const char *ptr)
{
	struct plan_wave w;
	const char *cp;
	size_t i;

	memset(&w, 0, sizeof(w));
	w.number = (int)num(r, x, "number", ptr);
	w.name = str(r, x, "name", ptr, false);
	strs(r, x, "vnets", ptr, &w.vnet_ids);
	strs(r, x, "members", ptr, &w.members);
	w.private_endpoints = num(r, x, "private_endpoints", ptr);
	strs(r, x, "checks", ptr, &w.checks);
	EACH(r, x, "rollback", ptr, y, cp, i)
	{
		struct plan_step st;

		if (step_fields(r, y, cp, &st))
			ARR_PUSH(r->a, w.rollback, st);
	}
	w.maintenance = str(r, x, "maintenance", ptr, true);
	w.hairpins_before = num(r, x, "hairpins_before", ptr);
	w.hairpins_after = num(r, x, "hairpins_after", ptr);
	w.inspected_after = num(r, x, "inspected_after", ptr);
	w.inspected_before = num(r, x, "inspected_before", ptr);
	w.inspection_lost = num(r, x, "inspection_lost", ptr);
	w.inspection_lost_new = num(r, x, "inspection_lost_new", ptr);
	EACH(r, x, "inspection_lost_pairs", ptr, y, cp, i)
	{
		struct plan_lost_pair lp;

		lp.src_id = str(r, y, "src", cp, false);
		lp.dst_id = str(r, y, "dst", cp, false);
		lp.route = str(r, y, "route", cp, true);
		lp.route_id = str(r, y, "route_id", cp, true);
		ARR_PUSH(r->a, w.lost, lp);
	}
	w.traffic_bytes = num(r, x, "traffic_bytes", ptr);
	w.note = str(r, x, "note", ptr, true);
	/* A resumed plan keeps its first plan's numbers (2, 3 when wave 1
	 * is live): increasing, not necessarily from 1. */
	if (w.number < 1 ||
	    (r->p->waves.n > 0 &&
		w.number <= r->p->waves.v[r->p->waves.n - 1].number))
		bad(r, jptr_key(r->a, ptr, "number"),
		    "waves must be numbered "
		    "1 or more, increasing");
	ARR_PUSH(r->a, r->p->waves, w);
}

/* A step's fields (not its wave); false when it is not usable. */
static bool
step_fields(struct rd *r, json_t *x, const char *ptr, struct plan_step *s)
{
	const char *kind, *k;
	json_t *props, *v;
	int kk;

	memset(s, 0, sizeof(*s));
	kind = str(r, x, "kind", ptr, false);
	s->resource = str(r, x, "resource", ptr, true);
	s->subscription = str(r, x, "subscription", ptr, true);
	s->text = str(r, x, "text", ptr, false);
	if (kind == NULL || (kk = step_kind_parse(kind)) < 0) {
		bad(r, jptr_key(r->a, ptr, "kind"), "unknown step kind");
		return false;
	}
	s->kind = (enum step_kind)kk;
	/* "command" is rendered from the rest; it is not read back. */
	props = objk(r, x, "properties", ptr);
	json_object_foreach(props, k, v)
	{
		const char *pp = jptr_key(r->a,
		    jptr_key(r->a, ptr, "properties"), k);
		ARR(const char *) vals = { NULL, 0, 0 };
		json_t *e;
		size_t i;

		if (json_is_string(v)) {
			step_set(r->a, s, arena_strdup(r->a, k),
			    arena_strdup(r->a, json_string_value(v)));
			continue;
		}
		if (!json_is_array(v)) {
			bad(r, pp,
			    "a step property must be a string or an "
			    "array of strings");
			continue;
		}
		json_array_foreach(v, i, e)
		{
			if (!json_is_string(e)) {
				bad(r, jptr_index(r->a, pp, i),
				    "expected a string");
				continue;
			}
			ARR_PUSH(r->a, vals,
			    arena_strdup(r->a, json_string_value(e)));
		}
		step_set_list(r->a, s, arena_strdup(r->a, k), vals.v, vals.n);
	}
	return true;
}

static void
read_step(struct rd *r, json_t *x, const char *ptr)
{
	struct plan_step s;
	size_t wave = num(r, x, "wave", ptr), k;

	if (!step_fields(r, x, ptr, &s))
		return;
	if (wave == 0) {
		ARR_PUSH(r->a, r->p->prereq, s);
		return;
	}
	for (k = 0; k < r->p->waves.n; k++)
		if ((size_t)r->p->waves.v[k].number == wave) {
			ARR_PUSH(r->a, r->p->waves.v[k].steps, s);
			return;
		}
	bad(r, jptr_key(r->a, ptr, "wave"),
	    "a step names a wave that does "
	    "not exist");
}

/* "manager": the network manager to create or reuse. */
static void
read_manager(struct rd *r, json_t *m)
{
	struct plan *p = r->p;

	p->manager.existing_id = str(r, m, "existing_id", "/manager", true);
	p->manager.name = str(r, m, "name", "/manager", false);
	p->manager.subscription = str(r, m, "subscription", "/manager", true);
	p->manager.resource_group = str(r, m, "resource_group", "/manager",
	    true);
	p->manager.location = str(r, m, "location", "/manager", true);
	strs(r, m, "scope_subscriptions", "/manager",
	    &p->manager.scope_subscriptions);
	strs(r, m, "scope_management_groups", "/manager",
	    &p->manager.scope_management_groups);
	strs(r, m, "accesses", "/manager", &p->manager.accesses);
	p->manager.note = str(r, m, "note", "/manager", true);
}

/* "segmentation": the pair table and the counts per segment pair. */
static void
read_segmentation(struct rd *r, json_t *seg)
{
	struct plan *p = r->p;
	const char *cp;
	size_t i;

	p->segmentation_total = num(r, seg, "total", "/segmentation");
	p->segmentation_truncated = boolean(r, seg, "truncated",
	    "/segmentation");
	if (num(r, seg, "cap", "/segmentation") != PLAN_PAIRS_CAP)
		bad(r, "/segmentation/cap",
		    "written with another pair "
		    "cap than this meshplan's");
	EACH(r, seg, "pairs", "/segmentation", x, cp, i)
	{
		struct plan_pair pp;

		pp.src_id = str(r, x, "src", cp, false);
		pp.dst_id = str(r, x, "dst", cp, false);
		pp.before = str(r, x, "before", cp, false);
		pp.inspected_before = boolean(r, x, "inspected_before", cp);
		pp.denied = boolean(r, x, "denied", cp);
		pp.src_segment = str(r, x, "src_segment", cp, true);
		pp.dst_segment = str(r, x, "dst_segment", cp, true);
		ARR_PUSH(r->a, p->segmentation, pp);
	}
	EACH(r, seg, "segments", "/segmentation", x, cp, i)
	{
		struct plan_segment_count sc;

		sc.src_segment = str(r, x, "src_segment", cp, true);
		sc.dst_segment = str(r, x, "dst_segment", cp, true);
		sc.pairs = num(r, x, "pairs", cp);
		sc.denied = boolean(r, x, "denied", cp);
		ARR_PUSH(r->a, p->segment_counts, sc);
	}
}

/* "effect": the hairpins and inspected pairs, before and after. */
static void
read_effect(struct rd *r, json_t *eff)
{
	struct plan *p = r->p;

	p->effect.hairpins_before = num(r, eff, "hairpins_before", "/effect");
	p->effect.hairpins_after = num(r, eff, "hairpins_after", "/effect");
	p->effect.inspected_after = num(r, eff, "inspected_after", "/effect");
	p->effect.inspected_before = num(r, eff, "inspected_before", "/effect");
	p->effect.inspection_lost = num(r, eff, "inspection_lost", "/effect");
	p->effect.pairs_before = num(r, eff, "pairs_before", "/effect");
	p->effect.after_not_meshed = num(r, eff, "after_not_meshed", "/effect");
	p->effect.after_other_mesh = num(r, eff, "after_other_mesh", "/effect");
	p->effect.after_same_mesh = num(r, eff, "after_same_mesh", "/effect");
}

static void
read_top(struct rd *r, json_t *doc)
{
	struct plan *p = r->p;
	json_t *m, *seg, *eff;
	const char *cp;
	size_t i;

	p->generator = str(r, doc, "generator", "", true);
	p->policy_file = str(r, doc, "policy", "", true);
	if ((m = objk(r, doc, "manager", "")) != NULL)
		read_manager(r, m);
	if ((m = objk(r, doc, "membership", "")) != NULL) {
		const char *mode = str(r, m, "mode", "/membership", false);

		p->dynamic_membership = mode != NULL &&
		    strcmp(mode, "policy") == 0;
		p->membership_tag = str(r, m, "tag", "/membership", true);
	}
	EACH(r, doc, "vnets", "", x, cp, i)
	read_vnet(r, x, cp);
	plan_sort_vnets(p);
	EACH(r, doc, "summaries", "", x, cp, i)
	read_summary(r, x, cp);
	EACH(r, doc, "meshes", "", x, cp, i)
	read_mesh(r, x, cp);
	EACH(r, doc, "waves", "", x, cp, i)
	read_wave(r, x, cp);
	EACH(r, doc, "steps", "", x, cp, i)
	read_step(r, x, cp);
	EACH(r, doc, "blockers", "", x, cp, i)
	{
		struct plan_blocker b;

		b.resource = str(r, x, "resource", cp, false);
		b.reason = str(r, x, "reason", cp, false);
		b.kind = str(r, x, "kind", cp, false);
		ARR_PUSH(r->a, p->blockers, b);
	}
	EACH(r, doc, "features", "", x, cp, i)
	{
		struct plan_feature f;

		f.subscription = str(r, x, "subscription", cp, false);
		f.feature = str(r, x, "feature", cp, false);
		f.why = str(r, x, "why", cp, false);
		ARR_PUSH(r->a, p->features, f);
	}
	if ((seg = objk(r, doc, "segmentation", "")) != NULL)
		read_segmentation(r, seg);
	EACH(r, doc, "deny", "", x, cp, i)
	{
		struct plan_deny dn;

		memset(&dn, 0, sizeof(dn));
		dn.name = str(r, x, "name", cp, false);
		dn.segment_a = str(r, x, "segment_a", cp, false);
		dn.segment_b = str(r, x, "segment_b", cp, false);
		dn.group_a = str(r, x, "group_a", cp, false);
		dn.group_b = str(r, x, "group_b", cp, false);
		strs(r, x, "vnets_a", cp, &dn.vnets_a);
		strs(r, x, "vnets_b", cp, &dn.vnets_b);
		dn.priority = (int)num(r, x, "priority", cp);
		dn.protocol = str(r, x, "protocol", cp, false);
		dn.pairs = num(r, x, "pairs", cp);
		ARR_PUSH(r->a, p->deny, dn);
	}
	if ((eff = objk(r, doc, "effect", "")) != NULL)
		read_effect(r, eff);
	strs(r, doc, "notes", "", &p->notes);
	if (json_object_get(doc, "conflicts") != NULL) {
		EACH(r, doc, "conflicts", "", x, cp, i)
		{
			struct plan_blocker b;

			b.resource = str(r, x, "resource", cp, false);
			b.reason = str(r, x, "reason", cp, false);
			b.kind = str(r, x, "kind", cp, false);
			ARR_PUSH(r->a, p->conflicts, b);
		}
	}
	if (json_object_get(doc, "estate_vnets") != NULL)
		strs(r, doc, "estate_vnets", "", &p->estate_vnets);
	p->previous_plan = opt_str(r, doc, "previous_plan", "");
}

struct plan *
plan_read(const char *file, struct diags *d)
{
	struct load_limits lim;
	struct rd r;
	json_t *doc;
	size_t bytes;

	load_limits_default(&lim);
	if ((doc = jfile_load(file, &lim, d, &bytes)) == NULL)
		return NULL;
	memset(&r, 0, sizeof(r));
	r.p = plan_new();
	r.a = r.p->arena;
	r.d = d;
	r.file = file;
	if (!json_is_object(doc))
		bad(&r, "", "the document must be an object");
	else
		read_top(&r, doc);
	json_decref(doc);
	if (r.nerr > 0) {
		plan_free(r.p);
		return NULL;
	}
	return r.p;
}
