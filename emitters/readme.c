/*
 * readme.c - the README.md and RUNBOOK.md of every emitted folder.
 * README.md, the target's: what the folder changes, what must be true
 * before, how to deploy its files. RUNBOOK.md, the same for every
 * target: the steps with the equivalent az lines, the validation
 * checklist, the rollback, the offline what-if and the list of resources.
 */
#include "emitter.h"

#include <string.h>

#include "../lib/util.h"
#include "../planner/plan.h"
#include "quote.h"
#include "readme_inspection.h"
#include "runbook.h"
#include "shquote.h"
#include "whatif.h"

static const char *
kind_title(enum iac_kind k)
{
	switch (k) {
	case IK_FEATURE:
		return "feature registration";
	case IK_VNET:
		return "VNet change (existing)";
	case IK_MANAGER:
		return "network manager";
	case IK_GROUP:
		return "network group";
	case IK_MEMBER:
		return "static member";
	case IK_CONFIG:
		return "connectivity configuration";
	case IK_SAC:
		return "security admin configuration";
	case IK_RULE_COLL:
		return "admin rule collection";
	case IK_RULE:
		return "admin rule";
	case IK_COMMIT:
		return "commit";
	case IK_POLICY_DEF:
		return "policy definition";
	case IK_POLICY_ASSIGN:
		return "policy assignment";
	}
	return "resource";
}

static const char *
step_kind_label(enum step_kind k)
{
	static const char *const names[] = {
		"register a feature",
		"set privateEndpointNetworkPolicies",
		"set privateEndpointVNetPolicies",
		"set summarized prefixes",
		"network manager",
		"network group",
		"connectivity configuration",
		"security admin rules",
		"commit",
		"validate",
		"static member",
		"membership tag",
		"rule collection",
		"admin rule",
		"remove a static member",
	};

	return (size_t)k < MP_NELEM(names) ? names[k] : "step";
}

/*
 * The steps as a numbered list with their az lines. The lines are made in
 * a scratch arena freed here: the README is written once per emitter and
 * folder, and nothing of it outlives the text in sb.
 */
static void
steps_md(struct strbuf *sb, const struct plan_step *v, size_t n)
{
	struct arena *a = arena_new();
	size_t i, j, nl;
	const char **lines;

	for (i = 0; i < n; i++) {
		sb_printf(sb, "%zu. ", i + 1);
		md_escape(sb,
		    v[i].text ? v[i].text : step_kind_label(v[i].kind));
		sb_puts(sb, "\n");
		nl = runbook_lines(a, &v[i], &lines);
		if (nl > 0)
			sb_puts(sb, "\n");
		for (j = 0; j < nl; j++)
			md_code_line(sb, lines[j]);
		sb_puts(sb, "\n");
	}
	arena_free(a);
}

/* A wave's figures, the VNets joining, and what inspection they lose. */
static void
readme_wave_intro(struct strbuf *sb, const struct plan *p,
    const struct plan_wave *w)
{
	size_t i;

	sb_printf(sb,
	    "This wave adds %zu VNet%s; after it the mesh "
	    "has %zu member%s with %zu private endpoint%s. "
	    "Hairpinning spoke pairs after it: %zu (before this wave: "
	    "%zu; before the migration: %zu).\n\n",
	    w->vnet_ids.n, w->vnet_ids.n == 1 ? "" : "s", w->members.n,
	    w->members.n == 1 ? "" : "s", w->private_endpoints,
	    w->private_endpoints == 1 ? "" : "s", w->hairpins_after,
	    w->hairpins_before, p->effect.hairpins_before);
	if (w->vnet_ids.n > 0) {
		sb_puts(sb, "VNets joining:\n\n");
		for (i = 0; i < w->vnet_ids.n; i++) {
			sb_puts(sb, "- ");
			md_escape(sb, w->vnet_ids.v[i]);
			sb_puts(sb, "\n");
		}
		sb_puts(sb, "\n");
	}
	readme_inspection_lost(sb, p, w);
}

