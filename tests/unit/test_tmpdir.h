/*
 * test_tmpdir.h - one temporary directory per test program, and paths
 * inside it (static helpers, included by test_load.c and test_template.c
 * only; include <cmocka.h> first):
 *
 *   tmp_setup, tmp_teardown   cmocka group setup and teardown: make the
 *                             directory; free the paths and remove it all
 *   tmp_path(rel)             tmpdir/rel, freed at teardown
 *   tmp_file(rel)             the same, its folders made
 *   tmpdir                    the directory itself
 */
#ifndef TEST_TMPDIR_H
#define TEST_TMPDIR_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../lib/util.h"

/* Helpers a program does not use are fine. */
#define TD_FN static __attribute__((unused))

static char tmpdir[64];
static char *tmp_paths[256];	/* paths handed out, freed at teardown */
static size_t tmp_npaths;

TD_FN int
tmp_setup(void **state)
{
	(void)state;
	strcpy(tmpdir, "/tmp/meshplan-test-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	return 0;
}

TD_FN int
tmp_teardown(void **state)
{
	char cmd[128];

	(void)state;
	while (tmp_npaths > 0)
		free(tmp_paths[--tmp_npaths]);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd);
}

TD_FN char *
tmp_path(const char *rel)
{
	char *path = xmalloc(512);

	assert_true(tmp_npaths < MP_NELEM(tmp_paths));
	tmp_paths[tmp_npaths++] = path;
	snprintf(path, 512, "%s/%s", tmpdir, rel);
	return path;
}

TD_FN char *
tmp_file(const char *rel)
{
	char *path = tmp_path(rel), *p;

	for (p = strchr(path + strlen(tmpdir) + 1, '/'); p != NULL;
	    p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(path, 0700);
		*p = '/';
	}
	return path;
}

#endif
