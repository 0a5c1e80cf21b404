/*
 * pipeline.c - the stages every estate-reading command goes through
 * (options, load, analyse, route, plan) and the tree-writing helpers of
 * emit, pr and batch; see pipeline.h.
 *
 * Invariants: the same inputs give the same analysis, hairpins and plan
 * (every stage sorts); the routing of the estate as it is (no meshes)
 * gives the hairpins, and the planner's oracle (routing_oracle.h) builds
 * its own routings with the planned meshes for R8. There is one place
 * that builds a plan (flow logs, summaries, oracle), so plan, emit,
 * report, pr and batch write the same plan for the same input.
 */
#include "pipeline.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <time.h>
#include <unistd.h>

#include "../emitters/analyze_json.h"
#include "../emitters/emitter.h"
#include "../emitters/formats.h"
#include "../emitters/report.h"
#include "../emitters/sink.h"
#include "../input/drift.h"
#include "../input/plan_read.h"
#include "../input/policy.h"
#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "../planner/mesh.h"
#include "../planner/routing_oracle.h"
#include "../planner/mesh_summaries.h"
#include "../planner/plan_findings.h"
#include "outputs.h"

/* "a, b or c" */
static const char *
one_of(struct arena *a, const char *const *v)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;
	size_t i, n;

	for (n = 0; v[n] != NULL; n++)
		continue;
	for (i = 0; i < n; i++)
		sb_printf(&sb, "%s%s",
		    i == 0	   ? "" :
			i + 1 == n ? " or " :
				     ", ",
		    v[i]);
	s = arena_strdup(a, sb_str(&sb));
	sb_free(&sb);
	return s;
}

/*
 * meshplan's format names, and az's values of -o/--output (json, jsonc,
 * table, tsv, yaml, yamlc, none: "Output formats for Azure CLI commands",
 * learn.microsoft.com).
 */
static const char *const format_names[] = { "json", "md", "html", "sarif",
	"text", "yaml", "jsonc", "yamlc", "table", "tsv", "none", NULL };

/* -o json: the az habit (-o is --output FORMAT there). Warn, then write. */
static void
output_name_warn(const struct command *c, const struct cmd_spec *s,
    struct arena *a, const struct common_opts *o)
{
	struct stat st;
	size_t k, f;

	if (o->output == NULL || o->quiet || strchr(o->output, '/') != NULL ||
	    lstat(o->output, &st) == 0)
		return;
	for (k = 0; format_names[k] != NULL; k++) {
		if (strcmp(o->output, format_names[k]) != 0)
			continue;
		for (f = 0; s->formats != NULL && s->formats[f] != NULL; f++)
			if (strcmp(s->formats[f], o->output) == 0)
				break;
		fprintf(stderr,
		    "meshplan %s: warning: -o names the output, so "
		    "this writes a file called '%s'",
		    c->name, o->output);
		if (s->formats != NULL && s->formats[f] != NULL)
			fprintf(stderr, "; for the format, use --format %s\n",
			    o->output);
		else if (s->formats != NULL)
			fprintf(stderr,
			    "; formats are chosen with --format "
			    "(%s)\n",
			    one_of(a, s->formats));
		else
			fprintf(stderr, "; %s has one output format\n",
			    c->name);
	}
}

int
cli_parse(const struct command *c, const struct cmd_spec *s, struct arena *a,
    struct common_opts *o, int argc, char **argv)
{
	return cli_parse_flags(c, s, 0, a, o, argc, argv);
}

/* An option's value that cannot be right: the usage error, else EXIT_OK. */
static int
common_value_check(const struct command *c, const struct common_opts *o,
    const char *name, const char *v)
{
	if (strcmp(name, "--gateway") == 0 && !gateway_arg_ok(v))
		return usage_error(c, "--gateway wants NAME=FILE, not '%s'", v);
	if ((strcmp(name, "--parameters") == 0 ||
		(strcmp(name, "--scope") == 0 && strchr(v, '='))) &&
	    (v[0] == '=' || strrchr(v, '=') == NULL ||
		strrchr(v, '=')[1] == '\0'))
		return usage_error(c, "%s wants %s, not '%s'", name,
		    strcmp(name, "--scope") == 0 ? "ID or FILE=ID" :
						   "TEMPLATE=FILE",
		    v);
	if (strcmp(name, "--scope") == 0 && strchr(v, '=') == NULL &&
	    o->scope != NULL)
		return usage_error(c,
		    "--scope ID given twice (--scope "
		    "FILE=ID scopes one file)");
	if (strcmp(name, "--captured") == 0 && !gateway_arg_ok(v))
		return usage_error(c, "--captured wants NIC=FILE, not '%s'", v);
	return EXIT_OK;
}

