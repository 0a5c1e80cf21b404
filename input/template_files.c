/*
 * template_files.c - the files of a template run (template_int.h):
 *
 * - parameters: a file given with --parameters TEMPLATE=FILE, else one
 *   found beside the template ("T.parameters.json" for "T.json",
 *   "parameters.json" for "template.json") whose $schema is
 *   deploymentParameters.json#; one file per template, --parameters
 *   first;
 * - linked templates: a templateLink's relativePath, resolved against the
 *   linking file, or its uri, matched to the input file whose path ends
 *   the most like the uri's (the one best); a loop of links, a link not
 *   known offline and anything but a readable regular *.json file are
 *   warnings, and the deployment is skipped. A file read on its own
 *   before it was linked gives up its records to the linked deployment.
 *
 *   tpl_run_new, tpl_run_free   the run (template.h)
 *   tpl_params_scan             pair templates and parameters files
 *   tpl_params_for              a template's parameters, or NULL
 *   tpl_params_target           the template a parameters file is for
 *   tpl_same_file               the same file (after realpath)?
 *   tpl_is_linked               was the file loaded as a linked template?
 *   tp_load_linked              the template a templateLink names
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/diag.h"
#include "../lib/strbuf.h"
#include "../lib/strmap.h"
#include "../lib/util.h"
#include "jsonfile.h"
#include "load.h"
#include "template.h"
#include "template_int.h"

/* ---- nested and linked deployments ---- */

/* "dir/rel" with "./" and "dir/../" folded. */
static const char *
join_path(struct loader *L, const char *file, const char *rel)
{
	const char *slash = strrchr(file, '/');
	struct strbuf sb = STRBUF_INIT;
	const char *r;

	if (rel[0] == '/' || slash == NULL)
		sb_puts(&sb, rel);
	else {
		sb_putn(&sb, file, (size_t)(slash - file) + 1);
		while (rel[0] == '.' && rel[1] == '/')
			rel += 2;
		while (rel[0] == '.' && rel[1] == '.' && rel[2] == '/' &&
		    sb.len > 1) {
			size_t n = sb.len - 1;

			while (n > 0 && sb_str(&sb)[n - 1] != '/')
				n--;
			if (n == 0 || strncmp(sb_str(&sb) + n, "../", 3) == 0)
				break;
			sb.len = n;
			rel += 3;
		}
		sb_puts(&sb, rel);
	}
	r = arena_strdup(L->tmp, sb_str(&sb));
	sb_free(&sb);
	return r;
}

/* Trailing path components a and b share (case-sensitive). */
static size_t
common_tail(const char *a, size_t an, const char *b)
{
	size_t bn = strlen(b), n = 0;

	for (;;) {
		const char *ae = a + an, *be = b + bn, *as = ae, *bs = be;

		while (as > a && as[-1] != '/')
			as--;
		while (bs > b && bs[-1] != '/')
			bs--;
		if (ae - as == 0 || ae - as != be - bs ||
		    memcmp(as, bs, (size_t)(ae - as)) != 0)
			return n;
		n++;
		if (as == a || bs == b)
			return n;
		an = (size_t)(as - a) - 1;
		bn = (size_t)(bs - b) - 1;
	}
}

/* The input file whose path ends like the URI's path (unique best). */
static const char *
match_uri(struct tctx *t, const char *uri)
{
	const char *p = strstr(uri, "://"), *end;
	size_t i, best = 0, nbest = 0;
	const char *hit = NULL;

	p = p ? strchr(p + 3, '/') : uri;
	if (p == NULL)
		return NULL;
	end = p + strcspn(p, "?#");
	for (i = 0; i < t->tr->nfiles; i++) {
		size_t n = common_tail(p, (size_t)(end - p), t->tr->files[i]);

		if (n > best) {
			best = n;
			nbest = 1;
			hit = t->tr->files[i];
		} else if (n == best && n > 0)
			nbest++;
	}
	return nbest == 1 ? hit : NULL;
}

/* Drop the records of a file read on its own before it was linked. */
static void
drop_alone(struct tctx *t, const char *file)
{
	struct span *s = strmap_get(t->tr->alone, file);
	size_t i;

	if (s == NULL)
		return;
	for (i = s->start; i < s->end && i < t->L->recs.n; i++) {
		json_decref(t->L->recs.v[i].obj);
		t->L->recs.v[i].obj = NULL;
	}
	ld_diag(t->L, DIAG_NOTE, "template-linked", file, NULL, NULL,
	    "read on its own first, then as the linked template of %s: "
	    "its resources are taken from the linked deployment (with the "
	    "parameters given there)",
	    t->file);
	s->end = s->start;
}

/*
 * A templateLink's uri. Quickstarts build it from the template's own
 * location (deployment().properties.templateLink.uri, often through an
 * _artifactsLocation parameter): here that is the linking file, as a
 * file:// URI, and only here (no memo, so it reaches no other value).
 */
