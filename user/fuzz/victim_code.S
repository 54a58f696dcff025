/*
 * The program victim threads run (world.c copies it into a victim frame
 * mapped at FUZZ_VICTIM_CODE in the victim VSpace): sixteen system calls
 * with whatever registers the thread has, then an illegal instruction,
 * which stops it with a fault to its handler (a victim endpoint).
 *
 * Straight-line code, no loop: whatever pc a worker gives a victim
 * (TCB_WriteRegisters), it makes at most sixteen calls before it stops, so
 * a victim never spins and never starves the supervisor below it. Before
 * each call the number is cut to 0..7 (the IPC calls, Yield, and 0, an
 * unknown one: never a debugging call such as DEBUG_HALT) and the cptr to
 * V's first 32 slots, where the endpoints and notifications are.
 */
	.section .rodata.victim, "a"
	.balign 4
	.globl victim_code_start
victim_code_start:
	.rept 16
	andi	a7, a7, 7
	andi	a0, a0, 31
	ecall
	.endr
	.word	0		/* illegal instruction */
	.globl victim_code_end
victim_code_end:
