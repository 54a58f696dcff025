/*
 * Fault delivery: every fault type reaches the thread's fault handler with
 * the fields basalt/fault.h lists, and the reply rules hold (a VM fault
 * retries the access; an exception or unknown system call resumes at the
 * reply's pc/sp only if the reply's label is 0); a thread without a usable
 * handler is suspended (the kernel's log line is checked by
 * tests/qemu/suite_kernel.py). The faulting instructions are in
 * test_insns.S, so the tests know their exact pc.
 */
#include "test_util.h"

/* test_insns.S */
extern char test_insn_load_at[], test_insn_store_at[], test_insn_illegal_at[],
	test_insn_ebreak_at[], test_insn_amo_at[], test_insn_unknown_syscall_at[];
extern char test_code_ret42[], test_code_ret42_end[];
basalt_word_t test_insn_load(volatile basalt_word_t *p);
void test_insn_store(volatile basalt_word_t *p, basalt_word_t v);
basalt_word_t test_insn_call(const void *code);
void test_insn_illegal(void);
void test_insn_ebreak(void);
basalt_word_t test_insn_amo(void *p);
basalt_word_t test_insn_unknown_syscall(basalt_word_t a0, basalt_word_t a1, basalt_word_t a2,
					basalt_word_t a3, basalt_word_t a4, basalt_word_t a5,
					basalt_word_t a6);

static struct {
	volatile basalt_word_t done, value, sp_seen;
	basalt_word_t addr;
} g;

static void reset(void)
{
	g.done = g.value = g.sp_seen = 0;
}

/* ---- helper thread bodies ---- */
static void load_body(void *arg)
{
	g.value = test_insn_load(arg);
	g.done = 1;
}

static void store_body(void *arg)
{
	test_insn_store(arg, 0x5707e5);
	g.done = 1;
}

static void call_body(void *arg)
{
	g.value = test_insn_call(arg);
	g.done = 1;
}

static void illegal_body(void *arg)
{
	(void)arg;
	test_insn_illegal();
	g.done = 1;
}

static void ebreak_body(void *arg)
{
	(void)arg;
	test_insn_ebreak();
	g.done = 1;
}

static void amo_body(void *arg)
{
	g.value = test_insn_amo(arg);
	g.done = 1;
}

static void syscall_body(void *arg)
{
	(void)arg;
	g.value = test_insn_unknown_syscall(0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6);
	g.done = 1;
}

/* A handler may move a thread here (reply pc), with a stack of its own. */
static basalt_word_t landing_stack[512] __attribute__((aligned(16)));

static void landing(void)
{
	basalt_word_t sp;

	__asm__ volatile("mv %0, sp" : "=r"(sp));
	g.sp_seen = sp;
	g.done = 2;
	/* tp still names the thread's block (the reply changed pc and sp
	 * only), so it can stop itself. */
	for (;;)
		basalt_tcb_suspend(basalt_tls()->user);
}

/* Yield a while; true if *flag stayed 0 throughout. */
static bool stays_zero(volatile basalt_word_t *flag)
{
	for (unsigned i = 0; i < 50; i++) {
		if (*flag != 0)
			return false;
		basalt_yield();
	}
	return *flag == 0;
}

/* A fresh 4 KiB frame mapped at `vaddr` in the test's VSpace. */
static basalt_cptr_t map_new(test_env_t *env, basalt_word_t vaddr, unsigned rights)
{
	basalt_cptr_t f = test_object(env, BASALT_OBJ_FRAME_4K, 0);

	if (f == 0 || basalt_vmem_map_frame(&env->vmem, f, vaddr, rights) != BASALT_OK)
		return 0;
	return f;
}

/* Check the fields every VM fault carries. */
static int check_vm_fault(test_env_t *env, const test_fault_t *f, basalt_word_t pc,
			  basalt_word_t addr, basalt_word_t cause, basalt_word_t access)
{
	CHECK_EQ(env, f->label, BASALT_FAULT_VM);
	CHECK_EQ(env, f->length, BASALT_VM_FAULT_LENGTH);
	CHECK_EQ(env, f->mr[BASALT_VM_FAULT_PC], pc);
	CHECK_EQ(env, f->mr[BASALT_VM_FAULT_ADDR], addr);
	CHECK_EQ(env, f->mr[BASALT_VM_FAULT_PREFETCH], access == BASALT_ACCESS_EXEC ? 1 : 0);
	CHECK_EQ(env, f->mr[BASALT_VM_FAULT_CAUSE], cause);
	CHECK_EQ(env, f->mr[BASALT_VM_FAULT_ACCESS], access);
	return 0;
}

