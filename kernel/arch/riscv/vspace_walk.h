/*
 * The paging mode's values and the walk of a VSpace's page tables: pure
 * code over physical memory reached through phys_to_virt() (core/kmem.h),
 * with no CSRs, capabilities or ASIDs, so the host unit tests
 * (tests/host/vspace/) run it over a fake RAM in every mode.
 *
 * Levels are numbered by the size of page an entry of that level maps:
 * level 0 maps 4 KiB, level 1 2 MiB, level 2 1 GiB, ...; "the table
 * serving level L" holds level-L entries; the root serves levels - 1.
 */
#ifndef BASALT_ARCH_RISCV_VSPACE_WALK_H
#define BASALT_ARCH_RISCV_VSPACE_WALK_H

#include <stdbool.h>
#include <stdint.h>

typedef struct vspace_config {
	unsigned levels;          /* 3, 4 or 5 */
	unsigned va_bits;         /* 39, 48 or 57 */
	uint64_t user_top;        /* 2^(va_bits - 1) */
	uint64_t satp_mode;       /* satp MODE field value */
	uint64_t kernel_root_pa;  /* the kernel's own top-level table */
	uint64_t kernel_satp;     /* satp with no user mappings (ASID 0) */
	bool svpbmt;              /* the hart has Svpbmt: mappings can say uncached */
} vspace_config_t;

/* Set once at boot (vspace_init); the walk reads `levels`. */
extern vspace_config_t vspace_config;

/* The entry for `vaddr` in the table serving `level`, walking from the
 * root; NULL if a table on the way is missing (*missing: the level that
 * table would serve) or a larger page already covers the address
 * (*missing = VSPACE_LEAF_ABOVE). */
#define VSPACE_LEAF_ABOVE (~0u)
uint64_t *vspace_slot(uint64_t root_pa, uint64_t vaddr, unsigned level, unsigned *missing);

/* Translate a user address in a VSpace (tests, debugging, the audit):
 * the leaf entry and its level, or false. */
bool vspace_lookup(uint64_t root_pa, uint64_t vaddr, uint64_t *pte, unsigned *level);

#endif
