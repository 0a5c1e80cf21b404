/*
 * pipeline.c - load, analyse, simulate and plan for the commands that
 * need all of it (report, pr, batch); see pipeline.h.
 *
 * Invariants: the same inputs give the same analysis, hairpins and plan
 * (every stage sorts); the routing of the estate as it is (no meshes)
 * gives the hairpins, and the planner's oracle (mesh_routing.h) builds
 * its own routings with the planned meshes for R8. The plan is built
 * exactly as `meshplan plan` builds it (flow logs, summaries, oracle), so
 * report, pr and batch agree with plan.json.
 */
#include "pipeline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "../emitters/analyze_json.h"
#include "../emitters/emitter.h"
#include "../emitters/plan_json.h"
#include "../emitters/report.h"
#include "../input/flowlogs.h"
#include "../input/policy.h"
#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "../planner/mesh.h"
#include "../planner/mesh_routing.h"
#include "../planner/mesh_summaries.h"

int
pipeline_run(struct pipeline *p, const struct command *c,
    const struct common_opts *o, struct load_opts *lo,
    const struct pipeline_hooks *h)
{
	struct routing_opts ro;
	struct routing_oracle oracle;
	struct plan_inputs pin;
	struct flow_traffic ft;
	size_t k;
	int rc;

	memset(p, 0, sizeof(*p));
	p->arena = arena_new();
	diags_init(&p->diags, p->arena);
	policy_init_defaults(&p->pol, p->arena);
	if (o->policy_file != NULL)
		policy_load(&p->pol, p->arena, &p->diags, o->policy_file);
	for (k = 0; k < o->onprem.n; k++) {
		struct prefix pf;
		const char *err;

		if (prefix_parse(o->onprem.v[k], 0, &pf, &err) != 0)
			return usage_error(c, "--onprem '%s': %s",
			    o->onprem.v[k], err);
		ARR_PUSH(p->arena, p->pol.onprem, pf);
	}
	if (lo->scope == NULL)
		lo->scope = o->scope;
	if (lo->gateway_files == NULL) {
		lo->gateway_files = o->gateway_files.v;
		lo->ngateway_files = o->gateway_files.n;
	}
#define PHASE(name) do {						\
	if (h != NULL && h->phase != NULL)				\
		h->phase(h->ctx, name);					\
} while (0)
	PHASE("loading");
	p->estate = estate_new();
	load_inputs(p->estate, &p->diags, o->inputs.v, o->inputs.n, lo);
	memset(&ft, 0, sizeof(ft));
	if (p->diags.nerrors == 0 && p->estate->flow_log_files.n > 0)
		flowlogs_load(&ft, p->estate, &p->diags, p->arena);
	if ((rc = report_diags(&p->diags, o->quiet)) != EXIT_OK)
		return rc;
	if (p->pol.onprem.n > 0)
		p->estate->has_onprem_routes = true;

	PHASE("analysing");
	analysis_run(&p->an, p->estate, &p->pol, p->arena);
	memset(&ro, 0, sizeof(ro));
	ro.onprem = p->pol.onprem.v;
	ro.nonprem = p->pol.onprem.n;
	ro.reserved_172 = p->pol.reserved_172;
	PHASE("routing");
	p->routing = routing_new(p->estate, &ro, NULL, 0);
	routing_hairpins(p->routing, p->arena, &p->hp);
	analysis_add_hairpins(&p->an, &p->hp);

	PHASE("planning");
	routing_oracle_init(&oracle, &ro);
	memset(&pin, 0, sizeof(pin));
	pin.oracle = &oracle.oracle;
	pin.traffic = ft.v;
	pin.ntraffic = ft.n;
	pin.generator = "meshplan " MESHPLAN_VERSION;
	pin.summarize = plan_summaries;
	pin.summarize_ctx = &ro;
	p->plan = plan_build(p->estate, &p->pol, &pin);
#undef PHASE
	return EXIT_OK;
}

void
pipeline_free(struct pipeline *p)
{
	if (p == NULL)
		return;
	if (p->plan != NULL)
		plan_free(p->plan);
	routing_free(p->routing);
	estate_free(p->estate);
	arena_free(p->arena);
	memset(p, 0, sizeof(*p));
}

