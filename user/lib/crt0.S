/*
 * Entry point of a program started by the kernel (the root task) or by
 * libbasalt's process loader: a0 = the boot info / start info address.
 * Sets up a stack from .bss (the kernel gives none) and the thread-local
 * block, then calls basalt_start(a0), which never returns.
 */
	.section .text.start, "ax"
	.globl _start
_start:
	.option push
	.option norelax
	lla	gp, __global_pointer$
	.option pop
	lla	sp, __stack_top
	mv	s0, zero
	mv	ra, zero
	call	basalt_start
1:	j	1b

	.section .bss.stack, "aw", @nobits
	.balign 16
	.globl __stack_bottom
__stack_bottom:
	.space 65536
	.globl __stack_top
__stack_top:
