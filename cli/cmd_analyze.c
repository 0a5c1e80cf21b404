/*
 * cmd_analyze.c - `meshplan analyze`: load the inputs, run the analysis
 * and print the findings as text, JSON or SARIF.
 *
 * Exit codes: 0 ok; 1 when --fail-on is given and a finding is at or above
 * it; 2 usage or I/O error; 3 invalid input (every diagnostic printed,
 * nothing written). Output goes to -o (atomic, never over an existing
 * file without --force) or stdout.
 */
#include <stdio.h>
#include <string.h>

#include "../emitters/analyze_json.h"
#include "../emitters/analyze_text.h"
#include "../emitters/sarif.h"
#include "../input/policy.h"
#include "../lib/strbuf.h"
#include "../planner/analysis.h"
#include "../planner/estate.h"
#include "cli.h"

static int run(int argc, char **argv);

const struct command cmd_analyze = {
	"analyze",
	"findings and hairpins of an exported estate",
	"usage: meshplan analyze [options] INPUT...\n"
	"\n"
	"Reads exported ARM JSON (files or directories) and reports the\n"
	"topology (hubs, gateways, circuits, advertised prefixes against the\n"
	"limits) and findings: hairpinning spokes, prefix pressure,\n"
	"overlapping address spaces, peerings and transit, private endpoint\n"
	"limits, gateway and circuit risks, unresolved references.\n"
	"\n"
	"options:\n"
	"  --format text|json|sarif  output format (default text)\n"
	"  -o PATH                   write to PATH (atomically; an existing\n"
	"                            file is kept unless --force)\n"
	"  --force                   replace an existing output file\n"
	"  --fail-on error|warning|note\n"
	"                            exit 1 when a finding is at or above\n"
	"  --policy FILE             planning policy (YAML): limits, onprem\n"
	"  --onprem PREFIX           an on-premises prefix (repeatable)\n"
	"  --scope /subscriptions/S/resourceGroups/R\n"
	"                            scope of a single ARM template input\n"
	"  --gateway NAME=FILE       learned routes of gateway NAME\n"
	"  -q                        print only error diagnostics\n"
	"\n"
	"exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or I/O\n"
	"error, 3 invalid input (nothing is written)\n",
	run,
};

static int
run(int argc, char **argv)
{
	const struct command *c = &cmd_analyze;
	struct arena *a = arena_new();
	struct common_opts o;
	struct policy pol;
	struct diags d;
	struct estate *e = NULL;
	struct load_opts lo;
	struct analysis an;
	struct strbuf out = STRBUF_INIT;
	enum sev fail_on = SEV_ERROR;
	bool fail = false;
	int i, r, rc = EXIT_OK;
	size_t k;

	memset(&o, 0, sizeof(o));
	diags_init(&d, a);
	for (i = 1; i < argc; i++) {
		r = common_opt(a, &o, argc, argv, &i);
		if (r < 0) {
			rc = usage_error(c, "bad option");
			goto done;
		}
		if (r == 0) {
			rc = usage_error(c, "unknown option '%s'", argv[i]);
			goto done;
		}
	}
	if (o.format == NULL)
		o.format = "text";
	if (strcmp(o.format, "text") != 0 && strcmp(o.format, "json") != 0 &&
	    strcmp(o.format, "sarif") != 0) {
		rc = usage_error(c, "--format wants text, json or sarif, not "
		    "'%s'", o.format);
		goto done;
	}
	if (o.fail_on != NULL) {
		if (sev_parse(o.fail_on, &fail_on) != 0) {
			rc = usage_error(c, "--fail-on wants error, warning or "
			    "note, not '%s'", o.fail_on);
			goto done;
		}
		fail = true;
	}
	if (o.inputs.n == 0) {
		rc = usage_error(c, "no input given");
		goto done;
	}
	policy_init_defaults(&pol, a);
	if (o.policy_file != NULL)
		policy_load(&pol, a, &d, o.policy_file);
	for (k = 0; k < o.onprem.n; k++) {
		struct prefix p;
		const char *err;

		if (prefix_parse(o.onprem.v[k], 0, &p, &err) != 0) {
			rc = usage_error(c, "--onprem '%s': %s", o.onprem.v[k],
			    err);
			goto done;
		}
		ARR_PUSH(a, pol.onprem, p);
	}
	memset(&lo, 0, sizeof(lo));
	lo.scope = o.scope;
	lo.gateway_files = o.gateway_files.v;
	lo.ngateway_files = o.gateway_files.n;
	e = estate_new();
	load_inputs(e, &d, o.inputs.v, o.inputs.n, &lo);
	if ((rc = report_diags(&d, o.quiet)) != EXIT_OK)
		goto done;
	if (pol.onprem.n > 0)
		e->has_onprem_routes = true;
	analysis_run(&an, e, &pol, a);
	diags_sort(&d);
	if (strcmp(o.format, "json") == 0)
		analyze_json(&out, &an, &d);
	else if (strcmp(o.format, "sarif") == 0)
		sarif_emit(&out, &an, &d, MESHPLAN_VERSION);
	else
		analyze_text(&out, &an);
	if ((rc = write_output(o.output, sb_str(&out), out.len, o.force)) !=
	    EXIT_OK)
		goto done;
	if (fail && findings_at_or_above(&an.findings, fail_on) > 0)
		rc = EXIT_FINDINGS;
done:
	sb_free(&out);
	estate_free(e);
	arena_free(a);
	return rc;
}
