/*
 * Helpers for tests that need threads and address spaces.
 */
#ifndef BASALT_ROOT_TEST_UTIL_H
#define BASALT_ROOT_TEST_UTIL_H

#include "test.h"

#include "basalt/fault.h"

/* A thread sharing the test's address space and CSpace, at `priority`,
 * started at fn(arg). */
basalt_error_t test_thread(test_env_t *env, basalt_thread_t *t, unsigned priority,
			   basalt_thread_fn fn, void *arg);

/* A second address space: a new VSpace (ASID from the root task's pool)
 * with the root task's image frames mapped at the same addresses (text and
 * read-only data shared read-only, data shared read-write), and a vmem over
 * the test's address range in it. */
typedef struct test_space {
	basalt_cptr_t vspace;
	basalt_vmem_t vmem;
} test_space_t;

basalt_error_t test_space(test_env_t *env, test_space_t *s);

/* The same with the ASID from `pool`. */
basalt_error_t test_space_in(test_env_t *env, basalt_cptr_t pool, test_space_t *s);

/* A thread in that address space (same CSpace), started at fn(arg). */
basalt_error_t test_thread_in(test_env_t *env, test_space_t *s, basalt_thread_t *t,
			      unsigned priority, basalt_thread_fn fn, void *arg);

/* A thread in `vm`'s address space (the test's own: &env->vmem; another:
 * &space->vmem), same CSpace, whose faults go to `fault_ep` (0: none),
 * started at fn(arg). */
basalt_error_t test_thread_handled(test_env_t *env, basalt_vmem_t *vm, basalt_thread_t *t,
				   unsigned priority, basalt_cptr_t fault_ep, basalt_thread_fn fn,
				   void *arg);

/* A fault message as a handler receives it (labels and layouts in
 * basalt/fault.h). */
typedef struct test_fault {
	basalt_word_t label;
	basalt_word_t badge;
	unsigned length;
	basalt_word_t mr[BASALT_SYSCALL_FAULT_LENGTH];
} test_fault_t;

/* Wait on `ep` for the next message and take it as a fault. The caller
 * answers with basalt_reply() (or leaves the thread stopped). */
void test_recv_fault(basalt_cptr_t ep, test_fault_t *f);

/* Probing an address: a short-lived thread in `vm`'s address space (at a
 * higher priority than the test, so it has finished or faulted by the
 * time the call returns) reads it, writes `value` to it, or calls it
 * (code there must return). Either the access completed (value: what was
 * read, or what the call returned) or the thread faulted (fault: the
 * message its handler got; the thread is left stopped). */
typedef enum test_access { TEST_READ, TEST_WRITE, TEST_EXEC } test_access_t;

typedef struct test_probe {
	bool faulted;
	basalt_word_t value;
	test_fault_t fault;
} test_probe_t;

basalt_error_t test_probe(test_env_t *env, basalt_vmem_t *vm, basalt_word_t addr,
			  test_access_t access, basalt_word_t value, test_probe_t *out);

/* Busy-wait until *flag becomes non-zero, yielding in between. */
void test_wait_flag(volatile basalt_word_t *flag);

/* The cycle and instret counters (readable from U-mode). */
static inline basalt_word_t test_rdcycle(void)
{
	basalt_word_t v;

	__asm__ volatile("rdcycle %0" : "=r"(v));
	return v;
}

static inline basalt_word_t test_rdinstret(void)
{
	basalt_word_t v;

	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

#endif
