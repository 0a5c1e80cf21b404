/*
 * expr_fn_data.c - ARM's array, object, comparison, logical and numeric
 * functions (Microsoft's "... functions for ARM templates"): true, false,
 * null, equals, less/greater (OrEquals), coalesce, not, bool, int, json,
 * createArray, array, createObject, union (of objects: nested objects
 * merged), intersection, items (sorted by key), tryGet, flatten, range
 * (at most 10000), add/sub/mul/div/mod (overflow is an error), min, max.
 * and(), or() and if() are parsed in expr.c: they do not evaluate every
 * argument.
 *
 *   ex_data_fns  the table of these functions (expr_int.h)
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"
#include "expr_int.h"

static json_t *
f_bool_const(struct parser *ps, const char *fn, struct jarr *a)
{
	if (a->n != 0)
		return ex_want(ps, fn, "no argument");
	return json_boolean(mp_strcaseeq(fn, "true"));
}

static json_t *
f_null(struct parser *ps, const char *fn, struct jarr *a)
{
	if (a->n != 0)
		return ex_want(ps, fn, "no argument");
	return json_null();
}

/* -- comparison -- */

static json_t *
f_equals(struct parser *ps, const char *fn, struct jarr *a)
{
	if (a->n != 2)
		return ex_want(ps, fn, "two values");
	return json_boolean(json_equal(a->v[0], a->v[1]));
}

static json_t *
f_order(struct parser *ps, const char *fn, struct jarr *a)
{
	int c;

	if (a->n != 2)
		return ex_want(ps, fn, "two values");
	if (json_is_integer(a->v[0]) && json_is_integer(a->v[1])) {
		json_int_t x = json_integer_value(a->v[0]);
		json_int_t y = json_integer_value(a->v[1]);

		c = x < y ? -1 : x > y;
	} else if (json_is_string(a->v[0]) && json_is_string(a->v[1])) {
		c = strcmp(json_string_value(a->v[0]),
		    json_string_value(a->v[1]));
	} else
		return ex_want(ps, fn, "two ints or two strings");
	if (mp_strcaseeq(fn, "less"))
		return json_boolean(c < 0);
	if (mp_strcaseeq(fn, "lessOrEquals"))
		return json_boolean(c <= 0);
	if (mp_strcaseeq(fn, "greater"))
		return json_boolean(c > 0);
	return json_boolean(c >= 0);
}

static json_t *
f_coalesce(struct parser *ps, const char *fn, struct jarr *a)
{
	size_t i;

	if (a->n == 0)
		return ex_want(ps, fn, "arguments");
	for (i = 0; i < a->n; i++)
		if (!json_is_null(a->v[i]))
			return json_incref(a->v[i]);
	return json_null();
}

/* -- logical (and, or, if: in the parser) -- */

static json_t *
f_not(struct parser *ps, const char *fn, struct jarr *a)
{
	if (a->n != 1 || !json_is_boolean(a->v[0]))
		return ex_want(ps, fn, "one bool");
	return json_boolean(json_is_false(a->v[0]));
}

static json_t *
f_bool(struct parser *ps, const char *fn, struct jarr *a)
{
	if (a->n != 1)
		return ex_want(ps, fn, "one value");
	if (json_is_boolean(a->v[0]))
		return json_incref(a->v[0]);
	if (json_is_integer(a->v[0]))
		return json_boolean(json_integer_value(a->v[0]) != 0);
	if (json_is_string(a->v[0])) {
		if (mp_strcaseeq(json_string_value(a->v[0]), "true"))
			return json_true();
		if (mp_strcaseeq(json_string_value(a->v[0]), "false"))
			return json_false();
	}
	return ex_want(ps, fn, "'true', 'false' or an int");
}

static json_t *
f_int(struct parser *ps, const char *fn, struct jarr *a)
{
	const char *s;
	char *end;
	long long v;

	if (a->n != 1)
		return ex_want(ps, fn, "one value");
	if (json_is_integer(a->v[0]))
		return json_incref(a->v[0]);
	if (!json_is_string(a->v[0]))
		return ex_want(ps, fn, "a string or an int");
	s = json_string_value(a->v[0]);
	v = strtoll(s, &end, 10);
	if (end == s || *end != '\0')
		return ex_fail(ps, EXPR_ERROR, "int('%.40s'): not an integer",
		    s);
	return json_integer(v);
}

static json_t *
f_json(struct parser *ps, const char *fn, struct jarr *a)
{
	json_t *r;

	if (a->n != 1 || !json_is_string(a->v[0]))
		return ex_want(ps, fn, "one string");
	r = json_loads(json_string_value(a->v[0]),
	    JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);
	if (r == NULL)
		return ex_fail(ps, EXPR_ERROR, "json(): not valid JSON");
	return r;
}

/* -- arrays and objects -- */

static json_t *
f_create_array(struct parser *ps, const char *fn, struct jarr *a)
{
	json_t *r = json_array();
	size_t i;

	(void)ps;
	(void)fn;
	for (i = 0; i < a->n; i++)
		json_array_append(r, a->v[i]);
	return r;
}

