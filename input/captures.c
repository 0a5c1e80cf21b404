/*
 * captures.c - captured effective route tables, the evidence `routes
 * --check`, analyze and report compare the simulation with.
 *
 * Shape (checked against azure-cli's aaz command `network nic
 * show-effective-route-table`, api 2022-01-01, and a recorded REST
 * answer): {"value": [route...], "nextLink"?} or the bare array, each
 * route {"name"?, "source", "state", "addressPrefix": [..],
 * "nextHopType", "nextHopIpAddress": [..], "disableBgpRoutePropagation"?}
 * (the REST body adds hasBgpOverride, destinationServiceTags, tagMap).
 * A string where the CLI prints a one-element list is accepted too.
 *
 *   capture_nic_from_path  the NIC a file name gives
 *   capture_detect         is a document an effective route table
 *   capture_collect        read one into e->captures (diagnostics)
 *   captures_load_files    --captured NIC=FILE
 *   captures_place         find each capture's NIC and subnet
 *
 * Every malformed route is a capture-invalid error with its JSON
 * Pointer; loading goes on so that all of them are reported.
 */
#include "captures.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../lib/diag.h"
#include "../lib/util.h"
#include "load.h"

#define SUFFIX ".effective-routes.json"

const char *
capture_nic_from_path(struct arena *a, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n, k = strlen(SUFFIX);

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n <= k || !mp_strcase_suffix(base, SUFFIX))
		return NULL;
	return arena_strndup(a, base, n - k);
}

static json_t *
rows_of(json_t *doc)
{
	return json_is_array(doc) ? doc : json_object_get(doc, "value");
}

bool
capture_detect(json_t *doc, bool named)
{
	json_t *rows = rows_of(doc), *first;

	if (!json_is_array(rows))
		return false;
	first = json_array_get(rows, 0);
	if (first == NULL)
		return named;
	return json_is_object(first) && json_object_get(first, "id") == NULL &&
	    json_object_get(first, "addressPrefix") != NULL &&
	    (json_object_get(first, "nextHopType") != NULL ||
		json_object_get(first, "source") != NULL);
}

