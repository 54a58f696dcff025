/* Per-hart state and kernel stacks (see hart.h). */
#include "arch/riscv/hart.h"

hart_local_t hart_locals[MAX_CPUS];

/* One kernel stack per slot; head.S starts the boot hart on slot 0's. Every
 * trap from a thread starts at the top of its hart's stack: the kernel keeps
 * no state on it between traps. */
char kernel_stacks[MAX_CPUS][KERNEL_STACK_SIZE] __attribute__((aligned(16)));

void hart_local_init(unsigned index, uint64_t hartid)
{
	hart_local_t *h = &hart_locals[index];

	h->hartid = hartid;
	h->index = index;
	h->kstack_top = (uint64_t)(uintptr_t)(kernel_stacks[index] + KERNEL_STACK_SIZE);
	write_tp((uint64_t)(uintptr_t)h);
}