void
report_json(struct strbuf *out, const struct pipeline *p)
{
	struct strbuf an = STRBUF_INIT;
	json_t *a, *pl, *v;
	json_error_t err;
	const char *key;
	char *text;
	size_t len;

	analyze_json(&an, &p->an, &p->diags);
	a = json_loadb(an.s, an.len, 0, &err);
	MP_ASSERT(a != NULL && json_is_object(a));
	sb_free(&an);
	text = plan_json(p->plan, &len);
	pl = json_loadb(text, len, 0, &err);
	MP_ASSERT(pl != NULL && json_is_object(pl));
	free(text);
	/* The plan's keys after the analysis', in the plan's order. */
	json_object_foreach(pl, key, v) {
		if (json_object_get(a, key) == NULL)
			json_object_set(a, key, v);
	}
	json_decref(pl);
	text = json_dumps(a, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text == NULL)
		mp_oom(0);
	sb_puts(out, text);
	sb_putc(out, '\n');
	free(text);
	json_decref(a);
}

int
mkdir_p(const char *path)
{
	char *p = xstrdup(path), *s;
	int rc = 0;

	for (s = p + 1; *s != '\0' && rc == 0; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0755) != 0 && errno != EEXIST)
		rc = -1;
	if (rc != 0)
		fprintf(stderr, "meshplan: cannot create %s: %s\n", path,
		    strerror(errno));
	free(p);
	return rc;
}

int
put_file(const char *root, const char *rel, const char *text, size_t len)
{
	struct strbuf path = STRBUF_INIT;
	char *slash;
	int rc = -1;

	sb_printf(&path, "%s/%s", root, rel);
	slash = strrchr(path.s, '/');
	*slash = '\0';
	if (mkdir_p(path.s) == 0) {
		*slash = '/';
		rc = write_output(path.s, text, len, true) == EXIT_OK ? 0 : -1;
	}
	sb_free(&path);
	return rc;
}

struct emit_out **
emit_targets(const struct iac *m, const char *target, struct arena *a)
{
	struct emit_out **outs;
	size_t i, n;

	for (n = 0; emitters[n] != NULL; n++)
		continue;
	outs = arena_calloc(a, n + 1, sizeof(*outs));
	for (i = 0; emitters[i] != NULL; i++) {
		outs[i] = NULL;
		if (strcmp(target, "all") != 0 &&
		    strcmp(target, emitters[i]->name) != 0)
			continue;
		outs[i] = arena_alloc(a, sizeof(*outs[i]));
		emit_out_init(outs[i], a);
		if (emitters[i]->emit(m, outs[i]) != 0) {
			fprintf(stderr, "meshplan: the %s emitter failed\n",
			    emitters[i]->name);
			return NULL;
		}
	}
	return outs;
}

int
write_step(const struct pipeline *p, struct emit_out *const *outs,
    const struct iac_folder *f, const char *root, const char *prefix,
    struct arena *a, char **body)
{
	struct report_in in;
	struct report_opts ro;
	struct strbuf sb = STRBUF_INIT, rel = STRBUF_INIT;
	size_t i, j, fl = strlen(f->dir);
	int rc = -1;

	memset(&in, 0, sizeof(in));
	in.estate = p->estate;
	in.an = &p->an;
	in.hp = &p->hp;
	in.plan = p->plan;
	in.generator = "meshplan " MESHPLAN_VERSION;

	/* IaC of each target: the files of this folder only. */
	for (i = 0; emitters[i] != NULL; i++) {
		if (outs[i] == NULL)
			continue;
		for (j = 0; j < outs[i]->files.n; j++) {
			const struct emit_file *ef = &outs[i]->files.v[j];

			if (strncmp(ef->path, f->dir, fl) != 0 ||
			    ef->path[fl] != '/')
				continue;
			sb_reset(&rel);
			sb_printf(&rel, "%s/%s/%s/%s", prefix, f->dir,
			    emitters[i]->name, ef->path + fl + 1);
			if (put_file(root, rel.s, ef->text, ef->len) != 0)
				goto out;
		}
	}

	/* The step's report (every row) and its PR body (short tables). */
	memset(&ro, 0, sizeof(ro));
	ro.part = f->wave != NULL ? f->wave->number : REPORT_PREREQ;
	report_markdown(&sb, &in, &ro);
	sb_reset(&rel);
	sb_printf(&rel, "%s/%s/report.md", prefix, f->dir);
	if (put_file(root, rel.s, sb.s, sb.len) != 0)
		goto out;
	sb_reset(&sb);
	ro.max_rows = 25;
	ro.full_report = arena_printf(a, "%s/%s/report.md", prefix, f->dir);
	report_markdown(&sb, &in, &ro);
	sb_reset(&rel);
	sb_printf(&rel, "%s/%s/PR_BODY.md", prefix, f->dir);
	if (put_file(root, rel.s, sb.s, sb.len) != 0)
		goto out;
	if (body != NULL)
		*body = arena_strdup(a, sb_str(&sb));
	rc = 0;
out:
	sb_free(&sb);
	sb_free(&rel);
	return rc;
}
