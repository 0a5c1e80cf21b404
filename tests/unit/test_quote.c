/* test_quote.c - escaping hostile strings for HCL, Bicep, JSON, Markdown,
 * HTML and ARM, and unique, stable names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "../../emitters/quote.h"
#include "../../lib/arena.h"
#include "../../lib/strbuf.h"

static void
check(void (*fn)(struct strbuf *, const char *), const char *in,
    const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	fn(&sb, in);
	assert_string_equal(sb_str(&sb), want);
	sb_free(&sb);
}

static void
test_hcl(void **state)
{
	(void)state;
	check(hcl_quote, "plain", "\"plain\"");
	check(hcl_quote, "a\"b\\c", "\"a\\\"b\\\\c\"");
	check(hcl_quote, "${var.x}", "\"$${var.x}\"");
	check(hcl_quote, "%{ if true }", "\"%%{ if true }\"");
	check(hcl_quote, "$${x}", "\"$$${x}\"");
	check(hcl_quote, "cost $5 and 50%", "\"cost $5 and 50%\"");
	check(hcl_quote, "l1\nl2\r\t", "\"l1\\nl2\\r\\t\"");
	check(hcl_quote, "bell\x07", "\"bell\\u0007\"");
	check(hcl_quote, "caf\xc3\xa9 \xe2\x82\xac",
	    "\"caf\xc3\xa9 \xe2\x82\xac\"");
	check(hcl_quote, "bad\xff", "\"bad\xEF\xBF\xBD\"");
	check(hcl_quote, "", "\"\"");
}

static void
test_bicep(void **state)
{
	(void)state;
	check(bicep_quote, "it's", "'it\\'s'");
	check(bicep_quote, "a\\b", "'a\\\\b'");
	check(bicep_quote, "${x}", "'\\${x}'");
	check(bicep_quote, "$x %{y}", "'$x %{y}'");
	check(bicep_quote, "l1\nl2", "'l1\\nl2'");
	check(bicep_quote, "\x01", "'\\u{1}'");
	check(bicep_quote, "\xe6\x97\xa5\xe6\x9c\xac",
	    "'\xe6\x97\xa5\xe6\x9c\xac'");
	/* Overlong encoding and a lone surrogate are invalid. */
	check(bicep_quote, "\xc0\xaf", "'\xEF\xBF\xBD\xEF\xBF\xBD'");
	check(bicep_quote, "\xed\xa0\x80",
	    "'\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD'");
}

static void
test_json(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	json_error_t err;
	json_t *j;
	const char *hostile = "q\"b\\s/${x}\n\x01\xc3\xa9";

	(void)state;
	json_quote(&sb, hostile);
	j = json_loads(sb_str(&sb), JSON_DECODE_ANY, &err);
	assert_non_null(j);
	assert_string_equal(json_string_value(j), hostile);
	json_decref(j);
	sb_free(&sb);
	check(json_quote, "bad\xff", "\"bad\xEF\xBF\xBD\"");
}

