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

#include "../emitters/emitter.h"
#include "../emitters/plan_json.h"
#include "../emitters/quote.h"
#include "../emitters/report.h"
#include "../emitters/svg.h"
#include "../lib/strbuf.h"
#include "../lib/util.h"
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
	"  -j N                      load N files in parallel (default 1)\n"
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
	"  --exclude GLOB            skip the files whose path or name matches\n"
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
	const char *excluded;	/* the --exclude GLOB that matched */
	const char *left_out;	/* --keep-going: why it was left out */
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
			continue;	/* ., .., hidden files (.git) */
		sb_printf(&sb, "%s/%s", dir, de->d_name);
		if (lstat(sb.s, &st) == 0 && S_ISDIR(st.st_mode)) {
			walk(sb.s, depth + 1, f);
			sb_free(&sb);
		} else if (S_ISREG(st.st_mode)) {
			if (f->n == f->cap) {
				f->cap = f->cap ? f->cap * 2 : 64;
				f->v = xrealloc(f->v, f->cap * sizeof(*f->v));
			}
			memset(&f->v[f->n], 0, sizeof(f->v[f->n]));
			f->v[f->n].bytes = (long long)st.st_size;
			f->v[f->n].json = has_json_ext(sb.s);
			f->v[f->n++].path = sb_detach(&sb);
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
	fprintf(stderr, "] %zu/%zu files  %.1f MB  %.1f MB/s  %-10s",
	    pg->done, pg->total, mb, s > 0 ? mb / s : 0.0, pg->phase);
	fflush(stderr);
}

static void
on_file(void *ctx, const char *file, size_t bytes, size_t done,
    size_t total)
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
input_table(const struct found *f, const struct diags *d,
    struct strbuf *tsv, struct strbuf *text)
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
			why = w = arena_printf(d->arena, "left out "
			    "(--keep-going): %s", x->left_out);
			nerr++;
		} else if (g != NULL && g->sev == DIAG_ERROR) {
			status = "error";
			w = arena_printf(d->arena, "%s [%s]", g->msg, g->code);
			why = w;
			nerr++;
		} else if (g != NULL && (strcmp(g->code, "input-empty") == 0 ||
		    strcmp(g->code, "no-topology") == 0 ||
		    strcmp(g->code, "file-foreign") == 0)) {
			status = "skipped";
			why = g->msg;
			nskip++;
		} else {
			status = "read";
			why = g != NULL ? arena_printf(d->arena, "%s: %s [%s]",
			    diag_sev_name(g->sev), g->msg, g->code) : "";
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

struct sub_row {
	const char *id;
	size_t vnets, hubs, spokes, hairpinning, pes, in_mesh;
	size_t per_wave[16];
};

static int
sub_row_cmp(const void *a, const void *b)
{
	return mp_strcasecmp(((const struct sub_row *)a)->id,
	    ((const struct sub_row *)b)->id);
}

static struct sub_row *
sub_get(struct sub_row **v, size_t *n, const char *id)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (mp_strcaseeq((*v)[i].id, id))
			return &(*v)[i];
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	memset(&(*v)[*n], 0, sizeof(**v));
	(*v)[*n].id = id;
	return &(*v)[(*n)++];
}

static size_t
hairpin_out(const struct pipeline *p, const struct vnet *v)
{
	size_t i;

	for (i = 0; i < p->hp.spoke_counts.n; i++)
		if (p->hp.spoke_counts.v[i].spoke == v)
			return p->hp.spoke_counts.v[i].out_same_hub +
			    p->hp.spoke_counts.v[i].out_cross_hub;
	return 0;
}

