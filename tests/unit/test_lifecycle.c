/*
 * test_lifecycle.c - the digest of a rewritten body (input/drift.c), the
 * status of an estate against a plan and the diff of two plans
 * (planner/lifecycle.c), on plans and estates built in code. The digest's
 * value itself is checked against an independent Python implementation
 * in tests/lifecycle.sh (tests/lifecycle/digest_oracle.py); here its
 * invariances and its sensitivity.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <ctype.h>
#include <jansson.h>

#include "../../input/drift.h"
#include "../../lib/util.h"
#include "../../planner/estate.h"
#include "../../planner/lifecycle.h"
#include "../../planner/plan.h"

#define SUB "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network"
#define MGR SUB "/networkManagers/nm"
#define CFG MGR "/connectivityConfigurations/cc-mesh-eastus"

static const char *
digest(struct arena *a, const char *raw)
{
	const char *etag, *d;

	assert_true(drift_body(a, raw, &etag, &d));
	return d;
}

static void
test_digest(void **state)
{
	struct arena *a = arena_new();
	const char *base = digest(a, "{\"etag\":\"W/\\\"1\\\"\",\"id\":"
	    "\"/subscriptions/S1/resourceGroups/RG/x\",\"properties\":{"
	    "\"subnets\":[{\"name\":\"s\",\"properties\":{\"addressPrefix\":"
	    "\"10.0.0.0/24\",\"ipConfigurations\":[{\"id\":\"n1\"}],"
	    "\"privateEndpointNetworkPolicies\":\"Disabled\"}}],"
	    "\"description\":\"a\\r\\nb\"}}");
	const char *etag, *d;

	(void)state;
	assert_non_null(base);
	assert_int_equal(strncmp(base, "fnv1a64:", 8), 0);
	assert_int_equal(strlen(base), 8 + 16);
	/* Key order, etag, read-only lists, id case, CRLF, the plan's own
	 * values: the same digest. */
	assert_string_equal(base, digest(a, "{\"properties\":{\"description\":"
	    "\"a\\nb\",\"subnets\":[{\"properties\":{\"privateEndpointNetwork"
	    "Policies\":\"RouteTableEnabled\",\"addressPrefix\":\"10.0.0.0/24\""
	    ",\"ipConfigurations\":[{\"id\":\"n1\"},{\"id\":\"n2\"}]},\"name\":"
	    "\"s\",\"etag\":\"x\"}],\"provisioningState\":\"Updating\"},\"id\":"
	    "\"/subscriptions/s1/resourcegroups/rg/X\",\"etag\":\"W/\\\"2\\\"\""
	    "}"));
	/* What the IaC writes: a change is a new digest. */
	assert_string_not_equal(base, digest(a, "{\"id\":\"/subscriptions/S1/"
	    "resourceGroups/RG/x\",\"properties\":{\"subnets\":[{\"name\":"
	    "\"s\",\"properties\":{\"addressPrefix\":\"10.0.1.0/24\"}}],"
	    "\"description\":\"a\\nb\"}}"));
	assert_string_not_equal(base, digest(a, "{\"id\":\"/subscriptions/S1/"
	    "resourceGroups/RG/x\",\"properties\":{\"subnets\":[{\"name\":"
	    "\"s\",\"properties\":{\"addressPrefix\":\"10.0.0.0/24\"}}],"
	    "\"description\":\"A\\nb\"}}"));
	/* The etag is read; bad JSON is refused. */
	assert_true(drift_body(a, "{\"etag\":\"e1\"}", &etag, &d));
	assert_string_equal(etag, "e1");
	assert_false(drift_body(a, "{", &etag, &d));
	assert_null(etag);
	assert_null(d);
	arena_free(a);
}

