/*
 * vnet_raw.c - the exported VNet (plan_vnet.raw) as JSON, and the
 * read-only properties the ARM schema does not accept stripped from it
 * before a VNet is PUT.
 */
#include "emitter.h"

#include <string.h>

#include "../lib/strmap.h"
#include "../lib/util.h"
#include "../planner/plan.h"

/* Read-only properties. */

static const char *const ro_everywhere[] = {
	"etag", "provisioningState", "resourceGuid", "type",
};
static const char *const ro_vnet[] = {
	"id", "type",
};
static const char *const ro_vnet_props[] = {
	"defaultPublicNatGateway",
};
static const char *const ro_subnet_props[] = {
	"ipConfigurations", "ipConfigurationProfiles", "privateEndpoints",
	"purpose", "resourceNavigationLinks", "serviceAssociationLinks",
	"networkInterfaces",
};
static const char *const ro_peering_props[] = {
	"remoteGateways", "routeServiceVips", "remoteVirtualNetworkEncryption",
	"remoteBgpCommunities",
};
/* bgpCommunities: the regional community is assigned by Azure. */
static const char *const ro_bgp_communities[] = {
	"regionalCommunity",
};
static const char *const ro_delegation_props[] = {
	"actions",
};

static void
drop_keys(json_t *o, const char *const *keys, size_t n)
{
	size_t i;

	if (!json_is_object(o))
		return;
	for (i = 0; i < n; i++)
		json_object_del(o, keys[i]);
}

/* etag, provisioningState, resourceGuid and "type" at every depth. */
static void
drop_everywhere(json_t *j, bool top)
{
	const char *k;
	json_t *v;
	size_t i;

	if (json_is_object(j)) {
		if (top)
			json_object_del(j, "etag");
		else
			drop_keys(j, ro_everywhere, MP_NELEM(ro_everywhere));
		json_object_foreach(j, k, v)
			drop_everywhere(v, false);
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			drop_everywhere(v, false);
	}
}

/* IPAM allocations: allocatedAddressPrefixes is what the pool gave. */
static void
drop_ipam_allocated(json_t *allocs)
{
	json_t *it;
	size_t i;

	json_array_foreach(allocs, i, it)
		json_object_del(it, "allocatedAddressPrefixes");
}

void
arm_strip_readonly(json_t *r)
{
	json_t *props, *list, *it, *dl, *d;
	size_t i, j;

	drop_everywhere(r, true);
	drop_keys(r, ro_vnet, MP_NELEM(ro_vnet));
	props = json_object_get(r, "properties");
	drop_keys(props, ro_vnet_props, MP_NELEM(ro_vnet_props));
	drop_keys(json_object_get(props, "bgpCommunities"), ro_bgp_communities,
	    MP_NELEM(ro_bgp_communities));
	drop_ipam_allocated(json_object_get(json_object_get(props,
	    "addressSpace"), "ipamPoolPrefixAllocations"));
	list = json_object_get(props, "subnets");
	json_array_foreach(list, i, it) {
		drop_keys(json_object_get(it, "properties"), ro_subnet_props,
		    MP_NELEM(ro_subnet_props));
		drop_ipam_allocated(json_object_get(json_object_get(it,
		    "properties"), "ipamPoolPrefixAllocations"));
		dl = json_object_get(json_object_get(it, "properties"),
		    "delegations");
		json_array_foreach(dl, j, d)
			drop_keys(json_object_get(d, "properties"),
			    ro_delegation_props, MP_NELEM(ro_delegation_props));
	}
	list = json_object_get(props, "virtualNetworkPeerings");
	json_array_foreach(list, i, it)
		drop_keys(json_object_get(it, "properties"), ro_peering_props,
		    MP_NELEM(ro_peering_props));
}

