/*
 * cmd_emit.c - `meshplan emit`: load the inputs, plan, and write the IaC
 * (ARM JSON, Bicep, Terraform) for every wave into DIR/<target>/.
 *
 * The tree is staged beside DIR and swapped in whole (outputs.h), so DIR
 * is either complete or as it was; an existing DIR is only replaced with
 * --force and only when meshplan wrote it. The offline what-if of every
 * folder is printed (and is in each folder's README). Exit codes: 0 ok,
 * 1 findings at or above --fail-on, 2 usage or I/O error, 3 invalid input
 * (nothing written).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../emitters/analyze_json.h"
#include "../emitters/emitter.h"
#include "../emitters/whatif.h"
#include "../emitters/whatif_plan.h"
#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "outputs.h"
#include "pipeline.h"

static int run(int argc, char **argv);

const struct command cmd_emit = {
	"emit",
	"write ARM JSON, Bicep and Terraform for the planned waves",
	"usage: meshplan emit [options] -o DIR|- INPUT...\n"
	"       meshplan emit [--target T] -o DIR|- --plan PLAN.json\n"
	"\n"
	"Plans the migration from exported ARM JSON (as 'meshplan plan'), or\n"
	"reads a plan.json that 'meshplan plan' wrote (--plan), and\n"
	"writes DIR/<target>/prereq/ and DIR/<target>/wave-N-NAME/, each with\n"
	"the IaC files, a README.md (how to deploy them) and a RUNBOOK.md\n"
	"(steps with az lines, offline what-if, validation checklist and\n"
	"rollback; the same for every target, hard-linked). Existing VNets\n"
	"are changed from their state at deployment time, never from the\n"
	"export: ARM nested deployments (reference + shallowMerge), Terraform\n"
	"azapi_update_resource; the region commits are one Terraform root,\n"
	"prereq/commit (-var wave=N).\n"
	"\n"
	"options:\n"
	"  --target arm|bicep|terraform|all   what to write (default all)\n"
	"  -o DIR                    output folder, written whole: staged\n"
	"                            beside DIR, then swapped in at once\n"
	"  -o -                      the folder as a tar archive (ustar) on\n"
	"                            standard output, manifest included\n"
	"                            (| tar -x -C DIR); the what-if goes\n"
	"                            to standard error\n"
	"  --force                   replace an existing DIR that meshplan\n"
	"                            wrote (its .meshplan-output lists every\n"
	"                            file in it; never a folder with .git)\n"
	"  --fail-on error|warning|note\n"
	"                            exit 1 when a finding is at or above\n"
	"  --what-if text|json       how the offline what-if of each folder\n"
	"                            is printed (default text: + create,\n"
	"                            ~ modify with the changed properties,\n"
	"                            - delete, ! action; coloured on a\n"
	"                            terminal unless NO_COLOR is set)\n"
	"  --plan PLAN.json          emit from this plan instead of inputs\n"
	"                            (the same bytes as from the inputs);\n"
	"                            INPUTs given with it are a fresh export:\n"
	"                            drift since the plan is a warning\n"
	"                            (meshplan status, docs/lifecycle.md)\n"
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
	"  -q                        print nothing but errors (no what-if)\n"
	"\n"
	"exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or I/O\n"
	"error, 3 invalid input (nothing is written)\n",
	run,
};

/* The what-if summary on stdout, gathered folder by folder. */
struct summary {
	json_t *arr; /* --what-if json: one object a folder */
	bool text;   /* text (not -q) */
	bool color;
	struct strbuf sb; /* the text */
};

static void
summary_add(void *ctx, const struct iac_folder *f)
{
	struct summary *s = ctx;

	if (s->arr != NULL)
		whatif_plan_json_append(s->arr, f->whatif, f->dir);
	else if (s->text)
		whatif_plan_text(&s->sb, f->whatif, f->dir, s->color);
}

/* The options that emit refuses together, or no input. */
static int
check_options(const struct command *c, const struct common_opts *o,
    const char *target, const char *plan_file, const char *whatif_fmt)
{
	if (!emit_target_ok(target))
		return usage_error(c,
		    "unknown target '%s' (arm, bicep, "
		    "terraform, all)",
		    target);
	if (strcmp(whatif_fmt, "text") != 0 && strcmp(whatif_fmt, "json") != 0)
		return usage_error(c, "--what-if wants text or json, not '%s'",
		    whatif_fmt);
	if (o->outdir == NULL && strcmp(whatif_fmt, "json") == 0)
		return usage_error(c,
		    "--what-if json is printed on standard "
		    "output, which -o - takes for the archive");
	/* With --plan, inputs are a fresh export to check for drift
	 * (docs/lifecycle.md); the plan itself is written as it is. */
	if (plan_file != NULL &&
	    (o->policy_file != NULL || o->onprem.n > 0 || o->fail))
		return usage_error(c,
		    "--plan takes no policy, --onprem or "
		    "--fail-on (the plan has them; findings come from inputs)");
	if (plan_file == NULL && o->inputs.n == 0)
		return usage_error(c, "no input given");
	return EXIT_OK;
}

