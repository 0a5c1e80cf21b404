/*
 * terraform.c - Terraform (azurerm >= 4.78 plus azapi ~> 2.4) from the IaC
 * model.
 *
 * Layout: DIR/<folder>/versions.tf (providers), main.tf, README.md. Each
 * folder is its own root module. AVNM resources map to azurerm_network_
 * manager_*; the commit to one azurerm_network_manager_deployment per
 * region whose configuration_ids keep every configuration that stays
 * live; tag-based membership to azurerm_policy_definition plus
 * azurerm_subscription_policy_assignment. Existing VNets and subnets are
 * only ever changed with azapi_update_resource (a merge of the listed
 * properties; destroying it reverts nothing), never recreated. Feature
 * registrations are azapi_resource_action calls. Ids of resources made in
 * the same folder are references, others literal.
 *
 * Formatting is what `terraform fmt` produces: 2 spaces, the `=` of
 * adjacent one-line arguments aligned, multi-line values not aligned.
 */
#include <string.h>

#include <jansson.h>

#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "../planner/estate.h"
#include "../planner/plan.h"
#include "emitter.h"
#include "quote.h"

struct item {
	char *key;   /* rendered key */
	char *val;   /* rendered value (NULL for a block) */
	char *block; /* rendered block body text incl. braces */
};

struct body {
	struct arena *a;
	ARR(struct item) v;
};

static void
attr_raw(struct body *b, const char *k, const char *rendered)
{
	struct item it = { arena_strdup(b->a, k), arena_strdup(b->a, rendered),
		NULL };

	ARR_PUSH(b->a, b->v, it);
}

static void
attr_str(struct body *b, const char *k, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	hcl_quote(&sb, s);
	attr_raw(b, k, sb_str(&sb));
	sb_free(&sb);
}

static void render(struct strbuf *sb, const struct body *b, int ind);

static void
block(struct body *b, const char *header, const struct body *inner, int ind)
{
	struct strbuf sb = STRBUF_INIT;
	struct item it;

	sb_puts(&sb, "{\n");
	render(&sb, inner, ind + 2);
	sb_indent(&sb, ind);
	sb_putc(&sb, '}');
	it.key = arena_strdup(b->a, header);
	it.val = NULL;
	it.block = arena_strdup(b->a, sb_str(&sb));
	ARR_PUSH(b->a, b->v, it);
	sb_free(&sb);
}

/* "key = val" with key padded to w: puts, not printf (a body's value
 * can be long, and printf formats it twice). */
static void
put_arg(struct strbuf *sb, const char *key, size_t w, const char *val)
{
	size_t n = strlen(key);

	sb_puts(sb, key);
	if (n < w)
		sb_indent(sb, (int)(w - n));
	sb_puts(sb, " = ");
	sb_puts(sb, val);
	sb_putc(sb, '\n');
}

/* Items at indentation ind; one-line arguments aligned in runs. */
static void
render(struct strbuf *sb, const struct body *b, int ind)
{
	size_t i, j, w;

	for (i = 0; i < b->v.n; i = j) {
		const struct item *it = &b->v.v[i];

		if (it->block != NULL) {
			sb_indent(sb, ind);
			sb_puts(sb, it->key);
			sb_putc(sb, ' ');
			sb_puts(sb, it->block);
			sb_putc(sb, '\n');
			j = i + 1;
			continue;
		}
		/* A run of arguments: one-line ones, ending after a
		 * multi-line one. */
		w = 0;
		for (j = i; j < b->v.n && b->v.v[j].block == NULL; j++) {
			if (strchr(b->v.v[j].val, '\n') != NULL)
				break;
			if (strlen(b->v.v[j].key) > w)
				w = strlen(b->v.v[j].key);
		}
		if (j == i) { /* multi-line argument alone */
			sb_indent(sb, ind);
			put_arg(sb, it->key, 0, it->val);
			j = i + 1;
			continue;
		}
		for (; i < j; i++) {
			sb_indent(sb, ind);
			put_arg(sb, b->v.v[i].key, w, b->v.v[i].val);
		}
	}
}

static bool
is_ident(const char *k)
{
	const char *p;

	if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
		*k == '_'))
		return false;
	for (p = k; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			return false;
	return true;
}

static void json_hcl(struct strbuf *sb, struct arena *a, const json_t *v,
    int ind);

static bool
scalar(const json_t *v)
{
	return !json_is_object(v) && !json_is_array(v);
}

