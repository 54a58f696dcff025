/*
 * The ASID table and pool lookups (see asid.h). Pools are made by
 * ASIDControl_MakePool and give out ASIDs with ASIDPool_Assign
 * (vm_invoke.c); deleting a pool or a VSpace root takes its ASIDs back
 * (vspace.c).
 */
#include "arch/riscv/asid.h"

#include "core/kmem.h"

uint64_t asid_table[BASALT_ASID_POOLS];

asid_entry_t *asid_entry(uint32_t asid)
{
	uint32_t pool = asid >> BASALT_ASID_POOL_INDEX_BITS;

	if (asid == 0 || pool >= BASALT_ASID_POOLS || asid_table[pool] == 0)
		return NULL;
	return &((asid_pool_t *)phys_to_virt(asid_table[pool]))
			->entries[asid & (ASID_POOL_ENTRIES - 1)];
}

asid_entry_t *asid_entry_for(uint32_t asid, uint64_t root_pa)
{
	asid_entry_t *e = asid_entry(asid);

	return e != NULL && e->root_pa == root_pa && root_pa != 0 ? e : NULL;
}
