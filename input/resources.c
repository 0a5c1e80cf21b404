/*
 * resources.c - resource objects to records, and records to the estate.
 *
 * Collect: every object is copied, secrets (sharedKey, serviceKey,
 * authorizationKey) and template-only keys removed, and a CLI-flattened
 * object (no "properties", addressSpace etc. at the top) is folded back
 * into the nested form, so that the rest of the loader and the raw JSON
 * kept for IaC see one shape. Inline children become records of their
 * own (a placeholder empty array stays in the parent to remember that
 * the parent listed them); ids missing on inline children (2020 exports)
 * are built from the parent id and the child name.
 *
 * Apply (one function per modelled type fills the estate) is in
 * resources_apply.c. After every record: the raw JSON of each VNet with
 * its children, for IaC (res_vnet_done), fix-ups that need all
 * resources (res_finish), and committed configurations
 * (res_active_configs).
 */
#include "resources.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/diag.h"
#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "jsonfile.h"
#include "load.h"

/* Keys of the resource envelope (everything else is a property). */
static const char *const envelope_keys[] = {
	"id",
	"name",
	"type",
	"location",
	"tags",
	"sku",
	"kind",
	"etag",
	"resourceGroup",
	"subscriptionId",
	"tenantId",
	"managedBy",
	"plan",
	"identity",
	"zones",
	"extendedLocation",
	"systemData",
	"apiVersion",
	"dependsOn",
	"comments",
	"condition",
	"copy",
	"scale",
	"resources",
	"properties",
	"createdTime",
	"changedTime",
};

/* Template-only keys that carry nothing about the deployed resource. */
static const char *const drop_keys[] = {
	"apiVersion",
	"dependsOn",
	"comments",
	"condition",
	"copy",
	"resources",
};

static bool
in_list(const char *k, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (mp_strcaseeq(k, list[i]))
			return true;
	return false;
}

/* Inline children by parent type: property key, child type segment. */
static const struct {
	const char *parent, *key, *seg;
} inline_children[] = {
	{ "Microsoft.Network/virtualNetworks", "subnets", "subnets" },
	{ "Microsoft.Network/virtualNetworks", "virtualNetworkPeerings",
	    "virtualNetworkPeerings" },
	{ "Microsoft.Network/routeTables", "routes", "routes" },
	{ "Microsoft.Network/expressRouteCircuits", "peerings", "peerings" },
	{ "Microsoft.Network/VirtualRouters", "peerings", "peerings" },
};

/*
 * Normalise item into the nested form: in place when mine (the caller's
 * document is not used again), else in a copy. Returns a new reference.
 * *flat is set for the CLI shape, *no_props when the object has no
 * properties at all.
 */
static json_t *
normalise(json_t *item, bool mine, bool *flat, bool *no_props)
{
	json_t *o = mine ? json_incref(item) : json_deep_copy(item), *props, *x;
	const char *k;
	void *tmp;
	size_t moved = 0;

	*flat = false;
	*no_props = false;
	strip_secrets(o);
	json_object_foreach_safe(o, tmp, k,
	    x) if (in_list(k, drop_keys, MP_NELEM(drop_keys)))
	    json_object_del(o, k);
	if (json_object_get(o, "properties") != NULL)
		return o;
	props = json_object();
	json_object_foreach_safe(o, tmp, k, x)
	{
		if (in_list(k, envelope_keys, MP_NELEM(envelope_keys)))
			continue;
		if (!mp_strcaseeq(k, "provisioningState"))
			moved++;
		json_object_set(props, k, x);
		json_object_del(o, k);
	}
	if (moved == 0) {
		*no_props = true;
		json_decref(props);
		return o;
	}
	*flat = true;
	json_object_set_new(o, "properties", props);
	return o;
}

static const char *
child_pointer(struct loader *L, const char *ptr, bool flat, const char *key,
    size_t i)
{
	/* key is one of inline_children's: nothing in it to escape. */
	return arena_printf(L->tmp, "%s%s/%s/%zu", ptr,
	    flat ? "" : "/properties", key, i);
}

static void collect_obj(struct loader *L, json_t *o, const char *id,
    const char *type, const char *file, const char *ptr, bool flat);

/* An entry of a parent's list of children of type expected
 * ("<parent type>/<seg>"). */
