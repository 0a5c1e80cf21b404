/*
 * flowlogs.h - bytes per VNet from flow logs: VNet flow logs (version 4,
 * "flowRecords.flows[].flowGroups[].flowTuples") and NSG flow logs
 * (version 2, "properties.flows[].flows[].flowTuples"), both as the
 * {"records": [...]} blobs Azure writes (PT1H.json). The loaders only
 * recognise these files (estate.flow_log_files); this module reads them.
 */
#ifndef MESHPLAN_FLOWLOGS_H
#define MESHPLAN_FLOWLOGS_H

#include <stddef.h>

struct arena;
struct diags;
struct estate;
struct vnet_traffic;

struct flow_traffic {
	struct vnet_traffic *v; /* sorted by VNet id; in the arena */
	size_t n;
	size_t records, tuples;	  /* read */
	size_t attributed;	  /* tuples with bytes given to a VNet */
	unsigned long long bytes; /* total bytes in tuples */
};

/*
 * Read every file of e->flow_log_files and add up the bytes of each
 * flow tuple (source-to-destination plus destination-to-source) on the
 * seen VNets holding its source and destination addresses (longest
 * match over the VNets' address spaces; a flow between two VNets counts
 * for both). A tuple whose addresses lie in no VNet counts for the
 * record's targetResourceID when that is a VNet (or a subnet of one) in
 * the estate. Malformed records and tuples are warnings. Returns the
 * number of VNets with traffic.
 */
size_t flowlogs_load(struct flow_traffic *out, const struct estate *e,
    struct diags *d, struct arena *a);

#endif
