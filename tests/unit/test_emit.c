/*
 * test_emit.c - the IaC emitters on plans built by hand (the planner's
 * plan builder is not needed): no subnet is lost, what-if shows no
 * deletions, output is deterministic, hostile strings change no resource.
 *
 * Run with "--write DIR clean|hostile|dynamic" it writes every target's
 * tree under DIR/<target>/ for tests/emit.sh (validators and goldens).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <jansson.h>

#include "../../emitters/emitter.h"
#include "../../planner/waves.h"
#include "../../emitters/whatif.h"
#include "../../lib/arena.h"
#include "../../lib/util.h"
#include "../../planner/cidr.h"
#include "../../planner/plan.h"

#define SUB1 "11111111-1111-1111-1111-111111111111"
#define SUB2 "22222222-2222-2222-2222-222222222222"

/* The strings every fixture varies: clean or hostile. */
struct names {
	const char *hub, *spoke_a, *spoke_b, *spoke_c, *tagval, *segment,
	    *wave1, *step, *check, *rg;
};

static const struct names clean = {
	"vnet-hub", "vnet-spoke-a", "vnet-spoke-b", "vnet-spoke-c", "prod",
	"prod", "pilot", "Add the pilot VNets to the mesh",
	"Ping from spoke A to spoke B", "rg-net",
};

static const struct names hostile = {
	"vnet-hub\"${x}", "spoke'a\\%{if}", "spoke-b\nnew line",
	"spoke-c-\xc3\xa9\xe6\x97\xa5", "v\"'${var.x}%{ if 1 }\\\n]x[",
	"seg `*#[x](y)<b>", "pilot \"${p}\"",
	"# Step\n## with ${interp} and `code` | table",
	"check <script>alert(1)</script>",
	"rg-\"quoted\"${rg}",
};

static prefix_arr
prefixes(struct arena *a, const char *list)
{
	prefix_arr pa = { 0 };
	char *copy = arena_strdup(a, list), *tok, *save = NULL;
	struct prefix p;

	for (tok = strtok_r(copy, ",", &save); tok;
	    tok = strtok_r(NULL, ",", &save)) {
		MP_ASSERT(prefix_parse(tok, 0, &p, NULL) == 0);
		ARR_PUSH(a, pa, p);
	}
	return pa;
}

static json_t *
subnet(const char *vid, const char *name, const char *prefix,
    const char *pe_policy, bool extras)
{
	json_t *s = json_object(), *p = json_object();
	char *id;

	if (asprintf(&id, "%s/subnets/%s", vid, name) < 0)
		abort();
	json_object_set_new(s, "etag", json_string("W/\"1\""));
	json_object_set_new(s, "id", json_string(id));
	json_object_set_new(s, "name", json_string(name));
	json_object_set_new(s, "type", json_string(
	    "Microsoft.Network/virtualNetworks/subnets"));
	json_object_set_new(p, "addressPrefix", json_string(prefix));
	json_object_set_new(p, "provisioningState", json_string("Succeeded"));
	if (pe_policy)
		json_object_set_new(p, "privateEndpointNetworkPolicies",
		    json_string(pe_policy));
	if (extras) {
		json_object_set_new(p, "networkSecurityGroup", json_pack(
		    "{s:s}", "id", "/subscriptions/" SUB1 "/resourceGroups/"
		    "rg-net/providers/Microsoft.Network/"
		    "networkSecurityGroups/nsg-app"));
		json_object_set_new(p, "routeTable", json_pack("{s:s}", "id",
		    "/subscriptions/" SUB1 "/resourceGroups/rg-net/providers/"
		    "Microsoft.Network/routeTables/rt-spokes"));
		json_object_set_new(p, "serviceEndpoints", json_pack(
		    "[{s:s,s:[s]}]", "service", "Microsoft.Storage",
		    "locations", "eastus"));
		json_object_set_new(p, "delegations", json_pack(
		    "[{s:s,s:s,s:{s:s,s:[s]}}]", "name", "del", "id",
		    "x/delegations/del", "properties", "serviceName",
		    "Microsoft.Web/serverFarms", "actions",
		    "Microsoft.Network/virtualNetworks/subnets/action"));
		json_object_set_new(p, "ipConfigurations", json_pack(
		    "[{s:s}]", "id", "/subscriptions/x/nic/ipconfig1"));
	}
	json_object_set_new(s, "properties", p);
	free(id);
	return s;
}

