/*
 * iac.c - the neutral IaC model every emitter renders (iac_build).
 *
 * The model has one folder for the prerequisites (feature registrations,
 * VNet changes: privateEndpointVNetPolicies, subnet
 * privateEndpointNetworkPolicies, summarizedGatewayPrefixes) and one per
 * wave (network manager, network groups and members or the membership
 * policy, connectivity configuration, security admin rules, commits).
 * All ids are literal; a folder only creates what did not exist before
 * it, and refers to the rest by id.
 *
 * Never lose data: a VNet change starts from the exported VNet
 * (plan_vnet.raw) with every subnet and peering, drops only read-only
 * properties (arm_strip_readonly), and changes only what the plan says.
 * A VNet that was not exported gets no PUT (a note says why); Terraform
 * still changes it with a merge (azapi_update_resource).
 */
#include "emitter.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strmap.h"
#include "../lib/util.h"
#include "../planner/plan.h"
#include "quote.h"
#include "whatif.h"

struct iac_builder {
	struct iac *m;
	struct arena *a;
	const struct plan *p;
	struct namer labels;  /* Terraform/Bicep symbolic names */
	struct strmap *vnets; /* id -> plan_vnet */
	const char *nm_id, *nm_sub, *nm_rg, *nm_name;
	/*
	 * Make the JSON (body, patch, subnet_patches): false in iac_build,
	 * which lays out every folder's resources (ids, labels,
	 * dependencies: what emitters look at across folders); true when
	 * iac_folder_share makes one folder's again for its JSON.
	 */
	bool json;
};

static json_t *
jstr(const char *s)
{
	json_t *j = json_string(s != NULL ? s : "");

	if (j == NULL) /* invalid UTF-8 from the input */
		j = json_string("\xEF\xBF\xBD");
	return j;
}

static json_t *
jstr_clean(struct arena *a, const char *s)
{
	return jstr(utf8_clean(a, s != NULL ? s : ""));
}

static struct iac_res *
add_res(struct iac_builder *b, struct iac_folder *f, enum iac_kind kind,
    const char *type, const char *api, const char *id, const char *label_base)
{
	struct iac_res r;

	memset(&r, 0, sizeof(r));
	r.kind = kind;
	r.type = type;
	r.api = api;
	r.id = id;
	r.leaf = id_last_name(b->a, id);
	/*
	 * iac_build named it: the JSON made again needs no label. The id
	 * (the plan's or from b->a) outlives the namer and f->ids, which
	 * keep it rather than a copy.
	 */
	if (!b->json)
		r.label = namer_get_kept(&b->labels, id, label_base);
	ARR_PUSH(b->a, f->res, r);
	if (strmap_get(f->ids, id) == NULL)
		strmap_put_kept(f->ids, id, (void *)(uintptr_t)f->res.n);
	return &f->res.v[f->res.n - 1];
}

/* A child of the network manager: name "nm/a/b", sub/rg of the manager. */
static struct iac_res *
add_nm_child(struct iac_builder *b, struct iac_folder *f, enum iac_kind kind,
    const char *type, const char *api, const char *parent_id, const char *leaf,
    const char *label_base)
{
	const char *seg = strrchr(type, '/') + 1;
	const char *id = arena_printf(b->a, "%s/%s/%s", parent_id, seg, leaf);
	struct iac_res *r = add_res(b, f, kind, type, api, id, label_base);
	const char *rel = id + strlen(b->nm_id);
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	r->parent_id = parent_id;
	r->sub = b->nm_sub;
	r->rg = b->nm_rg;
	/* "nm" + the names of every level under the manager. */
	sb_puts(&sb, b->nm_name);
	for (p = rel; *p != '\0';) {
		const char *t = strchr(p + 1, '/'); /* type segment */
		const char *e;

		if (t == NULL)
			break;
		e = strchr(t + 1, '/');
		sb_putc(&sb, '/');
		sb_putn(&sb, t + 1, e ? (size_t)(e - t - 1) : strlen(t + 1));
		if (e == NULL)
			break;
		p = e;
	}
	r->name = arena_strdup(b->a, sb_str(&sb));
	sb_free(&sb);
	if (b->json)
		r->body = json_object();
	return r;
}

const struct iac_res *
iac_folder_find(const struct iac_folder *f, const char *id)
{
	uintptr_t k = (uintptr_t)strmap_get(f->ids, id);

	return k > 0 ? &f->res.v[k - 1] : NULL;
}

