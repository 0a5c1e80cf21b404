/*
 * cmd_batch.c - `meshplan batch DIR... -o OUTDIR [-j N]`: many exported
 * subscriptions (typically one folder each, resource lists and export
 * templates mixed) loaded into one estate, planned once, written as:
 *
 *   OUTDIR/plan.json                 the plan (as `meshplan plan` writes it)
 *   OUTDIR/report.md|html|json       the whole report
 *   OUTDIR/<step>/<target>/...       IaC per step (prereq, wave-1-..., ...)
 *   OUTDIR/<step>/report.md          the step's report; PR_BODY.md
 *   OUTDIR/subscriptions.md          one row per subscription
 *   OUTDIR/subscriptions/<id>.md     a summary per subscription
 *   OUTDIR/inputs.tsv                every file found: read or skipped, why
 *
 * Progress goes to stderr: a bar redrawn in place when stderr is a
 * terminal (files, MB, MB/s, phase), plain lines otherwise, nothing with
 * -q. The clock is read for the progress display only; no output file
 * depends on it. With input errors every diagnostic and the input table
 * are printed, nothing is written and the exit code is 3.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "batch.h"
#include "outputs.h"
#include "pipeline.h"

static int run(int argc, char **argv);

const struct command cmd_batch = {
	"batch",
	"many exported subscriptions in, one plan and its outputs out",
	"usage: meshplan batch [options] DIR... -o OUTDIR [-j N]\n"
	"\n"
	"Loads every export under the directories (one folder per\n"
	"subscription is the common layout; resource lists, export templates\n"
	"and route exports mixed), merges them into one estate, plans once,\n"
	"and writes into OUTDIR: plan.json, report.md, report.html,\n"
	"report.json, one folder per step (prereq, wave-1-pilot, ...) with\n"
	"the IaC of every target, the step's report and PR_BODY.md,\n"
	"subscriptions.md and subscriptions/<id>.md (a summary per\n"
	"subscription), and inputs.tsv (every file: read or skipped, and\n"
	"why). A table of the inputs is printed at the end.\n"
	"\n"
	"options:\n"
	"  -o OUTDIR                 output folder (required), written whole:\n"
	"                            staged beside OUTDIR, then swapped in\n"
	"  -j N                      N at a time: files read, output\n"
	"                            writers (default 1)\n"
	"  --target arm|bicep|terraform|all\n"
	"                            IaC to write (default all)\n"
	"  --force                   replace an existing OUTDIR that meshplan\n"
	"                            wrote (its .meshplan-output lists every\n"
	"                            file in it; never a folder with .git)\n"
	"  --fail-on error|warning|note\n"
	"                            exit 1 when a finding is at or above\n"
	"  --keep-going              leave out the files with input errors\n"
	"                            (listed, and in inputs.tsv), plan the\n"
	"                            rest; every output says what was left\n"
	"                            out\n"
	"  --exclude GLOB            skip the files whose path or name "
	"matches\n"
	"                            GLOB (fnmatch; repeatable)\n"
	"  --allow-partial           read pages of larger results (warning)\n"
	"  --policy FILE  --onprem PREFIX  --gateway NAME=FILE\n"
	"                            as for 'meshplan plan'\n"
	"  -q                        nothing but errors (no progress, no\n"
	"                            table)\n"
	"\n"
	"exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or I/O\n"
	"error, 3 invalid input (nothing is written)\n",
	run,
};

/* A file found under the input directories. */
struct infile {
	char *path;
	long long bytes;
	bool json;
	const char *excluded; /* the --exclude GLOB that matched */
	const char *left_out; /* --keep-going: why it was left out */
};

struct found {
	struct infile *v;
	size_t n, cap;
};

struct progress {
	bool tty, quiet;
	const char *phase;
	size_t done, total, last_pct;
	double bytes;
	struct timespec t0;
};

static int
infile_cmp(const void *a, const void *b)
{
	return strcmp(((const struct infile *)a)->path,
	    ((const struct infile *)b)->path);
}

static bool
has_json_ext(const char *p)
{
	size_t n = strlen(p);

	return n >= 5 && mp_strcaseeq(p + n - 5, ".json");
}

/* Add the file path (owned by f from now on) of status st. */
static void
found_add(struct found *f, char *path, const struct stat *st, bool json)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 64;
		f->v = xrealloc(f->v, f->cap * sizeof(*f->v));
	}
	memset(&f->v[f->n], 0, sizeof(f->v[f->n]));
	f->v[f->n].path = path;
	f->v[f->n].bytes = (long long)st->st_size;
	f->v[f->n++].json = json;
}