/* The what-if of every folder, once the output is in place: JSON on
 * stdout, or the text summary (where the output is not). */
static void
summary_print(struct summary *sum, const struct common_opts *o,
    const char *target)
{
	struct strbuf wi = STRBUF_INIT;

	if (sum->arr != NULL) {
		json_t *doc = json_object();

		ajson_set(doc, "semantics", ajson_str("merge"));
		ajson_set(doc, "folders", sum->arr);
		sum->arr = NULL;
		ajson_dump(&wi, doc);
		fputs(sb_str(&wi), stdout);
	} else if (sum->text) {
		fprintf(o->outdir != NULL ? stdout : stderr,
		    "meshplan emit: wrote %s (%s); what-if of each folder "
		    "against the export (every target changes only the "
		    "planned properties):\n%s",
		    o->outdir != NULL ? o->output : "a tar archive", target,
		    sb_str(&sum->sb));
	}
	sb_free(&wi);
}

static int
run(int argc, char **argv)
{
	const struct command *c = &cmd_emit;
	const char *target = "all", *plan_file = NULL, *whatif_fmt = "text";
	const struct cmd_opt opts[] = {
		{ "--target", "-t", &target },
		{ "--plan", NULL, &plan_file },
		{ "--what-if", NULL, &whatif_fmt },
		{ NULL, NULL, NULL },
	};
	const struct cmd_spec spec = { opts, NULL, false };
	struct arena *a = arena_new();
	struct common_opts o;
	struct pipeline p;
	struct iac *m = NULL;
	struct summary sum;
	struct tar_out tar;
	size_t nfail = 0;
	int rc;

	memset(&p, 0, sizeof(p));
	memset(&sum, 0, sizeof(sum));
	if ((rc = cli_parse_flags(c, &spec,
		 SPEC_OUT_DIR | SPEC_OUT_TAR | SPEC_FAIL_ON, a, &o, argc,
		 argv)) != EXIT_OK)
		goto done;
	if ((rc = check_options(c, &o, target, plan_file, whatif_fmt)) !=
	    EXIT_OK)
		goto done;
	rc = plan_file != NULL ?
	    pipeline_read_plan(&p, plan_file, o.quiet) :
	    pipeline_run(&p, c, &o, NULL, STAGE_PLAN, NULL);
	if (rc != EXIT_OK)
		goto done;
	if (plan_file != NULL && o.inputs.n > 0) {
		struct pipeline fresh;

		rc = pipeline_warn_drift(c, &o, p.plan, &fresh);
		pipeline_free(&fresh);
		if (rc != EXIT_OK)
			goto done;
	}
	/* The emitters read the plan only, which owns its memory: the
	 * estate, its analysis and routing go before the model is built
	 * (findings counted first), so emit needs no more than plan. */
	if (o.fail)
		nfail = findings_at_or_above(&p.an.findings, o.fail_sev);
	pipeline_keep_plan(&p);
	m = iac_build(p.plan, a);
	/* The what-if summary is taken from each folder as it is emitted
	 * (the what-if lives only while its folder is written). */
	if (strcmp(whatif_fmt, "json") == 0) {
		/* The what-if as data, on stdout (even with -q: asked for). */
		sum.arr = json_array();
	} else if (!o.quiet) {
		/* Colour as terraform does on a terminal; NO_COLOR (any
		 * non-empty value, no-color.org) turns it off. */
		const char *nc = getenv("NO_COLOR");

		sum.text = true;
		sum.color = isatty(o.outdir != NULL ? STDOUT_FILENO :
						      STDERR_FILENO) &&
		    (nc == NULL || *nc == '\0');
	}
	/* Each file is written into the staged folder as it is made; the
	 * folder is put in place whole (outputs.h): DIR is complete or as
	 * it was. */
	if (o.outdir == NULL) {
		/* -o -: an archive cut short has no end, so tar says so. */
		tar_init(&tar, stdout, c->name);
		rc = emit_targets(m, target, NULL, &tar, NULL, summary_add,
			 &sum) != 0 ||
			tar_finish(&tar) != 0 ?
		    EXIT_USAGE :
		    EXIT_OK;
		tar_free(&tar);
		if (rc != EXIT_OK)
			goto done;
	} else if (emit_targets(m, target, outdir_root(o.outdir), NULL, NULL,
		       summary_add, &sum) != 0) {
		outdir_abort(o.outdir);
		rc = EXIT_USAGE;
		goto done;
	} else if ((rc = outdir_commit(o.outdir)) != EXIT_OK) {
		goto done;
	}
	summary_print(&sum, &o, target);
	if (nfail > 0)
		rc = EXIT_FINDINGS;
done:
	sb_free(&sum.sb);
	json_decref(sum.arr);
	iac_free(m);
	pipeline_free(&p);
	arena_free(a);
	return rc;
}
