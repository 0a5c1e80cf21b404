/*
 * outputs.c - staged, checked, all-or-nothing outputs (see outputs.h).
 *
 * Every output is staged under a hidden name beside its destination,
 * ".<name>.meshplan-XXXXXX", whose file or folder is flock()ed by the run
 * that writes it. A leftover whose lock can be taken belongs to a run that
 * is gone (killed with SIGKILL, or a crash): the next run writing beside it
 * removes it. SIGINT, SIGTERM and SIGHUP are blocked in every thread and
 * taken by one thread (sigwait) that removes what is staged, under the
 * registry's lock, then re-raises the signal with its default action, so
 * the shell sees the run end by that signal.
 */
#define _GNU_SOURCE	/* renameat2 and RENAME_* (glibc 2.28+) */

#include "outputs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "cli.h"

enum kind { K_FILE, K_DIR, K_SCRATCH };

struct outdir {
	enum kind kind;
	char *final;		/* the user's path; NULL for scratch */
	char *staging;		/* hidden path; NULL: not staged yet */
	const char *cmd;
	int fd;			/* the staged file or folder, locked */
	bool force;
	bool done;		/* nothing staged is left to remove */
	bool committed;		/* in place: keep the folders made for it */
	char **made;		/* folders made for it, outermost first */
	size_t nmade;
};

static pthread_mutex_t reg_mu = PTHREAD_MUTEX_INITIALIZER;
static struct outdir **reg;
static size_t nreg;
static mode_t umask_now = 022;
static bool quiet_notes;
static sigset_t sigs;

static const char STAGE_TAG[] = ".meshplan-";

mode_t
out_file_mode(void)
{
	return 0666 & ~umask_now;
}

mode_t
out_dir_mode(void)
{
	return 0777 & ~umask_now;
}

void
outputs_lock(void)
{
	pthread_mutex_lock(&reg_mu);
}

void
outputs_unlock(void)
{
	pthread_mutex_unlock(&reg_mu);
}

void
outputs_set_quiet(bool quiet)
{
	quiet_notes = quiet;
}

/* Remove path and everything under it; no symbolic link is followed. */
static void
remove_tree(const char *path)
{
	struct strbuf sub = STRBUF_INIT;
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	if ((d = opendir(path)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			sb_reset(&sub);
			sb_printf(&sub, "%s/%s", path, de->d_name);
			remove_tree(sub.s);
		}
		closedir(d);
	}
	rmdir(path);
	sb_free(&sub);
}

/* Caller holds reg_mu. */
static void
entry_clean(struct outdir *e)
{
	size_t i;

	if (e->done)
		return;
	if (e->staging != NULL) {
		if (e->kind == K_FILE)
			unlink(e->staging);
		else
			remove_tree(e->staging);
	}
	if (e->fd >= 0)
		close(e->fd);
	e->fd = -1;
	/* Nothing was written: the folders made for it go too. */
	for (i = e->nmade; !e->committed && i > 0; i--)
		rmdir(e->made[i - 1]);
	e->done = true;
}

static void *
signal_thread(void *arg)
{
	sigset_t one;
	size_t i;
	int sig;

	(void)arg;
	if (sigwait(&sigs, &sig) != 0)
		return NULL;
	pthread_mutex_lock(&reg_mu);
	for (i = 0; i < nreg; i++)
		entry_clean(reg[i]);
	signal(sig, SIG_DFL);
	sigemptyset(&one);
	sigaddset(&one, sig);
	pthread_sigmask(SIG_UNBLOCK, &one, NULL);
	raise(sig);
	_exit(128 + sig);
}

void
outputs_init(void)
{
	pthread_t t;

	umask_now = umask(0);
	umask(umask_now);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	if (pthread_sigmask(SIG_BLOCK, &sigs, NULL) != 0)
		return;
	if (pthread_create(&t, NULL, signal_thread, NULL) != 0) {
		pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
		return;
	}
	pthread_detach(t);
}

void
outputs_child(void)
{
	pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
}

