/* Lazy FPU switching (see fpu.h). */
#include "arch/riscv/fpu.h"

#include <stddef.h>

#include "arch/riscv/csr.h"
#include "arch/riscv/hart.h"

bool fpu_take_trap(tcb_t *t)
{
	hart_local_t *h = hart_self();
	tcb_t *prev = h->fpu_owner;

	if ((t->ctx.sstatus & SSTATUS_FS) != SSTATUS_FS_OFF)
		return false;   /* the FPU was on: a real illegal instruction */
	/* The kernel itself needs FS on to touch the registers. */
	csr_set(sstatus, SSTATUS_FS_INITIAL);
	if (prev != NULL && prev != t) {
		fpu_save(prev->ctx.fregs);
		prev->fpu_used = 1;
		prev->ctx.sstatus &= ~SSTATUS_FS;
	}
	if (prev != t) {
		if (t->fpu_used)
			fpu_restore(t->ctx.fregs);
		else
			fpu_zero();
	}
	h->fpu_owner = t;
	t->fpu_used = 1;
	t->ctx.sstatus = (t->ctx.sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
	csr_clear(sstatus, SSTATUS_FS);
	return true;
}

void fpu_forget(tcb_t *t)
{
	for (unsigned h = 0; h < MAX_CPUS; h++) {
		if (hart_locals[h].fpu_owner == t)
			hart_locals[h].fpu_owner = NULL;
	}
}
