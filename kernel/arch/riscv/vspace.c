/*
 * VSpace walks, switching address spaces, and what deleting a frame, a
 * page table or an ASID pool does (see vspace.h). Decoding the VM
 * invocations is in vm_invoke.c.
 *
 * A virtual address splits into one 9-bit index per level (Sv48 shown;
 * Sv39 has no L3, Sv57 adds L4):
 *
 *   47      39 38      30 29      21 20      12 11           0
 *  +----------+----------+----------+----------+--------------+
 *  |  L3 idx  |  L2 idx  |  L1 idx  |  L0 idx  |    offset    |
 *  +----------+----------+----------+----------+--------------+
 *
 * "The table serving level L" holds the entries that map 2^(12+9L)-byte
 * pages (or point to tables serving L-1); the root serves levels - 1.
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

static unsigned index_at(uint64_t vaddr, unsigned level)
{
	return (unsigned)((vaddr >> (12 + 9 * level)) & (PT_ENTRIES - 1));
}

static uint64_t *table_at(uint64_t pa)
{
	return (uint64_t *)phys_to_virt(pa);
}

uint64_t *vspace_slot(uint64_t root_pa, uint64_t vaddr, unsigned level, unsigned *missing)
{
	uint64_t table = root_pa;

	for (unsigned l = vspace_config.levels - 1; l > level; l--) {
		uint64_t pte = table_at(table)[index_at(vaddr, l)];

		if (!pte_is_valid(pte) || pte_is_leaf(pte)) {
			*missing = pte_is_valid(pte) ? VSPACE_LEAF_ABOVE : l - 1;
			return NULL;
		}
		table = pte_pa(pte);
	}
	return &table_at(table)[index_at(vaddr, level)];
}

bool vspace_lookup(uint64_t root_pa, uint64_t vaddr, uint64_t *pte_out, unsigned *level_out)
{
	uint64_t table = root_pa;

	for (int l = (int)vspace_config.levels - 1; l >= 0; l--) {
		uint64_t pte = table_at(table)[index_at(vaddr, (unsigned)l)];

		if (!pte_is_valid(pte))
			return false;
		if (pte_is_leaf(pte)) {
			*pte_out = pte;
			*level_out = (unsigned)l;
			return true;
		}
		table = pte_pa(pte);
	}
	return false;
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

/* The VSpace root at `root_pa` loses its ASID. */
static void delete_asid(uint32_t asid, uint64_t root_pa)
{
	asid_entry_t *e = asid_entry_for(asid, root_pa);

	if (e == NULL)
		return;
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