/* The options as a whole: --format, --fail-on, -o and --force where the
 * command takes them, inputs where it needs them. */
static int
common_opts_check(const struct command *c, const struct cmd_spec *s,
    unsigned flags, struct arena *a, struct common_opts *o)
{
	size_t k;

	if (s->formats == NULL && o->format != NULL)
		return usage_error(c, "--format is not an option of %s",
		    c->name);
	if (s->formats != NULL) {
		if (o->format == NULL)
			o->format = s->formats[0];
		for (k = 0; s->formats[k] != NULL; k++)
			if (strcmp(o->format, s->formats[k]) == 0)
				break;
		if (s->formats[k] == NULL)
			return usage_error(c, "--format wants %s, not '%s'",
			    one_of(a, s->formats), o->format);
	}
	if (o->fail_on != NULL) {
		if (!(flags & SPEC_FAIL_ON))
			return usage_error(c,
			    "--fail-on is not an option of "
			    "%s (it reports no findings)",
			    c->name);
		if (sev_parse(o->fail_on, &o->fail_sev) != 0)
			return usage_error(c,
			    "--fail-on wants error, warning "
			    "or note, not '%s'",
			    o->fail_on);
		o->fail = true;
	}
	if ((flags & SPEC_NO_OUTPUT) && o->output != NULL)
		return usage_error(c, "-o is not an option of %s", c->name);
	if ((flags & SPEC_NO_OUTPUT) && o->force)
		return usage_error(c, "--force is not an option of %s",
		    c->name);
	if (s->inputs && o->inputs.n == 0)
		return usage_error(c, "no input given");
	return EXIT_OK;
}

/* -o: the archive on stdout, the staged folder, or the file checked. */
static int
common_output_open(const struct command *c, unsigned flags,
    struct common_opts *o)
{
	if ((flags & SPEC_OUT_TAR) && o->output != NULL &&
	    strcmp(o->output, "-") == 0) {
		/* The folder as a tar archive on standard output. */
		if (o->force)
			return usage_error(c,
			    "--force replaces a folder; -o - "
			    "writes to standard output");
		if (isatty(STDOUT_FILENO))
			return usage_error(c,
			    "-o - writes a tar archive: pipe it "
			    "(| tar -x -C DIR) or redirect it, not to a "
			    "terminal");
		return EXIT_OK;
	}
	if (flags & SPEC_OUT_DIR) {
		if (o->output == NULL || strcmp(o->output, "-") == 0)
			return usage_error(c, "-o DIR is required");
		if ((o->outdir = outdir_open(c->name, o->output, o->force)) ==
		    NULL)
			return EXIT_USAGE;
	} else if (o->output != NULL &&
	    output_prepare(c->name, o->output, o->force) != EXIT_OK) {
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int
cli_parse_flags(const struct command *c, const struct cmd_spec *s,
    unsigned flags, struct arena *a, struct common_opts *o, int argc,
    char **argv)
{
	const struct cmd_opt *co;
	bool opts_done = false;
	int i, kind, rc;

	memset(o, 0, sizeof(*o));
	o->fail_sev = SEV_ERROR;
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i], *name = arg, *inl = NULL, *eq, *v;

		if (!opts_done && strcmp(arg, "--") == 0) {
			opts_done = true;
			continue;
		}
		if (opts_done || arg[0] != '-' || arg[1] == '\0') {
			ARR_PUSH(a, o->inputs, argv[i]);
			continue;
		}
		if (arg[1] == '-' && (eq = strchr(arg, '=')) != NULL) {
			name = arena_strndup(a, arg, (size_t)(eq - arg));
			inl = eq + 1;
		}
		for (co = s->opts; co != NULL && co->name != NULL; co++)
			if (strcmp(name, co->name) == 0 ||
			    (co->alias != NULL && strcmp(name, co->alias) == 0))
				break;
		kind = co != NULL && co->name != NULL ? 2 :
							common_opt_kind(name);
		if (kind < 0)
			return usage_error(c, "unknown option '%s'", name);
		if (kind == 0) {
			if (inl != NULL)
				return usage_error(c, "%s takes no value",
				    name);
			common_opt_set(a, o, name, NULL);
			continue;
		}
		if (inl != NULL)
			v = inl;
		else if (i + 1 < argc)
			v = argv[++i];
		else
			return usage_error(c, "%s needs a value", name);
		if (kind == 2) {
			*co->value = v;
			continue;
		}
		if ((rc = common_value_check(c, o, name, v)) != EXIT_OK)
			return rc;
		common_opt_set(a, o, name, v);
	}
	outputs_set_quiet(o->quiet);
	if ((rc = common_opts_check(c, s, flags, a, o)) != EXIT_OK)
		return rc;
	output_name_warn(c, s, a, o);
	return common_output_open(c, flags, o);
}

