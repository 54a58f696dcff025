/*
 * Rows: IPC between a client and a server, measured as seL4's sel4bench
 * does: the round trip (client, before Call to after it returns), one-way
 * Call (client before Call to server after its receive returns) and one-way
 * ReplyRecv (server before ReplyRecv to client after Call returns), for 0,
 * 4 and 10-word messages, with the server in the same and in another
 * address space; and a Call carrying one capability.
 */
#include "bench.h"

#include "fmt/fmt.h"
#include "print.h"
#include "space.h"
#include "thread.h"

static basalt_word_t rt[BENCH_MAX_SAMPLES], call1[BENCH_MAX_SAMPLES], reply1[BENCH_MAX_SAMPLES];

static struct {
	basalt_cptr_t ep, recv_slot;
	volatile basalt_word_t after_recv, before_reply;
	bool delete_caps;
} g;

/* The server: registers-only stubs, so the numbers are the kernel's. */
static void server(void *arg)
{
	basalt_regs_t r = { .a0 = g.ep };

	(void)arg;
	basalt_set_receive_path(BASALT_INIT_CNODE, g.recv_slot, BASALT_WORD_BITS);
	basalt_syscall(BASALT_SYS_RECV, &r);
	for (;;) {
		g.after_recv = bench_counter();
		if (g.delete_caps && basalt_msginfo_extra_caps(r.info) != 0) {
			basalt_cnode_delete(BASALT_INIT_CNODE, g.recv_slot, BASALT_WORD_BITS);
			basalt_set_receive_path(BASALT_INIT_CNODE, g.recv_slot, BASALT_WORD_BITS);
		}
		r.info = basalt_msginfo(0, 0, 0, basalt_msginfo_length(r.info));
		r.a0 = g.ep;
		g.before_reply = bench_counter();
		basalt_syscall(BASALT_SYS_REPLY_RECV, &r);
	}
}

static void run_client(bench_env_t *env, unsigned len, unsigned caps, const char *where)
{
	char id[48], name[96];
	unsigned n = 0;

	for (unsigned i = 0; i < env->warmup + env->iterations; i++) {
		basalt_regs_t r = { .a0 = g.ep, .info = basalt_msginfo(0, 0, caps, len) };
		basalt_word_t a, b;

		a = bench_counter();
		basalt_syscall(BASALT_SYS_CALL, &r);
		b = bench_counter();
		if (i < env->warmup)
			continue;
		rt[n] = b - a - bench_overhead;
		call1[n] = g.after_recv - a - bench_overhead;
		reply1[n] = b - g.before_reply - bench_overhead;
		n++;
	}
	if (caps != 0) {
		fmt_snprintf(id, sizeof(id), "ipc-cap-%s", where);
		fmt_snprintf(name, sizeof(name), "Call carrying one capability, one way, %s", where);
		bench_report(id, name, call1, n);
		return;
	}
	fmt_snprintf(id, sizeof(id), "ipc-rt-%u-%s", len, where);
	fmt_snprintf(name, sizeof(name), "Call + ReplyRecv round trip, %u words, %s", len, where);
	bench_report(id, name, rt, n);
	fmt_snprintf(id, sizeof(id), "ipc-call-%u-%s", len, where);
	fmt_snprintf(name, sizeof(name), "Call one way (client to server), %u words, %s", len, where);
	bench_report(id, name, call1, n);
	fmt_snprintf(id, sizeof(id), "ipc-reply-%u-%s", len, where);
	fmt_snprintf(name, sizeof(name), "ReplyRecv one way (server to client), %u words, %s", len, where);
	bench_report(id, name, reply1, n);
}

static void with_server(bench_env_t *env, bool other_space)
{
	const char *where = other_space ? "other-space" : "same-space";
	basalt_vmem_t *vm = &env->vmem;
	image_space_t space;
	basalt_thread_t t;
	static const unsigned lengths[] = { 0, 4, 10 };

	g.recv_slot = basalt_alloc_slot(&env->alloc);
	if (basalt_alloc_object(&env->alloc, BASALT_OBJ_ENDPOINT, 0, &g.ep) != BASALT_OK) {
		printf("bench: ipc setup failed\n");
		return;
	}
	if (other_space) {
		if (image_space_make(&space, &env->alloc, env->bi, 0x100000000ul, 0x140000000ul) !=
		    BASALT_OK) {
			printf("bench: ipc setup failed\n");
			return;
		}
		vm = &space.vmem;
	}
	/* Client and server at the same priority, as sel4bench runs them. */
	basalt_tcb_set_priority(BASALT_INIT_TCB, BASALT_INIT_TCB, 200);
	if (basalt_thread_create(&t, vm, BASALT_INIT_TCB, 200, 2, 0) != BASALT_OK ||
	    basalt_thread_start(&t, server, 0) != BASALT_OK) {
		printf("bench: ipc setup failed\n");
		return;
	}
	/* Let it reach its Recv. */
	basalt_yield();
	g.delete_caps = false;
	for (unsigned k = 0; k < 3; k++)
		run_client(env, lengths[k], 0, where);
	/* One capability (a notification cap) with the grant right. */
	{
		basalt_cptr_t gift;

		if (basalt_alloc_object(&env->alloc, BASALT_OBJ_NOTIFICATION, 0, &gift) == BASALT_OK) {
			g.delete_caps = true;
			basalt_set_cap(0, gift);
			run_client(env, 0, 1, where);
		}
	}
	basalt_tcb_suspend(t.tcb);
	basalt_tcb_set_priority(BASALT_INIT_TCB, BASALT_INIT_TCB, 255);
}

void bench_ipc(bench_env_t *env)
{
	with_server(env, false);
	with_server(env, true);
}
