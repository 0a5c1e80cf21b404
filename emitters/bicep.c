/*
 * bicep.c - Bicep files from the IaC model.
 *
 * Layout: DIR/<folder>/<scope>.bicep, one file per deployment scope (a
 * resource group, or a subscription with targetScope = 'subscription'
 * for policy resources), plus README.md. Children use `parent:`; a
 * parent created by an earlier folder (or that existed before) is
 * declared `existing`. dependsOn names resources of the same file.
 * Every string goes through bicep_quote; keys that are not identifiers
 * are quoted. Formatting follows the Bicep formatter: 2 spaces, one
 * property or array item a line.
 */
#include <string.h>

#include <jansson.h>

#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "../planner/estate.h"
#include "../planner/plan.h"
#include "shquote.h"
#include "emitter.h"
#include "quote.h"

static bool
is_ident(const char *k)
{
	const char *p;

	if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
		*k == '_'))
		return false;
	for (p = k; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	return true;
}

static void value(struct strbuf *sb, const json_t *v, int ind);

static void
key(struct strbuf *sb, const char *k)
{
	if (is_ident(k))
		sb_puts(sb, k);
	else
		bicep_quote(sb, k);
}

static void
value(struct strbuf *sb, const json_t *v, int ind)
{
	const char *k;
	json_t *x;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		if (json_object_size(v) == 0) {
			sb_puts(sb, "{}");
			break;
		}
		sb_puts(sb, "{\n");
		json_object_foreach((json_t *)v, k, x)
		{
			sb_indent(sb, ind + 2);
			key(sb, k);
			sb_puts(sb, ": ");
			value(sb, x, ind + 2);
			sb_putc(sb, '\n');
		}
		sb_indent(sb, ind);
		sb_putc(sb, '}');
		break;
	case JSON_ARRAY:
		if (json_array_size(v) == 0) {
			sb_puts(sb, "[]");
			break;
		}
		sb_puts(sb, "[\n");
		json_array_foreach(v, i, x)
		{
			sb_indent(sb, ind + 2);
			value(sb, x, ind + 2);
			sb_putc(sb, '\n');
		}
		sb_indent(sb, ind);
		sb_putc(sb, ']');
		break;
	default:
		iac_scalar(sb, v, bicep_quote);
		break;
	}
}

struct file {
	const struct iac_folder *f;
	const char *sub, *rg;
	struct strbuf sb;
	struct strmap *declared; /* id -> label */
	struct namer *labels;
	struct arena *a;
};

static bool
in_scope(const struct file *fl, const struct iac_res *r)
{
	/* VNet changes are modules, never a declared VNet (vnet_change). */
	return iac_deployable(r) && r->kind != IK_VNET &&
	    mp_strcaseeq(r->sub, fl->sub) &&
	    (r->rg == NULL) == (fl->rg == NULL) &&
	    (fl->rg == NULL || mp_strcaseeq(r->rg, fl->rg));
}

/* Type of the parent: the type without its last segment. */
static const char *
parent_type(struct arena *a, const char *type)
{
	const char *s = strrchr(type, '/');

	return arena_strndup(a, type, (size_t)(s - type));
}

/* Declare (once) the parent id as an existing resource; its label. */
static const char *
existing(struct file *fl, const char *id, const char *type)
{
	const char *label = strmap_get(fl->declared, id);
	const char *pid, *plabel = NULL;
	bool child;

	if (label != NULL)
		return label;
	child = strchr(strchr(type, '/') + 1, '/') != NULL;
	pid = child ? id_parent(fl->a, id) : NULL;
	/* id_parent strips one "/type/name" pair. */
	if (child && pid != NULL)
		plabel = existing(fl, pid, parent_type(fl->a, type));
	label = namer_get(fl->labels, id,
	    arena_printf(fl->a, "existing_%s", id_last_name(fl->a, id)));
	sb_printf(&fl->sb, "resource %s '%s@%s' existing = {\n", label, type,
	    API_NETWORK);
	if (plabel != NULL)
		sb_printf(&fl->sb, "  parent: %s\n", plabel);
	sb_puts(&fl->sb, "  name: ");
	bicep_quote(&fl->sb, id_last_name(fl->a, id));
	sb_puts(&fl->sb, "\n}\n\n");
	strmap_put(fl->declared, id, (void *)label);
	return label;
}

