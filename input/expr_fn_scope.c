/*
 * expr_fn_scope.c - ARM's resource, scope and deployment functions:
 * resourceId() and its subscription, tenant and extension forms,
 * subscription(), resourceGroup() (its location when the deployment's is
 * known), deployment(), reference() to a nested deployment whose outputs
 * are known; and the functions that cannot be known offline (hashes, the
 * clock, the tenant's cloud), which fail with EXPR_UNSUPPORTED and the
 * reason, never a guess.
 *
 *   ex_scope_fns  the table of these functions (expr_int.h)
 */
#include <string.h>
#include <strings.h>

#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "expr_int.h"

/* The scope of an id: "/subscriptions/S[/resourceGroups/R]/providers/". */
static void
put_type_names(struct strbuf *sb, const char *type, struct jarr *a,
    size_t first)
{
	const char *tp = strchr(type, '/') + 1;
	size_t arg = first;
	const char *np = json_string_value(a->v[arg]);

	sb_putn(sb, type, (size_t)(tp - type));
	for (;;) {
		const char *te = strchr(tp, '/');
		const char *ne;

		sb_putn(sb, tp, te ? (size_t)(te - tp) : strlen(tp));
		sb_putc(sb, '/');
		ne = strchr(np, '/');
		sb_putn(sb, np, ne ? (size_t)(ne - np) : strlen(np));
		if (ne != NULL)
			np = ne + 1;
		else if (++arg < a->n)
			np = json_string_value(a->v[arg]);
		if (te == NULL)
			break;
		sb_putc(sb, '/');
		tp = te + 1;
	}
}

/* Check that names after type index ti fit the type's segments. */
static json_t *
check_names(struct parser *ps, const char *fn, struct jarr *a, size_t ti)
{
	const char *type = json_string_value(a->v[ti]), *t;
	size_t i, ntypes = 0, nnames = 0;

	for (t = type; *t; t++)
		if (*t == '/')
			ntypes++;
	for (i = ti + 1; i < a->n; i++) {
		const char *n = json_string_value(a->v[i]);

		nnames++;
		for (; *n; n++)
			if (*n == '/')
				nnames++;
	}
	if (ntypes < 1 || nnames != ntypes)
		return ex_fail(ps, EXPR_ERROR,
		    "%s('%s') needs %zu name(s), got "
		    "%zu",
		    fn, type, ntypes, nnames);
	return json_true();
}

/*
 * resourceId([subscriptionId], [resourceGroupName], resourceType,
 * name1, ...), subscriptionResourceId([subscriptionId], type, names),
 * tenantResourceId(type, names), extensionResourceId(resourceId, type,
 * names): the first argument with a '/' is the type (for the extension
 * form, the second).
 */
static json_t *
f_resource_id(struct parser *ps, const char *fn, struct jarr *a)
{
	struct strbuf sb = STRBUF_INIT;
	const char *sub = ps->env->subscription, *rg = ps->env->resource_group;
	size_t i, ti = (size_t)-1, from = 0;
	int ext = mp_strcaseeq(fn, "extensionResourceId");
	int subonly = mp_strcaseeq(fn, "subscriptionResourceId");
	int tenant = mp_strcaseeq(fn, "tenantResourceId");
	json_t *ok;

	for (i = 0; i < a->n; i++)
		if (!json_is_string(a->v[i]))
			return ex_fail(ps, EXPR_ERROR,
			    "%s() argument %zu is not "
			    "a string",
			    fn, i + 1);
	if (ext) {
		if (a->n < 3)
			return ex_want(ps, fn, "an id, a type and names");
		from = 1;
	}
	for (i = from; i < a->n && i < from + 3; i++) {
		if (strchr(json_string_value(a->v[i]), '/') != NULL) {
			ti = i;
			break;
		}
	}
	if (ti == (size_t)-1 || (ext && ti != 1) || (tenant && ti != 0) ||
	    (subonly && ti > 1))
		return ex_fail(ps, EXPR_ERROR,
		    "%s() has no resource type where "
		    "expected",
		    fn);
	if ((ok = check_names(ps, fn, a, ti)) == NULL)
		return NULL;
	json_decref(ok);
	if (ext) {
		sb_puts(&sb, json_string_value(a->v[0]));
		sb_puts(&sb, "/providers/");
	} else if (tenant) {
		sb_puts(&sb, "/providers/");
	} else if (subonly) {
		if (ti == 1)
			sub = json_string_value(a->v[0]);
		if (sub == NULL)
			return ex_fail(ps, EXPR_UNSUPPORTED,
			    "%s('%s') with an "
			    "unknown subscription",
			    fn, json_string_value(a->v[ti]));
		sb_printf(&sb, "/subscriptions/%s/providers/", sub);
	} else {
		if (ti == 1)
			rg = json_string_value(a->v[0]);
		else if (ti == 2) {
			sub = json_string_value(a->v[0]);
			rg = json_string_value(a->v[1]);
		}
		if (sub == NULL || rg == NULL)
			return ex_fail(ps, EXPR_UNSUPPORTED,
			    "%s('%s') with an "
			    "unknown subscription or resource group",
			    fn, json_string_value(a->v[ti]));
		sb_printf(&sb,
		    "/subscriptions/%s/resourceGroups/%s/"
		    "providers/",
		    sub, rg);
	}
	put_type_names(&sb, json_string_value(a->v[ti]), a, ti + 1);
	return ex_sb_result(ps, &sb);
}

static json_t *
f_subscription(struct parser *ps, const char *fn, struct jarr *a)
{
	(void)fn;
	if (a->n != 0)
		return ex_fail(ps, EXPR_UNSUPPORTED,
		    "subscription() with arguments");
	if (ps->env->subscription == NULL)
		return ex_fail(ps, EXPR_UNSUPPORTED,
		    "subscription() with an unknown scope");
	return json_pack("{s:s+, s:s}", "id", "/subscriptions/",
	    ps->env->subscription, "subscriptionId", ps->env->subscription);
}

