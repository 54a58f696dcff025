/* The idle thread's whole program: wait for an interrupt, forever. */
	.section .text
	.align 2
	.globl idle_loop
idle_loop:
	wfi
	j	idle_loop
