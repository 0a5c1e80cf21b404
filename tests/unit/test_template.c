/*
 * test_template.c - ARM templates as Azure Resource Manager deploys them
 * (input/template.c through load_inputs): conditions, resource and
 * property copy loops, nested deployments (inner and outer scope, their
 * outputs), linked templates (relativePath, URI path), parameters files
 * (beside the template, --parameters), --scope for every template or one
 * file, --location and its placeholder, placeholder ids, files that are
 * not Azure's, skipped resources counted by type; then the real templates
 * in ../shared/fixtures-real, whose expected estates are derived by hand
 * from the templates (each number says where it comes from).
 *
 * Templates below are written with ` for " (ARM strings use ').
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../input/load.h"
#include "../../lib/arena.h"
#include "../../lib/diag.h"
#include "../../lib/util.h"
#include "../../planner/estate.h"
#include "test_tmpdir.h"

#define SUB "00000000-0000-0000-0000-000000000001"
#define RG "/subscriptions/" SUB "/resourceGroups/"
#define NET "/providers/Microsoft.Network/"
#define HEAD "{`$schema`: `https://schema.management.azure.com/schemas/" \
	"2019-04-01/deploymentTemplate.json#`, `contentVersion`: `1.0.0.0`, "

struct run {
	struct estate *e;
	struct diags d;
	size_t nerr;
};

/* Write text (` for ") to tmpdir/rel, making its folders. */
static char *
w(const char *rel, const char *text)
{
	char *path = tmp_file(rel);
	FILE *fp;
	size_t i;

	fp = fopen(path, "wb");
	assert_non_null(fp);
	for (i = 0; text[i]; i++)
		fputc(text[i] == '`' ? '"' : text[i], fp);
	fclose(fp);
	return path;
}

static char *
dir(const char *rel)
{
	return tmp_path(rel);
}

static struct run *
load(char **in, size_t n, const struct load_opts *o)
{
	struct run *r = xcalloc(1, sizeof(*r));
	struct load_opts lo;

	if (o != NULL)
		lo = *o;
	else
		memset(&lo, 0, sizeof(lo));
	lo.raw = true;
	r->e = estate_new();
	diags_init(&r->d, r->e->arena);
	r->nerr = load_inputs(r->e, &r->d, in, n, &lo);
	diags_sort(&r->d);
	return r;
}

static void
run_free(struct run *r)
{
	estate_free(r->e);
	free(r);
}

static void
dump(const struct run *r)
{
	size_t i;

	for (i = 0; i < r->d.n; i++)
		diag_print(stderr, &r->d.v[i]);
}

static size_t
count_diag(const struct run *r, const char *code)
{
	size_t i, n = 0;

	for (i = 0; i < r->d.n; i++)
		n += strcmp(r->d.v[i].code, code) == 0;
	return n;
}

static const struct diag *
find_diag(const struct run *r, const char *code)
{
	size_t i;

	for (i = 0; i < r->d.n; i++)
		if (strcmp(r->d.v[i].code, code) == 0)
			return &r->d.v[i];
	dump(r);
	fail_msg("no diagnostic %s", code);
	return NULL;
}

static void *
must(const struct run *r, const char *id)
{
	struct res *x = estate_find(r->e, id);

	if (x == NULL || !x->seen) {
		dump(r);
		fail_msg("%s is not in the estate", id);
	}
	return x;
}

static size_t
seen(void *arrp)
{
	ARR(struct res *) *a = arrp;
	size_t i, n = 0;

	for (i = 0; i < a->n; i++)
		n += a->v[i]->seen;
	return n;
}

static size_t
skipped(const struct run *r, const char *type, const char *reason)
{
	size_t i;

	for (i = 0; i < r->e->skipped.n; i++)
		if (mp_strcaseeq(r->e->skipped.v[i].type, type) &&
		    strcmp(r->e->skipped.v[i].reason, reason) == 0)
			return r->e->skipped.v[i].count;
	return 0;
}

static struct load_opts
scoped(const char *rg)
{
	struct load_opts o;

	memset(&o, 0, sizeof(o));
	o.scope = rg;
	return o;
}

/* ---- conditions and copy loops ---- */

static const char conds[] = HEAD
    "`parameters`: {`on`: {`type`: `bool`, `defaultValue`: false},"
    " `n`: {`type`: `int`, `defaultValue`: 3}},"
    "`resources`: ["
    "{`type`: `Microsoft.Network/virtualNetworks`, `name`: `v-off`,"
    " `condition`: `[parameters('on')]`, `properties`: {}},"
    "{`type`: `Microsoft.Network/virtualNetworks`, `name`: `v-on`,"
    " `condition`: `[not(parameters('on'))]`, `properties`: {"
    "  `addressSpace`: {`addressPrefixes`: [`10.1.0.0/16`]},"
    "  `copy`: [{`name`: `subnets`, `count`: `[parameters('n')]`,"
    "   `input`: {`name`: `[concat('s', copyIndex('subnets'))]`,"
    "    `properties`: {`addressPrefix`: "
    "     `[format('10.1.{0}.0/24', copyIndex('subnets'))]`}}}]}},"
    "{`type`: `Microsoft.Network/virtualNetworks`, `name`: `v-unknown`,"
    " `condition`: `[equals(uniqueString('x'), 'y')]`, `properties`: {}},"
    "{`type`: `Microsoft.Network/routeTables`,"
    " `name`: `[concat('rt-', copyIndex(1))]`,"
    " `copy`: {`name`: `rts`, `count`: `[parameters('n')]`},"
    " `condition`: `[not(equals(copyIndex(), 1))]`, `properties`: {}},"
    "{`type`: `Microsoft.Network/routeTables`, `name`: `[concat('u', copyIndex())]`,"
    " `copy`: {`name`: `u`, `count`: `[length(uniqueString('x'))]`},"
    " `properties`: {}},"
    "{`type`: `Microsoft.Compute/virtualMachines`, `name`: `vm`,"
    " `copy`: {`name`: `vms`, `count`: 2}, `condition`: false}"
    "]}";