/* The fault message's pc and sp are the stopped thread's own. */
static int check_regs_match(test_env_t *env, basalt_cptr_t tcb, basalt_word_t pc, basalt_word_t sp)
{
	basalt_user_context_t regs;

	CHECK_OK(env, basalt_tcb_read_registers(tcb, false, BASALT_CONTEXT_WORDS, &regs));
	CHECK_EQ(env, regs.words[BASALT_CTX_PC], pc);
	CHECK_EQ(env, regs.words[BASALT_CTX_SP], sp);
	return 0;
}

/* FAULT0001 */
static int fault_vm_read(test_env_t *env)
{
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0), badged = test_slot(env);
	basalt_word_t addr = basalt_vmem_reserve(&env->vmem, 1);
	basalt_thread_t t;
	test_fault_t f;

	CHECK(env, ep != 0 && badged != 0 && addr != 0);
	/* A badged handler cap: the badge comes with the fault. */
	CHECK_OK(env, basalt_cnode_mint(BASALT_INIT_CNODE, badged, 64, BASALT_INIT_CNODE, ep, 64,
					BASALT_RIGHTS_ALL, 0xfa17));
	reset();
	CHECK_OK(env, test_thread_handled(env, &env->vmem, &t, TEST_PRIORITY + 1, badged, load_body,
					  (void *)(addr + 0x18)));
	test_recv_fault(ep, &f);
	CHECK_EQ(env, f.badge, 0xfa17);
	if (check_vm_fault(env, &f, (basalt_word_t)test_insn_load_at, addr + 0x18,
			   13 /* load page fault */, BASALT_ACCESS_READ))
		return 1;
	CHECK(env, g.done == 0);
	/* Back the page, reply: the load is retried and succeeds. */
	CHECK(env, map_new(env, addr, BASALT_MAP_READ | BASALT_MAP_WRITE) != 0);
	*(volatile basalt_word_t *)(addr + 0x18) = 0x1234abcd;
	basalt_reply(basalt_msginfo(0, 0, 0, 0));
	test_wait_flag(&g.done);
	CHECK_EQ(env, g.value, 0x1234abcd);
	return 0;
}

/* FAULT0002 */
static int fault_vm_write(test_env_t *env)
{
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0), frame;
	basalt_word_t addr = basalt_vmem_reserve(&env->vmem, 1);
	basalt_thread_t t;
	test_fault_t f;

	CHECK(env, ep != 0 && addr != 0);
	reset();
	CHECK_OK(env, test_thread_handled(env, &env->vmem, &t, TEST_PRIORITY + 1, ep, store_body,
					  (void *)(addr + 8)));
	/* Unmapped: a store page fault. */
	test_recv_fault(ep, &f);
	if (check_vm_fault(env, &f, (basalt_word_t)test_insn_store_at, addr + 8,
			   15 /* store page fault */, BASALT_ACCESS_WRITE))
		return 1;
	/* Mapped read-only: a store page fault again, write access. */
	frame = map_new(env, addr, BASALT_MAP_READ);
	CHECK(env, frame != 0);
	basalt_reply(basalt_msginfo(0, 0, 0, 0));
	test_recv_fault(ep, &f);
	if (check_vm_fault(env, &f, (basalt_word_t)test_insn_store_at, addr + 8, 15,
			   BASALT_ACCESS_WRITE))
		return 1;
	CHECK(env, g.done == 0);
	CHECK_EQ(env, *(volatile basalt_word_t *)(addr + 8), 0);
	/* Remap writable (same frame, same place): the store goes through. */
	CHECK_OK(env, basalt_frame_map(frame, env->vmem.vspace, addr,
				       BASALT_MAP_READ | BASALT_MAP_WRITE, 0));
	basalt_reply(basalt_msginfo(0, 0, 0, 0));
	test_wait_flag(&g.done);
	CHECK_EQ(env, *(volatile basalt_word_t *)(addr + 8), 0x5707e5);
	return 0;
}