/* Every regular file under dir, recursively (symlinks not followed). */
static int
walk(const char *dir, int depth, struct found *f)
{
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (depth > 64)
		return 0;
	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "meshplan batch: %s: %s\n", dir,
		    strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		struct strbuf sb = STRBUF_INIT;

		if (de->d_name[0] == '.')
			continue; /* ., .., hidden files (.git) */
		sb_printf(&sb, "%s/%s", dir, de->d_name);
		if (lstat(sb.s, &st) == 0 && S_ISDIR(st.st_mode)) {
			walk(sb.s, depth + 1, f);
			sb_free(&sb);
		} else if (S_ISREG(st.st_mode)) {
			bool json = has_json_ext(sb.s);

			found_add(f, sb_detach(&sb), &st, json);
		} else {
			sb_free(&sb);
		}
	}
	closedir(d);
	return 0;
}

static double
elapsed(const struct progress *pg)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - pg->t0.tv_sec) +
	    (double)(t.tv_nsec - pg->t0.tv_nsec) / 1e9;
}

static void
draw(struct progress *pg)
{
	double s = elapsed(pg), mb = pg->bytes / 1e6;
	size_t width = 28, fill, i;

	if (pg->quiet)
		return;
	if (!pg->tty) {
		fprintf(stderr, "meshplan batch: %s: %zu/%zu files, %.1f MB\n",
		    pg->phase, pg->done, pg->total, mb);
		return;
	}
	fill = pg->total ? pg->done * width / pg->total : width;
	fputs("\r[", stderr);
	for (i = 0; i < width; i++)
		fputc(i < fill ? '#' : '.', stderr);
	fprintf(stderr, "] %zu/%zu files  %.1f MB  %.1f MB/s  %-10s", pg->done,
	    pg->total, mb, s > 0 ? mb / s : 0.0, pg->phase);
	fflush(stderr);
}

static void
on_file(void *ctx, const char *file, size_t bytes, size_t done, size_t total)
{
	struct progress *pg = ctx;
	size_t pct;

	(void)file;
	pg->done = done;
	pg->total = total;
	pg->bytes += (double)bytes;
	pct = total ? done * 10 / total : 10;
	/* A terminal redraws every file; a log gets a line per tenth. */
	if (pg->tty || pct != pg->last_pct || done == total) {
		pg->last_pct = pct;
		draw(pg);
	}
}

static void
on_phase(void *ctx, const char *phase)
{
	struct progress *pg = ctx;

	pg->phase = phase;
	if (strcmp(phase, "loading") != 0 || pg->tty)
		draw(pg);
}

static void
progress_end(struct progress *pg)
{
	if (!pg->quiet && pg->tty)
		fputc('\n', stderr);
}

/* The first error (else warning) diagnostic about file; NULL if none. */
static const struct diag *
worst_diag(const struct diags *d, const char *file)
{
	const struct diag *best = NULL;
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];

		if (g->file == NULL || strcmp(g->file, file) != 0)
			continue;
		if (best == NULL || g->sev > best->sev)
			best = g;
	}
	return best;
}

/* Fill status/why for each file; returns the table as TSV. */
static void
input_table(const struct found *f, const struct diags *d, struct strbuf *tsv,
    struct strbuf *text)
{
	size_t i, nread = 0, nskip = 0, nerr = 0;

	sb_puts(tsv, "file\tbytes\tstatus\twhy\n");
	sb_printf(text, "%-8s %12s  %s\n", "status", "bytes", "file (why)");
	for (i = 0; i < f->n; i++) {
		const struct infile *x = &f->v[i];
		const struct diag *g = x->json ? worst_diag(d, x->path) : NULL;
		const char *status, *why;
		char *path, *we;
		char *w = NULL;

		if (!x->json) {
			status = "skipped";
			why = "not a .json file";
			nskip++;
		} else if (x->excluded != NULL) {
			status = "skipped";
			why = w = arena_printf(d->arena, "--exclude %s",
			    x->excluded);
			nskip++;
		} else if (x->left_out != NULL) {
			status = "error";
			why = w = arena_printf(d->arena,
			    "left out "
			    "(--keep-going): %s",
			    x->left_out);
			nerr++;
		} else if (g != NULL && g->sev == DIAG_ERROR) {
			status = "error";
			w = arena_printf(d->arena, "%s [%s]", g->msg, g->code);
			why = w;
			nerr++;
		} else if (g != NULL &&
		    (strcmp(g->code, "input-empty") == 0 ||
			strcmp(g->code, "no-topology") == 0 ||
			strcmp(g->code, "file-foreign") == 0)) {
			status = "skipped";
			why = g->msg;
			nskip++;
		} else {
			status = "read";
			why = g != NULL ?
			    arena_printf(d->arena, "%s: %s [%s]",
				diag_sev_name(g->sev), g->msg, g->code) :
			    "";
			nread++;
		}
		/* Paths and messages quote input: no tab, line break or
		 * escape sequence may break a row or reach the terminal. */
		path = diag_escape(x->path);
		why = we = diag_escape(why);
		sb_printf(tsv, "%s\t%lld\t%s\t%s\n", path, x->bytes, status,
		    why);
		sb_printf(text, "%-8s %12lld  %s%s%s%s\n", status, x->bytes,
		    path, *why ? " (" : "", why, *why ? ")" : "");
		free(path);
		free(we);
	}
	sb_printf(text, "%zu file%s read, %zu skipped, %zu with errors\n",
	    nread, nread == 1 ? "" : "s", nskip, nerr);
}

