/*
 * template.c - ARM templates to records, as Azure Resource Manager
 * deploys them (Microsoft's "Template syntax", "Resource iteration",
 * "Property iteration", "Conditional deployment" and "Nested and linked
 * templates" pages are the contract):
 *
 * - a resource whose "condition" is false is not deployed; one whose
 *   condition is not known offline is skipped with a warning;
 * - "copy" on a resource deploys it count times with copyIndex() set
 *   (count at most 800); "copy" inside properties builds the arrays it
 *   names and is never left as a key;
 * - Microsoft.Resources/deployments with properties.template (what Bicep
 *   modules compile to) or properties.templateLink (relativePath, or a
 *   URI whose path matches an input file) are evaluated in place, into
 *   their resourceGroup / subscriptionId, with "inner" scope (their own
 *   parameters, given by the deployment) or "outer" (the parent's
 *   parameters and variables); their outputs are kept for reference();
 * - each field is evaluated on its own: one that is not known offline is
 *   left out with a diagnostic (its JSON Pointer and expression) and the
 *   rest of the resource stays; a resource whose name or type is not
 *   known is skipped. Every skip is counted by type and reason
 *   (estate.skipped) for analyze's coverage summary.
 *
 * Resources of types meshplan does not model are counted, not evaluated
 * (their condition and copy count are, when known offline). Parameters
 * files and linked templates are found in template_files.c.
 */
#include "template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/diag.h"
#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "expr.h"
#include "jsonfile.h"
#include "load.h"
#include "resources.h"
#include "template_int.h"

/*
 * Resources one top-level template may expand to (copy loops of nested
 * deployments multiply): far above ARM's own 800 resources per template,
 * and a bound on the work of a template built to explode.
 */
#define MAX_INSTANCES 100000
#define PLACEHOLDER_LOCATION "unknown-location"

/* Limits are errors; what meshplan cannot evaluate is a warning. */
static bool
expr_fatal(enum expr_rc rc)
{
	return rc == EXPR_LIMIT || rc == EXPR_SIZE;
}

static const char *
rc_code(enum expr_rc rc)
{
	switch (rc) {
	case EXPR_UNSUPPORTED:
		return "expr-unsupported";
	case EXPR_LIMIT:
		return "limit-expr-depth";
	case EXPR_SIZE:
		return "limit-expr-size";
	case EXPR_OK:
	case EXPR_ERROR:
		break;
	}
	return "expr-error";
}

/* The expression for a message: one line, at most 120 characters. */
static const char *
show(struct loader *L, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *r;
	int space = 0;

	for (; *s && sb.len < 120; s++) {
		if (*s == '\n' || *s == '\r' || *s == '\t' || *s == ' ') {
			space = 1;
			continue;
		}
		if (space && sb.len > 0)
			sb_putc(&sb, ' ');
		space = 0;
		sb_putc(&sb, *s);
	}
	if (*s)
		sb_puts(&sb, "...");
	r = arena_strdup(L->a, sb_str(&sb));
	sb_free(&sb);
	return r;
}

static void
expr_diag(struct loader *L, enum expr_rc rc, const char *file, const char *ptr,
    const char *rid, const char *expr, const char *why, const char *effect)
{
	ld_diag(L, expr_fatal(rc) ? DIAG_ERROR : DIAG_WARNING, rc_code(rc),
	    file, ptr, rid, "%s: %s; %s", show(L, expr), why, effect);
}

static void
skipped(struct tctx *t, const char *type, const char *reason)
{
	estate_count_skipped(t->L->e, type ? type : "(type unknown)", reason);
}

/*
 * Deep-evaluate v in env; fields that fail are dropped with a diagnostic
 * (NULL when v itself fails). A field that is exactly a parameter or
 * variable holding an object or array is evaluated field by field too.
 */
