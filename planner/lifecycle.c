/*
 * lifecycle.c - status of a fresh export against a plan, and the diff of
 * two plans (docs/lifecycle.md).
 *
 * Status: a VNet is live when the fresh estate has it in the connected
 * group of one of the plan's mesh configurations (existing_config_id, or
 * the id the plan's manager and config_name give), committed (topology.c
 * counts only configurations listed by list-active-connectivity-config
 * when such a list is among the inputs). A wave is done when every VNet
 * it adds is live, pending when none is, partial otherwise. Drift is:
 * a body the plan's IaC rewrites whose digest changed (or that is gone);
 * a VNet that appeared or disappeared (against the plan's estate_vnets);
 * a live member the plan does not have; a member that was live when the
 * plan was made and is not any more.
 *
 * Diff: VNets by id (case-insensitive) in either plan's meshes: moved
 * (both waved, another wave name), joined, left, went live, changed mesh;
 * summaries per hub whose proposed prefixes differ; steps compared as
 * (kind, resource, text) multisets.
 *
 * status_compute, status_agrees, wave_state_name, plan_diff,
 * plan_diff_empty: see lifecycle.h.
 */
#include "lifecycle.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "labels.h"

const char *
wave_state_name(enum wave_state s)
{
	switch (s) {
	case WAVE_DONE:
		return "done";
	case WAVE_PARTIAL:
		return "partial";
	default:
		return "pending";
	}
}

static const char *
manager_id(const struct plan *p, struct arena *a)
{
	if (p->manager.existing_id != NULL)
		return p->manager.existing_id;
	return arena_printf(a,
	    "/subscriptions/%s/resourceGroups/%s/providers/"
	    "Microsoft.Network/networkManagers/%s",
	    p->manager.subscription ? p->manager.subscription : "",
	    p->manager.resource_group ? p->manager.resource_group : "",
	    p->manager.name ? p->manager.name : "");
}

/* The plan's configuration ids, one per mesh. */
static const char **
config_ids(const struct plan *p, struct arena *a)
{
	const char **ids = arena_calloc(a, p->meshes.n + 1, sizeof(*ids));
	const char *mid = manager_id(p, a);
	size_t i;

	for (i = 0; i < p->meshes.n; i++) {
		const struct plan_mesh *m = &p->meshes.v[i];

		ids[i] = m->existing_config_id != NULL ?
		    m->existing_config_id :
		    arena_printf(a, "%s/connectivityConfigurations/%s", mid,
			m->config_name ? m->config_name : "");
	}
	return ids;
}

static void
item(struct arena *a, struct plan_status *st, const char *resource,
    const char *reason)
{
	struct status_item it;

	it.resource = resource;
	it.reason = reason;
	ARR_PUSH(a, st->drift, it);
}

static int
item_cmp(const void *x, const void *y)
{
	const struct status_item *p = x, *q = y;
	int c = mp_strcasecmp(p->resource, q->resource);

	return c ? c : strcmp(p->reason, q->reason);
}

static int
str_case_cmp(const void *x, const void *y)
{
	return mp_strcasecmp(*(const char *const *)x, *(const char *const *)y);
}

static bool
sorted_has(const char *const *v, size_t n, const char *id)
{
	return n > 0 && bsearch(&id, v, n, sizeof(*v), str_case_cmp) != NULL;
}

void
status_compute(const struct plan *p, const struct estate *e,
    const char *const *fresh_digest, const char *const *fresh_etag,
    struct arena *a, struct plan_status *st)
{
	struct strmap *live = strmap_new(a), *planned = strmap_new(a);
	const char **cfg = config_ids(p, a);
	const char **inv;
	size_t i, j, k, ninv;

