/*
 * expr_fn_text.c - ARM's string functions (Microsoft's "String functions
 * for ARM templates"), and those it defines on strings and arrays alike:
 * concat, format, toLower/toUpper, length, empty, contains, indexOf and
 * lastIndexOf, startsWith/endsWith, first/last/skip/take, substring,
 * replace, split, trim, padLeft, string, uri, join. equals() and
 * contains() on strings are case-sensitive; indexOf(), lastIndexOf(),
 * startsWith() and endsWith() are not. Positions and lengths count
 * Unicode code points.
 *
 *   ex_text_fns  the table of these functions (expr_int.h)
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "expr_int.h"

static json_t *
f_concat(struct parser *ps, const char *fn, struct jarr *a)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, j;
	json_t *r;

	if (a->n == 0)
		return ex_want(ps, fn, "arguments");
	if (json_is_array(a->v[0])) {
		r = json_array();
		for (i = 0; i < a->n; i++) {
			if (!json_is_array(a->v[i])) {
				json_decref(r);
				return ex_fail(ps, EXPR_ERROR,
				    "concat() mixes arrays and strings");
			}
			for (j = 0; j < json_array_size(a->v[i]); j++)
				json_array_append(r,
				    json_array_get(a->v[i], j));
			if (json_array_size(r) > ex_max_size(ps->env)) {
				json_decref(r);
				return ex_fail(ps, EXPR_SIZE,
				    "an array longer "
				    "than %zu",
				    ex_max_size(ps->env));
			}
		}
		return r;
	}
	for (i = 0; i < a->n; i++) {
		if (json_is_array(a->v[i]) || ex_render(&sb, a->v[i]) != 0) {
			sb_free(&sb);
			return ex_fail(ps, EXPR_ERROR,
			    "concat() argument %zu is not a string", i + 1);
		}
	}
	return ex_sb_result(ps, &sb); /* str_new checks the size */
}

static json_t *
f_format(struct parser *ps, const char *fn, struct jarr *a)
{
	struct strbuf sb = STRBUF_INIT;
	const char *f;

	if (a->n < 1 || !json_is_string(a->v[0]))
		return ex_want(ps, fn, "a format string first");
	for (f = json_string_value(a->v[0]); *f; f++) {
		if (f[0] == '{' && f[1] == '{') {
			sb_putc(&sb, '{');
			f++;
		} else if (f[0] == '}' && f[1] == '}') {
			sb_putc(&sb, '}');
			f++;
		} else if (f[0] == '{') {
			char *end;
			long n = strtol(f + 1, &end, 10);

			if (end == f + 1 || *end != '}') {
				sb_free(&sb);
				return ex_fail(ps, EXPR_UNSUPPORTED,
				    "format() placeholder other than {n}");
			}
			if (n < 0 || (size_t)n + 1 >= a->n ||
			    ex_render(&sb, a->v[n + 1]) != 0) {
				sb_free(&sb);
				return ex_fail(ps, EXPR_ERROR,
				    "format() placeholder {%ld} has no "
				    "string value",
				    n);
			}
			if (sb.len > ex_max_size(ps->env)) {
				sb_free(&sb);
				return ex_fail(ps, EXPR_SIZE,
				    "a string longer "
				    "than %zu bytes",
				    ex_max_size(ps->env));
			}
			f = end;
		} else
			sb_putc(&sb, *f);
	}
	return ex_sb_result(ps, &sb);
}

static json_t *
f_case(struct parser *ps, const char *fn, struct jarr *a)
{
	char *s;
	json_t *r;
	size_t i;
	int upper = mp_strcaseeq(fn, "toUpper");

	if (a->n != 1 || !json_is_string(a->v[0]))
		return ex_want(ps, fn, "one string");
	s = xstrdup(json_string_value(a->v[0]));
	for (i = 0; s[i]; i++)
		s[i] = (char)(upper ? toupper((unsigned char)s[i]) :
				      tolower((unsigned char)s[i]));
	r = ex_str_new(ps, s, strlen(s));
	free(s);
	return r;
}

/* -- strings and arrays -- */

static json_t *
f_length(struct parser *ps, const char *fn, struct jarr *a)
{
	if (a->n != 1)
		return ex_want(ps, fn, "one value");
	if (json_is_string(a->v[0]))
		return json_integer(
		    (json_int_t)ex_cp_len(json_string_value(a->v[0])));
	if (json_is_array(a->v[0]))
		return json_integer((json_int_t)json_array_size(a->v[0]));
	if (json_is_object(a->v[0]))
		return json_integer((json_int_t)json_object_size(a->v[0]));
	return ex_want(ps, fn, "a string, an array or an object");
}

