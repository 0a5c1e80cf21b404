/*
 * cmd_pr.c - `meshplan pr`: prepare pull requests in an existing git
 * repository. One branch for the prerequisites and one per wave, stacked
 * (prereq on --base, wave 1 on prereq, wave 2 on wave 1, ...), each with
 * exactly one commit holding that step's IaC, its report and a
 * PR_BODY.md under PATH/<step>/. Prints each branch and the
 * `gh pr create` command that opens its pull request.
 *
 * Safety: the commits are built with plumbing on a temporary index
 * (GIT_INDEX_FILE) and git is run with an argv (no shell), so the user's
 * work tree, index and current branch are never touched; a dirty work
 * tree (tracked changes) is refused; a branch that exists and was not
 * made by meshplan (no "Generated-by: meshplan" trailer) is refused, as
 * is a branch checked out in a work tree.
 *
 * Reproducibility: author and committer are the repository's
 * user.name/user.email, else GIT_AUTHOR_NAME/EMAIL from the environment,
 * else "meshplan <meshplan@localhost>" (identity()); the dates are
 * GIT_AUTHOR_DATE/GIT_COMMITTER_DATE, else the base commit's committer date.
 * Same input and base -> the same trees, the same commits, and a rerun changes
 * nothing.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../emitters/emitter.h"
#include "../emitters/report.h"
#include "../input/plan_read.h"
#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "../emitters/shquote.h"
#include "gitrun.h"
#include "outputs.h"
#include "pipeline.h"

static int run(int argc, char **argv);

const struct command cmd_pr = {
	"pr",
	"write each wave's IaC and report to its own git branch",
	"usage: meshplan pr [options] INPUT... --repo DIR [--base BRANCH]\n"
	"\n"
	"In the git repository DIR, creates one branch for the prerequisites\n"
	"and one per wave, stacked on each other, each with one commit that\n"
	"holds the step's IaC, its report and PR_BODY.md under PATH/<step>/;\n"
	"prints the branches and the 'gh pr create' command for each. The\n"
	"work tree, the index and the current branch are never touched. A\n"
	"rerun with the same input and base changes nothing. With nothing to\n"
	"migrate (no prerequisite, no wave) it makes no branch, says so and\n"
	"exits 0.\n"
	"\n"
	"options:\n"
	"  --repo DIR                the git repository (required)\n"
	"  --base BRANCH             branch the first PR targets (default:\n"
	"                            the repository's current branch)\n"
	"  --prefix P                branch name prefix (default meshplan/)\n"
	"  --path P                  folder in the repository (default\n"
	"                            meshplan)\n"
	"  --target arm|bicep|terraform|all\n"
	"                            IaC to commit (default all)\n"
	"  --body-dir D              where the PR body files for 'gh' go\n"
	"                            (default GIT_DIR/meshplan-pr); replaced\n"
	"                            whole on each run, and refused when it\n"
	"                            holds files meshplan did not write\n"
	"  --plan PLAN.json          commit this plan's IaC instead of "
	"planning\n"
	"                            again; the INPUTs are a fresh export for\n"
	"                            the reports, and drift since the plan is\n"
	"                            a warning (docs/lifecycle.md)\n"
	"  --fail-on error|warning|note\n"
	"                            exit 1 when a finding is at or above\n"
	"  --policy FILE  --onprem PREFIX  --scope ID  --gateway NAME=FILE\n"
	"                            as for 'meshplan plan'\n"
	"  -q                        print nothing but errors\n"
	"\n"
	"identity of the commits (author and committer): the repository's\n"
	"user.name and user.email (git config), else GIT_AUTHOR_NAME and\n"
	"GIT_AUTHOR_EMAIL, else meshplan <meshplan@localhost>\n"
	"environment: GIT_AUTHOR_DATE, GIT_COMMITTER_DATE (default: the base\n"
	"commit's committer date)\n"
	"\n"
	"PATH is taken literally (no pathspec magic); a PATH into .git or out\n"
	"of the repository is refused.\n"
	"\n"
	"exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage, I/O or\n"
	"git error (dirty work tree, foreign branch), 3 invalid input\n",
	run,
};

#define TRAILER "Generated-by: meshplan"

struct pr_opts {
	const char *repo, *base, *prefix, *path, *target, *body_dir;
};

struct pr_step {
	const char *folder; /* "prereq", "wave-1-pilot" */
	const char *branch;
	const char *title;
	char *body; /* PR body (Markdown) */
	const char *body_file;
	char commit[41];
	const char *status; /* created | updated | unchanged */
};

