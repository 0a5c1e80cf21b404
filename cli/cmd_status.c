/*
 * cmd_status.c - `meshplan status --plan PLAN.json INPUT...`: a fresh
 * export against a plan (docs/lifecycle.md): each wave done, partial or
 * pending with its live and planned VNets, and the drift since the plan.
 * Exit codes: 0 the estate agrees with the plan (any number of waves
 * done, no drift); 1 drift or a partial wave; 2 usage or I/O error; 3
 * invalid input.
 *
 * Also pipeline_status and pipeline_warn_drift (pipeline.h), which
 * `emit --plan` uses to warn on drift.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../emitters/lifecycle_out.h"
#include "../input/drift.h"
#include "../lib/strbuf.h"
#include "../planner/lifecycle.h"
#include "pipeline.h"

static int run(int argc, char **argv);

const struct command cmd_status = {
	"status",
	"a fresh export against a plan: waves done, partial, pending; drift",
	"usage: meshplan status --plan PLAN.json [options] INPUT...\n"
	"\n"
	"Reads a fresh export (with the live AVNM resources: network manager,\n"
	"groups, static members, connectivity configurations, and the output\n"
	"of az network manager list-active-connectivity-config when you have\n"
	"it) and compares it with PLAN.json: each wave is done (every VNet it\n"
	"adds is a live member), partial or pending, and drift lists the\n"
	"bodies the plan's IaC rewrites that changed since the plan (etag and\n"
	"digest), VNets that appeared or disappeared, and live members the\n"
	"plan does not have. See docs/lifecycle.md.\n"
	"\n"
	"options:\n"
	"  --plan PLAN.json          the plan to compare with (required)\n"
	"  --format text|json|md     text (default), JSON\n"
	"                            (schemas/status.schema.json) or Markdown\n"
	"                            (a pull-request comment)\n"
	"  -o PATH                   write there (atomically) instead of "
	"stdout\n"
	"  --force                   replace an existing output file\n"
	"  --scope, --gateway, --policy, --onprem, -q as for plan\n"
	"\n"
	"exit codes: 0 the estate agrees with the plan, 1 drift or a partial\n"
	"wave, 2 usage or I/O error, 3 invalid input\n",
	run,
};

void
pipeline_status(const struct plan *plan, const struct estate *e,
    struct arena *a, struct plan_status *st)
{
	const char **dig = arena_calloc(a, plan->vnets.n + 1, sizeof(*dig));
	const char **etag = arena_calloc(a, plan->vnets.n + 1, sizeof(*etag));
	size_t i;

	for (i = 0; i < plan->vnets.n; i++) {
		const struct plan_vnet *pv = &plan->vnets.v[i];
		const struct res *r;

		if (pv->digest == NULL)
			continue;
		r = estate_find(e, pv->id);
		if (r == NULL || r->kind != RK_VNET || !r->seen)
			continue;
		drift_body(a, ((const struct vnet *)r)->raw, &etag[i], &dig[i]);
	}
	status_compute(plan, e, dig, etag, a, st);
}

size_t
pipeline_drift_warnings(const struct command *c, const struct plan *plan,
    const struct estate *e, struct arena *a)
{
	struct plan_status st;
	size_t i;

	pipeline_status(plan, e, a, &st);
	for (i = 0; i < st.drift.n; i++)
		fprintf(stderr,
		    "meshplan %s: warning: drift since the plan: "
		    "%s: %s\n",
		    c->name, st.drift.v[i].resource, st.drift.v[i].reason);
	if (st.drift.n > 0)
		fprintf(stderr,
		    "meshplan %s: warning: %zu drift item(s): run "
		    "meshplan status, and plan again before deploying\n",
		    c->name, st.drift.n);
	return st.drift.n;
}

int
pipeline_warn_drift(const struct command *c, const struct common_opts *o,
    const struct plan *plan, struct pipeline *fresh)
{
	struct load_opts lo;
	int rc;

	memset(&lo, 0, sizeof(lo));
	lo.raw = true;
	if ((rc = pipeline_run(fresh, c, o, &lo, STAGE_LOAD, NULL)) != EXIT_OK)
		return rc;
	pipeline_drift_warnings(c, plan, fresh->estate, fresh->arena);
	return EXIT_OK;
}

static int
run(int argc, char **argv)
{
	const struct command *c = &cmd_status;
	static const char *const formats[] = { "text", "json", "md", NULL };
	const char *plan_file = NULL;
	const struct cmd_opt opts[] = {
		{ "--plan", NULL, &plan_file },
		{ NULL, NULL, NULL },
	};
	const struct cmd_spec spec = { opts, formats, true };
	struct arena *a = arena_new();
	struct common_opts o;
	struct pipeline pp, pe;
	struct load_opts lo;
	struct plan_status st;
	struct strbuf out = STRBUF_INIT;
	int rc;

	memset(&pp, 0, sizeof(pp));
	memset(&pe, 0, sizeof(pe));
	if ((rc = cli_parse(c, &spec, a, &o, argc, argv)) != EXIT_OK)
		goto done;
	if (plan_file == NULL) {
		rc = usage_error(c, "--plan PLAN.json is required");
		goto done;
	}
	if ((rc = pipeline_read_plan(&pp, plan_file, o.quiet)) != EXIT_OK)
		goto done;
	memset(&lo, 0, sizeof(lo));
	lo.raw = true;
	if ((rc = pipeline_run(&pe, c, &o, &lo, STAGE_LOAD, NULL)) != EXIT_OK)
		goto done;
	pipeline_status(pp.plan, pe.estate, a, &st);
	if (strcmp(o.format, "json") == 0)
		status_json(&out, &st);
	else if (strcmp(o.format, "md") == 0)
		status_md(&out, &st);
	else
		status_text(&out, &st);
	if ((rc = write_output(o.output, out.s, out.len, o.force)) != EXIT_OK)
		goto done;
	rc = status_agrees(&st) ? EXIT_OK : EXIT_FINDINGS;
done:
	sb_free(&out);
	pipeline_free(&pe);
	pipeline_free(&pp);
	arena_free(a);
	return rc;
}
