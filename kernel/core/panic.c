/* panic() and power-off (see panic.h). */
#include <stdarg.h>

#include "arch/riscv/csr.h"
#include "arch/riscv/hart.h"
#include "arch/riscv/sbi.h"
#include "fmt/fmt.h"
#include "core/panic.h"
#include "core/printk.h"
#include "platform/poweroff.h"

void panic(const char *format, ...)
{
	hart_local_t *self = hart_self();
	va_list ap;

	va_start(ap, format);
	if (self != NULL) {
		fmt_vsnprintf(self->panic_msg, sizeof(self->panic_msg), format, ap);
		self->panicking = true;
	} else {
		printk("KERNEL PANIC: ");
		vprintk(format, ap);
		printk("\n");
	}
	va_end(ap);
	/* The trap handler prints the message and the registers, then stops. */
	__asm__ volatile("ebreak");
	system_poweroff(1);
}

void system_poweroff(int failure)
{
	/* SBI system reset is the generic way, but OpenSBI cannot pass a
	 * failure status on to QEMU, so a failure goes to a board device that
	 * can report it (QEMU's test finisher) when there is one. */
	if (failure)
		platform_poweroff(true);
	sbi_shutdown(failure != 0);
	/* Boards whose firmware has no power-off (QEMU sifive_u) end here. */
	printk("Basalt: the firmware cannot power off; halted\n");
	csr_clear(sstatus, SSTATUS_SIE);
	for (;;)
		wfi();
}