static bool
folder_has(const struct iac_folder *f, const char *id)
{
	return iac_folder_find(f, id) != NULL;
}

bool
iac_deployable(const struct iac_res *r)
{
	return r->kind != IK_FEATURE && r->body != NULL;
}

void
iac_folder_scopes(const struct iac_folder *f, struct arena *a,
    struct iac_scopes *out)
{
	struct strmap *seen = strmap_new(a);
	size_t i;

	memset(out, 0, sizeof(*out));
	out->of = arena_calloc(a, f->res.n + 1, sizeof(*out->of));
	for (i = 0; i < f->res.n; i++) {
		const struct iac_res *r = &f->res.v[i];
		const char *key;
		uintptr_t k;

		out->of[i] = SIZE_MAX;
		if (!iac_deployable(r))
			continue;
		/* "/" cannot be in a subscription id or a group name. */
		key = arena_printf(a, "%s/%s", r->sub, r->rg ? r->rg : "");
		if ((k = (uintptr_t)strmap_get(seen, key)) == 0) {
			struct iac_scope sc = { r->sub, r->rg };

			ARR_PUSH(a, out->v, sc);
			k = out->v.n;
			strmap_put(seen, key, (void *)k);
		}
		out->of[i] = k - 1;
	}
}

static void
depend(struct iac_builder *b, struct iac_res *r, const char *id)
{
	if (!b->json)
		ARR_PUSH(b->a, r->depends, id);
}

static struct iac_folder *
add_folder(struct iac_builder *b, const char *dir, const char *title,
    const struct plan_wave *w)
{
	struct iac_folder f;

	memset(&f, 0, sizeof(f));
	f.dir = dir;
	f.title = title;
	f.wave = w;
	f.ids = strmap_new(b->a);
	ARR_PUSH(b->a, b->m->folders, f);
	return &b->m->folders.v[b->m->folders.n - 1];
}

static void note(struct iac_builder *b, struct iac_folder *f, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

static void
note(struct iac_builder *b, struct iac_folder *f, const char *fmt, ...)
{
	va_list ap;
	const char *s;

	if (b->json)
		return;
	va_start(ap, fmt);
	s = arena_vprintf(b->a, fmt, ap);
	va_end(ap);
	ARR_PUSH(b->a, f->notes, s);
}

static const struct plan_vnet *
find_vnet(struct iac_builder *b, const char *id)
{
	return id ? strmap_get(b->vnets, id) : NULL;
}

static json_t *
str_array(struct arena *a, const struct step_prop *p)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; p != NULL && i < p->values.n; i++)
		json_array_append_new(arr, jstr_clean(a, p->values.v[i]));
	return arr;
}

static json_t *
prefix_objects(struct arena *a, const struct step_prop *p)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; p != NULL && i < p->values.n; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "addressPrefix",
		    jstr_clean(a, p->values.v[i]));
		json_object_set_new(o, "addressPrefixType",
		    json_string("IPPrefix"));
		json_array_append_new(arr, o);
	}
	return arr;
}

static const char *
prop_or(const struct plan_step *s, const char *name, const char *dflt)
{
	const char *v = step_prop(s, name);

	return v != NULL ? v : dflt;
}

