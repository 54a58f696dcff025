/*
 * Building page tables for any number of levels (Sv39: 3, Sv48: 4, Sv57: 5).
 *
 * The number of levels is a value carried in pt_space_t, never a compile-time
 * constant, so one kernel drives every paging mode. Tables are reached
 * through a caller-supplied physical-to-virtual function and new tables come
 * from a caller-supplied page source: at boot the kernel passes the boot
 * memory map's carving; host tests pass plain buffers.
 */
#ifndef BASALT_ARCH_RISCV_PAGETABLE_H
#define BASALT_ARCH_RISCV_PAGETABLE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct pt_space {
	unsigned levels;                 /* 3, 4 or 5 */
	uint64_t root_pa;
	/* A zeroed, 4 KiB-aligned page for a new table; 0 when none is left. */
	uint64_t (*alloc_table)(void *ctx);
	/* Where the kernel can read and write physical address `pa` right now. */
	uint64_t *(*table_ptr)(void *ctx, uint64_t pa);
	void *ctx;
} pt_space_t;

/* Page size mapped by one leaf at `level` (0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB). */
static inline uint64_t pt_level_size(unsigned level)
{
	return 1ull << (12 + 9 * level);
}

typedef enum pt_status {
	PT_OK = 0,
	PT_ERR_NO_MEMORY,    /* the page source ran dry */
	PT_ERR_OVERLAP,      /* something is already mapped there */
	PT_ERR_ALIGN,        /* va, pa or size not 4 KiB aligned */
} pt_status_t;

/*
 * Map [va, va + size) to [pa, pa + size) with leaf permission bits `perms`
 * (PTE_R/W/X/U/G), using at each step the largest page that fits the
 * alignment of va and pa and the bytes left, up to `max_leaf_level`
 * (2 for 1 GiB pages). Boot uses this for the kernel window, so 16 GiB of
 * RAM costs sixteen 1 GiB leaves, not four million 4 KiB ones.
 */
pt_status_t pt_map(pt_space_t *space, uint64_t va, uint64_t pa, uint64_t size,
		   uint64_t perms, unsigned max_leaf_level);

/* Translate `va` by walking the tables; false if unmapped. */
bool pt_translate(const pt_space_t *space, uint64_t va, uint64_t *pa, uint64_t *pte);

#endif
