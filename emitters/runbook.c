/*
 * runbook.c - az CLI lines from the plan's steps (runbook.h).
 *
 * Names come from the step's resource id (one source for the runbook and
 * the templates). AVNM objects whose body is more than a few scalars
 * (network manager scopes, connectivity configurations with their
 * capabilities, security admin configurations, rule collections and
 * rules) are created with `az resource create` and the very JSON body
 * the ARM template holds (iac_step_body), so the configuration is
 * created with its capabilities in one call.
 */
#include "runbook.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "../lib/arena.h"
#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "../planner/plan.h"
#include "emitter.h"
#include "shquote.h"

/* The segment after key in an ARM id ("resourceGroups" -> "rg"), in a. */
static const char *
id_part(struct arena *a, const char *id, const char *key)
{
	size_t klen = strlen(key);
	const char *p = id;

	while (p != NULL && (p = strchr(p, '/')) != NULL) {
		p++;
		if (strncasecmp(p, key, klen) == 0 && p[klen] == '/') {
			const char *v = p + klen + 1, *e = strchr(v, '/');

			return e ? arena_strndup(a, v, (size_t)(e - v)) :
				   arena_strdup(a, v);
		}
	}
	return NULL;
}

/* The first place needle (ASCII, any case, beginning with '/') occurs in
 * s, or NULL. */
static const char *
ci_find(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (s = strchr(s, '/'); s != NULL; s = strchr(s + 1, '/'))
		if (strncasecmp(s, needle, n) == 0)
			return s;
	return NULL;
}

/*
 * The VNet and subnet names of a VNet or subnet id. Azure names hold no
 * '/', but an input's may: the VNet's name runs from "/virtualNetworks/"
 * to the last "/subnets/" (or the end), the subnet's from there.
 */
static const char *
vnet_name(struct arena *a, const char *id)
{
	const char *p = ci_find(id, "/virtualNetworks/"), *e = NULL, *n;

	if (p == NULL)
		return NULL;
	p += strlen("/virtualNetworks/");
	for (n = p; (n = ci_find(n, "/subnets/")) != NULL; n++)
		e = n;
	return e ? arena_strndup(a, p, (size_t)(e - p)) : arena_strdup(a, p);
}

static const char *
subnet_name(struct arena *a, const char *id)
{
	const char *e = NULL, *n;

	while ((n = ci_find(e ? e + 1 : id, "/subnets/")) != NULL)
		e = n;
	return e ? arena_strdup(a, e + strlen("/subnets/")) : NULL;
}

static void
word(struct strbuf *sb, const char *s)
{
	sb_putc(sb, ' ');
	sh_quote(sb, s);
}

/* --opt value, or --opt=value when the value begins with '-'. */
static void
opt(struct strbuf *sb, const char *name, const char *value)
{
	if (value != NULL && value[0] == '-') {
		struct strbuf t = STRBUF_INIT;

		sb_printf(&t, "%s=%s", name, value);
		word(sb, sb_str(&t));
		sb_free(&t);
		return;
	}
	sb_putc(sb, ' ');
	sb_puts(sb, name);
	word(sb, value);
}

/* --opt v1 v2 ... (each a word; a list with a value beginning with '-'
 * cannot be written unambiguously, so such values are rejected by the
 * planner's names; ids and regions never begin with '-'). */
static void
opt_list(struct strbuf *sb, const char *name, const struct step_prop *p)
{
	size_t i;

	sb_putc(sb, ' ');
	sb_puts(sb, name);
	for (i = 0; p != NULL && i < p->values.n; i++)
		word(sb, p->values.v[i]);
}

static void
nm_args(struct strbuf *sb, struct arena *a, const char *id)
{
	opt(sb, "--subscription", id_part(a, id, "subscriptions"));
	opt(sb, "--resource-group", id_part(a, id, "resourceGroups"));
	opt(sb, "--network-manager-name", id_part(a, id, "networkManagers"));
}

