/*
 * The JSON writer behind `dtinfo --json` (see json.h). Objects and arrays
 * are laid out one member per line, indented, so diffs between two boards'
 * reports stay readable; [base, size] pairs are arrays like any other.
 *
 * Every call first checks that it may come now (json_may_value() for
 * values, json_key() and json_close() their own rules); the first that
 * may not records why and silences the writer for good.
 */
#include "json.h"

#define JSON_STR(x) #x
#define JSON_XSTR(x) JSON_STR(x)

void json_init(json_t *j, FILE *out)
{
	j->out = out;
	j->depth = 0;
	j->close[0] = '\0';
	j->first[0] = true;
	j->flat[0] = false;
	j->after_key = false;
	j->error = NULL;
}

const char *json_error(const json_t *j)
{
	return j->error;
}

/* Records the first misuse; false, so callers can return at once. */
static bool json_fail(json_t *j, const char *why)
{
	if (j->error == NULL)
		j->error = why;
	return false;
}

static bool json_in_object(const json_t *j)
{
	return j->depth > 0 && j->close[j->depth] == '}';
}

/* A value (scalar or container) may start here. */
static bool json_may_value(json_t *j)
{
	if (j->error != NULL)
		return false;
	if (j->depth == 0 && !j->first[0])
		return json_fail(j, "a second value after the whole document");
	if (json_in_object(j) && !j->after_key)
		return json_fail(j, "a value in an object without a key");
	return true;
}

static void json_indent(json_t *j)
{
	int i;

	fputc('\n', j->out);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->out);
}

/* Separator and indentation before a value or a key. */
static void json_before_item(json_t *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (!j->first[j->depth])
		fputs(j->flat[j->depth] ? ", " : ",", j->out);
	j->first[j->depth] = false;
	if (j->depth > 0 && !j->flat[j->depth])
		json_indent(j);
}

static void json_open(json_t *j, char open, char close, bool flat)
{
	if (!json_may_value(j))
		return;
	if (j->depth == JSON_MAX_NESTING) {
		json_fail(j, "more than " JSON_XSTR(JSON_MAX_NESTING) " containers nested");
		return;
	}
	json_before_item(j);
	fputc(open, j->out);
	j->depth++;
	j->close[j->depth] = close;
	j->first[j->depth] = true;
	j->flat[j->depth] = flat || j->flat[j->depth - 1];
}

static void json_close(json_t *j, char c)
{
	bool empty, flat;

	if (j->error != NULL)
		return;
	if (j->depth == 0) {
		json_fail(j, "a container closed that was never opened");
		return;
	}
	if (j->close[j->depth] != c) {
		json_fail(j, c == '}' ? "an array closed as an object" : "an object closed as an array");
		return;
	}
	if (j->after_key) {
		json_fail(j, "a key without a value");
		return;
	}
	empty = j->first[j->depth];
	flat = j->flat[j->depth];
	j->depth--;
	if (!empty && !flat)
		json_indent(j);
	fputc(c, j->out);
}

void json_begin_object(json_t *j) { json_open(j, '{', '}', false); }
void json_end_object(json_t *j) { json_close(j, '}'); }
void json_begin_array(json_t *j) { json_open(j, '[', ']', false); }
void json_begin_flat_array(json_t *j) { json_open(j, '[', ']', true); }
void json_end_array(json_t *j) { json_close(j, ']'); }

void json_key(json_t *j, const char *key)
{
	if (j->error != NULL)
		return;
	if (!json_in_object(j)) {
		json_fail(j, "a key outside an object");
		return;
	}
	if (j->after_key) {
		json_fail(j, "a key without a value");
		return;
	}
	json_before_item(j);
	json_write_escaped(j->out, key);
	fputs(": ", j->out);
	j->after_key = true;
}

void json_u64(json_t *j, uint64_t v)
{
	if (!json_may_value(j))
		return;
	json_before_item(j);
	fprintf(j->out, "%llu", (unsigned long long)v);
}

void json_bool(json_t *j, bool v)
{
	if (!json_may_value(j))
		return;
	json_before_item(j);
	fputs(v ? "true" : "false", j->out);
}

void json_null(json_t *j)
{
	if (!json_may_value(j))
		return;
	json_before_item(j);
	fputs("null", j->out);
}

void json_string(json_t *j, const char *s)
{
	if (s == NULL) {
		json_null(j);
		return;
	}
	if (!json_may_value(j))
		return;
	json_before_item(j);
	json_write_escaped(j->out, s);
}

bool json_finish(json_t *j)
{
	if (j->error == NULL && j->depth > 0)
		json_fail(j, "the document ends with containers still open");
	if (j->error == NULL && j->first[0])
		json_fail(j, "the document has no value");
	if (j->error != NULL)
		return false;
	fputc('\n', j->out);
	return true;
}

/* Length of the valid UTF-8 sequence at s (1..4) and its code point, or 0. */
static int json_utf8(const unsigned char *s, uint32_t *cp)
{
	int len, i;
	uint32_t c = s[0];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		c &= 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		c &= 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		c &= 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are invalid. */
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

static void json_write_codepoint(FILE *out, uint32_t cp)
{
	if (cp >= 0x10000) {
		cp -= 0x10000;
		fprintf(out, "\\u%04x\\u%04x", (unsigned)(0xd800 + (cp >> 10)),
			(unsigned)(0xdc00 + (cp & 0x3ff)));
	} else {
		fprintf(out, "\\u%04x", (unsigned)cp);
	}
}

void json_write_escaped(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', out);
	while (*s != '\0') {
		uint32_t cp;
		int len = json_utf8(s, &cp);

		if (len == 0) {
			fputs("\\ufffd", out);
			s++;
			continue;
		}
		s += len;
		if (cp == '"' || cp == '\\') {
			fputc('\\', out);
			fputc((int)cp, out);
		} else if (cp == '\n') {
			fputs("\\n", out);
		} else if (cp == '\t') {
			fputs("\\t", out);
		} else if (cp < 0x20 || cp >= 0x7f) {
			json_write_codepoint(out, cp);
		} else {
			fputc((int)cp, out);
		}
	}
	fputc('"', out);
}
