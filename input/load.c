/*
 * load.c - load_inputs(): files and directories to one estate.
 *
 * Pipeline: expand the paths (directories recursively, *.json only,
 * symlink loops guarded) into one list sorted by path; parse every file
 * (read and pre-passed in parallel when jobs > 1, at most 2 x jobs files
 * ahead of the merge; each file gets its own diagnostics list);
 * then, serially and in path order, detect each document's shape by
 * content and collect resource records; infer the scope of templates
 * that have none; merge the records that name the same resource and
 * apply them to the estate in id order; attach route exports; build the
 * raw JSON kept for IaC; decref every jansson document; link and derive
 * the topology. The result never depends on readdir order, argument
 * order or the number of jobs. Paths are expanded in load_paths.c and
 * the scope of templates inferred in load_scope.c (load_int.h).
 */
#include "load.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/diag.h"
#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "../planner/estate.h"
#include "../planner/topology.h"
#include "captures.h"
#include "jsonfile.h"
#include "load_int.h"
#include "records.h"
#include "resources.h"
#include "routes.h"
#include "template.h"

#define MAX_THREADS 64

void
load_limits_default(struct load_limits *l)
{
	l->max_file_size = (size_t)1 << 30;
	l->max_depth = 256;
	l->max_string = (size_t)16 << 20;
	l->max_resources = 1000000;
	l->max_expr_depth = 64;
	/* "Subnets per virtual network: 3,000" (azure-docs includes/
	 * azure-virtual-network-limits.md). */
	l->max_subnets = 3000;
}

/* ---- parsing (parallel) ---- */

/*
 * What a list envelope says about pages: a continuation token or link, and
 * Resource Graph's totalRecords. Members and shapes checked against
 * Resource Graph's REST body (totalRecords, count, data, facets,
 * resultTruncated, $skipToken; azure-cli-extensions' recorded
 * resource-graph-query-page-skiptoken.json), the CLI's output of
 * `az graph query` (azure-cli-extensions src/resource-graph/
 * azext_resourcegraph/custom.py execute_query, the version with
 * --skip-token and --management-groups: {data, count, total_records,
 * skip_token}, skip_token null on the last page) and ARM's REST list
 * bodies ({value, nextLink}; nextLink absent, null or "" on the last page).
 */
struct paging {
	const char *next_key; /* member naming the next page; NULL: none */
	const char *next;     /* its value (a token or a URL) */
	long long total;      /* totalRecords / total_records; -1: absent */
	size_t rows;	      /* elements of the list */
};

static const char *const page_token_keys[] = {
	"$skipToken",
	"skipToken",
	"skip_token",
	"nextLink",
	"@odata.nextLink",
};

struct job {
	const char *path;
	bool walked; /* found by a directory walk, not named */
	struct paging pg;
	struct jtext *text; /* a list read lazily (see lazy_list) */
	struct jspan list;
	const char *base; /* the list's JSON Pointer */
	json_t *doc;	  /* else the whole document */
	size_t bytes;
	struct arena *da;
	struct diags d;
	bool parsed; /* by a thread of the pool (under its lock) */
};

/*
 * The threads of a parallel load read the files in path order (parse_job:
 * a resource list is kept as text, anything else parsed whole), at most
 * `window` files ahead of the one being applied, so that a whole estate is
 * never held at once; load_inputs waits for each file, applies it (a
 * list's elements parsed one by one, as in a serial load) and frees it.
 */
struct pool {
	struct job *jobs;
	size_t n, next, applied, window;
	const struct load_limits *lim;
	bool lazy;
	pthread_mutex_t mu;
	pthread_cond_t parsed; /* a job was parsed */
	pthread_cond_t room;   /* a job was applied */
	pthread_t th[MAX_THREADS];
	size_t nt;
};

/* Members of a list envelope ({"value": [...]}, {"data": [...]}) that
 * carry no resources. */
static const char *const envelope_extra[] = {
	"nextLink",
	"@odata.nextLink",
	"count",
	"totalRecords",
	"skipToken",
	"$skipToken",
	"resultTruncated",
	"facets",
	"skip_token",
	"total_records",
};