static void
json_hcl(struct strbuf *sb, struct arena *a, const json_t *v, int ind)
{
	const char *k;
	json_t *x;
	size_t i;
	bool flat = true;

	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		struct body b = { a, { 0 } };

		if (json_object_size(v) == 0) {
			sb_puts(sb, "{}");
			break;
		}
		json_object_foreach((json_t *)v, k, x)
		{
			struct strbuf ks = STRBUF_INIT, vs = STRBUF_INIT;

			if (is_ident(k))
				sb_puts(&ks, k);
			else
				hcl_quote(&ks, k);
			json_hcl(&vs, a, x, ind + 2);
			attr_raw(&b, sb_str(&ks), sb_str(&vs));
			sb_free(&ks);
			sb_free(&vs);
		}
		sb_puts(sb, "{\n");
		render(sb, &b, ind + 2);
		sb_indent(sb, ind);
		sb_putc(sb, '}');
		break;
	}
	case JSON_ARRAY:
		json_array_foreach(v, i, x) if (!scalar(x)) flat = false;
		if (flat) {
			sb_putc(sb, '[');
			json_array_foreach(v, i, x)
			{
				if (i > 0)
					sb_puts(sb, ", ");
				json_hcl(sb, a, x, ind);
			}
			sb_putc(sb, ']');
			break;
		}
		sb_puts(sb, "[\n");
		json_array_foreach(v, i, x)
		{
			sb_indent(sb, ind + 2);
			json_hcl(sb, a, x, ind + 2);
			sb_puts(sb, ",\n");
		}
		sb_indent(sb, ind);
		sb_putc(sb, ']');
		break;
	default:
		iac_scalar(sb, v, hcl_quote);
		break;
	}
}

static void
attr_json(struct body *b, const char *k, const json_t *v, int ind)
{
	struct strbuf sb = STRBUF_INIT;

	json_hcl(&sb, b->a, v, ind);
	attr_raw(b, k, sb_str(&sb));
	sb_free(&sb);
}

/* main.tf goes to the sink in pieces of about this size. */
#define TF_FLUSH ((size_t)1 << 20)

struct tf {
	const struct iac *m;
	const struct iac_folder *f;
	struct arena *a;
	struct strbuf out;
	struct strmap *addr; /* id -> "type.label" for this folder */
	const char *nm_sub;
	struct strmap *aliases; /* subscription -> provider alias */
	ARR(const char *) alias_subs;
	/* The wave's registration checks: "data.azapi_resource.x" each,
	 * and the subscription whose registration each reads. */
	ARR(const char *) gates;
	ARR(const char *) gate_subs;
	/* A change's lifecycle block by its subscription: made once. */
	struct strmap *lifecycles;
};

/*
 * A wave whose VNet changes need a feature (HSPE) reads the registration
 * (data azapi_resource on the feature, Microsoft.Features 2021-07-01) in
 * each subscription it changes, and every change has a precondition that
 * the registrations of its own subscription are Registered. The data
 * sources are read while planning, so a precondition that fails is an
 * error of `terraform plan` (and of the plan that `apply` makes first):
 * plan and apply stop with the reason before anything changes. One block
 * a subscription, not every registration on every change: the file stays
 * linear in the number of changes.
 */
static void
feature_gates(struct tf *t)
{
	const struct plan_wave *w = t->f->wave;
	size_t i;

	for (i = 0; w != NULL && i < w->steps.n; i++) {
		const struct plan_step *s = &w->steps.v[i];
		const char *label;

		if (s->kind != STEP_FEATURE || step_prop(s, "check") == NULL)
			continue;
		label = name_sanitize(t->a,
		    arena_printf(t->a, "registered_%s_%s",
			step_prop(s, "feature"), s->subscription),
		    NAME_TF_LABEL);
		sb_printf(&t->out, "data \"azapi_resource\" \"%s\" {\n", label);
		sb_puts(&t->out,
		    "  type                   = "
		    "\"Microsoft.Features/providers/features@" API_FEATURES
		    "\"\n  resource_id            = ");
		hcl_quote(&t->out, s->resource);
		sb_puts(&t->out,
		    "\n  response_export_values = "
		    "[\"properties.state\"]\n}\n\n");
		ARR_PUSH(t->a, t->gates,
		    arena_printf(t->a, "data.azapi_resource.%s", label));
		ARR_PUSH(t->a, t->gate_subs, s->subscription);
	}
}

/* The preconditions of the registrations of subscription sub, or of
 * every registration when none is of sub. */
