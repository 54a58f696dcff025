/*
 * VM invocations: Frame Map/Unmap/GetAddress, PageTable Map/Unmap,
 * ASIDControl MakePool, ASIDPool Assign (layouts in basalt/invocation.h).
 *
 * Errors follow seL4: a frame or table cap already mapped elsewhere is
 * INVALID_CAPABILITY 0; a VSpace cap that is not a live VSpace root is
 * INVALID_CAPABILITY 1; misaligned addresses are ALIGNMENT_ERROR; an
 * address outside [0, user_top) is INVALID_ARGUMENT 0; an occupied entry
 * is DELETE_FIRST; a missing table on the way is FAILED_LOOKUP whose
 * "bits left" (MR2) is 12 + 9 * (L + 1) for a missing table serving level
 * L (docs/vm.md), so the caller knows which table to add.
 *
 * Frame_Map's attribute BASALT_MAP_ATTR_UNCACHED (and any device frame)
 * gives a non-cacheable / I/O mapping where the hart implements Svpbmt.
 */
#include "arch/riscv/asid.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/pte.h"
#include "arch/riscv/vspace.h"
#include "basalt/invocation.h"
#include "core/kmem.h"
#include "base/mem.h"
#include "object/cdt.h"
#include "object/cnode.h"

/* The VSpace root cap in extra cap `i`, live (its ASID still names it). */
static inline __attribute__((always_inline)) exception_t vspace_arg(invocation_t *inv, unsigned i,
								    asid_entry_t **out)
{
	const cap_t *v = &inv_extra(inv, i)->cap;
	asid_entry_t *e;

	if (!vspace_cap_is_root(v) || (e = asid_entry_for(v->word32, v->obj)) == NULL)
		return syserr_invalid_cap(&inv->err, i + 1);
	*out = e;
	return EXC_NONE;
}

static exception_t missing_table(invocation_t *inv, unsigned missing)
{
	if (missing == VSPACE_LEAF_ABOVE)
		return syserr_set(&inv->err, BASALT_DELETE_FIRST);
	return syserr_lookup(&inv->err, false, (lookup_fault_t){
		.type = BASALT_LOOKUP_MISSING_CAPABILITY, .bits_left = (uint8_t)(12 + 9 * (missing + 1)) });
}

/* Leaf permission bits for a mapping, from the requested rights limited by
 * the cap's; 0 when nothing is left. W needs R on RISC-V. */
static uint64_t leaf_perms(basalt_word_t want, unsigned cap_rights)
{
	uint64_t p = PTE_U;

	if ((want & BASALT_MAP_READ) && (cap_rights & BASALT_RIGHT_READ))
		p |= PTE_R;
	if ((want & BASALT_MAP_EXECUTE) && (cap_rights & BASALT_RIGHT_READ))
		p |= PTE_X;
	if ((want & BASALT_MAP_WRITE) && (cap_rights & BASALT_RIGHT_WRITE) && (p & PTE_R))
		p |= PTE_W;
	return (p & (PTE_R | PTE_X)) ? p : 0;
}

