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
#include "whatif.h"

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
		json_object_foreach((json_t *)v, k, x) {
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
		json_array_foreach(v, i, x) {
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
	struct strmap *declared;	/* id -> label */
	struct namer *labels;
	struct arena *a;
};

static bool
in_scope(const struct file *fl, const struct iac_res *r)
{
	/* VNet changes are not written as Bicep (see bicep_emit's note). */
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
	label = namer_get(fl->labels, id, arena_printf(fl->a, "existing_%s",
	    id_last_name(fl->a, id)));
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
		plabel = existing(fl, r->parent_id, parent_type(fl->a, r->type));
	sb_printf(&fl->sb, "resource %s '%s@%s' = {\n", r->label, r->type,
	    r->api);
	if (plabel != NULL)
		sb_printf(&fl->sb, "  parent: %s\n", plabel);
	sb_puts(&fl->sb, "  name: ");
	bicep_quote(&fl->sb, r->parent_id != NULL ? r->leaf : r->name);
	sb_putc(&fl->sb, '\n');
	json_object_foreach(r->body, k, v) {
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
		if (d == NULL || !in_scope(fl, d))
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

static int
emit_folder(const struct iac *m, const struct iac_folder *f,
    struct emit_out *out)
{
	struct arena *a = out->arena;
	struct namer files, labels;
	struct strbuf deploy = STRBUF_INIT, wmd = STRBUF_INIT,
	    sb = STRBUF_INIT;
	struct iac_scopes scopes;
	struct whatif w;
	size_t i, j;

	namer_init(&files, a, NAME_FILE);
	namer_init(&labels, a, NAME_TF_LABEL);
	/* Model labels are taken first so that existing ones never clash. */
	for (i = 0; i < m->folders.n; i++)
		for (j = 0; j < m->folders.v[i].res.n; j++)
			namer_get(&labels, m->folders.v[i].res.v[j].id,
			    m->folders.v[i].res.v[j].label);
	iac_folder_scopes(f, a, &scopes);
	for (i = 0; i < scopes.v.n; i++) {
		const struct iac_scope *r = &scopes.v.v[i];
		struct file fl;
		const char *skey, *fname;
		bool any = false;

		for (j = 0; j < f->res.n; j++)
			any |= scopes.of[j] == i && f->res.v[j].kind != IK_VNET;
		if (!any)	/* only VNet changes: nothing to write */
			continue;
		skey = arena_printf(a, "%s/%s", r->sub, r->rg ? r->rg : "");
		memset(&fl, 0, sizeof(fl));
		fl.f = f;
		fl.sub = r->sub;
		fl.rg = r->rg;
		fl.a = a;
		fl.labels = &labels;
		fl.declared = strmap_new(a);
		fname = r->rg ? namer_get(&files, skey, arena_printf(a, "rg-%s",
		    r->rg)) : namer_get(&files, skey, arena_printf(a, "sub-%s",
		    r->sub));
		sb_puts(&fl.sb, "// Written by meshplan; do not edit by hand.\n");
		if (r->rg == NULL)
			sb_puts(&fl.sb, "targetScope = 'subscription'\n");
		sb_putc(&fl.sb, '\n');
		for (j = 0; j < f->res.n; j++)
			if (scopes.of[j] == i && f->res.v[j].kind != IK_VNET)
				declare(&fl, &f->res.v[j]);
		/* One trailing newline. */
		while (fl.sb.len > 1 && fl.sb.s[fl.sb.len - 2] == '\n')
			fl.sb.s[--fl.sb.len] = '\0';
		emit_out_add(out, arena_printf(a, "%s/%s.bicep", f->dir, fname),
		    fl.sb.s, fl.sb.len);
		sb_free(&fl.sb);
		if (r->rg != NULL)
			md_code_line(&deploy, arena_printf(a, "az deployment "
			    "group create --subscription %s --resource-group "
			    "%s --template-file %s.bicep", sh_word(a, r->sub),
			    sh_word(a, r->rg),
			    fname));
		else
			md_code_line(&deploy, arena_printf(a, "az deployment "
			    "sub create --subscription %s --location %s "
			    "--template-file %s.bicep", sh_word(a, r->sub),
			    sh_word(a, m->plan->manager.location ?
			    m->plan->manager.location : "eastus"), fname));
	}
	if (deploy.len == 0)
		sb_puts(&deploy, "No Bicep file in this folder.\n");
	for (i = 0; i < f->res.n; i++)
		if (f->res.v[i].kind == IK_VNET) {
			sb_printf(&deploy, "\nThe changes to existing VNets and "
			    "subnets of this folder are not written as Bicep: "
			    "a VNet declared here would be a PUT of the whole "
			    "VNet. Apply them first, with the ARM templates of "
			    "`arm/%s/` (nested deployments that read each VNet "
			    "at deployment time and write back only the planned "
			    "properties) or with the az steps above.\n", f->dir);
			break;
		}
	whatif_folder(m, f, WHATIF_MERGE, a, &w);
	whatif_markdown(&w, &wmd);
	readme_write(&sb, m, f, "Bicep", sb_str(&deploy), sb_str(&wmd));
	emit_out_add(out, arena_printf(a, "%s/README.md", f->dir), sb_str(&sb),
	    sb.len);
	sb_free(&sb);
	sb_free(&deploy);
	sb_free(&wmd);
	return 0;
}

static int
bicep_emit(const struct iac *m, struct emit_out *out)
{
	return emit_each_folder(m, out, emit_folder);
}

const struct emitter emitter_bicep = { "bicep", "bicep", bicep_emit };
