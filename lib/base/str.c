/*
 * String helpers for freestanding code: see str.h. Written as plain loops so
 * the compiler (built with -fno-builtin for the kernel) never turns them
 * back into calls to the libc functions they replace.
 */
#include "base/str.h"

size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

size_t str_nlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

bool str_eq(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

bool str_eq_n(const char *a, size_t alen, const char *b)
{
	size_t i;

	for (i = 0; i < alen; i++) {
		if (b[i] == '\0' || a[i] != b[i])
			return false;
	}
	return b[alen] == '\0';
}

bool str_starts_with(const char *s, const char *prefix)
{
	while (*prefix != '\0') {
		if (*s != *prefix)
			return false;
		s++;
		prefix++;
	}
	return true;
}

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

bool str_starts_with_nocase(const char *s, const char *prefix)
{
	while (*prefix != '\0') {
		if (*s == '\0' || ascii_lower(*s) != ascii_lower(*prefix))
			return false;
		s++;
		prefix++;
	}
	return true;
}

const char *str_chr_n(const char *s, size_t len, char c)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == c)
			return s + i;
	}
	return NULL;
}

bool mem_eq(const void *a, const void *b, size_t n)
{
	const unsigned char *pa = a;
	const unsigned char *pb = b;
	size_t i;

	for (i = 0; i < n; i++) {
		if (pa[i] != pb[i])
			return false;
	}
	return true;
}