static void
declare(struct file *fl, const struct iac_res *r)
{
	const char *plabel = NULL;
	const char *k;
	json_t *v;
	const struct iac_res *d;
	size_t i, ndeps = 0;

	if (r->parent_id != NULL)
		plabel = existing(fl, r->parent_id,
		    parent_type(fl->a, r->type));
	sb_printf(&fl->sb, "resource %s '%s@%s' = {\n", r->label, r->type,
	    r->api);
	if (plabel != NULL)
		sb_printf(&fl->sb, "  parent: %s\n", plabel);
	sb_puts(&fl->sb, "  name: ");
	bicep_quote(&fl->sb, r->parent_id != NULL ? r->leaf : r->name);
	sb_putc(&fl->sb, '\n');
	json_object_foreach(r->body, k, v)
	{
		sb_puts(&fl->sb, "  ");
		key(&fl->sb, k);
		sb_puts(&fl->sb, ": ");
		value(&fl->sb, v, 2);
		sb_putc(&fl->sb, '\n');
	}
	for (i = 0; i < r->depends.n; i++) {
		const char *dl;

		if (r->parent_id != NULL &&
		    mp_strcaseeq(r->depends.v[i], r->parent_id))
			continue;
		d = iac_folder_find(fl->f, r->depends.v[i]);
		/* A VNet change of this file is its module (vnet_change). */
		if (d == NULL ||
		    !(in_scope(fl, d) ||
			(d->kind == IK_VNET && mp_strcaseeq(d->sub, fl->sub) &&
			    d->rg != NULL && fl->rg != NULL &&
			    mp_strcaseeq(d->rg, fl->rg))))
			continue;
		dl = strmap_get(fl->declared, r->depends.v[i]);
		if (dl == NULL)
			continue;
		if (ndeps++ == 0)
			sb_puts(&fl->sb, "  dependsOn: [\n");
		sb_printf(&fl->sb, "    %s\n", dl);
	}
	if (ndeps > 0)
		sb_puts(&fl->sb, "  ]\n");
	sb_puts(&fl->sb, "}\n\n");
	strmap_put(fl->declared, r->id, (void *)r->label);
}

/*
 * Changes to existing VNets and subnets. A VNet declared in Bicep is a PUT
 * of the whole VNet, so the scope file reads each one as it is at
 * deployment time (an `existing` declaration) and hands it to a module
 * that writes it back with only the planned top-level properties replaced
 * (shallowMerge). The module is needed: a resource that reads itself in
 * one template would depend on itself. Subnets first; the VNet's module
 * depends on them, so it reads them as changed.
 */
static const char vnet_module[] =
    "// Written by meshplan; do not edit by hand.\n"
    "// Writes an existing VNet back as it is at deployment time, with only\n"
    "// the planned top-level properties replaced.\n"
    "param name string\n"
    "param location string\n"
    "param tags object\n"
    "param current object\n"
    "param changes object\n"
    "\n"
    "resource vnet 'Microsoft.Network/virtualNetworks@" API_NETWORK_NEW
    "' = {\n"
    "  name: name\n"
    "  location: location\n"
    "  tags: tags\n"
    "  properties: shallowMerge([current, changes])\n"
    "}\n";

static const char subnet_module[] =
    "// Written by meshplan; do not edit by hand.\n"
    "// Writes an existing subnet back as it is at deployment time, with\n"
    "// only the planned top-level properties replaced.\n"
    "param vnetName string\n"
    "param name string\n"
    "param current object\n"
    "param changes object\n"
    "\n"
    "resource subnet 'Microsoft.Network/virtualNetworks/subnets@" API_NETWORK
    "' = {\n"
    "  name: '${vnetName}/${name}'\n"
    "  properties: shallowMerge([current, changes])\n"
    "}\n";

static void
change_module(struct file *fl, const char *label, const char *file,
    const char *dname, const char *const *params, size_t nparams,
    const json_t *changes, const char *depends)
{
	size_t i;

	sb_printf(&fl->sb, "module %s '%s' = {\n  name: ", label, file);
	bicep_quote(&fl->sb, dname);
	sb_puts(&fl->sb, "\n  params: {\n");
	for (i = 0; i < nparams; i++)
		sb_printf(&fl->sb, "    %s\n", params[i]);
	sb_puts(&fl->sb, "    changes: ");
	value(&fl->sb, changes, 4);
	sb_puts(&fl->sb, "\n  }\n");
	if (depends != NULL && *depends)
		sb_printf(&fl->sb, "  dependsOn: [\n%s  ]\n", depends);
	sb_puts(&fl->sb, "}\n\n");
}