/* FAULT0003 */
static int fault_vm_exec(test_env_t *env)
{
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0), frame;
	basalt_word_t addr = basalt_vmem_reserve(&env->vmem, 1);
	basalt_word_t code = addr + 0x40;
	basalt_thread_t t;
	test_fault_t f;

	CHECK(env, ep != 0 && addr != 0);
	reset();
	CHECK_OK(env, test_thread_handled(env, &env->vmem, &t, TEST_PRIORITY + 1, ep, call_body,
					  (void *)code));
	/* Unmapped: an instruction page fault at the target itself. */
	test_recv_fault(ep, &f);
	if (check_vm_fault(env, &f, code, code, 12 /* instruction page fault */, BASALT_ACCESS_EXEC))
		return 1;
	/* Readable and writable but not executable: still an exec fault. */
	frame = map_new(env, addr, BASALT_MAP_READ | BASALT_MAP_WRITE);
	CHECK(env, frame != 0);
	for (char *s = test_code_ret42, *d = (char *)code; s < test_code_ret42_end; s++, d++)
		*d = *s;
	__asm__ volatile("fence.i" ::: "memory");
	basalt_reply(basalt_msginfo(0, 0, 0, 0));
	test_recv_fault(ep, &f);
	if (check_vm_fault(env, &f, code, code, 12, BASALT_ACCESS_EXEC))
		return 1;
	CHECK(env, g.done == 0);
	/* Executable: the call runs the copied code and returns 42. */
	CHECK_OK(env, basalt_frame_map(frame, env->vmem.vspace, addr,
				       BASALT_MAP_READ | BASALT_MAP_EXECUTE, 0));
	basalt_reply(basalt_msginfo(0, 0, 0, 0));
	test_wait_flag(&g.done);
	CHECK_EQ(env, g.value, 42);
	return 0;
}

/* An exception: check its fields, then answer with `label` and, if
 * `len` >= 2, pc/sp. */
static int expect_exception(test_env_t *env, basalt_cptr_t ep, basalt_cptr_t tcb,
			    basalt_word_t pc, basalt_word_t cause, test_fault_t *f)
{
	test_recv_fault(ep, f);
	CHECK_EQ(env, f->label, BASALT_FAULT_USER_EXCEPTION);
	CHECK_EQ(env, f->length, BASALT_EXC_LENGTH);
	CHECK_EQ(env, f->mr[BASALT_EXC_PC], pc);
	CHECK_EQ(env, f->mr[BASALT_EXC_CAUSE], cause);
	return check_regs_match(env, tcb, pc, f->mr[BASALT_EXC_SP]);
}

static void reply_exception(basalt_word_t label, basalt_word_t pc, basalt_word_t sp)
{
	basalt_set_mr(BASALT_EXC_PC, pc);
	basalt_set_mr(BASALT_EXC_SP, sp);
	basalt_reply(basalt_msginfo(label, 0, 0, 2));
}

/* FAULT0004 */
static int fault_illegal_instruction(test_env_t *env)
{
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_word_t pc = (basalt_word_t)test_insn_illegal_at;
	basalt_thread_t t;
	test_fault_t f;

	CHECK(env, ep != 0);
	reset();
	CHECK_OK(env, test_thread_handled(env, &env->vmem, &t, TEST_PRIORITY + 1, ep, illegal_body, 0));
	if (expect_exception(env, ep, t.tcb, pc, 2 /* illegal instruction */, &f))
		return 1;
	/* stval holds the instruction bits (all zero here) or zero. */
	CHECK_EQ(env, f.mr[BASALT_EXC_VALUE], 0);
	/* A non-zero label: the thread stays stopped, even with a pc. */
	reply_exception(1, pc + 4, f.mr[BASALT_EXC_SP]);
	CHECK(env, stays_zero(&g.done));
	/* Its pc was still set by that reply: Resume continues after it. */
	CHECK_OK(env, basalt_tcb_resume(t.tcb));
	test_wait_flag(&g.done);
	CHECK_EQ(env, g.done, 1);

	/* Again, and this time label 0 with pc + 4: it skips the word. */
	reset();
	CHECK_OK(env, test_thread_handled(env, &env->vmem, &t, TEST_PRIORITY + 1, ep, illegal_body, 0));
	if (expect_exception(env, ep, t.tcb, pc, 2, &f))
		return 1;
	reply_exception(0, pc + 4, f.mr[BASALT_EXC_SP]);
	test_wait_flag(&g.done);
	CHECK_EQ(env, g.done, 1);
	return 0;
}