/* subscriptions.md and subscriptions/<id>.md. */
static int
write_subscriptions(const struct pipeline *p, const char *out)
{
	const struct estate *e = p->estate;
	const struct plan *pl = p->plan;
	struct sub_row *rows = NULL;
	struct strbuf all = STRBUF_INIT, one = STRBUF_INIT, rel = STRBUF_INIT;
	size_t n = 0, i, k, w, nw = pl->waves.n < 16 ? pl->waves.n : 16;
	int rc = -1;

	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];
		const struct plan_vnet *pv;
		struct sub_row *r;

		if (!v->r.seen)
			continue;
		r = sub_get(&rows, &n, v->r.subscription != NULL ?
		    v->r.subscription : "(unknown)");
		r->vnets++;
		r->hubs += v->role == ROLE_HUB;
		r->spokes += v->role == ROLE_SPOKE;
		r->hairpinning += hairpin_out(p, v) > 0;
		r->pes += v->npes;
		pv = plan_find_vnet(pl, v->r.id);
		if (pv != NULL && pv->wave > 0) {
			r->in_mesh++;
			if ((size_t)pv->wave <= nw)
				r->per_wave[pv->wave - 1]++;
		}
	}
	qsort(rows, n, sizeof(*rows), sub_row_cmp);

	sb_puts(&all, "# Subscriptions\n\n| Subscription | VNets | Hubs | "
	    "Spokes | Hairpinning spokes | Private endpoints | In the mesh |");
	for (w = 0; w < nw; w++)
		sb_printf(&all, " Wave %d |", pl->waves.v[w].number);
	sb_puts(&all, "\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
	for (w = 0; w < nw; w++)
		sb_puts(&all, " ---: |");
	sb_putc(&all, '\n');
	for (i = 0; i < n; i++) {
		const struct sub_row *r = &rows[i];

		sb_puts(&all, "| ");
		md_escape(&all, r->id);
		sb_printf(&all, " | %zu | %zu | %zu | %zu | %zu | %zu |",
		    r->vnets, r->hubs, r->spokes, r->hairpinning, r->pes,
		    r->in_mesh);
		for (w = 0; w < nw; w++)
			sb_printf(&all, " %zu |", r->per_wave[w]);
		sb_putc(&all, '\n');

		/* The subscription's own page: its VNets and their part. */
		sb_reset(&one);
		sb_puts(&one, "# Subscription ");
		md_escape(&one, r->id);
		sb_printf(&one, "\n\n%zu VNets (%zu hubs, %zu spokes), %zu "
		    "hairpinning spokes, %zu private endpoints; %zu VNets join "
		    "the mesh.\n\n| VNet | Resource group | Region | Role | "
		    "Hairpin destinations | Private endpoints | Wave | Mesh |\n"
		    "| --- | --- | --- | --- | ---: | ---: | ---: | --- |\n",
		    r->vnets, r->hubs, r->spokes, r->hairpinning, r->pes,
		    r->in_mesh);
		for (k = 0; k < e->vnets.n; k++) {
			const struct vnet *v = e->vnets.v[k];
			const struct plan_vnet *pv;

			if (!v->r.seen || !mp_strcaseeq(v->r.subscription !=
			    NULL ? v->r.subscription : "(unknown)", r->id))
				continue;
			pv = plan_find_vnet(pl, v->r.id);
			sb_puts(&one, "| ");
			md_escape(&one, v->r.name);
			sb_puts(&one, " | ");
			md_escape(&one, v->r.resource_group ?
			    v->r.resource_group : "-");
			sb_puts(&one, " | ");
			md_escape(&one, v->r.location ? v->r.location : "-");
			sb_printf(&one, " | %s | %zu | %zu | %s | ",
			    v->role == ROLE_HUB ? "hub" : v->role ==
			    ROLE_SPOKE ? "spoke" : "-", hairpin_out(p, v),
			    v->npes, pv != NULL && pv->wave > 0 ?
			    arena_printf(p->arena, "%d", pv->wave) : "-");
			md_escape(&one, pv != NULL && pv->mesh ? pv->mesh :
			    "-");
			sb_puts(&one, " |\n");
		}
		sb_reset(&rel);
		sb_puts(&rel, "subscriptions/");
		sb_puts(&rel, name_sanitize(p->arena, r->id, NAME_FILE));
		sb_puts(&rel, ".md");
		if (put_file(out, rel.s, one.s, one.len) != 0)
			goto done;
	}
	if (put_file(out, "subscriptions.md", all.s, all.len) != 0)
		goto done;
	rc = 0;
done:
	free(rows);
	sb_free(&all);
	sb_free(&one);
	sb_free(&rel);
	return rc;
}

/*
 * Mark the files that have error diagnostics as left out (why: the first
 * error), appending them to left. Returns how many were new; 0 when an
 * error is about no input file (a policy, --scope): nothing to leave out.
 */
static size_t
leave_out(struct found *f, const struct diags *d, struct arena *a,
    void *leftp)
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
		f->v[k].left_out = arena_printf(a, "%s [%s]", g->msg,
		    g->code);
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

