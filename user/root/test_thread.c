/*
 * Helper threads for tests (see test_thread.h).
 */
#include "test_thread.h"

#include "basalt/context.h"

#define STACK_WORDS 2048   /* 16 KiB each */

static basalt_word_t stacks[TEST_THREADS][STACK_WORDS] __attribute__((aligned(16)));

/* Where a helper starts: run its function, say so, and stop itself. A
 * helper never returns from here (it has nowhere to return to). */
static void __attribute__((noreturn)) trampoline(test_thread_t *t)
{
	t->started = 1;
	t->fn(t);
	t->done = 1;
	for (;;)
		basalt_tcb_suspend(t->tcb);
}

basalt_error_t test_thread_start(test_env_t *env, test_thread_t *t, unsigned index,
				 void (*fn)(test_thread_t *), basalt_word_t arg)
{
	return test_thread_start_in(env, t, index, fn, arg, ROOT, 0);
}

basalt_error_t test_thread_start_in(test_env_t *env, test_thread_t *t, unsigned index,
				    void (*fn)(test_thread_t *), basalt_word_t arg,
				    basalt_cptr_t cspace, basalt_word_t cspace_data)
{
	basalt_word_t ipc_vaddr = TEST_THREAD_VADDR + (basalt_word_t)index * 4096;
	basalt_cptr_t frame;
	basalt_user_context_t regs = { 0 };
	basalt_word_t gp;
	basalt_error_t e;

	if (index >= TEST_THREADS)
		return BASALT_RANGE_ERROR;
	t->fn = fn;
	t->arg = arg;
	t->started = t->done = t->result = 0;
	t->index = index;
	t->tcb = test_object(env, BASALT_OBJ_TCB, 0);
	frame = test_object(env, BASALT_OBJ_FRAME_4K, 0);
	if (t->tcb == 0 || frame == 0)
		return BASALT_NOT_ENOUGH_MEMORY;
	e = test_map_frame(env, frame, ipc_vaddr);
	if (e != BASALT_OK)
		return e;
	t->tls.ipc_buffer = (basalt_ipc_buffer_t *)ipc_vaddr;
	t->tls.status = 0;
	t->tls.user = (basalt_word_t)t;
	e = basalt_tcb_configure(t->tcb, 0, cspace, cspace_data, BASALT_INIT_VSPACE, ipc_vaddr,
				 frame);
	if (e == BASALT_OK)
		e = basalt_tcb_set_priority(t->tcb, BASALT_INIT_TCB, BASALT_MAX_PRIORITY);
	if (e != BASALT_OK)
		return e;
	__asm__ volatile("mv %0, gp" : "=r"(gp));
	regs.words[BASALT_CTX_PC] = (basalt_word_t)trampoline;
	regs.words[BASALT_CTX_SP] = (basalt_word_t)&stacks[index][STACK_WORDS];
	regs.words[BASALT_CTX_GP] = gp;
	regs.words[BASALT_CTX_TP] = (basalt_word_t)&t->tls;
	regs.words[BASALT_CTX_A0] = (basalt_word_t)t;
	return basalt_tcb_write_registers(t->tcb, true, BASALT_CTX_A0 + 1, &regs);
}

void test_thread_stop(test_thread_t *t)
{
	if (t->tcb != 0)
		basalt_tcb_suspend(t->tcb);
}

void test_yield(unsigned times)
{
	for (unsigned i = 0; i < times; i++)
		basalt_yield();
}

static volatile basalt_word_t watch_inside, watch_seen;

static void watcher(test_thread_t *t)
{
	for (;;) {
		if (watch_inside)
			watch_seen++;
	}
}

basalt_error_t test_watch_start(test_env_t *env, test_thread_t *t, unsigned index)
{
	watch_inside = 0;
	watch_seen = 0;
	return test_thread_start(env, t, index, watcher, 0);
}

void test_watch_inside(bool inside)
{
	watch_inside = inside;
}

basalt_word_t test_watch_stop(test_thread_t *t)
{
	watch_inside = 0;
	test_thread_stop(t);
	return watch_seen;
}