static json_t *
f_array(struct parser *ps, const char *fn, struct jarr *a)
{
	if (a->n != 1)
		return ex_want(ps, fn, "one value");
	if (json_is_array(a->v[0]))
		return json_incref(a->v[0]);
	return json_pack("[O]", a->v[0]);
}

static json_t *
f_create_object(struct parser *ps, const char *fn, struct jarr *a)
{
	json_t *r;
	size_t i;

	if (a->n % 2 != 0)
		return ex_want(ps, fn, "key and value pairs");
	r = json_object();
	for (i = 0; i < a->n; i += 2) {
		if (!json_is_string(a->v[i])) {
			json_decref(r);
			return ex_want(ps, fn, "string keys");
		}
		json_object_set(r, json_string_value(a->v[i]), a->v[i + 1]);
	}
	return r;
}

static json_t *
merge_objects(json_t *into, json_t *from)
{
	const char *k;
	json_t *v, *old;

	json_object_foreach(from, k, v)
	{
		old = json_object_get(into, k);
		if (json_is_object(old) && json_is_object(v)) {
			json_t *m = json_deep_copy(old);

			merge_objects(m, v);
			json_object_set_new(into, k, m);
		} else
			json_object_set(into, k, v);
	}
	return into;
}

static json_t *
f_union(struct parser *ps, const char *fn, struct jarr *a)
{
	json_t *r, *x, *y;
	size_t i, j, k;

	if (a->n < 1)
		return ex_want(ps, fn, "arrays or objects");
	if (ex_all_type(a, 0, JSON_OBJECT)) {
		r = json_object();
		for (i = 0; i < a->n; i++)
			merge_objects(r, a->v[i]);
		return r;
	}
	if (!ex_all_type(a, 0, JSON_ARRAY))
		return ex_want(ps, fn, "only arrays or only objects");
	r = json_array();
	for (i = 0; i < a->n; i++) {
		json_array_foreach(a->v[i], j, x)
		{
			json_array_foreach(r, k, y) if (json_equal(x, y)) break;
			if (k == json_array_size(r))
				json_array_append(r, x);
		}
	}
	return r;
}

static json_t *
f_intersection(struct parser *ps, const char *fn, struct jarr *a)
{
	json_t *r, *x;
	const char *key;
	size_t i, j, k;

	if (a->n < 2)
		return ex_want(ps, fn, "two or more arrays or objects");
	if (ex_all_type(a, 0, JSON_OBJECT)) {
		r = json_object();
		json_object_foreach(a->v[0], key, x)
		{
			for (i = 1; i < a->n; i++)
				if (!json_equal(json_object_get(a->v[i], key),
					x))
					break;
			if (i == a->n)
				json_object_set(r, key, x);
		}
		return r;
	}
	if (!ex_all_type(a, 0, JSON_ARRAY))
		return ex_want(ps, fn, "only arrays or only objects");
	r = json_array();
	json_array_foreach(a->v[0], j, x)
	{
		json_t *y;

		for (i = 1; i < a->n; i++) {
			json_array_foreach(a->v[i], k,
			    y) if (json_equal(x, y)) break;
			if (k == json_array_size(a->v[i]))
				break;
		}
		if (i < a->n)
			continue;
		json_array_foreach(r, k, y) if (json_equal(x, y)) break;
		if (k == json_array_size(r))
			json_array_append(r, x);
	}
	return r;
}

static int
key_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static json_t *
f_items(struct parser *ps, const char *fn, struct jarr *a)
{
	const char **keys, *k;
	json_t *r, *v;
	size_t n = 0, i;

	if (a->n != 1 || !json_is_object(a->v[0]))
		return ex_want(ps, fn, "one object");
	keys = xcalloc(json_object_size(a->v[0]) + 1, sizeof(*keys));
	json_object_foreach(a->v[0], k, v) keys[n++] = k;
	/* ARM returns the items sorted by key. */
	qsort(keys, n, sizeof(*keys), key_cmp);
	r = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(r,
		    json_pack("{s:s, s:O}", "key", keys[i], "value",
			json_object_get(a->v[0], keys[i])));
	free(keys);
	return r;
}

static json_t *
f_try_get(struct parser *ps, const char *fn, struct jarr *a)
{
	json_t *v;
	size_t i;

	if (a->n < 2)
		return ex_want(ps, fn, "a value and keys or indexes");
	v = a->v[0];
	for (i = 1; i < a->n && v != NULL; i++) {
		if (json_is_string(a->v[i]))
			v = ex_obj_get_ci(v, json_string_value(a->v[i]));
		else if (json_is_integer(a->v[i]) && json_is_array(v) &&
		    json_integer_value(a->v[i]) >= 0)
			v = json_array_get(v,
			    (size_t)json_integer_value(a->v[i]));
		else
			v = NULL;
	}
	return v ? json_incref(v) : json_null();
}

