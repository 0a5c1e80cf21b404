/*
 * test_load.c - the loaders end to end: every input shape, every bad
 * input (its diagnostic code and where it points), merging, scope
 * inference, route exports, directories, parallel loading, and facts of
 * the real exports in ../shared/fixtures-real (skipped with a note when
 * absent). Inputs are small JSON strings written to a temporary directory.
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
#include "../../input/records.h"
#include "../../lib/arena.h"
#include "../../lib/diag.h"
#include "../../lib/strbuf.h"
#include "../../lib/util.h"
#include "../../planner/estate.h"
#include "test_tmpdir.h"

#define SUB "00000000-0000-0000-0000-000000000001"
#define RGID "/subscriptions/" SUB "/resourceGroups/rg-net"
#define NET RGID "/providers/Microsoft.Network"

static int nfile;

struct run {
	struct estate *e;
	struct diags d;
	size_t nerr;
};

/* Write bytes to tmpdir/name (a fresh subdirectory per call when name
 * has no '/'); returns the path (freed at teardown). */
static char *
write_bytes(const char *name, const void *buf, size_t len)
{
	char rel[256];
	char *path;
	FILE *fp;

	if (strchr(name, '/') == NULL) {
		snprintf(rel, sizeof(rel), "t%d/%s", ++nfile, name);
		path = tmp_file(rel);
	} else
		path = tmp_path(name);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(buf, 1, len, fp), len);
	fclose(fp);
	return path;
}

static char *
write_file(const char *name, const char *text)
{
	return write_bytes(name, text, strlen(text));
}

/* Loads with the VNets' raw JSON kept, as plan and emit do. */
static struct run *
load_opts(char **paths, size_t n, const struct load_opts *o)
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
	r->nerr = load_inputs(r->e, &r->d, paths, n, &lo);
	diags_sort(&r->d);
	return r;
}

static struct run *
load1(char *path)
{
	return load_opts(&path, 1, NULL);
}

static void
run_free(struct run *r)
{
	estate_free(r->e);
	free(r);
}

static const struct diag *
find_diag(const struct run *r, const char *code)
{
	size_t i;

	for (i = 0; i < r->d.n; i++)
		if (strcmp(r->d.v[i].code, code) == 0)
			return &r->d.v[i];
	return NULL;
}

static const struct diag *
find_diag_at(const struct run *r, const char *code, const char *pointer)
{
	size_t i;

	for (i = 0; i < r->d.n; i++)
		if (strcmp(r->d.v[i].code, code) == 0 &&
		    r->d.v[i].pointer != NULL &&
		    strcmp(r->d.v[i].pointer, pointer) == 0)
			return &r->d.v[i];
	fail_msg("no diagnostic %s at %s", code, pointer);
	return NULL;
}

static size_t
count_diag(const struct run *r, const char *code)
{
	size_t i, n = 0;

	for (i = 0; i < r->d.n; i++)
		n += strcmp(r->d.v[i].code, code) == 0;
	return n;
}

static void
dump_diags(const struct run *r)
{
	size_t i;

	for (i = 0; i < r->d.n; i++)
		diag_print(stderr, &r->d.v[i]);
}

static const struct diag *
expect_diag(const struct run *r, const char *code, enum diag_sev sev)
{
	const struct diag *g = find_diag(r, code);

	if (g == NULL) {
		dump_diags(r);
		fail_msg("no diagnostic %s", code);
	}
	assert_int_equal(g->sev, sev);
	return g;
}

static void
expect_clean(const struct run *r)
{
	if (r->d.nerrors != 0 || r->d.nwarnings != 0) {
		dump_diags(r);
		fail_msg("unexpected diagnostics");
	}
}

static struct vnet *
vnet(const struct run *r, const char *id)
{
	struct res *x = estate_find(r->e, id);

	if (x == NULL || x->kind != RK_VNET)
		fail_msg("no VNet %s", id);
	return (struct vnet *)x;
}

static const char *
pfx(const struct prefix *p)
{
	static char buf[4][PREFIX_STRLEN];
	static int k;

	return prefix_format(p, buf[k++ % 4]);
}

#define VNET_REST(name, prefixes) \
	"{\"id\": \"" NET "/virtualNetworks/" name "\", \"name\": \"" name \
	"\", \"type\": \"Microsoft.Network/virtualNetworks\", " \
	"\"location\": \"westeurope\", \"properties\": {\"addressSpace\": " \
	"{\"addressPrefixes\": [" prefixes "]}}}"

/* ---- bad input ---- */

static void
test_bad_files(void **state)
{
	struct run *r;
	const struct diag *g;
	static const unsigned char bin[] = { 0x7b, 0x00, 0x01, 0x02, 0x00 };

	(void)state;
	r = load1(write_file("empty.json", ""));
	g = expect_diag(r, "file-empty", DIAG_ERROR);
	assert_non_null(strstr(g->file, "empty.json"));
	assert_int_equal(r->nerr, 1);
	run_free(r);

	r = load1(write_file("comments-only.json", "\xef\xbb\xbf  // nothing\n"
	    "/* at all */\n"));
	expect_diag(r, "file-empty", DIAG_ERROR);
	run_free(r);

	r = load1(write_file("trunc.json", "{\"value\": [\n  {\"id\": \"x\""));
	g = expect_diag(r, "json-truncated", DIAG_ERROR);
	assert_int_equal(g->line, 2);
	run_free(r);

	r = load1(write_file("trunc-str.json", "{\"value\": \"abc"));
	g = expect_diag(r, "json-truncated", DIAG_ERROR);
	assert_int_equal(g->line, 1);
	assert_int_equal(g->col, 11);
	run_free(r);

	r = load1(write_file("syntax.json",
	    "{\n  // a comment\n  \"a\": 1 \"b\": 2\n}\n"));
	g = expect_diag(r, "json-syntax", DIAG_ERROR);
	assert_int_equal(g->line, 3);
	assert_true(g->col > 0);
	run_free(r);

	/* A multi-line string before the error does not shift its line. */
	r = load1(write_file("syntax2.json",
	    "{\"a\": \"[concat(\n 'x')]\",\n \"b\": tru }"));
	g = expect_diag(r, "json-syntax", DIAG_ERROR);
	assert_int_equal(g->line, 3);
	run_free(r);

	r = load1(write_file("dup.json", "{\"value\": [],\n \"value\": []}"));
	g = expect_diag(r, "json-duplicate-key", DIAG_ERROR);
	assert_int_equal(g->line, 2);
	run_free(r);

	r = load1(write_bytes("bin.json", bin, sizeof(bin)));
	expect_diag(r, "file-binary", DIAG_ERROR);
	run_free(r);

	r = load1(write_file("latin1.json", "{\"name\":\n \"caf\xe9\"}"));
	g = expect_diag(r, "file-encoding", DIAG_ERROR);
	assert_int_equal(g->line, 2);
	assert_int_equal(g->col, 6);
	run_free(r);

	r = load1(write_file("scalar.json", "42"));
	g = expect_diag(r, "json-type", DIAG_ERROR);
	assert_string_equal(g->pointer, "");
	run_free(r);

	r = load1(write_file("shape.json", "{\"foo\": 1}"));
	expect_diag(r, "shape-unknown", DIAG_ERROR);
	run_free(r);
}

static void
test_missing_and_empty_dir(void **state)
{
	struct run *r;
	char *paths[2];
	char dir[128];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/emptydir", tmpdir);
	mkdir(dir, 0700);
	paths[0] = dir;
	paths[1] = "/nonexistent/meshplan/x.json";
	r = load_opts(paths, 2, NULL);
	expect_diag(r, "dir-empty", DIAG_ERROR);
	expect_diag(r, "file-missing", DIAG_ERROR);
	assert_int_equal(r->nerr, 2);
	run_free(r);
}

static void
test_limits(void **state)
{
	struct load_limits lim;
	struct load_opts o;
	struct run *r;
	char *p;
	const struct diag *g;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.limits = &lim;

	load_limits_default(&lim);
	lim.max_depth = 8;
	p = write_file("deep.json", "[[[[[[[[[[[[1]]]]]]]]]]]]");
	r = load_opts(&p, 1, &o);
	g = expect_diag(r, "limit-depth", DIAG_ERROR);
	assert_int_equal(g->col, 9);
	run_free(r);

	load_limits_default(&lim);
	lim.max_string = 16;
	p = write_file("longstr.json", "{\"x\":\n \"0123456789abcdefXYZ\"}");
	r = load_opts(&p, 1, &o);
	g = expect_diag(r, "limit-string", DIAG_ERROR);
	assert_int_equal(g->line, 2);
	run_free(r);

	load_limits_default(&lim);
	lim.max_file_size = 10;
	p = write_file("big.json", "{\"value\": []}");
	r = load_opts(&p, 1, &o);
	expect_diag(r, "limit-file-size", DIAG_ERROR);
	run_free(r);

	load_limits_default(&lim);
	lim.max_resources = 2;
	p = write_file("many.json", "[" VNET_REST("a", "\"10.0.0.0/16\"") ","
	    VNET_REST("b", "\"10.1.0.0/16\"") "," VNET_REST("c",
	    "\"10.2.0.0/16\"") "]");
	r = load_opts(&p, 1, &o);
	g = expect_diag(r, "limit-resources", DIAG_ERROR);
	assert_string_equal(g->pointer, "/2");
	assert_int_equal(r->e->vnets.n, 2);
	run_free(r);

	load_limits_default(&lim);
	lim.max_expr_depth = 3;
	p = write_file("exprdeep.json", "{\"$schema\": \"https://schema."
	    "management.azure.com/schemas/2019-04-01/deploymentTemplate."
	    "json#\", \"resources\": [{\"type\": \"Microsoft.Network/"
	    "virtualNetworks\", \"name\": \"[concat(concat(concat(concat("
	    "'v'))))]\", \"properties\": {}}]}");
	r = load_opts(&p, 1, &o);
	g = expect_diag(r, "limit-expr-depth", DIAG_ERROR);
	assert_string_equal(g->pointer, "/resources/0/name");
	run_free(r);
}

