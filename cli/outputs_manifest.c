/*
 * outputs_manifest.c - the manifest (.meshplan-output) of an output
 * folder, and whether an existing folder is meshplan's (see outputs.h):
 * it is when it is empty, or its manifest lists every file in it, every
 * folder in it holds a listed file and nothing in it is called .git.
 */
#include "outputs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "outputs_impl.h"

int
tree_walk(const char *root, const char *rel, struct strvec *files,
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
			if (dirs != NULL)
				strvec_push(dirs, xstrdup(sub.s));
			rc = tree_walk(root, sub.s, files, dirs, other);
		} else if (S_ISREG(st.st_mode)) {
			strvec_push(files, sb_detach(&sub));
		} else if (other != NULL) {
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
	struct strvec files = { 0 }, dirs = { 0 }, other = { 0 }, man = { 0 },
		      bad = { 0 };
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
	if (tree_walk(path, "", &files, &dirs, &other) != 0) {
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
		const char *f = i < files.n ? files.v[i] : other.v[i - files.n];

		if (is_git(f))
			git = f;
	}
	if (git != NULL) {
		sb_printf(&sb,
		    "it holds %s (a git repository): meshplan "
		    "never replaces a repository",
		    git);
		goto out;
	}
	if (read_manifest(path, &man) != 0) {
		sb_puts(&sb,
		    "it has no " MANIFEST_NAME ", so meshplan did "
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
		sb_printf(&sb,
		    ", which meshplan did not write (not in its " MANIFEST_NAME
		    ")");
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

void
manifest_text(struct strbuf *sb, const struct strvec *files)
{
	size_t i;

	sb_puts(sb,
	    "# meshplan output folder: every file meshplan wrote here.\n"
	    "# 'meshplan --force' replaces this folder only while every file"
	    " in it\n# is listed below and it holds no .git.\n");
	for (i = 0; i < files->n; i++)
		if (strcmp(files->v[i], MANIFEST_NAME) != 0)
			sb_printf(sb, "%s\n", files->v[i]);
}

int
manifest_write(const char *dir)
{
	struct strvec files = { 0 }, dirs = { 0 }, other = { 0 };
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	size_t i;
	FILE *fp;
	int rc = -1, fd, err = 0;

	if (tree_walk(dir, "", &files, &dirs, &other) != 0) {
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
	manifest_text(&text, &files);
	fwrite(text.s, 1, text.len, fp);
	if (fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0)
		err = errno != 0 ? errno : EIO;
	if (fclose(fp) != 0 && err == 0)
		err = errno;
	/* The folders' entries on disk too (their files were synced as
	 * they were written, put_file), before the folder is put in place. */
	for (i = 0; err == 0 && i <= dirs.n; i++) {
		sb_reset(&path);
		if (i < dirs.n)
			sb_printf(&path, "%s/%s", dir, dirs.v[i]);
		else
			sb_puts(&path, dir);
		if (sync_path(path.s) != 0)
			err = errno;
	}
	if (err == 0)
		rc = 0;
out:
	strvec_free(&files);
	strvec_free(&dirs);
	strvec_free(&other);
	sb_free(&path);
	sb_free(&text);
	errno = err;
	return rc;
}