static exception_t decode_frame_map(invocation_t *inv)
{
	cap_t *f = &inv->slot->cap;
	uint64_t size = 1ull << f->bits;
	unsigned level = (f->bits - 12) / 9, missing;
	basalt_word_t vaddr, rights;
	asid_entry_t *e;
	uint64_t *slot, perms;
	exception_t ex;

	if (inv->length < 3 || inv->extra_count < 1)
		return syserr_set(&inv->err, BASALT_TRUNCATED_MESSAGE);
	vaddr = inv_arg(inv, 0);
	rights = inv_arg(inv, 1);
	ex = vspace_arg(inv, 0, &e);
	if (ex != EXC_NONE)
		return ex;
	if (cap_is_mapped(f)) {
		/* Remapping (new rights) is allowed only where it is mapped. */
		if (f->word32 != inv_extra(inv, 0)->cap.word32)
			return syserr_invalid_cap(&inv->err, 1);
		if (f->w1 != vaddr)
			return syserr_invalid_argument(&inv->err, 0);
	}
	if (vaddr & (size - 1))
		return syserr_set(&inv->err, BASALT_ALIGNMENT_ERROR);
	if (vaddr >= vspace_config.user_top || size > vspace_config.user_top - vaddr)
		return syserr_invalid_argument(&inv->err, 0);
	/* Write without read is no mapping RISC-V can express (the PTE
	 * encoding is reserved): refuse the request rather than guess. The
	 * cap's rights may still take write away below, as seL4 masks them. */
	if ((rights & BASALT_MAP_WRITE) && !(rights & BASALT_MAP_READ))
		return syserr_invalid_argument(&inv->err, 1);
	perms = leaf_perms(rights, f->rights);
	if (perms == 0)
		return syserr_invalid_argument(&inv->err, 1);
	/* Cacheability where the hart can express it (Svpbmt); elsewhere the
	 * platform's physical memory attributes decide (device ranges are
	 * uncached there anyway). */
	if (vspace_config.svpbmt && (cap_is_device(f) || (inv_arg(inv, 2) & BASALT_MAP_ATTR_UNCACHED)))
		perms |= cap_is_device(f) ? PTE_PBMT_IO : PTE_PBMT_NC;
	slot = vspace_slot(e->root_pa, vaddr, level, &missing);
	if (slot == NULL)
		return missing_table(inv, missing);
	if (pte_is_valid(*slot) && !(cap_is_mapped(f) && pte_is_leaf(*slot) && pte_pa(*slot) == f->obj))
		return syserr_set(&inv->err, BASALT_DELETE_FIRST);

	*slot = pte_leaf(f->obj, perms);
	f->flags |= CAP_FLAG_MAPPED;
	f->word32 = inv_extra(inv, 0)->cap.word32;
	f->w1 = vaddr;
	/* New and changed entries alike: RISC-V may have cached the old one. */
	asid_hw_flush_page(e, vaddr);
	return EXC_NONE;
}

static exception_t decode_frame(invocation_t *inv)
{
	cap_t *f = &inv->slot->cap;

	switch (inv->label) {
	case BASALT_INV_FRAME_MAP:
		return decode_frame_map(inv);
	case BASALT_INV_FRAME_UNMAP:
		if (cap_is_mapped(f))
			vspace_unmap_frame(f);
		f->flags &= (uint8_t)~CAP_FLAG_MAPPED;
		f->word32 = 0;
		f->w1 = 0;
		return EXC_NONE;
	case BASALT_INV_FRAME_GET_ADDRESS:
		inv_set_result(inv, 0, f->obj);
		return EXC_NONE;
	default:
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
	}
}

static exception_t decode_page_table_map(invocation_t *inv)
{
	cap_t *pt = &inv->slot->cap;
	basalt_word_t vaddr, level;
	asid_entry_t *e;
	uint64_t *slot;
	unsigned missing;
	exception_t ex;

	if (inv->length < 2 || inv->extra_count < 1)
		return syserr_set(&inv->err, BASALT_TRUNCATED_MESSAGE);
	vaddr = inv_arg(inv, 0);
	level = inv_arg(inv, 1);
	if (cap_is_mapped(pt))
		return syserr_invalid_cap(&inv->err, 0);
	ex = vspace_arg(inv, 0, &e);
	if (ex != EXC_NONE)
		return ex;
	if (level > vspace_config.levels - 2)
		return syserr_range(&inv->err, 0, vspace_config.levels - 2);
	if (vaddr >= vspace_config.user_top)
		return syserr_invalid_argument(&inv->err, 0);
	/* A table serving `level` covers 2^(12 + 9 (level + 1)) bytes. */
	vaddr &= ~((1ull << (12 + 9 * (level + 1))) - 1);
	slot = vspace_slot(e->root_pa, vaddr, (unsigned)level + 1, &missing);
	if (slot == NULL)
		return missing_table(inv, missing);
	if (pte_is_valid(*slot))
		return syserr_set(&inv->err, BASALT_DELETE_FIRST);

	*slot = pte_table(pt->obj);
	pt->flags |= CAP_FLAG_MAPPED;
	pt->word32 = inv_extra(inv, 0)->cap.word32;
	pt->w1 = vaddr;
	pt->bits = (uint8_t)level;
	asid_hw_flush(e);
	return EXC_NONE;
}

static exception_t decode_page_table(invocation_t *inv)
{
	cap_t *pt = &inv->slot->cap;

	switch (inv->label) {
	case BASALT_INV_PAGE_TABLE_MAP:
		return decode_page_table_map(inv);
	case BASALT_INV_PAGE_TABLE_UNMAP:
		if (vspace_cap_is_root(pt))
			return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
		/* Other caps to the table would still say it is mapped. */
		if (!cdt_is_final(inv->slot))
			return syserr_set(&inv->err, BASALT_REVOKE_FIRST);
		if (cap_is_mapped(pt)) {
			vspace_unmap_table(pt);
			/* What it mapped goes with it (seL4 clears it too). */
			memset(phys_to_virt(pt->obj), 0, 1u << BASALT_PAGE_TABLE_BITS);
		}
		pt->flags &= (uint8_t)~CAP_FLAG_MAPPED;
		pt->word32 = 0;
		pt->w1 = 0;
		pt->bits = 0;
		return EXC_NONE;
	default:
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
	}
}

