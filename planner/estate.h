/*
 * estate.h - the estate model: every Azure network resource meshplan reads,
 * as plain C structs owned by one arena. No parser types appear here; the
 * loaders in input/ fill it, estate_link() resolves references, and
 * topology_derive() (topology.h) marks hubs, spokes and gateway use.
 *
 * Conventions:
 * - Every resource starts with struct res. Ids compare case-insensitively;
 *   res.id keeps the first spelling seen, res.key is its lower-case form.
 * - res.seen is true when the resource itself was in some input; a resource
 *   created only because something referenced it has seen == false
 *   ("referenced, not seen") and is not counted.
 * - A reference is kept as an id string (x_id) plus the resolved pointer
 *   (x), which estate_link() sets when the target is in the estate.
 * - Booleans from Azure are tri-state: absent is TRI_UNSET, never false.
 * - After estate_link() every array is sorted by res.key, so iteration is
 *   independent of file and resource order.
 */
#ifndef MESHPLAN_ESTATE_H
#define MESHPLAN_ESTATE_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/arena.h"
#include "cidr.h"

struct strmap;

enum tri { TRI_UNSET = 0, TRI_FALSE, TRI_TRUE };

enum res_kind {
	RK_VNET,
	RK_SUBNET,
	RK_PEERING,
	RK_GATEWAY,
	RK_CONNECTION,
	RK_LNG, /* local network gateway */
	RK_CIRCUIT,
	RK_ROUTE_TABLE,
	RK_PE, /* private endpoint */
	RK_PUBLIC_IP,
	RK_NETWORK_MANAGER,
	RK_NETWORK_GROUP,
	RK_STATIC_MEMBER,
	RK_CONNECTIVITY_CONFIG,
	RK_ROUTE_SERVER, /* virtualHubs without a vWAN, VirtualRouters */
	RK_VWAN_HUB,	 /* virtualHubs of a Virtual WAN: out of scope */
	RK_NIC,		 /* network interface: places route captures */
	RK__COUNT
};

struct tag {
	const char *key, *value;
};

typedef ARR(struct prefix) prefix_arr;

struct res {
	enum res_kind kind;
	const char *id;	 /* first spelling seen */
	const char *key; /* lower-case id, the identity */
	const char *name;
	const char *type;	    /* ARM type as first seen */
	const char *location;	    /* NULL when unknown */
	const char *subscription;   /* from the id; NULL when unknown */
	const char *resource_group; /* from the id; NULL when unknown */
	const char *file;	    /* first input file that defined it */
	const char *pointer;	    /* JSON Pointer there */
	ARR(struct tag) tags;	    /* sorted by key after estate_link */
	bool seen;
};

struct vnet;
struct subnet;
struct gateway;
struct circuit;
struct route_table;
struct pe;

struct peering {
	struct res r;
	struct vnet *vnet;     /* the local VNet (parent) */
	const char *remote_id; /* remoteVirtualNetwork.id */
	struct vnet *remote;   /* resolved (may be not seen) */
	const char *state;     /* peeringState; NULL = absent */
	enum tri allow_vnet_access, allow_forwarded, allow_gateway_transit,
	    use_remote_gateways;
	prefix_arr remote_prefixes;	 /* remoteAddressSpace */
	prefix_arr remote_vnet_prefixes; /* remoteVirtualNetworkAddressSpace */
	bool complete_vnets_false;	 /* peerCompleteVnets: false */
};

struct subnet {
	struct res r;
	struct vnet *vnet;
	prefix_arr prefixes; /* addressPrefix / addressPrefixes */
	const char *route_table_id;
	struct route_table *route_table;
	const char *pe_policies; /* privateEndpointNetworkPolicies */
	ARR(struct pe *) pes;	 /* filled by estate_link */
};

enum vnet_role { ROLE_NONE = 0, ROLE_HUB, ROLE_SPOKE };