static char *
gate_block(struct tf *t, const char *sub)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, n = 0;
	char *r;

	for (i = 0; i < t->gates.n; i++)
		if (sub != NULL && mp_strcaseeq(t->gate_subs.v[i], sub))
			n++;
	sb_puts(&sb, "{\n");
	for (i = 0; i < t->gates.n; i++) {
		if (n > 0 && !mp_strcaseeq(t->gate_subs.v[i], sub))
			continue;
		sb_puts(&sb, "    precondition {\n      condition     = ");
		sb_printf(&sb,
		    "%s.output.properties.state == "
		    "\"Registered\"\n",
		    t->gates.v[i]);
		sb_puts(&sb,
		    "      error_message = \"The feature "
		    "registration this change needs is not Registered "
		    "yet: run the prerequisites and wait (az feature "
		    "show).\"\n    }\n");
	}
	sb_puts(&sb, "  }");
	r = arena_strdup(t->a, sb_str(&sb));
	sb_free(&sb);
	return r;
}

/* The lifecycle of a change of resource id: its subscription's gates. */
static void
gate_lifecycle(struct tf *t, struct body *b, const char *id)
{
	const char *sub = id_subscription(t->a, id);
	const char *key = sub != NULL ? sub : "";
	struct item it = { arena_strdup(t->a, "lifecycle"), NULL, NULL };

	if (t->gates.n == 0)
		return;
	if (t->lifecycles == NULL)
		t->lifecycles = strmap_new(t->a);
	if ((it.block = strmap_get(t->lifecycles, key)) == NULL) {
		it.block = gate_block(t, sub);
		strmap_put(t->lifecycles, key, it.block);
	}
	ARR_PUSH(t->a, b->v, it);
}

static const char *
tf_type(const struct iac_res *r)
{
	switch (r->kind) {
	case IK_FEATURE:
		return "azapi_resource_action";
	case IK_VNET:
		return "azapi_update_resource";
	case IK_MANAGER:
		return "azurerm_network_manager";
	case IK_GROUP:
		return "azurerm_network_manager_network_group";
	case IK_MEMBER:
		return "azurerm_network_manager_static_member";
	case IK_CONFIG:
		return "azurerm_network_manager_connectivity_configuration";
	case IK_SAC:
		return "azurerm_network_manager_security_admin_configuration";
	case IK_RULE_COLL:
		return "azurerm_network_manager_admin_rule_collection";
	case IK_RULE:
		return "azurerm_network_manager_admin_rule";
	case IK_COMMIT:
		return "azurerm_network_manager_deployment";
	case IK_POLICY_DEF:
		return "azurerm_policy_definition";
	case IK_POLICY_ASSIGN:
		return "azurerm_subscription_policy_assignment";
	}
	return NULL;
}

/* An id: a reference when this folder makes it, else a literal. */
static void
attr_id(struct tf *t, struct body *b, const char *k, const char *id)
{
	const char *addr = strmap_get(t->addr, id);

	if (addr != NULL)
		attr_raw(b, k, arena_printf(t->a, "%s.id", addr));
	else
		attr_str(b, k, id);
}

static const char *
jget(const json_t *o, const char *path)
{
	/* "a.b.c" into nested objects; the string value or NULL. */
	char buf[128];
	const char *p = path, *dot;
	const json_t *cur = o;

	while ((dot = strchr(p, '.')) != NULL) {
		size_t n = (size_t)(dot - p);

		MP_ASSERT(n < sizeof(buf));
		memcpy(buf, p, n);
		buf[n] = '\0';
		cur = json_object_get(cur, buf);
		p = dot + 1;
	}
	return json_string_value(json_object_get(cur, p));
}

static const json_t *
props(const struct iac_res *r)
{
	return json_object_get(r->body, "properties");
}

static void
ids_list(struct tf *t, struct body *b, const char *k, const json_t *arr,
    const char *field)
{
	struct strbuf sb = STRBUF_INIT;
	const json_t *x;
	size_t i;

	sb_putc(&sb, '[');
	json_array_foreach(arr, i, x)
	{
		const char *id = field ?
		    json_string_value(json_object_get(x, field)) :
		    json_string_value(x);
		const char *addr = strmap_get(t->addr, id ? id : "");

		if (i > 0)
			sb_puts(&sb, ", ");
		if (addr != NULL)
			sb_printf(&sb, "%s.id", addr);
		else
			hcl_quote(&sb, id);
	}
	sb_putc(&sb, ']');
	attr_raw(b, k, sb_str(&sb));
	sb_free(&sb);
}

static void
emit_resource(struct tf *t, const char *type, const char *label,
    const struct body *b)
{
	sb_printf(&t->out, "resource \"%s\" \"%s\" {\n", type, label);
	render(&t->out, b, 2);
	sb_puts(&t->out, "}\n\n");
}