static void
collect_child(struct loader *L, json_t *item, const char *parent_id,
    const char *expected, const char *seg, const char *file, const char *ptr)
{
	const char *id, *type, *name;
	bool flat, no_props;
	json_t *o;

	if (!json_is_object(item)) {
		ld_diag(L, DIAG_ERROR, "json-type", file, ptr, parent_id,
		    "a %s entry is not an object", seg);
		return;
	}
	/* The parent is the loader's own copy: its children too. */
	o = normalise(item, true, &flat, &no_props);
	if (no_props)
		json_object_set_new(o, "properties", json_object());
	name = json_string_value(json_object_get(o, "name"));
	id = json_string_value(json_object_get(o, "id"));
	if (id == NULL && name == NULL) {
		ld_diag(L, DIAG_WARNING, "resource-no-id", file, ptr, parent_id,
		    "a %s entry has neither id nor name: skipped", seg);
		json_decref(o);
		return;
	}
	if (id == NULL) {
		id = arena_printf(L->tmp, "%s/%s/%s", parent_id, seg, name);
		json_object_set_new(o, "id", json_string(id));
	}
	/*
	 * An entry of the parent's list is that child type whatever its own
	 * "type" says: a wrong or unknown type must not reach res_apply().
	 */
	type = json_string_value(json_object_get(o, "type"));
	if (type != NULL && !mp_strcaseeq(type, expected))
		ld_diag(L, DIAG_WARNING, "child-type", file, ptr, id,
		    "a %s entry has type \"%s\": read as %s", seg, type,
		    expected);
	if (type == NULL || !mp_strcaseeq(type, expected)) {
		type = expected;
		json_object_set_new(o, "type", json_string(type));
	}
	collect_obj(L, o, id, type, file, ptr, flat);
}

/*
 * Drop every member of o but key. Private endpoints are most of an
 * export's bytes (their connections, NICs and DNS configs), and meshplan
 * reads only their subnet: keeping the rest would hold the whole export
 * in memory until every file is merged.
 */
static void
keep_only(json_t *o, const char *key)
{
	const char *k;
	json_t *x;
	void *tmp;

	json_object_foreach_safe(o, tmp, k, x) if (strcmp(k, key) != 0)
	    json_object_del(o, k);
}

/* Takes the reference to o. */
static void
collect_obj(struct loader *L, json_t *o, const char *id, const char *type,
    const char *file, const char *ptr, bool flat)
{
	json_t *props = json_object_get(o, "properties");
	const char *nid = id_normalize(L->tmp, id);
	size_t i, j;

	if (props != NULL && !json_is_object(props)) {
		ld_diag(L, DIAG_ERROR, "json-type", file,
		    jptr_key(L->a, ptr, "properties"), nid,
		    "\"properties\" is not an object: resource skipped");
		json_decref(o);
		return;
	}
	for (i = 0; i < MP_NELEM(inline_children); i++) {
		json_t *arr, *x;

		if (!mp_strcaseeq(type, inline_children[i].parent))
			continue;
		arr = json_object_get(props, inline_children[i].key);
		if (arr == NULL)
			continue;
		if (!json_is_array(arr)) {
			if (!json_is_null(arr))
				ld_diag(L, DIAG_ERROR, "json-type", file,
				    child_pointer(L, ptr, flat,
					inline_children[i].key, 0),
				    nid, "\"%s\" is not an array",
				    inline_children[i].key);
		} else {
			const char *expected = arena_printf(L->tmp, "%s/%s",
			    type, inline_children[i].seg);

			json_array_foreach(arr, j, x) collect_child(L, x, nid,
			    expected, inline_children[i].seg, file,
			    child_pointer(L, ptr, flat, inline_children[i].key,
				j));
		}
		json_object_set_new(props, inline_children[i].key,
		    json_array());
	}
	if (mp_strcaseeq(type, "Microsoft.Network/privateEndpoints") &&
	    json_is_object(props))
		keep_only(props, "subnet");
	rec_add(L, o, nid, type, file, ptr, flat);
}

/* Count one resource object against limit-resources: false when over. */
static bool
count_resource(struct loader *L, const char *file, const char *pointer)
{
	if (L->file_over_limit)
		return false;
	if (++L->file_resources > L->lim->max_resources) {
		L->file_over_limit = true;
		ld_diag(L, DIAG_ERROR, "limit-resources", file, pointer, NULL,
		    "more than %zu resources in one file: the rest of the "
		    "file is ignored",
		    L->lim->max_resources);
		return false;
	}
	L->e->resources_read++;
	return true;
}

