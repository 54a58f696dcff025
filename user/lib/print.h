/*
 * printf for user programs, through the kernel's debug console
 * (BASALT_SYS_DEBUG_PUTCHAR) until a console driver serves them.
 * Formatting is lib/fmt's (no floating point).
 */
#ifndef LIBBASALT_PRINT_H
#define LIBBASALT_PRINT_H

#include <stdarg.h>

int printf(const char *format, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *format, va_list ap);
int puts(const char *s);

#endif
