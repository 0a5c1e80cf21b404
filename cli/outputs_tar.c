/*
 * outputs_tar.c - an output folder as a tar archive on a stream (emit
 * -o -): the files as they are made, then the folder's manifest, then the
 * end of the archive.
 *
 * The archive is POSIX ustar, which pax and every tar read. Its name field
 * holds 100 bytes, which meshplan's paths never pass (the longest is the
 * target, a wave folder of at most 24 bytes and a file name of at most
 * 48; a longer one is refused, not cut). Every entry is a regular file,
 * mode 0644, owner and group 0 with no names, and time 0: the same plan
 * gives the same bytes. Folders have no entries of their own (tar makes
 * them on extraction). An archive cut short (a failure part-way, a full
 * disk) has no end-of-archive blocks: tar and other readers report it as
 * truncated, so a partial output is never taken for a whole one.
 */
#include "outputs.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "outputs_impl.h"

#define BLOCK 512

void
tar_init(struct tar_out *t, FILE *fp, const char *cmd)
{
	memset(t, 0, sizeof(*t));
	t->fp = fp;
	t->cmd = cmd;
	sb_init(&t->file);
}

void
tar_free(struct tar_out *t)
{
	sb_free(&t->file);
	strvec_free(&t->paths);
}

static int
put(struct tar_out *t, const void *p, size_t n)
{
	if (t->failed)
		return -1;
	errno = 0;
	if (n > 0 && fwrite(p, 1, n, t->fp) != n) {
		fprintf(stderr, "meshplan %s: standard output: %s\n", t->cmd,
		    strerror(errno != 0 ? errno : EIO));
		t->failed = true;
		return -1;
	}
	return 0;
}

/* Zeros up to the next block boundary after n bytes. */
static int
pad(struct tar_out *t, size_t n)
{
	static const char zero[BLOCK];

	return n % BLOCK == 0 ? 0 : put(t, zero, BLOCK - n % BLOCK);
}

/* An octal field of width w: w - 1 digits and a NUL. */
static void
octal(char *f, size_t w, unsigned long long v)
{
	snprintf(f, w, "%0*llo", (int)(w - 1), v);
}

/* The ustar header of a regular file of size bytes at name (<= 100). */
static int
header(struct tar_out *t, const char *name, size_t nname, size_t size)
{
	unsigned char h[BLOCK];
	unsigned sum = 0;
	size_t i;

	memset(h, 0, sizeof(h));
	memcpy(h, name, nname);
	octal((char *)h + 100, 8, 0644);
	octal((char *)h + 108, 8, 0);
	octal((char *)h + 116, 8, 0);
	octal((char *)h + 124, 12, size);
	octal((char *)h + 136, 12, 0);
	h[156] = '0';
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	/* The checksum is taken with its own field as spaces. */
	memset(h + 148, ' ', 8);
	for (i = 0; i < sizeof(h); i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	return put(t, h, sizeof(h));
}

int
tar_put(struct tar_out *t, const char *path, const char *text, size_t len)
{
	size_t n = strlen(path);

	if (t->failed)
		return -1;
	if (n > 100) {
		/* Names are at most 48 bytes (lib/names.h) under a target
		 * and a wave folder: this does not happen. */
		fprintf(stderr,
		    "meshplan %s: %s: path too long for a tar archive; "
		    "use -o DIR\n",
		    t->cmd, path);
		t->failed = true;
		return -1;
	}
	strvec_push(&t->paths, xstrdup(path));
	if (header(t, path, n, len) != 0)
		return -1;
	if (put(t, text, len) != 0 || pad(t, len) != 0)
		return -1;
	return 0;
}

int
tar_finish(struct tar_out *t)
{
	static const char zero[2 * BLOCK];
	struct strbuf man = STRBUF_INIT;
	int rc;

	strvec_sort(&t->paths);
	manifest_text(&man, &t->paths);
	rc = tar_put(t, MANIFEST_NAME, man.s, man.len);
	sb_free(&man);
	if (rc != 0 || put(t, zero, sizeof(zero)) != 0)
		return -1;
	errno = 0;
	if (fflush(t->fp) != 0 || ferror(t->fp)) {
		fprintf(stderr, "meshplan %s: standard output: %s\n", t->cmd,
		    strerror(errno != 0 ? errno : EIO));
		t->failed = true;
		return -1;
	}
	return 0;
}
