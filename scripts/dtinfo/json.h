/*
 * A minimal streaming JSON writer for dtinfo (host only).
 *
 * It owns the punctuation (commas, colons, indentation) and string escaping,
 * so dtinfo.c only says what to write. Output is always valid JSON in ASCII:
 * control characters, quotes and backslashes are escaped, valid UTF-8 passes
 * through as \u escapes, and invalid bytes become U+FFFD, so a corrupt
 * device tree string can never break the document.
 */
#ifndef BASALT_DTINFO_JSON_H
#define BASALT_DTINFO_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

typedef struct json {
	FILE *out;
	int depth;
	bool first[JSON_MAX_DEPTH];   /* nothing written yet at this level */
	bool flat[JSON_MAX_DEPTH];    /* this level is written on one line */
	bool after_key;               /* a key was written: the value follows it */
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
/* Ends the document with a newline. */
void json_finish(json_t *j);

/* Writes `s` as a JSON string literal (quotes included). */
void json_write_escaped(FILE *out, const char *s);

#endif
