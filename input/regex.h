/*
 * regex.h - the only PCRE2 user: compiles policy patterns (UTF mode) into
 * struct pattern (planner/policy.h), whose match function the planner
 * calls without seeing PCRE2.
 */
#ifndef MESHPLAN_REGEX_H
#define MESHPLAN_REGEX_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct pattern;

/*
 * Compile text (PCRE2_UTF, unanchored: "search" semantics) into out. The
 * compiled code lives in arena a and dies with it. On failure returns
 * false, stores PCRE2's message in *err (arena string) and the 0-based
 * offset in the pattern where PCRE2 stopped in *erroff.
 */
bool regex_compile(struct arena *a, const char *text, struct pattern *out,
    const char **err, size_t *erroff);

#endif
