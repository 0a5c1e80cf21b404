/* test_policy.c - the policy loader: defaults, the DESIGN.md example, and
 * every error kind with its line:column, all reported in one run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../input/policy.h"
#include "../../input/regex.h"
#include "../../lib/arena.h"
#include "../../lib/diag.h"
#include "../../planner/policy.h"

struct run {
	struct arena *a;
	struct diags d;
	struct policy p;
	size_t nerr;
};

static void
load(struct run *r, const char *text)
{
	r->a = arena_new();
	diags_init(&r->d, r->a);
	r->nerr = policy_load_buffer(&r->p, r->a, &r->d, "p.yaml", text,
	    strlen(text));
}

static void
done(struct run *r)
{
	arena_free(r->a);
}

/* The diagnostic with this code, checked to sit at line:col. */
static const struct diag *
find(const struct run *r, const char *code, int line, int col)
{
	size_t i;

	for (i = 0; i < r->d.n; i++)
		if (strcmp(r->d.v[i].code, code) == 0 &&
		    r->d.v[i].line == line && r->d.v[i].col == col)
			return &r->d.v[i];
	for (i = 0; i < r->d.n; i++)
		diag_print(stderr, &r->d.v[i]);
	fail_msg("no %s at %d:%d", code, line, col);
	return NULL;
}

static void
test_defaults(void **state)
{
	struct arena *a = arena_new();
	struct policy p;
	struct tag dev[] = { { "env", "Dev" } }, prod[] = { { "env", "prod" } };

	(void)state;
	policy_init_defaults(&p, a);
	assert_int_equal(p.limits.mesh_vnets, 250);
	assert_int_equal(p.limits.mesh_vnets_high_scale, 5000);
	assert_int_equal(p.limits.mesh_pes, 2000);
	assert_int_equal(p.limits.vnet_pes, 1000);
	assert_int_equal(p.limits.gateway_ipv4, 1000);
	assert_int_equal(p.pilot_size, 50);
	assert_int_equal(p.min_len_v4, 16);
	assert_int_equal(p.min_len_v6, 48);
	assert_int_equal(p.mesh_scope, MESH_SCOPE_HAIRPINNING);
	assert_int_equal(p.mesh_global, MESH_GLOBAL_AUTO);
	assert_false(p.dynamic_membership);
	/* Default pilot: dev/test by tag or by a name word. */
	assert_true(selector_match(&p.pilot, "spoke-a-001", dev, 1));
	assert_false(selector_match(&p.pilot, "spoke-a-001", prod, 1));
	assert_true(selector_match(&p.pilot, "app-test-01", prod, 1));
	assert_true(selector_match(&p.pilot, "dev_app", NULL, 0));
	assert_false(selector_match(&p.pilot, "devops-prod", NULL, 0));
	arena_free(a);
}

static const char example[] =
    "limits: {gateway_ipv4: 900, mesh_vnets: 200}   # any limit\n"
    "onprem: [10.0.0.0/8, 'fd00::/8']\n"
    "summaries: {min_prefix_length: 12, min_prefix_length_v6: 40,\n"
    "  max_prefixes: 50, reserve: [10.250.0.0/16]}\n"
    "mesh: {scope: all, global: false}\n"
    "waves:\n"
    "  pilot: {size: 20, match: {tags: {env: \"^(dev|test)$\"}, "
    "name: \"-(dev|test)-\"}}\n"
    "  light: {size: 30}\n"
    "segments:\n"
    "  - {name: prod, match: {tags: {env: \"^prod$\"}}}\n"
    "  - {name: nonprod, match: {tags: {env: \"^(dev|test)$\"}}}\n"
    "deny: [[prod, nonprod]]\n"
    "manager: {resource_group: rg-avnm, name: avnm-hub, subscription: s1,\n"
    "  location: eastus,\n"
    "  scope: {management_groups: [mg-corp], subscriptions: [s1, s2]}}\n"
    "membership: policy\n"
    "membership_tag: mesh\n"
    "reserved_172: true\n";

