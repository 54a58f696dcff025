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
} boot_state_t;

/* Switch the console from the firmware to the UART that stdout-path names,
 * if the kernel has a driver for it; says which one it uses. */
void boot_console_setup(boot_state_t *boot);

/* Find a power-off device that can report failure (QEMU's test device), if
 * the board has one, and use it through the bootstrap identity map: called
 * as soon as the device tree is open, so even a refused board fails loudly. */
void boot_poweroff_setup(boot_state_t *boot);

/* After paging is on: map that device into the kernel's device area (or
 * forget it, if it cannot be mapped). */
void boot_poweroff_remap(boot_state_t *boot);

/* Print the board and the memory map (docs/boot-console.md). */
void boot_report(const boot_state_t *boot);

/* Debug builds: "crash=fault" or "crash=assert" on the command line makes
 * the kernel fail on purpose, to test the panic report. */
void boot_crash_selftest(const boot_state_t *boot);

#endif
