/*
 * batch_write.c - batch's outputs (batch.h), written by tasks that can
 * run side by side.
 *
 * Each task writes its own files and reads only the loaded estate, the
 * analysis and the plan: report.json, the IaC (every target, every step,
 * emit_tree.c), the two reports of one step, plan.json, report.md,
 * report.html, and the subscriptions' pages with inputs.tsv. With -j N the
 * tasks are shared by N processes: the run forks N - 1 copies of itself after
 * planning, and each process takes the next task from a pipe until none
 * is left. Processes, not threads: a forked copy needs no lock and no
 * care from the emitters and reports, which keep caches and arenas of
 * their own; the plan is shared copy-on-write. The tasks are listed the
 * costliest first (report.json, the IaC, the steps' reports), so the last
 * to start are the short ones. Which process writes a file never changes
 * its bytes; with -j 1 the same tasks run in the same order in the one
 * process.
 *
 *   batch_write     the task list, run and waited for
 *   run_tasks       serially, or shared by forked writers
 *   write_subscriptions   subscriptions.md and subscriptions/<id>.md
 */
#ifdef __linux__
#define _GNU_SOURCE /* prctl */
#endif

#include "batch.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "../emitters/emitter.h"
#include "../emitters/formats.h"
#include "../emitters/plan_json.h"
#include "../emitters/quote.h"
#include "../emitters/report.h"
#include "../emitters/sink.h"
#include "../lib/names.h"
#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "outputs.h"
#include "pipeline.h"

enum task_kind {
	T_IAC, /* every target's files, in each step */
	T_REPORT_JSON,
	T_STEP, /* arg: the folder's index in the model */
	T_PLAN_JSON,
	T_REPORT_MD,
	T_REPORT_HTML,
	T_SUBSCRIPTIONS, /* and inputs.tsv */
};

struct task {
	enum task_kind kind;
	size_t arg;
};

struct writer {
	const struct batch_out *b;
	struct iac *m;
	const char **steps; /* "." for each folder: OUTDIR/<dir>/ */
	struct task *t;
	size_t n;
};

/* The most tasks handed out through the pipe: 4-byte indices within its
 * smallest buffer (one 4 KiB page, Linux's floor; pipe(7)). More run
 * serially (a plan has a few steps; this is far beyond them). */
#define MAX_TASKS 1000

/* ---- subscriptions.md and subscriptions/<id>.md ---- */

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

static const char *
sub_of(const struct vnet *v)
{
	return v->r.subscription != NULL ? v->r.subscription : "(unknown)";
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

/* One row per subscription, sorted by id; *n rows (free the array). */
static struct sub_row *
sub_rows(const struct pipeline *p, size_t nw, size_t *n)
{
	const struct estate *e = p->estate;
	struct sub_row *rows = NULL;
	size_t i;

	*n = 0;
	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];
		const struct plan_vnet *pv;
		struct sub_row *r;

		if (!v->r.seen)
			continue;
		r = sub_get(&rows, n, sub_of(v));
		r->vnets++;
		r->hubs += v->role == ROLE_HUB;
		r->spokes += v->role == ROLE_SPOKE;
		r->hairpinning += hairpin_out(p, v) > 0;
		r->pes += v->npes;
		pv = plan_find_vnet(p->plan, v->r.id);
		if (pv != NULL && pv->wave > 0) {
			r->in_mesh++;
			if ((size_t)pv->wave <= nw)
				r->per_wave[pv->wave - 1]++;
		}
	}
	qsort(rows, *n, sizeof(*rows), sub_row_cmp);
	return rows;
}

