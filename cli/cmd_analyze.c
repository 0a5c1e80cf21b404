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
#include "../planner/routing.h"
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
	"  --pairs FILE              every hairpinning spoke pair, one\n"
	"                            tab-separated line each (src, dst, scope,\n"
	"                            circuit, src gateway, dst gateway, src\n"
	"                            subnet, prefix, route, inspected)\n"
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

static const char *
rid(const struct res *r)
{
	return r != NULL ? r->id : "-";
}

/* One --pairs line (DESIGN.md section 10). */
static int
pair_line(const struct pair_result *pr, void *ctx)
{
	struct strbuf *sb = ctx;
	const struct path *p = &pr->path;
	char buf[PREFIX_STRLEN];

	sb_printf(sb, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n",
	    pr->src->r.id, pr->dst->r.id, hp_scope_name(p->scope),
	    rid(p->circuit ? &p->circuit->r : NULL),
	    rid(p->gw ? &p->gw->r : NULL), rid(p->gw2 ? &p->gw2->r : NULL),
	    rid(pr->src_subnet ? &pr->src_subnet->r : NULL),
	    prefix_format(&pr->prefix, buf),
	    p->route != NULL && p->route->text != NULL ? p->route->text : "-",
	    p->inspected ? 1 : 0);
	return 0;
}

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
	struct strbuf out = STRBUF_INIT, pairs = STRBUF_INIT;
	struct routing *rt = NULL;
	struct routing_opts ro;
	struct hairpins hp;
	const char *pairs_file = NULL;
	enum sev fail_on = SEV_ERROR;
	bool fail = false;
	int i, r, rc = EXIT_OK;
	size_t k;

	memset(&o, 0, sizeof(o));
	diags_init(&d, a);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--pairs") == 0) {
			if (i + 1 >= argc) {
				rc = usage_error(c, "--pairs needs a file");
				goto done;
			}
			pairs_file = argv[++i];
			continue;
		}
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
	/* Routing (R3-R7): the hairpins block and MP101 findings. Its
	 * texts live in the routing, freed after the output is written. */
	memset(&ro, 0, sizeof(ro));
	ro.onprem = pol.onprem.v;
	ro.nonprem = pol.onprem.n;
	ro.reserved_172 = pol.reserved_172;
	rt = routing_new(e, &ro, NULL, 0);
	routing_hairpins(rt, a, &hp);
	analysis_add_hairpins(&an, &hp);
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
	if (pairs_file != NULL) {
		routing_pairs(rt, false, pair_line, &pairs);
		if ((rc = write_output(pairs_file, sb_str(&pairs), pairs.len,
		    o.force)) != EXIT_OK)
			goto done;
	}
	if (fail && findings_at_or_above(&an.findings, fail_on) > 0)
		rc = EXIT_FINDINGS;
done:
	routing_free(rt);
	sb_free(&pairs);
	sb_free(&out);
	estate_free(e);
	arena_free(a);
	return rc;
}