/* Note a paging member (key, value text s[v]) in j->pg. */
static void
page_member_skim(struct job *j, const char *s, struct jspan key, struct jspan v)
{
	struct paging *pg = &j->pg;
	size_t i;

	for (i = 0; i < MP_NELEM(page_token_keys); i++)
		if (jskim_eq(s, key, page_token_keys[i]) && s[v.off] == '"' &&
		    v.len > 2) {
			pg->next_key = page_token_keys[i];
			/* A token or URL with escapes is not quoted. */
			pg->next = jskim_plain_string(s, v) ?
			    arena_strndup(j->da, s + v.off + 1, v.len - 2) :
			    NULL;
			return;
		}
	if ((jskim_eq(s, key, "totalRecords") ||
		jskim_eq(s, key, "total_records")) &&
	    v.len > 0 && v.len < 19 && s[v.off] >= '0' && s[v.off] <= '9') {
		long long t = 0;

		for (i = 0;
		     i < v.len && s[v.off + i] >= '0' && s[v.off + i] <= '9';
		     i++)
			t = t * 10 + (s[v.off + i] - '0');
		pg->total = t;
	}
}

/*
 * Is the text a resource list that can be read lazily (a JSON array, or
 * an envelope whose one list is "value" or "data", of which the first
 * element is an object with an "id")? Anything else (templates, route
 * exports, flow logs, single resources) is parsed whole and told apart
 * by apply_doc, as are files whose name says they hold routes.
 */
static bool
lazy_list(struct job *j)
{
	const char *s = j->text->s;
	struct jspan doc, key, val, first;
	struct jskim k;
	size_t i, nlists = 0;
	int adv, rtab, rc;

	if (routes_target_from_path(j->da, j->path, &adv, &rtab) != NULL ||
	    !jskim_doc(s, j->text->len, &doc) || !jskim_enter(&k, s, doc))
		return false;
	if (!k.obj) {
		j->list = doc;
		j->base = "";
	} else {
		while ((rc = jskim_next(&k, &key, &val)) == 1) {
			if (jskim_eq(s, key, "value") ||
			    jskim_eq(s, key, "data")) {
				j->list = val;
				j->base = s[key.off] == 'v' ? "/value" :
							      "/data";
				nlists++;
				continue;
			}
			for (i = 0; i < MP_NELEM(envelope_extra); i++)
				if (jskim_eq(s, key, envelope_extra[i]))
					break;
			page_member_skim(j, s, key, val);
			/* Never parsed: must be valid as it is. */
			if (i == MP_NELEM(envelope_extra) ||
			    !jskim_valid(s, val))
				return false;
		}
		if (rc != 0 || nlists != 1)
			return false;
	}
	/* The list must be well formed, and its first element decides
	 * what apply_doc would take it for. */
	if (!jskim_enter(&k, s, j->list) || k.obj ||
	    jskim_next(&k, &key, &first) != 1)
		return false;
	j->pg.rows = 1;
	while ((rc = jskim_next(&k, &key, &val)) == 1)
		j->pg.rows++;
	if (rc != 0 || s[first.off] != '{' || !jskim_enter(&k, s, first))
		return false;
	{
		bool id = false;

		/* The active configurations' list is not a resource list
		 * (res_is_active_configs): apply_doc takes it. */
		while ((rc = jskim_next(&k, &key, &val)) == 1) {
			if (jskim_eq(s, key, "commitTime") ||
			    jskim_eq(s, key, "configurationGroups"))
				return false;
			id |= jskim_eq(s, key, "id");
		}
		return id;
	}
}

/*
 * Read and pre-pass the file; a lazy list is kept as text, its elements
 * parsed one by one as the merge reaches them (with threads as without),
 * unless load_opts.whole.
 */
static void
parse_job(struct job *j, const struct load_limits *lim, bool lazy)
{
	j->da = arena_new();
	diags_init(&j->d, j->da);
	memset(&j->pg, 0, sizeof(j->pg));
	j->pg.total = -1;
	j->text = jfile_read(j->path, lim, &j->d, &j->bytes);
	if (j->text == NULL || (lazy && lazy_list(j)))
		return;
	memset(&j->pg, 0, sizeof(j->pg)); /* apply_doc reads it again */
	j->pg.total = -1;
	j->doc = jtext_parse(j->text, 0, j->text->len, NULL, &j->d);
	jtext_free(j->text);
	j->text = NULL;
}