static void
provider_ref(struct tf *t, struct body *b, const char *sub)
{
	const char *alias;

	if (sub == NULL || mp_strcaseeq(sub, t->nm_sub))
		return;
	alias = strmap_get(t->aliases, sub);
	if (alias == NULL) {
		alias = arena_printf(t->a, "sub_%s",
		    name_sanitize(t->a, sub, NAME_TF_LABEL));
		strmap_put(t->aliases, sub, (void *)alias);
		ARR_PUSH(t->a, t->alias_subs, sub);
	}
	attr_raw(b, "provider", arena_printf(t->a, "azurerm.%s", alias));
}

/*
 * An existing VNet and its subnets change by azapi_update_resource: the
 * provider reads the resource at apply time and writes back only the
 * listed properties. The PE subnets' policies first; Basic on the VNet
 * waits for them (the order the high-scale private endpoint steps need).
 */
static void
vnet_updates(struct tf *t, const struct iac_res *r)
{
	struct strbuf lk = STRBUF_INIT, deps = STRBUF_INIT;
	size_t i;

	hcl_quote(&lk, r->id);
	for (i = 0; i < json_array_size(r->subnet_patches); i++) {
		const json_t *sp = json_array_get(r->subnet_patches, i);
		struct body sbd = { t->a, { 0 } };
		const char *label = arena_printf(t->a, "%s_%s", r->label,
		    name_sanitize(t->a,
			json_string_value(json_object_get(sp, "name")),
			NAME_TF_LABEL));

		attr_str(&sbd, "type",
		    "Microsoft.Network/virtualNetworks/"
		    "subnets@" API_NETWORK);
		attr_str(&sbd, "resource_id",
		    json_string_value(json_object_get(sp, "id")));
		attr_json(&sbd, "body", json_object_get(sp, "body"), 2);
		attr_raw(&sbd, "locks", arena_printf(t->a, "[%s]", lk.s));
		gate_lifecycle(t, &sbd,
		    json_string_value(json_object_get(sp, "id")));
		emit_resource(t, "azapi_update_resource", label, &sbd);
		sb_printf(&deps, "%sazapi_update_resource.%s", i ? ", " : "",
		    label);
	}
	if (r->patch != NULL) {
		struct body b = { t->a, { 0 } };

		attr_str(&b, "type",
		    arena_printf(t->a, "%s@%s", r->type, r->api));
		attr_str(&b, "resource_id", r->id);
		attr_json(&b, "body", r->patch, 2);
		attr_raw(&b, "locks", arena_printf(t->a, "[%s]", lk.s));
		if (deps.len > 0)
			attr_raw(&b, "depends_on",
			    arena_printf(t->a, "[%s]", deps.s));
		gate_lifecycle(t, &b, r->id);
		emit_resource(t, "azapi_update_resource", r->label, &b);
	}
	sb_free(&lk);
	sb_free(&deps);
}

static void
address_blocks(struct tf *t, struct body *b, const char *name,
    const json_t *arr)
{
	const json_t *x;
	size_t i;

	json_array_foreach(arr, i, x)
	{
		struct body in = { t->a, { 0 } };

		attr_str(&in, "address_prefix", jget(x, "addressPrefix"));
		attr_str(&in, "address_prefix_type",
		    jget(x, "addressPrefixType"));
		block(b, name, &in, 2);
	}
}

/* azurerm_network_manager. */
static void
tf_manager(struct tf *t, struct body *b, const struct iac_res *r,
    const json_t *p)
{
	struct body sc = { t->a, { 0 } };
	const json_t *s = json_object_get(p, "networkManagerScopes");

	attr_str(b, "name", r->name);
	attr_str(b, "resource_group_name", r->rg);
	attr_str(b, "location",
	    json_string_value(json_object_get(r->body, "location")));
	attr_str(b, "description", jget(r->body, "properties.description"));
	attr_json(b, "scope_accesses",
	    json_object_get(p, "networkManagerScopeAccesses"), 2);
	if (json_array_size(json_object_get(s, "managementGroups")))
		attr_json(&sc, "management_group_ids",
		    json_object_get(s, "managementGroups"), 4);
	if (json_array_size(json_object_get(s, "subscriptions")))
		attr_json(&sc, "subscription_ids",
		    json_object_get(s, "subscriptions"), 4);
	block(b, "scope", &sc, 2);
}

