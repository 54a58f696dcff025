/*
 * The ASID table and pool lookups (see asid.h). Pools are made by
 * ASIDControl_MakePool and give out ASIDs with ASIDPool_Assign
 * (vm_invoke.c); deleting a pool or a VSpace root takes its ASIDs back
 * (vspace.c).
 */
#include "arch/riscv/asid.h"

#include "core/kmem.h"

uint64_t asid_table[BASALT_ASID_POOLS];
