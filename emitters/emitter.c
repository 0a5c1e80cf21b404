/*
 * emitter.c - the emitter registry, the in-memory output tree, and the
 * neutral IaC model every emitter renders (iac_build).
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

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strmap.h"
#include "../lib/util.h"
#include "../planner/cidr.h"
#include "../planner/plan.h"
#include "../planner/shquote.h"
#include "quote.h"
#include "readme_inspection.h"

const struct emitter *const emitters[] = {
	&emitter_arm, &emitter_bicep, &emitter_terraform, NULL
};

const struct emitter *
emitter_find(const char *name)
{
	size_t i;

	for (i = 0; emitters[i] != NULL; i++)
		if (strcmp(emitters[i]->name, name) == 0)
			return emitters[i];
	return NULL;
}

void
emit_out_init(struct emit_out *o, struct arena *a)
{
	memset(o, 0, sizeof(*o));
	o->arena = a;
}

void
emit_out_add(struct emit_out *o, const char *path, const char *text,
    size_t len)
{
	struct emit_file f;

	MP_ASSERT(emit_out_find(o, path) == NULL);
	f.path = arena_strdup(o->arena, path);
	f.text = arena_strndup(o->arena, text, len);
	f.len = len;
	ARR_PUSH(o->arena, o->files, f);
}

static int
file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct emit_file *)a)->path,
	    ((const struct emit_file *)b)->path);
}

void
emit_out_sort(struct emit_out *o)
{
	if (o->files.n > 1)
		qsort(o->files.v, o->files.n, sizeof(*o->files.v), file_cmp);
}

const struct emit_file *
emit_out_find(const struct emit_out *o, const char *path)
{
	size_t i;

	for (i = 0; i < o->files.n; i++)
		if (strcmp(o->files.v[i].path, path) == 0)
			return &o->files.v[i];
	return NULL;
}

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

/* Model building. */

struct builder {
	struct iac *m;
	struct arena *a;
	const struct plan *p;
	struct namer labels;	/* Terraform/Bicep symbolic names */
	struct namer azure;	/* generated Azure names (members) */
	struct strmap *vnets;	/* id -> plan_vnet */
	struct strmap *made;	/* ids created by an earlier folder */
	const char *nm_id, *nm_sub, *nm_rg, *nm_name, *nm_location;
};

static json_t *
jstr(const char *s)
{
	json_t *j = json_string(s != NULL ? s : "");

	if (j == NULL)		/* invalid UTF-8 from the input */
		j = json_string("\xEF\xBF\xBD");
	return j;
}

static json_t *
jstr_clean(struct arena *a, const char *s)
{
	return jstr(utf8_clean(a, s != NULL ? s : ""));
}

static const char *
bare_sub(struct arena *a, const char *s)
{
	if (s == NULL)
		return NULL;
	if (mp_strcase_prefix(s, "/subscriptions/"))
		return id_subscription(a, s);
	return s;
}

static struct iac_res *
add_res(struct builder *b, struct iac_folder *f, enum iac_kind kind,
    const char *type, const char *api, const char *id, const char *label_base)
{
	struct iac_res r;

	memset(&r, 0, sizeof(r));
	r.kind = kind;
	r.type = type;
	r.api = api;
	r.id = id;
	r.leaf = id_last_name(b->a, id);
	r.label = namer_get(&b->labels, id, label_base);
	ARR_PUSH(b->a, f->res, r);
	if (strmap_get(f->ids, id) == NULL)
		strmap_put(f->ids, id, (void *)(uintptr_t)f->res.n);
	return &f->res.v[f->res.n - 1];
}

/* A child of the network manager: name "nm/a/b", sub/rg of the manager. */
static struct iac_res *
add_nm_child(struct builder *b, struct iac_folder *f, enum iac_kind kind,
    const char *type, const char *api, const char *parent_id,
    const char *leaf, const char *label_base)
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
		const char *t = strchr(p + 1, '/');	/* type segment */
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
depend(struct builder *b, struct iac_res *r, const char *id)
{
	ARR_PUSH(b->a, r->depends, id);
}

