/*
 * kernel_main: the boot sequence on the boot hart.
 *
 * head.S arrives here at the kernel's virtual address on the bootstrap Sv39
 * tables. In order: read and validate the device tree, derive the board and
 * its memory map, copy the device tree into boot memory, build the kernel's
 * own address space in the paging mode the board allows, switch the console
 * to the UART, build the root task and hand the rest of memory to it as
 * untyped capabilities, report, and start the root task. Any input the
 * kernel cannot use stops the boot with one line naming the problem and a
 * failure power-off.
 */
#include "api/fastpath.h"
#include "arch/riscv/asid.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/hart.h"
#include "arch/riscv/interrupt.h"
#include "arch/riscv/kernel_vm.h"
#include "arch/riscv/sbi.h"
#include "arch/riscv/trap_frame.h"
#include "arch/riscv/vspace.h"
#include "boot/boot.h"
#include "boot/boot_alloc.h"
#include "boot/bootcost.h"
#include "boot/idle.h"
#include "core/panic.h"
#include "core/printk.h"
#include "base/mem.h"
#include "object/tcb.h"
#include "platform/poweroff.h"
#include "sched/sched.h"

/* Only physical addresses below this are reachable before the final tables
 * are up (the bootstrap identity map). */
#define BOOT_IDENTITY_LIMIT (256ull << 30)

/* The scheduler tick. */
#define TICK_US 2000

extern char _start[], _end[];

static boot_state_t boot;

tcb_t *boot_root_thread(void);
void kernel_exit(void) __attribute__((noreturn));

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
	/* Said once, here: the final map (boot_final_memory_map) has the
	 * same device reservations. */
	for (uint32_t i = 0; i < boot.map.reserved.count; i++) {
		if (boot.map.reserved.r[i].reason == RESERVE_DEVICE) {
			bootmap_device_warning(&boot.fdt, &boot.map.reserved.r[i], &diag);
			printk("boot: warning: %s\n", diag.msg);
		}
	}
	if (!boot_alloc_init(&boot.map, boot.load_pa + boot.image_size))
		boot_fail("memory map unusable", "no free RAM right after the kernel image");
}

/* The kernel keeps its own copy of the device tree in boot memory (the
 * root task gets it read-only), so the firmware's copy can become untyped
 * memory wherever the firmware put it. */
static void copy_device_tree(void)
{
	boot.dtb_copy_pa = boot_alloc(boot.dtb_size, 12);
	if (boot.dtb_copy_pa == 0)
		boot_fail("memory map unusable", "no room after the kernel image for the device tree");
	memcpy(phys_to_virt(boot.dtb_copy_pa), phys_to_virt(boot.dtb_pa), boot.dtb_size);
	fdt_rebase(&boot.fdt, phys_to_virt(boot.dtb_copy_pa));
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
	fdt_rebase(&boot.fdt, phys_to_virt(boot.dtb_copy_pa));
	boot_poweroff_remap(&boot);
	vspace_init(board_hart_has_extension(&boot.fdt, board_find_hart(&boot.board, boot.hartid),
					     "svpbmt"));
}

void boot_final_memory_map(boot_state_t *b)
{
	diag_t diag;
	const mem_region_t kept[] = {
		{ .base = b->load_pa, .size = b->image_size, .reason = RESERVE_KERNEL_IMAGE, .node = -1 },
		{ .base = b->load_pa + b->image_size, .size = b->boot_data_end - (b->load_pa + b->image_size),
		  .reason = RESERVE_KERNEL_DATA, .node = -1 },
	};

	if (bootmap_derive(&b->map, &b->board, kept, kept[1].size != 0 ? 2 : 1, &diag) != MEMMAP_OK)
		boot_fail("memory map unusable", diag.msg);
	/* RAM the kernel window cannot reach (only possible in Sv39 beyond
	 * 252 GiB) must never become untyped. */
	region_list_remove(&b->map.free, kernel_vm.window_limit, ~0ull - kernel_vm.window_limit);
}

/* "asid_bits=N" caps the hardware ASID bits used (tests force rollover). */
static unsigned asid_bits_limit(void)
{
	const char *v;
	uint32_t len;
	unsigned n = 0;

	if (!board_bootarg(&boot.fdt, &boot.board, "asid_bits", &v, &len) || len == 0)
		return 16;
	for (uint32_t i = 0; i < len && v[i] >= '0' && v[i] <= '9'; i++)
		n = n * 10 + (unsigned)(v[i] - '0');
	return n > 16 ? 16 : n;
}

/* Without a timebase the kernel cannot know how long a tick is, and without
 * Sstc or SBI TIME it cannot program one: it then runs without preemption
 * (threads switch when they block or yield) rather than refusing the board,
 * and says so. */
static void start_timer(void)
{
	const board_hart_t *self = board_find_hart(&boot.board, boot.hartid);
	bool sstc = board_hart_has_extension(&boot.fdt, self, "sstc");
	uint64_t period = board_timebase_ticks(&boot.board, TICK_US);

	if (period == 0 || (!sstc && !sbi_probe(SBI_EXT_TIME))) {
		printk("tick: none (%s): threads are not preempted\n",
		       period == 0 ? "no timebase-frequency, or 0" : "no SBI TIME, no Sstc");
		boot.tick_us = 0;
		return;
	}
	if (!timer_advances()) {
		printk("tick: none (the time CSR does not advance: the firmware has no timer "
		       "device?): threads are not preempted\n");
		boot.tick_us = 0;
		return;
	}
	boot.tick_us = TICK_US;
	timer_init(period, sstc);
	printk("tick: %llu us via %s\n", (unsigned long long)boot.tick_us,
	       sstc ? "stimecmp (Sstc)" : "SBI TIME");
}

void kernel_main(uint64_t hartid, uint64_t dtb_pa, uint64_t load_pa)
{
	diag_t diag;
	const char *arg;
	uint32_t arg_len;

	hart_local_init(0, hartid);
	sched_attach_hart();
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
	copy_device_tree();
	enable_paging();
	boot_console_setup(&boot);
	boot_intc_setup(&boot);
	asid_hw_init(asid_bits_limit());
	boot.asid_bits = asid_hw_bits();
	start_timer();
	if (board_bootarg(&boot.fdt, &boot.board, "nofastpath", &arg, &arg_len)) {
		fastpath_enabled = false;
		printk("boot: fast paths off (nofastpath): IPC and faults take the general path\n");
	}
	if (!boot_root_task(&boot, &diag))
		boot_fail("root task", diag.msg);
	boot_report(&boot);
	boot_report_untyped();
	boot_crash_selftest(&boot);
	/* Threads may read the cycle, time and instret counters (benchmarks
	 * measure with them; the firmware must allow it too: mcounteren). */
	csr_write(scounteren, 7);
	boot_cost_report();

	printk("Basalt: starting the root task\n");
	sched_init_hart(idle_thread_init(0), boot_root_thread());
	boot_cost_report_total();
	kernel_exit();
}