json_t *
vnet_raw_json(const struct plan_vnet *v)
{
	json_error_t err;
	json_t *j;

	if (v->raw == NULL)
		return NULL;
	j = json_loads(v->raw, 0, &err);
	if (!json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

/*
 * A skim of the raw text: the extent of each value, checked against a
 * grammar stricter than jansson's (ASCII only, no \u escapes, short
 * numbers, bounded depth). Whatever it does not accept is parsed whole
 * by jansson instead, so a text gives the same tree, or the same NULL,
 * either way.
 */
struct skim {
	const char *p;
	int depth;
};

#define SKIM_MAX_DEPTH 256

static void
skim_ws(struct skim *s)
{
	while (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' ||
	    *s->p == '\r')
		s->p++;
}

/* A string at s->p; escaped is set when it has a backslash. */
static bool
skim_string(struct skim *s, bool *escaped)
{
	const unsigned char *q = (const unsigned char *)s->p;

	if (*q++ != '"')
		return false;
	*escaped = false;
	for (;;) {
		if (*q == '"')
			break;
		if (*q < 0x20 || *q >= 0x80)
			return false;	/* controls, NUL, UTF-8: jansson's */
		if (*q == '\\') {
			*escaped = true;
			if (strchr("\"\\/bfnrt", q[1]) == NULL || q[1] == '\0')
				return false;	/* \u and the invalid */
			q++;
		}
		q++;
	}
	s->p = (const char *)q + 1;
	return true;
}

static bool
skim_number(struct skim *s)
{
	const char *q = s->p, *digits;
	bool real = false;

	if (*q == '-')
		q++;
	digits = q;
	if (*q == '0')
		q++;
	else if (*q >= '1' && *q <= '9')
		while (*q >= '0' && *q <= '9')
			q++;
	else
		return false;
	if (*q >= '0' && *q <= '9')
		return false;
	if (q - digits > 18)
		return false;		/* beyond long long: jansson's */
	if (*q == '.') {
		real = true;
		if (*++q < '0' || *q > '9')
			return false;
		while (*q >= '0' && *q <= '9')
			q++;
	}
	if (*q == 'e' || *q == 'E')
		return false;		/* overflow is jansson's to find */
	if (real && q - s->p > 20)
		return false;
	s->p = q;
	return true;
}

static bool skim_value(struct skim *s);

/* The members (or items) of the object (array) at s->p. */
static bool
skim_container(struct skim *s, char close)
{
	bool esc;

	if (++s->depth > SKIM_MAX_DEPTH)
		return false;
	s->p++;
	skim_ws(s);
	if (*s->p == close) {
		s->p++;
		s->depth--;
		return true;
	}
	for (;;) {
		if (close == '}') {
			if (!skim_string(s, &esc))
				return false;
			skim_ws(s);
			if (*s->p++ != ':')
				return false;
			skim_ws(s);
		}
		if (!skim_value(s))
			return false;
		skim_ws(s);
		if (*s->p == close)
			break;
		if (*s->p++ != ',')
			return false;
		skim_ws(s);
	}
	s->p++;
	s->depth--;
	return true;
}

static bool
skim_value(struct skim *s)
{
	bool esc;

	switch (*s->p) {
	case '{':
		return skim_container(s, '}');
	case '[':
		return skim_container(s, ']');
	case '"':
		return skim_string(s, &esc);
	case 't':
		return strncmp(s->p, "true", 4) == 0 && (s->p += 4, true);
	case 'f':
		return strncmp(s->p, "false", 5) == 0 && (s->p += 5, true);
	case 'n':
		return strncmp(s->p, "null", 4) == 0 && (s->p += 4, true);
	default:
		return skim_number(s);
	}
}

/* The value at s->p parsed by jansson; NULL when the skim refuses it. */
static json_t *
skim_parse(struct skim *s)
{
	const char *from = s->p;
	json_error_t err;

	if (!skim_value(s))
		return NULL;
	return json_loadb(from, (size_t)(s->p - from), JSON_DECODE_ANY, &err);
}

static json_t *skim_items(struct skim *s, const json_t *item_want);

/*
 * The object at s->p with the members want names (its keys) parsed, the
 * others JSON null; a member want gives an object for, and that is an
 * object, is made the same way one level down. NULL when the skim
 * refuses the text.
 */
static json_t *
skim_object(struct skim *s, const json_t *want)
{
	json_t *o = json_object(), *v;
	const json_t *w;
	const char *key;
	size_t klen;
	bool esc;

	if (++s->depth > SKIM_MAX_DEPTH)
		goto refused;
	s->p++;
	skim_ws(s);
	while (*s->p != '}') {
		key = s->p + 1;
		if (!skim_string(s, &esc) || esc)
			goto refused;	/* a key with escapes: jansson's */
		klen = (size_t)(s->p - 1 - key);
		skim_ws(s);
		if (*s->p++ != ':')
			goto refused;
		skim_ws(s);
		w = json_object_getn(want, key, klen);
		if (w == NULL)
			v = skim_value(s) ? json_null() : NULL;
		else if (json_is_object(w) && *s->p == '{')
			v = skim_object(s, w);
		else if (json_is_array(w) && *s->p == '[')
			v = skim_items(s, json_array_get(w, 0));
		else
			v = skim_parse(s);
		if (v == NULL || json_object_setn_new(o, key, klen, v) != 0)
			goto refused;
		skim_ws(s);
		if (*s->p == ',') {
			s->p++;
			skim_ws(s);
			if (*s->p == '}')
				goto refused;
		} else if (*s->p != '}')
			goto refused;
	}
	s->p++;
	s->depth--;
	return o;
refused:
	json_decref(o);
	return NULL;
}

/* Every item an object with a name, no name twice (any case). */
static bool
named_unique(const json_t *arr)
{
	struct arena *a = arena_new();
	struct strmap *seen = strmap_new(a);
	const json_t *it;
	const char *nm;
	bool ok = true;
	size_t i;

	json_array_foreach(arr, i, it) {
		nm = json_string_value(json_object_get(it, "name"));
		if (nm == NULL || strmap_get(seen, nm) != NULL) {
			ok = false;
			break;
		}
		strmap_put(seen, nm, (void *)it);
	}
	arena_free(a);
	return ok;
}

/*
 * The array at s->p with each object item made by skim_object with
 * item_want. The what-if matches such items by name and compares the
 * ones a patch changes against their own state only, so that is enough
 * when every item has a name of its own; otherwise (items compared
 * whole) the array is parsed whole. NULL when the skim refuses the text.
 */
static json_t *
skim_items(struct skim *s, const json_t *item_want)
{
	const char *from = s->p;
	int depth = s->depth;
	json_t *arr = json_array(), *v;

	if (++s->depth > SKIM_MAX_DEPTH)
		goto refused;
	s->p++;
	skim_ws(s);
	while (*s->p != ']') {
		v = *s->p == '{' ? skim_object(s, item_want) : skim_parse(s);
		if (v == NULL || json_array_append_new(arr, v) != 0)
			goto refused;
		skim_ws(s);
		if (*s->p == ',') {
			s->p++;
			skim_ws(s);
			if (*s->p == ']')
				goto refused;
		} else if (*s->p != ']')
			goto refused;
	}
	s->p++;
	s->depth--;
	if (named_unique(arr))
		return arr;
	json_decref(arr);
	s->p = from;
	s->depth = depth;
	return skim_parse(s);
refused:
	json_decref(arr);
	return NULL;
}

json_t *
vnet_raw_json_only(const struct plan_vnet *v, const json_t *want)
{
	struct skim s;
	json_t *j;

	if (v->raw == NULL)
		return NULL;
	s.p = v->raw;
	s.depth = 0;
	skim_ws(&s);
	if (*s.p == '{' && (j = skim_object(&s, want)) != NULL) {
		skim_ws(&s);
		if (*s.p == '\0')
			return j;
		json_decref(j);
	}
	return vnet_raw_json(v);
}