static struct iac_folder *
add_folder(struct builder *b, const char *dir, const char *title,
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

static void
note(struct builder *b, struct iac_folder *f, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
note(struct builder *b, struct iac_folder *f, const char *fmt, ...)
{
	va_list ap;
	const char *s;

	va_start(ap, fmt);
	s = arena_vprintf(b->a, fmt, ap);
	va_end(ap);
	ARR_PUSH(b->a, f->notes, s);
}

static const struct plan_vnet *
find_vnet(struct builder *b, const char *id)
{
	return id ? strmap_get(b->vnets, id) : NULL;
}

static json_t *
prefix_array(const prefix_arr *pa)
{
	json_t *arr = json_array();
	char buf[PREFIX_STRLEN];
	size_t i;

	for (i = 0; i < pa->n; i++)
		json_array_append_new(arr, json_string(
		    prefix_format(&pa->v[i], buf)));
	return arr;
}

static const struct plan_summary *
summary_for(const struct plan *p, const char *vnet_id)
{
	size_t i;

	for (i = 0; i < p->summaries.n; i++)
		if (mp_strcaseeq(p->summaries.v[i].hub_id, vnet_id) &&
		    p->summaries.v[i].prefixes.n > 0)
			return &p->summaries.v[i];
	return NULL;
}

static void
prereq_features(struct builder *b, struct iac_folder *f)
{
	size_t i;

	for (i = 0; i < b->p->features.n; i++) {
		const struct plan_feature *ft = &b->p->features.v[i];
		const char *sub = bare_sub(b->a, ft->subscription);
		const char *slash = strchr(ft->feature, '/');
		const char *ns, *name, *id;
		struct iac_res *r;

		if (sub == NULL || slash == NULL)
			continue;
		ns = arena_strndup(b->a, ft->feature,
		    (size_t)(slash - ft->feature));
		name = slash + 1;
		id = arena_printf(b->a, "/subscriptions/%s/providers/"
		    "Microsoft.Features/providers/%s/features/%s", sub, ns,
		    name);
		r = add_res(b, f, IK_FEATURE, "Microsoft.Features/providers/"
		    "features", API_FEATURES, id, arena_printf(b->a,
		    "feature_%s_%s", name, sub));
		r->sub = sub;
		r->name = arena_printf(b->a, "%s/%s", ns, name);
		r->detail = ft->feature;
	}
}

static json_t *
find_named(json_t *arr, const char *name)
{
	json_t *it;
	size_t i;

	json_array_foreach(arr, i, it)
		if (mp_strcaseeq(json_string_value(json_object_get(it, "name")),
		    name))
			return it;
	return NULL;
}

static void
prereq_vnet(struct builder *b, struct iac_folder *f,
    const struct plan_vnet *v, const struct plan_summary *sum)
{
	struct iac_res *r;
	json_t *raw, *props, *patch_props, *subs;
	size_t i;

	/* A template exported without its scope: no deployment target. */
	if (v->subscription == NULL || v->resource_group == NULL) {
		note(b, f, "VNet %s has no known subscription and resource "
		    "group (a template without scope: give --scope), so no "
		    "IaC changes it; change it by hand", v->id);
		return;
	}
	r = add_res(b, f, IK_VNET, "Microsoft.Network/virtualNetworks",
	    sum ? API_NETWORK_NEW : API_NETWORK, v->id,
	    arena_printf(b->a, "vnet_%s", v->name));
	r->vnet = v;
	r->name = v->name;
	r->sub = bare_sub(b->a, v->subscription);
	r->rg = v->resource_group;

	patch_props = json_object();
	if (v->set_pe_vnet_basic)
		json_object_set_new(patch_props, "privateEndpointVNetPolicies",
		    json_string("Basic"));
	if (sum != NULL) {
		json_t *sg = json_object();

		json_object_set_new(sg, "addressPrefixes",
		    prefix_array(&sum->prefixes));
		json_object_set_new(patch_props, "summarizedGatewayPrefixes",
		    sg);
	}
	if (json_object_size(patch_props) > 0) {
		r->patch = json_object();
		json_object_set_new(r->patch, "properties", patch_props);
	} else
		json_decref(patch_props);
	r->subnet_patches = json_array();
	for (i = 0; i < v->subnet_changes.n; i++) {
		const struct plan_subnet_change *c = &v->subnet_changes.v[i];
		json_t *sp = json_object(), *body = json_object(),
		    *pp = json_object();

		json_object_set_new(pp, "privateEndpointNetworkPolicies",
		    jstr(c->new_policy));
		json_object_set_new(body, "properties", pp);
		json_object_set_new(sp, "name", jstr_clean(b->a, c->name));
		json_object_set_new(sp, "id", jstr_clean(b->a, c->id));
		json_object_set_new(sp, "body", body);
		json_array_append_new(r->subnet_patches, sp);
	}

	raw = vnet_raw_json(v);
	if (raw == NULL) {
		note(b, f, "VNet %s was not in the export, so no PUT of it is "
		    "written (it would delete what the export does not show); "
		    "change it by hand or with the Terraform output, which "
		    "merges", v->id);
		return;
	}
	arm_strip_readonly(raw);
	props = json_object_get(raw, "properties");
	if (!json_is_object(props)) {
		props = json_object();
		json_object_set_new(raw, "properties", props);
	}
	if (r->patch != NULL)
		json_object_update(props, json_object_get(r->patch,
		    "properties"));
	subs = json_object_get(props, "subnets");
	for (i = 0; i < json_array_size(r->subnet_patches); i++) {
		json_t *sp = json_array_get(r->subnet_patches, i);
		json_t *sn = find_named(subs, json_string_value(
		    json_object_get(sp, "name")));
		json_t *snp;

		if (sn == NULL) {
			note(b, f, "subnet %s is not in the exported VNet; its "
			    "privateEndpointNetworkPolicies is not changed",
			    json_string_value(json_object_get(sp, "id")));
			continue;
		}
		snp = json_object_get(sn, "properties");
		if (!json_is_object(snp)) {
			snp = json_object();
			json_object_set_new(sn, "properties", snp);
		}
		json_object_update(snp, json_object_get(json_object_get(sp,
		    "body"), "properties"));
	}
	/* name, type and apiVersion are the template's. */
	json_object_del(raw, "name");
	json_object_del(raw, "apiVersion");
	json_object_del(raw, "dependsOn");
	r->body = raw;
}

static void
build_prereq(struct builder *b)
{
	struct iac_folder *f = add_folder(b, "prereq", "Prerequisites", NULL);
	size_t i;

	prereq_features(b, f);
	for (i = 0; i < b->p->vnets.n; i++) {
		const struct plan_vnet *v = &b->p->vnets.v[i];
		const struct plan_summary *sum = summary_for(b->p, v->id);

		if (v->set_pe_vnet_basic || v->subnet_changes.n > 0 ||
		    sum != NULL)
			prereq_vnet(b, f, v, sum);
	}
	for (i = 0; i < b->p->summaries.n; i++) {
		const struct plan_summary *s = &b->p->summaries.v[i];

		if (s->prefixes.n > 0 && find_vnet(b, s->hub_id) == NULL)
			note(b, f, "hub %s is not among the plan's VNets; set "
			    "its summarizedGatewayPrefixes by hand", s->hub_id);
	}
}

/* The wave in which a mesh gets its first member (0 = none). */
static int
mesh_first_wave(struct builder *b, const struct plan_mesh *m)
{
	int first = 0;
	size_t i;

	for (i = 0; i < m->vnet_ids.n; i++) {
		const struct plan_vnet *v = find_vnet(b, m->vnet_ids.v[i]);

		if (v != NULL && v->wave > 0 && (first == 0 || v->wave < first))
			first = v->wave;
	}
	return first;
}

static const char *
group_id(struct builder *b, const char *name)
{
	return arena_printf(b->a, "%s/networkGroups/%s", b->nm_id,
	    name_sanitize(b->a, name, NAME_AZURE));
}

static struct iac_res *
make_group(struct builder *b, struct iac_folder *f, const char *name,
    const char *desc)
{
	const char *leaf = name_sanitize(b->a, name, NAME_AZURE);
	struct iac_res *r;
	json_t *props;

	r = add_nm_child(b, f, IK_GROUP,
	    "Microsoft.Network/networkManagers/networkGroups", API_NETWORK,
	    b->nm_id, leaf, arena_printf(b->a, "ng_%s", leaf));
	props = json_object();
	json_object_set_new(props, "description", jstr_clean(b->a, desc));
	json_object_set_new(props, "memberType", json_string("VirtualNetwork"));
	json_object_set_new(r->body, "properties", props);
	strmap_put(b->made, r->id, (void *)r->id);
	return r;
}

static void
make_member(struct builder *b, struct iac_folder *f, const char *gid,
    const char *vnet_id)
{
	const struct plan_vnet *v = find_vnet(b, vnet_id);
	const char *vname = v ? v->name : id_last_name(b->a, vnet_id);
	const char *key = arena_printf(b->a, "%s|%s", gid, vnet_id);
	const char *leaf, *mid;
	struct iac_res *r;
	json_t *props;

	leaf = namer_get(&b->azure, key, arena_printf(b->a, "sm-%s",
	    vname ? vname : "vnet"));
	mid = arena_printf(b->a, "%s/staticMembers/%s", gid, leaf);
	if (strmap_get(b->made, mid) != NULL)
		return;
	r = add_nm_child(b, f, IK_MEMBER, "Microsoft.Network/networkManagers/"
	    "networkGroups/staticMembers", API_NETWORK, gid, leaf,
	    arena_printf(b->a, "sm_%s_%s", id_last_name(b->a, gid), leaf));
	props = json_object();
	json_object_set_new(props, "resourceId", jstr_clean(b->a, vnet_id));
	json_object_set_new(r->body, "properties", props);
	if (folder_has(f, gid))
		depend(b, r, gid);
	strmap_put(b->made, r->id, (void *)r->id);
}

static void
make_manager(struct builder *b, struct iac_folder *f)
{
	const struct plan_manager *pm = &b->p->manager;
	struct iac_res *r;
	json_t *props, *scopes, *arr;
	size_t i;

	r = add_res(b, f, IK_MANAGER, "Microsoft.Network/networkManagers",
	    API_NETWORK, b->nm_id, arena_printf(b->a, "nm_%s", b->nm_name));
	r->name = b->nm_name;
	r->sub = b->nm_sub;
	r->rg = b->nm_rg;
	r->body = json_object();
	json_object_set_new(r->body, "location", jstr_clean(b->a,
	    b->nm_location));
	props = json_object();
	json_object_set_new(props, "description", json_string(
	    "AVNM mesh migration planned by meshplan"));
	scopes = json_object();
	arr = json_array();
	for (i = 0; i < pm->scope_management_groups.n; i++)
		json_array_append_new(arr, jstr_clean(b->a,
		    pm->scope_management_groups.v[i]));
	json_object_set_new(scopes, "managementGroups", arr);
	arr = json_array();
	for (i = 0; i < pm->scope_subscriptions.n; i++)
		json_array_append_new(arr, jstr_clean(b->a,
		    pm->scope_subscriptions.v[i]));
	json_object_set_new(scopes, "subscriptions", arr);
	json_object_set_new(props, "networkManagerScopes", scopes);
	arr = json_array();
	for (i = 0; i < pm->accesses.n; i++)
		json_array_append_new(arr, jstr_clean(b->a, pm->accesses.v[i]));
	if (pm->accesses.n == 0) {
		json_array_append_new(arr, json_string("Connectivity"));
		if (b->p->deny.n > 0)
			json_array_append_new(arr, json_string("SecurityAdmin"));
	}
	json_object_set_new(props, "networkManagerScopeAccesses", arr);
	json_object_set_new(r->body, "properties", props);
	strmap_put(b->made, r->id, (void *)r->id);
}

static const char *
mesh_config_id(struct builder *b, const struct plan_mesh *m)
{
	if (m->existing_config_id != NULL)
		return m->existing_config_id;
	return arena_printf(b->a, "%s/connectivityConfigurations/%s", b->nm_id,
	    name_sanitize(b->a, m->config_name ? m->config_name : m->name,
	    NAME_AZURE));
}

static void
make_config(struct builder *b, struct iac_folder *f, const struct plan_mesh *m,
    const char *gid)
{
	const char *leaf = name_sanitize(b->a, m->config_name ?
	    m->config_name : m->name, NAME_AZURE);
	const char *glob = m->global ? "True" : "False";
	struct iac_res *r;
	json_t *props, *apply, *g, *caps;

	r = add_nm_child(b, f, IK_CONFIG, "Microsoft.Network/networkManagers/"
	    "connectivityConfigurations", API_NETWORK, b->nm_id, leaf,
	    arena_printf(b->a, "cc_%s", leaf));
	props = json_object();
	json_object_set_new(props, "description", jstr_clean(b->a,
	    arena_printf(b->a, "Mesh %s (%s)", m->name, m->global ? "global" :
	    m->region ? m->region : "regional")));
	json_object_set_new(props, "connectivityTopology", json_string("Mesh"));
	apply = json_array();
	g = json_object();
	json_object_set_new(g, "groupConnectivity", json_string("None"));
	json_object_set_new(g, "isGlobal", json_string(glob));
	json_object_set_new(g, "networkGroupId", jstr_clean(b->a, gid));
	json_object_set_new(g, "useHubGateway", json_string("False"));
	json_array_append_new(apply, g);
	json_object_set_new(props, "appliesToGroups", apply);
	json_object_set_new(props, "isGlobal", json_string(glob));
	json_object_set_new(props, "deleteExistingPeering",
	    json_string("False"));
	caps = json_object();
	json_object_set_new(caps, "connectedGroupAddressOverlap",
	    json_string("Disallowed"));
	json_object_set_new(caps, "connectedGroupPrivateEndpointsScale",
	    json_string(m->hspe ? "HighScale" : "Standard"));
	json_object_set_new(caps, "peeringEnforcement",
	    json_string("Unenforced"));
	json_object_set_new(props, "connectivityCapabilities", caps);
	json_object_set_new(r->body, "properties", props);
	if (folder_has(f, gid))
		depend(b, r, gid);
	strmap_put(b->made, r->id, (void *)r->id);
}

/* Azure Policy for tag-based membership, one per subscription. */
static void
make_policy(struct builder *b, struct iac_folder *f, const struct plan_mesh *m,
    const char *gid)
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
		const char *pname = name_sanitize(b->a, arena_printf(b->a,
		    "avnm-%s", id_last_name(b->a, gid)), NAME_AZURE);
		const char *did = arena_printf(b->a, "/subscriptions/%s/"
		    "providers/Microsoft.Authorization/policyDefinitions/%s",
		    sub, pname);
		const char *aid = arena_printf(b->a, "/subscriptions/%s/"
		    "providers/Microsoft.Authorization/policyAssignments/%s",
		    sub, pname);
		struct iac_res *d, *as;
		json_t *props, *rule, *all, *c, *then, *det;

		d = add_res(b, f, IK_POLICY_DEF,
		    "Microsoft.Authorization/policyDefinitions", API_POLICY,
		    did, arena_printf(b->a, "pd_%s_%s", pname, sub));
		d->name = pname;
		d->sub = sub;
		d->body = json_object();
		props = json_object();
		json_object_set_new(props, "displayName", jstr_clean(b->a,
		    arena_printf(b->a, "AVNM: tagged VNets join %s",
		    id_last_name(b->a, gid))));
		json_object_set_new(props, "mode",
		    json_string("Microsoft.Network.Data"));
		json_object_set_new(props, "policyType", json_string("Custom"));
		rule = json_object();
		all = json_array();
		c = json_object();
		json_object_set_new(c, "equals",
		    json_string("Microsoft.Network/virtualNetworks"));
		json_object_set_new(c, "field", json_string("type"));
		json_array_append_new(all, c);
		c = json_object();
		json_object_set_new(c, "equals", jstr_clean(b->a, val));
		json_object_set_new(c, "field", jstr_clean(b->a,
		    arena_printf(b->a, "tags['%s']", key)));
		json_array_append_new(all, c);
		if (!m->global && m->region != NULL) {
			c = json_object();
			json_object_set_new(c, "equals", jstr_clean(b->a,
			    m->region));
			json_object_set_new(c, "field", json_string("location"));
			json_array_append_new(all, c);
		}
		c = json_object();
		json_object_set_new(c, "allOf", all);
		json_object_set_new(rule, "if", c);
		then = json_object();
		det = json_object();
		json_object_set_new(det, "networkGroupId", jstr_clean(b->a,
		    gid));
		json_object_set_new(then, "details", det);
		json_object_set_new(then, "effect",
		    json_string("addToNetworkGroup"));
		json_object_set_new(rule, "then", then);
		json_object_set_new(props, "policyRule", rule);
		json_object_set_new(d->body, "properties", props);

		as = add_res(b, f, IK_POLICY_ASSIGN,
		    "Microsoft.Authorization/policyAssignments", API_POLICY,
		    aid, arena_printf(b->a, "pa_%s_%s", pname, sub));
		as->name = pname;
		as->sub = sub;
		as->body = json_object();
		props = json_object();
		json_object_set_new(props, "displayName", jstr_clean(b->a,
		    arena_printf(b->a, "AVNM membership: %s",
		    id_last_name(b->a, gid))));
		json_object_set_new(props, "policyDefinitionId", jstr(did));
		json_object_set_new(as->body, "properties", props);
		depend(b, as, did);
	}
}

