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
 * Apply: one function per modelled type fills the estate; addresses are
 * parsed with prefix_parse and every bad one is a diagnostic with its
 * JSON Pointer.
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
	"id", "name", "type", "location", "tags", "sku", "kind", "etag",
	"resourceGroup", "subscriptionId", "tenantId", "managedBy", "plan",
	"identity", "zones", "extendedLocation", "systemData", "apiVersion",
	"dependsOn", "comments", "condition", "copy", "scale", "resources",
	"properties", "createdTime", "changedTime",
};

/* Template-only keys that carry nothing about the deployed resource. */
static const char *const drop_keys[] = {
	"apiVersion", "dependsOn", "comments", "condition", "copy",
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
	json_object_foreach_safe(o, tmp, k, x)
		if (in_list(k, drop_keys, MP_NELEM(drop_keys)))
			json_object_del(o, k);
	if (json_object_get(o, "properties") != NULL)
		return o;
	props = json_object();
	json_object_foreach_safe(o, tmp, k, x) {
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
	return arena_printf(L->tmp, "%s%s/%s/%zu", ptr, flat ? "" :
	    "/properties", key, i);
}

static void collect_obj(struct loader *L, json_t *o, const char *id,
    const char *type, const char *file, const char *ptr, bool flat);

/* An entry of a parent's list of children of type expected
 * ("<parent type>/<seg>"). */
static void
collect_child(struct loader *L, json_t *item, const char *parent_id,
    const char *expected, const char *seg, const char *file,
    const char *ptr)
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
		ld_diag(L, DIAG_WARNING, "resource-no-id", file, ptr,
		    parent_id, "a %s entry has neither id nor name: skipped",
		    seg);
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

	json_object_foreach_safe(o, tmp, k, x)
		if (strcmp(k, key) != 0)
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
				    inline_children[i].key, 0), nid,
				    "\"%s\" is not an array",
				    inline_children[i].key);
		} else {
			const char *expected = arena_printf(L->tmp, "%s/%s",
			    type, inline_children[i].seg);

			json_array_foreach(arr, j, x)
				collect_child(L, x, nid, expected,
				    inline_children[i].seg, file,
				    child_pointer(L, ptr, flat,
				    inline_children[i].key, j));
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
		    "file is ignored", L->lim->max_resources);
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
		    json_is_array(item) ? "an array" : json_is_string(item) ?
		    "a string" : json_is_null(item) ? "null" : "a scalar");
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
		ll->len = at_out;	/* (nothing else to undo) */
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

/* ---- apply ---- */

static const char *
prop_ptr(struct loader *L, const struct rec *r, const char *path)
{
	return arena_printf(L->a, "%s%s/%s", r->pointer,
	    r->flat ? "" : "/properties", path);
}

/* The pointer of property path of r, or of its element i (unless
 * SIZE_MAX): made only for a diagnostic. */
static const char *
prop_ptr_at(struct loader *L, const struct rec *r, const char *path,
    size_t i)
{
	return i == SIZE_MAX ? prop_ptr(L, r, path) : arena_printf(L->a,
	    "%s%s/%s/%zu", r->pointer, r->flat ? "" : "/properties", path, i);
}

/* Parse one address, property path (element i, unless SIZE_MAX) of r.
 * Returns 0 and fills p. */
static int
parse_cidr(struct loader *L, const struct rec *r, json_t *v,
    const char *path, size_t i, struct prefix *p)
{
	const char *err = NULL, *s;

	if (!json_is_string(v)) {
		ld_diag(L, DIAG_ERROR, "json-type", r->file,
		    prop_ptr_at(L, r, path, i), r->id,
		    "an address prefix is not a string");
		return -1;
	}
	s = json_string_value(v);
	if (prefix_parse(s, 0, p, &err) == 0)
		return 0;
	if (prefix_parse(s, PFX_NORMALIZE, p, NULL) == 0) {
		char buf[PREFIX_STRLEN];

		ld_diag(L, DIAG_WARNING, "cidr-host-bits", r->file,
		    prop_ptr_at(L, r, path, i), r->id,
		    "'%s' has host bits set; read as %s", s,
		    prefix_format(p, buf));
		return 0;
	}
	ld_diag(L, DIAG_ERROR, "cidr-invalid", r->file,
	    prop_ptr_at(L, r, path, i), r->id,
	    "'%s' is not a valid CIDR prefix: %s", s, err ? err : "bad");
	return -1;
}

