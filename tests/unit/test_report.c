/*
 * test_report.c - the report document rendered as Markdown and HTML from a
 * hand-built analysis, hairpins and plan: hostile names stay escaped, the
 * before/after numbers are right, a PR part shows only its wave, charts
 * appear in HTML only, and output is deterministic. report.json, written
 * once (formats.c), against the way it was made before: the analyze JSON
 * and plan.json read back with jansson, merged and written again (the
 * plan's raw VNet JSON unsorted, escaped, with numbers jansson rewrites;
 * reals of the analysis that only 6 digits keep).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "../../emitters/analyze_json.h"
#include "../../emitters/formats.h"
#include "../../emitters/plan_json.h"
#include "../../emitters/report.h"
#include "../../emitters/sink.h"
#include "../../lib/strbuf.h"
#include "../../planner/analysis.h"
#include "../../planner/estate.h"
#include "../../planner/plan.h"
#include "../../planner/policy.h"
#include "../../planner/routing.h"

#define VN \
	"/subscriptions/s1/resourceGroups/rg/providers/" \
	"Microsoft.Network/virtualNetworks/"

struct fx {
	struct estate *e;
	struct arena *a;
	struct policy pol;
	struct analysis an;
	struct hairpins hp;
	struct plan *p;
	struct report_in in;
};

static struct vnet *
vnet(struct fx *f, const char *name)
{
	struct vnet *v = (struct vnet *)estate_get(f->e, RK_VNET,
	    arena_printf(f->e->arena, VN "%s", name));

	v->r.seen = true;
	v->r.location = "eastus";
	return v;
}

static void
fx_init(struct fx *f)
{
	struct hub_info h;
	struct hairpin_group g;
	struct hairpin_spoke s;
	struct plan_mesh m;
	struct plan_wave w;
	struct plan_step st;
	struct vnet *hub, *sp[3];
	const char *names[] = { "spoke-a", "spoke-<b>", "spoke|c" };
	size_t i;

	memset(f, 0, sizeof(*f));
	f->e = estate_new();
	f->a = arena_new();
	policy_defaults(&f->pol);
	hub = vnet(f, "hub-east");
	for (i = 0; i < 3; i++)
		sp[i] = vnet(f, names[i]);
	f->an.estate = f->e;
	f->an.policy = &f->pol;
	f->an.counts.vnets = 4;
	f->an.counts.hubs = 1;
	f->an.counts.spokes = 3;
	f->an.counts.private_endpoints = 2500;
	memset(&h, 0, sizeof(h));
	h.vnet = hub;
	h.spokes = h.transit_spokes = 3;
	h.adv_v4 = 950;
	h.limit_v4 = 1000;
	h.limit_v6 = 100;
	ARR_PUSH(f->a, f->an.hubs, h);
	findings_init(&f->an.findings, f->a);
	finding_add(&f->an.findings, RULE_HAIRPIN_SPOKE, SEV_WARNING,
	    sp[1]->r.id, NULL, "hairpins to @team | <script>");

	f->hp.spokes = 3;
	f->hp.pairs_considered = 6;
	f->hp.pairs = f->hp.same_hub = 6;
	memset(&g, 0, sizeof(g));
	g.src_hub = g.dst_hub = hub;
	g.scope = SCOPE_SAME_HUB;
	g.route = "Default 10.1.0.0/16 VirtualNetworkGateway";
	g.pairs = 6;
	ARR_PUSH(f->a, f->hp.groups, g);
	for (i = 0; i < 3; i++) {
		memset(&s, 0, sizeof(s));
		s.spoke = sp[i];
		s.hub = hub;
		s.out_same_hub = s.in_same_hub = 2;
		ARR_PUSH(f->a, f->hp.spoke_counts, s);
	}

	f->p = plan_new();
	/* A static member whose name needs quoting in its az line. */
	memset(&st, 0, sizeof(st));
	st.kind = STEP_MEMBER;
	st.resource = "/subscriptions/s/resourceGroups/rg/providers/"
		      "Microsoft.Network/networkManagers/nm/networkGroups/g/"
		      "staticMembers/a|b";
	st.subscription = "s";
	st.text = "Add the VNets to the network group";
	step_set(f->p->arena, &st, "vnet",
	    "/subscriptions/s/resourceGroups/"
	    "rg/providers/Microsoft.Network/virtualNetworks/v");
	memset(&m, 0, sizeof(m));
	m.name = "mesh-eastus";
	m.region = "eastus";
	m.hspe = true;
	m.private_endpoints = 2500;
	for (i = 0; i < 3; i++)
		ARR_PUSH(f->p->arena, m.vnet_ids, sp[i]->r.id);
	ARR_PUSH(f->p->arena, f->p->meshes, m);
	for (i = 0; i < 2; i++) {
		memset(&w, 0, sizeof(w));
		w.number = (int)i + 1;
		w.name = i == 0 ? "pilot" : "rest";
		if (i == 0) {
			ARR_PUSH(f->p->arena, w.vnet_ids, sp[0]->r.id);
		} else {
			ARR_PUSH(f->p->arena, w.vnet_ids, sp[1]->r.id);
			ARR_PUSH(f->p->arena, w.vnet_ids, sp[2]->r.id);
		}
		ARR_PUSH(f->p->arena, w.steps, st);
		ARR_PUSH(f->p->arena, w.checks,
		    "Effective routes show "
		    "ConnectedGroup");
		{
			struct plan_step rb = st;

			rb.kind = STEP_MEMBER_DELETE;
			rb.text = "Remove the wave's VNets";
			ARR_PUSH(f->p->arena, w.rollback, rb);
		}
		w.members.n = i == 0 ? 1 : 3;
		ARR_PUSH(f->p->arena, f->p->waves, w);
	}
	f->p->effect.hairpins_before = 6;
	f->p->effect.hairpins_after = 0;
	f->in.estate = f->e;
	f->in.an = &f->an;
	f->in.hp = &f->hp;
	f->in.plan = f->p;
	f->in.generator = "meshplan test";
}