static json_t *
address_list(struct builder *b, char *const *ids, size_t n)
{
	json_t *arr = json_array();
	char buf[PREFIX_STRLEN];
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct plan_vnet *v = find_vnet(b, ids[i]);

		if (v == NULL)
			continue;
		for (j = 0; j < v->prefixes.n; j++) {
			json_t *o = json_object();

			json_object_set_new(o, "addressPrefix", json_string(
			    prefix_format(&v->prefixes.v[j], buf)));
			json_object_set_new(o, "addressPrefixType",
			    json_string("IPPrefix"));
			json_array_append_new(arr, o);
		}
	}
	return arr;
}

static void
make_rule(struct builder *b, struct iac_folder *f, const struct iac_res *coll,
    const char *leaf, int priority, json_t *src, json_t *dst,
    const char *desc)
{
	struct iac_res *r;
	json_t *props, *any;

	r = add_nm_child(b, f, IK_RULE, "Microsoft.Network/networkManagers/"
	    "securityAdminConfigurations/ruleCollections/rules", API_NETWORK,
	    coll->id, leaf, arena_printf(b->a, "rule_%s_%s", coll->leaf,
	    leaf));
	json_object_set_new(r->body, "kind", json_string("Custom"));
	props = json_object();
	json_object_set_new(props, "access", json_string("Deny"));
	json_object_set_new(props, "description", jstr_clean(b->a, desc));
	json_object_set_new(props, "destinationPortRanges",
	    any = json_array());
	json_array_append_new(any, json_string("0-65535"));
	json_object_set_new(props, "destinations", dst);
	json_object_set_new(props, "direction", json_string("Inbound"));
	json_object_set_new(props, "priority", json_integer(priority));
	json_object_set_new(props, "protocol", json_string("Any"));
	json_object_set_new(props, "sourcePortRanges", any = json_array());
	json_array_append_new(any, json_string("0-65535"));
	json_object_set_new(props, "sources", src);
	json_object_set_new(r->body, "properties", props);
	depend(b, r, coll->id);
}