static void
test_conditions_copy(void **state)
{
	struct load_opts o = scoped(RG "rg-c");
	char *p = w("conds/t.json", conds);
	struct run *r;
	struct vnet *v;

	(void)state;
	r = load(&p, 1, &o);
	assert_int_equal(r->nerr, 0);
	/* A false condition: not deployed, a note; a true one: deployed. */
	assert_null(estate_find(r->e, RG "rg-c" NET "virtualNetworks/v-off"));
	v = must(r, RG "rg-c" NET "virtualNetworks/v-on");
	/* The property copy built 3 subnets (n = 3), and no "copy" key is
	 * left in the VNet. */
	assert_int_equal(v->subnets.n, 3);
	must(r, RG "rg-c" NET "virtualNetworks/v-on/subnets/s2");
	assert_null(strstr(v->raw, "\"copy\""));
	assert_non_null(strstr(v->raw, "10.1.2.0/24"));
	/* Not known offline: skipped with a warning, counted. */
	assert_null(estate_find(r->e, RG "rg-c" NET
	    "virtualNetworks/v-unknown"));
	assert_int_equal(skipped(r, "Microsoft.Network/virtualNetworks",
	    "condition not known offline"), 1);
	/* rts: copyIndex(1) names rt-1..rt-3; the condition drops index 1
	 * (rt-2). */
	must(r, RG "rg-c" NET "routeTables/rt-1");
	must(r, RG "rg-c" NET "routeTables/rt-3");
	assert_null(estate_find(r->e, RG "rg-c" NET "routeTables/rt-2"));
	assert_int_equal(r->e->route_tables.n, 2);
	assert_int_equal(skipped(r, "Microsoft.Network/routeTables",
	    "copy count not known offline"), 1);
	assert_int_equal(count_diag(r, "template-copy"), 1);
	/* Two false copies of an unmodelled type: not counted as read. */
	assert_int_equal(r->e->unknown_types.n, 0);
	run_free(r);
}

/* ---- nested deployments ---- */

static const char nested[] = HEAD
    "`parameters`: {`hubName`: {`type`: `string`, `defaultValue`: `hub`}},"
    "`variables`: {`outerVar`: `outer-vnet`},"
    "`resources`: ["
    /* The parent peers to what the inner deployment's output names. */
    "{`type`: `Microsoft.Network/virtualNetworks`, `name`: "
    " `[parameters('hubName')]`, `properties`: {"
    "  `addressSpace`: {`addressPrefixes`: [`10.0.0.0/16`]},"
    "  `virtualNetworkPeerings`: [{`name`: `to-inner`, `properties`: {"
    "   `allowGatewayTransit`: true, `remoteVirtualNetwork`: {`id`: "
    "   `[reference('inner').outputs.vnetId.value]`}}}]}},"
    "{`type`: `Microsoft.Resources/deployments`, `apiVersion`: "
    " `2022-09-01`, `name`: `inner`, `resourceGroup`: `rg-other`,"
    " `properties`: {`mode`: `Incremental`, `expressionEvaluationOptions`:"
    " {`scope`: `inner`}, `parameters`: {`name`: {`value`: "
    " `[concat(parameters('hubName'), '-spoke')]`}},"
    " `template`: {`$schema`: `x`, `parameters`: {`name`: {`type`: "
    "  `string`}, `hubName`: {`type`: `string`, `defaultValue`: `not-this`}},"
    "  `resources`: [{`type`: `Microsoft.Network/virtualNetworks`, `name`:"
    "   `[parameters('name')]`, `properties`: {`addressSpace`: "
    "   {`addressPrefixes`: [`10.1.0.0/16`]}}}],"
    "  `outputs`: {`vnetId`: {`type`: `string`, `value`: "
    "   `[resourceId('Microsoft.Network/virtualNetworks', "
    "parameters('name'))]`}}}}},"
    "{`type`: `Microsoft.Resources/deployments`, `name`: `outer`,"
    " `resourceGroup`: `rg-outer`, `properties`: {`mode`: `Incremental`,"
    " `template`: {`$schema`: `x`, `variables`: {`outerVar`: `ignored`},"
    "  `resources`: [{`type`: `Microsoft.Network/virtualNetworks`, `name`:"
    "   `[variables('outerVar')]`, `properties`: {`subnets`: [{`name`: `s`,"
    "   `properties`: {`addressPrefix`: `10.2.0.0/24`, `routeTable`: {`id`:"
    "   `[resourceId('Microsoft.Network/routeTables', 'rt')]`}}}]}}]}}},"
    "{`type`: `Microsoft.Resources/deployments`, `name`: "
    " `[concat('loop', copyIndex())]`, `copy`: {`name`: `d`, `count`: 2},"
    " `properties`: {`expressionEvaluationOptions`: {`scope`: `inner`},"
    " `parameters`: {`i`: {`value`: `[copyIndex()]`}},"
    " `template`: {`$schema`: `x`, `parameters`: {`i`: {`type`: `int`}},"
    "  `resources`: [{`type`: `Microsoft.Network/routeTables`, `name`:"
    "   `[concat('rt-loop-', parameters('i'))]`, `properties`: {}}]}}}"
    "]}";

