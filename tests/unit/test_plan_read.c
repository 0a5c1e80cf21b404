/* test_plan_read.c - input/plan_read.c: every golden plan.json (written by
 * `meshplan plan`, checked by tests/plan.sh) reads back into a plan that
 * plan_json writes again byte for byte; broken files are diagnostics with
 * the file and JSON Pointer, never a crash or a half-read plan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "../../emitters/plan_json.h"
#include "../../input/plan_read.h"
#include "../../lib/arena.h"
#include "../../lib/diag.h"
#include "../../planner/plan.h"

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *s;
	long n;

	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	s = malloc((size_t)n + 1);
	assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
	s[n] = '\0';
	fclose(fp);
	*len = (size_t)n;
	return s;
}

static void
round_trip(const char *name)
{
	char path[256];
	struct arena *a = arena_new();
	struct diags d;
	struct plan *p;
	char *want, *got;
	size_t nw, ng;

	snprintf(path, sizeof(path), "tests/golden/plan/%s", name);
	want = slurp(path, &nw);
	if (want == NULL)
		fail_msg("%s is missing (run from the checkout)", path);
	diags_init(&d, a);
	p = plan_read(path, &d);
	if (p == NULL || d.nerrors > 0)
		fail_msg("%s: %zu errors, first: %s", name, d.nerrors,
		    d.n ? d.v[0].msg : "-");
	got = plan_json(p, &ng);
	if (ng != nw || memcmp(got, want, nw) != 0) {
		size_t i = 0;

		while (i < ng && i < nw && got[i] == want[i])
			i++;
		fail_msg("%s: rewritten plan differs at byte %zu: ...%.60s",
		    name, i, got + (i > 20 ? i - 20 : 0));
	}
	free(got);
	free(want);
	plan_free(p);
	arena_free(a);
}

static void
test_golden_round_trip(void **state)
{
	(void)state;
	round_trip("sample.json");
	round_trip("two-hubs.json");
	round_trip("two-hubs-segments.json");
}

/* text -> plan_read: NULL or errors, the first with code and pointer. */
static void
bad(const char *text, const char *code, const char *pointer)
{
	char path[] = "/tmp/meshplan-plan-XXXXXX";
	struct arena *a = arena_new();
	struct diags d;
	struct plan *p;
	size_t i;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	diags_init(&d, a);
	p = plan_read(path, &d);
	unlink(path);
	if (d.nerrors == 0)
		fail_msg("'%.40s': no error", text);
	for (i = 0; i < d.n; i++)
		if (strcmp(d.v[i].code, code) == 0 && (pointer == NULL ||
		    (d.v[i].pointer != NULL &&
		    strcmp(d.v[i].pointer, pointer) == 0)))
			break;
	if (i == d.n)
		fail_msg("'%.40s': no %s at %s (first: %s %s)", text, code,
		    pointer ? pointer : "-", d.v[0].code, d.v[0].msg);
	if (p != NULL)
		plan_free(p);
	arena_free(a);
}

static void
test_bad_files(void **state)
{
	char *s, *t;
	json_t *j;
	size_t n;

	(void)state;
	bad("", "file-empty", NULL);
	bad("[1, 2]", "plan-read", NULL);
	bad("{\"waves\": 3", "json-truncated", NULL);
	/* A golden plan with one key of the wrong type, one missing: both
	 * are reported, each at its pointer. */
	s = slurp("tests/golden/plan/sample.json", &n);
	assert_non_null(s);
	j = json_loads(s, 0, NULL);
	assert_non_null(j);
	json_object_set_new(j, "waves", json_integer(7));
	json_object_del(j, "effect");
	t = json_dumps(j, 0);
	bad(t, "plan-read", "/waves");
	bad(t, "plan-read", "/effect");
	free(t);
	json_decref(j);
	free(s);
	bad("{\"generator\": \"meshplan\"}", "plan-read", NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_round_trip),
		cmocka_unit_test(test_bad_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
