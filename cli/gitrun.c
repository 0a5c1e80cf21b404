/*
 * gitrun.c - git command line runner and plumbing commits for `meshplan
 * pr` (see gitrun.h).
 *
 * Invariants: git is run with an argv through execvp (no shell, so no
 * quoting issues with branch or file names); the child gets
 * GIT_INDEX_FILE when a temporary index is in use, so the user's index is
 * never read or written by the commit plumbing; standard input comes from
 * a file (no pipe to fill, no deadlock). Files are added as mode 100644
 * (meshplan writes no executables). Paths are listed in byte order, so the
 * same directory gives the same tree.
 */
#include "gitrun.h"
#include "outputs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"

#define GIT_MAX_ARGS 32

int
git_run(const struct gitrun *g, const char *stdin_file, struct strbuf *out,
    bool quiet, const char *const *args)
{
	const char *argv[GIT_MAX_ARGS + 4];
	int pfd[2], status, fd;
	size_t n = 0, i;
	pid_t pid;
	char buf[4096];
	ssize_t r;

	argv[n++] = "git";
	argv[n++] = "-C";
	argv[n++] = g->repo;
	for (i = 0; args[i] != NULL; i++) {
		MP_ASSERT(n < GIT_MAX_ARGS + 3);
		argv[n++] = args[i];
	}
	argv[n] = NULL;
	if (pipe(pfd) != 0) {
		fprintf(stderr, "meshplan: pipe: %s\n", strerror(errno));
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0) {
		fprintf(stderr, "meshplan: fork: %s\n", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		fd = open(stdin_file != NULL ? stdin_file : "/dev/null",
		    O_RDONLY);
		if (fd < 0 || dup2(fd, 0) < 0)
			_exit(127);
		close(fd);
		if (dup2(pfd[1], 1) < 0)
			_exit(127);
		close(pfd[0]);
		close(pfd[1]);
		if (quiet && (fd = open("/dev/null", O_WRONLY)) >= 0) {
			dup2(fd, 2);
			close(fd);
		}
		if (g->index != NULL)
			setenv("GIT_INDEX_FILE", g->index, 1);
		else
			unsetenv("GIT_INDEX_FILE");
		/* Reproducible commits: the identity the caller resolved,
		 * for author and committer; the date is fixed unless the
		 * caller's environment chooses it. */
		if (g->name != NULL && g->email != NULL) {
			setenv("GIT_AUTHOR_NAME", g->name, 1);
			setenv("GIT_AUTHOR_EMAIL", g->email, 1);
			setenv("GIT_COMMITTER_NAME", g->name, 1);
			setenv("GIT_COMMITTER_EMAIL", g->email, 1);
		}
		if (g->date != NULL) {
			setenv("GIT_AUTHOR_DATE", g->date, 0);
			setenv("GIT_COMMITTER_DATE", g->date, 0);
		}
		setenv("LC_ALL", "C", 1);
		/* Paths are paths: ":!x" or "*" in --path is no pathspec
		 * magic or glob (git(1), GIT_LITERAL_PATHSPECS). */
		setenv("GIT_LITERAL_PATHSPECS", "1", 1);
		/* The parent blocks SIGINT/SIGTERM for its signal thread;
		 * git gets the default dispositions back. */
		outputs_child();
		execvp("git", (char *const *)argv);
		fprintf(stderr, "meshplan: cannot run git: %s\n",
		    strerror(errno));
		_exit(127);
	}
	close(pfd[1]);
	for (;;) {
		r = read(pfd[0], buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (out != NULL)
			sb_putn(out, buf, (size_t)r);
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(status))
		return -1;
	if (WEXITSTATUS(status) == 127)
		return -1;
	return WEXITSTATUS(status);
}

const char *
git_trim(struct strbuf *out)
{
	while (out->len > 0 &&
	    (out->s[out->len - 1] == '\n' || out->s[out->len - 1] == '\r'))
		out->s[--out->len] = '\0';
	return sb_str(out);
}

static int
write_file(const char *path, const char *text, size_t len)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || fwrite(text, 1, len, fp) != len || fclose(fp)) {
		/* path is in pr's scratch folder: name the folder's place. */
		fprintf(stderr,
		    "meshplan: writing pr's scratch files in "
		    "TMPDIR: %s\n",
		    strerror(errno));
		return -1;
	}
	return 0;
}

