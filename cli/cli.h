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
	EXIT_FINDINGS = 1,	/* findings at or above --fail-on */
	EXIT_USAGE = 2,		/* usage or I/O error */
	EXIT_INPUT = 3,		/* invalid input */
};

struct command {
	const char *name;
	const char *summary;
	const char *usage;	/* full --help text */
	int (*run)(int argc, char **argv);
};

extern const struct command *const commands[];

/* Options common to the commands (DESIGN.md section 10). */
struct common_opts {
	const char *policy_file;
	ARR(const char *) onprem;	/* --onprem PREFIX */
	const char *scope;
	const char *output;		/* -o PATH */
	const char *format;
	const char *fail_on;		/* --fail-on error|warning|note */
	enum sev fail_sev;		/* parsed --fail-on (cli_parse) */
	bool fail;			/* --fail-on given */
	bool quiet, force;
	bool allow_partial;		/* --allow-partial */
	ARR(struct gateway_file) gateway_files;
	ARR(char *) inputs;		/* positional */
};

/*
 * Parse one common option at argv[*i]; returns 1 if consumed (advancing *i
 * past a value), 0 if not a common option, -1 on a usage error (printed).
 */
int common_opt(struct arena *a, struct common_opts *o, int argc,
    char **argv, int *i);

/* Print diagnostics to stderr (sorted); return EXIT_INPUT if errors. */
int report_diags(struct diags *d, bool quiet);

/*
 * Write text to path atomically (temp file in the same directory, then
 * rename). Refuses to replace an existing file unless force. "-" or NULL
 * writes to stdout. Returns 0 or prints the error and returns EXIT_USAGE.
 */
int write_output(const char *path, const char *text, size_t len, bool force);
/* The same, with the bytes written by put (0, or -1 with errno set). */
int write_output_with(const char *path, bool force,
    int (*put)(FILE *fp, void *ctx), void *ctx);

/* usage error: prints "meshplan CMD: msg" and the usage line. */
int usage_error(const struct command *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