static json_t *
f_empty(struct parser *ps, const char *fn, struct jarr *a)
{
	json_t *v;

	if (a->n != 1)
		return ex_want(ps, fn, "one value");
	v = a->v[0];
	if (json_is_null(v))
		return json_true();
	if (json_is_string(v))
		return json_boolean(json_string_length(v) == 0);
	if (json_is_array(v))
		return json_boolean(json_array_size(v) == 0);
	if (json_is_object(v))
		return json_boolean(json_object_size(v) == 0);
	return ex_want(ps, fn, "a string, an array or an object");
}

static json_t *
f_contains(struct parser *ps, const char *fn, struct jarr *a)
{
	json_t *c, *x;
	size_t i;

	if (a->n != 2)
		return ex_want(ps, fn, "a container and an item");
	c = a->v[0];
	if (json_is_string(c)) {
		struct strbuf sb = STRBUF_INIT;
		int r;

		if (ex_render(&sb, a->v[1]) != 0) {
			sb_free(&sb);
			return ex_want(ps, fn, "a string item for a string");
		}
		r = strstr(json_string_value(c), sb_str(&sb)) != NULL;
		sb_free(&sb);
		return json_boolean(r);
	}
	if (json_is_object(c)) {
		if (!json_is_string(a->v[1]))
			return ex_want(ps, fn, "a string key for an object");
		return json_boolean(
		    ex_obj_get_ci(c, json_string_value(a->v[1])) != NULL);
	}
	if (json_is_array(c)) {
		json_array_foreach(c, i,
		    x) if (json_equal(x, a->v[1])) return json_true();
		return json_false();
	}
	return ex_want(ps, fn, "a string, an array or an object");
}

/* ASCII case-insensitive search; byte offset or -1. */
static long
ci_find(const char *s, const char *t, int last)
{
	size_t n = strlen(s), m = strlen(t), i;
	long r = -1;

	if (m > n)
		return -1;
	for (i = 0; i + m <= n; i++) {
		size_t k;

		for (k = 0; k < m; k++)
			if (tolower((unsigned char)s[i + k]) !=
			    tolower((unsigned char)t[k]))
				break;
		if (k == m) {
			r = (long)i;
			if (!last)
				break;
		}
	}
	return r;
}

static json_t *
f_index_of(struct parser *ps, const char *fn, struct jarr *a)
{
	int last = mp_strcaseeq(fn, "lastIndexOf");
	size_t i, n;
	long b;

	if (a->n != 2)
		return ex_want(ps, fn, "two values");
	if (json_is_array(a->v[0])) {
		n = json_array_size(a->v[0]);
		for (i = 0; i < n; i++) {
			size_t k = last ? n - 1 - i : i;

			if (json_equal(json_array_get(a->v[0], k), a->v[1]))
				return json_integer((json_int_t)k);
		}
		return json_integer(-1);
	}
	if (!json_is_string(a->v[0]) || !json_is_string(a->v[1]))
		return ex_want(ps, fn, "two strings or an array and an item");
	b = ci_find(json_string_value(a->v[0]), json_string_value(a->v[1]),
	    last);
	if (b < 0)
		return json_integer(-1);
	return json_integer(
	    (json_int_t)ex_cp_index(json_string_value(a->v[0]), (size_t)b));
}

static json_t *
f_starts_ends(struct parser *ps, const char *fn, struct jarr *a)
{
	if (a->n != 2 || !json_is_string(a->v[0]) || !json_is_string(a->v[1]))
		return ex_want(ps, fn, "two strings");
	if (mp_strcaseeq(fn, "startsWith"))
		return json_boolean(
		    mp_strcase_prefix(json_string_value(a->v[0]),
			json_string_value(a->v[1])));
	return json_boolean(mp_strcase_suffix(json_string_value(a->v[0]),
	    json_string_value(a->v[1])));
}

/* first(), last(), skip(), take() on a string or an array. */
static json_t *
f_slice(struct parser *ps, const char *fn, struct jarr *a)
{
	int first = mp_strcaseeq(fn, "first"), last = mp_strcaseeq(fn, "last");
	int skip = mp_strcaseeq(fn, "skip");
	long long from, to, n, count = 0;
	json_t *v;

	if ((first || last) ? a->n != 1 :
			      (a->n != 2 || !json_is_integer(a->v[1])))
		return ex_want(ps, fn,
		    (first || last) ? "one value" : "a value and a count");
	v = a->v[0];
	if (json_is_string(v))
		n = (long long)ex_cp_len(json_string_value(v));
	else if (json_is_array(v))
		n = (long long)json_array_size(v);
	else
		return ex_want(ps, fn, "a string or an array");
	if (!first && !last) {
		count = json_integer_value(a->v[1]);
		if (count < 0)
			count = 0;
		if (count > n)
			count = n;
	}
	if (first) {
		if (n == 0)
			return json_is_string(v) ? json_string("") :
						   json_null();
		from = 0, to = 1;
	} else if (last) {
		if (n == 0)
			return json_is_string(v) ? json_string("") :
						   json_null();
		from = n - 1, to = n;
	} else if (skip)
		from = count, to = n;
	else
		from = 0, to = count;
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		size_t b0 = ex_cp_off(s, (size_t)from);
		size_t b1 = ex_cp_off(s, (size_t)to);

		return ex_str_new(ps, s + b0, b1 - b0);
	}
	if (first || last)
		return json_incref(json_array_get(v, (size_t)from));
	{
		json_t *r = json_array();
		long long i;

		for (i = from; i < to; i++)
			json_array_append(r, json_array_get(v, (size_t)i));
		return r;
	}
}

