/*
 * dtinfo's JSON writer (scripts/dtinfo/json.c), as tables of call
 * sequences.
 *
 * A sequence is a string, one character per call: '{' '}' object, '['
 * ']' array, '(' ')' one-line array (')' is json_end_array() too, as ']'
 * is), 'k' the key "k", 'u' the
 * number 7, 't' true, 'n' null, 's' a string full of things to escape.
 * Each row gives the exact document (json_finish() true) or the words of
 * the error and the output written before it (json_finish() false). The
 * fuzz target "json" covers arbitrary valid sequences; this suite pins
 * the layout and every refusal.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../scripts/dtinfo/json.h"

typedef struct run {
	char *out;
	size_t len;
	bool finished;
	const char *error;
} run_t;

static void play(const char *calls, run_t *r)
{
	FILE *f = open_memstream(&r->out, &r->len);
	json_t j;

	assert_non_null(f);
	json_init(&j, f);
	for (const char *c = calls; *c != '\0'; c++) {
		switch (*c) {
		case '{': json_begin_object(&j); break;
		case '}': json_end_object(&j); break;
		case '[': json_begin_array(&j); break;
		case '(': json_begin_flat_array(&j); break;
		case ']': case ')': json_end_array(&j); break;
		case 'k': json_key(&j, "k"); break;
		case 'u': json_u64(&j, 7); break;
		case 't': json_bool(&j, true); break;
		case 'n': json_string(&j, NULL); break;
		case 's': json_string(&j, "q\"b\\\x01\n\xc3\xa9\xff"); break;
		default: fail_msg("bad call '%c' in \"%s\"", *c, calls);
		}
	}
	r->finished = json_finish(&j);
	r->error = json_error(&j);
	assert_int_equal(fclose(f), 0);
}

/* ---- valid sequences: the exact document ---- */

static const struct {
	const char *calls, *doc;
} valid[] = {
	{ "u", "7\n" },
	{ "{}", "{}\n" },
	{ "[]", "[]\n" },
	{ "{ku}", "{\n  \"k\": 7\n}\n" },
	{ "{kukt}", "{\n  \"k\": 7,\n  \"k\": true\n}\n" },
	{ "[(uu)(u)]", "[\n  [7, 7],\n  [7]\n]\n" },
	{ "{k[{kn}]k[]}", "{\n  \"k\": [\n    {\n      \"k\": null\n    }\n  ],\n  \"k\": []\n}\n" },
	{ "(u(u))", "[7, [7]]\n" },
	{ "s", "\"q\\\"b\\\\\\u0001\\n\\u00e9\\ufffd\"\n" },
};

static void test_json_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		run_t r = { 0 };

		play(valid[i].calls, &r);
		if (!r.finished || r.error != NULL)
			fail_msg("\"%s\" refused: %s", valid[i].calls, r.error ? r.error : "(no error)");
		if (strcmp(r.out, valid[i].doc) != 0)
			fail_msg("\"%s\" wrote\n%s\nexpected\n%s", valid[i].calls, r.out, valid[i].doc);
		free(r.out);
	}
}

/* ---- misuse: refused, with nothing written from the bad call on ---- */

static const struct {
	const char *calls, *words, *written;
} misuse[] = {
	{ "{u}", "without a key", "{" },
	{ "[k]", "key outside an object", "[" },
	{ "k", "key outside an object", "" },
	{ "{kk", "key without a value", "{\n  \"k\": " },
	{ "{k}", "key without a value", "{\n  \"k\": " },
	{ "[}", "array closed as an object", "[" },
	{ "{]", "object closed as an array", "{" },
	{ "]", "never opened", "" },
	{ "{}u", "second value", "{}" },
	{ "uu", "second value", "7" },
	{ "[[]", "still open", "[\n  []" },
	{ "", "no value", "" },
	{ "]uuu[", "never opened", "" },
};

static void test_json_misuse(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(misuse) / sizeof(misuse[0]); i++) {
		run_t r = { 0 };

		play(misuse[i].calls, &r);
		if (r.finished || r.error == NULL)
			fail_msg("\"%s\" accepted: %s", misuse[i].calls, r.out);
		if (strstr(r.error, misuse[i].words) == NULL)
			fail_msg("\"%s\": error \"%s\" does not say \"%s\"", misuse[i].calls, r.error,
				 misuse[i].words);
		if (strcmp(r.out, misuse[i].written) != 0)
			fail_msg("\"%s\" wrote \"%s\", expected \"%s\"", misuse[i].calls, r.out,
				 misuse[i].written);
		free(r.out);
	}
}

/* ---- the nesting limit: exactly JSON_MAX_NESTING containers ---- */

static size_t count(const run_t *r, char c)
{
	size_t n = 0;

	for (size_t k = 0; k < r->len; k++)
		n += r->out[k] == c;
	return n;
}

static void nested(char *calls, unsigned n, char open, char close)
{
	memset(calls, open, n);
	memset(calls + n, close, n);
	calls[2 * n] = '\0';
}

static void test_json_nesting_limit(void **state)
{
	char calls[2 * (JSON_MAX_NESTING + 2) + 1];
	run_t r = { 0 };

	(void)state;
	assert_int_equal(JSON_MAX_NESTING, 15);
	/* As deep as allowed: a valid document. */
	nested(calls, JSON_MAX_NESTING, '[', ']');
	play(calls, &r);
	assert_true(r.finished);
	assert_null(r.error);
	assert_int_equal(count(&r, '['), JSON_MAX_NESTING);
	assert_int_equal(count(&r, ']'), JSON_MAX_NESTING);
	assert_int_equal(r.out[r.len - 1], '\n');
	free(r.out);

	/* One more: refused at the sixteenth opening, which writes nothing;
	 * the closes that follow write nothing either. */
	nested(calls, JSON_MAX_NESTING + 1, '[', ']');
	play(calls, &r);
	assert_false(r.finished);
	assert_non_null(r.error);
	assert_non_null(strstr(r.error, "more than 15 containers nested"));
	assert_int_equal(strspn(r.out, "[ \n"), r.len);
	assert_int_equal(count(&r, '['), JSON_MAX_NESTING);
	free(r.out);

	/* Objects count the same. */
	for (unsigned k = 0; k <= JSON_MAX_NESTING; k++) {
		calls[2 * k] = '{';
		calls[2 * k + 1] = 'k';
	}
	calls[2 * (JSON_MAX_NESTING + 1)] = '\0';
	play(calls, &r);
	assert_false(r.finished);
	assert_non_null(strstr(r.error, "nested"));
	free(r.out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_valid),
		cmocka_unit_test(test_json_misuse),
		cmocka_unit_test(test_json_nesting_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