/* props[path...] as an array of prefixes (or one string) into out. */
static void
parse_prefix_list(struct loader *L, const struct rec *r, json_t *v,
    const char *path, prefix_arr *out)
{
	struct prefix p;
	json_t *x;
	size_t i;

	if (v == NULL || json_is_null(v))
		return;
	if (json_is_string(v)) {
		if (parse_cidr(L, r, v, path, SIZE_MAX, &p) == 0)
			ARR_PUSH(L->a, *out, p);
		return;
	}
	if (!json_is_array(v)) {
		ld_diag(L, DIAG_ERROR, "json-type", r->file,
		    prop_ptr(L, r, path), r->id, "expected a list of prefixes");
		return;
	}
	json_array_foreach(v, i, x) {
		if (parse_cidr(L, r, x, path, i, &p) != 0)
			continue;
		for (size_t j = 0; j < out->n; j++)
			if (prefix_eq(&out->v[j], &p))
				goto dup;
		ARR_PUSH(L->a, *out, p);
dup:		;
	}
}

/* Get or create the resource; NULL (and a warning) on a kind clash. */
static struct res *
get_res(struct loader *L, struct rec *r, enum res_kind kind)
{
	struct res *x = estate_get(L->e, kind, r->id);

	if (x == NULL)
		ld_diag(L, DIAG_WARNING, "id-kind-conflict", r->file,
		    r->pointer, r->id, "this id is already used by a "
		    "resource of another type: skipped");
	return x;
}

static void
push_unique(struct loader *L, void *arrp, const char *s)
{
	ARR(const char *) *arr = arrp;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < arr->n; i++)
		if (mp_strcaseeq(arr->v[i], s))
			return;
	ARR_PUSH(L->a, *arr, arena_strdup(L->a, s));
}

/* Common envelope: seen, file, pointer, type, location, tags. */
static void
set_common(struct loader *L, struct rec *r, struct res *x)
{
	json_t *tags = json_object_get(r->obj, "tags"), *v;
	const char *k;

	x->seen = true;
	if (x->file == NULL) {
		x->file = r->file;	/* in the estate's arena */
		x->pointer = arena_strdup(L->a, r->pointer);
	}
	if (x->type == NULL)
		x->type = estate_intern(L->e, r->type);
	if (x->location == NULL)
		x->location = jstr(L, r->obj, "location", NULL);
	if (x->subscription != NULL &&
	    strcmp(x->subscription, UNKNOWN_SUB) == 0) {
		x->subscription = NULL;
		x->resource_group = NULL;
	}
	if (json_is_object(tags)) {
		json_object_foreach(tags, k, v) {
			struct tag t;
			size_t i;

			if (!json_is_string(v))
				continue;
			for (i = 0; i < x->tags.n; i++)
				if (strcmp(x->tags.v[i].key, k) == 0)
					break;
			if (i < x->tags.n)
				continue;
			t.key = arena_strdup(L->a, k);
			t.value = arena_strdup(L->a, json_string_value(v));
			ARR_PUSH(L->a, x->tags, t);
		}
	}
}

static json_t *
props_of(struct rec *r)
{
	return json_object_get(r->obj, "properties");
}

static void
remember(struct loader *L, struct rec *r)
{
	if (L->raw)
		strmap_put_kept(L->merged, r->key, r);
}

static void
ap_vnet(struct loader *L, struct rec *r)
{
	struct vnet *v = (struct vnet *)get_res(L, r, RK_VNET);
	json_t *p = props_of(r), *sum;

	if (v == NULL)
		return;
	set_common(L, r, &v->r);
	parse_prefix_list(L, r, jget(p, "addressSpace", "addressPrefixes",
	    NULL), "addressSpace/addressPrefixes", &v->prefixes);
	sum = jget(p, "summarizedGatewayPrefixes", "addressPrefixes", NULL);
	if (json_is_array(sum) && json_array_size(sum) > 0) {
		v->has_summaries = true;
		parse_prefix_list(L, r, sum,
		    "summarizedGatewayPrefixes/addressPrefixes",
		    &v->summaries);
	}
	v->pe_vnet_policies = jstr(L, p, "privateEndpointVNetPolicies", NULL);
	remember(L, r);
}

