/*
 * Synchronous IPC: Call/ReplyRecv ping-pong in one and across two address
 * spaces at every message length, badges, capability transfer with and
 * without grant, unwrapping, the one-shot reply cap, NB variants, and what
 * deleting an endpoint or a reply cap does to waiting threads.
 */
#include "test_util.h"

#include "process.h"

#define ECHO_LABEL 0x5eed
#define STOP_LABEL 0x5709

/* What the server threads of these tests share with the test thread (the
 * data pages are shared even with a second address space). */
static struct {
	basalt_cptr_t ep;
	volatile basalt_word_t ready, badge_seen, got_caps, unwrapped, done;
	volatile basalt_word_t status;
	basalt_cptr_t receive_slot;
	basalt_cptr_t ntfn;
} g;

/* Echo server: replies to every message with each word + 1, the same
 * length, label + 1; stops on STOP_LABEL. */
static void echo_server(void *arg)
{
	basalt_word_t badge;
	basalt_msginfo_t info = basalt_recv(g.ep, &badge);

	(void)arg;
	for (;;) {
		unsigned n = basalt_msginfo_length(info);

		if (basalt_msginfo_label(info) == STOP_LABEL) {
			basalt_reply(basalt_msginfo(0, 0, 0, 0));
			return;
		}
		g.badge_seen = badge;
		for (unsigned i = 0; i < n; i++)
			basalt_set_mr(i, basalt_get_mr(i) + 1);
		info = basalt_reply_recv(g.ep, basalt_msginfo(basalt_msginfo_label(info) + 1, 0, 0, n),
					 &badge);
	}
}

static int ping_pong(test_env_t *env)
{
	for (unsigned len = 0; len <= BASALT_MSG_MAX_LENGTH; len++) {
		basalt_msginfo_t r;

		for (unsigned i = 0; i < len; i++)
			basalt_set_mr(i, 1000 * len + i);
		r = basalt_call(g.ep, basalt_msginfo(ECHO_LABEL, 0, 0, len));
		CHECK_EQ(env, basalt_status(), BASALT_OK);
		CHECK_EQ(env, basalt_msginfo_label(r), ECHO_LABEL + 1);
		CHECK_EQ(env, basalt_msginfo_length(r), len);
		for (unsigned i = 0; i < len; i++)
			CHECK_EQ(env, basalt_get_mr(i), 1000 * len + i + 1);
	}
	basalt_call(g.ep, basalt_msginfo(STOP_LABEL, 0, 0, 0));
	return 0;
}

static int ipc_ping_pong_same_space(test_env_t *env)
{
	basalt_thread_t server;

	g.ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	CHECK(env, g.ep != 0);
	CHECK_OK(env, test_thread(env, &server, TEST_PRIORITY + 1, echo_server, 0));
	return ping_pong(env);
}

static int ipc_ping_pong_two_spaces(test_env_t *env)
{
	basalt_thread_t server;
	test_space_t space;

	g.ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	CHECK(env, g.ep != 0);
	CHECK_OK(env, test_space(env, &space));
	CHECK_OK(env, test_thread_in(env, &space, &server, TEST_PRIORITY + 1, echo_server, 0));
	return ping_pong(env);
}

/* Every length again, but with the server at a lower priority: the
 * client blocks in the Call until the server gets to run. */
static int ipc_lower_priority_server(test_env_t *env)
{
	basalt_thread_t server;

	g.ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	CHECK(env, g.ep != 0);
	CHECK_OK(env, test_thread(env, &server, TEST_PRIORITY - 1, echo_server, 0));
	return ping_pong(env);
}

static int ipc_badges(test_env_t *env)
{
	basalt_thread_t server;
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t b1 = test_slot(env), b2 = test_slot(env);

	CHECK(env, ep != 0);
	CHECK_OK(env, basalt_cnode_mint(BASALT_INIT_CNODE, b1, 64, BASALT_INIT_CNODE, ep, 64,
					BASALT_RIGHTS_ALL, 0x11));
	CHECK_OK(env, basalt_cnode_mint(BASALT_INIT_CNODE, b2, 64, BASALT_INIT_CNODE, ep, 64,
					BASALT_RIGHTS_ALL, 0x22));
	g.ep = ep;
	CHECK_OK(env, test_thread(env, &server, TEST_PRIORITY + 1, echo_server, 0));
	basalt_call(b1, basalt_msginfo(ECHO_LABEL, 0, 0, 0));
	CHECK_EQ(env, g.badge_seen, 0x11);
	basalt_call(b2, basalt_msginfo(ECHO_LABEL, 0, 0, 0));
	CHECK_EQ(env, g.badge_seen, 0x22);
	basalt_call(ep, basalt_msginfo(ECHO_LABEL, 0, 0, 0));
	CHECK_EQ(env, g.badge_seen, 0);
	basalt_call(ep, basalt_msginfo(STOP_LABEL, 0, 0, 0));
	return 0;
}

