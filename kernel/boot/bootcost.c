/*
 * Boot cost, for benchmarks: with "bootcost" on the command line the kernel
 * prints, just before the end of the boot,
 *
 *   boot: N instructions from the board read to the end of the boot
 *   boot: M instructions from kernel entry to the root task
 *
 * N is the difference of the instret counter between boot_cost_begin()
 * (right after the device tree was read) and boot_cost_report(): the memory
 * map, the kernel's page tables, the root task, the console switch and the
 * boot report, the part of the boot whose work could grow with the board's
 * RAM. M counts from the kernel's first instruction (head.S reads instret
 * there, if the firmware lets it) to the switch to the root task. Under
 * QEMU with -icount shift=0, instret counts executed guest instructions and
 * the number is the same on every run of the same image and machine
 * (tests/board/suite_unmatched.py compares 1 GiB with 16 GiB); on real
 * hardware it is the hart's retired-instruction count.
 *
 * Why only on request, and not from the first instruction: reading instret
 * in S-mode needs the firmware's permission (mcounteren.IR). OpenSBI grants
 * it, but a firmware that does not would make the read trap, so the kernel
 * reads the counter only when asked, which it can know only once the
 * device tree is open.
 */
#include "arch/riscv/csr.h"
#include "boot/bootcost.h"
#include "core/printk.h"

static bool counting;
static uint64_t start;

/* head.S: instret at the kernel's first instruction, 0 if unknown. */
extern uint64_t boot_entry_instret;

void boot_cost_begin(const boot_state_t *boot)
{
	const char *value;
	uint32_t len;

	if (!board_bootarg(&boot->fdt, &boot->board, "bootcost", &value, &len))
		return;
	counting = true;
	start = csr_read(instret);
}

void boot_cost_report(void)
{
	uint64_t now;

	if (!counting)
		return;
	now = csr_read(instret);
	printk("boot: %llu instructions from the board read to the end of the boot\n",
	       (unsigned long long)(now - start));
}

void boot_cost_report_total(void)
{
	if (!counting || boot_entry_instret == 0)
		return;
	printk("boot: %llu instructions from kernel entry to the root task\n",
	       (unsigned long long)(csr_read(instret) - boot_entry_instret));
}
