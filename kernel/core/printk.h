/*
 * Kernel console output. printk formats with lib/fmt and writes through the
 * current console sink: the SBI firmware console at first, then the UART
 * named by /chosen/stdout-path once the kernel has mapped it.
 */
#ifndef BASALT_KERNEL_PRINTK_H
#define BASALT_KERNEL_PRINTK_H

#include <stdarg.h>

typedef void (*console_putc_t)(void *ctx, char c);

/* Send console output to `putc(ctx, c)` from now on ('\n' arrives as-is;
 * the sink adds '\r' if its device needs it). */
void console_set_sink(console_putc_t putc, void *ctx);

/* The firmware (SBI) console: usable from the first instruction. */
void console_use_firmware(void);

void printk(const char *format, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *format, va_list ap);

/* Writes a byte count as "N GiB", "N MiB", "N KiB" or "N B", exact. */
void printk_size(unsigned long long bytes);

#endif