struct vnet {
	struct res r;
	prefix_arr prefixes;		/* addressSpace.addressPrefixes */
	ARR(struct subnet *) subnets;	/* sorted by key */
	ARR(struct peering *) peerings; /* sorted by key */
	/* Derived by topology_derive(): the seen peerings by remote VNet
	 * (then by position), so that a hub's thousands of peerings are
	 * searched, not scanned (peering_between). */
	struct peer_ref *by_remote;
	size_t nby_remote, by_remote_of; /* entries; peerings.n then */
	bool has_summaries;		 /* summarizedGatewayPrefixes set */
	prefix_arr summaries;
	const char *pe_vnet_policies; /* privateEndpointVNetPolicies */
	const char *raw; /* exported JSON of the whole VNet with its
			  * subnets and peerings inline (compact,
			  * sorted keys, expressions evaluated);
			  * NULL if not seen or not asked for
			  * (load_opts.raw) */
	/* Derived by topology_derive(). */
	enum vnet_role role;
	ARR(struct gateway *) gateways; /* hubs: gateways in GatewaySubnet */
	ARR(struct vnet *) hubs;	/* spokes: hubs with active peering */
	struct vnet *transit_hub;	/* spokes: hub whose gateway it uses */
	size_t npes;			/* private endpoints in its subnets */
	/* Existing AVNM connected groups this VNet is in (by config). */
	ARR(const char *) connected_configs;
};

enum gw_type { GW_UNKNOWN = 0, GW_EXPRESSROUTE, GW_VPN, GW_OTHER };

struct learned_route {
	struct prefix p;
	const char *origin; /* EBgp, IBgp, Network, ... */
	const char *next_hop, *source_peer, *as_path;
	int weight;
};

struct gateway {
	struct res r;
	enum gw_type gw_type;
	const char *gw_type_raw; /* gatewayType as given */
	const char *sku;	 /* sku.name */
	const char *subnet_id;	 /* ipConfigurations[0].subnet.id */
	struct vnet *hub;	 /* the VNet holding it */
	enum tri allow_remote_vnet_traffic;
	enum tri active_active;
	ARR(const char *) public_ip_ids;
	const char *public_ip_sku; /* "Basic"/"Standard"; NULL unknown */
	bool has_learned;	   /* a learned-routes file was given */
	ARR(struct learned_route) learned;
	ARR(struct connection *) connections; /* filled by estate_link */
	bool has_advertised; /* an advertised-routes file was given */
	ARR(struct learned_route) advertised;
	/* The learned-routes file (first one given) and its modification
	 * time in ns (0: unknown): route captures compare with it. */
	const char *learned_file;
	long long learned_mtime;
};

enum conn_type {
	CONN_UNKNOWN = 0,
	CONN_EXPRESSROUTE,
	CONN_IPSEC,
	CONN_VNET2VNET,
	CONN_VPNCLIENT
};

struct connection {
	struct res r;
	enum conn_type conn_type;
	const char *gateway1_id;
	struct gateway *gateway1;
	const char *circuit_id; /* peer.id (ExpressRoute) */
	struct circuit *circuit;
	const char *lng_id; /* localNetworkGateway2.id */
	struct lng *lng;
	const char *gateway2_id; /* virtualNetworkGateway2.id */
	struct gateway *gateway2;
	int weight; /* routingWeight, absent = 0 */
};

struct lng {
	struct res r;
	prefix_arr prefixes; /* localNetworkAddressSpace */
};

struct circuit {
	struct res r;
	const char *tier;      /* sku.tier */
	const char *family;    /* sku.family */
	double bandwidth_mbps; /* 0 when unknown */
	const char *peering_location;
	const char *provider;
	ARR(const char *) peer_addresses;     /* primary/secondary peer /30s */
	ARR(struct connection *) connections; /* filled by estate_link */
	/* Routes learned from on-premises (route-table exports). */
	ARR(struct learned_route) routes;
};

enum next_hop {
	NH_NONE_SET = 0,
	NH_VNET_LOCAL,
	NH_VNET_PEERING,
	NH_CONNECTED_GROUP,
	NH_GATEWAY,
	NH_APPLIANCE,
	NH_INTERNET,
	NH_NONE,
	NH_OTHER
};