static void
test_bad_cidr_and_keep_going(void **state)
{
	struct run *r;
	const struct diag *g;
	char *paths[3];

	(void)state;
	paths[0] = write_file("a-bad.json", "{\"value\": [" VNET_REST("v1",
	    "\"10.0.0.0/16\", \"10.1.0.0/33\", \"fd00::/48\", \"2001:zz::/64\"")
	    ", 7]}");
	paths[1] = write_file("b-empty.json", "");
	paths[2] = write_file("c-good.json", VNET_REST("v2",
	    "\"10.2.0.0/16\""));
	r = load_opts(paths, 3, NULL);
	g = expect_diag(r, "cidr-invalid", DIAG_ERROR);
	assert_string_equal(g->pointer,
	    "/value/0/properties/addressSpace/addressPrefixes/1");
	assert_string_equal(g->resource, NET "/virtualNetworks/v1");
	g = expect_diag(r, "json-type", DIAG_ERROR);
	assert_string_equal(g->pointer, "/value/1");
	expect_diag(r, "file-empty", DIAG_ERROR);
	find_diag_at(r, "cidr-invalid",
	    "/value/0/properties/addressSpace/addressPrefixes/3");
	assert_int_equal(r->nerr, 4);
	/* Both VNets loaded; the bad prefix left out, IPv6 kept. */
	assert_int_equal(vnet(r, NET "/virtualNetworks/v1")->prefixes.n, 2);
	assert_string_equal(pfx(&vnet(r, NET "/virtualNetworks/v1")->
	    prefixes.v[1]), "fd00::/48");
	assert_true(vnet(r, NET "/virtualNetworks/v2")->r.seen);
	run_free(r);

	r = load1(write_file("hostbits.json", VNET_REST("v3",
	    "\"10.0.0.1/16\"")));
	expect_diag(r, "cidr-host-bits", DIAG_WARNING);
	assert_string_equal(pfx(&vnet(r, NET "/virtualNetworks/v3")->
	    prefixes.v[0]), "10.0.0.0/16");
	run_free(r);
}

/* ---- encodings and relaxed JSON ---- */

static void
test_encodings(void **state)
{
	const char *text = VNET_REST("u16", "\"10.0.0.0/16\"");
	size_t n = strlen(text), i;
	unsigned char *le = xmalloc(2 * n + 2), *be = xmalloc(2 * n + 2);
	struct run *r;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	le[0] = 0xff;
	le[1] = 0xfe;
	be[0] = 0xfe;
	be[1] = 0xff;
	for (i = 0; i < n; i++) {
		le[2 + 2 * i] = (unsigned char)text[i];
		le[3 + 2 * i] = 0;
		be[2 + 2 * i] = 0;
		be[3 + 2 * i] = (unsigned char)text[i];
	}
	r = load1(write_bytes("le.json", le, 2 * n + 2));
	expect_diag(r, "file-utf16", DIAG_NOTE);
	assert_int_equal(vnet(r, NET "/virtualNetworks/u16")->prefixes.n, 1);
	run_free(r);
	r = load1(write_bytes("be.json", be, 2 * n + 2));
	assert_int_equal(vnet(r, NET "/virtualNetworks/u16")->prefixes.n, 1);
	run_free(r);
	r = load1(write_bytes("odd.json", le, 2 * n + 1));
	expect_diag(r, "file-encoding", DIAG_ERROR);
	run_free(r);
	free(le);
	free(be);

	/* BOM, CRLF, comments, trailing commas, multi-line strings. */
	sb_puts(&sb, "\xef\xbb\xbf{\r\n  // comment with \"quote\r\n"
	    "  \"value\": [ /* block\r\n comment */\r\n");
	sb_puts(&sb, "  {\"id\": \"" NET "/virtualNetworks/crlf\",\r\n"
	    "   \"type\": \"Microsoft.Network/virtualNetworks\",\r\n"
	    "   \"properties\": {\"addressSpace\": {\"addressPrefixes\": "
	    "[\"10.9.0.0/16\",],},\r\n \"note\": \"a //not comment\n"
	    "second line\"},\r\n  },\r\n ],\r\n}\r\n");
	r = load1(write_file("relaxed.json", sb_str(&sb)));
	sb_free(&sb);
	expect_clean(r);
	assert_string_equal(pfx(&vnet(r, NET "/virtualNetworks/crlf")->
	    prefixes.v[0]), "10.9.0.0/16");
	assert_non_null(strstr(vnet(r, NET "/virtualNetworks/crlf")->raw,
	    "a //not comment\\nsecond line"));
	run_free(r);
}

/* ---- shapes ---- */

static void
test_shapes(void **state)
{
	struct run *r;
	struct vnet *v;
	struct subnet *s;
	char *path;

	(void)state;
	/* CLI-flattened bare array, id without leading '/'. */
	r = load1(path = write_file("cli.json", "[{\"addressSpace\": "
	    "{\"addressPrefixes\": [\"10.1.0.0/16\"]}, \"id\": \""
	    "subscriptions/" SUB "/resourceGroups/rg-net/providers/"
	    "Microsoft.Network/virtualNetworks/cli1/\", \"location\": "
	    "\"eastus\", \"name\": \"cli1\", \"resourceGroup\": \"rg-net\", "
	    "\"subnets\": [{\"addressPrefixes\": [\"10.1.1.0/24\"], \"id\": "
	    "\"" NET "/virtualNetworks/cli1/subnets/s1\", \"name\": \"s1\", "
	    "\"routeTable\": {\"id\": \"" NET "/routeTables/rt1\"}}], "
	    "\"tags\": {\"env\": \"prod\"}, \"type\": "
	    "\"Microsoft.Network/virtualNetworks\", "
	    "\"virtualNetworkPeerings\": []}]"));
	expect_clean(r);
	v = vnet(r, NET "/virtualNetworks/cli1");
	assert_string_equal(v->r.id, NET "/virtualNetworks/cli1");
	assert_string_equal(v->r.location, "eastus");
	assert_string_equal(res_tag(&v->r, "env"), "prod");
	assert_int_equal(v->subnets.n, 1);
	s = v->subnets.v[0];
	assert_string_equal(pfx(&s->prefixes.v[0]), "10.1.1.0/24");
	assert_string_equal(s->route_table_id, NET "/routeTables/rt1");
	/* Raw is the nested form with the subnet inline. */
	assert_non_null(strstr(v->raw, "\"properties\":{\"addressSpace\""));
	assert_non_null(strstr(v->raw, "\"subnets\":[{\"id\""));
	assert_non_null(strstr(v->raw, "\"addressPrefixes\":[\"10.1.1.0/24\"]"));
	run_free(r);

	/* Without load_opts.raw (analyze) no raw JSON is built. */
	r = xcalloc(1, sizeof(*r));
	r->e = estate_new();
	diags_init(&r->d, r->e->arena);
	assert_int_equal(load_inputs(r->e, &r->d, &path, 1, NULL), 0);
	assert_null(vnet(r, NET "/virtualNetworks/cli1")->raw);
	run_free(r);

	/* Resource Graph rows: lower-case types. */
	r = load1(write_file("arg.json", "{\"count\": 1, \"data\": [{\"id\": \""
	    NET "/virtualNetworks/arg1\", \"type\": "
	    "\"microsoft.network/virtualnetworks\", \"properties\": "
	    "{\"addressSpace\": {\"addressPrefixes\": [\"10.3.0.0/16\"]}}}]}"));
	expect_clean(r);
	assert_int_equal(vnet(r, NET "/virtualNetworks/arg1")->prefixes.n, 1);
	run_free(r);

	/* Single resource object. */
	r = load1(write_file("one.json", VNET_REST("single",
	    "\"10.4.0.0/16\"")));
	expect_clean(r);
	assert_true(vnet(r, NET "/virtualNetworks/single")->r.seen);
	assert_int_equal(r->e->resources_read, 1);
	run_free(r);

	/* az resource list: no properties, no topology. */
	r = load1(write_file("azres.json", "[{\"id\": \"" NET
	    "/virtualNetworks/bare\", \"name\": \"bare\", \"type\": "
	    "\"Microsoft.Network/virtualNetworks\", \"location\": \"x\", "
	    "\"resourceGroup\": \"rg-net\", \"tags\": {}}, {\"id\": \"" RGID
	    "/providers/Microsoft.Compute/virtualMachines/vm\", \"type\": "
	    "\"Microsoft.Compute/virtualMachines\"}]"));
	expect_diag(r, "no-topology", DIAG_NOTE);
	assert_int_equal(r->e->resources_without_properties, 1);
	assert_int_equal(r->e->unknown_types.n, 1);
	assert_int_equal(r->e->unknown_types.v[0].count, 1);
	assert_int_equal(r->e->vnets.n, 0);
	assert_int_equal(r->nerr, 0);
	run_free(r);

	/* Flow logs and effective routes are recognised, not errors. */
	r = load1(write_file("PT1H.json", "{\"records\": [{\"time\": \"t\"},"
	    " {\"time\": \"u\"}]}"));
	expect_diag(r, "flow-log", DIAG_NOTE);
	assert_int_equal(r->e->flow_log_records, 2);
	assert_int_equal(r->e->flow_log_files.n, 1);
	assert_int_equal(r->nerr, 0);
	run_free(r);
	r = load1(write_file("eff.json", "{\"value\": [{\"source\": "
	    "\"Default\", \"state\": \"Active\", \"addressPrefix\": "
	    "[\"10.0.0.0/16\"], \"nextHopType\": \"VnetLocal\"}]}"));
	/* An effective route table is a capture (no NIC named: unplaced). */
	expect_diag(r, "capture-unplaced", DIAG_WARNING);
	assert_int_equal(r->e->captures.n, 1);
	assert_int_equal(r->e->captures.v[0]->routes.n, 1);
	assert_null(r->e->captures.v[0]->subnet);
	assert_int_equal(r->nerr, 0);
	run_free(r);
	/* The bare array, named by its NIC; a malformed route is an error
	 * at its pointer and the others are kept. */
	r = load1(write_file("nic-a.effective-routes.json", "[{\"source\": "
	    "\"User\", \"state\": \"Active\", \"name\": \"r1\", "
	    "\"addressPrefix\": [\"10.1.0.0/16\", \"10.2.0.0/16\"], "
	    "\"nextHopType\": \"VirtualAppliance\", \"nextHopIpAddress\": "
	    "[\"10.0.0.4\"]}, {\"source\": \"Default\", \"state\": \"Sleepy\", "
	    "\"addressPrefix\": [\"10.0.0.1/8\"], \"nextHopType\": 7}, "
	    "{\"source\": \"User\", \"state\": \"Active\", \"addressPrefix\": "
	    "[\"Storage\"], \"nextHopType\": \"Internet\"}]"));
	expect_diag(r, "capture-invalid", DIAG_ERROR);
	assert_int_equal(r->nerr, 3);
	assert_int_equal(r->e->captures.n, 1);
	assert_string_equal(r->e->captures.v[0]->nic, "nic-a");
	assert_int_equal(r->e->captures.v[0]->routes.n, 2);
	assert_int_equal(r->e->captures.v[0]->routes.v[0].prefixes.n, 2);
	assert_string_equal(r->e->captures.v[0]->routes.v[0].nh_ips.v[0],
	    "10.0.0.4");
	assert_int_equal(r->e->captures.v[0]->routes.v[1].other.n, 1);
	run_free(r);
}