static const char *
link_uri(struct tctx *t, json_t *uri)
{
	struct expr_env le = *t->env;
	char real[PATH_MAX];
	const char *r;

	le.memo = NULL;
	le.template_uri = arena_printf(t->L->tmp, "file://%s",
	    realpath(t->file, real) != NULL ? real : t->file);
	r = tp_try_str(t, &le, uri);
	t->env->steps = le.steps;
	return r;
}

json_t *
tp_load_linked(struct tctx *t, json_t *link, const char *ptr, const char **file)
{
	struct loader *L = t->L;
	json_t *rel = json_object_get(link, "relativePath");
	json_t *uri = json_object_get(link, "uri"), *doc, *inner;
	const char *path = NULL, *how = NULL, *s;
	struct stat st;
	size_t bytes;
	int i;

	if (rel != NULL && (s = tp_try_str(t, t->env, rel)) != NULL) {
		path = join_path(L, t->file, s);
		how = "relativePath";
	} else if (uri != NULL && (s = link_uri(t, uri)) != NULL) {
		path = match_uri(t, s);
		how = "the path of its uri";
		if (path == NULL && strncmp(s, "file://", 7) == 0) {
			/* Relative to the linking template's own file. */
			path = arena_strndup(L->tmp, s + 7,
			    strcspn(s + 7, "?#"));
			how = "its uri, relative to the template's own file";
		}
		if (path == NULL) {
			ld_diag(L, DIAG_WARNING, "template-link", t->file, ptr,
			    NULL,
			    "linked template %s: no input file "
			    "(or more than one) has that path; give it as an "
			    "input: deployment skipped",
			    s);
			return NULL;
		}
	} else {
		ld_diag(L, DIAG_WARNING, "template-link", t->file, ptr, NULL,
		    "the linked template's %s is not known offline: "
		    "deployment skipped",
		    rel ? "relativePath" : "uri");
		return NULL;
	}
	for (i = 0; i < t->nchain; i++)
		if (tpl_same_file(t->chain[i], path)) {
			ld_diag(L, DIAG_WARNING, "template-link", t->file, ptr,
			    NULL,
			    "linked template %s links back to a template "
			    "that links it (a loop): deployment skipped",
			    path);
			return NULL;
		}
	/* Only a regular *.json file: a link names a template, never a
	 * device, a FIFO or a directory. */
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    !mp_strcase_suffix(path, ".json") || access(path, R_OK) != 0) {
		ld_diag(L, DIAG_WARNING, "template-link", t->file, ptr, NULL,
		    "linked template %s (by %s) is no readable .json file: "
		    "deployment skipped",
		    path, how);
		return NULL;
	}
	doc = jfile_load(path, L->lim, L->d, &bytes);
	if (doc == NULL)
		return NULL;
	inner = json_object_get(doc, "template");
	if (!json_is_object(json_object_get(doc, "resources")) &&
	    !json_is_array(json_object_get(doc, "resources")) &&
	    json_is_object(inner)) {
		json_incref(inner);
		json_decref(doc);
		doc = inner;
	}
	ld_diag(L, DIAG_NOTE, "template-link", t->file, ptr, NULL,
	    "linked template %s found by %s", path, how);
	*file = arena_strdup(L->a, path);
	drop_alone(t, *file);
	strmap_put(t->tr->linked, *file, (void *)t->file);
	return doc;
}

/* ---- run ---- */

struct tpl_run *
tpl_run_new(struct loader *L, char *const *files, size_t nfiles,
    const char *location)
{
	struct tpl_run *tr = xcalloc(1, sizeof(*tr));

	tr->L = L;
	tr->files = files;
	tr->nfiles = nfiles;
	tr->location = location;
	tr->linked = strmap_new(L->tmp);
	tr->alone = strmap_new(L->tmp);
	tr->params = strmap_new(L->tmp);
	tr->ptarget = strmap_new(L->tmp);
	return tr;
}

void
tpl_run_free(struct tpl_run *tr)
{
	size_t i;

	if (tr == NULL)
		return;
	for (i = 0; i < tr->docs.n; i++)
		json_decref(tr->docs.v[i]);
	free(tr);
}

bool
tpl_same_file(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	if (strcmp(a, b) == 0)
		return true;
	return realpath(a, ra) != NULL && realpath(b, rb) != NULL &&
	    strcmp(ra, rb) == 0;
}

/* Does the start of the file mention the parameters-file schema? */
static bool
looks_like_params(const char *path)
{
	char buf[4097];
	size_t n, i;
	FILE *fp = fopen(path, "rb");
	static const char want[] = "deploymentparameters.json";

	if (fp == NULL)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	for (i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)buf[i]);
	return strstr(buf, want) != NULL;
}

