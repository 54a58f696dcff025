/*
 * A thread's saved machine state (the first member of every TCB).
 *
 * User traps save the 31 general registers here and the kernel restores
 * them on the way out (user_entry.S). `pc` is where the thread continues;
 * `sstatus` keeps the bits that belong to the thread (SPP: the idle thread
 * runs in S-mode; SPIE; FS: the floating-point unit's state). The FP
 * registers are saved only when a thread used them (FS dirty), see fpu.c.
 *
 *   offset  0: x1..x31 (regs[0] = x1 = ra, regs[1] = x2 = sp, ...)
 *   offset 248: pc
 *   offset 256: sstatus
 *   offset 264: f0..f31, then fcsr
 */
#ifndef BASALT_ARCH_RISCV_CONTEXT_H
#define BASALT_ARCH_RISCV_CONTEXT_H

#define CTX_REGS     0
#define CTX_PC       (31 * 8)
#define CTX_SSTATUS  (32 * 8)
#define CTX_FREGS    (33 * 8)
#define CTX_FCSR     (CTX_FREGS + 32 * 8)
#define CTX_SIZE     (CTX_FCSR + 8)

/* Register numbers (x-numbers) the kernel's system-call code names. */
#define REG_RA 1
#define REG_SP 2
#define REG_GP 3
#define REG_TP 4
#define REG_T0 5
#define REG_S0 8
#define REG_A0 10
#define REG_A1 11
#define REG_A2 12
#define REG_A3 13
#define REG_A4 14
#define REG_A5 15
#define REG_A6 16
#define REG_A7 17

#ifndef __ASSEMBLY__
#include <stdint.h>

typedef struct arch_context {
	uint64_t regs[31];
	uint64_t pc;
	uint64_t sstatus;
	uint64_t fregs[32];
	uint64_t fcsr;
} arch_context_t;

_Static_assert(sizeof(arch_context_t) == CTX_SIZE, "context layout");

static inline uint64_t ctx_get(const arch_context_t *c, unsigned xn)
{
	return xn == 0 ? 0 : c->regs[xn - 1];
}

static inline void ctx_set(arch_context_t *c, unsigned xn, uint64_t v)
{
	if (xn != 0)
		c->regs[xn - 1] = v;
}
#endif

#endif
