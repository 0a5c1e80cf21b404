/*
 * analyze_json.h - the JSON of `meshplan analyze --format json` (DESIGN.md
 * section 10), and small jansson helpers shared with the SARIF emitter.
 *
 * Key order is fixed (documented in analyze_json.c) and arrays come
 * sorted from the analysis, so the same estate gives the same bytes.
 */
#ifndef MESHPLAN_ANALYZE_JSON_H
#define MESHPLAN_ANALYZE_JSON_H

#include <jansson.h>

struct analysis;
struct diags;
struct emit_sink;
struct jw;
struct strbuf;

/* Significant digits of the reals of analyze's JSON (and SARIF's). */
#define AJSON_PRECISION 6

/* Append the analysis as pretty-printed JSON (2-space indent, final
 * newline) to out. Diagnostics d may be NULL. */
void analyze_json(struct strbuf *out, const struct analysis *an,
    const struct diags *d);
/* The same written to the sink's open file as it is made (64 KiB at a
 * time); 0, or -1 when the sink refused. */
int analyze_json_sink(const struct emit_sink *out, const struct analysis *an,
    const struct diags *d);
/* The analysis object's members, in their order, into w's open object
 * (report.json continues it with the plan's). */
void analyze_json_members(struct jw *w, const struct analysis *an,
    const struct diags *d);

/* A JSON string from any bytes (invalid UTF-8 bytes become U+FFFD);
 * NULL gives JSON null. Never returns NULL. */
json_t *ajson_str(const char *s);
/* Integral values as JSON integers, others as reals (3 decimals). */
json_t *ajson_num(double v);
/* Append json_dumps(j) with a final newline and release j. */
void ajson_dump(struct strbuf *out, json_t *j);
/* Set key on obj to value (stealing value); aborts on failure. */
void ajson_set(json_t *obj, const char *key, json_t *value);

#endif
