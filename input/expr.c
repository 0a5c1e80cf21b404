/*
 * expr.c - evaluator for ARM template expressions (expr.h). A recursive
 * descent parser evaluates while it parses (no tree): every call returns
 * a new jansson reference or fails with a code and a message. Text that
 * must be parsed but not evaluated (the branch if() does not take, an
 * argument of and()/or() that is not known offline) is parsed in "skip"
 * mode, where calls are not made and every value is null.
 *
 * The behaviour of each function follows Microsoft's "ARM template
 * functions" reference (learn.microsoft.com/azure/azure-resource-manager/
 * templates/template-functions-*): equals() and contains() on strings are
 * case-sensitive, indexOf()/lastIndexOf()/startsWith()/endsWith() are
 * not, object keys are found case-sensitively first and then in any case,
 * union() of objects merges nested objects, range() counts at most 10000,
 * a copy loop at most 800. Strings are measured in Unicode code points
 * (ARM counts UTF-16 units; they differ only outside the BMP).
 *
 * Limits: nesting of calls, and of variables()/parameters() that refer to
 * further expressions, is bounded by env->max_depth (a variable that uses
 * itself ends there with EXPR_LIMIT, never a stack overflow); the number
 * of calls per top-level evaluation by env->max_steps (EXPR_LIMIT), and
 * the size of one value by env->max_size (EXPR_SIZE). With env->memo a
 * top-level template's variables are evaluated once each (memo_ok): twelve
 * variables that each concat four copies of the one before cost twelve
 * evaluations, not 4^12, and stop at the size bound.
 */
#include "expr.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"

#define DEFAULT_STEPS 1000000UL
#define DEFAULT_SIZE (16UL << 20)
#define MAX_COPY 800		/* ARM: copy count at most 800 */
#define MAX_RANGE 10000		/* ARM: range() count at most 10000 */

struct parser {
	struct expr_env *env;
	const char *p;		/* cursor */
	char *err;
	size_t errlen;
	enum expr_rc rc;
	int skip;		/* > 0: parse only, values are null */
};

struct jarr {
	json_t **v;
	size_t n, cap;
};

static json_t *parse_expr(struct parser *ps);

static json_t *
fail(struct parser *ps, enum expr_rc rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static json_t *
fail(struct parser *ps, enum expr_rc rc, const char *fmt, ...)
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

void
expr_env_init(struct expr_env *env, int max_depth)
{
	memset(env, 0, sizeof(*env));
	env->res_loop = -1;
	env->max_depth = max_depth;
}

static size_t
max_size(const struct expr_env *env)
{
	return env->max_size ? env->max_size : DEFAULT_SIZE;
}

static void
skip_ws(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' ||
	    *ps->p == '\r')
		ps->p++;
}

int
expr_is_expr(const char *s)
{
	size_t n = strlen(s);

	return n >= 2 && s[0] == '[' && s[1] != '[' && s[n - 1] == ']';
}

/* Object lookup: exact key first, then any case (as ARM does). */
static json_t *
obj_get_ci(json_t *o, const char *key)
{
	const char *k;
	json_t *v;

	if (!json_is_object(o))
		return NULL;
	if ((v = json_object_get(o, key)) != NULL)
		return v;
	json_object_foreach(o, k, v)
		if (mp_strcaseeq(k, key))
			return v;
	return NULL;
}

/* ---- UTF-8 in code points ---- */

static size_t
cp_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Byte offset of code point i (clamped to the end). */
static size_t
cp_off(const char *s, size_t i)
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

static size_t
cp_index(const char *s, size_t byte)
{
	size_t n = 0, b;

	for (b = 0; b < byte; b++)
		n += ((unsigned char)s[b] & 0xC0) != 0x80;
	return n;
}

/* ---- values ---- */

static json_t *
str_new(struct parser *ps, const char *s, size_t n)
{
	json_t *r;

	if (n > max_size(ps->env))
		return fail(ps, EXPR_SIZE, "a string longer than %zu bytes",
		    max_size(ps->env));
	r = json_stringn(s, n);
	if (r == NULL)
		return fail(ps, EXPR_ERROR, "a string that is not valid "
		    "UTF-8");
	return r;
}

static json_t *
sb_result(struct parser *ps, struct strbuf *sb)
{
	json_t *r = str_new(ps, sb_str(sb), sb->len);

	sb_free(sb);
	return r;
}

/* Render a scalar for concat()/format()/string(); -1 when not a scalar. */
static int
render(struct strbuf *sb, json_t *v)
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

static const char *
type_name(json_t *v)
{
	if (v == NULL)
		return "missing";
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "object";
	case JSON_ARRAY:
		return "array";
	case JSON_STRING:
		return "string";
	case JSON_INTEGER:
		return "int";
	case JSON_REAL:
		return "number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "bool";
	case JSON_NULL:
		break;
	}
	return "null";
}

static void
args_free(struct jarr *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		json_decref(a->v[i]);
	free(a->v);
}

static void
args_push(struct jarr *a, json_t *v)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 4;
		a->v = xrealloc(a->v, a->cap * sizeof(*a->v));
	}
	a->v[a->n++] = v;
}

/* Evaluate v (a template JSON node) in env `where` from parser ps. */
static json_t *
deep_in(struct parser *ps, struct expr_env *where, json_t *v)
{
	json_t *out = NULL;
	enum expr_rc rc;
	int depth0;
	unsigned long steps0;

	if (where == NULL)
		return json_deep_copy(v);
	depth0 = where->depth;
	steps0 = where->steps;
	if (where != ps->env) {
		where->depth = ps->env->depth;
		where->steps = ps->env->steps;
	}
	where->depth++;
	rc = expr_eval_deep(where, v, &out, ps->err, ps->errlen);
	where->depth--;
	if (where != ps->env) {
		ps->env->steps = where->steps;
		where->depth = depth0;
		where->steps = steps0;
	}
	if (rc != EXPR_OK) {
		if (ps->rc == EXPR_OK)
			ps->rc = rc;
		return NULL;
	}
	return out;
}

/* ---- parameters and variables ---- */

/*
 * May variables(fn) at ps be taken from, and kept in, the memo? Only a
 * whole variable (no accessor follows) of a top-level template outside
 * copy loops and user functions: there its value is the same at every
 * use. (A nested deployment has a deployment().name, and param_env.)
 */
static bool
memo_ok(struct parser *ps, const char *fn)
{
	const struct expr_env *env = ps->env;
	const char *p = ps->p;

	if (env->memo == NULL || !mp_strcaseeq(fn, "variables") ||
	    env->fn_args != NULL || env->nloops > 0 ||
	    env->deployment_name != NULL || env->param_env != NULL)
		return false;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return *p != '.' && *p != '[';
}

/* The memo's copy of a variable's value, or NULL. Containers are copied:
 * callers may change what they get (secrets removed, merges). */
static json_t *
memo_get(struct expr_env *env, const char *name)
{
	json_t *v;
	char *k = xstrdup(name);

	mp_strlower(k);
	v = json_object_get(env->memo, k);
	free(k);
	if (v == NULL)
		return NULL;
	return json_is_object(v) || json_is_array(v) ? json_deep_copy(v) :
	    json_incref(v);
}

static void
memo_put(struct expr_env *env, const char *name, json_t *v)
{
	char *k = xstrdup(name);

	mp_strlower(k);
	json_object_set_new(env->memo, k, json_is_object(v) ||
	    json_is_array(v) ? json_deep_copy(v) : json_incref(v));
	free(k);
}

/*
 * Find parameter or variable `name`: either the template node to
 * evaluate (*node, borrowed; *where the env, NULL for a literal) or an
 * evaluated value (returned, new reference). NULL with both unset: failed.
 */
static json_t *
lookup(struct parser *ps, int is_param, const char *name, json_t **node,
    struct expr_env **where)
{
	struct expr_env *env = ps->env;
	json_t *v, *loops, *loop;
	size_t i;

