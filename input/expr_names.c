/*
 * expr_names.c - where an ARM expression's names take their values: the
 * template's parameters (a parameters file's value, a nested
 * deployment's, or the defaultValue), its variables (and variable copy
 * loops), copyIndex() in the open copy loops, and user-defined functions,
 * in which only their own parameters are in scope (ARM: no variables, no
 * template parameters).
 *
 * Accessors after parameters()/variables() (.x, [n], ['x']) walk the
 * template's JSON before evaluating, so only the field used is evaluated
 * and a sibling that is not known offline does not matter. With env->memo
 * a top-level template's variables are evaluated once each (memo_ok).
 *
 *   ex_ref_value     parameters('n') / variables('n') and its accessors
 *   expr_eval_copy   a copy loop's array (expr.h)
 *   ex_copy_index    copyIndex([name], [offset])
 *   ex_call_udf      a user-defined function "namespace.member"
 *   expr_ref         the template node a plain reference names (expr.h)
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/util.h"
#include "expr.h"
#include "expr_int.h"

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
	json_object_set_new(env->memo, k,
	    json_is_object(v) || json_is_array(v) ? json_deep_copy(v) :
						    json_incref(v));
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
			if ((v = ex_obj_get_ci(env->fn_args, name)) == NULL)
				return ex_fail(ps, EXPR_ERROR,
				    "the function has "
				    "no parameter '%s'",
				    name);
			*node = v;
			return NULL;
		}
		if ((v = ex_obj_get_ci(env->param_values, name)) != NULL) {
			if (json_is_object(v) &&
			    json_object_get(v, "value") != NULL) {
				*node = json_object_get(v, "value");
				*where = env->param_env;
				return NULL;
			}
			if (json_is_object(v) &&
			    json_object_get(v, "reference") != NULL)
				return ex_fail(ps, EXPR_UNSUPPORTED,
				    "parameter "
				    "'%s' is a Key Vault reference",
				    name);
			return ex_fail(ps, EXPR_ERROR,
			    "parameter '%s': the given "
			    "value has no \"value\"",
			    name);
		}
		v = ex_obj_get_ci(env->parameters, name);
		if (v == NULL)
			return ex_fail(ps, EXPR_ERROR,
			    "undefined parameter '%s'", name);
		if (!json_is_object(v) ||
		    json_object_get(v, "defaultValue") == NULL)
			return ex_fail(ps, EXPR_UNSUPPORTED,
			    "parameter '%s' has "
			    "no value (no defaultValue; give a parameters "
			    "file)",
			    name);
		*node = json_object_get(v, "defaultValue");
		*where = env;
		return NULL;
	}
	if (env->fn_args != NULL)
		return ex_fail(ps, EXPR_ERROR,
		    "variables() in a user-defined "
		    "function");
	if (!mp_strcaseeq(name, "copy") &&
	    (v = ex_obj_get_ci(env->variables, name)) != NULL) {
		*node = v;
		*where = env;
		return NULL;
	}
	/* "copy": [{"name", "count", "input"}] defines variables too. */
	loops = ex_obj_get_ci(env->variables, "copy");
	json_array_foreach(loops, i, loop)
	{
		json_t *n = json_object_get(loop, "name"), *out = NULL;
		const char *ln;
		enum expr_rc rc;

		if (!json_is_string(n) ||
		    !mp_strcaseeq(json_string_value(n), name))
			continue;
		env->depth++;
		rc = expr_eval_copy(env, loop, &ln, &out, ps->err, ps->errlen);
		env->depth--;
		if (rc != EXPR_OK) {
			if (ps->rc == EXPR_OK)
				ps->rc = rc;
			return NULL;
		}
		return out;
	}
	return ex_fail(ps, EXPR_ERROR, "undefined variable '%s'", name);
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

		ex_skip_ws(ps);
		if (*ps->p != '.' && *ps->p != '[')
			break;
		if (json_is_string(node) ||
		    (json_is_object(node) && where != NULL &&
			json_object_get(node, "copy") != NULL))
			break;
		if (*ps->p == '.') {
			char name[256];

			ps->p++;
			if (!ex_read_name(ps, name, sizeof(name)))
				return ex_fail(ps, EXPR_ERROR,
				    "expected a "
				    "property name after '.'");
			nv = ex_obj_get_ci(node, name);
			if (nv == NULL)
				return ex_fail(ps, EXPR_ERROR,
				    "property '%s' "
				    "does not exist",
				    name);
		} else {
			json_t *ix;

			ps->p++;
			ix = ex_parse_expr(ps);
			ex_skip_ws(ps);
			if (ix == NULL)
				return NULL;
			if (*ps->p != ']') {
				json_decref(ix);
				return ex_fail(ps, EXPR_ERROR, "expected ']'");
			}
			ps->p++;
			if (json_is_integer(ix) && json_is_array(node) &&
			    json_integer_value(ix) >= 0)
				nv = json_array_get(node,
				    (size_t)json_integer_value(ix));
			else if (json_is_string(ix) && json_is_object(node))
				nv = ex_obj_get_ci(node, json_string_value(ix));
			json_decref(ix);
			if (nv == NULL)
				return ex_fail(ps, EXPR_ERROR,
				    "index out of "
				    "range or wrong type");
		}
		node = nv;
	}
	return deep_in(ps, where, node);
}

