/*
 * whatif.h - offline what-if: what deploying one folder would do to the
 * exported estate. Resources the folder declares that are not in the
 * export are created; VNets are compared property by property after
 * applying the folder's change with ARM semantics (PUT: the body replaces
 * the resource, so a subnet or peering missing from it is deleted) or
 * Terraform's azapi_update_resource semantics (MERGE: listed properties
 * are merged into the existing resource).
 */
#ifndef MESHPLAN_WHATIF_H
#define MESHPLAN_WHATIF_H

#include <stdbool.h>
#include <stddef.h>

#include "../lib/arena.h"

struct iac;
struct iac_folder;
struct strbuf;

enum whatif_op { WI_CREATE, WI_MODIFY, WI_DELETE, WI_ACTION };
enum whatif_mode { WHATIF_PUT, WHATIF_MERGE };

struct whatif_change {
	enum whatif_op op;
	const char *id; /* resource (or child) id */
	const char *type;
	const char *path;		   /* WI_MODIFY: property path */
	const char *old_value, *new_value; /* compact JSON; NULL = absent */
};

struct whatif {
	ARR(struct whatif_change) v; /* in folder order, then path */
	size_t ncreate, nmodify, ndelete, naction;
};

/* Compute the what-if of folder f; strings live in a. */
void whatif_folder(const struct iac *m, const struct iac_folder *f,
    enum whatif_mode mode, struct arena *a, struct whatif *out);
/* Markdown (every value escaped). */
void whatif_markdown(const struct whatif *w, struct strbuf *sb);
/* Plain text, one change a line (for the terminal). */
void whatif_text(const struct whatif *w, const char *folder, struct strbuf *sb);

#endif