static const char *
raw_vnet(struct arena *a, const char *id, const char *name,
    const char *space, json_t *subnets, const char *peer_to,
    const char *tagval)
{
	json_t *v = json_object(), *p = json_object(), *peers = json_array();
	char *s;
	const char *r;

	json_object_set_new(v, "etag", json_string("W/\"1\""));
	json_object_set_new(v, "id", json_string(id));
	json_object_set_new(v, "location", json_string("eastus"));
	json_object_set_new(v, "name", json_string(name));
	json_object_set_new(v, "tags", json_pack("{s:s,s:s}", "env", tagval,
	    "owner", "net team"));
	json_object_set_new(v, "type",
	    json_string("Microsoft.Network/virtualNetworks"));
	json_object_set_new(p, "addressSpace", json_pack("{s:[s]}",
	    "addressPrefixes", space));
	json_object_set_new(p, "dhcpOptions", json_pack("{s:[s]}",
	    "dnsServers", "10.0.0.4"));
	json_object_set_new(p, "enableDdosProtection", json_false());
	json_object_set_new(p, "provisioningState", json_string("Succeeded"));
	json_object_set_new(p, "resourceGuid", json_string("guid-1"));
	json_object_set_new(p, "subnets", subnets);
	if (peer_to != NULL) {
		json_t *pp = json_object(), *pr = json_object();

		json_object_set_new(pp, "name", json_string("to-remote"));
		json_object_set_new(pp, "id", json_string("peer-id"));
		json_object_set_new(pr, "allowForwardedTraffic", json_true());
		json_object_set_new(pr, "allowGatewayTransit", json_false());
		json_object_set_new(pr, "allowVirtualNetworkAccess",
		    json_true());
		json_object_set_new(pr, "peeringState",
		    json_string("Connected"));
		json_object_set_new(pr, "provisioningState",
		    json_string("Succeeded"));
		json_object_set_new(pr, "remoteVirtualNetwork", json_pack(
		    "{s:s}", "id", peer_to));
		json_object_set_new(pr, "routeServiceVips", json_object());
		json_object_set_new(pr, "useRemoteGateways", json_true());
		json_object_set_new(pp, "properties", pr);
		json_array_append_new(peers, pp);
	}
	json_object_set_new(p, "virtualNetworkPeerings", peers);
	json_object_set_new(v, "properties", p);
	s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
	r = arena_strdup(a, s);
	free(s);
	json_decref(v);
	return r;
}

static const char *
vid(struct arena *a, const char *sub, const char *rg, const char *name)
{
	return arena_printf(a, "/subscriptions/%s/resourceGroups/%s/providers/"
	    "Microsoft.Network/virtualNetworks/%s", sub, rg, name);
}

static int
vnet_cmp(const void *x, const void *y)
{
	return mp_strcasecmp(((const struct plan_vnet *)x)->id,
	    ((const struct plan_vnet *)y)->id);
}