static void
test_resource_types(void **state)
{
	struct run *r;
	struct gateway *g;
	struct connection *c;
	struct circuit *ci;
	struct route_table *rt;
	struct connectivity_config *cc;
	struct network_group *ng;
	struct route_server *rs;
	struct res *x;

	(void)state;
	r = load1(write_file("types.json", "{\"value\": ["
	    VNET_REST("hub", "\"10.0.0.0/16\"") ","
	    "{\"id\": \"" NET "/virtualNetworks/hub/subnets/GatewaySubnet\", "
	    "\"type\": \"Microsoft.Network/virtualNetworks/subnets\", "
	    "\"properties\": {\"addressPrefix\": \"10.0.255.0/27\"}},"
	    "{\"id\": \"" NET "/virtualNetworkGateways/ergw\", \"type\": "
	    "\"Microsoft.Network/virtualNetworkGateways\", \"properties\": "
	    "{\"gatewayType\": \"ExpressRoute\", \"sku\": {\"name\": "
	    "\"ErGw1AZ\"}, \"allowRemoteVnetTraffic\": false, "
	    "\"activeActive\": true, \"ipConfigurations\": [{\"properties\": "
	    "{\"subnet\": {\"id\": \"" NET "/virtualNetworks/hub/subnets/"
	    "GatewaySubnet\"}, \"publicIPAddress\": {\"id\": \"" NET
	    "/publicIPAddresses/pip1\"}}}]}},"
	    "{\"id\": \"" NET "/publicIPAddresses/pip1\", \"type\": "
	    "\"Microsoft.Network/publicIpAddresses\", \"sku\": {\"name\": "
	    "\"Standard\"}, \"properties\": {\"ipAddress\": \"1.2.3.4\"}},"
	    "{\"id\": \"" NET "/connections/c1\", \"type\": "
	    "\"Microsoft.Network/connections\", \"properties\": "
	    "{\"connectionType\": \"ExpressRoute\", \"routingWeight\": 7, "
	    "\"sharedKey\": \"TOPSECRET\", \"authorizationKey\": \"AUTHSECRET\","
	    " \"virtualNetworkGateway1\": {\"id\": \"" NET
	    "/virtualNetworkGateways/ergw\"}, \"peer\": {\"id\": \"" NET
	    "/expressRouteCircuits/er1\"}}},"
	    "{\"id\": \"" NET "/expressRouteCircuits/er1\", \"type\": "
	    "\"Microsoft.Network/expressRouteCircuits\", \"sku\": {\"tier\": "
	    "\"Premium\", \"family\": \"MeteredData\"}, \"properties\": "
	    "{\"serviceKey\": \"SVCSECRET\", \"bandwidthInGbps\": 10, "
	    "\"serviceProviderProperties\": {\"peeringLocation\": "
	    "\"Amsterdam\"}, \"peerings\": [{\"name\": "
	    "\"AzurePrivatePeering\", \"properties\": "
	    "{\"primaryPeerAddressPrefix\": \"192.168.1.0/30\", "
	    "\"secondaryPeerAddressPrefix\": \"192.168.2.0/30\"}}]}},"
	    "{\"id\": \"" NET "/expressRouteCircuits/er1/peerings/"
	    "MicrosoftPeering\", \"type\": \"Microsoft.Network/"
	    "expressRouteCircuits/peerings\", \"properties\": "
	    "{\"ipv6PeeringConfig\": {\"primaryPeerAddressPrefix\": "
	    "\"2001:db00::/126\"}}},"
	    "{\"id\": \"" NET "/localNetworkGateways/lng\", \"type\": "
	    "\"Microsoft.Network/localNetworkGateways\", \"properties\": "
	    "{\"localNetworkAddressSpace\": {\"addressPrefixes\": "
	    "[\"192.168.0.0/16\"]}}},"
	    "{\"id\": \"" NET "/routeTables/rt\", \"type\": "
	    "\"Microsoft.Network/routeTables\", \"properties\": "
	    "{\"disableBgpRoutePropagation\": true, \"routes\": [{\"name\": "
	    "\"default\", \"properties\": {\"addressPrefix\": \"0.0.0.0/0\", "
	    "\"nextHopType\": \"VirtualAppliance\", \"nextHopIpAddress\": "
	    "\"10.0.0.4\"}}]}},"
	    "{\"id\": \"" NET "/routeTables/rt/routes/tag\", \"type\": "
	    "\"Microsoft.Network/routeTables/routes\", \"properties\": "
	    "{\"addressPrefix\": \"AzureCloud\", \"nextHopType\": "
	    "\"Internet\"}},"
	    "{\"id\": \"" NET "/routeTables/rt/routes/default\", \"type\": "
	    "\"Microsoft.Network/routeTables/routes\", \"properties\": "
	    "{\"addressPrefix\": \"0.0.0.0/0\"}},"
	    "{\"id\": \"" NET "/privateEndpoints/pe1\", \"type\": "
	    "\"Microsoft.Network/privateEndpoints\", \"properties\": "
	    "{\"subnet\": {\"id\": \"" NET "/virtualNetworks/hub/subnets/"
	    "GatewaySubnet\"}}},"
	    "{\"id\": \"" NET "/networkManagers/nm\", \"type\": "
	    "\"Microsoft.Network/networkManagers\", \"properties\": "
	    "{\"networkManagerScopes\": {\"subscriptions\": [\"/subscriptions/"
	    SUB "\"]}, \"networkManagerScopeAccesses\": [\"Connectivity\"]}},"
	    "{\"id\": \"" NET "/networkManagers/nm/networkGroups/g\", "
	    "\"type\": \"Microsoft.Network/networkManagers/networkGroups\", "
	    "\"properties\": {\"memberType\": \"VirtualNetwork\"}},"
	    "{\"id\": \"" NET "/networkManagers/nm/networkGroups/g/"
	    "staticMembers/m1\", \"type\": \"Microsoft.Network/networkManagers/"
	    "networkGroups/staticMembers\", \"properties\": {\"resourceId\": "
	    "\"" NET "/virtualnetworks/HUB\"}},"
	    "{\"id\": \"" NET "/networkManagers/nm/connectivityConfigurations/"
	    "mesh\", \"type\": \"Microsoft.Network/networkManagers/"
	    "connectivityConfigurations\", \"properties\": "
	    "{\"connectivityTopology\": \"Mesh\", \"isGlobal\": \"True\", "
	    "\"appliesToGroups\": [{\"networkGroupId\": \"" NET
	    "/networkManagers/nm/networkGroups/g\", \"groupConnectivity\": "
	    "\"DirectlyConnected\", \"isGlobal\": \"False\"}], "
	    "\"connectivityCapabilities\": [{"
	    "\"connectedGroupPrivateEndpointScale\": \"HighScale\"}, "
	    "{\"connectedGroupAddressOverlap\": \"Disallowed\"}]}},"
	    "{\"id\": \"" NET "/virtualHubs/rs\", \"type\": "
	    "\"Microsoft.Network/virtualHubs\", \"properties\": "
	    "{\"bgpConnections\": [{\"id\": \"" NET "/virtualHubs/rs/"
	    "bgpConnections/p1\"}]}},"
	    "{\"id\": \"" NET "/virtualHubs/rs/bgpConnections/p1\", \"type\": "
	    "\"Microsoft.Network/virtualHubs/bgpConnections\", "
	    "\"properties\": {\"peerIp\": \"10.0.1.4\"}},"
	    "{\"id\": \"" NET "/virtualHubs/rs/bgpConnections/p2\", \"type\": "
	    "\"Microsoft.Network/virtualHubs/bgpConnections\", "
	    "\"properties\": {\"peerIp\": \"10.0.1.5\"}},"
	    "{\"id\": \"" NET "/virtualHubs/rs/ipConfigurations/ipc\", "
	    "\"type\": \"Microsoft.Network/virtualHubs/ipConfigurations\", "
	    "\"properties\": {\"subnet\": {\"id\": \"" NET "/virtualNetworks/"
	    "hub/subnets/RouteServerSubnet\"}}},"
	    "{\"id\": \"" NET "/virtualHubs/wanhub\", \"type\": "
	    "\"Microsoft.Network/virtualHubs\", \"properties\": "
	    "{\"virtualWan\": {\"id\": \"" NET "/virtualWans/wan\"}}},"
	    "{\"id\": \"" NET "/virtualRouters/vr\", \"type\": "
	    "\"Microsoft.Network/VirtualRouters\", \"properties\": "
	    "{\"hostedSubnet\": {\"id\": \"" NET "/virtualNetworks/hub/"
	    "subnets/RouteServerSubnet\"}, \"peerings\": []}}"
	    "]}"));
	expect_clean(r);
	g = (struct gateway *)estate_find(r->e, NET
	    "/virtualNetworkGateways/ergw");
	assert_int_equal(g->gw_type, GW_EXPRESSROUTE);
	assert_string_equal(g->sku, "ErGw1AZ");
	assert_int_equal(g->allow_remote_vnet_traffic, TRI_FALSE);
	assert_int_equal(g->active_active, TRI_TRUE);
	assert_string_equal(g->public_ip_sku, "Standard");
	assert_ptr_equal(g->hub, vnet(r, NET "/virtualNetworks/hub"));
	assert_int_equal(vnet(r, NET "/virtualNetworks/hub")->role, ROLE_HUB);
	c = (struct connection *)estate_find(r->e, NET "/connections/c1");
	assert_int_equal(c->conn_type, CONN_EXPRESSROUTE);
	assert_int_equal(c->weight, 7);
	assert_ptr_equal(c->gateway1, g);
	ci = (struct circuit *)estate_find(r->e, NET
	    "/expressRouteCircuits/er1");
	assert_ptr_equal(c->circuit, ci);
	assert_string_equal(ci->tier, "Premium");
	assert_true(ci->bandwidth_mbps == 10000.0);
	assert_string_equal(ci->peering_location, "Amsterdam");
	assert_int_equal(ci->peer_addresses.n, 3);
	assert_int_equal(r->e->lngs.v[0]->prefixes.n, 1);
	rt = (struct route_table *)estate_find(r->e, NET "/routeTables/rt");
	assert_int_equal(rt->disable_bgp, TRI_TRUE);
	assert_int_equal(rt->routes.n, 2);	/* inline + child merged */
	assert_string_equal(rt->routes.v[0].name, "default");
	assert_int_equal(rt->routes.v[0].nh, NH_APPLIANCE);
	assert_string_equal(rt->routes.v[0].nh_ip, "10.0.0.4");
	assert_false(rt->routes.v[1].is_prefix);	/* service tag */
	assert_int_equal(r->e->pes.v[0]->subnet->pes.n, 1);
	assert_int_equal(r->e->managers.v[0]->accesses.n, 1);
	ng = (struct network_group *)estate_find(r->e, NET
	    "/networkManagers/nm/networkGroups/g");
	assert_int_equal(ng->member_ids.n, 1);
	cc = r->e->configs.v[0];
	assert_string_equal(cc->topology, "Mesh");
	assert_int_equal(cc->is_global, TRI_TRUE);
	assert_int_equal(cc->group_ids.n, 1);
	assert_true(cc->group_direct.v[0]);
	assert_int_equal(cc->group_global.n, 1);
	assert_int_equal(cc->group_global.v[0], TRI_FALSE);
	assert_string_equal(cc->pe_scale, "HighScale");
	assert_string_equal(cc->address_overlap, "Disallowed");
	x = estate_find(r->e, NET "/virtualHubs/rs");
	assert_int_equal(x->kind, RK_ROUTE_SERVER);
	rs = (struct route_server *)x;
	assert_int_equal(rs->npeers, 2);
	assert_string_equal(rs->vnet_id, NET "/virtualNetworks/hub");
	assert_int_equal(estate_find(r->e, NET "/virtualHubs/wanhub")->kind,
	    RK_VWAN_HUB);
	rs = (struct route_server *)estate_find(r->e, NET
	    "/virtualRouters/vr");
	assert_true(rs->legacy);
	assert_string_equal(rs->vnet_id, NET "/virtualNetworks/hub");
	run_free(r);
}