	*node = NULL;
	*where = NULL;
	if (is_param) {
		if (env->fn_args != NULL) {
			if ((v = obj_get_ci(env->fn_args, name)) == NULL)
				return fail(ps, EXPR_ERROR, "the function has "
				    "no parameter '%s'", name);
			*node = v;
			return NULL;
		}
		if ((v = obj_get_ci(env->param_values, name)) != NULL) {
			if (json_is_object(v) &&
			    json_object_get(v, "value") != NULL) {
				*node = json_object_get(v, "value");
				*where = env->param_env;
				return NULL;
			}
			if (json_is_object(v) &&
			    json_object_get(v, "reference") != NULL)
				return fail(ps, EXPR_UNSUPPORTED, "parameter "
				    "'%s' is a Key Vault reference", name);
			return fail(ps, EXPR_ERROR, "parameter '%s': the given "
			    "value has no \"value\"", name);
		}
		v = obj_get_ci(env->parameters, name);
		if (v == NULL)
			return fail(ps, EXPR_ERROR, "undefined parameter '%s'",
			    name);
		if (!json_is_object(v) ||
		    json_object_get(v, "defaultValue") == NULL)
			return fail(ps, EXPR_UNSUPPORTED, "parameter '%s' has "
			    "no value (no defaultValue; give a parameters "
			    "file)", name);
		*node = json_object_get(v, "defaultValue");
		*where = env;
		return NULL;
	}
	if (env->fn_args != NULL)
		return fail(ps, EXPR_ERROR, "variables() in a user-defined "
		    "function");
	if (!mp_strcaseeq(name, "copy") &&
	    (v = obj_get_ci(env->variables, name)) != NULL) {
		*node = v;
		*where = env;
		return NULL;
	}
	/* "copy": [{"name", "count", "input"}] defines variables too. */
	loops = obj_get_ci(env->variables, "copy");
	json_array_foreach(loops, i, loop) {
		json_t *n = json_object_get(loop, "name"), *out = NULL;
		const char *ln;
		enum expr_rc rc;

		if (!json_is_string(n) ||
		    !mp_strcaseeq(json_string_value(n), name))
			continue;
		env->depth++;
		rc = expr_eval_copy(env, loop, &ln, &out, ps->err,
		    ps->errlen);
		env->depth--;
		if (rc != EXPR_OK) {
			if (ps->rc == EXPR_OK)
				ps->rc = rc;
			return NULL;
		}
		return out;
	}
	return fail(ps, EXPR_ERROR, "undefined variable '%s'", name);
}

/* A property name after '.'; 0 when there is none. */
static int
read_name(struct parser *ps, char *name, size_t size)
{
	size_t n = 0;

	skip_ws(ps);
	while ((isalnum((unsigned char)*ps->p) || *ps->p == '_' ||
	    *ps->p == '$') && n + 1 < size)
		name[n++] = *ps->p++;
	name[n] = '\0';
	return n > 0;
}

/*
 * Walk the accessors after parameters()/variables() through the template
 * JSON while it is a plain object or array (not an expression, not a
 * copy loop), so only the field used is evaluated.
 */
static json_t *
walk_ref(struct parser *ps, json_t *node, struct expr_env *where)
{
	for (;;) {
		json_t *nv = NULL;

		skip_ws(ps);
		if (*ps->p != '.' && *ps->p != '[')
			break;
		if (json_is_string(node) || (json_is_object(node) &&
		    where != NULL && json_object_get(node, "copy") != NULL))
			break;
		if (*ps->p == '.') {
			char name[256];

			ps->p++;
			if (!read_name(ps, name, sizeof(name)))
				return fail(ps, EXPR_ERROR, "expected a "
				    "property name after '.'");
			nv = obj_get_ci(node, name);
			if (nv == NULL)
				return fail(ps, EXPR_ERROR, "property '%s' "
				    "does not exist", name);
		} else {
			json_t *ix;

			ps->p++;
			ix = parse_expr(ps);
			skip_ws(ps);
			if (ix == NULL)
				return NULL;
			if (*ps->p != ']') {
				json_decref(ix);
				return fail(ps, EXPR_ERROR, "expected ']'");
			}
			ps->p++;
			if (json_is_integer(ix) && json_is_array(node) &&
			    json_integer_value(ix) >= 0)
				nv = json_array_get(node,
				    (size_t)json_integer_value(ix));
			else if (json_is_string(ix) && json_is_object(node))
				nv = obj_get_ci(node, json_string_value(ix));
			json_decref(ix);
			if (nv == NULL)
				return fail(ps, EXPR_ERROR, "index out of "
				    "range or wrong type");
		}
		node = nv;
	}
	return deep_in(ps, where, node);
}

/* ---- copy loops ---- */

static enum expr_rc
eval_count(struct expr_env *env, json_t *count, long long *n, char *err,
    size_t errlen)
{
	json_t *v = NULL;
	enum expr_rc rc;

	if (count == NULL) {
		snprintf(err, errlen, "a copy loop without \"count\"");
		return EXPR_ERROR;
	}
	if (json_is_string(count)) {
		if ((rc = expr_eval(env, json_string_value(count), &v, err,
		    errlen)) != EXPR_OK)
			return rc;
	} else
		v = json_incref(count);
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > MAX_COPY) {
		snprintf(err, errlen, "copy count is %s, not an integer from "
		    "0 to %d", json_is_integer(v) ? "out of range" :
		    type_name(v), MAX_COPY);
		json_decref(v);
		return EXPR_ERROR;
	}
	*n = json_integer_value(v);
	json_decref(v);
	return EXPR_OK;
}

enum expr_rc
expr_eval_copy(struct expr_env *env, json_t *loop, const char **name,
    json_t **out, char *err, size_t errlen)
{
	json_t *n = json_object_get(loop, "name");
	json_t *input = json_object_get(loop, "input"), *arr, *y;
	enum expr_rc rc;
	long long i, count;

	*out = NULL;
	*name = NULL;
	if (!json_is_string(n) || input == NULL) {
		snprintf(err, errlen, "a copy loop needs \"name\" and "
		    "\"input\"");
		return EXPR_ERROR;
	}
	*name = json_string_value(n);
	if ((rc = eval_count(env, json_object_get(loop, "count"), &count,
	    err, errlen)) != EXPR_OK)
		return rc;
	if (env->nloops >= EXPR_MAX_LOOPS) {
		snprintf(err, errlen, "copy loops nested deeper than %d",
		    EXPR_MAX_LOOPS);
		return EXPR_LIMIT;
	}
	arr = json_array();
	env->loop_name[env->nloops] = *name;
	env->nloops++;
	for (i = 0; i < count; i++) {
		env->loop_index[env->nloops - 1] = i;
		rc = expr_eval_deep(env, input, &y, err, errlen);
		if (rc != EXPR_OK) {
			env->nloops--;
			json_decref(arr);
			return rc;
		}
		json_array_append_new(arr, y);
	}
	env->nloops--;
	*out = arr;
	return EXPR_OK;
}

static json_t *
f_copy_index(struct parser *ps, struct jarr *a)
{
	struct expr_env *env = ps->env;
	long long offset = 0;
	size_t k = 0;
	int i, loop = env->res_loop;

	if (a->n >= 1 && json_is_string(a->v[0])) {
		const char *name = json_string_value(a->v[0]);

		loop = -1;
		for (i = env->nloops - 1; i >= 0; i--)
			if (mp_strcaseeq(env->loop_name[i], name)) {
				loop = i;
				break;
			}
		if (loop < 0)
			return fail(ps, EXPR_ERROR, "copyIndex('%s'): no copy "
			    "loop of that name", name);
		k = 1;
	}
	if (a->n > k + 1 || (a->n == k + 1 && !json_is_integer(a->v[k])))
		return fail(ps, EXPR_ERROR, "copyIndex([name], [offset])");
	if (a->n == k + 1)
		offset = json_integer_value(a->v[k]);
	if (loop < 0)
		return fail(ps, EXPR_ERROR, "copyIndex() outside a copy loop");
	return json_integer(env->loop_index[loop] + offset);
}

/* ---- functions ---- */

typedef json_t *(*fn_t)(struct parser *ps, const char *fn, struct jarr *a);

static json_t *
want(struct parser *ps, const char *fn, const char *what)
{
	return fail(ps, EXPR_ERROR, "%s() takes %s", fn, what);
}

static int
all_type(struct jarr *a, size_t from, json_type t)
{
	size_t i;

	for (i = from; i < a->n; i++)
		if (json_typeof(a->v[i]) != t)
			return 0;
	return 1;
}