/* What must be true before the folder is deployed. */
static void
readme_before(struct strbuf *sb, const struct plan_wave *w)
{
	sb_puts(sb, "## Before you start\n\n");
	if (w == NULL)
		sb_puts(sb,
		    "- [ ] This folder changes no mesh membership: it "
		    "registers the features the waves need and sets the "
		    "hubs' summarized gateway prefixes. Registrations can take "
		    "hours; the waves check them.\n");
	else {
		sb_printf(sb, "- [ ] %s\n",
		    w->number > 1 ?
			"The previous "
			"wave's validation checklist passed." :
			"The "
			"prerequisites folder is deployed and every feature it "
			"registers shows Registered.");
		if (w->maintenance != NULL) {
			sb_puts(sb, "- [ ] A maintenance window: ");
			md_escape(sb, w->maintenance);
			sb_puts(sb, "\n");
		}
	}
	sb_puts(sb,
	    "- [ ] The estate has not changed in ways the plan does "
	    "not know: `meshplan status --plan plan.json` on a fresh export "
	    "shows no drift.\n\n");
}

/* The validation checklist and the rollback. */
static void
readme_checks_rollback(struct strbuf *sb, const struct plan_wave *w)
{
	size_t i;

	sb_puts(sb, "## Validation checklist\n\n");
	if (w != NULL)
		for (i = 0; i < w->checks.n; i++) {
			sb_puts(sb, "- [ ] ");
			md_escape(sb, w->checks.v[i]);
			sb_puts(sb, "\n");
		}
	if (w == NULL) {
		sb_puts(sb,
		    "- [ ] Every feature shows `Registered` in "
		    "`az feature show`.\n");
		sb_puts(sb,
		    "- [ ] Every changed VNet still has all its subnets "
		    "and peerings (compare with the export).\n");
	}
	sb_puts(sb, "- [ ] The what-if below lists no deletions.\n");
	sb_puts(sb, "\n## Rollback\n\n");
	if (w != NULL && w->rollback.n > 0) {
		sb_puts(sb,
		    "To undo this wave alone (the earlier waves stay "
		    "live):\n\n");
		steps_md(sb, w->rollback.v, w->rollback.n);
		sb_puts(sb,
		    "Leave privateEndpointVNetPolicies at Basic: "
		    "turning it off resets private endpoint connections "
		    "again.\n");
	} else if (w == NULL) {
		sb_puts(sb,
		    "Set the changed properties back to the values "
		    "the what-if shows as before (the summaries: the previous "
		    "summarizedGatewayPrefixes, or remove the property); "
		    "feature registrations can stay.\n");
	} else {
		sb_puts(sb,
		    "Commit the previous wave's configuration set "
		    "again.\n");
	}
}

static void
written_by(struct strbuf *sb, const struct plan *p)
{
	sb_puts(sb, "Written by ");
	md_escape(sb, p->generator ? p->generator : "meshplan");
	sb_puts(sb,
	    " from the plan; do not edit by hand, run `meshplan emit` "
	    "again.\n\n");
}