static struct vnet *
parent_vnet(struct loader *L, struct rec *r)
{
	const char *pid = id_parent(L->a, r->id);
	struct vnet *v;

	if (pid == NULL) {
		ld_diag(L, DIAG_WARNING, "resource-no-id", r->file, r->pointer,
		    r->id, "child resource id names no parent: skipped");
		return NULL;
	}
	v = (struct vnet *)estate_get(L->e, RK_VNET, pid);
	if (v == NULL)
		ld_diag(L, DIAG_WARNING, "id-kind-conflict", r->file,
		    r->pointer, r->id, "the parent id is not a VNet: skipped");
	return v;
}

/*
 * A reference to another resource: its id normalised, or NULL when the
 * value is no Azure resource id (a placeholder such as
 * "EXPRESSROUTE_CIRCUIT1_ID" left in a template or parameters file),
 * with an error naming the file, the resource and the field.
 */
static const char *
ref_id(struct loader *L, struct rec *r, const char *s, const char *field)
{
	const char *t;

	if (s == NULL)
		return NULL;
	t = s[0] == '/' ? s + 1 : s;
	if (mp_strcase_prefix(t, "subscriptions/") ||
	    mp_strcase_prefix(t, "providers/"))
		return id_normalize(L->a, s);
	ld_diag(L, DIAG_ERROR, "id-placeholder", r->file, r->pointer, r->id,
	    "%s is '%.80s', not an Azure resource id (/subscriptions/...): "
	    "a placeholder left in the input? Give the real id", field, s);
	return NULL;
}

static void
ap_subnet(struct loader *L, struct rec *r)
{
	struct vnet *v = parent_vnet(L, r);
	struct subnet *s;
	json_t *p = props_of(r);

	if (v == NULL)
		return;
	/* Azure's limit: more is not an export of a real VNet, and a
	 * million subnets made gigabytes of model and plan. */
	if (v->subnets.n >= L->lim->max_subnets &&
	    ((s = (struct subnet *)estate_find(L->e, r->id)) == NULL ||
	    s->r.kind != RK_SUBNET || s->vnet != v)) {
		if (L->over_subnets == NULL)
			L->over_subnets = strmap_new(L->tmp);
		if (strmap_put(L->over_subnets, v->r.key, v) == NULL)
			ld_diag(L, DIAG_ERROR, "limit-subnets", r->file,
			    r->pointer, v->r.id, "the VNet has more than %zu "
			    "subnets (Azure's limit per virtual network); the "
			    "others are left out", L->lim->max_subnets);
		return;
	}
	s = estate_subnet(L->e, v, r->id);
	if (s == NULL) {
		get_res(L, r, RK_SUBNET);
		return;
	}
	set_common(L, r, &s->r);
	parse_prefix_list(L, r, json_object_get(p, "addressPrefix"),
	    "addressPrefix", &s->prefixes);
	parse_prefix_list(L, r, json_object_get(p, "addressPrefixes"),
	    "addressPrefixes", &s->prefixes);
	if (s->route_table_id == NULL) {
		const char *rt = jstr(L, p, "routeTable", "id", NULL);

		s->route_table_id = rt ? ref_id(L, r, rt, "routeTable.id") :
		    NULL;
	}
	s->pe_policies = jstr(L, p, "privateEndpointNetworkPolicies", NULL);
	remember(L, r);
}

static void
ap_peering(struct loader *L, struct rec *r)
{
	struct vnet *v = parent_vnet(L, r);
	struct peering *pe;
	json_t *p = props_of(r);
	const char *rid;

	if (v == NULL)
		return;
	pe = estate_peering(L->e, v, r->id);
	if (pe == NULL) {
		get_res(L, r, RK_PEERING);
		return;
	}
	set_common(L, r, &pe->r);
	rid = jstr(L, p, "remoteVirtualNetwork", "id", NULL);
	pe->remote_id = rid ? ref_id(L, r, rid, "remoteVirtualNetwork.id") :
	    NULL;
	pe->state = jstr(L, p, "peeringState", NULL);
	pe->allow_vnet_access = jtri(json_object_get(p,
	    "allowVirtualNetworkAccess"));
	pe->allow_forwarded = jtri(json_object_get(p,
	    "allowForwardedTraffic"));
	pe->allow_gateway_transit = jtri(json_object_get(p,
	    "allowGatewayTransit"));
	pe->use_remote_gateways = jtri(json_object_get(p,
	    "useRemoteGateways"));
	parse_prefix_list(L, r, jget(p, "remoteAddressSpace",
	    "addressPrefixes", NULL), "remoteAddressSpace/addressPrefixes",
	    &pe->remote_prefixes);
	parse_prefix_list(L, r, jget(p, "remoteVirtualNetworkAddressSpace",
	    "addressPrefixes", NULL),
	    "remoteVirtualNetworkAddressSpace/addressPrefixes",
	    &pe->remote_vnet_prefixes);
	pe->complete_vnets_false = jtri(json_object_get(p,
	    "peerCompleteVnets")) == TRI_FALSE;
	remember(L, r);
}