static void *
worker(void *arg)
{
	struct pool *p = arg;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->next < p->n && p->next >= p->applied + p->window)
			pthread_cond_wait(&p->room, &p->mu);
		i = p->next++;
		pthread_mutex_unlock(&p->mu);
		if (i >= p->n)
			break;
		parse_job(&p->jobs[i], p->lim, p->lazy);
		pthread_mutex_lock(&p->mu);
		p->jobs[i].parsed = true;
		pthread_cond_broadcast(&p->parsed);
		pthread_mutex_unlock(&p->mu);
	}
	return NULL;
}

static void
pool_join(struct pool *p)
{
	size_t i;

	for (i = 0; i < p->nt; i++)
		pthread_join(p->th[i], NULL);
	pthread_cond_destroy(&p->parsed);
	pthread_cond_destroy(&p->room);
	pthread_mutex_destroy(&p->mu);
}

/* Start the threads; false when none could be (the load is serial). */
static bool
pool_start(struct pool *p, struct job *jobs, size_t n, int njobs,
    const struct load_limits *lim, bool lazy)
{
	size_t nt = (size_t)njobs < n ? (size_t)njobs : n;

	if (nt > MAX_THREADS)
		nt = MAX_THREADS;
	memset(p, 0, sizeof(*p));
	p->jobs = jobs;
	p->n = n;
	p->lim = lim;
	p->lazy = lazy;
	/* Two files per thread ahead: the threads never wait for the
	 * merge while it applies one file. */
	p->window = 2 * nt;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->parsed, NULL);
	pthread_cond_init(&p->room, NULL);
	/* jansson seeds its hash function once; do it before threads. */
	json_object_seed(0);
	for (p->nt = 0; p->nt < nt; p->nt++)
		if (pthread_create(&p->th[p->nt], NULL, worker, p) != 0)
			break;
	if (p->nt == 0)
		pool_join(p);
	return p->nt > 0;
}

/* Wait until job i is parsed. */
static void
pool_wait(struct pool *p, size_t i)
{
	pthread_mutex_lock(&p->mu);
	while (!p->jobs[i].parsed)
		pthread_cond_wait(&p->parsed, &p->mu);
	pthread_mutex_unlock(&p->mu);
}

/* Job i is applied and freed: room for one more ahead. */
static void
pool_applied(struct pool *p, size_t i)
{
	pthread_mutex_lock(&p->mu);
	p->applied = i + 1;
	pthread_cond_broadcast(&p->room);
	pthread_mutex_unlock(&p->mu);
}

/* ---- shapes ---- */

static bool
is_template(json_t *doc)
{
	json_t *schema = json_object_get(doc, "$schema");
	json_t *res = json_object_get(doc, "resources");

	if (json_is_string(schema) &&
	    mp_strcase_suffix(json_string_value(schema),
		"deploymentTemplate.json#"))
		return true;
	return schema != NULL && (json_is_array(res) || json_is_object(res));
}

struct run {
	struct loader *L;
	const struct load_opts *o;
	size_t nfiles;
	ARR(struct uscope) uscopes;
	struct tpl_run *tr;
};

/* The scope of a template: --scope FILE=ID, --scope ID, the path. */
static bool
template_scope(struct run *R, const char *file, const char **sub,
    const char **rg)
{
	struct loader *L = R->L;
	const char *s = NULL;
	size_t i;

	for (i = 0; R->o != NULL && i < R->o->nfile_scopes; i++)
		if (tpl_same_file(R->o->file_scopes[i].file, file))
			s = R->o->file_scopes[i].value;
	if (s == NULL && R->o != NULL)
		s = R->o->scope;
	if (s != NULL) {
		if (ld_parse_scope(L->a, s, sub, rg))
			return true;
		ld_diag(L, DIAG_ERROR, "scope-invalid", file, NULL, NULL,
		    "--scope '%s' is not /subscriptions/S/resourceGroups/R", s);
	}
	return ld_scope_from_path(L->a, file, sub, rg);
}

/* Template records that are VNets, from start on. */
static size_t
vnets_read(struct loader *L, size_t start)
{
	size_t i, n = 0;

	for (i = start; i < L->recs.n; i++)
		n += L->recs.v[i].obj != NULL &&
		    mp_strcaseeq(L->recs.v[i].type,
			"Microsoft.Network/virtualNetworks");
	return n;
}