static json_t *
eval_tree(struct tctx *t, struct expr_env *env, json_t *v, const char *ptr,
    const char *rid, int depth)
{
	struct loader *L = t->L;
	char err[256];
	enum expr_rc rc;
	json_t *out, *x, *y, *node;
	struct expr_env *where;
	const char *k;
	size_t i;

	if (depth > L->lim->max_expr_depth) {
		ld_diag(L, DIAG_ERROR, "limit-expr-depth", t->file, ptr, rid,
		    "values nested deeper than %d (a variable that contains "
		    "itself?)",
		    L->lim->max_expr_depth);
		return NULL;
	}
	if (json_is_string(v)) {
		env->depth = 0;
		if (expr_ref(env, json_string_value(v), &node, &where) &&
		    (json_is_object(node) || json_is_array(node))) {
			if (where == NULL)
				return json_deep_copy(node);
			return eval_tree(t, where, node, ptr, rid, depth + 1);
		}
		env->depth = 0;
		rc = expr_eval(env, json_string_value(v), &out, err,
		    sizeof(err));
		if (rc != EXPR_OK) {
			expr_diag(L, rc, t->file, ptr, rid,
			    json_string_value(v), err,
			    "the value is left unresolved");
			return NULL;
		}
		return out;
	}
	if (json_is_object(v)) {
		out = json_object();
		json_object_foreach(v, k, x)
		{
			if (strcmp(k, "copy") == 0 && json_is_array(x)) {
				json_t *loop;
				size_t j;

				json_array_foreach(x, j, loop)
				{
					const char *ln,
					    *lp = jptr_index(L->a,
						jptr_key(L->a, ptr, k), j);

					env->depth = 0;
					rc = expr_eval_copy(env, loop, &ln, &y,
					    err, sizeof(err));
					if (rc != EXPR_OK) {
						ld_diag(L,
						    expr_fatal(rc) ?
							DIAG_ERROR :
							DIAG_WARNING,
						    rc_code(rc), t->file, lp,
						    rid,
						    "property copy loop "
						    "'%s': %s; the property is "
						    "left unresolved",
						    ln ? ln : "?", err);
						continue;
					}
					json_object_set_new(out, ln, y);
				}
				continue;
			}
			if ((y = eval_tree(t, env, x, jptr_key(L->a, ptr, k),
				 rid, depth + 1)) != NULL)
				json_object_set_new(out, k, y);
		}
		return out;
	}
	if (json_is_array(v)) {
		out = json_array();
		json_array_foreach(v, i,
		    x) if ((y = eval_tree(t, env, x, jptr_index(L->a, ptr, i),
				rid, depth + 1)) != NULL)
		    json_array_append_new(out, y);
		return out;
	}
	return json_incref(v);
}

/* Evaluate one string field to a string; NULL after a diagnostic. */
static const char *
eval_str(struct tctx *t, json_t *v, const char *ptr, const char *what,
    const char *effect)
{
	struct loader *L = t->L;
	char err[256];
	enum expr_rc rc;
	json_t *out;
	const char *r;

	if (!json_is_string(v)) {
		ld_diag(L, DIAG_ERROR, "json-type", t->file, ptr, NULL,
		    "resource %s is %s; %s", what,
		    v ? "not a string" : "missing", effect);
		return NULL;
	}
	t->env->depth = 0;
	rc = expr_eval(t->env, json_string_value(v), &out, err, sizeof(err));
	if (rc != EXPR_OK) {
		expr_diag(L, rc, t->file, ptr, NULL, json_string_value(v), err,
		    effect);
		return NULL;
	}
	if (!json_is_string(out)) {
		json_decref(out);
		ld_diag(L, DIAG_WARNING, "expr-error", t->file, ptr, NULL,
		    "%s: the %s is not a string; %s",
		    show(L, json_string_value(v)), what, effect);
		return NULL;
	}
	r = arena_strdup(L->a, json_string_value(out));
	json_decref(out);
	return r;
}

