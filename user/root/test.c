/*
 * The test runner (see test.h).
 */
#include "test.h"

#include <stdarg.h>

#include "basalt/fault.h"
#include "fmt/fmt.h"

#define ARENA_MAX_BITS 26

static const test_suite_t *const suites[] = {
	&suite_cnode, &suite_revoke, &suite_cspace, &suite_untyped, &suite_zero, &suite_objects,
	&suite_concurrent, &suite_errors, &suite_random, &suite_ipc, &suite_ntfn, &suite_sched,
	&suite_tcb, &suite_ipc_random, &suite_irq, &suite_uart, &suite_fault, &suite_vm,
	&suite_asid, &suite_pager,
};

int test_fail(test_env_t *env, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (env->why[0] != '\0')
		return 1;
	n = fmt_snprintf(env->why, sizeof(env->why), "%s:%d: ", file, line);
	va_start(ap, fmt);
	if (n < sizeof(env->why))
		fmt_vsnprintf(env->why + n, sizeof(env->why) - n, fmt, ap);
	va_end(ap);
	return 1;
}

int test_skip(test_env_t *env, const char *why)
{
	fmt_snprintf(env->why, sizeof(env->why), "%s", why);
	return TEST_SKIP;
}

int test_needs_tick(test_env_t *env)
{
	if (env->bi->h.tick_us != 0)
		return 0;
	return test_skip(env, "needs the timer tick, and this kernel has none (tick: none)");
}

basalt_cptr_t test_object(test_env_t *env, basalt_word_t type, basalt_word_t size_bits)
{
	basalt_cptr_t c = 0;

	if (basalt_alloc_object(&env->alloc, type, size_bits, &c) != BASALT_OK)
		return 0;
	return c;
}

basalt_cptr_t test_slot(test_env_t *env)
{
	return basalt_alloc_slot(&env->alloc);
}

static bool matches(const test_t *t, const char *pattern)
{
	const char *hay[] = { t->id, t->name };

	if (pattern[0] == '\0')
		return true;
	for (unsigned h = 0; h < 2; h++) {
		for (const char *s = hay[h]; *s != '\0'; s++) {
			const char *a = s, *b = pattern;

			while (*a != '\0' && *b != '\0' && *a == *b) {
				a++;
				b++;
			}
			if (*b == '\0')
				return true;
		}
	}
	return false;
}

/* Empty every slot of the range (the arena's objects went with it). */
static void clear_slots(const test_env_t *env)
{
	for (basalt_word_t s = env->slot_first; s < env->slot_end; s++) {
		if (basalt_debug_cap_identify(s) != BASALT_CAP_TYPE_NULL)
			basalt_cnode_delete(BASALT_INIT_CNODE, s, BASALT_WORD_BITS);
	}
}

/* Address ranges of the root VSpace the runner hands out: the test
 * thread's stack and IPC buffer, then the test's own. */
#define THREAD_REGION 0x40000000ul
#define TEST_REGION   0x48000000ul
#define TEST_REGION_END 0x80000000ul
#define DONE_LABEL 0x7e57d04eul

static basalt_cptr_t runner_ep;
static const test_t *current_test;

static void test_thread_main(void *arg)
{
	test_env_t *env = arg;
	int r = current_test->run(env);

	basalt_set_mr(0, (basalt_word_t)r);
	basalt_send(runner_ep, basalt_msginfo(DONE_LABEL, 0, 0, 1));
}

static const char *fault_name(basalt_word_t label)
{
	switch (label) {
	case BASALT_FAULT_VM: return "page fault";
	case BASALT_FAULT_USER_EXCEPTION: return "exception";
	case BASALT_FAULT_UNKNOWN_SYSCALL: return "unknown system call";
	default: return "fault";
	}
}

/* Run one test in its thread; 0 = passed. */
static int run_one(test_env_t *env, basalt_alloc_t *thread_alloc)
{
	basalt_vmem_t thread_vm;
	basalt_thread_t th;
	basalt_msginfo_t info;
	basalt_word_t badge;
	basalt_error_t e;

	basalt_vmem_init(&thread_vm, BASALT_INIT_VSPACE, THREAD_REGION, TEST_REGION, thread_alloc);
	e = basalt_thread_create(&th, &thread_vm, BASALT_INIT_TCB, TEST_MCP, 4, runner_ep);
	if (e == BASALT_OK)
		e = basalt_tcb_set_sched_params(th.tcb, BASALT_INIT_TCB, TEST_MCP, TEST_PRIORITY);
	if (e != BASALT_OK)
		return test_fail(env, __FILE__, __LINE__, "cannot make the test thread (error %d)", e);
	env->self = th.tcb;
	basalt_debug_name_thread(th.tcb, current_test->id);
	e = basalt_thread_start(&th, test_thread_main, env);
	if (e != BASALT_OK)
		return test_fail(env, __FILE__, __LINE__, "cannot start the test thread (error %d)", e);
	info = basalt_recv(runner_ep, &badge);
	basalt_tcb_suspend(th.tcb);
	if (basalt_msginfo_label(info) == DONE_LABEL)
		return (int)basalt_get_mr(0);
	return test_fail(env, __FILE__, __LINE__, "%s in the test thread: pc 0x%llx, value 0x%llx",
			 fault_name(basalt_msginfo_label(info)), (unsigned long long)basalt_get_mr(0),
			 (unsigned long long)basalt_get_mr(1));
}

