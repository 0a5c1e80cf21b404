/*
 * template.h - ARM deployment templates (portal export, az group export,
 * REST exportTemplate bodies, authored templates) to resource records.
 * Internal to input/.
 */
#ifndef MESHPLAN_TEMPLATE_H
#define MESHPLAN_TEMPLATE_H

#include <stdbool.h>

#include <jansson.h>

#include "records.h"

/*
 * Evaluate the template tpl (borrowed; found at pointer base in file)
 * in the scope /subscriptions/sub/resourceGroups/rg and collect its
 * resources. When unknown_scope, sub/rg are the file's placeholder and
 * every record made is marked unknown_scope.
 */
void tpl_collect(struct loader *L, json_t *tpl, const char *file,
    const char *base, const char *sub, const char *rg, bool unknown_scope);

#endif