static int
git_ok(const struct gitrun *g, const char *in, struct strbuf *out,
    const char *what, const char *const *args)
{
	int rc = git_run(g, in, out, false, args);

	if (rc != 0) {
		fprintf(stderr, "meshplan: git %s failed (status %d)\n", what,
		    rc);
		return -1;
	}
	return 0;
}

int
git_build_commit(const struct gitrun *g0, const char *tmpdir,
    const char *parent, const char *prefix, const char *dir,
    const char *message, char out[41])
{
	struct gitrun g = *g0;
	struct strbuf idx = STRBUF_INIT, lst = STRBUF_INIT, o = STRBUF_INIT,
		      in = STRBUF_INIT, msg = STRBUF_INIT, pfx = STRBUF_INIT;
	struct strvec files = { NULL, 0, 0 };
	const char *p, *nl;
	size_t i;
	int rc = -1;

	sb_printf(&idx, "%s/index", tmpdir);
	sb_printf(&lst, "%s/list", tmpdir);
	sb_printf(&msg, "%s/message", tmpdir);
	sb_printf(&pfx, "%s/", prefix);
	unlink(idx.s);
	g.index = idx.s;

	/* The parent's tree, less what an earlier run left under prefix. */
	if (git_ok(&g, NULL, NULL, "read-tree",
		(const char *[]){ "read-tree", parent, NULL }) != 0)
		goto out;
	if (git_ok(&g, NULL, &o, "ls-files",
		(const char *[]){ "ls-files", "-z", "--", pfx.s, NULL }) != 0)
		goto out;
	if (o.len > 0) {
		if (write_file(lst.s, o.s, o.len) != 0 ||
		    git_ok(&g, lst.s, NULL, "update-index",
			(const char *[]){ "update-index", "-z",
			    "--force-remove", "--stdin", NULL }) != 0)
			goto out;
	}

	/* Blobs for every file under dir, in byte order. */
	if (tree_walk(dir, "", &files, NULL, NULL) != 0) {
		fprintf(stderr, "meshplan: %s: %s\n", dir, strerror(errno));
		goto out;
	}
	strvec_sort(&files);
	for (i = 0; i < files.n; i++)
		sb_printf(&in, "%s/%s\n", dir, files.v[i]);
	if (write_file(lst.s, sb_str(&in), in.len) != 0)
		goto out;
	sb_reset(&o);
	if (files.n > 0 &&
	    git_ok(&g, lst.s, &o, "hash-object",
		(const char *[]){ "hash-object", "-w", "--stdin-paths",
		    NULL }) != 0)
		goto out;
	sb_reset(&in);
	for (i = 0, p = sb_str(&o); i < files.n; i++) {
		nl = strchr(p, '\n');
		if (nl == NULL || nl - p != 40) {
			fprintf(stderr,
			    "meshplan: git hash-object: "
			    "unexpected output\n");
			goto out;
		}
		sb_printf(&in, "100644 %.40s\t%s", p, files.v[i]);
		sb_putc(&in, '\0');
		p = nl + 1;
	}
	if (files.n > 0 &&
	    (write_file(lst.s, in.s, in.len) != 0 ||
		git_ok(&g, lst.s, NULL, "update-index",
		    (const char *[]){ "update-index", "-z", "--add",
			"--index-info", NULL }) != 0))
		goto out;

	sb_reset(&o);
	if (git_ok(&g, NULL, &o, "write-tree",
		(const char *[]){ "write-tree", NULL }) != 0)
		goto out;
	sb_reset(&in);
	sb_puts(&in, git_trim(&o));
	if (write_file(msg.s, message, strlen(message)) != 0)
		goto out;
	sb_reset(&o);
	if (git_ok(&g, NULL, &o, "commit-tree",
		(const char *[]){ "commit-tree", in.s, "-p", parent, "-F",
		    msg.s, NULL }) != 0)
		goto out;
	if (strlen(git_trim(&o)) != 40) {
		fprintf(stderr,
		    "meshplan: git commit-tree: unexpected "
		    "output\n");
		goto out;
	}
	memcpy(out, o.s, 41);
	rc = 0;
out:
	unlink(idx.s);
	unlink(lst.s);
	unlink(msg.s);
	strvec_free(&files);
	sb_free(&idx);
	sb_free(&lst);
	sb_free(&o);
	sb_free(&in);
	sb_free(&msg);
	sb_free(&pfx);
	return rc;
}