void
res_collect(struct loader *L, json_t *item, bool mine, const char *file,
    const char *pointer)
{
	const char *id, *type;
	bool flat, no_props;
	json_t *o;

	if (!json_is_object(item)) {
		ld_diag(L, DIAG_ERROR, "json-type", file, pointer, NULL,
		    "expected a resource object, found %s",
		    json_is_array(item)	     ? "an array" :
			json_is_string(item) ? "a string" :
			json_is_null(item)   ? "null" :
					       "a scalar");
		return;
	}
	if (!count_resource(L, file, pointer))
		return;
	id = json_string_value(json_object_get(item, "id"));
	type = json_string_value(json_object_get(item, "type"));
	if (id == NULL) {
		ld_diag(L, DIAG_WARNING, "resource-no-id", file, pointer, NULL,
		    "resource%s%s has no id: skipped", type ? " of type " : "",
		    type ? type : "");
		return;
	}
	if (type == NULL)
		type = id_type(L->a, id);
	if (type == NULL) {
		ld_diag(L, DIAG_WARNING, "resource-no-type", file, pointer, id,
		    "resource has no type and its id names none: skipped");
		return;
	}
	if (!res_type_known(type)) {
		estate_count_unknown(L->e, type);
		return;
	}
	o = normalise(item, mine, &flat, &no_props);
	if (no_props) {
		L->e->resources_without_properties++;
		L->file_no_props++;
		json_decref(o);
		return;
	}
	collect_obj(L, o, id, type, file, pointer, flat);
}

/* ---- lazy collection ---- */

/* The members of object v that lazy collection reads. */
struct skimmed {
	struct jspan id, type, name, props;
	bool has_id, has_type, has_name, has_props;
};

/*
 * Skim object v for the members named in struct skimmed (and, when keys
 * is given, the members named there into vals). False when v is not an
 * object, is malformed, or a key holds an escape or comes twice: its
 * bytes would then not be its name.
 */
static bool
skim_members(const char *s, struct jspan v, struct skimmed *m,
    const char *const *keys, struct jspan *vals, bool *have, size_t nkeys)
{
	struct jskim k;
	struct jspan key, val;
	size_t i;
	int rc;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < nkeys; i++)
		have[i] = false;
	if (!jskim_enter(&k, s, v) || !k.obj)
		return false;
	while ((rc = jskim_next(&k, &key, &val)) == 1) {
		struct {
			const char *name;
			struct jspan *at;
			bool *seen;
		} mine[] = {
			{ "id", &m->id, &m->has_id },
			{ "type", &m->type, &m->has_type },
			{ "name", &m->name, &m->has_name },
			{ "properties", &m->props, &m->has_props },
		};

		if (memchr(s + key.off, '\\', key.len) != NULL)
			return false;
		for (i = 0; i < MP_NELEM(mine); i++) {
			if (!jskim_eq(s, key, mine[i].name))
				continue;
			if (*mine[i].seen)
				return false;
			*mine[i].seen = true;
			*mine[i].at = val;
		}
		for (i = 0; i < nkeys; i++) {
			if (!jskim_eq(s, key, keys[i]))
				continue;
			if (have[i])
				return false;
			have[i] = true;
			vals[i] = val;
		}
	}
	return rc == 0;
}

/* id_normalize(id) for an id in L->tmp: the id itself when it is
 * normal already (most are), so that it is not copied again. */
static const char *
tmp_normalize(struct loader *L, const char *id)
{
	size_t n = strlen(id);

	if (id[0] == '/' && n > 1 && id[n - 1] != '/')
		return id;
	return id_normalize(L->tmp, id);
}

/* A plain string's value (arena copy), or NULL. */
static const char *
plain(struct loader *L, const char *s, struct jspan v)
{
	if (!jskim_plain_string(s, v))
		return NULL;
	return arena_strndup(L->tmp, s + v.off + 1, v.len - 2);
}

/* A placeholder to be: its id (its key) and type; the rest is set when
 * its parent is expanded. */
struct kid {
	const char *id, *type;
};

/*
 * The inline children of a nested object of type type whose properties
 * are props, as collect_obj would find them: their ids and types into
 * kids. False when a child would not become a record
 * keyed under the parent's key (not an object, no id nor name, an id
 * elsewhere) or a list is not an array: res_collect then reads the
 * object, with its diagnostics.
 */
