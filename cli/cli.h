/*
 * cli.h - what the commands share: exit codes, common options, loading
 * the estate and the policy, and atomic output files. Only cli/ calls
 * exit().
 */
#ifndef MESHPLAN_CLI_H
#define MESHPLAN_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../input/load.h"
#include "../lib/arena.h"
#include "../lib/diag.h"
#include "../planner/findings.h"
#include "../planner/policy.h"

#define MESHPLAN_VERSION "0.1.0"

enum exit_code {
	EXIT_OK = 0,
	EXIT_FINDINGS = 1, /* findings at or above --fail-on */
	EXIT_USAGE = 2,	   /* usage or I/O error */
	EXIT_INPUT = 3,	   /* invalid input */
};

struct command {
	const char *name;
	const char *summary;
	const char *usage; /* full --help text */
	int (*run)(int argc, char **argv);
};

extern const struct command *const commands[];

/* Options common to the commands (docs/cli.md). */
struct common_opts {
	const char *policy_file;
	ARR(const char *) onprem; /* --onprem PREFIX */
	const char *scope;
	const char *output; /* -o PATH */
	const char *format;
	const char *fail_on; /* --fail-on error|warning|note */
	enum sev fail_sev;   /* parsed --fail-on (cli_parse) */
	bool fail;	     /* --fail-on given */
	bool quiet, force;
	bool allow_partial; /* --allow-partial */
	bool verbose;	    /* --verbose: every finding */
	const char *today;  /* --today YYYY-MM-DD (suppressions) */
	ARR(struct gateway_file) gateway_files;
	ARR(struct file_opt) file_scopes; /* --scope FILE=ID */
	ARR(struct file_opt) param_files; /* --parameters TEMPLATE=FILE */
	const char *location;		  /* --location */
	ARR(struct gateway_file) captured_files; /* --captured NIC=FILE */
	ARR(char *) inputs;			 /* positional */
	struct outdir *outdir;	   /* -o DIR, staged (SPEC_OUT_DIR) */
	const char *previous_plan; /* plan --previous-plan (resume) */
};

/* The running command's name, for messages ("meshplan NAME: ..."). */
extern const char *cli_cmd_name;
/* The build: `git describe` when built from a git checkout. */
extern const char meshplan_build[];

/*
 * One common option: name as given (without "=value"). Does it take a
 * value (1), is it a flag (0), or not a common option (-1)?
 */
int common_opt_kind(const char *name);
/* Record common option name (with value v when it takes one). */
void common_opt_set(struct arena *a, struct common_opts *o, const char *name,
    const char *v);
/* --gateway NAME=FILE: is v well formed? */
bool gateway_arg_ok(const char *v);

/*
 * Print diagnostics to stderr (sorted); return EXIT_INPUT if errors, or
 * EXIT_USAGE when one of them is a file that cannot be read (I/O).
 */
int report_diags(struct diags *d, bool quiet);

/*
 * Write text to path atomically (outputs.h: staged beside it, then put in
 * place; checked before the work when cli_parse saw the path). Refuses to
 * replace an existing file unless force. "-" or NULL writes to stdout
 * (checked). Returns 0 or prints the error and returns EXIT_USAGE.
 */
int write_output(const char *path, const char *text, size_t len, bool force);
/* The same, with the bytes written by put (0, or -1 with errno set). */
int write_output_with(const char *path, bool force,
    int (*put)(FILE *fp, void *ctx), void *ctx);

/* usage error: prints "meshplan CMD: msg", the usage line and a hint. */
int usage_error(const struct command *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
