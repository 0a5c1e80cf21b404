/*
 * cmd_plan.c - `meshplan plan`: load the inputs and the policy, simulate
 * routing, plan the mesh migration and write plan.json (-o, atomic; else
 * stdout) plus a text summary (stdout, or stderr when plan.json goes to
 * stdout).
 *
 * Flow logs (VNet flow logs v4, NSG flow logs v2) given among the inputs
 * are read by input/flowlogs.c and weigh the light-production wave by
 * traffic. Exit codes: 0 ok; 2 usage or I/O error; 3 invalid input
 * (every diagnostic printed, nothing written).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../emitters/plan_json.h"
#include "../emitters/sink.h"
#include "../lib/strbuf.h"
#include "../planner/labels.h"
#include "pipeline.h"

static int run(int argc, char **argv);

const struct command cmd_plan = {
	"plan",
	"plan the AVNM mesh migration: summaries, meshes, waves, steps",
	"usage: meshplan plan [options] INPUT...\n       meshplan plan --from "
	"PLAN.json [-o PATH]\n"
	"\n"
	"Reads exported ARM JSON (files or directories; flow logs among them\n"
	"weigh the waves by traffic) and writes plan.json: summarized gateway\n"
	"prefixes per hub, the AVNM meshes (high scale, HSPE), blockers, the\n"
	"network manager, migration waves with their steps, checks and\n"
	"rollback, the effect on hairpinning pairs, and segmentation.\n"
	"\n"
	"options:\n"
	"  -o PATH                   write plan.json to PATH (atomically; an\n"
	"                            existing file is kept unless --force);\n"
	"                            default stdout, the summary then goes to\n"
	"                            stderr\n"
	"  --force                   replace an existing output file\n"
	"  --policy FILE             planning policy (YAML, docs/planning.md)\n"
	"  --fail-on error|warning|note\n"
	"                            exit 1 when a finding is at or above\n"
	"  --onprem PREFIX           an on-premises prefix (repeatable)\n"
	"  --scope /subscriptions/S/resourceGroups/R\n"
	"                            scope of every ARM template input;\n"
	"                            --scope FILE=ID for one file\n"
	"  --parameters TEMPLATE=FILE\n"
	"                            a deployment parameters file for "
	"TEMPLATE\n"
	"                            (T.parameters.json applies to T.json)\n"
	"  --location NAME           the templates' deployment location\n"
	"  --gateway NAME=FILE       learned routes of gateway NAME\n"
	"  --previous-plan OLD.json  resume: the plan the live AVNM resources\n"
	"                            came from; its wave names and numbers\n"
	"                            are kept for what is not live yet\n"
	"                            (docs/lifecycle.md)\n"
	"  --from PLAN.json          read a plan.json instead of inputs and\n"
	"                            write it again (checks it; the same\n"
	"                            bytes when it is meshplan's own)\n"
	"  -q                        no summary; only error diagnostics\n"
	"\n"
	"exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or I/O\n"
	"error, 3 invalid input (nothing is written)\n",
	run,
};

/* The estate's resource id named as the labels name it (qualified where
 * another resource has its name); name when there is no estate. */
static const char *
named(const struct pipeline *pp, const char *id, const char *name)
{
	const struct res *r;

	if (pp->estate == NULL || pp->an.labels == NULL || id == NULL ||
	    (r = estate_find(pp->estate, id)) == NULL || r->name == NULL)
		return name;
	return label_res(pp->an.labels, r);
}