/* Evaluate quietly: a string value, or NULL (template_int.h). */
const char *
tp_try_str(struct tctx *t, struct expr_env *env, json_t *v)
{
	char err[256];
	json_t *out = NULL;
	const char *r = NULL;

	if (!json_is_string(v))
		return NULL;
	env->depth = 0;
	if (expr_eval(env, json_string_value(v), &out, err, sizeof(err)) ==
		EXPR_OK &&
	    json_is_string(out))
		r = arena_strdup(t->L->a, json_string_value(out));
	json_decref(out);
	return r;
}

static size_t
count_char(const char *s, char c)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

/* "/subscriptions/S/resourceGroups/R/providers/NS/t1/n1/t2/n2". */
static const char *
make_id(struct loader *L, const char *sub, const char *rg, const char *type,
    const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	const char *tp = strchr(type, '/') + 1, *np = name, *r;

	sb_printf(&sb, "/subscriptions/%s/resourceGroups/%s/providers/", sub,
	    rg);
	sb_putn(&sb, type, (size_t)(tp - type));
	for (;;) {
		const char *te = strchr(tp, '/'), *ne = strchr(np, '/');

		sb_putn(&sb, tp, te ? (size_t)(te - tp) : strlen(tp));
		sb_putc(&sb, '/');
		sb_putn(&sb, np, ne ? (size_t)(ne - np) : strlen(np));
		if (te == NULL || ne == NULL)
			break;
		sb_putc(&sb, '/');
		tp = te + 1;
		np = ne + 1;
	}
	r = arena_strdup(L->a, sb_str(&sb));
	sb_free(&sb);
	return r;
}

static void tpl_resources(struct tctx *t, json_t *list, const char *ptr,
    const char *ptype, const char *pname);

/*
 * Does the resource's condition allow it? 1 yes, 0 false (a note unless
 * quiet), -1 not known offline (a warning unless quiet).
 */
static int
condition(struct tctx *t, json_t *cond, const char *ptr, bool quiet)
{
	char err[256];
	enum expr_rc rc;
	json_t *out = NULL;
	int r;

	if (cond == NULL)
		return 1;
	if (json_is_string(cond)) {
		t->env->depth = 0;
		rc = expr_eval(t->env, json_string_value(cond), &out, err,
		    sizeof(err));
	} else {
		rc = EXPR_OK;
		out = json_incref(cond);
	}
	if (rc == EXPR_OK && json_is_boolean(out)) {
		r = json_is_true(out);
		json_decref(out);
		if (!r && !quiet)
			ld_diag(t->L, DIAG_NOTE, "template-condition", t->file,
			    ptr, NULL,
			    "condition is false: resource not "
			    "deployed");
		return r;
	}
	json_decref(out);
	if (!quiet)
		ld_diag(t->L, DIAG_WARNING, "template-condition", t->file, ptr,
		    NULL,
		    "condition %s cannot be evaluated offline (%s): "
		    "resource skipped",
		    json_is_string(cond) ? show(t->L, json_string_value(cond)) :
					   "",
		    rc == EXPR_OK ? "not a bool" : err);
	return -1;
}

/* Count VNets declared in a template's resources (any condition). */
static size_t declared_vnets(json_t *list);

static size_t
declared_one(json_t *x)
{
	json_t *ty = json_object_get(x, "type"), *tpl;
	size_t n = 0;

	if (json_is_string(ty) &&
	    mp_strcaseeq(json_string_value(ty),
		"Microsoft.Network/virtualNetworks"))
		n++;
	tpl = json_object_get(json_object_get(x, "properties"), "template");
	if (json_is_object(tpl))
		n += declared_vnets(json_object_get(tpl, "resources"));
	return n;
}

static size_t
declared_vnets(json_t *list)
{
	const char *k;
	json_t *x;
	size_t i, n = 0;

	if (json_is_object(list)) {
		json_object_foreach(list, k, x) n += declared_one(x);
	} else {
		json_array_foreach(list, i, x) n += declared_one(x);
	}
	return n;
}

