/*
 * Scheduling: strict priority order, round robin among equals (Yield and
 * the time slice), a spinning thread preempted by the timer, and the user
 * counters.
 */
#include "test_util.h"

static struct {
	volatile basalt_word_t order[8];
	volatile basalt_word_t count;
	volatile basalt_word_t spin[2];
	basalt_cptr_t ntfn;
} g;

static void record(void *arg)
{
	g.order[g.count++] = (basalt_word_t)(uintptr_t)arg;
}

static int sched_priority_order(test_env_t *env)
{
	basalt_thread_t t[4];
	static const unsigned prios[4] = { 10, 40, 30, 20 };

	g.count = 0;
	/* All below us: none runs until we block. */
	for (unsigned i = 0; i < 4; i++)
		CHECK_OK(env, test_thread(env, &t[i], prios[i], record, (void *)(uintptr_t)prios[i]));
	CHECK_EQ(env, g.count, 0);
	/* Lower ourselves below all of them: they run highest first. */
	CHECK_OK(env, basalt_tcb_set_priority(env->self, env->self, 5));
	CHECK_EQ(env, g.count, 4);
	CHECK_EQ(env, g.order[0], 40);
	CHECK_EQ(env, g.order[1], 30);
	CHECK_EQ(env, g.order[2], 20);
	CHECK_EQ(env, g.order[3], 10);
	return 0;
}

static void yielder(void *arg)
{
	for (unsigned i = 0; i < 3; i++) {
		g.order[g.count++] = (basalt_word_t)(uintptr_t)arg;
		basalt_yield();
	}
}

static int sched_round_robin_yield(test_env_t *env)
{
	basalt_thread_t a, b;

	g.count = 0;
	CHECK_OK(env, test_thread(env, &a, 50, yielder, (void *)1));
	CHECK_OK(env, test_thread(env, &b, 50, yielder, (void *)2));
	CHECK_OK(env, basalt_tcb_set_priority(env->self, env->self, 5));
	CHECK_EQ(env, g.count, 6);
	/* Equal priorities take turns. */
	for (unsigned i = 0; i < 6; i++)
		CHECK_EQ(env, g.order[i], 1 + i % 2);
	return 0;
}

/* Spins until the other spinner has run: only the timer can make that
 * happen, as neither yields or blocks. */
static void spinner(void *arg)
{
	unsigned me = (unsigned)(uintptr_t)arg, other = 1 - me;

	while (g.spin[other] == 0)
		g.spin[me]++;
	g.spin[me]++;
	basalt_signal(g.ntfn);
}

static int sched_timer_preemption(test_env_t *env)
{
	basalt_thread_t a, b;

	if (test_needs_tick(env))
		return TEST_SKIP;
	g.ntfn = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	CHECK(env, g.ntfn != 0);
	g.spin[0] = g.spin[1] = 0;
	CHECK_OK(env, test_thread(env, &a, 50, spinner, (void *)0));
	CHECK_OK(env, test_thread(env, &b, 50, spinner, (void *)1));
	CHECK_OK(env, basalt_tcb_set_priority(env->self, env->self, 5));
	/* Both finished (each saw the other run): two signals. */
	basalt_wait(g.ntfn);
	if (g.spin[0] == 0 || g.spin[1] == 0)
		basalt_wait(g.ntfn);
	CHECK(env, g.spin[0] > 0 && g.spin[1] > 0);
	return 0;
}

/* A higher-priority thread made runnable by a signal preempts us at once. */
static void high_waiter(void *arg)
{
	(void)arg;
	basalt_wait(g.ntfn);
	g.count = 7;
}

static int sched_wakeup_preempts(test_env_t *env)
{
	basalt_thread_t t;

	g.ntfn = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	CHECK(env, g.ntfn != 0);
	g.count = 0;
	CHECK_OK(env, test_thread(env, &t, TEST_PRIORITY + 10, high_waiter, 0));
	CHECK_EQ(env, g.count, 0);
	basalt_signal(g.ntfn);
	CHECK_EQ(env, g.count, 7);
	return 0;
}

static int sched_counters(test_env_t *env)
{
	basalt_word_t c0 = test_rdcycle(), i0 = test_rdinstret();
	volatile basalt_word_t x = 0;

	for (unsigned i = 0; i < 1000; i++)
		x += i;
	CHECK(env, test_rdinstret() - i0 >= 1000);
	CHECK(env, test_rdcycle() != c0);
	return 0;
}

static int sched_mcp_bounds(test_env_t *env)
{
	basalt_thread_t t;

	CHECK_OK(env, basalt_thread_create(&t, &env->vmem, env->self, 10, 2, 0));
	/* Our maximum controlled priority is TEST_MCP. */
	CHECK_ERR(env, basalt_tcb_set_priority(t.tcb, env->self, TEST_MCP + 1), BASALT_RANGE_ERROR);
	CHECK_EQ(env, basalt_error_detail(0), 0);
	CHECK_EQ(env, basalt_error_detail(1), TEST_MCP);
	CHECK_OK(env, basalt_tcb_set_priority(t.tcb, env->self, TEST_MCP));
	/* The thread's own mcp is 10: with it as authority, 11 is too high. */
	CHECK_OK(env, basalt_tcb_set_mc_priority(t.tcb, env->self, 10));
	CHECK_ERR(env, basalt_tcb_set_priority(env->self, t.tcb, 11), BASALT_RANGE_ERROR);
	CHECK_EQ(env, basalt_error_detail(1), 10);
	/* The authority must be a TCB. */
	CHECK_ERR(env, basalt_tcb_set_priority(t.tcb, BASALT_INIT_CNODE, 1),
		  BASALT_INVALID_CAPABILITY);
	CHECK_EQ(env, basalt_error_detail(0), 1);
	return 0;
}

static const test_t tests[] = {
	{ "SCHED0001", "the highest priority runs first", sched_priority_order },
	{ "SCHED0002", "Yield takes turns among equals", sched_round_robin_yield },
	{ "SCHED0003", "the timer preempts a spinning thread (round robin)", sched_timer_preemption },
	{ "SCHED0004", "a woken higher-priority thread runs at once", sched_wakeup_preempts },
	{ "SCHED0005", "cycle and instret counters are readable in U-mode", sched_counters },
	{ "SCHED0006", "priorities are bounded by the authority's mcp", sched_mcp_bounds },
};

const test_suite_t suite_sched = { tests, sizeof(tests) / sizeof(tests[0]) };
