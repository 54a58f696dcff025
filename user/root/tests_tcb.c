/*
 * TCB invocations: Suspend/Resume, Read/Write/CopyRegisters, floating-point
 * state kept apart between threads, and the argument errors of every TCB
 * invocation.
 */
#include "test_util.h"

static struct {
	volatile basalt_word_t counter, value;
	volatile basalt_word_t fp_ok[2];
	basalt_cptr_t ntfn;
} g;

/* Counts, giving the hart back after every step: the tests see it run
 * when they yield, with or without a timer tick to preempt it. */
static void counter_thread(void *arg)
{
	(void)arg;
	for (;;) {
		g.counter++;
		basalt_yield();
	}
}

static int tcb_suspend_resume(test_env_t *env)
{
	basalt_thread_t t;
	basalt_word_t c;

	g.counter = 0;
	/* Equal priority: it runs when we yield. */
	CHECK_OK(env, test_thread(env, &t, TEST_PRIORITY, counter_thread, 0));
	while (g.counter == 0)
		basalt_yield();
	CHECK_OK(env, basalt_tcb_suspend(t.tcb));
	c = g.counter;
	for (unsigned i = 0; i < 20; i++)
		basalt_yield();
	CHECK_EQ(env, g.counter, c);
	CHECK_OK(env, basalt_tcb_resume(t.tcb));
	while (g.counter == c)
		basalt_yield();
	CHECK_OK(env, basalt_tcb_suspend(t.tcb));
	return 0;
}

static void set_value(basalt_word_t v)
{
	g.value = v;
	basalt_signal(g.ntfn);
	for (;;)
		basalt_yield();
}

static int tcb_registers(test_env_t *env)
{
	basalt_thread_t t;
	basalt_user_context_t regs, again;

	g.ntfn = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	CHECK(env, g.ntfn != 0);
	g.counter = 0;
	CHECK_OK(env, test_thread(env, &t, TEST_PRIORITY, counter_thread, 0));
	while (g.counter == 0)
		basalt_yield();
	/* Read (suspending it): its pc is inside counter_thread. */
	CHECK_OK(env, basalt_tcb_read_registers(t.tcb, true, BASALT_CONTEXT_WORDS, &regs));
	CHECK(env, regs.words[BASALT_CTX_PC] >= (basalt_word_t)(uintptr_t)counter_thread &&
		   regs.words[BASALT_CTX_PC] < (basalt_word_t)(uintptr_t)counter_thread + 64);
	CHECK(env, regs.words[BASALT_CTX_SP] != 0);
	/* Write: run set_value(0x1234) instead, and resume. */
	regs.words[BASALT_CTX_PC] = (basalt_word_t)(uintptr_t)set_value;
	regs.words[BASALT_CTX_A0] = 0x1234;
	CHECK_OK(env, basalt_tcb_write_registers(t.tcb, true, BASALT_CONTEXT_WORDS, &regs));
	basalt_wait(g.ntfn);
	CHECK_EQ(env, g.value, 0x1234);
	/* Read back what we wrote, partly: count 2 gives pc and ra. */
	CHECK_OK(env, basalt_tcb_read_registers(t.tcb, true, 2, &again));
	/* Not ourselves. */
	CHECK_ERR(env, basalt_tcb_read_registers(env->self, false, 1, &again),
		  BASALT_ILLEGAL_OPERATION);
	CHECK_ERR(env, basalt_tcb_read_registers(t.tcb, false, 0, &again), BASALT_RANGE_ERROR);
	CHECK_ERR(env, basalt_tcb_read_registers(t.tcb, false, BASALT_CONTEXT_WORDS + 1, &again),
		  BASALT_RANGE_ERROR);
	return 0;
}

static int tcb_copy_registers(test_env_t *env)
{
	basalt_thread_t src, dst;
	basalt_user_context_t a, b;

	g.ntfn = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	CHECK(env, g.ntfn != 0);
	g.counter = 0;
	CHECK_OK(env, test_thread(env, &src, TEST_PRIORITY, counter_thread, 0));
	CHECK_OK(env, basalt_thread_create(&dst, &env->vmem, env->self, TEST_PRIORITY, 2, 0));
	while (g.counter == 0)
		basalt_yield();
	CHECK_OK(env, basalt_tcb_copy_registers(dst.tcb, src.tcb,
						BASALT_TCB_SUSPEND_SOURCE | BASALT_TCB_COPY_FRAME |
						BASALT_TCB_COPY_INTEGER));
	CHECK_OK(env, basalt_tcb_read_registers(src.tcb, false, BASALT_CONTEXT_WORDS, &a));
	CHECK_OK(env, basalt_tcb_read_registers(dst.tcb, false, BASALT_CONTEXT_WORDS, &b));
	for (unsigned i = 0; i < BASALT_CONTEXT_WORDS; i++)
		CHECK_EQ(env, a.words[i], b.words[i]);
	CHECK_ERR(env, basalt_tcb_copy_registers(dst.tcb, g.ntfn, 0), BASALT_INVALID_CAPABILITY);
	return 0;
}

/* Loads a pattern into every FP register, yields many times, and checks
 * the registers still hold it. */
static void fp_thread(void *arg)
{
	unsigned me = (unsigned)(uintptr_t)arg;
	double seed = 1.5 + me * 1000.0, check;
	bool ok = true;

	for (unsigned round = 0; round < 50 && ok; round++) {
		double a = seed + round, b = a * 3.0, c = b - 7.25, d = c / 2.0;

		basalt_yield();
		/* The compiler keeps these in FP registers across the call. */
		check = ((a * 3.0) - 7.25) / 2.0;
		ok = b == a * 3.0 && c == b - 7.25 && d == check;
		__asm__ volatile("fmv.d.x ft0, %0" :: "r"((basalt_word_t)(me + 1)) : "ft0");
		basalt_yield();
		{
			basalt_word_t back;

			__asm__ volatile("fmv.x.d %0, ft0" : "=r"(back));
			ok = ok && back == me + 1;
		}
	}
	g.fp_ok[me] = ok ? 1 : 2;
	basalt_signal(g.ntfn);
}