/* FAULT0005 */
static int fault_breakpoint(test_env_t *env)
{
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_word_t pc = (basalt_word_t)test_insn_ebreak_at;
	basalt_thread_t t;
	test_fault_t f;

	CHECK(env, ep != 0);
	reset();
	CHECK_OK(env, test_thread_handled(env, &env->vmem, &t, TEST_PRIORITY + 1, ep, ebreak_body, 0));
	if (expect_exception(env, ep, t.tcb, pc, 3 /* breakpoint */, &f))
		return 1;
	/* stval: the breakpoint's address, or zero. */
	CHECK(env, f.mr[BASALT_EXC_VALUE] == pc || f.mr[BASALT_EXC_VALUE] == 0);
	reply_exception(0, pc + 4, f.mr[BASALT_EXC_SP]);
	test_wait_flag(&g.done);
	return 0;
}

/* FAULT0006 */
static int fault_misaligned(test_env_t *env)
{
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	static uint32_t words[4] __attribute__((aligned(16)));
	basalt_word_t target = (basalt_word_t)&words[1] + 1;
	basalt_word_t pc = (basalt_word_t)test_insn_amo_at;
	basalt_thread_t t;
	test_fault_t f;

	CHECK(env, ep != 0);
	reset();
	CHECK_OK(env, test_thread_handled(env, &env->vmem, &t, TEST_PRIORITY + 1, ep, amo_body,
					  (void *)target));
	/* The spec says store/AMO address misaligned (6); QEMU 7.2 reports a
	 * misaligned AMO as a load address misaligned (4). Either way a user
	 * exception with the address. */
	test_recv_fault(ep, &f);
	CHECK_EQ(env, f.label, BASALT_FAULT_USER_EXCEPTION);
	CHECK_EQ(env, f.mr[BASALT_EXC_PC], pc);
	CHECK(env, f.mr[BASALT_EXC_CAUSE] == 6 || f.mr[BASALT_EXC_CAUSE] == 4);
	if (check_regs_match(env, t.tcb, pc, f.mr[BASALT_EXC_SP]))
		return 1;
	CHECK_EQ(env, f.mr[BASALT_EXC_VALUE], target);
	reply_exception(0, pc + 4, f.mr[BASALT_EXC_SP]);
	test_wait_flag(&g.done);
	/* A plain misaligned load never reaches the kernel here: the hart
	 * or the firmware below (OpenSBI emulates them) completes it. */
	reset();
	words[1] = 0x44332211;
	words[2] = 0x88776655;
	words[3] = 0;
	CHECK_OK(env, test_thread_handled(env, &env->vmem, &t, TEST_PRIORITY + 1, ep, load_body,
					  (void *)((basalt_word_t)&words[1] + 1)));
	test_wait_flag(&g.done);
	CHECK_EQ(env, g.value, 0x0088776655443322ull);
	return 0;
}

