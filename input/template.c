/*
 * template.c - ARM templates to records. Each resource of a modelled type
 * is evaluated field by field with expr.c: a field whose expression
 * cannot be evaluated is left out (a diagnostic names the expression and
 * its JSON Pointer), never guessed. Names and ids come from the scope
 * given by the caller; a child resource (nested in "resources", or named
 * "parent/child") becomes a child of its parent. Resources with a
 * "condition" that does not evaluate to true, or with "copy", are
 * skipped with a warning; nested deployments are counted, not evaluated.
 * Resources of types meshplan does not model are counted, not evaluated.
 */
#include "template.h"

#include <string.h>

#include "../lib/diag.h"
#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "expr.h"
#include "jsonfile.h"
#include "load.h"
#include "resources.h"

static const char *
rc_code(enum expr_rc rc)
{
	switch (rc) {
	case EXPR_UNSUPPORTED:
		return "expr-unsupported";
	case EXPR_LIMIT:
		return "limit-expr-depth";
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
expr_diag(struct loader *L, enum expr_rc rc, const char *file,
    const char *ptr, const char *rid, const char *expr, const char *why,
    const char *effect)
{
	ld_diag(L, rc == EXPR_LIMIT ? DIAG_ERROR : DIAG_WARNING, rc_code(rc),
	    file, ptr, rid, "%s: %s; %s", show(L, expr), why, effect);
}

/* Deep-evaluate v; fields that fail are dropped (NULL when v fails). */
static json_t *
eval_tree(struct loader *L, struct expr_env *env, json_t *v,
    const char *file, const char *ptr, const char *rid)
{
	char err[256];
	enum expr_rc rc;
	json_t *out, *x, *y;
	const char *k;
	size_t i;

	if (json_is_string(v)) {
		env->depth = 0;
		rc = expr_eval(env, json_string_value(v), &out, err,
		    sizeof(err));
		if (rc != EXPR_OK) {
			expr_diag(L, rc, file, ptr, rid, json_string_value(v),
			    err, "the value is left unresolved");
			return NULL;
		}
		return out;
	}
	if (json_is_object(v)) {
		out = json_object();
		json_object_foreach(v, k, x)
			if ((y = eval_tree(L, env, x, file,
			    jptr_key(L->a, ptr, k), rid)) != NULL)
				json_object_set_new(out, k, y);
		return out;
	}
	if (json_is_array(v)) {
		out = json_array();
		json_array_foreach(v, i, x)
			if ((y = eval_tree(L, env, x, file,
			    jptr_index(L->a, ptr, i), rid)) != NULL)
				json_array_append_new(out, y);
		return out;
	}
	return json_incref(v);
}

/* Evaluate one string field to a string; NULL after a diagnostic. */
static const char *
eval_str(struct loader *L, struct expr_env *env, json_t *v,
    const char *file, const char *ptr, const char *what, const char *effect)
{
	char err[256];
	enum expr_rc rc;
	json_t *out;
	const char *r;

	if (!json_is_string(v)) {
		ld_diag(L, DIAG_ERROR, "json-type", file, ptr, NULL,
		    "resource %s is %s; %s", what, v ? "not a string" :
		    "missing", effect);
		return NULL;
	}
	env->depth = 0;
	rc = expr_eval(env, json_string_value(v), &out, err, sizeof(err));
	if (rc != EXPR_OK) {
		expr_diag(L, rc, file, ptr, NULL, json_string_value(v), err,
		    effect);
		return NULL;
	}
	if (!json_is_string(out)) {
		json_decref(out);
		ld_diag(L, DIAG_WARNING, "expr-error", file, ptr, NULL,
		    "%s: the %s is not a string; %s",
		    show(L, json_string_value(v)), what, effect);
		return NULL;
	}
	r = arena_strdup(L->a, json_string_value(out));
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

struct tctx {
	struct loader *L;
	struct expr_env *env;
	const char *file;
	const char *sub, *rg;
};

static void tpl_resources(struct tctx *t, json_t *list, const char *ptr,
    const char *ptype, const char *pname);

/* Does the resource's condition allow it? Warns when it cannot tell. */
static bool
condition_true(struct tctx *t, json_t *cond, const char *ptr)
{
	char err[256];
	enum expr_rc rc;
	json_t *out = NULL;
	bool r;

	if (json_is_boolean(cond)) {
		if (json_is_false(cond))
			ld_diag(t->L, DIAG_NOTE, "template-condition", t->file,
			    ptr, NULL, "condition is false: resource skipped");
		return json_is_true(cond);
	}
	if (json_is_string(cond)) {
		t->env->depth = 0;
		rc = expr_eval(t->env, json_string_value(cond), &out, err,
		    sizeof(err));
		if (rc == EXPR_OK && json_is_boolean(out)) {
			r = json_is_true(out);
			json_decref(out);
			if (!r)
				ld_diag(t->L, DIAG_NOTE, "template-condition",
				    t->file, ptr, NULL,
				    "condition is false: resource skipped");
			return r;
		}
		json_decref(out);
		ld_diag(t->L, DIAG_WARNING, "template-condition", t->file, ptr,
		    NULL, "condition %s cannot be evaluated offline (%s): "
		    "resource skipped", show(t->L, json_string_value(cond)),
		    rc == EXPR_OK ? "not a boolean" : err);
		return false;
	}
	ld_diag(t->L, DIAG_WARNING, "template-condition", t->file, ptr, NULL,
	    "condition is not a boolean: resource skipped");
	return false;
}

static void
tpl_resource(struct tctx *t, json_t *res, const char *ptr, const char *ptype,
    const char *pname)
{
	struct loader *L = t->L;
	static const char *const skip[] = { "resources", "dependsOn", "copy",
		"condition", "apiVersion", "comments", "name", "type", "id" };
	const char *type, *name, *id, *k, *last;
	size_t ntypes, nnames, i;
	json_t *obj, *x, *y, *cond;

	if (!json_is_object(res)) {
		ld_diag(L, DIAG_ERROR, "json-type", t->file, ptr, NULL,
		    "a template resource is not an object");
		return;
	}
	type = eval_str(L, t->env, json_object_get(res, "type"), t->file,
	    jptr_key(L->a, ptr, "type"), "type", "resource skipped");
	if (type == NULL)
		return;
	if (strchr(type, '/') == NULL && ptype != NULL)
		type = arena_printf(L->a, "%s/%s", ptype, type);
	if (!res_type_known(type)) {
		estate_count_unknown(L->e, type);
		L->e->resources_read++;
		if (mp_strcaseeq(type, "Microsoft.Resources/deployments"))
			ld_diag(L, DIAG_NOTE, "template-nested", t->file, ptr,
			    NULL, "nested deployment: its template is not "
			    "evaluated");
		x = json_object_get(res, "resources");
		if (x != NULL)
			tpl_resources(t, x, jptr_key(L->a, ptr, "resources"),
			    type, NULL);
		return;
	}
	cond = json_object_get(res, "condition");
	if (cond != NULL && !condition_true(t, cond,
	    jptr_key(L->a, ptr, "condition")))
		return;
	if (json_object_get(res, "copy") != NULL) {
		ld_diag(L, DIAG_WARNING, "template-copy", t->file,
		    jptr_key(L->a, ptr, "copy"), NULL,
		    "copy loops are not evaluated: resource skipped");
		return;
	}
	name = eval_str(L, t->env, json_object_get(res, "name"), t->file,
	    jptr_key(L->a, ptr, "name"), "name", "resource skipped");
	if (name == NULL)
		return;
	ntypes = count_char(type, '/');
	nnames = count_char(name, '/') + 1;
	if (nnames < ntypes && pname != NULL &&
	    nnames + count_char(pname, '/') + 1 == ntypes) {
		name = arena_printf(L->a, "%s/%s", pname, name);
		nnames = ntypes;
	}
	if (nnames != ntypes || *name == '\0') {
		ld_diag(L, DIAG_WARNING, "template-name", t->file,
		    jptr_key(L->a, ptr, "name"), NULL, "name '%s' does not "
		    "fit type %s: resource skipped", name, type);
		return;
	}
	id = make_id(L, t->sub, t->rg, type, name);
	obj = json_object();
	json_object_foreach(res, k, x) {
		for (i = 0; i < MP_NELEM(skip); i++)
			if (strcmp(k, skip[i]) == 0)
				break;
		if (i < MP_NELEM(skip))
			continue;
		if ((y = eval_tree(L, t->env, x, t->file,
		    jptr_key(L->a, ptr, k), id)) != NULL)
			json_object_set_new(obj, k, y);
	}
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
tpl_resources(struct tctx *t, json_t *list, const char *ptr,
    const char *ptype, const char *pname)
{
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_array(list)) {
		json_array_foreach(list, i, x)
			tpl_resource(t, x, jptr_index(t->L->a, ptr, i), ptype,
			    pname);
	} else if (json_is_object(list)) {
		/* languageVersion 2.0: symbolic names. */
		json_object_foreach(list, k, x)
			tpl_resource(t, x, jptr_key(t->L->a, ptr, k), ptype,
			    pname);
	} else {
		ld_diag(t->L, DIAG_ERROR, "json-type", t->file, ptr, NULL,
		    "\"resources\" is neither an array nor an object");
	}
}

void
tpl_collect(struct loader *L, json_t *tpl, const char *file,
    const char *base, const char *sub, const char *rg, bool unknown_scope)
{
	struct expr_env env;
	struct tctx t;
	json_t *res = json_object_get(tpl, "resources");

	(void)unknown_scope;
	memset(&env, 0, sizeof(env));
	env.parameters = json_object_get(tpl, "parameters");
	env.variables = json_object_get(tpl, "variables");
	env.subscription = sub;
	env.resource_group = rg;
	env.max_depth = L->lim->max_expr_depth;
	t.L = L;
	t.env = &env;
	t.file = file;
	t.sub = sub;
	t.rg = rg;
	if (res == NULL) {
		ld_diag(L, DIAG_WARNING, "template-empty", file, base, NULL,
		    "the template has no resources");
		return;
	}
	tpl_resources(&t, res, jptr_key(L->a, base, "resources"), NULL, NULL);
}