static int
git_out(const struct gitrun *g, struct strbuf *out, bool quiet,
    const char *const *args)
{
	sb_reset(out);
	return git_run(g, NULL, out, quiet, args);
}

/* Is branch checked out in some work tree of the repository? */
static bool
checked_out(const struct gitrun *g, const char *branch)
{
	struct strbuf o = STRBUF_INIT, want = STRBUF_INIT;
	const char *p;
	bool found = false;

	sb_printf(&want, "branch refs/heads/%s\n", branch);
	if (git_out(g, &o, true,
		(const char *[]){ "worktree", "list", "--porcelain", NULL }) ==
	    0) {
		for (p = sb_str(&o); p != NULL && *p != '\0';) {
			if (strncmp(p, want.s, want.len) == 0)
				found = true;
			p = strchr(p, '\n');
			if (p != NULL)
				p++;
		}
	}
	sb_free(&o);
	sb_free(&want);
	return found;
}

static const char *
step_title(struct arena *a, const struct plan *p, const struct iac_folder *f)
{
	const struct plan_wave *w = f->wave;
	size_t n;

	if (w == NULL) {
		n = p->features.n + p->prereq.n;
		return arena_printf(a,
		    "meshplan: prerequisites for the AVNM "
		    "mesh (%zu step%s)",
		    n, n == 1 ? "" : "s");
	}
	return arena_printf(a,
	    "meshplan: wave %d (%s): %zu VNet%s join%s the "
	    "mesh",
	    w->number, w->name, w->vnet_ids.n, w->vnet_ids.n == 1 ? "" : "s",
	    w->vnet_ids.n == 1 ? "s" : "");
}

/*
 * Two passes: build every commit and check every existing branch first,
 * then move the refs, so that a refusal leaves all branches as they were.
 */
static int
commit_steps(const struct pr_opts *po, struct gitrun *g, const char *tmp,
    const char *base_commit, struct pr_step *steps, size_t n)
{
	struct strbuf o = STRBUF_INIT, msg = STRBUF_INIT, ref = STRBUF_INIT,
		      dir = STRBUF_INIT, pfx = STRBUF_INIT;
	const char *parent = base_commit;
	char(*old)[41] = xcalloc(n + 1, sizeof(*old));
	size_t i;
	int rc = -1;

	for (i = 0; i < n; i++) {
		struct pr_step *st = &steps[i];

		sb_reset(&msg);
		sb_printf(&msg,
		    "%s\n\nThe %s step of the AVNM mesh migration "
		    "planned by meshplan:\nIaC, report and PR body under "
		    "%s/%s/.\n\n" TRAILER " %s\nMeshplan-Step: %s\n",
		    st->title, st->folder, po->path, st->folder,
		    MESHPLAN_VERSION, st->folder);
		sb_reset(&dir);
		sb_printf(&dir, "%s/%zu", tmp, i);
		sb_reset(&pfx);
		sb_printf(&pfx, "%s/%s", po->path, st->folder);
		if (git_build_commit(g, tmp, parent, pfx.s, dir.s, msg.s,
			st->commit) != 0)
			goto out;
		parent = st->commit;
		sb_reset(&ref);
		sb_printf(&ref, "refs/heads/%s", st->branch);
		if (git_out(g, &o, true,
			(const char *[]){ "rev-parse", "-q", "--verify", ref.s,
			    NULL }) == 0)
			snprintf(old[i], sizeof(old[i]), "%s", git_trim(&o));
		if (old[i][0] == '\0' || strcmp(old[i], st->commit) == 0)
			continue;
		if (git_out(g, &o, true,
			(const char *[]){ "log", "-1", "--format=%B", old[i],
			    NULL }) != 0 ||
		    strstr(sb_str(&o), "\n" TRAILER) == NULL) {
			fprintf(stderr,
			    "meshplan pr: branch %s exists and was "
			    "not made by meshplan; delete it or choose another "
			    "--prefix (no branch was changed)\n",
			    st->branch);
			goto out;
		}
	}
	for (i = 0; i < n; i++) {
		struct pr_step *st = &steps[i];

		if (strcmp(old[i], st->commit) == 0) {
			st->status = "unchanged";
			continue;
		}
		sb_reset(&ref);
		sb_printf(&ref, "refs/heads/%s", st->branch);
		/* The expected old value makes the update atomic: a branch
		 * that moved meanwhile is not overwritten. */
		if (git_out(g, &o, false,
			(const char *[]){ "update-ref", "-m", "meshplan pr",
			    ref.s, st->commit,
			    old[i][0] ?
				old[i] :
				"0000000000000000000000000000000000000000",
			    NULL }) != 0) {
			fprintf(stderr, "meshplan pr: cannot %s branch %s\n",
			    old[i][0] ? "update" : "create", st->branch);
			goto out;
		}
		st->status = old[i][0] ? "updated" : "created";
	}
	rc = 0;
out:
	free(old);
	sb_free(&o);
	sb_free(&msg);
	sb_free(&ref);
	sb_free(&dir);
	sb_free(&pfx);
	return rc;
}