static void
test_nested(void **state)
{
	struct load_opts o = scoped(RG "rg-p");
	char *p = w("nested/t.json", nested);
	struct run *r;
	struct vnet *hub, *outer;
	struct subnet *s;

	(void)state;
	r = load(&p, 1, &o);
	if (r->nerr != 0)
		dump(r);
	assert_int_equal(r->nerr, 0);
	hub = must(r, RG "rg-p" NET "virtualNetworks/hub");
	/* Inner scope: its own parameters, given by the deployment in the
	 * parent's terms ("hub" + "-spoke"), in the deployment's resource
	 * group; its output is what the parent's peering reads. */
	must(r, RG "rg-other" NET "virtualNetworks/hub-spoke");
	assert_int_equal(hub->peerings.n, 1);
	assert_string_equal(hub->peerings.v[0]->remote_id,
	    RG "rg-other" NET "virtualNetworks/hub-spoke");
	/* Outer scope: the parent's variables (not the nested template's),
	 * resources in rg-outer, resourceId() in the parent's group. */
	outer = must(r, RG "rg-outer" NET "virtualNetworks/outer-vnet");
	assert_int_equal(outer->subnets.n, 1);
	s = outer->subnets.v[0];
	assert_string_equal(s->route_table_id, RG "rg-p" NET "routeTables/rt");
	/* A copy loop of deployments: copyIndex() in their parameters. */
	must(r, RG "rg-p" NET "routeTables/rt-loop-0");
	must(r, RG "rg-p" NET "routeTables/rt-loop-1");
	assert_int_equal(r->e->unknown_types.n, 0);
	run_free(r);
}

/* ---- linked templates ---- */

static const char linked_main[] = HEAD
    "`resources`: ["
    "{`type`: `Microsoft.Resources/deployments`, `name`: `l1`,"
    " `properties`: {`mode`: `Incremental`, `templateLink`: "
    " {`relativePath`: `nested/vnet.json`}, `parameters`: {`name`: "
    " {`value`: `linked-by-path`}}}},"
    "{`type`: `Microsoft.Resources/deployments`, `name`: `l2`,"
    " `properties`: {`mode`: `Incremental`, `templateLink`: "
    " {`uri`: `[uri('https://raw.example.com/repo/main/', "
    "'nested/vnet.json?sv=token')]`}, `parameters`: {`name`: "
    " {`value`: `linked-by-uri`}}}}"
    "]}";

static const char linked_vnet[] = HEAD
    "`parameters`: {`name`: {`type`: `string`, `defaultValue`: "
    " `default-name`}},"
    "`resources`: [{`type`: `Microsoft.Network/virtualNetworks`, `name`:"
    " `[parameters('name')]`, `properties`: {`addressSpace`: "
    " {`addressPrefixes`: [`10.5.0.0/16`]}}}]}";

static const char linked_first[] = HEAD
    "`resources`: [{`type`: `Microsoft.Resources/deployments`, `name`: "
    " `x`, `properties`: {`templateLink`: {`relativePath`: "
    " `./a-linked.json`}, `parameters`: {`name`: {`value`: `given`}}}}]}";

