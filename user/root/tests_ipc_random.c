/*
 * Randomized IPC: several clients and servers at mixed priorities exchange
 * messages of random lengths, some carrying capabilities, through a few
 * endpoints, for at least 100,000 calls, with the kernel's audit run along
 * the way and at the end. The seed is printed; the same seed gives the
 * same choices (thread interleavings also depend on the timer).
 */
#include "test_util.h"

#define CLIENTS 4
#define SERVERS 3
#define CALLS_PER_CLIENT 25000
#define AUDIT_EVERY 20000
#define SEED 0x6a09e667f3bcc909ull

static struct {
	basalt_cptr_t ep[SERVERS];          /* the servers' (unbadged) endpoints */
	basalt_cptr_t cep[CLIENTS][SERVERS];/* each client's badged copies (badge = client + 1) */
	basalt_cptr_t ntfn;
	basalt_cptr_t gift[CLIENTS];        /* a cap each client may send */
	basalt_cptr_t recv_slot[SERVERS];   /* where each server receives caps */
	volatile basalt_word_t calls, bad, audit_failures, finished;
} g;

static basalt_word_t next_random(basalt_word_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void server(void *arg)
{
	unsigned me = (unsigned)(uintptr_t)arg;
	basalt_word_t badge;
	basalt_msginfo_t info;

	basalt_set_receive_path(BASALT_INIT_CNODE, g.recv_slot[me], BASALT_WORD_BITS);
	info = basalt_recv(g.ep[me], &badge);
	for (;;) {
		unsigned n = basalt_msginfo_length(info);
		basalt_word_t msg[BASALT_MSG_MAX_LENGTH];

		/* Keep the message: the Delete below uses the IPC buffer too. */
		for (unsigned i = 0; i < n; i++)
			msg[i] = basalt_get_mr(i);
		/* A received cap is thrown away so the slot is free again. */
		if (basalt_msginfo_extra_caps(info) != 0)
			basalt_cnode_delete(BASALT_INIT_CNODE, g.recv_slot[me], BASALT_WORD_BITS);
		basalt_set_receive_path(BASALT_INIT_CNODE, g.recv_slot[me], BASALT_WORD_BITS);
		for (unsigned i = 0; i < n; i++)
			basalt_set_mr(i, msg[i] ^ badge);
		info = basalt_reply_recv(g.ep[me],
					 basalt_msginfo(basalt_msginfo_label(info), 0, 0, n), &badge);
	}
}

static void client(void *arg)
{
	unsigned me = (unsigned)(uintptr_t)arg;
	basalt_word_t rng = SEED + me * 0x9e3779b97f4a7c15ull;

	for (unsigned c = 0; c < CALLS_PER_CLIENT; c++) {
		basalt_word_t r = next_random(&rng);
		unsigned target = (unsigned)(r % SERVERS);
		unsigned len = (unsigned)((r >> 8) % (BASALT_MSG_MAX_LENGTH + 1));
		unsigned caps = ((r >> 16) & 7) == 0 ? 1 : 0;
		basalt_msginfo_t reply;

		for (unsigned i = 0; i < len; i++)
			basalt_set_mr(i, r + i);
		if (caps)
			basalt_set_cap(0, g.gift[me]);
		reply = basalt_call(g.cep[me][target], basalt_msginfo(c, 0, caps, len));
		if (basalt_status() != BASALT_OK || basalt_msginfo_label(reply) != c ||
		    basalt_msginfo_length(reply) != len) {
			if (g.bad < 5)
				printf("bad: client %u call %u status %d label %llu len %u/%u caps %u\n", me, c,
				       basalt_status(), (unsigned long long)basalt_msginfo_label(reply),
				       basalt_msginfo_length(reply), len, caps);
			g.bad++;
		}
		/* Each client's endpoint caps carry its badge: me + 1. */
		for (unsigned i = 0; i < len; i++) {
			if (basalt_get_mr(i) != ((r + i) ^ (me + 1))) {
				if (g.bad < 5)
					printf("bad: client %u call %u mr %u/%u got 0x%llx want 0x%llx\n", me, c,
					       i, len, (unsigned long long)basalt_get_mr(i),
					       (unsigned long long)((r + i) ^ (me + 1)));
				g.bad++;
			}
		}
		if (++g.calls % AUDIT_EVERY == 0)
			g.audit_failures += basalt_debug_audit(1);
		if (((r >> 20) & 63) == 0)
			basalt_yield();
	}
	g.finished++;
	basalt_signal(g.ntfn);
}

static int ipc_random(test_env_t *env)
{
	basalt_thread_t servers[SERVERS], clients[CLIENTS];
	basalt_cptr_t raw[SERVERS];
	basalt_word_t rng = SEED;

	printf("IPC random: seed 0x%llx, %u clients x %u calls, %u servers\n",
	       (unsigned long long)SEED, CLIENTS, CALLS_PER_CLIENT, SERVERS);
	g.calls = g.bad = g.audit_failures = g.finished = 0;
	g.ntfn = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	CHECK(env, g.ntfn != 0);
	for (unsigned s = 0; s < SERVERS; s++) {
		raw[s] = test_object(env, BASALT_OBJ_ENDPOINT, 0);
		g.recv_slot[s] = test_slot(env);
		CHECK(env, raw[s] != 0);
	}
	for (unsigned c = 0; c < CLIENTS; c++) {
		g.gift[c] = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
		CHECK(env, g.gift[c] != 0);
	}
	for (unsigned s = 0; s < SERVERS; s++) {
		g.ep[s] = raw[s];
		CHECK_OK(env, test_thread(env, &servers[s], 40 + (unsigned)(next_random(&rng) % 40),
					  server, (void *)(uintptr_t)s));
	}
	for (unsigned c = 0; c < CLIENTS; c++) {
		for (unsigned s = 0; s < SERVERS; s++) {
			g.cep[c][s] = test_slot(env);
			CHECK_OK(env, basalt_cnode_mint(BASALT_INIT_CNODE, g.cep[c][s], 64,
							BASALT_INIT_CNODE, raw[s], 64,
							BASALT_RIGHTS_ALL, c + 1));
		}
		CHECK_OK(env, test_thread(env, &clients[c], 40 + (unsigned)(next_random(&rng) % 40),
					  client, (void *)(uintptr_t)c));
	}
	CHECK_OK(env, basalt_tcb_set_priority(env->self, env->self, 5));
	while (g.finished < CLIENTS)
		basalt_wait(g.ntfn);
	printf("IPC random: %llu calls, %llu bad replies, %llu audit violations\n",
	       (unsigned long long)g.calls, (unsigned long long)g.bad,
	       (unsigned long long)g.audit_failures);
	CHECK_EQ(env, g.calls, CLIENTS * CALLS_PER_CLIENT);
	CHECK_EQ(env, g.bad, 0);
	CHECK_EQ(env, g.audit_failures, 0);
	CHECK_EQ(env, basalt_debug_audit(1), 0);
	return 0;
}

static const test_t tests[] = {
	{ "IPCRAND0001", "100,000 random calls among mixed-priority threads, audit clean", ipc_random },
};

const test_suite_t suite_ipc_random = { tests, sizeof(tests) / sizeof(tests[0]) };