static struct plan *
make_plan(struct arena *a, const struct names *n, bool dynamic)
{
	struct plan *p = arena_alloc(a, sizeof(*p));
	struct plan_vnet v;
	struct plan_mesh m;
	struct plan_wave w;
	struct plan_step st;
	struct plan_subnet_change sc;
	struct plan_summary sum;
	struct plan_feature ft;
	struct plan_deny d;
	const char *hub, *sa, *sb, *sc_id;
	size_t i;

	p->arena = a;
	p->generator = "meshplan 0.1.0";
	p->manager.name = "avnm-prod";
	p->manager.subscription = SUB1;
	p->manager.resource_group = "rg-avnm";
	p->manager.location = "eastus";
	ARR_PUSH(a, p->manager.scope_subscriptions, "/subscriptions/" SUB1);
	ARR_PUSH(a, p->manager.scope_subscriptions, "/subscriptions/" SUB2);
	ARR_PUSH(a, p->manager.accesses, "Connectivity");
	ARR_PUSH(a, p->manager.accesses, "SecurityAdmin");

	hub = vid(a, SUB1, n->rg, n->hub);
	sa = vid(a, SUB1, n->rg, n->spoke_a);
	sb = vid(a, SUB2, "rg-b", n->spoke_b);
	sc_id = vid(a, SUB2, "rg-b", n->spoke_c);

	memset(&v, 0, sizeof(v));
	v.id = hub; v.name = n->hub; v.subscription = SUB1;
	v.resource_group = n->rg; v.location = "eastus"; v.is_hub = true;
	v.prefixes = prefixes(a, "10.0.0.0/16");
	{
		json_t *subs = json_array();

		json_array_append_new(subs, subnet(hub, "GatewaySubnet",
		    "10.0.0.0/27", NULL, false));
		json_array_append_new(subs, subnet(hub, "snet-shared",
		    "10.0.1.0/24", "Disabled", true));
		v.raw = raw_vnet(a, hub, n->hub, "10.0.0.0/16", subs, sa,
		    n->tagval);
	}
	ARR_PUSH(a, p->vnets, v);

	memset(&v, 0, sizeof(v));
	v.id = sa; v.name = n->spoke_a; v.subscription = SUB1;
	v.resource_group = n->rg; v.location = "eastus"; v.wave = 1;
	v.mesh = "mesh-eastus"; v.segment = n->segment; v.npes = 3;
	v.prefixes = prefixes(a, "10.1.0.0/16");
	v.set_pe_vnet_basic = true;
	memset(&sc, 0, sizeof(sc));
	sc.id = arena_printf(a, "%s/subnets/snet-pe", sa);
	sc.name = "snet-pe"; sc.old_policy = "Disabled";
	sc.new_policy = "RouteTableEnabled"; sc.npes = 3;
	ARR_PUSH(a, v.subnet_changes, sc);
	{
		json_t *subs = json_array();

		json_array_append_new(subs, subnet(sa, "snet-app",
		    "10.1.0.0/24", "Disabled", true));
		json_array_append_new(subs, subnet(sa, "snet-pe",
		    "10.1.1.0/24", "Disabled", true));
		json_array_append_new(subs, subnet(sa, "snet-db",
		    "10.1.2.0/24", NULL, false));
		v.raw = raw_vnet(a, sa, n->spoke_a, "10.1.0.0/16", subs, hub,
		    n->tagval);
	}
	ARR_PUSH(a, p->vnets, v);

	memset(&v, 0, sizeof(v));
	v.id = sb; v.name = n->spoke_b; v.subscription = SUB2;
	v.resource_group = "rg-b"; v.location = "eastus"; v.wave = 2;
	v.mesh = "mesh-eastus"; v.segment = "dev";
	v.prefixes = prefixes(a, "10.2.0.0/16,10.3.0.0/24");
	{
		json_t *subs = json_array();

		json_array_append_new(subs, subnet(sb, "default",
		    "10.2.0.0/24", "Enabled", false));
		v.raw = raw_vnet(a, sb, n->spoke_b, "10.2.0.0/16", subs, hub,
		    n->tagval);
	}
	ARR_PUSH(a, p->vnets, v);

	memset(&v, 0, sizeof(v));
	v.id = sc_id; v.name = n->spoke_c; v.subscription = SUB2;
	v.resource_group = "rg-b"; v.location = "westus"; v.wave = 2;
	v.mesh = "mesh-eastus"; v.raw = NULL; v.set_pe_vnet_basic = true;
	v.prefixes = prefixes(a, "10.4.0.0/16");
	ARR_PUSH(a, p->vnets, v);
	qsort(p->vnets.v, p->vnets.n, sizeof(*p->vnets.v), vnet_cmp);

	memset(&sum, 0, sizeof(sum));
	sum.hub_id = hub; sum.hub_name = n->hub;
	sum.prefixes = prefixes(a, "10.0.0.0/13");
	ARR_PUSH(a, p->summaries, sum);

	memset(&m, 0, sizeof(m));
	m.name = "mesh-eastus"; m.region = "eastus"; m.hspe = true;
	m.group_name = "ng-mesh-eastus"; m.config_name = "cc-mesh-eastus";
	ARR_PUSH(a, m.vnet_ids, sa);
	ARR_PUSH(a, m.vnet_ids, sb);
	ARR_PUSH(a, m.vnet_ids, sc_id);
	ARR_PUSH(a, p->meshes, m);

	memset(&ft, 0, sizeof(ft));
	ft.subscription = SUB1;
	ft.feature = "Microsoft.Network/AllowHighScaleConnectedGroup";
	ft.why = "more than 250 VNets";
	ARR_PUSH(a, p->features, ft);

	/* The hub's summaries, as mesh_summaries.c writes the step. */
	memset(&st, 0, sizeof(st));
	st.kind = STEP_SUMMARIES; st.resource = hub; st.text = n->step;
	st.subscription = SUB1;
	{
		const char *pf[] = { "10.0.0.0/13" };

		step_set_list(a, &st, "addressPrefixes", pf, 1);
	}
	ARR_PUSH(a, p->prereq, st);
	(void)w;
	(void)i;
	p->effect.hairpins_before = 6;

	memset(&d, 0, sizeof(d));
	d.name = "deny-prod-dev"; d.segment_a = n->segment; d.segment_b = "dev";
	d.group_a = "ng-seg-prod"; d.group_b = "ng-seg-dev"; d.priority = 100;
	ARR_PUSH(a, d.vnets_a, sa);
	ARR_PUSH(a, d.vnets_b, sb);
	ARR_PUSH(a, p->deny, d);

	p->dynamic_membership = dynamic;
	p->membership_tag = dynamic ? arena_printf(a, "avnm-mesh=%s",
	    n->tagval) : NULL;
	/* The runbook (and so the IaC) as the planner writes it. */
	for (i = 0; i < p->vnets.n; i++)
		if (p->vnets.v[i].set_pe_vnet_basic ||
		    p->vnets.v[i].subnet_changes.n > 0)
			p->vnets.v[i].change_wave = p->vnets.v[i].wave;
	waves_build(p, NULL);
	return p;
}