static void
ap_gateway(struct loader *L, struct rec *r)
{
	struct gateway *g = (struct gateway *)get_res(L, r, RK_GATEWAY);
	json_t *p = props_of(r), *ipc, *x;
	const char *t;
	size_t i;

	if (g == NULL)
		return;
	set_common(L, r, &g->r);
	t = jstr(L, p, "gatewayType", NULL);
	g->gw_type_raw = t;
	g->gw_type = t == NULL ? GW_UNKNOWN : mp_strcaseeq(t, "ExpressRoute") ?
	    GW_EXPRESSROUTE : mp_strcaseeq(t, "Vpn") ? GW_VPN : GW_OTHER;
	g->sku = jstr(L, p, "sku", "name", NULL);
	if (g->sku == NULL)
		g->sku = jstr(L, r->obj, "sku", "name", NULL);
	g->allow_remote_vnet_traffic = jtri(json_object_get(p,
	    "allowRemoteVnetTraffic"));
	g->active_active = jtri(json_object_get(p, "activeActive"));
	ipc = json_object_get(p, "ipConfigurations");
	json_array_foreach(ipc, i, x) {
		const char *sid = jstr(L, x, "properties", "subnet", "id",
		    NULL);
		const char *pip = jstr(L, x, "properties", "publicIPAddress",
		    "id", NULL);

		if (sid == NULL)
			sid = jstr(L, x, "subnet", "id", NULL);
		if (pip == NULL)
			pip = jstr(L, x, "publicIPAddress", "id", NULL);
		if (sid != NULL && g->subnet_id == NULL)
			g->subnet_id = ref_id(L, r, sid, "ipConfigurations"
			    ".subnet.id");
		if (pip != NULL && (pip = ref_id(L, r, pip, "ipConfigurations"
		    ".publicIPAddress.id")) != NULL)
			push_unique(L, &g->public_ip_ids, pip);
	}
}

static void
ap_connection(struct loader *L, struct rec *r)
{
	struct connection *c = (struct connection *)get_res(L, r,
	    RK_CONNECTION);
	json_t *p = props_of(r);
	const char *t, *s;

	if (c == NULL)
		return;
	set_common(L, r, &c->r);
	t = jstr(L, p, "connectionType", NULL);
	c->conn_type = t == NULL ? CONN_UNKNOWN :
	    mp_strcaseeq(t, "ExpressRoute") ? CONN_EXPRESSROUTE :
	    mp_strcaseeq(t, "IPsec") ? CONN_IPSEC :
	    mp_strcaseeq(t, "Vnet2Vnet") ? CONN_VNET2VNET :
	    mp_strcaseeq(t, "VPNClient") ? CONN_VPNCLIENT : CONN_UNKNOWN;
#define REF(field, key) do {						\
	s = jstr(L, p, key, "id", NULL);				\
	if (s != NULL)							\
		c->field = ref_id(L, r, s, key ".id");			\
} while (0)
	REF(gateway1_id, "virtualNetworkGateway1");
	REF(circuit_id, "peer");
	REF(lng_id, "localNetworkGateway2");
	REF(gateway2_id, "virtualNetworkGateway2");
#undef REF
	if (json_is_integer(json_object_get(p, "routingWeight")))
		c->weight = (int)json_integer_value(json_object_get(p,
		    "routingWeight"));
}

static void
ap_lng(struct loader *L, struct rec *r)
{
	struct lng *l = (struct lng *)get_res(L, r, RK_LNG);

	if (l == NULL)
		return;
	set_common(L, r, &l->r);
	parse_prefix_list(L, r, jget(props_of(r), "localNetworkAddressSpace",
	    "addressPrefixes", NULL),
	    "localNetworkAddressSpace/addressPrefixes", &l->prefixes);
}

