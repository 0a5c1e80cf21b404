/*
 * util.c - aborting allocators, assertion failure, ASCII case helpers.
 */
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
mp_assert_fail(const char *expr, const char *file, int line, const char *func)
{
	fprintf(stderr,
	    "meshplan: internal error: %s:%d: %s: assertion '%s' "
	    "failed\n",
	    file, line, func, expr);
	abort();
}

void
mp_oom(size_t size)
{
	fprintf(stderr, "meshplan: out of memory (allocating %zu bytes)\n",
	    size);
	abort();
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		mp_oom(size);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		mp_oom(n * size);
	return p;
}

void *
xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);

	if (q == NULL)
		mp_oom(size);
	return q;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static int
lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/*
 * Eight bytes at a time: ASCII 'A'..'Z' of each byte of w with 0x20 set
 * (bytes >= 0x80 untouched), as lower() does byte by byte.
 */
static uint64_t
lower8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t high = 0x8080808080808080ULL;
	uint64_t t = w & ~high;
	uint64_t up = ((t + (0x80 - 'A') * ones) ^ (t + (0x7f - 'Z') * ones)) &
	    ~w & high;

	return w | up >> 2;
}

/*
 * ARM ids are long and share long prefixes (/subscriptions/S/
 * resourceGroups/G/...), so the bytes up to the shorter string's end are
 * compared eight at a time (the lengths come from strlen, which reads
 * whole words itself); the first word that differs once lowered is
 * walked byte by byte for its first differing byte. The result is that
 * of comparing lower() of each byte in turn.
 */
int
mp_strcasecmp(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), n = la < lb ? la : lb, i = 0;
	uint64_t x, y;

	for (; i + 8 <= n; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y && lower8(x) != lower8(y))
			break;
	}
	for (; i < n; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			break;
	return lower((unsigned char)a[i]) - lower((unsigned char)b[i]);
}

bool
mp_strcaseeq(const char *a, const char *b)
{
	size_t la, lb, i;
	uint64_t x, y;

	if (a == NULL || b == NULL)
		return a == b;
	/* Different lengths are never equal: strlen first, no compare. */
	if ((la = strlen(a)) != (lb = strlen(b)))
		return false;
	for (i = 0; i + 8 <= la; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y && lower8(x) != lower8(y))
			return false;
	}
	for (; i < la; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return false;
	return true;
}

bool
mp_strcase_prefix(const char *s, const char *prefix)
{
	while (*prefix) {
		if (lower((unsigned char)*s) != lower((unsigned char)*prefix))
			return false;
		s++;
		prefix++;
	}
	return true;
}

bool
mp_strcase_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && mp_strcasecmp(s + n - m, suffix) == 0;
}

void
mp_strlower(char *s)
{
	for (; *s; s++)
		*s = (char)lower((unsigned char)*s);
}

unsigned long long
mp_hash_lower(const char *s)
{
	unsigned long long h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)lower((unsigned char)*s);
		h *= 1099511628211ULL;
	}
	return h;
}

void
strvec_push(struct strvec *l, char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = s;
}

static int
strvec_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
strvec_sort(struct strvec *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), strvec_cmp);
}

bool
strvec_has(const struct strvec *l, const char *s)
{
	return l->n > 0 &&
	    bsearch(&s, l->v, l->n, sizeof(*l->v), strvec_cmp) != NULL;
}

void
strvec_free(struct strvec *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}