static int
run(int argc, char **argv)
{
	const struct command *c = &cmd_batch;
	const char *target = "all", *jobs_arg = NULL;
	const struct cmd_opt opts[] = {
		{ "-j", "--jobs", &jobs_arg },
		{ "--target", "-t", &target },
		{ NULL, NULL, NULL },
	};
	const struct cmd_spec spec = { opts, NULL, true };
	struct arena *a = arena_new();
	struct common_opts o;
	struct load_opts lo;
	struct pipeline p;
	struct pipeline_hooks hooks;
	struct progress pg;
	struct found f = { NULL, 0, 0 };
	struct strbuf sb = STRBUF_INIT, tsv = STRBUF_INIT, tab = STRBUF_INIT;
	struct report_in in;
	struct report_opts ro;
	struct common_opts lo_o;
	struct iac *m = NULL;
	long jobs = 1;
	ARR(const char *) excludes = { NULL, 0, 0 };
	ARR(struct left_out) left = { NULL, 0, 0 };
	char **args;
	bool keep_going = false;
	size_t i, k, nargs;
	int rc, r;
	char *end, *json;
	const char *root;
	const char **steps;

	memset(&p, 0, sizeof(p));
	/* --exclude GLOB (repeatable) and --keep-going are batch's own. */
	args = arena_calloc(a, (size_t)argc + 1, sizeof(*args));
	for (i = 0, nargs = 0; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--keep-going") == 0) {
			keep_going = true;
		} else if (strcmp(argv[i], "--exclude") == 0 ||
		    strncmp(argv[i], "--exclude=", 10) == 0) {
			const char *g = argv[i][9] == '=' ? argv[i] + 10 :
			    i + 1 < (size_t)argc ? argv[++i] : NULL;

			if (g == NULL || *g == '\0') {
				rc = usage_error(c, "--exclude needs a GLOB");
				goto done;
			}
			ARR_PUSH(a, excludes, g);
		} else {
			args[nargs++] = argv[i];
		}
	}
	if ((rc = cli_parse_flags(c, &spec,
	    SPEC_OUT_DIR | SPEC_FAIL_ON, a, &o, (int)nargs, args)) != EXIT_OK)
		goto done;
	if (jobs_arg != NULL) {
		jobs = strtol(jobs_arg, &end, 10);
		if (*end != '\0' || jobs < 1 || jobs > 256) {
			rc = usage_error(c, "-j wants 1 to 256, not '%s'",
			    jobs_arg);
			goto done;
		}
	}
	if (!emit_target_ok(target)) {
		rc = usage_error(c, "--target wants arm, bicep, terraform or "
		    "all, not '%s'", target);
		goto done;
	}
	rc = EXIT_USAGE;
	root = outdir_root(o.outdir);

	/* Every file under the inputs (the table lists what is skipped). */
	for (i = 0; i < o.inputs.n; i++) {
		struct stat st;

		if (stat(o.inputs.v[i], &st) != 0) {
			fprintf(stderr, "meshplan batch: %s: %s\n",
			    o.inputs.v[i], strerror(errno));
			goto done;
		}
		if (S_ISDIR(st.st_mode)) {
			if (walk(o.inputs.v[i], 0, &f) != 0)
				goto done;
		} else {
			if (f.n == f.cap) {
				f.cap = f.cap ? f.cap * 2 : 64;
				f.v = xrealloc(f.v, f.cap * sizeof(*f.v));
			}
			memset(&f.v[f.n], 0, sizeof(f.v[f.n]));
			f.v[f.n].path = xstrdup(o.inputs.v[i]);
			f.v[f.n].bytes = (long long)st.st_size;
			f.v[f.n++].json = true;
		}
	}
	qsort(f.v, f.n, sizeof(*f.v), infile_cmp);
	for (i = 0; i < f.n; i++) {
		const char *base = strrchr(f.v[i].path, '/');

		base = base != NULL ? base + 1 : f.v[i].path;
		for (k = 0; f.v[i].json && k < excludes.n; k++)
			if (fnmatch(excludes.v[k], f.v[i].path, 0) == 0 ||
			    fnmatch(excludes.v[k], base, 0) == 0) {
				f.v[i].excluded = excludes.v[k];
				break;
			}
	}

	/* Load the .json files (explicit, sorted), analyse, route, plan. */
	lo_o = o;
