/*
 * pipeline.h - what every command that reads an estate shares: parsing
 * the options (the common ones and a table of the command's own), loading
 * the policy and the inputs, the analysis, the routing simulation
 * (hairpins) and the planner, run up to the stage a command needs.
 * Everything lives in one arena and the estate; pipeline_free releases it
 * all. Also the output helpers of the commands that write trees.
 */
#ifndef MESHPLAN_PIPELINE_H
#define MESHPLAN_PIPELINE_H

#include <stdbool.h>

struct strbuf;

#include "../input/flowlogs.h"
#include "../planner/analysis.h"
#include "../planner/plan.h"
#include "../planner/routecheck.h"
#include "../planner/routing.h"
#include "cli.h"

/* A command's own option taking a value: argv[i] == name or alias. */
struct cmd_opt {
	const char *name;
	const char *alias;  /* e.g. "-t"; NULL: none */
	const char **value; /* set to the next argument */
};

/*
 * What cli_parse checks after parsing. formats: the --format values the
 * command accepts, NULL-terminated, the first the default (o->format is
 * set to it); NULL: --format is refused. fail_on: --fail-on is read into
 * o->fail_sev / o->fail. inputs: at least one INPUT is required.
 */
struct cmd_spec {
	const struct cmd_opt *opts; /* {NULL}-terminated; NULL: none */
	const char *const *formats;
	bool inputs;
};

/*
 * cli_parse_flags' flags. SPEC_FAIL_ON: the command has findings, --fail-on is
 * read (else it is a usage error). SPEC_OUT_DIR: -o names a folder (staged by
 * cli_parse into o->outdir, replaced whole; outputs.h), else a file (checked
 * before the work). SPEC_NO_OUTPUT: -o and --force are usage errors.
 * SPEC_OUT_TAR (with SPEC_OUT_DIR): -o - is the folder as a tar archive on
 * standard output (o->outdir stays NULL; not to a terminal).
 */
#define SPEC_FAIL_ON 0x1u
#define SPEC_OUT_DIR 0x2u
#define SPEC_NO_OUTPUT 0x4u
#define SPEC_OUT_TAR 0x8u

/*
 * Parse argv[1..] into o (zeroed first) and the command's own options:
 * "--name value", "--name=value", "--" ends the options. Then the
 * outputs are checked before any work (outputs.h): -o FILE (and -o DIR
 * with SPEC_OUT_DIR, staged into o->outdir). Returns EXIT_OK, or
 * EXIT_USAGE after printing what is wrong.
 */
int cli_parse(const struct command *c, const struct cmd_spec *s,
    struct arena *a, struct common_opts *o, int argc, char **argv);
/*
 * The same with SPEC_* flags. cli_parse has none: -o is a file and
 * --fail-on a usage error (a command with findings says SPEC_FAIL_ON).
 */
int cli_parse_flags(const struct command *c, const struct cmd_spec *s,
    unsigned flags, struct arena *a, struct common_opts *o, int argc,
    char **argv);

/* How far pipeline_run goes; each stage includes those before it. */
enum stage {
	STAGE_LOAD,    /* policy, --onprem, inputs (+ flow logs for PLAN) */
	STAGE_ANALYSE, /* findings */
	STAGE_ROUTE,   /* routing of the estate as it is, hairpins */
	STAGE_PLAN,    /* the plan (summaries, flow-log weights, oracle) */
};

struct pipeline {
	struct arena *arena;
	struct policy pol;
	struct diags diags;
	struct estate *estate;	/* NULL for a plan read from a file */
	struct routing_opts ro; /* on-premises prefixes, 172/12 */
	struct flow_traffic ft;
	struct analysis an;	 /* STAGE_ANALYSE */
	struct routing *routing; /* STAGE_ROUTE */
	struct hairpins hp;	 /* STAGE_ROUTE */
	struct routecheck rc;	 /* STAGE_ROUTE, with captures */
	struct plan *plan;	 /* STAGE_PLAN */
};

/* Optional callbacks: phase() is called as each stage starts ("loading",
 * "analysing", "routing", "planning"). */
struct pipeline_hooks {
	void (*phase)(void *ctx, const char *phase);
	void *ctx;
};

/*
 * Load o->inputs (with lo, whose scope and gateway files are taken from
 * o when unset; lo may be NULL), apply the policy and --onprem, then run
 * the stages up to upto. Diagnostics are printed (report_diags). Returns
 * EXIT_OK, or the exit code to return (EXIT_USAGE, EXIT_INPUT). p is
 * usable for pipeline_free in every case; its diagnostics stay readable
 * after an input error. h may be NULL.
 */