/*
 * A step's commit replaces PATH/<step>/ of the base: only when meshplan
 * wrote what is there, as for output folders (outputs.h): every file
 * listed in the folder's .meshplan-output, no .git. (Each commit changes
 * its own step folder only, so the base's content is what each replaces.)
 * 0, or -1 after printing why.
 */
static int
step_owned(const struct gitrun *g, const char *base_commit, const char *base,
    const char *path, const char *step)
{
	struct strbuf o = STRBUF_INIT, man = STRBUF_INIT, dir = STRBUF_INIT,
		      spec = STRBUF_INIT, line = STRBUF_INIT;
	const char *p, *bad = NULL;
	size_t nbad = 0;
	int rc = -1;

	sb_printf(&dir, "%s/%s/", path, step);
	if (git_out(g, &o, false,
		(const char *[]){ "ls-tree", "-r", "-z", "--name-only",
		    base_commit, "--", dir.s, NULL }) != 0) {
		fprintf(stderr, "meshplan pr: git ls-tree failed\n");
		goto out;
	}
	if (o.len == 0) {
		rc = 0;
		goto out;
	}
	sb_printf(&spec, "%s:%s%s", base_commit, dir.s, MANIFEST_NAME);
	if (git_run(g, NULL, &man, true,
		(const char *[]){ "cat-file", "blob", spec.s, NULL }) != 0) {
		fprintf(stderr,
		    "meshplan pr: %s in %s has files and no " MANIFEST_NAME
		    ", so meshplan did not write it; not "
		    "replacing it (choose another --path)\n",
		    dir.s, base);
		goto out;
	}
	sb_putc(&man, '\n');
	for (p = o.s; p < o.s + o.len; p += strlen(p) + 1) {
		const char *rel = p + dir.len, *seg = rel;
		bool git = false;

		/* .git as any component of the path, in any case. */
		for (;;) {
			if (mp_strcase_prefix(seg, ".git") &&
			    (seg[4] == '/' || seg[4] == '\0'))
				git = true;
			if ((seg = strchr(seg, '/')) == NULL)
				break;
			seg++;
		}
		sb_reset(&line);
		sb_printf(&line, "\n%s\n", rel);
		if (strcmp(rel, MANIFEST_NAME) == 0)
			continue;
		if (git || strstr(man.s, line.s) == NULL) {
			if (bad == NULL)
				bad = p;
			nbad++;
		}
	}
	if (bad != NULL) {
		fprintf(stderr, "meshplan pr: %s in %s holds %s", dir.s, base,
		    bad);
		if (nbad > 1)
			fprintf(stderr, " and %zu more", nbad - 1);
		fprintf(stderr,
		    ", which meshplan did not write (not in its " MANIFEST_NAME
		    "); not replacing it (no branch was "
		    "changed)\n");
		goto out;
	}
	rc = 0;
out:
	sb_free(&o);
	sb_free(&man);
	sb_free(&dir);
	sb_free(&spec);
	sb_free(&line);
	return rc;
}

