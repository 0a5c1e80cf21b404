/*
 * records.h - what the loaders share: a resource record (one resource
 * object from any input, normalised to the nested-"properties" form with
 * expressions already evaluated), the loader state of one run, merging
 * of records that name the same resource, and small jansson getters.
 * Internal to input/.
 */
#ifndef MESHPLAN_RECORDS_H
#define MESHPLAN_RECORDS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "../lib/arena.h"
#include "../planner/estate.h"
#include "jsonfile.h"

struct diags;
struct load_limits;
struct strbuf;
struct strmap;

/* The subscription of ids whose template scope is unknown. */
#define UNKNOWN_SUB "unknown-subscription"

/*
 * A resource record. A list element read lazily (res_collect_lazy) has
 * no obj until merge_apply reaches its key and res_expand parses it from
 * text; the records of its inline children are placeholders (no obj, no
 * text) added just before it, filled by that expansion.
 */
struct rec {
	json_t *obj;	    /* owned; nested form, evaluated, no secrets */
	struct jtext *text; /* lazy: derived text, span the object */
	struct jspan span;
	struct jpos at;	    /* where the object starts in its file */
	const char *raw_id; /* lazy: the id as written */
	size_t nkids;	    /* lazy: its placeholders (records before) */
	const char *id;	    /* normalised id (arena) */
	const char *key;    /* lower-case id */
	const char *type;   /* ARM type as given */
	const char *file;
	const char *pointer; /* JSON Pointer of the object in file */
	bool flat;	     /* CLI-flattened in the file (no properties) */
	size_t seq;	     /* input order: file order, then position */
	size_t file_index;
	bool unknown_scope; /* the id holds the file's placeholder scope */
};

enum route_doc { RD_GATEWAY, RD_CIRCUIT, RD_ROUTE_SERVER };

struct route_input {
	enum route_doc kind;
	json_t *doc; /* owned */
	const char *file;
	const char *target; /* gateway/circuit name or id; NULL: infer */
	bool advertised;    /* .advertised.json */
};

struct route_server;

/* A legacy VirtualRouter whose VNet is its hosted gateway's. */
struct hosted {
	struct route_server *rs;
	const char *gateway_id;
};

struct loader {
	struct estate *e;
	struct diags *d;
	struct arena *a;   /* e->arena: what the model keeps */
	struct arena *tmp; /* records and their strings; freed
			    * when load_inputs returns */
	const struct load_limits *lim;
	bool raw;	      /* load_opts.raw */
	ARR(struct rec) recs; /* xrealloc'd (rec_add) */
	ARR(struct route_input) routes;
	size_t seq;
	/* Per file being collected. */
	size_t file_index;
	size_t file_resources; /* for limit-resources */
	bool file_over_limit;
	size_t file_no_props; /* property-less resources */
	/* Applied VNets, subnets, peerings: key -> struct rec * (its obj
	 * is the merged json until res_vnet_done drops it) */
	struct strmap *merged;
	struct strmap *peers_seen;   /* BGP peer ids counted */
	struct strmap *over_subnets; /* VNets told of limit-subnets */
	/* While res_expand runs: rec_add fills these placeholders. */
	struct rec *fill;
	size_t nfill, fill_at;
	ARR(struct hosted) hosted;
	/* ld_type's copies: a few types name most records. */
	const char *types[64];
	size_t ntypes;
};

/* type[0..n) copied to L->tmp, shared by the records of that type. */
const char *ld_type(struct loader *L, const char *type, size_t n);

/* Diagnostics helpers (strings copied). */
void ld_diag(struct loader *L, int sev, const char *code, const char *file,
    const char *pointer, const char *resource, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* obj["a"]["b"]... (NULL-terminated keys); NULL when any step is absent. */
json_t *jget(json_t *obj, ...);
/* String value of jget(...), copied to the arena; NULL if not a string. */
const char *jstr(struct loader *L, json_t *obj, ...);
/* v's string, not copied (valid as long as v; for what is copied or
 * looked up anyway); NULL if v is not a string. */
const char *jval(json_t *v);
/* v's string kept once per spelling in the estate (estate_intern): for
 * short values that repeat (locations, states, policies); NULL if v is
 * not a string. */
const char *jintern(struct loader *L, json_t *v);
/* Azure boolean: JSON true/false or the strings "True"/"False". */
enum tri jtri(json_t *v);
/* Remove every key named sharedKey, serviceKey or authorizationKey. */
void strip_secrets(json_t *v);
/* A value that carries nothing: null, "", [], {}. */
bool json_empty(json_t *v);

/* The id's ARM type: ".../providers/NS/t1/n1/t2/n2" -> "NS/t1/t2". */
const char *id_type(struct arena *a, const char *id);

/*
 * Add a record (takes the reference to obj). While a lazy record is
 * expanded, fills the placeholder of that key instead. id (normalised) and type
 * must be set; pointer is the object's place in file. id, file and
 * pointer are kept as they are: they must outlive the loader (L->tmp,
 * L->a or static); what the model keeps of them it copies.
 */
struct rec *rec_add(struct loader *L, json_t *obj, const char *id,
    const char *type, const char *file, const char *pointer, bool flat);

/*
 * Merge src into dst: absent or empty values in dst are filled, objects
 * merge key by key, a different non-empty value in src wins and is a
 * merge-conflict warning (about file/pointer/resource).
 */
void json_merge(struct loader *L, json_t *dst, json_t *src, const char *file,
    const char *pointer, const char *resource, const char *path);

/*
 * Append v as json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS) writes it,
 * without its callbacks (the raw VNet JSON of a large estate).
 */
void json_dump_sorted(struct strbuf *sb, json_t *v);

#endif
