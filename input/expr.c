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
 *
 * This file holds the parser and the dispatch of calls; expr_int.h lists
 * the files that hold the rest (names, values, the functions).
 *
 *   expr_env_init   an empty environment
 *   expr_is_expr    is a string an expression ("[...]", not "[[...")?
 *   expr_eval       evaluate one string (expr.h)
 *   expr_eval_deep  evaluate every string in a JSON value (expr.h)
 */
#include "expr.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "expr_int.h"

#define DEFAULT_STEPS 1000000UL

static const struct {
	const struct expr_fn *fns;
	const size_t *n;
} fn_tables[] = {
	{ .fns = ex_text_fns, .n = &ex_text_nfns },
	{ .fns = ex_data_fns, .n = &ex_data_nfns },
	{ .fns = ex_scope_fns, .n = &ex_scope_nfns },
};

void
expr_env_init(struct expr_env *env, int max_depth)
{
	memset(env, 0, sizeof(*env));
	env->res_loop = -1;
	env->max_depth = max_depth;
}

void
ex_skip_ws(struct parser *ps)
{
	while (
	    *ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
		ps->p++;
}

/* A property name after '.'; 0 when there is none. */
int
ex_read_name(struct parser *ps, char *name, size_t size)
{
	size_t n = 0;

	ex_skip_ws(ps);
	while ((isalnum((unsigned char)*ps->p) || *ps->p == '_' ||
		   *ps->p == '$') &&
	    n + 1 < size)
		name[n++] = *ps->p++;
	name[n] = '\0';
	return n > 0;
}

int
expr_is_expr(const char *s)
{
	size_t n = strlen(s);

	return n >= 2 && s[0] == '[' && s[1] != '[' && s[n - 1] == ']';
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

static json_t *
call(struct parser *ps, const char *fn, struct jarr *a)
{
	size_t t, i;

	if (++ps->env->steps >
	    (ps->env->max_steps ? ps->env->max_steps : DEFAULT_STEPS))
		return ex_fail(ps, EXPR_LIMIT,
		    "more than %lu function calls in "
		    "one value",
		    ps->env->max_steps ? ps->env->max_steps : DEFAULT_STEPS);
	if (strchr(fn, '.') != NULL)
		return ex_call_udf(ps, fn, a);
	if (mp_strcaseeq(fn, "copyIndex"))
		return ex_copy_index(ps, a);
	if (mp_strcase_prefix(fn, "list"))
		return ex_fail(ps, EXPR_UNSUPPORTED,
		    "%s() reads keys or state "
		    "of a deployed resource",
		    fn);
	for (t = 0; t < MP_NELEM(fn_tables); t++)
		for (i = 0; i < *fn_tables[t].n; i++)
			if (mp_strcaseeq(fn, fn_tables[t].fns[i].name))
				return fn_tables[t].fns[i].fn(ps, fn, a);
	return ex_fail(ps, EXPR_UNSUPPORTED, "unsupported function '%s'", fn);
}

static int
is_lambda_fn(const char *fn)
{
	static const char *const lambda[] = { "filter", "map", "reduce", "sort",
		"toObject", "groupBy", "mapValues", "lambda",
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
			while (*ps->p != '\0' &&
			    !(ps->p[0] == '\'' && ps->p[1] != '\'')) {
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

	ps->p++; /* opening quote */
	for (;;) {
		if (*ps->p == '\0') {
			sb_free(&sb);
			return ex_fail(ps, EXPR_ERROR, "unterminated string");
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
	return ex_sb_result(ps, &sb);
}

/* Parse one argument without evaluating it (skip mode). */
static int
skip_arg(struct parser *ps)
{
	json_t *v;

	ps->skip++;
	v = ex_parse_expr(ps);
	ps->skip--;
	json_decref(v);
	return v != NULL;
}

/* After an argument: ',' (1), ')' (0) or an error (-1). */
static int
arg_sep(struct parser *ps, const char *name)
{
	ex_skip_ws(ps);
	if (*ps->p == ',') {
		ps->p++;
		return 1;
	}
	if (*ps->p == ')') {
		ps->p++;
		return 0;
	}
	ex_fail(ps, EXPR_ERROR, "expected ',' or ')' in %s()", name);
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

	if ((c = ex_parse_expr(ps)) == NULL)
		return NULL;
	if (!json_is_boolean(c)) {
		json_decref(c);
		return ex_fail(ps, EXPR_ERROR, "if() condition is not a bool");
	}
	take = json_is_true(c);
	json_decref(c);
	if (arg_sep(ps, "if") != 1)
		return ex_fail(ps, EXPR_ERROR, "if() takes three arguments");
	if (take) {
		if ((r = ex_parse_expr(ps)) == NULL)
			return NULL;
	} else if (!skip_arg(ps))
		return NULL;
	if (arg_sep(ps, "if") != 1) {
		json_decref(r);
		return ex_fail(ps, EXPR_ERROR, "if() takes three arguments");
	}
	if (!take) {
		if ((r = ex_parse_expr(ps)) == NULL)
			return NULL;
	} else if (!skip_arg(ps)) {
		json_decref(r);
		return NULL;
	}
	if (arg_sep(ps, "if") != 0) {
		json_decref(r);
		return ex_fail(ps, EXPR_ERROR, "if() takes three arguments");
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
		json_t *v = ex_parse_expr(ps);

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
			return ex_fail(ps, EXPR_ERROR, "%s() takes bools",
			    name);
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
		return ex_fail(ps, EXPR_ERROR, "%s() takes two or more bools",
		    name);
	if (decided)
		return json_boolean(!is_and);
	if (unknown[0] != '\0')
		return ex_fail(ps, EXPR_UNSUPPORTED, "%s", unknown);
	return json_boolean(is_and);
}

static json_t *
parse_primary(struct parser *ps)
{
	char name[128];
	size_t n = 0;
	struct jarr args = { NULL, 0, 0 };
	json_t *r;

	ex_skip_ws(ps);
	if (*ps->p == '\'')
		return parse_string(ps);
	if (*ps->p == '-' || isdigit((unsigned char)*ps->p)) {
		char *end;
		long long v = strtoll(ps->p, &end, 10);

		if (end == ps->p)
			return ex_fail(ps, EXPR_ERROR, "bad number");
		ps->p = end;
		return json_integer(v);
	}
	while (isalnum((unsigned char)*ps->p) || *ps->p == '_' ||
	    (*ps->p == '.' && n > 0 && isalpha((unsigned char)ps->p[1]))) {
		if (n + 1 >= sizeof(name))
			return ex_fail(ps, EXPR_ERROR, "name too long");
		name[n++] = *ps->p++;
	}
	name[n] = '\0';
	if (n == 0)
		return ex_fail(ps, EXPR_ERROR, "unexpected '%c'",
		    *ps->p ? *ps->p : '$');
	ex_skip_ws(ps);
	if (*ps->p != '(')
		return ex_fail(ps, EXPR_ERROR, "'%s' is not a function call",
		    name);
	ps->p++;
	if (is_lambda_fn(name)) {
		/* Its arguments hold lambdas (x => ...): skipped whole. */
		if (!skip_balanced(ps))
			return ex_fail(ps, EXPR_ERROR,
			    "unbalanced parentheses "
			    "in %s()",
			    name);
		if (ps->skip)
			return json_null();
		return ex_fail(ps, EXPR_UNSUPPORTED,
		    "lambda functions (%s) are "
		    "not evaluated",
		    name);
	}
	if (++ps->env->depth > ps->env->max_depth) {
		ps->env->depth--;
		return ex_fail(ps, EXPR_LIMIT,
		    "expression nested deeper than %d", ps->env->max_depth);
	}
	ex_skip_ws(ps);
	if (!ps->skip && mp_strcaseeq(name, "if")) {
		r = parse_if(ps);
		ps->env->depth--;
		return r;
	}
	if (!ps->skip &&
	    (mp_strcaseeq(name, "and") || mp_strcaseeq(name, "or")) &&
	    *ps->p != ')') {
		r = parse_and_or(ps, name);
		ps->env->depth--;
		return r;
	}
	if (*ps->p == ')')
		ps->p++;
	else {
		for (;;) {
			json_t *v = ex_parse_expr(ps);
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
	} else if (mp_strcaseeq(name, "parameters") ||
	    mp_strcaseeq(name, "variables")) {
		r = ex_ref_value(ps, name, &args);
	} else {
		r = call(ps, name, &args);
	}
	args_free(&args);
	ps->env->depth--;
	return r;
}

json_t *
ex_parse_expr(struct parser *ps)
{
	json_t *v = parse_primary(ps), *nv;

	while (v != NULL) {
		ex_skip_ws(ps);
		if (*ps->p == '.') {
			char name[256];

			ps->p++;
			if (!ex_read_name(ps, name, sizeof(name))) {
				json_decref(v);
				return ex_fail(ps, EXPR_ERROR,
				    "expected a property name after '.'");
			}
			if (ps->skip)
				continue;
			nv = ex_obj_get_ci(v, name);
			if (nv == NULL) {
				json_decref(v);
				return ex_fail(ps, EXPR_UNSUPPORTED,
				    "property '%s' is not known offline", name);
			}
			json_incref(nv);
			json_decref(v);
			v = nv;
		} else if (*ps->p == '[') {
			json_t *ix;

			ps->p++;
			ix = ex_parse_expr(ps);
			ex_skip_ws(ps);
			if (ix == NULL || *ps->p != ']') {
				json_decref(ix);
				json_decref(v);
				return ex_fail(ps, EXPR_ERROR, "expected ']'");
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
				nv = ex_obj_get_ci(v, json_string_value(ix));
			else
				nv = NULL;
			json_decref(ix);
			if (nv == NULL) {
				json_decref(v);
				return ex_fail(ps, EXPR_ERROR,
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
		*out = json_string(
		    n >= 2 && s[0] == '[' && s[1] == '[' ? s + 1 : s);
		if (*out == NULL) {
			snprintf(err, errlen,
			    "a string that is not valid "
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
	v = ex_parse_expr(&ps);
	if (v != NULL) {
		ex_skip_ws(&ps);
		if (*ps.p != '\0') {
			json_decref(v);
			v = ex_fail(&ps, EXPR_ERROR,
			    "unexpected text after "
			    "the expression: '%.20s'",
			    ps.p);
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

		json_object_foreach(v, k, x)
		{
			/* Property copy loops become their arrays. */
			if (strcmp(k, "copy") == 0 && json_is_array(x)) {
				json_t *loop;
				size_t j;

				json_array_foreach(x, j, loop)
				{
					const char *ln;

					if ((rc = expr_eval_copy(env, loop, &ln,
						 &y, err, errlen)) != EXPR_OK) {
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

		json_array_foreach(v, i, x)
		{
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
