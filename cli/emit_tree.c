/*
 * emit_tree.c - the emitters' files written into a staged folder: the
 * sink emit, pr and batch give the emitters (emitters/sink.h), and the
 * per-step reports of pr and batch.
 *
 * Each file is written (and flushed to disk, staged_close) as its
 * emitter makes it, folder by folder with every target on each folder;
 * nothing of one folder is kept for the next, so emit's memory is the
 * model's plus one folder's, not the whole tree's. The folder is put in
 * place whole by the caller (outdir_commit), so a failure part-way
 * leaves nothing behind.
 *
 *   emit_target_ok   is "all" or an emitter's name
 *   emit_targets     run the selected emitters into root
 *   write_step       a step's report.md and PR_BODY.md
 */
#include <stdio.h>
#include <string.h>

#include "../emitters/emitter.h"
#include "../emitters/report.h"
#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "outputs.h"
#include "pipeline.h"

/* Where one emitter's files go (see emit_targets). */
struct tree_sink {
	const struct iac *m;
	const char *root;	  /* a staged folder, or NULL: */
	struct tar_out *tar;	  /* an archive */
	const char *target;	  /* the emitter's name */
	const char *const *steps; /* NULL: root/<target>/<path> */
	struct strbuf rel;
	struct staged_file file;
	/* The last file every target puts alike (tree_same): its path
	 * as the emitter gave it and where it was written. */
	struct strbuf same_path, same_rel;
	bool open;
	bool failed; /* printed; refuse the rest */
};

/* The index of the folder of m that path ("<dir>/...") is in. */
static size_t
folder_of(const struct iac *m, const char *path)
{
	size_t k, n;

	for (k = 0; k < m->folders.n; k++) {
		n = strlen(m->folders.v[k].dir);
		if (strncmp(path, m->folders.v[k].dir, n) == 0 &&
		    path[n] == '/')
			return k;
	}
	/* Every file an emitter makes is in a folder of the model. */
	MP_ASSERT(!"emitter file outside the model's folders");
	return 0;
}

/* t->rel: where the emitter's path goes in root (or the archive). */
static void
tree_rel(struct tree_sink *t, const char *path)
{
	size_t k, n;

	sb_reset(&t->rel);
	if (t->steps == NULL) {
		sb_printf(&t->rel, "%s/%s", t->target, path);
	} else {
		k = folder_of(t->m, path);
		n = strlen(t->m->folders.v[k].dir);
		sb_printf(&t->rel, "%s/%.*s/%s/%s", t->steps[k], (int)n, path,
		    t->target, path + n + 1);
	}
}

static int
tree_open(void *ctx, const char *path)
{
	struct tree_sink *t = ctx;

	MP_ASSERT(!t->open);
	if (t->failed)
		return -1;
	tree_rel(t, path);
	if (t->tar != NULL) {
		sb_reset(&t->tar->file);
	} else if (staged_open(&t->file, t->root, t->rel.s) != 0) {
		staged_close(&t->file);
		t->failed = true;
		return -1;
	}
	t->open = true;
	return 0;
}

static int
tree_write(void *ctx, const char *text, size_t len)
{
	struct tree_sink *t = ctx;

	MP_ASSERT(t->open);
	if (t->failed)
		return -1;
	if (t->tar != NULL)
		sb_putn(&t->tar->file, text, len);
	else if (staged_write(&t->file, text, len) != 0)
		t->failed = true;
	return t->failed ? -1 : 0;
}

static int
tree_close(void *ctx)
{
	struct tree_sink *t = ctx;

	MP_ASSERT(t->open);
	t->open = false;
	if (t->tar != NULL) {
		if (!t->failed &&
		    tar_put(t->tar, t->rel.s, t->tar->file.s,
			t->tar->file.len) != 0)
			t->failed = true;
		sb_reset(&t->tar->file);
	} else if (staged_close(&t->file) != 0) {
		t->failed = true;
	}
	return t->failed ? -1 : 0;
}

/*
 * A file every target puts alike (a folder's RUNBOOK.md): the first
 * target's copy is linked into the next targets' folders, so it is
 * written and flushed once (38 MB in the largest wave at 20,000 spokes).
 * Written out again where a link cannot be made, and always into an
 * archive, whose entries are plain files.
 */