/* The subscription's own page: its VNets and their part. */
static void
sub_page(struct strbuf *one, const struct pipeline *p, const struct sub_row *r)
{
	const struct estate *e = p->estate;
	size_t k;

	sb_puts(one, "# Subscription ");
	md_escape(one, r->id);
	sb_printf(one,
	    "\n\n%zu VNets (%zu hubs, %zu spokes), %zu "
	    "hairpinning spokes, %zu private endpoints; %zu VNets join "
	    "the mesh.\n\n| VNet | Resource group | Region | Role | "
	    "Hairpin destinations | Private endpoints | Wave | Mesh |\n"
	    "| --- | --- | --- | --- | ---: | ---: | ---: | --- |\n",
	    r->vnets, r->hubs, r->spokes, r->hairpinning, r->pes, r->in_mesh);
	for (k = 0; k < e->vnets.n; k++) {
		const struct vnet *v = e->vnets.v[k];
		const struct plan_vnet *pv;

		if (!v->r.seen || !mp_strcaseeq(sub_of(v), r->id))
			continue;
		pv = plan_find_vnet(p->plan, v->r.id);
		sb_puts(one, "| ");
		md_escape(one, v->r.name);
		sb_puts(one, " | ");
		md_escape(one, v->r.resource_group ? v->r.resource_group : "-");
		sb_puts(one, " | ");
		md_escape(one, v->r.location ? v->r.location : "-");
		sb_printf(one, " | %s | %zu | %zu | %s | ",
		    v->role == ROLE_HUB	      ? "hub" :
			v->role == ROLE_SPOKE ? "spoke" :
						"-",
		    hairpin_out(p, v), v->npes,
		    pv != NULL && pv->wave > 0 ?
			arena_printf(p->arena, "%d", pv->wave) :
			"-");
		md_escape(one, pv != NULL && pv->mesh ? pv->mesh : "-");
		sb_puts(one, " |\n");
	}
}