/* azurerm_network_manager_connectivity_configuration. */
static void
tf_config(struct tf *t, struct body *b, const struct iac_res *r,
    const json_t *p)
{
	const json_t *g;
	size_t i;

	attr_str(b, "name", r->leaf);
	attr_id(t, b, "network_manager_id", r->parent_id);
	attr_str(b, "connectivity_topology", jget(p, "connectivityTopology"));
	attr_str(b, "description", jget(p, "description"));
	attr_raw(b, "global_mesh_enabled",
	    strcmp(jget(p, "isGlobal"), "True") == 0 ? "true" : "false");
	attr_raw(b, "delete_existing_peering_enabled", "false");
	attr_str(b, "connected_group_private_endpoints_scale",
	    jget(p,
		"connectivityCapabilities."
		"connectedGroupPrivateEndpointsScale"));
	attr_raw(b, "connected_group_address_overlap_enabled", "false");
	attr_raw(b, "peering_enforcement_enabled", "false");
	json_array_foreach(json_object_get(p, "appliesToGroups"), i, g)
	{
		struct body in = { t->a, { 0 } };

		attr_str(&in, "group_connectivity",
		    jget(g, "groupConnectivity"));
		attr_id(t, &in, "network_group_id", jget(g, "networkGroupId"));
		attr_raw(&in, "global_mesh_enabled",
		    strcmp(jget(g, "isGlobal"), "True") == 0 ? "true" :
							       "false");
		block(b, "applies_to_group", &in, 2);
	}
}

/* azurerm_network_manager_admin_rule. */
static void
tf_rule(struct tf *t, struct body *b, const struct iac_res *r, const json_t *p)
{
	attr_str(b, "name", r->leaf);
	attr_id(t, b, "admin_rule_collection_id", r->parent_id);
	attr_str(b, "action", jget(p, "access"));
	attr_str(b, "direction", jget(p, "direction"));
	attr_raw(b, "priority",
	    arena_printf(t->a, "%lld",
		(long long)json_integer_value(json_object_get(p, "priority"))));
	attr_str(b, "protocol", jget(p, "protocol"));
	attr_str(b, "description", jget(p, "description"));
	attr_json(b, "source_port_ranges",
	    json_object_get(p, "sourcePortRanges"), 2);
	attr_json(b, "destination_port_ranges",
	    json_object_get(p, "destinationPortRanges"), 2);
	address_blocks(t, b, "source", json_object_get(p, "sources"));
	address_blocks(t, b, "destination", json_object_get(p, "destinations"));
}

/* azurerm_network_manager_deployment: one per target region. */
static void
tf_commit(struct tf *t, const struct iac_res *r, const json_t *p,
    const char *type)
{
	size_t i;
	const json_t *loc;

	/* One deployment per region. */
	json_array_foreach(json_object_get(p, "targetLocations"), i, loc)
	{
		struct body d = { t->a, { 0 } };
		const char *l = json_string_value(loc);

		attr_id(t, &d, "network_manager_id", r->parent_id);
		attr_str(&d, "location", l);
		attr_str(&d, "scope_access", r->detail);
		ids_list(t, &d, "configuration_ids",
		    json_object_get(p, "configurationIds"), NULL);
		emit_resource(t, type,
		    arena_printf(t->a, "%s_%s", r->label,
			name_sanitize(t->a, l, NAME_TF_LABEL)),
		    &d);
	}
}

static void
tf_resource(struct tf *t, const struct iac_res *r)
{
	struct body b = { t->a, { 0 } };
	const json_t *p = props(r);
	const char *type = tf_type(r);

	switch (r->kind) {
	case IK_VNET:
		vnet_updates(t, r);
		return;
	case IK_FEATURE:
		attr_str(&b, "type",
		    "Microsoft.Features/providers/features@" API_FEATURES);
		attr_str(&b, "resource_id", r->id);
		attr_str(&b, "action", "register");
		attr_str(&b, "method", "POST");
		break;
	case IK_MANAGER:
		tf_manager(t, &b, r, p);
		break;
	case IK_GROUP:
		attr_str(&b, "name", r->leaf);
		attr_id(t, &b, "network_manager_id", r->parent_id);
		attr_str(&b, "description", jget(p, "description"));
		break;
	case IK_MEMBER:
		attr_str(&b, "name", r->leaf);
		attr_id(t, &b, "network_group_id", r->parent_id);
		attr_str(&b, "target_virtual_network_id",
		    jget(p, "resourceId"));
		break;
	case IK_CONFIG:
		tf_config(t, &b, r, p);
		break;
	case IK_SAC:
		attr_str(&b, "name", r->leaf);
		attr_id(t, &b, "network_manager_id", r->parent_id);
		attr_str(&b, "description", jget(p, "description"));
		attr_json(&b, "apply_on_network_intent_policy_based_services",
		    json_object_get(p,
			"applyOnNetworkIntentPolicyBasedServices"),
		    2);
		break;
	case IK_RULE_COLL:
		attr_str(&b, "name", r->leaf);
		attr_id(t, &b, "security_admin_configuration_id", r->parent_id);
		attr_str(&b, "description", jget(p, "description"));
		ids_list(t, &b, "network_group_ids",
		    json_object_get(p, "appliesToGroups"), "networkGroupId");
		break;
	case IK_RULE:
		tf_rule(t, &b, r, p);
		break;
	case IK_COMMIT:
		tf_commit(t, r, p, type);
		return;
	case IK_POLICY_DEF: {
		struct strbuf sb = STRBUF_INIT;

		provider_ref(t, &b, r->sub);
		attr_str(&b, "name", r->name);
		attr_str(&b, "policy_type", jget(p, "policyType"));
		attr_str(&b, "mode", jget(p, "mode"));
		attr_str(&b, "display_name", jget(p, "displayName"));
		sb_puts(&sb, "jsonencode(");
		json_hcl(&sb, t->a, json_object_get(p, "policyRule"), 2);
		sb_putc(&sb, ')');
		attr_raw(&b, "policy_rule", sb_str(&sb));
		sb_free(&sb);
		break;
	}
	case IK_POLICY_ASSIGN:
		provider_ref(t, &b, r->sub);
		attr_str(&b, "name", r->name);
		attr_str(&b, "subscription_id",
		    arena_printf(t->a, "/subscriptions/%s", r->sub));
		attr_id(t, &b, "policy_definition_id",
		    jget(p, "policyDefinitionId"));
		attr_str(&b, "display_name", jget(p, "displayName"));
		break;
	}
	emit_resource(t, type, r->label, &b);
}

