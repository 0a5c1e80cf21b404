/*
 * fuzz_policy.c - the policy loader (input/policy.c, libyaml + PCRE2) on
 * arbitrary bytes: policy_load_buffer() must turn every input into either
 * a usable policy or error diagnostics, never a crash, a leak or an
 * out-of-bounds read. When the policy loads, its selectors (pilot and
 * segments) are run on a few names and tags, so compiled patterns are
 * exercised too (a pathological pattern must still return).
 */
#include <stdlib.h>
#include <string.h>

#include "../../input/policy.h"
#include "../../lib/arena.h"
#include "../../lib/diag.h"
#include "../../lib/util.h"
#include "../../planner/policy.h"
#include "fuzz.h"

static const char *const names[] = {
	"vnet-spk-dev-eus-h01-0001", "vnet-prod", "", "\xc3\xa9t\xc3\xa9",
	"\xff\xfe not utf-8",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tag tags[2] = { { "env", "dev" }, { "owner", "team-01" } };
	struct arena *a;
	struct diags d;
	struct policy p;
	size_t nerr, i, k;

	if (size > 65536)
		return 0;
	a = arena_new();
	diags_init(&d, a);
	nerr = policy_load_buffer(&p, a, &d, "fuzz.yaml", (const char *)data,
	    size);
	MP_ASSERT((nerr == 0) == (d.nerrors == 0));
	if (nerr == 0) {
		for (i = 0; i < MP_NELEM(names); i++) {
			(void)selector_match(&p.pilot, names[i], tags, 2);
			for (k = 0; k < p.segments.n; k++)
				(void)selector_match(&p.segments.v[k].match,
				    names[i], tags, 1);
		}
	}
	arena_free(a);
	return 0;
}
