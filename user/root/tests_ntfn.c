/*
 * Notifications: signal and wait, badge OR-ing, poll, and a notification
 * bound to a TCB waking the thread's endpoint Recv.
 */
#include "test_util.h"

static struct {
	basalt_cptr_t ntfn, ep;
	volatile basalt_word_t word, ready, done, status;
	volatile basalt_msginfo_t info;
} g;

static int ntfn_signal_wait(test_env_t *env)
{
	basalt_cptr_t n = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	basalt_cptr_t b1 = test_slot(env), b2 = test_slot(env);

	CHECK(env, n != 0);
	CHECK_OK(env, basalt_cnode_mint(BASALT_INIT_CNODE, b1, 64, BASALT_INIT_CNODE, n, 64,
					BASALT_RIGHTS_ALL, 0x1));
	CHECK_OK(env, basalt_cnode_mint(BASALT_INIT_CNODE, b2, 64, BASALT_INIT_CNODE, n, 64,
					BASALT_RIGHTS_ALL, 0x4));
	/* Nothing pending: poll says 0. */
	CHECK_EQ(env, basalt_poll(n), 0);
	CHECK_EQ(env, basalt_status(), BASALT_OK);
	/* Two signals before the wait: their badges are OR-ed. */
	basalt_signal(b1);
	basalt_signal(b2);
	basalt_signal(b2);
	CHECK_EQ(env, basalt_wait(n), 0x5);
	CHECK_EQ(env, basalt_poll(n), 0);
	basalt_signal(b2);
	CHECK_EQ(env, basalt_poll(n), 0x4);
	return 0;
}

static void waiter(void *arg)
{
	(void)arg;
	g.ready = 1;
	g.word = basalt_wait(g.ntfn);
	g.status = basalt_status();
	g.done = 1;
}

static int ntfn_wakes_waiter(test_env_t *env)
{
	basalt_thread_t t;
	basalt_cptr_t badged = test_slot(env);

	g.ntfn = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	CHECK(env, g.ntfn != 0);
	CHECK_OK(env, basalt_cnode_mint(BASALT_INIT_CNODE, badged, 64, BASALT_INIT_CNODE, g.ntfn, 64,
					BASALT_RIGHTS_ALL, 0x80));
	g.ready = g.done = g.word = 0;
	/* A higher-priority waiter: it runs at once and blocks. */
	CHECK_OK(env, test_thread(env, &t, TEST_PRIORITY + 1, waiter, 0));
	CHECK_EQ(env, g.ready, 1);
	CHECK_EQ(env, g.done, 0);
	/* The signal wakes it, and it runs before we go on. */
	basalt_signal(badged);
	CHECK_EQ(env, g.done, 1);
	CHECK_EQ(env, g.word, 0x80);
	CHECK_EQ(env, g.status, BASALT_OK);
	return 0;
}

static int ntfn_deleted_wakes_waiter(test_env_t *env)
{
	basalt_thread_t t;

	g.ntfn = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	CHECK(env, g.ntfn != 0);
	g.ready = g.done = 0;
	CHECK_OK(env, test_thread(env, &t, TEST_PRIORITY + 1, waiter, 0));
	CHECK_EQ(env, g.done, 0);
	CHECK_OK(env, basalt_cnode_delete(BASALT_INIT_CNODE, g.ntfn, BASALT_WORD_BITS));
	CHECK_EQ(env, g.done, 1);
	CHECK_EQ(env, g.status, BASALT_INVALID_CAPABILITY);
	return 0;
}

static void bound_receiver(void *arg)
{
	basalt_word_t badge;

	(void)arg;
	g.ready = 1;
	g.info = basalt_recv(g.ep, &badge);
	g.word = badge;
	g.done = 1;
}

static int ntfn_bound(test_env_t *env)
{
	basalt_thread_t t;
	basalt_cptr_t badged = test_slot(env), other;

	g.ntfn = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	g.ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	other = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	CHECK(env, g.ntfn != 0 && g.ep != 0 && other != 0);
	CHECK_OK(env, basalt_cnode_mint(BASALT_INIT_CNODE, badged, 64, BASALT_INIT_CNODE, g.ntfn, 64,
					BASALT_RIGHTS_ALL, 0x300));
	g.ready = g.done = g.word = 0;
	CHECK_OK(env, basalt_thread_create(&t, &env->vmem, env->self, TEST_PRIORITY + 1, 2, 0));
	CHECK_OK(env, basalt_tcb_bind_notification(t.tcb, g.ntfn));
	/* Binding twice, or binding a second notification, is refused. */
	CHECK_ERR(env, basalt_tcb_bind_notification(t.tcb, other), BASALT_ILLEGAL_OPERATION);
	CHECK_ERR(env, basalt_tcb_bind_notification(env->self, g.ntfn), BASALT_ILLEGAL_OPERATION);
	CHECK_OK(env, basalt_thread_start(&t, bound_receiver, 0));
	CHECK_EQ(env, g.ready, 1);
	CHECK_EQ(env, g.done, 0);
	/* The thread waits on the endpoint; the signal wakes it anyway. */
	basalt_signal(badged);
	CHECK_EQ(env, g.done, 1);
	CHECK_EQ(env, g.word, 0x300);
	CHECK_EQ(env, basalt_msginfo_label(g.info), 0);
	CHECK_OK(env, basalt_tcb_unbind_notification(t.tcb));
	CHECK_ERR(env, basalt_tcb_unbind_notification(t.tcb), BASALT_ILLEGAL_OPERATION);
	return 0;
}

static int ntfn_bound_pending(test_env_t *env)
{
	basalt_thread_t t;

	g.ntfn = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	g.ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	CHECK(env, g.ntfn != 0 && g.ep != 0);
	g.ready = g.done = g.word = 0;
	CHECK_OK(env, basalt_thread_create(&t, &env->vmem, env->self, TEST_PRIORITY + 1, 2, 0));
	CHECK_OK(env, basalt_tcb_bind_notification(t.tcb, g.ntfn));
	/* The signal comes first; the thread's Recv then returns at once. */
	{
		basalt_cptr_t badged = test_slot(env);

		CHECK_OK(env, basalt_cnode_mint(BASALT_INIT_CNODE, badged, 64, BASALT_INIT_CNODE,
						g.ntfn, 64, BASALT_RIGHTS_ALL, 0x9));
		basalt_signal(badged);
	}
	CHECK_OK(env, basalt_thread_start(&t, bound_receiver, 0));
	CHECK_EQ(env, g.done, 1);
	CHECK_EQ(env, g.word, 0x9);
	CHECK_EQ(env, basalt_poll(g.ntfn), 0);
	return 0;
}

static const test_t tests[] = {
	{ "NTFN0001", "signal, wait, poll and badge OR-ing", ntfn_signal_wait },
	{ "NTFN0002", "a signal wakes a waiting thread with the badge", ntfn_wakes_waiter },
	{ "NTFN0003", "deleting a notification wakes its waiters with an error",
	  ntfn_deleted_wakes_waiter },
	{ "NTFN0004", "a bound notification wakes an endpoint Recv; bind errors", ntfn_bound },
	{ "NTFN0005", "a signal pending on a bound notification ends Recv at once",
	  ntfn_bound_pending },
};

const test_suite_t suite_ntfn = { tests, sizeof(tests) / sizeof(tests[0]) };