static void
test_example(void **state)
{
	struct run r;
	struct tag t[] = { { "env", "prod" } };
	char buf[PREFIX_STRLEN];

	(void)state;
	load(&r, example);
	assert_int_equal(r.nerr, 0);
	assert_int_equal(r.d.n, 0);
	assert_int_equal(r.p.limits.gateway_ipv4, 900);
	assert_int_equal(r.p.limits.mesh_vnets, 200);
	assert_int_equal(r.p.limits.mesh_pes, 2000);	/* default kept */
	assert_int_equal(r.p.onprem.n, 2);
	assert_string_equal(prefix_format(&r.p.onprem.v[1], buf), "fd00::/8");
	assert_int_equal(r.p.min_len_v4, 12);
	assert_int_equal(r.p.min_len_v6, 40);
	assert_int_equal(r.p.max_prefixes, 50);
	assert_int_equal(r.p.reserve.n, 1);
	assert_int_equal(r.p.mesh_scope, MESH_SCOPE_ALL);
	assert_int_equal(r.p.mesh_global, MESH_GLOBAL_FALSE);
	assert_int_equal(r.p.pilot_size, 20);
	assert_int_equal(r.p.light_size, 30);
	assert_true(selector_match(&r.p.pilot, "app-dev-1", NULL, 0));
	assert_false(selector_match(&r.p.pilot, "app-prod-1", t, 1));
	assert_int_equal(r.p.segments.n, 2);
	assert_string_equal(r.p.segments.v[1].name, "nonprod");
	assert_true(selector_match(&r.p.segments.v[0].match, "x", t, 1));
	assert_int_equal(r.p.deny.n, 1);
	assert_string_equal(r.p.deny.v[0].a, "prod");
	assert_string_equal(r.p.deny.v[0].b, "nonprod");
	assert_string_equal(r.p.manager_rg, "rg-avnm");
	assert_string_equal(r.p.manager_name, "avnm-hub");
	assert_string_equal(r.p.manager_subscription, "s1");
	assert_string_equal(r.p.manager_location, "eastus");
	assert_int_equal(r.p.manager_mgs.n, 1);
	assert_int_equal(r.p.manager_subs.n, 2);
	assert_true(r.p.dynamic_membership);
	assert_string_equal(r.p.membership_tag, "mesh");
	assert_true(r.p.reserved_172);
	done(&r);
}

static void
test_empty_is_defaults(void **state)
{
	struct run r;

	(void)state;
	load(&r, "# nothing but a comment\n");
	assert_int_equal(r.nerr, 0);
	assert_int_equal(r.p.limits.mesh_vnets, 250);
	assert_true(r.p.pilot.has_name);
	done(&r);
	load(&r, "");
	assert_int_equal(r.nerr, 0);
	done(&r);
}

/* Every error kind in one file: all of them are reported, in place. */
static const char bad[] =
    "limits: {mesh_vnet: 10, gateway_ipv4: many}\n"		/* 1 */
    "onprem: [10.0.0.0/33, 10.1.0.1/16]\n"			/* 2 */
    "mesh: {scope: some, global: maybe}\n"			/* 3 */
    "waves:\n"							/* 4 */
    "  pilot: {size: 10, match: {name: \"a(b\"}}\n"		/* 5 */
    "segments:\n"						/* 6 */
    "  - {name: prod, match: {tags: {env: ^prod$}}}\n"		/* 7 */
    "  - {name: prod, match: {name: x}}\n"			/* 8 */
    "deny: [[prod, nonprod]]\n"					/* 9 */
    "mesh: {scope: all}\n"					/* 10 */
    "summaries: {min_prefix_length: 40, reserve: 10.0.0.0/8}\n"	/* 11 */
    "reserved_172: yes\n"					/* 12 */
    "manager: {scope: {management_groups: mg}}\n";		/* 13 */

static void
test_errors(void **state)
{
	struct run r;
	const struct diag *g;

	(void)state;
	load(&r, bad);
	g = find(&r, "policy-unknown-key", 1, 10);
	assert_non_null(strstr(g->msg, "mesh_vnet"));
	assert_non_null(strstr(g->msg, "mesh_vnets_high_scale"));
	find(&r, "policy-type", 1, 39);
	g = find(&r, "policy-cidr", 2, 10);
	assert_non_null(strstr(g->msg, "10.0.0.0/33"));
	find(&r, "policy-cidr", 2, 23);	/* host bits set */
	find(&r, "policy-value", 3, 15);
	find(&r, "policy-value", 3, 29);
	/* a(b: PCRE2 stops at offset 3, just past "b": quote at 35, 35+1+3. */
	g = find(&r, "policy-pattern", 5, 39);
	assert_non_null(strstr(g->msg, "offset 3"));
	find(&r, "policy-duplicate-segment", 8, 5);
	find(&r, "policy-unknown-segment", 9, 15);
	g = find(&r, "policy-duplicate-key", 10, 1);
	assert_non_null(strstr(g->msg, "line 3"));
	find(&r, "policy-value", 11, 32);
	find(&r, "policy-type", 11, 45);
	find(&r, "policy-type", 12, 15);
	find(&r, "policy-type", 13, 38);
	assert_int_equal(r.nerr, 14);
	assert_int_equal(r.d.nerrors, 14);
	done(&r);
}

