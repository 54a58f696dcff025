/*
 * The console driver's line discipline (user/uart/line.c), the very code
 * the driver runs: a table of typed byte strings with the echo and the
 * complete lines each must give, then the queue (typing ahead, a full
 * queue) and reading a line in pieces.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "user/uart/line.h"

typedef struct echo_buf {
	char text[4096];
	size_t len;
} echo_buf_t;

static void echo(void *ctx, const char *s, unsigned n)
{
	echo_buf_t *e = ctx;

	assert_true(e->len + n < sizeof(e->text));
	memcpy(e->text + e->len, s, n);
	e->len += n;
	e->text[e->len] = '\0';
}

static void type(line_editor_t *ed, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		line_feed(ed, (uint8_t)s[i]);
}

/* Every complete line, each followed by "|", taken whole. */
static void take_all(line_editor_t *ed, char *out, size_t size)
{
	size_t k = 0;

	out[0] = '\0';
	while (line_ready(ed)) {
		char buf[LINE_EDIT_MAX + 1];
		bool ended;
		unsigned n = line_take(ed, buf, sizeof(buf), &ended);

		assert_true(ended);
		assert_true(k + n + 2 < size);
		memcpy(out + k, buf, n);
		k += n;
		out[k++] = '|';
		out[k] = '\0';
	}
}

typedef struct line_case {
	const char *name;
	const char *typed;
	size_t typed_len;       /* 0: strlen(typed) */
	const char *echo;
	const char *lines;      /* complete lines, each followed by "|" */
} line_case_t;

#define BS "\b \b"

static const line_case_t cases[] = {
	{ "CR ends a line", "help\r", 0, "help\r\n", "help|" },
	{ "LF ends a line", "help\n", 0, "help\r\n", "help|" },
	{ "CR LF is one end", "a\r\nb\r", 0, "a\r\nb\r\n", "a|b|" },
	{ "LF LF is an empty line", "a\n\nb\n", 0, "a\r\n\r\nb\r\n", "a||b|" },
	{ "CR CR is an empty line", "\r\r", 0, "\r\n\r\n", "||" },
	{ "DEL erases", "untx\x7fyped\r", 0, "untx" BS "yped\r\n", "untyped|" },
	{ "BS erases", "ab\bc\r", 0, "ab" BS "c\r\n", "ac|" },
	{ "erasing nothing echoes nothing", "\x7f\bab\r", 0, "ab\r\n", "ab|" },
	{ "Ctrl-U erases the line", "abc\x15" "d\r", 0, "abc" BS BS BS "d\r\n", "d|" },
	{ "Ctrl-C drops the line, an empty one completes", "abc\x03", 0, "abc^C\r\n", "|" },
	{ "arrow keys (CSI, SS3) are swallowed", "a\x1b[Ab\x1bOCc\x1b[1;5Dd\r", 0, "abcd\r\n",
	  "abcd|" },
	{ "ESC and one byte are swallowed", "\x1bxab\r", 0, "ab\r\n", "ab|" },
	{ "a tab is a space", "a\tb\r", 0, "a b\r\n", "a b|" },
	{ "control bytes and bytes >= 0x80 are ignored", "a\x01\x80\xff\x7e" "b\r", 0,
	  "a~b\r\n", "a~b|" },
	{ "a NUL is ignored", "a\0b\r", 4, "ab\r\n", "ab|" },
	{ "nothing typed, nothing complete", "abc", 0, "abc", "" },
};

static void test_table(void **state)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const line_case_t *c = &cases[i];
		line_editor_t ed;
		echo_buf_t e = { .len = 0 };
		char lines[2048];

		e.text[0] = '\0';
		line_init(&ed, echo, &e);
		type(&ed, c->typed, c->typed_len ? c->typed_len : strlen(c->typed));
		take_all(&ed, lines, sizeof(lines));
		if (strcmp(e.text, c->echo) != 0 || strcmp(lines, c->lines) != 0)
			fail_msg("%s: echo \"%s\" (want \"%s\"), lines \"%s\" (want \"%s\")", c->name,
				 e.text, c->echo, lines, c->lines);
	}
}

