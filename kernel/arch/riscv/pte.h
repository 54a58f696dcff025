/*
 * Page-table entries, common to Sv39, Sv48 and Sv57 (only the number of
 * levels differs):
 *
 *   63    54 53        10 9   8 7 6 5 4 3 2 1 0
 *  +--------+------------+-----+-+-+-+-+-+-+-+-+
 *  |reserved|    PPN     | RSW |D|A|G|U|X|W|R|V|
 *  +--------+------------+-----+-+-+-+-+-+-+-+-+
 *
 * A valid entry with R, W and X all clear points to the next-level table;
 * any of R/W/X set makes it a leaf. A and D are set by the kernel up front
 * so harts that do not update them in hardware never fault for them.
 */
#ifndef BASALT_ARCH_RISCV_PTE_H
#define BASALT_ARCH_RISCV_PTE_H

#include <stdbool.h>
#include <stdint.h>

#define PTE_V (1ull << 0)
#define PTE_R (1ull << 1)
#define PTE_W (1ull << 2)
#define PTE_X (1ull << 3)
#define PTE_U (1ull << 4)
#define PTE_G (1ull << 5)
#define PTE_A (1ull << 6)
#define PTE_D (1ull << 7)
/* Svpbmt memory types (bits 62:61): NC = non-cacheable, IO = device. */
#define PTE_PBMT_NC (1ull << 61)
#define PTE_PBMT_IO (2ull << 61)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK (((1ull << 44) - 1) << PTE_PPN_SHIFT)

#define PT_ENTRIES 512
#define PT_INDEX_BITS 9

static inline uint64_t pte_leaf(uint64_t pa, uint64_t perms)
{
	return ((pa >> 12) << PTE_PPN_SHIFT) | perms | PTE_V | PTE_A | PTE_D;
}

static inline uint64_t pte_table(uint64_t table_pa)
{
	return ((table_pa >> 12) << PTE_PPN_SHIFT) | PTE_V;
}

static inline bool pte_is_valid(uint64_t pte)
{
	return (pte & PTE_V) != 0;
}

static inline bool pte_is_leaf(uint64_t pte)
{
	return (pte & (PTE_R | PTE_W | PTE_X)) != 0;
}

static inline uint64_t pte_pa(uint64_t pte)
{
	return ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << 12;
}

#endif
