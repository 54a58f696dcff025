/*
 * Walking a VSpace's page tables (see vspace_walk.h). A virtual address
 * splits into one 9-bit index per level (Sv48 shown; Sv39 has no L3,
 * Sv57 adds L4):
 *
 *   47      39 38      30 29      21 20      12 11           0
 *  +----------+----------+----------+----------+--------------+
 *  |  L3 idx  |  L2 idx  |  L1 idx  |  L0 idx  |    offset    |
 *  +----------+----------+----------+----------+--------------+
 */
#include "arch/riscv/vspace_walk.h"

#include <stddef.h>

#include "arch/riscv/pte.h"
#include "core/kmem.h"

static unsigned index_at(uint64_t vaddr, unsigned level)
{
	return (unsigned)((vaddr >> (12 + PT_INDEX_BITS * level)) & (PT_ENTRIES - 1));
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