/* Outputs of a nested deployment, as reference() returns them. */
static json_t *
eval_outputs(struct tctx *t, struct expr_env *env, json_t *outputs)
{
	json_t *outs = json_object(), *o, *v;
	const char *k;
	char err[256];

	json_object_foreach(outputs, k, o)
	{
		json_t *val = json_object_get(o, "value");

		if (val == NULL)
			continue;
		env->depth = 0;
		if (condition(t, json_object_get(o, "condition"), NULL, true) !=
		    1)
			continue;
		if (expr_eval_deep(env, val, &v, err, sizeof(err)) != EXPR_OK)
			continue;
		json_object_set_new(outs, k,
		    json_pack("{s:O?, s:o}", "type", json_object_get(o, "type"),
			"value", v));
	}
	return json_pack("{s:o}", "outputs", outs);
}

/*
 * Where a nested deployment's resources go: its subscriptionId (alone:
 * subscription scope) and resourceGroup (a name or a full group id), else
 * the parent's. False, after a warning, when they are not known offline.
 */
static bool
deployment_target(struct tctx *t, json_t *res, const char *ptr,
    const char **sub, const char **rg)
{
	const char *s;

	if (json_object_get(res, "subscriptionId") != NULL) {
		if ((s = tp_try_str(t, t->env,
			 json_object_get(res, "subscriptionId"))) == NULL)
			goto unknown_target;
		*sub = s;
		/* A subscription without a group: subscription scope. */
		*rg = NULL;
	}
	if (json_object_get(res, "resourceGroup") != NULL) {
		if ((s = tp_try_str(t, t->env,
			 json_object_get(res, "resourceGroup"))) == NULL)
			goto unknown_target;
		/* A full resource group id is accepted too. */
		if (mp_strcase_prefix(s, "/subscriptions/") &&
		    strstr(s, "/resourceGroups/") != NULL) {
			const char *g = strstr(s, "/resourceGroups/");

			*sub = arena_strndup(t->L->a, s + 15,
			    (size_t)(g - s - 15));
			s = g + 16;
		}
		*rg = s;
	}
	return true;
unknown_target:
	ld_diag(t->L, DIAG_WARNING, "template-nested", t->file, ptr, NULL,
	    "the deployment's subscription or resource group is not known "
	    "offline: skipped");
	skipped(t, "Microsoft.Resources/deployments",
	    "target scope not known offline");
	return false;
}

/*
 * The environment of a nested template with "inner" scope (and of every
 * linked one): its own parameters (given by the deployment, evaluated in
 * the parent), variables and functions, in its target scope.
 */
static void
inner_env(struct tctx *t, json_t *tpl, json_t *props, const char *sub,
    const char *rg, struct expr_env *cenv)
{
	expr_env_init(cenv, t->env->max_depth);
	cenv->parameters = json_object_get(tpl, "parameters");
	cenv->param_values = json_object_get(props, "parameters");
	cenv->param_env = t->env;
	cenv->variables = json_object_get(tpl, "variables");
	cenv->functions = json_object_get(tpl, "functions");
	cenv->subscription = sub;
	cenv->resource_group = rg;
	cenv->location = t->env->location;
	cenv->location_used = t->env->location_used;
	cenv->deployments = t->env->deployments;
}

