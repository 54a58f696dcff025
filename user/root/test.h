/*
 * The in-QEMU test suite's framework (like sel4test): tests grouped in
 * suites by object type, each with a stable id ("CNODE0003") and a name.
 * `test=PATTERN` on the kernel command line runs the tests whose id or
 * name contains PATTERN ("test" alone runs all).
 *
 * Each test runs in a fresh environment: its own untyped arena (a 2^arena
 * untyped made for it) and a range of empty slots of the root CNode. When
 * it ends, the arena is revoked, every slot in the range is emptied and
 * the kernel's invariant audit must be clean, so no test sees another's
 * leftovers and a test that breaks an invariant fails.
 *
 * Output, one line per test: "ok ID name" or "not ok ID name: why", then
 * "N passed, N failed" last (what the host runner parses).
 */
#ifndef BASALT_ROOT_TEST_H
#define BASALT_ROOT_TEST_H

#include "alloc.h"
#include "bootinfo.h"
#include "print.h"

typedef struct test_env {
	basalt_alloc_t alloc;         /* slots of the test's range, the arena as untyped */
	basalt_cptr_t arena;          /* the test's untyped */
	unsigned arena_bits;
	basalt_word_t slot_first, slot_end;
	const basalt_bootinfo_t *bi;
	char why[160];                /* set by a failed check */
} test_env_t;

typedef struct test {
	const char *id;
	const char *name;
	int (*run)(test_env_t *env);  /* 0 = pass */
} test_t;

typedef struct test_suite {
	const test_t *tests;
	unsigned count;
} test_suite_t;

/* Record why the test failed (first failure wins) and return 1. */
int test_fail(test_env_t *env, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#define CHECK(env, cond) \
	do { \
		if (!(cond)) \
			return test_fail((env), __FILE__, __LINE__, "%s", #cond); \
	} while (0)

#define CHECK_EQ(env, a, b) \
	do { \
		unsigned long long a_ = (unsigned long long)(a), b_ = (unsigned long long)(b); \
		if (a_ != b_) \
			return test_fail((env), __FILE__, __LINE__, "%s == %s: 0x%llx != 0x%llx", \
					 #a, #b, a_, b_); \
	} while (0)

/* An expected error code, and the test goes on. */
#define CHECK_ERR(env, call, err) CHECK_EQ(env, (call), (err))
#define CHECK_OK(env, call) CHECK_EQ(env, (call), BASALT_OK)

/* A fresh object from the test's arena. */
basalt_cptr_t test_object(test_env_t *env, basalt_word_t type, basalt_word_t size_bits);

/* A fresh empty slot of the test's range. */
basalt_cptr_t test_slot(test_env_t *env);

/* Every suite (tests_*.c). */
extern const test_suite_t suite_cnode, suite_revoke, suite_cspace, suite_untyped, suite_zero,
	suite_objects, suite_concurrent, suite_errors, suite_random;

#endif