json_t *
iac_step_body(struct arena *a, const struct plan_step *s)
{
	json_t *body = json_object(), *props = json_object(), *x, *arr;

	switch (s->kind) {
	case STEP_MANAGER:
		json_object_set_new(body, "location",
		    jstr_clean(a, prop_or(s, "location", "eastus")));
		json_object_set_new(props, "description",
		    json_string("AVNM mesh migration planned by meshplan"));
		x = json_object();
		json_object_set_new(x, "managementGroups",
		    str_array(a, step_prop_get(s, "managementGroups")));
		json_object_set_new(x, "subscriptions",
		    str_array(a, step_prop_get(s, "subscriptions")));
		json_object_set_new(props, "networkManagerScopes", x);
		json_object_set_new(props, "networkManagerScopeAccesses",
		    str_array(a, step_prop_get(s, "accesses")));
		break;
	case STEP_GROUP:
		json_object_set_new(props, "description",
		    jstr_clean(a, prop_or(s, "description", "")));
		json_object_set_new(props, "memberType",
		    json_string("VirtualNetwork"));
		break;
	case STEP_MEMBER:
		json_object_set_new(props, "resourceId",
		    jstr_clean(a, prop_or(s, "vnet", "")));
		break;
	case STEP_CONFIG:
		json_object_set_new(props, "description",
		    jstr_clean(a, prop_or(s, "description", "")));
		json_object_set_new(props, "connectivityTopology",
		    json_string("Mesh"));
		arr = json_array();
		x = json_object();
		/*
		 * groupConnectivity None: a mesh's members are connected by
		 * the configuration's topology and its top-level isGlobal;
		 * the group-level isGlobal belongs to DirectlyConnected groups
		 * of a hub-and-spoke configuration, so it stays False.
		 */
		json_object_set_new(x, "groupConnectivity",
		    json_string("None"));
		json_object_set_new(x, "isGlobal", json_string("False"));
		json_object_set_new(x, "networkGroupId",
		    jstr_clean(a, prop_or(s, "group", "")));
		json_object_set_new(x, "useHubGateway", json_string("False"));
		json_array_append_new(arr, x);
		json_object_set_new(props, "appliesToGroups", arr);
		json_object_set_new(props, "isGlobal",
		    jstr_clean(a, prop_or(s, "isGlobal", "False")));
		json_object_set_new(props, "deleteExistingPeering",
		    json_string("False"));
		x = json_object();
		json_object_set_new(x, "connectedGroupAddressOverlap",
		    json_string("Disallowed"));
		json_object_set_new(x, "connectedGroupPrivateEndpointsScale",
		    jstr_clean(a,
			prop_or(s, "connectedGroupPrivateEndpointsScale",
			    "Standard")));
		json_object_set_new(x, "peeringEnforcement",
		    json_string("Unenforced"));
		json_object_set_new(props, "connectivityCapabilities", x);
		break;
	case STEP_SECURITY:
		arr = json_array();
		json_array_append_new(arr, json_string("None"));
		json_object_set_new(props,
		    "applyOnNetworkIntentPolicyBasedServices", arr);
		json_object_set_new(props, "description",
		    jstr_clean(a, prop_or(s, "description", "")));
		break;
	case STEP_RULE_COLLECTION: {
		const struct step_prop *g = step_prop_get(s, "groups");
		size_t i;

		arr = json_array();
		for (i = 0; g != NULL && i < g->values.n; i++) {
			x = json_object();
			json_object_set_new(x, "networkGroupId",
			    jstr_clean(a, g->values.v[i]));
			json_array_append_new(arr, x);
		}
		json_object_set_new(props, "appliesToGroups", arr);
		json_object_set_new(props, "description",
		    jstr_clean(a, prop_or(s, "description", "")));
		break;
	}
	case STEP_RULE:
		json_object_set_new(body, "kind", json_string("Custom"));
		json_object_set_new(props, "access",
		    jstr_clean(a, prop_or(s, "access", "Deny")));
		json_object_set_new(props, "description",
		    jstr_clean(a, prop_or(s, "description", "")));
		arr = json_array();
		json_array_append_new(arr, json_string("0-65535"));
		json_object_set_new(props, "destinationPortRanges", arr);
		json_object_set_new(props, "destinations",
		    prefix_objects(a, step_prop_get(s, "destinations")));
		json_object_set_new(props, "direction",
		    jstr_clean(a, prop_or(s, "direction", "Inbound")));
		json_object_set_new(props, "priority",
		    json_integer(
			strtol(prop_or(s, "priority", "1"), NULL, 10)));
		json_object_set_new(props, "protocol",
		    jstr_clean(a, prop_or(s, "protocol", "Any")));
		arr = json_array();
		json_array_append_new(arr, json_string("0-65535"));
		json_object_set_new(props, "sourcePortRanges", arr);
		json_object_set_new(props, "sources",
		    prefix_objects(a, step_prop_get(s, "sources")));
		break;
	default:
		json_decref(props);
		json_decref(body);
		return NULL;
	}
	json_object_set_new(body, "properties", props);
	return body;
}

static void make_policy(struct iac_builder *b, struct iac_folder *f,
    const struct plan_mesh *m, const char *gid);

/* An AVNM object from its step: type from the id's segments. */
static struct iac_res *
add_step_res(struct iac_builder *b, struct iac_folder *f, enum iac_kind kind,
    const char *type, const struct plan_step *s, const char *label_base)
{
	struct iac_res *r;
	const char *parent = arena_strdup(b->a, s->resource);
	char *slash;

	/* parent = id without its last two segments (type and name). */
	slash = strrchr(parent, '/');
	*slash = '\0';
	slash = strrchr(parent, '/');
	*slash = '\0';
	r = add_nm_child(b, f, kind, type,
	    kind == IK_COMMIT ? API_NETWORK_NEW : API_NETWORK,
	    kind == IK_MANAGER ? NULL : parent, id_last_name(b->a, s->resource),
	    label_base);
	return r;
}

