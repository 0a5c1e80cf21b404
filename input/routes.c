/*
 * routes.c - route exports as evidence attached to the estate:
 *
 * - gateway routes {"value":[{network,nextHop,sourcePeer,origin,asPath,
 *   weight}]} go to the gateway named by the file (<gw>.learned.json,
 *   <gw>.advertised.json) or by --gateway NAME=FILE;
 * - ExpressRoute route tables {"value":[{network,nextHop,locPrf,weight,
 *   path}]} go to the circuit named by <circuit>.routes.json, or to the
 *   only circuit of the estate;
 * - Route Server learned routes {"RouteServiceRole_IN_0":[...],...} give
 *   the largest number of distinct prefixes one peer sent.
 *
 * A target that cannot be told is a routes-no-target warning (the file is
 * ignored; the estate stays valid). Runs after every resource is applied.
 */
#include "routes.h"

#include <ctype.h>
#include <string.h>

#include "../lib/diag.h"
#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "captures.h"
#include "jsonfile.h"

/* Pointer of the rows: a bare array or {"value": [...]}. */
static const char *
rows_base(json_t *doc)
{
	return json_is_array(doc) ? "" : "/value";
}

static json_t *
rows_of(json_t *doc)
{
	if (json_is_array(doc))
		return doc;
	return json_object_get(doc, "value");
}

int
routes_detect(json_t *doc, int file_hint, enum route_doc *kind)
{
	json_t *rows, *first;
	const char *k;
	json_t *x;

	if (json_is_object(doc)) {
		json_object_foreach(doc, k, x)
		{
			if (mp_strcase_prefix(k, "RouteServiceRole_IN_") &&
			    json_is_array(x)) {
				*kind = RD_ROUTE_SERVER;
				return 1;
			}
		}
	}
	rows = rows_of(doc);
	if (!json_is_array(rows))
		return 0;
	first = json_array_get(rows, 0);
	if (first == NULL) {
		*kind = file_hint == 2 ? RD_CIRCUIT : RD_GATEWAY;
		return file_hint != 0 && json_is_object(doc);
	}
	if (!json_is_object(first) || json_object_get(first, "id") != NULL ||
	    !json_is_string(json_object_get(first, "network")))
		return 0;
	if (json_object_get(first, "locPrf") != NULL ||
	    json_object_get(first, "path") != NULL) {
		*kind = RD_CIRCUIT;
		return 1;
	}
	if (json_object_get(first, "nextHop") != NULL ||
	    json_object_get(first, "origin") != NULL ||
	    json_object_get(first, "asPath") != NULL) {
		*kind = RD_GATEWAY;
		return 1;
	}
	return 0;
}

const char *
routes_target_from_path(struct arena *a, const char *path, int *advertised,
    int *routes_table)
{
	static const char *const sfx[] = { ".learned.json", ".advertised.json",
		".routes.json" };
	const char *base = strrchr(path, '/');
	size_t i, n;

	base = base ? base + 1 : path;
	n = strlen(base);
	*advertised = 0;
	*routes_table = 0;
	for (i = 0; i < MP_NELEM(sfx); i++) {
		size_t k = strlen(sfx[i]);

		if (n > k && mp_strcase_suffix(base, sfx[i])) {
			*advertised = i == 1;
			*routes_table = i == 2;
			return arena_strndup(a, base, n - k);
		}
	}
	return NULL;
}