static json_t *
f_substring(struct parser *ps, const char *fn, struct jarr *a)
{
	const char *s;
	long long n, start, len;
	size_t b0, b1;

	if (a->n < 2 || a->n > 3 || !json_is_string(a->v[0]) ||
	    !ex_all_type(a, 1, JSON_INTEGER))
		return ex_want(ps, fn, "a string, a start and a length");
	s = json_string_value(a->v[0]);
	n = (long long)ex_cp_len(s);
	start = json_integer_value(a->v[1]);
	len = a->n == 3 ? json_integer_value(a->v[2]) : n - start;
	if (start < 0 || len < 0 || start > n || len > n - start)
		return ex_fail(ps, EXPR_ERROR,
		    "substring() out of range "
		    "(length %lld, start %lld, count %lld)",
		    n, start, len);
	b0 = ex_cp_off(s, (size_t)start);
	b1 = ex_cp_off(s, (size_t)(start + len));
	return ex_str_new(ps, s + b0, b1 - b0);
}

static json_t *
f_replace(struct parser *ps, const char *fn, struct jarr *a)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s, *o, *n, *hit;
	size_t ol;

	if (a->n != 3 || !ex_all_type(a, 0, JSON_STRING))
		return ex_want(ps, fn, "three strings");
	s = json_string_value(a->v[0]);
	o = json_string_value(a->v[1]);
	n = json_string_value(a->v[2]);
	ol = strlen(o);
	if (ol == 0)
		return json_incref(a->v[0]);
	while ((hit = strstr(s, o)) != NULL) {
		sb_putn(&sb, s, (size_t)(hit - s));
		sb_puts(&sb, n);
		s = hit + ol;
		if (sb.len > ex_max_size(ps->env)) {
			sb_free(&sb);
			return ex_fail(ps, EXPR_SIZE,
			    "a string longer than %zu "
			    "bytes",
			    ex_max_size(ps->env));
		}
	}
	sb_puts(&sb, s);
	return ex_sb_result(ps, &sb);
}

static json_t *
f_split(struct parser *ps, const char *fn, struct jarr *a)
{
	const char *s, *best;
	json_t *r, *d;
	size_t i, bestlen;

	if (a->n != 2 || !json_is_string(a->v[0]) ||
	    !(json_is_string(a->v[1]) || json_is_array(a->v[1])))
		return ex_want(ps, fn,
		    "a string and a delimiter (string or "
		    "array of strings)");
	if (json_is_array(a->v[1]) && !ex_all_type(a, 0, JSON_STRING)) {
		json_array_foreach(a->v[1], i,
		    d) if (!json_is_string(d)) return ex_want(ps, fn,
		    "string delimiters");
	}
	s = json_string_value(a->v[0]);
	r = json_array();
	for (;;) {
		best = NULL;
		bestlen = 0;
		if (json_is_string(a->v[1])) {
			if (json_string_length(a->v[1]) > 0)
				best = strstr(s, json_string_value(a->v[1]));
			bestlen = json_string_length(a->v[1]);
		} else {
			json_array_foreach(a->v[1], i, d)
			{
				const char *h;

				if (json_string_length(d) == 0)
					continue;
				h = strstr(s, json_string_value(d));
				if (h != NULL && (best == NULL || h < best)) {
					best = h;
					bestlen = json_string_length(d);
				}
			}
		}
		if (best == NULL)
			break;
		json_array_append_new(r, json_stringn(s, (size_t)(best - s)));
		s = best + bestlen;
	}
	json_array_append_new(r, json_string(s));
	return r;
}