/* FAULT0007 */
static int fault_unknown_syscall(test_env_t *env)
{
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_word_t pc = (basalt_word_t)test_insn_unknown_syscall_at;
	basalt_user_context_t regs;
	basalt_thread_t t;
	test_fault_t f;

	CHECK(env, ep != 0);
	for (unsigned round = 0; round < 2; round++) {
		reset();
		CHECK_OK(env, test_thread_handled(env, &env->vmem, &t, TEST_PRIORITY + 1, ep,
						  syscall_body, 0));
		test_recv_fault(ep, &f);
		CHECK_EQ(env, f.label, BASALT_FAULT_UNKNOWN_SYSCALL);
		CHECK_EQ(env, f.length, BASALT_SYSCALL_FAULT_LENGTH);
		CHECK_EQ(env, f.mr[BASALT_SYSCALL_FAULT_PC], pc);
		for (unsigned i = 0; i < 7; i++)
			CHECK_EQ(env, f.mr[BASALT_SYSCALL_FAULT_A0 + i], 0xa0 + i);
		CHECK_EQ(env, f.mr[BASALT_SYSCALL_FAULT_A0 + 7], 0x7777);
		/* sp and ra are the thread's own. */
		CHECK_OK(env, basalt_tcb_read_registers(t.tcb, false, BASALT_CONTEXT_WORDS, &regs));
		CHECK_EQ(env, f.mr[BASALT_SYSCALL_FAULT_SP], regs.words[BASALT_CTX_SP]);
		CHECK_EQ(env, f.mr[BASALT_SYSCALL_FAULT_RA], regs.words[BASALT_CTX_RA]);
		CHECK_EQ(env, regs.words[BASALT_CTX_PC], pc);
		/* The reply writes the registers back: skip the ecall, a0 =
		 * the "result". Round 0 answers with label 0 (resume), round 1
		 * with label 1 (registers written, thread left stopped). */
		for (unsigned i = 0; i < BASALT_SYSCALL_FAULT_LENGTH; i++)
			basalt_set_mr(i, f.mr[i]);
		basalt_set_mr(BASALT_SYSCALL_FAULT_PC, pc + 4);
		basalt_set_mr(BASALT_SYSCALL_FAULT_A0, 0xbeef + round);
		basalt_reply(basalt_msginfo(round, 0, 0, BASALT_SYSCALL_FAULT_LENGTH));
		if (round == 1) {
			CHECK(env, stays_zero(&g.done));
			CHECK_OK(env, basalt_tcb_resume(t.tcb));
		}
		test_wait_flag(&g.done);
		CHECK_EQ(env, g.value, 0xbeef + round);
	}
	return 0;
}

/* FAULT0008 */
static int fault_reply_sets_pc_sp(test_env_t *env)
{
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_word_t top = (basalt_word_t)&landing_stack[512];
	basalt_thread_t t;
	test_fault_t f;

	CHECK(env, ep != 0);
	reset();
	CHECK_OK(env, test_thread_handled(env, &env->vmem, &t, TEST_PRIORITY + 1, ep, illegal_body, 0));
	if (expect_exception(env, ep, t.tcb, (basalt_word_t)test_insn_illegal_at, 2, &f))
		return 1;
	reply_exception(0, (basalt_word_t)landing, top);
	test_wait_flag(&g.done);
	CHECK_EQ(env, g.done, 2);
	/* landing() ran on the stack the reply gave (its frame is just
	 * below the top). */
	CHECK(env, g.sp_seen < top && g.sp_seen >= top - 256);
	return 0;
}

/* FAULT0009, FAULT0010: no usable handler. The kernel's log line is
 * checked by tests/qemu/suite_kernel.py (thread names FAULT0009-orphan,
 * FAULT0010-orphan). */
static int orphan(test_env_t *env, const char *name, basalt_cptr_t handler)
{
	basalt_word_t addr = basalt_vmem_reserve(&env->vmem, 1);
	basalt_user_context_t regs;
	basalt_thread_t t;

	CHECK(env, addr != 0);
	reset();
	CHECK_OK(env, basalt_thread_create(&t, &env->vmem, env->self, TEST_PRIORITY + 1, 2, handler));
	CHECK_OK(env, basalt_debug_name_thread(t.tcb, name));
	CHECK_OK(env, basalt_thread_start(&t, load_body, (void *)addr));
	CHECK(env, stays_zero(&g.done));
	/* Suspended at the load: its registers say so, and it stays. */
	CHECK_OK(env, basalt_tcb_read_registers(t.tcb, false, BASALT_CONTEXT_WORDS, &regs));
	CHECK_EQ(env, regs.words[BASALT_CTX_PC], (basalt_word_t)test_insn_load_at);
	CHECK(env, stays_zero(&g.done));
	return 0;
}

static int fault_no_handler(test_env_t *env)
{
	return orphan(env, "FAULT0009-orphan", 0);
}

