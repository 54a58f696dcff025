/*
 * The one trap vector (stvec).
 *
 * sscratch tells where the trap came from: while a thread runs (a user
 * thread in U-mode, or the idle thread in S-mode) it holds this hart's
 * hart_local_t; while the kernel itself runs it is 0. The kernel runs with
 * interrupts off, so a trap from kernel code is always a kernel bug (or a
 * deliberate panic): its frame goes on the current stack and the report
 * code never returns. Traps from threads go to thread_entry in
 * user_entry.S, which saves the thread's registers into its TCB.
 */
#include "arch/riscv/hart.h"
#include "arch/riscv/trap_frame.h"

	.section .text
	.align 2
	.globl trap_entry
trap_entry:
	csrrw	tp, sscratch, tp	/* tp = hart_local (thread) or 0 (kernel) */
	bnez	tp, thread_entry
	csrrw	tp, sscratch, tp	/* kernel: tp back, sscratch back to 0 */
	addi	sp, sp, -TF_SIZE
	sd	x1, TF_REGS + 0*8(sp)
	sd	x3, TF_REGS + 2*8(sp)
	sd	x4, TF_REGS + 3*8(sp)
	sd	x5, TF_REGS + 4*8(sp)
	sd	x6, TF_REGS + 5*8(sp)
	sd	x7, TF_REGS + 6*8(sp)
	sd	x8, TF_REGS + 7*8(sp)
	sd	x9, TF_REGS + 8*8(sp)
	sd	x10, TF_REGS + 9*8(sp)
	sd	x11, TF_REGS + 10*8(sp)
	sd	x12, TF_REGS + 11*8(sp)
	sd	x13, TF_REGS + 12*8(sp)
	sd	x14, TF_REGS + 13*8(sp)
	sd	x15, TF_REGS + 14*8(sp)
	sd	x16, TF_REGS + 15*8(sp)
	sd	x17, TF_REGS + 16*8(sp)
	sd	x18, TF_REGS + 17*8(sp)
	sd	x19, TF_REGS + 18*8(sp)
	sd	x20, TF_REGS + 19*8(sp)
	sd	x21, TF_REGS + 20*8(sp)
	sd	x22, TF_REGS + 21*8(sp)
	sd	x23, TF_REGS + 22*8(sp)
	sd	x24, TF_REGS + 23*8(sp)
	sd	x25, TF_REGS + 24*8(sp)
	sd	x26, TF_REGS + 25*8(sp)
	sd	x27, TF_REGS + 26*8(sp)
	sd	x28, TF_REGS + 27*8(sp)
	sd	x29, TF_REGS + 28*8(sp)
	sd	x30, TF_REGS + 29*8(sp)
	sd	x31, TF_REGS + 30*8(sp)
	addi	t0, sp, TF_SIZE		/* the interrupted sp */
	sd	t0, TF_REGS + 1*8(sp)
	csrr	t0, sepc
	sd	t0, TF_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, TF_SSTATUS(sp)
	csrr	t0, scause
	sd	t0, TF_SCAUSE(sp)
	csrr	t0, stval
	sd	t0, TF_STVAL(sp)

	mv	a0, sp
	call	trap_from_kernel

	/* Resume the interrupted kernel code (trap_from_kernel may have
	 * changed sepc, e.g. to step over an instruction). */
	ld	t0, TF_SEPC(sp)
	csrw	sepc, t0
	ld	t0, TF_SSTATUS(sp)
	csrw	sstatus, t0
	ld	x1, TF_REGS + 0*8(sp)
	ld	x3, TF_REGS + 2*8(sp)
	ld	x4, TF_REGS + 3*8(sp)
	ld	x5, TF_REGS + 4*8(sp)
	ld	x6, TF_REGS + 5*8(sp)
	ld	x7, TF_REGS + 6*8(sp)
	ld	x8, TF_REGS + 7*8(sp)
	ld	x9, TF_REGS + 8*8(sp)
	ld	x10, TF_REGS + 9*8(sp)
	ld	x11, TF_REGS + 10*8(sp)
	ld	x12, TF_REGS + 11*8(sp)
	ld	x13, TF_REGS + 12*8(sp)
	ld	x14, TF_REGS + 13*8(sp)
	ld	x15, TF_REGS + 14*8(sp)
	ld	x16, TF_REGS + 15*8(sp)
	ld	x17, TF_REGS + 16*8(sp)
	ld	x18, TF_REGS + 17*8(sp)
	ld	x19, TF_REGS + 18*8(sp)
	ld	x20, TF_REGS + 19*8(sp)
	ld	x21, TF_REGS + 20*8(sp)
	ld	x22, TF_REGS + 21*8(sp)
	ld	x23, TF_REGS + 22*8(sp)
	ld	x24, TF_REGS + 23*8(sp)
	ld	x25, TF_REGS + 24*8(sp)
	ld	x26, TF_REGS + 25*8(sp)
	ld	x27, TF_REGS + 26*8(sp)
	ld	x28, TF_REGS + 27*8(sp)
	ld	x29, TF_REGS + 28*8(sp)
	ld	x30, TF_REGS + 29*8(sp)
	ld	x31, TF_REGS + 30*8(sp)
	addi	sp, sp, TF_SIZE
	sret