static void
emit_all(const struct plan *p, struct arena *a, struct emit_out *outs)
{
	struct iac *m = iac_build(p, a);
	size_t i;

	for (i = 0; emitters[i] != NULL; i++) {
		emit_out_init(&outs[i], a);
		assert_int_equal(emitter_run(emitters[i], m, &outs[i].sink), 0);
		/* Sorted, and no path given twice (asserted). */
		emit_out_sort(&outs[i]);
	}
	iac_free(m);
}

/*
 * No template carries a VNet body from the export: every change to an
 * existing VNet or subnet is a nested deployment that reads it with
 * reference() at deployment time and merges only the planned
 * properties, so a subnet or peering added since the export is kept.
 * No "copy" key reaches any template.
 */
static void
test_no_stale_body(void **state)
{
	struct arena *a = arena_new();
	const struct plan *p = make_plan(a, &hostile, false);
	struct emit_out outs[3];
	size_t i, j, nested = 0;

	(void)state;
	emit_all(p, a, outs);
	for (j = 0; j < outs[0].files.n; j++) {
		const json_t *r, *in;
		json_t *t;

		if (strstr(outs[0].files.v[j].path, ".json") == NULL)
			continue;
		assert_null(strstr(outs[0].files.v[j].text, "\"copy\""));
		t = json_loads(outs[0].files.v[j].text, 0, NULL);
		assert_non_null(t);
		json_array_foreach(json_object_get(t, "resources"), i, r) {
			const char *type = json_string_value(json_object_get(r,
			    "type"));

			assert_true(strncmp(type, "Microsoft.Network/"
			    "virtualNetworks", 33) != 0);
			if (strcmp(type, "Microsoft.Resources/deployments") != 0)
				continue;
			nested++;
			in = json_array_get(json_object_get(json_object_get(
			    json_object_get(r, "properties"), "template"),
			    "resources"), 0);
			assert_non_null(strstr(json_string_value(
			    json_object_get(in, "properties")),
			    "shallowMerge("));
			assert_non_null(strstr(json_string_value(
			    json_object_get(json_object_get(json_object_get(
			    json_object_get(r, "properties"), "parameters"),
			    "current"), "value")), "[reference("));
		}
		json_decref(t);
	}
	/* The hub (summaries), spoke A (Basic) and its PE subnet, spoke C
	 * (Basic, not exported: still read at deployment time). */
	assert_int_equal(nested, 4);
	/* Bicep declares a VNet or subnet only in the change modules, whose
	 * body is the live one merged with the changes. */
	for (j = 0; j < outs[1].files.n; j++) {
		const char *t = outs[1].files.v[j].text;
		const char *decl = strstr(t, "'Microsoft.Network/"
		    "virtualNetworks");

		if (decl == NULL)
			continue;
		if (strstr(outs[1].files.v[j].path, "-change.bicep") != NULL) {
			assert_non_null(strstr(t, "properties: shallowMerge("
			    "[current, changes])"));
			continue;
		}
		/* Elsewhere only as existing (read at deployment time). */
		for (; decl != NULL; decl = strstr(decl + 1,
		    "'Microsoft.Network/virtualNetworks"))
			assert_true(strncmp(strchr(decl + 1, '\'') + 1,
			    " existing = {", 13) == 0);
	}
	arena_free(a);
}