static json_t *
f_trim(struct parser *ps, const char *fn, struct jarr *a)
{
	const char *s, *e;

	if (a->n != 1 || !json_is_string(a->v[0]))
		return ex_want(ps, fn, "one string");
	s = json_string_value(a->v[0]);
	e = s + strlen(s);
	while (*s && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	return ex_str_new(ps, s, (size_t)(e - s));
}

static json_t *
f_pad_left(struct parser *ps, const char *fn, struct jarr *a)
{
	struct strbuf sb = STRBUF_INIT, v = STRBUF_INIT;
	const char *pad = " ";
	long long total, have;

	if (a->n < 2 || a->n > 3 || !json_is_integer(a->v[1]) ||
	    (a->n == 3 &&
		(!json_is_string(a->v[2]) ||
		    ex_cp_len(json_string_value(a->v[2])) != 1)) ||
	    !(json_is_string(a->v[0]) || json_is_integer(a->v[0])))
		return ex_want(ps, fn,
		    "a string or int, a length and one "
		    "character");
	if (a->n == 3)
		pad = json_string_value(a->v[2]);
	ex_render(&v, a->v[0]);
	total = json_integer_value(a->v[1]);
	if (total > (long long)ex_max_size(ps->env) / 4) {
		sb_free(&v);
		return ex_fail(ps, EXPR_SIZE, "padLeft() to %lld characters",
		    total);
	}
	for (have = (long long)ex_cp_len(sb_str(&v)); have < total; have++)
		sb_puts(&sb, pad);
	sb_puts(&sb, sb_str(&v));
	sb_free(&v);
	return ex_sb_result(ps, &sb);
}

static json_t *
f_string(struct parser *ps, const char *fn, struct jarr *a)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;
	json_t *r;

	if (a->n != 1)
		return ex_want(ps, fn, "one value");
	if (json_is_null(a->v[0]))
		return json_string("");
	if (ex_render(&sb, a->v[0]) == 0)
		return ex_sb_result(ps, &sb);
	sb_free(&sb);
	s = json_dumps(a->v[0],
	    JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
	if (s == NULL)
		return ex_fail(ps, EXPR_ERROR,
		    "string() of a value that "
		    "cannot be written");
	r = ex_str_new(ps, s, strlen(s));
	free(s);
	return r;
}

static json_t *
f_uri(struct parser *ps, const char *fn, struct jarr *a)
{
	struct strbuf sb = STRBUF_INIT;
	const char *base, *rel, *slash;

	if (a->n != 2 || !ex_all_type(a, 0, JSON_STRING))
		return ex_want(ps, fn, "two strings");
	base = json_string_value(a->v[0]);
	rel = json_string_value(a->v[1]);
	/* ARM: relative to the base's last '/' (RFC 3986 merge). */
	if (strstr(rel, "://") != NULL)
		return json_incref(a->v[1]);
	slash = strrchr(base, '/');
	if (slash == NULL || strstr(base, "://") == NULL)
		return ex_fail(ps, EXPR_ERROR,
		    "uri(): '%.60s' is not an "
		    "absolute URI",
		    base);
	if (rel[0] == '/') {
		const char *host = strstr(base, "://") + 3;
		const char *path = strchr(host, '/');

		sb_putn(&sb, base, path ? (size_t)(path - base) : strlen(base));
	} else
		sb_putn(&sb, base, (size_t)(slash - base) + 1);
	sb_puts(&sb, rel);
	return ex_sb_result(ps, &sb);
}

static json_t *
f_join(struct parser *ps, const char *fn, struct jarr *a)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *x;
	size_t i;

	if (a->n != 2 || !json_is_array(a->v[0]) || !json_is_string(a->v[1]))
		return ex_want(ps, fn, "an array and a delimiter");
	json_array_foreach(a->v[0], i, x)
	{
		if (i > 0)
			sb_puts(&sb, json_string_value(a->v[1]));
		if (ex_render(&sb, x) != 0 || sb.len > ex_max_size(ps->env)) {
			sb_free(&sb);
			return ex_want(ps, fn, "an array of strings");
		}
	}
	return ex_sb_result(ps, &sb);
}

const struct expr_fn ex_text_fns[] = {
	{ .name = "concat", .fn = f_concat },
	{ .name = "contains", .fn = f_contains },
	{ .name = "empty", .fn = f_empty },
	{ .name = "endsWith", .fn = f_starts_ends },
	{ .name = "first", .fn = f_slice },
	{ .name = "format", .fn = f_format },
	{ .name = "indexOf", .fn = f_index_of },
	{ .name = "join", .fn = f_join },
	{ .name = "last", .fn = f_slice },
	{ .name = "lastIndexOf", .fn = f_index_of },
	{ .name = "length", .fn = f_length },
	{ .name = "padLeft", .fn = f_pad_left },
	{ .name = "replace", .fn = f_replace },
	{ .name = "skip", .fn = f_slice },
	{ .name = "split", .fn = f_split },
	{ .name = "startsWith", .fn = f_starts_ends },
	{ .name = "string", .fn = f_string },
	{ .name = "substring", .fn = f_substring },
	{ .name = "take", .fn = f_slice },
	{ .name = "toLower", .fn = f_case },
	{ .name = "toUpper", .fn = f_case },
	{ .name = "trim", .fn = f_trim },
	{ .name = "uri", .fn = f_uri },
};
const size_t ex_text_nfns = MP_NELEM(ex_text_fns);
