/*
 * test_jsontext.c - the JSON reading layer below the loaders: the
 * pre-pass's line map (jtext_advance, jtext_line), diagnostics that show
 * the line with a caret (jtext_diag, diag_set_source, diag_print), the
 * JSON Pointer helpers against RFC 6901's own examples, and the fast
 * path's check (jfast_valid) against jansson.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../input/jsonfile.h"
#include "../../lib/arena.h"
#include "../../lib/diag.h"
#include "../../lib/util.h"

/* Pre-pass text (a copy of it) into a jtext; NULL and d's diagnostic
 * when it fails. */
static struct jtext *
text_of(const char *s, struct diags *d)
{
	size_t n = strlen(s);
	unsigned char *buf = xmalloc(n + 1);

	memcpy(buf, s, n);
	return jfile_text("t.json", buf, n, NULL, d);
}

/* What diag_print writes for g. */
static char *
printed(const struct diag *g)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	diag_print(fp, g);
	fclose(fp);
	return buf;
}

/* The one diagnostic of parsing s, printed. */
static char *
parse_error(const char *s)
{
	struct arena *a = arena_new();
	struct diags d;
	json_t *v;
	char *out;

	diags_init(&d, a);
	v = jfile_parse("t.json", (const unsigned char *)s, strlen(s), NULL,
	    &d);
	assert_null(v);
	assert_int_equal(d.n, 1);
	out = printed(&d.v[0]);
	arena_free(a);
	return out;
}

/* Lines and columns of the strict text are the file's: comments are
 * blanked in place, an escaped newline joins two of its lines. */
static void
test_line_map(void **state)
{
	/* Line 2 holds a string that goes on to line 3. */
	static const char src[] = "{ // c\n\"a\": \"x\ny\", /* b\n */\n"
	    "\"\xc3\xa9\": [1,]}\n";
	struct arena *a = arena_new();
	struct diags d;
	struct jtext *t;
	struct jpos p = { 1, 0 };
	size_t off = 0;
	const char *k;

	(void)state;
	diags_init(&d, a);
	t = text_of(src, &d);
	assert_non_null(t);
	assert_int_equal(d.n, 0);
	/* The text is strict now; the trailing comma became a space. */
	json_decref(NULL);
	assert_null(strstr(t->s, "//"));
	assert_non_null(strstr(t->s, "[1 ]"));
	/* The key "é" is on the text's line 4, the file's line 5. */
	k = strstr(t->s, "\"\xc3\xa9\"");
	assert_non_null(k);
	jtext_advance(t, &off, &p, (size_t)(k - t->s) + 4);
	assert_int_equal(p.line, 4);
	assert_int_equal(p.col, 3);	/* '"', 'é', '"': characters */
	assert_int_equal(jtext_line(t, 1), 1);
	assert_int_equal(jtext_line(t, 2), 2);
	assert_int_equal(jtext_line(t, 3), 4);
	assert_int_equal(jtext_line(t, 4), 5);
	jtext_free(t);
	arena_free(a);
}

/* jansson's error, at the file's line:column, the line shown with a
 * caret under the column. */
static void
test_caret_syntax(void **state)
{
	char *s;

	(void)state;
	s = parse_error("{\n  \"a\": 1,\n  \"b\": tru\n}\n");
	assert_string_equal(s, "t.json:3:10: error: invalid token near "
	    "'tru' [json-syntax]\n"
	    " 3 |   \"b\": tru\n"
	    "   |          ^\n");
	free(s);
	/* After a comment, and a CRLF line end (not shown): the line is
	 * the pre-pass's, the comment blanked. */
	s = parse_error("/* x */ {\"a\": 1 \"b\": 2}\r\n");
	assert_string_equal(s, "t.json:1:19: error: '}' expected near "
	    "'\"b\"' [json-syntax]\n"
	    " 1 |         {\"a\": 1 \"b\": 2}\n"
	    "   |                   ^\n");
	free(s);
	s = parse_error("{\"k\": 1,\n \"k\": 2}");
	assert_string_equal(s, "t.json:2:4: error: duplicate object key "
	    "near '\"k\"' [json-duplicate-key]\n"
	    " 2 |  \"k\": 2}\n"
	    "   |    ^\n");
	free(s);
	/* A tab is shown as one space, so that the caret lines up. */
	s = parse_error("[\n\t1 2]");
	assert_string_equal(s, "t.json:2:4: error: ']' expected near '2' "
	    "[json-syntax]\n"
	    " 2 |  1 2]\n"
	    "   |    ^\n");
	free(s);
}