	memset(st, 0, sizeof(*st));
	st->configs_assumed = !e->has_active_configs;
	/* Who is live now, in which of the plan's configurations. */
	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];

		for (j = 0; v->r.seen && j < v->connected_configs.n; j++)
			for (k = 0; k < p->meshes.n; k++)
				if (mp_strcaseeq(v->connected_configs.v[j],
					cfg[k]))
					strmap_put(live, v->r.id,
					    (void *)cfg[k]);
	}
	for (i = 0; i < p->meshes.n; i++)
		for (j = 0; j < p->meshes.v[i].vnet_ids.n; j++)
			strmap_put(planned, p->meshes.v[i].vnet_ids.v[j],
			    (void *)p->meshes.v[i].name);
	for (i = 0; i < p->waves.n; i++) {
		const struct plan_wave *w = &p->waves.v[i];
		struct status_wave sw;

		sw.number = w->number;
		sw.name = w->name;
		sw.planned = w->vnet_ids.n;
		sw.live = 0;
		for (j = 0; j < w->vnet_ids.n; j++)
			sw.live += strmap_get(live, w->vnet_ids.v[j]) != NULL;
		sw.state = sw.live == 0 && sw.planned > 0 ? WAVE_PENDING :
		    sw.live == sw.planned		  ? WAVE_DONE :
							    WAVE_PARTIAL;
		ARR_PUSH(a, st->waves, sw);
	}
	/* Bodies the IaC rewrites; members live at the plan. */
	for (i = 0; i < p->vnets.n; i++) {
		const struct plan_vnet *v = &p->vnets.v[i];

		if (v->live) {
			st->live_at_plan++;
			if (strmap_get(live, v->id) == NULL)
				item(a, st, v->id,
				    "a live member when the plan "
				    "was made, no longer in the mesh");
		}
		if (v->digest == NULL)
			continue;
		if (fresh_digest[i] == NULL)
			item(a, st, v->id,
			    arena_printf(a,
				"%s the plan "
				"rewrites is not in the inputs",
				v->is_hub ? "a hub whose summaries" :
					    "a VNet whose private "
					    "endpoint policies"));
		else if (strcmp(fresh_digest[i], v->digest) != 0)
			item(a, st, v->id,
			    arena_printf(a,
				"%s changed since "
				"the plan (etag %s -> %s; digest %s -> %s): "
				"the "
				"plan's IaC would write the old body; plan "
				"again",
				v->is_hub ? "hub" : "VNet",
				v->etag ? v->etag : "none",
				fresh_etag[i] ? fresh_etag[i] : "none",
				v->digest, fresh_digest[i]));
	}
	/* Live members the plan does not have. */
	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];
		const char *c = strmap_get(live, v->r.id);

		if (c == NULL)
			continue;
		st->live_members++;
		if (strmap_get(planned, v->r.id) == NULL)
			item(a, st, v->r.id,
			    arena_printf(a,
				"a live member "
				"(%s) that the plan does not have",
				c));
	}
	/* VNets that appeared or disappeared. */
	ninv = p->estate_vnets.n;
	st->no_inventory = ninv == 0;
	if (ninv > 0) {
		inv = arena_calloc(a, ninv + 1, sizeof(*inv));
		memcpy(inv, p->estate_vnets.v, ninv * sizeof(*inv));
		qsort(inv, ninv, sizeof(*inv), str_case_cmp);
		for (i = 0; i < e->vnets.n; i++)
			if (e->vnets.v[i]->r.seen &&
			    !sorted_has(inv, ninv, e->vnets.v[i]->r.id))
				item(a, st, e->vnets.v[i]->r.id,
				    "appeared "
				    "since the plan");
		for (i = 0; i < ninv; i++) {
			const struct res *r = estate_find(e, inv[i]);

			if (r == NULL || r->kind != RK_VNET || !r->seen)
				item(a, st, inv[i],
				    "disappeared since the "
				    "plan");
		}
	}
	if (st->drift.n > 1)
		qsort(st->drift.v, st->drift.n, sizeof(*st->drift.v), item_cmp);
}

bool
status_agrees(const struct plan_status *st)
{
	size_t i;

	if (st->drift.n > 0)
		return false;
	for (i = 0; i < st->waves.n; i++)
		if (st->waves.v[i].state == WAVE_PARTIAL)
			return false;
	return true;
}

/* ---- diff ---- */

static const char *
wave_name(const struct plan *p, int number)
{
	size_t i;

	for (i = 0; i < p->waves.n; i++)
		if (p->waves.v[i].number == number)
			return p->waves.v[i].name;
	return NULL;
}

static int
dv_cmp(const void *x, const void *y)
{
	return mp_strcasecmp(((const struct diff_vnet *)x)->id,
	    ((const struct diff_vnet *)y)->id);
}

static bool
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* VNets of one plan (meshed, not hubs) by id. */
static const struct plan_vnet *
member(const struct plan *p, const char *id)
{
	const struct plan_vnet *v = plan_find_vnet(p, id);

	return v != NULL && !v->is_hub && v->mesh != NULL ? v : NULL;
}