unsigned test_arena_bits(unsigned parent_bits)
{
	/* Room beside the arena for the runner's endpoint. */
	return parent_bits > ARENA_MAX_BITS ? ARENA_MAX_BITS : parent_bits - 1;
}

int run_tests(const char *pattern, const test_resources_t *res)
{
	const basalt_bootinfo_t *bi = basalt_bootinfo();
	unsigned passed = 0, failed = 0, skipped = 0;
	basalt_cptr_t big = res->untyped, huge = res->huge;
	unsigned huge_bits = res->huge_bits;
	basalt_word_t arena_slot = res->slot_first;
	basalt_word_t first = res->slot_first + 8, end = res->slot_end;
	unsigned arena_bits = test_arena_bits(res->untyped_bits);
	basalt_alloc_t runner_alloc;

	printf("tests: pattern \"%s\", arena 2^%u bytes, slots [%llu, %llu)\n", pattern, arena_bits,
	       (unsigned long long)first, (unsigned long long)end);
	/* One arena untyped, made once and reused: revoking it after each test
	 * brings all its memory back. The runner's own endpoint comes from the
	 * same big untyped, outside the arena. */
	runner_ep = arena_slot + 1;
	if (big == 0 || basalt_untyped_retype(big, BASALT_OBJ_UNTYPED, arena_bits, BASALT_INIT_CNODE,
					      0, 0, arena_slot, 1) != BASALT_OK ||
	    basalt_untyped_retype(big, BASALT_OBJ_ENDPOINT, 0, BASALT_INIT_CNODE, 0, 0, runner_ep,
				  1) != BASALT_OK) {
		printf("tests: cannot make the test arena\n");
		printf("0 passed, 1 failed\n");
		basalt_cnode_delete(BASALT_INIT_CNODE, arena_slot, BASALT_WORD_BITS);
		return 1;
	}
	for (unsigned s = 0; s < sizeof(suites) / sizeof(suites[0]); s++) {
		for (unsigned i = 0; i < suites[s]->count; i++) {
			const test_t *t = &suites[s]->tests[i];
			test_env_t env = { .arena = arena_slot, .arena_bits = arena_bits,
					   .slot_first = first, .slot_end = end, .bi = bi,
					   .huge = huge, .huge_bits = huge_bits,
					   .console = res->console, .resource = res->resource };
			int r;
			unsigned audit;

			if (!matches(t, pattern))
				continue;
			current_test = t;
			basalt_alloc_init(&env.alloc, first, end);
			basalt_alloc_add_untyped(&env.alloc, arena_slot);
			basalt_vmem_init(&env.vmem, BASALT_INIT_VSPACE, TEST_REGION, TEST_REGION_END,
					 &env.alloc);
			/* The test thread's own objects come from the arena too,
			 * through a copy of the allocator, so they go with it. */
			runner_alloc = env.alloc;
			runner_alloc.next = end - 64;
			env.alloc.end = end - 64;
			r = run_one(&env, &runner_alloc);
			basalt_cnode_revoke(BASALT_INIT_CNODE, arena_slot, BASALT_WORD_BITS);
			if (huge != 0)
				basalt_cnode_revoke(BASALT_INIT_CNODE, huge, BASALT_WORD_BITS);
			clear_slots(&env);
			for (basalt_word_t sl = end - 64; sl < end; sl++) {
				if (basalt_debug_cap_identify(sl) != BASALT_CAP_TYPE_NULL)
					basalt_cnode_delete(BASALT_INIT_CNODE, sl, BASALT_WORD_BITS);
			}
			audit = bi->h.debug_build ? basalt_debug_audit(1) : 0;
			if ((r == 0 || r == TEST_SKIP) && audit != 0) {
				env.why[0] = '\0';   /* a skip's reason is no failure */
				r = test_fail(&env, __FILE__, __LINE__, "kernel audit: %u violations",
					      audit);
			}
			if (r == TEST_SKIP) {
				skipped++;
				printf("ok %s %s # SKIP %s\n", t->id, t->name, env.why);
			} else if (r == 0) {
				passed++;
				printf("ok %s %s\n", t->id, t->name);
			} else {
				failed++;
				printf("not ok %s %s: %s\n", t->id, t->name, env.why);
			}
		}
	}
	/* The arena and the endpoint go too: the suite can run again. */
	basalt_cnode_delete(BASALT_INIT_CNODE, runner_ep, BASALT_WORD_BITS);
	basalt_cnode_delete(BASALT_INIT_CNODE, arena_slot, BASALT_WORD_BITS);
	if (skipped != 0)
		printf("%u passed, %u failed, %u skipped\n", passed, failed, skipped);
	else
		printf("%u passed, %u failed\n", passed, failed);
	return failed != 0;
}
