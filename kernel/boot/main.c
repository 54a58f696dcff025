/*
 * kernel_main: the boot sequence on the boot hart.
 *
 * head.S arrives here at the kernel's virtual address on the bootstrap Sv39
 * tables. In order: read and validate the device tree, derive the board and
 * its memory map, build the kernel's own address space in the paging mode
 * the board allows, switch the console to the UART, report, and (until user
 * space exists) power off. Any input the kernel cannot use stops the boot
 * with one line naming the problem and a failure power-off.
 */
#include "arch/riscv/hart.h"
#include "arch/riscv/kernel_vm.h"
#include "arch/riscv/trap_frame.h"
#include "boot/boot.h"
#include "boot/bootcost.h"
#include "core/panic.h"
#include "core/printk.h"
#include "platform/poweroff.h"

/* Only physical addresses below this are reachable before the final tables
 * are up (the bootstrap identity map). */
#define BOOT_IDENTITY_LIMIT (256ull << 30)

extern char _start[], _end[];

static boot_state_t boot;

static void __attribute__((noreturn)) boot_fail(const char *what, const char *why)
{
	printk("boot: %s: %s\n", what, why);
	system_poweroff(1);
}

static bool range_in_ram(const board_t *board, uint64_t base, uint64_t size)
{
	for (uint32_t i = 0; i < board->memory_count; i++) {
		const phys_range_t *m = &board->memory[i];

		if (base >= m->base && base - m->base <= m->size && size <= m->size - (base - m->base))
			return true;
	}
	return false;
}

static void open_device_tree(void)
{
	diag_t diag;
	uint32_t size;

	if (boot.dtb_pa == 0 || boot.dtb_pa >= BOOT_IDENTITY_LIMIT - 40)
		boot_fail("device tree rejected", "no usable device tree address in a1");
	size = fdt_peek_totalsize(phys_to_virt(boot.dtb_pa), 40);
	if (size != 0 && boot.dtb_pa + size > BOOT_IDENTITY_LIMIT)
		boot_fail("device tree rejected", "device tree ends above 256 GiB");
	if (fdt_open(&boot.fdt, phys_to_virt(boot.dtb_pa), size != 0 ? size : 40, &diag) != FDT_OK)
		boot_fail("device tree rejected", diag.msg);
	boot.dtb_size = boot.fdt.totalsize;
	printk("boot: hart %llu, device tree at 0x%016llx (%llu bytes)\n",
	       (unsigned long long)boot.hartid, (unsigned long long)boot.dtb_pa,
	       (unsigned long long)boot.dtb_size);
	printk("boot: kernel image at 0x%016llx, 0x%016llx bytes\n",
	       (unsigned long long)boot.load_pa, (unsigned long long)boot.image_size);
}

static void read_board(void)
{
	diag_t diag;
	const board_hart_t *self;

	if (board_from_fdt(&boot.board, &boot.fdt, &diag) != BOARD_OK)
		boot_fail("board unusable", diag.msg);
	self = board_find_hart(&boot.board, boot.hartid);
	if (self == NULL || !self->usable) {
		diag_set(&diag, "boot hart %llu is not a usable hart with an MMU in the device tree",
			 (unsigned long long)boot.hartid);
		boot_fail("board unusable", diag.msg);
	}
	/* After paging is on, the kernel reaches the blob through its RAM window. */
	if (!range_in_ram(&boot.board, boot.dtb_pa, boot.dtb_size))
		boot_fail("board unusable", "the device tree is not in RAM");
}

static void derive_memory_map(void)
{
	diag_t diag;
	const mem_region_t kept[] = {
		{ .base = boot.load_pa, .size = boot.image_size, .reason = RESERVE_KERNEL_IMAGE, .node = -1 },
		{ .base = boot.dtb_pa, .size = boot.dtb_size, .reason = RESERVE_DTB, .node = -1 },
	};

	if (bootmap_derive(&boot.map, &boot.board, kept, 2, &diag) != MEMMAP_OK)
		boot_fail("memory map unusable", diag.msg);
}

static void enable_paging(void)
{
	diag_t diag;

	boot.paging = board_paging_mode(&boot.fdt, &boot.board);
	/* The identity-mapped power-off registers vanish with the switch. */
	platform_poweroff_register(&boot.fdt, -1, 0);
	if (!kernel_vm_init(boot.paging, &boot.map, boot.load_pa, &diag)) {
		boot_poweroff_setup(&boot);   /* still on the bootstrap tables */
		boot_fail("paging setup failed", diag.msg);
	}
	boot.paging = kernel_vm.mode;
	fdt_rebase(&boot.fdt, phys_to_virt(boot.dtb_pa));
	boot_poweroff_remap(&boot);
}

void kernel_main(uint64_t hartid, uint64_t dtb_pa, uint64_t load_pa)
{
	hart_local_init(0, hartid);
	trap_init();
	console_use_firmware();
	printk("\nBasalt %s (riscv64, %s build)\n", BASALT_VERSION, BASALT_DEBUG ? "debug" : "release");

	boot.hartid = hartid;
	boot.dtb_pa = dtb_pa;
	boot.load_pa = load_pa;
	boot.image_size = (uint64_t)(_end - _start);

	open_device_tree();
	boot_poweroff_setup(&boot);
	read_board();
	boot_cost_begin(&boot);
	derive_memory_map();
	enable_paging();
	boot_console_setup(&boot);
	boot_report(&boot);
	boot_crash_selftest(&boot);
	boot_cost_report();

	printk("Basalt: boot complete, powering off\n");
	system_poweroff(0);
}
