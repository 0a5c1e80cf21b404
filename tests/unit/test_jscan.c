/*
 * test_jscan.c - the JSON span scanner (lib/jscan.c) against jansson:
 * what the strict scan accepts jansson reads, as one value ending where
 * the scan says; what jansson reads the skim walks, member by member,
 * into spans jansson reads as the same keys and values; texts whose
 * brackets or strings do not close the skim refuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "../../lib/jscan.h"
#include "../../lib/util.h"

static json_t *
jload(const char *s, size_t n)
{
	return json_loadb(s, n, JSON_DECODE_ANY, NULL);
}

/* The loader's reading: a key twice is an error. */
static json_t *
jload_nodup(const char *s, size_t n)
{
	return json_loadb(s, n, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES,
	    NULL);
}

static bool
loads(const char *s, size_t n)
{
	json_t *j = jload(s, n);

	json_decref(j);
	return j != NULL;
}

/* The strict scan of all of s[0..n): one value, whitespace around it. */
static bool
strict_doc(const char *s, size_t n)
{
	struct jscan c = { s, 0, n, 0 };

	jscan_skip_ws(&c);
	if (!jscan_value(&c))
		return false;
	jscan_skip_ws(&c);
	return c.i == n && c.depth == 0;
}

static void
test_strict_cases(void **state)
{
	static const struct {
		const char *text;
		bool ok;
	} cases[] = {
		{ "{\"name\": \"hub\", \"properties\": {\"addressSpace\": "
		  "{\"addressPrefixes\": [\"10.0.0.0/16\"]}, \"subnets\": [], "
		  "\"enableDdosProtection\": false, \"x\": null, "
		  "\"n\": [0, -1, 12, 3.25, -0.5]}}", true },
		{ " \t\r\n[ ] ", true }, { "{}", true }, { "\"a\\\"\\\\\\/\\b"
		  "\\f\\n\\r\\t\"", true }, { "true", true }, { "false", true },
		{ "null", true }, { "-0", true }, { "123456789012345678", true },
		{ "1234567890123456789", false },	/* jansson's */
		{ "1.5e3", false }, { "1E3", false },	/* exponents: jansson's */
		{ "123456789012345678.12", false },	/* long reals */
		{ "\"\\u0041\"", false }, { "\"\xc3\xa9\"", false },
		{ "\"\x01\"", false },
		/* Not JSON. */
		{ "", false }, { " ", false }, { "01", false }, { "1.", false },
		{ ".5", false }, { "-", false }, { "+1", false },
		{ "[1,]", false }, { "{\"a\": 1,}", false }, { "[,1]", false },
		{ "{,}", false }, { "[1 2]", false }, { "{\"a\" 1}", false },
		{ "{\"a\": }", false }, { "{1: 2}", false }, { "[1", false },
		{ "[1}", false }, { "{\"a\": 1]", false }, { "]", false },
		{ "\"abc", false }, { "\"\\x\"", false }, { "\"\\", false },
		{ "tru", false }, { "nul", false }, { "truex", false },
		{ "[true false]", false }, { "1 2", false }, { "{} {}", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < MP_NELEM(cases); i++) {
		const char *t = cases[i].text;
		size_t n = strlen(t);

		if (strict_doc(t, n) != cases[i].ok)
			fail_msg("case %zu: %s", i, t);
		if (cases[i].ok && !loads(t, n))
			fail_msg("case %zu: jansson refuses %s", i, t);
	}
}

/* A string of one byte, every byte: the strict scan takes it exactly when
 * jansson reads it (ASCII; a lone byte of 0x80 or more is not UTF-8). */
static void
test_strict_bytes(void **state)
{
	char t[3];
	int b;

	(void)state;
	for (b = 0; b < 256; b++) {
		t[0] = '"';
		t[1] = (char)b;
		t[2] = '"';
		if (strict_doc(t, 3) != loads(t, 3))
			fail_msg("byte 0x%02x", b);
	}
}

/* Depth: JSCAN_MAX_DEPTH brackets are scanned, one more is refused. */
static void
test_strict_depth(void **state)
{
	char t[2 * JSCAN_MAX_DEPTH + 4];
	size_t d;

	(void)state;
	for (d = JSCAN_MAX_DEPTH; d <= JSCAN_MAX_DEPTH + 1; d++) {
		memset(t, '[', d);
		memset(t + d, ']', d);
		assert_int_equal(strict_doc(t, 2 * d), d <= JSCAN_MAX_DEPTH);
	}
}

/* A string's span and its escapes, a number's end, a text's end that is
 * not a NUL. */
static void
test_strict_spans(void **state)
{
	static const char t[] = "\"ab\\n\" 12.5,";
	struct jscan c = { t, 0, sizeof(t) - 1, 0 };
	bool esc;

	(void)state;
	assert_true(jscan_string(&c, &esc));
	assert_true(esc);
	assert_int_equal(c.i, 6);
	jscan_skip_ws(&c);
	assert_true(jscan_number(&c));
	assert_int_equal(c.i, 11);
	assert_int_equal(jscan_peek(&c), ',');
	/* The text ends before the bytes after it. */
	c.s = "[1, 2]";
	c.i = 0;
	c.n = 5;
	assert_false(jscan_value(&c));
	c.s = "true";
	c.i = 0;
	c.n = 3;
	assert_false(jscan_value(&c));
	c.s = "\"ab\"";
	c.n = 3;
	assert_false(jscan_value(&c));
	c.s = "truex";
	c.i = 0;
	c.n = 4;
	assert_true(jscan_value(&c));
	assert_int_equal(jscan_peek(&c), '\0');
}

/*
 * The skim of a text jansson reads: one value, the whole text less its
 * whitespace, and walked member by member (one level down too) into
 * spans jansson reads as the same keys and values. Returns false (and
 * says why) when it does not agree.
 */
static bool
skim_agrees(const char *s, size_t n, const json_t *full)
{
	struct jspan v, key, val;
	struct jskim k;
	size_t i = 0;
	json_t *got;
	bool same;
	int r;

	if (!jskim_doc(s, n, &v) || v.off != jscan_ws(s, n, 0))
		return false;
	if (!json_is_object(full) && !json_is_array(full))
		return !jskim_enter(&k, s, v);
	if (!jskim_enter(&k, s, v))
		return false;
	while ((r = jskim_next(&k, &key, &val)) == 1) {
		const json_t *want;

		if (json_is_object(full)) {
			json_t *kj;
			char *ks = malloc(key.len + 3);

			/* The key's raw bytes are a JSON string body. */
			ks[0] = '"';
			memcpy(ks + 1, s + key.off, key.len);
			ks[key.len + 1] = '"';
			kj = jload(ks, key.len + 2);
			free(ks);
			want = json_object_get(full, json_string_value(kj));
			json_decref(kj);
		} else
			want = json_array_get(full, i);
		if (want == NULL || (got = jload(s + val.off, val.len)) == NULL)
			return false;
		same = json_equal(got, want) && ((!json_is_object(want) &&
		    !json_is_array(want)) || skim_agrees(s + val.off, val.len,
		    want));
		json_decref(got);
		if (!same)
			return false;
		i++;
	}
	return r == 0 && i == (json_is_object(full) ? json_object_size(full) :
	    json_array_size(full));
}

static void
test_skim_cases(void **state)
{
	static const char *const valid[] = {
		"{\"id\": \"/s/1\", \"a\": [1, {\"b\": \"]}\\\"\"}, []], "
		"\"k\\\\\": \"v\\\\\", \"e\": {}}",
		" [ \"x\" , 1.5e3 , -2 , true , null , { } ] ",
		"{\"value\": [{\"id\": \"a\"}, {\"id\": \"b\\u00e9\"}], "
		"\"nextLink\": null}",
		"\"plain\"", "12", "[]",
	};
	static const char *const broken[] = {
		"", "  ", "[1", "{\"a\": \"x}", "\"abc", "]", "}", "[1]]",
		"[1] [2]", "{\"a\\\"}", "[\"\\\\\"\"]",
	};
	size_t i;
	json_t *j;

	(void)state;
	for (i = 0; i < MP_NELEM(valid); i++) {
		j = jload_nodup(valid[i], strlen(valid[i]));
		assert_non_null(j);
		if (!skim_agrees(valid[i], strlen(valid[i]), j))
			fail_msg("valid %zu: %s", i, valid[i]);
		json_decref(j);
	}
	for (i = 0; i < MP_NELEM(broken); i++) {
		struct jspan v;

		assert_false(loads(broken[i], strlen(broken[i])));
		if (jskim_doc(broken[i], strlen(broken[i]), &v))
			fail_msg("broken %zu: %s", i, broken[i]);
	}
}

/* The members of an object, malformed between them: -1. */
static void
test_skim_malformed_members(void **state)
{
	static const char *const bad[] = {
		"{\"a\" 1}", "{\"a\": 1 \"b\": 2}", "{1: 2}", "{\"a\": }",
		"[1 2]", "{\"a\": 1,}", "[,]",
	};
	struct jspan v, key, val;
	struct jskim k;
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < MP_NELEM(bad); i++) {
		assert_false(loads(bad[i], strlen(bad[i])));
		assert_true(jskim_doc(bad[i], strlen(bad[i]), &v));
		assert_true(jskim_enter(&k, bad[i], v));
		while ((r = jskim_next(&k, &key, &val)) == 1)
			;
		if (r != -1)
			fail_msg("bad %zu: %s", i, bad[i]);
	}
}