/* The pre-pass's own errors show their line too. */
static void
test_caret_prepass(void **state)
{
	char *s;

	(void)state;
	s = parse_error("{\"value\": [\n  {\"id\": \"x\"");
	assert_string_equal(s, "t.json:2:3: error: file ends with 3 "
	    "unclosed bracket(s) (truncated?); the innermost opens here "
	    "[json-truncated]\n"
	    " 2 |   {\"id\": \"x\"\n"
	    "   |   ^\n");
	free(s);
	s = parse_error("{\"a\": \"abc");
	assert_string_equal(s, "t.json:1:7: error: file ends inside a "
	    "string (truncated?) [json-truncated]\n"
	    " 1 | {\"a\": \"abc\n"
	    "   |       ^\n");
	free(s);
	s = parse_error("{\"a\": [1,\n 2}");
	assert_string_equal(s, "t.json:2:3: error: '}' closes the '[' "
	    "opened at 1:7 [json-syntax]\n"
	    " 2 |  2}\n"
	    "   |   ^\n");
	free(s);
	/* Not UTF-8: the line is not shown (it is not text). */
	s = parse_error("{\"a\": \"\xff\"}");
	assert_string_equal(s, "t.json:1:8: error: invalid UTF-8 byte 0xff "
	    "(not UTF-8 text?) [file-encoding]\n");
	free(s);
}

/* A long line is cut to a window around the caret; control characters
 * and C1 controls in it never reach the terminal. */
static void
test_source_window(void **state)
{
	struct arena *a = arena_new();
	struct diags d;
	struct diag *g;
	char line[400], *s;

	(void)state;
	diags_init(&d, a);
	memset(line, 'x', sizeof(line));
	line[200] = '!';
	g = diag_add(&d, DIAG_ERROR, "c", "f", 1, 201, NULL, NULL, "m");
	diag_set_source(&d, g, line, sizeof(line), 200);
	assert_int_equal(strlen(g->source), 3 + 72 + 72 + 3);
	assert_memory_equal(g->source, "...", 3);
	assert_int_equal(g->caret, 3 + 72);
	assert_int_equal(g->source[g->caret], '!');
	/* Characters, not bytes, before the caret. */
	g = diag_add(&d, DIAG_ERROR, "c", "f", 7, 3, NULL, NULL, "m");
	diag_set_source(&d, g, "\xc3\xa9\x1b[2J\xc2\x9b!", 9, 8);
	assert_int_equal(g->caret, 6);
	s = printed(g);
	assert_string_equal(s, "f:7:3: error: m [c]\n"
	    " 7 | \xc3\xa9 [2J !\n"
	    "   |       ^\n");
	free(s);
	arena_free(a);
}

/* RFC 6901, section 5: every pointer of its example resolves to the
 * value the RFC names. */
static void
test_pointer_rfc6901(void **state)
{
	static const char doc_text[] = "{\"foo\": [\"bar\", \"baz\"], \"\": 0, "
	    "\"a/b\": 1, \"c%d\": 2, \"e^f\": 3, \"g|h\": 4, \"i\\\\j\": 5, "
	    "\"k\\\"l\": 6, \" \": 7, \"m~n\": 8}";
	static const struct {
		const char *ptr, *want;
	} cases[] = {
		{ "/foo", "[\"bar\",\"baz\"]" }, { "/foo/0", "\"bar\"" },
		{ "/", "0" }, { "/a~1b", "1" }, { "/c%d", "2" },
		{ "/e^f", "3" }, { "/g|h", "4" }, { "/i\\j", "5" },
		{ "/k\"l", "6" }, { "/ ", "7" }, { "/m~0n", "8" },
	};
	static const char *const none[] = {
		"/foo/2", "/foo/01", "/foo/-", "/foo/x", "/x", "/m~2n", "foo",
		"/foo/0/x", "/foo/18446744073709551617",
	};
	struct arena *a = arena_new();
	json_t *doc = json_loads(doc_text, 0, NULL), *v;
	size_t i;
	char *s;

	(void)state;
	assert_non_null(doc);
	assert_ptr_equal(jptr_get(doc, ""), doc);
	for (i = 0; i < MP_NELEM(cases); i++) {
		v = jptr_get(doc, cases[i].ptr);
		assert_non_null(v);
		s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		assert_string_equal(s, cases[i].want);
		free(s);
	}
	for (i = 0; i < MP_NELEM(none); i++)
		assert_null(jptr_get(doc, none[i]));
	/* What jptr_key makes, jptr_get finds. */
	assert_string_equal(jptr_key(a, "", "a/b"), "/a~1b");
	assert_string_equal(jptr_key(a, "/x", "m~n"), "/x/m~0n");
	assert_string_equal(jptr_index(a, "/foo", 1), "/foo/1");
	assert_ptr_equal(jptr_get(doc, jptr_key(a, "", "m~n")),
	    json_object_get(doc, "m~n"));
	assert_ptr_equal(jptr_get(doc, jptr_index(a, jptr_key(a, NULL,
	    "foo"), 1)), json_array_get(json_object_get(doc, "foo"), 1));
	json_decref(doc);
	arena_free(a);
}