static const char *
sac_id(struct builder *b)
{
	return arena_printf(b->a, "%s/securityAdminConfigurations/"
	    "meshplan-segments", b->nm_id);
}

static void
make_security(struct builder *b, struct iac_folder *f)
{
	struct iac_res *sac, *coll;
	const char *sid;
	json_t *props, *arr;
	size_t i;

	sac = add_nm_child(b, f, IK_SAC, "Microsoft.Network/networkManagers/"
	    "securityAdminConfigurations", API_NETWORK, b->nm_id,
	    "meshplan-segments", "sac_meshplan_segments");
	props = json_object();
	arr = json_array();
	json_array_append_new(arr, json_string("None"));
	json_object_set_new(props, "applyOnNetworkIntentPolicyBasedServices",
	    arr);
	json_object_set_new(props, "description", json_string(
	    "Segments kept apart in the mesh (meshplan)"));
	json_object_set_new(sac->body, "properties", props);
	if (folder_has(f, b->nm_id))
		depend(b, sac, b->nm_id);
	sid = sac->id;
	strmap_put(b->made, sid, (void *)sid);
	for (i = 0; i < b->p->deny.n; i++) {
		const struct plan_deny *d = &b->p->deny.v[i];
		const char *ga = group_id(b, d->group_a);
		const char *gb = group_id(b, d->group_b);
		const char *cleaf = name_sanitize(b->a, d->name, NAME_AZURE);
		const char *coll_id;
		json_t *g;
		int p1 = d->priority < 1 ? 1 : d->priority > 4095 ? 4095 :
		    d->priority;

		if (strmap_get(b->made, ga) == NULL)
			make_group(b, f, d->group_a, arena_printf(b->a,
			    "Segment %s", d->segment_a));
		if (strmap_get(b->made, gb) == NULL)
			make_group(b, f, d->group_b, arena_printf(b->a,
			    "Segment %s", d->segment_b));
		coll = add_nm_child(b, f, IK_RULE_COLL, "Microsoft.Network/"
		    "networkManagers/securityAdminConfigurations/"
		    "ruleCollections", API_NETWORK, sid, cleaf,
		    arena_printf(b->a, "rc_%s", cleaf));
		coll_id = coll->id;
		props = json_object();
		arr = json_array();
		g = json_object();
		json_object_set_new(g, "networkGroupId", jstr_clean(b->a, ga));
		json_array_append_new(arr, g);
		g = json_object();
		json_object_set_new(g, "networkGroupId", jstr_clean(b->a, gb));
		json_array_append_new(arr, g);
		json_object_set_new(props, "appliesToGroups", arr);
		json_object_set_new(props, "description", jstr_clean(b->a,
		    arena_printf(b->a, "Deny %s <-> %s", d->segment_a,
		    d->segment_b)));
		json_object_set_new(coll->body, "properties", props);
		depend(b, coll, sid);
		if (folder_has(f, ga))
			depend(b, coll, ga);
		if (folder_has(f, gb))
			depend(b, coll, gb);
		/* coll may move when the array grows: find it by id. */
		coll = NULL;
		for (size_t k = 0; k < f->res.n; k++)
			if (f->res.v[k].id == coll_id)
				coll = &f->res.v[k];
		make_rule(b, f, coll, "deny-in-from-b", p1,
		    address_list(b, (char *const *)d->vnets_b.v, d->vnets_b.n),
		    address_list(b, (char *const *)d->vnets_a.v, d->vnets_a.n),
		    arena_printf(b->a, "Deny %s to %s", d->segment_b,
		    d->segment_a));
		for (size_t k = 0; k < f->res.n; k++)
			if (f->res.v[k].id == coll_id)
				coll = &f->res.v[k];
		make_rule(b, f, coll, "deny-in-from-a", p1 + 1,
		    address_list(b, (char *const *)d->vnets_a.v, d->vnets_a.n),
		    address_list(b, (char *const *)d->vnets_b.v, d->vnets_b.n),
		    arena_printf(b->a, "Deny %s to %s", d->segment_a,
		    d->segment_b));
	}
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted, unique, lower-case regions of the wave's cumulative members. */
static json_t *
target_locations(struct builder *b, const struct plan_wave *w)
{
	ARR(char *) locs = { 0 };
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < w->members.n; i++) {
		const struct plan_vnet *v = find_vnet(b, w->members.v[i]);
		char *l;

		if (v == NULL || v->location == NULL)
			continue;
		l = arena_strdup(b->a, v->location);
		mp_strlower(l);
		ARR_PUSH(b->a, locs, l);
	}
	if (locs.n > 1)
		qsort(locs.v, locs.n, sizeof(*locs.v), str_cmp);
	for (i = 0; i < locs.n; i++)
		if (i == 0 || strcmp(locs.v[i], locs.v[i - 1]) != 0)
			json_array_append_new(arr, jstr_clean(b->a, locs.v[i]));
	return arr;
}

