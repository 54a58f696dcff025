/*
 * Traps from threads (user_entry.S has saved the registers) and the one way
 * back out of the kernel.
 *
 * Each trap is handled start to finish on a fresh kernel stack: a system
 * call, an interrupt, or a fault that becomes a message to the thread's
 * fault handler. Then the scheduler decides who runs, and kernel_exit()
 * restores that thread.
 */
#include "arch/riscv/context.h"
#include "arch/riscv/csr.h"
#include "arch/riscv/fpu.h"
#include "arch/riscv/interrupt.h"
#include "arch/riscv/vspace.h"
#include "api/syscall.h"
#include "basalt/fault.h"
#include "core/panic.h"
#include "object/fault.h"
#include "object/thread.h"
#include "sched/sched.h"

void thread_restore(arch_context_t *ctx) __attribute__((noreturn));
void trap_from_thread(uint64_t scause, uint64_t stval) __attribute__((noreturn));
void kernel_exit(void) __attribute__((noreturn));

void thread_activate(tcb_t *t)
{
	/* The idle thread runs kernel code only: any address space will do,
	 * so keep the current one (no TLB cost). */
	if (t->state != THREAD_IDLE)
		vspace_activate(t);
	/* The FPU is on only for the thread whose registers it holds. */
	fpu_prepare(t);
}

void kernel_exit(void)
{
	sched_hart_t *s = sched_here();

	/* Most system calls leave the current thread running with nothing
	 * to decide: straight back to it. */
	if (__builtin_expect(s->action != NULL || s->current->state != THREAD_RUNNING, 0))
		sched_schedule();
	thread_restore(&s->current->ctx);
}

static void vm_fault(tcb_t *t, uint64_t code, uint64_t stval)
{
	uint64_t words[4] = { stval, 0, code, 0 };

	switch (code) {
	case EXC_INST_PAGE_FAULT:
	case EXC_INST_ACCESS:
		words[1] = 1;
		words[3] = BASALT_ACCESS_EXEC;
		break;
	case EXC_LOAD_PAGE_FAULT:
	case EXC_LOAD_ACCESS:
		words[3] = BASALT_ACCESS_READ;
		break;
	default:
		words[3] = BASALT_ACCESS_WRITE;
		break;
	}
	fault_raise(t, BASALT_FAULT_VM, words);
}

void trap_from_thread(uint64_t scause, uint64_t stval)
{
	tcb_t *t = sched_current();
	uint64_t code = scause & ~SCAUSE_INTERRUPT;

	/* System calls first: they are the common case. One that stopped at
	 * a preemption point takes the pending interrupt now and restarts
	 * when the thread runs again. */
	if (__builtin_expect(scause == EXC_ECALL_U, 1)) {
		if (handle_syscall(t))
			interrupt_handle_pending();
		kernel_exit();
	}

	if (scause & SCAUSE_INTERRUPT) {
		interrupt_handle(code);
		kernel_exit();
	}
	if (t == sched_here()->idle)
		panic("exception %llu in the idle thread at 0x%llx", (unsigned long long)code,
		      (unsigned long long)t->ctx.pc);

	switch (code) {
	case EXC_INST_PAGE_FAULT:
	case EXC_LOAD_PAGE_FAULT:
	case EXC_STORE_PAGE_FAULT:
	case EXC_INST_ACCESS:
	case EXC_LOAD_ACCESS:
	case EXC_STORE_ACCESS:
		vm_fault(t, code, stval);
		break;
	case EXC_ILLEGAL_INST:
		if (fpu_take_trap(t))
			break;
		/* fall through */
	default: {
		uint64_t words[4] = { scause, stval, 0, 0 };

		fault_raise(t, BASALT_FAULT_USER_EXCEPTION, words);
		break;
	}
	}
	kernel_exit();
}
