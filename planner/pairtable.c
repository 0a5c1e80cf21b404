/*
 * pairtable.c - looking a pair up in a pair table (pairtable.h): its
 * source's exceptions by binary search, else its class's row.
 */
#include "pairtable.h"

unsigned char
pair_table_code(const struct pair_table *t, size_t i, size_t j,
    unsigned char none)
{
	size_t lo, hi;

	if (i == j || t->class_of[i] == PT_NO_CLASS)
		return none;
	lo = t->exc_at[i];
	hi = t->exc_at[i + 1];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->exc[mid].j == j)
			return t->exc[mid].code;
		if (t->exc[mid].j < j)
			lo = mid + 1;
		else
			hi = mid;
	}
	return t->row[t->class_of[i] * t->n + j];
}