static void
test_capabilities_object(void **state)
{
	struct run *r;

	(void)state;
	r = load1(write_file("caps.json", "{\"id\": \"" NET "/networkManagers/"
	    "nm/connectivityConfigurations/c\", \"type\": \"Microsoft.Network/"
	    "networkManagers/connectivityConfigurations\", \"properties\": "
	    "{\"connectivityTopology\": \"HubAndSpoke\", "
	    "\"connectivityCapabilities\": {"
	    "\"connectedGroupPrivateEndpointsScale\": \"Standard\", "
	    "\"connectedGroupAddressOverlap\": \"Allowed\"}, \"hubs\": "
	    "[{\"resourceId\": \"subscriptions/" SUB "/resourceGroups/rg-net/"
	    "providers/Microsoft.Network/virtualNetworks/hub\"}]}}"));
	expect_clean(r);
	assert_string_equal(r->e->configs.v[0]->pe_scale, "Standard");
	assert_string_equal(r->e->configs.v[0]->hub_ids.v[0],
	    NET "/virtualNetworks/hub");
	assert_int_equal(r->e->configs.v[0]->is_global, TRI_UNSET);
	run_free(r);
}

/* ---- merging ---- */

static void
test_merge(void **state)
{
	struct run *r;
	struct vnet *v;
	char *paths[2];
	const struct diag *g;

	(void)state;
	/* Same VNet in two files, different spellings of the id. */
	paths[0] = write_file("m1.json", "{\"id\": \"" NET
	    "/virtualNetworks/Spoke\", \"type\": \"Microsoft.Network/"
	    "virtualNetworks\", \"tags\": {\"a\": \"1\"}, \"properties\": "
	    "{\"addressSpace\": {\"addressPrefixes\": [\"10.5.0.0/16\"]}, "
	    "\"privateEndpointVNetPolicies\": \"Disabled\", "
	    "\"sharedKey\": \"VNETSECRET\", "
	    "\"subnets\": [{\"name\": \"s1\", \"properties\": "
	    "{\"addressPrefix\": \"10.5.1.0/24\"}}]}}");
	paths[1] = write_file("m2.json", "{\"value\": [{\"id\": \""
	    "/SUBSCRIPTIONS/" SUB "/resourcegroups/RG-NET/providers/"
	    "microsoft.network/virtualnetworks/spoke\", \"type\": "
	    "\"Microsoft.Network/virtualNetworks\", \"etag\": \"other\", "
	    "\"properties\": {\"addressSpace\": {\"addressPrefixes\": "
	    "[\"10.5.0.0/16\"]}, \"privateEndpointVNetPolicies\": \"Basic\", "
	    "\"sharedKey\": \"OTHERSECRET\"}},"
	    "{\"id\": \"" NET "/virtualNetworks/spoke/subnets/s2\", \"type\": "
	    "\"Microsoft.Network/virtualNetworks/subnets\", \"properties\": "
	    "{\"addressPrefix\": \"10.5.2.0/24\"}}]}");
	r = load_opts(paths, 2, NULL);
	v = vnet(r, NET "/virtualNetworks/Spoke");
	assert_string_equal(v->r.id, NET "/virtualNetworks/Spoke");
	assert_int_equal(r->e->vnets.n, 1);
	assert_int_equal(v->subnets.n, 2);
	assert_string_equal(v->pe_vnet_policies, "Basic");	/* later wins */
	g = expect_diag(r, "merge-conflict", DIAG_WARNING);
	assert_non_null(strstr(g->msg, "privateEndpointVNetPolicies"));
	assert_non_null(strstr(g->file, "m2.json"));
	assert_int_equal(count_diag(r, "merge-conflict"), 1);	/* not etag */
	assert_non_null(strstr(v->raw, "\"name\":\"s1\""));
	assert_non_null(strstr(v->raw, "/subnets/s2\""));
	assert_null(strstr(v->raw, "SECRET"));
	assert_null(strstr(v->raw, "sharedKey"));
	assert_string_equal(v->r.file, paths[0]);
	assert_string_equal(res_tag(&v->r, "a"), "1");
	run_free(r);
}

/* The order of resources in a list does not change the estate. */
static void
test_order_independent(void **state)
{
	static const char *const items[] = {
		VNET_REST("o1", "\"10.7.0.0/16\""),
		"{\"id\": \"" NET "/virtualNetworks/o1/subnets/b\", \"type\": "
		"\"Microsoft.Network/virtualNetworks/subnets\", "
		"\"properties\": {\"addressPrefix\": \"10.7.2.0/24\"}}",
		"{\"id\": \"" NET "/virtualNetworks/o1/subnets/a\", \"type\": "
		"\"Microsoft.Network/virtualNetworks/subnets\", "
		"\"properties\": {\"addressPrefix\": \"10.7.1.0/24\"}}",
		"{\"id\": \"" NET "/virtualNetworks/o1/virtualNetworkPeerings/"
		"p\", \"type\": \"Microsoft.Network/virtualNetworks/"
		"virtualNetworkPeerings\", \"properties\": "
		"{\"remoteVirtualNetwork\": {\"id\": \"" NET
		"/virtualNetworks/o2\"}}}",
	};
	struct strbuf f = STRBUF_INIT, b = STRBUF_INIT;
	struct run *r1, *r2;
	size_t i, n = MP_NELEM(items);

	(void)state;
	sb_puts(&f, "[");
	sb_puts(&b, "[");
	for (i = 0; i < n; i++) {
		sb_printf(&f, "%s%s", i ? "," : "", items[i]);
		sb_printf(&b, "%s%s", i ? "," : "", items[n - 1 - i]);
	}
	sb_puts(&f, "]");
	sb_puts(&b, "]");
	r1 = load1(write_file("fwd.json", sb_str(&f)));
	r2 = load1(write_file("bwd.json", sb_str(&b)));
	expect_clean(r1);
	assert_string_equal(vnet(r1, NET "/virtualNetworks/o1")->raw,
	    vnet(r2, NET "/virtualNetworks/o1")->raw);
	assert_string_equal(vnet(r1, NET "/virtualNetworks/o1")->subnets.v[0]->
	    r.name, "a");
	assert_int_equal(r1->e->unresolved.n, r2->e->unresolved.n);
	sb_free(&f);
	sb_free(&b);
	run_free(r1);
	run_free(r2);
}

