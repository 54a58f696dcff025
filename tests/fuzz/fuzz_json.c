/*
 * Fuzz target "json": dtinfo's JSON writer (scripts/dtinfo/json.c).
 *
 * The input is read as a program for the writer: each value starts with a
 * byte choosing its kind (object, array, one-line array, number, boolean,
 * null, string, missing string); objects and arrays take a member count,
 * keys and strings are the bytes up to the next NUL (any bytes: invalid
 * UTF-8, control characters, quotes). So every call sequence is one dtinfo
 * could make, with arbitrary device-tree strings in it, nested up to
 * MAX_NESTING containers: deeper than the writer's JSON_MAX_NESTING. A
 * program that nests deeper must make the writer refuse: json_finish()
 * false, an error naming the nesting, and not one byte written from the
 * call that went too deep on.
 *
 * Otherwise, while writing, the target records what it wrote in a
 * canonical form of its own; then it parses the output with a strict JSON
 * parser (RFC 8259) that produces the same canonical form and compares
 * the two. Strings are
 * compared as code points: the writer must keep every well-formed UTF-8
 * sequence and turn each byte that starts no well-formed sequence into
 * U+FFFD, as json.h promises. The output must also be pure ASCII and end
 * with a newline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../scripts/dtinfo/json.h"
#include "fuzz.h"

const char fuzz_target_name[] = "json";

#define MAX_MEMBERS 6
#define MAX_NESTING (JSON_MAX_NESTING + 8)

/* ---- canonical form: one letter per event, strings as code points ---- */

typedef struct canon {
	char *buf;
	size_t len, cap;
} canon_t;

/* Room for the canonical form of what `size` input bytes can write: at
 * most 8 characters per byte ("fffd." per string byte, a 20-digit number
 * per 8 bytes, "[n]" per 2 bytes), plus the null that may end it. */
static void canon_init(canon_t *c, size_t size)
{
	c->cap = 8 * size + 16;
	c->buf = malloc(c->cap);
	FUZZ_CHECK(c->buf != NULL, "out of memory");
	c->buf[0] = '\0';
	c->len = 0;
}

static void canon_put(canon_t *c, const char *s)
{
	size_t n = strlen(s);

	FUZZ_CHECK(c->len + n < c->cap, "canonical form longer than %zu bytes", c->cap);
	memcpy(c->buf + c->len, s, n + 1);
	c->len += n;
}

static void canon_cp(canon_t *c, uint32_t cp)
{
	char tmp[16];

	snprintf(tmp, sizeof(tmp), "%x.", (unsigned)cp);
	canon_put(c, tmp);
}

/* Length of the well-formed UTF-8 sequence at s (Unicode 15, table 3-7)
 * and its code point; 0 when the byte starts none. Written apart from
 * json.c's decoder on purpose: the two must agree. */
static int utf8_seq(const unsigned char *s, uint32_t *cp)
{
	static const struct { unsigned char lo, hi, lo2, hi2; int len; } rows[] = {
		{ 0xc2, 0xdf, 0x80, 0xbf, 2 }, { 0xe0, 0xe0, 0xa0, 0xbf, 3 },
		{ 0xe1, 0xec, 0x80, 0xbf, 3 }, { 0xed, 0xed, 0x80, 0x9f, 3 },
		{ 0xee, 0xef, 0x80, 0xbf, 3 }, { 0xf0, 0xf0, 0x90, 0xbf, 4 },
		{ 0xf1, 0xf3, 0x80, 0xbf, 4 }, { 0xf4, 0xf4, 0x80, 0x8f, 4 },
	};
	unsigned r;
	int i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	for (r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		if (s[0] < rows[r].lo || s[0] > rows[r].hi)
			continue;
		if (s[1] < rows[r].lo2 || s[1] > rows[r].hi2)
			return 0;
		for (i = 2; i < rows[r].len; i++)
			if (s[i] < 0x80 || s[i] > 0xbf)
				return 0;
		*cp = s[0] & (0x7f >> rows[r].len);
		for (i = 1; i < rows[r].len; i++)
			*cp = *cp << 6 | (s[i] & 0x3f);
		return rows[r].len;
	}
	return 0;
}

/* A C string as the code points the output must carry. */
static void canon_string(canon_t *c, char tag, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	char t[2] = { tag, '\0' };
	uint32_t cp;
	int n;

	canon_put(c, t);
	while (*s != '\0') {
		n = utf8_seq(s, &cp);
		canon_cp(c, n == 0 ? 0xfffd : cp);
		s += n == 0 ? 1 : n;
	}
	canon_put(c, ";");
}

/* ---- the writer program ---- */

typedef struct prog {
	const uint8_t *p;
	size_t n, pos;
	json_t *j;
	canon_t *want;
	FILE *f;
	size_t *out_len;      /* open_memstream's size, current after fflush */
	bool too_deep;        /* a container was opened past JSON_MAX_NESTING */
	size_t len_at_error;  /* output length just before that call */
} prog_t;