/* Receives one message with a receive slot set, records what arrived. */
static void cap_receiver(void *arg)
{
	basalt_word_t badge;
	basalt_msginfo_t info;

	(void)arg;
	basalt_set_receive_path(BASALT_INIT_CNODE, g.receive_slot, BASALT_WORD_BITS);
	info = basalt_recv(g.ep, &badge);
	g.got_caps = basalt_msginfo_extra_caps(info);
	g.unwrapped = basalt_msginfo_unwrapped(info);
	g.badge_seen = basalt_ipc_buffer()->caps_or_badges[0];
	basalt_reply(basalt_msginfo(0, 0, 0, 0));
}

static int transfer(test_env_t *env, unsigned rights, basalt_cptr_t cap, basalt_cptr_t via)
{
	basalt_thread_t t;

	g.got_caps = g.unwrapped = 0;
	CHECK_OK(env, test_thread(env, &t, TEST_PRIORITY + 1, cap_receiver, 0));
	basalt_set_cap(0, cap);
	basalt_call(via, basalt_msginfo(1, 0, 1, 0));
	CHECK_EQ(env, basalt_status(), BASALT_OK);
	return 0;
}

static int ipc_cap_transfer_grant(test_env_t *env)
{
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t ntfn = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	basalt_cptr_t no_grant = test_slot(env);

	CHECK(env, ep != 0 && ntfn != 0);
	g.ep = ep;
	g.receive_slot = test_slot(env);
	/* With grant: the notification cap arrives in the receive slot. */
	if (transfer(env, BASALT_RIGHTS_ALL, ntfn, ep))
		return 1;
	CHECK_EQ(env, g.got_caps, 1);
	CHECK_EQ(env, g.unwrapped, 0);
	CHECK_EQ(env, basalt_debug_cap_identify(g.receive_slot), BASALT_CAP_TYPE_NOTIFICATION);
	/* Without grant: the message arrives, the cap does not. */
	CHECK_OK(env, basalt_cnode_mint(BASALT_INIT_CNODE, no_grant, 64, BASALT_INIT_CNODE, ep, 64,
					BASALT_RIGHT_WRITE | BASALT_RIGHT_READ |
					BASALT_RIGHT_GRANT_REPLY, 0));
	g.receive_slot = test_slot(env);
	if (transfer(env, 0, ntfn, no_grant))
		return 1;
	CHECK_EQ(env, g.got_caps, 0);
	CHECK_EQ(env, basalt_debug_cap_identify(g.receive_slot), BASALT_CAP_TYPE_NULL);
	return 0;
}

static int ipc_cap_unwrap(test_env_t *env)
{
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t badged = test_slot(env);

	CHECK(env, ep != 0);
	CHECK_OK(env, basalt_cnode_mint(BASALT_INIT_CNODE, badged, 64, BASALT_INIT_CNODE, ep, 64,
					BASALT_RIGHTS_ALL, 0x77));
	g.ep = ep;
	g.receive_slot = test_slot(env);
	/* A cap to the endpoint the message goes through: its badge arrives. */
	if (transfer(env, BASALT_RIGHTS_ALL, badged, ep))
		return 1;
	CHECK_EQ(env, g.got_caps, 1);
	CHECK_EQ(env, g.unwrapped, 1);
	CHECK_EQ(env, g.badge_seen, 0x77);
	CHECK_EQ(env, basalt_debug_cap_identify(g.receive_slot), BASALT_CAP_TYPE_NULL);
	return 0;
}

/* Saves its reply cap, replies through it, then tries again. */
static void saving_server(void *arg)
{
	basalt_word_t badge;
	basalt_cptr_t saved = (basalt_cptr_t)(uintptr_t)arg;

	basalt_recv(g.ep, &badge);
	g.status = basalt_cnode_save_caller(BASALT_INIT_CNODE, saved, BASALT_WORD_BITS);
	basalt_set_mr(0, 42);
	basalt_send(saved, basalt_msginfo(7, 0, 0, 1));
	g.ready = basalt_debug_cap_identify(saved) == BASALT_CAP_TYPE_NULL;
	/* Replying with nothing saved does nothing. */
	basalt_reply(basalt_msginfo(8, 0, 0, 0));
	g.done = 1;
	basalt_signal(g.ntfn);
}