long long
capture_file_mtime(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return 0;
	return (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
}

/* A list of strings, or one string; false when v is neither (or holds
 * something else). NULL and absent give an empty list. */
static bool
str_list(json_t *v, json_t **out_arr, const char **one)
{
	json_t *x;
	size_t i;

	*out_arr = NULL;
	*one = NULL;
	if (v == NULL || json_is_null(v))
		return true;
	if (json_is_string(v)) {
		*one = json_string_value(v);
		return true;
	}
	if (!json_is_array(v))
		return false;
	json_array_foreach(v, i, x) if (!json_is_string(x)) return false;
	*out_arr = v;
	return true;
}

/* Does s look like an address (so that it must parse as one), rather
 * than a service tag's name? */
static bool
looks_numeric(const char *s)
{
	return strchr(s, '/') != NULL || strchr(s, ':') != NULL ||
	    (s[0] >= '0' && s[0] <= '9');
}

static const char *
req_string(struct loader *L, json_t *o, const char *key, const char *file,
    const char *ptr, bool *ok)
{
	json_t *v = json_object_get(o, key);

	if (json_is_string(v))
		return arena_strdup(L->a, json_string_value(v));
	ld_diag(L, DIAG_ERROR, "capture-invalid", file,
	    jptr_key(L->tmp, ptr, key), NULL,
	    "effective route without a string \"%s\" (save the "
	    "output of az network nic show-effective-route-table as it is "
	    "printed)",
	    key);
	*ok = false;
	return NULL;
}

static bool
read_prefixes(struct loader *L, struct captured_route *cr, json_t *o,
    const char *file, const char *ptr)
{
	json_t *arr, *x;
	const char *one, *p = jptr_key(L->tmp, ptr, "addressPrefix");
	size_t i, n;

	if (!str_list(json_object_get(o, "addressPrefix"), &arr, &one)) {
		ld_diag(L, DIAG_ERROR, "capture-invalid", file, p, NULL,
		    "addressPrefix must be a list of prefixes");
		return false;
	}
	n = one != NULL ? 1 : json_array_size(arr);
	for (i = 0; i < n; i++) {
		const char *s, *err;
		struct prefix pf;

		x = one != NULL ? NULL : json_array_get(arr, i);
		s = one != NULL ? one : json_string_value(x);
		if (prefix_parse(s, 0, &pf, &err) == 0) {
			ARR_PUSH(L->a, cr->prefixes, pf);
		} else if (!looks_numeric(s)) {
			ARR_PUSH(L->a, cr->other, arena_strdup(L->a, s));
		} else {
			ld_diag(L, DIAG_ERROR, "capture-invalid", file,
			    one != NULL ? p : jptr_index(L->tmp, p, i), NULL,
			    "address prefix '%s': %s", s, err);
			return false;
		}
	}
	if (n == 0 && cr->service_tags == 0) {
		ld_diag(L, DIAG_ERROR, "capture-invalid", file, p, NULL,
		    "effective route without an address prefix");
		return false;
	}
	return true;
}

static bool
read_next_hops(struct loader *L, struct captured_route *cr, json_t *o,
    const char *file, const char *ptr)
{
	json_t *arr;
	const char *one, *p = jptr_key(L->tmp, ptr, "nextHopIpAddress");
	size_t i, n;

	if (!str_list(json_object_get(o, "nextHopIpAddress"), &arr, &one)) {
		ld_diag(L, DIAG_ERROR, "capture-invalid", file, p, NULL,
		    "nextHopIpAddress must be a list of addresses");
		return false;
	}
	n = one != NULL ? 1 : json_array_size(arr);
	for (i = 0; i < n; i++) {
		const char *s = one != NULL ?
		    one :
		    json_string_value(json_array_get(arr, i)),
			   *err;
		char buf[PREFIX_STRLEN];
		struct prefix pf;

		if (*s == '\0')
			continue;
		if (prefix_parse(s, PFX_ALLOW_ADDR, &pf, &err) != 0 ||
		    pf.len != prefix_maxlen(&pf)) {
			ld_diag(L, DIAG_ERROR, "capture-invalid", file,
			    one != NULL ? p : jptr_index(L->tmp, p, i), NULL,
			    "next hop '%s' is not an IP address", s);
			return false;
		}
		ARR_PUSH(L->a, cr->nh_ips,
		    arena_strdup(L->a, prefix_format_addr(&pf, buf)));
	}
	return true;
}

static bool
read_route(struct loader *L, struct captured_route *cr, json_t *o,
    const char *file, const char *ptr)
{
	json_t *tags = json_object_get(o, "destinationServiceTags");
	bool ok = true;

	memset(cr, 0, sizeof(*cr));
	cr->pointer = arena_strdup(L->a, ptr);
	if (!json_is_object(o)) {
		ld_diag(L, DIAG_ERROR, "capture-invalid", file, ptr, NULL,
		    "an effective route must be an object");
		return false;
	}
	if (json_is_string(json_object_get(o, "name")))
		cr->name = arena_strdup(L->a,
		    json_string_value(json_object_get(o, "name")));
	cr->source = req_string(L, o, "source", file, ptr, &ok);
	cr->state = req_string(L, o, "state", file, ptr, &ok);
	cr->nh_type = req_string(L, o, "nextHopType", file, ptr, &ok);
	if (cr->state != NULL && !mp_strcaseeq(cr->state, "Active") &&
	    !mp_strcaseeq(cr->state, "Invalid")) {
		ld_diag(L, DIAG_ERROR, "capture-invalid", file,
		    jptr_key(L->tmp, ptr, "state"), NULL,
		    "state '%s': "
		    "Azure lists Active or Invalid",
		    cr->state);
		ok = false;
	}
	if (json_is_array(tags))
		cr->service_tags = json_array_size(tags);
	cr->disable_bgp = jtri(
	    json_object_get(o, "disableBgpRoutePropagation"));
	if (!read_prefixes(L, cr, o, file, ptr))
		ok = false;
	if (!read_next_hops(L, cr, o, file, ptr))
		ok = false;
	return ok;
}

void
capture_collect(struct loader *L, json_t *doc, const char *file,
    const char *nic)
{
	struct capture *c;
	json_t *rows = rows_of(doc), *x;
	const char *base = json_is_array(doc) ? "" : "/value";
	size_t i;

	if (!capture_detect(doc, true)) {
		ld_diag(L, DIAG_ERROR, "capture-invalid", file, "", NULL,
		    "the file is named as an effective route table but is "
		    "not one (save the output of az network nic "
		    "show-effective-route-table: {\"value\": [...]})");
		return;
	}
	c = arena_alloc(L->a, sizeof(*c));
	memset(c, 0, sizeof(*c));
	c->file = arena_strdup(L->a, file);
	c->nic = arena_strdup(L->a, nic);
	c->mtime = capture_file_mtime(file);
	json_array_foreach(rows, i, x)
	{
		struct captured_route cr;

		if (read_route(L, &cr, x, file, jptr_index(L->tmp, base, i)))
			ARR_PUSH(L->a, c->routes, cr);
	}
	ARR_PUSH(L->a, L->e->captures, c);
}

bool
capture_is_named_file(const struct load_opts *o, const char *path)
{
	size_t i;

	for (i = 0; o != NULL && i < o->ncaptured_files; i++)
		if (strcmp(o->captured_files[i].file, path) == 0)
			return true;
	return false;
}

void
captures_load_files(struct loader *L, const struct load_opts *o)
{
	size_t i, bytes;

	for (i = 0; o != NULL && i < o->ncaptured_files; i++) {
		const struct gateway_file *g = &o->captured_files[i];
		json_t *doc = jfile_load(g->file, L->lim, L->d, &bytes);

		if (doc == NULL)
			continue;
		L->e->files_read++;
		capture_collect(L, doc, arena_strdup(L->a, g->file),
		    g->gateway);
		json_decref(doc);
	}
}

static int
capture_cmp(const void *a, const void *b)
{
	const struct capture *x = *(const struct capture *const *)a;
	const struct capture *y = *(const struct capture *const *)b;

	return strcmp(x->file, y->file);
}

/* The seen NIC with this id, or this name when one NIC has it. */
static const struct nic *
find_nic(const struct estate *e, const char *want, size_t *nfound)
{
	const struct nic *found = NULL;
	size_t i;

	*nfound = 0;
	for (i = 0; i < e->nics.n; i++) {
		const struct nic *n = e->nics.v[i];

		if (!n->r.seen)
			continue;
		if (mp_strcaseeq(n->r.id, want) ||
		    (strchr(want, '/') == NULL && n->r.name != NULL &&
			mp_strcaseeq(n->r.name, want))) {
			if (found == NULL)
				found = n;
			(*nfound)++;
		}
	}
	return found;
}

/*
 * Several NICs carry the name: the one whose subscription and resource
 * group are the two folders above the file (tools/collect.sh writes
 * captures/<subscription>/<group>/<nic>.effective-routes.json); NULL when
 * none or several.
 */
static const struct nic *
find_nic_by_path(struct loader *L, const struct capture *c)
{
	const struct estate *e = L->e;
	const char *p = c->file, *s1 = NULL, *s2 = NULL, *s3 = NULL, *q;
	const char *fsub, *frg;
	const struct nic *found = NULL;
	size_t i, n = 0;

	/* s3: the last '/', s2 and s1 the two before it. */
	for (q = p; *q != '\0'; q++) {
		if (*q == '/') {
			s1 = s2;
			s2 = s3;
			s3 = q;
		}
	}
	if (s1 == NULL)
		return NULL;
	fsub = arena_strndup(L->a, s1 + 1, (size_t)(s2 - s1 - 1));
	frg = arena_strndup(L->a, s2 + 1, (size_t)(s3 - s2 - 1));
	for (i = 0; i < e->nics.n; i++) {
		const struct nic *x = e->nics.v[i];
		const char *sub = x->r.subscription, *rg = x->r.resource_group;

		if (!x->r.seen || x->r.name == NULL || sub == NULL ||
		    rg == NULL || !mp_strcaseeq(x->r.name, c->nic))
			continue;
		if (mp_strcaseeq(fsub, sub) && mp_strcaseeq(frg, rg)) {
			found = x;
			n++;
		}
	}
	return n == 1 ? found : NULL;
}

void
captures_place(struct loader *L, bool quiet)
{
	struct estate *e = L->e;
	size_t i, nfound;

	if (e->captures.n > 1)
		qsort(e->captures.v, e->captures.n, sizeof(*e->captures.v),
		    capture_cmp);
	for (i = 0; i < e->captures.n; i++) {
		struct capture *c = e->captures.v[i];
		const struct nic *n = NULL;
		const char *why, *res = NULL;

		if (c->nic == NULL) {
			why = "effective route table of an unnamed NIC: name "
			      "the file <nic>.effective-routes.json or give "
			      "--captured NIC=FILE";
		} else if (((n = find_nic(e, c->nic, &nfound)) == NULL ||
			       nfound > 1) &&
		    (nfound <= 1 || (n = find_nic_by_path(L, c)) == NULL)) {
			why = arena_printf(L->a,
			    "%s NIC '%s' in the inputs: %s",
			    nfound == 0 ? "no" : "more than one", c->nic,
			    nfound == 0 ?
				"add the NIC (az network nic list)" :
				"give --captured with the NIC's id, or keep "
				"the "
				"capture under <subscription>/<group>/");
		} else if (n->subnet == NULL || !n->subnet->r.seen ||
		    n->subnet->vnet == NULL) {
			why = arena_printf(L->a,
			    "the NIC's subnet %s is not in "
			    "the inputs: export its VNet too",
			    n->subnet_id ? n->subnet_id : "(none)");
			res = n->r.id;
		} else {
			c->nic_res = n;
			c->subnet = n->subnet;
			continue;
		}
		if (!quiet)
			ld_diag(L, DIAG_WARNING, "capture-unplaced", c->file,
			    NULL, res,
			    "%s; or place the capture with routes "
			    "--check --vnet NAME --subnet NAME",
			    why);
	}
}