void
outputs_abort_all(void)
{
	size_t i;

	pthread_mutex_lock(&reg_mu);
	for (i = 0; i < nreg; i++)
		entry_clean(reg[i]);
	pthread_mutex_unlock(&reg_mu);
}

static struct outdir *
entry_new(enum kind kind, const char *cmd, const char *final, bool force)
{
	struct outdir *e = xcalloc(1, sizeof(*e));

	e->kind = kind;
	e->cmd = cmd;
	e->final = final != NULL ? xstrdup(final) : NULL;
	e->fd = -1;
	e->force = force;
	pthread_mutex_lock(&reg_mu);
	reg = xrealloc(reg, (nreg + 1) * sizeof(*reg));
	reg[nreg++] = e;
	pthread_mutex_unlock(&reg_mu);
	return e;
}

/* path without trailing slashes (a copy); "/" stays "/". */
static char *
strip_slashes(const char *path)
{
	char *p = xstrdup(path);
	size_t n = strlen(p);

	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	return p;
}

/* The folder of path ("." when none) and its last name, both malloc'd. */
static void
split_path(const char *path, char **dir, char **base)
{
	const char *s = strrchr(path, '/');

	if (s == NULL) {
		*dir = xstrdup(".");
		*base = xstrdup(path);
	} else {
		*dir = s == path ? xstrdup("/") : xstrndup(path,
		    (size_t)(s - path));
		*base = xstrdup(s + 1);
	}
}

/*
 * mkdir -p with the umask's mode; the folders it made are added to e's
 * list (when e is not NULL). 0, or -1 with errno.
 */
static int
make_dirs(const char *path, struct outdir *e)
{
	char *p = xstrdup(path), *s;
	int rc = 0;
	bool last = false;

	for (s = p + 1; rc == 0 && !last; s++) {
		last = *s == '\0';
		if (!last && *s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) == 0) {
			if (e != NULL) {
				pthread_mutex_lock(&reg_mu);
				e->made = xrealloc(e->made, (e->nmade + 1) *
				    sizeof(*e->made));
				e->made[e->nmade++] = xstrdup(p);
				pthread_mutex_unlock(&reg_mu);
			}
		} else if (errno != EEXIST) {
			rc = -1;
		}
		if (!last)
			*s = '/';
	}
	free(p);
	return rc;
}

/*
 * Can files be made in dir (which may not exist yet)? The nearest
 * existing folder must be a writable folder. 0, or -1 with errno.
 */
static int
dir_writable(const char *dir)
{
	char *p = xstrdup(dir), *s;
	struct stat st;
	int rc;

	for (;;) {
		if (stat(p, &st) == 0)
			break;
		if (errno != ENOENT) {
			free(p);
			return -1;
		}
		s = strrchr(p, '/');
		if (s == NULL) {
			strcpy(p, ".");
		} else if (s == p) {
			p[1] = '\0';
		} else {
			*s = '\0';
		}
	}
	if (!S_ISDIR(st.st_mode)) {
		free(p);
		errno = ENOTDIR;
		return -1;
	}
	rc = access(p, W_OK | X_OK);
	free(p);
	return rc;
}

/*
 * Remove the leftovers of killed runs beside dir/base: hidden staged
 * names ".base.meshplan-XXXXXX" whose lock nobody holds.
 */
static void
sweep(const char *cmd, const char *dir, const char *base, const char *shown)
{
	struct strbuf pfx = STRBUF_INIT, path = STRBUF_INIT;
	struct dirent *de;
	size_t nswept = 0;
	DIR *d;

	sb_printf(&pfx, "%s%s%s", *base == '.' ? "" : ".", base, STAGE_TAG);
	if ((d = opendir(dir)) == NULL) {
		sb_free(&pfx);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		int fd;

		if (strncmp(de->d_name, pfx.s, pfx.len) != 0 ||
		    strlen(de->d_name) != pfx.len + 6)
			continue;
		sb_reset(&path);
		sb_printf(&path, "%s/%s", dir, de->d_name);
		fd = open(path.s, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
		    O_CLOEXEC);
		if (fd < 0)
			continue;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			remove_tree(path.s);
			nswept++;
		}
		close(fd);
	}
	closedir(d);
	if (nswept > 0 && !quiet_notes)
		fprintf(stderr, "meshplan %s: note: removed what an "
		    "interrupted run left beside %s\n", cmd, shown);
	sb_free(&pfx);
	sb_free(&path);
}

