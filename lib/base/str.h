/*
 * Tiny string and memory helpers for code that has no C library.
 *
 * The kernel is freestanding (no strlen/strcmp/memcmp), and the library code
 * it shares with host tools must not depend on libc either, so the few
 * helpers that code needs live here. Every function takes explicit lengths
 * where the data may not be NUL-terminated (device tree values, command
 * lines), and none of them allocates or keeps state.
 */
#ifndef BASALT_LIB_BASE_STR_H
#define BASALT_LIB_BASE_STR_H

#include <stdbool.h>
#include <stddef.h>

/* Length of a NUL-terminated string. */
size_t str_len(const char *s);

/* Length of `s`, but never looking past `max` bytes. */
size_t str_nlen(const char *s, size_t max);

/* Two NUL-terminated strings are equal. */
bool str_eq(const char *a, const char *b);

/* The `alen` bytes at `a` (not necessarily NUL-terminated) equal the whole
 * NUL-terminated string `b`. */
bool str_eq_n(const char *a, size_t alen, const char *b);

/* `s` begins with the NUL-terminated `prefix`. */
bool str_starts_with(const char *s, const char *prefix);

/* Same, ignoring ASCII case. */
bool str_starts_with_nocase(const char *s, const char *prefix);

/* First `c` in the `len` bytes at `s`, or NULL. */
const char *str_chr_n(const char *s, size_t len, char c);

/* `n` bytes at `a` and `b` are equal. */
bool mem_eq(const void *a, const void *b, size_t n);

#endif