static json_t *
f_flatten(struct parser *ps, const char *fn, struct jarr *a)
{
	json_t *r, *x, *y;
	size_t i, j;

	if (a->n != 1 || !json_is_array(a->v[0]))
		return ex_want(ps, fn, "one array of arrays");
	r = json_array();
	json_array_foreach(a->v[0], i, x)
	{
		if (!json_is_array(x)) {
			json_decref(r);
			return ex_want(ps, fn, "an array of arrays");
		}
		json_array_foreach(x, j, y) json_array_append(r, y);
	}
	return r;
}

static json_t *
f_range(struct parser *ps, const char *fn, struct jarr *a)
{
	long long start, count, i;
	json_t *r;

	if (a->n != 2 || !ex_all_type(a, 0, JSON_INTEGER))
		return ex_want(ps, fn, "a start and a count");
	start = json_integer_value(a->v[0]);
	count = json_integer_value(a->v[1]);
	if (count < 0 || count > MAX_RANGE || start > INT_MAX - count)
		return ex_fail(ps, EXPR_ERROR,
		    "range(%lld, %lld): the count must "
		    "be 0 to %d and start + count at most %d",
		    start, count, MAX_RANGE, INT_MAX);
	r = json_array();
	for (i = 0; i < count; i++)
		json_array_append_new(r, json_integer(start + i));
	return r;
}

/* -- numeric -- */

static json_t *
f_arith(struct parser *ps, const char *fn, struct jarr *a)
{
	long long x, y, r;

	if (a->n != 2 || !ex_all_type(a, 0, JSON_INTEGER))
		return ex_want(ps, fn, "two ints");
	x = json_integer_value(a->v[0]);
	y = json_integer_value(a->v[1]);
	if (mp_strcaseeq(fn, "add")) {
		if (__builtin_add_overflow(x, y, &r))
			return ex_fail(ps, EXPR_ERROR, "add() overflows");
	} else if (mp_strcaseeq(fn, "sub")) {
		if (__builtin_sub_overflow(x, y, &r))
			return ex_fail(ps, EXPR_ERROR, "sub() overflows");
	} else if (mp_strcaseeq(fn, "mul")) {
		if (__builtin_mul_overflow(x, y, &r))
			return ex_fail(ps, EXPR_ERROR, "mul() overflows");
	} else {
		if (y == 0 || (x == LLONG_MIN && y == -1))
			return ex_fail(ps, EXPR_ERROR,
			    "%s() by zero or "
			    "overflowing",
			    fn);
		r = mp_strcaseeq(fn, "div") ? x / y : x % y;
	}
	return json_integer(r);
}

static json_t *
f_min_max(struct parser *ps, const char *fn, struct jarr *a)
{
	int is_max = mp_strcaseeq(fn, "max");
	json_t *list = a->n == 1 && json_is_array(a->v[0]) ? a->v[0] : NULL;
	size_t i, n = list ? json_array_size(list) : a->n;
	long long best = 0;

	if (n == 0)
		return ex_want(ps, fn, "ints or an array of ints");
	for (i = 0; i < n; i++) {
		json_t *v = list ? json_array_get(list, i) : a->v[i];
		long long x;

		if (!json_is_integer(v))
			return ex_want(ps, fn, "ints or an array of ints");
		x = json_integer_value(v);
		if (i == 0 || (is_max ? x > best : x < best))
			best = x;
	}
	return json_integer(best);
}

const struct expr_fn ex_data_fns[] = {
	{ .name = "add", .fn = f_arith },
	{ .name = "array", .fn = f_array },
	{ .name = "bool", .fn = f_bool },
	{ .name = "coalesce", .fn = f_coalesce },
	{ .name = "createArray", .fn = f_create_array },
	{ .name = "createObject", .fn = f_create_object },
	{ .name = "div", .fn = f_arith },
	{ .name = "equals", .fn = f_equals },
	{ .name = "false", .fn = f_bool_const },
	{ .name = "flatten", .fn = f_flatten },
	{ .name = "greater", .fn = f_order },
	{ .name = "greaterOrEquals", .fn = f_order },
	{ .name = "int", .fn = f_int },
	{ .name = "intersection", .fn = f_intersection },
	{ .name = "items", .fn = f_items },
	{ .name = "json", .fn = f_json },
	{ .name = "less", .fn = f_order },
	{ .name = "lessOrEquals", .fn = f_order },
	{ .name = "max", .fn = f_min_max },
	{ .name = "min", .fn = f_min_max },
	{ .name = "mod", .fn = f_arith },
	{ .name = "mul", .fn = f_arith },
	{ .name = "not", .fn = f_not },
	{ .name = "null", .fn = f_null },
	{ .name = "range", .fn = f_range },
	{ .name = "sub", .fn = f_arith },
	{ .name = "true", .fn = f_bool_const },
	{ .name = "tryGet", .fn = f_try_get },
	{ .name = "union", .fn = f_union },
};
const size_t ex_data_nfns = MP_NELEM(ex_data_fns);
