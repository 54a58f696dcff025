/*
 * The boot memory map: RAM, what in it is reserved and why, and what is free.
 *
 * bootmap_derive() starts from the board's RAM ranges, takes out every range
 * the device tree reserves (/memreserve/ and /reserved-memory children, with
 * or without no-map: firmware is reserved either way), every device
 * register range the device tree places inside RAM (a broken tree, but
 * those pages must never be handed out as memory) and every range the
 * kernel itself keeps (its image, the DTB, later its boot page tables), and
 * leaves the free RAM: page-aligned (4 KiB) ranges, sorted, that later
 * become untyped memory. Nothing is lost except what page alignment forces.
 *
 * This is generic C shared by the kernel and the host tools; it allocates
 * nothing (fixed tables; overflow is an error, never a silent truncation).
 */
#ifndef BASALT_LIB_MEMMAP_H
#define BASALT_LIB_MEMMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "base/diag.h"
#include "board/board.h"

/*
 * Room for every reservation an accepted board can bring (its own, and
 * each device range inside RAM) plus MEMMAP_MAX_KERNEL ranges the kernel
 * keeps or takes; the free list never needs more, as each reservation
 * splits at most one free range in two. So no board that board_from_fdt()
 * accepts overflows a table; the checks stay for the kernel's own takes.
 */
#define MEMMAP_MAX_KERNEL  32
#define MEMMAP_MAX_REGIONS (BOARD_MAX_MEMORY + BOARD_MAX_RESERVED + BOARD_MAX_DEVICES + \
			    MEMMAP_MAX_KERNEL)
#define MEMMAP_PAGE_SIZE   4096u

/* Why a range of RAM is not free. */
typedef enum reserve_reason {
	RESERVE_NONE = 0,       /* RAM or free ranges */
	RESERVE_MEMRESERVE,     /* a /memreserve/ entry */
	RESERVE_DT_NODE,        /* a /reserved-memory child (firmware, ...): see .node */
	RESERVE_KERNEL_IMAGE,   /* the kernel's text, data and bss */
	RESERVE_DTB,            /* the device tree blob the kernel was handed */
	RESERVE_PAGE_TABLES,    /* the kernel's own page tables, built at boot */
	RESERVE_KERNEL_DATA,    /* other memory the kernel keeps (see .label) */
	RESERVE_DEVICE,         /* a device's registers inside RAM: see .node */
} reserve_reason_t;

typedef struct mem_region {
	uint64_t base;
	uint64_t size;
	reserve_reason_t reason;
	int node;               /* RESERVE_DT_NODE, RESERVE_DEVICE: the node's offset; else -1 */
	bool no_map;            /* kept out of the kernel's RAM window: a
	                         * RESERVE_DT_NODE that says no-map, and every
	                         * RESERVE_DEVICE (no cacheable alias of registers) */
} mem_region_t;

typedef struct region_list {
	mem_region_t r[MEMMAP_MAX_REGIONS];
	uint32_t count;
} region_list_t;

typedef struct bootmap {
	region_list_t ram;       /* the board's RAM, sorted by base */
	region_list_t reserved;  /* sorted by base; entries may overlap each other */
	region_list_t free;      /* RAM minus reserved, 4 KiB aligned, sorted, disjoint */
} bootmap_t;

typedef enum memmap_status {
	MEMMAP_OK = 0,
	MEMMAP_ERR_FULL,         /* a table overflowed */
	MEMMAP_ERR_RANGE,        /* a range wraps around the address space or is empty */
	MEMMAP_ERR_NO_FREE,      /* nothing free remains (or not enough for a request) */
} memmap_status_t;

/* ---- region arithmetic (used by bootmap, exposed for tests) ---- */
bool region_list_add(region_list_t *list, const mem_region_t *region);
void region_list_sort(region_list_t *list);
/* Removes [base, base+size) from every region of `list` (splitting as
 * needed). False if a split would overflow the table. */
bool region_list_remove(region_list_t *list, uint64_t base, uint64_t size);
/* Total bytes. */
uint64_t region_list_total(const region_list_t *list);

/*
 * Derive the map. `kept` lists extra ranges the kernel keeps (reason
 * RESERVE_KERNEL_IMAGE, RESERVE_DTB, ...), `kept_count` of them. Every
 * non-empty device range of the board that overlaps RAM is reserved whole
 * as RESERVE_DEVICE (no_map set); the boot warns about each
 * (bootmap_device_warning()).
 */
memmap_status_t bootmap_derive(bootmap_t *out, const board_t *board,
			       const mem_region_t *kept, uint32_t kept_count,
			       diag_t *diag);

/* The one-line warning for a RESERVE_DEVICE reservation, naming the
 * device's node and its registers: what the kernel prints at boot and
 * dtinfo on stderr. */
void bootmap_device_warning(const fdt_t *fdt, const mem_region_t *r, diag_t *out);

/*
 * Boot-time carving: take `size` bytes aligned to `align` (a power of two,
 * at least 4 KiB) from the lowest free range that can hold them, record it
 * as reserved with `reason`, and return its physical address in *pa.
 * Used only during boot (the kernel never allocates afterwards).
 */
memmap_status_t bootmap_take(bootmap_t *map, uint64_t size, uint64_t align,
			     reserve_reason_t reason, uint64_t *pa);

/* Short words for a reason: "memreserve", "reserved-memory", "kernel image",
 * "device tree", "kernel page tables", "kernel data", "device". */
const char *reserve_reason_name(reserve_reason_t reason);

const char *memmap_status_name(memmap_status_t status);

#endif