static void
vnet_change(struct file *fl, const struct iac_res *r, bool *uses)
{
	struct strbuf deps = STRBUF_INIT, nm = STRBUF_INIT;
	const char *now = namer_get(fl->labels,
	    arena_printf(fl->a, "%s|now", r->id),
	    arena_printf(fl->a, "%s_now", r->label));
	const json_t *x;
	size_t i;

	bicep_quote(&nm, r->name);
	json_array_foreach(r->subnet_patches, i, x)
	{
		const char *sid = json_string_value(json_object_get(x, "id"));
		const char *sname = json_string_value(
		    json_object_get(x, "name"));
		const char *snow = namer_get(fl->labels,
		    arena_printf(fl->a, "%s|now", sid),
		    arena_printf(fl->a, "%s_%s_now", r->label, sname));
		const char *slab = namer_get(fl->labels, sid,
		    arena_printf(fl->a, "%s_%s", r->label, sname));
		struct strbuf q = STRBUF_INIT;
		const char *params[3];

		bicep_quote(&q, sname);
		sb_printf(&fl->sb,
		    "resource %s 'Microsoft.Network/"
		    "virtualNetworks/subnets@" API_NETWORK "' existing = {\n"
		    "  name: ",
		    snow);
		bicep_quote(&fl->sb,
		    arena_printf(fl->a, "%s/%s", r->name, sname));
		sb_puts(&fl->sb, "\n}\n\n");
		params[0] = arena_printf(fl->a, "vnetName: %s", nm.s);
		params[1] = arena_printf(fl->a, "name: %s", q.s);
		params[2] = arena_printf(fl->a, "current: %s.properties", snow);
		change_module(fl, slab, "subnet-change.bicep",
		    arena_printf(fl->a, "mp-subnet-%.30s-%06llx",
			name_sanitize(fl->a, sname, NAME_AZURE),
			mp_hash_lower(sid) & 0xFFFFFFULL),
		    params, 3,
		    json_object_get(json_object_get(x, "body"), "properties"),
		    NULL);
		sb_printf(&deps, "    %s\n", slab);
		strmap_put(fl->declared, r->id, (void *)slab);
		uses[1] = true;
		sb_free(&q);
	}
	if (r->patch != NULL) {
		const char *params[5];

		sb_printf(&fl->sb,
		    "resource %s 'Microsoft.Network/"
		    "virtualNetworks@" API_NETWORK_NEW "' existing = {\n"
		    "  name: %s\n}\n\n",
		    now, nm.s);
		params[0] = arena_printf(fl->a, "name: %s", nm.s);
		params[1] = arena_printf(fl->a, "location: %s.location", now);
		params[2] = arena_printf(fl->a, "tags: %s.?tags ?? {}", now);
		params[3] = arena_printf(fl->a, "current: %s.properties", now);
		change_module(fl, r->label, "vnet-change.bicep",
		    arena_printf(fl->a, "mp-vnet-%.30s-%06llx",
			name_sanitize(fl->a, r->name, NAME_AZURE),
			mp_hash_lower(r->id) & 0xFFFFFFULL),
		    params, 4, json_object_get(r->patch, "properties"), deps.s);
		strmap_put(fl->declared, r->id, (void *)r->label);
		uses[0] = true;
	}
	sb_free(&deps);
	sb_free(&nm);
}

static int
emit_folder(const struct iac *m, const struct iac_folder *f,
    const struct emit_sink *out, struct arena *a)
{
	bool uses[2] = { false, false }; /* vnet, subnet modules */
	struct namer files, labels;
	struct strbuf deploy = STRBUF_INIT;
	struct iac_scopes scopes;
	size_t i, j;
	int rc = 0;

	namer_init(&files, a, NAME_FILE);
	/* Model labels are taken first so that existing ones never clash. */
	namer_init_over(&labels, a, &m->labels);
	iac_folder_scopes(f, a, &scopes);
	for (i = 0; i < scopes.v.n && rc == 0; i++) {
		const struct iac_scope *r = &scopes.v.v[i];
		struct file fl;
		const char *skey, *fname;
		skey = arena_printf(a, "%s/%s", r->sub, r->rg ? r->rg : "");
		memset(&fl, 0, sizeof(fl));
		fl.f = f;
		fl.sub = r->sub;
		fl.rg = r->rg;
		fl.a = a;
		fl.labels = &labels;
		fl.declared = strmap_new(a);
		fname = r->rg ?
		    namer_get(&files, skey, arena_printf(a, "rg-%s", r->rg)) :
		    namer_get(&files, skey, arena_printf(a, "sub-%s", r->sub));
		sb_puts(&fl.sb,
		    "// Written by meshplan; do not edit by hand.\n");
		if (r->rg == NULL)
			sb_puts(&fl.sb, "targetScope = 'subscription'\n");
		sb_putc(&fl.sb, '\n');
		for (j = 0; j < f->res.n; j++) {
			if (scopes.of[j] != i)
				continue;
			if (f->res.v[j].kind == IK_VNET)
				vnet_change(&fl, &f->res.v[j], uses);
			else
				declare(&fl, &f->res.v[j]);
		}
		/* One trailing newline. */
		while (fl.sb.len > 1 && fl.sb.s[fl.sb.len - 2] == '\n')
			fl.sb.s[--fl.sb.len] = '\0';
		rc = emit_put(out,
		    arena_printf(a, "%s/%s.bicep", f->dir, fname), fl.sb.s,
		    fl.sb.len);
		sb_free(&fl.sb);
		readme_deploy_line(&deploy, m, r,
		    arena_printf(a, "%s.bicep", fname), a);
	}
	if (deploy.len == 0)
		sb_puts(&deploy, "No Bicep file in this folder.\n");
	if (uses[0] && rc == 0)
		rc = emit_put(out,
		    arena_printf(a, "%s/vnet-change.bicep", f->dir),
		    vnet_module, strlen(vnet_module));
	if (uses[1] && rc == 0)
		rc = emit_put(out,
		    arena_printf(a, "%s/subnet-change.bicep", f->dir),
		    subnet_module, strlen(subnet_module));
	if (rc == 0)
		rc = readme_write(out, f, "Bicep", sb_str(&deploy), a);
	sb_free(&deploy);
	return rc;
}

const struct emitter emitter_bicep = {
	.name = "bicep",
	.ext = "bicep",
	.folder = emit_folder,
};
