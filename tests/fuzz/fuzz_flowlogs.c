/*
 * fuzz_flowlogs.c - the flow-log reader (input/flowlogs.c) on arbitrary
 * bytes, as a PT1H.json beside two VNets (10.0.0.0/16, 10.1.0.0/16): no
 * crash, leak or out-of-bounds read, and its counts stay consistent (no
 * VNet has more bytes than the total, attributed tuples <= tuples, which
 * saturation keeps true where wrapping did not).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../input/flowlogs.h"
#include "../../input/load.h"
#include "../../lib/arena.h"
#include "../../lib/diag.h"
#include "../../lib/util.h"
#include "../../planner/estate.h"
#include "../../planner/mesh.h"
#include "fuzz.h"

static const char vnets[] = "[{\"id\": \"/subscriptions/s/resourceGroups/"
    "rg/providers/Microsoft.Network/virtualNetworks/a\", \"type\": "
    "\"Microsoft.Network/virtualNetworks\", \"properties\": "
    "{\"addressSpace\": {\"addressPrefixes\": [\"10.0.0.0/16\"]}}}, "
    "{\"id\": \"/subscriptions/s/resourceGroups/rg/providers/"
    "Microsoft.Network/virtualNetworks/b\", \"type\": \"Microsoft.Network/"
    "virtualNetworks\", \"properties\": {\"addressSpace\": "
    "{\"addressPrefixes\": [\"10.1.0.0/16\", \"fd00::/48\"]}}}]";

static int
put(const char *path, const void *data, size_t size)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL)
		return -1;
	if (fwrite(data, 1, size, fp) != size) {
		fclose(fp);
		return -1;
	}
	return fclose(fp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char dir[] = "/tmp/meshplan-fuzzfl-XXXXXX", p0[64], p1[64];
	char *paths[2] = { p0, p1 };
	struct flow_traffic ft;
	struct estate *e;
	struct arena *a;
	struct diags d;
	size_t i;

	if (size > 1 << 20 || mkdtemp(dir) == NULL)
		return 0;
	snprintf(p0, sizeof(p0), "%s/vnets.json", dir);
	snprintf(p1, sizeof(p1), "%s/PT1H.json", dir);
	if (put(p0, vnets, strlen(vnets)) != 0 || put(p1, data, size) != 0)
		goto out;
	e = estate_new();
	a = arena_new();
	diags_init(&d, a);
	/* Only a {"records": [...]} file reaches the flow-log reader. */
	if (load_inputs(e, &d, paths, 2, NULL) == 0 &&
	    e->flow_log_files.n == 1) {
		flowlogs_load(&ft, e, &d, a);
		MP_ASSERT(ft.attributed <= ft.tuples);
		MP_ASSERT(ft.n <= 2);
		for (i = 0; i < ft.n; i++)
			MP_ASSERT(ft.v[i].bytes > 0 && ft.v[i].bytes <=
			    ft.bytes);
	}
	estate_free(e);
	arena_free(a);
out:
	unlink(p0);
	unlink(p1);
	rmdir(dir);
	return 0;
}
