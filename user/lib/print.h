/*
 * printf for user programs. Output goes out a line at a time (at most
 * BASALT_PRINT_CHUNK bytes) through the kernel's debug console
 * (BASALT_SYS_DEBUG_PUTCHAR), or through whatever basalt_print_set_output()
 * installed, e.g. the console driver (console.h). Formatting is lib/fmt's
 * (no floating point).
 */
#ifndef LIBBASALT_PRINT_H
#define LIBBASALT_PRINT_H

#include <stdarg.h>

#define BASALT_PRINT_CHUNK 160

/* Where printed text goes: `out(s, n)` with 1..BASALT_PRINT_CHUNK bytes
 * (a line or a piece of one). NULL: the kernel's debug console. One
 * setting for every thread of the program. */
typedef void (*basalt_print_output_t)(const char *s, unsigned n);
void basalt_print_set_output(basalt_print_output_t out);

/* Write n bytes straight to the kernel's debug console. */
void basalt_print_debug(const char *s, unsigned n);

int printf(const char *format, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *format, va_list ap);
int puts(const char *s);

#endif