static uint8_t next_byte(prog_t *g)
{
	return g->pos < g->n ? g->p[g->pos++] : 0;
}

/* The bytes up to the next NUL (or the end) as a fresh C string. */
static char *next_string(prog_t *g)
{
	size_t start = g->pos, len;
	char *s;

	while (g->pos < g->n && g->p[g->pos] != 0)
		g->pos++;
	len = g->pos - start;
	if (g->pos < g->n)
		g->pos++;   /* the NUL */
	s = fuzz_alloc(len + 1);
	memcpy(s, g->p + start, len);
	s[len] = '\0';
	return s;
}

static void write_value(prog_t *g, int depth);

static void write_container(prog_t *g, int depth, int kind)
{
	unsigned i, members = next_byte(g) % (MAX_MEMBERS + 1);

	if (depth >= JSON_MAX_NESTING && !g->too_deep) {
		FUZZ_CHECK(fflush(g->f) == 0, "fflush failed");
		g->too_deep = true;
		g->len_at_error = *g->out_len;
	}
	if (kind == 0) {
		json_begin_object(g->j);
		canon_put(g->want, "{");
	} else {
		if (kind == 1)
			json_begin_array(g->j);
		else
			json_begin_flat_array(g->j);
		canon_put(g->want, "[");
	}
	for (i = 0; i < members && g->pos < g->n; i++) {
		if (kind == 0) {
			char *key = next_string(g);

			json_key(g->j, key);
			canon_string(g->want, 'k', key);
			free(key);
		}
		write_value(g, depth + 1);
	}
	if (kind == 0) {
		json_end_object(g->j);
		canon_put(g->want, "}");
	} else {
		json_end_array(g->j);
		canon_put(g->want, "]");
	}
}

static void write_value(prog_t *g, int depth)
{
	uint8_t kind = next_byte(g) % 8;
	char tmp[32];

	if (kind <= 2 && depth >= MAX_NESTING)
		kind = 5;
	switch (kind) {
	case 0: case 1: case 2:
		write_container(g, depth, kind);
		return;
	case 3: {
		uint64_t v = 0;
		int i;

		for (i = 0; i < 8; i++)
			v = v << 8 | next_byte(g);
		json_u64(g->j, v);
		snprintf(tmp, sizeof(tmp), "u%llu;", (unsigned long long)v);
		canon_put(g->want, tmp);
		return;
	}
	case 4: {
		bool b = next_byte(g) & 1;

		json_bool(g->j, b);
		canon_put(g->want, b ? "t" : "f");
		return;
	}
	case 5:
	case 6:
		json_string(g->j, NULL);   /* a missing string is null */
		canon_put(g->want, "n");
		return;
	default: {
		char *s = next_string(g);

		json_string(g->j, s);
		canon_string(g->want, 's', s);
		free(s);
		return;
	}
	}
}

/* ---- a strict parser producing the canonical form ---- */

typedef struct parser {
	const char *s;
	size_t n, pos;
	canon_t *got;
} parser_t;

static void skip_ws(parser_t *p)
{
	while (p->pos < p->n && strchr(" \t\n\r", p->s[p->pos]) != NULL && p->s[p->pos] != '\0')
		p->pos++;
}

static void expect(parser_t *p, char c)
{
	skip_ws(p);
	FUZZ_CHECK(p->pos < p->n && p->s[p->pos] == c, "expected '%c' at output byte %zu", c, p->pos);
	p->pos++;
}

