/*
 * Helper threads for the capability tests that need a second thread (a
 * sender blocked on an endpoint, a thread that runs while the test thread
 * is inside a long system call). A helper is a libbasalt thread in the
 * test's address space and CSpace (test_util.h's test_thread) at the test
 * thread's own priority, so the two take turns by time slice and Yield;
 * its objects come from the arena, so the runner's revoke destroys it.
 * Tests stop their helpers before they return anyway.
 */
#ifndef BASALT_ROOT_TEST_HELPER_H
#define BASALT_ROOT_TEST_HELPER_H

#include "test_caps.h"
#include "test_util.h"

typedef struct helper {
	basalt_thread_t th;
	void (*fn)(struct helper *);
	basalt_word_t arg;              /* for fn */
	volatile basalt_word_t started; /* set by the helper when fn begins */
	volatile basalt_word_t done;    /* set when fn returned */
	volatile basalt_word_t result;  /* fn's to fill */
} helper_t;

/* Start a helper running fn(h). */
basalt_error_t helper_start(test_env_t *env, helper_t *h, void (*fn)(helper_t *),
			    basalt_word_t arg);

/* The same with a CSpace of its own: the CNode cap at root slot `cspace`,
 * with `cspace_data` (a guard, basalt_cnode_guard()) applied. Such a
 * helper cannot name the root CNode's slots (not even its own TCB to stop
 * itself): after fn it spins until the test stops it. */
basalt_error_t helper_start_in(test_env_t *env, helper_t *h, void (*fn)(helper_t *),
			       basalt_word_t arg, basalt_cptr_t cspace, basalt_word_t cspace_data);

/* Suspend the helper (it will not run again). */
void helper_stop(helper_t *h);

/* Let other threads of the test thread's priority run a few times. */
void test_yield(unsigned times);

/*
 * A watcher: a helper that spins, counting the loops it runs while the
 * test thread says it is inside a long system call (watch_inside). The
 * kernel runs with interrupts off, so the watcher can run then only if
 * the call stopped at a preemption point, the timer ended the test
 * thread's time slice and the call was restarted later: a count above 0
 * shows the call was preempted. (Not the converse: a call may be
 * preempted without its time slice running out.)
 */
basalt_error_t watch_start(test_env_t *env, helper_t *h);
void watch_inside(bool inside);
/* Stop the watcher; the loops it ran while the test thread was inside. */
basalt_word_t watch_stop(helper_t *h);

#endif