/*
 * Stage e: a hidden file or folder beside e->final, locked. 0, or -1
 * with errno.
 */
static int
stage(struct outdir *e)
{
	char *dir, *base, *tmpl = NULL;
	struct stat a, b;
	int tries, fd = -1, rc = -1;

	split_path(e->final, &dir, &base);
	for (tries = 0; tries < 8; tries++) {
		free(tmpl);
		tmpl = xmalloc(strlen(dir) + strlen(base) + 32);
		sprintf(tmpl, "%s/%s%s%sXXXXXX", dir, *base == '.' ? "" : ".",
		    base, STAGE_TAG);
		if (e->kind == K_FILE) {
			if ((fd = mkstemp(tmpl)) < 0)
				break;
		} else {
			if (mkdtemp(tmpl) == NULL)
				break;
			if ((fd = open(tmpl, O_RDONLY | O_DIRECTORY |
			    O_CLOEXEC)) < 0) {
				rmdir(tmpl);
				break;
			}
		}
		/* A concurrent sweep may take the name before the lock:
		 * then it is gone, and another name is tried. */
		if (flock(fd, LOCK_EX) == 0 && fstat(fd, &a) == 0 &&
		    lstat(tmpl, &b) == 0 && a.st_ino == b.st_ino &&
		    a.st_dev == b.st_dev) {
			rc = 0;
			break;
		}
		close(fd);
		fd = -1;
	}
	if (rc == 0) {
		if (e->kind != K_FILE && chmod(tmpl, out_dir_mode()) != 0) {
			int err = errno;

			remove_tree(tmpl);
			close(fd);
			free(tmpl);
			free(dir);
			free(base);
			errno = err;
			return -1;
		}
		pthread_mutex_lock(&reg_mu);
		e->staging = tmpl;
		e->fd = fd;
		pthread_mutex_unlock(&reg_mu);
		tmpl = NULL;
	}
	free(tmpl);
	free(dir);
	free(base);
	return rc;
}

/* ---- the manifest ---- */

/*
 * Walk root/rel: regular files into files, folders into dirs, anything
 * else into other (all relative paths). -1 with errno when a folder
 * cannot be read.
 */
static int
walk(const char *root, const char *rel, struct strvec *files,
    struct strvec *dirs, struct strvec *other)
{
	struct strbuf full = STRBUF_INIT;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int rc = 0;

	sb_printf(&full, "%s%s%s", root, *rel ? "/" : "", rel);
	d = opendir(full.s);
	sb_free(&full);
	if (d == NULL)
		return -1;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		struct strbuf sub = STRBUF_INIT, path = STRBUF_INIT;

		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		sb_printf(&sub, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		sb_printf(&path, "%s/%s", root, sub.s);
		if (lstat(path.s, &st) != 0) {
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			strvec_push(dirs, xstrdup(sub.s));
			rc = walk(root, sub.s, files, dirs, other);
		} else if (S_ISREG(st.st_mode)) {
			strvec_push(files, sb_detach(&sub));
		} else {
			strvec_push(other, sb_detach(&sub));
		}
		sb_free(&sub);
		sb_free(&path);
	}
	closedir(d);
	return rc;
}

static bool
is_git(const char *rel)
{
	const char *s = strrchr(rel, '/');

	return mp_strcaseeq(s != NULL ? s + 1 : rel, ".git");
}

static bool
listed(const struct strvec *m, const char *rel)
{
	return strvec_has(m, rel);
}

/* Is some listed file under folder rel? */
static bool
listed_under(const struct strvec *m, const char *rel)
{
	size_t n = strlen(rel), i;

	for (i = 0; i < m->n; i++)
		if (strncmp(m->v[i], rel, n) == 0 && m->v[i][n] == '/')
			return true;
	return false;
}