static void
fx_free(struct fx *f)
{
	plan_free(f->p);
	arena_free(f->a);
	estate_free(f->e);
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay++;
	}
	return n;
}

/* Occurrences of needle in hay that no backslash escapes. */
static size_t
count_raw(const char *hay, const char *needle)
{
	const char *p = hay;
	size_t n = 0;

	while ((p = strstr(p, needle)) != NULL) {
		if (p == hay || p[-1] != '\\')
			n++;
		p++;
	}
	return n;
}

static void
test_markdown(void **state)
{
	struct fx f;
	struct strbuf sb = STRBUF_INIT;
	struct report_opts o = { REPORT_ALL, 0, NULL };

	(void)state;
	fx_init(&f);
	report_markdown(&sb, &f.in, &o);
	/* Hostile names never reach the Markdown raw. */
	assert_int_equal(count_raw(sb.s, "<b>"), 0);
	assert_non_null(strstr(sb.s, "spoke-\\<b>"));
	assert_int_equal(count_raw(sb.s, "<script>"), 0);
	assert_null(strstr(sb.s, " @team"));
	assert_non_null(strstr(sb.s, " \\@team"));
	assert_null(strstr(sb.s, "spoke|c"));
	/* What Markdown does not misread stays as it is. */
	assert_null(strstr(sb.s, "\\-"));
	assert_null(strstr(sb.s, "\\."));
	assert_null(strstr(sb.s, "\\("));
	/* Before/after: 3 VNets need 3 peerings by hand; 6 pairs. */
	assert_non_null(strstr(sb.s, "Before and after"));
	assert_non_null(strstr(sb.s, "= 3 to build by hand for 3 VNets"));
	assert_non_null(strstr(sb.s, "for 6 of 6 ordered pairs"));
	assert_non_null(strstr(sb.s, "HSPE"));
	/* Both waves, their checklists and the command fence. */
	assert_non_null(strstr(sb.s, "### Wave 1: pilot"));
	assert_non_null(strstr(sb.s, "### Wave 2: rest"));
	assert_int_equal(count(sb.s, "- [ ] "), 2);
	assert_non_null(strstr(sb.s, "```sh\n   az network manager"));
	/* No charts in Markdown. */
	assert_null(strstr(sb.s, "<svg"));
	sb_free(&sb);
	fx_free(&f);
}

static void
test_pr_part(void **state)
{
	struct fx f;
	struct strbuf sb = STRBUF_INIT;
	struct report_opts o = { 2, 1, "meshplan/wave-2-rest/report.md" };

	(void)state;
	fx_init(&f);
	report_markdown(&sb, &f.in, &o);
	assert_non_null(strstr(sb.s, "# meshplan: wave 2 of"));
	assert_non_null(strstr(sb.s, "### Wave 2: rest"));
	assert_null(strstr(sb.s, "Wave 1: pilot"));
	/* max_rows 1: the wave's second VNet is left out and counted. */
	assert_non_null(strstr(sb.s,
	    "*First 1 of 2 VNets; every row is in "
	    "`meshplan/wave-2-rest/report.md`.*"));
	sb_free(&sb);
	fx_free(&f);
}