/*
 * Why --path p is refused, or NULL: it must stay inside the repository
 * (relative, no "." or ".." component) and out of .git (any case: git
 * refuses such paths too, and case-insensitive file systems fold them).
 * Pathspec magic (":!x", ":(glob)") needs no check: git runs with
 * GIT_LITERAL_PATHSPECS=1 (gitrun.c).
 */
static const char *
path_refused(const char *p)
{
	const char *s = p, *e;
	size_t n;

	if (*p == '\0')
		return "it is empty";
	if (*p == '/')
		return "it must be relative to the repository";
	for (; *s != '\0'; s = *e != '\0' ? e + 1 : e) {
		e = strchr(s, '/');
		if (e == NULL)
			e = s + strlen(s);
		n = (size_t)(e - s);
		if (n == 0 && *e != '\0')
			return "it has an empty component (//)";
		if ((n == 1 && s[0] == '.') ||
		    (n == 2 && s[0] == '.' && s[1] == '.'))
			return "'.' and '..' are not allowed (it must name a "
			       "folder inside the repository)";
		if (n == 4 && mp_strcase_prefix(s, ".git"))
			return "it points into .git";
		if (memchr(s, '\\', n) != NULL)
			return "backslashes are not allowed";
	}
	return NULL;
}

/*
 * The identity of the commits, for author and committer: the
 * repository's user.name and user.email (git config as git reads it in
 * that repository: local, global, system), else GIT_AUTHOR_NAME and
 * GIT_AUTHOR_EMAIL from the environment, else "meshplan
 * <meshplan@localhost>" (docs/reports.md). Each of name and email is
 * resolved on its own. Repository rules such as DCO or verified commits
 * then see the user's own identity.
 */
static int
identity(struct gitrun *g, struct strbuf *out, struct arena *a)
{
	static const char *const key[2] = { "user.name", "user.email" };
	static const char *const env[2] = { "GIT_AUTHOR_NAME",
		"GIT_AUTHOR_EMAIL" };
	static const char *const fallback[2] = { "meshplan",
		"meshplan@localhost" };
	const char *v[2];
	int i;

	for (i = 0; i < 2; i++) {
		/* Exit 1: the key is not set (git-config(1)). */
		if (git_out(g, out, true,
			(const char *[]){ "config", "--get", key[i], NULL }) ==
			0 &&
		    *git_trim(out) != '\0')
			v[i] = arena_strdup(a, git_trim(out));
		else if (getenv(env[i]) != NULL && *getenv(env[i]) != '\0')
			v[i] = getenv(env[i]);
		else
			v[i] = fallback[i];
	}
	g->name = v[0];
	g->email = v[1];
	return 0;
}

/*
 * The repository: a work tree without tracked changes; the base (the
 * current branch by default) and its commit; who commits and when; where
 * the PR bodies go. 0, or -1 after a message.
 */
static int
repo_open(struct pr_opts *po, struct gitrun *g, char *base_commit, size_t size,
    struct arena *a)
{
	struct strbuf out = STRBUF_INIT, sb = STRBUF_INIT;
	int rc = -1;

