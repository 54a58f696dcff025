/*
 * Saving and loading the FP registers (fpu.c). The kernel is built without
 * FP instructions; only this file uses them. The caller has sstatus.FS on.
 */
#include "arch/riscv/context.h"

	.option push
	.option arch, +d
	.section .text

#define FOR_EACH_F(op, base) \
	op f0, 0*8(base); op f1, 1*8(base); op f2, 2*8(base); op f3, 3*8(base); \
	op f4, 4*8(base); op f5, 5*8(base); op f6, 6*8(base); op f7, 7*8(base); \
	op f8, 8*8(base); op f9, 9*8(base); op f10, 10*8(base); op f11, 11*8(base); \
	op f12, 12*8(base); op f13, 13*8(base); op f14, 14*8(base); op f15, 15*8(base); \
	op f16, 16*8(base); op f17, 17*8(base); op f18, 18*8(base); op f19, 19*8(base); \
	op f20, 20*8(base); op f21, 21*8(base); op f22, 22*8(base); op f23, 23*8(base); \
	op f24, 24*8(base); op f25, 25*8(base); op f26, 26*8(base); op f27, 27*8(base); \
	op f28, 28*8(base); op f29, 29*8(base); op f30, 30*8(base); op f31, 31*8(base)

	.globl fpu_save
fpu_save:
	FOR_EACH_F(fsd, a0)
	frcsr	t0
	sd	t0, 32*8(a0)
	ret

	.globl fpu_restore
fpu_restore:
	FOR_EACH_F(fld, a0)
	ld	t0, 32*8(a0)
	fscsr	t0
	ret

	.globl fpu_zero
fpu_zero:
	fmv.d.x	f0, zero
	fmv.d.x	f1, zero
	fmv.d.x	f2, zero
	fmv.d.x	f3, zero
	fmv.d.x	f4, zero
	fmv.d.x	f5, zero
	fmv.d.x	f6, zero
	fmv.d.x	f7, zero
	fmv.d.x	f8, zero
	fmv.d.x	f9, zero
	fmv.d.x	f10, zero
	fmv.d.x	f11, zero
	fmv.d.x	f12, zero
	fmv.d.x	f13, zero
	fmv.d.x	f14, zero
	fmv.d.x	f15, zero
	fmv.d.x	f16, zero
	fmv.d.x	f17, zero
	fmv.d.x	f18, zero
	fmv.d.x	f19, zero
	fmv.d.x	f20, zero
	fmv.d.x	f21, zero
	fmv.d.x	f22, zero
	fmv.d.x	f23, zero
	fmv.d.x	f24, zero
	fmv.d.x	f25, zero
	fmv.d.x	f26, zero
	fmv.d.x	f27, zero
	fmv.d.x	f28, zero
	fmv.d.x	f29, zero
	fmv.d.x	f30, zero
	fmv.d.x	f31, zero
	fscsr	zero
	ret

	.option pop
