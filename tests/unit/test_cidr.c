/* test_cidr.c - strict prefix parsing, canonical printing, containment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <arpa/inet.h>
#include <stdio.h>

#include <cmocka.h>

#include "../../lib/util.h"
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

/* RFC 5952 canonical text, section 4 (and the edge cases of section 4.2). */
static void
test_rfc5952(void **state)
{
	(void)state;
	/* 4.1: no leading zeros. 4.3: lower case. */
	roundtrip("2001:0db8:00AB:0000:0000:0000:0000:0001/128",
	    "2001:db8:ab::1/128");
	/* 4.2.1: "::" takes as much as possible. */
	roundtrip("2001:db8:0:0:0:0:2:1/128", "2001:db8::2:1/128");
	/* 4.2.2: a single 16-bit zero field is not shortened. */
	roundtrip("2001:db8:0:1:1:1:1:1/128", "2001:db8:0:1:1:1:1:1/128");
	roundtrip("2001:db8::1:1:1:1:1/128", "2001:db8:0:1:1:1:1:1/128");
	/* 4.2.3: the longest run; the first of equal runs. */
	roundtrip("2001:0:0:1:0:0:0:1/128", "2001:0:0:1::1/128");
	roundtrip("2001:db8:0:0:1:0:0:1/128", "2001:db8::1:0:0:1/128");
	/* Runs at either end. */
	roundtrip("0:0:0:0:0:0:0:1/128", "::1/128");
	roundtrip("1:0:0:0:0:0:0:0/128", "1::/128");
	roundtrip("0:0:1:0:0:0:1:0/128", "0:0:1::1:0/128");
	roundtrip("0:0:0:0:0:0:0:0/128", "::/128");
	roundtrip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128",
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
	/* "::" standing for exactly one group is accepted on input. */
	roundtrip("::1:2:3:4:5:6:7/128", "0:1:2:3:4:5:6:7/128");
	roundtrip("1:2:3:4:5:6:7::/128", "1:2:3:4:5:6:7:0/128");
	roundtrip("1:2:3::4:5:6:7/128", "1:2:3:0:4:5:6:7/128");
	roundtrip("1:2:3:4:5:6:1.2.3.4/128", "1:2:3:4:5:6:102:304/128");
	roundtrip("::1.2.3.4/128", "::102:304/128");
	roundtrip("fd00::/8", "fd00::/8");
	roundtrip("2001:db8:8000::/33", "2001:db8:8000::/33");
}

static void
test_hostile_v6(void **state)
{
	(void)state;
	bad("1:2:3:4:5:6:7:8:/128", NULL);
	bad(":1:2:3:4:5:6:7:8/128", NULL);
	bad("1:2:3:4:5:6:7:8::/128", NULL);
	bad("::1:2:3:4:5:6:7:8/128", NULL);
	bad("1:2:3:4::5:6:7:8/128", NULL);
	bad(":::/0", NULL);
	bad(":/0", NULL);
	bad("1:/16", NULL);
	bad("1::2:/128", NULL);
	bad("::ffff:1.2.3/128", NULL);
	bad("::ffff:1.2.3.4.5/128", NULL);
	bad("::ffff:01.2.3.4/128", "leading zero");
	bad("::1.2.3.4:5/128", NULL);
	bad("1.2.3.4::/128", NULL);
	bad("1:2:3:4:5:6:7:1.2.3.4/128", NULL);
	bad("g::/16", NULL);
	bad("::/", NULL);
	bad("::/00", "leading zero");
	bad("::/1280", NULL);
	bad("2001:db8::/32\n", NULL);
	bad("2001:db8::/+32", NULL);
	bad("[2001:db8::]/32", NULL);
	bad("2001:db8::1/32", "host bits");
}

static uint64_t rng = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/*
 * Random address-like strings, compared with the C library's inet_pton:
 * both refuse leading zeros in IPv4 octets and accept the same IPv6
 * forms, so acceptance and value must agree.
 */