	g->repo = po->repo;
	if (git_out(g, &out, true,
		(const char *[]){ "rev-parse", "--is-inside-work-tree",
		    NULL }) != 0 ||
	    strcmp(git_trim(&out), "true") != 0) {
		fprintf(stderr, "meshplan pr: %s is not a git work tree\n",
		    po->repo);
		goto done;
	}
	if (git_out(g, &out, false,
		(const char *[]){ "status", "--porcelain",
		    "--untracked-files=no", NULL }) != 0)
		goto done;
	if (out.len > 0) {
		fprintf(stderr,
		    "meshplan pr: the work tree of %s has "
		    "uncommitted changes; commit or stash them first\n",
		    po->repo);
		goto done;
	}
	if (po->base == NULL) {
		if (git_out(g, &out, true,
			(const char *[]){ "symbolic-ref", "-q", "--short",
			    "HEAD", NULL }) != 0) {
			fprintf(stderr,
			    "meshplan pr: HEAD is detached; give "
			    "--base BRANCH\n");
			goto done;
		}
		po->base = arena_strdup(a, git_trim(&out));
	}
	sb_printf(&sb, "%s^{commit}", po->base);
	if (git_out(g, &out, true,
		(const char *[]){ "rev-parse", "-q", "--verify", sb.s,
		    NULL }) != 0) {
		fprintf(stderr, "meshplan pr: no branch or commit '%s' in %s\n",
		    po->base, po->repo);
		goto done;
	}
	snprintf(base_commit, size, "%s", git_trim(&out));
	if (identity(g, &out, a) != 0)
		goto done;
	if (getenv("GIT_AUTHOR_DATE") == NULL ||
	    getenv("GIT_COMMITTER_DATE") == NULL) {
		if (git_out(g, &out, true,
			(const char *[]){ "log", "-1", "--format=%ct +0000",
			    base_commit, NULL }) != 0)
			goto done;
		g->date = arena_strdup(a, git_trim(&out));
	}
	if (po->body_dir == NULL) {
		if (git_out(g, &out, true,
			(const char *[]){ "rev-parse", "--absolute-git-dir",
			    NULL }) != 0)
			goto done;
		po->body_dir = arena_printf(a, "%s/meshplan-pr",
		    git_trim(&out));
	}
	rc = 0;
done:
	sb_free(&out);
	sb_free(&sb);
	return rc;
}

/*
 * One step per IaC folder (prereq, then the waves): its branch, which
 * must be a valid name and not checked out anywhere, and its PR title.
 * NULL after a message; the caller frees.
 */
static struct pr_step *
plan_steps(const struct pr_opts *po, const struct gitrun *g,
    const struct iac *m, const struct plan *plan, struct arena *a)
{
	struct strbuf out = STRBUF_INIT;
	struct pr_step *steps;
	size_t i, n = m->folders.n;

	steps = xcalloc(n + 1, sizeof(*steps));
	for (i = 0; i < n; i++) {
		const struct iac_folder *f = &m->folders.v[i];

		steps[i].folder = f->dir;
		steps[i].branch = arena_printf(a, "%s%s", po->prefix, f->dir);
		steps[i].title = step_title(a, plan, f);
		if (git_out(g, &out, true,
			(const char *[]){ "check-ref-format", "--branch",
			    steps[i].branch, NULL }) != 0) {
			fprintf(stderr,
			    "meshplan pr: '%s' is not a valid "
			    "branch name (check --prefix)\n",
			    steps[i].branch);
			goto fail;
		}
		if (checked_out(g, steps[i].branch)) {
			fprintf(stderr,
			    "meshplan pr: branch %s is checked out "
			    "in a work tree; switch away from it first\n",
			    steps[i].branch);
			goto fail;
		}
	}
	sb_free(&out);
	return steps;
fail:
	sb_free(&out);
	free(steps);
	return NULL;
}

/*
 * Render each step to tmp/<i>/ (its IaC, report and manifest), check that
 * an existing branch is meshplan's, then commit them all. 0, or -1 after
 * a message.
 */
static int
render_steps(const struct pr_opts *po, struct gitrun *g, struct pipeline *p,
    struct iac *m, const char *base_commit, struct pr_step *steps,
    struct arena *a)
{
	struct strbuf sb = STRBUF_INIT;
	const char *tmp, **dirs;
	size_t i, n = m->folders.n;
	int r, rc = -1;

