/*
 * batch.h - what cmd_batch.c (options, the walk, the load) and
 * batch_write.c (the outputs) share.
 */
#ifndef MESHPLAN_BATCH_H
#define MESHPLAN_BATCH_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct pipeline;

/*
 * What batch writes into its staged OUTDIR (root), with jobs processes:
 * plan.json, the reports, the IaC of target ("all" or an emitter's name)
 * and the reports of each step, subscriptions.md and subscriptions/,
 * inputs.tsv (the text tsv). Each file is written by one task, and no
 * task reads another's file, so the bytes are the same for any jobs.
 */
struct batch_out {
	const struct pipeline *p;
	const char *root;
	const char *target;
	const char *tsv;
	size_t tsv_len;
	int jobs;
};

/*
 * Write every output; *nsteps is the number of step folders. 0, or -1
 * after printing why (the caller discards the staged folder).
 */
int batch_write(const struct batch_out *b, size_t *nsteps);

#endif