/*
 * Differential: drift_body digests as it walks; the oracle builds the
 * canonical tree with jansson and digests json_dumps(JSON_COMPACT |
 * JSON_SORT_KEYS) of it, as docs/lifecycle.md defines the digest. Random
 * documents steer to the edges: dropped keys at any depth, ids in mixed
 * case, CRLF, quotes, backslashes, control characters, multi-byte UTF-8,
 * integers and reals, keys that are prefixes of each other.
 */
static const char *const oracle_dropped[] = {
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
oracle_canon(json_t *v)
{
	const char *k;
	json_t *x, *out;
	size_t i;

	if (json_is_object(v)) {
		out = json_object();
		json_object_foreach(v, k, x)
		{
			for (i = 0; i < MP_NELEM(oracle_dropped); i++)
				if (strcmp(k, oracle_dropped[i]) == 0)
					break;
			if (i == MP_NELEM(oracle_dropped))
				json_object_set_new(out, k, oracle_canon(x));
		}
		return out;
	}
	if (json_is_array(v)) {
		out = json_array();
		json_array_foreach(v, i, x)
		    json_array_append_new(out, oracle_canon(x));
		return out;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		size_t n = json_string_length(v), o = 0;
		char *t = calloc(n + 1, 1);
		bool id = strncasecmp(s, "/subscriptions/", 15) == 0;

		for (i = 0; i < n; i++) {
			if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
				continue;
			t[o++] = id ? (char)tolower((unsigned char)s[i]) : s[i];
		}
		out = json_stringn(t, o);
		free(t);
		return out;
	}
	return json_incref(v);
}

static uint64_t drng;

static unsigned
drnd(unsigned n)
{
	drng ^= drng >> 12;
	drng ^= drng << 25;
	drng ^= drng >> 27;
	return (unsigned)((drng * 2685821657736338717ULL) >> 33) % n;
}

/* Only what the loader's raw JSON and the strict fast path keep to:
 * ASCII, escapes that are not \\u. */
static bool plain;

static json_t *
rand_string(void)
{
	static const char *const pieces[] = { "/subscriptions/", "S1/",
		"resourceGroups/RG", "a", "Z", "\r\n", "\r", "\n", "\"",
		"\\", "\t", "\b", "\f", "\x01", "\x1f", "\x7f", "/",
		"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
		"etag", " " };
	char buf[256];
	size_t n = 0, i, k = drnd(8);

	buf[0] = '\0';
	for (i = 0; i < k; i++) {
		/* The first 13 pieces are plain. */
		const char *p = pieces[drnd(plain ? 13 : MP_NELEM(pieces))];

		if (n + strlen(p) + 1 < sizeof(buf)) {
			memcpy(buf + n, p, strlen(p) + 1);
			n += strlen(p);
		}
	}
	return json_stringn(buf, n);
}

static json_t *
rand_json(int depth)
{
	static const char *const keys[] = { "etag", "purpose", "id", "name",
		"properties", "a", "ab", "b", "B", "\xc3\xa9", "k\"q",
		"ipConfigurations", "summarizedGatewayPrefixes", "x\ty" };
	static const double reals[] = { 0.5, -2.25, 1e21, 3.0, 0.1,
		1.0 / 3.0, -0.0, 123456.789 };
	json_t *v;
	unsigned i, n;

	switch (depth > 3 ? 2 + drnd(6) : drnd(8)) {
	case 0:
		v = json_object();
		for (i = 0, n = drnd(6); i < n; i++)
			json_object_set_new(v, keys[drnd(MP_NELEM(keys))],
			    rand_json(depth + 1));
		return v;
	case 1:
		v = json_array();
		for (i = 0, n = drnd(5); i < n; i++)
			json_array_append_new(v, rand_json(depth + 1));
		return v;
	case 2:
	case 3:
		return rand_string();
	case 4:
		return json_integer((json_int_t)drnd(2000000) - 1000000 +
		    (drnd(4) == 0 ? 1099511627776LL : 0));
	case 5:
		return json_real(reals[drnd(MP_NELEM(reals))]);
	case 6:
		return drnd(2) ? json_true() : json_false();
	default:
		return json_null();
	}
}

static unsigned strict_taken;

/* drift_body's digest of raw against the oracle's (and its fast path's
 * when that takes raw). */
static void
check_oracle(struct arena *a, const char *raw, unsigned seed)
{
	json_error_t err;
	json_t *doc = json_loads(raw, 0, &err), *c, *e;
	const char *etag, *etag2, *d, *want;
	uint64_t h = 0xcbf29ce484222325ULL;
	const unsigned char *q;
	char *text;

	assert_non_null(doc);
	c = oracle_canon(doc);
	text = json_dumps(c, JSON_COMPACT | JSON_SORT_KEYS);
	assert_non_null(text);
	for (q = (const unsigned char *)text; *q != '\0'; q++)
		h = (h ^ *q) * 0x100000001b3ULL;
	want = arena_printf(a, "fnv1a64:%016llx", (unsigned long long)h);
	assert_true(drift_body(a, raw, &etag, &d));
	if (strcmp(d, want) != 0)
		fprintf(stderr, "seed %u: %s\ncanonical %s\n", seed, raw, text);
	assert_string_equal(d, want);
	e = json_object_get(doc, "etag");
	if (json_is_string(e))
		assert_string_equal(etag, json_string_value(e));
	else
		assert_null(etag);
	/* The fast path, when it takes the text, agrees. */
	if (drift_body_strict(a, raw, &etag2, &d)) {
		strict_taken++;
		if (strcmp(d, want) != 0)
			fprintf(stderr, "seed %u (strict): %s\ncanonical %s\n",
			    seed, raw, text);
		assert_string_equal(d, want);
		if (etag == NULL)
			assert_null(etag2);
		else
			assert_string_equal(etag, etag2);
	}
	free(text);
	json_decref(c);
	json_decref(doc);
}

static void
test_digest_oracle(void **state)
{
	static const char *const fixed[] = {
		/* Keys that are prefixes of others, in every order. */
		"{\"ab\":1,\"a\":2,\"B\":3,\"b\":{\"x\\ty\":\"\\u00e9\"}}",
		"{\"a\":[{\"bb\":0,\"b\":1,\"\":2}],\"\\u00e9\":3,\"z\":4}",
		/* Escapes jansson writes back differently. */
		"{\"s\":\"\\/\\u0041\\ud83d\\ude00\\u007f\\u001f\"}",
		"[1,-0,1.5e3,2E-2,0.1,100000000000000000000.0]",
		/* Strict and sorted: the fast path's. */
		"{\"a\":-0,\"b\":[0.5,-12.250,7,true,null],\"etag\":\"W/\\\"3\\\"\","
		"\"id\":\"/SUBSCRIPTIONS/X/Y\\r\\n\",\"p\":{\"purpose\":[1]}}",
		" [ {\"x\" : \"\\/\\b\\f\\t\\r\\n\\\\\"} , 123456789012345678 ] ",
	};
	struct arena *a = arena_new();
	unsigned seed, objects = 0;
	size_t i;

	(void)state;
	for (i = 0; i < MP_NELEM(fixed); i++)
		check_oracle(a, fixed[i], 0);
	for (seed = 1; seed <= 400; seed++) {
		json_t *doc;
		char *raw;

		drng = seed * 0x9E3779B97F4A7C15ULL;
		plain = seed % 2 == 0;
		doc = json_object();
		json_object_set_new(doc, "id", rand_string());
		json_object_set_new(doc, "properties", rand_json(0));
		json_object_set_new(doc, "etag", rand_string());
		objects += json_is_object(json_object_get(doc, "properties"));
		raw = json_dumps(doc, JSON_COMPACT);
		assert_non_null(raw);
		check_oracle(a, raw, seed);
		free(raw);
		/* Sorted, as the loader writes raw JSON: the fast path's. */
		raw = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
		assert_non_null(raw);
		check_oracle(a, raw, seed);
		free(raw);
		json_decref(doc);
	}
	/* The documents had objects to sort and drop from, and the fast
	 * path took many of them. */
	assert_true(objects > 40);
	assert_true(strict_taken > 100);
	arena_free(a);
}

/* ---- status ---- */

static struct vnet *
vnet(struct estate *e, const char *name, bool live)
{
	struct vnet *v = (struct vnet *)estate_get(e, RK_VNET,
	    arena_printf(e->arena, SUB "/virtualNetworks/%s", name));

	v->r.seen = true;
	if (live)
		ARR_PUSH(e->arena, v->connected_configs, CFG);
	return v;
}

static const char *
vid(struct plan *p, const char *name)
{
	return arena_printf(p->arena, SUB "/virtualNetworks/%s", name);
}

static void
pvnet(struct plan *p, const char *name, int wave, bool live,
    const char *dig)
{
	struct plan_vnet v;

	memset(&v, 0, sizeof(v));
	v.id = vid(p, name);
	v.name = name;
	v.wave = wave;
	v.live = live;
	v.mesh = "mesh-eastus";
	v.digest = dig;
	v.etag = dig ? "old" : NULL;
	ARR_PUSH(p->arena, p->vnets, v);
}

static void
wave(struct plan *p, int number, const char *name, const char *const *v)
{
	struct plan_wave w;

	memset(&w, 0, sizeof(w));
	w.number = number;
	w.name = name;
	for (; *v != NULL; v++)
		ARR_PUSH(p->arena, w.vnet_ids, vid(p, *v));
	ARR_PUSH(p->arena, p->waves, w);
}

/* Waves 2 (a, b) and 3 (c); x live at the plan; a's body digested. */
static struct plan *
status_plan(void)
{
	struct plan *p = plan_new();
	struct plan_mesh m;
	static const char *const inv[] = { "a", "b", "c", "gone", "x", NULL };
	size_t i;

	memset(&m, 0, sizeof(m));
	m.name = "mesh-eastus";
	m.existing_config_id = CFG;
	m.config_name = "cc-mesh-eastus";
	for (i = 0; i < 5; i++)
		if (strcmp(inv[i], "gone") != 0)
			ARR_PUSH(p->arena, m.vnet_ids, vid(p, inv[i]));
	ARR_PUSH(p->arena, p->meshes, m);
	pvnet(p, "a", 2, false, "fnv1a64:0000000000000001");
	pvnet(p, "b", 2, false, NULL);
	pvnet(p, "c", 3, false, NULL);
	pvnet(p, "x", 0, true, NULL);
	plan_sort_vnets(p);
	wave(p, 2, "light-production", (const char *const[]){ "a", "b",
	    NULL });
	wave(p, 3, "rest", (const char *const[]){ "c", NULL });
	for (i = 0; inv[i] != NULL; i++)
		ARR_PUSH(p->arena, p->estate_vnets, vid(p, inv[i]));
	return p;
}

static const char *
reason_of(const struct plan_status *st, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < st->drift.n; i++) {
		const char *r = st->drift.v[i].resource;
		size_t k = strlen(r);

		if (k > n && r[k - n - 1] == '/' && strcmp(r + k - n, name) == 0)
			return st->drift.v[i].reason;
	}
	return NULL;
}

