/*
 * Rows: the null system call, Yield between two threads of equal priority
 * in different address spaces, and a Signal waking a higher-priority
 * waiter.
 */
#include "bench.h"

#include "print.h"
#include "space.h"
#include "thread.h"

static basalt_word_t samples[BENCH_MAX_SAMPLES];

static struct {
	volatile basalt_word_t stamp;
	volatile basalt_word_t stop;
	basalt_cptr_t ntfn, done;
	unsigned rounds;
} g;

static void null_syscall(bench_env_t *env)
{
	for (unsigned i = 0; i < env->warmup + env->iterations; i++) {
		basalt_regs_t r = { 0 };
		basalt_word_t a = bench_counter(), b;

		basalt_syscall(BASALT_SYS_NULL, &r);
		b = bench_counter();
		if (i >= env->warmup)
			samples[i - env->warmup] = b - a - bench_overhead;
	}
	bench_report("null-syscall", "null system call round trip", samples, env->iterations);
}

/* Yield partner: each yield stamps the counter for the other to read. */
static void yielder(void *arg)
{
	(void)arg;
	for (;;) {
		g.stamp = bench_counter();
		basalt_yield();
	}
}

static void yield_other_space(bench_env_t *env)
{
	image_space_t space;
	basalt_thread_t t;
	basalt_word_t me;
	unsigned n = 0;

	if (image_space_make(&space, &env->alloc, env->bi, 0x100000000ul, 0x140000000ul) != BASALT_OK ||
	    basalt_thread_create(&t, &space.vmem, BASALT_INIT_TCB, 200, 2, 0) != BASALT_OK ||
	    basalt_thread_start(&t, yielder, 0) != BASALT_OK) {
		printf("bench: yield-other-space setup failed\n");
		return;
	}
	/* Both at 200: each Yield switches to the other. */
	basalt_tcb_set_priority(BASALT_INIT_TCB, BASALT_INIT_TCB, 200);
	for (unsigned i = 0; i < env->warmup + env->iterations; i++) {
		basalt_yield();
		me = bench_counter();
		if (i >= env->warmup)
			samples[n++] = me - g.stamp - bench_overhead;
	}
	basalt_tcb_suspend(t.tcb);
	basalt_tcb_set_priority(BASALT_INIT_TCB, BASALT_INIT_TCB, 255);
	bench_report("yield-other-space", "Yield to a thread of equal priority in another address space",
		     samples, n);
}

/* A high-priority waiter: stamps the counter as soon as it wakes. */
static void waiter(void *arg)
{
	(void)arg;
	for (;;) {
		basalt_wait(g.ntfn);
		g.stamp = bench_counter();
		g.rounds++;
	}
}

static void signal_wakes_higher(bench_env_t *env)
{
	basalt_thread_t t;
	unsigned n = 0;

	if (basalt_alloc_object(&env->alloc, BASALT_OBJ_NOTIFICATION, 0, &g.ntfn) != BASALT_OK ||
	    basalt_thread_create(&t, &env->vmem, BASALT_INIT_TCB, 250, 2, 0) != BASALT_OK ||
	    basalt_thread_start(&t, waiter, 0) != BASALT_OK) {
		printf("bench: signal setup failed\n");
		return;
	}
	basalt_tcb_set_priority(BASALT_INIT_TCB, BASALT_INIT_TCB, 200);
	for (unsigned i = 0; i < env->warmup + env->iterations; i++) {
		basalt_word_t a = bench_counter();

		basalt_signal(g.ntfn);
		/* The waiter ran (higher priority) and stamped on waking. */
		if (i >= env->warmup)
			samples[n++] = g.stamp - a - bench_overhead;
	}
	basalt_tcb_suspend(t.tcb);
	basalt_tcb_set_priority(BASALT_INIT_TCB, BASALT_INIT_TCB, 255);
	bench_report("signal-wake", "Signal waking a higher-priority waiting thread", samples, n);
}

void bench_syscall(bench_env_t *env)
{
	null_syscall(env);
	yield_other_space(env);
	signal_wakes_higher(env);
}