	if ((tmp = scratch_dir(cmd_pr.name, "meshplan-pr")) == NULL)
		goto done;
	/* The IaC of step i goes to tmp/<i>/<path>/<dir>/<emitter>/. */
	dirs = arena_calloc(a, n + 1, sizeof(*dirs));
	for (i = 0; i < n; i++)
		dirs[i] = arena_printf(a, "%zu/%s", i, po->path);
	if (emit_targets(m, po->target, tmp, NULL, dirs, NULL, NULL) != 0)
		goto done;
	for (i = 0; i < n; i++) {
		const struct iac_folder *f = &m->folders.v[i];

		sb_reset(&sb);
		sb_printf(&sb, "%s/%zu", tmp, i);
		if (mkdir_p(sb.s) != 0 ||
		    write_step(p, f, sb.s, po->path, a, &steps[i].body) != 0)
			goto done;
		/* The step folder's manifest goes into the commit too. */
		sb_printf(&sb, "/%s/%s", po->path, f->dir);
		outputs_lock();
		r = manifest_write(sb.s);
		outputs_unlock();
		if (r != 0) {
			fprintf(stderr,
			    "meshplan pr: writing the manifest of "
			    "%s/%s: %s\n",
			    po->path, f->dir, strerror(errno));
			goto done;
		}
		if (step_owned(g, base_commit, po->base, po->path, f->dir) != 0)
			goto done;
	}
	rc = commit_steps(po, g, tmp, base_commit, steps, n);
done:
	sb_free(&sb);
	return rc;
}

/* The PR body files for gh, replaced whole: 0, or -1 after a message. */
static int
write_bodies(const struct pr_opts *po, struct outdir *bodies,
    struct pr_step *steps, size_t n, struct arena *a)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int rc = -1;

	for (i = 0; i < n; i++) {
		char *s;

		sb_reset(&sb);
		sb_puts(&sb, steps[i].branch);
		for (s = sb.s; *s != '\0'; s++)
			if (*s == '/')
				*s = '-';
		steps[i].body_file = arena_printf(a, "%s/%s.md", po->body_dir,
		    sb.s);
		sb_puts(&sb, ".md");
		if (put_file(outdir_root(bodies), sb.s, steps[i].body,
			strlen(steps[i].body)) != 0)
			goto done;
	}
	if (outdir_commit(bodies) != EXIT_OK)
		goto done;
	rc = 0;
done:
	sb_free(&sb);
	return rc;
}

/* Each branch with what happened to it, then the commands to run. */
static void
print_steps(const struct pr_opts *po, const struct pr_step *steps, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		printf("%-10s %s %.12s\n", steps[i].status, steps[i].branch,
		    steps[i].commit);
	printf("\n# open the pull requests (in this order):\n");
	for (i = 0; i < n; i++) {
		sb_reset(&sb);
		sb_puts(&sb, "gh pr create --base ");
		sh_quote(&sb, i == 0 ? po->base : steps[i - 1].branch);
		sb_puts(&sb, " --head ");
		sh_quote(&sb, steps[i].branch);
		sb_puts(&sb, " --title ");
		sh_quote(&sb, steps[i].title);
		sb_puts(&sb, " --body-file ");
		sh_quote(&sb, steps[i].body_file);
		printf("%s\n", sb.s);
	}
	sb_free(&sb);
}

/*
 * The plan: planned from the inputs, or --plan PLAN.json with the inputs
 * as a fresh export for the reports and a drift check.
 */
static int
pr_plan(struct pipeline *p, const struct command *c,
    const struct common_opts *o, const char *plan_file, struct arena *a)
{
	struct load_opts lo;
	struct diags pd;
	int rc;

	if (plan_file == NULL)
		return pipeline_run(p, c, o, NULL, STAGE_PLAN, NULL);
	memset(&lo, 0, sizeof(lo));
	lo.raw = true;
	if ((rc = pipeline_run(p, c, o, &lo, STAGE_ROUTE, NULL)) != EXIT_OK)
		return rc;
	diags_init(&pd, p->arena);
	p->plan = plan_read(plan_file, &pd);
	if ((rc = report_diags(&pd, o->quiet)) != EXIT_OK)
		return rc;
	pipeline_drift_warnings(c, p->plan, p->estate, a);
	return EXIT_OK;
}