static int ipc_reply_cap_one_shot(test_env_t *env)
{
	basalt_thread_t server;
	basalt_cptr_t saved = test_slot(env);
	basalt_msginfo_t r;

	g.ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	g.ntfn = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	g.ready = g.done = 0;
	CHECK(env, g.ep != 0 && g.ntfn != 0);
	CHECK_OK(env, test_thread(env, &server, TEST_PRIORITY - 1, saving_server,
				  (void *)(uintptr_t)saved));
	r = basalt_call(g.ep, basalt_msginfo(3, 0, 0, 0));
	CHECK_EQ(env, basalt_msginfo_label(r), 7);
	CHECK_EQ(env, basalt_get_mr(0), 42);
	CHECK_EQ(env, g.status, BASALT_OK);
	/* The server runs below us: wait for it to finish. */
	basalt_wait(g.ntfn);
	CHECK_EQ(env, g.done, 1);
	CHECK_EQ(env, g.ready, 1);
	return 0;
}

static int ipc_nb_variants(test_env_t *env)
{
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_word_t badge = 99;
	basalt_msginfo_t r;

	CHECK(env, ep != 0);
	/* No receiver: the message is dropped, not queued. */
	basalt_set_mr(0, 5);
	basalt_nbsend(ep, basalt_msginfo(9, 0, 0, 1));
	CHECK_EQ(env, basalt_status(), BASALT_OK);
	r = basalt_nbrecv(ep, &badge);
	CHECK_EQ(env, basalt_status(), BASALT_OK);
	CHECK_EQ(env, badge, 0);
	CHECK_EQ(env, basalt_msginfo_label(r), 0);
	return 0;
}

static void blocked_receiver(void *arg)
{
	basalt_word_t badge;

	(void)arg;
	g.ready++;
	basalt_recv(g.ep, &badge);
	g.status = basalt_status();
	g.done++;
}

static void blocked_sender(void *arg)
{
	(void)arg;
	g.ready++;
	basalt_send(g.ep, basalt_msginfo(1, 0, 0, 0));
	g.status = basalt_status();
	g.done++;
}

static int ipc_endpoint_deleted(test_env_t *env)
{
	basalt_thread_t r1, r2, s1;
	basalt_cptr_t ep2;

	g.ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	CHECK(env, g.ep != 0);
	g.ready = g.done = 0;
	g.status = 0;
	/* Two receivers wait on the endpoint (lower priority: they run and
	 * block when the test thread yields to them). */
	CHECK_OK(env, test_thread(env, &r1, TEST_PRIORITY, blocked_receiver, 0));
	CHECK_OK(env, test_thread(env, &r2, TEST_PRIORITY, blocked_receiver, 0));
	while (g.ready < 2)
		basalt_yield();
	basalt_yield();
	CHECK_EQ(env, g.done, 0);
	CHECK_OK(env, basalt_cnode_delete(BASALT_INIT_CNODE, g.ep, BASALT_WORD_BITS));
	while (g.done < 2)
		basalt_yield();
	CHECK_EQ(env, g.status, BASALT_INVALID_CAPABILITY);
	/* A blocked sender too. */
	ep2 = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	g.ep = ep2;
	g.ready = g.done = 0;
	g.status = 0;
	CHECK_OK(env, test_thread(env, &s1, TEST_PRIORITY, blocked_sender, 0));
	while (g.ready < 1)
		basalt_yield();
	basalt_yield();
	CHECK_EQ(env, g.done, 0);
	CHECK_OK(env, basalt_cnode_delete(BASALT_INIT_CNODE, ep2, BASALT_WORD_BITS));
	test_wait_flag(&g.done);
	CHECK_EQ(env, g.status, BASALT_INVALID_CAPABILITY);
	return 0;
}

/* Takes a Call, saves the reply cap, and deletes it without replying. */
static void forgetful_server(void *arg)
{
	basalt_word_t badge;
	basalt_cptr_t saved = (basalt_cptr_t)(uintptr_t)arg;

	basalt_recv(g.ep, &badge);
	basalt_cnode_save_caller(BASALT_INIT_CNODE, saved, BASALT_WORD_BITS);
	basalt_cnode_delete(BASALT_INIT_CNODE, saved, BASALT_WORD_BITS);
}

