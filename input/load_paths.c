/*
 * load_paths.c - the paths given to load_inputs() to the files it reads
 * (load_int.h). A directory is walked recursively for *.json files, its
 * entries sorted (never readdir order), a symbolic link to an ancestor
 * and nesting deeper than MAX_DIR_DEPTH reported and not entered. "-" is
 * standard input. --gateway and capture files named on the command line
 * are read by their own loaders, not here. The list is sorted by path
 * and exact duplicates dropped; `named` holds the files named directly.
 *
 *   ld_path_cmp      strcmp for qsort and bsearch of paths
 *   ld_expand_paths  paths to the sorted list of files
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../lib/diag.h"
#include "../lib/util.h"
#include "captures.h"
#include "load.h"
#include "load_int.h"

#define MAX_DIR_DEPTH 64

struct walk {
	struct loader *L;
	path_arr *files;
	struct stat stack[MAX_DIR_DEPTH];
	int depth;
};

int
ld_path_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
walk_dir(struct walk *w, const char *dir, const struct stat *dst)
{
	struct loader *L = w->L;
	path_arr names = { NULL, 0, 0 };
	struct dirent *de;
	DIR *dp;
	size_t i;
	int k;

	for (k = 0; k < w->depth; k++) {
		if (w->stack[k].st_dev == dst->st_dev &&
		    w->stack[k].st_ino == dst->st_ino) {
			ld_diag(L, DIAG_WARNING, "dir-loop", dir, NULL, NULL,
			    "directory loop (symbolic link to an ancestor): "
			    "not entered again");
			return;
		}
	}
	if (w->depth >= MAX_DIR_DEPTH) {
		ld_diag(L, DIAG_WARNING, "dir-loop", dir, NULL, NULL,
		    "directories nested deeper than %d: not entered",
		    MAX_DIR_DEPTH);
		return;
	}
	if ((dp = opendir(dir)) == NULL) {
		ld_diag(L, DIAG_ERROR, "file-read", dir, NULL, NULL,
		    "cannot open directory");
		return;
	}
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		ARR_PUSH(L->a, names, arena_strdup(L->a, de->d_name));
	}
	closedir(dp);
	/* Sorted, so that the walk never depends on readdir order. */
	if (names.n > 1)
		qsort(names.v, names.n, sizeof(*names.v), ld_path_cmp);
	w->stack[w->depth++] = *dst;
	for (i = 0; i < names.n; i++) {
		size_t dl = strlen(dir);
		const char *p = arena_printf(L->a, "%s%s%s", dir,
		    dl > 0 && dir[dl - 1] == '/' ? "" : "/", names.v[i]);
		struct stat st;

		if (stat(p, &st) != 0)
			continue; /* dangling symlink */
		if (S_ISDIR(st.st_mode))
			walk_dir(w, p, &st);
		else if (S_ISREG(st.st_mode) &&
		    mp_strcase_suffix(names.v[i], ".json"))
			ARR_PUSH(L->a, *w->files, p);
	}
	w->depth--;
}

static bool
is_gateway_file(const struct load_opts *o, const char *path)
{
	size_t i;

	for (i = 0; o != NULL && i < o->ngateway_files; i++)
		if (strcmp(o->gateway_files[i].file, path) == 0)
			return true;
	return false;
}

void
ld_expand_paths(struct loader *L, char *const *paths, size_t npaths,
    const struct load_opts *o, path_arr *files, path_arr *named)
{
	size_t i, before;

	for (i = 0; i < npaths; i++) {
		struct stat st;

		if (strcmp(paths[i], "-") == 0) { /* standard input */
			ARR_PUSH(L->a, *files, "-");
			ARR_PUSH(L->a, *named, "-");
			continue;
		}
		if (stat(paths[i], &st) != 0) {
			ld_diag(L, DIAG_ERROR, "file-missing", paths[i], NULL,
			    NULL, "no such file or directory");
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			struct walk w;

			memset(&w, 0, sizeof(w));
			w.L = L;
			w.files = files;
			before = files->n;
			walk_dir(&w, paths[i], &st);
			if (files->n == before)
				ld_diag(L, DIAG_ERROR, "dir-empty", paths[i],
				    NULL, NULL,
				    "the directory holds no *.json "
				    "file");
			continue;
		}
		if (!is_gateway_file(o, paths[i]) &&
		    !capture_is_named_file(o, paths[i])) {
			ARR_PUSH(L->a, *files, arena_strdup(L->a, paths[i]));
			if (o == NULL || !o->inputs_walked)
				ARR_PUSH(L->a, *named, files->v[files->n - 1]);
		}
	}
	if (named->n > 1)
		qsort(named->v, named->n, sizeof(*named->v), ld_path_cmp);
	if (files->n > 1)
		qsort(files->v, files->n, sizeof(*files->v), ld_path_cmp);
	/* Drop exact duplicates (a file given twice, or also in a dir). */
	if (files->n > 1) {
		size_t j = 1;

		for (i = 1; i < files->n; i++)
			if (strcmp(files->v[i], files->v[j - 1]) != 0)
				files->v[j++] = files->v[i];
		files->n = j;
	}
}