/*
 * Mark the files that have error diagnostics as left out (why: the first
 * error), appending them to left. Returns how many were new; 0 when an
 * error is about no input file (a policy, --scope): nothing to leave out.
 */
static size_t
leave_out(struct found *f, const struct diags *d, struct arena *a, void *leftp)
{
	ARR(struct left_out) *left = leftp;
	size_t i, k, n = 0;

	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];

		if (g->sev != DIAG_ERROR)
			continue;
		for (k = 0; g->file != NULL && k < f->n; k++)
			if (strcmp(f->v[k].path, g->file) == 0)
				break;
		if (g->file == NULL || k == f->n)
			return 0;
		if (f->v[k].left_out != NULL)
			continue;
		f->v[k].left_out = arena_printf(a, "%s [%s]", g->msg, g->code);
		{
			struct left_out lo;

			lo.file = f->v[k].path;
			lo.why = f->v[k].left_out;
			ARR_PUSH(a, *left, lo);
		}
		n++;
	}
	return n;
}

/* Everything one run holds. */
struct batch_run {
	struct arena *a;
	struct common_opts o;
	const char *target;
	int jobs;
	bool keep_going;
	ARR(const char *) excludes;
	ARR(struct left_out) left;
	struct found f;
	struct pipeline p;
	struct progress pg;
};

/*
 * The options: --exclude GLOB (repeatable) and --keep-going are batch's
 * own, the rest go to cli_parse_flags. EXIT_OK, or EXIT_USAGE after
 * printing what is wrong.
 */
static int
parse_args(struct batch_run *br, int argc, char **argv)
{
	const struct command *c = &cmd_batch;
	const char *jobs_arg = NULL;
	const struct cmd_opt opts[] = {
		{ "-j", "--jobs", &jobs_arg },
		{ "--target", "-t", &br->target },
		{ NULL, NULL, NULL },
	};
	const struct cmd_spec spec = { opts, NULL, true };
	char **args, *end;
	size_t i, nargs;
	long jobs = 1;
	int rc;

	br->target = "all";
	args = arena_calloc(br->a, (size_t)argc + 1, sizeof(*args));
	for (i = 0, nargs = 0; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--keep-going") == 0) {
			br->keep_going = true;
		} else if (strcmp(argv[i], "--exclude") == 0 ||
		    strncmp(argv[i], "--exclude=", 10) == 0) {
			const char *g = argv[i][9] == '=' ? argv[i] + 10 :
			    i + 1 < (size_t)argc	  ? argv[++i] :
							    NULL;

			if (g == NULL || *g == '\0')
				return usage_error(c, "--exclude needs a GLOB");
			ARR_PUSH(br->a, br->excludes, g);
		} else {
			args[nargs++] = argv[i];
		}
	}
	if ((rc = cli_parse_flags(c, &spec, SPEC_OUT_DIR | SPEC_FAIL_ON, br->a,
		 &br->o, (int)nargs, args)) != EXIT_OK)
		return rc;
	if (jobs_arg != NULL) {
		jobs = strtol(jobs_arg, &end, 10);
		if (*end != '\0' || jobs < 1 || jobs > 256)
			return usage_error(c, "-j wants 1 to 256, not '%s'",
			    jobs_arg);
	}
	br->jobs = (int)jobs;
	if (!emit_target_ok(br->target))
		return usage_error(c,
		    "--target wants arm, bicep, terraform "
		    "or all, not '%s'",
		    br->target);
	return EXIT_OK;
}

/* Every file under the inputs, sorted by path, the --exclude matches
 * marked (the table lists what is skipped). 0, or -1 after printing
 * why. */
static int
find_inputs(struct batch_run *br)
{
	struct found *f = &br->f;
	size_t i, k;

	for (i = 0; i < br->o.inputs.n; i++) {
		const char *in = br->o.inputs.v[i];
		struct stat st;

		if (stat(in, &st) != 0) {
			fprintf(stderr, "meshplan batch: %s: %s\n", in,
			    strerror(errno));
			return -1;
		}
		if (S_ISDIR(st.st_mode)) {
			if (walk(in, 0, f) != 0)
				return -1;
		} else {
			found_add(f, xstrdup(in), &st, true);
		}
	}
	qsort(f->v, f->n, sizeof(*f->v), infile_cmp);
	for (i = 0; i < f->n; i++) {
		const char *base = strrchr(f->v[i].path, '/');

		base = base != NULL ? base + 1 : f->v[i].path;
		for (k = 0; f->v[i].json && k < br->excludes.n; k++)
			if (fnmatch(br->excludes.v[k], f->v[i].path, 0) == 0 ||
			    fnmatch(br->excludes.v[k], base, 0) == 0) {
				f->v[i].excluded = br->excludes.v[k];
				break;
			}
	}
	return 0;
}

