/*
 * emitter.h - IaC emitters: ARM JSON, Bicep and Terraform from the plan IR.
 *
 * An emitter never touches the file system: it hands each file (relative
 * path and text) to the sink it is given as soon as the file is made
 * (sink.h), and cli/ writes the tree atomically. Every
 * emitter works from the same neutral model (struct iac), built from the
 * plan by iac_build(): one folder per step of the migration (prereq/,
 * wave-1-pilot/, ...), each a list of ARM resources with literal ids.
 * ARM and Bicep render the resources as they are; Terraform maps them to
 * azurerm resources and changes existing VNets with azapi_update_resource.
 *
 * Determinism: the model follows the plan's sorted arrays; files go to
 * the sink folder by folder in the model's order; no timestamps.
 */
#ifndef MESHPLAN_EMITTER_H
#define MESHPLAN_EMITTER_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "../lib/arena.h"
#include "../lib/names.h"
#include "../lib/strbuf.h"
#include "sink.h"

struct strmap;

struct plan;
struct plan_vnet;
struct plan_wave;
struct whatif;

/* Microsoft.Network API versions (the ones whose schemas are checked). */
#define API_NETWORK "2025-05-01"
#define API_NETWORK_NEW "2025-07-01" /* commits, summarizedGatewayPrefixes */
#define API_POLICY "2025-03-01"
#define API_FEATURES "2021-07-01"

enum iac_kind {
	IK_FEATURE, /* subscription feature registration */
	IK_VNET,    /* change to an existing VNet */
	IK_MANAGER,
	IK_GROUP,
	IK_MEMBER,
	IK_CONFIG,
	IK_SAC, /* security admin configuration */
	IK_RULE_COLL,
	IK_RULE,
	IK_COMMIT,
	IK_POLICY_DEF,	  /* subscription scope */
	IK_POLICY_ASSIGN, /* subscription scope */
};

struct iac_res {
	enum iac_kind kind;
	const char *type; /* ARM type */
	const char *api;
	const char *id;	       /* full literal id */
	const char *name;      /* ARM name: slash-joined for children */
	const char *leaf;      /* last name segment */
	const char *parent_id; /* NULL for top-level resources */
	const char *sub;       /* subscription id (no prefix) */
	const char *rg;	       /* resource group; NULL = subscription scope */
	/*
	 * The ARM resource body without type, apiVersion, name and dependsOn
	 * (location, tags, kind, properties). Owned by the model. body,
	 * patch and subnet_patches exist only while their folder is
	 * emitted (iac_folder_json); NULL otherwise.
	 */
	json_t *body;
	ARR(const char *) depends;    /* ids of resources in this folder */
	const struct plan_vnet *vnet; /* IK_VNET */
	const char *label;	      /* symbolic name (Bicep, Terraform) */
	/* IK_COMMIT: commitType; IK_FEATURE: feature name. */
	const char *detail;
	/*
	 * IK_VNET, for merge-style updates (Terraform azapi_update_resource):
	 * patch is {"properties": {...}} of the VNet-level changes or NULL;
	 * subnet_patches is [{"name", "id", "body": {"properties": {...}}}].
	 */
	json_t *patch;
	json_t *subnet_patches;
};

struct iac_folder {
	const char *dir; /* "prereq", "wave-1-pilot", ... */
	const char *title;
	const struct plan_wave *wave; /* NULL for prereq */
	ARR(struct iac_res) res;
	struct strmap *ids;	 /* res id (any case) -> index + 1 */
	ARR(const char *) notes; /* things done by hand, shown in README */
	/*
	 * Made once per folder by iac_folder_share, the same for every
	 * target, and dropped after the folder: the folder's offline
	 * what-if (MERGE semantics, whatif.h), which the summary on stdout
	 * shows too, README.md's part every target shows and RUNBOOK.md
	 * (readme_parts; runbook is malloc'd, 9.4 MB in the largest wave
	 * at 5,000 spokes, and iac_folder_unshare frees it). NULL outside.
	 */
	const struct whatif *whatif;
	const char *readme_intro, *runbook;
};

struct iac_builder;
struct iac {
	struct arena *arena;
	const struct plan *plan;
	ARR(struct iac_folder) folders;
	/*
	 * Every resource's label taken again, folder by folder in the
	 * model's order, by a namer of its own (NAME_TF_LABEL): where an
	 * emitter that names more objects starts (namer_init_over), so that a
	 * name it adds is never a label, and a label's id gets it back.
	 */
	struct namer labels;
	/* iac.c's: what iac_folder_share needs to make a folder's JSON. */
	const struct iac_builder *builder;
};

/*
 * The ARM body (location when it has one, kind, properties) of the AVNM
 * object a step creates (manager, group, member, configuration, security
 * admin configuration, rule collection, rule); NULL for other steps. A
 * new reference. The templates and the runbook's az resource create use
 * it alike.
 */
struct plan_step;
json_t *iac_step_body(struct arena *a, const struct plan_step *s);

/*
 * Build the neutral model: every folder's resources with their ids,
 * labels and dependencies (what emitters look at across folders), but
 * not their JSON; free with iac_free.
 */
