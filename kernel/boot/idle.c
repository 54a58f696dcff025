/*
 * The idle threads: one per hart, in the kernel's own memory (not made from
 * untyped), running `wfi` in S-mode with interrupts enabled whenever no
 * other thread can run. Its context is saved like any thread's, so an
 * interrupt that wakes a thread simply switches away from it.
 */
#include "boot/idle.h"

#include "arch/riscv/csr.h"
#include "arch/riscv/layout.h"

static tcb_t idle_threads[MAX_CPUS] __attribute__((aligned(1u << BASALT_TCB_BITS)));

extern char idle_loop[];

tcb_t *idle_thread_init(unsigned hart)
{
	tcb_t *t = &idle_threads[hart];

	t->tag = TCB_TAG;
	t->state = THREAD_IDLE;
	t->hart = (uint8_t)hart;
	t->ctx.pc = (uint64_t)(uintptr_t)idle_loop;
	/* S-mode, interrupts on after sret, FPU off. */
	t->ctx.sstatus = SSTATUS_SPP | SSTATUS_SPIE;
	t->name[0] = 'i';
	t->name[1] = 'd';
	t->name[2] = 'l';
	t->name[3] = 'e';
	return t;
}
