/*
 * The in-QEMU test suite's framework (like sel4test): tests grouped in
 * suites by object type, each with a stable id ("CNODE0003") and a name.
 * `test=PATTERN` on the kernel command line runs the tests whose id or
 * name contains PATTERN ("test" alone runs all).
 *
 * Each test runs in a fresh thread (priority TEST_PRIORITY, maximum
 * controlled priority TEST_MCP) in the root task's address space and
 * CSpace, with a fresh environment: its own untyped arena, a range of empty
 * slots of the root CNode and a range of free virtual addresses (env->vmem).
 * The thread's fault handler is the runner, so a test that faults fails
 * with the fault's details instead of stopping the suite. When it ends, its
 * thread is stopped, the arena revoked (every object the test made goes,
 * and its mappings with them), every slot in the range emptied and the
 * kernel's invariant audit must be clean: no test sees another's leftovers,
 * and a test that breaks an invariant fails.
 *
 * Output, one line per test: "ok ID name" or "not ok ID name: why" (or
 * "ok ID name # SKIP why" for a test the machine cannot run), then
 * "N passed, N failed" (", N skipped" when some were) last: what the host
 * runner parses.
 */
#ifndef BASALT_ROOT_TEST_H
#define BASALT_ROOT_TEST_H

#include "alloc.h"
#include "bootinfo.h"
#include "print.h"
#include "thread.h"
#include "vmem.h"

#define TEST_PRIORITY 100
#define TEST_MCP 254

/* What the suite may use (system.h says how the root task shares out). */
typedef struct test_resources {
	basalt_cptr_t untyped;        /* RAM untyped the arena is carved from */
	unsigned untyped_bits;
	basalt_cptr_t huge;           /* a RAM untyped of 1 GiB or more, or 0 */
	unsigned huge_bits;
	basalt_word_t slot_first, slot_end;   /* empty slots of the root CNode */
	basalt_cptr_t console;        /* a cap to the console driver; 0 without one */
	basalt_cptr_t resource;       /* a cap to the resource service; 0 without one */
} test_resources_t;

/* Run the tests whose id or name contains `pattern` ("" for all); 0 when
 * all passed. Everything a run makes is gone when it returns. */
int run_tests(const char *pattern, const test_resources_t *res);

/* The arena's size for a parent untyped of 2^bits bytes. */
unsigned test_arena_bits(unsigned parent_bits);

typedef struct test_env {
	basalt_alloc_t alloc;         /* slots of the test's range, the arena as untyped */
	basalt_cptr_t arena;          /* the test's untyped */
	unsigned arena_bits;
	basalt_word_t slot_first, slot_end;
	basalt_vmem_t vmem;           /* free addresses of the root VSpace for the test */
	basalt_cptr_t self;           /* the test thread's TCB */
	/* An untouched RAM untyped of at least 1 GiB (for 1 GiB frames), or
	 * 0 if the machine has none besides the arena's parent; revoked
	 * after every test like the arena. */
	basalt_cptr_t huge;
	unsigned huge_bits;
	const basalt_bootinfo_t *bi;
	basalt_cptr_t console;        /* the console driver (test_resources_t) */
	basalt_cptr_t resource;       /* the resource service */
	char why[160];                /* set by a failed check */
} test_env_t;

typedef struct test {
	const char *id;
	const char *name;
	int (*run)(test_env_t *env);  /* 0 = pass, TEST_SKIP = cannot run here */
} test_t;

typedef struct test_suite {
	const test_t *tests;
	unsigned count;
} test_suite_t;

#define TEST_SKIP 2

/* Record why the test cannot run on this machine and return TEST_SKIP. */
int test_skip(test_env_t *env, const char *why);

/* For tests whose threads rely on being preempted (a helper that spins
 * until the timer takes the hart away): TEST_SKIP, saying so, when the
 * kernel runs without a tick (boot info's tick_us is 0: no timebase, or a
 * firmware without a timer device); 0 when they can run. Use as
 * `if (test_needs_tick(env)) return TEST_SKIP;`. */
int test_needs_tick(test_env_t *env);

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
	suite_objects, suite_concurrent, suite_errors, suite_random, suite_ipc, suite_ntfn,
	suite_sched, suite_tcb, suite_ipc_random, suite_irq, suite_uart, suite_fault, suite_vm,
	suite_asid, suite_pager;

#endif