static int
read_manifest(const char *dir, struct strvec *m)
{
	struct strbuf path = STRBUF_INIT;
	char line[PATH_MAX + 2];
	FILE *fp;

	sb_printf(&path, "%s/%s", dir, MANIFEST_NAME);
	fp = fopen(path.s, "r");
	sb_free(&path);
	if (fp == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		strvec_push(m, xstrdup(line));
	}
	fclose(fp);
	strvec_sort(m);
	return 0;
}

int
outdir_owned(const char *path, char **why)
{
	struct strvec files = { 0 }, dirs = { 0 }, other = { 0 },
	    man = { 0 }, bad = { 0 };
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	const char *git = NULL;
	size_t i;
	int rc = -1;

	*why = NULL;
	if (lstat(path, &st) != 0) {
		sb_printf(&sb, "%s", strerror(errno));
		goto out;
	}
	if (S_ISLNK(st.st_mode)) {
		sb_puts(&sb, "it is a symbolic link (name the folder itself)");
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		sb_puts(&sb, "it is not a folder");
		goto out;
	}
	if (walk(path, "", &files, &dirs, &other) != 0) {
		sb_printf(&sb, "cannot read it: %s", strerror(errno));
		goto out;
	}
	if (files.n + dirs.n + other.n == 0) {
		rc = 0;
		goto out;
	}
	strvec_sort(&dirs);
	strvec_sort(&files);
	strvec_sort(&other);
	for (i = 0; i < dirs.n && git == NULL; i++)
		if (is_git(dirs.v[i]))
			git = dirs.v[i];
	for (i = 0; i < files.n + other.n && git == NULL; i++) {
		const char *f = i < files.n ? files.v[i] : other.v[i -
		    files.n];

		if (is_git(f))
			git = f;
	}
	if (git != NULL) {
		sb_printf(&sb, "it holds %s (a git repository): meshplan "
		    "never replaces a repository", git);
		goto out;
	}
	if (read_manifest(path, &man) != 0) {
		sb_puts(&sb, "it has no " MANIFEST_NAME ", so meshplan did "
		    "not write it");
		goto out;
	}
	for (i = 0; i < files.n; i++)
		if (strcmp(files.v[i], MANIFEST_NAME) != 0 &&
		    !listed(&man, files.v[i]))
			strvec_push(&bad, xstrdup(files.v[i]));
	for (i = 0; i < other.n; i++)
		strvec_push(&bad, xstrdup(other.v[i]));
	for (i = 0; i < dirs.n; i++)
		if (!listed_under(&man, dirs.v[i]))
			strvec_push(&bad, xstrdup(dirs.v[i]));
	if (bad.n > 0) {
		strvec_sort(&bad);
		sb_printf(&sb, "it holds %s", bad.v[0]);
		if (bad.n > 1)
			sb_printf(&sb, " and %zu more", bad.n - 1);
		sb_printf(&sb, ", which meshplan did not write (not in its "
		    MANIFEST_NAME ")");
		goto out;
	}
	rc = 0;
out:
	if (rc != 0)
		*why = sb_detach(&sb);
	sb_free(&sb);
	strvec_free(&files);
	strvec_free(&dirs);
	strvec_free(&other);
	strvec_free(&man);
	strvec_free(&bad);
	return rc;
}

int
manifest_write(const char *dir)
{
	struct strvec files = { 0 }, dirs = { 0 }, other = { 0 };
	struct strbuf path = STRBUF_INIT;
	size_t i;
	FILE *fp;
	int rc = -1, fd, err = 0;

	if (walk(dir, "", &files, &dirs, &other) != 0) {
		err = errno;
		goto out;
	}
	strvec_sort(&files);
	sb_printf(&path, "%s/%s", dir, MANIFEST_NAME);
	fd = open(path.s, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0 || (fp = fdopen(fd, "w")) == NULL) {
		err = errno;
		if (fd >= 0)
			close(fd);
		goto out;
	}
	fputs("# meshplan output folder: every file meshplan wrote here.\n"
	    "# 'meshplan --force' replaces this folder only while every file"
	    " in it\n# is listed below and it holds no .git.\n", fp);
	for (i = 0; i < files.n; i++)
		if (strcmp(files.v[i], MANIFEST_NAME) != 0)
			fprintf(fp, "%s\n", files.v[i]);
	if (fflush(fp) != 0 || ferror(fp))
		err = errno;
	if (fclose(fp) != 0 && err == 0)
		err = errno;
	if (err == 0)
		rc = 0;
out:
	strvec_free(&files);
	strvec_free(&dirs);
	strvec_free(&other);
	sb_free(&path);
	errno = err;
	return rc;
}

