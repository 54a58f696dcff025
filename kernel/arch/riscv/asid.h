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

/* The entry of `asid` if its pool exists (NULL otherwise, and for 0). */
asid_entry_t *asid_entry(uint32_t asid);

/* The VSpace root `asid` names, if it still names `root_pa`. */
asid_entry_t *asid_entry_for(uint32_t asid, uint64_t root_pa);

/* ---- hardware ASIDs (asid_hw.c) ---- */

/* Find how many ASID bits satp keeps (writing all ones and reading back,
 * under the kernel's own tables), capped by `limit`. */
void asid_hw_init(unsigned limit);
unsigned asid_hw_bits(void);

/* The hardware ASID for this VSpace now, allocating one (and flushing the
 * TLB when the generation rolls over) if its old one is stale. */
uint16_t asid_hw_get(asid_entry_t *e);

/* Flush the TLB entries of a VSpace: all of them, or those for one page. */
void asid_hw_flush(const asid_entry_t *e);
void asid_hw_flush_page(const asid_entry_t *e, uint64_t vaddr);

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