static void
test_html(void **state)
{
	struct fx f;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct report_opts o = { REPORT_ALL, 0, NULL };

	(void)state;
	fx_init(&f);
	report_html(&a, &f.in, &o);
	report_html(&b, &f.in, &o);
	assert_string_equal(a.s, b.s);
	assert_int_equal(strncmp(a.s, "<!DOCTYPE html>", 15), 0);
	/* One inline script (the tables'); the hostile "<script>" of a
	 * finding is text. */
	assert_int_equal(count(a.s, "<script"), 1);
	assert_non_null(strstr(a.s, "&lt;script&gt;"));
	assert_null(strstr(a.s, "<b>"));
	assert_non_null(strstr(a.s, "spoke-&lt;b&gt;"));
	/* pressure, topology, after the migration, VNets per wave, PEs
	 * per wave */
	assert_int_equal(count(a.s, "<svg "), 5);
	assert_int_equal(count(a.s, "</svg>"), 5);
	/* 950 of 1,000: critical */
	assert_non_null(strstr(a.s, "<span class=\"pill critical\">950"));
	/* Self-contained: the only URL is the SVG namespace. */
	assert_int_equal(count(a.s, "http"),
	    count(a.s, "http://www.w3.org/2000/svg\""));
	assert_null(strstr(a.s, " src="));
	sb_free(&a);
	sb_free(&b);
	fx_free(&f);
}

/* The analyze JSON and plan.json of an and p read back with jansson,
 * the plan's keys added after the analysis' (none is in both). */
static json_t *
report_json_merged(const struct analysis *an, const struct plan *p)
{
	struct strbuf as = STRBUF_INIT;
	json_t *a, *pl, *v;
	const char *key;
	char *text;
	size_t len;

	analyze_json(&as, an, NULL);
	a = json_loadb(as.s, as.len, 0, NULL);
	assert_non_null(a);
	sb_free(&as);
	text = plan_json(p, &len);
	pl = json_loadb(text, len, 0, NULL);
	assert_non_null(pl);
	free(text);
	json_object_foreach(pl, key, v)
	{
		assert_null(json_object_get(a, key));
		json_object_set(a, key, v);
	}
	json_decref(pl);
	return a;
}

static void
test_report_json(void **state)
{
	static const char *const raws[] = {
		/* keys not sorted: jw_raw sorts them through jansson */
		"{\"b\":1,\"a\":\"x\",\"c\":[2.50,{\"y\":1,\"x\":2}]}",
		/* sorted, with escapes and numbers jansson writes otherwise */
		"{\"a\":\"caf\\u00e9 \\/ \\\"q\\\" \\u001f\\t\","
		"\"n\":[1.50,1e5,-0,2E-3,-0.0,12345678901234567,0.1],"
		"\"z\":{\"k\":true,\"l\":null,\"m\":\"\\ud83d\\ude00\"}}",
		/* a long string with escapes */
		"{\"d\":\"\\u00e9\\/0123456789012345678901234567890123456789"
		"0123456789012345678901234567890123456789\"}",
		/* a key with an escape */
		"{\"a\\\"b\":1,\"a\\u00e9\":[]}",
		/* duplicate keys, spaces */
		"{ \"a\" : 1 , \"a\" : 2 }",
		/* not JSON: kept as a string */
		"not json {",
		/* as the loaders keep it */
		"{\"id\":\"x\",\"properties\":{\"addressSpace\":"
		"{\"addressPrefixes\":[\"10.0.0.0/16\"]}}}",
	};
	struct fx f;
	struct strbuf sb = STRBUF_INIT;
	struct emit_sink sink;
	struct plan_vnet pv;
	json_t *want, *got;
	size_t i;

	(void)state;
	fx_init(&f);
	/* 1234.5678: 1234.568 in the analysis, "1234.57" at 6 digits. */
	f.an.hubs.v[0].ratio = 1234.5678;
	f.an.hubs.v[0].level = pressure_level(0.95);
	f.an.has_hairpins = true;
	f.an.hairpins = f.hp;
	/* The fixture counts the waves' members without listing them. */
	for (i = 0; i < f.p->waves.n; i++)
		f.p->waves.v[i].members.n = 0;
	for (i = 0; i < sizeof(raws) / sizeof(raws[0]); i++) {
		memset(&pv, 0, sizeof(pv));
		pv.id = arena_printf(f.p->arena, VN "raw-%zu", i);
		pv.name = "v";
		pv.raw = raws[i];
		ARR_PUSH(f.p->arena, f.p->vnets, pv);
	}
	want = report_json_merged(&f.an, f.p);
	sink_to_strbuf(&sink, &sb);
	assert_int_equal(report_json_doc(&sink, &f.an, NULL, f.p), 0);
	got = json_loadb(sb.s, sb.len, 0, NULL);
	assert_non_null(got);
	assert_true(json_equal(got, want));
	/* Each part as its own document writes it: the analysis' real at
	 * analyze's 6 digits (not read back and written at 17), the raw
	 * JSON as plan.json has it (escapes as given). */
	assert_non_null(strstr(sb.s, "\"ratio\": 1234.57\n"));
	assert_null(strstr(sb.s, "1234.5699999999999"));
	assert_non_null(
	    strstr(sb.s, "\"caf\\u00e9 \\/ \\\"q\\\" \\u001f\\t\""));
	json_decref(got);
	json_decref(want);
	sb_free(&sb);
	fx_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_pr_part),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_report_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