static json_t *
f_concat(struct parser *ps, const char *fn, struct jarr *a)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, j;
	json_t *r;

	if (a->n == 0)
		return want(ps, fn, "arguments");
	if (json_is_array(a->v[0])) {
		r = json_array();
		for (i = 0; i < a->n; i++) {
			if (!json_is_array(a->v[i])) {
				json_decref(r);
				return fail(ps, EXPR_ERROR,
				    "concat() mixes arrays and strings");
			}
			for (j = 0; j < json_array_size(a->v[i]); j++)
				json_array_append(r,
				    json_array_get(a->v[i], j));
			if (json_array_size(r) > max_size(ps->env)) {
				json_decref(r);
				return fail(ps, EXPR_SIZE, "an array longer "
				    "than %zu", max_size(ps->env));
			}
		}
		return r;
	}
	for (i = 0; i < a->n; i++) {
		if (json_is_array(a->v[i]) || render(&sb, a->v[i]) != 0) {
			sb_free(&sb);
			return fail(ps, EXPR_ERROR,
			    "concat() argument %zu is not a string", i + 1);
		}
	}
	return sb_result(ps, &sb);	/* str_new checks the size */
}

static json_t *
f_format(struct parser *ps, const char *fn, struct jarr *a)
{
	struct strbuf sb = STRBUF_INIT;
	const char *f;

	if (a->n < 1 || !json_is_string(a->v[0]))
		return want(ps, fn, "a format string first");
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
				return fail(ps, EXPR_UNSUPPORTED,
				    "format() placeholder other than {n}");
			}
			if (n < 0 || (size_t)n + 1 >= a->n ||
			    render(&sb, a->v[n + 1]) != 0) {
				sb_free(&sb);
				return fail(ps, EXPR_ERROR,
				    "format() placeholder {%ld} has no "
				    "string value", n);
			}
			if (sb.len > max_size(ps->env)) {
				sb_free(&sb);
				return fail(ps, EXPR_SIZE, "a string longer "
				    "than %zu bytes", max_size(ps->env));
			}
			f = end;
		} else
			sb_putc(&sb, *f);
	}
	return sb_result(ps, &sb);
}

/* The scope of an id: "/subscriptions/S[/resourceGroups/R]/providers/". */
static void
put_type_names(struct strbuf *sb, const char *type, struct jarr *a,
    size_t first)
{
	const char *tp = strchr(type, '/') + 1;
	size_t arg = first;
	const char *np = json_string_value(a->v[arg]);

	sb_putn(sb, type, (size_t)(tp - type));
	for (;;) {
		const char *te = strchr(tp, '/');
		const char *ne;

		sb_putn(sb, tp, te ? (size_t)(te - tp) : strlen(tp));
		sb_putc(sb, '/');
		ne = strchr(np, '/');
		sb_putn(sb, np, ne ? (size_t)(ne - np) : strlen(np));
		if (ne != NULL)
			np = ne + 1;
		else if (++arg < a->n)
			np = json_string_value(a->v[arg]);
		if (te == NULL)
			break;
		sb_putc(sb, '/');
		tp = te + 1;
	}
}

/* Check that names after type index ti fit the type's segments. */
static json_t *
check_names(struct parser *ps, const char *fn, struct jarr *a, size_t ti)
{
	const char *type = json_string_value(a->v[ti]), *t;
	size_t i, ntypes = 0, nnames = 0;

	for (t = type; *t; t++)
		if (*t == '/')
			ntypes++;
	for (i = ti + 1; i < a->n; i++) {
		const char *n = json_string_value(a->v[i]);

		nnames++;
		for (; *n; n++)
			if (*n == '/')
				nnames++;
	}
	if (ntypes < 1 || nnames != ntypes)
		return fail(ps, EXPR_ERROR, "%s('%s') needs %zu name(s), got "
		    "%zu", fn, type, ntypes, nnames);
	return json_true();
}

/*
 * resourceId([subscriptionId], [resourceGroupName], resourceType,
 * name1, ...), subscriptionResourceId([subscriptionId], type, names),
 * tenantResourceId(type, names), extensionResourceId(resourceId, type,
 * names): the first argument with a '/' is the type (for the extension
 * form, the second).
 */
static json_t *
f_resource_id(struct parser *ps, const char *fn, struct jarr *a)
{
	struct strbuf sb = STRBUF_INIT;
	const char *sub = ps->env->subscription, *rg = ps->env->resource_group;
	size_t i, ti = (size_t)-1, from = 0;
	int ext = mp_strcaseeq(fn, "extensionResourceId");
	int subonly = mp_strcaseeq(fn, "subscriptionResourceId");
	int tenant = mp_strcaseeq(fn, "tenantResourceId");
	json_t *ok;

	for (i = 0; i < a->n; i++)
		if (!json_is_string(a->v[i]))
			return fail(ps, EXPR_ERROR, "%s() argument %zu is not "
			    "a string", fn, i + 1);
	if (ext) {
		if (a->n < 3)
			return want(ps, fn, "an id, a type and names");
		from = 1;
	}
	for (i = from; i < a->n && i < from + 3; i++) {
		if (strchr(json_string_value(a->v[i]), '/') != NULL) {
			ti = i;
			break;
		}
	}
	if (ti == (size_t)-1 || (ext && ti != 1) || (tenant && ti != 0) ||
	    (subonly && ti > 1))
		return fail(ps, EXPR_ERROR, "%s() has no resource type where "
		    "expected", fn);
	if ((ok = check_names(ps, fn, a, ti)) == NULL)
		return NULL;
	json_decref(ok);
	if (ext) {
		sb_puts(&sb, json_string_value(a->v[0]));
		sb_puts(&sb, "/providers/");
	} else if (tenant) {
		sb_puts(&sb, "/providers/");
	} else if (subonly) {
		if (ti == 1)
			sub = json_string_value(a->v[0]);
		if (sub == NULL)
			return fail(ps, EXPR_UNSUPPORTED, "%s('%s') with an "
			    "unknown subscription", fn,
			    json_string_value(a->v[ti]));
		sb_printf(&sb, "/subscriptions/%s/providers/", sub);
	} else {
		if (ti == 1)
			rg = json_string_value(a->v[0]);
		else if (ti == 2) {
			sub = json_string_value(a->v[0]);
			rg = json_string_value(a->v[1]);
		}
		if (sub == NULL || rg == NULL)
			return fail(ps, EXPR_UNSUPPORTED, "%s('%s') with an "
			    "unknown subscription or resource group", fn,
			    json_string_value(a->v[ti]));
		sb_printf(&sb, "/subscriptions/%s/resourceGroups/%s/"
		    "providers/", sub, rg);
	}
	put_type_names(&sb, json_string_value(a->v[ti]), a, ti + 1);
	return sb_result(ps, &sb);
}

static json_t *
f_case(struct parser *ps, const char *fn, struct jarr *a)
{
	char *s;
	json_t *r;
	size_t i;
	int upper = mp_strcaseeq(fn, "toUpper");

	if (a->n != 1 || !json_is_string(a->v[0]))
		return want(ps, fn, "one string");
	s = xstrdup(json_string_value(a->v[0]));
	for (i = 0; s[i]; i++)
		s[i] = (char)(upper ? toupper((unsigned char)s[i])
		    : tolower((unsigned char)s[i]));
	r = str_new(ps, s, strlen(s));
	free(s);
	return r;
}

static json_t *
f_bool_const(struct parser *ps, const char *fn, struct jarr *a)
{
	if (a->n != 0)
		return want(ps, fn, "no argument");
	return json_boolean(mp_strcaseeq(fn, "true"));
}

static json_t *
f_null(struct parser *ps, const char *fn, struct jarr *a)
{
	if (a->n != 0)
		return want(ps, fn, "no argument");
	return json_null();
}

static json_t *
f_subscription(struct parser *ps, const char *fn, struct jarr *a)
{
	(void)fn;
	if (a->n != 0)
		return fail(ps, EXPR_UNSUPPORTED,
		    "subscription() with arguments");
	if (ps->env->subscription == NULL)
		return fail(ps, EXPR_UNSUPPORTED,
		    "subscription() with an unknown scope");
	return json_pack("{s:s+, s:s}", "id", "/subscriptions/",
	    ps->env->subscription, "subscriptionId", ps->env->subscription);
}