static void
load_template(struct run *R, json_t *tpl, const char *file, const char *base)
{
	struct loader *L = R->L;
	const char *sub = NULL, *rg = NULL, *pfile;
	bool known;
	size_t start = L->recs.n, declared;
	json_t *params;

	known = template_scope(R, file, &sub, &rg);
	if (!known) {
		sub = UNKNOWN_SUB;
		rg = ld_unknown_rg(L->a, file);
	}
	params = tpl_params_for(R->tr, file, &pfile);
	if (params != NULL)
		ld_diag(L, DIAG_NOTE, "template-parameters", file, NULL, NULL,
		    "parameters from %s applied", pfile);
	declared = tpl_collect(L, R->tr, tpl, params, file, base, sub, rg);
	if (declared > 0 && vnets_read(L, start) == 0)
		ld_diag(L, DIAG_WARNING, "template-no-vnet", file, NULL, NULL,
		    "the template declares %zu virtual network%s but none "
		    "was read (see the diagnostics before): the estate is "
		    "smaller than the template deploys",
		    declared, declared == 1 ? "" : "s");
	if (!known) {
		struct uscope u;
		size_t i;

		u.file = file;
		u.prefix = arena_printf(L->a,
		    "/subscriptions/%s/"
		    "resourceGroups/%s",
		    sub, rg);
		u.start = start;
		u.end = L->recs.n;
		for (i = start; i < L->recs.n; i++)
			L->recs.v[i].unknown_scope = true;
		ARR_PUSH(L->a, R->uscopes, u);
	}
}

/*
 * Collect the elements of a lazy list: unparsed where res_collect_lazy
 * can, else parsed one by one. The text is compacted in place to what the
 * lazy records need, and handed to them (struct lazy_list).
 */
static void
load_lazy_list(struct loader *L, struct job *j)
{
	struct jtext *t = j->text;
	struct lazy_list ll;
	struct jspan key, val;
	struct jskim k;
	struct jpos pos = { 1, 0 }, at;
	size_t i, pos_off = 0, start = (size_t)(t->s - t->own);
	int rc;

	ll.t = t;
	ll.dt = jtext_derive(t);
	ll.buf = t->own + start;
	ll.len = 0;
	MP_ASSERT(jskim_enter(&k, t->s, j->list));
	for (i = 0; (rc = jskim_next(&k, &key, &val)) == 1; i++) {
		const char *ptr = jptr_index(L->tmp, j->base, i);
		json_t *item;

		/* Past limit-resources only non-objects are still reported
		 * (res_collect's order). */
		if (L->file_over_limit && t->s[val.off] == '{')
			continue;
		/* Count the element's lines before it may be overwritten. */
		jtext_advance(t, &pos_off, &pos, val.off);
		at = pos;
		jtext_advance(t, &pos_off, &pos, val.off + val.len);
		if (res_collect_lazy(L, &ll, val, &at, j->path, ptr))
			continue;
		if ((item = jtext_parse(t, val.off, val.len, &at, L->d)) ==
		    NULL)
			break;
		res_collect(L, item, true, j->path, ptr);
		json_decref(item);
	}
	/* lazy_list walked it: the list is well formed. */
	MP_ASSERT(rc != -1);
	/* dt takes the buffer, cut to what was kept. */
	ll.dt->failed = t->failed;
	ll.dt->len = ll.len;
	if (start == 0)
		t->own = xrealloc(t->own, ll.len + 1);
	ll.dt->own = t->own;
	ll.dt->s = t->own + start;
	t->own = NULL;
	/* The lazy records hold dt (res_expand frees it). */
	if (ll.dt->refs == 0)
		jtext_free(ll.dt);
	jtext_free(t);
	j->text = NULL;
}

static void
load_list(struct loader *L, json_t *arr, const char *file, const char *base)
{
	json_t *x;
	size_t i;

	json_array_foreach(arr, i, x)
	    res_collect(L, x, true, file, jptr_index(L->tmp, base, i));
	if (json_array_size(arr) == 0)
		ld_diag(L, DIAG_NOTE, "input-empty", file, base, NULL,
		    "the list holds no resources");
}