/* ---- templates ---- */

#define TPL_HEAD "{\"$schema\": \"https://schema.management.azure.com/" \
	"schemas/2019-04-01/deploymentTemplate.json#\", " \
	"\"contentVersion\": \"1.0.0.0\", "

static const char tpl_body[] = TPL_HEAD
    "\"parameters\": {\"virtualNetworks_hub_name\": {\"defaultValue\": "
    "\"hub\", \"type\": \"String\"}, \"virtualNetworks_spoke_externalid\": "
    "{\"defaultValue\": \"/subscriptions/" SUB "/resourceGroups/rg-s/"
    "providers/Microsoft.Network/virtualNetworks/spoke\", \"type\": "
    "\"String\"}}, \"variables\": {\"pfx\": \"10.0\"},"
    "\"resources\": [{\"type\": \"Microsoft.Network/virtualNetworks\", "
    "\"apiVersion\": \"2024-07-01\", \"name\": "
    "\"[parameters('virtualNetworks_hub_name')]\", \"location\": "
    "\"[resourceGroup().location]\", \"dependsOn\": [], \"tags\": "
    "{\"a/b~c\": \"[uniqueString('t')]\", \"env\": \"[toUpper('prod')]\"}, "
    "\"properties\": "
    "{\"addressSpace\": {\"addressPrefixes\": [\"[concat(variables('pfx'),"
    " '.0.0/16')]\", \"[uniqueString('x')]\"]}, \"subnets\": [{\"name\": "
    "\"GatewaySubnet\", \"id\": \"[resourceId('Microsoft.Network/"
    "virtualNetworks/subnets', parameters('virtualNetworks_hub_name'), "
    "'GatewaySubnet')]\", \"properties\": {\"addressPrefix\": "
    "\"10.0.255.0/27\"}}], \"virtualNetworkPeerings\": [{\"name\": "
    "\"to-spoke\", \"properties\": {\"peeringState\": \"Connected\", "
    "\"allowGatewayTransit\": true, \"remoteVirtualNetwork\": {\"id\": "
    "\"[parameters('virtualNetworks_spoke_externalid')]\"}}}]},"
    "\"resources\": [{\"type\": \"subnets\", \"name\": \"nested\", "
    "\"properties\": {\"addressPrefix\": \"10.0.2.0/24\"}}]},"
    "{\"type\": \"Microsoft.Network/virtualNetworks/subnets\", "
    "\"apiVersion\": \"2024-07-01\", \"name\": "
    "\"[concat(parameters('virtualNetworks_hub_name'), '/GatewaySubnet')]\","
    " \"properties\": {\"addressPrefix\": \"10.0.255.0/27\"}},"
    "{\"type\": \"Microsoft.Network/virtualNetworks/virtualNetworkPeerings\","
    " \"name\": \"[format('{0}/{1}', parameters('virtualNetworks_hub_name'),"
    " 'to-spoke')]\", \"properties\": {\"peeringState\": \"Connected\", "
    "\"remoteVirtualNetwork\": {\"id\": "
    "\"[parameters('virtualNetworks_spoke_externalid')]\"}}},"
    "{\"type\": \"Microsoft.Network/routeTables\", \"name\": \"rt-if\", "
    "\"condition\": \"[equals(1, 1)]\", \"properties\": {}},"
    "{\"type\": \"Microsoft.Network/routeTables\", \"name\": \"rt-false\", "
    "\"condition\": false, \"properties\": {}},"
    "{\"type\": \"Microsoft.Network/routeTables\", \"name\": \"rt-copy\", "
    "\"copy\": {\"name\": \"c\", \"count\": 2}, \"properties\": {}},"
    "{\"type\": \"Microsoft.Compute/virtualMachines\", \"name\": "
    "\"[uniqueString('vm')]\"}"
    "]}";

static void
test_template(void **state)
{
	struct run *r;
	struct vnet *v;
	struct peering *p;
	const struct diag *g;
	struct load_opts o;
	char *path = write_file("tpl.json", tpl_body);
	const char *hub = "/subscriptions/" SUB "/resourceGroups/rg-t/"
	    "providers/Microsoft.Network/virtualNetworks/hub";

	(void)state;
	memset(&o, 0, sizeof(o));
	o.scope = "/subscriptions/" SUB "/resourceGroups/rg-t";
	r = load_opts(&path, 1, &o);
	v = vnet(r, hub);
	assert_int_equal(v->prefixes.n, 1);
	assert_string_equal(pfx(&v->prefixes.v[0]), "10.0.0.0/16");
	assert_null(v->r.location);	/* resourceGroup().location unknown */
	assert_int_equal(v->subnets.n, 2);	/* GatewaySubnet once + nested */
	assert_int_equal(v->peerings.n, 1);
	p = v->peerings.v[0];
	assert_string_equal(p->remote_id, "/subscriptions/" SUB
	    "/resourceGroups/rg-s/providers/Microsoft.Network/"
	    "virtualNetworks/spoke");
	assert_int_equal(p->allow_gateway_transit, TRI_TRUE);
	/* The unsupported expression is named with its pointer. */
	g = find_diag_at(r, "expr-unsupported",
	    "/resources/0/properties/addressSpace/addressPrefixes/1");
	assert_int_equal(g->sev, DIAG_WARNING);
	assert_non_null(strstr(g->msg, "[uniqueString('x')]"));
	assert_non_null(strstr(g->msg, "left unresolved"));
	/* RFC 6901 escaping of '/' and '~' in the pointer. */
	find_diag_at(r, "expr-unsupported", "/resources/0/tags/a~1b~0c");
	assert_string_equal(res_tag(&v->r, "env"), "PROD");
	assert_null(res_tag(&v->r, "a/b~c"));
	/* resourceGroup().location: a placeholder keeps names apart, and
	 * a location field that reads it is left out (a note says so). */
	g = find_diag(r, "template-location");
	assert_int_equal(g->sev, DIAG_NOTE);
	/* rt-false is not deployed; rt-if (equals(1, 1)) is; rt-copy's two
	 * iterations have one name, so one route table. */
	assert_int_equal(count_diag(r, "template-condition"), 1);
	assert_null(find_diag(r, "template-copy"));
	assert_null(estate_find(r->e, "/subscriptions/" SUB
	    "/resourceGroups/rg-t/providers/Microsoft.Network/routeTables/"
	    "rt-false"));
	assert_non_null(estate_find(r->e, "/subscriptions/" SUB
	    "/resourceGroups/rg-t/providers/Microsoft.Network/routeTables/"
	    "rt-copy"));
	assert_int_equal(r->e->route_tables.n, 2);
	assert_int_equal(r->nerr, 0);
	/* Expressions evaluated in the raw JSON; template keys dropped. */
	assert_null(strstr(v->raw, "[parameters"));
	assert_null(strstr(v->raw, "apiVersion"));
	assert_non_null(strstr(v->raw, "\"name\":\"nested\""));
	run_free(r);
}

static void
test_template_scope(void **state)
{
	struct run *r;
	char *paths[2];
	char dir[256];
	const char *hub = "/subscriptions/" SUB "/resourceGroups/rg-h/"
	    "providers/Microsoft.Network/virtualNetworks/hub";

	(void)state;
	/* .../<subscription-guid>/<group>.json */
	snprintf(dir, sizeof(dir), "%s/" SUB, tmpdir);
	mkdir(dir, 0700);
	r = load1(write_file(SUB "/rg-h.json", tpl_body));
	assert_true(vnet(r, hub)->r.seen);
	assert_null(find_diag(r, "scope-unknown"));
	run_free(r);

	/* .../subscriptions/<guid>/resourceGroups/<rg>/... */
	snprintf(dir, sizeof(dir), "%s/subscriptions", tmpdir);
	mkdir(dir, 0700);
	snprintf(dir, sizeof(dir), "%s/subscriptions/" SUB, tmpdir);
	mkdir(dir, 0700);
	snprintf(dir, sizeof(dir), "%s/subscriptions/" SUB "/resourceGroups",
	    tmpdir);
	mkdir(dir, 0700);
	snprintf(dir, sizeof(dir), "%s/subscriptions/" SUB
	    "/resourceGroups/rg-h", tmpdir);
	mkdir(dir, 0700);
	r = load1(write_file("subscriptions/" SUB "/resourceGroups/rg-h/"
	    "export.json", tpl_body));
	assert_true(vnet(r, hub)->r.seen);
	assert_string_equal(vnet(r, hub)->r.resource_group, "rg-h");
	run_free(r);

	/* No scope: unknown, then inferred from another input's reference. */
	paths[0] = write_file("noscope.json", tpl_body);
	r = load1(paths[0]);
	expect_diag(r, "scope-unknown", DIAG_WARNING);
	for (size_t i = 0; i < r->e->vnets.n; i++) {
		if (!r->e->vnets.v[i]->r.seen)
			continue;
		assert_null(r->e->vnets.v[i]->r.subscription);
		assert_null(r->e->vnets.v[i]->r.resource_group);
	}
	run_free(r);
	paths[1] = write_file("spoke.json", "{\"id\": \"/subscriptions/" SUB
	    "/resourceGroups/rg-s/providers/Microsoft.Network/"
	    "virtualNetworks/spoke\", \"type\": \"Microsoft.Network/"
	    "virtualNetworks\", \"properties\": {\"addressSpace\": "
	    "{\"addressPrefixes\": [\"10.1.0.0/16\"]}, "
	    "\"virtualNetworkPeerings\": [{\"name\": \"to-hub\", "
	    "\"properties\": {\"useRemoteGateways\": true, "
	    "\"remoteVirtualNetwork\": {\"id\": \"" "/subscriptions/" SUB
	    "/resourceGroups/rg-h/providers/Microsoft.Network/"
	    "virtualNetworks/HUB\"}}}]}}");
	r = load_opts(paths, 2, NULL);
	expect_diag(r, "scope-inferred", DIAG_WARNING);
	assert_true(vnet(r, hub)->r.seen);
	assert_int_equal(r->e->vnets.n, 2);
	assert_ptr_equal(vnet(r, "/subscriptions/" SUB "/resourceGroups/rg-s/"
	    "providers/Microsoft.Network/virtualNetworks/spoke")->
	    peerings.v[0]->remote, vnet(r, hub));
	run_free(r);

	/* REST exportTemplate body. */
	{
		struct strbuf sb = STRBUF_INIT;
		struct load_opts o;
		char *p;

		sb_puts(&sb, "{\"template\": ");
		sb_puts(&sb, tpl_body);
		sb_puts(&sb, ", \"error\": null}");
		p = write_file("export-body.json", sb_str(&sb));
		sb_free(&sb);
		memset(&o, 0, sizeof(o));
		o.scope = "/subscriptions/" SUB "/resourceGroups/rg-h";
		r = load_opts(&p, 1, &o);
		assert_true(vnet(r, hub)->r.seen);
			find_diag_at(r, "expr-unsupported", "/template/resources/0/"
		    "properties/addressSpace/addressPrefixes/1");
		run_free(r);
	}
}