static void
test_status(void **state)
{
	struct plan *p = status_plan();
	struct estate *e = estate_new();
	struct arena *a = arena_new();
	struct plan_status st;
	const char *dig[8] = { NULL }, *etag[8] = { NULL };
	size_t i;

	(void)state;
	/* a live, b not, c not; x live; "gone" absent; "new" appeared and
	 * is live, which the plan does not have. */
	vnet(e, "a", true);
	vnet(e, "b", false);
	vnet(e, "c", false);
	vnet(e, "x", true);
	vnet(e, "new", true);
	estate_link(e);
	for (i = 0; i < p->vnets.n; i++)
		if (p->vnets.v[i].digest != NULL) {
			dig[i] = "fnv1a64:0000000000000001";
			etag[i] = "new";
		}
	status_compute(p, e, dig, etag, a, &st);
	assert_int_equal(st.waves.n, 2);
	assert_int_equal(st.waves.v[0].number, 2);
	assert_int_equal(st.waves.v[0].state, WAVE_PARTIAL);
	assert_int_equal(st.waves.v[0].live, 1);
	assert_int_equal(st.waves.v[0].planned, 2);
	assert_int_equal(st.waves.v[1].state, WAVE_PENDING);
	assert_int_equal(st.live_at_plan, 1);
	assert_int_equal(st.live_members, 3);
	assert_true(st.configs_assumed);
	/* An etag that changed with the same digest is not drift. */
	assert_null(reason_of(&st, "a"));
	assert_non_null(strstr(reason_of(&st, "gone"), "disappeared"));
	assert_non_null(strstr(reason_of(&st, "new"), "does not have"));
	assert_false(status_agrees(&st));
	/* The digest changed: drift naming both etags. */
	for (i = 0; i < p->vnets.n; i++)
		if (dig[i] != NULL)
			dig[i] = "fnv1a64:0000000000000002";
	status_compute(p, e, dig, etag, a, &st);
	assert_non_null(strstr(reason_of(&st, "a"), "etag old -> new"));
	/* The body is gone. */
	for (i = 0; i < p->vnets.n; i++)
		dig[i] = NULL;
	status_compute(p, e, dig, etag, a, &st);
	assert_non_null(strstr(reason_of(&st, "a"), "not in the inputs"));
	arena_free(a);
	estate_free(e);
	plan_free(p);
}