static void
make_commit(struct builder *b, struct iac_folder *f,
    const struct plan_wave *w, const char *type, json_t *configs)
{
	const char *leaf = arena_printf(b->a, "wave-%d-%s", w->number,
	    strcmp(type, "Connectivity") == 0 ? "connectivity" : "security");
	struct iac_res *r;
	json_t *props;
	size_t i, n;

	r = add_nm_child(b, f, IK_COMMIT, "Microsoft.Network/networkManagers/"
	    "commits", API_NETWORK_NEW, b->nm_id, leaf,
	    arena_printf(b->a, "commit_%s", leaf));
	r->detail = type;
	props = json_object();
	json_object_set_new(props, "commitType", json_string(type));
	json_object_set_new(props, "configurationIds", configs);
	json_object_set_new(props, "description", jstr_clean(b->a,
	    arena_printf(b->a, "meshplan wave %d (%s)", w->number,
	    w->name ? w->name : "")));
	json_object_set_new(props, "targetLocations",
	    target_locations(b, w));
	json_object_set_new(r->body, "properties", props);
	/* After everything else this folder deploys with the manager. */
	n = f->res.n - 1;
	for (i = 0; i < n; i++) {
		const struct iac_res *o = &f->res.v[i];

		if (o->kind != IK_COMMIT && o->kind != IK_POLICY_DEF &&
		    o->kind != IK_POLICY_ASSIGN && o->kind != IK_FEATURE &&
		    o->kind != IK_VNET)
			depend(b, &f->res.v[n], o->id);
	}
}