const char *
policy_path(const struct common_opts *o)
{
	const char *env = getenv("MESHPLAN_POLICY");
	struct stat st;

	if (o->policy_file != NULL)
		return o->policy_file;
	if (env != NULL && *env != '\0')
		return env;
	if (stat(".meshplan.yaml", &st) == 0)
		return ".meshplan.yaml";
	return NULL;
}

/*
 * A policy pattern whose matching failed (the match limit) left some
 * selector unanswered: the analysis or plan is not what the policy says.
 * An error naming the pattern, and EXIT_INPUT; else EXIT_OK.
 */
static int
patterns_ok(struct pipeline *p, const struct common_opts *o)
{
	const struct pattern *x;
	const char *why;

	if ((x = policy_match_error(&p->pol, &why)) == NULL)
		return EXIT_OK;
	p->diags.n = 0; /* printed after loading */
	p->diags.nerrors = p->diags.nwarnings = 0;
	diag_add(&p->diags, DIAG_ERROR, "policy-regex", p->pol.file, 0, 0, NULL,
	    NULL,
	    "pattern '%s': %s; the selector cannot be applied "
	    "(simplify the pattern: nested repetition such as (a+)+ "
	    "backtracks without end)",
	    x->text, why);
	return report_diags(&p->diags, o->quiet);
}

/*
 * The date suppressions expire against: --today, else SOURCE_DATE_EPOCH
 * (the reproducible-builds convention, seconds since the epoch, UTC),
 * else none. Without a pinned date every suppression applies, so the
 * outputs never depend on the clock; the clock only decides whether to
 * warn (on stderr) that one has passed its date. Returns 0, or prints a
 * usage error and returns EXIT_USAGE.
 */
static int
pinned_today(const struct command *c, const struct common_opts *o, char buf[11],
    const char **today)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	long long secs;
	char *end;
	time_t t;
	struct tm tm;

	*today = NULL;
	if (o->today != NULL) {
		/* Checked as the policy checks expires. */
		if (strlen(o->today) != 10 || o->today[4] != '-' ||
		    o->today[7] != '-' || strspn(o->today, "0123456789-") != 10)
			return usage_error(c,
			    "--today wants a date YYYY-MM-DD, "
			    "not '%s'",
			    o->today);
		*today = o->today;
		return 0;
	}
	if (sde == NULL || *sde == '\0')
		return 0;
	errno = 0;
	secs = strtoll(sde, &end, 10);
	if (errno != 0 || *end != '\0' || secs < 0)
		return usage_error(c,
		    "SOURCE_DATE_EPOCH must be a number of "
		    "seconds since 1970-01-01, not '%s'",
		    sde);
	t = (time_t)secs;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, 11, "%Y-%m-%d", &tm) != 10)
		return usage_error(c, "SOURCE_DATE_EPOCH %s is out of range",
		    sde);
	*today = buf;
	return 0;
}

/*
 * Apply the policy's suppressions to the findings (again after the
 * hairpin findings are added). With a pinned date an expired suppression
 * no longer applies and is a warning in the run's diagnostics; without
 * one, it still applies and the warning names the clock's date (stderr
 * only, so that no output depends on it).
 */