static void
name_add(struct strmap *m, const char *name, const char *id)
{
	const char *first;

	if (name == NULL || id == NULL)
		return;
	first = strmap_get(m, name);
	if (first == NULL)
		strmap_put(m, name, (void *)id);
	else if ((const void *)first != (const void *)m &&
	    !mp_strcaseeq(first, id))
		strmap_put(m, name, m);
}

/*
 * Index the VNet names of both plans (their VNets and the hubs of their
 * summaries): name -> the first id that has it, or the map itself once a
 * second id has it too.
 */
static struct strmap *
vnet_names(const struct plan *a, const struct plan *b, struct arena *ar)
{
	struct strmap *m = strmap_new(ar);
	size_t i, side;

	for (side = 0; side < 2; side++) {
		const struct plan *p = side ? b : a;

		for (i = 0; i < p->vnets.n; i++)
			name_add(m, p->vnets.v[i].name, p->vnets.v[i].id);
		for (i = 0; i < p->summaries.n; i++)
			name_add(m, p->summaries.v[i].hub_name,
			    p->summaries.v[i].hub_id);
	}
	return m;
}

/* name, qualified when another VNet of either plan has it. */
static const char *
name_label(struct strmap *names, struct arena *ar, const char *name,
    const char *rg, const char *sub)
{
	if (strmap_get(names, name) != (void *)names)
		return name;
	return label_qualified(ar, name, rg, sub);
}

static void
diff_vnets(const struct plan *a, const struct plan *b, struct arena *ar,
    struct strmap *names, struct plan_diff *d)
{
	size_t i, side;

	for (side = 0; side < 2; side++) {
		const struct plan *p = side ? b : a;

		for (i = 0; i < p->vnets.n; i++) {
			const struct plan_vnet *x = &p->vnets.v[i], *o, *n;
			struct diff_vnet dv;

			if (x->is_hub || x->mesh == NULL)
				continue;
			o = member(a, x->id);
			n = member(b, x->id);
			/* Pairs present in both are taken from a. */
			if (side == 1 && o != NULL)
				continue;
			memset(&dv, 0, sizeof(dv));
			dv.id = x->id;
			dv.name = x->name;
			dv.label = x->name == NULL ?
			    x->id :
			    name_label(names, ar, x->name, x->resource_group,
				x->subscription);
			if (o != NULL) {
				dv.old_wave = o->wave;
				dv.old_wave_name = wave_name(a, o->wave);
				dv.old_live = o->live;
				dv.old_mesh = o->mesh;
			}
			if (n != NULL) {
				dv.new_wave = n->wave;
				dv.new_wave_name = wave_name(b, n->wave);
				dv.new_live = n->live;
				dv.new_mesh = n->mesh;
			}
			if (o == NULL)
				dv.change = "joined";
			else if (n == NULL)
				dv.change = "left";
			else if (!o->live && n->live)
				dv.change = "went-live";
			else if (!same_str(o->mesh, n->mesh))
				dv.change = "mesh";
			else if (o->live != n->live ||
			    !same_str(dv.old_wave_name, dv.new_wave_name) ||
			    (dv.old_wave_name == NULL && o->wave != n->wave))
				dv.change = "moved";
			else
				continue;
			ARR_PUSH(ar, d->vnets, dv);
		}
	}
	if (d->vnets.n > 1)
		qsort(d->vnets.v, d->vnets.n, sizeof(*d->vnets.v), dv_cmp);
}

static const struct plan_summary *
summary_of(const struct plan *p, const char *hub)
{
	size_t i;

	for (i = 0; i < p->summaries.n; i++)
		if (mp_strcaseeq(p->summaries.v[i].hub_id, hub))
			return &p->summaries.v[i];
	return NULL;
}

static bool
same_prefixes(const prefix_arr *x, const prefix_arr *y)
{
	size_t i;

	if (x->n != y->n)
		return false;
	for (i = 0; i < x->n; i++)
		if (prefix_cmp(&x->v[i], &y->v[i]) != 0)
			return false;
	return true;
}

static int
ds_cmp(const void *x, const void *y)
{
	return mp_strcasecmp(((const struct diff_summary *)x)->hub_id,
	    ((const struct diff_summary *)y)->hub_id);
}

