/*
 * flowlogs.c - flow logs to bytes per VNet (see flowlogs.h for the rule).
 *
 * Tuple layouts (comma-separated):
 *   VNet flow log v4: time_ms, src, dst, sport, dport, proto (6/17),
 *     direction (I/O), state (B/C/E/D), encryption, packets s->d,
 *     bytes s->d, packets d->s, bytes d->s
 *   NSG flow log v2: time_s, src, dst, sport, dport, proto (T/U),
 *     direction, decision (A/D), state (B/C/E), packets s->d, bytes s->d,
 *     packets d->s, bytes d->s (empty on B)
 * Both carry the byte counters in fields 10 and 12 (0-based); empty
 * counters are 0. Version 1 NSG tuples (8 fields) carry no bytes and are
 * counted as tuples only.
 *
 * Limits: addresses are matched with a prefix trie over the seen VNets'
 * address spaces; a tuple with an unparsable address is a warning. Byte
 * counters saturate at 2^64 - 1 (a counter, a tuple's sum, a VNet's and
 * the total): a VNet with that many bytes stays the busiest, never wraps
 * to 0; the first file that reaches it gets a flow-log-saturated warning.
 */
#include "flowlogs.h"

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/diag.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "../planner/estate.h"
#include "../planner/mesh.h"
#include "../planner/ptrie.h"
#include "jsonfile.h"
#include "load.h"

struct fl {
	const struct estate *e;
	struct diags *d;
	struct arena *a;
	struct ptrie *trie;	   /* prefix -> vnet index + 1 */
	struct strmap *by_id;	   /* vnet key -> index + 1 */
	unsigned long long *bytes; /* per e->vnets index */
	struct flow_traffic *out;
	size_t warnings;
	const char *saturated; /* first file that reached the bound */
};

#define MAX_WARNINGS 20

static void
warn(struct fl *f, const char *file, const char *ptr, const char *fmt,
    const char *arg)
{
	if (f->warnings++ < MAX_WARNINGS)
		diag_add(f->d, DIAG_WARNING, "flow-log-tuple", file, 0, 0, ptr,
		    NULL, fmt, arg);
}

static size_t
lookup_addr(struct fl *f, const char *s, size_t n)
{
	char buf[64];
	struct prefix p;
	void *v;

	if (n == 0 || n >= sizeof(buf))
		return SIZE_MAX;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (prefix_parse(buf, PFX_ALLOW_ADDR, &p, NULL) != 0)
		return SIZE_MAX - 1;
	v = ptrie_lpm(f->trie, &p, NULL);
	return v ? (uintptr_t)v - 1 : SIZE_MAX;
}

/* The decimal counter s[0..n), saturated at ULLONG_MAX (*sat set). */
static unsigned long long
num(const char *s, size_t n, bool *sat)
{
	unsigned long long v = 0, d;
	size_t i;

	for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		d = (unsigned long long)(s[i] - '0');
		if (v > (ULLONG_MAX - d) / 10) {
			*sat = true;
			return ULLONG_MAX;
		}
		v = v * 10 + d;
	}
	return v;
}

/* *acc += by, saturating; notes the file that first reached the bound. */
static void
add_bytes(struct fl *f, unsigned long long *acc, unsigned long long by,
    const char *file)
{
	*acc = mp_add_sat(*acc, by);
	if (*acc == ULLONG_MAX && f->saturated == NULL)
		f->saturated = file;
}

/* The VNet of a record's targetResourceID (VNet, subnet or below). */
static size_t
target_vnet(struct fl *f, const char *id)
{
	const char *q;
	char *vid;
	void *v;

	if (id == NULL)
		return SIZE_MAX;
	q = id;
	/* Cut after ".../virtualNetworks/NAME". */
	while ((q = strchr(q, '/')) != NULL) {
		q++;
		if (mp_strcase_prefix(q, "virtualNetworks/")) {
			const char *end = strchr(q + strlen("virtualNetworks/"),
			    '/');

			vid = end ?
			    arena_strndup(f->a, id, (size_t)(end - id)) :
			    arena_strdup(f->a, id);
			v = strmap_get(f->by_id, id_normalize(f->a, vid));
			return v ? (uintptr_t)v - 1 : SIZE_MAX;
		}
	}
	return SIZE_MAX;
}

static void
tuple(struct fl *f, const char *t, size_t target, const char *file,
    const char *ptr)
{
	const char *fld[14];
	size_t len[14], nf = 0, i, a, b;
	const char *s = t;
	unsigned long long by;
	bool sat = false;

	while (nf < 14) {
		const char *c = strchr(s, ',');

		fld[nf] = s;
		len[nf] = c ? (size_t)(c - s) : strlen(s);
		nf++;
		if (c == NULL)
			break;
		s = c + 1;
	}
	f->out->tuples++;
	if (nf < 8) {
		warn(f, file, ptr, "flow tuple '%s' has too few fields", t);
		return;
	}
	if (nf < 13)
		return; /* version 1: no byte counters */
	by = num(fld[10], len[10], &sat);
	add_bytes(f, &by, num(fld[12], len[12], &sat), file);
	if (sat && f->saturated == NULL)
		f->saturated = file;
	add_bytes(f, &f->out->bytes, by, file);
	a = lookup_addr(f, fld[1], len[1]);
	b = lookup_addr(f, fld[2], len[2]);
	if (a == SIZE_MAX - 1 || b == SIZE_MAX - 1) {
		warn(f, file, ptr, "flow tuple '%s' has a bad address", t);
		return;
	}
	if (a == SIZE_MAX && b == SIZE_MAX)
		a = target;
	for (i = 0; i < 2; i++) {
		size_t x = i ? b : a;

		if (x == SIZE_MAX || (i == 1 && b == a))
			continue;
		add_bytes(f, &f->bytes[x], by, file);
	}
	if (a != SIZE_MAX || b != SIZE_MAX)
		f->out->attributed++;
}