static void
ap_circuit(struct loader *L, struct rec *r)
{
	struct circuit *c = (struct circuit *)get_res(L, r, RK_CIRCUIT);
	json_t *p = props_of(r), *bw;

	if (c == NULL)
		return;
	set_common(L, r, &c->r);
	c->tier = jstr(L, r->obj, "sku", "tier", NULL);
	c->family = jstr(L, r->obj, "sku", "family", NULL);
	c->peering_location = jstr(L, p, "serviceProviderProperties",
	    "peeringLocation", NULL);
	c->provider = jstr(L, p, "serviceProviderProperties",
	    "serviceProviderName", NULL);
	bw = jget(p, "serviceProviderProperties", "bandwidthInMbps", NULL);
	if (json_is_number(bw))
		c->bandwidth_mbps = json_number_value(bw);
	bw = json_object_get(p, "bandwidthInGbps");
	if (json_is_number(bw) && json_number_value(bw) > 0)
		c->bandwidth_mbps = json_number_value(bw) * 1000.0;
}

static void
ap_circuit_peering(struct loader *L, struct rec *r)
{
	const char *pid = id_parent(L->a, r->id);
	struct circuit *c;
	json_t *p = props_of(r);
	static const char *const keys[] = { "primaryPeerAddressPrefix",
		"secondaryPeerAddressPrefix" };
	size_t i;

	if (pid == NULL ||
	    (c = (struct circuit *)estate_get(L->e, RK_CIRCUIT, pid)) ==
	    NULL)
		return;
	for (i = 0; i < MP_NELEM(keys); i++) {
		json_t *v4 = json_object_get(p, keys[i]);
		json_t *v6 = jget(p, "ipv6PeeringConfig", keys[i], NULL);
		struct prefix x;

		if (json_is_string(v4) && parse_cidr(L, r, v4, keys[i],
		    SIZE_MAX, &x) == 0)
			push_unique(L, &c->peer_addresses,
			    json_string_value(v4));
		if (json_is_string(v6) && parse_cidr(L, r, v6,
		    arena_printf(L->a, "ipv6PeeringConfig/%s", keys[i]),
		    SIZE_MAX, &x) == 0)
			push_unique(L, &c->peer_addresses,
			    json_string_value(v6));
	}
}

static void
ap_route_table(struct loader *L, struct rec *r)
{
	struct route_table *t = (struct route_table *)get_res(L, r,
	    RK_ROUTE_TABLE);

	if (t == NULL)
		return;
	set_common(L, r, &t->r);
	t->disable_bgp = jtri(json_object_get(props_of(r),
	    "disableBgpRoutePropagation"));
}

static void
ap_route(struct loader *L, struct rec *r)
{
	const char *pid = id_parent(L->a, r->id);
	struct route_table *t;
	json_t *p = props_of(r);
	struct route rt;
	const char *err;

	if (pid == NULL || (t = (struct route_table *)estate_get(L->e,
	    RK_ROUTE_TABLE, pid)) == NULL)
		return;
	memset(&rt, 0, sizeof(rt));
	rt.name = id_last_name(L->a, r->id);
	rt.prefix_raw = jstr(L, p, "addressPrefix", NULL);
	if (rt.prefix_raw != NULL && strchr(rt.prefix_raw, '/') != NULL) {
		if (prefix_parse(rt.prefix_raw, 0, &rt.p, &err) == 0)
			rt.is_prefix = true;
		else
			rt.is_prefix = parse_cidr(L, r, json_object_get(p,
			    "addressPrefix"), "addressPrefix", SIZE_MAX,
			    &rt.p) == 0;
	} else if (rt.prefix_raw != NULL &&
	    prefix_parse(rt.prefix_raw, PFX_ALLOW_ADDR, &rt.p, NULL) == 0) {
		rt.is_prefix = true;	/* a bare address */
	}
	rt.nh_raw = jstr(L, p, "nextHopType", NULL);
	rt.nh = next_hop_parse(rt.nh_raw);
	rt.nh_ip = jstr(L, p, "nextHopIpAddress", NULL);
	ARR_PUSH(L->a, t->routes, rt);
}

static void
ap_pe(struct loader *L, struct rec *r)
{
	struct pe *x = (struct pe *)get_res(L, r, RK_PE);
	const char *s;

	if (x == NULL)
		return;
	set_common(L, r, &x->r);
	s = jstr(L, props_of(r), "subnet", "id", NULL);
	x->subnet_id = s ? ref_id(L, r, s, "subnet.id") : NULL;
}

