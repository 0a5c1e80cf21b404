/*
 * bare_parse.c - the floor for `make bench`: how long jansson alone needs
 * to parse every *.json file under the given paths (files or directories,
 * walked recursively), with the same load flags the loaders use. Each
 * document is freed before the next is read, as the loaders do once the
 * model is built. Prints "files N bytes N" on stdout; exits 1 if a file
 * does not parse (the bench's inputs are generated, so that is a bug).
 *
 * usage: bare_parse PATH...
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

static size_t nfiles, nbytes;
static int failed;

static int
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

static void
parse_file(const char *path, off_t size)
{
	json_error_t err;
	json_t *doc;

	doc = json_load_file(path, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
	if (doc == NULL) {
		fprintf(stderr, "bare_parse: %s:%d:%d: %s\n", path, err.line,
		    err.column, err.text);
		failed = 1;
		return;
	}
	json_decref(doc);
	nfiles++;
	nbytes += (size_t)size;
}

static void
walk(const char *path)
{
	struct stat st;
	struct dirent *de;
	DIR *d;

	if (stat(path, &st) != 0) {
		perror(path);
		failed = 1;
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (has_suffix(path, ".json"))
			parse_file(path, st.st_size);
		return;
	}
	if ((d = opendir(path)) == NULL) {
		perror(path);
		failed = 1;
		return;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len;
		char *sub;

		if (de->d_name[0] == '.')
			continue;
		len = strlen(path) + strlen(de->d_name) + 2;
		if ((sub = malloc(len)) == NULL)
			abort();
		snprintf(sub, len, "%s/%s", path, de->d_name);
		walk(sub);
		free(sub);
	}
	closedir(d);
}

int
main(int argc, char **argv)
{
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: bare_parse PATH...\n");
		return 2;
	}
	for (i = 1; i < argc; i++)
		walk(argv[i]);
	printf("files %zu bytes %zu\n", nfiles, nbytes);
	return failed;
}
