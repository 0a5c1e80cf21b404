/*
 * sarif.c - SARIF 2.1.0 rendering of the findings (see sarif.h).
 *
 * Every rule of the registry is listed (so ruleIndex is the registry
 * index and stays stable); results point at the resource by a logical
 * location (fullyQualifiedName = resource id, kind "resource") and at the
 * input file that defined it by a physical location when it is known
 * (relative paths as given, percent-encoded as a URI reference). Levels
 * map one to one: error, warning, note. No timestamps, no absolute paths.
 */
#include "sarif.h"

#include <string.h>

#include "../lib/diag.h"
#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "../planner/analysis.h"
#include "analyze_json.h"

#define SARIF_SCHEMA \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/" \
	"schemas/sarif-schema-2.1.0.json"

static json_t *
text_obj(const char *s)
{
	json_t *o = json_object();

	jset(o, "text", jstr(s));
	return o;
}

/* A URI reference for a file path: unreserved characters and '/' kept,
 * everything else percent-encoded. */
static json_t *
file_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p;
	json_t *j;

	for (p = (const unsigned char *)path; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p) != NULL)
			sb_putc(&sb, (char)*p);
		else {
			sb_putc(&sb, '%');
			sb_putc(&sb, hex[*p >> 4]);
			sb_putc(&sb, hex[*p & 15]);
		}
	}
	j = jstr(sb_str(&sb));
	sb_free(&sb);
	return j;
}

static json_t *
locations(const char *file, int line, int col, const char *resource)
{
	json_t *locs = json_array(), *loc = json_object();

	if (file == NULL && resource == NULL) {
		json_decref(loc);
		return locs;
	}
	if (file != NULL) {
		json_t *phys = json_object(), *art = json_object();

		jset(art, "uri", file_uri(file));
		jset(phys, "artifactLocation", art);
		if (line > 0) {
			json_t *reg = json_object();

			jset(reg, "startLine", json_integer(line));
			if (col > 0)
				jset(reg, "startColumn", json_integer(col));
			jset(phys, "region", reg);
		}
		jset(loc, "physicalLocation", phys);
	}
	if (resource != NULL) {
		json_t *ll = json_array(), *l = json_object();

		jset(l, "fullyQualifiedName", jstr(resource));
		jset(l, "kind", jstr("resource"));
		json_array_append_new(ll, l);
		jset(loc, "logicalLocations", ll);
	}
	json_array_append_new(locs, loc);
	return locs;
}

static json_t *
rule_json(const struct rule *r)
{
	json_t *o = json_object(), *cfg = json_object();

	jset(o, "id", jstr(r->id));
	jset(o, "name", jstr(r->name));
	jset(o, "shortDescription", text_obj(r->description));
	jset(o, "fullDescription", text_obj(r->help));
	jset(o, "help", text_obj(r->help));
	jset(cfg, "level", jstr(sev_name(r->level)));
	jset(o, "defaultConfiguration", cfg);
	return o;
}

static json_t *
result_json(const struct finding *f)
{
	json_t *o = json_object();

	jset(o, "ruleId", jstr(f->rule->id));
	jset(o, "ruleIndex", json_integer((json_int_t)f->rule->rule));
	jset(o, "level", jstr(sev_name(f->sev)));
	jset(o, "message", text_obj(f->message));
	jset(o, "locations", locations(f->file, 0, 0, f->resource));
	if (f->nprops > 0) {
		json_t *p = json_object();
		size_t i;

		for (i = 0; i < f->nprops; i++)
			jset(p, f->props[i].key,
			    jnum(f->props[i].value));
		jset(o, "properties", p);
	}
	return o;
}

void
sarif_emit(struct strbuf *out, const struct analysis *an,
    const struct diags *d, const char *version)
{
	json_t *root = json_object(), *runs = json_array(), *run =
	    json_object(), *tool = json_object(), *driver = json_object();
	json_t *rl = json_array(), *results = json_array();
	json_t *inv = json_array(), *invo = json_object(), *notes =
	    json_array();
	size_t i;

	jset(root, "$schema", jstr(SARIF_SCHEMA));
	jset(root, "version", jstr("2.1.0"));
	jset(driver, "name", jstr("meshplan"));
	jset(driver, "version", jstr(version));
	for (i = 0; i < RULE__COUNT; i++)
		json_array_append_new(rl, rule_json(&rules[i]));
	jset(driver, "rules", rl);
	jset(tool, "driver", driver);
	jset(run, "tool", tool);
	for (i = 0; d != NULL && i < d->n; i++) {
		const struct diag *g = &d->v[i];
		json_t *n = json_object(), *desc = json_object();

		jset(n, "level", jstr(diag_sev_name(g->sev)));
		jset(n, "message", text_obj(g->msg));
		jset(desc, "id", jstr(g->code));
		jset(n, "descriptor", desc);
		jset(n, "locations", locations(g->file, g->line, g->col,
		    g->resource));
		json_array_append_new(notes, n);
	}
	jset(invo, "executionSuccessful", json_boolean(d == NULL ||
	    d->nerrors == 0));
	jset(invo, "toolExecutionNotifications", notes);
	json_array_append_new(inv, invo);
	jset(run, "invocations", inv);
	for (i = 0; i < an->findings.v.n; i++)
		json_array_append_new(results,
		    result_json(&an->findings.v.v[i]));
	jset(run, "results", results);
	jset(run, "columnKind", jstr("unicodeCodePoints"));
	json_array_append_new(runs, run);
	jset(root, "runs", runs);
	json_dump_sb(out, root);
}