static void
ap_pip(struct loader *L, struct rec *r)
{
	struct public_ip *x = (struct public_ip *)get_res(L, r, RK_PUBLIC_IP);

	if (x == NULL)
		return;
	set_common(L, r, &x->r);
	x->sku = jstr(L, r->obj, "sku", "name", NULL);
}

static void
str_list(struct loader *L, json_t *arr, void *out)
{
	json_t *x;
	size_t i;

	json_array_foreach(arr, i, x)
		if (json_is_string(x))
			push_unique(L, out, json_string_value(x));
}

static void
ap_manager(struct loader *L, struct rec *r)
{
	struct network_manager *m = (struct network_manager *)get_res(L, r,
	    RK_NETWORK_MANAGER);
	json_t *p = props_of(r);

	if (m == NULL)
		return;
	set_common(L, r, &m->r);
	str_list(L, jget(p, "networkManagerScopes", "subscriptions", NULL),
	    &m->scope_subscriptions);
	str_list(L, jget(p, "networkManagerScopes", "managementGroups", NULL),
	    &m->scope_management_groups);
	str_list(L, json_object_get(p, "networkManagerScopeAccesses"),
	    &m->accesses);
}

static void
ap_group(struct loader *L, struct rec *r)
{
	struct network_group *g = (struct network_group *)get_res(L, r,
	    RK_NETWORK_GROUP);

	if (g == NULL)
		return;
	set_common(L, r, &g->r);
	g->member_type = jstr(L, props_of(r), "memberType", NULL);
}

static void
ap_member(struct loader *L, struct rec *r)
{
	struct static_member *m = (struct static_member *)get_res(L, r,
	    RK_STATIC_MEMBER);
	struct network_group *g;
	const char *gid = id_parent(L->a, r->id), *vid;

	if (m == NULL)
		return;
	set_common(L, r, &m->r);
	m->group_id = gid;
	vid = jstr(L, props_of(r), "resourceId", NULL);
	m->resource_id = vid ? id_normalize(L->a, vid) : NULL;
	if (gid == NULL || m->resource_id == NULL)
		return;
	g = (struct network_group *)estate_get(L->e, RK_NETWORK_GROUP, gid);
	if (g != NULL)
		push_unique(L, &g->member_ids, m->resource_id);
}

static void
capabilities(struct loader *L, struct connectivity_config *c, json_t *o)
{
	const char *s;

	s = jstr(L, o, "connectedGroupPrivateEndpointsScale", NULL);
	if (s == NULL)
		s = jstr(L, o, "connectedGroupPrivateEndpointScale", NULL);
	if (s != NULL)
		c->pe_scale = s;
	s = jstr(L, o, "connectedGroupAddressOverlap", NULL);
	if (s != NULL)
		c->address_overlap = s;
}

static void
ap_config(struct loader *L, struct rec *r)
{
	struct connectivity_config *c = (struct connectivity_config *)get_res(
	    L, r, RK_CONNECTIVITY_CONFIG);
	json_t *p = props_of(r), *x, *caps;
	size_t i;

	if (c == NULL)
		return;
	set_common(L, r, &c->r);
	c->topology = jstr(L, p, "connectivityTopology", NULL);
	c->is_global = jtri(json_object_get(p, "isGlobal"));
	c->group_ids.n = c->group_direct.n = c->hub_ids.n = 0;
	c->group_global.n = 0;
	json_array_foreach(json_object_get(p, "appliesToGroups"), i, x) {
		const char *gid = jstr(L, x, "networkGroupId", NULL);
		const char *gc = jstr(L, x, "groupConnectivity", NULL);

		if (gid == NULL)
			continue;
		ARR_PUSH(L->a, c->group_ids, id_normalize(L->a, gid));
		ARR_PUSH(L->a, c->group_direct, gc != NULL &&
		    mp_strcaseeq(gc, "DirectlyConnected"));
		ARR_PUSH(L->a, c->group_global,
		    jtri(json_object_get(x, "isGlobal")));
	}
	json_array_foreach(json_object_get(p, "hubs"), i, x) {
		const char *hid = jstr(L, x, "resourceId", NULL);

		if (hid != NULL)
			push_unique(L, &c->hub_ids, id_normalize(L->a, hid));
	}
	caps = json_object_get(p, "connectivityCapabilities");
	if (json_is_object(caps))
		capabilities(L, c, caps);
	else if (json_is_array(caps))
		json_array_foreach(caps, i, x)
			capabilities(L, c, x);
}