static void
summary_text(struct strbuf *sb, const struct pipeline *pp)
{
	const struct plan *p = pp->plan;
	size_t i;

	sb_printf(sb,
	    "meshplan plan: %zu mesh%s, %zu wave%s, %zu "
	    "blocker%s\n",
	    p->meshes.n, p->meshes.n == 1 ? "" : "es", p->waves.n,
	    p->waves.n == 1 ? "" : "s", p->blockers.n,
	    p->blockers.n == 1 ? "" : "s");
	for (i = 0; i < p->summaries.n; i++) {
		const struct plan_summary *s = &p->summaries.v[i];

		sb_printf(sb,
		    "  summaries %s: %zu -> %zu advertised prefixes "
		    "(%zu summar%s)\n",
		    named(pp, s->hub_id, s->hub_name),
		    s->before_v4 + s->before_v6, s->after_v4 + s->after_v6,
		    s->prefixes.n, s->prefixes.n == 1 ? "y" : "ies");
		if (s->opens.n > 0)
			sb_printf(sb,
			    "    they open %zu prefix%s of VNets "
			    "that do not use the hub's gateway "
			    "(summaries.cover_non_transit)\n",
			    s->opens.n, s->opens.n == 1 ? "" : "es");
	}
	for (i = 0; i < p->meshes.n; i++) {
		const struct plan_mesh *m = &p->meshes.v[i];
		size_t j, live = 0;

		for (j = 0; j < m->vnet_ids.n; j++) {
			const struct plan_vnet *v = plan_find_vnet(p,
			    m->vnet_ids.v[j]);

			live += v != NULL && v->live;
		}
		sb_printf(sb,
		    "  mesh %s: %zu VNets, %zu private endpoints%s%s%s"
		    "\n",
		    m->name, m->vnet_ids.n, m->private_endpoints,
		    m->global ? ", global" : "",
		    m->high_scale ? ", high scale" : "",
		    m->hspe ? ", HSPE" : "");
		/* Resume (docs/lifecycle.md): what is live already. */
		if (m->existing_config_id != NULL)
			sb_printf(sb,
			    "    resumes the live configuration %s "
			    "(group %s): %zu VNets live\n",
			    named(pp, m->existing_config_id, m->config_name),
			    named(pp, m->existing_group_id, m->group_name),
			    live);
	}
	for (i = 0; i < p->waves.n; i++) {
		const struct plan_wave *w = &p->waves.v[i];

		sb_printf(sb,
		    "  wave %d %s: +%zu VNets (%zu in the mesh), "
		    "%zu steps, hairpinning pairs %zu -> %zu\n",
		    w->number, w->name, w->vnet_ids.n, w->members.n, w->steps.n,
		    w->hairpins_before, w->hairpins_after);
	}
	sb_printf(sb,
	    "  effect: %zu hairpinning pairs before (%zu through "
	    "an appliance), %zu after (%zu through an appliance); %zu pairs "
	    "leave an appliance\n",
	    p->effect.hairpins_before, p->effect.inspected_before,
	    p->effect.hairpins_after, p->effect.inspected_after,
	    p->effect.inspection_lost);
	if (p->segmentation_total > 0)
		sb_printf(sb,
		    "  segmentation: %zu pairs become directly "
		    "reachable\n",
		    p->segmentation_total);
	for (i = 0; i < p->blockers.n && i < 10; i++)
		sb_printf(sb, "  blocker %s: %s\n", p->blockers.v[i].resource,
		    p->blockers.v[i].reason);
	if (p->blockers.n > 10)
		sb_printf(sb, "  ... and %zu more blockers in plan.json\n",
		    p->blockers.n - 10);
	for (i = 0; i < p->conflicts.n; i++)
		sb_printf(sb, "  live conflict %s: %s\n",
		    p->conflicts.v[i].resource, p->conflicts.v[i].reason);
	for (i = 0; i < p->notes.n; i++)
		sb_printf(sb, "  note: %s\n", p->notes.v[i]);
}

static int
put_plan(FILE *fp, void *ctx)
{
	struct emit_sink s;

	sink_on_file(&s, fp);
	return plan_json_sink(ctx, &s);
}

static int
run(int argc, char **argv)
{
	const struct command *c = &cmd_plan;
	static const char *const formats[] = { "json", NULL };
	const char *from = NULL, *prev = NULL;
	const struct cmd_opt opts[] = {
		{ "--from", NULL, &from },
		{ "--previous-plan", NULL, &prev },
		{ NULL, NULL, NULL },
	};
	const struct cmd_spec spec = { opts, formats, false };
	struct arena *a = arena_new();
	struct common_opts o;
	struct pipeline p;
	struct strbuf sum = STRBUF_INIT;
	int rc;
	bool to_stdout, fail;

	memset(&p, 0, sizeof(p));
	if ((rc = cli_parse_flags(c, &spec, SPEC_FAIL_ON, a, &o, argc, argv)) !=
	    EXIT_OK)
		goto done;
	o.previous_plan = prev;
	if (from != NULL &&
	    (o.inputs.n > 0 || o.policy_file != NULL || o.fail ||
		prev != NULL)) {
		rc = usage_error(c,
		    "--from takes no inputs, policy, "
		    "--previous-plan or --fail-on (findings come from inputs)");
		goto done;
	}
	if (from == NULL && o.inputs.n == 0) {
		rc = usage_error(c, "no input given");
		goto done;
	}
	rc = from != NULL ? pipeline_read_plan(&p, from, o.quiet) :
			    pipeline_run(&p, c, &o, NULL, STAGE_PLAN, NULL);
	if (rc != EXIT_OK)
		goto done;
	fail = o.fail && findings_at_or_above(&p.an.findings, o.fail_sev) > 0;
	/* Written before the estate (and its labels) is let go. */
	if (!o.quiet)
		summary_text(&sum, &p);
	pipeline_keep_plan(&p);
	to_stdout = o.output == NULL || strcmp(o.output, "-") == 0;
	if ((rc = write_output_with(o.output, o.force, put_plan, p.plan)) !=
	    EXIT_OK)
		goto done;
	if (!o.quiet)
		fputs(sb_str(&sum), to_stdout ? stderr : stdout);
	if (fail)
		rc = EXIT_FINDINGS;
done:
	sb_free(&sum);
	pipeline_free(&p);
	arena_free(a);
	return rc;
}
