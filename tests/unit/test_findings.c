/* test_findings.c - the rule registry and the finding list's order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../planner/findings.h"

static void
test_registry(void **state)
{
	size_t i, j;

	(void)state;
	for (i = 0; i < RULE__COUNT; i++) {
		const struct rule *r = rule_get((enum rule_id)i);
		const char *p;

		assert_int_equal(r->rule, i);
		assert_int_equal(strlen(r->id), 5);
		assert_memory_equal(r->id, "MP", 2);
		/* Ids ascend in table order, names are kebab-case. */
		if (i > 0)
			assert_true(strcmp(rules[i - 1].id, r->id) < 0);
		for (p = r->name; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') ||
			    (*p >= '0' && *p <= '9') || *p == '-');
		assert_true(strlen(r->description) > 10);
		assert_true(strlen(r->help) > strlen(r->description));
		for (j = 0; j < i; j++)
			assert_string_not_equal(rules[j].name, r->name);
		assert_ptr_equal(rule_find(r->id), r);
		assert_ptr_equal(rule_find(r->name), r);
	}
	assert_ptr_equal(rule_find("mp104"), rule_get(RULE_OVERLAP));
	assert_null(rule_find("MP999"));
}

static void
test_sev(void **state)
{
	enum sev s;

	(void)state;
	assert_int_equal(sev_parse("warning", &s), 0);
	assert_int_equal(s, SEV_WARNING);
	assert_int_equal(sev_parse("Error", &s), -1);
	assert_int_equal(sev_parse(NULL, &s), -1);
	assert_string_equal(sev_name(SEV_NOTE), "note");
}

static void
add_all(struct findings *f, const int *order)
{
	static const struct {
		enum rule_id r;
		enum sev s;
		const char *res;
	} in[] = {
		{ RULE_OVERLAP, SEV_WARNING, "/subscriptions/s/b" },
		{ RULE_ONPREM_UNKNOWN, SEV_NOTE, NULL },
		{ RULE_ER_BASIC_IP, SEV_ERROR, "/subscriptions/s/g" },
		{ RULE_OVERLAP, SEV_WARNING, "/subscriptions/s/A" },
		{ RULE_PREFIX_PRESSURE, SEV_ERROR, "/subscriptions/s/g" },
		{ RULE_HSPE_PREREQ, SEV_NOTE, "/subscriptions/s/x" },
	};
	size_t i;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		struct finding *fd = finding_add(f, in[order[i]].r,
		    in[order[i]].s, in[order[i]].res, NULL, "m%d", order[i]);

		finding_prop(fd, "n", order[i]);
	}
}

static void
test_sort(void **state)
{
	static const int o1[] = { 0, 1, 2, 3, 4, 5 }, o2[] = { 5, 3, 1, 4,
	    0, 2 };
	struct arena *a = arena_new();
	struct findings f1, f2;
	size_t i;

	(void)state;
	findings_init(&f1, a);
	findings_init(&f2, a);
	add_all(&f1, o1);
	add_all(&f2, o2);
	findings_sort(&f1);
	findings_sort(&f2);
	assert_int_equal(f1.v.n, 6);
	for (i = 0; i < f1.v.n; i++) {
		assert_string_equal(f1.v.v[i].message, f2.v.v[i].message);
		assert_int_equal(f1.v.v[i].props[0].value,
		    f2.v.v[i].props[0].value);
	}
	/* Errors first, then rule id, then resource (any case). */
	assert_string_equal(f1.v.v[0].rule->id, "MP201");
	assert_string_equal(f1.v.v[1].rule->id, "MP205");
	assert_string_equal(f1.v.v[2].resource, "/subscriptions/s/A");
	assert_string_equal(f1.v.v[3].resource, "/subscriptions/s/b");
	assert_string_equal(f1.v.v[4].rule->id, "MP203");
	assert_null(f1.v.v[5].resource);
	assert_int_equal(findings_at_or_above(&f1, SEV_ERROR), 2);
	assert_int_equal(findings_at_or_above(&f1, SEV_WARNING), 4);
	assert_int_equal(findings_at_or_above(&f1, SEV_NOTE), 6);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_sev),
		cmocka_unit_test(test_sort),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
