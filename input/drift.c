/*
 * drift.c - etag and digest of the bodies the plan's IaC rewrites.
 *
 * The digest is FNV-1a 64 over the canonical JSON of the VNet (compact,
 * keys sorted by jansson's JSON_SORT_KEYS) after these changes, so that
 * it is the same across file order, key order, whitespace and CRLF line
 * ends, and changes only with what the IaC rewrites or depends on:
 * - read-only values are dropped at any depth: etag, provisioningState,
 *   resourceGuid, and the subnet's read-only lists (ipConfigurations,
 *   ipConfigurationProfiles, privateEndpoints, resourceNavigationLinks,
 *   serviceAssociationLinks, purpose), as the Network REST spec marks
 *   them in SubnetPropertiesFormat: a NIC or an endpoint added to a
 *   subnet is not a change of the body a PUT sends;
 * - the values the plan itself sets are dropped too
 *   (privateEndpointVNetPolicies, privateEndpointNetworkPolicies,
 *   summarizedGatewayPrefixes), so that a wave the plan deployed is not
 *   drift;
 * - resource ids (strings starting "/subscriptions/") are lower-cased:
 *   Azure spells a resource group differently from one API to another;
 * - "\r\n" in strings becomes "\n".
 * FNV-1a 64 is not a cryptographic hash: it detects change, it does not
 * authenticate (nobody gains by forging a plan's digest).
 *
 * drift_body, drift_rewritten, drift_fill_plan: see drift.h.
 */
#include "drift.h"

#include <ctype.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"
#include "../planner/plan.h"

static const char *const dropped[] = {
	"etag",
	"provisioningState",
	"resourceGuid",
	"ipConfigurations",
	"ipConfigurationProfiles",
	"privateEndpoints",
	"resourceNavigationLinks",
	"serviceAssociationLinks",
	"purpose",
	"privateEndpointVNetPolicies",
	"privateEndpointNetworkPolicies",
	"summarizedGatewayPrefixes",
};

/*
 * The digest is taken as the canonical text is made, without building it:
 * the bytes fed to FNV-1a are exactly those json_dumps(canonical value,
 * JSON_COMPACT | JSON_SORT_KEYS) writes (jansson 2.14's dump.c: keys
 * ordered by memcmp then length, "," and ":" without spaces, strings with
 * '"', '\\' and control characters escaped (\b \f \n \r \t, others
 * \u%04X), other bytes as they are; integers "%lld"; reals as jansson
 * writes them). tests/unit/test_lifecycle.c compares it with jansson's
 * own dump of the canonical tree on random documents. Building that tree
 * and its text cost a third of `meshplan plan` (20,000 VNets).
 */
struct digest {
	uint64_t h;
};

static inline void
mix(struct digest *d, unsigned char b)
{
	d->h = (d->h ^ b) * 0x100000001b3ULL;
}

static void
feed(struct digest *d, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		mix(d, (unsigned char)s[i]);
}

/* The string s[0..n) as canonical (CRLF as LF, a resource id lower-case
 * when id) and dumped. */
static void
feed_string(struct digest *d, const char *s, size_t n, bool id)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	mix(d, '"');
	for (i = 0; i < n; i++) {
		unsigned char b = (unsigned char)s[i];

		if (b == '\r' && i + 1 < n && s[i + 1] == '\n')
			continue;
		if (id)
			b = (unsigned char)tolower(b);
		/* UTF-8 sequences hold no byte below 0x80: byte by byte is
		 * code point by code point here. */
		if (b >= 0x20 && b != '"' && b != '\\') {
			mix(d, b);
			continue;
		}
		mix(d, '\\');
		switch (b) {
		case '"':
		case '\\':
			mix(d, b);
			break;
		case '\b':
			mix(d, 'b');
			break;
		case '\f':
			mix(d, 'f');
			break;
		case '\n':
			mix(d, 'n');
			break;
		case '\r':
			mix(d, 'r');
			break;
		case '\t':
			mix(d, 't');
			break;
		default:
			feed(d, "u00", 3);
			mix(d, (unsigned char)hex[b >> 4]);
			mix(d, (unsigned char)hex[b & 0xf]);
			break;
		}
	}
	mix(d, '"');
}