static void
build_wave(struct builder *b, const struct plan_wave *w, bool first)
{
	struct iac_folder *f;
	struct strmap *in_wave = strmap_new(b->a);	/* the wave's VNets */
	json_t *configs;
	const char *dir;
	size_t i, j;

	for (i = 0; i < w->vnet_ids.n; i++)
		strmap_put(in_wave, w->vnet_ids.v[i], (void *)w->vnet_ids.v[i]);
	dir = arena_printf(b->a, "wave-%d-%s", w->number, name_sanitize(b->a,
	    w->name ? w->name : "wave", NAME_FILE));
	f = add_folder(b, dir, arena_printf(b->a, "Wave %d: %s", w->number,
	    w->name ? w->name : ""), w);
	if (first && b->p->manager.existing_id == NULL)
		make_manager(b, f);
	for (i = 0; i < b->p->meshes.n; i++) {
		const struct plan_mesh *m = &b->p->meshes.v[i];
		const char *gid = group_id(b, m->group_name ? m->group_name :
		    m->name);
		int fw = mesh_first_wave(b, m);

		if (fw == 0 || fw > w->number)
			continue;
		if (fw == w->number) {
			if (strmap_get(b->made, gid) == NULL) {
				make_group(b, f, m->group_name ? m->group_name :
				    m->name, arena_printf(b->a, "Members of "
				    "mesh %s", m->name));
				if (folder_has(f, b->nm_id))
					depend(b, &f->res.v[f->res.n - 1],
					    b->nm_id);
			}
			if (b->p->dynamic_membership)
				make_policy(b, f, m, gid);
		}
		if (!b->p->dynamic_membership)
			for (j = 0; j < m->vnet_ids.n; j++)
				if (strmap_get(in_wave, m->vnet_ids.v[j]) != NULL)
					make_member(b, f, gid, m->vnet_ids.v[j]);
		if (fw == w->number && m->existing_config_id == NULL)
			make_config(b, f, m, gid);
	}
	if (b->p->deny.n > 0) {
		if (strmap_get(b->made, sac_id(b)) == NULL)
			make_security(b, f);
		for (i = 0; i < b->p->deny.n; i++) {
			const struct plan_deny *d = &b->p->deny.v[i];

			for (j = 0; j < d->vnets_a.n; j++)
				if (strmap_get(in_wave, d->vnets_a.v[j]) != NULL)
					make_member(b, f, group_id(b,
					    d->group_a), d->vnets_a.v[j]);
			for (j = 0; j < d->vnets_b.n; j++)
				if (strmap_get(in_wave, d->vnets_b.v[j]) != NULL)
					make_member(b, f, group_id(b,
					    d->group_b), d->vnets_b.v[j]);
		}
	}
	/* Goal state: every mesh configuration live after this wave. */
	configs = json_array();
	for (i = 0; i < b->p->meshes.n; i++) {
		const struct plan_mesh *m = &b->p->meshes.v[i];
		int fw = mesh_first_wave(b, m);

		if (fw != 0 && fw <= w->number)
			json_array_append_new(configs, jstr_clean(b->a,
			    mesh_config_id(b, m)));
	}
	if (json_array_size(configs) > 0)
		make_commit(b, f, w, "Connectivity", configs);
	else
		json_decref(configs);
	if (b->p->deny.n > 0) {
		configs = json_array();
		json_array_append_new(configs, jstr_clean(b->a, sac_id(b)));
		make_commit(b, f, w, "SecurityAdmin", configs);
	}
}