static uint32_t hex4(parser_t *p)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 4; i++, p->pos++) {
		char c = p->pos < p->n ? p->s[p->pos] : 0;

		FUZZ_CHECK((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'),
			   "bad \\u escape at output byte %zu", p->pos);
		v = v << 4 | (uint32_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return v;
}

static uint32_t escape(parser_t *p)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	char c = p->pos < p->n ? p->s[p->pos++] : 0;
	const char *at = c != 0 ? strchr(from, c) : NULL;
	uint32_t hi, lo;

	FUZZ_CHECK(at != NULL || c == 'u', "bad escape \\%c", c);
	if (c != 'u')
		return (unsigned char)to[at - from];
	hi = hex4(p);
	if (hi < 0xd800 || hi > 0xdfff)
		return hi;
	/* A surrogate is only valid as the first half of a pair. */
	FUZZ_CHECK(hi <= 0xdbff && p->pos + 2 <= p->n && p->s[p->pos] == '\\' &&
		   p->s[p->pos + 1] == 'u', "lone surrogate \\u%04x", (unsigned)hi);
	p->pos += 2;
	lo = hex4(p);
	FUZZ_CHECK(lo >= 0xdc00 && lo <= 0xdfff, "bad low surrogate \\u%04x", (unsigned)lo);
	return 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
}

static void parse_string(parser_t *p, char tag)
{
	char t[2] = { tag, '\0' };

	expect(p, '"');
	canon_put(p->got, t);
	for (;;) {
		unsigned char c;

		FUZZ_CHECK(p->pos < p->n, "unterminated string");
		c = (unsigned char)p->s[p->pos++];
		if (c == '"')
			break;
		FUZZ_CHECK(c >= 0x20, "raw control byte 0x%02x in a string", c);
		canon_cp(p->got, c == '\\' ? escape(p) : c);
	}
	canon_put(p->got, ";");
}

static void parse_value(parser_t *p, int depth);

static void parse_members(parser_t *p, int depth, char close, bool object)
{
	skip_ws(p);
	if (p->pos < p->n && p->s[p->pos] == close) {
		p->pos++;
		return;
	}
	for (;;) {
		if (object) {
			skip_ws(p);
			parse_string(p, 'k');
			expect(p, ':');
		}
		parse_value(p, depth + 1);
		skip_ws(p);
		FUZZ_CHECK(p->pos < p->n && (p->s[p->pos] == ',' || p->s[p->pos] == close),
			   "expected ',' or '%c' at output byte %zu", close, p->pos);
		if (p->s[p->pos++] == close)
			return;
	}
}

static void parse_value(parser_t *p, int depth)
{
	char tmp[32];
	size_t start;

	FUZZ_CHECK(depth < 64, "output nested deeper than written");
	skip_ws(p);
	FUZZ_CHECK(p->pos < p->n, "output ends where a value should be");
	switch (p->s[p->pos]) {
	case '{':
		p->pos++;
		canon_put(p->got, "{");
		parse_members(p, depth, '}', true);
		canon_put(p->got, "}");
		return;
	case '[':
		p->pos++;
		canon_put(p->got, "[");
		parse_members(p, depth, ']', false);
		canon_put(p->got, "]");
		return;
	case '"':
		parse_string(p, 's');
		return;
	}
	if (p->n - p->pos >= 4 && memcmp(p->s + p->pos, "null", 4) == 0) {
		p->pos += 4;
		canon_put(p->got, "n");
	} else if (p->n - p->pos >= 4 && memcmp(p->s + p->pos, "true", 4) == 0) {
		p->pos += 4;
		canon_put(p->got, "t");
	} else if (p->n - p->pos >= 5 && memcmp(p->s + p->pos, "false", 5) == 0) {
		p->pos += 5;
		canon_put(p->got, "f");
	} else {
		/* The writer only writes unsigned integers: no sign, fraction
		 * or exponent, and no leading zero (JSON forbids it). */
		start = p->pos;
		while (p->pos < p->n && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
			p->pos++;
		FUZZ_CHECK(p->pos > start && p->pos - start <= 20, "bad value at output byte %zu", start);
		FUZZ_CHECK(p->s[start] != '0' || p->pos - start == 1, "number with a leading zero");
		snprintf(tmp, sizeof(tmp), "u%.*s;", (int)(p->pos - start), p->s + start);
		canon_put(p->got, tmp);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	canon_t want, got;
	char *out = NULL;
	size_t out_len = 0, i;
	FILE *f = open_memstream(&out, &out_len);
	prog_t g = { data, size, 0, NULL, &want, f, &out_len, false, 0 };
	parser_t p;
	json_t j;
	bool finished;

	FUZZ_CHECK(f != NULL, "open_memstream failed");
	canon_init(&want, size);
	canon_init(&got, size);
	json_init(&j, f);
	g.j = &j;
	write_value(&g, 0);
	finished = json_finish(&j);
	FUZZ_CHECK(fclose(f) == 0, "fclose failed");

	if (g.too_deep) {
		FUZZ_CHECK(!finished && json_error(&j) != NULL && strstr(json_error(&j), "nested"),
			   "nesting past %d containers not refused (error: %s)", JSON_MAX_NESTING,
			   json_error(&j) ? json_error(&j) : "none");
		FUZZ_CHECK(out_len == g.len_at_error, "%zu bytes written after the refused call",
			   out_len - g.len_at_error);
		free(out);
		free(want.buf);
		free(got.buf);
		return 0;
	}
	FUZZ_CHECK(finished && json_error(&j) == NULL, "a valid call sequence refused: %s",
		   json_error(&j) ? json_error(&j) : "(no error)");

	for (i = 0; i < out_len; i++)
		FUZZ_CHECK((unsigned char)out[i] < 0x80 && out[i] != '\0',
			   "output byte %zu is 0x%02x, not printable ASCII", i, (unsigned char)out[i]);
	FUZZ_CHECK(out_len > 0 && out[out_len - 1] == '\n', "output does not end with a newline");
	p.s = out;
	p.n = out_len;
	p.pos = 0;
	p.got = &got;
	parse_value(&p, 0);
	skip_ws(&p);
	FUZZ_CHECK(p.pos == p.n, "trailing bytes after the JSON value at %zu", p.pos);
	FUZZ_CHECK(strcmp(want.buf, got.buf) == 0, "what was written differs from what was "
		   "read back:\n  wrote %.300s\n  read  %.300s", want.buf, got.buf);
	free(out);
	free(want.buf);
	free(got.buf);
	return 0;
}