static void
no_topology_note(struct loader *L, const char *file)
{
	if (L->file_no_props > 0)
		ld_diag(L, DIAG_NOTE, "no-topology", file, NULL, NULL,
		    "%zu resource(s) have no properties (az resource list "
		    "without --expand?): this input holds no topology for "
		    "them",
		    L->file_no_props);
}

/*
 * Is the document plainly not something Azure exported (package.json,
 * tsconfig.json: an object with none of the members any shape starts
 * from, or a scalar)? Arrays are resource lists and stay errors when
 * wrong. Route exports were told apart before.
 */
static bool
foreign(json_t *doc)
{
	static const char *const keys[] = {
		"id",
		"type",
		"value",
		"data",
		"resources",
		"records",
		"$schema",
		"template",
	};
	size_t i;

	if (json_is_array(doc))
		return false;
	if (!json_is_object(doc))
		return true;
	for (i = 0; i < MP_NELEM(keys); i++)
		if (json_object_get(doc, keys[i]) != NULL)
			return false;
	return true;
}

/* j->pg from a parsed envelope doc and its list. */
static void
page_members_json(struct job *j, json_t *doc, json_t *list)
{
	struct paging *pg = &j->pg;
	json_t *v;
	size_t i;

	pg->rows = json_array_size(list);
	for (i = 0; i < MP_NELEM(page_token_keys); i++) {
		v = json_object_get(doc, page_token_keys[i]);
		if (json_is_string(v) && json_string_length(v) > 0) {
			pg->next_key = page_token_keys[i];
			pg->next = arena_strdup(j->da, json_string_value(v));
			break;
		}
	}
	if (json_is_integer(v = json_object_get(doc, "totalRecords")) ||
	    json_is_integer(v = json_object_get(doc, "total_records")))
		pg->total = json_integer_value(v);
}

/*
 * A page of a larger result is an error (input-partial) naming how many
 * rows it holds of how many and the command that fetches the rest; with
 * --allow-partial a warning, and the estate records it so that every
 * output (report, plan.json notes, SARIF) says the plan covers part of
 * the estate.
 */
static void
check_paging(struct run *R, struct job *j)
{
	struct loader *L = R->L;
	const struct paging *pg = &j->pg;
	struct partial_input pi;
	const char *held, *how;
	bool graph, allow = R->o != NULL && R->o->allow_partial;

	if (pg->next_key == NULL &&
	    !(pg->total >= 0 && (unsigned long long)pg->total > pg->rows))
		return;
	if (pg->total >= 0)
		held = arena_printf(j->da, "%zu of %lld rows", pg->rows,
		    pg->total);
	else
		held = arena_printf(j->da, "%zu rows, not all", pg->rows);
	graph = pg->next_key == NULL || strstr(pg->next_key, "kip") != NULL;
	if (graph)
		how = arena_printf(j->da,
		    "fetch every page with az graph "
		    "query -q '<the same query>' --first 1000 --skip-token "
		    "'%s', then again with each answer's skip_token until it "
		    "is null (tools/collect.sh does this)",
		    pg->next != NULL ? pg->next : "<skip token>");
	else
		how = arena_printf(j->da,
		    "fetch the rest with az rest "
		    "--method get --url '%s', then each nextLink it returns "
		    "until there is none (or list with az, which follows "
		    "nextLink; tools/collect.sh does this)",
		    pg->next != NULL ? pg->next : "<nextLink>");
	ld_diag(L, allow ? DIAG_WARNING : DIAG_ERROR, "input-partial", j->path,
	    NULL, NULL,
	    "one page of a larger result: the file "
	    "holds %s (%s); %s%s",
	    held,
	    pg->next_key != NULL ?
		arena_printf(j->da, "%s is set", pg->next_key) :
		"totalRecords is larger",
	    how,
	    allow ? "; planned on part of "
		    "the estate (--allow-partial)" :
		    "; or pass --allow-partial to "
		    "plan on part of the estate");
	if (!allow)
		return;
	pi.file = arena_strdup(L->a, j->path);
	pi.rows = pg->rows;
	pi.total = pg->total;
	pi.next_key = pg->next_key;
	ARR_PUSH(L->a, L->e->partial_inputs, pi);
}