/* The folder's change to an existing VNet (one per VNet and folder). */
static struct iac_res *
vnet_change(struct iac_builder *b, struct iac_folder *f, const char *vnet_id)
{
	const struct plan_vnet *v = find_vnet(b, vnet_id);
	const struct iac_res *old = iac_folder_find(f, vnet_id);
	struct iac_res *r;

	if (old != NULL)
		return (struct iac_res *)old;
	r = add_res(b, f, IK_VNET, "Microsoft.Network/virtualNetworks",
	    API_NETWORK, vnet_id,
	    arena_printf(b->a, "vnet_%s", id_last_name(b->a, vnet_id)));
	r->vnet = v;
	r->name = id_last_name(b->a, vnet_id);
	r->sub = id_subscription(b->a, vnet_id);
	r->rg = id_resource_group(b->a, vnet_id);
	if (b->json) {
		r->body = json_object(); /* deployable; emitters build it */
		r->subnet_patches = json_array();
	}
	return r;
}

static void
patch_set(struct iac_res *r, const char *key, json_t *value)
{
	if (r->patch == NULL) {
		r->patch = json_object();
		json_object_set_new(r->patch, "properties", json_object());
	}
	json_object_set_new(json_object_get(r->patch, "properties"), key,
	    value);
}

/* A feature registration (a check-only step adds nothing). */
static void
step_feature(struct iac_builder *b, struct iac_folder *f,
    const struct plan_step *s)
{
	struct iac_res *r;

	if (step_prop(s, "check") != NULL)
		return;
	r = add_res(b, f, IK_FEATURE,
	    "Microsoft.Features/providers/"
	    "features",
	    API_FEATURES, s->resource,
	    arena_printf(b->a, "feature_%s_%s", prop_or(s, "feature", "x"),
		s->subscription));
	r->sub = s->subscription;
	r->name = arena_printf(b->a, "%s/%s",
	    prop_or(s, "namespace", "Microsoft.Network"),
	    prop_or(s, "feature", ""));
	r->detail = arena_printf(b->a, "%s/%s",
	    prop_or(s, "namespace", "Microsoft.Network"),
	    prop_or(s, "feature", ""));
}

/* privateEndpointVNetPolicies or summarizedGatewayPrefixes of a VNet. */
static void
step_vnet(struct iac_builder *b, struct iac_folder *f,
    const struct plan_step *s)
{
	const char *vid = s->resource;
	struct iac_res *r;
	json_t *val;

	if (id_resource_group(b->a, vid) == NULL) {
		note(b, f,
		    "VNet %s has no known subscription and "
		    "resource group (a template without scope: give "
		    "--scope), so no IaC changes it; change it by hand",
		    vid);
		return;
	}
	r = vnet_change(b, f, vid);
	if (s->kind == STEP_SUMMARIES)
		r->api = API_NETWORK_NEW;
	if (!b->json)
		return;
	if (s->kind == STEP_VNET_POLICY) {
		patch_set(r, "privateEndpointVNetPolicies",
		    jstr_clean(b->a,
			prop_or(s, "privateEndpointVNetPolicies", "Basic")));
		return;
	}
	val = json_object();
	json_object_set_new(val, "addressPrefixes",
	    str_array(b->a, step_prop_get(s, "addressPrefixes")));
	patch_set(r, "summarizedGatewayPrefixes", val);
}

/* A subnet's privateEndpointNetworkPolicies: a patch of its VNet. */
static void
step_subnet_policy(struct iac_builder *b, struct iac_folder *f,
    const struct plan_step *s)
{
	const char *sid = s->resource;
	const char *vid = arena_strdup(b->a, sid);
	char *cut = strstr((char *)vid, "/subnets/");
	struct iac_res *r;
	json_t *sp, *body, *pp;

	if (cut == NULL || id_resource_group(b->a, sid) == NULL) {
		note(b, f,
		    "subnet %s: no known VNet, subscription or "
		    "resource group; change its "
		    "privateEndpointNetworkPolicies by hand",
		    sid);
		return;
	}
	*cut = '\0';
	r = vnet_change(b, f, vid);
	if (!b->json)
		return;
	sp = json_object();
	body = json_object();
	pp = json_object();
	json_object_set_new(pp, "privateEndpointNetworkPolicies",
	    jstr_clean(b->a,
		prop_or(s, "privateEndpointNetworkPolicies",
		    "RouteTableEnabled")));
	json_object_set_new(body, "properties", pp);
	json_object_set_new(sp, "name",
	    jstr_clean(b->a, id_last_name(b->a, sid)));
	json_object_set_new(sp, "id", jstr_clean(b->a, sid));
	json_object_set_new(sp, "body", body);
	json_array_append_new(r->subnet_patches, sp);
}

