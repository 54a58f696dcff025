/*
 * The invariant audit (debug builds): a full check of the kernel's state
 * that tests run after every batch of operations (BASALT_SYS_DEBUG_AUDIT).
 *
 *  - the derivation list is well formed (links agree both ways, no empty
 *    slot on it, no cycle) and every cap's parent is consistent;
 *  - every cap names memory inside its object's bounds, naturally aligned,
 *    in RAM (or device memory, for device caps); every object made from an
 *    untyped lies below that untyped's watermark, and an untyped's
 *    children do not overlap each other;
 *  - memory is conserved: the boot untyped blocks tile the free RAM
 *    exactly, disjoint from everything the kernel reserved, and every
 *    object lies in an untyped's memory or in the boot data;
 *  - threads: queued threads are runnable and on the right queue; threads
 *    waiting on an endpoint or notification are on its queue;
 *  - VSpaces: every ASID pool in the ASID table has a cap, every assigned
 *    ASID names a top-level page table whose kernel half is the kernel's,
 *    and no two VSpaces share a current hardware ASID.
 */
#ifndef BASALT_KERNEL_DEBUG_AUDIT_H
#define BASALT_KERNEL_DEBUG_AUDIT_H

#include <stdint.h>

#include "memmap/memmap.h"
#include "memmap/untyped.h"

typedef struct audit_boot_facts {
	const bootmap_t *map;             /* the final boot memory map */
	const untyped_block_t *untyped;   /* the boot untyped blocks */
	uint32_t untyped_count;
	uint64_t boot_data_base, boot_data_end;   /* boot objects live here */
} audit_boot_facts_t;

void audit_set_boot_facts(const audit_boot_facts_t *facts);

/* Run every check; returns the number of violations (each printed, the
 * first few in full, when `verbose`). */
unsigned audit_run(bool verbose);

#endif
