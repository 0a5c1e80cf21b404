/*
 * routes_json.c - render simulated effective routes as the JSON of `az
 * network nic show-effective-route-table` (see routes_json.h). Keys come
 * in Azure's order; every route is one object; gateway next-hop addresses
 * are not known offline and are left empty (docs/routing.md).
 */
#include "routes_json.h"

#include <stdlib.h>

#include <jansson.h>

#include "../lib/util.h"

void
routes_json(struct strbuf *out, const struct eroute *v, size_t n)
{
	json_t *root = json_object(), *arr = json_array();
	char buf[PREFIX_STRLEN];
	char *text;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct eroute *e = &v[i];
		json_t *o = json_object(), *ap = json_array(),
		       *ip = json_array();

		json_object_set_new(o, "source",
		    json_string(route_source_name(e->source)));
		json_object_set_new(o, "state",
		    json_string(e->active ? "Active" : "Invalid"));
		json_array_append_new(ap,
		    json_string(prefix_format(&e->p, buf)));
		json_object_set_new(o, "addressPrefix", ap);
		json_object_set_new(o, "nextHopType",
		    json_string(next_hop_name(e->nh)));
		if (e->nh_ip != NULL)
			json_array_append_new(ip, json_string(e->nh_ip));
		json_object_set_new(o, "nextHopIpAddress", ip);
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "value", arr);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	MP_ASSERT(text != NULL);
	sb_puts(out, text);
	sb_putc(out, '\n');
	free(text);
	json_decref(root);
}
