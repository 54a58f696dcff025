/*
 * Helpers for tests that need threads and address spaces.
 */
#ifndef BASALT_ROOT_TEST_UTIL_H
#define BASALT_ROOT_TEST_UTIL_H

#include "test.h"

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

/* A thread in that address space (same CSpace), started at fn(arg). */
basalt_error_t test_thread_in(test_env_t *env, test_space_t *s, basalt_thread_t *t,
			      unsigned priority, basalt_thread_fn fn, void *arg);

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