static void
apply_doc(struct run *R, struct job *j)
{
	struct loader *L = R->L;
	json_t *doc = j->doc, *x;
	const char *file = j->path, *target, *nic;
	enum route_doc kind;
	int adv, rtab;

	target = routes_target_from_path(L->a, file, &adv, &rtab);
	if (routes_detect(doc, target == NULL ? 0 : rtab ? 2 : 1, &kind)) {
		struct route_input ri;

		ri.kind = kind;
		ri.doc = json_incref(doc);
		ri.file = file;
		ri.target = target;
		ri.advertised = adv != 0;
		ARR_PUSH(L->a, L->routes, ri);
		return;
	}
	if (j->walked && foreign(doc)) {
		ld_diag(L, DIAG_NOTE, "file-foreign", file, NULL, NULL,
		    "not an Azure export (%s): skipped; named as an input, "
		    "it would be an error",
		    json_is_object(doc) ? "an object "
					  "with none of id, type, value, data, "
					  "resources, records, "
					  "$schema, template" :
					  "not an object or an array");
		L->e->files_read--;
		return;
	}
	nic = capture_nic_from_path(L->a, file);
	if (nic != NULL || capture_detect(doc, false)) {
		capture_collect(L, doc, file, nic);
		return;
	}
	if (json_is_array(doc)) {
		load_list(L, doc, file, "");
	} else if (!json_is_object(doc)) {
		ld_diag(L, DIAG_ERROR, "json-type", file, "", NULL,
		    "the document is a %s; expected an object or an array",
		    json_is_string(doc)	  ? "string" :
			json_is_null(doc) ? "null" :
					    "scalar");
		return;
	} else if (is_template(doc)) {
		load_template(R, doc, file, "");
	} else if (json_is_object(x = json_object_get(doc, "template")) &&
	    is_template(x)) {
		load_template(R, x, file, "/template");
	} else if (json_is_object(x) && json_object_get(x, "resources")) {
		load_template(R, x, file, "/template");
	} else if (json_is_string(x = json_object_get(doc, "$schema")) &&
	    mp_strcase_suffix(json_string_value(x),
		"deploymentParameters.json#")) {
		const char *t = tpl_params_target(R->tr, file);

		if (t != NULL)
			ld_diag(L, DIAG_NOTE, "template-parameters", file, NULL,
			    NULL,
			    "deployment parameters file: applied "
			    "to %s",
			    t);
		else
			ld_diag(L, DIAG_WARNING, "template-parameters", file,
			    NULL, NULL,
			    "deployment parameters file for no "
			    "template of this run (T.parameters.json applies "
			    "to T.json beside it; else give --parameters "
			    "TEMPLATE=FILE): not applied");
		return;
	} else if (json_is_array(x = json_object_get(doc, "records"))) {
		L->e->flow_log_records += json_array_size(x);
		ARR_PUSH(L->a, L->e->flow_log_files, arena_strdup(L->a, file));
		ld_diag(L, DIAG_NOTE, "flow-log", file, NULL, NULL,
		    "flow log with %zu records: recognised, not part of the "
		    "topology",
		    json_array_size(x));
		return;
	} else if (json_is_array(x = json_object_get(doc, "value"))) {
		page_members_json(j, doc, x);
		if (res_is_active_configs(x)) {
			res_active_configs(L, x, file, "/value");
			return;
		}
		load_list(L, x, file, "/value");
	} else if (json_is_array(x = json_object_get(doc, "data"))) {
		page_members_json(j, doc, x);
		load_list(L, x, file, "/data");
	} else if (json_is_string(x = json_object_get(doc, "$schema")) &&
	    json_object_get(doc, "id") == NULL &&
	    json_object_get(doc, "properties") == NULL) {
		/* Not Azure's: a quickstart's metadata.json and the like. */
		ld_diag(L, DIAG_NOTE, "input-not-azure", file, NULL, NULL,
		    "not an ARM template, parameters file or resource ($schema "
		    "%s): skipped",
		    json_string_value(x));
		return;
	} else if (json_is_string(json_object_get(doc, "id")) ||
	    json_is_string(json_object_get(doc, "type"))) {
		res_collect(L, doc, true, file, "");
	} else {
		ld_diag(L, DIAG_ERROR, "shape-unknown", file, "", NULL,
		    "not a resource list, template or route export meshplan "
		    "knows");
		return;
	}
	no_topology_note(L, file);
}