/* A network group, and the membership policy of its mesh if it has one. */
static void
step_group(struct iac_builder *b, struct iac_folder *f,
    const struct plan_step *s)
{
	const struct plan_mesh *m = NULL;
	struct iac_res *r;
	size_t i;

	r = add_step_res(b, f, IK_GROUP,
	    "Microsoft.Network/"
	    "networkManagers/networkGroups",
	    s, arena_printf(b->a, "ng_%s", id_last_name(b->a, s->resource)));
	if (b->json) {
		json_decref(r->body);
		r->body = iac_step_body(b->a, s);
	}
	if (folder_has(f, b->nm_id))
		depend(b, r, b->nm_id);
	for (i = 0; i < b->p->meshes.n; i++)
		if (step_prop(s, "mesh") != NULL &&
		    strcmp(b->p->meshes.v[i].name, step_prop(s, "mesh")) == 0)
			m = &b->p->meshes.v[i];
	if (m != NULL)
		make_policy(b, f, m, s->resource);
}

/* The commit's properties (commitType, configurationIds, ...). */
static void
commit_body(struct iac_builder *b, const struct iac_folder *f,
    const struct plan_step *s, struct iac_res *r, const char *type)
{
	json_t *props = json_object();

	json_object_set_new(props, "commitType", jstr_clean(b->a, type));
	json_object_set_new(props, "configurationIds",
	    str_array(b->a, step_prop_get(s, "configurationIds")));
	json_object_set_new(props, "description",
	    jstr_clean(b->a,
		arena_printf(b->a, "meshplan wave %d (%s)",
		    f->wave ? f->wave->number : 0,
		    f->wave && f->wave->name ? f->wave->name : "")));
	json_object_set_new(props, "targetLocations",
	    str_array(b->a, step_prop_get(s, "targetLocations")));
	json_object_set_new(r->body, "properties", props);
}

/* The folder's commit, after the other objects it deploys. */
static void
step_commit(struct iac_builder *b, struct iac_folder *f,
    const struct plan_step *s)
{
	const char *type = prop_or(s, "commitType", "Connectivity");
	const char *leaf = arena_printf(b->a, "wave-%d-%s",
	    f->wave ? f->wave->number : 0,
	    strcmp(type, "Connectivity") == 0 ? "connectivity" : "security");
	struct iac_res *r;
	size_t i, n;

	r = add_nm_child(b, f, IK_COMMIT,
	    "Microsoft.Network/"
	    "networkManagers/commits",
	    API_NETWORK_NEW, b->nm_id, leaf,
	    arena_printf(b->a, "commit_%s", leaf));
	r->detail = type;
	if (b->json) {
		commit_body(b, f, s, r, type);
		return;
	}
	/* After every AVNM object of the folder, and after its
	 * private endpoint changes (a member reaches the high-scale
	 * endpoints only with Basic): the emitters keep the ones in
	 * the same template. */
	n = f->res.n - 1;
	for (i = 0; i < n; i++) {
		const struct iac_res *o = &f->res.v[i];

		if (o->kind != IK_COMMIT && o->kind != IK_POLICY_DEF &&
		    o->kind != IK_POLICY_ASSIGN && o->kind != IK_FEATURE)
			depend(b, &f->res.v[n], o->id);
	}
}

/*
 * The AVNM object of a manager, member, configuration, security admin
 * configuration, rule collection or rule step, with its dependencies in
 * the folder; NULL when the step creates nothing (an existing manager).
 */
