/*
 * ASIDs: software ASIDs (16 bits, handed out by ASID pools) name VSpaces;
 * hardware ASIDs (however many satp implements, maybe none) tag TLB
 * entries and are allocated to VSpaces on demand, by generation.
 *
 *   ASID table      one entry per pool: pool k covers ASIDs k*256 .. k*256+255
 *   ASID pool       a 4 KiB object: per ASID, the VSpace root it is given
 *                   to and that VSpace's hardware ASID and generation
 *
 * ASID 0 is never given out: it means "none".
 */
#ifndef BASALT_ARCH_RISCV_ASID_H
#define BASALT_ARCH_RISCV_ASID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "basalt/objects.h"
#include "arch/riscv/csr.h"
#include "core/kmem.h"

#define ASID_POOL_ENTRIES (1u << BASALT_ASID_POOL_INDEX_BITS)

typedef struct asid_entry {
	uint64_t root_pa;         /* the VSpace root, 0 if the ASID is free */
	uint64_t hw;              /* hardware ASID | generation << 16 (asid_hw.c) */
} asid_entry_t;

typedef struct asid_pool {
	asid_entry_t entries[ASID_POOL_ENTRIES];
} asid_pool_t;

_Static_assert(sizeof(asid_pool_t) == (1u << BASALT_ASID_POOL_BITS), "ASID pool layout");

/* Physical address of pool k, 0 when there is none. */
extern uint64_t asid_table[BASALT_ASID_POOLS];

/* The entry of `asid` if its pool exists (NULL otherwise, and for 0).
 * Inline: every switch between address spaces asks. */
static inline asid_entry_t *asid_entry(uint32_t asid)
{
	uint32_t pool = asid >> BASALT_ASID_POOL_INDEX_BITS;

	if (asid == 0 || pool >= BASALT_ASID_POOLS || asid_table[pool] == 0)
		return NULL;
	return &((asid_pool_t *)phys_to_virt(asid_table[pool]))
			->entries[asid & (ASID_POOL_ENTRIES - 1)];
}

/* The VSpace root `asid` names, if it still names `root_pa`. */
static inline asid_entry_t *asid_entry_for(uint32_t asid, uint64_t root_pa)
{
	asid_entry_t *e = asid_entry(asid);

	return e != NULL && e->root_pa == root_pa && root_pa != 0 ? e : NULL;
}

/*
 * Bumped whenever the answer to "which satp runs this VSpace root cap?"
 * may change for any cap: an ASID given to or taken from a root, a pool
 * made or deleted, a hardware ASID allocated or released (including a
 * rollover). Threads cache their satp against it (vspace.h).
 */
extern uint64_t asid_epoch;

static inline void asid_epoch_bump(void)
{
	asid_epoch++;
}

/* ---- hardware ASIDs (asid_hw.c) ---- */

/* Find how many ASID bits satp keeps (writing all ones and reading back,
 * under the kernel's own tables), capped by `limit`. */
void asid_hw_init(unsigned limit);

extern unsigned asid_hw_nbits;

static inline unsigned asid_hw_bits(void)
{
	return asid_hw_nbits;
}

/* The hardware ASID for this VSpace now, allocating one (and flushing the
 * TLB when the generation rolls over) if its old one is stale. */
uint16_t asid_hw_get(asid_entry_t *e);

/* The current generation (asid_hw.c); entries hold theirs in hw >> 16. */
extern uint64_t asid_hw_generation;

/* asid_hw_get() for the common case, inline: the VSpace already has an
 * ASID of this generation (with no ASID bits, it holds 0 of this one). */
static inline uint16_t asid_hw_of(asid_entry_t *e)
{
	if (__builtin_expect((e->hw >> 16) == asid_hw_generation, 1))
		return (uint16_t)(e->hw & 0xffff);
	return asid_hw_get(e);
}

/* Flush the TLB entries of a VSpace: all of them, or those for one page
 * (inline: every Frame_Map and Unmap ends with it). A VSpace whose ASID is
 * of an older generation has nothing in the TLB under it. */
void asid_hw_flush(const asid_entry_t *e);

static inline void asid_hw_flush_page(const asid_entry_t *e, uint64_t vaddr)
{
	if (asid_hw_nbits == 0)
		sfence_vma_page_all(vaddr);
	else if ((e->hw >> 16) == asid_hw_generation)
		sfence_vma_page(vaddr, e->hw & 0xffff);
}

/* The VSpace is going away: flush it and free its hardware ASID. */
void asid_hw_release(asid_entry_t *e);

/* Counters for tests and the debugger. */
typedef struct asid_hw_stats {
	uint64_t generation;
	uint64_t rollovers;
	uint64_t allocations;
	uint64_t full_flushes;    /* switches that flushed everything (no ASID bits) */
} asid_hw_stats_t;

extern asid_hw_stats_t asid_hw_stats;

#endif