struct route {
	const char *name;
	const char *prefix_raw; /* as given (may be a service tag) */
	bool is_prefix;		/* prefix_raw parsed as a CIDR */
	struct prefix p;
	enum next_hop nh;
	const char *nh_raw; /* nextHopType as given */
	const char *nh_ip;  /* nextHopIpAddress */
};

struct route_table {
	struct res r;
	enum tri disable_bgp;	  /* disableBgpRoutePropagation */
	ARR(struct route) routes; /* sorted by name */
};

struct pe {
	struct res r;
	const char *subnet_id;
	struct subnet *subnet;
};

struct public_ip {
	struct res r;
	const char *sku;
};

struct network_manager {
	struct res r;
	ARR(const char *) scope_subscriptions;
	ARR(const char *) scope_management_groups;
	ARR(const char *) accesses;
};

/*
 * Existing AVNM state, as loaded (the starting point of a plan that resumes
 * a migration). After estate_link(): a seen group's members are resolved
 * to VNets (member_vnets, parallel to member_ids, NULL where the VNet is in
 * no input); a seen configuration's groups and hubs likewise (groups and
 * hubs, parallel to group_ids and hub_ids); a seen static member's VNet
 * (vnet). References to groups, hubs and member VNets that no input holds
 * are in estate.unresolved ("referenced, not seen").
 */
struct network_group {
	struct res r;
	const char *member_type;
	ARR(const char *) member_ids;	 /* static members' VNet ids */
	const char *manager_id;		 /* parent network manager id */
	ARR(struct vnet *) member_vnets; /* estate_link; NULL: not seen */
};

struct static_member {
	struct res r;
	const char *group_id;	 /* parent network group id */
	const char *resource_id; /* the member VNet */
	struct vnet *vnet;	 /* estate_link; NULL when not seen */
};

struct connectivity_config {
	struct res r;
	const char *topology;	     /* Mesh | HubAndSpoke */
	ARR(const char *) group_ids; /* appliesToGroups[].networkGroupId */
	ARR(bool) group_direct;	     /* groupConnectivity DirectlyConnected */
	ARR(enum tri) group_global;  /* appliesToGroups[].isGlobal */
	enum tri is_global;
	ARR(const char *) hub_ids;
	const char *pe_scale;	     /* Standard | HighScale */
	const char *address_overlap; /* Allowed | Disallowed */
	const char *manager_id;	     /* parent network manager id */
	/* estate_link: parallel to group_ids / hub_ids; NULL: not seen. */
	ARR(struct network_group *) groups;
	ARR(struct vnet *) hubs;
};

struct route_server {
	struct res r;
	const char *vnet_id;	    /* from the RouteServerSubnet */
	size_t npeers;		    /* bgpConnections */
	size_t max_routes_per_peer; /* from learned routes, if given */
	bool legacy;		    /* Microsoft.Network/VirtualRouters */
};

struct vwan_hub {
	struct res r;
	const char *vwan_id;
};

/* A network interface: only what places a captured route table. */
struct nic {
	struct res r;
	const char *subnet_id; /* the primary IP configuration's */
	struct subnet *subnet; /* resolved by estate_link */
};

/*
 * One route of a captured effective route table (`az network nic
 * show-effective-route-table`), as Azure printed it. Strings are as
 * given; prefixes holds the addressPrefix entries that are CIDRs, other
 * the rest (service tags).
 */
struct captured_route {
	const char *name; /* user route's name; NULL */
	const char *source, *state, *nh_type;
	prefix_arr prefixes;
	ARR(const char *) other;
	ARR(const char *) nh_ips; /* nextHopIpAddress */
	size_t service_tags;	  /* destinationServiceTags entries */
	enum tri disable_bgp;	  /* disableBgpRoutePropagation */
	const char *pointer;	  /* JSON Pointer in the file */
};

/* A captured effective route table of one NIC. */
struct capture {
	const char *file;
	const char *nic; /* name or id, from the file name
			  * (<nic>.effective-routes.json) or
			  * --captured NIC=FILE; NULL: none */
	long long mtime; /* file modification time, ns */
	ARR(struct captured_route) routes;
	/* Placed by the loader: the NIC of the inputs and its subnet;
	 * NULL when the inputs do not hold them. */
	const struct nic *nic_res;
	const struct subnet *subnet;
};

