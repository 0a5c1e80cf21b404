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

#include "../lib/jscan.h"
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

/* Is k[0..len) a dropped key? (Keys hold no NUL: jansson refuses one
 * without JSON_ALLOW_NUL.) */
static bool
dropped_key(const char *k, size_t len)
{
	size_t i;

	for (i = 0; i < MP_NELEM(dropped); i++)
		if (strlen(dropped[i]) == len &&
		    memcmp(k, dropped[i], len) == 0)
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
			keys[n].len = json_object_iter_key_len(it);
			if (dropped_key(keys[n].k, keys[n].len))
				continue;
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

/*
 * The fast path: the body read straight from its text when the text keeps
 * to jscan's strict grammar (what jansson reads too: ASCII strings without
 * \\u, short numbers) and every object's keys are unescaped and in
 * ascending order, without duplicates, as the loader writes a VNet's raw
 * JSON (json_dump_sorted). The values are then those json_loads would
 * give, met in the order the canonical dump writes them, so they are fed
 * as they come. Anything else returns false and is left to jansson.
 */
struct strict {
	struct jscan c;
	struct digest d;
	char *buf; /* an escaped string, decoded */
	size_t cap;
	struct jspan etag; /* the top-level "etag" string, quotes off */
	bool has_etag;
};

/* s[sp] (a string's bytes, quotes off) decoded into st->buf, NUL ended:
 * jscan_string let only \\" \\\\ \\/ \\b \\f \\n \\r \\t through. */
static size_t
unescape(struct strict *st, struct jspan sp)
{
	const char *s = st->c.s + sp.off;
	size_t i, o = 0;

	if (st->cap < sp.len + 1) {
		st->cap = 2 * sp.len + 64;
		st->buf = xrealloc(st->buf, st->cap);
	}
	for (i = 0; i < sp.len; i++) {
		char ch = s[i];

		if (ch == '\\') {
			switch (s[++i]) {
			case 'b':
				ch = '\b';
				break;
			case 'f':
				ch = '\f';
				break;
			case 'n':
				ch = '\n';
				break;
			case 'r':
				ch = '\r';
				break;
			case 't':
				ch = '\t';
				break;
			default: /* " \\ / */
				ch = s[i];
				break;
			}
		}
		st->buf[o++] = ch;
	}
	st->buf[o] = '\0';
	return o;
}

static bool
strict_string(struct strict *st)
{
	struct jspan sp;
	const char *v;
	bool esc;
	size_t n;

	sp.off = st->c.i + 1;
	if (!jscan_string(&st->c, &esc))
		return false;
	sp.len = st->c.i - 1 - sp.off;
	v = st->c.s + sp.off;
	n = sp.len;
	if (esc) {
		n = unescape(st, sp);
		v = st->buf;
	}
	/* v may run on past n (the closing quote, not a '/'), which ends
	 * the prefix compare there. */
	feed_string(&st->d, v, n, mp_strcase_prefix(v, "/subscriptions/"));
	return true;
}

static bool
strict_number(struct strict *st)
{
	size_t from = st->c.i, len;
	char num[32], *t;
	json_t *r;
	int w;

	if (!jscan_number(&st->c))
		return false;
	len = st->c.i - from;
	if (len >= sizeof(num))
		return false;
	memcpy(num, st->c.s + from, len);
	num[len] = '\0';
	if (memchr(num, '.', len) == NULL) {
		/* At most 18 digits: as jansson reads and writes it. */
		w = snprintf(num, sizeof(num), "%lld", strtoll(num, NULL, 10));
		MP_ASSERT(w > 0 && (size_t)w < sizeof(num));
		feed(&st->d, num, (size_t)w);
		return true;
	}
	/* A real: jansson's own reading and writing of it. */
	if ((r = json_loadb(num, len, JSON_DECODE_ANY, NULL)) == NULL)
		return false;
	t = json_dumps(r, JSON_ENCODE_ANY | JSON_COMPACT);
	json_decref(r);
	if (t == NULL)
		mp_oom(0);
	feed(&st->d, t, strlen(t));
	free(t);
	return true;
}

static bool strict_value(struct strict *st);

static bool
strict_object(struct strict *st, bool top)
{
	struct jspan key, prev = { 0, 0 };
	bool first = true, esc, any = false;
	int r;

	mix(&st->d, '{');
	while ((r = jscan_member(&st->c, true, &first, &key, &esc)) == 1) {
		const char *k = st->c.s + key.off;
		int c;

		if (esc)
			return false;
		if (prev.off != 0) {
			c = memcmp(st->c.s + prev.off, k,
			    prev.len < key.len ? prev.len : key.len);
			if (c > 0 || (c == 0 && prev.len >= key.len))
				return false; /* out of order, or twice */
		}
		prev = key;
		if (top && key.len == 4 && memcmp(k, "etag", 4) == 0 &&
		    jscan_peek(&st->c) == '"') {
			st->etag.off = st->c.i + 1;
			if (!jscan_string(&st->c, &esc))
				return false;
			st->etag.len = st->c.i - 1 - st->etag.off;
			st->has_etag = true;
			continue;
		}
		if (dropped_key(k, key.len)) {
			if (!jscan_value(&st->c))
				return false;
			continue;
		}
		if (any)
			mix(&st->d, ',');
		any = true;
		feed_string(&st->d, k, key.len, false);
		mix(&st->d, ':');
		if (!strict_value(st))
			return false;
	}
	mix(&st->d, '}');
	return r == 0;
}

static bool
strict_value(struct strict *st)
{
	struct jspan key;
	size_t from = st->c.i;
	bool first = true, esc;
	int r, n = 0;

	switch (jscan_peek(&st->c)) {
	case '{':
		return jscan_open(&st->c) && strict_object(st, false);
	case '[':
		if (!jscan_open(&st->c))
			return false;
		mix(&st->d, '[');
		while ((r = jscan_member(&st->c, false, &first, &key, &esc)) ==
		    1) {
			if (n++ > 0)
				mix(&st->d, ',');
			if (!strict_value(st))
				return false;
		}
		mix(&st->d, ']');
		return r == 0;
	case '"':
		return strict_string(st);
	case 't':
	case 'f':
	case 'n':
		if (!jscan_value(&st->c))
			return false;
		feed(&st->d, st->c.s + from, st->c.i - from);
		return true;
	default:
		return strict_number(st);
	}
}

bool
drift_body_strict(struct arena *a, const char *raw, const char **etag,
    const char **digest)
{
	struct strict st;
	bool ok;

	*etag = *digest = NULL;
	memset(&st, 0, sizeof(st));
	st.c.s = raw;
	st.c.n = strlen(raw);
	st.d.h = 0xcbf29ce484222325ULL;
	jscan_skip_ws(&st.c);
	if (jscan_peek(&st.c) == '{')
		ok = jscan_open(&st.c) && strict_object(&st, true);
	else if (jscan_peek(&st.c) == '[')
		ok = strict_value(&st);
	else
		ok = false;
	if (ok) {
		jscan_skip_ws(&st.c);
		ok = st.c.i == st.c.n;
	}
	if (ok) {
		if (st.has_etag) {
			size_t n = unescape(&st, st.etag);

			*etag = arena_strndup(a, st.buf, n);
		}
		*digest = arena_printf(a, "fnv1a64:%016llx",
		    (unsigned long long)st.d.h);
	}
	free(st.buf);
	return ok;
}

bool
drift_body(struct arena *a, const char *raw, const char **etag,
    const char **digest)
{
	json_error_t err;
	json_t *doc, *e;
	struct digest d = { 0xcbf29ce484222325ULL };

	*etag = *digest = NULL;
	if (raw == NULL)
		return false;
	if (drift_body_strict(a, raw, etag, digest))
		return true;
	if ((doc = json_loads(raw, 0, &err)) == NULL)
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