static void
test_md_html(void **state)
{
	(void)state;
	check(md_escape, "# *x* [a](b)", "\\# \\*x\\* \\[a\\](b)");
	check(md_escape, "line1\n# heading", "line1 # heading");
	check(md_escape, "<script>", "\\<script>");
	check(md_escape, "a|b`c", "a\\|b\\`c");
	/* What reads fine raw stays as it is. */
	check(md_escape, "vnet-app-dev (eastus2) 0.1.0: ok, 10.0.0.0/8",
	    "vnet-app-dev (eastus2) 0.1.0: ok, 10.0.0.0/8");
	check(md_escape, "snet_pe_01 x_y", "snet_pe_01 x_y");
	/* Block starts, only at the start. */
	check(md_escape, "- a - b", "\\- a - b");
	check(md_escape, "+ a", "\\+ a");
	check(md_escape, "> q", "\\> q");
	check(md_escape, "12. x 3. y", "12\\. x 3. y");
	check(md_escape, "1) x", "1\\) x");
	/* Emphasis, entities, mentions, references, emoji, math. */
	check(md_escape, "_x_ a_b", "\\_x\\_ a_b");
	check(md_escape, "&amp; & x", "\\&amp; & x");
	check(md_escape, "@team a@b", "\\@team a@b");
	check(md_escape, "see #12 or C#", "see \\#12 or C#");
	check(md_escape, ":smile: 10:20 a: b", "\\:smile: 10:20 a: b");
	check(md_escape, "${x} ~~y~~", "\\${x} \\~\\~y\\~\\~");
	check(html_escape, "<a href=\"x\">'&'</a>",
	    "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

static void
test_arm_literal(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	assert_string_equal(arm_literal(a, "[concat('a')]"), "[[concat('a')]");
	assert_string_equal(arm_literal(a, "[not closed"), "[not closed");
	assert_string_equal(arm_literal(a, "x[y]"), "x[y]");
	arena_free(a);
}

static void
test_names(void **state)
{
	struct arena *a = arena_new();
	struct namer n;
	const char *x, *y, *z;
	char longname[300];

	(void)state;
	assert_string_equal(name_sanitize(a, "Vnet-Spoke.01", NAME_TF_LABEL),
	    "vnet_spoke_01");
	assert_string_equal(name_sanitize(a, "1abc", NAME_TF_LABEL), "r_1abc");
	assert_string_equal(name_sanitize(a, "\"${x}\"", NAME_TF_LABEL), "x");
	assert_string_equal(name_sanitize(a, "", NAME_AZURE), "x");
	assert_string_equal(name_sanitize(a, "Hub 'A'\n", NAME_AZURE), "Hub-A");
	assert_string_equal(name_sanitize(a, "Wave 1: Pilot", NAME_FILE),
	    "wave-1-pilot");

	namer_init(&n, a, NAME_TF_LABEL);
	x = namer_get(&n, "/sub/a/vnet-1", "vnet-1");
	y = namer_get(&n, "/sub/b/vnet-1", "vnet-1");
	z = namer_get(&n, "/sub/c/vnet_1", "vnet_1");
	assert_string_equal(x, "vnet_1");
	assert_string_not_equal(y, x);
	assert_string_not_equal(z, x);
	assert_string_not_equal(z, y);
	assert_int_equal(strncmp(y, "vnet_1_", 7), 0);
	assert_int_equal(strlen(y), 13);
	/* Same key, same name. */
	assert_ptr_equal(namer_get(&n, "/sub/b/vnet-1", "other"), y);

	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	x = namer_get(&n, "k1", longname);
	y = namer_get(&n, "k2", longname);
	assert_true(strlen(x) <= 64);
	assert_true(strlen(y) <= 64);
	assert_string_not_equal(x, y);
	arena_free(a);
}

/*
 * A namer over another names as the other would from there on: the names
 * given before stay taken and their keys get them back; its own names do
 * not reach the one under it.
 */
static void
test_namer_over(void **state)
{
	struct arena *a = arena_new(), *b = arena_new();
	struct namer n, c, fresh;
	const char *keys[] = { "/sub/a/vnet-1", "/sub/b/vnet-1", "/sub/c/x",
		"/sub/d/y" };
	const char *bases[] = { "vnet-1", "vnet-1", "vnet_1", "y" };
	size_t i;

	(void)state;
	namer_init(&n, a, NAME_TF_LABEL);
	namer_init(&fresh, a, NAME_TF_LABEL);
	for (i = 0; i < 2; i++) {
		namer_get(&n, keys[i], bases[i]);
		namer_get(&fresh, keys[i], bases[i]);
	}
	namer_init_over(&c, b, &n);
	assert_ptr_equal(namer_get(&c, keys[0], "other"),
	    namer_get(&n, keys[0], "z"));
	for (i = 2; i < 4; i++)
		assert_string_equal(namer_get(&c, keys[i], bases[i]),
		    namer_get(&fresh, keys[i], bases[i]));
	/* "y" is c's (key /sub/d/y), not n's. */
	assert_string_not_equal(namer_get(&c, "/sub/f/q", "y"), "y");
	arena_free(b);
	assert_string_equal(namer_get(&n, "/sub/f/q", "y"), "y");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hcl),
		cmocka_unit_test(test_bicep),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_md_html),
		cmocka_unit_test(test_arm_literal),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_namer_over),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
