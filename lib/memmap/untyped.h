/*
 * What becomes untyped memory at boot: the free RAM, cut into naturally
 * aligned power-of-two blocks, and the devices' MMIO ranges (device
 * untyped) except those the kernel drives itself.
 *
 * Generic C shared with dtinfo, so anyone can see what a board's user space
 * will get. Every block is as large as its alignment and what is left of
 * its range allow (capped at UNTYPED_MAX_BITS), so a range of n bytes
 * becomes at most about 2 * log2(n) blocks and nothing is lost to
 * rounding: the ranges are page-aligned and every page is covered.
 */
#ifndef BASALT_LIB_MEMMAP_UNTYPED_H
#define BASALT_LIB_MEMMAP_UNTYPED_H

#include <stdbool.h>
#include <stdint.h>

#include "board/board.h"
#include "memmap/memmap.h"

#define UNTYPED_MIN_BITS 4
#define UNTYPED_MAX_BITS 47

typedef struct untyped_block {
	uint64_t base;
	uint8_t size_bits;
	bool device;
} untyped_block_t;

typedef struct untyped_list {
	untyped_block_t *blocks;   /* caller's array */
	uint32_t capacity;
	uint32_t count;
} untyped_list_t;

/* Append the blocks covering [base, base + size); false (list unchanged
 * beyond what fit) when the list is full. */
bool untyped_split(untyped_list_t *list, uint64_t base, uint64_t size, bool device);

/* The device ranges user space gets: every device register range of the
 * board, widened to whole pages and merged where they touch, minus the
 * devices the kernel keeps (board_kernel_owned) and anything overlapping
 * RAM. False if `out` overflows. `scratch` is working room (region lists
 * are too big for a kernel stack). */
bool untyped_device_ranges(const board_t *board, const fdt_t *fdt, region_list_t *out,
			   region_list_t *scratch);

/* The device belongs to the kernel: the interrupt controller, the timer
 * (the CLINT is M-mode's), and the test device the kernel uses to report
 * failure at power-off. */
bool board_kernel_owned(const board_t *board, const fdt_t *fdt, int node);

/* Everything: free RAM (from map->free) then devices. */
bool untyped_plan(const bootmap_t *map, const board_t *board, const fdt_t *fdt,
		  untyped_list_t *list, region_list_t scratch[2]);

#endif
