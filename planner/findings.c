/*
 * findings.c - the rule registry and the finding list (see findings.h).
 *
 * The registry is one const table in rule-id order; its texts feed the
 * SARIF tool.driver.rules block and the README's rule list, so they are
 * written for an engineer reading them out of context. Findings live in
 * an arena; findings_sort gives the only order output may use.
 */
#include "findings.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/util.h"

const struct rule rules[RULE__COUNT] = {
	[RULE_HAIRPIN_SPOKE] = { RULE_HAIRPIN_SPOKE, "MP101",
	    "hairpinning-spoke", SEV_WARNING,
	    "Spoke-to-spoke traffic from this spoke hairpins through the "
	    "ExpressRoute edge routers (MSEE).",
	    "The spoke reaches other spokes through its hub's ExpressRoute "
	    "gateway and circuit: every packet goes to the Microsoft edge and "
	    "back, adding latency and circuit load, and depends on the "
	    "circuit being up. Put the spokes in an AVNM connected group "
	    "(mesh) so that they reach each other directly; `meshplan plan` "
	    "proposes the waves." },
	[RULE_PEERING_NOT_CONNECTED] = { RULE_PEERING_NOT_CONNECTED, "MP102",
	    "peering-not-connected", SEV_WARNING,
	    "A VNet peering is not in the Connected state.",
	    "Initiated means the matching peering on the remote VNet does not "
	    "exist yet: create it. Disconnected means the remote side was "
	    "deleted: delete this peering and create both sides again. No "
	    "traffic flows over the peering until both sides are Connected." },
	[RULE_NO_GATEWAY_TRANSIT] = { RULE_NO_GATEWAY_TRANSIT, "MP103",
	    "spoke-without-gateway-transit", SEV_WARNING,
	    "A spoke peered to a hub does not use the hub's gateway.",
	    "Gateway transit needs useRemoteGateways: true on the spoke's "
	    "peering and allowGatewayTransit: true on the hub's peering back. "
	    "Without it the spoke learns no on-premises routes from the hub "
	    "gateway and the gateway does not advertise the spoke. Set both "
	    "flags, or confirm that the spoke is meant to be isolated." },
	[RULE_OVERLAP] = { RULE_OVERLAP, "MP104", "overlapping-address-space",
	    SEV_WARNING, "The VNet's address space overlaps other VNets'.",
	    "Overlapping VNets cannot be peered, and in an AVNM connected "
	    "group the overlapping range is removed from the mesh (traffic to "
	    "it is dropped) or, with connectedGroupAddressOverlap: "
	    "Disallowed, the VNet is refused. Renumber one side or keep the "
	    "VNet out of the mesh; meshplan plans it as a blocker." },
	[RULE_REMOTE_VNET_TRAFFIC] = { RULE_REMOTE_VNET_TRAFFIC, "MP105",
	    "gateway-accepts-remote-vnet-traffic", SEV_WARNING,
	    "The ExpressRoute gateway accepts routes of VNets behind other "
	    "gateways on its circuit.",
	    "With allowRemoteVnetTraffic true or absent the gateway learns "
	    "the address spaces that other gateways advertise to the shared "
	    "circuit, so VNet-to-VNet traffic between hubs runs through the "
	    "MSEE. Once an AVNM mesh or hub peering carries that traffic, set "
	    "allowRemoteVnetTraffic to false on the gateway." },
	[RULE_NO_REDUNDANCY] = { RULE_NO_REDUNDANCY, "MP106",
	    "no-circuit-redundancy", SEV_WARNING,
	    "The hub's ExpressRoute gateway reaches a single circuit or a "
	    "single peering location.",
	    "A single circuit, or several circuits in one peering location, "
	    "is a single point of failure for on-premises connectivity (and "
	    "for every flow that hairpins through the MSEE). Connect the "
	    "gateway to a second circuit in another peering location, with a "
	    "lower routingWeight on the backup connection." },
	[RULE_UNSAFE_SUMMARIES] = { RULE_UNSAFE_SUMMARIES, "MP107",
	    "unsafe-summarized-gateway-prefixes", SEV_ERROR,
	    "The hub's current summarizedGatewayPrefixes are unsafe.",
	    "A summary that covers a prefix that is not behind this hub "
	    "(another gateway's VNets, an on-premises route, a reserved range) "
	    "attracts traffic that belongs elsewhere; a summary that covers "
	    "nothing of the hub is dead weight; once the property is set the "
	    "hub's own address space is no longer advertised, so the summaries "
	    "must cover it; overlapping summaries are redundant. Run `meshplan "
	    "plan` (or `meshplan summarize`) for a safe set." },
	[RULE_GROUP_GLOBAL] = { RULE_GROUP_GLOBAL, "MP111",
	    "group-global-without-direct-connectivity", SEV_WARNING,
	    "A connectivity configuration sets isGlobal on a network group "
	    "whose groupConnectivity is not DirectlyConnected.",
	    "appliesToGroups[].isGlobal makes the connected group of a "
	    "DirectlyConnected group (direct connectivity between the spokes "
	    "of a hub-and-spoke configuration) span regions; with "
	    "groupConnectivity None there is no such group and the flag does "
	    "nothing. Whether a Mesh configuration is global is the "
	    "configuration's own isGlobal: when that is not True the mesh is "
	    "regional, and its members in different regions do not reach each "
	    "other. Set the top-level isGlobal for a global mesh, and leave "
	    "the group-level flag False." },
	[RULE_PE_ROUTES_OVERRIDDEN] = { RULE_PE_ROUTES_OVERRIDDEN, "MP112",
	    "private-endpoint-routes-overridden", SEV_WARNING,
	    "User routes override the /32 routes of private endpoints once "
	    "route-table network policies apply to their subnet.",
	    "With privateEndpointNetworkPolicies RouteTableEnabled or Enabled, "
	    "a user route whose prefix is at least as long as the VNet's "
	    "address space (for example the VNet's own range to a firewall) "
	    "overrides the /32 routes the private endpoints propagate: "
	    "traffic to them follows the user route instead of going "
	    "directly. A 0.0.0.0/0 route does not. That is how private "
	    "endpoint traffic is sent through a firewall on purpose; when it "
	    "is not meant, shorten the route or add routes for the private "
	    "endpoints. High Scale Private Endpoints need one of these two "
	    "policies, so meshplan's HSPE steps turn route-table policy on." },
	[RULE_PREFIX_PRESSURE] = { RULE_PREFIX_PRESSURE, "MP201",
	    "prefix-pressure", SEV_WARNING,
	    "The gateway advertises close to (or over) its prefix limit.",
	    "A virtual network gateway advertises at most 1,000 IPv4 and 100 "
	    "IPv6 prefixes to on-premises (the hub's address space plus every "
	    "spoke that uses its gateway). Levels: warn from 70%, critical "
	    "from 90%, over at 100%. Set summarizedGatewayPrefixes on the hub "
	    "to advertise summaries instead; `meshplan plan` computes them." },
	[RULE_VNET_PE_LIMIT] = { RULE_VNET_PE_LIMIT, "MP202",
	    "vnet-over-private-endpoint-limit", SEV_ERROR,
	    "The VNet holds more private endpoints than its limit.",
	    "A VNet holds at most 1,000 private endpoints (5,000 with High "
	    "Scale Private Endpoints), and peered VNets together 4,000 "
	    "without HSPE (silently: connections degrade). Enable HSPE "
	    "(feature Microsoft.Network/EnableMaxPrivateEndpointsVia64kPath, "
	    "privateEndpointVNetPolicies: Basic) or move endpoints out." },
	[RULE_HSPE_PREREQ] = { RULE_HSPE_PREREQ, "MP203",
	    "hspe-prerequisite-missing", SEV_NOTE,
	    "A subnet with private endpoints does not meet the High Scale "
	    "Private Endpoints prerequisite.",
	    "HSPE (connectedGroupPrivateEndpointsScale: HighScale) needs "
	    "privateEndpointNetworkPolicies Enabled or RouteTableEnabled on "
	    "every subnet that holds private endpoints. Change it before the "
	    "mesh wave that needs HSPE; the change is online." },
	[RULE_ROUTE_SERVER_LIMITS] = { RULE_ROUTE_SERVER_LIMITS, "MP204",
	    "route-server-limits", SEV_WARNING,
	    "The Route Server is close to its BGP peer or route limits.",
	    "Azure Route Server accepts 8 BGP peers and 1,000 routes from "
	    "each peer; a peer that sends more is dropped. Summarize what the "
	    "appliances advertise, or spread them over more Route Servers." },
	[RULE_ER_BASIC_IP] = { RULE_ER_BASIC_IP, "MP205",
	    "er-gateway-basic-public-ip", SEV_ERROR,
	    "The ExpressRoute gateway uses a Basic SKU public IP address.",
	    "Basic SKU public IPs on ExpressRoute gateways are retired "
	    "(2025-09-30). Migrate with the gateway migration tool in the "
	    "portal (Configuration > Gateway SKU migration): Validate, Prepare "
	    "(creates the new gateway with a Standard IP), Migrate (moves the "
	    "connections), Commit (deletes the old gateway). Plan a "
	    "maintenance window." },
	[RULE_ONPREM_PRESSURE] = { RULE_ONPREM_PRESSURE, "MP206",
	    "onprem-prefix-pressure", SEV_WARNING,
	    "On-premises advertises close to (or over) the prefixes the "
	    "circuit's private peering accepts.",
	    "ExpressRoute private peering accepts at most 4,000 IPv4 prefixes "
	    "from on-premises on a Standard or Local circuit, 10,000 on "
	    "Premium, and 100 IPv6 prefixes on any SKU; over the limit the "
	    "BGP session is dropped. Levels: warn from 70%, critical from "
	    "90%, over at 100%. Summarize on the customer edge, or move the "
	    "circuit to Premium." },
	[RULE_UNRESOLVED] = { RULE_UNRESOLVED, "MP301", "unresolved-reference",
	    SEV_NOTE,
	    "A resource is referenced but in no input (referenced, not seen).",
	    "meshplan keeps the reference as an external resource and knows "
	    "only what the referencing side says of it. Add the export of its "
	    "subscription or resource group to the input to analyse it." },
	[RULE_UNSUPPORTED] = { RULE_UNSUPPORTED, "MP302",
	    "unsupported-resource", SEV_WARNING,
	    "A resource is out of meshplan's scope.",
	    "Virtual WAN hubs route spoke-to-spoke traffic through the hub "
	    "router and are out of scope: meshplan plans hub-and-spoke VNets. "
	    "Resource types meshplan does not model are counted and otherwise "
	    "ignored." },
	[RULE_NO_TOPOLOGY] = { RULE_NO_TOPOLOGY, "MP303",
	    "no-topology-in-input", SEV_WARNING,
	    "Resources came without properties, so the input holds no "
	    "topology.",
	    "`az resource list` without --expand returns ids, types and tags "
	    "only: no address spaces, peerings or gateways. Export with `az "
	    "network vnet list`, `az graph query` over networking resources, "
	    "or the portal's Export template." },
	[RULE_ONPREM_UNKNOWN] = { RULE_ONPREM_UNKNOWN, "MP304",
	    "onprem-routes-unknown", SEV_NOTE,
	    "On-premises routes are unknown.",
	    "Without learned routes (`az network vnet-gateway "
	    "list-learned-routes` saved as <gateway>.learned.json), --onprem "
	    "or the policy's onprem list, meshplan analyses spoke-to-spoke "
	    "paths as if on-premises advertised nothing: cross-hub hairpins "
	    "are still found, on-premises supernets are not." },
	[RULE_INSPECTION_LOST] = { RULE_INSPECTION_LOST, "MP401",
	    "inspection-lost", SEV_WARNING,
	    "Spoke pairs that pass a network virtual appliance today reach "
	    "each other directly once a wave's members are mesh members.",
	    "A mesh member holds a ConnectedGroup route for each other "
	    "member's address prefixes, and such a route loses only to a "
	    "user route at least as long: a spoke whose 0.0.0.0/0 or "
	    "10.0.0.0/8 goes to a firewall stops sending its traffic to the "
	    "other members there. Before the wave's commit, deny what must "
	    "not flow directly with security admin rules (the policy's "
	    "segments and deny), or add user routes to the appliance at "
	    "least as specific as the member prefixes. The wave's README "
	    "lists the pairs and the routes that inspected them." },
	[RULE_MODEL_DISAGREES] = { RULE_MODEL_DISAGREES, "MP501",
	    "model-disagrees-with-azure", SEV_WARNING,
	    "Azure's captured effective routes of a subnet differ from "
	    "meshplan's simulation.",
	    "A route is missing from the capture, Azure lists one meshplan "
	    "does not simulate, or the states differ. The plan rests on the "
	    "simulation: export the estate and capture the routes again at "
	    "the same time (az network nic show-effective-route-table), and "
	    "read `meshplan routes --check` for each difference and its "
	    "explanation (a route table or peering not in the inputs, "
	    "learned routes older than the capture)." },
};

