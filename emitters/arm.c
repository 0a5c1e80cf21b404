/*
 * arm.c - ARM JSON templates from the IaC model.
 *
 * Layout: DIR/<folder>/<scope>.json, one template per deployment scope
 * (a resource group, or a subscription for policy resources), plus
 * README.md. Resources carry literal names and ids; dependsOn lists the
 * ids of resources in the same template. Every string an input gave is
 * escaped for ARM (a value "[...]" would be an expression: "[[...]").
 * Output: 2-space indentation, keys in a fixed order, no timestamps.
 */
#include <string.h>

#include <jansson.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "../planner/plan.h"
#include "shquote.h"
#include "emitter.h"
#include "jsonw.h"
#include "quote.h"

#define SCHEMA_RG \
	"https://schema.management.azure.com/schemas/2019-04-01/" \
	"deploymentTemplate.json#"
#define SCHEMA_SUB \
	"https://schema.management.azure.com/schemas/" \
	"2018-05-01/subscriptionDeploymentTemplate.json#"

/* Escape strings that ARM would evaluate, in place, at any depth. */
static void
arm_escape(struct arena *a, json_t *j)
{
	const char *k;
	json_t *v;
	size_t i;

	if (json_is_object(j)) {
		json_object_foreach(j, k, v)
		{
			if (json_is_string(v)) {
				const char *s = json_string_value(v);
				const char *e = arm_literal(a, s);

				if (e != s)
					json_object_set_new(j, k,
					    json_string(e));
			} else
				arm_escape(a, v);
		}
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
		{
			if (json_is_string(v)) {
				const char *s = json_string_value(v);
				const char *e = arm_literal(a, s);

				if (e != s)
					json_array_set_new(j, i,
					    json_string(e));
			} else
				arm_escape(a, v);
		}
	}
}

static const char *
deploy_name(struct arena *a, const char *what, const char *id)
{
	return arena_printf(a, "mp-%s-%.30s-%06llx", what,
	    name_sanitize(a, id_last_name(a, id), NAME_AZURE),
	    mp_hash_lower(id) & 0xFFFFFFULL);
}

/* The nested deployments that change VNet d (vnet_change_json). */
static void
vnet_change_deps(struct arena *a, const struct iac_res *d, json_t *deps)
{
	const json_t *x;
	size_t i;

	json_array_foreach(d->subnet_patches, i, x) json_array_append_new(deps,
	    json_string(arena_printf(a,
		"[resourceId('Microsoft.Resources/deployments', '%s')]",
		deploy_name(a, "subnet",
		    json_string_value(json_object_get(x, "id"))))));
	if (d->patch != NULL)
		json_array_append_new(deps,
		    json_string(arena_printf(a,
			"[resourceId('Microsoft.Resources/deployments', '%s')]",
			deploy_name(a, "vnet", d->id))));
}

/* s inside an ARM expression's '...': ' doubled, and no "[" escape. */
static const char *
arm_quote_sq(struct arena *a, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p, *r;

	for (p = s; *p; p++) {
		if (*p == '\'')
			sb_putc(&sb, '\'');
		sb_putc(&sb, *p);
	}
	r = arena_strdup(a, sb_str(&sb));
	sb_free(&sb);
	return r;
}

static json_t *
resource_json(struct arena *a, const struct iac_folder *f,
    const struct iac_res *r)
{
	json_t *o = json_object(), *body = json_deep_copy(r->body), *deps;
	const char *k;
	json_t *v;
	size_t i;

	json_object_set_new(o, "type", json_string(r->type));
	json_object_set_new(o, "apiVersion", json_string(r->api));
	if (r->kind == IK_COMMIT) {
		/*
		 * The schema's name pattern for commits has no '/', so the
		 * parent/child name is built by an expression. Both parts are
		 * sanitised Azure names (no quote to escape).
		 */
		const char *slash = strchr(r->name, '/');

		MP_ASSERT(slash != NULL && strchr(r->name, '\'') == NULL);
		json_object_set_new(o, "name",
		    json_string(
			arena_printf(a, "[format('{0}/{1}', '%.*s', '%s')]",
			    (int)(slash - r->name), r->name, slash + 1)));
	} else
		json_object_set_new(o, "name",
		    json_string(arm_literal(a, r->name)));
	arm_escape(a, body);
	json_object_foreach(body, k, v) json_object_set(o, k, v);
	json_decref(body);
	deps = json_array();
	for (i = 0; i < r->depends.n; i++) {
		const struct iac_res *d = iac_folder_find(f, r->depends.v[i]);

		if (d == NULL || !iac_deployable(d) ||
		    !mp_strcaseeq(d->sub, r->sub) ||
		    ((d->rg == NULL) != (r->rg == NULL)) ||
		    (d->rg != NULL && !mp_strcaseeq(d->rg, r->rg)))
			continue;
		if (d->kind == IK_VNET)
			vnet_change_deps(a, d, deps);
		else
			json_array_append_new(deps,
			    json_string(arm_literal(a, d->id)));
	}
	if (json_array_size(deps) > 0)
		json_object_set_new(o, "dependsOn", deps);
	else
		json_decref(deps);
	return o;
}

