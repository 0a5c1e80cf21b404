/* test_svg.c - XML escaping, number formats, pressure bands, charts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../emitters/svg.h"
#include "../../lib/strbuf.h"

static void
check_escape(const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	svg_escape(&sb, in);
	assert_string_equal(sb_str(&sb), want);
	sb_free(&sb);
}

static void
test_escape(void **state)
{
	(void)state;
	check_escape("plain", "plain");
	check_escape("<script>alert('x')</script>",
	    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	check_escape("a&b \"q\"", "a&amp;b &quot;q&quot;");
	check_escape("tab\there", "tab\there");
	check_escape("bell\x07", "bell\xef\xbf\xbd");
	check_escape("caf\xc3\xa9", "caf\xc3\xa9");
	check_escape("bad\xc3(", "bad\xef\xbf\xbd(");
	check_escape("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	check_escape("${x}]]>", "${x}]]&gt;");
	check_escape(NULL, "");
}

static void
check_count(double n, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	fmt_count(&sb, n);
	assert_string_equal(sb_str(&sb), want);
	sb_free(&sb);
}

static void
test_count(void **state)
{
	(void)state;
	check_count(0, "0");
	check_count(999, "999");
	check_count(1000, "1,000");
	check_count(499500, "499,500");
	check_count(1234567, "1,234,567");
	check_count(-4950, "-4,950");
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

static void
test_bar_chart(void **state)
{
	struct svg_bar bars[] = {
		{ "gw-<a>", 1200, 1000, -1, NULL },
		{ "gw-b", 300, 1000, 950, NULL },
		{ "gw-c", 950, 1000, -1, "custom & note" },
	};
	struct svg_ref refs[] = { { 1000, "limit 1,000" } };
	struct svg_chart c = { "Prefix \"pressure\"", "advertised IPv4",
		bars, 3, refs, 1 };
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	(void)state;
	svg_bar_chart(&a, &c);
	svg_bar_chart(&b, &c);
	assert_string_equal(sb_str(&a), sb_str(&b));
	assert_non_null(strstr(sb_str(&a), "gw-&lt;a&gt;"));
	assert_null(strstr(sb_str(&a), "gw-<a>"));
	assert_non_null(strstr(sb_str(&a), "custom &amp; note"));
	assert_non_null(strstr(sb_str(&a), "1,200 / 1,000 (120%)"));
	/* over, ok, critical colours */
	assert_non_null(strstr(sb_str(&a), svg_pressure_color(
	    PRESSURE_OVER)));
	assert_non_null(strstr(sb_str(&a), svg_pressure_color(
	    PRESSURE_CRITICAL)));
	assert_int_equal(count(sb_str(&a), "<svg"), 1);
	assert_int_equal(count(sb_str(&a), "</svg>"), 1);
	sb_free(&a);
	sb_free(&b);
}

static void
test_topology_scales(void **state)
{
	struct svg_hub hubs[] = { { "hub-a", "eastus", 1000, 990 },
		{ "hub-b", NULL, 7, 0 } };
	struct svg_circuit circ[] = { { "er-1", "Washington DC" } };
	struct svg_link links[] = { { 0, 0 }, { 1, 0 } };
	struct svg_flow flows[] = { { 0, 1, 0, 5000 }, { 1, 0, 0, 4000 },
		{ 0, 0, 0, 980000 } };
	struct svg_topology t = { "Topology", hubs, 2, circ, 1, links, 2,
		flows, 3, NULL };
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	svg_topology(&sb, &t);
	/* 1,000 spokes: 100 dots of 10; 7 spokes: 7 dots; and the two of
	 * the legend. */
	assert_int_equal(count(sb_str(&sb), "<circle"), 109);
	assert_non_null(strstr(sb_str(&sb), "1 dot = 10 spokes"));
	/* a->b and b->a merge into one curve; plus the same-hub loop. */
	assert_int_equal(count(sb_str(&sb), "<path"), 2);
	assert_non_null(strstr(sb_str(&sb), "hub-a \xe2\x86\x92 hub-b: "
	    "5,000, hub-b \xe2\x86\x92 hub-a: 4,000 via er-1 (cross hub)"));
	assert_non_null(strstr(sb_str(&sb), "980,000 via er-1 (same hub)"));
	sb_free(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_bar_chart),
		cmocka_unit_test(test_topology_scales),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