static exception_t decode_make_pool(invocation_t *inv)
{
	cte_t *ut_slot, *dest;
	cap_t *ut;
	unsigned pool;
	exception_t ex;

	if (inv->label != BASALT_INV_ASID_CONTROL_MAKE_POOL)
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
	if (inv->length < 2 || inv->extra_count < 2)
		return syserr_set(&inv->err, BASALT_TRUNCATED_MESSAGE);
	for (pool = 0; pool < BASALT_ASID_POOLS && asid_table[pool] != 0; pool++)
		;
	if (pool == BASALT_ASID_POOLS)
		return syserr_set(&inv->err, BASALT_DELETE_FIRST);
	ut_slot = inv_extra(inv, 0);
	ut = &ut_slot->cap;
	if (ut->type != CAP_UNTYPED || cap_is_device(ut) || ut->bits != BASALT_ASID_POOL_BITS)
		return syserr_invalid_cap(&inv->err, 1);
	if (cdt_has_children(ut_slot))
		return syserr_set(&inv->err, BASALT_REVOKE_FIRST);
	ex = cnode_lookup_slot(&inv->err, &inv_extra(inv, 1)->cap, inv_arg(inv, 0), inv_arg(inv, 1),
			       false, &dest);
	if (ex != EXC_NONE)
		return ex;
	if (!cap_is_null(&dest->cap))
		return syserr_set(&inv->err, BASALT_DELETE_FIRST);

	/* The whole untyped becomes the pool. */
	memset(phys_to_virt(ut->obj), 0, 1u << BASALT_ASID_POOL_BITS);
	ut->w1 = 1ull << BASALT_ASID_POOL_BITS;
	ut->w2 = ut->w1;
	cdt_insert_new(ut_slot, dest, cap_asid_pool(ut->obj, pool << BASALT_ASID_POOL_INDEX_BITS));
	asid_table[pool] = ut->obj;
	asid_epoch_bump();
	return EXC_NONE;
}

static exception_t decode_assign(invocation_t *inv)
{
	const cap_t *pool_cap = &inv->slot->cap;
	uint32_t pool = pool_cap->word32 >> BASALT_ASID_POOL_INDEX_BITS;
	asid_pool_t *p;
	cap_t *pt;
	unsigned i;

	if (inv->label != BASALT_INV_ASID_POOL_ASSIGN)
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
	if (inv->extra_count < 1)
		return syserr_set(&inv->err, BASALT_TRUNCATED_MESSAGE);
	pt = &inv_extra(inv, 0)->cap;
	if (pt->type != CAP_PAGE_TABLE || cap_is_mapped(pt))
		return syserr_invalid_cap(&inv->err, 1);
	if (pool >= BASALT_ASID_POOLS || asid_table[pool] != pool_cap->obj)
		return syserr_invalid_cap(&inv->err, 0);
	p = (asid_pool_t *)phys_to_virt(pool_cap->obj);
	/* ASID 0 means none: pool 0 never hands out its entry 0. */
	for (i = pool == 0 ? 1 : 0; i < ASID_POOL_ENTRIES && p->entries[i].root_pa != 0; i++)
		;
	if (i == ASID_POOL_ENTRIES)
		return syserr_set(&inv->err, BASALT_DELETE_FIRST);

	vspace_copy_kernel_half(pt->obj);
	p->entries[i].root_pa = pt->obj;
	p->entries[i].hw = 0;
	asid_epoch_bump();
	pt->flags |= CAP_FLAG_MAPPED;
	pt->word32 = pool_cap->word32 + i;
	pt->w1 = 0;
	pt->bits = (uint8_t)(vspace_config.levels - 1);
	return EXC_NONE;
}

exception_t decode_vspace_invocation(invocation_t *inv)
{
	switch (inv->cap.type) {
	case CAP_FRAME:
		return decode_frame(inv);
	case CAP_PAGE_TABLE:
		return decode_page_table(inv);
	case CAP_ASID_CONTROL:
		return decode_make_pool(inv);
	case CAP_ASID_POOL:
		return decode_assign(inv);
	default:
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
	}
}
