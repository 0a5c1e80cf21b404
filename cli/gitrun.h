/*
 * gitrun.h - run the git command line (fork/exec with an argv, never a
 * shell) and build commits with plumbing on a temporary index, so that
 * `meshplan pr` never touches the user's work tree, index or current
 * branch.
 */
#ifndef MESHPLAN_GITRUN_H
#define MESHPLAN_GITRUN_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

struct gitrun {
	const char *repo;  /* git -C REPO */
	const char *index; /* GIT_INDEX_FILE for the child; NULL: none */
	const char *date;  /* author/committer date unless the
			    * environment sets them; NULL: none */
	/* Author and committer of the commits (cmd_pr resolves them: the
	 * repository's user.name/user.email, else the environment, else
	 * "meshplan <meshplan@localhost>"); NULL: git's own rules. */
	const char *name, *email;
};

/*
 * Run git with args (NULL-terminated, without "git" and "-C REPO").
 * stdin_file: a file to read as standard input, NULL: /dev/null.
 * out: standard output is appended there when not NULL. When quiet, the
 * child's standard error is discarded. Returns the exit status, or -1
 * when git could not be run.
 */
int git_run(const struct gitrun *g, const char *stdin_file, struct strbuf *out,
    bool quiet, const char *const *args);

/* Trim trailing newlines of out in place and return its text. */
const char *git_trim(struct strbuf *out);

/*
 * Build one commit whose tree is parent's tree with every file under
 * `prefix` removed and then every file under `dir` (a directory on disk,
 * whose relative paths are the paths in the repository) added.
 * `tmpdir` holds the temporary index and lists. The commit id (40 hex
 * characters and NUL) goes to out. Returns 0, or -1 after printing why.
 */
int git_build_commit(const struct gitrun *g, const char *tmpdir,
    const char *parent, const char *prefix, const char *dir,
    const char *message, char out[41]);

#endif
