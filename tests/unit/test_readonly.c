/*
 * test_readonly.c - read-only properties of exported VNets are dropped
 * before the VNet is PUT (emitters/vnet_raw.c, arm_strip_readonly), and a
 * harness for real exports.
 *
 * Without arguments: cmocka tests of the strip list on a VNet shaped like
 * the Network provider's GET answer (the read-only properties of the
 * VNet, its subnets, delegations, service endpoints, peerings, IPAM
 * allocations and BGP communities, the ones the strict ARM schema
 * rejected in ../shared's API examples included: defaultPublicNatGateway,
 * regionalCommunity), and that what may be written stays.
 *
 * "--write DIR INPUT..." loads the inputs, puts every exported VNet in
 * one HSPE mesh (privateEndpointVNetPolicies Basic, and a
 * privateEndpointNetworkPolicies change on every subnet, so each VNet is
 * PUT in full) and writes every target's tree under DIR/<target>/; tests/
 * readonly.sh runs the validators (ARM schemas with strict property
 * names) over it on the real exports of ../shared/fixtures-real.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <jansson.h>

#include "../../emitters/emitter.h"
#include "../../input/load.h"
#include "../../lib/diag.h"
#include "../../lib/util.h"
#include "../../planner/estate.h"
#include "../../planner/plan.h"
#include "../../planner/waves.h"

/* A VNet as GET returns it (api 2024-05-01), read-only parts included. */
static const char vnet_get[] =
"{\"name\":\"vnet1\",\"id\":\"/subscriptions/s/resourceGroups/rg/providers/"
"Microsoft.Network/virtualNetworks/vnet1\",\"etag\":\"W/\\\"e\\\"\","
"\"type\":\"Microsoft.Network/virtualNetworks\",\"location\":\"eastus\","
"\"tags\":{\"env\":\"dev\"},"
"\"properties\":{\"provisioningState\":\"Succeeded\",\"resourceGuid\":\"g\","
"\"addressSpace\":{\"addressPrefixes\":[\"10.0.0.0/16\"],"
"\"ipamPoolPrefixAllocations\":[{\"pool\":{\"id\":\"/x/pool\"},"
"\"numberOfIpAddresses\":\"65536\",\"allocatedAddressPrefixes\":"
"[\"10.0.0.0/16\"]}]},"
"\"dhcpOptions\":{\"dnsServers\":[]},"
"\"privateEndpointVNetPolicies\":\"Disabled\","
"\"enableDdosProtection\":false,"
"\"subnets\":[{\"name\":\"a\",\"id\":\"/subscriptions/s/resourceGroups/rg/"
"providers/Microsoft.Network/virtualNetworks/vnet1/subnets/a\","
"\"etag\":\"W/\\\"e\\\"\",\"type\":\"Microsoft.Network/virtualNetworks/"
"subnets\",\"properties\":{\"provisioningState\":\"Succeeded\","
"\"addressPrefix\":\"10.0.0.0/24\","
"\"ipConfigurations\":[{\"id\":\"/x/ipc\"}],"
"\"privateEndpoints\":[{\"id\":\"/x/pe\"}],"
"\"networkSecurityGroup\":{\"id\":\"/x/nsg\"},"
"\"routeTable\":{\"id\":\"/x/rt\"},"
"\"natGateway\":{\"id\":\"/x/nat\"},"
"\"serviceEndpoints\":[{\"provisioningState\":\"Succeeded\","
"\"service\":\"Microsoft.Storage\",\"locations\":[\"eastus\"]}],"
"\"delegations\":[{\"name\":\"d\",\"id\":\"/x/d\",\"etag\":\"W/\\\"e\\\"\","
"\"type\":\"Microsoft.Network/virtualNetworks/subnets/delegations\","
"\"properties\":{\"provisioningState\":\"Succeeded\",\"serviceName\":"
"\"Microsoft.Web/serverFarms\",\"actions\":[\"a\"]}}],"
"\"purpose\":\"PrivateEndpoints\","
"\"privateEndpointNetworkPolicies\":\"Disabled\","
"\"privateLinkServiceNetworkPolicies\":\"Enabled\"}}],"
"\"virtualNetworkPeerings\":[{\"name\":\"p\",\"id\":\"/x/p\","
"\"etag\":\"W/\\\"e\\\"\",\"type\":\"Microsoft.Network/virtualNetworks/"
"virtualNetworkPeerings\",\"properties\":{\"provisioningState\":"
"\"Succeeded\",\"resourceGuid\":\"g\",\"peeringState\":\"Connected\","
"\"peeringSyncLevel\":\"FullyInSync\",\"remoteVirtualNetwork\":{\"id\":"
"\"/x/v2\"},\"allowVirtualNetworkAccess\":true,\"useRemoteGateways\":"
"false,\"remoteAddressSpace\":{\"addressPrefixes\":[\"10.1.0.0/16\"]},"
"\"remoteVirtualNetworkAddressSpace\":{\"addressPrefixes\":"
"[\"10.1.0.0/16\"]},\"remoteBgpCommunities\":{\"virtualNetworkCommunity\":"
"\"12076:20000\",\"regionalCommunity\":\"12076:50004\"},"
"\"remoteGateways\":[{\"id\":\"/x/gw\"}],\"routeServiceVips\":{}}}],"
"\"defaultPublicNatGateway\":{\"id\":\"/x/ngw\"},"
"\"bgpCommunities\":{\"virtualNetworkCommunity\":\"12076:20001\","
"\"regionalCommunity\":\"12076:50004\"}}}";