struct iac *
iac_build(const struct plan *p, struct arena *a)
{
	struct builder b;
	struct iac *m;
	size_t i;

	memset(&b, 0, sizeof(b));
	m = arena_alloc(a, sizeof(*m));
	m->arena = a;
	m->plan = p;
	b.m = m;
	b.a = a;
	b.p = p;
	namer_init(&b.labels, a, NAME_TF_LABEL);
	namer_init(&b.azure, a, NAME_AZURE);
	b.vnets = strmap_new(a);
	b.made = strmap_new(a);
	for (i = 0; i < p->vnets.n; i++)
		strmap_put(b.vnets, p->vnets.v[i].id, (void *)&p->vnets.v[i]);
	if (p->manager.existing_id != NULL) {
		b.nm_id = utf8_clean(a, p->manager.existing_id);
		b.nm_sub = id_subscription(a, b.nm_id);
		b.nm_rg = id_resource_group(a, b.nm_id);
		b.nm_name = id_last_name(a, b.nm_id);
	} else {
		b.nm_sub = bare_sub(a, p->manager.subscription);
		b.nm_rg = p->manager.resource_group;
		b.nm_name = p->manager.name;
	}
	if (b.nm_sub == NULL)
		b.nm_sub = "00000000-0000-0000-0000-000000000000";
	if (b.nm_rg == NULL)
		b.nm_rg = "rg-avnm";
	b.nm_name = name_sanitize(a, b.nm_name ? b.nm_name : "avnm-meshplan",
	    NAME_AZURE);
	b.nm_rg = utf8_clean(a, b.nm_rg);
	b.nm_sub = utf8_clean(a, b.nm_sub);
	b.nm_location = p->manager.location ? p->manager.location : "eastus";
	if (p->manager.existing_id == NULL)
		b.nm_id = arena_printf(a, "/subscriptions/%s/resourceGroups/%s/"
		    "providers/Microsoft.Network/networkManagers/%s", b.nm_sub,
		    b.nm_rg, b.nm_name);
	else
		strmap_put(b.made, b.nm_id, (void *)b.nm_id);
	build_prereq(&b);
	for (i = 0; i < p->waves.n; i++)
		build_wave(&b, &p->waves.v[i], i == 0);
	return m;
}

void
iac_free(struct iac *m)
{
	size_t i, j;

	if (m == NULL)
		return;
	for (i = 0; i < m->folders.n; i++)
		for (j = 0; j < m->folders.v[i].res.n; j++) {
			struct iac_res *r = &m->folders.v[i].res.v[j];

			json_decref(r->body);
			json_decref(r->patch);
			json_decref(r->subnet_patches);
			r->body = r->patch = r->subnet_patches = NULL;
		}
}

/* README. */

static const char *
kind_title(enum iac_kind k)
{
	switch (k) {
	case IK_FEATURE: return "feature registration";
	case IK_VNET: return "VNet change (existing)";
	case IK_MANAGER: return "network manager";
	case IK_GROUP: return "network group";
	case IK_MEMBER: return "static member";
	case IK_CONFIG: return "connectivity configuration";
	case IK_SAC: return "security admin configuration";
	case IK_RULE_COLL: return "admin rule collection";
	case IK_RULE: return "admin rule";
	case IK_COMMIT: return "commit";
	case IK_POLICY_DEF: return "policy definition";
	case IK_POLICY_ASSIGN: return "policy assignment";
	}
	return "resource";
}

static const char *
step_kind_label(enum step_kind k)
{
	static const char *const names[] = {
		"register a feature", "set privateEndpointNetworkPolicies",
		"set privateEndpointVNetPolicies", "set summarized prefixes",
		"network manager", "network group", "connectivity configuration",
		"security admin rules", "commit", "validate",
	};

	return (size_t)k < MP_NELEM(names) ? names[k] : "step";
}

static void
steps_md(struct strbuf *sb, const struct plan_step *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		sb_printf(sb, "%zu. ", i + 1);
		md_escape(sb, v[i].text ? v[i].text : step_kind_label(v[i].kind));
		sb_puts(sb, "\n");
		if (v[i].command != NULL) {
			sb_puts(sb, "\n");
			md_code_line(sb, v[i].command);
		}
		sb_puts(sb, "\n");
	}
}