static bool
loads(const char *t)
{
	json_t *j = json_loadb(t, strlen(t), JSON_REJECT_DUPLICATES |
	    JSON_DECODE_ANY, NULL);

	json_decref(j);
	return j != NULL;
}

/* jfast_valid says yes only where jansson reads the text, and to the
 * common kind of text. */
static void
test_fast_valid(void **state)
{
	static const struct {
		const char *text;
		bool valid;
	} cases[] = {
		{ "{\"id\": \"/x\", \"n\": [1, -2, 0, true, false, null, {}, "
		  "[]], \"r\": -1.25e-07, \"e\": \"W/\\\"1\\\" \\u00e9\"}",
		  true },
		{ "[1.5, 2E+10, 0.000001]", true },
		{ "\"\\ud83d\\ude00\"", true },
		{ "[1e99]", true },
		{ "[1e100]", false },		/* near overflow: jansson's */
		{ "[1234567890123456789]", false },
		{ "[01]", false }, { "[1.]", false }, { "[.5]", false },
		{ "[-]", false }, { "[1e]", false },
		{ "{\"a\": 1, \"a\": 2}", false },
		{ "{\"a\\u0041\": 1}", false },	/* an escaped key */
		{ "\"\\u0000\"", false }, { "\"\\udc00\"", false },
		{ "[\"\x01\"]", false }, { "{\"a\": 1,}", false },
		{ "[1] 2", false }, { "", false }, { "[truex]", false },
		/* Not UTF-8 (the check takes any bytes). */
		{ "[\"\xff\"]", false }, { "{\"\xa2\": 1}", false },
		{ "[\"\xc3\"]", false }, { "[\"\xed\xa0\x80\"]", false },
		{ "[\"\xc3\xa9\xe2\x82\xac\"]", true },
	};
	char many[512];
	size_t i, n;

	(void)state;
	for (i = 0; i < MP_NELEM(cases); i++) {
		const char *t = cases[i].text;

		if (jfast_valid(t, strlen(t)) != cases[i].valid)
			fail_msg("case %zu: %s", i, t);
		if (cases[i].valid)
			assert_true(loads(t));
	}
	/* More keys than it compares: left to jansson, which reads it. */
	n = (size_t)snprintf(many, sizeof(many), "{");
	for (i = 0; i < 40; i++)
		n += (size_t)snprintf(many + n, sizeof(many) - n, "%s\"k%zu\":"
		    " %zu", i ? ", " : "", i, i);
	snprintf(many + n, sizeof(many) - n, "}");
	assert_false(jfast_valid(many, strlen(many)));
	assert_true(loads(many));
}

/*
 * Differential: every prefix and every one-byte change of a valid text
 * that jfast_valid takes, jansson reads (a fixed seed; printed on
 * failure).
 */
static void
test_fast_valid_mutations(void **state)
{
	static const char base[] = "{\"a\": [1, -20, 3.5e-2, \"x\\ny\", "
	    "{\"b\": null, \"c\": true}], \"d\": \"\\u00e9\", \"e\": false}";
	static const char bytes[] = "{}[]\",:\\ 0123456789.eE+-tfnulrsx";
	char t[sizeof(base)];
	unsigned seed = 19;
	size_t i, n = strlen(base), k;

	(void)state;
	for (i = 0; i <= n; i++) {
		memcpy(t, base, i);
		t[i] = '\0';
		if (jfast_valid(t, i) && !loads(t))
			fail_msg("prefix %zu: \"%s\"", i, t);
	}
	for (k = 0; k < 20000; k++) {
		seed = seed * 1103515245u + 12345u;
		memcpy(t, base, n + 1);
		i = (seed >> 8) % n;
		t[i] = bytes[(seed >> 20) % (sizeof(bytes) - 1)];
		if (jfast_valid(t, n) && !loads(t))
			fail_msg("seed step %zu: \"%s\"", k, t);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_map),
		cmocka_unit_test(test_caret_syntax),
		cmocka_unit_test(test_caret_prepass),
		cmocka_unit_test(test_source_window),
		cmocka_unit_test(test_pointer_rfc6901),
		cmocka_unit_test(test_fast_valid),
		cmocka_unit_test(test_fast_valid_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
