/*
 * sink.h - where the emitters put the files they make.
 *
 * An emitter never touches the file system and keeps no file: it hands
 * each file to the sink it is given as it makes it, whole (emit_put) or
 * piece by piece (emit_open, emit_write..., emit_close) for files too
 * large to hold, and frees its text. cli/ gives sinks that write into a
 * staged output folder (outputs.h); emit_out is a sink that keeps the
 * files in memory, for tests. One file is open at a time.
 *
 *   emit_open        start a file
 *   emit_write       append to it
 *   emit_close       end it
 *   emit_put         a whole file (the three at once)
 *   emit_put_same    a whole file that every target puts alike
 *   emit_sb          hand a strbuf's text to the sink and empty it
 *   sink_to_strbuf   a sink whose one file is appended to a strbuf
 *   emit_out_init    an empty in-memory sink (its .sink)
 *   emit_out_sort    sort its files by path (asserts no path twice)
 *   emit_out_find    one of its files by path (after emit_out_sort)
 */
#ifndef MESHPLAN_SINK_H
#define MESHPLAN_SINK_H

#include <stddef.h>

#include "../lib/arena.h"
#include "../lib/strbuf.h"

/*
 * Each callback returns 0, or -1 after printing why; then the emitter
 * stops and returns -1. After a failure the sink refuses everything
 * (-1) but close, which the emitter still calls for an open file.
 */
struct emit_sink {
	/* Start the file path (relative, '/'-separated, never twice). */
	int (*open)(void *ctx, const char *path);
	/* Append len bytes of text (the caller's again on return). */
	int (*write)(void *ctx, const char *text, size_t len);
	/* The file is complete. */
	int (*close)(void *ctx);
	void *ctx;
	/*
	 * Optional (NULL: emit_put): a whole file that every target of
	 * the run puts at the same path with the same bytes (a folder's
	 * RUNBOOK.md). A sink that lays the targets out apart may keep
	 * one copy for all of them.
	 */
	int (*same)(void *ctx, const char *path, const char *text, size_t len);
};

int emit_open(const struct emit_sink *s, const char *path);
int emit_write(const struct emit_sink *s, const char *text, size_t len);
int emit_close(const struct emit_sink *s);
int emit_put(const struct emit_sink *s, const char *path, const char *text,
    size_t len);
int emit_put_same(const struct emit_sink *s, const char *path, const char *text,
    size_t len);

/* emit_write of sb's text (nothing when empty), then sb is emptied.
 * 0 or -1 as emit_write. */
int emit_sb(const struct emit_sink *s, struct strbuf *sb);

/* A sink that appends what is written to sb (open and close do
 * nothing): a document writer's text in memory (tests, fuzzers). */
void sink_to_strbuf(struct emit_sink *s, struct strbuf *sb);

struct emit_file {
	const char *path; /* relative, '/'-separated */
	char *text;	  /* owned by the emit_out's arena */
	size_t len;
};

/* Files kept in memory (tests); memory from arena. */
struct emit_out {
	struct arena *arena;
	ARR(struct emit_file) files;
	struct emit_sink sink; /* adds to files */
	const char *open;      /* the open file's path, or NULL */
	struct strbuf text;    /* its text so far */
};

void emit_out_init(struct emit_out *o, struct arena *a);
/* Sort the files by path; a path given twice is a bug (asserted). */
void emit_out_sort(struct emit_out *o);
/* The file at path, or NULL: a binary search (after emit_out_sort). */
const struct emit_file *emit_out_find(const struct emit_out *o,
    const char *path);

#endif
