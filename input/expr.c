/*
 * expr.c - evaluator for the ARM expression subset of expr.h. A recursive
 * descent parser evaluates while it parses (no tree): every call returns a
 * new jansson reference or fails with a code and a message.
 *
 * Limits: nesting of calls, and of variables()/parameters() that refer to
 * further expressions, is bounded by env->max_depth (a variable that uses
 * itself ends there with EXPR_LIMIT, never a stack overflow).
 */
#include "expr.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"

struct parser {
	struct expr_env *env;
	const char *p;		/* cursor */
	char *err;
	size_t errlen;
	enum expr_rc rc;
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

/* Case-insensitive object lookup (ARM names compare that way). */
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

static json_t *
deep(struct parser *ps, json_t *v, const char *what)
{
	json_t *out = NULL;
	enum expr_rc rc;

	ps->env->depth++;
	rc = expr_eval_deep(ps->env, v, &out, ps->err, ps->errlen);
	ps->env->depth--;
	if (rc != EXPR_OK) {
		if (ps->rc == EXPR_OK)
			ps->rc = rc;
		(void)what;
		return NULL;
	}
	return out;
}

/* Render a scalar for concat()/format(); NULL when not a scalar. */
static int
render(struct strbuf *sb, json_t *v)
{
	if (json_is_string(v))
		sb_puts(sb, json_string_value(v));
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

struct jarr {
	json_t **v;
	size_t n, cap;
};

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

static json_t *
f_param_or_var(struct parser *ps, struct jarr *a, int is_param)
{
	const char *what = is_param ? "parameter" : "variable";
	json_t *tab = is_param ? ps->env->parameters : ps->env->variables;
	json_t *v;
	const char *name;

	if (a->n != 1 || !json_is_string(a->v[0]))
		return fail(ps, EXPR_ERROR, "%ss() takes one string", what);
	name = json_string_value(a->v[0]);
	v = obj_get_ci(tab, name);
	if (v == NULL)
		return fail(ps, EXPR_ERROR, "undefined %s '%s'", what, name);
	if (is_param) {
		json_t *dv = json_object_get(v, "defaultValue");

		if (dv == NULL)
			return fail(ps, EXPR_ERROR,
			    "parameter '%s' has no defaultValue", name);
		v = dv;
	} else if (json_is_object(v) && json_object_get(v, "copy") != NULL) {
		return fail(ps, EXPR_UNSUPPORTED,
		    "variable '%s' uses copy", name);
	}
	return deep(ps, v, name);
}

static json_t *
f_concat(struct parser *ps, struct jarr *a)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, j;
	json_t *r;

	if (a->n == 0)
		return fail(ps, EXPR_ERROR, "concat() needs arguments");
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
	r = json_string(sb_str(&sb));
	sb_free(&sb);
	if (r == NULL)
		return fail(ps, EXPR_ERROR, "concat() made invalid UTF-8");
	return r;
}

static json_t *
f_format(struct parser *ps, struct jarr *a)
{
	struct strbuf sb = STRBUF_INIT;
	const char *f;
	json_t *r;

	if (a->n < 1 || !json_is_string(a->v[0]))
		return fail(ps, EXPR_ERROR, "format() needs a format string");
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
			f = end;
		} else
			sb_putc(&sb, *f);
	}
	r = json_string(sb_str(&sb));
	sb_free(&sb);
	if (r == NULL)
		return fail(ps, EXPR_ERROR, "a string that is not valid "
		    "UTF-8");
	return r;
}

/*
 * resourceId([subscriptionId], [resourceGroupName], resourceType,
 * name1, ... name5): the first argument with a '/' is the type.
 */
static json_t *
f_resource_id(struct parser *ps, struct jarr *a)
{
	struct strbuf sb = STRBUF_INIT;
	const char *sub = ps->env->subscription, *rg = ps->env->resource_group;
	const char *type, *t;
	size_t i, ti = (size_t)-1, ntypes = 0, nnames = 0;
	json_t *r;

	for (i = 0; i < a->n; i++)
		if (!json_is_string(a->v[i]))
			return fail(ps, EXPR_ERROR,
			    "resourceId() argument %zu is not a string",
			    i + 1);
	for (i = 0; i < a->n && i < 3; i++) {
		if (strchr(json_string_value(a->v[i]), '/') != NULL) {
			ti = i;
			break;
		}
	}
	if (ti == (size_t)-1)
		return fail(ps, EXPR_ERROR, "resourceId() has no resource type");
	if (ti == 1)
		rg = json_string_value(a->v[0]);
	else if (ti == 2) {
		sub = json_string_value(a->v[0]);
		rg = json_string_value(a->v[1]);
	}
	type = json_string_value(a->v[ti]);
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
	if (ntypes < 1 || ntypes > 5 || nnames != ntypes)
		return fail(ps, EXPR_ERROR, "resourceId('%s') needs %zu "
		    "name(s), got %zu", type, ntypes, nnames);
	if (sub == NULL || rg == NULL)
		return fail(ps, EXPR_UNSUPPORTED, "resourceId('%s') with an "
		    "unknown subscription or resource group", type);
	sb_printf(&sb, "/subscriptions/%s/resourceGroups/%s/providers/", sub,
	    rg);
	/* Interleave: NS/t1/n1/t2/n2... */
	{
		const char *tp = strchr(type, '/') + 1;
		size_t arg = ti + 1;
		const char *np = json_string_value(a->v[arg]);

		sb_putn(&sb, type, (size_t)(tp - type));
		for (;;) {
			const char *te = strchr(tp, '/');
			const char *ne;

			sb_putn(&sb, tp, te ? (size_t)(te - tp) : strlen(tp));
			sb_putc(&sb, '/');
			ne = strchr(np, '/');
			sb_putn(&sb, np, ne ? (size_t)(ne - np) : strlen(np));
			if (ne != NULL)
				np = ne + 1;
			else if (++arg < a->n)
				np = json_string_value(a->v[arg]);
			if (te == NULL)
				break;
			sb_putc(&sb, '/');
			tp = te + 1;
		}
	}
	r = json_string(sb_str(&sb));
	sb_free(&sb);
	if (r == NULL)
		return fail(ps, EXPR_ERROR, "a string that is not valid "
		    "UTF-8");
	return r;
}