static void
apply_file(struct run *R, struct job *j)
{
	struct loader *L = R->L;

	const char *parent;

	if (j->text == NULL && j->doc == NULL)
		return;
	if (tpl_is_linked(R->tr, j->path, &parent)) {
		ld_diag(L, DIAG_NOTE, "template-linked", j->path, NULL, NULL,
		    "the linked template of %s: read as part of it, not on "
		    "its own",
		    parent);
		return;
	}
	L->e->files_read++;
	L->file_resources = 0;
	L->file_over_limit = false;
	L->file_no_props = 0;
	if (j->text != NULL) {
		load_lazy_list(L, j);
		no_topology_note(L, j->path);
	} else {
		apply_doc(R, j);
	}
	check_paging(R, j);
}

static void
load_gateway_files(struct loader *L, const struct load_opts *o)
{
	size_t i, bytes;

	for (i = 0; o != NULL && i < o->ngateway_files; i++) {
		const struct gateway_file *g = &o->gateway_files[i];
		struct route_input ri;
		enum route_doc kind;
		json_t *doc;

		doc = jfile_load(g->file, L->lim, L->d, &bytes);
		if (doc == NULL)
			continue;
		L->e->files_read++;
		if (!routes_detect(doc, 1, &kind) || kind != RD_GATEWAY) {
			ld_diag(L, DIAG_ERROR, "routes-shape", g->file, NULL,
			    NULL,
			    "--gateway %s=FILE: the file is not a "
			    "learned-routes export ({\"value\":[{\"network\", "
			    "\"nextHop\", ...}]})",
			    g->gateway);
			json_decref(doc);
			continue;
		}
		ri.kind = RD_GATEWAY;
		ri.doc = doc;
		ri.file = arena_strdup(L->a, g->file);
		ri.target = arena_strdup(L->a, g->gateway);
		ri.advertised = false;
		ARR_PUSH(L->a, L->routes, ri);
	}
}

/* ---- merge and apply ---- */

