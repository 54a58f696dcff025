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
#include "arch/riscv/asid.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/vspace_walk.h"
#include "core/panic.h"
#include "object/cap.h"
#include "object/tcb.h"

/* Set up from the kernel's address space (after kernel_vm_init);
 * `svpbmt`: the boot hart implements the Svpbmt extension. */
void vspace_init(bool svpbmt);

/* A cap that can be a thread's VSpace root. */
static inline bool vspace_cap_is_root(const cap_t *c)
{
	return c->type == CAP_PAGE_TABLE && cap_is_mapped(c) && c->word32 != 0 &&
	       c->bits == vspace_config.levels - 1;
}

/* The satp value that runs a thread with VTABLE cap `c`: its VSpace with
 * that VSpace's hardware ASID (allocated now if it has none of this
 * generation), or the kernel-only tables if its VSpace is gone or was
 * never valid. */
static inline uint64_t vspace_satp_for_cap(const cap_t *c)
{
	asid_entry_t *e;

	if (!vspace_cap_is_root(c) || (e = asid_entry_for(c->word32, c->obj)) == NULL)
		return vspace_config.kernel_satp;
	return (vspace_config.satp_mode << SATP_MODE_SHIFT) |
	       ((uint64_t)asid_hw_of(e) << SATP_ASID_SHIFT) | (c->obj >> 12);
}

/* Work out `t`'s satp afresh and cache it (vspace.c). */
uint64_t vspace_satp_refresh(tcb_t *t);

/* vspace_satp_for_cap() of `t`'s VTABLE cap, from the thread's cache when
 * neither the cap nor any ASID assignment changed since (asid_epoch).
 * Inline, with vspace_load(): the IPC fast path switches address spaces
 * on every message. */
static inline uint64_t vspace_satp_of(tcb_t *t)
{
	const cap_t *c = &t->slots[TCB_SLOT_VTABLE].cap;
	uint64_t word;

	__builtin_memcpy(&word, c, sizeof(word));   /* type, rights, bits, flags, word32 */
	if (__builtin_expect(t->vs_epoch == asid_epoch && t->vs_cap_word == word &&
			     t->vs_cap_obj == c->obj, 1)) {
		assert(t->vs_satp == vspace_satp_for_cap(c));
		return t->vs_satp;
	}
	return vspace_satp_refresh(t);
}

/* Without ASID bits every address space is ASID 0: switching must flush. */
void vspace_flush_shared_asid(void);

/* Make `satp` this hart's address space (nothing to do if it already is). */
static inline void vspace_load(uint64_t satp)
{
	if (csr_read(satp) == satp)
		return;
	csr_write(satp, satp);
	if (__builtin_expect(asid_hw_bits() == 0, 0))
		vspace_flush_shared_asid();
}

/* Switch this hart to the thread's address space (vspace_satp_of). */
static inline void vspace_activate(tcb_t *t)
{
	vspace_load(vspace_satp_of(t));
}

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