static bool
skim_children(struct loader *L, const char *s, struct jspan props,
    const char *type, const char *nid, void *kidsp)
{
	ARR(struct kid) *kids = kidsp;
	const char *keys[MP_NELEM(inline_children)];
	struct jspan vals[MP_NELEM(inline_children)];
	bool have[MP_NELEM(inline_children)];
	size_t i, nk = 0, under = strlen(nid);
	size_t which[MP_NELEM(inline_children)];
	struct skimmed m;

	for (i = 0; i < MP_NELEM(inline_children); i++)
		if (mp_strcaseeq(type, inline_children[i].parent)) {
			which[nk] = i;
			keys[nk++] = inline_children[i].key;
		}
	if (nk == 0)
		return true;
	if (!skim_members(s, props, &m, keys, vals, have, nk))
		return false;
	for (i = 0; i < nk; i++) {
		const char *seg = inline_children[which[i]].seg;
		const char *ctype;
		struct jskim k;
		struct jspan key, val;
		size_t j;
		int rc;

		if (!have[i] || jskim_eq(s, vals[i], "null"))
			continue;
		if (!jskim_enter(&k, s, vals[i]) || k.obj)
			return false;
		ctype = arena_printf(L->tmp, "%s/%s", type, seg);
		ctype = ld_type(L, ctype, strlen(ctype));
		for (j = 0; (rc = jskim_next(&k, &key, &val)) == 1; j++) {
			struct skimmed c;
			struct kid kd;
			const char *id, *name;

			if (!skim_members(s, val, &c, NULL, NULL, NULL, 0))
				return false;
			id = c.has_id ? plain(L, s, c.id) : NULL;
			name = !c.has_id && c.has_name ? plain(L, s, c.name) :
							 NULL;
			if (id == NULL && name == NULL)
				return false;
			if (id == NULL)
				id = arena_printf(L->tmp, "%s/%s/%s", nid, seg,
				    name);
			kd.id = tmp_normalize(L, id);
			if (!mp_strcase_prefix(kd.id, nid) ||
			    kd.id[under] != '/')
				return false;
			kd.type = ctype;
			ARR_PUSH(L->tmp, *kids, kd);
		}
		if (rc != 0)
			return false;
	}
	return true;
}

/* Append n bytes to the compacted part of ll's buffer. */
static void
ll_put(struct lazy_list *ll, const char *src, size_t n)
{
	/* Moved down, never over bytes not yet read. */
	MP_ASSERT(src < ll->buf || src >= ll->buf + ll->len);
	memmove(ll->buf + ll->len, src, n);
	ll->len += n;
}

/*
 * Put the private endpoint v as collect_obj keeps it: every member but
 * properties, then properties with its subnet alone. Only when jansson
 * would have read the whole object (jskim_valid), so that no diagnostic
 * is lost with the part that is not parsed.
 */
static bool
brief_pe(struct lazy_list *ll, struct jspan v, struct jspan props)
{
	const char *keys[] = { "subnet" }, *s = ll->t->s;
	struct jspan key, val, subnet;
	struct strbuf sub = STRBUF_INIT;
	struct skimmed m;
	struct jskim k;
	bool have;

	if (!jskim_valid(s, v) ||
	    !skim_members(s, props, &m, keys, &subnet, &have, 1))
		return false;
	/* properties may come before members moved over it. */
	if (have)
		sb_putn(&sub, s + subnet.off, subnet.len);
	MP_ASSERT(jskim_enter(&k, s, v));
	ll_put(ll, "{", 1);
	while (jskim_next(&k, &key, &val) == 1) {
		if (jskim_eq(s, key, "properties"))
			continue;
		ll_put(ll, s + key.off - 1, key.len + 2);
		ll_put(ll, ":", 1);
		ll_put(ll, s + val.off, val.len);
		ll_put(ll, ",", 1);
	}
	ll_put(ll, "\"properties\":{", 14);
	if (have) {
		ll_put(ll, "\"subnet\":", 9);
		ll_put(ll, sub.s, sub.len);
	}
	ll_put(ll, "}}", 2);
	sb_free(&sub);
	return true;
}