static void
tpl_deployment(struct tctx *t, json_t *res, const char *ptr)
{
	struct loader *L = t->L;
	json_t *props = json_object_get(res, "properties"), *tpl, *doc = NULL;
	json_t *opts, *scope;
	const char *name, *sub = t->sub, *rg = t->rg, *file = t->file;
	const char *base;
	struct expr_env cenv;
	struct tctx c;
	bool inner;

	if (!json_is_object(props)) {
		ld_diag(L, DIAG_WARNING, "template-nested", t->file, ptr, NULL,
		    "nested deployment without properties: skipped");
		skipped(t, "Microsoft.Resources/deployments", "no template");
		return;
	}
	if (t->nest >= MAX_NEST) {
		ld_diag(L, DIAG_ERROR, "limit-expr-depth", t->file, ptr, NULL,
		    "nested deployments deeper than %d", MAX_NEST);
		return;
	}
	name = tp_try_str(t, t->env, json_object_get(res, "name"));
	if (!deployment_target(t, res, ptr, &sub, &rg))
		return;
	tpl = json_object_get(props, "template");
	base = jptr_key(L->a, jptr_key(L->a, ptr, "properties"), "template");
	opts = json_object_get(props, "expressionEvaluationOptions");
	scope = json_object_get(opts, "scope");
	inner = json_is_string(scope) &&
	    mp_strcaseeq(json_string_value(scope), "inner");
	if (!json_is_object(tpl)) {
		json_t *link = json_object_get(props, "templateLink");

		if (!json_is_object(link)) {
			ld_diag(L, DIAG_WARNING, "template-nested", t->file,
			    ptr, NULL,
			    "deployment without \"template\" or "
			    "\"templateLink\": skipped");
			skipped(t, "Microsoft.Resources/deployments",
			    "no template");
			return;
		}
		if ((doc = tp_load_linked(t, link,
			 jptr_key(L->a, jptr_key(L->a, ptr, "properties"),
			     "templateLink"),
			 &file)) == NULL) {
			skipped(t, "Microsoft.Resources/deployments",
			    "linked template not found");
			return;
		}
		tpl = doc;
		base = "";
		inner = true; /* a linked template has its own scope */
	}
	if (json_object_get(props, "parametersLink") != NULL)
		ld_diag(L, DIAG_WARNING, "template-nested", t->file, ptr, NULL,
		    "parametersLink is not followed: the nested template "
		    "uses its default values");
	if (inner)
		inner_env(t, tpl, props, sub, rg, &cenv);
	else {
		/* Outer: the parent's parameters, variables and scope
		 * functions (ARM resolves them in the parent). */
		cenv = *t->env;
	}
	cenv.deployment_name = name;
	c = *t;
	c.env = &cenv;
	c.file = file;
	c.sub = sub;
	c.rg = rg;
	c.nest = t->nest + 1;
	if (doc != NULL && c.nchain < MAX_NEST + 1)
		c.chain[c.nchain++] = file;
	if (doc != NULL)
		*t->vnets += declared_vnets(json_object_get(tpl, "resources"));
	if (json_object_get(tpl, "resources") != NULL)
		tpl_resources(&c, json_object_get(tpl, "resources"),
		    jptr_key(L->a, base, "resources"), NULL, NULL);
	if (name != NULL && json_is_object(json_object_get(tpl, "outputs")))
		json_object_set_new(t->env->deployments, name,
		    eval_outputs(&c, &cenv, json_object_get(tpl, "outputs")));
	if (!inner)
		t->env->steps = cenv.steps;
	json_decref(doc);
}

/* ---- resources ---- */