static void
versions_tf(struct tf *t, struct strbuf *sb)
{
	size_t i;

	sb_puts(sb,
	    "# Written by meshplan; do not edit by hand.\n"
	    "terraform {\n"
	    "  required_version = \">= 1.5.0\"\n"
	    "  required_providers {\n"
	    "    azapi = {\n"
	    "      source  = \"Azure/azapi\"\n"
	    "      version = \"~> 2.4\"\n"
	    "    }\n"
	    "    azurerm = {\n"
	    "      source  = \"hashicorp/azurerm\"\n"
	    "      version = \">= 4.78.0, < 5.0.0\"\n"
	    "    }\n"
	    "  }\n"
	    "}\n\n"
	    "provider \"azapi\" {}\n\n"
	    "provider \"azurerm\" {\n"
	    "  features {}\n"
	    "  subscription_id = ");
	hcl_quote(sb, t->nm_sub);
	sb_puts(sb, "\n}\n");
	for (i = 0; i < t->alias_subs.n; i++) {
		const char *s = t->alias_subs.v[i];

		sb_printf(sb,
		    "\nprovider \"azurerm\" {\n"
		    "  alias           = \"%s\"\n  subscription_id = ",
		    (const char *)strmap_get(t->aliases, s));
		hcl_quote(sb, s);
		sb_puts(sb, "\n  features {}\n}\n");
	}
}

/*
 * Hand what main.tf holds so far to the sink, all but the newlines it
 * ends with: the file's last newlines are trimmed when it is complete.
 */
static int
tf_flush(struct tf *t, const struct emit_sink *out)
{
	size_t n = t->out.len, keep;
	int rc;

	while (n > 0 && t->out.s[n - 1] == '\n')
		n--;
	if (n == 0)
		return 0;
	rc = emit_write(out, t->out.s, n);
	keep = t->out.len - n;
	memmove(t->out.s, t->out.s + n, keep);
	t->out.len = keep;
	t->out.s[keep] = '\0';
	return rc;
}

/*
 * main.tf and versions.tf of folder f. main.tf goes to the sink as it is
 * written (a wave's can be tens of MB); what its resources need is in an
 * arena of its own, freed before the README.
 */
static int
emit_main(const struct iac *m, const struct iac_folder *f, const char *nm_sub,
    const struct emit_sink *out, struct arena *a)
{
	struct tf t;
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int rc;

	memset(&t, 0, sizeof(t));
	t.m = m;
	t.f = f;
	t.a = arena_new();
	t.nm_sub = nm_sub;
	t.addr = strmap_new(t.a);
	t.aliases = strmap_new(t.a);
	for (i = 0; i < f->res.n; i++) {
		const struct iac_res *r = &f->res.v[i];

		if (r->kind != IK_VNET && r->kind != IK_FEATURE &&
		    r->kind != IK_COMMIT)
			strmap_put(t.addr, r->id,
			    arena_printf(t.a, "%s.%s", tf_type(r), r->label));
	}
	if ((rc = emit_open(out, arena_printf(a, "%s/main.tf", f->dir))) != 0)
		goto out;
	sb_puts(&t.out, "# Written by meshplan; do not edit by hand.\n\n");
	feature_gates(&t);
	for (i = 0; i < f->res.n && rc == 0; i++) {
		if (f->res.v[i].kind != IK_COMMIT) /* commit/ owns them */
			tf_resource(&t, &f->res.v[i]);
		if (t.out.len > TF_FLUSH)
			rc = tf_flush(&t, out);
	}
	while (t.out.len > 1 && t.out.s[t.out.len - 2] == '\n')
		t.out.s[--t.out.len] = '\0';
	if (rc == 0)
		rc = emit_write(out, t.out.s, t.out.len);
	if (emit_close(out) != 0)
		rc = -1;
	versions_tf(&t, &sb);
	if (rc == 0)
		rc = emit_put(out, arena_printf(a, "%s/versions.tf", f->dir),
		    sb.s, sb.len);
out:
	sb_free(&t.out);
	sb_free(&sb);
	arena_free(t.a);
	return rc;
}

