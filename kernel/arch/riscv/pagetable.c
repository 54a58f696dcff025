/*
 * Generic multi-level page-table construction: see pagetable.h.
 *
 * A virtual address splits into one 9-bit index per level above the 12-bit
 * page offset (Sv48 shown; Sv39 drops L3, Sv57 adds L4 above it):
 *
 *   47      39 38      30 29      21 20      12 11           0
 *  +----------+----------+----------+----------+--------------+
 *  |  L3 idx  |  L2 idx  |  L1 idx  |  L0 idx  |    offset    |
 *  +----------+----------+----------+----------+--------------+
 */
#include <stddef.h>

#include "arch/riscv/pagetable.h"
#include "arch/riscv/pte.h"

static unsigned pt_index(uint64_t va, unsigned level)
{
	return (unsigned)((va >> (12 + PT_INDEX_BITS * level)) & (PT_ENTRIES - 1));
}

/* The entry for `va` in the table at `level`, creating the intermediate
 * tables above it; NULL if a table could not be allocated or a leaf
 * already covers the address. */
static uint64_t *pt_walk_create(pt_space_t *s, uint64_t va, unsigned level, pt_status_t *err)
{
	uint64_t table_pa = s->root_pa;

	for (unsigned l = s->levels - 1; l > level; l--) {
		uint64_t *entry = s->table_ptr(s->ctx, table_pa) + pt_index(va, l);

		if (!pte_is_valid(*entry)) {
			uint64_t next = s->alloc_table(s->ctx);

			if (next == 0) {
				*err = PT_ERR_NO_MEMORY;
				return NULL;
			}
			*entry = pte_table(next);
		} else if (pte_is_leaf(*entry)) {
			*err = PT_ERR_OVERLAP;
			return NULL;
		}
		table_pa = pte_pa(*entry);
	}
	return s->table_ptr(s->ctx, table_pa) + pt_index(va, level);
}

static unsigned pt_best_level(uint64_t va, uint64_t pa, uint64_t left, unsigned max_level)
{
	for (unsigned l = max_level; l > 0; l--) {
		uint64_t sz = pt_level_size(l);

		if (((va | pa) & (sz - 1)) == 0 && left >= sz)
			return l;
	}
	return 0;
}

pt_status_t pt_map(pt_space_t *s, uint64_t va, uint64_t pa, uint64_t size,
		   uint64_t perms, unsigned max_leaf_level)
{
	pt_status_t err = PT_OK;

	if (((va | pa | size) & 0xfff) != 0)
		return PT_ERR_ALIGN;
	if (max_leaf_level > s->levels - 1)
		max_leaf_level = s->levels - 1;

	while (size > 0) {
		unsigned level = pt_best_level(va, pa, size, max_leaf_level);
		uint64_t *entry = pt_walk_create(s, va, level, &err);

		if (entry == NULL)
			return err;
		if (pte_is_valid(*entry))
			return PT_ERR_OVERLAP;
		*entry = pte_leaf(pa, perms);
		va += pt_level_size(level);
		pa += pt_level_size(level);
		size -= pt_level_size(level);
	}
	return PT_OK;
}

bool pt_translate(const pt_space_t *s, uint64_t va, uint64_t *pa, uint64_t *pte_out)
{
	uint64_t table_pa = s->root_pa;

	for (int l = (int)s->levels - 1; l >= 0; l--) {
		uint64_t pte = s->table_ptr(s->ctx, table_pa)[pt_index(va, (unsigned)l)];

		if (!pte_is_valid(pte))
			return false;
		if (pte_is_leaf(pte)) {
			uint64_t mask = pt_level_size((unsigned)l) - 1;

			if (pa)
				*pa = pte_pa(pte) + (va & mask);
			if (pte_out)
				*pte_out = pte;
			return true;
		}
		table_pa = pte_pa(pte);
	}
	return false;
}