/* ---- single files ---- */

/*
 * A device, pipe or socket (-o /dev/stdout, -o /dev/null, a FIFO) is a
 * stream: written in place, never staged or replaced (renaming over
 * /dev/stdout would replace the device's name, not write to it). Names
 * under /dev/ and /proc/self/fd/ are streams whatever they point to
 * (/dev/stdout is a regular file when standard output is redirected).
 */
static bool
is_stream(const char *path)
{
	struct stat st;

	if (strncmp(path, "/dev/", 5) == 0 ||
	    strncmp(path, "/proc/self/fd/", 14) == 0)
		return true;
	return stat(path, &st) == 0 && (S_ISCHR(st.st_mode) ||
	    S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
}


static struct outdir *
find_file(const char *path)
{
	struct outdir *e = NULL;
	size_t i;

	pthread_mutex_lock(&reg_mu);
	for (i = 0; i < nreg; i++)
		if (reg[i]->kind == K_FILE && !reg[i]->done &&
		    strcmp(reg[i]->final, path) == 0)
			e = reg[i];
	pthread_mutex_unlock(&reg_mu);
	return e;
}

static int
file_check(const char *cmd, const char *path, bool force,
    struct outdir **out)
{
	struct stat st;
	char *dir, *base;
	struct outdir *e;
	size_t n = strlen(path);

	*out = NULL;
	if (n == 0 || path[n - 1] == '/' ||
	    (stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
		fprintf(stderr, "meshplan %s: %s is a folder; -o wants a file "
		    "name here\n", cmd, path);
		return EXIT_USAGE;
	}
	if (!force && lstat(path, &st) == 0) {
		fprintf(stderr, "meshplan %s: %s exists; not replacing it "
		    "(use --force)\n", cmd, path);
		return EXIT_USAGE;
	}
	split_path(path, &dir, &base);
	if (dir_writable(dir) != 0) {
		fprintf(stderr, "meshplan %s: cannot write %s: %s\n", cmd,
		    path, strerror(errno));
		free(dir);
		free(base);
		return EXIT_USAGE;
	}
	e = entry_new(K_FILE, cmd, path, force);
	if (stat(dir, &st) == 0) {
		sweep(cmd, dir, base, path);
		if (stage(e) != 0) {
			fprintf(stderr, "meshplan %s: cannot write %s: %s\n",
			    cmd, path, strerror(errno));
			free(dir);
			free(base);
			return EXIT_USAGE;
		}
	}
	free(dir);
	free(base);
	*out = e;
	return EXIT_OK;
}

int
output_prepare(const char *cmd, const char *path, bool force)
{
	struct outdir *e;

	if (path == NULL || strcmp(path, "-") == 0 || find_file(path) != NULL ||
	    is_stream(path))
		return EXIT_OK;
	return file_check(cmd, path, force, &e);
}

static int
write_stream(const char *cmd, const char *path,
    int (*put)(FILE *fp, void *ctx), void *ctx)
{
	FILE *fp = fopen(path, "w");
	int err;

	if (fp == NULL) {
		fprintf(stderr, "meshplan %s: cannot write %s: %s\n", cmd, path,
		    strerror(errno));
		return EXIT_USAGE;
	}
	errno = 0;
	if (put(fp, ctx) != 0 || fflush(fp) != 0 || ferror(fp)) {
		err = errno;
		fclose(fp);
		fprintf(stderr, "meshplan %s: writing %s: %s\n", cmd, path,
		    err != 0 ? strerror(err) : "write error");
		return EXIT_USAGE;
	}
	if (fclose(fp) != 0) {
		fprintf(stderr, "meshplan %s: writing %s: %s\n", cmd, path,
		    strerror(errno));
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int
write_stdout(const char *cmd, int (*put)(FILE *fp, void *ctx), void *ctx)
{
	if (put(stdout, ctx) != 0 || fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "meshplan %s: writing to standard output: "
		    "%s\n", cmd, strerror(errno));
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* Put the staged file in place. 0, or -1 with *msg set. */
static int
file_place(struct outdir *e, const char **msg)
{
	struct stat st;
	int r;

	*msg = NULL;
	if (stat(e->final, &st) == 0 && S_ISDIR(st.st_mode)) {
		*msg = "it is now a folder";
		return -1;
	}
	if (e->force)
		return rename(e->staging, e->final);
#ifdef RENAME_NOREPLACE
	r = renameat2(AT_FDCWD, e->staging, AT_FDCWD, e->final,
	    RENAME_NOREPLACE);
	if (r == 0 || (errno != EINVAL && errno != ENOSYS))
		goto done;
#endif
	/* No RENAME_NOREPLACE here: link() fails when the name exists. */
	r = link(e->staging, e->final);
	if (r == 0) {
		unlink(e->staging);
	} else if (errno == EPERM || errno == EOPNOTSUPP) {
		/* A file system without hard links: check, then rename. */
		if (lstat(e->final, &st) == 0) {
			errno = EEXIST;
			r = -1;
		} else {
			r = rename(e->staging, e->final);
		}
	}
#ifdef RENAME_NOREPLACE
done:
#endif
	if (r != 0 && errno == EEXIST)
		*msg = "it was created meanwhile (by another run?); not "
		    "replacing it (use --force)";
	return r;
}

int
output_write(const char *cmd, const char *path, bool force,
    int (*put)(FILE *fp, void *ctx), void *ctx)
{
	struct outdir *e;
	const char *msg;
	char *dir, *base;
	FILE *fp;
	int rc, fd;

	if (path == NULL || strcmp(path, "-") == 0)
		return write_stdout(cmd, put, ctx);
	if ((e = find_file(path)) == NULL && is_stream(path))
		return write_stream(cmd, path, put, ctx);
	if (e == NULL &&
	    (rc = file_check(cmd, path, force, &e)) != EXIT_OK)
		return rc;
	if (e->staging == NULL) {
		/* The folder did not exist when checked: make it now. */
		split_path(path, &dir, &base);
		rc = make_dirs(dir, e);
		if (rc == 0)
			sweep(cmd, dir, base, path);
		free(dir);
		free(base);
		if (rc != 0 || stage(e) != 0) {
			fprintf(stderr, "meshplan %s: cannot write %s: %s\n",
			    cmd, path, strerror(errno));
			goto fail;
		}
	}
	if ((fd = dup(e->fd)) < 0 || (fp = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "meshplan %s: cannot write %s: %s\n", cmd,
		    path, strerror(errno));
		goto fail;
	}
	errno = 0;
	rc = put(fp, ctx);
	if (rc != 0 || fflush(fp) != 0 || ferror(fp) ||
	    fchmod(e->fd, out_file_mode()) != 0 || fsync(e->fd) != 0) {
		fprintf(stderr, "meshplan %s: writing %s: %s\n", cmd, path,
		    errno != 0 ? strerror(errno) : "write error");
		fclose(fp);
		goto fail;
	}
	if (fclose(fp) != 0) {
		fprintf(stderr, "meshplan %s: writing %s: %s\n", cmd, path,
		    strerror(errno));
		goto fail;
	}
	pthread_mutex_lock(&reg_mu);
	if (file_place(e, &msg) != 0) {
		fprintf(stderr, "meshplan %s: %s: %s\n", cmd, path,
		    msg != NULL ? msg : strerror(errno));
		pthread_mutex_unlock(&reg_mu);
		goto fail;
	}
	close(e->fd);
	e->fd = -1;
	e->done = e->committed = true;
	pthread_mutex_unlock(&reg_mu);
	return EXIT_OK;
fail:
	pthread_mutex_lock(&reg_mu);
	entry_clean(e);
	pthread_mutex_unlock(&reg_mu);
	return EXIT_USAGE;
}

/* ---- folders ---- */

static bool
dir_has_entries(const char *path)
{
	struct dirent *de;
	DIR *d = opendir(path);
	bool any = false;

	if (d == NULL)
		return false;
	while (!any && (de = readdir(d)) != NULL)
		any = strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0;
	closedir(d);
	return any;
}

struct outdir *
outdir_open(const char *cmd, const char *path0, bool force)
{
	struct outdir *e;
	struct stat st;
	char *path = strip_slashes(path0), *dir, *base, *why = NULL;

	split_path(path, &dir, &base);
	if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 ||
	    strcmp(path, "/") == 0) {
		fprintf(stderr, "meshplan %s: %s: name the output folder "
		    "itself (meshplan replaces it whole)\n", cmd, path0);
		goto fail;
	}
	if (lstat(path, &st) == 0) {
		if (outdir_owned(path, &why) != 0) {
			fprintf(stderr, "meshplan %s: %s exists and %s; not "
			    "replacing it (remove it yourself or choose "
			    "another folder)\n", cmd, path0, why);
			goto fail;
		}
		if (!force && dir_has_entries(path)) {
			fprintf(stderr, "meshplan %s: %s exists; not replacing "
			    "it (use --force)\n", cmd, path0);
			goto fail;
		}
	}
	if (dir_writable(dir) != 0) {
		fprintf(stderr, "meshplan %s: cannot write %s: %s\n", cmd,
		    path0, strerror(errno));
		goto fail;
	}
	/* The folders made for it are removed again unless it is written. */
	e = entry_new(K_DIR, cmd, path, force);
	if (make_dirs(dir, e) != 0) {
		fprintf(stderr, "meshplan %s: cannot create %s: %s\n", cmd,
		    dir, strerror(errno));
		outdir_abort(e);
		goto fail;
	}
	sweep(cmd, dir, base, path0);
	if (stage(e) != 0) {
		fprintf(stderr, "meshplan %s: cannot write %s: %s\n", cmd,
		    path0, strerror(errno));
		outdir_abort(e);
		goto fail;
	}
	free(path);
	free(dir);
	free(base);
	return e;
fail:
	free(why);
	free(path);
	free(dir);
	free(base);
	return NULL;
}

const char *
outdir_root(const struct outdir *d)
{
	return d->staging;
}

const char *
outdir_shown(const char *root)
{
	const char *shown = NULL;
	size_t i;

	pthread_mutex_lock(&reg_mu);
	for (i = 0; i < nreg && shown == NULL; i++)
		if (reg[i]->kind == K_DIR && reg[i]->staging != NULL &&
		    strcmp(reg[i]->staging, root) == 0)
			shown = reg[i]->final;
	pthread_mutex_unlock(&reg_mu);
	return shown;
}

void
outdir_abort(struct outdir *d)
{
	if (d == NULL)
		return;
	pthread_mutex_lock(&reg_mu);
	entry_clean(d);
	pthread_mutex_unlock(&reg_mu);
}

/*
 * Swap the staged folder with the existing one. Where renameat2 has no
 * RENAME_EXCHANGE (old kernels, some network file systems), the old
 * folder is moved to a second hidden name and the new one renamed in:
 * for that moment the folder does not exist. 0, or -1 with errno.
 */
static int
exchange(struct outdir *e)
{
	char *old;
	int r;

#ifdef RENAME_EXCHANGE
	r = renameat2(AT_FDCWD, e->staging, AT_FDCWD, e->final,
	    RENAME_EXCHANGE);
	if (r == 0 || (errno != EINVAL && errno != ENOSYS))
		return r;
#endif
	old = xmalloc(strlen(e->staging) + 8);
	sprintf(old, "%.*sXXXXXX", (int)strlen(e->staging) - 6, e->staging);
	if (mkdtemp(old) == NULL || rmdir(old) != 0 ||
	    rename(e->final, old) != 0) {
		free(old);
		return -1;
	}
	if (rename(e->staging, e->final) != 0) {
		int err = errno;

		rename(old, e->final);
		free(old);
		errno = err;
		return -1;
	}
	/* The staged name now stands for the old folder, to be removed. */
	r = rename(old, e->staging);
	if (r != 0) {
		free(e->staging);
		e->staging = old;
	} else {
		free(old);
	}
	return 0;
}

int
outdir_commit(struct outdir *e)
{
	const char *cmd = e->cmd;
	struct stat st;
	char *why = NULL;
	int r;

	/* Under the lock from here: the signal clean-up never races the
	 * manifest's write or the swap. */
	pthread_mutex_lock(&reg_mu);
	if (manifest_write(e->staging) != 0) {
		fprintf(stderr, "meshplan %s: writing %s: %s\n", cmd,
		    e->final, strerror(errno));
		goto fail;
	}
	if (lstat(e->final, &st) != 0) {
#ifdef RENAME_NOREPLACE
		r = renameat2(AT_FDCWD, e->staging, AT_FDCWD, e->final,
		    RENAME_NOREPLACE);
		if (r != 0 && (errno == EINVAL || errno == ENOSYS))
			r = rename(e->staging, e->final);
#else
		r = rename(e->staging, e->final);
#endif
		if (r != 0) {
			fprintf(stderr, "meshplan %s: cannot write %s: %s\n",
			    cmd, e->final, errno == EEXIST || errno ==
			    ENOTEMPTY ? "it was created meanwhile (by another "
			    "run?); not replacing it" : strerror(errno));
			goto fail;
		}
		e->done = e->committed = true;
		close(e->fd);
		e->fd = -1;
		pthread_mutex_unlock(&reg_mu);
		return EXIT_OK;
	}
	/* It exists: it must still be meshplan's (or empty). */
	if (outdir_owned(e->final, &why) != 0 ||
	    (!e->force && dir_has_entries(e->final))) {
		fprintf(stderr, "meshplan %s: %s %s; not replacing it\n", cmd,
		    e->final, why != NULL ? why : "was written meanwhile (by "
		    "another run?)");
		goto fail;
	}
	if (exchange(e) != 0) {
		fprintf(stderr, "meshplan %s: cannot replace %s: %s\n", cmd,
		    e->final, strerror(errno));
		goto fail;
	}
	/* What was swapped out must be what was checked: files added to it
	 * meanwhile are not thrown away. */
	if (outdir_owned(e->staging, &why) != 0) {
		if (exchange(e) == 0)
			fprintf(stderr, "meshplan %s: files were added to %s "
			    "while meshplan wrote (%s); it was not replaced\n",
			    cmd, e->final, why);
		else
			fprintf(stderr, "meshplan %s: files were added to %s "
			    "while meshplan wrote (%s); the old folder could "
			    "not be put back: %s\n", cmd, e->final, why,
			    strerror(errno));
		/* Keep whatever is left: never remove it. */
		e->done = e->committed = true;
		close(e->fd);
		e->fd = -1;
		pthread_mutex_unlock(&reg_mu);
		free(why);
		return EXIT_USAGE;
	}
	e->committed = true;
	pthread_mutex_unlock(&reg_mu);
	/* The staged name holds the old folder now: remove it. */
	outdir_abort(e);
	return EXIT_OK;
fail:
	pthread_mutex_unlock(&reg_mu);
	free(why);
	outdir_abort(e);
	return EXIT_USAGE;
}

const char *
scratch_dir(const char *cmd, const char *prefix)
{
	struct outdir *e;
	const char *tmp = getenv("TMPDIR");
	char *path;

	if (tmp == NULL || *tmp != '/')
		tmp = "/tmp";
	path = xmalloc(strlen(tmp) + strlen(prefix) + 2);
	sprintf(path, "%s/%s", tmp, prefix);
	e = entry_new(K_SCRATCH, cmd, path, false);
	free(path);
	/* stage() names it "<tmp>/.<prefix>.meshplan-XXXXXX". */
	sweep(cmd, tmp, prefix, tmp);
	if (stage(e) != 0) {
		fprintf(stderr, "meshplan %s: cannot make a scratch folder in "
		    "%s: %s\n", cmd, tmp, strerror(errno));
		outdir_abort(e);
		return NULL;
	}
	return e->staging;
}