static json_t *
stripped(void)
{
	json_error_t err;
	json_t *j = json_loads(vnet_get, 0, &err);

	assert_non_null(j);
	arm_strip_readonly(j);
	return j;
}

static json_t *
at(json_t *j, const char *path)
{
	char buf[256], *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, "/", &save); tok != NULL && j != NULL;
	    tok = strtok_r(NULL, "/", &save)) {
		if (json_is_array(j))
			j = json_array_get(j, (size_t)atoi(tok));
		else
			j = json_object_get(j, tok);
	}
	return j;
}

/* Everything the Network provider computes is gone. */
static void
test_readonly_dropped(void **state)
{
	static const char *const gone[] = {
		"etag", "id", "type",
		"properties/provisioningState", "properties/resourceGuid",
		"properties/defaultPublicNatGateway",
		"properties/bgpCommunities/regionalCommunity",
		"properties/addressSpace/ipamPoolPrefixAllocations/0/"
		    "allocatedAddressPrefixes",
		"properties/subnets/0/etag", "properties/subnets/0/type",
		"properties/subnets/0/properties/provisioningState",
		"properties/subnets/0/properties/ipConfigurations",
		"properties/subnets/0/properties/privateEndpoints",
		"properties/subnets/0/properties/purpose",
		"properties/subnets/0/properties/serviceEndpoints/0/"
		    "provisioningState",
		"properties/subnets/0/properties/delegations/0/etag",
		"properties/subnets/0/properties/delegations/0/type",
		"properties/subnets/0/properties/delegations/0/properties/"
		    "actions",
		"properties/subnets/0/properties/delegations/0/properties/"
		    "provisioningState",
		"properties/virtualNetworkPeerings/0/etag",
		"properties/virtualNetworkPeerings/0/type",
		"properties/virtualNetworkPeerings/0/properties/"
		    "provisioningState",
		"properties/virtualNetworkPeerings/0/properties/resourceGuid",
		"properties/virtualNetworkPeerings/0/properties/remoteGateways",
		"properties/virtualNetworkPeerings/0/properties/"
		    "routeServiceVips",
		"properties/virtualNetworkPeerings/0/properties/"
		    "remoteBgpCommunities",
	};
	json_t *j = stripped();
	size_t i;

	(void)state;
	for (i = 0; i < MP_NELEM(gone); i++)
		if (at(j, gone[i]) != NULL)
			fail_msg("read-only %s is still there", gone[i]);
	json_decref(j);
}

/* What a PUT may carry stays, so nothing is lost. */
static void
test_writable_kept(void **state)
{
	static const char *const kept[] = {
		"name", "location", "tags/env",
		"properties/addressSpace/addressPrefixes/0",
		"properties/dhcpOptions",
		"properties/bgpCommunities/virtualNetworkCommunity",
		"properties/addressSpace/ipamPoolPrefixAllocations/0/pool/id",
		"properties/addressSpace/ipamPoolPrefixAllocations/0/"
		    "numberOfIpAddresses",
		"properties/privateEndpointVNetPolicies",
		"properties/enableDdosProtection",
		"properties/subnets/0/name", "properties/subnets/0/id",
		"properties/subnets/0/properties/addressPrefix",
		"properties/subnets/0/properties/networkSecurityGroup/id",
		"properties/subnets/0/properties/routeTable/id",
		"properties/subnets/0/properties/natGateway/id",
		"properties/subnets/0/properties/serviceEndpoints/0/service",
		"properties/subnets/0/properties/delegations/0/name",
		"properties/subnets/0/properties/delegations/0/properties/"
		    "serviceName",
		"properties/subnets/0/properties/"
		    "privateEndpointNetworkPolicies",
		"properties/virtualNetworkPeerings/0/name",
		"properties/virtualNetworkPeerings/0/properties/"
		    "remoteVirtualNetwork/id",
		"properties/virtualNetworkPeerings/0/properties/"
		    "allowVirtualNetworkAccess",
		"properties/virtualNetworkPeerings/0/properties/"
		    "remoteAddressSpace",
	};
	json_t *j = stripped();
	size_t i;

	(void)state;
	for (i = 0; i < MP_NELEM(kept); i++)
		if (at(j, kept[i]) == NULL)
			fail_msg("writable %s was dropped", kept[i]);
	json_decref(j);
}

