/*
 * The C memory and string functions freestanding code needs (the kernel
 * and user programs have no C library; the compiler also emits calls to
 * memset/memcpy/memmove for large copies). Host builds use their libc.
 */
#ifndef BASALT_LIB_BASE_MEM_H
#define BASALT_LIB_BASE_MEM_H

#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif
