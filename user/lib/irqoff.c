/* Describing an interrupts-off stretch's kind (see irqoff.h). */
#include "irqoff.h"

#include "fmt/fmt.h"

void basalt_irqoff_describe(basalt_word_t kind, char *buf, unsigned size)
{
	if (kind & (1ull << 63))
		fmt_snprintf(buf, size, "interrupt %llu", (unsigned long long)(kind & ~(1ull << 63)));
	else if (kind & (1ull << 62))
		fmt_snprintf(buf, size, "system call %llu, label %llu",
			     (unsigned long long)((kind >> 16) & 0xffff),
			     (unsigned long long)(kind & 0xffff));
	else
		fmt_snprintf(buf, size, "exception %llu", (unsigned long long)kind);
}