static int
run(int argc, char **argv)
{
	const struct command *c = &cmd_pr;
	const char *plan_file = NULL;
	struct pr_opts po = { NULL, NULL, "meshplan/", "meshplan", "all",
		NULL };
	const struct cmd_opt opts[] = {
		{ "--repo", NULL, &po.repo },
		{ "--base", NULL, &po.base },
		{ "--prefix", NULL, &po.prefix },
		{ "--path", NULL, &po.path },
		{ "--target", "-t", &po.target },
		{ "--body-dir", NULL, &po.body_dir },
		{ "--plan", NULL, &plan_file },
		{ NULL, NULL, NULL },
	};
	const struct cmd_spec spec = { opts, NULL, true };
	struct arena *a = arena_new();
	struct common_opts o;
	struct pipeline p;
	struct gitrun g = { NULL, NULL, NULL, NULL, NULL };
	struct iac *m = NULL;
	struct pr_step *steps = NULL;
	char base_commit[41];
	const char *why;
	struct outdir *bodies;
	size_t n = 0;
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = cli_parse_flags(c, &spec, SPEC_NO_OUTPUT | SPEC_FAIL_ON, a,
		 &o, argc, argv)) != EXIT_OK)
		goto done;
	if (po.repo == NULL) {
		rc = usage_error(c, "--repo DIR is required");
		goto done;
	}
	if (!emit_target_ok(po.target)) {
		rc = usage_error(c,
		    "--target wants arm, bicep, terraform or "
		    "all, not '%s'",
		    po.target);
		goto done;
	}
	if ((why = path_refused(po.path)) != NULL) {
		rc = usage_error(c, "--path '%s': %s", po.path, why);
		goto done;
	}
	{
		char *t = arena_strdup(a, po.path);
		size_t tn = strlen(t);

		while (tn > 1 && t[tn - 1] == '/')
			t[--tn] = '\0';
		po.path = t;
	}

	rc = EXIT_USAGE;
	if (repo_open(&po, &g, base_commit, sizeof(base_commit), a) != 0)
		goto done;
	/* Checked before the work: meshplan's own (or new), writable. */
	if ((bodies = outdir_open(c->name, po.body_dir, true)) == NULL)
		goto done;
	if ((rc = pr_plan(&p, c, &o, plan_file, a)) != EXIT_OK)
		goto done;
	/* Nothing to migrate: no branch, and say so. */
	if (p.plan->waves.n == 0 && p.plan->prereq.n == 0 &&
	    p.plan->features.n == 0) {
		rc = EXIT_OK;
		if (o.fail &&
		    findings_at_or_above(&p.an.findings, o.fail_sev) > 0)
			rc = EXIT_FINDINGS;
		if (!o.quiet)
			printf("nothing to do: the plan has no prerequisite "
			       "and no wave (no spoke to move into a mesh), so "
			       "no branch was made in %s\n",
			    po.repo);
		goto done;
	}
	rc = EXIT_USAGE;
	m = iac_build(p.plan, a);
	n = m->folders.n;
	if ((steps = plan_steps(&po, &g, m, p.plan, a)) == NULL ||
	    render_steps(&po, &g, &p, m, base_commit, steps, a) != 0 ||
	    write_bodies(&po, bodies, steps, n, a) != 0)
		goto done;
	rc = EXIT_OK;
	if (o.fail && findings_at_or_above(&p.an.findings, o.fail_sev) > 0)
		rc = EXIT_FINDINGS;
	if (!o.quiet)
		print_steps(&po, steps, n);
done:
	free(steps);
	if (m != NULL)
		iac_free(m);
	pipeline_free(&p);
	arena_free(a);
	return rc;
}
