/*
 * outputs_impl.h - what the parts of the output layer share (outputs.c:
 * registry, signals, staging; outputs_manifest.c; outputs_file.c: single
 * files; outputs_dir.c: folders). Not for the commands: they use
 * outputs.h.
 */
#ifndef MESHPLAN_OUTPUTS_IMPL_H
#define MESHPLAN_OUTPUTS_IMPL_H

#include <stdbool.h>
#include <stddef.h>

enum out_kind { K_FILE, K_DIR, K_SCRATCH };

/* One staged output, in the registry from entry_new until the end. */
struct outdir {
	enum out_kind kind;
	char *final;   /* the user's path; NULL for scratch */
	char *staging; /* hidden path; NULL: not staged yet */
	const char *cmd;
	int fd; /* the staged file or folder, locked */
	bool force;
	bool done;	/* nothing staged is left to remove */
	bool committed; /* in place: keep the folders made for it */
	char **made;	/* folders made for it, outermost first */
	size_t nmade;
};

/* A new registered entry (not staged yet). */
struct outdir *entry_new(enum out_kind kind, const char *cmd, const char *final,
    bool force);
/* Remove what e has staged (and the folders made for it unless it was
 * committed). Caller holds outputs_lock(). */
void entry_clean(struct outdir *e);
/* The first entry (under the lock) for which match(e, key) is true. */
struct outdir *entry_find(bool (
			      *match)(const struct outdir *e, const void *key),
    const void *key);

/* Remove path and everything under it; no symbolic link is followed. */
void remove_tree(const char *path);
/* path without trailing slashes (a copy); "/" stays "/". */
char *strip_slashes(const char *path);
/* The folder of path ("." when none) and its last name, both malloc'd. */
void split_path(const char *path, char **dir, char **base);
/* mkdir -p; the folders made are added to e's list (e may be NULL). */
int make_dirs(const char *path, struct outdir *e);
/* Can files be made in dir (which may not exist yet)? 0 or -1 (errno). */
int dir_writable(const char *dir);
/* Remove the leftovers of killed runs beside dir/base. */
void sweep(const char *cmd, const char *dir, const char *base,
    const char *shown);
/* Stage e beside e->final, locked. 0, or -1 with errno. */
int stage(struct outdir *e);
/*
 * fsync the file or folder path. 0, or -1 with errno; a file system that
 * cannot sync a folder (EINVAL) counts as done.
 */
int sync_path(const char *path);
/* fsync the folder that holds path (after a rename into it). */
int sync_parent(const char *path);
/*
 * After e is put in place: fsync the folder that holds it and, for each
 * folder made for it, the folder that holds that one.
 */
void entry_sync_placed(const struct outdir *e);

#endif
