/*
 * outputs_dir.c - output folders (-o DIR of emit and batch, pr's
 * --body-dir) and scratch folders (see outputs.h): checked before the
 * work, staged beside the destination, their files and folders flushed
 * to disk (put_file, manifest_write), then swapped in whole
 * (renameat2 RENAME_EXCHANGE where the kernel has it) and the folder
 * that holds them synced after.
 */
#define _GNU_SOURCE /* renameat2 and RENAME_* (glibc 2.28+) */

#include "outputs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/util.h"
#include "cli.h"
#include "outputs_impl.h"

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
		fprintf(stderr,
		    "meshplan %s: %s: name the output folder "
		    "itself (meshplan replaces it whole)\n",
		    cmd, path0);
		goto fail;
	}
	if (lstat(path, &st) == 0) {
		if (outdir_owned(path, &why) != 0) {
			fprintf(stderr,
			    "meshplan %s: %s exists and %s; not "
			    "replacing it (remove it yourself or choose "
			    "another folder)\n",
			    cmd, path0, why);
			goto fail;
		}
		if (!force && dir_has_entries(path)) {
			fprintf(stderr,
			    "meshplan %s: %s exists; not replacing "
			    "it (use --force)\n",
			    cmd, path0);
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
		fprintf(stderr, "meshplan %s: cannot create %s: %s\n", cmd, dir,
		    strerror(errno));
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

static bool
is_dir_staged_at(const struct outdir *e, const void *root)
{
	return e->kind == K_DIR && e->staging != NULL &&
	    strcmp(e->staging, root) == 0;
}

const char *
outdir_shown(const char *root)
{
	const struct outdir *e = entry_find(is_dir_staged_at, root);

	return e != NULL ? e->final : NULL;
}

void
outdir_abort(struct outdir *d)
{
	if (d == NULL)
		return;
	outputs_lock();
	entry_clean(d);
	outputs_unlock();
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
	outputs_lock();
	if (manifest_write(e->staging) != 0) {
		fprintf(stderr, "meshplan %s: writing %s: %s\n", cmd, e->final,
		    strerror(errno));
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
			    cmd, e->final,
			    errno == EEXIST || errno == ENOTEMPTY ?
				"it was created meanwhile (by another "
				"run?); not replacing it" :
				strerror(errno));
			goto fail;
		}
		e->done = e->committed = true;
		close(e->fd);
		e->fd = -1;
		outputs_unlock();
		entry_sync_placed(e);
		return EXIT_OK;
	}
	/* It exists: it must still be meshplan's (or empty). */
	if (outdir_owned(e->final, &why) != 0 ||
	    (!e->force && dir_has_entries(e->final))) {
		fprintf(stderr, "meshplan %s: %s %s; not replacing it\n", cmd,
		    e->final,
		    why != NULL ? why :
				  "was written meanwhile (by "
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
			fprintf(stderr,
			    "meshplan %s: files were added to %s "
			    "while meshplan wrote (%s); it was not replaced\n",
			    cmd, e->final, why);
		else
			fprintf(stderr,
			    "meshplan %s: files were added to %s "
			    "while meshplan wrote (%s); the old folder could "
			    "not be put back: %s\n",
			    cmd, e->final, why, strerror(errno));
		/* Keep whatever is left: never remove it. */
		e->done = e->committed = true;
		close(e->fd);
		e->fd = -1;
		outputs_unlock();
		free(why);
		return EXIT_USAGE;
	}
	e->committed = true;
	outputs_unlock();
	entry_sync_placed(e);
	/* The staged name holds the old folder now: remove it. */
	outdir_abort(e);
	return EXIT_OK;
fail:
	outputs_unlock();
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
		fprintf(stderr,
		    "meshplan %s: cannot make a scratch folder in "
		    "%s: %s\n",
		    cmd, tmp, strerror(errno));
		outdir_abort(e);
		return NULL;
	}
	return e->staging;
}

/* "meshplan CMD: writing DIR/rel: why", DIR the user's name of root. */
static void
staged_error(const struct staged_file *f, int err)
{
	const char *shown = outdir_shown(f->root);

	fprintf(stderr, "meshplan %s: writing %s%s%s: %s\n", cli_cmd_name,
	    shown != NULL ? shown : "", shown != NULL ? "/" : "", f->rel,
	    err != 0 ? strerror(err) : "short write");
}

int
staged_open(struct staged_file *f, const char *root, const char *rel)
{
	char *path = xmalloc(strlen(root) + strlen(rel) + 2), *slash;
	int err;

	f->root = root;
	f->rel = xstrdup(rel);
	f->failed = false;
	sprintf(path, "%s/%s", root, rel);
	slash = strrchr(path, '/');
	outputs_lock();
	*slash = '\0';
	f->fd = -1;
	if (make_dirs(path, NULL) == 0) {
		*slash = '/';
		f->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    0666);
	}
	err = errno;
	outputs_unlock();
	free(path);
	if (f->fd < 0) {
		staged_error(f, err);
		f->failed = true;
		return -1;
	}
	return 0;
}

int
staged_write(struct staged_file *f, const char *text, size_t len)
{
	size_t off = 0;
	ssize_t w;

	if (f->failed)
		return -1;
	outputs_lock();
	errno = 0;
	while (off < len) {
		w = write(f->fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	outputs_unlock();
	if (off < len) {
		staged_error(f, errno);
		f->failed = true;
		return -1;
	}
	return 0;
}

int
staged_close(struct staged_file *f)
{
	int rc = f->failed ? -1 : 0;

	if (f->fd >= 0) {
		outputs_lock();
		/* On disk before the folder is put in place (outdir_commit). */
		if (rc == 0 && fsync(f->fd) != 0) {
			staged_error(f, errno);
			rc = -1;
		}
		if (close(f->fd) != 0 && rc == 0) {
			staged_error(f, errno);
			rc = -1;
		}
		f->fd = -1;
		outputs_unlock();
	}
	free(f->rel);
	f->rel = NULL;
	return rc;
}

int
staged_link(const char *root, const char *from, const char *rel)
{
	char *src = xmalloc(strlen(root) + strlen(from) + 2);
	char *dst = xmalloc(strlen(root) + strlen(rel) + 2), *slash;
	int rc = -1;

	sprintf(src, "%s/%s", root, from);
	sprintf(dst, "%s/%s", root, rel);
	slash = strrchr(dst, '/');
	outputs_lock();
	*slash = '\0';
	if (make_dirs(dst, NULL) == 0) {
		*slash = '/';
		rc = link(src, dst);
	}
	outputs_unlock();
	free(src);
	free(dst);
	return rc == 0 ? 0 : -1;
}

int
put_file(const char *root, const char *rel, const char *text, size_t len)
{
	struct staged_file f;

	if (staged_open(&f, root, rel) != 0) {
		staged_close(&f);
		return -1;
	}
	staged_write(&f, text, len);
	return staged_close(&f);
}