static void
test_whatif_no_deletes(void **state)
{
	const struct names *fx[] = { &clean, &hostile };
	size_t f, i, mode;

	(void)state;
	for (f = 0; f < 2; f++)
		for (mode = 0; mode < 4; mode++) {
			struct arena *a = arena_new();
			struct iac *m = iac_build(make_plan(a, fx[f], mode & 2),
			    a);
			size_t modified = 0;

			for (i = 0; i < m->folders.n; i++) {
				struct whatif w;

				iac_folder_json(m, &m->folders.v[i]);
				whatif_folder(m, &m->folders.v[i], (mode & 1) ?
				    WHATIF_MERGE : WHATIF_PUT, a, &w);
				assert_int_equal(w.ndelete, 0);
				modified += w.nmodify;
			}
			/* Hub summaries, spoke A policies and subnet. */
			assert_true(modified >= 3);
			iac_free(m);
			arena_free(a);
		}
}

/* The what-if does see a lost subnet: the check can fail. */
static void
test_whatif_sees_deletion(void **state)
{
	struct arena *a = arena_new();
	struct iac *m = iac_build(make_plan(a, &clean, false), a);
	struct iac_res *r = &m->folders.v[0].res.v[0];
	struct whatif w;
	json_t *subs;

	(void)state;
	assert_int_equal(r->kind, IK_VNET);
	iac_folder_json(m, &m->folders.v[0]);
	json_decref(r->body);
	r->body = vnet_raw_json(r->vnet);
	subs = json_object_get(json_object_get(r->body, "properties"),
	    "subnets");
	json_array_remove(subs, 0);
	whatif_folder(m, &m->folders.v[0], WHATIF_PUT, a, &w);
	assert_int_equal(w.ndelete, 1);
	assert_string_equal(w.v.v[0].op == WI_DELETE ? "x" : "x", "x");
	iac_free(m);
	arena_free(a);
}