static void
apply_suppressions(struct pipeline *p, const struct common_opts *o,
    const char *today, bool warn)
{
	char clock_buf[11];
	time_t now;
	struct tm tm;
	size_t i;

	findings_suppress(&p->an.findings, p->pol.suppress.v, p->pol.suppress.n,
	    today);
	if (!warn)
		return;
	now = time(NULL);
	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(clock_buf, sizeof(clock_buf), "%Y-%m-%d", &tm) != 10)
		clock_buf[0] = '\0';
	for (i = 0; i < p->pol.suppress.n; i++) {
		const struct suppression *s = &p->pol.suppress.v[i];
		struct diag *g;

		if (today != NULL && suppression_expired(s, today)) {
			g = diag_add(&p->diags, DIAG_WARNING,
			    "suppress-expired", s->file, s->line, s->col, NULL,
			    NULL,
			    "the "
			    "suppression of %s for '%s' expired on %s (today "
			    "is %s): its findings are reported again; renew "
			    "or remove it",
			    s->rule->id, s->resource, s->expires, today);
			if (!o->quiet && g != NULL)
				diag_print(stderr, g);
		} else if (today == NULL && clock_buf[0] != '\0' &&
		    suppression_expired(s, clock_buf) && !o->quiet)
			fprintf(stderr,
			    "%s:%d:%d: warning: the suppression of "
			    "%s for '%s' expired on %s (the clock says %s); it "
			    "still applies until --today or SOURCE_DATE_EPOCH "
			    "pins a later date; renew or remove it "
			    "[suppress-expired]\n",
			    s->file, s->line, s->col, s->rule->id, s->resource,
			    s->expires, clock_buf);
	}
}

/* The load options that the command line sets when the command did not. */
static void
load_defaults(struct load_opts *lo, const struct common_opts *o,
    enum stage upto)
{
	if (lo->scope == NULL)
		lo->scope = o->scope;
	if (lo->file_scopes == NULL) {
		lo->file_scopes = o->file_scopes.v;
		lo->nfile_scopes = o->file_scopes.n;
	}
	if (lo->param_files == NULL) {
		lo->param_files = o->param_files.v;
		lo->nparam_files = o->param_files.n;
	}
	if (lo->location == NULL)
		lo->location = o->location;
	lo->raw = lo->raw || upto >= STAGE_PLAN;
	lo->allow_partial = lo->allow_partial || o->allow_partial;
	if (lo->gateway_files == NULL) {
		lo->gateway_files = o->gateway_files.v;
		lo->ngateway_files = o->gateway_files.n;
	}
	if (lo->captured_files == NULL) {
		lo->captured_files = o->captured_files.v;
		lo->ncaptured_files = o->captured_files.n;
	}
}

/*
 * The plan of the analysed and routed estate (p->routing is handed to the
 * planner and freed by it), with its MP4xx findings; --previous-plan is
 * read here. EXIT_OK or the code of a bad previous plan.
 */
static int
plan_stage(struct pipeline *p, const struct common_opts *o)
{
	struct routing_oracle oracle;
	struct plan_inputs pin;
	struct plan *prev = NULL;
	const char *partial;
	int rc;

	if (o->previous_plan != NULL) {
		struct diags pd;

		/* Its own list: the inputs' diagnostics are printed. */
		diags_init(&pd, p->arena);
		prev = plan_read(o->previous_plan, &pd);
		if ((rc = report_diags(&pd, o->quiet)) != EXIT_OK) {
			plan_free(prev);
			return rc;
		}
	}
	routing_oracle_init(&oracle, &p->ro);
	/* The planner's first classification is of this same routing: hand
	 * it over, so that it is not built twice and is freed early. */
	oracle.current = p->routing;
	p->routing = NULL;
	memset(&pin, 0, sizeof(pin));
	pin.oracle = &oracle.oracle;
	pin.traffic = p->ft.v;
	pin.ntraffic = p->ft.n;
	pin.generator = "meshplan " MESHPLAN_VERSION;
	pin.summarize = plan_summaries;
	pin.summarize_ctx = &oracle;
	pin.previous = prev;
	/* The raw JSON is the plan's now: the estate's vnet.raw lives as long
	 * as the plan (pipeline_free frees the plan first). */
	pin.raw = estate_take_raw(p->estate);
	/* The analysis' names: the estate has not changed since. */
	pin.labels = p->an.labels;
	p->plan = plan_build(p->estate, &p->pol, &pin);
	routing_oracle_done(&oracle);
	/* What the plan changes that someone must decide about (MP4xx). */
	plan_findings(&p->an.findings, p->plan, p->an.labels);
	findings_sort(&p->an.findings);
	/* Part of the estate (--allow-partial): plan.json says so first. */
	if ((partial = estate_partial_note(p->plan->arena, p->estate)) !=
	    NULL) {
		ARR_PUSH(p->plan->arena, p->plan->notes, partial);
		memmove(p->plan->notes.v + 1, p->plan->notes.v,
		    (p->plan->notes.n - 1) * sizeof(*p->plan->notes.v));
		p->plan->notes.v[0] = partial;
	}
	plan_free(prev);
	if (o->previous_plan != NULL)
		p->plan->previous_plan = arena_strdup(p->plan->arena,
		    o->previous_plan);
	drift_fill_plan(p->plan);
	return EXIT_OK;
}