struct type_count {
	const char *type; /* first spelling */
	size_t count;
};

/* Child resources folded into their parent's model (circuit peerings,
 * routes, Route Server BGP connections and IP configurations), by type. */
struct folded_count {
	const char *type; /* the handler's spelling */
	size_t read;	  /* applied (inline or as resources) */
	size_t orphans;	  /* ... whose parent is in no input */
};

/* Template resources not read, by type and reason (template.c). */
struct skip_count {
	const char *type;   /* first spelling */
	const char *reason; /* e.g. "condition not known offline" */
	size_t count;
};

struct unresolved {
	const char *from; /* referencing resource id */
	const char *to;	  /* id that is in no input */
	const char *what; /* e.g. "remoteVirtualNetwork" */
	const char *file, *pointer;
};

/* An input that is one page of a larger result, read under
 * --allow-partial (load_opts.allow_partial): the plan covers part of the
 * estate, and every output says so. */
struct partial_input {
	const char *file;
	size_t rows;	      /* rows the file holds */
	long long total;      /* totalRecords; -1 when not given */
	const char *next_key; /* $skipToken, nextLink, ...; NULL:
			       * only totalRecords is larger */
};

/* An input file left out of the run (batch --keep-going), and why. */
struct left_out {
	const char *file;
	const char *why;
};

struct peer_ref {
	const struct vnet *remote;
	struct peering *p;
	size_t at; /* index in the VNet's peerings */
};

struct estate {
	struct arena *arena;
	struct strmap *index; /* key -> struct res * */
	struct strmap *names; /* interned subscriptions, groups */
	ARR(struct vnet *) vnets;
	ARR(struct subnet *) subnets;
	ARR(struct peering *) peerings;
	ARR(struct gateway *) gateways;
	ARR(struct connection *) connections;
	ARR(struct lng *) lngs;
	ARR(struct circuit *) circuits;
	ARR(struct route_table *) route_tables;
	ARR(struct pe *) pes;
	ARR(struct public_ip *) public_ips;
	ARR(struct network_manager *) managers;
	ARR(struct network_group *) groups;
	ARR(struct static_member *) static_members;
	ARR(struct connectivity_config *) configs;
	ARR(struct route_server *) route_servers;
	ARR(struct vwan_hub *) vwan_hubs;
	ARR(struct nic *) nics;
	ARR(struct capture *) captures;	      /* sorted by file */
	ARR(struct type_count) unknown_types; /* sorted by type */
	ARR(struct folded_count) folded;      /* sorted by type */
	ARR(struct unresolved) unresolved;    /* sorted by from, to */
	size_t files_read;
	size_t resources_read;	/* resource objects seen in input */
	bool has_onprem_routes; /* learned routes or --onprem given */
	/* Set when only property-less resources (az resource list) came. */
	size_t resources_without_properties;
	/* Connectivity configurations committed in some region, from `az
	 * network manager list-active-connectivity-config` outputs
	 * (input/resources.c res_active_configs); without one
	 * (has_active_configs false) every configuration counts as
	 * deployed. Ids as given, in load order. */
	ARR(const char *) active_configs;
	bool has_active_configs;
	/* Flow-log blobs recognised in the inputs (parsed elsewhere). */
	ARR(const char *) flow_log_files; /* paths, in load order */
	size_t flow_log_records;
	/* Pages of larger results read under --allow-partial, load order. */
	ARR(struct partial_input) partial_inputs;
	/* Files left out (batch --keep-going), in the caller's order. */
	ARR(struct left_out) left_out;
	ARR(struct skip_count) skipped; /* in first-seen order */
	/* The VNets' raw JSON (vnet.raw) lives in an arena of its own, so
	 * that a plan can take it over instead of copying it
	 * (estate_take_raw); NULL until the first is kept. */
	struct arena *raw_arena;
	/* estate_intern_id's map while loading (its table in ids_arena). */
	struct arena *ids_arena;
	struct strmap *ids;
};

