/*
 * load.h - turn input files and directories into one estate.
 *
 * Every shape of DESIGN.md section 2 is detected by content: resource
 * lists (array, {"value"}, {"data"}, single object; nested "properties"
 * or CLI-flattened), ARM templates (with the export expression subset),
 * route exports (learned/advertised routes, circuit route tables).
 * Directories are walked recursively for *.json in sorted order. Every
 * problem becomes a diagnostic; loading goes on to report them all.
 */
#ifndef MESHPLAN_LOAD_H
#define MESHPLAN_LOAD_H

#include <stdbool.h>
#include <stddef.h>

struct estate;
struct diags;
struct left_out;

struct gateway_file {
	const char *gateway; /* gateway name or id */
	const char *file;    /* learned-routes file */
};

/* FILE=VALUE options (--scope FILE=ID, --parameters TEMPLATE=FILE). */
struct file_opt {
	const char *file;
	const char *value;
};

/* Input limits (issue 8): exceeding one is an error diagnostic. */
struct load_limits {
	size_t max_file_size; /* bytes, default 1 GiB */
	int max_depth;	      /* JSON nesting, default 256 */
	size_t max_string;    /* bytes in one string, default 16 MiB */
	size_t max_resources; /* resources in one file, default 1e6 */
	int max_expr_depth;   /* ARM expression nesting, default 64 */
	size_t max_subnets;   /* subnets per VNet, default 3,000
			       * (Azure's limit) */
};

/* The defaults above. */
void load_limits_default(struct load_limits *l);

struct load_opts {
	const char *scope; /* --scope /subscriptions/S/resourceGroups/R:
			    * every template of the run */
	const struct file_opt *file_scopes; /* --scope FILE=ID */
	size_t nfile_scopes;
	const struct file_opt *param_files; /* --parameters TEMPLATE=FILE */
	size_t nparam_files;
	const char *location; /* --location: the deployments' location */
	const struct gateway_file *gateway_files; /* --gateway NAME=FILE */
	size_t ngateway_files;
	/* --captured NIC=FILE: effective route tables (name: the NIC) */
	const struct gateway_file *captured_files;
	size_t ncaptured_files;
	bool captures_by_hand; /* routes --check --vnet places the capture:
				* no capture-unplaced warning */
	int jobs; /* parallel file loading (batch -j); <= 1: serial */
	/* Parse every document whole, no resource list lazily: slower and
	 * larger, the lazy reader's oracle in the tests. */
	bool whole;
	/* Progress callback (batch): called after each file; may be NULL. */
	void (*progress)(void *ctx, const char *file, size_t bytes, size_t done,
	    size_t total);
	void *progress_ctx;
	const struct load_limits *limits; /* NULL: defaults */
	bool raw; /* keep each VNet's exported JSON (vnet.raw): plans */
	/* A page of a larger result (input-partial) is a warning, recorded
	 * in estate.partial_inputs, instead of an error. */
	bool allow_partial;
	/* The files were found by the caller's own walk (batch): a file that
	 * is plainly not an export is skipped (file-foreign note), as in a
	 * directory walk, instead of an error. */
	bool inputs_walked;
	/* Files the caller left out (batch --keep-going), for every output
	 * to repeat (estate.left_out). */
	const struct left_out *left_out;
	size_t nleft_out;
};

/*
 * Load every path into e (files of any shape, directories recursively).
 * Calls estate_link() and topology_derive() at the end. Returns the number
 * of error diagnostics added.
 */
size_t load_inputs(struct estate *e, struct diags *d, char *const *paths,
    size_t npaths, const struct load_opts *o);

#endif