/* --write: every exported VNet PUT in full, every target. */
static int
write_all(const char *dir, char **inputs, int n)
{
	struct estate *e = estate_new();
	struct arena *da = arena_new();
	struct diags d;
	struct load_opts lo;
	struct plan *p;
	struct plan_mesh me;
	struct iac *m;
	struct arena *a;
	size_t i, k, nv = 0;
	int rc = 0;

	diags_init(&d, da);
	mkdir(dir, 0755);
	memset(&lo, 0, sizeof(lo));
	lo.raw = true;
	load_inputs(e, &d, inputs, (size_t)n, &lo);
	diags_sort(&d);
	for (i = 0; i < d.n; i++)
		if (d.v[i].sev == DIAG_ERROR)
			diag_print(stderr, &d.v[i]);
	if (d.nerrors > 0)
		return 3;
	p = plan_new();
	a = p->arena;
	p->generator = "test_readonly";
	memset(&me, 0, sizeof(me));
	me.name = "mesh-all";
	me.group_name = "ng-mesh-all";
	me.config_name = "cc-mesh-all";
	me.global = true;
	me.hspe = true;
	for (i = 0; i < e->vnets.n; i++) {
		const struct vnet *v = e->vnets.v[i];
		struct plan_vnet pv;

		if (!v->r.seen || v->raw == NULL)
			continue;
		memset(&pv, 0, sizeof(pv));
		pv.id = arena_strdup(a, v->r.id);
		pv.name = arena_strdup(a, v->r.name);
		pv.subscription = arena_strdup(a, v->r.subscription);
		pv.resource_group = arena_strdup(a, v->r.resource_group);
		pv.location = arena_strdup(a, v->r.location);
		pv.raw = arena_strdup(a, v->raw);
		pv.pe_vnet_policies = arena_strdup(a, v->pe_vnet_policies);
		pv.set_pe_vnet_basic = true;
		for (k = 0; k < v->subnets.n; k++) {
			const struct subnet *s = v->subnets.v[k];
			struct plan_subnet_change sc;

			if (!s->r.seen)
				continue;
			memset(&sc, 0, sizeof(sc));
			sc.id = arena_strdup(a, s->r.id);
			sc.name = arena_strdup(a, s->r.name);
			sc.new_policy = "Enabled";
			ARR_PUSH(a, pv.subnet_changes, sc);
		}
		pv.wave = 1;
		pv.change_wave = 1;
		pv.mesh = me.name;
		ARR_PUSH(a, me.vnet_ids, pv.id);
		if (p->manager.name == NULL) {
			p->manager.name = "avnm-test";
			p->manager.subscription = pv.subscription;
			p->manager.resource_group = pv.resource_group;
			p->manager.location = pv.location;
		}
		ARR_PUSH(a, p->vnets, pv);
		nv++;
	}
	ARR_PUSH(a, p->meshes, me);
	plan_sort_vnets(p);
	waves_build(p, NULL);
	m = iac_build(p, a);
	for (i = 0; emitters[i] != NULL && rc == 0; i++) {
		struct emit_out o;

		emit_out_init(&o, a);
		if (emitter_run(emitters[i], m, &o.sink) != 0) {
			rc = 1;
			break;
		}
		for (k = 0; k < o.files.n; k++) {
			char *path, *slash;
			FILE *fp;

			path = arena_printf(a, "%s/%s/%s", dir, emitters[i]->name,
			    o.files.v[k].path);
			for (slash = path + strlen(dir) + 1;
			    (slash = strchr(slash, '/')) != NULL; slash++) {
				*slash = '\0';
				mkdir(path, 0755);
				*slash = '/';
			}
			if ((fp = fopen(path, "w")) == NULL ||
			    fwrite(o.files.v[k].text, 1, o.files.v[k].len, fp) !=
			    o.files.v[k].len || fclose(fp) != 0) {
				perror(path);
				rc = 1;
				break;
			}
		}
	}
	printf("%zu VNets PUT\n", nv);
	iac_free(m);
	plan_free(p);
	estate_free(e);
	arena_free(da);
	return rc;
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_readonly_dropped),
		cmocka_unit_test(test_writable_kept),
	};

	if (argc >= 4 && strcmp(argv[1], "--write") == 0)
		return write_all(argv[2], argv + 3, argc - 3);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
