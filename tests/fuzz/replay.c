/*
 * replay.c - corpus replayer: runs every regular file of the given
 * directories (and files) through LLVMFuzzerTestOneInput, in sorted
 * order, so a fuzz target's corpus and every crash ever found are
 * replayed by `make test` with the normal compiler (and under the
 * sanitizers with SAN=...). Prints "replayed N inputs"; a crash aborts
 * the process, which the test script reports with the file name it
 * printed last (-v).
 *
 * usage: TARGET_replay [-v] PATH...
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int verbose;
static size_t nrun;

static int
run_file(const char *path)
{
	unsigned char *buf;
	size_t n, cap = 4096;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		perror(path);
		return -1;
	}
	if ((buf = malloc(cap)) == NULL)
		abort();
	n = 0;
	for (;;) {
		size_t got = fread(buf + n, 1, cap - n, fp);

		n += got;
		if (n < cap)
			break;
		cap *= 2;
		if ((buf = realloc(buf, cap)) == NULL)
			abort();
	}
	fclose(fp);
	if (verbose) {
		fprintf(stderr, "replay: %s\n", path);
		fflush(stderr);
	}
	/* An exact-size copy, so ASan sees reads past the input's end. */
	{
		unsigned char *exact = malloc(n ? n : 1);

		if (exact == NULL)
			abort();
		memcpy(exact, buf, n);
		free(buf);
		LLVMFuzzerTestOneInput(exact, n);
		free(exact);
	}
	nrun++;
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
run_path(const char *path)
{
	struct stat st;
	struct dirent *de;
	char **names = NULL;
	size_t nn = 0, i;
	int rc = 0;
	DIR *d;

	if (stat(path, &st) != 0) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return S_ISREG(st.st_mode) ? run_file(path) : 0;
	if ((d = opendir(path)) == NULL) {
		perror(path);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len;

		if (de->d_name[0] == '.')
			continue;
		if ((names = realloc(names, (nn + 1) * sizeof(*names))) ==
		    NULL)
			abort();
		len = strlen(path) + strlen(de->d_name) + 2;
		if ((names[nn] = malloc(len)) == NULL)
			abort();
		snprintf(names[nn++], len, "%s/%s", path, de->d_name);
	}
	closedir(d);
	if (nn > 0)
		qsort(names, nn, sizeof(*names), cmp);
	for (i = 0; i < nn; i++) {
		if (run_path(names[i]) != 0)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0) {
			verbose = 1;
			continue;
		}
		if (run_path(argv[i]) != 0)
			rc = 1;
	}
	printf("replayed %zu inputs\n", nrun);
	return rc;
}
