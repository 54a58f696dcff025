/* Helpers shared by the fuzz targets: see fuzz.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

void fuzz_fail(const char *file, int line, const char *cond, const char *format, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: invariant violated: %s: ", file, line, cond);
	va_start(ap, format);
	vfprintf(stderr, format, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
	abort();
}

void *fuzz_alloc(size_t size)
{
	uint8_t *p = malloc(size);

	if (p == NULL && size == 0)
		p = malloc(1);   /* a libc whose malloc(0) returns NULL */
	if (p == NULL) {
		fputs("fuzz: out of memory\n", stderr);
		abort();
	}
	memset(p, 0xa5, size);
	return p;
}

uint8_t *fuzz_dup(const void *data, size_t size)
{
	uint8_t *copy = fuzz_alloc(size);

	if (size != 0)
		memcpy(copy, data, size);
	return copy;
}

bool fuzz_inside(const void *p, size_t n, const void *base, size_t size)
{
	uintptr_t a = (uintptr_t)p, b = (uintptr_t)base;

	return a >= b && a - b <= size && n <= size - (a - b);
}

uint32_t fuzz_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

uint64_t fuzz_be64(const uint8_t *p)
{
	return (uint64_t)fuzz_be32(p) << 32 | fuzz_be32(p + 4);
}