/* RUNBOOK.md: the same for every target. */
static void
runbook_md(struct strbuf *sb, const struct iac *m, const struct iac_folder *f)
{
	const struct plan *p = m->plan;
	const struct plan_wave *w = f->wave;
	size_t i;

	sb_puts(sb, "# ");
	md_escape(sb, f->title);
	sb_puts(sb, " (runbook)\n\n");
	written_by(sb, p);
	sb_puts(sb,
	    "This file is the same in every target's folder (ARM, Bicep, "
	    "Terraform): what the folder does, whichever way it is "
	    "deployed. README.md beside it says how to deploy this "
	    "target's files.\n\n");
	sb_puts(sb, "## Steps\n\n");
	for (i = 0; i < f->res.n && !iac_deployable(&f->res.v[i]); i++)
		;
	if (i < f->res.n)
		sb_puts(sb,
		    "What this folder does, step by step, with the az "
		    "CLI lines that do the same as its templates: run these "
		    "instead of deploying the templates, not as well.\n\n");
	else
		sb_puts(sb,
		    "This folder has no template: run these steps in "
		    "order.\n\n");
	if (w == NULL)
		steps_md(sb, p->prereq.v, p->prereq.n);
	else
		steps_md(sb, w->steps.v, w->steps.n);
	readme_checks_rollback(sb, w);
	sb_puts(sb, "\n## What-if (offline, against the exported estate)\n\n");
	if (f->whatif != NULL)
		whatif_markdown(f->whatif, sb);
	else
		sb_puts(sb, "Not computed.\n");
	sb_puts(sb, "\n## Resources\n\n");
	if (f->res.n == 0)
		sb_puts(sb, "Nothing to deploy in this folder.\n");
	for (i = 0; i < f->res.n; i++) {
		sb_printf(sb, "- %s: ", kind_title(f->res.v[i].kind));
		md_escape(sb, f->res.v[i].id);
		sb_puts(sb, "\n");
	}
	if (f->notes.n > 0) {
		sb_puts(sb, "\n## Notes\n\n");
		for (i = 0; i < f->notes.n; i++) {
			sb_puts(sb, "- ");
			md_escape(sb, f->notes.v[i]);
			sb_puts(sb, "\n");
		}
	}
}

void
readme_parts(const struct iac *m, struct iac_folder *f, struct arena *a)
{
	const struct plan *p = m->plan;
	struct strbuf sb = STRBUF_INIT;

	written_by(&sb, p);
	if (f->wave != NULL)
		readme_wave_intro(&sb, p, f->wave);
	/* In the order an engineer works: before, deploy, check, undo;
	 * the reference (what-if, resources) last. */
	readme_before(&sb, f->wave);
	f->readme_intro = arena_strndup(a, sb_str(&sb), sb.len);
	sb_free(&sb);
	/* RUNBOOK.md as built (9.4 MB in the largest wave at 5,000
	 * spokes), not copied: iac_folder_unshare frees it. */
	runbook_md(&sb, m, f);
	f->runbook = sb_detach(&sb);
}

int
readme_write(const struct emit_sink *out, const struct iac_folder *f,
    const char *target, const char *deploy_md, struct arena *a)
{
	struct strbuf sb = STRBUF_INIT;
	const char *runbook = f->runbook;
	int rc;

	sb_puts(&sb, "# ");
	md_escape(&sb, f->title);
	sb_printf(&sb, " (%s)\n\n", target);
	sb_puts(&sb, f->readme_intro);
	if (deploy_md != NULL) {
		sb_puts(&sb, "## Deploy\n\n");
		sb_puts(&sb, deploy_md);
		sb_puts(&sb, "\n");
	}
	sb_puts(&sb,
	    "## Runbook\n\n"
	    "RUNBOOK.md, beside this file and the same in every target's "
	    "folder: the steps with their az lines, the validation "
	    "checklist, the rollback, the offline what-if and the "
	    "resources.\n");
	rc = emit_put(out, arena_printf(a, "%s/README.md", f->dir), sb.s,
	    sb.len);
	/* The folder's, every target's alike (megabytes in a large wave):
	 * written from there, not copied; the sink may keep one copy. */
	if (rc == 0)
		rc = emit_put_same(out,
		    arena_printf(a, "%s/RUNBOOK.md", f->dir), runbook,
		    strlen(runbook));
	sb_free(&sb);
	return rc;
}

void
readme_deploy_line(struct strbuf *sb, const struct iac *m,
    const struct iac_scope *sc, const char *file, struct arena *a)
{
	if (sc->rg != NULL)
		md_code_line(sb,
		    arena_printf(a,
			"az deployment group create --subscription %s "
			"--resource-group %s --template-file %s",
			sh_word(a, sc->sub), sh_word(a, sc->rg), file));
	else
		md_code_line(sb,
		    arena_printf(a,
			"az deployment sub create --subscription %s "
			"--location %s --template-file %s",
			sh_word(a, sc->sub),
			sh_word(a,
			    m->plan->manager.location ?
				m->plan->manager.location :
				"eastus"),
			file));
}