static void
tuples(struct fl *f, json_t *arr, size_t target, const char *file,
    const char *ptr)
{
	size_t i;
	json_t *t;

	if (!json_is_array(arr)) {
		warn(f, file, ptr, "%s: flowTuples is not an array", "record");
		return;
	}
	json_array_foreach(arr, i, t)
	{
		if (json_is_string(t))
			tuple(f, json_string_value(t), target, file,
			    jptr_index(f->a, ptr, i));
	}
}

static void
record(struct fl *f, json_t *r, const char *file, const char *ptr)
{
	json_t *flows, *x, *y;
	size_t i, j, target;
	const char *tid;

	f->out->records++;
	tid = json_string_value(json_object_get(r, "targetResourceID"));
	target = target_vnet(f, tid);
	/* VNet flow log v4. */
	flows = json_object_get(json_object_get(r, "flowRecords"), "flows");
	if (json_is_array(flows)) {
		json_array_foreach(flows, i, x)
		{
			json_t *groups = json_object_get(x, "flowGroups");

			json_array_foreach(groups, j, y) tuples(f,
			    json_object_get(y, "flowTuples"), target, file,
			    arena_printf(f->a,
				"%s/flowRecords/flows/%zu/flowGroups/%zu/"
				"flowTuples",
				ptr, i, j));
		}
		return;
	}
	/* NSG flow log v1/v2. */
	flows = json_object_get(json_object_get(r, "properties"), "flows");
	if (json_is_array(flows)) {
		json_array_foreach(flows, i, x)
		{
			json_t *inner = json_object_get(x, "flows");

			json_array_foreach(inner, j, y) tuples(f,
			    json_object_get(y, "flowTuples"), target, file,
			    arena_printf(f->a,
				"%s/properties/flows/%zu/flows/%zu/"
				"flowTuples",
				ptr, i, j));
		}
		return;
	}
	warn(f, file, ptr, "%s: a flow log record without flows", "record");
}

size_t
flowlogs_load(struct flow_traffic *out, const struct estate *e, struct diags *d,
    struct arena *a)
{
	struct load_limits lim;
	struct fl f;
	size_t i, k, n = 0;

	memset(out, 0, sizeof(*out));
	memset(&f, 0, sizeof(f));
	f.e = e;
	f.d = d;
	f.a = a;
	f.out = out;
	f.trie = ptrie_new(a);
	f.by_id = strmap_new(a);
	f.bytes = arena_calloc(a, e->vnets.n + 1, sizeof(*f.bytes));
	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];

		if (!v->r.seen)
			continue;
		strmap_put(f.by_id, v->r.id, (void *)(uintptr_t)(i + 1));
		for (k = 0; k < v->prefixes.n; k++)
			ptrie_insert(f.trie, &v->prefixes.v[k],
			    (void *)(uintptr_t)(i + 1), NULL);
	}
	load_limits_default(&lim);
	for (i = 0; i < e->flow_log_files.n; i++) {
		const char *file = e->flow_log_files.v[i];
		size_t j, nbytes;
		json_t *doc = jfile_load(file, &lim, d, &nbytes), *recs, *r;

		if (doc == NULL)
			continue;
		recs = json_object_get(doc, "records");
		json_array_foreach(recs, j, r)
		    record(&f, r, file, jptr_index(a, "/records", j));
		json_decref(doc);
	}
	if (f.saturated != NULL)
		diag_add(d, DIAG_WARNING, "flow-log-saturated", f.saturated, 0,
		    0, NULL, NULL,
		    "flow-log byte counters reach 2^64 - 1 "
		    "(18446744073709551615) and are held there: the VNets "
		    "concerned count as the busiest, their totals are not "
		    "exact");
	if (f.warnings > MAX_WARNINGS)
		diag_add(d, DIAG_WARNING, "flow-log-tuple", NULL, 0, 0, NULL,
		    NULL, "%zu more flow log warnings not shown",
		    f.warnings - MAX_WARNINGS);
	for (i = 0; i < e->vnets.n; i++)
		n += f.bytes[i] > 0;
	out->v = arena_calloc(a, n + 1, sizeof(*out->v));
	for (i = 0; i < e->vnets.n; i++)
		if (f.bytes[i] > 0) {
			out->v[out->n].vnet_id = e->vnets.v[i]->r.id;
			out->v[out->n].bytes = f.bytes[i];
			out->n++;
		}
	return out->n;
}