/*
 * Load the .json files that are neither excluded nor left out (named
 * explicitly, sorted), analyse, route and plan; with --keep-going, again
 * without the files with input errors (each round leaves out at least
 * one file). pipeline_run's exit code, or -1 when no file is left after
 * printing so.
 */
static int
load(struct batch_run *br)
{
	struct common_opts lo_o = br->o;
	struct load_opts lo;
	struct pipeline_hooks hooks;
	size_t i;
	int r;

	for (;;) {
		memset(&lo_o.inputs, 0, sizeof(lo_o.inputs));
		for (i = 0; i < br->f.n; i++)
			if (br->f.v[i].json && br->f.v[i].excluded == NULL &&
			    br->f.v[i].left_out == NULL)
				ARR_PUSH(br->a, lo_o.inputs, br->f.v[i].path);
		if (lo_o.inputs.n == 0) {
			fprintf(stderr,
			    "meshplan batch: no .json file under "
			    "the inputs\n");
			return -1;
		}
		memset(&br->pg, 0, sizeof(br->pg));
		br->pg.tty = isatty(2) != 0;
		br->pg.quiet = br->o.quiet;
		br->pg.phase = "loading";
		br->pg.total = lo_o.inputs.n;
		clock_gettime(CLOCK_MONOTONIC, &br->pg.t0);
		memset(&lo, 0, sizeof(lo));
		lo.inputs_walked = true;
		lo.left_out = br->left.v;
		lo.nleft_out = br->left.n;
		lo.jobs = br->jobs;
		lo.progress = on_file;
		lo.progress_ctx = &br->pg;
		hooks.phase = on_phase;
		hooks.ctx = &br->pg;
		r = pipeline_run(&br->p, &cmd_batch, &lo_o, &lo, STAGE_PLAN,
		    &hooks);
		progress_end(&br->pg);
		if (r != EXIT_INPUT || !br->keep_going ||
		    leave_out(&br->f, &br->p.diags, br->a, &br->left) == 0)
			return r;
		fprintf(stderr,
		    "meshplan batch: --keep-going: %zu file%s "
		    "left out; planning the rest\n",
		    br->left.n, br->left.n == 1 ? "" : "s");
		pipeline_free(&br->p);
		lo_o.quiet = true; /* its diagnostics were printed */
	}
}

static int
run(int argc, char **argv)
{
	struct batch_run br;
	struct batch_out bo;
	struct strbuf tsv = STRBUF_INIT, tab = STRBUF_INIT;
	size_t i, nsteps;
	int rc, r;

	memset(&br, 0, sizeof(br));
	br.a = arena_new();
	if ((rc = parse_args(&br, argc, argv)) != EXIT_OK)
		goto done;
	rc = EXIT_USAGE;
	if (find_inputs(&br) != 0 || (r = load(&br)) < 0)
		goto done;
	input_table(&br.f, &br.p.diags, &tsv, &tab);
	if (r != EXIT_OK) {
		fputs(tab.s, stderr);
		rc = r;
		goto done;
	}

	on_phase(&br.pg, "writing");
	progress_end(&br.pg);
	memset(&bo, 0, sizeof(bo));
	bo.p = &br.p;
	bo.root = outdir_root(br.o.outdir);
	bo.target = br.target;
	bo.tsv = tsv.s;
	bo.tsv_len = tsv.len;
	bo.jobs = br.jobs;
	if (batch_write(&bo, &nsteps) != 0 ||
	    outdir_commit(br.o.outdir) != EXIT_OK)
		goto done;
	if (!br.o.quiet) {
		fputs(tab.s, stdout);
		printf("wrote %s: plan.json, reports, %zu step folder%s, "
		       "subscriptions.md\n",
		    br.o.output, nsteps, nsteps == 1 ? "" : "s");
	}
	rc = EXIT_OK;
	if (br.o.fail &&
	    findings_at_or_above(&br.p.an.findings, br.o.fail_sev) > 0)
		rc = EXIT_FINDINGS;
done:
	for (i = 0; i < br.f.n; i++)
		free(br.f.v[i].path);
	free(br.f.v);
	sb_free(&tsv);
	sb_free(&tab);
	pipeline_free(&br.p);
	arena_free(br.a);
	return rc;
}