const struct rule *
rule_get(enum rule_id r)
{
	MP_ASSERT(r < RULE__COUNT);
	return &rules[r];
}

const struct rule *
rule_find(const char *s)
{
	size_t i;

	for (i = 0; i < RULE__COUNT; i++)
		if (mp_strcaseeq(rules[i].id, s) ||
		    mp_strcaseeq(rules[i].name, s))
			return &rules[i];
	return NULL;
}

const char *
sev_name(enum sev s)
{
	switch (s) {
	case SEV_ERROR:
		return "error";
	case SEV_WARNING:
		return "warning";
	case SEV_NOTE:
		return "note";
	}
	return "?";
}

int
sev_parse(const char *s, enum sev *out)
{
	if (s == NULL)
		return -1;
	if (strcmp(s, "error") == 0)
		*out = SEV_ERROR;
	else if (strcmp(s, "warning") == 0)
		*out = SEV_WARNING;
	else if (strcmp(s, "note") == 0)
		*out = SEV_NOTE;
	else
		return -1;
	return 0;
}

void
findings_init(struct findings *f, struct arena *a)
{
	memset(f, 0, sizeof(*f));
	f->arena = a;
}

struct finding *
finding_add(struct findings *f, enum rule_id rule, enum sev sev,
    const char *resource, const char *file, const char *fmt, ...)
{
	struct finding fd;
	va_list ap;

	MP_ASSERT(rule < RULE__COUNT && sev <= SEV_ERROR);
	memset(&fd, 0, sizeof(fd));
	fd.rule = &rules[rule];
	fd.sev = sev;
	fd.resource = arena_strdup(f->arena, resource);
	fd.file = arena_strdup(f->arena, file);
	va_start(ap, fmt);
	fd.message = arena_vprintf(f->arena, fmt, ap);
	va_end(ap);
	ARR_PUSH(f->arena, f->v, fd);
	f->count[sev]++;
	return &f->v.v[f->v.n - 1];
}