static void
test_syntax_error(void **state)
{
	struct run r;

	(void)state;
	load(&r, "mesh:\n  scope: all\n global: auto\n");
	assert_int_equal(r.nerr, 1);
	assert_string_equal(r.d.v[0].code, "policy-syntax");
	assert_int_equal(r.d.v[0].line, 3);
	done(&r);
	load(&r, "limits: [1, 2\n");
	assert_int_equal(r.nerr, 1);
	assert_string_equal(r.d.v[0].code, "policy-syntax");
	done(&r);
	load(&r, "mesh: {scope: all}\n---\nmesh: {scope: all}\n");
	assert_int_equal(r.nerr, 1);
	find(&r, "policy-syntax", 3, 1);
	done(&r);
	load(&r, "- a\n- b\n");
	assert_int_equal(r.nerr, 1);
	find(&r, "policy-type", 1, 1);
	done(&r);
}

static void
test_duplicate_tag_and_missing(void **state)
{
	struct run r;

	(void)state;
	load(&r, "segments:\n"
	    "  - {name: a, match: {tags: {env: x, env: y}}}\n"
	    "  - {match: {name: z}}\n"
	    "  - {name: b}\n"
	    "deny: [[a], [a, a]]\n");
	find(&r, "policy-duplicate-key", 2, 38);
	find(&r, "policy-missing-key", 3, 5);
	find(&r, "policy-missing-key", 4, 5);
	find(&r, "policy-value", 5, 8);
	find(&r, "policy-value", 5, 17);
	assert_int_equal(r.nerr, 5);
	assert_int_equal(r.p.segments.n, 1);
	assert_int_equal(r.p.deny.n, 0);
	done(&r);
}

static void
test_regex_utf(void **state)
{
	struct arena *a = arena_new();
	struct pattern p;
	const char *err = NULL;
	size_t off = 99;

	(void)state;
	assert_true(regex_compile(a, "^caf\xc3\xa9.$", &p, &err, &off));
	assert_true(pattern_match(&p, "caf\xc3\xa9\xc3\xa9"));
	assert_false(pattern_match(&p, "cafe"));
	/* Invalid UTF-8 in a subject is no match, never a crash. */
	assert_false(pattern_match(&p, "caf\xc3"));
	assert_false(regex_compile(a, "[z-a]", &p, &err, &off));
	assert_non_null(err);
	assert_int_equal(off, 3);
	arena_free(a);
}

static void
test_missing_file(void **state)
{
	struct arena *a = arena_new();
	struct diags d;
	struct policy p;

	(void)state;
	diags_init(&d, a);
	assert_int_equal(policy_load(&p, a, &d, "/nonexistent/p.yaml"), 1);
	assert_string_equal(d.v[0].code, "policy-io");
	arena_free(a);
}

/* summaries.cover_non_transit (boolean, default false) and the IPv6
 * on-premises limit (default 100). */
static void
test_non_transit_and_onprem_v6(void **state)
{
	struct run r;

	(void)state;
	load(&r, "limits: {er_onprem_ipv6: 250}\n"
	    "summaries: {cover_non_transit: true}\n");
	assert_int_equal(r.nerr, 0);
	assert_true(r.p.cover_non_transit);
	assert_int_equal(r.p.limits.er_onprem_ipv6, 250);
	done(&r);
	load(&r, "summaries: {max_prefixes: 3}\n");
	assert_int_equal(r.nerr, 0);
	assert_false(r.p.cover_non_transit);
	assert_int_equal(r.p.limits.er_onprem_ipv6, 100);
	done(&r);
	load(&r, "summaries:\n  cover_non_transit: often\n");
	assert_int_equal(r.nerr, 1);
	assert_non_null(find(&r, "policy-type", 2, 22));
	done(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_empty_is_defaults),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_duplicate_tag_and_missing),
		cmocka_unit_test(test_regex_utf),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_non_transit_and_onprem_v6),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