static void
test_linked(void **state)
{
	struct load_opts o = scoped(RG "rg-l");
	char *in[1];
	struct run *r;

	(void)state;
	w("linked/main.json", linked_main);
	w("linked/nested/vnet.json", linked_vnet);
	in[0] = dir("linked");
	r = load(in, 1, &o);
	if (r->nerr != 0)
		dump(r);
	assert_int_equal(r->nerr, 0);
	/* By relativePath (beside main.json) and by the URI's path
	 * (".../nested/vnet.json" without its query), each with its
	 * parameters; the linked file is not read on its own. */
	must(r, RG "rg-l" NET "virtualNetworks/linked-by-path");
	must(r, RG "rg-l" NET "virtualNetworks/linked-by-uri");
	assert_null(estate_find(r->e, RG "rg-l" NET
	    "virtualNetworks/default-name"));
	assert_int_equal(seen(&r->e->vnets), 2);
	assert_int_equal(count_diag(r, "template-link"), 2);
	find_diag(r, "template-linked");
	run_free(r);

	/* A quickstart's link: uri(_artifactsLocation, 'nested/...') with
	 * _artifactsLocation = deployment().properties.templateLink.uri,
	 * the linked file not among the inputs; the template's location
	 * reaches no resource field (the tag stays unknown). */
	w("linked4/nested/vnet.json", linked_vnet);
	in[0] = w("linked4/azuredeploy.json", HEAD "`parameters`: {"
	    "`_artifactsLocation`: {`type`: `string`, `defaultValue`: "
	    "`[deployment().properties.templateLink.uri]`},"
	    "`_artifactsLocationSasToken`: {`type`: `securestring`, "
	    "`defaultValue`: ``}}, `resources`: [{`type`: "
	    "`Microsoft.Resources/deployments`, `name`: `qs`, `properties`: "
	    "{`templateLink`: {`uri`: `[uri(parameters('_artifactsLocation'), "
	    "concat('nested/vnet.json', parameters('_artifactsLocationSasToken'"
	    ")))]`}, `parameters`: {`name`: {`value`: `qs-vnet`}}}},"
	    "{`type`: `Microsoft.Network/virtualNetworks`, `name`: `tagged`, "
	    "`tags`: {`from`: `[parameters('_artifactsLocation')]`}, "
	    "`properties`: {}}]}");
	r = load(in, 1, &o);
	if (r->nerr != 0)
		dump(r);
	assert_int_equal(r->nerr, 0);
	must(r, RG "rg-l" NET "virtualNetworks/qs-vnet");
	assert_int_equal(((struct vnet *)must(r, RG "rg-l" NET
	    "virtualNetworks/tagged"))->r.tags.n, 0);
	run_free(r);

	/* A template that links itself: a warning, no loop. */
	in[0] = w("linked3/self.json", HEAD "`resources`: [{`type`: "
	    "`Microsoft.Resources/deployments`, `name`: `me`, `properties`: "
	    "{`templateLink`: {`relativePath`: `self.json`}}}]}");
	r = load(in, 1, &o);
	assert_int_equal(r->nerr, 0);
	assert_non_null(strstr(find_diag(r, "template-link")->msg, "loop"));
	run_free(r);

	/* The linked file comes first in path order: read on its own,
	 * then replaced by the linked deployment's resources. */
	w("linked2/z-main.json", linked_first);
	w("linked2/a-linked.json", linked_vnet);
	in[0] = dir("linked2");
	r = load(in, 1, &o);
	assert_int_equal(r->nerr, 0);
	must(r, RG "rg-l" NET "virtualNetworks/given");
	assert_null(estate_find(r->e, RG "rg-l" NET
	    "virtualNetworks/default-name"));
	run_free(r);
}

/* ---- parameters files, --scope, --location ---- */

static const char ptpl[] = HEAD
    "`parameters`: {`vnetName`: {`type`: `string`, `defaultValue`: "
    " `dflt`}, `prefix`: {`type`: `string`}, `location`: {`type`: "
    " `string`, `defaultValue`: `[resourceGroup().location]`}},"
    "`resources`: [{`type`: `Microsoft.Network/virtualNetworks`, `name`:"
    " `[format('{0}-{1}', parameters('vnetName'), parameters('location'))]`,"
    " `location`: `[parameters('location')]`,"
    " `properties`: {`addressSpace`: {`addressPrefixes`: "
    " [`[parameters('prefix')]`]}}}]}";

static const char pfile[] = "{`$schema`: `https://schema.management.azure."
    "com/schemas/2019-04-01/deploymentParameters.json#`, `contentVersion`:"
    " `1.0.0.0`, `parameters`: {`vnetName`: {`value`: `fromfile`},"
    " `prefix`: {`value`: `10.9.0.0/16`}}}";

static void
test_parameters_scope_location(void **state)
{
	struct load_opts o;
	struct file_opt fs[1], pf[1];
	char *in[2];
	struct run *r;
	struct vnet *v;

	(void)state;
	/* T.parameters.json applies to T.json beside it. */
	w("p1/azuredeploy.json", ptpl);
	w("p1/azuredeploy.parameters.json", pfile);
	in[0] = dir("p1");
	o = scoped(RG "rg-p");
	o.location = "westeurope";
	r = load(in, 1, &o);
	if (r->nerr != 0)
		dump(r);
	assert_int_equal(r->nerr, 0);
	v = must(r, RG "rg-p" NET "virtualNetworks/fromfile-westeurope");
	assert_string_equal(v->r.location, "westeurope");
	assert_int_equal(v->prefixes.n, 1);
	assert_int_equal(count_diag(r, "template-parameters"), 2);
	run_free(r);

	/* Without the file: the parameter without a value is unknown; with
	 * no --location, names read a placeholder and the location field
	 * is left out. */
	in[0] = w("p2/t.json", ptpl);
	o = scoped(RG "rg-p");
	r = load(in, 1, &o);
	v = must(r, RG "rg-p" NET "virtualNetworks/dflt-unknown-location");
	assert_null(v->r.location);
	assert_int_equal(v->prefixes.n, 0);
	find_diag(r, "template-location");
	assert_int_equal(find_diag(r, "expr-unsupported")->sev,
	    DIAG_WARNING);
	run_free(r);

	/* --parameters TEMPLATE=FILE, and --scope once for two templates
	 * with --scope FILE=ID for one of them. */
	in[0] = w("p3/a.json", ptpl);
	in[1] = w("p3/b.json", ptpl);
	pf[0].file = in[0];
	pf[0].value = w("p3/values/any-name.json", pfile);
	fs[0].file = in[1];
	fs[0].value = RG "rg-b";
	o = scoped(RG "rg-all");
	o.param_files = pf;
	o.nparam_files = 1;
	o.file_scopes = fs;
	o.nfile_scopes = 1;
	o.location = "eastus";
	r = load(in, 2, &o);
	assert_int_equal(count_diag(r, "scope-unknown"), 0);
	must(r, RG "rg-all" NET "virtualNetworks/fromfile-eastus");
	must(r, RG "rg-b" NET "virtualNetworks/dflt-eastus");
	run_free(r);

	/* A parameters file with no template beside it: a warning. */
	in[0] = w("p4/other.parameters.json", pfile);
	r = load(in, 1, NULL);
	assert_int_equal(r->nerr, 0);
	assert_int_equal(find_diag(r, "template-parameters")->sev,
	    DIAG_WARNING);
	run_free(r);

	/* --parameters naming a template that is not an input: an error. */
	in[0] = w("p5/t.json", ptpl);
	pf[0].file = "/nonexistent/t.json";
	pf[0].value = w("p5/v.json", pfile);
	memset(&o, 0, sizeof(o));
	o.param_files = pf;
	o.nparam_files = 1;
	r = load(in, 1, &o);
	assert_int_equal(find_diag(r, "parameters-target")->sev, DIAG_ERROR);
	run_free(r);
}

