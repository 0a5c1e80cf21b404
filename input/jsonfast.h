/*
 * jsonfast.h - the loader's one fast path: a reader of the common kind
 * of strict JSON (what an export mostly is), that builds jansson's tree
 * for it or only checks that jansson would read it. Anything it does not
 * take is left to json_loadb, with its diagnostics; docs/inputs.md
 * ("Speed and memory") says what it buys.
 *
 * fast_tree   the tree, as json_loadb would build it, or NULL
 * jfast_valid would json_loadb read it without error?
 */
#ifndef MESHPLAN_JSONFAST_H
#define MESHPLAN_JSONFAST_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

/*
 * The tree of JSON text s[0..len) when it is of the common kind (strings,
 * integers of at most 18 digits, literals; no duplicate keys; nesting at
 * most 64), as json_loadb with JSON_REJECT_DUPLICATES | JSON_DECODE_ANY
 * would give it; NULL when it is not (then use json_loadb). s must be
 * UTF-8. The caller decrefs.
 */
json_t *fast_tree(const char *s, size_t len);
/*
 * Would json_loadb (JSON_REJECT_DUPLICATES | JSON_DECODE_ANY) read
 * s[0..len) without error? Conservative: true only when it would; false
 * also for what is left to jansson (keys with escapes, more than 32 keys
 * in one object, nesting deeper than 64, numbers of more than 18 integer
 * or 2 exponent digits). s may be any bytes.
 */
bool jfast_valid(const char *s, size_t len);

#endif