/* Count a BGP peer (inline reference or child) once. */
static void
count_peer(struct loader *L, struct route_server *rs, const char *id)
{
	const char *nid = id_normalize(L->tmp, id);

	if (strmap_get(L->peers_seen, nid) != NULL)
		return;
	strmap_put_kept(L->peers_seen, nid, rs);
	rs->npeers++;
}

static void
ap_hub(struct loader *L, struct rec *r)
{
	json_t *p = props_of(r), *x;
	const char *wan = jstr(L, p, "virtualWan", "id", NULL);
	size_t i;

	if (wan != NULL) {
		struct vwan_hub *h = (struct vwan_hub *)get_res(L, r,
		    RK_VWAN_HUB);

		if (h == NULL)
			return;
		set_common(L, r, &h->r);
		h->vwan_id = id_normalize(L->a, wan);
	} else {
		struct route_server *rs = (struct route_server *)get_res(L,
		    r, RK_ROUTE_SERVER);

		if (rs == NULL)
			return;
		set_common(L, r, &rs->r);
		json_array_foreach(json_object_get(p, "bgpConnections"), i, x)
			if (json_is_string(json_object_get(x, "id")))
				count_peer(L, rs, json_string_value(
				    json_object_get(x, "id")));
	}
}

static struct route_server *
parent_rs(struct loader *L, struct rec *r)
{
	const char *pid = id_parent(L->a, r->id);
	struct res *x = pid ? estate_find(L->e, pid) : NULL;

	if (x == NULL && pid != NULL)
		x = estate_get(L->e, RK_ROUTE_SERVER, pid);
	return x != NULL && x->kind == RK_ROUTE_SERVER ?
	    (struct route_server *)x : NULL;
}

static void
ap_peer(struct loader *L, struct rec *r)
{
	struct route_server *rs = parent_rs(L, r);

	if (rs != NULL)
		count_peer(L, rs, r->id);
}

static void
ap_hub_ipconf(struct loader *L, struct rec *r)
{
	struct route_server *rs = parent_rs(L, r);
	const char *sid = jstr(L, props_of(r), "subnet", "id", NULL);

	if (rs != NULL && sid != NULL && rs->vnet_id == NULL)
		rs->vnet_id = id_parent(L->a, id_normalize(L->a, sid));
}

static void
ap_vrouter(struct loader *L, struct rec *r)
{
	struct route_server *rs = (struct route_server *)get_res(L, r,
	    RK_ROUTE_SERVER);
	json_t *p = props_of(r);
	const char *s;

	if (rs == NULL)
		return;
	set_common(L, r, &rs->r);
	rs->legacy = true;
	s = jstr(L, p, "hostedSubnet", "id", NULL);
	if (s != NULL)
		rs->vnet_id = id_parent(L->a, id_normalize(L->a, s));
	s = jstr(L, p, "hostedGateway", "id", NULL);
	if (s != NULL && rs->vnet_id == NULL) {
		struct hosted h = { rs, id_normalize(L->a, s) };

		ARR_PUSH(L->a, L->hosted, h);
	}
}

/* Children without a struct res of their own (count_folded). */
static const char *const folded_types[] = {
	"Microsoft.Network/expressRouteCircuits/peerings",
	"Microsoft.Network/routeTables/routes",
	"Microsoft.Network/virtualHubs/bgpConnections",
	"Microsoft.Network/virtualHubs/ipConfigurations",
	"Microsoft.Network/VirtualRouters/peerings",
};

/*
 * A child folded into its parent's model (it has no struct res of its
 * own): counted by type for the coverage table, and a parent that no
 * input holds is "referenced, not seen".
 */
static void
count_folded(struct loader *L, struct rec *r)
{
	const char *pid, *type = NULL;
	struct res *p;
	bool orphan;
	size_t i;

	for (i = 0; i < MP_NELEM(folded_types); i++)
		if (mp_strcaseeq(r->type, folded_types[i]))
			type = folded_types[i];
	if (type == NULL)
		return;
	pid = id_parent(L->a, r->id);
	p = pid != NULL ? estate_find(L->e, pid) : NULL;
	orphan = p == NULL || !p->seen;

	estate_count_folded(L->e, type, orphan);
	if (orphan && pid != NULL)
		estate_add_unresolved(L->e, r->id, pid, "parent", r->file,
		    r->pointer);
}