static json_t *
f_case(struct parser *ps, struct jarr *a, int upper)
{
	char *s;
	json_t *r;
	size_t i;

	if (a->n != 1 || !json_is_string(a->v[0]))
		return fail(ps, EXPR_ERROR, "to%s() takes one string",
		    upper ? "Upper" : "Lower");
	s = xstrdup(json_string_value(a->v[0]));
	for (i = 0; s[i]; i++)
		s[i] = (char)(upper ? toupper((unsigned char)s[i])
		    : tolower((unsigned char)s[i]));
	r = json_string(s);
	free(s);
	if (r == NULL)
		return fail(ps, EXPR_ERROR, "a string that is not valid "
		    "UTF-8");
	return r;
}

static json_t *
call(struct parser *ps, const char *fn, struct jarr *a)
{
	if (mp_strcaseeq(fn, "parameters"))
		return f_param_or_var(ps, a, 1);
	if (mp_strcaseeq(fn, "variables"))
		return f_param_or_var(ps, a, 0);
	if (mp_strcaseeq(fn, "concat"))
		return f_concat(ps, a);
	if (mp_strcaseeq(fn, "format"))
		return f_format(ps, a);
	if (mp_strcaseeq(fn, "resourceId"))
		return f_resource_id(ps, a);
	if (mp_strcaseeq(fn, "toLower") || mp_strcaseeq(fn, "toUpper"))
		return f_case(ps, a, mp_strcaseeq(fn, "toUpper"));
	if (mp_strcaseeq(fn, "true") || mp_strcaseeq(fn, "false")) {
		if (a->n != 0)
			return fail(ps, EXPR_ERROR, "%s() takes no argument",
			    fn);
		return json_boolean(mp_strcaseeq(fn, "true"));
	}
	if (mp_strcaseeq(fn, "subscription")) {
		if (a->n != 0)
			return fail(ps, EXPR_UNSUPPORTED,
			    "subscription() with arguments");
		if (ps->env->subscription == NULL)
			return fail(ps, EXPR_UNSUPPORTED,
			    "subscription() with an unknown scope");
		return json_pack("{s:s+, s:s}", "id", "/subscriptions/",
		    ps->env->subscription, "subscriptionId",
		    ps->env->subscription);
	}
	if (mp_strcaseeq(fn, "resourceGroup")) {
		if (a->n != 0)
			return fail(ps, EXPR_UNSUPPORTED,
			    "resourceGroup() with arguments");
		if (ps->env->subscription == NULL ||
		    ps->env->resource_group == NULL)
			return fail(ps, EXPR_UNSUPPORTED,
			    "resourceGroup() with an unknown scope");
		return json_pack("{s:s+++, s:s}", "id", "/subscriptions/",
		    ps->env->subscription, "/resourceGroups/",
		    ps->env->resource_group, "name",
		    ps->env->resource_group);
	}
	return fail(ps, EXPR_UNSUPPORTED, "unsupported function '%s'", fn);
}

static json_t *
parse_string(struct parser *ps)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *r;

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
	r = json_string(sb_str(&sb));
	sb_free(&sb);
	if (r == NULL)
		return fail(ps, EXPR_ERROR, "a string that is not valid "
		    "UTF-8");
	return r;
}

static json_t *
parse_primary(struct parser *ps)
{
	char name[64];
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
	while (isalnum((unsigned char)*ps->p) || *ps->p == '_') {
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
	if (++ps->env->depth > ps->env->max_depth) {
		ps->env->depth--;
		return fail(ps, EXPR_LIMIT, "expression nested deeper than %d",
		    ps->env->max_depth);
	}
	skip_ws(ps);
	if (*ps->p == ')')
		ps->p++;
	else {
		for (;;) {
			json_t *v = parse_expr(ps);

			if (v == NULL) {
				args_free(&args);
				ps->env->depth--;
				return NULL;
			}
			args_push(&args, v);
			skip_ws(ps);
			if (*ps->p == ',') {
				ps->p++;
				continue;
			}
			if (*ps->p == ')') {
				ps->p++;
				break;
			}
			args_free(&args);
			ps->env->depth--;
			return fail(ps, EXPR_ERROR, "expected ',' or ')' in "
			    "%s()", name);
		}
	}
	r = call(ps, name, &args);
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
			char name[128];
			size_t n = 0;

			ps->p++;
			skip_ws(ps);
			while ((isalnum((unsigned char)*ps->p) ||
			    *ps->p == '_') && n + 1 < sizeof(name))
				name[n++] = *ps->p++;
			name[n] = '\0';
			if (n == 0) {
				json_decref(v);
				return fail(ps, EXPR_ERROR,
				    "expected a property name after '.'");
			}
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
			if (json_is_integer(ix) && json_is_array(v))
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
		return ps.rc;
	}
	*out = v;
	return EXPR_OK;
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
