/*
 * outputs_file.c - single-file outputs (-o FILE) and standard output
 * (see outputs.h): checked before the work, staged beside the
 * destination, flushed to disk (fsync), then put in place in one step
 * (rename, or renameat2 RENAME_NOREPLACE / link when it must not replace
 * anything), and the folder synced after. Devices, FIFOs and sockets are
 * written in place as streams.
 */
#define _GNU_SOURCE /* renameat2 and RENAME_* (glibc 2.28+) */

#include "outputs.h"

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
	return stat(path, &st) == 0 &&
	    (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) ||
		S_ISSOCK(st.st_mode));
}

static bool
is_file_at(const struct outdir *e, const void *path)
{
	return e->kind == K_FILE && !e->done && strcmp(e->final, path) == 0;
}

/* The staged file output of path (output_prepare), or NULL. */
static struct outdir *
find_file(const char *path)
{
	return entry_find(is_file_at, path);
}

static int
file_check(const char *cmd, const char *path, bool force, struct outdir **out)
{
	struct stat st;
	char *dir, *base;
	struct outdir *e;
	size_t n = strlen(path);

	*out = NULL;
	if (n == 0 || path[n - 1] == '/' ||
	    (stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
		fprintf(stderr,
		    "meshplan %s: %s is a folder; -o wants a file "
		    "name here\n",
		    cmd, path);
		return EXIT_USAGE;
	}
	if (!force && lstat(path, &st) == 0) {
		fprintf(stderr,
		    "meshplan %s: %s exists; not replacing it "
		    "(use --force)\n",
		    cmd, path);
		return EXIT_USAGE;
	}
	split_path(path, &dir, &base);
	if (dir_writable(dir) != 0) {
		fprintf(stderr, "meshplan %s: cannot write %s: %s\n", cmd, path,
		    strerror(errno));
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
write_stream(const char *cmd, const char *path, int (*put)(FILE *fp, void *ctx),
    void *ctx)
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
		fprintf(stderr,
		    "meshplan %s: writing to standard output: "
		    "%s\n",
		    cmd, strerror(errno));
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
	if (e == NULL && (rc = file_check(cmd, path, force, &e)) != EXIT_OK)
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
		int err = errno;

		if (fd >= 0)
			close(fd);
		fprintf(stderr, "meshplan %s: cannot write %s: %s\n", cmd, path,
		    strerror(err));
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
	outputs_lock();
	if (file_place(e, &msg) != 0) {
		fprintf(stderr, "meshplan %s: %s: %s\n", cmd, path,
		    msg != NULL ? msg : strerror(errno));
		outputs_unlock();
		goto fail;
	}
	close(e->fd);
	e->fd = -1;
	e->done = e->committed = true;
	outputs_unlock();
	entry_sync_placed(e);
	return EXIT_OK;
fail:
	outputs_lock();
	entry_clean(e);
	outputs_unlock();
	return EXIT_USAGE;
}