again:
	memset(&lo_o.inputs, 0, sizeof(lo_o.inputs));
	for (i = 0; i < f.n; i++)
		if (f.v[i].json && f.v[i].excluded == NULL &&
		    f.v[i].left_out == NULL)
			ARR_PUSH(a, lo_o.inputs, f.v[i].path);
	memset(&pg, 0, sizeof(pg));
	pg.tty = isatty(2) != 0;
	pg.quiet = o.quiet;
	pg.phase = "loading";
	pg.total = lo_o.inputs.n;
	clock_gettime(CLOCK_MONOTONIC, &pg.t0);
	memset(&lo, 0, sizeof(lo));
	lo.inputs_walked = true;
	lo.left_out = left.v;
	lo.nleft_out = left.n;
	lo.jobs = (int)jobs;
	lo.progress = on_file;
	lo.progress_ctx = &pg;
	hooks.phase = on_phase;
	hooks.ctx = &pg;
	if (lo_o.inputs.n == 0) {
		fprintf(stderr, "meshplan batch: no .json file under the "
		    "inputs\n");
		goto done;
	}
	r = pipeline_run(&p, c, &lo_o, &lo, STAGE_PLAN, &hooks);
	progress_end(&pg);
	/* --keep-going: leave out every file with an input error and plan
	 * the rest (each round leaves out at least one file). */
	if (r == EXIT_INPUT && keep_going && leave_out(&f, &p.diags, a,
	    &left) > 0) {
		fprintf(stderr, "meshplan batch: --keep-going: %zu file%s "
		    "left out; planning the rest\n", left.n,
		    left.n == 1 ? "" : "s");
		pipeline_free(&p);
		lo_o.quiet = true;	/* its diagnostics were printed */
		goto again;
	}
	input_table(&f, &p.diags, &tsv, &tab);
	if (r != EXIT_OK) {
		fputs(tab.s, stderr);
		rc = r;
		goto done;
	}

	/* Outputs. */
	on_phase(&pg, "writing");
	progress_end(&pg);
	json = plan_json(p.plan, &k);
	r = put_file(root, "plan.json", json, k);
	free(json);
	if (r != 0)
		goto done;
	report_in_init(&in, &p);
	memset(&ro, 0, sizeof(ro));
	ro.part = REPORT_ALL;
	ro.max_rows = 200;
	report_markdown(&sb, &in, &ro);
	if (put_file(root, "report.md", sb.s, sb.len) != 0)
		goto done;
	sb_reset(&sb);
	report_html(&sb, &in, &ro);
	if (put_file(root, "report.html", sb.s, sb.len) != 0)
		goto done;
	sb_reset(&sb);
	report_json(&sb, &p);
	if (put_file(root, "report.json", sb.s, sb.len) != 0)
		goto done;
	m = iac_build(p.plan, a);
	steps = arena_calloc(a, m->folders.n + 1, sizeof(*steps));
	for (i = 0; i < m->folders.n; i++)
		steps[i] = ".";
	if (emit_targets(m, target, root, steps, NULL, NULL) != 0)
		goto done;
	for (i = 0; i < m->folders.n; i++)
		if (write_step(&p, &m->folders.v[i], root, ".", a, NULL) != 0)
			goto done;
	if (write_subscriptions(&p, root) != 0)
		goto done;
	if (put_file(root, "inputs.tsv", tsv.s, tsv.len) != 0)
		goto done;
	if (outdir_commit(o.outdir) != EXIT_OK)
		goto done;
	if (!o.quiet) {
		fputs(tab.s, stdout);
		printf("wrote %s: plan.json, reports, %zu step folder%s, "
		    "subscriptions.md\n", o.output, m->folders.n,
		    m->folders.n == 1 ? "" : "s");
	}
	rc = EXIT_OK;
	if (o.fail && findings_at_or_above(&p.an.findings, o.fail_sev) > 0)
		rc = EXIT_FINDINGS;
done:
	for (i = 0; i < f.n; i++)
		free(f.v[i].path);
	free(f.v);
	if (m != NULL)
		iac_free(m);
	sb_free(&sb);
	sb_free(&tsv);
	sb_free(&tab);
	pipeline_free(&p);
	arena_free(a);
	return rc;
}
