/* test_cidr.c - strict prefix parsing, canonical printing, containment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../planner/cidr.h"

static void
roundtrip(const char *in, const char *want)
{
	struct prefix p;
	char buf[PREFIX_STRLEN];
	const char *err = NULL;

	assert_int_equal(prefix_parse(in, 0, &p, &err), 0);
	assert_string_equal(prefix_format(&p, buf), want);
}

static void
bad(const char *in, const char *why)
{
	struct prefix p;
	const char *err = NULL;

	assert_int_equal(prefix_parse(in, 0, &p, &err), -1);
	assert_non_null(err);
	if (why != NULL)
		assert_non_null(strstr(err, why));
}

static void
test_parse_ok(void **state)
{
	(void)state;
	roundtrip("10.0.0.0/8", "10.0.0.0/8");
	roundtrip("0.0.0.0/0", "0.0.0.0/0");
	roundtrip("255.255.255.255/32", "255.255.255.255/32");
	roundtrip("2001:db8::/32", "2001:db8::/32");
	roundtrip("2001:DB8:0:0:0:0:0:0/32", "2001:db8::/32");
	roundtrip("::/0", "::/0");
	roundtrip("::1/128", "::1/128");
	roundtrip("fe80::1:0:0:1/128", "fe80::1:0:0:1/128");
	roundtrip("2001:db8:0:1:1:1:1:1/128", "2001:db8:0:1:1:1:1:1/128");
	roundtrip("::ffff:10.1.2.3/128", "::ffff:a01:203/128");
	roundtrip("1:0:0:2:0:0:0:3/128", "1:0:0:2::3/128");
}

static void
test_parse_hostile(void **state)
{
	(void)state;
	bad("", "empty");
	bad("10.0.0.0", "missing prefix length");
	bad("10.0.0.1/8", "host bits");
	bad("010.0.0.0/8", "leading zero");
	bad("10.0.0.0/08", "leading zero");
	bad("10.0.0.256/32", "larger than 255");
	bad("10.0.0/24", "four");
	bad("10.0.0.0.0/24", NULL);
	bad("10.0.0.0/33", "larger than 32");
	bad("10.0.0.0/", "not a number");
	bad("10.0.0.0/24 ", "after");
	bad(" 10.0.0.0/24", NULL);
	bad("10.0.0.0/-1", NULL);
	bad("2001:db8::/129", "larger than 128");
	bad("2001:db8:::/32", NULL);
	bad("2001::db8::/32", "more than one");
	bad("12345::/16", "four hex");
	bad("1:2:3:4:5:6:7:8:9/128", NULL);
	bad("1:2:3:4:5:6:7/128", NULL);
	bad("fe80::1%eth0/128", NULL);
	bad("10.0.0.0/24/1", NULL);
	bad("abc", NULL);
}

static void
test_normalize(void **state)
{
	struct prefix p;
	char buf[PREFIX_STRLEN];

	(void)state;
	assert_int_equal(prefix_parse("10.1.2.3/8", PFX_NORMALIZE, &p, NULL),
	    0);
	assert_string_equal(prefix_format(&p, buf), "10.0.0.0/8");
	assert_int_equal(prefix_parse("10.1.2.3", PFX_ALLOW_ADDR, &p, NULL), 0);
	assert_string_equal(prefix_format(&p, buf), "10.1.2.3/32");
}

static struct prefix
P(const char *s)
{
	struct prefix p;

	assert_int_equal(prefix_parse(s, 0, &p, NULL), 0);
	return p;
}

static void
test_relations(void **state)
{
	struct prefix a = P("10.0.0.0/8"), b = P("10.1.0.0/16"),
	    c = P("11.0.0.0/8"), v6 = P("::/0"), lo, hi;
	char buf[PREFIX_STRLEN];

	(void)state;
	assert_true(prefix_contains(&a, &b));
	assert_false(prefix_contains(&b, &a));
	assert_true(prefix_overlaps(&b, &a));
	assert_false(prefix_overlaps(&a, &c));
	assert_false(prefix_contains(&v6, &a));
	assert_true(prefix_cmp(&a, &b) < 0);
	assert_true(prefix_cmp(&a, &v6) < 0);
	prefix_split(&a, &lo, &hi);
	assert_string_equal(prefix_format(&lo, buf), "10.0.0.0/9");
	assert_string_equal(prefix_format(&hi, buf), "10.128.0.0/9");
	hi = prefix_last(&b);
	assert_string_equal(prefix_format(&hi, buf), "10.1.255.255/32");
	assert_true(prefix_size(&b) == 65536.0);
	lo = prefix_sibling(&b);
	assert_string_equal(prefix_format(&lo, buf), "10.0.0.0/16");
	v6 = P("2001:db8::/64");
	hi = prefix_last(&v6);
	assert_string_equal(prefix_format(&hi, buf),
	    "2001:db8::ffff:ffff:ffff:ffff/128");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_hostile),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_relations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
