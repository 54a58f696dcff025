/*
 * Helper threads for tests that need a second thread (a sender blocked on
 * an endpoint, a thread that runs while the root task is inside a long
 * system call). A helper shares the root task's CSpace and VSpace, runs at
 * the root task's priority (255, so the two take turns by time slice and
 * Yield), has its own stack from a small static pool and its own IPC
 * buffer: a frame from the test's arena mapped at TEST_THREAD_VADDR + 4 KiB
 * per helper. Its TCB comes from the arena, so the runner's revoke after
 * the test destroys it; tests stop their helpers first anyway, so no
 * helper runs on into the next test.
 */
#ifndef BASALT_ROOT_TEST_THREAD_H
#define BASALT_ROOT_TEST_THREAD_H

#include "test_util.h"

#define TEST_THREADS 2
#define TEST_THREAD_VADDR (TEST_VADDR + 0x10000000ull)

typedef struct test_thread {
	basalt_cptr_t tcb;
	void (*fn)(struct test_thread *);
	basalt_word_t arg;              /* for fn */
	volatile basalt_word_t started; /* set by the helper when fn begins */
	volatile basalt_word_t done;    /* set when fn returned */
	volatile basalt_word_t result;  /* fn's to fill */
	basalt_tls_t tls;
	unsigned index;
} test_thread_t;

/* Start helper number `index` (< TEST_THREADS) running fn(t). */
basalt_error_t test_thread_start(test_env_t *env, test_thread_t *t, unsigned index,
				 void (*fn)(test_thread_t *), basalt_word_t arg);

/* The same with its own CSpace: the CNode cap at root slot `cspace`, with
 * `cspace_data` (a guard, basalt_cnode_guard()) applied. Such a helper
 * cannot name the root task's slots (not even its own TCB to stop
 * itself): after fn it spins until the test stops it. */
basalt_error_t test_thread_start_in(test_env_t *env, test_thread_t *t, unsigned index,
				    void (*fn)(test_thread_t *), basalt_word_t arg,
				    basalt_cptr_t cspace, basalt_word_t cspace_data);

/* Suspend the helper (it will not run again). */
void test_thread_stop(test_thread_t *t);

/* Let other threads of the root task's priority run a few times. */
void test_yield(unsigned times);

/*
 * A watcher: a helper that spins at the root task's priority, counting
 * the loops it runs while the root task says it is inside a long system
 * call (test_watch_inside). The kernel runs with interrupts off, so the
 * watcher can run then only if the call stopped at a preemption point,
 * the timer ended the root task's time slice and the call was restarted
 * later: a count above 0 shows the call was preempted. (The converse does
 * not hold: a call may be preempted without its time slice running out.)
 */
basalt_error_t test_watch_start(test_env_t *env, test_thread_t *t, unsigned index);
void test_watch_inside(bool inside);
/* Stop the watcher; the loops it ran while the root was inside. */
basalt_word_t test_watch_stop(test_thread_t *t);

#endif
