/*
 * policy.h (input) - read the policy file (DESIGN.md section 7, YAML) into
 * struct policy. The keys, types and limit names are listed in
 * docs/planning.md; schemas/policy.schema.json is the same contract as a
 * JSON Schema.
 */
#ifndef MESHPLAN_INPUT_POLICY_H
#define MESHPLAN_INPUT_POLICY_H

#include <stddef.h>

struct arena;
struct diags;
struct policy;

/*
 * The defaults of DESIGN.md sections 4-7 plus the default pilot selector
 * (tag env ^(dev|test)$, case-insensitive, or a name with a dev/test
 * word); patterns are compiled into a.
 */
void policy_init_defaults(struct policy *p, struct arena *a);

/*
 * Load file into p (starting from policy_init_defaults). Every problem is
 * a diagnostic with file:line:column; loading goes on to report them all.
 * Returns the number of errors added (0: p is usable). Strings and
 * patterns live in a.
 */
size_t policy_load(struct policy *p, struct arena *a, struct diags *d,
    const char *file);
/* The same from a buffer; name is used in diagnostics. */
size_t policy_load_buffer(struct policy *p, struct arena *a, struct diags *d,
    const char *name, const char *text, size_t len);

#endif