static void
test_status_agrees(void **state)
{
	struct plan *p = status_plan();
	struct estate *e = estate_new();
	struct arena *a = arena_new();
	struct plan_status st;
	const char *dig[8], *etag[8] = { NULL };
	size_t i;

	(void)state;
	/* Wave 2 done, wave 3 pending, x still live, nothing else. */
	p->estate_vnets.n = 0;
	vnet(e, "a", true);
	vnet(e, "b", true);
	vnet(e, "c", false);
	vnet(e, "x", true);
	estate_link(e);
	e->has_active_configs = true;
	for (i = 0; i < 8; i++)
		dig[i] = "fnv1a64:0000000000000001";
	status_compute(p, e, dig, etag, a, &st);
	assert_int_equal(st.waves.v[0].state, WAVE_DONE);
	assert_int_equal(st.waves.v[1].state, WAVE_PENDING);
	assert_int_equal(st.drift.n, 0);
	assert_true(st.no_inventory);
	assert_false(st.configs_assumed);
	assert_true(status_agrees(&st));
	/* x left the group: drift. */
	e->vnets.v[3]->connected_configs.n = 0;
	assert_string_equal(e->vnets.v[3]->r.name, "x");
	status_compute(p, e, dig, etag, a, &st);
	assert_non_null(strstr(reason_of(&st, "x"), "no longer"));
	arena_free(a);
	estate_free(e);
	plan_free(p);
}

