/*
 * cmd_report.c - `meshplan report`: load, analyse, simulate and plan, then
 * write the migration report as Markdown (a PR body), HTML (one
 * self-contained file with SVG charts) or JSON (the analyze JSON with the
 * plan's keys added: summaries, meshes, waves, blockers, steps, effect).
 *
 * Exit codes as every command: 0 ok, 1 findings at or above --fail-on,
 * 2 usage or I/O error, 3 invalid input (nothing written).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../emitters/formats.h"
#include "../emitters/report.h"
#include "pipeline.h"

static int run(int argc, char **argv);

const struct command cmd_report = {
	"report",
	"migration report (Markdown, HTML, JSON)",
	"usage: meshplan report [options] INPUT... --format md|html|json "
	"[-o FILE]\n"
	"\n"
	"Writes the migration report: a summary, the before/after table\n"
	"(spoke-to-spoke path, MSEE dependency, manual peerings a full mesh\n"
	"would need, private endpoint capacity, downtime), prefix pressure\n"
	"per gateway before and after the summaries, hairpins by hub pair and\n"
	"circuit, meshes, prerequisites, waves with their steps, validation\n"
	"and rollback, blockers, segmentation changes and findings.\n"
	"\n"
	"options:\n"
	"  --format md|html|json     md: Markdown (a pull-request body);\n"
	"                            html: one self-contained file with SVG\n"
	"                            charts; json: the analyze JSON plus the\n"
	"                            plan (default md)\n"
	"  --max-rows N              rows per table before \"and N more\"\n"
	"                            (default 200; 0: no limit)\n"
	"  -o FILE                   write to FILE (atomically; an existing\n"
	"                            file is kept unless --force)\n"
	"  --force                   replace an existing output file\n"
	"  --fail-on error|warning|note\n"
	"                            exit 1 when a finding is at or above\n"
	"  --policy FILE             planning policy (YAML)\n"
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
	"  -q                        print nothing but errors and the result\n"
	"\n"
	"exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or I/O\n"
	"error, 3 invalid input (nothing is written)\n",
	run,
};

static int
run(int argc, char **argv)
{
	const struct command *c = &cmd_report;
	const char *max_arg = NULL;
	const struct cmd_opt opts[] = {
		{ "--max-rows", NULL, &max_arg },
		{ NULL, NULL, NULL },
	};
	struct arena *a = arena_new();
	const struct cmd_spec spec = { opts, doc_format_names(c->name, a),
		true };
	struct common_opts o;
	struct pipeline p;
	struct doc_in in;
	struct report_opts ro;
	long max_rows = 200;
	int rc;
	char *end;

	memset(&p, 0, sizeof(p));
	if ((rc = cli_parse_flags(c, &spec, SPEC_FAIL_ON, a, &o, argc, argv)) !=
	    EXIT_OK)
		goto done;
	if (max_arg != NULL) {
		max_rows = strtol(max_arg, &end, 10);
		if (*max_arg == '\0' || *end != '\0' || max_rows < 0) {
			rc = usage_error(c,
			    "--max-rows wants a number, not "
			    "'%s'",
			    max_arg);
			goto done;
		}
	}
	if ((rc = pipeline_run(&p, c, &o, NULL, STAGE_PLAN, NULL)) != EXIT_OK)
		goto done;

	memset(&ro, 0, sizeof(ro));
	ro.part = REPORT_ALL;
	ro.max_rows = (size_t)max_rows;
	doc_in_init(&in, &p, &ro);
	if ((rc = write_doc(c->name, o.format, &in, o.output, o.force)) !=
	    EXIT_OK)
		goto done;
	if (o.fail && findings_at_or_above(&p.an.findings, o.fail_sev) > 0)
		rc = EXIT_FINDINGS;
done:
	pipeline_free(&p);
	arena_free(a);
	return rc;
}