struct key {
	const char *k;
	size_t len;
	json_t *v;
};

static int
key_cmp(const void *x, const void *y)
{
	const struct key *a = x, *b = y;
	int c = memcmp(a->k, b->k, a->len < b->len ? a->len : b->len);

	if (c != 0)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

static bool
dropped_key(const char *k)
{
	size_t i;

	for (i = 0; i < MP_NELEM(dropped); i++)
		if (strcmp(k, dropped[i]) == 0)
			return true;
	return false;
}

static void
feed_value(struct digest *d, json_t *v)
{
	char buf[32];
	size_t i, n;
	int len;

	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		struct key *keys;
		void *it;

		keys = xcalloc(json_object_size(v) + 1, sizeof(*keys));
		for (n = 0, it = json_object_iter(v); it != NULL;
		     it = json_object_iter_next(v, it)) {
			keys[n].k = json_object_iter_key(it);
			if (dropped_key(keys[n].k))
				continue;
			keys[n].len = json_object_iter_key_len(it);
			keys[n++].v = json_object_iter_value(it);
		}
		if (n > 1)
			qsort(keys, n, sizeof(*keys), key_cmp);
		feed(d, "{", 1);
		for (i = 0; i < n; i++) {
			if (i > 0)
				feed(d, ",", 1);
			feed_string(d, keys[i].k, keys[i].len, false);
			feed(d, ":", 1);
			feed_value(d, keys[i].v);
		}
		feed(d, "}", 1);
		free(keys);
		return;
	}
	case JSON_ARRAY:
		feed(d, "[", 1);
		for (i = 0, n = json_array_size(v); i < n; i++) {
			if (i > 0)
				feed(d, ",", 1);
			feed_value(d, json_array_get(v, i));
		}
		feed(d, "]", 1);
		return;
	case JSON_STRING:
		feed_string(d, json_string_value(v), json_string_length(v),
		    mp_strcase_prefix(json_string_value(v), "/subscriptions/"));
		return;
	case JSON_INTEGER:
		len = snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		MP_ASSERT(len > 0 && (size_t)len < sizeof(buf));
		feed(d, buf, (size_t)len);
		return;
	case JSON_REAL: {
		/* jansson's own text for a real (its precision rules). */
		char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);

		if (t == NULL)
			mp_oom(0);
		feed(d, t, strlen(t));
		free(t);
		return;
	}
	case JSON_TRUE:
		feed(d, "true", 4);
		return;
	case JSON_FALSE:
		feed(d, "false", 5);
		return;
	case JSON_NULL:
		feed(d, "null", 4);
		return;
	}
}

bool
drift_body(struct arena *a, const char *raw, const char **etag,
    const char **digest)
{
	json_error_t err;
	json_t *doc, *e;
	struct digest d = { 0xcbf29ce484222325ULL };

	*etag = *digest = NULL;
	if (raw == NULL || (doc = json_loads(raw, 0, &err)) == NULL)
		return false;
	if (json_is_string(e = json_object_get(doc, "etag")))
		*etag = arena_strdup(a, json_string_value(e));
	feed_value(&d, doc);
	*digest = arena_printf(a, "fnv1a64:%016llx", (unsigned long long)d.h);
	json_decref(doc);
	return true;
}

bool
drift_rewritten(const struct plan_vnet *v)
{
	return v->is_hub || v->set_pe_vnet_basic || v->subnet_changes.n > 0;
}

void
drift_fill_plan(struct plan *p)
{
	size_t i;

	for (i = 0; i < p->vnets.n; i++) {
		struct plan_vnet *v = &p->vnets.v[i];

		if (drift_rewritten(v))
			drift_body(p->arena, v->raw, &v->etag, &v->digest);
	}
}
