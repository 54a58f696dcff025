/*
 * diag_t: a one-line, human-readable explanation of why something was
 * refused (a malformed device tree, an unusable board, ...).
 *
 * Library code that can reject input takes an optional diag_t* and fills it
 * on failure, so the kernel can print it at boot and host tools can print it
 * on stderr. It is a fixed buffer: nothing allocates.
 */
#ifndef BASALT_LIB_BASE_DIAG_H
#define BASALT_LIB_BASE_DIAG_H

#include <stddef.h>

#define DIAG_MSG_MAX 192

typedef struct diag {
	char msg[DIAG_MSG_MAX];
} diag_t;

/* printf-style (see fmt.h for the conversions); NULL `d` is allowed and
 * ignored. Always NUL-terminates, truncating if needed. */
void diag_set(diag_t *d, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

#endif