/* Create an empty estate with its own arena; estate_free frees both. */
struct estate *estate_new(void);
/* s kept in the estate's arena, one copy per spelling (NULL: NULL). */
const char *estate_intern(struct estate *e, const char *s);
void estate_free(struct estate *e); /* NULL-safe */
/*
 * A reference to a resource (a normalised id) kept once per spelling
 * while loading: references repeat (every spoke peers with its hub,
 * private endpoints share subnets), and estate_get takes the kept copy as
 * the id of a resource created later. estate_intern_done drops the map
 * (the copies stay).
 */
const char *estate_intern_id(struct estate *e, const char *id);
void estate_intern_done(struct estate *e);
/* The arena that holds vnet.raw (made when first asked for). */
struct arena *estate_raw_arena(struct estate *e);
/*
 * Hand the arena of vnet.raw over to the caller, who frees it (plan_build
 * through plan_inputs.raw): the estate's vnet.raw strings stay valid only
 * as long as the caller keeps it. NULL when no raw JSON was kept.
 */
struct arena *estate_take_raw(struct estate *e);

/*
 * Find a resource by id (any case); NULL when absent. The result's kind
 * must be checked by the caller.
 */
struct res *estate_find(const struct estate *e, const char *id);
/*
 * Visit every resource (each one estate_get made: those of e->index) kind
 * by kind, each kind in its array's order, which is close to the order
 * they sit in memory (a walk of e->index is in hash order). Stops early
 * when fn returns non-zero (returned).
 */
int estate_each(const struct estate *e,
    int (*fn)(const struct res *r, void *ctx), void *ctx);
/*
 * Find or create the resource of this kind and id. A new resource has
 * seen == false; name, subscription and resource group come from the id.
 * If the id exists with another kind, NULL is returned.
 */
struct res *estate_get(struct estate *e, enum res_kind kind, const char *id);
/* Child objects: created under their parent VNet when new. */
struct subnet *estate_subnet(struct estate *e, struct vnet *v, const char *id);
struct peering *estate_peering(struct estate *e, struct vnet *v,
    const char *id);
/* Count a folded child of this type (type kept as given: a literal). */
void estate_count_folded(struct estate *e, const char *type, bool orphan);
/* Count a resource of a type meshplan does not model. */
void estate_count_unknown(struct estate *e, const char *type);
/* One template resource of type not read, for reason (a static string). */
void estate_count_skipped(struct estate *e, const char *type,
    const char *reason);
void estate_add_unresolved(struct estate *e, const char *from, const char *to,
    const char *what, const char *file, const char *pointer);

/*
 * Resolve references, attach private endpoints to subnets, connections to
 * gateways and circuits, sort every array, and record every reference to
 * a resource that no input holds in e->unresolved.
 */
void estate_link(struct estate *e);

/* Helpers on ids: split "/subscriptions/S/resourceGroups/R/..."; the
 * returned strings are in the estate's arena; NULL when absent. */
const char *id_subscription(struct arena *a, const char *id);
const char *id_resource_group(struct arena *a, const char *id);
const char *id_last_name(struct arena *a, const char *id);
/* Parent id of a child id ("/x/subnets/s" -> "/x"); NULL if none. */
const char *id_parent(struct arena *a, const char *id);
/* Normalised id: leading '/' added, trailing '/' removed. */
const char *id_normalize(struct arena *a, const char *id);

/*
 * The warning every output repeats when pages of larger results were read
 * under --allow-partial (e->partial_inputs) or files were left out
 * (e->left_out), in a; NULL when neither.
 */
const char *estate_partial_note(struct arena *a, const struct estate *e);

const char *res_kind_name(enum res_kind k);
const char *tri_name(enum tri t);
const char *next_hop_name(enum next_hop nh); /* Azure spelling */
enum next_hop next_hop_parse(const char *s);
/* A peering is active when its state is Connected or absent. */
bool peering_active(const struct peering *p);
/* Is configuration id deployed: listed as active, or no list given? */
bool config_deployed(const struct estate *e, const char *id);
const char *res_tag(const struct res *r, const char *key);

#endif