/*
 * parameters('name') or variables('name') and the accessors that follow
 * it: from the memo when it may be, else the template node walked to the
 * field used and evaluated.
 */
json_t *
ex_ref_value(struct parser *ps, const char *fn, struct jarr *a)
{
	struct expr_env *where;
	json_t *node, *r;
	bool memo;

	if (a->n != 1 || !json_is_string(a->v[0]))
		return ex_fail(ps, EXPR_ERROR, "%s() takes one string", fn);
	memo = memo_ok(ps, fn);
	if (memo && (r = memo_get(ps->env, json_string_value(a->v[0]))) != NULL)
		return r;
	r = lookup(ps, mp_strcaseeq(fn, "parameters"),
	    json_string_value(a->v[0]), &node, &where);
	if (r == NULL && node != NULL)
		r = walk_ref(ps, node, where);
	if (memo && r != NULL)
		memo_put(ps->env, json_string_value(a->v[0]), r);
	return r;
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
		snprintf(err, errlen,
		    "copy count is %s, not an integer from "
		    "0 to %d",
		    json_is_integer(v) ? "out of range" : type_name(v),
		    MAX_COPY);
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
		snprintf(err, errlen,
		    "a copy loop needs \"name\" and "
		    "\"input\"");
		return EXPR_ERROR;
	}
	*name = json_string_value(n);
	if ((rc = eval_count(env, json_object_get(loop, "count"), &count, err,
		 errlen)) != EXPR_OK)
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

json_t *
ex_copy_index(struct parser *ps, struct jarr *a)
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
			return ex_fail(ps, EXPR_ERROR,
			    "copyIndex('%s'): no copy "
			    "loop of that name",
			    name);
		k = 1;
	}
	if (a->n > k + 1 || (a->n == k + 1 && !json_is_integer(a->v[k])))
		return ex_fail(ps, EXPR_ERROR, "copyIndex([name], [offset])");
	if (a->n == k + 1)
		offset = json_integer_value(a->v[k]);
	if (loop < 0)
		return ex_fail(ps, EXPR_ERROR,
		    "copyIndex() outside a copy loop");
	return json_integer(env->loop_index[loop] + offset);
}

/* A user-defined function "namespace.member" from env->functions. */
json_t *
ex_call_udf(struct parser *ps, const char *fn, struct jarr *a)
{
	const char *dot = strchr(fn, '.');
	json_t *ns, *members = NULL, *m, *params, *out, *p, *r;
	struct expr_env child;
	size_t i;

	json_array_foreach(ps->env->functions, i, ns)
	{
		json_t *name = json_object_get(ns, "namespace");

		if (json_is_string(name) &&
		    strlen(json_string_value(name)) == (size_t)(dot - fn) &&
		    strncasecmp(json_string_value(name), fn,
			(size_t)(dot - fn)) == 0 &&
		    (m = ex_obj_get_ci(json_object_get(ns, "members"),
			 dot + 1)) != NULL) {
			members = m;
			break;
		}
	}
	if (members == NULL)
		return ex_fail(ps, EXPR_ERROR, "undefined function '%s'", fn);
	params = json_object_get(members, "parameters");
	out = json_object_get(json_object_get(members, "output"), "value");
	if (out == NULL)
		return ex_fail(ps, EXPR_ERROR,
		    "function '%s' has no "
		    "output.value",
		    fn);
	if (json_array_size(params) != a->n)
		return ex_fail(ps, EXPR_ERROR,
		    "function '%s' takes %zu "
		    "argument(s), got %zu",
		    fn, json_array_size(params), a->n);
	/* Only its parameters are in scope (ARM: no variables, no
	 * template parameters inside a user-defined function). */
	child = *ps->env;
	child.parameters = NULL;
	child.param_values = NULL;
	child.param_env = NULL;
	child.variables = NULL;
	child.fn_args = json_object();
	json_array_foreach(params, i, p)
	{
		json_t *pn = json_object_get(p, "name");

		if (!json_is_string(pn)) {
			json_decref(child.fn_args);
			return ex_fail(ps, EXPR_ERROR,
			    "function '%s': a "
			    "parameter without a name",
			    fn);
		}
		json_object_set(child.fn_args, json_string_value(pn), a->v[i]);
	}
	r = deep_in(ps, &child, out);
	ps->env->steps = child.steps;
	json_decref(child.fn_args);
	return r;
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
		if ((nv = ex_obj_get_ci(*node, key)) == NULL)
			return 0;
		*node = nv;
	}
	return p == s + n - 1;
}