/* ---- honest results ---- */

static void
test_honest(void **state)
{
	char *in[1];
	struct run *r;
	const struct diag *g;

	(void)state;
	/* A placeholder where an id belongs: an error with the pointer. */
	in[0] = w("h1/conn.json", "{`id`: `/subscriptions/" SUB
	    "/resourceGroups/r/providers/Microsoft.Network/connections/c`,"
	    " `type`: `Microsoft.Network/connections`, `name`: `c`,"
	    " `properties`: {`connectionType`: `ExpressRoute`, `peer`: "
	    " {`id`: `EXPRESSROUTE_CIRCUIT1_ID`}}}");
	r = load(in, 1, NULL);
	g = find_diag(r, "id-placeholder");
	assert_int_equal(g->sev, DIAG_ERROR);
	assert_non_null(strstr(g->msg, "EXPRESSROUTE_CIRCUIT1_ID"));
	assert_non_null(strstr(g->msg, "peer.id"));
	assert_string_equal(g->pointer, "");
	assert_int_equal(r->e->circuits.n, 0);
	run_free(r);

	/* A quickstart's metadata.json: skipped with a note. */
	in[0] = w("h2/metadata.json", "{`$schema`: `https://aka.ms/azure-"
	    "quickstart-templates-metadata-schema#`, `type`: `QuickStart`,"
	    " `itemDisplayName`: `x`}");
	r = load(in, 1, NULL);
	assert_int_equal(r->nerr, 0);
	assert_int_equal(find_diag(r, "input-not-azure")->sev, DIAG_NOTE);
	assert_int_equal(r->d.nwarnings, 0);
	run_free(r);

	/* Copy loops of nested deployments multiply: 400 x 400 resources
	 * pass the bound of 100000, an error, and evaluation stops. */
	in[0] = w("h4/t.json", HEAD "`resources`: [{`type`: "
	    "`Microsoft.Resources/deployments`, `name`: "
	    "`[concat('d', copyIndex())]`, `copy`: {`name`: `d`, `count`: 400},"
	    " `properties`: {`expressionEvaluationOptions`: {`scope`: "
	    "`inner`}, `template`: {`$schema`: `x`, `resources`: [{`type`: "
	    "`Microsoft.Compute/virtualMachines`, `name`: "
	    "`[concat('vm', copyIndex())]`, `copy`: {`name`: `v`, `count`: "
	    "400}}]}}}]}");
	r = load(in, 1, NULL);
	assert_int_equal(find_diag(r, "limit-template-size")->sev,
	    DIAG_ERROR);
	assert_int_equal(count_diag(r, "limit-template-size"), 1);
	run_free(r);

	/* VNets declared, none read: a warning, and the skip counted. */
	in[0] = w("h3/t.json", HEAD "`resources`: [{`type`: "
	    "`Microsoft.Network/virtualNetworks`, `name`: "
	    "`[concat('v', uniqueString(resourceGroup().id))]`, "
	    "`properties`: {}}]}");
	r = load(in, 1, NULL);
	assert_int_equal(find_diag(r, "template-no-vnet")->sev,
	    DIAG_WARNING);
	assert_int_equal(skipped(r, "Microsoft.Network/virtualNetworks",
	    "name not known offline"), 1);
	run_free(r);
}

/* ---- the real templates (../shared/fixtures-real) ---- */

static const char *
fixtures(void)
{
	static const char *const cands[] = { "../shared/fixtures-real",
		"../../shared/fixtures-real" };
	struct stat st;
	size_t i;

	for (i = 0; i < MP_NELEM(cands); i++)
		if (stat(cands[i], &st) == 0 && S_ISDIR(st.st_mode))
			return cands[i];
	return NULL;
}

