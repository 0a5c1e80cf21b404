/*
 * policy.c - policy defaults and selector matching. The limits come from
 * shared reference LIMITS.md (Microsoft docs, dates there); README.md
 * carries the table with sources.
 */
#include "policy.h"

#include <string.h>

#include "../lib/util.h"
#include "estate.h"

void
policy_defaults(struct policy *p)
{
	memset(p, 0, sizeof(*p));
	p->limits.gateway_ipv4 = 1000;
	p->limits.gateway_ipv6 = 100;
	p->limits.er_onprem_standard = 4000;
	p->limits.er_onprem_premium = 10000;
	p->limits.er_onprem_ipv6 = 100;
	p->limits.mesh_vnets = 250;
	p->limits.mesh_vnets_high_scale = 5000;
	p->limits.mesh_pes = 2000;
	p->limits.mesh_pes_hspe = 20000;
	p->limits.vnet_pes = 1000;
	p->limits.vnet_pes_hspe = 5000;
	p->limits.peered_pes = 4000;
	p->limits.route_table_routes = 400;
	p->limits.route_server_peers = 8;
	p->limits.route_server_routes = 1000;
	p->min_len_v4 = 16;
	p->min_len_v6 = 48;
	p->mesh_scope = MESH_SCOPE_HAIRPINNING;
	p->mesh_global = MESH_GLOBAL_AUTO;
	p->pilot_size = 50;
	p->membership_tag = "avnm-mesh";
}

bool
pattern_match(const struct pattern *p, const char *s)
{
	MP_ASSERT(p->match != NULL);
	return p->match(p->compiled, s ? s : "");
}

static const struct pattern *
selector_error(const struct selector *s, const char **why)
{
	size_t i;

	if (s->has_name && s->name.error != NULL &&
	    (*why = s->name.error(s->name.compiled)) != NULL)
		return &s->name;
	for (i = 0; i < s->tags.n; i++) {
		const struct pattern *p = &s->tags.v[i].value;

		if (p->error != NULL && (*why = p->error(p->compiled)) != NULL)
			return p;
	}
	return NULL;
}

const struct pattern *
policy_match_error(const struct policy *p, const char **why)
{
	const struct pattern *x;
	size_t i;

	*why = NULL;
	if ((x = selector_error(&p->pilot, why)) != NULL)
		return x;
	for (i = 0; i < p->segments.n; i++)
		if ((x = selector_error(&p->segments.v[i].match, why)) != NULL)
			return x;
	return NULL;
}

bool
selector_match(const struct selector *s, const char *name,
    const struct tag *tags, size_t ntags)
{
	size_t i, j;

	/* Tag patterns all match (AND) - or the name pattern matches: a
	 * VNet is picked by its tags or, when it lacks them, by its name. */
	if (s->has_name && pattern_match(&s->name, name))
		return true;
	if (s->tags.n == 0)
		return false;
	for (i = 0; i < s->tags.n; i++) {
		const struct tag_pattern *tp = &s->tags.v[i];
		const char *val = NULL;

		for (j = 0; j < ntags; j++)
			if (mp_strcaseeq(tags[j].key, tp->key))
				val = tags[j].value;
		if (val == NULL || !pattern_match(&tp->value, val))
			return false;
	}
	return true;
}