static int tcb_fpu_separate(test_env_t *env)
{
	basalt_thread_t a, b;

	g.ntfn = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	CHECK(env, g.ntfn != 0);
	g.fp_ok[0] = g.fp_ok[1] = 0;
	CHECK_OK(env, test_thread(env, &a, 60, fp_thread, (void *)0));
	CHECK_OK(env, test_thread(env, &b, 60, fp_thread, (void *)1));
	CHECK_OK(env, basalt_tcb_set_priority(env->self, env->self, 5));
	while (g.fp_ok[0] == 0 || g.fp_ok[1] == 0)
		basalt_wait(g.ntfn);
	CHECK_EQ(env, g.fp_ok[0], 1);
	CHECK_EQ(env, g.fp_ok[1], 1);
	return 0;
}

/* Every TCB invocation refuses a truncated message or a wrong cap. */
static int tcb_bad_arguments(test_env_t *env)
{
	basalt_thread_t t;
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t frame = test_object(env, BASALT_OBJ_FRAME_4K, 0);
	static const basalt_word_t labels_needing_args[] = {
		BASALT_INV_TCB_READ_REGISTERS, BASALT_INV_TCB_WRITE_REGISTERS,
		BASALT_INV_TCB_COPY_REGISTERS, BASALT_INV_TCB_CONFIGURE, BASALT_INV_TCB_SET_PRIORITY,
		BASALT_INV_TCB_SET_MC_PRIORITY, BASALT_INV_TCB_SET_SCHED_PARAMS,
		BASALT_INV_TCB_SET_IPC_BUFFER, BASALT_INV_TCB_SET_SPACE,
		BASALT_INV_TCB_BIND_NOTIFICATION, BASALT_INV_TCB_SET_TLS_BASE,
	};

	CHECK(env, ep != 0 && frame != 0);
	CHECK_OK(env, basalt_thread_create(&t, &env->vmem, env->self, 10, 2, 0));
	for (unsigned i = 0; i < sizeof(labels_needing_args) / sizeof(labels_needing_args[0]); i++) {
		basalt_msginfo_t r = basalt_call(t.tcb, basalt_msginfo(labels_needing_args[i], 0, 0, 0));

		CHECK_EQ(env, basalt_msginfo_label(r), BASALT_TRUNCATED_MESSAGE);
	}
	CHECK_EQ(env, basalt_msginfo_label(basalt_call(t.tcb, basalt_msginfo(999, 0, 0, 0))),
		  BASALT_ILLEGAL_OPERATION);
	/* Configure: the CSpace root must be a CNode, the VSpace a VSpace,
	 * the buffer aligned and a frame. */
	CHECK_ERR(env, basalt_tcb_configure(t.tcb, 0, ep, 0, BASALT_INIT_VSPACE, t.ipc_buffer,
					    t.ipc_frame), BASALT_ILLEGAL_OPERATION);
	CHECK_ERR(env, basalt_tcb_configure(t.tcb, 0, BASALT_INIT_CNODE, 0, ep, t.ipc_buffer,
					    t.ipc_frame), BASALT_ILLEGAL_OPERATION);
	CHECK_ERR(env, basalt_tcb_configure(t.tcb, 0, BASALT_INIT_CNODE, 0, BASALT_INIT_VSPACE,
					    t.ipc_buffer + 8, t.ipc_frame), BASALT_ALIGNMENT_ERROR);
	CHECK_ERR(env, basalt_tcb_configure(t.tcb, 0, BASALT_INIT_CNODE, 0, BASALT_INIT_VSPACE,
					    t.ipc_buffer, ep), BASALT_ILLEGAL_OPERATION);
	CHECK_ERR(env, basalt_tcb_set_ipc_buffer(t.tcb, 0x1000, ep), BASALT_ILLEGAL_OPERATION);
	CHECK_ERR(env, basalt_tcb_bind_notification(t.tcb, ep), BASALT_INVALID_CAPABILITY);
	CHECK_EQ(env, basalt_error_detail(0), 1);
	CHECK_ERR(env, basalt_tcb_write_registers(t.tcb, false, 0, 0), BASALT_RANGE_ERROR);
	return 0;
}

static int tcb_set_tls(test_env_t *env)
{
	basalt_thread_t t;
	basalt_user_context_t regs;

	CHECK_OK(env, basalt_thread_create(&t, &env->vmem, env->self, 10, 2, 0));
	CHECK_OK(env, basalt_tcb_set_tls_base(t.tcb, 0xabc000));
	CHECK_OK(env, basalt_tcb_read_registers(t.tcb, false, BASALT_CTX_TP + 1, &regs));
	CHECK_EQ(env, regs.words[BASALT_CTX_TP], 0xabc000);
	return 0;
}

static const test_t tests[] = {
	{ "TCB0001", "Suspend stops a thread, Resume restarts it", tcb_suspend_resume },
	{ "TCB0002", "Read/WriteRegisters redirect a thread", tcb_registers },
	{ "TCB0003", "CopyRegisters copies every register", tcb_copy_registers },
	{ "TCB0004", "FPU state stays apart between threads", tcb_fpu_separate },
	{ "TCB0005", "every TCB invocation refuses bad arguments", tcb_bad_arguments },
	{ "TCB0006", "SetTLSBase sets tp", tcb_set_tls },
};

const test_suite_t suite_tcb = { tests, sizeof(tests) / sizeof(tests[0]) };