/* ---- route exports ---- */

static void
test_routes(void **state)
{
	struct run *r;
	struct gateway *g;
	struct circuit *c;
	struct route_server *rs;
	struct load_opts o;
	struct gateway_file gf;
	char *paths[6];
	char dir[256];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/routes", tmpdir);
	mkdir(dir, 0700);
	paths[0] = write_file("routes/estate.json", "{\"value\": [{\"id\": \""
	    NET "/virtualNetworkGateways/gw1\", \"type\": \"Microsoft.Network/"
	    "virtualNetworkGateways\", \"properties\": {\"gatewayType\": "
	    "\"ExpressRoute\"}}, {\"id\": \"" NET "/expressRouteCircuits/er1\","
	    " \"type\": \"Microsoft.Network/expressRouteCircuits\", "
	    "\"properties\": {}}, {\"id\": \"" NET "/virtualHubs/rs1\", "
	    "\"type\": \"Microsoft.Network/virtualHubs\", \"properties\": {}}]}");
	paths[1] = write_file("routes/gw1.learned.json", "{\"value\": ["
	    "{\"localAddress\": \"10.0.0.12\", \"network\": \"192.168.0.0/16\", "
	    "\"nextHop\": \"10.0.0.4\", \"sourcePeer\": \"10.0.0.4\", "
	    "\"origin\": \"EBgp\", \"asPath\": \"12076-64512\", \"weight\": "
	    "32769}, {\"network\": \"10.0.0.0/16\", \"origin\": \"Network\", "
	    "\"nextHop\": \"\", \"weight\": 32768}]}");
	paths[2] = write_file("routes/gw1.advertised.json", "{\"value\": "
	    "[{\"network\": \"10.0.0.0/16\", \"nextHop\": \"Virtual Network\","
	    " \"origin\": \"Network\", \"weight\": 0}]}");
	paths[3] = write_file("routes/er1.routes.json", "{\"value\": ["
	    "{\"network\": \"10.10.0.0/16\", \"nextHop\": \"10.1.1.1*\", "
	    "\"locPrf\": \"\", \"weight\": 0, \"path\": \"65001 I\\n   \"}]}");
	paths[4] = write_file("routes/rs1.learned.json", "{"
	    "\"RouteServiceRole_IN_0\": [{\"network\": \"10.1.0.0/16\", "
	    "\"sourcePeer\": \"10.0.1.4\", \"asPath\": \"65001\", \"origin\": "
	    "\"EBgp\"}, {\"network\": \"10.2.0.0/16\", \"sourcePeer\": "
	    "\"10.0.1.4\"}], \"RouteServiceRole_IN_1\": [{\"network\": "
	    "\"10.1.0.0/16\", \"sourcePeer\": \"10.0.1.4\"}, {\"network\": "
	    "\"10.3.0.0/16\", \"sourcePeer\": \"10.0.1.5\"}]}");
	paths[5] = write_file("routes/nobody.learned.json", "{\"value\": []}");
	r = load_opts(paths, 6, NULL);
	g = (struct gateway *)estate_find(r->e, NET
	    "/virtualNetworkGateways/gw1");
	assert_true(g->has_learned);
	assert_int_equal(g->learned.n, 2);
	assert_string_equal(pfx(&g->learned.v[0].p), "192.168.0.0/16");
	assert_string_equal(g->learned.v[0].as_path, "12076-64512");
	assert_int_equal(g->learned.v[0].weight, 32769);
	assert_true(g->has_advertised);
	assert_int_equal(g->advertised.n, 1);
	assert_true(r->e->has_onprem_routes);
	c = r->e->circuits.v[0];
	assert_int_equal(c->routes.n, 1);
	assert_string_equal(c->routes.v[0].as_path, "65001 I");
	rs = r->e->route_servers.v[0];
	assert_int_equal(rs->max_routes_per_peer, 2);
	expect_diag(r, "routes-no-target", DIAG_WARNING);
	assert_int_equal(r->nerr, 0);
	run_free(r);

	/* --gateway NAME=FILE, by id; and an unknown name. */
	paths[1] = write_file("plain-routes.json", "{\"value\": [{\"network\": "
	    "\"172.16.0.0/12\", \"nextHop\": \"1.1.1.1\", \"origin\": "
	    "\"IBgp\"}]}");
	memset(&o, 0, sizeof(o));
	gf.gateway = NET "/virtualNetworkGateways/GW1";
	gf.file = paths[1];
	o.gateway_files = &gf;
	o.ngateway_files = 1;
	r = load_opts(paths, 1, &o);
	g = r->e->gateways.v[0];
	assert_true(g->has_learned);
	assert_int_equal(g->learned.n, 1);
	assert_false(r->e->has_onprem_routes);	/* no EBgp route */
	expect_clean(r);
	run_free(r);
}

/* ---- directories and parallel loading ---- */

static char *
digest(const struct run *r)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < r->d.n; i++)
		sb_printf(&sb, "%s|%s|%d|%s|%s\n", r->d.v[i].code,
		    r->d.v[i].file ? r->d.v[i].file : "", r->d.v[i].line,
		    r->d.v[i].pointer ? r->d.v[i].pointer : "",
		    r->d.v[i].msg);
	for (i = 0; i < r->e->vnets.n; i++)
		sb_printf(&sb, "%s %s\n", r->e->vnets.v[i]->r.id,
		    r->e->vnets.v[i]->raw ? r->e->vnets.v[i]->raw : "-");
	return sb_detach(&sb);
}

static void
test_directories(void **state)
{
	struct run *r1, *r2;
	struct load_opts o;
	char dir[256], link[300];
	char *p, *d1, *d2;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/tree", tmpdir);
	mkdir(dir, 0700);
	snprintf(dir, sizeof(dir), "%s/tree/sub", tmpdir);
	mkdir(dir, 0700);
	write_file("tree/b.json", VNET_REST("b", "\"10.2.0.0/16\""));
	write_file("tree/a.json", "{\"id\": \"" NET "/virtualNetworks/b\", "
	    "\"type\": \"Microsoft.Network/virtualNetworks\", \"properties\": "
	    "{\"privateEndpointVNetPolicies\": \"Basic\"}}");
	write_file("tree/sub/c.json", VNET_REST("c", "\"10.3.0.0/16\""));
	write_file("tree/sub/notes.txt", "not json");
	write_file("tree/sub/broken.json", "{");
	snprintf(link, sizeof(link), "%s/tree/sub/loop", tmpdir);
	assert_int_equal(symlink("..", link), 0);
	snprintf(dir, sizeof(dir), "%s/tree", tmpdir);
	p = dir;
	memset(&o, 0, sizeof(o));
	o.jobs = 1;
	r1 = load_opts(&p, 1, &o);
	expect_diag(r1, "dir-loop", DIAG_WARNING);
	expect_diag(r1, "json-truncated", DIAG_ERROR);
	assert_int_equal(r1->e->files_read, 3);
	assert_int_equal(r1->e->vnets.n, 2);
	o.jobs = 2;
	r2 = load_opts(&p, 1, &o);
	d1 = digest(r1);
	d2 = digest(r2);
	assert_string_equal(d1, d2);
	free(d1);
	free(d2);
	run_free(r1);
	run_free(r2);
}

/*
 * Loads read resource lists lazily (each element parsed when it is
 * merged, inline children as placeholders); with load_opts.whole every
 * document is parsed whole (here by two threads). Both must give the same
 * estate and diagnostics, also for elements the lazy reader leaves to
 * res_collect.
 */