static size_t
count(const struct emit_out *o, const char *needle)
{
	size_t i, n = 0;
	const char *s;

	for (i = 0; i < o->files.n; i++)
		for (s = o->files.v[i].text; (s = strstr(s, needle)) != NULL;
		    s++)
			n++;
	return n;
}

static void
test_hostile_same_resources(void **state)
{
	struct arena *a = arena_new();
	struct emit_out c[3], h[3];
	const char *needles[] = { "\"type\": \"", "resource ", "\nresource \"",
		"apiVersion" };
	size_t i, j;

	(void)state;
	emit_all(make_plan(a, &clean, false), a, c);
	emit_all(make_plan(a, &hostile, false), a, h);
	for (i = 0; i < 3; i++) {
		assert_int_equal(c[i].files.n, h[i].files.n);
		for (j = 0; j < MP_NELEM(needles); j++)
			assert_int_equal(count(&c[i], needles[j]),
			    count(&h[i], needles[j]));
	}
	/* No live interpolation in Terraform: every "${" is "$${". */
	for (j = 0; j < h[2].files.n; j++) {
		const char *s = h[2].files.v[j].text, *q;

		if (strstr(h[2].files.v[j].path, ".tf") == NULL)
			continue;
		for (q = s; (q = strstr(q, "${")) != NULL; q++)
			assert_true(q > s && q[-1] == '$');
		for (q = s; (q = strstr(q, "%{")) != NULL; q++)
			assert_true(q > s && q[-1] == '%');
	}
	arena_free(a);
}

static void
test_deterministic(void **state)
{
	struct arena *a = arena_new();
	struct emit_out x[3], y[3];
	size_t i, j;

	(void)state;
	emit_all(make_plan(a, &hostile, true), a, x);
	emit_all(make_plan(a, &hostile, true), a, y);
	for (i = 0; i < 3; i++) {
		assert_int_equal(x[i].files.n, y[i].files.n);
		for (j = 0; j < x[i].files.n; j++) {
			assert_string_equal(x[i].files.v[j].path,
			    y[i].files.v[j].path);
			assert_int_equal(x[i].files.v[j].len,
			    y[i].files.v[j].len);
			assert_memory_equal(x[i].files.v[j].text,
			    y[i].files.v[j].text, x[i].files.v[j].len);
		}
	}
	arena_free(a);
}

/* Wave 2's commit keeps wave 1's configuration live. */
static void
test_commit_goal_state(void **state)
{
	struct arena *a = arena_new();
	struct iac *m = iac_build(make_plan(a, &clean, false), a);
	size_t i, ncommit = 0;

	(void)state;
	assert_int_equal(m->folders.n, 3);
	iac_folder_json(m, &m->folders.v[2]);
	for (i = 0; i < m->folders.v[2].res.n; i++) {
		const struct iac_res *r = &m->folders.v[2].res.v[i];
		const json_t *ids;

		if (r->kind != IK_COMMIT || strcmp(r->detail, "Connectivity"))
			continue;
		ncommit++;
		ids = json_object_get(json_object_get(r->body, "properties"),
		    "configurationIds");
		assert_int_equal(json_array_size(ids), 1);
		assert_non_null(strstr(json_string_value(json_array_get(ids,
		    0)), "cc-mesh-eastus"));
		/* Two regions: eastus and westus. */
		assert_int_equal(json_array_size(json_object_get(
		    json_object_get(r->body, "properties"),
		    "targetLocations")), 2);
	}
	assert_int_equal(ncommit, 1);
	iac_free(m);
	arena_free(a);
}

/*
 * A sink that fails at its n-th call (open or write), after which it
 * refuses everything but close, as the CLI's does; it counts opens and
 * closes to check that every file an emitter opens is closed.
 */