static int
tree_same(void *ctx, const char *path, const char *text, size_t len)
{
	struct tree_sink *t = ctx;
	int rc;

	if (t->failed)
		return -1;
	if (t->tar == NULL && t->same_path.len > 0 &&
	    strcmp(t->same_path.s, path) == 0) {
		tree_rel(t, path);
		if (staged_link(t->root, t->same_rel.s, t->rel.s) == 0)
			return 0;
	}
	if (tree_open(t, path) != 0)
		return -1;
	rc = tree_write(t, text, len);
	if (tree_close(t) != 0)
		rc = -1;
	if (rc == 0) {
		sb_reset(&t->same_path);
		sb_puts(&t->same_path, path);
		sb_reset(&t->same_rel);
		sb_puts(&t->same_rel, t->rel.s);
	}
	return rc;
}

bool
emit_target_ok(const char *target)
{
	return strcmp(target, "all") == 0 || emitter_find(target) != NULL;
}

/* One call of emitter e (folder f, or its finish when f is NULL). */
static int
run_one(struct tree_sink *t, const struct emit_sink *sink,
    const struct emitter *e, const struct iac_folder *f)
{
	struct arena *a = arena_new();
	int rc;

	t->target = e->name;
	rc = f != NULL	      ? e->folder(t->m, f, sink, a) :
	    e->finish != NULL ? e->finish(t->m, sink, a) :
				0;
	arena_free(a);
	/* The sink said why; otherwise it is the emitter. */
	if (rc != 0 && !t->failed)
		fprintf(stderr, "meshplan: the %s emitter failed\n", e->name);
	return rc;
}

int
emit_targets(struct iac *m, const char *target, const char *root,
    struct tar_out *tar, const char *const *steps,
    void (*shared)(void *ctx, const struct iac_folder *f), void *ctx)
{
	struct tree_sink t;
	struct emit_sink sink = { tree_open, tree_write, tree_close, &t,
		tree_same };
	struct iac_folder *f;
	struct arena *fa;
	size_t i, k;
	int rc = 0;

	memset(&t, 0, sizeof(t));
	t.m = m;
	t.root = root;
	t.tar = tar;
	t.steps = steps;
	sb_init(&t.rel);
	sb_init(&t.same_path);
	sb_init(&t.same_rel);
	/* Folder by folder, every target on each (emitter.h); then the
	 * files after every folder (f NULL). */
	for (k = 0; k <= m->folders.n && rc == 0; k++) {
		f = k < m->folders.n ? &m->folders.v[k] : NULL;
		fa = arena_new();
		if (f != NULL)
			iac_folder_share(m, f, fa);
		for (i = 0; emitters[i] != NULL && rc == 0; i++)
			if (strcmp(target, "all") == 0 ||
			    strcmp(target, emitters[i]->name) == 0)
				rc = run_one(&t, &sink, emitters[i], f);
		if (f != NULL && rc == 0 && shared != NULL)
			shared(ctx, f);
		if (f != NULL)
			iac_folder_unshare(f);
		arena_free(fa);
	}
	sb_free(&t.rel);
	sb_free(&t.same_path);
	sb_free(&t.same_rel);
	return rc;
}

int
write_step(const struct pipeline *p, const struct iac_folder *f,
    const char *root, const char *prefix, struct arena *a, char **body)
{
	struct report_in in;
	struct report_opts ro;
	struct strbuf sb = STRBUF_INIT, rel = STRBUF_INIT;
	int rc = -1;

	report_in_init(&in, p);
	/* The step's report (every row) and its PR body (short tables). */
	memset(&ro, 0, sizeof(ro));
	ro.part = f->wave != NULL ? f->wave->number : REPORT_PREREQ;
	report_markdown(&sb, &in, &ro);
	sb_printf(&rel, "%s/%s/report.md", prefix, f->dir);
	if (put_file(root, rel.s, sb.s, sb.len) != 0)
		goto out;
	sb_reset(&sb);
	ro.max_rows = 25;
	ro.full_report = arena_printf(a, "%s/%s/report.md", prefix, f->dir);
	report_markdown(&sb, &in, &ro);
	sb_reset(&rel);
	sb_printf(&rel, "%s/%s/PR_BODY.md", prefix, f->dir);
	if (put_file(root, rel.s, sb.s, sb.len) != 0)
		goto out;
	if (body != NULL)
		*body = arena_strdup(a, sb_str(&sb));
	rc = 0;
out:
	sb_free(&sb);
	sb_free(&rel);
	return rc;
}