/* A VNet of either plan by id (a's first), or NULL. */
static const struct plan_vnet *
either_vnet(const struct plan *a, const struct plan *b, const char *id)
{
	const struct plan_vnet *v = plan_find_vnet(a, id);

	return v != NULL ? v : plan_find_vnet(b, id);
}

/* name of the VNet id, qualified when another VNet of either plan has
 * it; from the plans' VNets, else from id. */
static const char *
id_label(const struct plan *a, const struct plan *b, struct strmap *names,
    struct arena *ar, const char *name, const char *id)
{
	const struct plan_vnet *v = either_vnet(a, b, id);

	if (name == NULL)
		return id;
	return name_label(names, ar, name,
	    v != NULL ? v->resource_group : id_resource_group(ar, id),
	    v != NULL ? v->subscription : id_subscription(ar, id));
}

static void
diff_summaries(const struct plan *a, const struct plan *b, struct arena *ar,
    struct strmap *names, struct plan_diff *d)
{
	size_t i, side;

	for (side = 0; side < 2; side++) {
		const struct plan *p = side ? b : a;

		for (i = 0; i < p->summaries.n; i++) {
			const struct plan_summary *s = &p->summaries.v[i];
			const struct plan_summary *o = summary_of(a, s->hub_id);
			const struct plan_summary *n = summary_of(b, s->hub_id);
			struct diff_summary ds;

			if (side == 1 && o != NULL)
				continue;
			if (o != NULL && n != NULL &&
			    same_prefixes(&o->prefixes, &n->prefixes))
				continue;
			memset(&ds, 0, sizeof(ds));
			ds.hub_id = s->hub_id;
			ds.hub_name = s->hub_name;
			ds.label = id_label(a, b, names, ar, s->hub_name,
			    s->hub_id);
			ds.in_old = o != NULL;
			ds.in_new = n != NULL;
			if (o != NULL)
				ds.old_prefixes = o->prefixes;
			if (n != NULL)
				ds.new_prefixes = n->prefixes;
			ARR_PUSH(ar, d->summaries, ds);
		}
	}
	if (d->summaries.n > 1)
		qsort(d->summaries.v, d->summaries.n, sizeof(*d->summaries.v),
		    ds_cmp);
}

/* Every step of a plan with its wave number, in plan order. */
struct fstep {
	const struct plan_step *s;
	int wave;
	bool matched;
};

static struct fstep *
flat_steps(const struct plan *p, size_t *n)
{
	struct fstep *v;
	size_t i, j, k = p->prereq.n;

	for (i = 0; i < p->waves.n; i++)
		k += p->waves.v[i].steps.n;
	v = xcalloc(k + 1, sizeof(*v));
	k = 0;
	for (i = 0; i < p->prereq.n; i++) {
		v[k].s = &p->prereq.v[i];
		v[k++].wave = 0;
	}
	for (i = 0; i < p->waves.n; i++)
		for (j = 0; j < p->waves.v[i].steps.n; j++) {
			v[k].s = &p->waves.v[i].steps.v[j];
			v[k++].wave = p->waves.v[i].number;
		}
	*n = k;
	return v;
}

static bool
same_step(const struct plan_step *x, const struct plan_step *y)
{
	return x->kind == y->kind && same_str(x->resource, y->resource) &&
	    same_str(x->text, y->text);
}

/* The VNet a step acts on: its "vnet" property, else the VNet its
 * resource is or is under; NULL for none. */
static const char *
step_vnet(struct arena *ar, const struct plan_step *s)
{
	static const char
	    vn[] = "/providers/Microsoft.Network/virtualNetworks/";
	const char *v = step_prop(s, "vnet"), *p, *end;
	size_t k = sizeof(vn) - 1;

	if (v != NULL || s->resource == NULL)
		return v;
	for (p = s->resource; *p != '\0'; p++)
		if (*p == '/' && mp_strcase_prefix(p, vn)) {
			end = strchr(p + k, '/');
			return end == NULL ? s->resource :
					     arena_strndup(ar, s->resource,
						 (size_t)(end - s->resource));
		}
	return NULL;
}

static bool
name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

/*
 * text with every bare mention of name (a whole name, after an optional
 * child path such as "/snet-pe") followed by label's qualifier; text
 * itself when there is none. A mention already qualified is kept.
 */