static int
write_subscriptions(const struct pipeline *p, const char *out)
{
	const struct plan *pl = p->plan;
	struct sub_row *rows;
	struct strbuf all = STRBUF_INIT, one = STRBUF_INIT, rel = STRBUF_INIT;
	size_t n, i, w, nw = pl->waves.n < 16 ? pl->waves.n : 16;
	int rc = -1;

	rows = sub_rows(p, nw, &n);
	sb_puts(&all,
	    "# Subscriptions\n\n| Subscription | VNets | Hubs | "
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
		sb_reset(&one);
		sub_page(&one, p, r);
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

/* ---- the tasks ---- */

static int
st_write(void *ctx, const char *text, size_t len)
{
	return staged_write(ctx, text, len);
}

/*
 * root/rel with the document write gives (a formats.h writer), written
 * into the staged file as it is made. The writers only write (the file
 * is opened and closed here), so the sink has no open or close.
 */
static int
stream_file(const char *root, const char *rel,
    int (*write)(const struct emit_sink *out, const struct doc_in *in),
    const struct doc_in *in)
{
	struct staged_file f;
	struct emit_sink s = { NULL, st_write, NULL, &f, NULL };
	int rc;

	if (staged_open(&f, root, rel) != 0) {
		staged_close(&f);
		return -1;
	}
	rc = write(&s, in);
	if (staged_close(&f) != 0)
		rc = -1;
	return rc;
}

static int
plan_doc(const struct emit_sink *out, const struct doc_in *in)
{
	return plan_json_sink(in->plan, out);
}

/* report.md, report.html or report.json of the whole plan, or
 * plan.json. */
static int
write_report(const struct writer *w, enum task_kind kind)
{
	const struct pipeline *p = w->b->p;
	struct doc_in in;
	struct report_opts ro;
	const char *name, *format;

	memset(&ro, 0, sizeof(ro));
	ro.part = REPORT_ALL;
	ro.max_rows = 200;
	doc_in_init(&in, p, &ro);
	if (kind == T_PLAN_JSON)
		return stream_file(w->b->root, "plan.json", plan_doc, &in);
	if (kind == T_REPORT_MD) {
		format = "md";
		name = "report.md";
	} else if (kind == T_REPORT_HTML) {
		format = "html";
		name = "report.html";
	} else {
		format = "json";
		name = "report.json";
	}
	return stream_file(w->b->root, name,
	    doc_format_find("report", format)->write, &in);
}

static int
run_task(const struct writer *w, const struct task *t)
{
	const struct batch_out *b = w->b;
	struct arena *a = arena_new();
	int rc = -1;

	switch (t->kind) {
	case T_IAC:
		rc = emit_targets(w->m, b->target, b->root, NULL, w->steps,
		    NULL, NULL);
		break;
	case T_STEP:
		rc = write_step(b->p, &w->m->folders.v[t->arg], b->root, ".", a,
		    NULL);
		break;
	case T_PLAN_JSON:
	case T_REPORT_MD:
	case T_REPORT_HTML:
	case T_REPORT_JSON:
		rc = write_report(w, t->kind);
		break;
	case T_SUBSCRIPTIONS:
		rc = write_subscriptions(b->p, b->root);
		if (rc == 0)
			rc = put_file(b->root, "inputs.tsv", b->tsv,
			    b->tsv_len);
		break;
	}
	arena_free(a);
	return rc;
}

/* ---- running them ---- */

/* Take tasks from the pipe fd until it is empty; 0, or -1 when one
 * failed (the others are left to the other writers). */
static int
take_tasks(const struct writer *w, int fd)
{
	uint32_t i;
	ssize_t r;

	for (;;) {
		r = read(fd, &i, sizeof(i));
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			return 0;
		if (r != (ssize_t)sizeof(i) || i >= w->n) {
			fprintf(stderr,
			    "meshplan batch: the writers' task "
			    "pipe: %s\n",
			    r < 0 ? strerror(errno) : "short read");
			return -1;
		}
		if (run_task(w, &w->t[i]) != 0)
			return -1;
	}
}

/* Fork a writer that takes tasks from fd; its pid, or -1 (the tasks
 * are then left to the others). */
static pid_t
start_writer(const struct writer *w, int fd)
{
	pid_t parent = getpid(), pid;

	if ((pid = fork()) != 0) {
		if (pid < 0)
			fprintf(stderr,
			    "meshplan batch: fork: %s (fewer "
			    "writers)\n",
			    strerror(errno));
		return pid;
	}
	/* The default dispositions back (the parent's signal thread is
	 * not copied), and gone with the parent. */
	outputs_child();
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(1);
#else
	(void)parent;
#endif
	_exit(take_tasks(w, fd) == 0 ? 0 : 1);
}

static int
run_tasks(const struct writer *w, int jobs)
{
	pid_t pid[256];
	size_t i, nw = 0;
	int fd[2], rc, st;
	uint32_t k;

	if (jobs <= 1 || w->n < 2 || w->n > MAX_TASKS) {
		for (i = 0; i < w->n; i++)
			if (run_task(w, &w->t[i]) != 0)
				return -1;
		return 0;
	}
	if (pipe(fd) != 0) {
		fprintf(stderr, "meshplan batch: pipe: %s\n", strerror(errno));
		return -1;
	}
	/* Every task in the pipe before anyone reads (its buffer holds
	 * MAX_TASKS), and no writer end left open: the last read sees the
	 * end. */
	for (k = 0; k < w->n; k++)
		if (write(fd[1], &k, sizeof(k)) != (ssize_t)sizeof(k))
			MP_ASSERT(!"the task pipe holds every task");
	close(fd[1]);
	fflush(NULL);
	for (i = 0; i + 1 < (size_t)jobs && i + 1 < w->n && nw < 256; i++)
		if ((pid[nw] = start_writer(w, fd[0])) > 0)
			nw++;
	rc = take_tasks(w, fd[0]);
	close(fd[0]);
	for (i = 0; i < nw; i++) {
		while (waitpid(pid[i], &st, 0) < 0)
			if (errno != EINTR) {
				st = -1;
				break;
			}
		if (st != -1 && WIFSIGNALED(st))
			fprintf(stderr,
			    "meshplan batch: a writer was killed "
			    "by signal %d\n",
			    WTERMSIG(st));
		if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			rc = -1;
	}
	return rc;
}

int
batch_write(const struct batch_out *b, size_t *nsteps)
{
	struct arena *a = arena_new();
	struct writer w;
	size_t i;
	int rc;

	memset(&w, 0, sizeof(w));
	w.b = b;
	w.m = iac_build(b->p->plan, a);
	w.steps = arena_calloc(a, w.m->folders.n + 1, sizeof(*w.steps));
	for (i = 0; i < w.m->folders.n; i++)
		w.steps[i] = ".";
	w.t = arena_calloc(a, w.m->folders.n + 6, sizeof(*w.t));
	/* The costliest first (bench/RESULTS.md's estates). */
	w.t[w.n++] = (struct task){ T_REPORT_JSON, 0 };
	w.t[w.n++] = (struct task){ T_IAC, 0 };
	for (i = 0; i < w.m->folders.n; i++)
		w.t[w.n++] = (struct task){ T_STEP, i };
	w.t[w.n++] = (struct task){ T_PLAN_JSON, 0 };
	w.t[w.n++] = (struct task){ T_REPORT_MD, 0 };
	w.t[w.n++] = (struct task){ T_REPORT_HTML, 0 };
	w.t[w.n++] = (struct task){ T_SUBSCRIPTIONS, 0 };
	rc = run_tasks(&w, b->jobs);
	*nsteps = w.m->folders.n;
	iac_free(w.m);
	arena_free(a);
	return rc;
}