bool
res_collect_lazy(struct loader *L, struct lazy_list *ll, struct jspan v,
    const struct jpos *at, const char *file, const char *pointer)
{
	ARR(struct kid) kids = { NULL, 0, 0 };
	const char *s = ll->t->s, *id, *type, *nid;
	struct skimmed m;
	struct rec *r;
	size_t i, at_out = ll->len;

	if (!skim_members(s, v, &m, NULL, NULL, NULL, 0) || !m.has_id ||
	    (id = plain(L, s, m.id)) == NULL)
		return false;
	if (m.has_type) {
		if (!jskim_plain_string(s, m.type))
			return false;
		type = ld_type(L, s + m.type.off + 1, m.type.len - 2);
	} else if ((type = id_type(L->a, id)) == NULL) {
		return false;
	}
	nid = tmp_normalize(L, id);
	if (res_type_known(type)) {
		if (!m.has_props || s[m.props.off] != '{' ||
		    !skim_children(L, s, m.props, type, nid, &kids))
			return false;
		/* What is kept goes to the derived text: most of a private
		 * endpoint is not (collect_obj's keep_only). */
		if (!mp_strcaseeq(type, "Microsoft.Network/privateEndpoints"))
			ll_put(ll, s + v.off, v.len);
		else if (!brief_pe(ll, v, m.props))
			return false;
		/* Never longer than the element: the next is untouched. */
		MP_ASSERT(ll->len <= v.off + v.len);
	} else if (!jskim_valid(s, v)) {
		/* Not parsed, only counted: unless it is valid JSON, let
		 * jansson say what is wrong with it. */
		return false;
	}
	/* From here on as res_collect would, without the parse. */
	if (!count_resource(L, file, pointer)) {
		ll->len = at_out; /* (nothing else to undo) */
		return true;
	}
	if (!res_type_known(type)) {
		estate_count_unknown(L->e, type);
		return true;
	}
	for (i = 0; i < kids.n; i++)
		rec_add(L, NULL, kids.v[i].id, kids.v[i].type, file, pointer,
		    false);
	r = rec_add(L, NULL, nid, type, file, pointer, false);
	ll->dt->refs++;
	r->text = ll->dt;
	r->span.off = at_out;
	r->span.len = ll->len - at_out;
	r->at = *at;
	r->raw_id = id;
	r->nkids = kids.n;
	return true;
}

void
res_expand(struct loader *L, struct rec *r)
{
	json_t *item, *o;
	bool flat, no_props;

	MP_ASSERT(r->text != NULL && r->obj == NULL && L->fill == NULL);
	item = jtext_parse(r->text, r->span.off, r->span.len, &r->at, L->d);
	/* A file's records are mostly neighbours in key order (one
	 * resource group): its text goes as soon as the last is parsed. */
	if (--r->text->refs == 0)
		jtext_free(r->text);
	r->text = NULL;
	if (item == NULL)
		return;
	L->fill = r - r->nkids;
	L->nfill = r->nkids + 1;
	L->fill_at = 0;
	o = normalise(item, true, &flat, &no_props);
	MP_ASSERT(!flat && !no_props);
	collect_obj(L, o, r->raw_id, r->type, r->file, r->pointer, false);
	MP_ASSERT(r->obj != NULL);
	L->fill = NULL;
	json_decref(item);
}

/* ---- raw JSON for IaC, fix-ups ---- */

static int
res_key_cmp(const void *a, const void *b)
{
	const struct res *x = *(const struct res *const *)a;
	const struct res *y = *(const struct res *const *)b;

	return strcmp(x->key, y->key);
}

/* Children's merged json, sorted by key, as a new array. */
static json_t *
children_json(struct loader *L, struct res **v, size_t n)
{
	struct res **sorted = xcalloc(n ? n : 1, sizeof(*sorted));
	json_t *arr = json_array();
	size_t i;

	if (n > 0)
		memcpy(sorted, v, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), res_key_cmp);
	for (i = 0; i < n; i++) {
		struct rec *c = strmap_get(L->merged, sorted[i]->key);

		if (c != NULL && c->obj != NULL)
			json_array_append(arr, c->obj);
	}
	free(sorted);
	return arr;
}

static const char *
dump(struct loader *L, json_t *o)
{
	struct strbuf sb = STRBUF_INIT;
	const char *r;

	json_dump_sorted(&sb, o);
	r = arena_strndup(estate_raw_arena(L->e), sb_str(&sb), sb.len);
	sb_free(&sb);
	return r;
}