static const char *
qualify_mentions(struct arena *ar, const char *text, const char *name,
    const char *label)
{
	const char *qual = label + strlen(name), *p = text, *q, *end;
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(name);
	bool any = false;

	while ((q = strstr(p, name)) != NULL) {
		end = q + n;
		if ((q > text && (name_char(q[-1]) || q[-1] == '/')) ||
		    name_char(*end)) {
			sb_putn(&sb, p, (size_t)(end - p));
			p = end;
			continue;
		}
		while (*end == '/' && name_char(end[1]))
			for (end++; name_char(*end); end++)
				;
		sb_putn(&sb, p, (size_t)(end - p));
		if (strncmp(end, " (resource group ", 17) != 0) {
			sb_puts(&sb, qual);
			any = true;
		}
		p = end;
	}
	sb_puts(&sb, p);
	text = any ? arena_strdup(ar, sb_str(&sb)) : text;
	sb_free(&sb);
	return text;
}

/* A step's text as the diff shows it: the VNet it acts on qualified when
 * another VNet of either plan has its name (each plan qualified only the
 * names it had twice). */
static const char *
step_label(const struct plan *a, const struct plan *b, struct strmap *names,
    struct arena *ar, const struct plan_step *s)
{
	const char *id = step_vnet(ar, s), *name, *label;
	const struct plan_vnet *v;

	if (id == NULL || s->text == NULL)
		return s->text;
	v = either_vnet(a, b, id);
	name = v != NULL ? v->name : id_last_name(ar, id);
	if (name == NULL || *name == '\0')
		return s->text;
	label = id_label(a, b, names, ar, name, id);
	return label == name ? s->text :
			       qualify_mentions(ar, s->text, name, label);
}

static void
diff_steps(const struct plan *a, const struct plan *b, struct arena *ar,
    struct strmap *names, struct plan_diff *d)
{
	size_t na, nb, i, j, side;
	struct fstep *sa = flat_steps(a, &na), *sb = flat_steps(b, &nb);
	struct strmap *at = strmap_new(ar);

	d->old_steps = na;
	d->new_steps = nb;
	/* Candidates by kind and resource; then the first unmatched with
	 * the same text. The index keeps big plans linear. */
	for (j = nb; j-- > 0;) {
		const char *key = arena_printf(ar, "%s|%s",
		    step_kind_name(sb[j].s->kind),
		    sb[j].s->resource ? sb[j].s->resource : "");
		size_t *first = strmap_get(at, key);

		if (first == NULL) {
			first = arena_alloc(ar, sizeof(*first) * 2);
			strmap_put(at, key, first);
		}
		first[0] = j;
	}
	for (i = 0; i < na; i++) {
		const char *key = arena_printf(ar, "%s|%s",
		    step_kind_name(sa[i].s->kind),
		    sa[i].s->resource ? sa[i].s->resource : "");
		size_t *first = strmap_get(at, key);

		for (j = first != NULL ? first[0] : nb; j < nb; j++)
			if (!sb[j].matched && same_step(sa[i].s, sb[j].s)) {
				sb[j].matched = sa[i].matched = true;
				break;
			}
	}
	for (side = 0; side < 2; side++) {
		struct fstep *v = side ? sb : sa;
		size_t n = side ? nb : na;

		for (i = 0; i < n; i++) {
			struct diff_step ds;

			if (v[i].matched)
				continue;
			ds.wave = v[i].wave;
			ds.kind = step_kind_name(v[i].s->kind);
			ds.resource = v[i].s->resource;
			ds.text = v[i].s->text;
			ds.label = step_label(a, b, names, ar, v[i].s);
			ds.added = side == 1;
			ARR_PUSH(ar, d->steps, ds);
		}
	}
	free(sa);
	free(sb);
}

void
plan_diff(const struct plan *a, const struct plan *b, struct arena *ar,
    struct plan_diff *d)
{
	struct strmap *names = vnet_names(a, b, ar);

	memset(d, 0, sizeof(*d));
	diff_vnets(a, b, ar, names, d);
	diff_summaries(a, b, ar, names, d);
	diff_steps(a, b, ar, names, d);
}

bool
plan_diff_empty(const struct plan_diff *d)
{
	return d->vnets.n == 0 && d->summaries.n == 0 && d->steps.n == 0;
}
