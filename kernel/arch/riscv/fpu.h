/*
 * Floating point, switched lazily. Threads start with the FPU off
 * (sstatus.FS = Off). The first FP instruction traps as illegal; the kernel
 * then makes the thread the hart's FPU owner: it saves the previous owner's
 * registers (if it ever changed them), loads the thread's own (or zeros),
 * and lets the instruction run again. A thread that is not the owner runs
 * with the FPU off; the owner keeps its registers in the FPU across
 * switches, so threads that never use FP cost nothing.
 */
#ifndef BASALT_ARCH_RISCV_FPU_H
#define BASALT_ARCH_RISCV_FPU_H

#include <stdbool.h>

#include "arch/riscv/hart.h"
#include "object/tcb.h"

#define SSTATUS_FS_OFF     (0ull << 13)
#define SSTATUS_FS_INITIAL (1ull << 13)
#define SSTATUS_FS_CLEAN   (2ull << 13)
#define SSTATUS_FS_DIRTY   (3ull << 13)

/* An illegal-instruction trap from `t`: if its FPU was off, switch the FPU
 * to it and return true (the instruction runs again). */
bool fpu_take_trap(tcb_t *t);

/* `t` is about to run: FPU on if it owns it, off otherwise. */
static inline void fpu_prepare(tcb_t *t)
{
	if (hart_self()->fpu_owner != t)
		t->ctx.sstatus &= ~SSTATUS_FS;
}

/* `t` is going away: it no longer owns anything. */
void fpu_forget(tcb_t *t);

/* fpu_regs.S */
void fpu_save(uint64_t *fregs);
void fpu_restore(const uint64_t *fregs);
void fpu_zero(void);

#endif
