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

static json_t *
canon(json_t *v)
{
	const char *k;
	json_t *x, *out;
	size_t i;

	if (json_is_object(v)) {
		out = json_object();
		json_object_foreach(v, k, x)
		{
			for (i = 0; i < MP_NELEM(dropped); i++)
				if (strcmp(k, dropped[i]) == 0)
					break;
			if (i == MP_NELEM(dropped))
				json_object_set_new(out, k, canon(x));
		}
		return out;
	}
	if (json_is_array(v)) {
		out = json_array();
		json_array_foreach(v, i, x)
		    json_array_append_new(out, canon(x));
		return out;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		size_t n = json_string_length(v), o = 0;
		char *t = xcalloc(n + 1, 1);
		bool id = mp_strcase_prefix(s, "/subscriptions/");

		for (i = 0; i < n; i++) {
			if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
				continue;
			t[o++] = id ? (char)tolower((unsigned char)s[i]) : s[i];
		}
		out = json_stringn(t, o);
		free(t);
		return out != NULL ? out : json_null();
	}
	return json_incref(v);
}

bool
drift_body(struct arena *a, const char *raw, const char **etag,
    const char **digest)
{
	json_error_t err;
	json_t *doc, *c, *e;
	char *text;
	uint64_t h = 0xcbf29ce484222325ULL;
	const unsigned char *q;

	*etag = *digest = NULL;
	if (raw == NULL || (doc = json_loads(raw, 0, &err)) == NULL)
		return false;
	if (json_is_string(e = json_object_get(doc, "etag")))
		*etag = arena_strdup(a, json_string_value(e));
	c = canon(doc);
	text = json_dumps(c, JSON_COMPACT | JSON_SORT_KEYS);
	if (text == NULL)
		mp_oom(0);
	for (q = (const unsigned char *)text; *q != '\0'; q++) {
		h ^= *q;
		h *= 0x100000001b3ULL;
	}
	*digest = arena_printf(a, "fnv1a64:%016llx", (unsigned long long)h);
	free(text);
	json_decref(c);
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