int
pipeline_run(struct pipeline *p, const struct command *c,
    const struct common_opts *o, struct load_opts *lo, enum stage upto,
    const struct pipeline_hooks *h)
{
	struct load_opts lo0;
	const char *today;
	char today_buf[11];
	size_t k;
	int rc;

	memset(p, 0, sizeof(*p));
	p->arena = arena_new();
	diags_init(&p->diags, p->arena);
	policy_init_defaults(&p->pol, p->arena);
	if (policy_path(o) != NULL)
		policy_load(&p->pol, p->arena, &p->diags, policy_path(o));
	if ((rc = pinned_today(c, o, today_buf, &today)) != EXIT_OK)
		return rc;
	for (k = 0; k < o->onprem.n; k++) {
		struct prefix pf;
		const char *err;

		if (prefix_parse(o->onprem.v[k], 0, &pf, &err) != 0)
			return usage_error(c, "--onprem '%s': %s",
			    o->onprem.v[k], err);
		ARR_PUSH(p->arena, p->pol.onprem, pf);
	}
	if (lo == NULL) {
		memset(&lo0, 0, sizeof(lo0));
		lo = &lo0;
	}
	load_defaults(lo, o, upto);
#define PHASE(name) \
	do { \
		if (h != NULL && h->phase != NULL) \
			h->phase(h->ctx, name); \
	} while (0)
	PHASE("loading");
	p->estate = estate_new();
	load_inputs(p->estate, &p->diags, o->inputs.v, o->inputs.n, lo);
	/* Flow logs only weigh the waves: read them when planning. */
	if (upto >= STAGE_PLAN && p->diags.nerrors == 0 &&
	    p->estate->flow_log_files.n > 0)
		flowlogs_load(&p->ft, p->estate, &p->diags, p->arena);
	if ((rc = report_diags(&p->diags, o->quiet)) != EXIT_OK)
		return rc;
	if (p->pol.onprem.n > 0)
		p->estate->has_onprem_routes = true;
	p->ro.onprem = p->pol.onprem.v;
	p->ro.nonprem = p->pol.onprem.n;
	p->ro.reserved_172 = p->pol.reserved_172;
	if (upto < STAGE_ANALYSE)
		return EXIT_OK;

	PHASE("analysing");
	analysis_run(&p->an, p->estate, &p->pol, p->arena);
	apply_suppressions(p, o, today, upto < STAGE_ROUTE);
	if (upto < STAGE_ROUTE)
		return patterns_ok(p, o);

	PHASE("routing");
	p->routing = routing_new(p->estate, &p->ro, NULL, 0);
	routing_hairpins(p->routing, p->arena, &p->hp);
	analysis_add_hairpins(&p->an, &p->hp);
	/* Captured effective routes among the inputs: the model agreement
	 * section and one finding per subnet that differs. */
	if (p->estate->captures.n > 0) {
		routecheck_estate(p->routing, p->estate, p->arena, &p->rc);
		routecheck_findings(&p->rc, &p->an.findings);
		findings_sort(&p->an.findings);
		p->an.agreement = &p->rc;
	}
	apply_suppressions(p, o, today, true);
	if (upto < STAGE_PLAN)
		return patterns_ok(p, o);

	PHASE("planning");
#undef PHASE
	if ((rc = plan_stage(p, o)) != EXIT_OK)
		return rc;
	return patterns_ok(p, o);
}

