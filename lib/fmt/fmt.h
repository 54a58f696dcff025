/*
 * A small printf-style formatter for freestanding code.
 *
 * The kernel has no C library; this is what printk and diag_t use. It is
 * plain C with no global state, so it also builds and is unit-tested on the
 * host.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, with the length modifiers
 * hh h l ll z t j, flags '-', '0', '#', ' ' and '+', a field width and a
 * precision (for %s: maximum characters; for integers: minimum digits),
 * each of which may be '*'. %p prints 0x followed by 16 hex digits. Floating
 * point is not supported (the kernel has none); an unknown conversion is
 * printed literally.
 */
#ifndef BASALT_LIB_FMT_H
#define BASALT_LIB_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Where formatted characters go: called once per character. */
typedef void (*fmt_sink_t)(void *ctx, char c);

/* Formats into `sink`; returns the number of characters produced. */
size_t fmt_vformat(fmt_sink_t sink, void *ctx, const char *format, va_list ap);

/* snprintf semantics: writes at most size-1 characters plus NUL (when
 * size > 0) and returns the length the full output would have had. */
size_t fmt_vsnprintf(char *buf, size_t size, const char *format, va_list ap);
size_t fmt_snprintf(char *buf, size_t size, const char *format, ...)
	__attribute__((format(printf, 3, 4)));

#endif