static json_t *
f_resource_group(struct parser *ps, const char *fn, struct jarr *a)
{
	json_t *r;

	(void)fn;
	if (a->n != 0)
		return fail(ps, EXPR_UNSUPPORTED,
		    "resourceGroup() with arguments");
	if (ps->env->subscription == NULL || ps->env->resource_group == NULL)
		return fail(ps, EXPR_UNSUPPORTED,
		    "resourceGroup() with an unknown scope");
	r = json_pack("{s:s+++, s:s, s:s}", "id", "/subscriptions/",
	    ps->env->subscription, "/resourceGroups/",
	    ps->env->resource_group, "name", ps->env->resource_group, "type",
	    "Microsoft.Resources/resourceGroups");
	if (r == NULL)
		return fail(ps, EXPR_ERROR, "a string that is not valid "
		    "UTF-8");
	/* Without it, .location is "not known offline" (parse_expr). */
	if (ps->env->location_used != NULL)
		(*ps->env->location_used)++;
	if (ps->env->location != NULL)
		json_object_set_new(r, "location",
		    json_string(ps->env->location));
	return r;
}

static json_t *
f_deployment(struct parser *ps, const char *fn, struct jarr *a)
{
	json_t *r = json_object();

	if (a->n != 0) {
		json_decref(r);
		return want(ps, fn, "no argument");
	}
	if (ps->env->deployment_name != NULL)
		json_object_set_new(r, "name",
		    json_string(ps->env->deployment_name));
	if (ps->env->template_uri != NULL)
		json_object_set_new(r, "properties", json_pack("{s:{s:s}}",
		    "templateLink", "uri", ps->env->template_uri));
	return r;
}

static json_t *
f_reference(struct parser *ps, const char *fn, struct jarr *a)
{
	static const char dep[] = "/providers/Microsoft.Resources/deployments/";
	const char *s, *name = NULL;
	size_t m = sizeof(dep) - 1;
	json_t *d;

	if (a->n < 1 || !json_is_string(a->v[0]))
		return want(ps, fn, "a resource name or id");
	s = json_string_value(a->v[0]);
	if (strchr(s, '/') == NULL)
		name = s;
	else {
		/* .../providers/Microsoft.Resources/deployments/NAME */
		const char *slash = strrchr(s, '/');

		if ((size_t)(slash - s) + 1 >= m &&
		    strncasecmp(slash + 1 - m, dep, m) == 0)
			name = slash + 1;
	}
	/* A nested deployment evaluated here: its outputs are known. */
	if (name != NULL &&
	    (d = obj_get_ci(ps->env->deployments, name)) != NULL)
		return json_incref(d);
	return fail(ps, EXPR_UNSUPPORTED, "reference() reads a deployed "
	    "resource's runtime state");
}

static json_t *
f_unknown(struct parser *ps, const char *fn, struct jarr *a)
{
	(void)a;
	if (mp_strcaseeq(fn, "uniqueString") || mp_strcaseeq(fn, "guid"))
		return fail(ps, EXPR_UNSUPPORTED, "%s() is a hash whose "
		    "algorithm Azure does not publish", fn);
	if (mp_strcaseeq(fn, "newGuid") || mp_strcaseeq(fn, "utcNow") ||
	    mp_strcaseeq(fn, "dateTimeAdd") ||
	    mp_strcaseeq(fn, "dateTimeFromEpoch") ||
	    mp_strcaseeq(fn, "dateTimeToEpoch"))
		return fail(ps, EXPR_UNSUPPORTED, "%s() depends on the "
		    "clock or randomness at deployment", fn);
	if (mp_strcaseeq(fn, "environment") || mp_strcaseeq(fn, "tenant") ||
	    mp_strcaseeq(fn, "managementGroup") ||
	    mp_strcaseeq(fn, "pickZones") || mp_strcaseeq(fn, "providers"))
		return fail(ps, EXPR_UNSUPPORTED, "%s() describes the "
		    "cloud or tenant at deployment", fn);
	return fail(ps, EXPR_UNSUPPORTED, "%s() is not known offline", fn);
}

/* -- comparison -- */

static json_t *
f_equals(struct parser *ps, const char *fn, struct jarr *a)
{
	if (a->n != 2)
		return want(ps, fn, "two values");
	return json_boolean(json_equal(a->v[0], a->v[1]));
}

static json_t *
f_order(struct parser *ps, const char *fn, struct jarr *a)
{
	int c;

	if (a->n != 2)
		return want(ps, fn, "two values");
	if (json_is_integer(a->v[0]) && json_is_integer(a->v[1])) {
		json_int_t x = json_integer_value(a->v[0]);
		json_int_t y = json_integer_value(a->v[1]);

		c = x < y ? -1 : x > y;
	} else if (json_is_string(a->v[0]) && json_is_string(a->v[1])) {
		c = strcmp(json_string_value(a->v[0]),
		    json_string_value(a->v[1]));
	} else
		return want(ps, fn, "two ints or two strings");
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
		return want(ps, fn, "arguments");
	for (i = 0; i < a->n; i++)
		if (!json_is_null(a->v[i]))
			return json_incref(a->v[i]);
	return json_null();
}

/* -- logical (and, or, if: parse_call) -- */

static json_t *
f_not(struct parser *ps, const char *fn, struct jarr *a)
{
	if (a->n != 1 || !json_is_boolean(a->v[0]))
		return want(ps, fn, "one bool");
	return json_boolean(json_is_false(a->v[0]));
}

static json_t *
f_bool(struct parser *ps, const char *fn, struct jarr *a)
{
	if (a->n != 1)
		return want(ps, fn, "one value");
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
	return want(ps, fn, "'true', 'false' or an int");
}

/* -- strings and arrays -- */

static json_t *
f_length(struct parser *ps, const char *fn, struct jarr *a)
{
	if (a->n != 1)
		return want(ps, fn, "one value");
	if (json_is_string(a->v[0]))
		return json_integer((json_int_t)cp_len(
		    json_string_value(a->v[0])));
	if (json_is_array(a->v[0]))
		return json_integer((json_int_t)json_array_size(a->v[0]));
	if (json_is_object(a->v[0]))
		return json_integer((json_int_t)json_object_size(a->v[0]));
	return want(ps, fn, "a string, an array or an object");
}

static json_t *
f_empty(struct parser *ps, const char *fn, struct jarr *a)
{
	json_t *v;

	if (a->n != 1)
		return want(ps, fn, "one value");
	v = a->v[0];
	if (json_is_null(v))
		return json_true();
	if (json_is_string(v))
		return json_boolean(json_string_length(v) == 0);
	if (json_is_array(v))
		return json_boolean(json_array_size(v) == 0);
	if (json_is_object(v))
		return json_boolean(json_object_size(v) == 0);
	return want(ps, fn, "a string, an array or an object");
}

static json_t *
f_contains(struct parser *ps, const char *fn, struct jarr *a)
{
	json_t *c, *x;
	size_t i;

	if (a->n != 2)
		return want(ps, fn, "a container and an item");
	c = a->v[0];
	if (json_is_string(c)) {
		struct strbuf sb = STRBUF_INIT;
		int r;

		if (render(&sb, a->v[1]) != 0) {
			sb_free(&sb);
			return want(ps, fn, "a string item for a string");
		}
		r = strstr(json_string_value(c), sb_str(&sb)) != NULL;
		sb_free(&sb);
		return json_boolean(r);
	}
	if (json_is_object(c)) {
		if (!json_is_string(a->v[1]))
			return want(ps, fn, "a string key for an object");
		return json_boolean(obj_get_ci(c,
		    json_string_value(a->v[1])) != NULL);
	}
	if (json_is_array(c)) {
		json_array_foreach(c, i, x)
			if (json_equal(x, a->v[1]))
				return json_true();
		return json_false();
	}
	return want(ps, fn, "a string, an array or an object");
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
		return want(ps, fn, "two values");
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
		return want(ps, fn, "two strings or an array and an item");
	b = ci_find(json_string_value(a->v[0]), json_string_value(a->v[1]),
	    last);
	if (b < 0)
		return json_integer(-1);
	return json_integer((json_int_t)cp_index(json_string_value(a->v[0]),
	    (size_t)b));
}

static json_t *
f_starts_ends(struct parser *ps, const char *fn, struct jarr *a)
{
	if (a->n != 2 || !json_is_string(a->v[0]) ||
	    !json_is_string(a->v[1]))
		return want(ps, fn, "two strings");
	if (mp_strcaseeq(fn, "startsWith"))
		return json_boolean(mp_strcase_prefix(
		    json_string_value(a->v[0]), json_string_value(a->v[1])));
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

	if ((first || last) ? a->n != 1 : (a->n != 2 ||
	    !json_is_integer(a->v[1])))
		return want(ps, fn, (first || last) ? "one value" :
		    "a value and a count");
	v = a->v[0];
	if (json_is_string(v))
		n = (long long)cp_len(json_string_value(v));
	else if (json_is_array(v))
		n = (long long)json_array_size(v);
	else
		return want(ps, fn, "a string or an array");
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
		size_t b0 = cp_off(s, (size_t)from), b1 = cp_off(s, (size_t)to);

		return str_new(ps, s + b0, b1 - b0);
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
	    !all_type(a, 1, JSON_INTEGER))
		return want(ps, fn, "a string, a start and a length");
	s = json_string_value(a->v[0]);
	n = (long long)cp_len(s);
	start = json_integer_value(a->v[1]);
	len = a->n == 3 ? json_integer_value(a->v[2]) : n - start;
	if (start < 0 || len < 0 || start > n || len > n - start)
		return fail(ps, EXPR_ERROR, "substring() out of range "
		    "(length %lld, start %lld, count %lld)", n, start, len);
	b0 = cp_off(s, (size_t)start);
	b1 = cp_off(s, (size_t)(start + len));
	return str_new(ps, s + b0, b1 - b0);
}

static json_t *
f_replace(struct parser *ps, const char *fn, struct jarr *a)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s, *o, *n, *hit;
	size_t ol;

	if (a->n != 3 || !all_type(a, 0, JSON_STRING))
		return want(ps, fn, "three strings");
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
		if (sb.len > max_size(ps->env)) {
			sb_free(&sb);
			return fail(ps, EXPR_SIZE, "a string longer than %zu "
			    "bytes", max_size(ps->env));
		}
	}
	sb_puts(&sb, s);
	return sb_result(ps, &sb);
}

