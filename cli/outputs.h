/*
 * outputs.h - how meshplan writes what it writes: single files and whole
 * output folders, checked before the work starts, staged under a hidden
 * name beside the destination, and put in place in one step; temporary
 * names are removed on SIGINT, SIGTERM and SIGHUP and swept by the next
 * run after a SIGKILL. docs/cli.md describes the behaviour for users.
 *
 * Invariants:
 * - A destination is never partly written: a file appears whole (rename,
 *   or link/RENAME_NOREPLACE when it must not replace anything) and a
 *   folder is swapped whole (renameat2 RENAME_EXCHANGE where the kernel
 *   and file system have it).
 * - An existing folder is only replaced when meshplan wrote it: its
 *   manifest (.meshplan-output) lists every file in it and it holds no
 *   .git. An empty folder counts as meshplan's.
 * - No message names a temporary path; the user's path is named.
 * - Modes follow the umask (files 0666, folders 0777, less the umask).
 * - What is put in place is on disk first: every file and folder is
 *   flushed (fsync) before the rename or swap, and the folder that holds
 *   it after.
 *
 * Files: outputs.c (registry, signals, staging), outputs_file.c,
 * outputs_dir.c, outputs_manifest.c.
 */
#ifndef MESHPLAN_OUTPUTS_H
#define MESHPLAN_OUTPUTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"

/* The manifest's name in every output folder. */
#define MANIFEST_NAME ".meshplan-output"

/*
 * Process set-up, first thing in main: read the umask, block SIGINT,
 * SIGTERM and SIGHUP in every thread and start the thread that cleans
 * up and re-raises them. outputs_child() undoes the blocking in a forked
 * child before it runs another program.
 */
void outputs_init(void);
void outputs_child(void);
/* Remove every staged output not committed (main calls it at the end). */
void outputs_abort_all(void);
/* Quiet: no note about swept leftovers. */
void outputs_set_quiet(bool quiet);

/* The mode of new files and folders after the umask. */
mode_t out_file_mode(void);
mode_t out_dir_mode(void);

/* Serialise writes into staged folders against the signal clean-up. */
void outputs_lock(void);
void outputs_unlock(void);

/*
 * Check a file output before the work: its folder exists (or can be made
 * from the nearest existing one) and is writable, it is not a folder, and
 * it does not exist unless force. Stages the file (so the check is a real
 * write). "-" and NULL are standard output (nothing to check). Returns 0,
 * or 2 after printing "meshplan CMD: PATH: why".
 */
int output_prepare(const char *cmd, const char *path, bool force);

/*
 * Write path with put's bytes (put returns 0, or -1 with errno set): the
 * staged file of output_prepare (staged now when there is none), then
 * put in place. "-" or NULL: standard output, checked. Returns 0 or 2.
 */
int output_write(const char *cmd, const char *path, bool force,
    int (*put)(FILE *fp, void *ctx), void *ctx);

struct outdir;

/*
 * An output folder: checks path (an existing one only with force and
 * only when meshplan wrote it; an empty one is fine without force) and
 * stages an empty folder beside it. NULL after printing why.
 */
struct outdir *outdir_open(const char *cmd, const char *path, bool force);
/* Where to write the folder's files (a staged path: never print it). */
const char *outdir_root(const struct outdir *d);
/*
 * The user's name for a staged root (the -o DIR whose staged folder root
 * is), or NULL when root is not a staged output folder (a scratch one).
 */
const char *outdir_shown(const char *root);
/*
 * Write the manifest and put the folder in place (swapped with the old
 * one, which is then removed). 0, or 2 after printing why (the old
 * folder is then as it was).
 */
int outdir_commit(struct outdir *d);
/* Drop the staged folder. */
void outdir_abort(struct outdir *d);

/*
 * A file written into a staged or scratch folder root (outdir_root,
 * scratch_dir), piece by piece: staged_open makes its folders and opens
 * root/rel (umask modes); staged_write appends; staged_close flushes it
 * to disk (fsync) and closes it. Each returns 0, or -1 after printing
 * why, naming the user's path; after a failure staged_write does nothing
 * and staged_close only closes (and returns -1). Each call holds
 * outputs_lock(): a signal's clean-up never races a write.
 */
struct staged_file {
	int fd;
	const char *root;
	char *rel; /* malloc'd */
	bool failed;
};
int staged_open(struct staged_file *f, const char *root, const char *rel);
int staged_write(struct staged_file *f, const char *text, size_t len);
int staged_close(struct staged_file *f);
/* The three at once: root/rel holds the len bytes of text. 0 or -1. */
int put_file(const char *root, const char *rel, const char *text, size_t len);
/*
 * root/rel made a hard link to root/from (a file already written and
 * flushed): 0, or -1 with nothing printed and nothing made (a file
 * system without hard links, or any other failure: the caller writes
 * the file instead).
 */
int staged_link(const char *root, const char *from, const char *rel);

/*
 * A scratch folder in TMPDIR (or /tmp) named prefix.XXXXXX, removed by
 * outputs_abort_all and on the signals; earlier ones whose run was killed
 * are swept. NULL after printing why.
 */
const char *scratch_dir(const char *cmd, const char *prefix);

/*
 * Is the existing folder path meshplan's? 0 when it is empty or its
 * manifest lists every file and it holds no .git; -1 with the reason in
 * why (malloc'd) otherwise.
 */
int outdir_owned(const char *path, char **why);
/*
 * Write the manifest of the files under dir into dir, and flush it and
 * every folder under dir to disk (fsync; the files were flushed as they
 * were written, put_file). 0 or -1 (errno). For a staged or scratch
 * folder, call it under outputs_lock().
 */
int manifest_write(const char *dir);
/* The manifest's text for files (sorted, relative paths), added to sb. */
void manifest_text(struct strbuf *sb, const struct strvec *files);
/*
 * Walk root/rel (rel "" for root): regular files into files, folders into
 * dirs, anything else into other (relative paths, xmalloc'd; dirs and
 * other may be NULL). -1 with errno when a folder cannot be read.
 */
int tree_walk(const char *root, const char *rel, struct strvec *files,
    struct strvec *dirs, struct strvec *other);

/*
 * An output folder as a tar archive on fp (emit -o -; outputs_tar.c): each
 * file is added whole (tar_put: its size goes first), tar_finish adds the
 * manifest of every file put and ends the archive. Each returns 0, or -1
 * after printing why (then every later call fails).
 */
struct tar_out {
	FILE *fp;
	const char *cmd;
	struct strbuf file; /* a file being made, for the caller */
	struct strvec paths;
	bool failed;
};
void tar_init(struct tar_out *t, FILE *fp, const char *cmd);
int tar_put(struct tar_out *t, const char *path, const char *text, size_t len);
int tar_finish(struct tar_out *t);
void tar_free(struct tar_out *t);

#endif