static struct iac_res *
step_avnm(struct iac_builder *b, struct iac_folder *f,
    const struct plan_step *s)
{
	struct iac_res *r = NULL;
	const char *parent;
	size_t i;

	switch (s->kind) {
	case STEP_MANAGER:
		if (step_prop(s, "existing") != NULL)
			return NULL;
		r = add_res(b, f, IK_MANAGER,
		    "Microsoft.Network/"
		    "networkManagers",
		    API_NETWORK, s->resource,
		    arena_printf(b->a, "nm_%s", b->nm_name));
		r->name = b->nm_name;
		r->sub = b->nm_sub;
		r->rg = b->nm_rg;
		break;
	case STEP_MEMBER:
		parent = arena_strdup(b->a, s->resource);
		*strstr((char *)parent, "/staticMembers/") = '\0';
		r = add_step_res(b, f, IK_MEMBER,
		    "Microsoft.Network/"
		    "networkManagers/networkGroups/staticMembers",
		    s,
		    arena_printf(b->a, "sm_%s_%s", id_last_name(b->a, parent),
			id_last_name(b->a, s->resource)));
		if (folder_has(f, parent))
			depend(b, r, parent);
		break;
	case STEP_CONFIG:
		r = add_step_res(b, f, IK_CONFIG,
		    "Microsoft.Network/"
		    "networkManagers/connectivityConfigurations",
		    s,
		    arena_printf(b->a, "cc_%s",
			id_last_name(b->a, s->resource)));
		if (folder_has(f, step_prop(s, "group")))
			depend(b, r, step_prop(s, "group"));
		break;
	case STEP_SECURITY:
		r = add_step_res(b, f, IK_SAC,
		    "Microsoft.Network/"
		    "networkManagers/securityAdminConfigurations",
		    s,
		    arena_printf(b->a, "sac_%s",
			id_last_name(b->a, s->resource)));
		if (folder_has(f, b->nm_id))
			depend(b, r, b->nm_id);
		break;
	case STEP_RULE_COLLECTION: {
		const struct step_prop *g = step_prop_get(s, "groups");

		parent = arena_strdup(b->a, s->resource);
		*strstr((char *)parent, "/ruleCollections/") = '\0';
		r = add_step_res(b, f, IK_RULE_COLL,
		    "Microsoft.Network/"
		    "networkManagers/securityAdminConfigurations/"
		    "ruleCollections",
		    s,
		    arena_printf(b->a, "rc_%s",
			id_last_name(b->a, s->resource)));
		depend(b, r, parent);
		for (i = 0; g != NULL && i < g->values.n; i++)
			if (folder_has(f, g->values.v[i]))
				depend(b, r, g->values.v[i]);
		break;
	}
	case STEP_RULE:
		parent = arena_strdup(b->a, s->resource);
		*strstr((char *)parent, "/rules/") = '\0';
		r = add_step_res(b, f, IK_RULE,
		    "Microsoft.Network/"
		    "networkManagers/securityAdminConfigurations/"
		    "ruleCollections/rules",
		    s,
		    arena_printf(b->a, "rule_%s_%s", id_last_name(b->a, parent),
			id_last_name(b->a, s->resource)));
		depend(b, r, parent);
		break;
	default:
		break;
	}
	return r;
}

/* Resources of one step in folder f. */
static void
step_res(struct iac_builder *b, struct iac_folder *f, const struct plan_step *s)
{
	struct iac_res *r;

	switch (s->kind) {
	case STEP_FEATURE:
		step_feature(b, f, s);
		return;
	case STEP_SUMMARIES:
	case STEP_VNET_POLICY:
		step_vnet(b, f, s);
		return;
	case STEP_SUBNET_POLICY:
		step_subnet_policy(b, f, s);
		return;
	case STEP_GROUP:
		step_group(b, f, s);
		return;
	case STEP_COMMIT:
		step_commit(b, f, s);
		return;
	default:
		break;
	}
	if ((r = step_avnm(b, f, s)) != NULL && b->json) {
		json_decref(r->body);
		r->body = iac_step_body(b->a, s);
	}
}

/* Azure Policy for tag-based membership, one per subscription. */
/* A policy rule's condition { "equals": equals, "field": field } onto
 * all (both references are taken). */
static void
policy_equals(json_t *all, json_t *field, json_t *equals)
{
	json_t *c = json_object();

	json_object_set_new(c, "equals", equals);
	json_object_set_new(c, "field", field);
	json_array_append_new(all, c);
}

