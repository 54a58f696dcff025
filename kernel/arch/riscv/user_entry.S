/*
 * Entering the kernel from a thread, and leaving it for one.
 *
 * thread_entry (from trap_entry, with tp = hart_local and the thread's tp in
 * sscratch): save every general register into the current thread's context
 * (hart_local.cur_ctx), sepc and sstatus with them, then switch to the top
 * of this hart's kernel stack and call trap_from_thread(scause, stval),
 * which never returns: the kernel leaves only through thread_restore.
 *
 * thread_restore(ctx): put sscratch back to hart_local, load sepc and
 * sstatus (the C code prepared ctx->sstatus: SPP, SPIE, FS; never SUM,
 * which is clear at boot and never set, so the saved sstatus cannot have
 * it either) and every register from ctx, and sret.
 *
 * Debug builds also measure interrupts-off stretches at both ends
 * (debug/irqoff.h); release builds assemble without those calls.
 */
#include "api/fastpath.h"
#include "arch/riscv/context.h"
#include "arch/riscv/hart.h"

#define SAVE(n) sd x##n, CTX_REGS + ((n) - 1) * 8(t0)
#define LOAD(n) ld x##n, CTX_REGS + ((n) - 1) * 8(a0)

	.section .text
	.align 2
	.globl thread_entry
thread_entry:
	sd	t0, HL_SCRATCH(tp)
	ld	t0, HL_CUR_CTX(tp)
	SAVE(1)
	SAVE(2)
	SAVE(3)
	/* x4 (tp) and x5 (t0) below */
	SAVE(6)
	SAVE(7)
	SAVE(8)
	SAVE(9)
	SAVE(10)
	SAVE(11)
	SAVE(12)
	SAVE(13)
	SAVE(14)
	SAVE(15)
	SAVE(16)
	SAVE(17)
	SAVE(18)
	SAVE(19)
	SAVE(20)
	SAVE(21)
	SAVE(22)
	SAVE(23)
	SAVE(24)
	SAVE(25)
	SAVE(26)
	SAVE(27)
	SAVE(28)
	SAVE(29)
	SAVE(30)
	SAVE(31)
	ld	t1, HL_SCRATCH(tp)
	sd	t1, CTX_REGS + 4 * 8(t0)	/* t0 = x5 */
	csrr	t1, sscratch
	sd	t1, CTX_REGS + 3 * 8(t0)	/* tp = x4 */
	csrw	sscratch, zero			/* in the kernel from here on */
	csrr	t1, sepc
	sd	t1, CTX_PC(t0)
	csrr	t1, sstatus
	sd	t1, CTX_SSTATUS(t0)

	ld	sp, HL_KSTACK_TOP(tp)
	mv	s0, zero			/* ends frame-pointer backtraces here */
	mv	ra, zero
#if BASALT_DEBUG
	/* Debug builds: check SUM, start an interrupts-off stretch
	 * (debug/entry_hooks.c). Every register is saved by now; the fast
	 * paths below want the thread's a0, a1 and a7 back. */
	call	debug_kernel_entry
	ld	t0, HL_CUR_CTX(tp)
	ld	a0, CTX_REGS + 9 * 8(t0)
	ld	a1, CTX_REGS + 10 * 8(t0)
	ld	a7, CTX_REGS + 16 * 8(t0)
#endif
	/* System calls with a fast path (fastpath.h) go there with the
	 * thread's a0 and a1 still in place; a0, a1 and a7 are untouched. */
	csrr	t1, scause
	li	t2, FASTPATH_SCAUSE_ECALL_U
	bne	t1, t2, 3f
	li	t2, FASTPATH_SYS_CALL
	bne	a7, t2, 1f
	tail	fastpath_call
1:	li	t2, FASTPATH_SYS_REPLY_RECV
	bne	a7, t2, 2f
	tail	fastpath_reply_recv
2:	li	t2, FASTPATH_SYS_NULL
	bne	a7, t2, 3f
	tail	fastpath_null
3:	mv	a0, t1
	csrr	a1, stval
	tail	trap_from_thread

	.globl thread_restore
thread_restore:
#if BASALT_DEBUG
	/* Debug builds: the interrupts-off stretch ends
	 * (debug/entry_hooks.c). Every register is loaded from ctx below;
	 * only a0 must survive. */
	mv	s1, a0
	call	debug_kernel_exit
	mv	a0, s1
#endif
	csrw	sscratch, tp
	ld	t0, CTX_PC(a0)
	csrw	sepc, t0
	ld	t0, CTX_SSTATUS(a0)
	csrw	sstatus, t0
	LOAD(1)
	LOAD(2)
	LOAD(3)
	LOAD(4)
	LOAD(5)
	LOAD(6)
	LOAD(7)
	LOAD(8)
	LOAD(9)
	/* x10 = a0 last */
	LOAD(11)
	LOAD(12)
	LOAD(13)
	LOAD(14)
	LOAD(15)
	LOAD(16)
	LOAD(17)
	LOAD(18)
	LOAD(19)
	LOAD(20)
	LOAD(21)
	LOAD(22)
	LOAD(23)
	LOAD(24)
	LOAD(25)
	LOAD(26)
	LOAD(27)
	LOAD(28)
	LOAD(29)
	LOAD(30)
	LOAD(31)
	LOAD(10)
	sret