static json_t *
f_split(struct parser *ps, const char *fn, struct jarr *a)
{
	const char *s, *best;
	json_t *r, *d;
	size_t i, bestlen;

	if (a->n != 2 || !json_is_string(a->v[0]) ||
	    !(json_is_string(a->v[1]) || json_is_array(a->v[1])))
		return want(ps, fn, "a string and a delimiter (string or "
		    "array of strings)");
	if (json_is_array(a->v[1]) && !all_type(a, 0, JSON_STRING)) {
		json_array_foreach(a->v[1], i, d)
			if (!json_is_string(d))
				return want(ps, fn, "string delimiters");
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
			json_array_foreach(a->v[1], i, d) {
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
		return want(ps, fn, "one string");
	s = json_string_value(a->v[0]);
	e = s + strlen(s);
	while (*s && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	return str_new(ps, s, (size_t)(e - s));
}

static json_t *
f_pad_left(struct parser *ps, const char *fn, struct jarr *a)
{
	struct strbuf sb = STRBUF_INIT, v = STRBUF_INIT;
	const char *pad = " ";
	long long total, have;

	if (a->n < 2 || a->n > 3 || !json_is_integer(a->v[1]) ||
	    (a->n == 3 && (!json_is_string(a->v[2]) ||
	    cp_len(json_string_value(a->v[2])) != 1)) ||
	    !(json_is_string(a->v[0]) || json_is_integer(a->v[0])))
		return want(ps, fn, "a string or int, a length and one "
		    "character");
	if (a->n == 3)
		pad = json_string_value(a->v[2]);
	render(&v, a->v[0]);
	total = json_integer_value(a->v[1]);
	if (total > (long long)max_size(ps->env) / 4) {
		sb_free(&v);
		return fail(ps, EXPR_SIZE, "padLeft() to %lld characters",
		    total);
	}
	for (have = (long long)cp_len(sb_str(&v)); have < total; have++)
		sb_puts(&sb, pad);
	sb_puts(&sb, sb_str(&v));
	sb_free(&v);
	return sb_result(ps, &sb);
}

static json_t *
f_string(struct parser *ps, const char *fn, struct jarr *a)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;
	json_t *r;

	if (a->n != 1)
		return want(ps, fn, "one value");
	if (json_is_null(a->v[0]))
		return json_string("");
	if (render(&sb, a->v[0]) == 0)
		return sb_result(ps, &sb);
	sb_free(&sb);
	s = json_dumps(a->v[0], JSON_COMPACT | JSON_ENCODE_ANY |
	    JSON_PRESERVE_ORDER);
	if (s == NULL)
		return fail(ps, EXPR_ERROR, "string() of a value that "
		    "cannot be written");
	r = str_new(ps, s, strlen(s));
	free(s);
	return r;
}

static json_t *
f_int(struct parser *ps, const char *fn, struct jarr *a)
{
	const char *s;
	char *end;
	long long v;

	if (a->n != 1)
		return want(ps, fn, "one value");
	if (json_is_integer(a->v[0]))
		return json_incref(a->v[0]);
	if (!json_is_string(a->v[0]))
		return want(ps, fn, "a string or an int");
	s = json_string_value(a->v[0]);
	v = strtoll(s, &end, 10);
	if (end == s || *end != '\0')
		return fail(ps, EXPR_ERROR, "int('%.40s'): not an integer", s);
	return json_integer(v);
}

static json_t *
f_json(struct parser *ps, const char *fn, struct jarr *a)
{
	json_t *r;

	if (a->n != 1 || !json_is_string(a->v[0]))
		return want(ps, fn, "one string");
	r = json_loads(json_string_value(a->v[0]), JSON_DECODE_ANY |
	    JSON_REJECT_DUPLICATES, NULL);
	if (r == NULL)
		return fail(ps, EXPR_ERROR, "json(): not valid JSON");
	return r;
}

static json_t *
f_uri(struct parser *ps, const char *fn, struct jarr *a)
{
	struct strbuf sb = STRBUF_INIT;
	const char *base, *rel, *slash;

	if (a->n != 2 || !all_type(a, 0, JSON_STRING))
		return want(ps, fn, "two strings");
	base = json_string_value(a->v[0]);
	rel = json_string_value(a->v[1]);
	/* ARM: relative to the base's last '/' (RFC 3986 merge). */
	if (strstr(rel, "://") != NULL)
		return json_incref(a->v[1]);
	slash = strrchr(base, '/');
	if (slash == NULL || strstr(base, "://") == NULL)
		return fail(ps, EXPR_ERROR, "uri(): '%.60s' is not an "
		    "absolute URI", base);
	if (rel[0] == '/') {
		const char *host = strstr(base, "://") + 3;
		const char *path = strchr(host, '/');

		sb_putn(&sb, base, path ? (size_t)(path - base) :
		    strlen(base));
	} else
		sb_putn(&sb, base, (size_t)(slash - base) + 1);
	sb_puts(&sb, rel);
	return sb_result(ps, &sb);
}

static json_t *
f_join(struct parser *ps, const char *fn, struct jarr *a)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *x;
	size_t i;

	if (a->n != 2 || !json_is_array(a->v[0]) ||
	    !json_is_string(a->v[1]))
		return want(ps, fn, "an array and a delimiter");
	json_array_foreach(a->v[0], i, x) {
		if (i > 0)
			sb_puts(&sb, json_string_value(a->v[1]));
		if (render(&sb, x) != 0 || sb.len > max_size(ps->env)) {
			sb_free(&sb);
			return want(ps, fn, "an array of strings");
		}
	}
	return sb_result(ps, &sb);
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
		return want(ps, fn, "one value");
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
		return want(ps, fn, "key and value pairs");
	r = json_object();
	for (i = 0; i < a->n; i += 2) {
		if (!json_is_string(a->v[i])) {
			json_decref(r);
			return want(ps, fn, "string keys");
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

	json_object_foreach(from, k, v) {
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
		return want(ps, fn, "arrays or objects");
	if (all_type(a, 0, JSON_OBJECT)) {
		r = json_object();
		for (i = 0; i < a->n; i++)
			merge_objects(r, a->v[i]);
		return r;
	}
	if (!all_type(a, 0, JSON_ARRAY))
		return want(ps, fn, "only arrays or only objects");
	r = json_array();
	for (i = 0; i < a->n; i++) {
		json_array_foreach(a->v[i], j, x) {
			json_array_foreach(r, k, y)
				if (json_equal(x, y))
					break;
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
		return want(ps, fn, "two or more arrays or objects");
	if (all_type(a, 0, JSON_OBJECT)) {
		r = json_object();
		json_object_foreach(a->v[0], key, x) {
			for (i = 1; i < a->n; i++)
				if (!json_equal(json_object_get(a->v[i], key),
				    x))
					break;
			if (i == a->n)
				json_object_set(r, key, x);
		}
		return r;
	}
	if (!all_type(a, 0, JSON_ARRAY))
		return want(ps, fn, "only arrays or only objects");
	r = json_array();
	json_array_foreach(a->v[0], j, x) {
		json_t *y;

		for (i = 1; i < a->n; i++) {
			json_array_foreach(a->v[i], k, y)
				if (json_equal(x, y))
					break;
			if (k == json_array_size(a->v[i]))
				break;
		}
		if (i < a->n)
			continue;
		json_array_foreach(r, k, y)
			if (json_equal(x, y))
				break;
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
		return want(ps, fn, "one object");
	keys = xcalloc(json_object_size(a->v[0]) + 1, sizeof(*keys));
	json_object_foreach(a->v[0], k, v)
		keys[n++] = k;
	/* ARM returns the items sorted by key. */
	qsort(keys, n, sizeof(*keys), key_cmp);
	r = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(r, json_pack("{s:s, s:O}", "key",
		    keys[i], "value", json_object_get(a->v[0], keys[i])));
	free(keys);
	return r;
}

static json_t *
f_try_get(struct parser *ps, const char *fn, struct jarr *a)
{
	json_t *v;
	size_t i;

	if (a->n < 2)
		return want(ps, fn, "a value and keys or indexes");
	v = a->v[0];
	for (i = 1; i < a->n && v != NULL; i++) {
		if (json_is_string(a->v[i]))
			v = obj_get_ci(v, json_string_value(a->v[i]));
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
		return want(ps, fn, "one array of arrays");
	r = json_array();
	json_array_foreach(a->v[0], i, x) {
		if (!json_is_array(x)) {
			json_decref(r);
			return want(ps, fn, "an array of arrays");
		}
		json_array_foreach(x, j, y)
			json_array_append(r, y);
	}
	return r;
}

static json_t *
f_range(struct parser *ps, const char *fn, struct jarr *a)
{
	long long start, count, i;
	json_t *r;

	if (a->n != 2 || !all_type(a, 0, JSON_INTEGER))
		return want(ps, fn, "a start and a count");
	start = json_integer_value(a->v[0]);
	count = json_integer_value(a->v[1]);
	if (count < 0 || count > MAX_RANGE || start > INT_MAX - count)
		return fail(ps, EXPR_ERROR, "range(%lld, %lld): the count must "
		    "be 0 to %d and start + count at most %d", start, count,
		    MAX_RANGE, INT_MAX);
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

	if (a->n != 2 || !all_type(a, 0, JSON_INTEGER))
		return want(ps, fn, "two ints");
	x = json_integer_value(a->v[0]);
	y = json_integer_value(a->v[1]);
	if (mp_strcaseeq(fn, "add")) {
		if (__builtin_add_overflow(x, y, &r))
			return fail(ps, EXPR_ERROR, "add() overflows");
	} else if (mp_strcaseeq(fn, "sub")) {
		if (__builtin_sub_overflow(x, y, &r))
			return fail(ps, EXPR_ERROR, "sub() overflows");
	} else if (mp_strcaseeq(fn, "mul")) {
		if (__builtin_mul_overflow(x, y, &r))
			return fail(ps, EXPR_ERROR, "mul() overflows");
	} else {
		if (y == 0 || (x == LLONG_MIN && y == -1))
			return fail(ps, EXPR_ERROR, "%s() by zero or "
			    "overflowing", fn);
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
		return want(ps, fn, "ints or an array of ints");
	for (i = 0; i < n; i++) {
		json_t *v = list ? json_array_get(list, i) : a->v[i];
		long long x;

		if (!json_is_integer(v))
			return want(ps, fn, "ints or an array of ints");
		x = json_integer_value(v);
		if (i == 0 || (is_max ? x > best : x < best))
			best = x;
	}
	return json_integer(best);
}

static const struct {
	const char *name;
	fn_t fn;
} fns[] = {
	{ "add", f_arith }, { "array", f_array }, { "bool", f_bool },
	{ "coalesce", f_coalesce }, { "concat", f_concat },
	{ "contains", f_contains }, { "createArray", f_create_array },
	{ "createObject", f_create_object }, { "dateTimeAdd", f_unknown },
	{ "dateTimeFromEpoch", f_unknown }, { "dateTimeToEpoch", f_unknown },
	{ "deployment", f_deployment }, { "div", f_arith },
	{ "empty", f_empty }, { "endsWith", f_starts_ends },
	{ "environment", f_unknown }, { "equals", f_equals },
	{ "extensionResourceId", f_resource_id }, { "false", f_bool_const },
	{ "first", f_slice }, { "flatten", f_flatten }, { "format", f_format },
	{ "greater", f_order }, { "greaterOrEquals", f_order },
	{ "guid", f_unknown }, { "indexOf", f_index_of },
	{ "int", f_int }, { "intersection", f_intersection },
	{ "items", f_items }, { "join", f_join }, { "json", f_json },
	{ "last", f_slice }, { "lastIndexOf", f_index_of },
	{ "length", f_length }, { "less", f_order },
	{ "lessOrEquals", f_order }, { "managementGroup", f_unknown },
	{ "max", f_min_max }, { "min", f_min_max }, { "mod", f_arith },
	{ "mul", f_arith }, { "newGuid", f_unknown }, { "not", f_not },
	{ "null", f_null }, { "padLeft", f_pad_left },
	{ "pickZones", f_unknown }, { "providers", f_unknown },
	{ "range", f_range }, { "reference", f_reference },
	{ "replace", f_replace }, { "resourceGroup", f_resource_group },
	{ "resourceId", f_resource_id }, { "skip", f_slice },
	{ "split", f_split }, { "startsWith", f_starts_ends },
	{ "string", f_string }, { "sub", f_arith },
	{ "subscription", f_subscription },
	{ "subscriptionResourceId", f_resource_id },
	{ "substring", f_substring }, { "take", f_slice },
	{ "tenant", f_unknown }, { "tenantResourceId", f_resource_id },
	{ "toLower", f_case }, { "toUpper", f_case }, { "trim", f_trim },
	{ "true", f_bool_const }, { "tryGet", f_try_get },
	{ "union", f_union }, { "uniqueString", f_unknown }, { "uri", f_uri },
	{ "utcNow", f_unknown },
};

/* A user-defined function "namespace.member" from env->functions. */
static json_t *
call_udf(struct parser *ps, const char *fn, struct jarr *a)
{
	const char *dot = strchr(fn, '.');
	json_t *ns, *members = NULL, *m, *params, *out, *p, *r;
	struct expr_env child;
	size_t i;

	json_array_foreach(ps->env->functions, i, ns) {
		json_t *name = json_object_get(ns, "namespace");

		if (json_is_string(name) && strlen(json_string_value(name)) ==
		    (size_t)(dot - fn) && strncasecmp(json_string_value(name),
		    fn, (size_t)(dot - fn)) == 0 &&
		    (m = obj_get_ci(json_object_get(ns, "members"), dot + 1))
		    != NULL) {
			members = m;
			break;
		}
	}
	if (members == NULL)
		return fail(ps, EXPR_ERROR, "undefined function '%s'", fn);
	params = json_object_get(members, "parameters");
	out = json_object_get(json_object_get(members, "output"), "value");
	if (out == NULL)
		return fail(ps, EXPR_ERROR, "function '%s' has no "
		    "output.value", fn);
	if (json_array_size(params) != a->n)
		return fail(ps, EXPR_ERROR, "function '%s' takes %zu "
		    "argument(s), got %zu", fn, json_array_size(params), a->n);
	/* Only its parameters are in scope (ARM: no variables, no
	 * template parameters inside a user-defined function). */
	child = *ps->env;
	child.parameters = NULL;
	child.param_values = NULL;
	child.param_env = NULL;
	child.variables = NULL;
	child.fn_args = json_object();
	json_array_foreach(params, i, p) {
		json_t *pn = json_object_get(p, "name");

		if (!json_is_string(pn)) {
			json_decref(child.fn_args);
			return fail(ps, EXPR_ERROR, "function '%s': a "
			    "parameter without a name", fn);
		}
		json_object_set(child.fn_args, json_string_value(pn),
		    a->v[i]);
	}
	r = deep_in(ps, &child, out);
	ps->env->steps = child.steps;
	json_decref(child.fn_args);
	return r;
}

static json_t *
call(struct parser *ps, const char *fn, struct jarr *a)
{
	size_t i;

	if (++ps->env->steps > (ps->env->max_steps ? ps->env->max_steps :
	    DEFAULT_STEPS))
		return fail(ps, EXPR_LIMIT, "more than %lu function calls in "
		    "one value", ps->env->max_steps ? ps->env->max_steps :
		    DEFAULT_STEPS);
	if (strchr(fn, '.') != NULL)
		return call_udf(ps, fn, a);
	if (mp_strcaseeq(fn, "copyIndex"))
		return f_copy_index(ps, a);
	if (mp_strcase_prefix(fn, "list"))
		return fail(ps, EXPR_UNSUPPORTED, "%s() reads keys or state "
		    "of a deployed resource", fn);
	for (i = 0; i < MP_NELEM(fns); i++)
		if (mp_strcaseeq(fn, fns[i].name))
			return fns[i].fn(ps, fn, a);
	return fail(ps, EXPR_UNSUPPORTED, "unsupported function '%s'", fn);
}

static int
is_lambda_fn(const char *fn)
{
	static const char *const lambda[] = { "filter", "map", "reduce",
		"sort", "toObject", "groupBy", "mapValues", "lambda",
		"lambdaVariables" };
	size_t i;

	for (i = 0; i < MP_NELEM(lambda); i++)
		if (mp_strcaseeq(fn, lambda[i]))
			return 1;
	return 0;
}

/* Past the ')' that closes the call just opened; 0 if there is none. */
static int
skip_balanced(struct parser *ps)
{
	int open = 1;

	while (*ps->p != '\0' && open > 0) {
		if (*ps->p == '\'') {
			ps->p++;
			while (*ps->p != '\0' && !(ps->p[0] == '\'' &&
			    ps->p[1] != '\'')) {
				ps->p += ps->p[0] == '\'' ? 2 : 1;
			}
			if (*ps->p == '\0')
				return 0;
		} else if (*ps->p == '(')
			open++;
		else if (*ps->p == ')')
			open--;
		ps->p++;
	}
	return open == 0;
}

static json_t *
parse_string(struct parser *ps)
{
	struct strbuf sb = STRBUF_INIT;

	ps->p++;	/* opening quote */
	for (;;) {
		if (*ps->p == '\0') {
			sb_free(&sb);
			return fail(ps, EXPR_ERROR, "unterminated string");
		}
		if (*ps->p == '\'') {
			if (ps->p[1] == '\'') {
				sb_putc(&sb, '\'');
				ps->p += 2;
				continue;
			}
			ps->p++;
			break;
		}
		sb_putc(&sb, *ps->p++);
	}
	if (ps->skip) {
		sb_free(&sb);
		return json_null();
	}
	return sb_result(ps, &sb);
}

/* Parse one argument without evaluating it (skip mode). */
static int
skip_arg(struct parser *ps)
{
	json_t *v;

	ps->skip++;
	v = parse_expr(ps);
	ps->skip--;
	json_decref(v);
	return v != NULL;
}

/* After an argument: ',' (1), ')' (0) or an error (-1). */
static int
arg_sep(struct parser *ps, const char *name)
{
	skip_ws(ps);
	if (*ps->p == ',') {
		ps->p++;
		return 1;
	}
	if (*ps->p == ')') {
		ps->p++;
		return 0;
	}
	fail(ps, EXPR_ERROR, "expected ',' or ')' in %s()", name);
	return -1;
}

/*
 * if(cond, a, b): only the branch taken is evaluated (ARM evaluates
 * only that one, so the other may be invalid or unknown offline).
 */
static json_t *
parse_if(struct parser *ps)
{
	json_t *c, *r = NULL;
	int take;

	if ((c = parse_expr(ps)) == NULL)
		return NULL;
	if (!json_is_boolean(c)) {
		json_decref(c);
		return fail(ps, EXPR_ERROR, "if() condition is not a bool");
	}
	take = json_is_true(c);
	json_decref(c);
	if (arg_sep(ps, "if") != 1)
		return fail(ps, EXPR_ERROR, "if() takes three arguments");
	if (take) {
		if ((r = parse_expr(ps)) == NULL)
			return NULL;
	} else if (!skip_arg(ps))
		return NULL;
	if (arg_sep(ps, "if") != 1) {
		json_decref(r);
		return fail(ps, EXPR_ERROR, "if() takes three arguments");
	}
	if (!take) {
		if ((r = parse_expr(ps)) == NULL)
			return NULL;
	} else if (!skip_arg(ps)) {
		json_decref(r);
		return NULL;
	}
	if (arg_sep(ps, "if") != 0) {
		json_decref(r);
		return fail(ps, EXPR_ERROR, "if() takes three arguments");
	}
	return r;
}

/*
 * and()/or(): an argument that is not known offline does not decide
 * when another one does (a false for and(), a true for or()).
 */
static json_t *
parse_and_or(struct parser *ps, const char *name)
{
	int is_and = mp_strcaseeq(name, "and"), decided = 0, sep, n = 0;
	char unknown[256] = "";

	do {
		const char *save = ps->p;
		json_t *v = parse_expr(ps);

		if (v == NULL && ps->rc == EXPR_UNSUPPORTED) {
			snprintf(unknown, sizeof(unknown), "%s", ps->err);
			ps->rc = EXPR_OK;
			ps->err[0] = '\0';
			ps->p = save;
			if (!skip_arg(ps))
				return NULL;
		} else if (v == NULL) {
			return NULL;
		} else if (!json_is_boolean(v)) {
			json_decref(v);
			return fail(ps, EXPR_ERROR, "%s() takes bools", name);
		} else {
			if (json_is_true(v) != is_and)
				decided = 1;
			json_decref(v);
		}
		n++;
		if ((sep = arg_sep(ps, name)) < 0)
			return NULL;
	} while (sep == 1);
	if (n < 2)
		return fail(ps, EXPR_ERROR, "%s() takes two or more bools",
		    name);
	if (decided)
		return json_boolean(!is_and);
	if (unknown[0] != '\0')
		return fail(ps, EXPR_UNSUPPORTED, "%s", unknown);
	return json_boolean(is_and);
}

static json_t *
parse_primary(struct parser *ps)
{
	char name[128];
	size_t n = 0;
	struct jarr args = { NULL, 0, 0 };
	json_t *r;

	skip_ws(ps);
	if (*ps->p == '\'')
		return parse_string(ps);
	if (*ps->p == '-' || isdigit((unsigned char)*ps->p)) {
		char *end;
		long long v = strtoll(ps->p, &end, 10);

		if (end == ps->p)
			return fail(ps, EXPR_ERROR, "bad number");
		ps->p = end;
		return json_integer(v);
	}
	while (isalnum((unsigned char)*ps->p) || *ps->p == '_' ||
	    (*ps->p == '.' && n > 0 && isalpha((unsigned char)ps->p[1]))) {
		if (n + 1 >= sizeof(name))
			return fail(ps, EXPR_ERROR, "name too long");
		name[n++] = *ps->p++;
	}
	name[n] = '\0';
	if (n == 0)
		return fail(ps, EXPR_ERROR, "unexpected '%c'",
		    *ps->p ? *ps->p : '$');
	skip_ws(ps);
	if (*ps->p != '(')
		return fail(ps, EXPR_ERROR, "'%s' is not a function call",
		    name);
	ps->p++;
	if (is_lambda_fn(name)) {
		/* Its arguments hold lambdas (x => ...): skipped whole. */
		if (!skip_balanced(ps))
			return fail(ps, EXPR_ERROR, "unbalanced parentheses "
			    "in %s()", name);
		if (ps->skip)
			return json_null();
		return fail(ps, EXPR_UNSUPPORTED, "lambda functions (%s) are "
		    "not evaluated", name);
	}
	if (++ps->env->depth > ps->env->max_depth) {
		ps->env->depth--;
		return fail(ps, EXPR_LIMIT, "expression nested deeper than %d",
		    ps->env->max_depth);
	}
	skip_ws(ps);
	if (!ps->skip && mp_strcaseeq(name, "if")) {
		r = parse_if(ps);
		ps->env->depth--;
		return r;
	}
	if (!ps->skip && (mp_strcaseeq(name, "and") ||
	    mp_strcaseeq(name, "or")) && *ps->p != ')') {
		r = parse_and_or(ps, name);
		ps->env->depth--;
		return r;
	}
	if (*ps->p == ')')
		ps->p++;
	else {
		for (;;) {
			json_t *v = parse_expr(ps);
			int sep;

			if (v == NULL) {
				args_free(&args);
				ps->env->depth--;
				return NULL;
			}
			args_push(&args, v);
			if ((sep = arg_sep(ps, name)) < 0) {
				args_free(&args);
				ps->env->depth--;
				return NULL;
			}
			if (sep == 0)
				break;
		}
	}
	if (ps->skip) {
		r = json_null();
	} else if ((mp_strcaseeq(name, "parameters") ||
	    mp_strcaseeq(name, "variables")) && args.n == 1 &&
	    json_is_string(args.v[0])) {
		struct expr_env *where;
		json_t *node;
		bool memo = memo_ok(ps, name);

		if (memo && (r = memo_get(ps->env,
		    json_string_value(args.v[0]))) != NULL) {
			ps->env->depth--;
			args_free(&args);
			return r;
		}
		r = lookup(ps, mp_strcaseeq(name, "parameters"),
		    json_string_value(args.v[0]), &node, &where);
		if (r == NULL && node != NULL)
			r = walk_ref(ps, node, where);
		if (memo && r != NULL)
			memo_put(ps->env, json_string_value(args.v[0]), r);
	} else if (mp_strcaseeq(name, "parameters") ||
	    mp_strcaseeq(name, "variables")) {
		r = fail(ps, EXPR_ERROR, "%s() takes one string", name);
	} else {
		r = call(ps, name, &args);
	}
	args_free(&args);
	ps->env->depth--;
	return r;
}

static json_t *
parse_expr(struct parser *ps)
{
	json_t *v = parse_primary(ps), *nv;

	while (v != NULL) {
		skip_ws(ps);
		if (*ps->p == '.') {
			char name[256];

			ps->p++;
			if (!read_name(ps, name, sizeof(name))) {
				json_decref(v);
				return fail(ps, EXPR_ERROR,
				    "expected a property name after '.'");
			}
			if (ps->skip)
				continue;
			nv = obj_get_ci(v, name);
			if (nv == NULL) {
				json_decref(v);
				return fail(ps, EXPR_UNSUPPORTED,
				    "property '%s' is not known offline",
				    name);
			}
			json_incref(nv);
			json_decref(v);
			v = nv;
		} else if (*ps->p == '[') {
			json_t *ix;

			ps->p++;
			ix = parse_expr(ps);
			skip_ws(ps);
			if (ix == NULL || *ps->p != ']') {
				json_decref(ix);
				json_decref(v);
				return fail(ps, EXPR_ERROR, "expected ']'");
			}
			ps->p++;
			if (ps->skip) {
				json_decref(ix);
				continue;
			}
			if (json_is_integer(ix) && json_is_array(v) &&
			    json_integer_value(ix) >= 0)
				nv = json_array_get(v,
				    (size_t)json_integer_value(ix));
			else if (json_is_string(ix))
				nv = obj_get_ci(v, json_string_value(ix));
			else
				nv = NULL;
			json_decref(ix);
			if (nv == NULL) {
				json_decref(v);
				return fail(ps, EXPR_ERROR,
				    "index out of range or wrong type");
			}
			json_incref(nv);
			json_decref(v);
			v = nv;
		} else
			break;
	}
	return v;
}

enum expr_rc
expr_eval(struct expr_env *env, const char *s, json_t **out, char *err,
    size_t errlen)
{
	struct parser ps;
	size_t n = strlen(s);
	char *body;
	json_t *v;

	*out = NULL;
	err[0] = '\0';
	if ((n >= 2 && s[0] == '[' && s[1] == '[') || !expr_is_expr(s)) {
		/* A literal ("[[" escapes the bracket). */
		*out = json_string(n >= 2 && s[0] == '[' && s[1] == '[' ?
		    s + 1 : s);
		if (*out == NULL) {
			snprintf(err, errlen, "a string that is not valid "
			    "UTF-8");
			return EXPR_ERROR;
		}
		return EXPR_OK;
	}
	if (env->depth > env->max_depth) {
		snprintf(err, errlen, "expression nested deeper than %d",
		    env->max_depth);
		return EXPR_LIMIT;
	}
	if (env->depth == 0)
		env->steps = 0;
	body = xstrndup(s + 1, n - 2);
	memset(&ps, 0, sizeof(ps));
	ps.env = env;
	ps.p = body;
	ps.err = err;
	ps.errlen = errlen;
	v = parse_expr(&ps);
	if (v != NULL) {
		skip_ws(&ps);
		if (*ps.p != '\0') {
			json_decref(v);
			v = fail(&ps, EXPR_ERROR, "unexpected text after "
			    "the expression: '%.20s'", ps.p);
		}
	}
	free(body);
	if (v == NULL) {
		if (ps.rc == EXPR_OK)
			ps.rc = EXPR_ERROR;
		if (err[0] == '\0')
			snprintf(err, errlen, "invalid expression");
		return ps.rc;
	}
	*out = v;
	return EXPR_OK;
}

int
expr_ref(struct expr_env *env, const char *s, json_t **node,
    struct expr_env **where)
{
	const char *p, *q, *e;
	struct parser ps;
	char err[64];
	json_t *r;
	int is_param;
	size_t n = strlen(s), len;
	char *name;

	*node = NULL;
	*where = NULL;
	if (!expr_is_expr(s))
		return 0;
	p = s + 1;
	while (*p == ' ')
		p++;
	if (strncasecmp(p, "parameters('", 12) == 0) {
		is_param = 1;
		p += 12;
	} else if (strncasecmp(p, "variables('", 11) == 0) {
		is_param = 0;
		p += 11;
	} else
		return 0;
	q = strchr(p, '\'');
	if (q == NULL || q[1] != ')' || memchr(p, '\'', (size_t)(q - p)))
		return 0;
	/* Only plain .name accessors: anything else is evaluated. */
	for (e = q + 2; e < s + n - 1; e++)
		if (!isalnum((unsigned char)*e) && *e != '_' && *e != '.')
			return 0;
	memset(&ps, 0, sizeof(ps));
	ps.env = env;
	ps.err = err;
	ps.errlen = sizeof(err);
	len = (size_t)(q - p);
	name = xstrndup(p, len);
	r = lookup(&ps, is_param, name, node, where);
	free(name);
	if (r != NULL || *node == NULL) {
		json_decref(r);
		*node = NULL;
		return 0;
	}
	for (p = q + 2; p < s + n - 1 && *p == '.';) {
		char key[256];
		size_t k = 0;
		json_t *nv;

		if (json_is_string(*node) || !json_is_object(*node) ||
		    (*where != NULL && json_object_get(*node, "copy")))
			return 0;
		for (p++; p < s + n - 1 && *p != '.' && k + 1 < sizeof(key);)
			key[k++] = *p++;
		key[k] = '\0';
		if ((nv = obj_get_ci(*node, key)) == NULL)
			return 0;
		*node = nv;
	}
	return p == s + n - 1;
}

enum expr_rc
expr_eval_deep(struct expr_env *env, json_t *v, json_t **out, char *err,
    size_t errlen)
{
	enum expr_rc rc;
	const char *k;
	json_t *x, *y;
	size_t i;

	*out = NULL;
	if (env->depth > env->max_depth) {
		snprintf(err, errlen, "expression nested deeper than %d",
		    env->max_depth);
		return EXPR_LIMIT;
	}
	if (json_is_string(v))
		return expr_eval(env, json_string_value(v), out, err, errlen);
	if (json_is_object(v)) {
		json_t *o = json_object();

		json_object_foreach(v, k, x) {
			/* Property copy loops become their arrays. */
			if (strcmp(k, "copy") == 0 && json_is_array(x)) {
				json_t *loop;
				size_t j;

				json_array_foreach(x, j, loop) {
					const char *ln;

					if ((rc = expr_eval_copy(env, loop,
					    &ln, &y, err, errlen)) != EXPR_OK) {
						json_decref(o);
						return rc;
					}
					json_object_set_new(o, ln, y);
				}
				continue;
			}
			if ((rc = expr_eval_deep(env, x, &y, err, errlen)) !=
			    EXPR_OK) {
				json_decref(o);
				return rc;
			}
			json_object_set_new(o, k, y);
		}
		*out = o;
		return EXPR_OK;
	}
	if (json_is_array(v)) {
		json_t *a = json_array();

		json_array_foreach(v, i, x) {
			if ((rc = expr_eval_deep(env, x, &y, err, errlen)) !=
			    EXPR_OK) {
				json_decref(a);
				return rc;
			}
			json_array_append_new(a, y);
		}
		*out = a;
		return EXPR_OK;
	}
	*out = json_incref(v);
	return EXPR_OK;
}