/* ---- diff ---- */

static void
step(struct plan *p, int wave_index, enum step_kind k, const char *res,
    const char *text)
{
	struct plan_step s;

	s.kind = k;
	s.resource = res;
	s.text = text;
	memset(&s.props, 0, sizeof(s.props));
	s.subscription = NULL;
	if (wave_index < 0)
		ARR_PUSH(p->arena, p->prereq, s);
	else
		ARR_PUSH(p->arena, p->waves.v[wave_index].steps, s);
}

static void
summary(struct plan *p, const char *hub, const char *pfx)
{
	struct plan_summary s;
	struct prefix x;

	memset(&s, 0, sizeof(s));
	s.hub_id = vid(p, hub);
	s.hub_name = hub;
	assert_int_equal(prefix_parse(pfx, 0, &x, NULL), 0);
	ARR_PUSH(p->arena, s.prefixes, x);
	ARR_PUSH(p->arena, p->summaries, s);
}

static const struct diff_vnet *
dv(const struct plan_diff *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->vnets.n; i++)
		if (strcmp(d->vnets.v[i].name, name) == 0)
			return &d->vnets.v[i];
	return NULL;
}

static void
test_diff(void **state)
{
	struct plan *o = plan_new(), *n = plan_new();
	struct arena *a = arena_new();
	struct plan_diff d;

	(void)state;
	/* old: a 1, b 1, c 2, d 2, e 3; new: a live, b 2 (moved), c 2
	 * renumbered 1 (same name: not moved), d gone, f 3 (joined). */
	pvnet(o, "a", 1, false, NULL);
	pvnet(o, "b", 1, false, NULL);
	pvnet(o, "c", 2, false, NULL);
	pvnet(o, "d", 2, false, NULL);
	pvnet(o, "e", 3, false, NULL);
	plan_sort_vnets(o);
	wave(o, 1, "pilot", (const char *const[]){ "a", "b", NULL });
	wave(o, 2, "light-production", (const char *const[]){ "c", "d",
	    NULL });
	wave(o, 3, "rest", (const char *const[]){ "e", NULL });
	pvnet(n, "a", 0, true, NULL);
	pvnet(n, "b", 1, false, NULL);
	pvnet(n, "c", 1, false, NULL);
	pvnet(n, "e", 2, false, NULL);
	pvnet(n, "f", 2, false, NULL);
	plan_sort_vnets(n);
	wave(n, 1, "light-production", (const char *const[]){ "b", "c",
	    NULL });
	wave(n, 2, "rest", (const char *const[]){ "e", "f", NULL });
	summary(o, "hub1", "10.0.0.0/8");
	summary(n, "hub1", "10.0.0.0/9");
	summary(o, "hub2", "10.1.0.0/16");
	summary(n, "hub2", "10.1.0.0/16");
	step(o, -1, STEP_MANAGER, "m", "Create the manager");
	step(n, -1, STEP_MANAGER, "m", "Use the manager");
	step(o, 2, STEP_GROUP, "e", "Add e");
	step(n, 1, STEP_GROUP, "e", "Add e");
	plan_diff(o, n, a, &d);
	assert_string_equal(dv(&d, "a")->change, "went-live");
	assert_string_equal(dv(&d, "b")->change, "moved");
	assert_string_equal(dv(&d, "b")->old_wave_name, "pilot");
	assert_string_equal(dv(&d, "b")->new_wave_name, "light-production");
	assert_null(dv(&d, "c"));
	assert_null(dv(&d, "e"));
	assert_string_equal(dv(&d, "d")->change, "left");
	assert_string_equal(dv(&d, "f")->change, "joined");
	assert_int_equal(d.vnets.n, 4);
	assert_int_equal(d.summaries.n, 1);
	assert_string_equal(d.summaries.v[0].hub_name, "hub1");
	/* The step that stayed (its wave renumbered) is not a change. */
	assert_int_equal(d.steps.n, 2);
	assert_false(d.steps.v[0].added);
	assert_string_equal(d.steps.v[0].text, "Create the manager");
	assert_true(d.steps.v[1].added);
	assert_false(plan_diff_empty(&d));
	plan_diff(o, o, a, &d);
	assert_true(plan_diff_empty(&d));
	arena_free(a);
	plan_free(o);
	plan_free(n);
}