int pipeline_run(struct pipeline *p, const struct command *c,
    const struct common_opts *o, struct load_opts *lo, enum stage upto,
    const struct pipeline_hooks *h);
/*
 * The plan of a plan.json instead (p->plan only; no estate, analysis or
 * routing). EXIT_OK, or EXIT_INPUT after printing the diagnostics.
 */
int pipeline_read_plan(struct pipeline *p, const char *file, bool quiet);
/* Free what the plan no longer needs (the estate, its routing and
 * analysis): the plan owns its memory. For commands that only write it. */
void pipeline_keep_plan(struct pipeline *p);
void pipeline_free(struct pipeline *p);

struct plan_status;
/*
 * Lifecycle (cli/cmd_status.c): compare the fresh estate e (loaded with
 * load_opts.raw) with plan (planner/lifecycle.h), the digests of the
 * fresh bodies made as the plan's were (input/drift.h). Memory from a.
 */
void pipeline_status(const struct plan *plan, const struct estate *e,
    struct arena *a, struct plan_status *st);
/* Load o's inputs (raw bodies kept) into fresh and warn on stderr, as
 * "meshplan CMD: warning: drift ...", of every drift item since plan.
 * Returns EXIT_OK or the loader's exit code. */
int pipeline_warn_drift(const struct command *c, const struct common_opts *o,
    const struct plan *plan, struct pipeline *fresh);
/* The same warnings against an estate already loaded with its raw
 * bodies; returns the number of drift items. */
size_t pipeline_drift_warnings(const struct command *c, const struct plan *plan,
    const struct estate *e, struct arena *a);

struct report_in;
/* The report's inputs from p (estate, analysis, hairpins, plan). */
void report_in_init(struct report_in *in, const struct pipeline *p);

struct doc_in;
struct emit_sink;
struct report_opts;
/* A document writer's inputs from p (formats.h): estate, analysis,
 * diagnostics, hairpins, plan, the version; ro for the reports. */
void doc_in_init(struct doc_in *in, const struct pipeline *p,
    const struct report_opts *ro);
/*
 * Write the document of command cmd in format to path as write_output
 * does (atomic file, or standard output for "-" and NULL), streamed: the
 * writer's text goes to the file as it is made. 0 or EXIT_USAGE.
 */
/* s writes to fp (an output's stream from write_output_with): its
 * write is fwrite, -1 with errno set when that fails; open and close do
 * nothing. */
void sink_on_file(struct emit_sink *s, FILE *fp);
int write_doc(const char *cmd, const char *format, const struct doc_in *in,
    const char *path, bool force);

/*
 * The policy file a run reads: --policy FILE, else $MESHPLAN_POLICY (when
 * not empty), else ./.meshplan.yaml when it exists, else NULL (defaults).
 */
const char *policy_path(const struct common_opts *o);

/* mkdir -p; prints the error and returns -1 on failure. */
int mkdir_p(const char *path);
/* Remove path and everything under it (no symlink is followed). */
void rm_tree(const char *path);

struct iac;
struct iac_folder;
/*
 * Run the emitters that target selects ("all" or a name) over m, each
 * file written into root (a staged or scratch folder) as soon as it is
 * made: root/<emitter>/<path> when steps is NULL; else, by step,
 * root/<steps[k]>/<dir>/<emitter>/<rest> for the file <dir>/<rest> of
 * folder k of m. Folder by folder, every target on each, with the
 * folder's shared parts made once (iac_folder_share) and dropped after
 * it; shared (may be NULL) is called while they are there, after the
 * folder's files. With tar (root NULL), each file goes into the archive
 * instead, at the same relative path. 0, or -1 after printing why
 * (cli/emit_tree.c).
 */
struct tar_out;
int emit_targets(struct iac *m, const char *target, const char *root,
    struct tar_out *tar, const char *const *steps,
    void (*shared)(void *ctx, const struct iac_folder *f), void *ctx);
/* Is target "all" or an emitter's name? */
bool emit_target_ok(const char *target);
/*
 * Write the reports of one step of the plan (folder f of the IaC model)
 * under root/prefix/<f->dir>/: the step's full Markdown report in
 * report.md, and the PR body (the same report with short tables) in
 * PR_BODY.md, whose text is also returned in *body when body is not NULL
 * (memory from a). 0, or -1 after printing why.
 */
int write_step(const struct pipeline *p, const struct iac_folder *f,
    const char *root, const char *prefix, struct arena *a, char **body);

#endif
