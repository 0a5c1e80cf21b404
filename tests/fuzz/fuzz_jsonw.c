/*
 * fuzz_jsonw.c - jw_raw() (the plan writer's layout of a VNet's raw JSON,
 * which a plan file given to "emit --plan" can hold) on arbitrary text, up
 * to the first NUL: the document written around it must always be JSON
 * jansson reads back; when the text is JSON, the value read back must
 * equal it, and when it is not, the text must come back as a string.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../emitters/jsonw.h"
#include "../../lib/strbuf.h"
#include "../../lib/util.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *want, *got;
	struct jw w;
	char *s;

	if (size > 65536)
		return 0;
	s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	if ((want = json_string(s)) == NULL) {	/* not UTF-8 */
		free(s);
		return 0;
	}
	json_decref(want);
	jw_init(&w, &sb);
	jw_open(&w, '{');
	jw_key(&w, "raw");
	jw_raw(&w, s);
	jw_close(&w, '}');
	MP_ASSERT(w.depth == 0);
	got = json_loads(sb_str(&sb), 0, NULL);
	MP_ASSERT(got != NULL);
	want = json_loads(s, JSON_DECODE_ANY, NULL);
	if (want == NULL)
		want = json_string(s);
	MP_ASSERT(json_equal(json_object_get(got, "raw"), want));
	json_decref(want);
	json_decref(got);
	sb_free(&sb);
	free(s);
	return 0;
}