/* Find a seen resource of kind by id or by (unique) name. */
static struct res *
find_target(struct loader *L, enum res_kind kind, const char *target,
    const char *file, const char *what)
{
	struct res *r, *found = NULL;
	size_t i, nmatch = 0, nseen = 0;
	struct res **v;
	size_t n;

	switch (kind) {
	case RK_GATEWAY:
		v = (struct res **)L->e->gateways.v;
		n = L->e->gateways.n;
		break;
	case RK_CIRCUIT:
		v = (struct res **)L->e->circuits.v;
		n = L->e->circuits.n;
		break;
	default:
		v = (struct res **)L->e->route_servers.v;
		n = L->e->route_servers.n;
		break;
	}
	if (target != NULL && strchr(target, '/') != NULL) {
		r = estate_find(L->e, target);
		if (r != NULL && r->kind == kind && r->seen)
			return r;
		ld_diag(L, DIAG_WARNING, "routes-no-target", file, NULL, target,
		    "no %s with this id is in the inputs: the routes "
		    "are ignored",
		    what);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (!v[i]->seen)
			continue;
		nseen++;
		if (target == NULL || mp_strcaseeq(v[i]->name, target)) {
			nmatch++;
			found = v[i];
		}
	}
	if (nmatch == 1 && (target != NULL || nseen == 1))
		return found;
	if (nmatch > 1 && target != NULL) {
		ld_diag(L, DIAG_WARNING, "routes-ambiguous", file, NULL, NULL,
		    "%zu %ss are named '%s': give the id with --gateway "
		    "ID=FILE; the routes are ignored",
		    nmatch, what, target);
		return NULL;
	}
	if (target != NULL)
		ld_diag(L, DIAG_WARNING, "routes-no-target", file, NULL, NULL,
		    "no %s named '%s' is in the inputs: the routes are "
		    "ignored",
		    what, target);
	else
		ld_diag(L, DIAG_WARNING, "routes-no-target", file, NULL, NULL,
		    "route export for a %s, but the file name does not say "
		    "which (name it <%s>.%s.json%s); the routes are ignored",
		    what, what, kind == RK_CIRCUIT ? "routes" : "learned",
		    kind == RK_GATEWAY ? " or use --gateway NAME=FILE" : "");
	return NULL;
}

/* Collapse runs of white space and trim (paths end in "\n   "). */
static const char *
squeeze(struct arena *a, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *r;
	int sp = 0;

	for (; s && *s; s++) {
		if (isspace((unsigned char)*s)) {
			sp = 1;
			continue;
		}
		if (sp && sb.len > 0)
			sb_putc(&sb, ' ');
		sp = 0;
		sb_putc(&sb, *s);
	}
	r = arena_strdup(a, sb_str(&sb));
	sb_free(&sb);
	return r;
}

static const char *
str_field(struct loader *L, json_t *row, const char *k)
{
	json_t *v = json_object_get(row, k);

	if (json_is_string(v))
		return arena_strdup(L->a, json_string_value(v));
	if (json_is_integer(v))
		return arena_printf(L->a, "%lld",
		    (long long)json_integer_value(v));
	return NULL;
}

/* Parse the rows; returns the number of rows kept. */
static size_t
parse_rows(struct loader *L, struct route_input *ri, json_t *rows,
    const char *base, void *outp, bool *ebgp)
{
	ARR(struct learned_route) *out = outp;
	json_t *row;
	size_t i, kept = 0;

	json_array_foreach(rows, i, row)
	{
		const char *ptr = jptr_index(L->a, base, i), *net, *err;
		struct learned_route lr;
		json_t *w;

		if (!json_is_object(row)) {
			ld_diag(L, DIAG_ERROR, "json-type", ri->file, ptr, NULL,
			    "a route row is not an object");
			continue;
		}
		memset(&lr, 0, sizeof(lr));
		net = json_string_value(json_object_get(row, "network"));
		if (net == NULL) {
			ld_diag(L, DIAG_ERROR, "json-type", ri->file,
			    jptr_key(L->a, ptr, "network"), NULL,
			    "a route row has no \"network\" string");
			continue;
		}
		if (prefix_parse(net, 0, &lr.p, &err) != 0 &&
		    prefix_parse(net, PFX_NORMALIZE | PFX_ALLOW_ADDR, &lr.p,
			NULL) != 0) {
			ld_diag(L, DIAG_ERROR, "cidr-invalid", ri->file,
			    jptr_key(L->a, ptr, "network"), NULL,
			    "'%s' is not a valid CIDR prefix: %s", net, err);
			continue;
		}
		lr.origin = str_field(L, row, "origin");
		lr.next_hop = squeeze(L->a, str_field(L, row, "nextHop"));
		lr.source_peer = str_field(L, row, "sourcePeer");
		lr.as_path = str_field(L, row, "asPath");
		if (lr.as_path == NULL && json_object_get(row, "path"))
			lr.as_path = squeeze(L->a, str_field(L, row, "path"));
		w = json_object_get(row, "weight");
		if (json_is_integer(w))
			lr.weight = (int)json_integer_value(w);
		if (lr.origin != NULL && mp_strcaseeq(lr.origin, "EBgp"))
			*ebgp = true;
		if (ri->kind == RD_CIRCUIT && lr.as_path != NULL &&
		    lr.as_path[0] != '\0')
			*ebgp = true;
		ARR_PUSH(L->a, *out, lr);
		kept++;
	}
	return kept;
}

