/*
 * cmd_diff.c - `meshplan diff OLD.json NEW.json`: what changed between
 * two plans (docs/lifecycle.md): VNets that moved between waves, joined,
 * left or went live, summaries that changed, steps added or removed.
 * Exit codes, as diff(1): 0 the plans agree, 1 they differ; 2 usage or
 * I/O error; 3 a plan.json that does not read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../emitters/lifecycle_out.h"
#include "../input/plan_read.h"
#include "../lib/strbuf.h"
#include "../planner/lifecycle.h"
#include "pipeline.h"

static int run(int argc, char **argv);

const struct command cmd_diff = {
	"diff",
	"what changed between two plans: waves, members, summaries, steps",
	"usage: meshplan diff [options] OLD.json NEW.json\n"
	"\n"
	"Compares two plan.json files: VNets that moved between waves, joined\n"
	"or left the mesh or went live, hubs whose summaries changed, and the\n"
	"steps that are in one plan only (compared by kind, resource and "
	"text).\n"
	"\n"
	"options:\n"
	"  --format text|json|md     text (default), JSON\n"
	"                            (schemas/diff.schema.json) or Markdown\n"
	"                            (a pull-request comment)\n"
	"  -o PATH                   write there (atomically) instead of "
	"stdout\n"
	"  --force                   replace an existing output file\n"
	"\n"
	"exit codes: 0 the plans agree, 1 they differ, 2 usage or I/O error,\n"
	"3 a plan.json that does not read\n",
	run,
};

static int
run(int argc, char **argv)
{
	const struct command *c = &cmd_diff;
	static const char *const formats[] = { "text", "json", "md", NULL };
	const struct cmd_spec spec = { NULL, formats, true };
	struct arena *a = arena_new();
	struct common_opts o;
	struct pipeline po, pn;
	struct plan_diff d;
	struct strbuf out = STRBUF_INIT;
	int rc;

	memset(&po, 0, sizeof(po));
	memset(&pn, 0, sizeof(pn));
	if ((rc = cli_parse(c, &spec, a, &o, argc, argv)) != EXIT_OK)
		goto done;
	if (o.inputs.n != 2 || o.policy_file != NULL || o.onprem.n > 0 ||
	    o.scope != NULL || o.gateway_files.n > 0) {
		rc = usage_error(c,
		    "wants two plan.json files and no inputs, "
		    "policy, --onprem, --scope or --gateway");
		goto done;
	}
	if ((rc = pipeline_read_plan(&po, o.inputs.v[0], o.quiet)) != EXIT_OK ||
	    (rc = pipeline_read_plan(&pn, o.inputs.v[1], o.quiet)) != EXIT_OK)
		goto done;
	plan_diff(po.plan, pn.plan, a, &d);
	if (strcmp(o.format, "json") == 0)
		diff_json(&out, &d);
	else if (strcmp(o.format, "md") == 0)
		diff_md(&out, &d);
	else
		diff_text(&out, &d);
	if ((rc = write_output(o.output, out.s, out.len, o.force)) != EXIT_OK)
		goto done;
	rc = plan_diff_empty(&d) ? EXIT_OK : EXIT_FINDINGS;
done:
	sb_free(&out);
	pipeline_free(&pn);
	pipeline_free(&po);
	arena_free(a);
	return rc;
}
