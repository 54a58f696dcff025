/*
 * memset/memcpy/memmove/memcmp/strlen for freestanding code: the kernel
 * and user programs (see mem.h). Not part of the host builds, which have a
 * C library. Word loops where alignment allows; volatile stores keep the
 * compiler from turning the loops back into calls to themselves.
 */
#include <stdint.h>

#include "base/mem.h"

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n > 0 && ((uintptr_t)d & 7) != 0) {
		*d++ = (unsigned char)c;
		n--;
	}
	if (n >= 8) {
		uint64_t word = (unsigned char)c * 0x0101010101010101ull;

		for (; n >= 8; n -= 8, d += 8)
			*(volatile uint64_t *)d = word;   /* volatile: not turned back into memset */
	}
	while (n-- > 0)
		*d++ = (unsigned char)c;
	return dst;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n-- > 0)
		*(volatile unsigned char *)d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s) {
		while (n-- > 0)
			*(volatile unsigned char *)d++ = *s++;
	} else {
		while (n-- > 0)
			*(volatile unsigned char *)(d + n) = s[n];
	}
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n > 0; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
	}
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}
