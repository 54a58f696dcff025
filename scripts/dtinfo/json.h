/*
 * A minimal streaming JSON writer for dtinfo (host only).
 *
 * It owns the punctuation (commas, colons, indentation) and string escaping,
 * so dtinfo.c only says what to write. Output is always valid JSON in ASCII:
 * control characters, quotes and backslashes are escaped, valid UTF-8 passes
 * through as \u escapes, and invalid bytes become U+FFFD, so a corrupt
 * device tree string can never break the document.
 *
 * The caller's sequence of calls must itself make one JSON value: keys only
 * in objects and each followed by a value, every container closed by its
 * own kind, at most JSON_MAX_NESTING containers inside one another. The
 * writer checks this. The first misuse is recorded (json_error()); from
 * then on nothing more is written and json_finish() returns false, so a
 * caller bug gives a refused, visibly truncated document, never a
 * plausible wrong one.
 */
#ifndef BASALT_DTINFO_JSON_H
#define BASALT_DTINFO_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Containers inside one another; the document itself is level 0. */
#define JSON_MAX_NESTING 15

typedef struct json {
	FILE *out;
	int depth;                    /* containers open */
	char close[JSON_MAX_NESTING + 1];  /* '}' or ']': what ends each level */
	bool first[JSON_MAX_NESTING + 1];  /* nothing written yet at this level */
	bool flat[JSON_MAX_NESTING + 1];   /* this level is written on one line */
	bool after_key;               /* a key was written: the value follows it */
	const char *error;            /* the first misuse, or NULL */
} json_t;

void json_init(json_t *j, FILE *out);
void json_begin_object(json_t *j);
void json_end_object(json_t *j);
void json_begin_array(json_t *j);
void json_end_array(json_t *j);
/* An array written on one line ("[1, 2]"): for short tuples of scalars. */
void json_begin_flat_array(json_t *j);
void json_key(json_t *j, const char *key);
void json_u64(json_t *j, uint64_t v);
void json_bool(json_t *j, bool v);
void json_null(json_t *j);
/* A string, or null when s is NULL. */
void json_string(json_t *j, const char *s);
/* Ends the document with a newline. False (and nothing written) when a
 * call was misused or the document is not one complete value. */
bool json_finish(json_t *j);
/* What went wrong first, or NULL while the calls make valid JSON. */
const char *json_error(const json_t *j);

/* Writes `s` as a JSON string literal (quotes included). */
void json_write_escaped(FILE *out, const char *s);

#endif