static int
emit_folder(const struct iac *m, const struct iac_folder *f, const char *nm_sub,
    const struct emit_sink *out, struct arena *a)
{
	int rc;

	rc = emit_main(m, f, nm_sub, out, a);
	if (rc != 0)
		return rc;
	return readme_write(out, f, "Terraform",
	    "Each folder is its own root "
	    "module and creates each of its Azure objects alone: apply "
	    "prereq/, then each wave's folder, then `prereq/commit/` with that "
	    "wave's number:\n\n"
	    "    terraform init\n    terraform plan -out plan.tfplan\n"
	    "    terraform apply plan.tfplan\n"
	    "    cd ../prereq/commit && terraform init && "
	    "terraform apply -var wave=N\n\n"
	    "The region commits (azurerm_network_manager_deployment) live "
	    "only in `prereq/commit/`, which always lists every configuration "
	    "live after wave N. Existing VNets and subnets are changed "
	    "with azapi_update_resource, which reads the VNet at apply "
	    "time and writes back only the listed properties; destroying "
	    "it reverts nothing. To undo wave N alone: apply `prereq/commit/` "
	    "with `-var wave=N-1` (or follow the rollback in RUNBOOK.md), "
	    "then `terraform destroy` in this folder, which removes only "
	    "the objects this wave added; undo waves in reverse order.\n",
	    a);
}

/*
 * prereq/commit/: the one root that owns the region commits. For each wave the
 * goal state per region and commit type comes from that wave's commit
 * steps; `-var wave=N` selects it. A deployment's configuration_ids
 * change in place (the provider's Update posts a new commit), a region
 * that leaves the goal state is destroyed (an empty commit there), so
 * lowering wave undoes the later waves' commits and nothing else.
 */