static void
tpl_one(struct tctx *t, json_t *res, const char *ptr, const char *type,
    const char *ptype, const char *pname)
{
	struct loader *L = t->L;
	static const char *const skip[] = { "resources", "dependsOn", "copy",
		"condition", "apiVersion", "comments", "name", "type", "id",
		"scope" };
	const char *name, *id, *k, *last;
	size_t ntypes, nnames, i;
	json_t *obj, *x, *y;
	bool known = res_type_known(type);
	int c;

	(void)ptype;
	if (*t->stopped)
		return;
	if (++*t->instances > MAX_INSTANCES) {
		ld_diag(L, DIAG_ERROR, "limit-template-size", t->file, ptr,
		    NULL,
		    "the template expands to more than %d resources "
		    "(copy loops and nested deployments): the rest is not "
		    "evaluated",
		    MAX_INSTANCES);
		*t->stopped = true;
		return;
	}
	c = condition(t, json_object_get(res, "condition"),
	    jptr_key(L->a, ptr, "condition"),
	    !known && !mp_strcaseeq(type, "Microsoft.Resources/deployments"));
	if (c == 0) {
		*t->vnets_off += declared_one(res);
		return;
	}
	if (c < 0) {
		skipped(t, type, "condition not known offline");
		return;
	}
	if (mp_strcaseeq(type, "Microsoft.Resources/deployments")) {
		tpl_deployment(t, res, ptr);
		return;
	}
	if (!known) {
		estate_count_unknown(L->e, type);
		L->e->resources_read++;
		x = json_object_get(res, "resources");
		if (x != NULL)
			tpl_resources(t, x, jptr_key(L->a, ptr, "resources"),
			    type,
			    tp_try_str(t, t->env,
				json_object_get(res, "name")));
		return;
	}
	if (t->rg == NULL) {
		ld_diag(L, DIAG_WARNING, "template-scope", t->file, ptr, NULL,
		    "a %s at subscription scope (no resource group): "
		    "skipped",
		    type);
		skipped(t, type, "no resource group");
		return;
	}
	name = eval_str(t, json_object_get(res, "name"),
	    jptr_key(L->a, ptr, "name"), "name", "resource skipped");
	if (name == NULL) {
		skipped(t, type, "name not known offline");
		return;
	}
	ntypes = count_char(type, '/');
	nnames = count_char(name, '/') + 1;
	if (nnames < ntypes && pname != NULL &&
	    nnames + count_char(pname, '/') + 1 == ntypes) {
		name = arena_printf(L->a, "%s/%s", pname, name);
		nnames = ntypes;
	}
	if (nnames != ntypes || *name == '\0') {
		ld_diag(L, DIAG_WARNING, "template-name", t->file,
		    jptr_key(L->a, ptr, "name"), NULL,
		    "name '%s' does not "
		    "fit type %s: resource skipped",
		    name, type);
		skipped(t, type, "name does not fit the type");
		return;
	}
	id = make_id(L, t->sub, t->rg, type, name);
	obj = json_object();
	json_object_foreach(res, k, x)
	{
		for (i = 0; i < MP_NELEM(skip); i++)
			if (strcmp(k, skip[i]) == 0)
				break;
		if (i < MP_NELEM(skip))
			continue;
		if ((y = eval_tree(t, t->env, x, jptr_key(L->a, ptr, k), id,
			 0)) != NULL)
			json_object_set_new(obj, k, y);
	}
	/* The placeholder keeps names apart; as a value it is unknown. */
	x = json_object_get(obj, "location");
	if (json_is_string(x) && t->env->location_used != NULL &&
	    strcmp(json_string_value(x), PLACEHOLDER_LOCATION) == 0)
		json_object_del(obj, "location");
	last = strrchr(name, '/');
	if (!json_is_object(json_object_get(obj, "properties")) &&
	    json_object_get(obj, "properties") == NULL)
		json_object_set_new(obj, "properties", json_object());
	json_object_set_new(obj, "id", json_string(id));
	json_object_set_new(obj, "name", json_string(last ? last + 1 : name));
	json_object_set_new(obj, "type", json_string(type));
	/* Evaluated values may share the template's own nodes. */
	res_collect(L, obj, false, t->file, ptr);
	json_decref(obj);
	x = json_object_get(res, "resources");
	if (x != NULL)
		tpl_resources(t, x, jptr_key(L->a, ptr, "resources"), type,
		    name);
}

