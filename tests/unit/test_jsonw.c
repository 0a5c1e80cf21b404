/*
 * test_jsonw.c - the streaming JSON writer against jansson: the same value
 * written with jw_* (keys in strcmp order) and with json_dumps(
 * JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(17)) must give the
 * same bytes, for awkward strings, reals, empty and nested containers;
 * jw_raw must lay out compact, spaced and unsorted JSON text the same way,
 * and keep text that is not JSON as a string.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "../../emitters/jsonw.h"
#include "../../lib/strbuf.h"
#include "../../lib/util.h"

static int
key_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Write v with the writer, object keys sorted. */
static void
write_value(struct jw *w, json_t *v)
{
	const char **keys;
	const char *k;
	json_t *x;
	size_t i, n;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		n = json_object_size(v);
		keys = calloc(n + 1, sizeof(*keys));
		i = 0;
		json_object_foreach(v, k, x)
			keys[i++] = k;
		qsort(keys, n, sizeof(*keys), key_cmp);
		jw_open(w, '{');
		for (i = 0; i < n; i++) {
			jw_key(w, keys[i]);
			write_value(w, json_object_get(v, keys[i]));
		}
		jw_close(w, '}');
		free(keys);
		break;
	case JSON_ARRAY:
		jw_open(w, '[');
		json_array_foreach(v, i, x)
			write_value(w, x);
		jw_close(w, ']');
		break;
	case JSON_STRING:
		jw_str(w, json_string_value(v));
		break;
	case JSON_INTEGER:
		jw_int(w, (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		jw_real(w, json_real_value(v));
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		jw_bool(w, json_is_true(v));
		break;
	case JSON_NULL:
		jw_str(w, NULL);
		break;
	}
}

static char *
jansson_text(json_t *v)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(17) | JSON_ENCODE_ANY);

	assert_non_null(s);
	return s;
}

static json_t *
sample(void)
{
	json_error_t err;
	json_t *v;

	v = json_loads("{\"zeta\": [], \"alpha\": {}, \"mid\": {\"b\": [1, "
	    "-2, 9007199254740993, 0.1, 3.0, 1e300, -2.5e-7, 1e20, 0.5, "
	    "123456789.125], \"a\": [[], [{}], {\"x\": null, \"w\": true, "
	    "\"v\": false}]}, \"s\": \"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001"
	    "\\u001f\\u007f caf\\u00e9 \\ud83d\\ude00 \\u2028\", "
	    "\"a_b\": 1, \"a\": 2, \"ab\": 3, \"\": \"empty key\"}",
	    JSON_DECODE_ANY, &err);
	assert_non_null(v);
	return v;
}

static void
test_values_as_jansson(void **state)
{
	json_t *v = sample();
	struct strbuf sb = STRBUF_INIT;
	struct jw w;
	char *want = jansson_text(v);

	(void)state;
	jw_init(&w, &sb);
	write_value(&w, v);
	assert_int_equal(w.depth, 0);
	assert_string_equal(sb_str(&sb), want);
	free(want);
	sb_free(&sb);
	json_decref(v);
}

/* raw text under a key, two levels down, as jansson lays the value out */
static void
check_raw(const char *text, json_t *as)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *outer = json_pack("{s:[o]}", "k", as);
	char *want = jansson_text(outer);
	struct jw w;

	jw_init(&w, &sb);
	jw_open(&w, '{');
	jw_key(&w, "k");
	jw_open(&w, '[');
	jw_raw(&w, text);
	jw_close(&w, ']');
	jw_close(&w, '}');
	assert_string_equal(sb_str(&sb), want);
	free(want);
	sb_free(&sb);
	json_decref(outer);
}

static void
test_raw(void **state)
{
	json_t *v = sample();
	char *compact = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(17));
	char *spaced = json_dumps(v, JSON_INDENT(4));

	(void)state;
	/* Compact and sorted: laid out token by token. */
	check_raw(compact, json_incref(v));
	/* Spaced and in insertion order: re-sorted through jansson. */
	check_raw(spaced, json_incref(v));
	check_raw("  42 ", json_integer(42));
	check_raw("[]", json_array());
	/* Not JSON, or JSON with an error: kept as a string. */
	check_raw("not json", json_string("not json"));
	check_raw("{\"a\":1,}", json_string("{\"a\":1,}"));
	check_raw("{\"a\":01}", json_string("{\"a\":01}"));
	check_raw("[tru]", json_string("[tru]"));
	/* What jansson itself refuses is a string too. */
	check_raw("[1e400]", json_string("[1e400]"));
	check_raw("[9223372036854775808]",
	    json_string("[9223372036854775808]"));
	check_raw("[\"\\ud800\"]", json_string("[\"\\ud800\"]"));
	check_raw("[\"\\u0000\"]", json_string("[\"\\u0000\"]"));
	check_raw("[\"\\q\"]", json_string("[\"\\q\"]"));
	check_raw("[-9223372036854775808, \"\xf0\x9f\x98\x80\"]",
	    json_pack("[Is]", (json_int_t)INT64_MIN, "\xf0\x9f\x98\x80"));
	free(compact);
	free(spaced);
	json_decref(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_as_jansson),
		cmocka_unit_test(test_raw),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