static void
make_policy(struct iac_builder *b, struct iac_folder *f,
    const struct plan_mesh *m, const char *gid)
{
	const char *tag = b->p->membership_tag ? b->p->membership_tag :
						 "avnm-mesh=true";
	const char *eq = strchr(tag, '=');
	const char *key = eq ? arena_strndup(b->a, tag, (size_t)(eq - tag)) :
			       tag;
	const char *val = eq ? eq + 1 : "true";
	struct strmap *subs = strmap_new(b->a);
	ARR(const char *) order = { 0 };
	size_t i;

	for (i = 0; i < m->vnet_ids.n; i++) {
		const char *s = id_subscription(b->a, m->vnet_ids.v[i]);

		if (s != NULL && strmap_get(subs, s) == NULL) {
			strmap_put(subs, s, (void *)s);
			ARR_PUSH(b->a, order, s);
		}
	}
	for (i = 0; i < order.n; i++) {
		const char *sub = order.v[i];
		const char *pname = name_sanitize(b->a,
		    arena_printf(b->a, "avnm-%s", id_last_name(b->a, gid)),
		    NAME_AZURE);
		const char *did = arena_printf(b->a,
		    "/subscriptions/%s/"
		    "providers/Microsoft.Authorization/policyDefinitions/%s",
		    sub, pname);
		const char *aid = arena_printf(b->a,
		    "/subscriptions/%s/"
		    "providers/Microsoft.Authorization/policyAssignments/%s",
		    sub, pname);
		struct iac_res *d, *as;
		json_t *props, *rule, *all, *c, *then, *det;

		d = add_res(b, f, IK_POLICY_DEF,
		    "Microsoft.Authorization/policyDefinitions", API_POLICY,
		    did, arena_printf(b->a, "pd_%s_%s", pname, sub));
		d->name = pname;
		d->sub = sub;
		as = add_res(b, f, IK_POLICY_ASSIGN,
		    "Microsoft.Authorization/policyAssignments", API_POLICY,
		    aid, arena_printf(b->a, "pa_%s_%s", pname, sub));
		as->name = pname;
		as->sub = sub;
		depend(b, as, did);
		d = &f->res.v[f->res.n - 2]; /* the push may have moved it */
		if (!b->json)
			continue;
		d->body = json_object();
		props = json_object();
		json_object_set_new(props, "displayName",
		    jstr_clean(b->a,
			arena_printf(b->a, "AVNM: tagged VNets join %s",
			    id_last_name(b->a, gid))));
		json_object_set_new(props, "mode",
		    json_string("Microsoft.Network.Data"));
		json_object_set_new(props, "policyType", json_string("Custom"));
		rule = json_object();
		all = json_array();
		policy_equals(all, json_string("type"),
		    json_string("Microsoft.Network/virtualNetworks"));
		policy_equals(all,
		    jstr_clean(b->a, arena_printf(b->a, "tags['%s']", key)),
		    jstr_clean(b->a, val));
		if (!m->global && m->region != NULL)
			policy_equals(all, json_string("location"),
			    jstr_clean(b->a, m->region));
		c = json_object();
		json_object_set_new(c, "allOf", all);
		json_object_set_new(rule, "if", c);
		then = json_object();
		det = json_object();
		json_object_set_new(det, "networkGroupId",
		    jstr_clean(b->a, gid));
		json_object_set_new(then, "details", det);
		json_object_set_new(then, "effect",
		    json_string("addToNetworkGroup"));
		json_object_set_new(rule, "then", then);
		json_object_set_new(props, "policyRule", rule);
		json_object_set_new(d->body, "properties", props);

		as->body = json_object();
		props = json_object();
		json_object_set_new(props, "displayName",
		    jstr_clean(b->a,
			arena_printf(b->a, "AVNM membership: %s",
			    id_last_name(b->a, gid))));
		json_object_set_new(props, "policyDefinitionId", jstr(did));
		json_object_set_new(as->body, "properties", props);
	}
}

/*
 * What every target shows alike, made once per folder: the what-if (it
 * parses the exported VNets the folder changes, the largest part of
 * emitting) and the README's common parts (their az lines are the next
 * largest).
 */
/*
 * The folder's steps laid out again as iac_build did, in an arena of
 * their own, with the JSON this time; the JSON is moved over and the
 * rest dropped. The same steps give the same resources in the same
 * order (asserted).
 */
void
iac_folder_json(const struct iac *m, struct iac_folder *f)
{
	struct arena *a = arena_new(); /* the layout made again */
	struct iac_builder b = *m->builder;
	struct iac_folder t;
	const struct plan_step *v = f->wave ? f->wave->steps.v :
					      m->plan->prereq.v;
	size_t i, n = f->wave ? f->wave->steps.n : m->plan->prereq.n;

	b.a = a;
	b.json = true;
	memset(&t, 0, sizeof(t));
	t.dir = f->dir;
	t.title = f->title;
	t.wave = f->wave;
	t.ids = strmap_new(a);
	for (i = 0; i < n; i++)
		step_res(&b, &t, &v[i]);
	MP_ASSERT(t.res.n == f->res.n);
	for (i = 0; i < f->res.n; i++) {
		struct iac_res *r = &f->res.v[i];

		MP_ASSERT(strcmp(t.res.v[i].id, r->id) == 0);
		MP_ASSERT(r->body == NULL && r->patch == NULL &&
		    r->subnet_patches == NULL);
		r->body = t.res.v[i].body;
		r->patch = t.res.v[i].patch;
		r->subnet_patches = t.res.v[i].subnet_patches;
	}
	arena_free(a);
}