static void
apply_gateway(struct loader *L, struct route_input *ri)
{
	struct gateway *g = (struct gateway *)find_target(L, RK_GATEWAY,
	    ri->target, ri->file, "gateway");
	bool ebgp = false;

	if (g == NULL)
		return;
	if (ri->advertised) {
		parse_rows(L, ri, rows_of(ri->doc), rows_base(ri->doc),
		    &g->advertised, &ebgp);
		g->has_advertised = true;
		return;
	}
	parse_rows(L, ri, rows_of(ri->doc), rows_base(ri->doc), &g->learned,
	    &ebgp);
	g->has_learned = true;
	if (g->learned_file == NULL) {
		g->learned_file = ri->file;
		g->learned_mtime = capture_file_mtime(ri->file);
	}
	if (ebgp)
		L->e->has_onprem_routes = true;
}

static void
apply_circuit(struct loader *L, struct route_input *ri)
{
	struct circuit *c = (struct circuit *)find_target(L, RK_CIRCUIT,
	    ri->target, ri->file, "circuit");
	bool ebgp = false;

	if (c == NULL)
		return;
	parse_rows(L, ri, rows_of(ri->doc), rows_base(ri->doc), &c->routes,
	    &ebgp);
	if (ebgp)
		L->e->has_onprem_routes = true;
}

static void
apply_route_server(struct loader *L, struct route_input *ri)
{
	struct route_server *rs = (struct route_server *)find_target(L,
	    RK_ROUTE_SERVER, ri->target, ri->file, "route server");
	struct arena *scratch;
	struct strmap *seen, *count;
	const char *k;
	json_t *rows;
	size_t max = 0;

	if (rs == NULL)
		return;
	scratch = arena_new();
	seen = strmap_new(scratch);
	count = strmap_new(scratch);
	json_object_foreach(ri->doc, k, rows)
	{
		ARR(struct learned_route) tmp = { NULL, 0, 0 };
		bool ebgp = false;
		size_t i;

		if (!json_is_array(rows))
			continue;
		parse_rows(L, ri, rows, jptr_key(L->a, "", k), &tmp, &ebgp);
		for (i = 0; i < tmp.n; i++) {
			const char *peer = tmp.v[i].source_peer ?
			    tmp.v[i].source_peer :
			    "";
			char buf[PREFIX_STRLEN];
			const char *pk = arena_printf(scratch, "%s|%s", peer,
			    prefix_format(&tmp.v[i].p, buf));
			size_t *c;

			if (strmap_get(seen, pk) != NULL)
				continue;
			strmap_put(seen, pk, (void *)1);
			c = strmap_get(count, peer);
			if (c == NULL) {
				c = arena_alloc(scratch, sizeof(*c));
				strmap_put(count, peer, c);
			}
			if (++*c > max)
				max = *c;
		}
	}
	arena_free(scratch);
	rs->max_routes_per_peer = max;
}

void
routes_apply(struct loader *L)
{
	size_t i;

	for (i = 0; i < L->routes.n; i++) {
		struct route_input *ri = &L->routes.v[i];

		switch (ri->kind) {
		case RD_GATEWAY:
			apply_gateway(L, ri);
			break;
		case RD_CIRCUIT:
			apply_circuit(L, ri);
			break;
		case RD_ROUTE_SERVER:
			apply_route_server(L, ri);
			break;
		}
	}
}
