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

#include "../emitters/analyze_pairs.h"
#include "../emitters/formats.h"
#include "outputs.h"
#include "pipeline.h"

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
	"  --pairs FILE              every hairpinning spoke pair, one\n"
	"                            tab-separated line each (src, dst, "
	"scope,\n"
	"                            circuit, src gateway, dst gateway, src\n"
	"                            subnet, prefix, route, inspected)\n"
	"  --fail-on error|warning|note\n"
	"                            exit 1 when a finding is at or above\n"
	"  --policy FILE             planning policy (YAML): limits, onprem\n"
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
	"  --verbose                 text: every finding on its own line\n"
	"                            (else a rule with several findings is\n"
	"                            one line with its count)\n"
	"  --today YYYY-MM-DD        the date policy suppressions expire\n"
	"                            against (else SOURCE_DATE_EPOCH; else\n"
	"                            they all apply and the clock only warns)\n"
	"  -q                        print nothing but errors and the result\n"
	"\n"
	"exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or I/O\n"
	"error, 3 invalid input (nothing is written)\n",
	run,
};

/* write_output_with's writer of the --pairs file: the lines as the
 * routing streams them. */
static int
put_pairs(FILE *fp, void *ctx)
{
	return analyze_pairs(fp, ctx);
}

static int
run(int argc, char **argv)
{
	const struct command *c = &cmd_analyze;
	const char *pairs_file = NULL;
	const struct cmd_opt opts[] = {
		{ "--pairs", NULL, &pairs_file },
		{ NULL, NULL, NULL },
	};
	struct arena *a = arena_new();
	const struct cmd_spec spec = { opts, doc_format_names(c->name, a),
		true };
	struct common_opts o;
	struct doc_in in;
	struct pipeline p;
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = cli_parse_flags(c, &spec, SPEC_FAIL_ON, a, &o, argc, argv)) !=
		EXIT_OK ||
	    (rc = output_prepare(c->name, pairs_file, o.force)) != EXIT_OK ||
	    (rc = pipeline_run(&p, c, &o, NULL, STAGE_ROUTE, NULL)) != EXIT_OK)
		goto done;
	doc_in_init(&in, &p, NULL);
	in.verbose = o.verbose;
	if ((rc = write_doc(c->name, o.format, &in, o.output, o.force)) !=
	    EXIT_OK)
		goto done;
	if (pairs_file != NULL) {
		if ((rc = write_output_with(pairs_file, o.force, put_pairs,
			 p.routing)) != EXIT_OK)
			goto done;
	}
	if (o.fail && findings_at_or_above(&p.an.findings, o.fail_sev) > 0)
		rc = EXIT_FINDINGS;
done:
	pipeline_free(&p);
	arena_free(a);
	return rc;
}
