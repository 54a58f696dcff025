/*
 * What the boot sequence knows once it has read the board: shared by the
 * boot steps in kernel/boot/ (and, later, by the code that builds the root
 * task's capabilities from it). Boot-only data.
 */
#ifndef BASALT_KERNEL_BOOT_H
#define BASALT_KERNEL_BOOT_H

#include <stdint.h>

#include "board/board.h"
#include "fdt/fdt.h"
#include "memmap/memmap.h"

typedef struct boot_state {
	uint64_t hartid;
	uint64_t load_pa, image_size;
	uint64_t dtb_pa, dtb_size;
	fdt_t fdt;
	board_t board;
	bootmap_t map;
	paging_mode_t paging;
	/* The failure power-off device (boot_poweroff_setup), size 0 if none. */
	int poweroff_node;
	uint64_t poweroff_pa, poweroff_size;
	/* The kernel's copy of the device tree (in its boot data). */
	uint64_t dtb_copy_pa;
	/* What boot carved after the image: [image end, boot_data_end). */
	uint64_t boot_data_end;
	/* Hardware ASID bits in use, the scheduler tick (0: no timer). */
	unsigned asid_bits;
	uint64_t tick_us;
} boot_state_t;

/* Build the root task (objects, address space, CSpace, boot info, untyped
 * caps) and make it runnable; false with `diag` if the board cannot hold
 * it. Needs paging on and the final memory map in boot->map. */
bool boot_root_task(boot_state_t *boot, diag_t *diag);

/* Print the untyped caps the root task got (docs/boot-console.md). */
void boot_report_untyped(void);

/* The boot data reserved so far, as the final memory map sees it. */
void boot_final_memory_map(boot_state_t *boot);

/* Switch the console from the firmware to the UART that stdout-path names,
 * if the kernel has a driver for it; says which one it uses. */
void boot_console_setup(boot_state_t *boot);

/* Find a power-off device that can report failure (QEMU's test device), if
 * the board has one, and use it through the bootstrap identity map: called
 * as soon as the device tree is open, so even a refused board fails loudly. */
void boot_poweroff_setup(boot_state_t *boot);

/* The platform interrupt controller for user-level drivers (PLIC), if the
 * board has one the kernel drives; says what it found. */
void boot_intc_setup(boot_state_t *boot);

/* After paging is on: map that device into the kernel's device area (or
 * forget it, if it cannot be mapped). */
void boot_poweroff_remap(boot_state_t *boot);

/* Print the board and the memory map (docs/boot-console.md). */
void boot_report(const boot_state_t *boot);

/* Debug builds: "crash=fault" or "crash=assert" on the command line makes
 * the kernel fail on purpose, to test the panic report. */
void boot_crash_selftest(const boot_state_t *boot);

#endif