static struct run *
load_real(const char *rel, const char *location)
{
	static char path[512];
	struct load_opts o = scoped(RG "rg");
	char *p = path;

	snprintf(path, sizeof(path), "%s/%s", fixtures(), rel);
	o.location = location;
	return load(&p, 1, &o);
}

#define ID(x) RG "rg" NET x

static struct peering *
peering(const struct run *r, const char *id)
{
	return must(r, id);
}

static void
test_real_templates(void **state)
{
	struct run *r;
	struct vnet *hub, *one, *two;
	struct gateway *g;
	struct route_table *rt;
	struct circuit *c;
	struct connection *cn;
	size_t i;

	(void)state;
	if (fixtures() == NULL) {
		printf("SKIP: ../shared/fixtures-real is absent; real "
		    "template tests skipped\n");
		skip();
	}

	/*
	 * mspnp-samples-azure-hub-spoke/azuredeploy.json, deployed with
	 * location eastus2 (its "location" parameter defaults to
	 * resourceGroup().location, so --location gives it):
	 * - VNets /resources/11, 31, 36: vnet-eastus2-hub 10.0.0.0/22 with
	 *   AzureBastionSubnet, GatewaySubnet, AzureFirewallSubnet (3);
	 *   vnet-eastus2-spoke-one 10.100.0.0/22 and -spoke-two
	 *   10.200.0.0/22 with snet-resources and snet-privatelinkendpoints
	 *   (2 each): 3 VNets, 7 subnets.
	 * - Peerings /resources/0, 1, 4, 5: hub to each spoke and back,
	 *   allowGatewayTransit false, useRemoteGateways false: 4.
	 * - VPN gateway /resources/24 has condition deployVpnGateway
	 *   (default false): 0 gateways; its public IP /resources/22 too.
	 * - Route table /resources/26 route-to-eastus2-hub-fw: one route
	 *   0.0.0.0/0 to VirtualAppliance whose address is reference() to
	 *   the firewall (not known offline); all 4 spoke subnets use it.
	 * - Public IPs: /resources/13 copies over range(0, 3) ->
	 *   pip-fw-eastus2-00, -01, -02 (padLeft(.., 2, '0')), and
	 *   /resources/18 pip-ab-eastus2: 4.
	 * - No private endpoints, circuits or connections.
	 */
	r = load_real("mspnp-samples-azure-hub-spoke/azuredeploy.json",
	    "eastus2");
	if (r->nerr != 0)
		dump(r);
	assert_int_equal(r->nerr, 0);
	assert_int_equal(seen(&r->e->vnets), 3);
	assert_int_equal(r->e->subnets.n, 7);
	hub = must(r, ID("virtualNetworks/vnet-eastus2-hub"));
	one = must(r, ID("virtualNetworks/vnet-eastus2-spoke-one"));
	two = must(r, ID("virtualNetworks/vnet-eastus2-spoke-two"));
	assert_int_equal(hub->subnets.n, 3);
	assert_int_equal(one->subnets.n, 2);
	assert_int_equal(two->subnets.n, 2);
	assert_int_equal(r->e->peerings.n, 4);
	for (i = 0; i < r->e->peerings.n; i++) {
		struct peering *p = r->e->peerings.v[i];

		assert_int_equal(p->allow_gateway_transit, TRI_FALSE);
		assert_int_equal(p->use_remote_gateways, TRI_FALSE);
		assert_non_null(p->remote);
		assert_true(p->remote->r.seen);
	}
	peering(r, ID("virtualNetworks/vnet-eastus2-hub/"
	    "virtualNetworkPeerings/to_vnet-eastus2-spoke-one"));
	assert_int_equal(r->e->gateways.n, 0);
	assert_int_equal(r->e->route_tables.n, 1);
	rt = must(r, ID("routeTables/route-to-eastus2-hub-fw"));
	assert_int_equal(rt->routes.n, 1);
	assert_string_equal(rt->routes.v[0].prefix_raw, "0.0.0.0/0");
	assert_int_equal(rt->routes.v[0].nh, NH_APPLIANCE);
	assert_null(rt->routes.v[0].nh_ip);
	for (i = 0; i < 2; i++) {
		assert_string_equal(one->subnets.v[i]->route_table_id,
		    rt->r.id);
		assert_string_equal(two->subnets.v[i]->route_table_id,
		    rt->r.id);
	}
	assert_int_equal(r->e->public_ips.n, 4);
	must(r, ID("publicIPAddresses/pip-fw-eastus2-02"));
	must(r, ID("publicIPAddresses/pip-ab-eastus2"));
	assert_int_equal(r->e->pes.n, 0);
	assert_int_equal(r->e->circuits.n, 0);
	assert_int_equal(r->e->connections.n, 0);
	run_free(r);

	/*
	 * azure-netsec-azfw-dnsproxy-hubspoke: the folder, so its
	 * azuredeploy.parameters.json (adminUsername, adminPasswordOrKey:
	 * the VMs' only) applies and metadata.json is skipped.
	 * - VNets /resources/8-10: HubVnet 192.168.0.0/16 with CommonSubnet,
	 *   AzureBastionSubnet, GatewaySubnet, AzureFirewallSubnet (4);
	 *   DevelopmentVNet 10.0.0.0/16 and ProductionVNet 10.1.0.0/16 with
	 *   DefaultSubnet each: 3 VNets, 6 subnets.
	 * - Peerings /resources/11-14: hub to dev and prod with
	 *   allowGatewayTransit = deployVpnGateway (false), spokes back with
	 *   useRemoteGateways = deployVpnGateway (false); all with
	 *   allowForwardedTraffic true: 4.
	 * - Gateway /resources/16: condition deployVpnGateway false: 0.
	 * - Route tables /resources/42, 43: DevelopmentVNetDefaultSubnet-
	 *   RouteTable and ProductionVNetDefaultSubnetRouteTable, each one
	 *   route 0.0.0.0/0 VirtualAppliance (address by reference(): not
	 *   known), disableBgpRoutePropagation = not(enableBgp = false) =
	 *   true; each spoke's DefaultSubnet uses its own.
	 * - Private endpoints /resources/48-50: 3, all in HubVnet/
	 *   CommonSubnet.
	 * - Public IPs: the firewall's copy (/resources/38, count 1, name
	 *   if(equals(1, 1), 'HubFirewallPublicIP', ...)) -> 1; the
	 *   Bastion's name uses uniqueString (skipped, counted); the
	 *   gateway's has the false condition.
	 */
	r = load_real("azure-netsec-azfw-dnsproxy-hubspoke", NULL);
	if (r->nerr != 0)
		dump(r);
	assert_int_equal(r->nerr, 0);
	assert_int_equal(seen(&r->e->vnets), 3);
	assert_int_equal(r->e->subnets.n, 6);
	assert_int_equal(((struct vnet *)must(r,
	    ID("virtualNetworks/HubVnet")))->subnets.n, 4);
	assert_int_equal(r->e->peerings.n, 4);
	for (i = 0; i < r->e->peerings.n; i++) {
		struct peering *p = r->e->peerings.v[i];

		assert_int_equal(p->allow_gateway_transit, TRI_FALSE);
		assert_int_equal(p->use_remote_gateways, TRI_FALSE);
		assert_int_equal(p->allow_forwarded, TRI_TRUE);
	}
	assert_int_equal(r->e->gateways.n, 0);
	assert_int_equal(r->e->route_tables.n, 2);
	rt = must(r, ID("routeTables/DevelopmentVNetDefaultSubnetRouteTable"));
	assert_int_equal(rt->disable_bgp, TRI_TRUE);
	assert_int_equal(rt->routes.n, 1);
	assert_int_equal(rt->routes.v[0].nh, NH_APPLIANCE);
	assert_string_equal(((struct vnet *)must(r,
	    ID("virtualNetworks/DevelopmentVNet")))->subnets.v[0]->
	    route_table_id, rt->r.id);
	assert_int_equal(r->e->pes.n, 3);
	for (i = 0; i < r->e->pes.n; i++)
		assert_string_equal(r->e->pes.v[i]->subnet_id,
		    ID("virtualNetworks/HubVnet/subnets/CommonSubnet"));
	assert_int_equal(r->e->public_ips.n, 1);
	must(r, ID("publicIPAddresses/HubFirewallPublicIP"));
	assert_int_equal(skipped(r, "Microsoft.Network/publicIPAddresses",
	    "name not known offline"), 1);
	find_diag(r, "input-not-azure");
	assert_int_equal(count_diag(r, "template-parameters"), 2);
	run_free(r);

	/*
	 * alz-bicep-hubNetworking/hubNetworking.json with location
	 * westeurope (parLocation defaults to resourceGroup().location):
	 * - VNet /resources/1 parHubNetworkName = format('{0}-hub-{1}',
	 *   'alz', location) = alz-hub-westeurope, 10.10.0.0/16; its
	 *   subnets are the variable copy varSubnetProperties over
	 *   parSubnets: AzureBastionSubnet 10.10.15.0/24, GatewaySubnet
	 *   10.10.252.0/24, AzureFirewallSubnet 10.10.254.0/24 (3).
	 * - Gateways /resources/4: copy over varGwConfig = [the VPN and the
	 *   ExpressRoute configuration, both non-empty], condition true for
	 *   both: alz-Vpn-Gateway (Vpn, VpnGw1) and alz-ExpressRoute-Gateway
	 *   (ExpressRoute, ErGw1AZ), in GatewaySubnet; their public IP ids
	 *   are the outputs of the nested deployments
	 *   deploy-Gateway-Public-IP-0/1 (/resources/9, inner scope):
	 *   resourceId of '<gateway name>-PublicIp'.
	 * - Route table /resources/7 (parAzFirewallEnabled true):
	 *   alz-hub-routetable, one route 0.0.0.0/0 VirtualAppliance
	 *   (reference(): not known), disableBgpRoutePropagation false.
	 * - Public IPs from the nested deployments: the Bastion's
	 *   (alz-bastion-PublicIp), the two gateways', the firewall's
	 *   (alz-azfw-westeurope-PublicIp): 4.
	 * - No peerings, circuits, connections or private endpoints.
	 */
	r = load_real("alz-bicep-hubNetworking/hubNetworking.json",
	    "westeurope");
	if (r->nerr != 0)
		dump(r);
	assert_int_equal(r->nerr, 0);
	assert_int_equal(seen(&r->e->vnets), 1);
	hub = must(r, ID("virtualNetworks/alz-hub-westeurope"));
	assert_int_equal(hub->subnets.n, 3);
	must(r, ID("virtualNetworks/alz-hub-westeurope/subnets/GatewaySubnet"));
	assert_int_equal(r->e->gateways.n, 2);
	g = must(r, ID("virtualNetworkGateways/alz-Vpn-Gateway"));
	assert_int_equal(g->gw_type, GW_VPN);
	assert_string_equal(g->sku, "VpnGw1");
	assert_ptr_equal(g->hub, hub);
	assert_int_equal(g->public_ip_ids.n, 1);
	assert_string_equal(g->public_ip_ids.v[0],
	    ID("publicIPAddresses/alz-Vpn-Gateway-PublicIp"));
	g = must(r, ID("virtualNetworkGateways/alz-ExpressRoute-Gateway"));
	assert_int_equal(g->gw_type, GW_EXPRESSROUTE);
	assert_string_equal(g->sku, "ErGw1AZ");
	assert_ptr_equal(g->hub, hub);
	rt = must(r, ID("routeTables/alz-hub-routetable"));
	assert_int_equal(rt->disable_bgp, TRI_FALSE);
	assert_int_equal(rt->routes.n, 1);
	assert_int_equal(rt->routes.v[0].nh, NH_APPLIANCE);
	assert_int_equal(r->e->public_ips.n, 4);
	must(r, ID("publicIPAddresses/alz-azfw-westeurope-PublicIp"));
	must(r, ID("publicIPAddresses/alz-bastion-PublicIp"));
	assert_int_equal(r->e->peerings.n, 0);
	assert_int_equal(r->e->circuits.n, 0);
	assert_int_equal(r->e->pes.n, 0);
	run_free(r);

	/*
	 * quickstart-expressroute-private-peering-vnet/azuredeploy.json:
	 * - Circuit /resources/0 er-ckt01: sku Premium / MeteredData,
	 *   Equinix, Washington DC, 50 Mbps; peering /resources/1
	 *   AzurePrivatePeering 192.168.10.16/30 and 192.168.10.20/30.
	 * - VNet /resources/3 vnet1 10.10.10.0/24 with subnet1
	 *   10.10.10.0/25 and GatewaySubnet 10.10.10.224/27.
	 * - Gateway /resources/5 er-gw: ExpressRoute, HighPerformance, in
	 *   vnet1's GatewaySubnet, public IP er-gw-pubIP (/resources/4).
	 * - No connection (the template makes none).
	 */
	r = load_real("quickstart-expressroute-private-peering-vnet/"
	    "azuredeploy.json", NULL);
	if (r->nerr != 0)
		dump(r);
	assert_int_equal(r->nerr, 0);
	c = must(r, ID("expressRouteCircuits/er-ckt01"));
	assert_string_equal(c->tier, "Premium");
	assert_string_equal(c->family, "MeteredData");
	assert_string_equal(c->provider, "Equinix");
	assert_string_equal(c->peering_location, "Washington DC");
	assert_true(c->bandwidth_mbps == 50);
	assert_int_equal(c->peer_addresses.n, 2);
	hub = must(r, ID("virtualNetworks/vnet1"));
	assert_int_equal(hub->subnets.n, 2);
	g = must(r, ID("virtualNetworkGateways/er-gw"));
	assert_int_equal(g->gw_type, GW_EXPRESSROUTE);
	assert_string_equal(g->sku, "HighPerformance");
	assert_ptr_equal(g->hub, hub);
	assert_string_equal(g->public_ip_ids.v[0],
	    ID("publicIPAddresses/er-gw-pubIP"));
	assert_int_equal(r->e->connections.n, 0);
	run_free(r);

	/*
	 * azure-powershell-er-gateway-connection (REST bodies, no
	 * template): gateway testGW (ExpressRoute), circuit testConnection
	 * (Equinix, Silicon Valley, 500 Mbps), connection onesdk1914
	 * (ExpressRoute, routingWeight 3) from testGW to that circuit.
	 */
	{
		char path[512], *p = path;

		snprintf(path, sizeof(path), "%s/azure-powershell-er-gateway-"
		    "connection", fixtures());
		r = load(&p, 1, NULL);
	}
	assert_int_equal(r->nerr, 0);
	assert_int_equal(r->e->gateways.n, 1);
	assert_int_equal(r->e->gateways.v[0]->gw_type, GW_EXPRESSROUTE);
	assert_int_equal(r->e->circuits.n, 1);
	assert_true(r->e->circuits.v[0]->bandwidth_mbps == 500);
	assert_int_equal(r->e->connections.n, 1);
	cn = r->e->connections.v[0];
	assert_int_equal(cn->conn_type, CONN_EXPRESSROUTE);
	assert_int_equal(cn->weight, 3);
	assert_ptr_equal(cn->circuit, r->e->circuits.v[0]);
	assert_ptr_equal(cn->gateway1, r->e->gateways.v[0]);
	run_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conditions_copy),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_linked),
		cmocka_unit_test(test_parameters_scope_location),
		cmocka_unit_test(test_honest),
		cmocka_unit_test(test_real_templates),
	};

	return cmocka_run_group_tests(tests, tmp_setup, tmp_teardown);
}