static void
tpl_resource(struct tctx *t, json_t *res, const char *ptr, const char *ptype,
    const char *pname)
{
	struct loader *L = t->L;
	struct expr_env *env = t->env;
	const char *type;
	json_t *copy, *n;
	char err[256];
	long long i, count;
	json_t *cv = NULL;
	enum expr_rc rc;

	if (!json_is_object(res)) {
		ld_diag(L, DIAG_ERROR, "json-type", t->file, ptr, NULL,
		    "a template resource is not an object");
		return;
	}
	type = eval_str(t, json_object_get(res, "type"),
	    jptr_key(L->a, ptr, "type"), "type", "resource skipped");
	if (type == NULL) {
		skipped(t, NULL, "type not known offline");
		return;
	}
	if (strchr(type, '/') == NULL && ptype != NULL)
		type = arena_printf(L->a, "%s/%s", ptype, type);
	if (strchr(type, '/') == NULL) {
		ld_diag(L, DIAG_WARNING, "template-name", t->file,
		    jptr_key(L->a, ptr, "type"), NULL,
		    "type '%s' has no "
		    "namespace: resource skipped",
		    type);
		skipped(t, type, "type without a namespace");
		return;
	}
	copy = json_object_get(res, "copy");
	if (copy == NULL) {
		tpl_one(t, res, ptr, type, ptype, pname);
		return;
	}
	n = json_object_get(copy, "name");
	if (!json_is_object(copy) || !json_is_string(n)) {
		ld_diag(L, DIAG_WARNING, "template-copy", t->file,
		    jptr_key(L->a, ptr, "copy"), NULL,
		    "a resource copy needs "
		    "an object with \"name\" and \"count\": resource skipped");
		skipped(t, type, "copy not valid");
		return;
	}
	cv = json_object_get(copy, "count");
	env->depth = 0;
	if (json_is_string(cv)) {
		rc = expr_eval(env, json_string_value(cv), &cv, err,
		    sizeof(err));
	} else {
		rc = EXPR_OK;
		json_incref(cv);
	}
	if (rc == EXPR_OK &&
	    (!json_is_integer(cv) || json_integer_value(cv) < 0 ||
		json_integer_value(cv) > 800)) {
		snprintf(err, sizeof(err),
		    "the count is not an integer from "
		    "0 to 800");
		rc = EXPR_ERROR;
	}
	if (rc != EXPR_OK) {
		ld_diag(L, expr_fatal(rc) ? DIAG_ERROR : DIAG_WARNING,
		    "template-copy", t->file,
		    jptr_key(L->a, jptr_key(L->a, ptr, "copy"), "count"), NULL,
		    "copy loop "
		    "'%s': %s: resource skipped",
		    json_string_value(n), err);
		json_decref(cv);
		skipped(t, type, "copy count not known offline");
		return;
	}
	count = json_integer_value(cv);
	json_decref(cv);
	if (env->nloops >= EXPR_MAX_LOOPS) {
		ld_diag(L, DIAG_ERROR, "limit-expr-depth", t->file, ptr, NULL,
		    "copy loops nested deeper than %d", EXPR_MAX_LOOPS);
		return;
	}
	{
		int saved = env->res_loop, k = env->nloops++;

		env->loop_name[k] = json_string_value(n);
		env->res_loop = k;
		for (i = 0; i < count && !*t->stopped; i++) {
			env->loop_index[k] = i;
			tpl_one(t, res, ptr, type, ptype, pname);
		}
		env->nloops--;
		env->res_loop = saved;
	}
}

static bool
is_deployment(json_t *res)
{
	json_t *ty = json_object_get(res, "type");

	return json_is_string(ty) &&
	    mp_strcaseeq(json_string_value(ty),
		"Microsoft.Resources/deployments");
}

/*
 * Nested deployments first: a resource may read their outputs
 * (reference()), while what they read of the resources around them is a
 * deployed resource's state, not known offline either way.
 */
static void
tpl_resources(struct tctx *t, json_t *list, const char *ptr, const char *ptype,
    const char *pname)
{
	const char *k;
	json_t *x;
	size_t i;
	int pass;

	if (!json_is_array(list) && !json_is_object(list)) {
		ld_diag(t->L, DIAG_ERROR, "json-type", t->file, ptr, NULL,
		    "\"resources\" is neither an array nor an object");
		return;
	}
	for (pass = 0; pass < 2; pass++) {
		if (json_is_array(list)) {
			json_array_foreach(list, i, x) if (is_deployment(x) ==
			    (pass == 0)) tpl_resource(t, x,
			    jptr_index(t->L->a, ptr, i), ptype, pname);
		} else {
			/* languageVersion 2.0: symbolic names. */
			json_object_foreach(list, k, x) if (is_deployment(x) ==
			    (pass == 0)) tpl_resource(t, x,
			    jptr_key(t->L->a, ptr, k), ptype, pname);
		}
	}
}