static int
rec_cmp(const void *a, const void *b)
{
	const struct rec *x = *(const struct rec *const *)a;
	const struct rec *y = *(const struct rec *const *)b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Records sort by key, and a VNet's children's keys are its own key and
 * "/..." after it: they follow it in one run, though other keys (".../vnet-2")
 * may come between. Has key (NULL: the end) passed that run of vnet's?
 */
static bool
past_children(const char *key, const char *vnet)
{
	size_t n = strlen(vnet);
	int c;

	if (key == NULL)
		return true;
	c = strncmp(key, vnet, n);
	return c > 0 || (c == 0 && (unsigned char)key[n] > '/');
}

/* Finish (res_vnet_done) the open VNets whose children are all applied. */
static void
close_vnets(struct loader *L, struct rec **open, size_t *nopen, const char *key)
{
	size_t i, k = 0;

	for (i = 0; i < *nopen; i++) {
		if (past_children(key, open[i]->key))
			res_vnet_done(L, open[i]);
		else
			open[k++] = open[i];
	}
	*nopen = k;
}

static void
merge_apply(struct loader *L)
{
	struct rec **v, **open;
	size_t i, j, n = L->recs.n, nopen = 0;

	if (n == 0)
		return;
	v = xcalloc(n, sizeof(*v));
	open = xcalloc(n, sizeof(*open));
	for (i = 0; i < n; i++)
		v[i] = &L->recs.v[i];
	qsort(v, n, sizeof(*v), rec_cmp);
	for (i = 0; i < n; i = j) {
		struct rec *head = NULL;
		size_t k;

		close_vnets(L, open, &nopen, v[i]->key);
		for (j = i; j < n && strcmp(v[j]->key, v[i]->key) == 0; j++) {
			/* A lazy record is parsed now; placeholders were
			 * filled by their parent, whose key came before. */
			if (v[j]->text != NULL)
				res_expand(L, v[j]);
			if (v[j]->obj == NULL)
				continue;
			if (head == NULL)
				head = v[j];
			else
				json_merge(L, head->obj, v[j]->obj, v[j]->file,
				    v[j]->pointer, head->id, "");
		}
		if (head == NULL)
			continue;
		res_apply(L, head);
		if (L->raw &&
		    mp_strcaseeq(head->type,
			"Microsoft.Network/virtualNetworks"))
			open[nopen++] = head;
		/* Done with the JSON, unless raw JSON will be built from it:
		 * memory then shrinks while the model grows. */
		for (k = i; k < j; k++)
			if (v[k] != head ||
			    strmap_get(L->merged, head->key) != head) {
				json_decref(v[k]->obj);
				v[k]->obj = NULL;
			}
	}
	close_vnets(L, open, &nopen, NULL);
	free(open);
	free(v);
}

size_t
load_inputs(struct estate *e, struct diags *d, char *const *paths,
    size_t npaths, const struct load_opts *o)
{
	struct load_limits lim;
	struct loader L;
	struct run R;
	path_arr files = { NULL, 0, 0 }, named = { NULL, 0, 0 };
	struct job *jobs;
	struct pool pool;
	size_t i, nerr0 = d->nerrors;
	bool parallel, lazy = o == NULL || !o->whole;

	if (o != NULL && o->limits != NULL)
		lim = *o->limits;
	else
		load_limits_default(&lim);
	memset(&L, 0, sizeof(L));
	L.e = e;
	L.d = d;
	L.a = e->arena;
	L.lim = &lim;
	L.raw = o != NULL && o->raw;
	L.tmp = arena_new_transient();
	L.merged = strmap_new(L.tmp);
	L.peers_seen = strmap_new(L.tmp);
	ld_expand_paths(&L, paths, npaths, o, &files, &named);
	jobs = xcalloc(files.n ? files.n : 1, sizeof(*jobs));
	for (i = 0; i < files.n; i++) {
		jobs[i].path = files.v[i];
		/* Named on the command line, a file must be an export. */
		jobs[i].walked = named.n == 0 ||
		    bsearch(&files.v[i], named.v, named.n, sizeof(*named.v),
			ld_path_cmp) == NULL;
	}
	for (i = 0; o != NULL && i < o->nleft_out; i++)
		ARR_PUSH(e->arena, e->left_out, o->left_out[i]);
	/*
	 * With one job each file is parsed just before it is applied, so that
	 * only one parsed document is alive at a time; with more, at most
	 * 2 x jobs read documents wait for the merge.
	 */
	parallel = o != NULL && o->jobs > 1 && files.n > 1 &&
	    pool_start(&pool, jobs, files.n, o->jobs, &lim, lazy);
	memset(&R, 0, sizeof(R));
	R.L = &L;
	R.o = o;
	R.nfiles = files.n;
	R.tr = tpl_run_new(&L, (char *const *)files.v, files.n,
	    o != NULL ? o->location : NULL);
	tpl_params_scan(R.tr, o != NULL ? o->param_files : NULL,
	    o != NULL ? o->nparam_files : 0);
	for (i = 0; i < files.n; i++) {
		struct job *j = &jobs[i];
		size_t k;

		if (parallel)
			pool_wait(&pool, i);
		else
			parse_job(j, &lim, lazy);
		for (k = 0; k < j->d.n; k++)
			diag_add_copy(d, &j->d.v[k]);
		L.file_index = i;
		apply_file(&R, j);
		json_decref(j->doc);
		j->doc = NULL;
		arena_free(j->da);
		if (parallel)
			pool_applied(&pool, i);
		if (o != NULL && o->progress != NULL)
			o->progress(o->progress_ctx, j->path, j->bytes, i + 1,
			    files.n);
	}
	if (parallel)
		pool_join(&pool);
	free(jobs);
	tpl_run_free(R.tr);
	ld_infer_scopes(&L, R.uscopes.v, R.uscopes.n);
	merge_apply(&L);
	res_finish(&L);
	load_gateway_files(&L, o);
	routes_apply(&L);
	captures_load_files(&L, o);
	for (i = 0; i < L.recs.n; i++)
		json_decref(L.recs.v[i].obj);
	free(L.recs.v);
	for (i = 0; i < L.routes.n; i++)
		json_decref(L.routes.v[i].doc);
	arena_free(L.tmp);
	estate_intern_done(e);
	estate_link(e);
	captures_place(&L, o != NULL && o->captures_by_hand);
	topology_derive(e);
	return d->nerrors - nerr0;
}