static char *
model_digest(struct run *r)
{
	struct strbuf sb = STRBUF_INIT;
	char *d;
	size_t i, j;

	diags_sort(&r->d);
	d = digest(r);
	sb_puts(&sb, d);
	free(d);
	sb_printf(&sb, "read %zu unknown %zu noprops %zu pes %zu\n",
	    r->e->resources_read, r->e->unknown_types.n,
	    r->e->resources_without_properties, r->e->pes.n);
	for (i = 0; i < r->e->subnets.n; i++) {
		const struct subnet *x = r->e->subnets.v[i];

		sb_printf(&sb, "subnet %s %s seen %d", x->r.id,
		    x->r.type ? x->r.type : "-", x->r.seen);
		for (j = 0; j < x->prefixes.n; j++)
			sb_printf(&sb, " %u/%u", (unsigned)x->prefixes.v[j].len,
			    (unsigned)x->prefixes.v[j].fam);
		sb_printf(&sb, " rt %s @%s pes %zu\n", x->route_table_id ?
		    x->route_table_id : "-", x->r.pointer ? x->r.pointer :
		    "-", x->pes.n);
	}
	for (i = 0; i < r->e->peerings.n; i++) {
		const struct peering *x = r->e->peerings.v[i];

		sb_printf(&sb, "peering %s -> %s %s\n", x->r.id,
		    x->remote_id ? x->remote_id : "-",
		    x->state ? x->state : "-");
	}
	return sb_detach(&sb);
}

#define SUBNET(id_or_name) "{" id_or_name ", \"properties\": " \
	"{\"addressPrefix\": \"10.1.0.0/24\"}}"

static void
test_lazy_lists(void **state)
{
	struct load_limits lim;
	struct run *r1, *r2;
	struct load_opts o;
	char *paths[3], *d1, *d2;
	int pass;

	(void)state;
	paths[0] = write_file("lazy-a.json", "{\"value\": [\n"
	    /* Nested VNet, children with an id, a name only, odd type. */
	    "{\"id\": \"" NET "/virtualNetworks/v1\", \"type\": "
	    "\"Microsoft.Network/virtualNetworks\", \"location\": \"weu\", "
	    "\"properties\": {\"addressSpace\": {\"addressPrefixes\": "
	    "[\"10.1.0.0/16\"]}, \"subnets\": ["
	    SUBNET("\"id\": \"" NET "/virtualNetworks/v1/subnets/s1\"") ", "
	    SUBNET("\"name\": \"s2\"") ", "
	    "{\"name\": \"s3\", \"type\": \"Microsoft.Network/foo\"}], "
	    "\"virtualNetworkPeerings\": [{\"name\": \"p1\", \"properties\": "
	    "{\"peeringState\": \"Connected\", \"remoteVirtualNetwork\": "
	    "{\"id\": \"" NET "/virtualNetworks/v2\"}}}]}},\n"
	    /* An inline subnet whose id names another VNet. */
	    "{\"id\": \"" NET "/virtualNetworks/v2\", \"type\": "
	    "\"Microsoft.Network/virtualNetworks\", \"properties\": "
	    "{\"addressSpace\": {\"addressPrefixes\": [\"10.2.0.0/16\"]}, "
	    "\"subnets\": [" SUBNET("\"id\": \"" NET
	    "/virtualNetworks/v1/subnets/s9\"") "]}},\n"
	    /* An escape in the id, a flattened object, no id, not an
	     * object, a type meshplan does not model, an endpoint. */
	    "{\"id\": \"" NET "/virtualNetworks/v\\u0033\", \"properties\": "
	    "{\"addressSpace\": {\"addressPrefixes\": [\"10.3.0.0/16\"]}}},\n"
	    "{\"id\": \"" NET "/virtualNetworks/v4\", \"type\": "
	    "\"Microsoft.Network/virtualNetworks\", \"addressSpace\": "
	    "{\"addressPrefixes\": [\"10.4.0.0/16\"]}},\n"
	    "{\"type\": \"Microsoft.Network/virtualNetworks\"},\n"
	    "42,\n"
	    "{\"id\": \"" RGID "/providers/Microsoft.Compute/virtualMachines/"
	    "vm1\", \"type\": \"Microsoft.Compute/virtualMachines\"},\n"
	    "{\"id\": \"" NET "/privateEndpoints/pe1\", \"type\": "
	    "\"Microsoft.Network/privateEndpoints\", \"properties\": "
	    "{\"subnet\": {\"id\": \"" NET "/virtualNetworks/v1/subnets/s1\"},"
	    " \"customDnsConfigs\": [{\"fqdn\": \"x\"}]}}\n"
	    "], \"nextLink\": null}\n");
	/* The same VNet again, and children as resources of their own. */
	paths[1] = write_file("lazy-b.json", "[\n"
	    "{\"id\": \"" NET "/virtualNetworks/V1\", \"type\": "
	    "\"Microsoft.Network/virtualNetworks\", \"location\": \"weu\", "
	    "\"tags\": {\"env\": \"prod\"}, \"properties\": {\"addressSpace\": "
	    "{\"addressPrefixes\": [\"10.1.0.0/16\"]}, \"subnets\": null}},\n"
	    "{\"id\": \"" NET "/virtualNetworks/v1/subnets/s1\", \"type\": "
	    "\"Microsoft.Network/virtualNetworks/subnets\", \"properties\": "
	    "{\"routeTable\": {\"id\": \"" NET "/routeTables/rt\"}}},\n"
	    "{\"id\": \"" NET "/virtualNetworks/v2/virtualNetworkPeerings/q\", "
	    "\"type\": \"Microsoft.Network/virtualNetworks/"
	    "virtualNetworkPeerings\", \"properties\": {\"peeringState\": "
	    "\"Initiated\"}}\n]\n");
	paths[2] = NULL;
	for (pass = 0; pass < 2; pass++) {
		memset(&o, 0, sizeof(o));
		if (pass == 1) {
			/* limit-resources met part way through the list. */
			load_limits_default(&lim);
			lim.max_resources = 4;
			o.limits = &lim;
		}
		o.jobs = 1;
		r1 = load_opts(paths, 2, &o);
		o.jobs = 2;
		o.whole = true;
		r2 = load_opts(paths, 2, &o);
		d1 = model_digest(r1);
		d2 = model_digest(r2);
		assert_string_equal(d1, d2);
		if (pass == 0) {
			/* What the lazy reader had to get right. */
			assert_non_null(strstr(d1, "v1/subnets/s2 "));
			assert_non_null(strstr(d1, "child-type"));
			assert_non_null(strstr(d1, "v1/subnets/s9 "));
			assert_non_null(strstr(d1, "rt " NET "/routeTables/rt"));
			assert_non_null(strstr(d1, "\"env\":\"prod\""));
		} else {
			expect_diag(r1, "limit-resources", DIAG_ERROR);
		}
		free(d1);
		free(d2);
		run_free(r1);
		run_free(r2);
	}
}

#define E_ACUTE	"\xc3\xa9"
#define EURO	"\xe2\x82\xac"

/* A syntax error or a duplicate key inside one element of a lazy list is
 * reported where it is in the file, as a whole-document parse does. */
static void
test_lazy_errors(void **state)
{
	static const char *const bad[] = {
		"{\"value\": [\n  {\"id\": \"" NET "/virtualNetworks/a\", "
		"\"type\": \"Microsoft.Network/virtualNetworks\", "
		"\"properties\": {}},\n  {\"id\": \"" NET
		"/virtualNetworks/b\", \"properties\": {\"x\": tru}}\n]}\n",
		"[{\"id\": \"" NET "/virtualNetworks/a\", \"properties\": {}},\n"
		"/* a comment */ {\"id\": \"" NET "/virtualNetworks/b\",\n"
		"  \"properties\": {\"k\": \"multi\nline\",\n\"k\": 2}}]\n",
		/* In the part of a private endpoint that is not kept. */
		"[{\"id\": \"" NET "/privateEndpoints/p\", \"properties\": "
		"{\"subnet\": {\"id\": \"x\"},\n \"dns\": [{\"a\": 1}, tru]}}]\n",
		"[{\"id\": \"" NET "/privateEndpoints/p\", \"properties\": "
		"{\"subnet\": {\"id\": \"x\"},\n\n \"c\": {\"a\": 1, \"a\": 2}}}]\n",
		/* In a resource of a type meshplan only counts. */
		"{\"value\": [{\"id\": \"" RGID "/providers/Microsoft.Compute/"
		"virtualMachines/vm\", \"properties\": {\"x\":\n tru}}]}\n",
		/* Columns count characters: UTF-8 before the error, in the
		 * element and in the one before it on the same line. */
		"[{\"id\": \"" NET "/virtualNetworks/a\", \"tags\": {\"n\": "
		"\"caf" E_ACUTE " " EURO EURO " long enough\"}, "
		"\"properties\": {}}, {\"id\": \"" NET "/virtualNetworks/b\", "
		"\"tags\": {\"" E_ACUTE "\": 1, \"" E_ACUTE "\": 2}, "
		"\"properties\": {}}]\n",
		"[{\"id\": \"" NET "/virtualNetworks/a\", \"tags\": {\"n\": "
		"\"caf" E_ACUTE " " EURO EURO " long enough\"}, "
		"\"properties\": {}}, {\"id\": \"" NET "/virtualNetworks/b\", "
		"\"tags\": {\"" E_ACUTE E_ACUTE E_ACUTE "\": 1}, "
		"\"properties\": {\"x\": tru}}]\n",
	};
	static const int lines[] = { 3, 5, 2, 3, 2, 1, 1 };
	size_t i;

	(void)state;
	for (i = 0; i < MP_NELEM(bad); i++) {
		struct load_opts o;
		const struct diag *g1, *g2;
		struct run *r1, *r2;
		/* Two files: with two jobs and whole, each is parsed whole
		 * by a thread (one job: read lazily). */
		char *p[2] = { write_file(i % 2 ? "lazy-dup.json" :
		    "lazy-syntax.json", bad[i]), write_file("lazy-ok.json",
		    "[{\"id\": \"" NET "/virtualNetworks/z\"}]") };
		const char *code = i % 2 ? "json-duplicate-key" :
		    "json-syntax";

		memset(&o, 0, sizeof(o));
		o.jobs = 1;
		r1 = load_opts(p, 2, &o);
		o.jobs = 2;
		o.whole = true;
		r2 = load_opts(p, 2, &o);
		g1 = expect_diag(r1, code, DIAG_ERROR);
		g2 = expect_diag(r2, code, DIAG_ERROR);
		assert_int_equal(g1->line, g2->line);
		assert_int_equal(g1->col, g2->col);
		/* The file's line (after a multi-line string in the second
		 * case). */
		assert_int_equal(g1->line, lines[i]);
		assert_string_equal(g1->msg, g2->msg);
		assert_true(r1->nerr > 0);
		run_free(r1);
		run_free(r2);
	}
}

