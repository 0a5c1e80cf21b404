/*
 * fuzz_load.c - the estate loader (input/: jsonfile pre-pass, resource
 * lists, ARM templates with the expression evaluator, route exports, the
 * merge of records, estate_link, topology_derive) on arbitrary bytes,
 * through load_inputs(), the one entry point the CLI uses. load_inputs()
 * reads paths, so each input is written to files in a private temporary
 * directory:
 *
 *   byte 0, bits 0-1: name of the first file -- estate.json,
 *           <guid>/rg-fuzz.json (scope from the path),
 *           subscriptions/<guid>/resourceGroups/rg-x/export.json,
 *           ergw-fuzz.learned.json (learned routes by file name);
 *   bit 2:  also pass --scope /subscriptions/<guid>/resourceGroups/rg-s;
 *   bit 3:  pass the directory instead of the file paths (walks it);
 *   bit 4:  name of the second file: ergw-fuzz.learned.json instead of
 *           <guid>/rg-other.json;
 *   bit 5:  also load with two parse threads and load_opts.whole, which
 *           parse every document whole where a serial load reads lists
 *           lazily: both loads must find errors or neither, and without
 *           errors their analyze JSON must be the same bytes.
 *   The rest is split at the first "\n@@\n": before it the first file,
 *   after it (when present) the second.
 *
 * The whole input is also read by fast_tree (input/jsonfast.c): when it
 * builds a tree, json_loadb must read the same bytes as the same tree
 * (same dump, keys in order); when jfast_valid takes it, json_loadb
 * must read it.
 *
 * A load without errors is then analysed (analysis_run) and written as
 * analyze JSON, as `meshplan analyze` does. Invariants checked: the
 * error count returned equals the diagnostics' error count; nothing
 * crashes, leaks or reads out of bounds (the sanitizers).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../emitters/analyze_json.h"
#include "../../input/jsonfile.h"
#include "../../input/load.h"
#include "../../input/policy.h"
#include "../../lib/arena.h"
#include "../../lib/diag.h"
#include "../../lib/strbuf.h"
#include "../../lib/util.h"
#include "../../planner/analysis.h"
#include "../../planner/estate.h"
#include "../../planner/policy.h"
#include "fuzz.h"

#define GUID "3f2b8c1e-5a4d-4e7f-9b6c-0d1e2f3a4b5c"

static char root[256];

static const char *const first_names[] = {
	"estate.json",
	GUID "/rg-fuzz.json",
	"subscriptions/" GUID "/resourceGroups/rg-x/export.json",
	"ergw-fuzz.learned.json",
};

static void
check_fast_tree(const char *s, size_t n)
{
	json_t *f = fast_tree(s, n), *j;
	char *a, *b;

	/* What the check takes, jansson reads. */
	if (jfast_valid(s, n)) {
		j = json_loadb(s, n, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
		    NULL);
		MP_ASSERT(j != NULL);
		json_decref(j);
	}
	if (f == NULL)
		return;
	j = json_loadb(s, n, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
	MP_ASSERT(j != NULL);
	a = json_dumps(f, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY);
	b = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_ENCODE_ANY);
	MP_ASSERT(a != NULL && b != NULL && strcmp(a, b) == 0);
	free(a);
	free(b);
	json_decref(f);
	json_decref(j);
}

static void
make_dirs(void)
{
	char p[512];

	if (root[0] != '\0')
		return;
	snprintf(root, sizeof(root), "%s/meshplan-fuzz-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(root) == NULL) {
		perror("mkdtemp");
		abort();
	}
	snprintf(p, sizeof(p), "%s/%s", root, GUID);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/subscriptions", root);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/subscriptions/%s", root, GUID);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/subscriptions/%s/resourceGroups", root,
	    GUID);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/subscriptions/%s/resourceGroups/rg-x", root,
	    GUID);
	mkdir(p, 0700);
}

static char *
write_file(const char *name, const uint8_t *data, size_t n)
{
	char *path;
	FILE *fp;

	path = xmalloc(strlen(root) + strlen(name) + 2);
	sprintf(path, "%s/%s", root, name);
	if ((fp = fopen(path, "wb")) == NULL || (n > 0 &&
	    fwrite(data, 1, n, fp) != n) || fclose(fp) != 0) {
		perror(path);
		abort();
	}
	return path;
}

/* Load, and when there is no error the analyze JSON into out. */
static size_t
load_analyze(char **paths, size_t npaths, const struct load_opts *lo,
    struct strbuf *out)
{
	struct load_opts o = *lo;
	struct analysis an;
	struct policy pol;
	struct estate *e = estate_new();
	struct arena *a = arena_new();
	struct diags d;
	size_t nerr;

	diags_init(&d, a);
	nerr = load_inputs(e, &d, paths, npaths, &o);
	MP_ASSERT(nerr == d.nerrors);
	if (nerr == 0) {
		policy_init_defaults(&pol, a);
		analysis_run(&an, e, &pol, a);
		diags_sort(&d);
		analyze_json(out, &an, &d);
		MP_ASSERT(out->len > 0);
	}
	estate_free(e);
	arena_free(a);
	return nerr;
}

static const uint8_t *
find_sep(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 4 <= n; i++)
		if (memcmp(p + i, "\n@@\n", 4) == 0)
			return p + i;
	return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct load_opts lo;
	struct strbuf out = STRBUF_INIT, out2 = STRBUF_INIT;
	const uint8_t *body, *sep;
	char *paths[2], *dirarg[1], **in;
	size_t n, npaths = 0, nin, nerr;
	unsigned sel;
	int i;

	if (size == 0 || size > 1 << 20)
		return 0;
	check_fast_tree((const char *)data, size);
	make_dirs();
	sel = data[0];
	body = data + 1;
	n = size - 1;
	sep = find_sep(body, n);
	paths[npaths++] = write_file(first_names[sel & 3], body,
	    sep ? (size_t)(sep - body) : n);
	if (sep != NULL)
		paths[npaths++] = write_file((sel & 16) ?
		    "ergw-fuzz.learned.json" : GUID "/rg-other.json", sep + 4,
		    n - (size_t)(sep + 4 - body));
	if (npaths == 2 && strcmp(paths[0], paths[1]) == 0) {
		free(paths[1]);
		npaths = 1;
	}

	memset(&lo, 0, sizeof(lo));
	lo.raw = true;	/* as plan and emit load */
	if (sel & 4)
		lo.scope = "/subscriptions/" GUID "/resourceGroups/rg-s";
	if (sel & 8) {
		dirarg[0] = root;
		in = dirarg;
		nin = 1;
	} else {
		in = paths;
		nin = npaths;
	}
	nerr = load_analyze(in, nin, &lo, &out);
	if (sel & 32) {
		lo.jobs = 2;
		lo.whole = true;
		MP_ASSERT((load_analyze(in, nin, &lo, &out2) == 0) ==
		    (nerr == 0));
		MP_ASSERT(out.len == out2.len &&
		    (out.len == 0 || memcmp(out.s, out2.s, out.len) == 0));
	}
	sb_free(&out);
	sb_free(&out2);
	for (i = 0; i < (int)npaths; i++) {
		unlink(paths[i]);
		free(paths[i]);
	}
	return 0;
}