/*
 * The deployment's location when no --location is given: the one literal
 * location all the template's resources share, else a placeholder.
 */
static const char *
guess_location(json_t *res, bool *placeholder)
{
	const char *k, *loc = NULL;
	json_t *x, *l;
	size_t i;

	*placeholder = false;
	if (json_is_array(res)) {
		json_array_foreach(res, i, x)
		{
			l = json_object_get(x, "location");
			if (!json_is_string(l) ||
			    expr_is_expr(json_string_value(l)))
				continue;
			if (loc != NULL &&
			    !mp_strcaseeq(loc, json_string_value(l)))
				goto none;
			loc = json_string_value(l);
		}
	} else {
		json_object_foreach(res, k, x)
		{
			l = json_object_get(x, "location");
			if (!json_is_string(l) ||
			    expr_is_expr(json_string_value(l)))
				continue;
			if (loc != NULL &&
			    !mp_strcaseeq(loc, json_string_value(l)))
				goto none;
			loc = json_string_value(l);
		}
	}
	if (loc != NULL && !mp_strcaseeq(loc, "global"))
		return loc;
none:
	*placeholder = true;
	return PLACEHOLDER_LOCATION;
}

size_t
tpl_collect(struct loader *L, struct tpl_run *tr, json_t *tpl, json_t *params,
    const char *file, const char *base, const char *sub, const char *rg)
{
	struct expr_env env;
	struct tctx t;
	json_t *res = json_object_get(tpl, "resources");
	size_t vnets = 0, off = 0, start = L->recs.n;
	struct span *sp;
	unsigned used = 0;
	size_t instances = 0;
	bool ph = false, stopped = false;

	expr_env_init(&env, L->lim->max_expr_depth);
	env.parameters = json_object_get(tpl, "parameters");
	env.param_values = params;
	env.variables = json_object_get(tpl, "variables");
	env.functions = json_object_get(tpl, "functions");
	env.subscription = sub;
	env.resource_group = rg;
	env.deployments = json_object();
	env.memo = json_object(); /* each variable evaluated once */
	if (tr->location != NULL)
		env.location = tr->location;
	else if (res != NULL)
		env.location = guess_location(res, &ph);
	if (ph)
		env.location_used = &used;
	t.L = L;
	t.tr = tr;
	t.env = &env;
	t.file = file;
	t.sub = sub;
	t.rg = rg;
	t.nest = 0;
	t.vnets = &vnets;
	t.vnets_off = &off;
	t.instances = &instances;
	t.stopped = &stopped;
	t.chain[0] = file;
	t.nchain = 1;
	if (res == NULL) {
		ld_diag(L, DIAG_WARNING, "template-empty", file, base, NULL,
		    "the template has no resources");
		json_decref(env.deployments);
		json_decref(env.memo);
		return 0;
	}
	vnets = declared_vnets(res);
	tpl_resources(&t, res, jptr_key(L->a, base, "resources"), NULL, NULL);
	if (used > 0)
		ld_diag(L, DIAG_NOTE, "template-location", file, NULL, NULL,
		    "resourceGroup().location is not known offline (no "
		    "--location, and the template's resources give none): "
		    "names and values that use it read '%s'",
		    PLACEHOLDER_LOCATION);
	json_decref(env.deployments);
	json_decref(env.memo);
	sp = arena_calloc(L->tmp, 1, sizeof(*sp));
	sp->start = start;
	sp->end = L->recs.n;
	strmap_put(tr->alone, file, sp);
	return vnets - (off < vnets ? off : vnets);
}