static int ipc_reply_cap_deleted(test_env_t *env)
{
	basalt_thread_t server;
	basalt_msginfo_t r;

	g.ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	CHECK(env, g.ep != 0);
	CHECK_OK(env, test_thread(env, &server, TEST_PRIORITY - 1, forgetful_server,
				  (void *)(uintptr_t)test_slot(env)));
	r = basalt_call(g.ep, basalt_msginfo(1, 0, 0, 0));
	CHECK_EQ(env, basalt_status(), BASALT_INVALID_CAPABILITY);
	CHECK_EQ(env, basalt_msginfo_label(r), 0);
	return 0;
}

static int ipc_bad_caps(test_env_t *env)
{
	basalt_cptr_t ntfn = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t send_only = test_slot(env);
	basalt_word_t badge;

	CHECK(env, ntfn != 0 && ep != 0);
	/* Empty slot, and a pointer that does not resolve. */
	basalt_send(test_slot(env), basalt_msginfo(1, 0, 0, 0));
	CHECK_EQ(env, basalt_status(), BASALT_INVALID_CAPABILITY);
	basalt_recv(~0ull, &badge);
	CHECK_EQ(env, basalt_status(), BASALT_FAILED_LOOKUP);
	/* Receive needs the read right. */
	CHECK_OK(env, basalt_cnode_mint(BASALT_INIT_CNODE, send_only, 64, BASALT_INIT_CNODE, ep, 64,
					BASALT_RIGHT_WRITE, 0));
	basalt_nbrecv(send_only, &badge);
	CHECK_EQ(env, basalt_status(), BASALT_INVALID_CAPABILITY);
	/* Receiving on a TCB cap is not a thing. */
	basalt_nbrecv(env->self, &badge);
	CHECK_EQ(env, basalt_status(), BASALT_INVALID_CAPABILITY);
	return 0;
}

extern const char module_server_start[], module_server_end[];

/* The demo server program, loaded into its own address space and CSpace,
 * serving us through an endpoint it was given. */
static int ipc_separate_program(test_env_t *env)
{
	basalt_process_t server;
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_word_t child_ep;
	basalt_msginfo_t r;

	CHECK(env, ep != 0);
	CHECK_OK(env, basalt_process_load(&server, &env->alloc, &env->vmem, BASALT_INIT_ASID_POOL,
					  module_server_start,
					  (basalt_word_t)(module_server_end - module_server_start), 6,
					  TEST_PRIORITY + 1, env->self, "server"));
	CHECK_OK(env, basalt_process_give(&server, ep, BASALT_RIGHTS_ALL, 0, &child_ep));
	CHECK_EQ(env, child_ep, BASALT_INIT_FIRST_FREE);
	CHECK_OK(env, basalt_process_start(&server));
	for (unsigned i = 1; i <= 3; i++) {
		basalt_set_mr(0, 0x6f6c6c6568ull);   /* "hello" */
		r = basalt_call(ep, basalt_msginfo(0, 0, 0, 1));
		CHECK_EQ(env, basalt_status(), BASALT_OK);
		CHECK_EQ(env, basalt_msginfo_label(r), i);
		CHECK_EQ(env, basalt_get_mr(0), 0x4f4c4c4548ull);   /* "HELLO" */
	}
	/* Its own CSpace: the root task's caps are not in it. Deleting its
	 * TCB (with everything else, when the arena goes) stops it. */
	return 0;
}

static const test_t tests[] = {
	{ "IPC0001", "call / reply-recv ping-pong, lengths 0..120, one address space",
	  ipc_ping_pong_same_space },
	{ "IPC0002", "call / reply-recv ping-pong, lengths 0..120, two address spaces",
	  ipc_ping_pong_two_spaces },
	{ "IPC0003", "ping-pong with a lower-priority server", ipc_lower_priority_server },
	{ "IPC0004", "badges identify senders", ipc_badges },
	{ "IPC0005", "cap transfer with grant, and none without", ipc_cap_transfer_grant },
	{ "IPC0006", "a cap to the same endpoint is unwrapped into its badge", ipc_cap_unwrap },
	{ "IPC0007", "the reply cap is one-shot; SaveCaller keeps it", ipc_reply_cap_one_shot },
	{ "IPC0008", "NBSend drops, NBRecv returns at once", ipc_nb_variants },
	{ "IPC0009", "deleting an endpoint wakes its waiters with an error", ipc_endpoint_deleted },
	{ "IPC0010", "a deleted reply cap wakes the caller with an error", ipc_reply_cap_deleted },
	{ "IPC0011", "IPC on bad or wrong caps returns a status", ipc_bad_caps },
	{ "IPC0012", "a program in its own address space and CSpace serves a client",
	  ipc_separate_program },
};

const test_suite_t suite_ipc = { tests, sizeof(tests) / sizeof(tests[0]) };
