/* test_flowlogs.c - input/flowlogs.c: bytes per VNet from VNet (v4) and
 * NSG (v2, v1) flow logs, tuples outside every VNet given to the record's
 * target, bad tuples as warnings, and counters that saturate at 2^64 - 1
 * instead of wrapping (a wrapped counter made the busiest VNet look idle).
 * Expected values are worked out by hand from the tuples below. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../input/flowlogs.h"
#include "../../input/load.h"
#include "../../lib/arena.h"
#include "../../lib/diag.h"
#include "../../planner/estate.h"
#include "../../planner/mesh.h"

#define SUB "/subscriptions/00000000-0000-0000-0000-000000000001/" \
	"resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/"

static char dir[64];

static const char *
put(const char *name, const char *text)
{
	static char path[8][128];
	static int k;
	char *p = path[k++ % 8];
	FILE *fp;

	snprintf(p, 128, "%s/%s", dir, name);
	fp = fopen(p, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return p;
}

struct run {
	struct estate *e;
	struct diags d;
	struct arena *a;
	struct flow_traffic ft;
};

/* Two VNets a (10.0.0.0/16) and b (10.1.0.0/16), and the flow log. */
static void
run(struct run *r, const char *log)
{
	char *paths[2];

	paths[0] = (char *)put("vnets.json", "[{\"id\": \"" SUB "a\", "
	    "\"type\": \"Microsoft.Network/virtualNetworks\", \"properties\": "
	    "{\"addressSpace\": {\"addressPrefixes\": [\"10.0.0.0/16\"]}}}, "
	    "{\"id\": \"" SUB "b\", \"type\": \"Microsoft.Network/"
	    "virtualNetworks\", \"properties\": {\"addressSpace\": "
	    "{\"addressPrefixes\": [\"10.1.0.0/16\"]}}}]");
	paths[1] = (char *)put("PT1H.json", log);
	r->e = estate_new();
	r->a = arena_new();
	diags_init(&r->d, r->a);
	assert_int_equal(load_inputs(r->e, &r->d, paths, 2, NULL), 0);
	assert_int_equal(r->e->flow_log_files.n, 1);
	flowlogs_load(&r->ft, r->e, &r->d, r->a);
}

static void
run_free(struct run *r)
{
	estate_free(r->e);
	arena_free(r->a);
}

static unsigned long long
bytes_of(const struct run *r, const char *name)
{
	char id[256];
	size_t i;

	snprintf(id, sizeof(id), "%s%s", SUB, name);
	for (i = 0; i < r->ft.n; i++)
		if (strcmp(r->ft.v[i].vnet_id, id) == 0)
			return r->ft.v[i].bytes;
	return 0;
}

static size_t
count(const struct run *r, const char *code)
{
	size_t i, n = 0;

	for (i = 0; i < r->d.n; i++)
		n += strcmp(r->d.v[i].code, code) == 0;
	return n;
}

/* A VNet flow log (v4) record with these tuples. */
#define V4(target, tuples) "{\"records\": [{\"targetResourceID\": \"" \
	target "\", \"flowRecords\": {\"flows\": [{\"flowGroups\": " \
	"[{\"flowTuples\": [" tuples "]}]}]}}]}"

static void
test_v4_bytes(void **state)
{
	struct run r;

	(void)state;
	/* a -> b: 100 + 20 bytes, both VNets; a -> a: 5 + 0, a once;
	 * outside -> outside: 7 + 1, the target VNet b. */
	run(&r, V4(SUB "b/subnets/s",
	    "\"1,10.0.0.4,10.1.0.5,44,443,6,O,E,NX,1,100,1,20\","
	    "\"1,10.0.0.4,10.0.1.5,44,443,6,O,E,NX,1,5,0,0\","
	    "\"1,192.0.2.1,198.51.100.1,44,443,6,I,E,NX,1,7,1,1\""));
	assert_int_equal(r.ft.tuples, 3);
	assert_int_equal(r.ft.attributed, 3);
	assert_int_equal(r.ft.bytes, 133);
	assert_int_equal(bytes_of(&r, "a"), 125);
	assert_int_equal(bytes_of(&r, "b"), 128);
	assert_int_equal(r.d.nwarnings, 0);
	run_free(&r);
}

static void
test_nsg_v2_v1_and_bad(void **state)
{
	struct run r;

	(void)state;
	/* v2: b -> a 30 + 4; B state with empty d->s counters: 9.
	 * v1 (8 fields): counted, no bytes. Too few fields, a bad address:
	 * warnings. */
	run(&r, "{\"records\": [{\"properties\": {\"flows\": [{\"flows\": "
	    "[{\"flowTuples\": [\"1,10.1.0.1,10.0.0.1,1,2,T,O,A,E,1,30,1,4\","
	    "\"1,10.1.0.1,10.0.0.1,1,2,T,O,A,B,1,9,,\","
	    "\"1,10.1.0.1,10.0.0.1,1,2,T,O,A\","
	    "\"1,10.1.0.1,10.0.0.1,1\","
	    "\"1,10.1.0.999,10.0.0.1,1,2,T,O,A,E,1,30,1,4\"]}]}]}}]}");
	assert_int_equal(r.ft.tuples, 5);
	assert_int_equal(bytes_of(&r, "a"), 43);
	assert_int_equal(bytes_of(&r, "b"), 43);
	assert_int_equal(count(&r, "flow-log-tuple"), 2);
	run_free(&r);
}

static void
test_saturation(void **state)
{
	struct run r;

	(void)state;
	/* 2^64 - 1 twice, and a counter of 25 digits: held at the bound. */
	run(&r, V4(SUB "a",
	    "\"1,10.0.0.4,10.0.0.5,44,443,6,O,E,NX,1,18446744073709551615,1,1\","
	    "\"1,10.0.0.4,10.0.0.5,44,443,6,O,E,NX,1,18446744073709551615,1,0\","
	    "\"1,10.1.0.4,10.1.0.5,44,443,6,O,E,NX,1,"
	    "9999999999999999999999999,1,0\""));
	assert_true(bytes_of(&r, "a") == ~0ULL);
	assert_true(bytes_of(&r, "b") == ~0ULL);
	assert_true(r.ft.bytes == ~0ULL);
	assert_int_equal(count(&r, "flow-log-saturated"), 1);
	run_free(&r);
	/* Just below the bound: exact, no warning. */
	run(&r, V4(SUB "a",
	    "\"1,10.0.0.4,10.0.0.5,44,443,6,O,E,NX,1,18446744073709551614,1,0\""));
	assert_true(bytes_of(&r, "a") == ~0ULL - 1);
	assert_int_equal(count(&r, "flow-log-saturated"), 0);
	run_free(&r);
}

static int
setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/meshplan-fl-XXXXXX");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v4_bytes),
		cmocka_unit_test(test_nsg_v2_v1_and_bad),
		cmocka_unit_test(test_saturation),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
