/*
 * cmd_emit.c - `meshplan emit`: load the inputs, plan, and write the IaC
 * (ARM JSON, Bicep, Terraform) for every wave into DIR/<target>/.
 *
 * The tree is written into a temporary directory beside DIR and renamed
 * into place, so DIR is either complete or untouched; an existing DIR is
 * only replaced with --force. The offline what-if of every folder is
 * printed (and is in each folder's README). Exit codes: 0 ok, 2 usage or
 * I/O error, 3 invalid input (nothing written).
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../emitters/emitter.h"
#include "../emitters/whatif.h"
#include "../input/policy.h"
#include "../lib/strbuf.h"
#include "../lib/util.h"
#include "../planner/estate.h"
#include "../planner/mesh.h"
#include "../planner/mesh_routing.h"
#include "../planner/plan.h"
#include "cli.h"

static int run(int argc, char **argv);

const struct command cmd_emit = {
	"emit",
	"write ARM JSON, Bicep and Terraform for the planned waves",
	"usage: meshplan emit [options] -o DIR INPUT...\n"
	"\n"
	"Plans the migration from exported ARM JSON (as 'meshplan plan') and\n"
	"writes DIR/<target>/prereq/ and DIR/<target>/wave-N-NAME/, each with\n"
	"the IaC files and a README.md (steps, offline what-if, validation\n"
	"checklist, rollback). Existing VNets are changed without losing\n"
	"subnets: ARM/Bicep carry the exported VNet in full, Terraform uses\n"
	"azapi_update_resource.\n"
	"\n"
	"options:\n"
	"  --target arm|bicep|terraform|all   what to write (default all)\n"
	"  -o DIR                    output directory (written atomically)\n"
	"  --force                   replace an existing DIR\n"
	"  --policy FILE             planning policy (YAML)\n"
	"  --onprem PREFIX           an on-premises prefix (repeatable)\n"
	"  --scope /subscriptions/S/resourceGroups/R\n"
	"                            scope of a single ARM template input\n"
	"  --gateway NAME=FILE       learned routes of gateway NAME\n"
	"  -q                        print no what-if\n"
	"\n"
	"exit codes: 0 ok, 2 usage or I/O error, 3 invalid input\n",
	run,
};

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

static void
rm_tree(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Create every directory of path's parent chain under root. */
static int
write_file(const char *root, const char *rel, const char *text, size_t len)
{
	char *path = xmalloc(strlen(root) + strlen(rel) + 2);
	char *s;
	FILE *fp;
	int rc = 0;

	sprintf(path, "%s/%s", root, rel);
	for (s = path + strlen(root) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && ((fp = fopen(path, "w")) == NULL ||
	    fwrite(text, 1, len, fp) != len || fclose(fp) != 0))
		rc = -1;
	if (rc != 0)
		fprintf(stderr, "meshplan emit: writing %s: %s\n", path,
		    strerror(errno));
	free(path);
	return rc;
}

static int
write_tree(const char *dir, const struct emit_out *outs,
    const struct emitter *const *sel, size_t nsel, bool force)
{
	struct stat st;
	char *tmp, *old = NULL;
	size_t i, j;
	int rc = EXIT_OK;

	if (!force && stat(dir, &st) == 0) {
		fprintf(stderr, "meshplan emit: %s exists; not replacing it "
		    "(use --force)\n", dir);
		return EXIT_USAGE;
	}
	tmp = xmalloc(strlen(dir) + 16);
	sprintf(tmp, "%s.tmpXXXXXX", dir);
	if (mkdtemp(tmp) == NULL) {
		fprintf(stderr, "meshplan emit: cannot create %s: %s\n", tmp,
		    strerror(errno));
		free(tmp);
		return EXIT_USAGE;
	}
	chmod(tmp, 0755);
	for (i = 0; i < nsel && rc == EXIT_OK; i++)
		for (j = 0; j < outs[i].files.n; j++)
			if (write_file(tmp, arena_printf(outs[i].arena,
			    "%s/%s", sel[i]->name, outs[i].files.v[j].path),
			    outs[i].files.v[j].text, outs[i].files.v[j].len)) {
				rc = EXIT_USAGE;
				break;
			}
	if (rc == EXIT_OK && stat(dir, &st) == 0) {
		old = xmalloc(strlen(dir) + 16);
		sprintf(old, "%s.oldXXXXXX", dir);
		if (mkdtemp(old) == NULL || rmdir(old) != 0 ||
		    rename(dir, old) != 0) {
			fprintf(stderr, "meshplan emit: cannot move %s aside: "
			    "%s\n", dir, strerror(errno));
			rc = EXIT_USAGE;
		}
	}
	if (rc == EXIT_OK && rename(tmp, dir) != 0) {
		fprintf(stderr, "meshplan emit: cannot rename %s to %s: %s\n",
		    tmp, dir, strerror(errno));
		if (old != NULL)
			rename(old, dir);
		rc = EXIT_USAGE;
	}
	if (rc != EXIT_OK)
		rm_tree(tmp);
	else if (old != NULL)
		rm_tree(old);
	free(tmp);
	free(old);
	return rc;
}