void
readme_write(struct strbuf *sb, const struct iac *m, const struct iac_folder *f,
    const char *target, const char *deploy_md, const char *whatif_md)
{
	const struct plan *p = m->plan;
	const struct plan_wave *w = f->wave;
	size_t i;

	sb_puts(sb, "# ");
	md_escape(sb, f->title);
	sb_printf(sb, " (%s)\n\n", target);
	sb_puts(sb, "Written by ");
	md_escape(sb, p->generator ? p->generator : "meshplan");
	sb_puts(sb, " from the plan; do not edit by hand, run `meshplan emit` "
	    "again.\n\n");
	if (w != NULL) {
		sb_printf(sb, "This wave adds %zu VNet%s; %zu VNet%s are mesh "
		    "members after it, with %zu private endpoint%s. "
		    "Hairpinning flows after it: %zu (before the migration: "
		    "%zu).\n\n", w->vnet_ids.n, w->vnet_ids.n == 1 ? "" : "s",
		    w->members.n, w->members.n == 1 ? " is" : "s",
		    w->private_endpoints, w->private_endpoints == 1 ? "" : "s",
		    w->hairpins_after, p->effect.hairpins_before);
		if (w->vnet_ids.n > 0) {
			sb_puts(sb, "VNets joining:\n\n");
			for (i = 0; i < w->vnet_ids.n; i++) {
				sb_puts(sb, "- ");
				md_escape(sb, w->vnet_ids.v[i]);
				sb_puts(sb, "\n");
			}
			sb_puts(sb, "\n");
		}
		readme_inspection_lost(sb, p, w);
	}
	sb_puts(sb, "## Resources\n\n");
	if (f->res.n == 0)
		sb_puts(sb, "Nothing to deploy in this folder.\n");
	for (i = 0; i < f->res.n; i++) {
		sb_printf(sb, "- %s: ", kind_title(f->res.v[i].kind));
		md_escape(sb, f->res.v[i].id);
		sb_puts(sb, "\n");
	}
	sb_puts(sb, "\n## Steps\n\n");
	if (w == NULL)
		steps_md(sb, p->prereq.v, p->prereq.n);
	else
		steps_md(sb, w->steps.v, w->steps.n);
	if (w == NULL) {
		for (i = 0; i < f->res.n; i++) {
			const struct iac_res *r = &f->res.v[i];
			const char *slash;

			if (r->kind != IK_FEATURE)
				continue;
			sb_puts(sb, "Register ");
			md_escape(sb, r->detail);
			sb_puts(sb, " in subscription ");
			md_escape(sb, r->sub);
			sb_puts(sb, " and wait until it shows Registered:\n\n");
			slash = strchr(r->name, '/');
			md_code_line(sb, arena_printf(m->arena, "az feature "
			    "register --subscription %s --namespace %s "
			    "--name %s", sh_word(m->arena, r->sub),
			    sh_word(m->arena, slash ? arena_strndup(m->arena,
			    r->name, (size_t)(slash - r->name)) : r->name),
			    sh_word(m->arena, slash ? slash + 1 : r->name)));
			md_code_line(sb, arena_printf(m->arena, "az provider "
			    "register --subscription %s --namespace "
			    "Microsoft.Network", sh_word(m->arena, r->sub)));
			sb_puts(sb, "\n");
		}
	}
	if (deploy_md != NULL) {
		sb_puts(sb, "## Deploy\n\n");
		sb_puts(sb, deploy_md);
		sb_puts(sb, "\n");
	}
	sb_puts(sb, "## What-if (offline, against the exported estate)\n\n");
	sb_puts(sb, whatif_md ? whatif_md : "Not computed.\n");
	sb_puts(sb, "\n## Validation checklist\n\n");
	if (w != NULL)
		for (i = 0; i < w->checks.n; i++) {
			sb_puts(sb, "- [ ] ");
			md_escape(sb, w->checks.v[i]);
			sb_puts(sb, "\n");
		}
	if (w == NULL) {
		sb_puts(sb, "- [ ] Every feature shows `Registered` in "
		    "`az feature show`.\n");
		sb_puts(sb, "- [ ] Every changed VNet still has all its subnets "
		    "and peerings (compare with the export).\n");
	}
	sb_puts(sb, "- [ ] The what-if above lists no deletions.\n");
	sb_puts(sb, "\n## Rollback\n\n");
	if (w != NULL && w->rollback.n > 0) {
		for (i = 0; i < w->rollback.n; i++) {
			sb_printf(sb, "%zu. ", i + 1);
			md_escape(sb, w->rollback.v[i]);
			sb_puts(sb, "\n");
		}
	} else if (w == NULL) {
		sb_puts(sb, "Deploy the exported VNet definitions again (they "
		    "hold the old property values); feature registrations "
		    "can stay.\n");
	} else {
		sb_puts(sb, "Commit the previous wave's configuration set "
		    "again.\n");
	}
	if (w != NULL && w->maintenance != NULL) {
		sb_puts(sb, "\n## Maintenance window\n\n");
		md_escape(sb, w->maintenance);
		sb_puts(sb, "\n");
	}
	if (f->notes.n > 0) {
		sb_puts(sb, "\n## Notes\n\n");
		for (i = 0; i < f->notes.n; i++) {
			sb_puts(sb, "- ");
			md_escape(sb, f->notes.v[i]);
			sb_puts(sb, "\n");
		}
	}
}

bool
iac_scalar(struct strbuf *sb, const json_t *v,
    void (*quote)(struct strbuf *, const char *))
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		quote(sb, json_string_value(v));
		return true;
	case JSON_INTEGER:
		sb_printf(sb, "%lld", (long long)json_integer_value(v));
		return true;
	case JSON_REAL:
		sb_printf(sb, "%.17g", json_real_value(v));
		return true;
	case JSON_TRUE:
		sb_puts(sb, "true");
		return true;
	case JSON_FALSE:
		sb_puts(sb, "false");
		return true;
	case JSON_NULL:
		sb_puts(sb, "null");
		return true;
	case JSON_OBJECT:
	case JSON_ARRAY:
		break;
	}
	return false;
}

int
emit_each_folder(const struct iac *m, struct emit_out *out,
    int (*one_folder)(const struct iac *m, const struct iac_folder *f,
    struct emit_out *out))
{
	size_t i;

	for (i = 0; i < m->folders.n; i++)
		if (one_folder(m, &m->folders.v[i], out) != 0)
			return -1;
	emit_out_sort(out);
	return 0;
}
