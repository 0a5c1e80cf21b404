/*
 * resources.h - ARM resource objects to records (collect) and merged
 * records to the estate model (apply). Internal to input/.
 */
#ifndef MESHPLAN_RESOURCES_H
#define MESHPLAN_RESOURCES_H

#include <stdbool.h>

#include <jansson.h>

#include "jsonfile.h"
#include "records.h"

/*
 * Collect one resource object found at pointer in file: REST
 * or Resource Graph (nested "properties") or CLI-flattened. Inline
 * children (subnets, peerings, routes, circuit peerings) become records of
 * their own. Types meshplan does not model are counted, property-less
 * objects (az resource list) are counted in resources_without_properties.
 * item is borrowed; when mine (its document is not read again) it is
 * normalised and kept in place instead of copied.
 */
void res_collect(struct loader *L, json_t *item, bool mine, const char *file,
    const char *pointer);

/*
 * A resource list read lazily: its file's text t, whose buffer is
 * compacted in place as the list is collected: what the lazy records
 * need of each element is moved down to buf[0..len), which never reaches
 * an element not yet read. dt takes the buffer when the list is done.
 */
struct lazy_list {
	const struct jtext *t;
	struct jtext *dt;
	char *buf;
	size_t len;
};

/*
 * Collect the resource object at v (a list element of ll->t, starting at
 * *at, at pointer in file) as res_collect would, but without parsing it:
 * a record whose obj res_expand parses when it is merged, with
 * placeholders for its inline children (see struct rec). Of a private
 * endpoint only what collect_obj keeps is copied (its subnet), when the
 * rest is valid JSON. For objects in the nested form whose id, type and
 * children's ids are plain strings. Returns false, having done nothing,
 * for any other object: parse it and call res_collect.
 */
bool res_collect_lazy(struct loader *L, struct lazy_list *ll, struct jspan v,
    const struct jpos *at, const char *file, const char *pointer);
/*
 * Parse a lazy record and collect it as res_collect would: its obj is
 * set, and so are its placeholders'. On a parse error (reported once per
 * file) they stay empty.
 */
void res_expand(struct loader *L, struct rec *r);

/* Is this ARM type (any case) one that meshplan models? */
bool res_type_known(const char *type);

/* Apply one merged record (records are applied sorted by key). */
void res_apply(struct loader *L, struct rec *r);
/*
 * With L->raw, once a VNet's record r and every record under its key
 * (its subnets and peerings) are applied: build the VNet's raw JSON and
 * drop the merged json kept for it, so that memory shrinks while the
 * model grows.
 */
void res_vnet_done(struct loader *L, struct rec *r);
/* After every record: fix-ups that need all resources. */
void res_finish(struct loader *L);

/*
 * Is arr the list of `az network manager list-active-connectivity-config`
 * (elements with an id and commitTime or configurationGroups, no type)?
 */
bool res_is_active_configs(json_t *arr);
/*
 * Record its configuration ids in e->active_configs (and set
 * has_active_configs): the configurations committed in some region.
 */
void res_active_configs(struct loader *L, json_t *arr, const char *file,
    const char *base);

#endif