/* fast_tree builds json_loadb's tree for the texts it takes (keys in
 * order), and leaves the rest to json_loadb. */
static void
test_fast_tree(void **state)
{
	static const struct {
		const char *text;
		bool fast;
	} cases[] = {
		{ "{\"id\": \"/x\", \"n\": [1, -2, 0, -0, true, false, null, "
		  "{}, [], \"caf" E_ACUTE "\"], \"b\": {\"a\": \"\"}}", true },
		{ " \t\r\n[ 123456789012345678 ,\"z\" ]\n", true },
		{ "\"s\"", true },
		{ "-7", true },
		/* Escapes. */
		{ "\"a\\nb\\\"\\\\\\/\\b\\f\\r\\t\"", true },
		{ "{\"k\\\"q\": \"\\u00e9\\u20AC\\ud83d\\ude00 "
		  E_ACUTE "\"}", true },
		{ "\"\\u0000\"", false },		/* NUL */
		{ "\"\\ud800\"", false },		/* lone surrogates */
		{ "\"\\udc00\"", false },
		{ "\"\\ud800\\u0041\"", false },
		{ "\"\\x\"", false },
		{ "\"\\u12G4\"", false },
		{ "[1.5]", false },			/* a real */
		{ "[1e3]", false },
		{ "[1234567890123456789]", false },	/* 19 digits */
		{ "[-99999999999999999999999999]", false },
		{ "[01]", false },
		{ "[truex]", false },
		{ "{\"a\": 1, \"a\": 2}", false },	/* duplicate key */
		{ "{\"a\": 1,}", false },
		{ "[1] x", false },
		{ "", false },
		{ "[\"\x01\"]", false },		/* a control character */
		{ "[\"\xff\"]", false },		/* not UTF-8 */
		{ "{\"\xa2\": 1}", false },
		{ "{\"\\u00e9\xa2\": 1}", false },
	};
	char deep[200];
	size_t i;

	(void)state;
	for (i = 0; i < MP_NELEM(cases); i++) {
		const char *t = cases[i].text;
		json_t *f = fast_tree(t, strlen(t));
		json_t *j = json_loadb(t, strlen(t), JSON_REJECT_DUPLICATES |
		    JSON_DECODE_ANY, NULL);

		assert_int_equal(f != NULL, cases[i].fast);
		if (f != NULL) {
			char *a = json_dumps(f, JSON_COMPACT |
			    JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
			char *b = json_dumps(j, JSON_COMPACT |
			    JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);

			assert_non_null(j);
			assert_string_equal(a, b);
			free(a);
			free(b);
		}
		json_decref(f);
		json_decref(j);
	}
	/* Deeper than it goes: jansson's. */
	memset(deep, '[', 100);
	memset(deep + 100, ']', 100);
	assert_null(fast_tree(deep, sizeof(deep)));
}

/* The raw VNet JSON writer gives json_dumps' compact sorted bytes. */
static void
test_dump_sorted(void **state)
{
	static const char *const docs[] = {
		"{\"b\": 1, \"a\": {\"z\": [], \"y\": {}, \"x\": [1, -2, 3.5, "
		"1e-7, 12345678901234, true, false, null]}, \"B\": \"x\", "
		"\"ab\": \"q\\\"uo\\\\te\\n\\t\\r\\b\\f\\u0001/\", "
		"\"a\\u00e9\": \"caf\\u00e9 \\u20ac \\ud83d\\ude00\", \"\": 0}",
		"[]", "[{}]", "\"s\"", "-0.0", "0",
	};
	size_t i;

	(void)state;
	for (i = 0; i < MP_NELEM(docs); i++) {
		struct strbuf sb = STRBUF_INIT;
		json_error_t err;
		json_t *v = json_loads(docs[i], JSON_DECODE_ANY, &err);
		char *want;

		assert_non_null(v);
		want = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT |
		    JSON_SORT_KEYS);
		json_dump_sorted(&sb, v);
		assert_string_equal(sb_str(&sb), want);
		free(want);
		sb_free(&sb);
		json_decref(v);
	}
}

/* ---- real exports (../shared/fixtures-real) ---- */

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
load_fixture(const char *rel)
{
	char path[512];
	char *p = path;

	snprintf(path, sizeof(path), "%s/%s", fixtures(), rel);
	return load_opts(&p, 1, NULL);
}

static size_t
seen_count(void *arrp)
{
	ARR(struct res *) *a = arrp;
	size_t i, n = 0;

	for (i = 0; i < a->n; i++)
		n += a->v[i]->seen;
	return n;
}

static void
test_fixtures_real(void **state)
{
	struct run *r;
	size_t i, n;

	(void)state;
	if (fixtures() == NULL) {
		printf("SKIP: ../shared/fixtures-real is absent; real-export "
		    "tests skipped\n");
		skip();
	}
	r = load_fixture("azure-cli/vnet-list-subscription-51-vnets.json");
	expect_clean(r);
	assert_int_equal(seen_count(&r->e->vnets), 51);
	assert_int_equal(r->e->subnets.n, 64);
	assert_int_equal(r->e->peerings.n, 3);
	run_free(r);

	r = load_fixture("tky0084-hub-spoke");
	assert_int_equal(r->nerr, 0);
	assert_int_equal(seen_count(&r->e->vnets), 2);
	assert_int_equal(r->e->peerings.n, 2);
	for (i = 0; i < 2; i++) {
		struct peering *p = r->e->peerings.v[i];

		assert_string_equal(p->state, "Connected");
		assert_non_null(p->remote);
		assert_true(p->remote->r.seen);
		assert_ptr_equal(p->remote->peerings.v[0]->remote, p->vnet);
	}
	run_free(r);

	r = load_fixture("docevo");
	assert_int_equal(r->nerr, 0);
	assert_int_equal(seen_count(&r->e->vnets), 1);
	assert_int_equal(r->e->vnets.v[0]->subnets.n, 8);
	assert_int_equal(r->e->subnets.n, 8);
	assert_int_equal(count_diag(r, "merge-conflict"), 0);
	run_free(r);

	r = load_fixture("az-700");
	assert_int_equal(r->nerr, 0);
	assert_int_equal(seen_count(&r->e->vnets), 3);
	assert_int_equal(r->e->subnets.n, 9);
	/* The lab file really states two prefixes for one subnet. */
	assert_int_equal(count_diag(r, "merge-conflict"), 1);
	run_free(r);

	r = load_fixture("enterprise-scale");
	for (i = 0, n = 0; i < r->d.n; i++) {
		const char *c = r->d.v[i].code;

		if (strcmp(c, "expr-unsupported") != 0 &&
		    strcmp(c, "template-condition") != 0 &&
		    strcmp(c, "template-nested") != 0 &&
		    strcmp(c, "scope-unknown") != 0)
			n++;
	}
	assert_int_equal(n, 0);
	assert_int_equal(r->nerr, 0);
	run_free(r);

	r = load_fixture("seneca-csn400");
	assert_int_equal(r->nerr, 0);
	assert_int_equal(seen_count(&r->e->vnets), 4);
	assert_int_equal(r->e->peerings.n, 53);
	run_free(r);

	/* Everything at once: no crash, flow logs recognised, and one error:
	 * the Resource Graph page (3 of 2994 rows) is partial. */
	r = load_fixture("");
	assert_int_equal(r->nerr, 1);
	assert_int_equal(count_diag(r, "input-partial"), 1);
	assert_int_equal(r->e->flow_log_files.n, 2);
	assert_int_equal(r->e->files_read, 34);
	assert_int_equal(r->e->partial_inputs.n, 0);
	run_free(r);

	/* --allow-partial: a warning, and the estate records the page. */
	{
		struct load_opts lo;
		char path[512], *p = path;

		memset(&lo, 0, sizeof(lo));
		lo.allow_partial = true;
		snprintf(path, sizeof(path), "%s/azure-cli-extensions/"
		    "resource-graph-query-page-skiptoken.json", fixtures());
		r = load_opts(&p, 1, &lo);
		assert_int_equal(r->nerr, 0);
		assert_int_equal(find_diag(r, "input-partial")->sev,
		    DIAG_WARNING);
		assert_int_equal(r->e->partial_inputs.n, 1);
		assert_int_equal(r->e->partial_inputs.v[0].rows, 3);
		assert_int_equal(r->e->partial_inputs.v[0].total, 2994);
		assert_string_equal(r->e->partial_inputs.v[0].next_key,
		    "$skipToken");
		run_free(r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_missing_and_empty_dir),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_bad_cidr_and_keep_going),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_resource_types),
		cmocka_unit_test(test_capabilities_object),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_order_independent),
		cmocka_unit_test(test_template),
		cmocka_unit_test(test_template_scope),
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_directories),
		cmocka_unit_test(test_lazy_lists),
		cmocka_unit_test(test_lazy_errors),
		cmocka_unit_test(test_fast_tree),
		cmocka_unit_test(test_dump_sorted),
		cmocka_unit_test(test_fixtures_real),
	};

	return cmocka_run_group_tests(tests, tmp_setup, tmp_teardown);
}
