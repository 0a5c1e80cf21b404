/*
 * routes.h - route exports: gateway learned/advertised routes, ExpressRoute
 * circuit route tables, Route Server learned routes. Internal to input/.
 */
#ifndef MESHPLAN_ROUTES_H
#define MESHPLAN_ROUTES_H

#include <jansson.h>

#include "records.h"

/*
 * The rows of a route export, or NULL when doc is no route export. Sets
 * *kind. An empty {"value": []} is a route export only when file_hint
 * (the file name says .learned/.advertised/.routes) is set.
 */
int routes_detect(json_t *doc, int file_hint, enum route_doc *kind);

/*
 * The target named by a file: "<name>.learned.json" -> "name" (and
 * *advertised for ".advertised.json"); NULL when the name says nothing.
 */
const char *routes_target_from_path(struct arena *a, const char *path,
    int *advertised, int *routes_table);

/* Attach every route input of L->routes (after all resources). */
void routes_apply(struct loader *L);

#endif
