/*
 * util.c - aborting allocators, assertion failure, ASCII case helpers.
 */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
mp_assert_fail(const char *expr, const char *file, int line, const char *func)
{
	fprintf(stderr, "meshplan: internal error: %s:%d: %s: assertion '%s' "
	    "failed\n", file, line, func, expr);
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

int
mp_strcasecmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	/* Most strings compared are equal in case too: that first. */
	while (*x == *y && *x) {
		x++;
		y++;
	}
	while (*x && lower(*x) == lower(*y)) {
		x++;
		y++;
	}
	return lower(*x) - lower(*y);
}

bool
mp_strcaseeq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return mp_strcasecmp(a, b) == 0;
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
	return l->n > 0 && bsearch(&s, l->v, l->n, sizeof(*l->v),
	    strvec_cmp) != NULL;
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