/*
 * Differential, a fixed seed (printed on failure): every prefix and one-
 * and two-byte change of a valid text. What the strict scan takes,
 * jansson reads; what jansson reads, the skim walks as jansson reads it.
 */
static void
test_mutations(void **state)
{
	static const char base[] = "{\"name\": \"s1\", \"properties\": "
	    "{\"addressPrefix\": \"10.1.0.0/24\", \"n\": [1, -20, 3.5, "
	    "\"x\\ny\", {\"b\": null, \"c\": true}], \"d\": \"\\/\", "
	    "\"e\": false}, \"t\": [[], {}]}";
	static const char bytes[] = "{}[]\",:\\ 0123456789.eE+-tfnulrsx\x01";
	char t[sizeof(base)];
	unsigned seed = 23;
	size_t i, n = strlen(base), k, m, strict = 0, read = 0;
	json_t *j;

	(void)state;
	assert_true(strict_doc(base, n));
	for (i = 0; i <= n; i++) {
		if (strict_doc(base, i) && !loads(base, i))
			fail_msg("prefix %zu", i);
		if ((j = jload_nodup(base, i)) != NULL &&
		    !skim_agrees(base, i, j))
			fail_msg("skim, prefix %zu", i);
		json_decref(j);
	}
	for (k = 0; k < 30000; k++) {
		memcpy(t, base, n + 1);
		for (m = 0; m < 1 + k % 2; m++) {
			seed = seed * 1103515245u + 12345u;
			i = (seed >> 8) % n;
			t[i] = bytes[(seed >> 20) % (sizeof(bytes) - 1)];
		}
		if (strict_doc(t, n)) {
			strict++;
			if (!loads(t, n))
				fail_msg("strict, step %zu: \"%s\"", k, t);
		}
		if ((j = jload_nodup(t, n)) != NULL) {
			read++;
			if (!skim_agrees(t, n, j))
				fail_msg("skim, step %zu: \"%s\"", k, t);
			json_decref(j);
		}
	}
	/* The mutations reach both sides (the test can fail). */
	assert_true(strict > 1000);
	assert_true(read > 1000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strict_cases),
		cmocka_unit_test(test_strict_bytes),
		cmocka_unit_test(test_strict_depth),
		cmocka_unit_test(test_strict_spans),
		cmocka_unit_test(test_skim_cases),
		cmocka_unit_test(test_skim_malformed_members),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