/* Drop the merged json of key, when it is kept and its key lies under
 * the VNet's (a child merged under another key is left to the end). */
static void
release(struct loader *L, const char *key, const char *under, size_t n)
{
	struct rec *r = strmap_get(L->merged, key);

	if (r == NULL || r->obj == NULL || strncmp(key, under, n) != 0 ||
	    (key[n] != '\0' && key[n] != '/'))
		return;
	json_decref(r->obj);
	r->obj = NULL;
}

void
res_vnet_done(struct loader *L, struct rec *r)
{
	struct vnet *v = (struct vnet *)estate_find(L->e, r->id);
	struct rec *m = strmap_get(L->merged, r->key);
	json_t *o, *props, *arr;
	size_t i, n = strlen(r->key);

	if (v == NULL || v->r.kind != RK_VNET || !v->r.seen || m == NULL ||
	    m->obj == NULL)
		return;
	/* Shallow copies: only o and its properties change. */
	o = json_copy(m->obj);
	props = json_object_get(o, "properties");
	if (props == NULL)
		props = json_object();
	else
		props = json_is_object(props) ? json_copy(props) :
						json_incref(props);
	json_object_set_new(o, "properties", props);
	arr = children_json(L, (struct res **)v->subnets.v, v->subnets.n);
	if (json_array_size(arr) > 0 ||
	    json_object_get(props, "subnets") != NULL)
		json_object_set(props, "subnets", arr);
	json_decref(arr);
	arr = children_json(L, (struct res **)v->peerings.v, v->peerings.n);
	if (json_array_size(arr) > 0 ||
	    json_object_get(props, "virtualNetworkPeerings") != NULL)
		json_object_set(props, "virtualNetworkPeerings", arr);
	json_decref(arr);
	v->raw = dump(L, o);
	json_decref(o);
	/* Its raw JSON is all that is needed of it and its children now. */
	for (i = 0; i < v->subnets.n; i++)
		release(L, v->subnets.v[i]->r.key, r->key, n);
	for (i = 0; i < v->peerings.n; i++)
		release(L, v->peerings.v[i]->r.key, r->key, n);
	release(L, r->key, r->key, n);
}

void
res_finish(struct loader *L)
{
	struct estate *e = L->e;
	size_t i;

	for (i = 0; i < L->hosted.n; i++) {
		struct res *g = estate_find(e, L->hosted.v[i].gateway_id);

		if (g != NULL && g->kind == RK_GATEWAY &&
		    ((struct gateway *)g)->subnet_id != NULL)
			L->hosted.v[i].rs->vnet_id = id_parent(L->a,
			    ((struct gateway *)g)->subnet_id);
	}
}

/* ---- committed configurations (lifecycle, docs/lifecycle.md) ---- */

/*
 * The shape was checked against azure-cli-extensions src/network-manager
 * (aaz latest network manager _list_active_connectivity_config.py, API
 * 2024-07-01): {"skipToken", "value": [{"commitTime",
 * "configurationGroups", "id", "region", and the configuration's
 * properties, flattened by the CLI or under "properties" in the REST
 * body}]}. An element's id is the configuration's id; one configuration
 * committed in several regions comes once per region.
 */
bool
res_is_active_configs(json_t *arr)
{
	json_t *x = json_array_get(arr, 0);

	return json_is_object(x) && json_is_string(json_object_get(x, "id")) &&
	    json_object_get(x, "type") == NULL &&
	    (json_object_get(x, "commitTime") != NULL ||
		json_object_get(x, "configurationGroups") != NULL);
}

void
res_active_configs(struct loader *L, json_t *arr, const char *file,
    const char *base)
{
	json_t *x;
	size_t i, n = 0;

	L->e->has_active_configs = true;
	json_array_foreach(arr, i, x)
	{
		const char *id = jstr(L, x, "id", NULL);

		if (id == NULL) {
			ld_diag(L, DIAG_WARNING, "active-config", file,
			    jptr_index(L->a, base, i), NULL,
			    "an active "
			    "configuration without an id is left out");
			continue;
		}
		ARR_PUSH(L->a, L->e->active_configs, id_normalize(L->a, id));
		n++;
	}
	ld_diag(L, DIAG_NOTE, "active-configs", file, NULL, NULL,
	    "%zu committed connectivity configuration(s) per region (az "
	    "network manager list-active-connectivity-config): only those "
	    "count as deployed",
	    n);
}