/*
 * A change to an existing VNet never sends a body built from the export:
 * a nested deployment reads the VNet (or subnet) as it is at deployment
 * time with reference(), and PUTs that back with only the planned
 * properties replaced (shallowMerge: top-level keys of properties, so
 * every subnet, peering and association that exists then is kept, even
 * one added after the export). Subnet changes deploy first; the VNet's
 * deployment depends on them, so its reference() already sees them.
 */
static json_t *
nested_change(struct arena *a, const char *name, const char *type,
    const char *api, const char *res_name, const char *ref, bool full,
    json_t *changes, json_t *depends)
{
	json_t *d = json_object(), *props = json_object(), *tpl = json_object();
	json_t *params = json_object(), *tparams = json_object(), *res, *r;

	json_object_set_new(d, "type",
	    json_string("Microsoft.Resources/deployments"));
	json_object_set_new(d, "apiVersion", json_string("2022-09-01"));
	json_object_set_new(d, "name", json_string(name));
	if (depends != NULL)
		json_object_set_new(d, "dependsOn", depends);
	json_object_set_new(props, "mode", json_string("Incremental"));
	json_object_set_new(props, "expressionEvaluationOptions",
	    json_pack("{s:s}", "scope", "inner"));
	json_object_set_new(params, "current",
	    json_pack("{s:s}", "value", ref));
	json_object_set_new(params, "changes",
	    json_pack("{s:o}", "value", changes));
	json_object_set_new(props, "parameters", params);
	json_object_set_new(tpl, "$schema", json_string(SCHEMA_RG));
	json_object_set_new(tpl, "contentVersion", json_string("1.0.0.0"));
	json_object_set_new(tparams, "current",
	    json_pack("{s:s}", "type", "object"));
	json_object_set_new(tparams, "changes",
	    json_pack("{s:s}", "type", "object"));
	json_object_set_new(tpl, "parameters", tparams);
	res = json_array();
	r = json_object();
	json_object_set_new(r, "type", json_string(type));
	json_object_set_new(r, "apiVersion", json_string(api));
	json_object_set_new(r, "name", json_string(arm_literal(a, res_name)));
	if (full) {
		json_object_set_new(r, "location",
		    json_string("[parameters('current').location]"));
		json_object_set_new(r, "tags",
		    json_string(
			"[if(contains("
			"parameters('current'), 'tags'), parameters('current')."
			"tags, createObject())]"));
		json_object_set_new(r, "properties",
		    json_string(
			"[shallowMerge(createArray(parameters('current')."
			"properties, parameters('changes')))]"));
	} else
		json_object_set_new(r, "properties",
		    json_string(
			"[shallowMerge(createArray(parameters('current'), "
			"parameters('changes')))]"));
	json_array_append_new(res, r);
	json_object_set_new(tpl, "resources", res);
	json_object_set_new(props, "template", tpl);
	json_object_set_new(d, "properties", props);
	return d;
}

