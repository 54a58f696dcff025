/* Threads sharing their creator's address space (see thread.h). */
#include "thread.h"

#include "basalt/bootinfo.h"

/* Where every libbasalt thread starts. The thread builds its own
 * thread-local block on its stack (its creator may not even have the
 * stack mapped: threads in other address spaces), then runs entry(arg). */
static void __attribute__((noreturn)) thread_trampoline(basalt_thread_fn entry, void *arg,
							basalt_word_t ipc_buffer, basalt_cptr_t tcb)
{
	basalt_tls_t tls = { .ipc_buffer = (basalt_ipc_buffer_t *)ipc_buffer, .user = tcb };

	__asm__ volatile("mv tp, %0" :: "r"(&tls) : "memory");
	entry(arg);
	/* Done: stop here. Suspending the current thread never returns; if
	 * it fails (the thread's CSpace does not name its TCB at `tcb`, as
	 * when its creator gave it a CSpace of its own), give the hart away
	 * instead, so that threads of its priority still run on a kernel
	 * without a timer tick. */
	for (;;) {
		basalt_tcb_suspend(tcb);
		basalt_yield();
	}
}

basalt_error_t basalt_thread_create(basalt_thread_t *t, basalt_vmem_t *vm, basalt_cptr_t authority,
				    unsigned priority, basalt_word_t stack_pages,
				    basalt_cptr_t fault_ep)
{
	basalt_word_t stack;
	basalt_error_t e;

	e = basalt_alloc_object(vm->alloc, BASALT_OBJ_TCB, 0, &t->tcb);
	if (e == BASALT_OK)
		e = basalt_vmem_new_pages(vm, 1, BASALT_MAP_READ | BASALT_MAP_WRITE, &t->ipc_buffer,
					  &t->ipc_frame);
	if (e == BASALT_OK)
		e = basalt_vmem_new_pages(vm, stack_pages, BASALT_MAP_READ | BASALT_MAP_WRITE, &stack,
					  (void *)0);
	if (e != BASALT_OK)
		return e;
	t->stack_top = stack + stack_pages * 4096;
	e = basalt_tcb_configure(t->tcb, fault_ep, BASALT_INIT_CNODE, 0, vm->vspace, t->ipc_buffer,
				 t->ipc_frame);
	if (e == BASALT_OK)
		e = basalt_tcb_set_sched_params(t->tcb, authority, priority, priority);
	return e;
}

basalt_error_t basalt_thread_start(basalt_thread_t *t, basalt_thread_fn entry, void *arg)
{
	basalt_user_context_t regs = { 0 };

	regs.words[BASALT_CTX_PC] = (basalt_word_t)(uintptr_t)thread_trampoline;
	regs.words[BASALT_CTX_SP] = t->stack_top;
	regs.words[BASALT_CTX_A0] = (basalt_word_t)(uintptr_t)entry;
	regs.words[BASALT_CTX_A1] = (basalt_word_t)(uintptr_t)arg;
	regs.words[BASALT_CTX_A2] = t->ipc_buffer;
	regs.words[BASALT_CTX_A2 + 1] = t->tcb;
	return basalt_tcb_write_registers(t->tcb, true, BASALT_CTX_A2 + 2, &regs);
}
