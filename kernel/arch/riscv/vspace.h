/*
 * User address spaces (VSpaces) out of page-table objects, frames and ASIDs.
 *
 * A VSpace is a top-level page table that an ASID pool has given an ASID;
 * its cap then says MAPPED with that ASID and level = levels - 1. Lower
 * tables are installed with PageTable_Map at an explicit level (the level
 * of pages their entries map: 0 for 4 KiB, 1 for 2 MiB, ...), frames with
 * Frame_Map. The number of levels is a run-time value (3 Sv39, 4 Sv48,
 * 5 Sv57). The upper half of every VSpace root is a copy of the kernel's
 * own top-level entries (never user-accessible), so the kernel is mapped
 * identically everywhere; user addresses are [0, user_top).
 */
#ifndef BASALT_ARCH_RISCV_VSPACE_H
#define BASALT_ARCH_RISCV_VSPACE_H

#include <stdbool.h>
#include <stdint.h>

#include "api/invocation.h"
#include "arch/riscv/vspace_walk.h"
#include "object/cap.h"
#include "object/tcb.h"

/* Set up from the kernel's address space (after kernel_vm_init);
 * `svpbmt`: the boot hart implements the Svpbmt extension. */
void vspace_init(bool svpbmt);

/* A cap that can be a thread's VSpace root. */
bool vspace_cap_is_root(const cap_t *c);

/* Switch this hart to the thread's address space (or to the kernel-only
 * one if its VSpace is gone or was never valid). */
void vspace_activate(const tcb_t *t);

/* Finalisation for FRAME, PAGE_TABLE and ASID_POOL caps. */
exception_t vspace_finalise_cap(cte_t *slot, bool final);

/* Frame, PageTable, ASIDControl and ASIDPool invocations. */
exception_t decode_vspace_invocation(invocation_t *inv);

/* ---- shared by vspace.c, vm_invoke.c and the boot code ---- */
/* (vspace_slot() and vspace_lookup(), the walk, are in vspace_walk.h.) */

/* Copy the kernel's top-level entries into a new VSpace root. */
void vspace_copy_kernel_half(uint64_t root_pa);

/* Undo a mapped frame's / lower page table's mapping (if still there). */
void vspace_unmap_frame(const cap_t *c);
void vspace_unmap_table(const cap_t *c);

#endif