static void
vnet_change_json(struct arena *a, const struct iac_res *r, json_t *out)
{
	json_t *deps = json_array(), *x;
	size_t i;

	json_array_foreach(r->subnet_patches, i, x)
	{
		const char *sid = json_string_value(json_object_get(x, "id"));
		const char *sname = json_string_value(
		    json_object_get(x, "name"));
		json_t *ch = json_deep_copy(
		    json_object_get(json_object_get(x, "body"), "properties"));
		const char *dn = deploy_name(a, "subnet", sid);

		arm_escape(a, ch);
		json_array_append_new(out,
		    nested_change(a, dn,
			"Microsoft.Network/virtualNetworks/subnets",
			API_NETWORK, arena_printf(a, "%s/%s", r->name, sname),
			arena_printf(a,
			    "[reference(resourceId('Microsoft.Network/"
			    "virtualNetworks/"
			    "subnets', '%s', '%s'), '%s')]",
			    arm_quote_sq(a, r->name), arm_quote_sq(a, sname),
			    API_NETWORK),
			false, ch, NULL));
		json_array_append_new(deps,
		    json_string(arena_printf(a,
			"[resourceId('Microsoft.Resources/deployments', '%s')]",
			dn)));
	}
	if (r->patch != NULL) {
		json_t *ch = json_deep_copy(
		    json_object_get(r->patch, "properties"));

		arm_escape(a, ch);
		json_array_append_new(out,
		    nested_change(a, deploy_name(a, "vnet", r->id),
			"Microsoft.Network/virtualNetworks", r->api, r->name,
			arena_printf(a,
			    "[reference(resourceId("
			    "'Microsoft.Network/virtualNetworks', '%s'), '%s', "
			    "'Full')]",
			    arm_quote_sq(a, r->name), r->api),
			true, ch,
			json_array_size(deps) > 0 ? json_incref(deps) : NULL));
	}
	json_decref(deps);
}

static int
emit_folder(const struct iac *m, const struct iac_folder *f,
    const struct emit_sink *out, struct arena *a)
{
	struct namer files;
	struct iac_scopes scopes;
	struct strbuf sb = STRBUF_INIT, deploy = STRBUF_INIT;
	size_t i, j;
	int rc = 0;

	namer_init(&files, a, NAME_FILE);
	iac_folder_scopes(f, a, &scopes);
	for (i = 0; i < scopes.v.n && rc == 0; i++) {
		const struct iac_scope *s = &scopes.v.v[i];
		const char *file = s->rg != NULL ?
		    namer_get(&files, arena_printf(a, "%s/%s", s->sub, s->rg),
			arena_printf(a, "rg-%s", s->rg)) :
		    namer_get(&files, s->sub,
			arena_printf(a, "sub-%s", s->sub));
		const char *path = arena_printf(a, "%s/%s.json", f->dir, file);
		struct jw w;

		if ((rc = emit_open(out, path)) != 0)
			break;
		/* Resource by resource into the file: a template of a large
		 * wave (12 MB at 20,000 spokes) is never held whole. */
		sb_reset(&sb);
		jw_init(&w, &sb);
		jw_to_sink(&w, out);
		jw_open(&w, '{');
		jw_key(&w, "$schema");
		jw_str(&w, s->rg ? SCHEMA_RG : SCHEMA_SUB);
		jw_key(&w, "contentVersion");
		jw_str(&w, "1.0.0.0");
		jw_key(&w, "metadata");
		jw_open(&w, '{');
		jw_key(&w, "generator");
		jw_str(&w,
		    m->plan->generator ? utf8_clean(a, m->plan->generator) :
					 "meshplan");
		jw_close(&w, '}');
		jw_key(&w, "resources");
		jw_open(&w, '[');
		for (j = 0; j < f->res.n; j++) {
			json_t *res, *x;
			size_t k;

			if (scopes.of[j] != i)
				continue;
			res = json_array();
			if (f->res.v[j].kind == IK_VNET)
				vnet_change_json(a, &f->res.v[j], res);
			else
				json_array_append_new(res,
				    resource_json(a, f, &f->res.v[j]));
			json_array_foreach(res, k, x) jw_json(&w, x);
			json_decref(res);
		}
		jw_close(&w, ']');
		jw_close(&w, '}');
		sb_putc(&sb, '\n');
		rc = jw_flush(&w);
		if (emit_close(out) != 0)
			rc = -1;
		readme_deploy_line(&deploy, m, s,
		    arena_printf(a, "%s.json", file), a);
	}
	if (scopes.v.n == 0)
		sb_puts(&deploy, "No template in this folder.\n");
	else {
		struct strbuf tmp = STRBUF_INIT;

		sb_printf(&tmp,
		    "Deploy the templates in this order (ids in "
		    "the commands come from the plan):\n\n%s",
		    sb_str(&deploy));
		sb_free(&deploy);
		deploy = tmp;
	}
	if (rc == 0)
		rc = readme_write(out, f, "ARM", sb_str(&deploy), a);
	sb_free(&sb);
	sb_free(&deploy);
	return rc;
}

const struct emitter emitter_arm = {
	.name = "arm",
	.ext = "json",
	.folder = emit_folder,
};