void
iac_folder_json_free(struct iac_folder *f)
{
	size_t i;

	for (i = 0; i < f->res.n; i++) {
		struct iac_res *r = &f->res.v[i];

		json_decref(r->body);
		json_decref(r->patch);
		json_decref(r->subnet_patches);
		r->body = r->patch = r->subnet_patches = NULL;
	}
}

void
iac_folder_share(const struct iac *m, struct iac_folder *f, struct arena *a)
{
	struct whatif *w = arena_alloc(a, sizeof(*w));

	iac_folder_json(m, f);
	whatif_folder(m, f, WHATIF_MERGE, a, w);
	f->whatif = w;
	readme_parts(m, f, a);
}

void
iac_folder_unshare(struct iac_folder *f)
{
	f->whatif = NULL;
	free((char *)f->runbook); /* readme_parts' */
	f->readme_intro = f->runbook = NULL;
	iac_folder_json_free(f);
}

struct iac *
iac_build(const struct plan *p, struct arena *a)
{
	struct iac_builder *bp = arena_calloc(a, 1, sizeof(*bp));
	struct iac_builder b;
	struct iac *m;
	struct iac_folder *f;
	size_t i, j;

	memset(&b, 0, sizeof(b));
	m = arena_alloc(a, sizeof(*m));
	m->arena = a;
	m->plan = p;
	b.m = m;
	b.a = a;
	b.p = p;
	namer_init(&b.labels, a, NAME_TF_LABEL);
	b.vnets = strmap_new(a);
	for (i = 0; i < p->vnets.n; i++)
		strmap_put(b.vnets, p->vnets.v[i].id, (void *)&p->vnets.v[i]);
	/* The manager's id is the steps' (waves.c names it). */
	for (i = 0; i < p->waves.n && b.nm_id == NULL; i++)
		for (j = 0; j < p->waves.v[i].steps.n; j++)
			if (p->waves.v[i].steps.v[j].kind == STEP_MANAGER) {
				b.nm_id = p->waves.v[i].steps.v[j].resource;
				break;
			}
	if (b.nm_id == NULL)
		b.nm_id = "/subscriptions/00000000-0000-0000-0000-000000000000/"
			  "resourceGroups/rg-avnm/providers/Microsoft.Network/"
			  "networkManagers/avnm-meshplan";
	b.nm_sub = id_subscription(a, b.nm_id);
	b.nm_rg = id_resource_group(a, b.nm_id);
	b.nm_name = id_last_name(a, b.nm_id);
	f = add_folder(&b, "prereq", "Prerequisites", NULL);
	for (i = 0; i < p->prereq.n; i++)
		step_res(&b, f, &p->prereq.v[i]);
	for (i = 0; i < p->summaries.n; i++) {
		const struct plan_summary *s = &p->summaries.v[i];

		if (s->prefixes.n > 0 && find_vnet(&b, s->hub_id) == NULL)
			note(&b, f,
			    "hub %s is not among the plan's VNets; set "
			    "its summarizedGatewayPrefixes by hand",
			    s->hub_id);
	}
	for (i = 0; i < p->waves.n; i++) {
		const struct plan_wave *w = &p->waves.v[i];

		f = add_folder(&b,
		    arena_printf(a, "wave-%d-%s", w->number,
			name_sanitize(a, w->name ? w->name : "wave",
			    NAME_FILE)),
		    arena_printf(a, "Wave %d: %s", w->number,
			w->name ? w->name : ""),
		    w);
		for (j = 0; j < w->steps.n; j++)
			step_res(&b, f, &w->steps.v[j]);
	}
	namer_init(&m->labels, a, NAME_TF_LABEL);
	for (i = 0; i < m->folders.n; i++)
		for (j = 0; j < m->folders.v[i].res.n; j++)
			namer_get_kept(&m->labels, m->folders.v[i].res.v[j].id,
			    m->folders.v[i].res.v[j].label);
	*bp = b;
	m->builder = bp;
	return m;
}

void
iac_free(struct iac *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->folders.n; i++)
		iac_folder_json_free(&m->folders.v[i]);
}