void
finding_prop(struct finding *fd, const char *key, double value)
{
	MP_ASSERT(fd->nprops < FINDING_MAXPROPS);
	fd->props[fd->nprops].key = key;
	fd->props[fd->nprops].value = value;
	fd->nprops++;
}

static int
cmp0(const char *a, const char *b)
{
	int c;

	/* NULL (estate-wide) sorts first. */
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	if ((c = mp_strcasecmp(a, b)) != 0)
		return c;
	return strcmp(a, b);
}

static int
finding_cmp(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	int c;

	if (a->sev != b->sev)
		return a->sev > b->sev ? -1 : 1;
	if ((c = strcmp(a->rule->id, b->rule->id)) != 0)
		return c;
	if ((c = cmp0(a->resource, b->resource)) != 0)
		return c;
	return strcmp(a->message, b->message);
}

void
findings_sort(struct findings *f)
{
	if (f->v.n > 1)
		qsort(f->v.v, f->v.n, sizeof(*f->v.v), finding_cmp);
}

size_t
findings_at_or_above(const struct findings *f, enum sev s)
{
	size_t n = 0;
	int i;

	for (i = (int)s; i <= (int)SEV_ERROR; i++)
		n += f->count[i];
	return n;
}

static int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

bool
glob_match(const char *pat, const char *s)
{
	const char *star = NULL, *resume = NULL;

	while (*s != '\0') {
		if (*pat == '*') {
			star = pat++;
			resume = s;
		} else if (*pat != '\0' &&
		    (*pat == '?' ||
			ascii_lower((unsigned char)*pat) ==
			    ascii_lower((unsigned char)*s))) {
			pat++;
			s++;
		} else if (star != NULL) {
			pat = star + 1;
			s = ++resume;
		} else
			return false;
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

bool
suppression_expired(const struct suppression *s, const char *today)
{
	return s->expires != NULL && today != NULL &&
	    strcmp(s->expires, today) < 0;
}

/* The resource's name: the id's last segment. */
static const char *
last_segment(const char *id)
{
	const char *p = strrchr(id, '/');

	return p != NULL && p[1] != '\0' ? p + 1 : id;
}

void
findings_suppress(struct findings *f, const struct suppression *v, size_t n,
    const char *today)
{
	size_t i, k;

	for (i = 0; i < f->v.n; i++) {
		struct finding *fd = &f->v.v[i];
		const char *id = fd->resource != NULL ? fd->resource : "";

		if (fd->suppressed != NULL)
			continue;
		for (k = 0; k < n; k++) {
			if (v[k].rule != fd->rule ||
			    suppression_expired(&v[k], today))
				continue;
			if (glob_match(v[k].resource, id) ||
			    glob_match(v[k].resource, last_segment(id)))
				break;
		}
		if (k == n)
			continue;
		fd->suppressed = &v[k];
		f->count[fd->sev]--;
		f->nsuppressed++;
	}
}
