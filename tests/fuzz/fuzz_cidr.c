/*
 * fuzz_cidr.c - prefix_parse() on arbitrary strings, and round trips:
 * whatever parses must format to text that parses back (strictly, with no
 * flags) to the same prefix, format again to the same text, keep its
 * host bits zero and have a length within its family. The first byte
 * picks the parse flags; the rest, up to the first NUL, is the string.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/util.h"
#include "../../planner/cidr.h"
#include "fuzz.h"

static bool
host_bits_zero(const struct prefix *p)
{
	unsigned i;

	for (i = p->len; i < prefix_maxlen(p); i++)
		if (prefix_bit(p, i))
			return false;
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[PREFIX_STRLEN], buf2[PREFIX_STRLEN], abuf[PREFIX_STRLEN];
	struct prefix p, q, t;
	const char *err = NULL;
	unsigned flags;
	char *s;

	if (size == 0 || size > 256)
		return 0;
	flags = data[0] & (PFX_NORMALIZE | PFX_ALLOW_ADDR);
	s = xmalloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	if (prefix_parse(s, flags, &p, &err) != 0) {
		MP_ASSERT(err != NULL);
		free(s);
		return 0;
	}
	MP_ASSERT(p.fam == FAM_V4 || p.fam == FAM_V6);
	MP_ASSERT(p.len <= prefix_maxlen(&p));
	MP_ASSERT(host_bits_zero(&p));
	prefix_format(&p, buf);
	MP_ASSERT(strlen(buf) < PREFIX_STRLEN);
	MP_ASSERT(prefix_parse(buf, 0, &q, &err) == 0);
	MP_ASSERT(prefix_eq(&p, &q) && prefix_cmp(&p, &q) == 0);
	prefix_format(&q, buf2);
	MP_ASSERT(strcmp(buf, buf2) == 0);
	/* The address alone parses back as a host prefix that p contains. */
	prefix_format_addr(&p, abuf);
	MP_ASSERT(prefix_parse(abuf, PFX_ALLOW_ADDR, &t, &err) == 0);
	MP_ASSERT(t.len == prefix_maxlen(&p) && prefix_contains(&p, &t));
	/* Without flags, only canonical-on-the-bits input parses. */
	if (flags == 0)
		MP_ASSERT(prefix_parse(s, 0, &q, &err) == 0 &&
		    prefix_eq(&p, &q));
	free(s);
	return 0;
}
