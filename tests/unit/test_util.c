/*
 * test_util.c - mp_strcasecmp and mp_strcaseeq (eight bytes at a time)
 * against a naive byte-by-byte comparison of ASCII-lowered bytes, on
 * strings built to differ in case, in one byte at every offset of a word,
 * in length, and in bytes >= 0x80 (never folded). Fixed seed, printed on
 * failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../lib/util.h"

static int
naive_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int
naive_cmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x != '\0' && naive_lower(*x) == naive_lower(*y)) {
		x++;
		y++;
	}
	return naive_lower(*x) - naive_lower(*y);
}

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

static void
check(const char *a, const char *b, unsigned seed)
{
	int want = naive_cmp(a, b), got = mp_strcasecmp(a, b);

	if (want != got || mp_strcaseeq(a, b) != (want == 0)) {
		fprintf(stderr, "seed %u: \"%s\" vs \"%s\": want %d, got %d\n",
		    seed, a, b, want, got);
		fail();
	}
	assert_int_equal(sign(mp_strcasecmp(b, a)), -sign(want));
}

static void
test_fixed(void **state)
{
	(void)state;
	check("", "", 0);
	check("", "a", 0);
	check("/subscriptions/ABC/resourceGroups/rg", "/SUBSCRIPTIONS/abc/"
	    "resourcegroups/RG", 0);
	check("/subscriptions/abc/resourceGroups/rg-1", "/subscriptions/abc/"
	    "resourceGroups/rg-2", 0);
	check("abcdefgh", "abcdefghi", 0);
	check("ABCDEFGH[", "abcdefgh{", 0);	/* '[' < 'a' < '{' */
	check("@`[{", "@`[{", 0);		/* the bytes around A-Z, a-z */
	check("\xc3\x89t\xc3\xa9", "\xc3\xa9t\xc3\xa9", 0); /* not folded */
	assert_true(mp_strcaseeq(NULL, NULL));
	assert_false(mp_strcaseeq("a", NULL));
}

static void
test_random(void **state)
{
	static const char alpha[] = "aAbBzZ@[`{/-_09\x80\xc3\xff";
	unsigned seed = 19;
	char a[80], b[80];
	int round;

	(void)state;
	srand(seed);
	for (round = 0; round < 200000; round++) {
		size_t la = (size_t)rand() % 40, lb, i;

		for (i = 0; i < la; i++)
			a[i] = alpha[(size_t)rand() % (sizeof(alpha) - 1)];
		a[la] = '\0';
		/* b: a with its case flipped, then perhaps one byte changed
		 * and perhaps cut or extended. */
		memcpy(b, a, la + 1);
		for (i = 0; i < la; i++)
			if (rand() % 2 && ((b[i] >= 'a' && b[i] <= 'z') ||
			    (b[i] >= 'A' && b[i] <= 'Z')))
				b[i] ^= 0x20;
		if (la > 0 && rand() % 2)
			b[(size_t)rand() % la] =
			    alpha[(size_t)rand() % (sizeof(alpha) - 1)];
		lb = la;
		if (rand() % 4 == 0)
			lb = (size_t)rand() % (la + 1);
		else if (rand() % 4 == 0)
			while (lb < la + 5)
				b[lb++] = alpha[(size_t)rand() %
				    (sizeof(alpha) - 1)];
		b[lb] = '\0';
		check(a, b, seed);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