static void
test_parse_vs_inet_pton(void **state)
{
	static const char *atoms[] = { "0", "1", "ff", "FFFF", "12345", "abc",
	    "00", "01", "255", "256", "1.2.3.4", "01.2.3.4", "g", "", "0000",
	    "10.0.0.1", "1.2.3" };
	char s[128], msg[200];
	int iter, k, n, ok;

	(void)state;
	for (iter = 0; iter < 200000; iter++) {
		struct prefix p;
		unsigned char bin[16];
		int want;

		s[0] = '\0';
		n = 1 + (int)rnd(10);
		for (k = 0; k < n; k++) {
			if (k > 0 || rnd(8) == 0)
				strcat(s, rnd(6) == 0 ? "::" :
				    rnd(30) == 0 ? ":::" : ":");
			strcat(s, atoms[rnd(MP_NELEM(atoms))]);
		}
		if (rnd(10) == 0)
			strcat(s, "::");
		if (strchr(s, ':') != NULL)
			want = inet_pton(AF_INET6, s, bin) == 1;
		else
			want = inet_pton(AF_INET, s, bin) == 1;
		ok = prefix_parse(s, PFX_ALLOW_ADDR, &p, NULL) == 0;
		snprintf(msg, sizeof(msg), "'%s': inet_pton %d, meshplan %d",
		    s, want, ok);
		if (ok != want)
			fail_msg("%s", msg);
		if (ok && p.fam == FAM_V6) {
			uint64_t hi = 0, lo = 0;

			for (k = 0; k < 8; k++)
				hi = hi << 8 | bin[k];
			for (k = 8; k < 16; k++)
				lo = lo << 8 | bin[k];
			if (hi != p.hi || lo != p.lo)
				fail_msg("'%s': value differs", s);
		}
	}
}

/*
 * Random prefixes: format, then parse again must give the same prefix;
 * IPv6 text must equal inet_ntop's (which follows RFC 5952) except where
 * inet_ntop prints an embedded IPv4 tail (mapped and compatible forms).
 */
static void
test_random_roundtrip(void **state)
{
	char buf[PREFIX_STRLEN], ref[INET6_ADDRSTRLEN];
	int iter, k;

	(void)state;
	for (iter = 0; iter < 100000; iter++) {
		struct prefix p, q;
		unsigned char bin[16];
		unsigned len;

		memset(&p, 0, sizeof(p));
		if (rnd(2) == 0) {
			p.fam = FAM_V4;
			p.hi = (uint64_t)(uint32_t)(rng >> 7) << 32;
			len = rnd(33);
			p.len = 32;
		} else {
			p.fam = FAM_V6;
			/* Sparse groups so that zero runs are common. */
			for (k = 0; k < 8; k++) {
				uint64_t g = rnd(3) == 0 ? rnd(65536) : 0;

				if (k < 4)
					p.hi |= g << (48 - 16 * k);
				else
					p.lo |= g << (48 - 16 * (k - 4));
			}
			len = rnd(3) == 0 ? 128 : rnd(129);
			p.len = 128;
		}
		p = prefix_truncate(&p, len);
		prefix_format(&p, buf);
		if (prefix_parse(buf, 0, &q, NULL) != 0 || !prefix_eq(&p, &q))
			fail_msg("round trip of '%s' failed", buf);
		if (p.fam != FAM_V6)
			continue;
		for (k = 0; k < 8; k++)
			bin[k] = (unsigned char)(p.hi >> (56 - 8 * k));
		for (k = 0; k < 8; k++)
			bin[8 + k] = (unsigned char)(p.lo >> (56 - 8 * k));
		inet_ntop(AF_INET6, bin, ref, sizeof(ref));
		if (strchr(ref, '.') != NULL)
			continue;
		prefix_format_addr(&p, buf);
		if (strcmp(buf, ref) != 0)
			fail_msg("RFC 5952: meshplan '%s', inet_ntop '%s'", buf,
			    ref);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_hostile),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_relations),
		cmocka_unit_test(test_rfc5952),
		cmocka_unit_test(test_hostile_v6),
		cmocka_unit_test(test_parse_vs_inet_pton),
		cmocka_unit_test(test_random_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