static int fault_handler_without_rights(test_env_t *env)
{
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0), weak = test_slot(env);
	basalt_word_t badge;

	CHECK(env, ep != 0 && weak != 0);
	/* Write but neither grant nor grant-reply: not a usable handler. */
	CHECK_OK(env, basalt_cnode_copy(BASALT_INIT_CNODE, weak, 64, BASALT_INIT_CNODE, ep, 64,
					BASALT_RIGHT_WRITE | BASALT_RIGHT_READ));
	if (orphan(env, "FAULT0010-orphan", weak))
		return 1;
	/* Nothing was queued on the endpoint. */
	CHECK_EQ(env, basalt_msginfo_label(basalt_nbrecv(ep, &badge)), 0);
	return 0;
}

/* FAULT0011 */
static int fault_undeliverable(test_env_t *env)
{
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_word_t addr = basalt_vmem_reserve(&env->vmem, 1);
	basalt_thread_t t;
	test_fault_t f, again;

	CHECK(env, ep != 0 && addr != 0);
	/* The handler takes the fault, then receives again without
	 * replying: the reply cap is gone, the thread stays stopped. */
	reset();
	CHECK_OK(env, test_thread_handled(env, &env->vmem, &t, TEST_PRIORITY + 1, ep, load_body,
					  (void *)addr));
	test_recv_fault(ep, &f);
	CHECK_EQ(env, f.label, BASALT_FAULT_VM);
	{
		basalt_word_t badge;

		basalt_nbrecv(ep, &badge);
	}
	CHECK(env, stays_zero(&g.done));
	/* Resumed, it retries the load and faults again, to the handler. */
	CHECK_OK(env, basalt_tcb_resume(t.tcb));
	test_recv_fault(ep, &again);
	CHECK_EQ(env, again.label, BASALT_FAULT_VM);
	CHECK_EQ(env, again.mr[BASALT_VM_FAULT_PC], f.mr[BASALT_VM_FAULT_PC]);
	CHECK_EQ(env, again.mr[BASALT_VM_FAULT_ADDR], addr);
	CHECK(env, map_new(env, addr, BASALT_MAP_READ) != 0);
	basalt_reply(basalt_msginfo(0, 0, 0, 0));
	test_wait_flag(&g.done);

	/* Queued on an endpoint that is then deleted: stays stopped (it is
	 * not woken with an error as a Call would be). */
	reset();
	{
		basalt_word_t addr2 = basalt_vmem_reserve(&env->vmem, 1);

		CHECK(env, addr2 != 0);
		CHECK_OK(env, test_thread_handled(env, &env->vmem, &t, TEST_PRIORITY + 1, ep,
						  load_body, (void *)addr2));
	}
	CHECK_OK(env, basalt_cnode_delete(BASALT_INIT_CNODE, ep, 64));
	CHECK(env, stays_zero(&g.done));
	{
		basalt_user_context_t regs;

		CHECK_OK(env, basalt_tcb_read_registers(t.tcb, false, 1, &regs));
		CHECK_EQ(env, regs.words[BASALT_CTX_PC], (basalt_word_t)test_insn_load_at);
	}
	return 0;
}

static const test_t tests[] = {
	{ "FAULT0001", "a load from an unmapped page: VM fault fields, badge, retried on reply",
	  fault_vm_read },
	{ "FAULT0002", "a store to an unmapped or read-only page: VM fault with write access",
	  fault_vm_write },
	{ "FAULT0003", "a fetch from an unmapped or non-executable page: VM fault with exec access",
	  fault_vm_exec },
	{ "FAULT0004", "an illegal instruction: user exception; a non-zero reply label leaves it stopped",
	  fault_illegal_instruction },
	{ "FAULT0005", "ebreak: user exception with the breakpoint cause", fault_breakpoint },
	{ "FAULT0006", "a misaligned atomic: user exception with the address", fault_misaligned },
	{ "FAULT0007", "an unknown system call: its registers, written back by the reply",
	  fault_unknown_syscall },
	{ "FAULT0008", "an exception reply with label 0 sets the pc and sp", fault_reply_sets_pc_sp },
	{ "FAULT0009", "no fault handler: the thread is suspended", fault_no_handler },
	{ "FAULT0010", "a handler cap without grant rights counts as none",
	  fault_handler_without_rights },
	{ "FAULT0011", "a fault never answered leaves the thread stopped; Resume retries it",
	  fault_undeliverable },
};

const test_suite_t suite_fault = { tests, sizeof(tests) / sizeof(tests[0]) };