static void
resource_create(struct strbuf *sb, struct arena *a, const struct plan_step *s)
{
	json_t *body = iac_step_body(a, s);
	char *js;

	MP_ASSERT(body != NULL);
	sb_puts(sb, "az resource create");
	opt(sb, "--id", s->resource);
	opt(sb, "--api-version", API_NETWORK);
	if (json_object_get(body, "location") != NULL) {
		/* The whole object: location and properties. */
		sb_puts(sb, " --is-full-object");
		js = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	} else
		js = json_dumps(json_object_get(body, "properties"),
		    JSON_COMPACT | JSON_SORT_KEYS);
	MP_ASSERT(js != NULL);
	opt(sb, "--properties", js);
	sb_putc(sb, '\n');
	free(js);
	json_decref(body);
}

static void
feature(struct strbuf *sb, struct arena *a, const struct plan_step *s)
{
	const char *ns = step_prop(s, "namespace");
	const char *name = step_prop(s, "feature");
	struct strbuf show = STRBUF_INIT;

	(void)a;
	sb_puts(&show, "az feature show");
	opt(&show, "--subscription", s->subscription);
	opt(&show, "--namespace", ns);
	opt(&show, "--name", name);
	sb_puts(&show, " --query properties.state --output tsv");
	if (step_prop(s, "check") != NULL) {
		/* Prints Registered when the wave may go on. */
		sb_printf(sb, "%s\n", sb_str(&show));
		sb_free(&show);
		return;
	}
	sb_puts(sb, "az feature register");
	opt(sb, "--subscription", s->subscription);
	opt(sb, "--namespace", ns);
	opt(sb, "--name", name);
	sb_printf(sb,
	    "\nuntil [ \"$(%s)\" = Registered ]; do sleep 60; "
	    "done\n",
	    sb_str(&show));
	sb_puts(sb, "az provider register");
	opt(sb, "--subscription", s->subscription);
	opt(sb, "--namespace", ns);
	sb_puts(sb, " --wait\n");
	sb_free(&show);
}

/* summarizedGatewayPrefixes through az resource update. */
static void
summaries(struct strbuf *sb, struct arena *a, const struct plan_step *s)
{
	const char *id = s->resource;
	const struct step_prop *p = step_prop_get(s, "addressPrefixes");
	json_t *o = json_object(), *arr = json_array();
	char *js;
	size_t i;

	for (i = 0; p != NULL && i < p->values.n; i++)
		json_array_append_new(arr, json_string(p->values.v[i]));
	json_object_set_new(o, "addressPrefixes", arr);
	js = json_dumps(o, JSON_COMPACT);
	MP_ASSERT(js != NULL);
	/* az resource update reads the VNet and writes it back whole
	 * with this one property changed. */
	sb_puts(sb, "az resource update");
	opt(sb, "--subscription", s->subscription);
	opt(sb, "--resource-group", id_part(a, id, "resourceGroups"));
	opt(sb, "--name", vnet_name(a, id));
	opt(sb, "--resource-type", "Microsoft.Network/virtualNetworks");
	opt(sb, "--api-version", API_NETWORK_NEW);
	opt(sb, "--set",
	    arena_printf(a,
		"properties."
		"summarizedGatewayPrefixes=%s",
		js));
	sb_putc(sb, '\n');
	free(js);
	json_decref(o);
}

/* az network manager post-commit. */
static void
post_commit(struct strbuf *sb, struct arena *a, const struct plan_step *s)
{
	const char *id = s->resource;
	const struct step_prop *cfg = step_prop_get(s, "configurationIds");

	sb_puts(sb, "az network manager post-commit");
	nm_args(sb, a, id);
	opt(sb, "--commit-type", step_prop(s, "commitType"));
	/* No ids: an empty list (the CLI's shorthand "[]") removes
	 * every configuration of its type from the regions, as the
	 * rollback of a first wave must. */
	if (cfg != NULL && cfg->values.n > 0)
		opt_list(sb, "--configuration-ids", cfg);
	else
		sb_puts(sb, " --configuration-ids '[]'");
	opt_list(sb, "--target-locations", step_prop_get(s, "targetLocations"));
	sb_putc(sb, '\n');
}

