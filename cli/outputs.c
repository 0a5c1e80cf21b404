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
 *
 * The rest of the layer: outputs_manifest.c (the manifest and who owns a
 * folder), outputs_file.c (single files and standard output),
 * outputs_dir.c (folders and scratch folders); outputs_impl.h is what
 * they share.
 */
#define _GNU_SOURCE /* renameat2 and RENAME_* (glibc 2.28+) */

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
#include "outputs_impl.h"

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

void
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

void
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

struct outdir *
entry_new(enum out_kind kind, const char *cmd, const char *final, bool force)
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

char *
strip_slashes(const char *path)
{
	char *p = xstrdup(path);
	size_t n = strlen(p);

	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	return p;
}

void
split_path(const char *path, char **dir, char **base)
{
	const char *s = strrchr(path, '/');

	if (s == NULL) {
		*dir = xstrdup(".");
		*base = xstrdup(path);
	} else {
		*dir = s == path ? xstrdup("/") :
				   xstrndup(path, (size_t)(s - path));
		*base = xstrdup(s + 1);
	}
}

/*
 * mkdir -p with the umask's mode; the folders it made are added to e's
 * list (when e is not NULL). 0, or -1 with errno.
 */
int
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
				e->made = xrealloc(e->made,
				    (e->nmade + 1) * sizeof(*e->made));
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
int
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
void
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
		fd = open(path.s,
		    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
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
		fprintf(stderr,
		    "meshplan %s: note: removed what an "
		    "interrupted run left beside %s\n",
		    cmd, shown);
	sb_free(&pfx);
	sb_free(&path);
}

/*
 * Stage e: a hidden file or folder beside e->final, locked. 0, or -1
 * with errno.
 */
int
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
			if ((fd = open(tmpl,
				 O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
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

struct outdir *
entry_find(bool (*match)(const struct outdir *e, const void *key),
    const void *key)
{
	struct outdir *e = NULL;
	size_t i;

	pthread_mutex_lock(&reg_mu);
	for (i = 0; i < nreg && e == NULL; i++)
		if (match(reg[i], key))
			e = reg[i];
	pthread_mutex_unlock(&reg_mu);
	return e;
}

/* ---- on disk before it is put in place ---- */

int
sync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc, err;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	err = errno;
	close(fd);
	/* Some file systems cannot sync a folder; nothing more to do. */
	if (rc != 0 && err == EINVAL)
		rc = 0;
	errno = err;
	return rc;
}

int
sync_parent(const char *path)
{
	char *dir, *base;
	int rc;

	split_path(path, &dir, &base);
	rc = sync_path(dir);
	free(dir);
	free(base);
	return rc;
}

void
entry_sync_placed(const struct outdir *e)
{
	size_t i;

	/* It is in place whatever a sync says: nothing to undo then. */
	(void)sync_parent(e->final);
	for (i = 0; i < e->nmade; i++)
		(void)sync_parent(e->made[i]);
}