static json_t *
load_params(struct tpl_run *tr, const char *path, struct diags *d)
{
	size_t bytes;
	json_t *doc = jfile_load(path, tr->L->lim, d, &bytes), *schema;

	if (doc == NULL)
		return NULL;
	schema = json_object_get(doc, "$schema");
	if (!json_is_string(schema) ||
	    !mp_strcase_suffix(json_string_value(schema),
		"deploymentParameters.json#") ||
	    !json_is_object(json_object_get(doc, "parameters"))) {
		json_decref(doc);
		return NULL;
	}
	ARR_PUSH(tr->L->tmp, tr->docs, doc);
	return doc;
}

/* "dir/T.parameters.json" -> "dir/T.json"; "dir/parameters.json" ->
 * "dir/template.json"; NULL otherwise. */
static const char *
beside(struct loader *L, const char *pfile)
{
	const char *base = strrchr(pfile, '/');
	size_t dir, n;

	base = base ? base + 1 : pfile;
	dir = (size_t)(base - pfile);
	n = strlen(base);
	if (mp_strcaseeq(base, "parameters.json"))
		return arena_printf(L->tmp, "%.*stemplate.json", (int)dir,
		    pfile);
	if (n > 16 && mp_strcase_suffix(base, ".parameters.json"))
		return arena_printf(L->tmp, "%.*s%.*s.json", (int)dir, pfile,
		    (int)(n - 16), base);
	return NULL;
}

static void
params_put(struct tpl_run *tr, const char *tfile, json_t *doc,
    const char *pfile, bool explicit)
{
	struct pfile *p = strmap_get(tr->params, tfile);

	if (p != NULL && (p->explicit || !explicit)) {
		if (!(p->explicit && !explicit))
			ld_diag(tr->L, DIAG_WARNING, "template-parameters",
			    pfile, NULL, NULL,
			    "%s already has parameters "
			    "from %s: this file is not applied",
			    tfile, p->file);
		return;
	}
	if (p == NULL)
		p = arena_calloc(tr->L->tmp, 1, sizeof(*p));
	p->doc = doc;
	p->params = json_object_get(doc, "parameters");
	p->file = pfile;
	p->explicit = explicit;
	strmap_put(tr->params, tfile, p);
	strmap_put(tr->ptarget, pfile, (void *)tfile);
}

void
tpl_params_scan(struct tpl_run *tr, const struct file_opt *pairs, size_t npairs)
{
	struct loader *L = tr->L;
	struct diags quiet;
	size_t i, j;

	diags_init(&quiet, L->tmp);
	for (i = 0; i < npairs; i++) {
		const char *tfile = NULL;
		json_t *doc;

		for (j = 0; j < tr->nfiles; j++)
			if (tpl_same_file(tr->files[j], pairs[i].file))
				tfile = tr->files[j];
		if (tfile == NULL) {
			ld_diag(L, DIAG_ERROR, "parameters-target", NULL, NULL,
			    NULL,
			    "--parameters %s=%s: %s is not one of the "
			    "input files",
			    pairs[i].file, pairs[i].value, pairs[i].file);
			continue;
		}
		if ((doc = load_params(tr, pairs[i].value, L->d)) == NULL) {
			if (L->d->nerrors == 0 ||
			    access(pairs[i].value, R_OK) == 0)
				ld_diag(L, DIAG_ERROR, "parameters-shape",
				    pairs[i].value, NULL, NULL,
				    "--parameters: "
				    "not a deployment parameters file "
				    "($schema .../deploymentParameters.json# "
				    "and a \"parameters\" object)");
			continue;
		}
		params_put(tr, tfile, doc, arena_strdup(L->a, pairs[i].value),
		    true);
	}
	for (i = 0; i < tr->nfiles; i++) {
		const char *t = beside(L, tr->files[i]), *tfile = NULL;
		json_t *doc;

		if (!looks_like_params(tr->files[i]))
			continue;
		for (j = 0; t != NULL && j < tr->nfiles; j++)
			if (strcmp(tr->files[j], t) == 0)
				tfile = tr->files[j];
		if (tfile == NULL)
			continue;
		if ((doc = load_params(tr, tr->files[i], &quiet)) == NULL)
			continue;
		params_put(tr, tfile, doc, tr->files[i], false);
	}
}

json_t *
tpl_params_for(struct tpl_run *tr, const char *file, const char **pfile)
{
	struct pfile *p = strmap_get(tr->params, file);

	*pfile = p ? p->file : NULL;
	return p ? p->params : NULL;
}

const char *
tpl_params_target(struct tpl_run *tr, const char *pfile)
{
	return strmap_get(tr->ptarget, pfile);
}

bool
tpl_is_linked(struct tpl_run *tr, const char *file, const char **parent)
{
	*parent = strmap_get(tr->linked, file);
	return *parent != NULL;
}
