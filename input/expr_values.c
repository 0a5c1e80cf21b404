/*
 * expr_values.c - the value helpers every part of the ARM expression
 * evaluator uses (expr_int.h): the first failure recorded in the parser,
 * the size bound, object keys found in any case, strings measured in
 * Unicode code points, and scalars rendered as concat() writes them.
 *
 *   ex_fail        record the first failure (code and message)
 *   ex_want        fail with "fn() takes what"
 *   ex_max_size    the size bound of one value (16 MiB by default)
 *   ex_obj_get_ci  object lookup, exact key first and then any case
 *   ex_cp_len, ex_cp_off, ex_cp_index   UTF-8 in code points
 *   ex_str_new     a string within the size bound
 *   ex_sb_result   ex_str_new of a buffer, freed
 *   ex_render      a scalar as concat()/format()/string() write it
 *   ex_all_type    are arguments from..n all of one JSON type?
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "expr_int.h"

#define DEFAULT_SIZE (16UL << 20)

/* Only the first failure is kept: it is the cause of the others. */
json_t *
ex_fail(struct parser *ps, enum expr_rc rc, const char *fmt, ...)
{
	va_list ap;

	if (ps->rc == EXPR_OK) {
		ps->rc = rc;
		va_start(ap, fmt);
		vsnprintf(ps->err, ps->errlen, fmt, ap);
		va_end(ap);
	}
	return NULL;
}

size_t
ex_max_size(const struct expr_env *env)
{
	return env->max_size ? env->max_size : DEFAULT_SIZE;
}

/* Object lookup: exact key first, then any case (as ARM does). */
json_t *
ex_obj_get_ci(json_t *o, const char *key)
{
	const char *k;
	json_t *v;

	if (!json_is_object(o))
		return NULL;
	if ((v = json_object_get(o, key)) != NULL)
		return v;
	json_object_foreach(o, k, v) if (mp_strcaseeq(k, key)) return v;
	return NULL;
}

/* ---- UTF-8 in code points ---- */

size_t
ex_cp_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Byte offset of code point i (clamped to the end). */
size_t
ex_cp_off(const char *s, size_t i)
{
	size_t b = 0;

	while (s[b] != '\0' && i > 0) {
		b++;
		while (((unsigned char)s[b] & 0xC0) == 0x80)
			b++;
		i--;
	}
	return b;
}

size_t
ex_cp_index(const char *s, size_t byte)
{
	size_t n = 0, b;

	for (b = 0; b < byte; b++)
		n += ((unsigned char)s[b] & 0xC0) != 0x80;
	return n;
}

json_t *
ex_str_new(struct parser *ps, const char *s, size_t n)
{
	json_t *r;

	if (n > ex_max_size(ps->env))
		return ex_fail(ps, EXPR_SIZE, "a string longer than %zu bytes",
		    ex_max_size(ps->env));
	r = json_stringn(s, n);
	if (r == NULL)
		return ex_fail(ps, EXPR_ERROR,
		    "a string that is not valid "
		    "UTF-8");
	return r;
}

json_t *
ex_sb_result(struct parser *ps, struct strbuf *sb)
{
	json_t *r = ex_str_new(ps, sb_str(sb), sb->len);

	sb_free(sb);
	return r;
}

/* Render a scalar for concat()/format()/string(); -1 when not a scalar. */
int
ex_render(struct strbuf *sb, json_t *v)
{
	if (json_is_string(v))
		sb_putn(sb, json_string_value(v), json_string_length(v));
	else if (json_is_integer(v))
		sb_printf(sb, "%lld", (long long)json_integer_value(v));
	else if (json_is_true(v))
		sb_puts(sb, "True");
	else if (json_is_false(v))
		sb_puts(sb, "False");
	else
		return -1;
	return 0;
}

json_t *
ex_want(struct parser *ps, const char *fn, const char *what)
{
	return ex_fail(ps, EXPR_ERROR, "%s() takes %s", fn, what);
}

int
ex_all_type(struct jarr *a, size_t from, json_type t)
{
	size_t i;

	for (i = from; i < a->n; i++)
		if (json_typeof(a->v[i]) != t)
			return 0;
	return 1;
}
