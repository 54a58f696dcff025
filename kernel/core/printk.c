/* printk and the console sink (see printk.h). Single hart for now: when SMP
 * arrives the sink gets a lock so lines from different harts don't mix. */
#include "core/printk.h"

#include "arch/riscv/sbi.h"
#include "fmt/fmt.h"

static console_putc_t console_putc;
static void *console_ctx;

static void firmware_putc(void *ctx, char c)
{
	if (c == '\n')
		sbi_console_putchar('\r');
	sbi_console_putchar(c);
}

void console_use_firmware(void)
{
	console_set_sink(firmware_putc, NULL);
}

void console_set_sink(console_putc_t putc, void *ctx)
{
	console_ctx = ctx;
	console_putc = putc;
}

static void sink(void *ctx, char c)
{
	if (console_putc != NULL)
		console_putc(console_ctx, c);
}

void vprintk(const char *format, va_list ap)
{
	fmt_vformat(sink, NULL, format, ap);
}

void printk(const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	vprintk(format, ap);
	va_end(ap);
}

void printk_size(unsigned long long bytes)
{
	static const struct { unsigned long long unit; const char *name; } units[] = {
		{ 1ull << 40, "TiB" }, { 1ull << 30, "GiB" }, { 1ull << 20, "MiB" }, { 1ull << 10, "KiB" },
	};

	for (unsigned i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (bytes >= units[i].unit && bytes % units[i].unit == 0) {
			printk("%llu %s", bytes / units[i].unit, units[i].name);
			return;
		}
	}
	printk("%llu B", bytes);
}