/* A plan VNet with its own id, resource group and subscription. */
static void
named_vnet(struct plan *p, const char *id, const char *name, const char *rg,
    const char *sub, int wave)
{
	struct plan_vnet v;

	memset(&v, 0, sizeof(v));
	v.id = id;
	v.name = name;
	v.resource_group = rg;
	v.subscription = sub;
	v.wave = wave;
	v.mesh = "mesh-eastus";
	ARR_PUSH(p->arena, p->vnets, v);
}

#define W1 \
	"/subscriptions/s1/resourceGroups/rg-a/providers/" \
	"Microsoft.Network/virtualNetworks/w"
#define W2 \
	"/subscriptions/s2/resourceGroups/rg-b/providers/" \
	"Microsoft.Network/virtualNetworks/w"
#define Q1 " (resource group rg-a, subscription s1)"
#define Q2 " (resource group rg-b, subscription s2)"

/* Names another VNet of either plan has: the old plan has one w (its
 * steps name it bare), the new one a second w (its steps qualified). */
static void
test_diff_names(void **state)
{
	struct plan *o = plan_new(), *n = plan_new();
	struct arena *a = arena_new();
	struct plan_diff d;
	struct plan_summary hs;
	struct plan_step *st;

	(void)state;
	named_vnet(o, W1, "w", "rg-a", "s1", 1);
	named_vnet(o, SUB "/virtualNetworks/u", "u", "rg", "s", 1);
	plan_sort_vnets(o);
	wave(o, 1, "pilot", (const char *const[]){ "u", NULL });
	named_vnet(n, W1, "w", "rg-a", "s1", 1);
	named_vnet(n, W2, "w", "rg-b", "s2", 1);
	named_vnet(n, SUB "/virtualNetworks/u", "u", "rg", "s", 1);
	plan_sort_vnets(n);
	wave(n, 1, "pilot", (const char *const[]){ "u", NULL });
	/* Whole names only; a child path keeps its place before the
	 * qualifier; a qualified mention is kept; other names untouched. */
	step(o, 0, STEP_TAG, W1,
	    "Tag w with k=w (w2, w-x, pw, x/w and .w stay; w/snet/x too): w");
	step(o, 0, STEP_MEMBER, "/x/staticMembers/sm-w", "Add w as sm-w");
	st = &o->waves.v[0].steps.v[1];
	step_set(o->arena, st, "vnet", W1);
	step(n, 0, STEP_VNET_POLICY, W2 "/subnets/s",
	    "Set w" Q2 "/s, then w/s");
	step(n, 0, STEP_TAG, SUB "/virtualNetworks/u", "Tag u and w");
	memset(&hs, 0, sizeof(hs));
	hs.hub_id = W2;
	hs.hub_name = "w";
	ARR_PUSH(n->arena, n->summaries, hs);
	plan_diff(o, n, a, &d);
	assert_int_equal(d.steps.n, 4);
	assert_string_equal(d.steps.v[0].label,
	    "Tag w" Q1 " with k=w" Q1 " (w2, w-x, pw, x/w and .w stay; "
	    "w/snet/x" Q1 " too): w" Q1);
	assert_string_equal(d.steps.v[0].text,
	    "Tag w with k=w (w2, w-x, pw, x/w and .w stay; w/snet/x too): w");
	assert_string_equal(d.steps.v[1].label, "Add w" Q1 " as sm-w");
	assert_string_equal(d.steps.v[2].label, "Set w" Q2 "/s, then w/s" Q2);
	/* u is unique, and the step does not act on w: unchanged. */
	assert_ptr_equal(d.steps.v[3].label, d.steps.v[3].text);
	assert_int_equal(d.summaries.n, 1);
	assert_string_equal(d.summaries.v[0].label, "w" Q2);
	assert_string_equal(d.summaries.v[0].hub_name, "w");
	/* Without the second w nothing is qualified. */
	plan_diff(o, o, a, &d);
	assert_true(plan_diff_empty(&d));
	arena_free(a);
	plan_free(o);
	plan_free(n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_digest),
		cmocka_unit_test(test_digest_oracle),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_status_agrees),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_diff_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