static int
run(int argc, char **argv)
{
	const struct command *c = &cmd_emit;
	struct arena *a = arena_new();
	const struct emitter *sel[4];
	struct emit_out outs[4];
	const char *target = "all";
	struct common_opts o;
	struct policy pol;
	struct diags d;
	struct estate *e = NULL;
	struct load_opts lo;
	struct routing_opts ro;
	struct routing_oracle orc;
	struct plan_inputs in;
	struct plan *p = NULL;
	struct iac *m = NULL;
	struct strbuf wi = STRBUF_INIT;
	size_t nsel = 0, k;
	int i, r, rc = EXIT_OK;

	memset(&o, 0, sizeof(o));
	diags_init(&d, a);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--target") == 0 ||
		    strcmp(argv[i], "-t") == 0) {
			if (i + 1 >= argc) {
				rc = usage_error(c, "--target needs a value");
				goto done;
			}
			target = argv[++i];
			continue;
		}
		r = common_opt(a, &o, argc, argv, &i);
		if (r < 0) {
			rc = usage_error(c, "bad option");
			goto done;
		}
		if (r == 0) {
			rc = usage_error(c, "unknown option '%s'", argv[i]);
			goto done;
		}
	}
	if (strcmp(target, "all") == 0) {
		for (k = 0; emitters[k] != NULL; k++)
			sel[nsel++] = emitters[k];
	} else if ((sel[0] = emitter_find(target)) != NULL) {
		nsel = 1;
	} else {
		rc = usage_error(c, "unknown target '%s' (arm, bicep, "
		    "terraform, all)", target);
		goto done;
	}
	if (o.output == NULL || strcmp(o.output, "-") == 0) {
		rc = usage_error(c, "-o DIR is required");
		goto done;
	}
	if (o.inputs.n == 0) {
		rc = usage_error(c, "no input given");
		goto done;
	}
	policy_init_defaults(&pol, a);
	if (o.policy_file != NULL)
		policy_load(&pol, a, &d, o.policy_file);
	for (k = 0; k < o.onprem.n; k++) {
		struct prefix pf;
		const char *err;

		if (prefix_parse(o.onprem.v[k], 0, &pf, &err) != 0) {
			rc = usage_error(c, "--onprem '%s': %s", o.onprem.v[k],
			    err);
			goto done;
		}
		ARR_PUSH(a, pol.onprem, pf);
	}
	memset(&lo, 0, sizeof(lo));
	lo.scope = o.scope;
	lo.gateway_files = o.gateway_files.v;
	lo.ngateway_files = o.gateway_files.n;
	e = estate_new();
	load_inputs(e, &d, o.inputs.v, o.inputs.n, &lo);
	if ((rc = report_diags(&d, o.quiet)) != EXIT_OK)
		goto done;
	if (pol.onprem.n > 0)
		e->has_onprem_routes = true;
	memset(&ro, 0, sizeof(ro));
	ro.onprem = pol.onprem.v;
	ro.nonprem = pol.onprem.n;
	ro.reserved_172 = pol.reserved_172;
	routing_oracle_init(&orc, &ro);
	memset(&in, 0, sizeof(in));
	in.oracle = &orc.oracle;
	in.generator = "meshplan " MESHPLAN_VERSION;
	p = plan_build(e, &pol, &in);
	m = iac_build(p, a);
	for (k = 0; k < nsel; k++) {
		emit_out_init(&outs[k], a);
		if (sel[k]->emit(m, &outs[k]) != 0) {
			fprintf(stderr, "meshplan emit: the %s emitter "
			    "failed\n", sel[k]->name);
			rc = EXIT_USAGE;
			goto done;
		}
	}
	if ((rc = write_tree(o.output, outs, sel, nsel, o.force)) != EXIT_OK)
		goto done;
	if (!o.quiet) {
		for (k = 0; k < m->folders.n; k++) {
			struct whatif w;

			whatif_folder(m, &m->folders.v[k], WHATIF_PUT, a, &w);
			whatif_text(&w, m->folders.v[k].dir, &wi);
		}
		printf("meshplan emit: wrote %s (%s); what-if of each folder "
		    "(ARM/Bicep PUT semantics):\n%s", o.output, target,
		    sb_str(&wi));
	}
done:
	sb_free(&wi);
	iac_free(m);
	plan_free(p);
	estate_free(e);
	arena_free(a);
	return rc;
}
