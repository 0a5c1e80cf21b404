/*
 * captures.h - captured effective route tables (`az network nic
 * show-effective-route-table`) as evidence next to the estate: read into
 * e->captures and placed in the subnet of their NIC. Internal to input/.
 */
#ifndef MESHPLAN_CAPTURES_H
#define MESHPLAN_CAPTURES_H

#include <stdbool.h>

#include <jansson.h>

#include "records.h"

struct load_opts;

/* "<nic>.effective-routes.json" -> "nic" (memory from a); else NULL. */
const char *capture_nic_from_path(struct arena *a, const char *path);
/*
 * Is doc an effective route table: {"value": [...]} or a bare array whose
 * first element has addressPrefix and nextHopType or source, and no id?
 * An empty list is one only when named (the file name says so).
 */
bool capture_detect(json_t *doc, bool named);
/* Modification time of path in ns; 0 when it cannot be read. */
long long capture_file_mtime(const char *path);
/* Read doc (from file, NIC nic, may be NULL) into L->e->captures. */
void capture_collect(struct loader *L, json_t *doc, const char *file,
    const char *nic);
/* Read the --captured NIC=FILE files of o. */
void captures_load_files(struct loader *L, const struct load_opts *o);
/* Is path one of o's --captured files (read by captures_load_files)? */
bool capture_is_named_file(const struct load_opts *o, const char *path);
/*
 * After estate_link: sort the captures by file and place each in its
 * NIC's subnet; a capture whose NIC or subnet is not in the inputs is a
 * capture-unplaced warning (routes --check can place it by --vnet),
 * unless quiet.
 */
void captures_place(struct loader *L, bool quiet);

#endif