int
pipeline_read_plan(struct pipeline *p, const char *file, bool quiet)
{
	memset(p, 0, sizeof(*p));
	p->arena = arena_new();
	diags_init(&p->diags, p->arena);
	p->plan = plan_read(file, &p->diags);
	return report_diags(&p->diags, quiet);
}

void
pipeline_keep_plan(struct pipeline *p)
{
	routing_free(p->routing);
	p->routing = NULL;
	memset(&p->hp, 0, sizeof(p->hp));
	memset(&p->an, 0, sizeof(p->an));
	estate_free(p->estate);
	p->estate = NULL;
#ifdef __GLIBC__
	/*
	 * glibc keeps what was freed for the process (its brk heap) and,
	 * after the first large block it gives back, serves blocks up to
	 * that size from the heap too (its mmap threshold rises). What
	 * follows then writes into fragments the estate left: RSS
	 * measured at 146 MB for emit at 5,000 spokes, against 126 MB with
	 * the freed pages given back (malloc_trim) and blocks of 128 KiB
	 * and more (arena chunks, large text) mapped, so that freeing them
	 * returns them. The threshold is glibc's default, fixed.
	 */
	malloc_trim(0);
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}

void
pipeline_free(struct pipeline *p)
{
	if (p == NULL)
		return;
	if (p->plan != NULL)
		plan_free(p->plan);
	routing_free(p->routing);
	estate_free(p->estate);
	arena_free(p->arena);
	memset(p, 0, sizeof(*p));
}

void
report_in_init(struct report_in *in, const struct pipeline *p)
{
	memset(in, 0, sizeof(*in));
	in->estate = p->estate;
	in->an = &p->an;
	in->hp = &p->hp;
	in->plan = p->plan;
	in->generator = "meshplan " MESHPLAN_VERSION;
}

void
doc_in_init(struct doc_in *in, const struct pipeline *p,
    const struct report_opts *ro)
{
	memset(in, 0, sizeof(*in));
	in->estate = p->estate;
	in->an = &p->an;
	in->diags = &p->diags;
	in->hp = &p->hp;
	in->plan = p->plan;
	in->report = ro;
	in->version = MESHPLAN_VERSION;
	in->generator = "meshplan " MESHPLAN_VERSION;
}

/* A sink onto write_output_with's stream: the writer's one file. */
static int
fp_open(void *ctx, const char *path)
{
	(void)ctx;
	(void)path;
	return 0;
}

static int
fp_write(void *ctx, const char *text, size_t len)
{
	return fwrite(text, 1, len, ctx) == len ? 0 : -1;
}

static int
fp_close(void *ctx)
{
	(void)ctx;
	return 0;
}

void
sink_on_file(struct emit_sink *s, FILE *fp)
{
	s->open = fp_open;
	s->write = fp_write;
	s->close = fp_close;
	s->ctx = fp;
	s->same = NULL;
}

struct doc_put {
	const struct doc_format *f;
	const struct doc_in *in;
};

static int
put_doc(FILE *fp, void *ctx)
{
	const struct doc_put *d = ctx;
	struct emit_sink s;

	sink_on_file(&s, fp);
	return d->f->write(&s, d->in);
}

int
write_doc(const char *cmd, const char *format, const struct doc_in *in,
    const char *path, bool force)
{
	struct doc_put d;

	d.f = doc_format_find(cmd, format);
	d.in = in;
	MP_ASSERT(d.f != NULL); /* the option check took it from the table */
	return write_output_with(path, force, put_doc, &d);
}

/* mkdir -p (modes from the umask). 0, or -1 with errno. */
static int
mkdirs(const char *path)
{
	char *p = xstrdup(path), *s;
	int rc = 0;

	for (s = p + 1; *s != '\0' && rc == 0; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0777) != 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

int
mkdir_p(const char *path)
{
	if (mkdirs(path) == 0)
		return 0;
	fprintf(stderr, "meshplan: cannot create %s: %s\n", path,
	    strerror(errno));
	return -1;
}

void
rm_tree(const char *path)
{
	struct strbuf sub = STRBUF_INIT;
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode) && (d = opendir(path)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			sb_reset(&sub);
			sb_printf(&sub, "%s/%s", path, de->d_name);
			rm_tree(sub.s);
		}
		closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
	sb_free(&sub);
}