struct iac *iac_build(const struct plan *p, struct arena *a);
/*
 * The JSON of folder f's resources (body, patch, subnet_patches), made
 * from the folder's steps as iac_build lays them out; iac_folder_json_free
 * drops it (iac_free too). One folder's at a time: the largest wave's
 * is most of the model's (measured at 5,000 spokes: 2.5 MB less at
 * emit's peak than the JSON of every folder made up front).
 */
void iac_folder_json(const struct iac *m, struct iac_folder *f);
void iac_folder_json_free(struct iac_folder *f);
/*
 * Make what every target shows alike for folder f (its JSON, f->whatif,
 * f->readme_intro, f->runbook) in a, before the emitters run on f;
 * iac_folder_unshare drops them, and the caller frees a. One folder's at
 * a time: a large wave's what-if and README run to tens of MB.
 */
void iac_folder_share(const struct iac *m, struct iac_folder *f,
    struct arena *a);
void iac_folder_unshare(struct iac_folder *f);
void iac_free(struct iac *m);
/* A resource of the model by id (case-insensitive), in any folder. */
/* The first resource of folder f with this id (any case), or NULL. */
const struct iac_res *iac_folder_find(const struct iac_folder *f,
    const char *id);

/* A resource that goes into a template (not a feature registration). */
bool iac_deployable(const struct iac_res *r);

/*
 * The deployment scopes of folder f: its deployable resources grouped by
 * (subscription, resource group; any case), in order of first
 * appearance. of[i] is resource i's scope, SIZE_MAX when it has none.
 * Memory from a.
 */
struct iac_scope {
	const char *sub, *rg; /* rg NULL: subscription scope */
};
struct iac_scopes {
	ARR(struct iac_scope) v;
	size_t *of;
};
void iac_folder_scopes(const struct iac_folder *f, struct arena *a,
    struct iac_scopes *out);

/*
 * The exported VNet (plan_vnet.raw) as JSON (new reference), or NULL.
 * Read-only properties stay; whatif and the emitters strip them.
 */
json_t *vnet_raw_json(const struct plan_vnet *v);
/*
 * vnet_raw_json with only the members want names parsed, the others
 * JSON null; where want gives an object for a member that is an object
 * in the VNet, the same one level down; where want gives [item] for an
 * array whose items each have a name of their own, each object item as
 * item reaches (else the array whole). For the what-if of a merge,
 * which compares only what the patches reach: a hub's thousands of
 * peerings are skimmed, never made into a tree. A text the skim does not
 * take whole (anything but ASCII, a \u escape, a long number) is parsed
 * whole, as vnet_raw_json.
 */
json_t *vnet_raw_json_only(const struct plan_vnet *v, const json_t *want);
/* Strip the read-only properties the ARM schema does not accept. */
void arm_strip_readonly(json_t *resource);

/*
 * A JSON scalar (string, number, true, false, null) as Bicep and HCL both
 * spell it, strings through quote(); returns false for objects and arrays,
 * which each target lays out its own way.
 */
bool iac_scalar(struct strbuf *sb, const json_t *v,
    void (*quote)(struct strbuf *, const char *));
/*
 * An emitter hands DIR-relative files (e.g. "prereq/main.tf") to out, each
 * as it is made, folder by folder: the caller may run every target on one
 * folder before the next (cli/emit_tree.c does), so that what a folder
 * needs is made and freed once. a is a scratch arena the caller frees
 * after each call: nothing an emitter allocates outlives the files it
 * hands to out. Each returns 0, or -1 when out failed.
 */
struct emitter {
	const char *name; /* arm | bicep | terraform */
	const char *ext;  /* json | bicep | tf */
	/* The files of folder f. */
	int (*folder)(const struct iac *m, const struct iac_folder *f,
	    const struct emit_sink *out, struct arena *a);
	/* The files after every folder's (NULL: none). */
	int (*finish)(const struct iac *m, const struct emit_sink *out,
	    struct arena *a);
};

/*
 * Every file of e: each folder of m in order (shared, iac_folder_share,
 * then dropped), then finish. 0 or -1.
 */
int emitter_run(const struct emitter *e, struct iac *m,
    const struct emit_sink *out);

extern const struct emitter emitter_arm;
extern const struct emitter emitter_bicep;
extern const struct emitter emitter_terraform;
/* NULL-terminated, in the order of --target all. */
extern const struct emitter *const emitters[];
const struct emitter *emitter_find(const char *name);

/*
 * The folder's README.md (title, what the folder changes, what must be
 * true before, how to deploy) and RUNBOOK.md (steps, validation
 * checklist, rollback, what-if, resources: the same for every target).
 * readme_parts makes what every target shows alike (f->readme_intro,
 * f->runbook, RUNBOOK.md's text; after f->whatif); readme_write
 * writes f->dir/README.md to out with the target's name and deploy_md
 * (may be NULL), Markdown on how to deploy its files, then
 * f->dir/RUNBOOK.md (emit_put_same). 0 or -1, as the sink.
 */
void readme_parts(const struct iac *m, struct iac_folder *f, struct arena *a);
int readme_write(const struct emit_sink *out, const struct iac_folder *f,
    const char *target, const char *deploy_md, struct arena *a);
/* The az line that deploys file (a template of scope sc), as a Markdown
 * code line added to sb: group scope, or subscription scope at the
 * network manager's location. */
void readme_deploy_line(struct strbuf *sb, const struct iac *m,
    const struct iac_scope *sc, const char *file, struct arena *a);

#endif