/*
 * A NIC's subnet: its primary IP configuration's (the first when none
 * says primary), whose effective routes `az network nic
 * show-effective-route-table` prints. REST bodies nest each
 * configuration's subnet under "properties", the CLI's flattened output
 * does not; both are read.
 */
static void
ap_nic(struct loader *L, struct rec *r)
{
	struct nic *x = (struct nic *)get_res(L, r, RK_NIC);
	json_t *ipcs = json_object_get(props_of(r), "ipConfigurations"), *ipc;
	const char *first = NULL, *primary = NULL;
	size_t i;

	if (x == NULL)
		return;
	set_common(L, r, &x->r);
	json_array_foreach(ipcs, i, ipc) {
		json_t *p = json_object_get(ipc, "properties");
		const char *sid = jstr(L, p, "subnet", "id", NULL);

		if (sid == NULL)
			sid = jstr(L, ipc, "subnet", "id", NULL);
		if (sid == NULL)
			continue;
		if (first == NULL)
			first = sid;
		if (primary == NULL && (jtri(json_object_get(p, "primary")) ==
		    TRI_TRUE || jtri(json_object_get(ipc, "primary")) ==
		    TRI_TRUE))
			primary = sid;
	}
	if (primary == NULL)
		primary = first;
	if (x->subnet_id == NULL && primary != NULL)
		x->subnet_id = id_normalize(L->a, primary);
}

static const struct {
	const char *type;
	void (*apply)(struct loader *, struct rec *);
} handlers[] = {
	{ "Microsoft.Network/virtualNetworks", ap_vnet },
	{ "Microsoft.Network/virtualNetworks/subnets", ap_subnet },
	{ "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
	  ap_peering },
	{ "Microsoft.Network/virtualNetworkGateways", ap_gateway },
	{ "Microsoft.Network/connections", ap_connection },
	{ "Microsoft.Network/localNetworkGateways", ap_lng },
	{ "Microsoft.Network/expressRouteCircuits", ap_circuit },
	{ "Microsoft.Network/expressRouteCircuits/peerings",
	  ap_circuit_peering },
	{ "Microsoft.Network/routeTables", ap_route_table },
	{ "Microsoft.Network/routeTables/routes", ap_route },
	{ "Microsoft.Network/privateEndpoints", ap_pe },
	{ "Microsoft.Network/publicIPAddresses", ap_pip },
	{ "Microsoft.Network/networkManagers", ap_manager },
	{ "Microsoft.Network/networkManagers/networkGroups", ap_group },
	{ "Microsoft.Network/networkManagers/networkGroups/staticMembers",
	  ap_member },
	{ "Microsoft.Network/networkManagers/connectivityConfigurations",
	  ap_config },
	{ "Microsoft.Network/virtualHubs", ap_hub },
	{ "Microsoft.Network/virtualHubs/bgpConnections", ap_peer },
	{ "Microsoft.Network/virtualHubs/ipConfigurations", ap_hub_ipconf },
	{ "Microsoft.Network/VirtualRouters", ap_vrouter },
	{ "Microsoft.Network/VirtualRouters/peerings", ap_peer },
	{ "Microsoft.Network/networkInterfaces", ap_nic },
};

bool
res_type_known(const char *type)
{
	size_t i;

	for (i = 0; i < MP_NELEM(handlers); i++)
		if (mp_strcaseeq(type, handlers[i].type))
			return true;
	return false;
}

void
res_apply(struct loader *L, struct rec *r)
{
	size_t i;

	for (i = 0; i < MP_NELEM(handlers); i++) {
		if (mp_strcaseeq(r->type, handlers[i].type)) {
			handlers[i].apply(L, r);
			count_folded(L, r);
			return;
		}
	}
	MP_ASSERT(!"record of an unknown type");
}

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
	r = arena_strndup(L->a, sb_str(&sb), sb.len);
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
	json_array_foreach(arr, i, x) {
		const char *id = jstr(L, x, "id", NULL);

		if (id == NULL) {
			ld_diag(L, DIAG_WARNING, "active-config", file,
			    jptr_index(L->a, base, i), NULL, "an active "
			    "configuration without an id is left out");
			continue;
		}
		ARR_PUSH(L->a, L->e->active_configs, id_normalize(L->a, id));
		n++;
	}
	ld_diag(L, DIAG_NOTE, "active-configs", file, NULL, NULL,
	    "%zu committed connectivity configuration(s) per region (az "
	    "network manager list-active-connectivity-config): only those "
	    "count as deployed", n);
}