/* A line is at most LINE_EDIT_MAX bytes: more rings the bell. */
static void test_line_full(void **state)
{
	line_editor_t ed;
	echo_buf_t e = { .len = 0 };
	char want[LINE_EDIT_MAX + 8], lines[LINE_EDIT_MAX + 8];

	line_init(&ed, echo, &e);
	for (int i = 0; i < LINE_EDIT_MAX + 1; i++)
		line_feed(&ed, 'x');
	line_feed(&ed, '\r');
	memset(want, 'x', LINE_EDIT_MAX);
	memcpy(want + LINE_EDIT_MAX, "\a\r\n", 4);
	assert_string_equal(e.text, want);
	take_all(&ed, lines, sizeof(lines));
	memcpy(want + LINE_EDIT_MAX, "|", 2);
	assert_string_equal(lines, want);
}

/* Typed-ahead lines queue up; when the queue is full, Enter rings the bell
 * and the line stays being typed until there is room. */
static void test_queue_full(void **state)
{
	line_editor_t ed;
	echo_buf_t e = { .len = 0 };
	char buf[16];
	unsigned lines = 0, n;
	bool ended;

	line_init(&ed, echo, &e);
	/* "0123456\n" is 8 bytes: LINE_QUEUE_SIZE / 8 lines fill the queue. */
	for (; lines < LINE_QUEUE_SIZE / 8; lines++)
		type(&ed, "0123456\r", 8);
	assert_int_equal(ed.lines, lines);
	e.len = 0;
	type(&ed, "abc\r", 4);
	assert_string_equal(e.text, "abc\a");
	assert_int_equal(ed.lines, lines);
	/* Take one line: now Enter works. */
	n = line_take(&ed, buf, sizeof(buf), &ended);
	assert_int_equal(n, 7);
	assert_true(ended);
	e.len = 0;
	line_feed(&ed, '\r');
	assert_string_equal(e.text, "\r\n");
	for (unsigned i = 0; i < lines - 1; i++) {
		n = line_take(&ed, buf, sizeof(buf), &ended);
		assert_int_equal(n, 7);
		assert_memory_equal(buf, "0123456", 7);
	}
	n = line_take(&ed, buf, sizeof(buf), &ended);
	assert_int_equal(n, 3);
	assert_memory_equal(buf, "abc", 3);
	assert_false(line_ready(&ed));
}

/* A reader that wants fewer bytes than the line has gets it in pieces;
 * peeking takes nothing. */
static void test_pieces(void **state)
{
	line_editor_t ed;
	echo_buf_t e = { .len = 0 };
	char buf[8];
	bool ended;
	unsigned n;

	line_init(&ed, echo, &e);
	n = line_take(&ed, buf, 4, &ended);
	assert_int_equal(n, 0);
	assert_false(ended);
	type(&ed, "abcdefghij\rabcd\r\r", 17);
	n = line_peek(&ed, buf, 4, &ended);
	assert_int_equal(n, 4);
	assert_false(ended);
	n = line_peek(&ed, buf, 4, &ended);
	assert_int_equal(n, 4);
	line_consume(&ed, n, ended);
	n = line_take(&ed, buf, 4, &ended);
	assert_memory_equal(buf, "efgh", 4);
	assert_false(ended);
	n = line_take(&ed, buf, 4, &ended);
	assert_int_equal(n, 2);
	assert_memory_equal(buf, "ij", 2);
	assert_true(ended);
	/* Exactly max bytes: the newline comes with them. */
	n = line_take(&ed, buf, 4, &ended);
	assert_int_equal(n, 4);
	assert_true(ended);
	/* An empty line. */
	n = line_take(&ed, buf, 4, &ended);
	assert_int_equal(n, 0);
	assert_true(ended);
	assert_false(line_ready(&ed));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_line_full),
		cmocka_unit_test(test_queue_full),
		cmocka_unit_test(test_pieces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
