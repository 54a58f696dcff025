/*
 * Deliberate failures for testing the panic path (debug builds only):
 * "crash=fault" stores to an unmapped user-half address from the kernel,
 * "crash=assert" fails an assertion. Release builds ignore the argument.
 */
#include "boot/boot.h"
#include "core/panic.h"
#include "core/printk.h"

static bool word_is(const char *s, uint32_t len, const char *word)
{
	uint32_t i = 0;

	for (; i < len && word[i] != '\0'; i++) {
		if (s[i] != word[i])
			return false;
	}
	return i == len && word[i] == '\0';
}

void boot_crash_selftest(const boot_state_t *boot)
{
	const char *value;
	uint32_t len;
	static volatile uintptr_t unmapped = 0x1000;   /* volatile: the compiler cannot see the fault coming */
	static volatile int one = 1;

	if (!BASALT_DEBUG || !board_bootarg(&boot->fdt, &boot->board, "crash", &value, &len))
		return;
	if (word_is(value, len, "fault")) {
		printk("selftest: faulting on purpose\n");
		*(volatile uint64_t *)unmapped = 1;
	} else if (word_is(value, len, "assert")) {
		printk("selftest: failing an assertion on purpose\n");
		assert(one == 2);
	}
}
