/*
 * waves_assign.c - wave choice (waves_assign, waves.h): which mesh
 * members go to the pilot, light-production and rest waves, by the
 * policy's selectors and limits, then by traffic or hairpins, then id.
 */
#include "waves.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"

const char *const wave_names[3] = { "pilot", "light-production", "rest" };

struct ord {
	size_t i;
	unsigned long long w1; /* primary weight */
	const char *id;
};

static int
ord_cmp(const void *x, const void *y)
{
	const struct ord *a = x, *b = y;

	if (a->w1 != b->w1)
		return a->w1 < b->w1 ? -1 : 1;
	return mp_strcasecmp(a->id, b->id);
}

/* Does one more VNet with pes private endpoints fit a wave that has n
 * VNets and npes endpoints (waves.max_size, waves.max_private_endpoints)?
 * An empty wave takes any VNet. */
static bool
wave_fits(const struct policy *pol, size_t n, size_t npes, size_t pes)
{
	if (n == 0)
		return true;
	if (pol->wave_max_size > 0 && n + 1 > pol->wave_max_size)
		return false;
	return pol->wave_max_pes == 0 || npes + pes <= pol->wave_max_pes;
}

/* Take o[0..no) into wave `wave` while they fit, at most take of them. */
static size_t
wave_take(const struct wave_cand *c, const struct ord *o, size_t no,
    size_t take, const struct policy *pol, int wave, int *wave_out)
{
	size_t i, npes = 0;

	for (i = 0; i < no && i < take; i++) {
		if (!wave_fits(pol, i, npes, c[o[i].i].pes))
			break;
		wave_out[o[i].i] = wave;
		npes += c[o[i].i].pes;
	}
	return i;
}

void
waves_assign(const struct wave_cand *c, size_t n, const struct policy *pol,
    bool have_traffic, int *wave_out, struct wave_notes *notes, struct arena *a)
{
	struct ord *o;
	size_t i, no = 0, take, left, got, start, cnt, npes;
	int k;

	memset(notes, 0, sizeof(*notes));
	notes->cap = (int)n + 3;
	notes->name = arena_calloc(a, (size_t)notes->cap, sizeof(*notes->name));
	notes->note = arena_calloc(a, (size_t)notes->cap, sizeof(*notes->note));
	notes->n = 3;
	for (k = 0; k < 3; k++)
		notes->name[k] = wave_names[k];
	if (n == 0)
		return;
	o = xcalloc(n, sizeof(*o));
	for (i = 0; i < n; i++)
		wave_out[i] = 0;
	/* Wave 1: the pilot selector, lightest first. */
	for (i = 0; i < n; i++)
		if (selector_match(&pol->pilot, c[i].name, c[i].tags,
			c[i].ntags)) {
			o[no].i = i;
			o[no].w1 = have_traffic ? c[i].bytes : c[i].hairpins;
			o[no].id = c[i].id;
			no++;
		}
	qsort(o, no, sizeof(*o), ord_cmp);
	take = no < pol->pilot_size ? no : pol->pilot_size;
	if (no > 0) {
		take = wave_take(c, o, no, take, pol, 1, wave_out);
		notes->note[0] = arena_printf(a,
		    "%zu of %zu VNets matching the "
		    "pilot selector (pilot.size %zu%s), lightest first",
		    take, no, pol->pilot_size,
		    pol->wave_max_size || pol->wave_max_pes ?
			", within the waves' limits" :
			"");
	} else if (pol->pilot_size > 0) {
		/* Nothing matched: a pilot of the lightest tenth. */
		for (i = 0; i < n; i++) {
			o[i].i = i;
			o[i].w1 = have_traffic ? c[i].bytes : c[i].hairpins;
			o[i].id = c[i].id;
		}
		no = n;
		qsort(o, no, sizeof(*o), ord_cmp);
		take = (n + 9) / 10;
		if (take > pol->pilot_size)
			take = pol->pilot_size;
		take = wave_take(c, o, no, take, pol, 1, wave_out);
		notes->note[0] = arena_printf(a,
		    "no VNet matches the pilot "
		    "selector: the %zu lightest VNets (by %s)",
		    take,
		    have_traffic ? "flow-log bytes" : "hairpinning pairs");
	}
	/* Wave 2: the lightest of the rest. */
	no = 0;
	for (i = 0; i < n; i++)
		if (wave_out[i] == 0) {
			o[no].i = i;
			o[no].w1 = have_traffic ? c[i].bytes : c[i].hairpins;
			o[no].id = c[i].id;
			no++;
		}
	qsort(o, no, sizeof(*o), ord_cmp);
	left = no;
	take = pol->light_size > 0 ? pol->light_size : (left + 3) / 4;
	if (take > left)
		take = left;
	take = wave_take(c, o, no, take, pol, 2, wave_out);
	if (take > 0)
		notes->note[1] = arena_printf(a,
		    "the %zu lightest remaining "
		    "VNets by %s (%s)",
		    take, have_traffic ? "flow-log bytes" : "hairpinning pairs",
		    pol->light_size > 0 ? "waves.light.size" :
					  "a quarter of what remains");
	/* The rest, lightest first, in waves that fit the limits. */
	k = 3;
	start = take;
	cnt = 0;
	npes = 0;
	for (i = take; i < no; i++) {
		if (!wave_fits(pol, cnt, npes, c[o[i].i].pes)) {
			notes->note[k - 1] = arena_printf(a,
			    "the next %zu "
			    "lightest VNets (%s)",
			    cnt,
			    "waves.max_size, "
			    "waves.max_private_endpoints");
			k++;
			cnt = 0;
			npes = 0;
		}
		wave_out[o[i].i] = k;
		cnt++;
		npes += c[o[i].i].pes;
	}
	got = no - start;
	if (k == 3) {
		if (got > 0)
			notes->note[2] = arena_printf(a,
			    "the remaining %zu VNets", got);
	} else {
		notes->note[k - 1] = arena_printf(a, "the last %zu VNets", cnt);
		notes->n = k;
		for (i = 3; i <= (size_t)k; i++)
			notes->name[i - 1] = arena_printf(a, "rest-%zu", i - 2);
	}
	free(o);
}