void
runbook_az(struct strbuf *sb, struct arena *a, const struct plan_step *s)
{
	const char *id = s->resource;

	switch (s->kind) {
	case STEP_VALIDATE:
		return;
	case STEP_FEATURE:
		feature(sb, a, s);
		return;
	case STEP_SUBNET_POLICY:
		sb_puts(sb, "az network vnet subnet update");
		opt(sb, "--subscription", s->subscription);
		opt(sb, "--resource-group", id_part(a, id, "resourceGroups"));
		opt(sb, "--vnet-name", vnet_name(a, id));
		opt(sb, "--name", subnet_name(a, id));
		opt(sb, "--private-endpoint-network-policies",
		    step_prop(s, "privateEndpointNetworkPolicies"));
		sb_putc(sb, '\n');
		return;
	case STEP_VNET_POLICY:
		sb_puts(sb, "az network vnet update");
		opt(sb, "--subscription", s->subscription);
		opt(sb, "--resource-group", id_part(a, id, "resourceGroups"));
		opt(sb, "--name", vnet_name(a, id));
		opt(sb, "--pe-vnet-policies",
		    step_prop(s, "privateEndpointVNetPolicies"));
		sb_putc(sb, '\n');
		return;
	case STEP_SUMMARIES:
		summaries(sb, a, s);
		return;
	case STEP_MANAGER:
		if (step_prop(s, "existing") != NULL) {
			sb_puts(sb, "az network manager show");
			opt(sb, "--subscription", s->subscription);
			opt(sb, "--resource-group",
			    id_part(a, id, "resourceGroups"));
			opt(sb, "--name", id_part(a, id, "networkManagers"));
			sb_putc(sb, '\n');
			return;
		}
		resource_create(sb, a, s);
		return;
	case STEP_GROUP:
		sb_puts(sb, "az network manager group create");
		nm_args(sb, a, id);
		opt(sb, "--name", id_part(a, id, "networkGroups"));
		opt(sb, "--description", step_prop(s, "description"));
		sb_putc(sb, '\n');
		return;
	case STEP_MEMBER:
	case STEP_MEMBER_DELETE:
		sb_printf(sb, "az network manager group static-member %s",
		    s->kind == STEP_MEMBER ? "create" : "delete");
		nm_args(sb, a, id);
		opt(sb, "--network-group-name",
		    id_part(a, id, "networkGroups"));
		opt(sb, "--name", id_part(a, id, "staticMembers"));
		if (s->kind == STEP_MEMBER)
			opt(sb, "--resource-id", step_prop(s, "vnet"));
		else
			sb_puts(sb, " --yes");
		sb_putc(sb, '\n');
		return;
	case STEP_TAG:
		sb_puts(sb, "az tag update");
		opt(sb, "--resource-id", id);
		opt(sb, "--operation",
		    step_prop(s, "operation") ? step_prop(s, "operation") :
						"Merge");
		opt(sb, "--tags", step_prop(s, "tag"));
		sb_putc(sb, '\n');
		return;
	case STEP_CONFIG:
	case STEP_SECURITY:
	case STEP_RULE_COLLECTION:
	case STEP_RULE:
		resource_create(sb, a, s);
		return;
	case STEP_COMMIT:
		post_commit(sb, a, s);
		return;
	}
}

const char *
runbook_command(struct arena *a, const struct plan_step *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *r = NULL;

	runbook_az(&sb, a, s);
	if (sb.len > 0) {
		sb.s[--sb.len] = '\0';
		r = arena_strdup(a, sb.s);
	}
	sb_free(&sb);
	return r;
}

size_t
runbook_lines(struct arena *a, const struct plan_step *s, const char ***out)
{
	struct strbuf sb = STRBUF_INIT;
	ARR(const char *) v = { NULL, 0, 0 };
	size_t i, start = 0;
	bool quoted = false;

	runbook_az(&sb, a, s);
	for (i = 0; i < sb.len; i++) {
		if (sb.s[i] == '\\' && !quoted && i + 1 < sb.len)
			i++; /* \' between quoted parts */
		else if (sb.s[i] == '\'')
			quoted = !quoted;
		else if (sb.s[i] == '\n' && !quoted) {
			ARR_PUSH(a, v,
			    arena_strndup(a, sb.s + start, i - start));
			start = i + 1;
		}
	}
	sb_free(&sb);
	*out = v.v;
	return v.n;
}