static int
commit_root(const struct iac *m, const char *nm_sub,
    const struct emit_sink *out, struct arena *a)
{
	const struct plan *p = m->plan;
	struct strbuf sb = STRBUF_INIT, md = STRBUF_INIT;
	const char *nm_id = NULL;
	size_t i, j, k, l;
	struct tf t;
	int rc;

	for (i = 0; i < p->waves.n && nm_id == NULL; i++)
		for (j = 0; j < p->waves.v[i].steps.n; j++)
			if (p->waves.v[i].steps.v[j].kind == STEP_COMMIT) {
				nm_id = p->waves.v[i].steps.v[j].resource;
				break;
			}
	if (nm_id == NULL)
		return 0;
	sb_puts(&sb,
	    "# Written by meshplan; do not edit by hand.\n\n"
	    "variable \"wave\" {\n"
	    "  description = \"The last wave applied: its goal state is "
	    "committed (0 commits nothing)\"\n"
	    "  type        = number\n}\n\n"
	    "locals {\n  # wave -> \"region|type\" -> configuration ids "
	    "live after that wave\n  goal = {\n");
	sb_puts(&sb, "    \"0\" = {}\n");
	for (i = 0; i < p->waves.n; i++) {
		const struct plan_wave *w = &p->waves.v[i];

		struct strbuf key = STRBUF_INIT, val = STRBUF_INIT;
		ARR(const char *) keys = { NULL, 0, 0 };
		ARR(const char *) vals = { NULL, 0, 0 };
		size_t wmax = 0;

		sb_printf(&sb, "    \"%d\" = {\n", w->number);
		for (j = 0; j < w->steps.n; j++) {
			const struct plan_step *s = &w->steps.v[j];
			const struct step_prop *loc, *cfg;

			if (s->kind != STEP_COMMIT)
				continue;
			loc = step_prop_get(s, "targetLocations");
			cfg = step_prop_get(s, "configurationIds");
			for (k = 0; loc != NULL && k < loc->values.n; k++) {
				sb_reset(&key);
				sb_reset(&val);
				hcl_quote(&key,
				    arena_printf(a, "%s|%s", loc->values.v[k],
					step_prop(s, "commitType")));
				sb_putc(&val, '[');
				for (l = 0; cfg != NULL && l < cfg->values.n;
				     l++) {
					if (l > 0)
						sb_puts(&val, ", ");
					hcl_quote(&val, cfg->values.v[l]);
				}
				sb_putc(&val, ']');
				ARR_PUSH(a, keys,
				    arena_strdup(a, sb_str(&key)));
				ARR_PUSH(a, vals,
				    arena_strdup(a, sb_str(&val)));
				if (key.len > wmax)
					wmax = key.len;
			}
		}
		/* terraform fmt aligns the = of adjacent one-line items. */
		for (k = 0; k < keys.n; k++)
			sb_printf(&sb, "      %-*s = %s\n", (int)wmax,
			    keys.v[k], vals.v[k]);
		sb_free(&key);
		sb_free(&val);
		sb_puts(&sb, "    }\n");
	}
	sb_puts(&sb,
	    "  }\n}\n\n"
	    "resource \"azurerm_network_manager_deployment\" \"commit\" {\n"
	    "  for_each           = local.goal[tostring(var.wave)]\n"
	    "  network_manager_id = ");
	hcl_quote(&sb, nm_id);
	sb_puts(&sb,
	    "\n"
	    "  location           = split(\"|\", each.key)[0]\n"
	    "  scope_access       = split(\"|\", each.key)[1]\n"
	    "  configuration_ids  = each.value\n}\n");
	rc = emit_put(out, "prereq/commit/main.tf", sb.s, sb.len);
	sb_reset(&sb);
	memset(&t, 0, sizeof(t));
	t.a = a;
	t.nm_sub = nm_sub;
	t.aliases = strmap_new(a);
	versions_tf(&t, &sb);
	if (rc == 0)
		rc = emit_put(out, "prereq/commit/versions.tf", sb.s, sb.len);
	sb_reset(&sb);
	sb_puts(&md,
	    "# Region commits (Terraform)\n\n"
	    "Written by meshplan from the plan; do not edit by hand.\n\n"
	    "This root owns every `azurerm_network_manager_deployment` of "
	    "the migration, one per region and commit type. Apply it after "
	    "each wave's folder with that wave's number; each apply commits "
	    "the configurations live after that wave, so a later wave never "
	    "needs state surgery and no deployment is created twice:\n\n"
	    "    terraform init\n    terraform apply -var wave=1\n\n"
	    "To undo wave N, apply with `-var wave=N-1`: regions keep the "
	    "configurations of the earlier waves, and a region that only "
	    "wave N reached gets an empty commit.\n\n"
	    "If a region already has a connectivity commit that was made "
	    "outside this root, the provider refuses to create the "
	    "deployment (\"requires import\"): import it first, and check "
	    "that its configurations are among the ones listed here, or "
	    "they would be removed from the region:\n\n"
	    "    terraform import -var wave=N "
	    "'azurerm_network_manager_deployment.commit[\"REGION|"
	    "Connectivity\"]' '");
	sb_puts(&md, nm_id);
	sb_puts(&md, "/commit|REGION|Connectivity'\n");
	if (rc == 0)
		rc = emit_put(out, "prereq/commit/README.md", md.s, md.len);
	sb_free(&sb);
	sb_free(&md);
	return rc;
}

/* The subscription of the network manager: the provider's default. */
static const char *
nm_subscription(const struct iac *m)
{
	size_t i, j;

	for (i = 0; i < m->folders.n; i++)
		for (j = 0; j < m->folders.v[i].res.n; j++)
			if (m->folders.v[i].res.v[j].kind != IK_VNET &&
			    m->folders.v[i].res.v[j].kind != IK_FEATURE &&
			    m->folders.v[i].res.v[j].kind != IK_POLICY_DEF &&
			    m->folders.v[i].res.v[j].kind != IK_POLICY_ASSIGN)
				return m->folders.v[i].res.v[j].sub;
	return m->plan->manager.subscription ?
	    m->plan->manager.subscription :
	    "00000000-0000-0000-0000-000000000000";
}

static int
terraform_folder(const struct iac *m, const struct iac_folder *f,
    const struct emit_sink *out, struct arena *a)
{
	return emit_folder(m, f, nm_subscription(m), out, a);
}

static int
terraform_finish(const struct iac *m, const struct emit_sink *out,
    struct arena *a)
{
	return commit_root(m, nm_subscription(m), out, a);
}

const struct emitter emitter_terraform = {
	.name = "terraform",
	.ext = "tf",
	.folder = terraform_folder,
	.finish = terraform_finish,
};