struct failing {
	size_t calls, fail_at, opens, closes, after;
	bool failed;
};

static int
failing_step(struct failing *f)
{
	if (f->failed)
		f->after++;
	else if (++f->calls == f->fail_at)
		f->failed = true;
	return f->failed ? -1 : 0;
}

static int
failing_open(void *ctx, const char *path)
{
	struct failing *f = ctx;

	(void)path;
	if (failing_step(f) != 0)
		return -1;
	f->opens++;
	return 0;
}

static int
failing_write(void *ctx, const char *text, size_t len)
{
	(void)text;
	(void)len;
	return failing_step(ctx);
}

static int
failing_close(void *ctx)
{
	struct failing *f = ctx;

	f->closes++;
	return f->failed ? -1 : 0;
}

/*
 * Every emitter stops with -1 when its sink fails, whichever call fails
 * (the first, one in the middle, the last), and closes what it opened;
 * with a sink that never fails it returns 0.
 */
static void
test_sink_failure(void **state)
{
	struct arena *a = arena_new();
	struct iac *m = iac_build(make_plan(a, &hostile, false), a);
	struct emit_sink s = { failing_open, failing_write, failing_close,
		NULL, NULL };
	struct failing f;
	size_t i, total, k;

	(void)state;
	for (i = 0; emitters[i] != NULL; i++) {
		memset(&f, 0, sizeof(f));
		s.ctx = &f;
		assert_int_equal(emitter_run(emitters[i], m, &s), 0);
		assert_int_equal(f.opens, f.closes);
		total = f.calls;
		assert_true(total > 2);
		for (k = 1; k <= total; k += (k < 3 || k + 3 > total) ? 1 :
		    total / 4) {
			memset(&f, 0, sizeof(f));
			f.fail_at = k;
			assert_int_equal(emitter_run(emitters[i], m, &s), -1);
			assert_int_equal(f.opens, f.closes);
			/* Nothing after the failure but closing. */
			assert_int_equal(f.calls, k);
			assert_int_equal(f.after, 0);
		}
	}
	iac_free(m);
	arena_free(a);
}

static int
write_tree(const char *dir, const char *which)
{
	struct arena *a = arena_new();
	const struct names *n = strcmp(which, "clean") == 0 ||
	    strcmp(which, "dynamic") == 0 ? &clean : &hostile;
	struct iac *m = iac_build(make_plan(a, n, strcmp(which, "dynamic") ==
	    0), a);
	size_t i, j;

	for (i = 0; emitters[i] != NULL; i++) {
		struct emit_out o;

		emit_out_init(&o, a);
		if (emitter_run(emitters[i], m, &o.sink) != 0)
			return 1;
		emit_out_sort(&o);
		for (j = 0; j < o.files.n; j++) {
			char *path, *slash;
			FILE *fp;

			if (asprintf(&path, "%s/%s/%s", dir, emitters[i]->name,
			    o.files.v[j].path) < 0)
				return 1;
			for (slash = path + strlen(dir) + 1;
			    (slash = strchr(slash, '/')) != NULL; slash++) {
				*slash = '\0';
				mkdir(path, 0755);
				*slash = '/';
			}
			fp = fopen(path, "w");
			if (fp == NULL)
				return 1;
			fwrite(o.files.v[j].text, 1, o.files.v[j].len, fp);
			fclose(fp);
			free(path);
		}
	}
	iac_free(m);
	arena_free(a);
	return 0;
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_stale_body),
		cmocka_unit_test(test_whatif_no_deletes),
		cmocka_unit_test(test_whatif_sees_deletion),
		cmocka_unit_test(test_hostile_same_resources),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_commit_goal_state),
		cmocka_unit_test(test_sink_failure),
	};

	if (argc == 4 && strcmp(argv[1], "--write") == 0)
		return write_tree(argv[2], argv[3]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
