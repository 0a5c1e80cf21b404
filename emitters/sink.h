/*
 * sink.h - where the emitters put the files they make.
 *
 * An emitter never touches the file system and keeps no file: it hands
 * each file, whole, to the sink it is given as soon as the file is made
 * (emit_put), and frees its text. cli/ gives sinks that write into a
 * staged output folder (outputs.h); emit_out is a sink that keeps the
 * files in memory, for tests.
 *
 *   emit_put         hand one file to a sink
 *   emit_out_init    an empty in-memory sink
 *   emit_out_sink    the sink that adds to an emit_out
 *   emit_out_sort    sort its files by path (asserts no path twice)
 *   emit_out_find    one of its files by path (after emit_out_sort)
 */
#ifndef MESHPLAN_SINK_H
#define MESHPLAN_SINK_H

#include <stddef.h>

#include "../lib/arena.h"

struct emit_sink {
	/*
	 * Take the file path (relative, '/'-separated, never given twice)
	 * of len bytes. text stays the caller's. 0, or -1 after printing
	 * why: the emitter stops and returns -1.
	 */
	int (*put)(void *ctx, const char *path, const char *text, size_t len);
	void *ctx;
};

/* s->put(s->ctx, ...). */
int emit_put(const struct emit_sink *s, const char *path, const char *text,
    size_t len);

struct emit_file {
	const char *path;	/* relative, '/'-separated */
	char *text;		/* owned by the emit_out's arena */
	size_t len;
};

/* Files kept in memory (tests); memory from arena. */
struct emit_out {
	struct arena *arena;
	ARR(struct emit_file) files;
	struct emit_sink sink;	/* adds to files (a copy of the text) */
};

void emit_out_init(struct emit_out *o, struct arena *a);
/* Sort the files by path; a path given twice is a bug (asserted). */
void emit_out_sort(struct emit_out *o);
/* The file at path, or NULL: a binary search (after emit_out_sort). */
const struct emit_file *emit_out_find(const struct emit_out *o,
    const char *path);

#endif