static json_t *
f_resource_group(struct parser *ps, const char *fn, struct jarr *a)
{
	json_t *r;

	(void)fn;
	if (a->n != 0)
		return ex_fail(ps, EXPR_UNSUPPORTED,
		    "resourceGroup() with arguments");
	if (ps->env->subscription == NULL || ps->env->resource_group == NULL)
		return ex_fail(ps, EXPR_UNSUPPORTED,
		    "resourceGroup() with an unknown scope");
	r = json_pack("{s:s+++, s:s, s:s}", "id", "/subscriptions/",
	    ps->env->subscription, "/resourceGroups/", ps->env->resource_group,
	    "name", ps->env->resource_group, "type",
	    "Microsoft.Resources/resourceGroups");
	if (r == NULL)
		return ex_fail(ps, EXPR_ERROR,
		    "a string that is not valid "
		    "UTF-8");
	/* Without it, .location is "not known offline" (parse_expr). */
	if (ps->env->location_used != NULL)
		(*ps->env->location_used)++;
	if (ps->env->location != NULL)
		json_object_set_new(r, "location",
		    json_string(ps->env->location));
	return r;
}

static json_t *
f_deployment(struct parser *ps, const char *fn, struct jarr *a)
{
	json_t *r = json_object();

	if (a->n != 0) {
		json_decref(r);
		return ex_want(ps, fn, "no argument");
	}
	if (ps->env->deployment_name != NULL)
		json_object_set_new(r, "name",
		    json_string(ps->env->deployment_name));
	if (ps->env->template_uri != NULL)
		json_object_set_new(r, "properties",
		    json_pack("{s:{s:s}}", "templateLink", "uri",
			ps->env->template_uri));
	return r;
}

static json_t *
f_reference(struct parser *ps, const char *fn, struct jarr *a)
{
	static const char dep[] = "/providers/Microsoft.Resources/deployments/";
	const char *s, *name = NULL;
	size_t m = sizeof(dep) - 1;
	json_t *d;

	if (a->n < 1 || !json_is_string(a->v[0]))
		return ex_want(ps, fn, "a resource name or id");
	s = json_string_value(a->v[0]);
	if (strchr(s, '/') == NULL)
		name = s;
	else {
		/* .../providers/Microsoft.Resources/deployments/NAME */
		const char *slash = strrchr(s, '/');

		if ((size_t)(slash - s) + 1 >= m &&
		    strncasecmp(slash + 1 - m, dep, m) == 0)
			name = slash + 1;
	}
	/* A nested deployment evaluated here: its outputs are known. */
	if (name != NULL &&
	    (d = ex_obj_get_ci(ps->env->deployments, name)) != NULL)
		return json_incref(d);
	return ex_fail(ps, EXPR_UNSUPPORTED,
	    "reference() reads a deployed "
	    "resource's runtime state");
}

static json_t *
f_unknown(struct parser *ps, const char *fn, struct jarr *a)
{
	(void)a;
	if (mp_strcaseeq(fn, "uniqueString") || mp_strcaseeq(fn, "guid"))
		return ex_fail(ps, EXPR_UNSUPPORTED,
		    "%s() is a hash whose "
		    "algorithm Azure does not publish",
		    fn);
	if (mp_strcaseeq(fn, "newGuid") || mp_strcaseeq(fn, "utcNow") ||
	    mp_strcaseeq(fn, "dateTimeAdd") ||
	    mp_strcaseeq(fn, "dateTimeFromEpoch") ||
	    mp_strcaseeq(fn, "dateTimeToEpoch"))
		return ex_fail(ps, EXPR_UNSUPPORTED,
		    "%s() depends on the "
		    "clock or randomness at deployment",
		    fn);
	if (mp_strcaseeq(fn, "environment") || mp_strcaseeq(fn, "tenant") ||
	    mp_strcaseeq(fn, "managementGroup") ||
	    mp_strcaseeq(fn, "pickZones") || mp_strcaseeq(fn, "providers"))
		return ex_fail(ps, EXPR_UNSUPPORTED,
		    "%s() describes the "
		    "cloud or tenant at deployment",
		    fn);
	return ex_fail(ps, EXPR_UNSUPPORTED, "%s() is not known offline", fn);
}

const struct expr_fn ex_scope_fns[] = {
	{ .name = "dateTimeAdd", .fn = f_unknown },
	{ .name = "dateTimeFromEpoch", .fn = f_unknown },
	{ .name = "dateTimeToEpoch", .fn = f_unknown },
	{ .name = "deployment", .fn = f_deployment },
	{ .name = "environment", .fn = f_unknown },
	{ .name = "extensionResourceId", .fn = f_resource_id },
	{ .name = "guid", .fn = f_unknown },
	{ .name = "managementGroup", .fn = f_unknown },
	{ .name = "newGuid", .fn = f_unknown },
	{ .name = "pickZones", .fn = f_unknown },
	{ .name = "providers", .fn = f_unknown },
	{ .name = "reference", .fn = f_reference },
	{ .name = "resourceGroup", .fn = f_resource_group },
	{ .name = "resourceId", .fn = f_resource_id },
	{ .name = "subscription", .fn = f_subscription },
	{ .name = "subscriptionResourceId", .fn = f_resource_id },
	{ .name = "tenant", .fn = f_unknown },
	{ .name = "tenantResourceId", .fn = f_resource_id },
	{ .name = "uniqueString", .fn = f_unknown },
	{ .name = "utcNow", .fn = f_unknown },
};
const size_t ex_scope_nfns = MP_NELEM(ex_scope_fns);
