/*
 * util.h - allocation that aborts on out-of-memory, always-on assertions,
 * and small string helpers shared by every layer.
 *
 * Invariants: x*alloc never return NULL; MP_ASSERT is active in every build
 * (it guards against bugs, never against bad input).
 */
#ifndef MESHPLAN_UTIL_H
#define MESHPLAN_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#define MP_ASSERT(e) \
	((e) ? (void)0 : mp_assert_fail(#e, __FILE__, __LINE__, __func__))
#define MP_NELEM(a) (sizeof(a) / sizeof((a)[0]))

_Noreturn void mp_assert_fail(const char *expr, const char *file, int line,
    const char *func);
_Noreturn void mp_oom(size_t size);

/* Caller owns the returned memory (free()). Never NULL. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* A growable list of heap strings it owns (strvec_free frees them all). */
struct strvec {
	char **v;
	size_t n, cap;
};
void strvec_push(struct strvec *l, char *s); /* takes ownership of s */
void strvec_sort(struct strvec *l);	     /* byte order */
/* Is s in a sorted list? */
bool strvec_has(const struct strvec *l, const char *s);
void strvec_free(struct strvec *l); /* NULL-safe, leaves it empty */

/* ASCII case-insensitive helpers; Azure ids and types compare this way. */
int mp_strcasecmp(const char *a, const char *b);
bool mp_strcaseeq(const char *a, const char *b);
bool mp_strcase_prefix(const char *s, const char *prefix);
bool mp_strcase_suffix(const char *s, const char *suffix);
void mp_strlower(char *s);

/* FNV-1a over the lower-cased bytes of s (stable across runs). */
unsigned long long mp_hash_lower(const char *s);
/* a + b, held at the largest value instead of wrapping (counters). */
static inline unsigned long long
mp_add_sat(unsigned long long a, unsigned long long b)
{
	return a + b < a ? ~0ULL : a + b;
}

#endif
