/*
 * Switching address spaces, and what deleting a frame, a page table or an
 * ASID pool does (see vspace.h). The page-table walk itself is in
 * vspace_walk.c (pure, host-tested); decoding the VM invocations is in
 * vm_invoke.c.
 */
#include "arch/riscv/vspace.h"

#include "arch/riscv/asid.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/kernel_vm.h"
#include "arch/riscv/pte.h"
#include "core/kmem.h"
#include "base/mem.h"
#include "object/cdt.h"

vspace_config_t vspace_config;

void vspace_init(bool svpbmt)
{
	vspace_config.svpbmt = svpbmt;
	vspace_config.levels = kernel_vm.levels;
	vspace_config.va_bits = (unsigned)kernel_vm.mode;
	vspace_config.user_top = 1ull << (kernel_vm.mode - 1);
	vspace_config.satp_mode = kernel_vm.satp >> SATP_MODE_SHIFT;
	vspace_config.kernel_root_pa = (kernel_vm.satp & SATP_PPN_MASK) << 12;
	vspace_config.kernel_satp = kernel_vm.satp;
}

static uint64_t *table_at(uint64_t pa)
{
	return (uint64_t *)phys_to_virt(pa);
}

bool vspace_cap_is_root(const cap_t *c)
{
	return c->type == CAP_PAGE_TABLE && cap_is_mapped(c) && c->word32 != 0 &&
	       c->bits == vspace_config.levels - 1;
}

void vspace_activate(const tcb_t *t)
{
	const cap_t *c = &t->slots[TCB_SLOT_VTABLE].cap;
	uint64_t satp = vspace_config.kernel_satp;
	asid_entry_t *e;

	if (vspace_cap_is_root(c) && (e = asid_entry_for(c->word32, c->obj)) != NULL) {
		uint64_t hw = asid_hw_get(e);

		satp = (vspace_config.satp_mode << SATP_MODE_SHIFT) | (hw << SATP_ASID_SHIFT) |
		       (c->obj >> 12);
	}
	if (csr_read(satp) == satp)
		return;
	csr_write(satp, satp);
	if (asid_hw_bits() == 0) {
		/* Every address space shares ASID 0: nothing may carry over. */
		sfence_vma_all();
		asid_hw_stats.full_flushes++;
	}
}

void vspace_copy_kernel_half(uint64_t root_pa)
{
	uint64_t *dst = table_at(root_pa);
	const uint64_t *src = table_at(vspace_config.kernel_root_pa);

	for (unsigned i = PT_ENTRIES / 2; i < PT_ENTRIES; i++)
		dst[i] = src[i];
}

void vspace_unmap_frame(const cap_t *c)
{
	asid_entry_t *e = asid_entry(c->word32);
	unsigned level = (c->bits - 12) / 9, missing;
	uint64_t *slot;

	if (e == NULL || e->root_pa == 0)
		return;
	slot = vspace_slot(e->root_pa, c->w1, level, &missing);
	/* Only if the entry still maps this frame: the table may have been
	 * unmapped and reused since. */
	if (slot == NULL || !pte_is_valid(*slot) || !pte_is_leaf(*slot) || pte_pa(*slot) != c->obj)
		return;
	*slot = 0;
	asid_hw_flush_page(e, c->w1);
}

void vspace_unmap_table(const cap_t *c)
{
	asid_entry_t *e = asid_entry(c->word32);
	unsigned missing;
	uint64_t *slot;

	if (e == NULL || e->root_pa == 0)
		return;
	slot = vspace_slot(e->root_pa, c->w1, c->bits + 1, &missing);
	if (slot == NULL || !pte_is_valid(*slot) || pte_is_leaf(*slot) || pte_pa(*slot) != c->obj)
		return;
	*slot = 0;
	asid_hw_flush(e);
}

/*
 * This hart may be running on the tables whose ASID is going: a thread
 * that deletes its own VSpace (or the pool holding its ASID) goes back to
 * user mode without a switch, so vspace_activate() never runs for it and
 * it would go on using tables whose memory is free to be reused. Leave
 * them before the ASID's TLB entries are flushed; the thread's next access
 * then faults to its handler like any thread whose VSpace is gone. (One
 * hart for now; with more, the others running that VSpace need telling.)
 */
static void leave_root(uint64_t root_pa)
{
	if (((csr_read(satp) & SATP_PPN_MASK) << 12) == root_pa)
		csr_write(satp, vspace_config.kernel_satp);
}

/* The VSpace root at `root_pa` loses its ASID. */
static void delete_asid(uint32_t asid, uint64_t root_pa)
{
	asid_entry_t *e = asid_entry_for(asid, root_pa);

	if (e == NULL)
		return;
	leave_root(root_pa);
	asid_hw_release(e);
	e->root_pa = 0;
}

static void delete_pool(const cap_t *c)
{
	uint32_t pool = c->word32 >> BASALT_ASID_POOL_INDEX_BITS;
	asid_pool_t *p;

	if (pool >= BASALT_ASID_POOLS || asid_table[pool] != c->obj)
		return;
	p = (asid_pool_t *)phys_to_virt(c->obj);
	/* 256 entries: bounded work, no preemption point needed. */
	for (unsigned i = 0; i < ASID_POOL_ENTRIES; i++) {
		if (p->entries[i].root_pa != 0) {
			leave_root(p->entries[i].root_pa);
			asid_hw_release(&p->entries[i]);
			p->entries[i].root_pa = 0;
		}
	}
	asid_table[pool] = 0;
}

exception_t vspace_finalise_cap(cte_t *slot, bool final)
{
	const cap_t *c = &slot->cap;

	switch (c->type) {
	case CAP_FRAME:
		/* Every frame cap maps at most one place: undo it. */
		if (cap_is_mapped(c))
			vspace_unmap_frame(c);
		return EXC_NONE;
	case CAP_PAGE_TABLE:
		if (final && cap_is_mapped(c)) {
			if (vspace_cap_is_root(c))
				delete_asid(c->word32, c->obj);
			else
				vspace_unmap_table(c);
		}
		return EXC_NONE;
	case CAP_ASID_POOL:
		if (final)
			delete_pool(c);
		return EXC_NONE;
	default:
		return EXC_NONE;
	}
}
