/*
 * libbasalt's pager (user/lib/pager.h) serving real faults: 10,000 lazily
 * zero-filled pages (more frame caps than the root CNode has slots: the
 * pager's two-level CSpace), copy-on-write between two address spaces,
 * and segmentation faults reported without resuming the thread (the
 * pager's log lines are checked by tests/qemu/suite_kernel.py).
 */
#include "test_util.h"

#include "pager.h"

extern char test_insn_load_at[], test_insn_store_at[], test_insn_illegal_at[];
basalt_word_t test_insn_load(volatile basalt_word_t *p);
void test_insn_store(volatile basalt_word_t *p, basalt_word_t v);
basalt_word_t test_insn_call(const void *code);
void test_insn_illegal(void);

#define RW (BASALT_MAP_READ | BASALT_MAP_WRITE)
#define BIG_PAGES 10000
#define DONE_BIT 1u
#define SEGV_BIT 2u
#define COW_PAGES 32

static basalt_pager_t pager;

static struct {
	basalt_word_t base;
	basalt_cptr_t done;                  /* the notification, badge DONE_BIT */
	volatile basalt_word_t bad, bad_word, passes;
	/* copy-on-write workers */
	basalt_cptr_t go[2];
	volatile unsigned op[2];
	uint8_t wrote[2][COW_PAGES];
	volatile basalt_word_t errors[2], first_error[2];
	volatile basalt_word_t flag;
} g;

/* A pager over the test's arena, its segmentation faults signalled on a
 * notification that also carries the workers' "done" (told apart by the
 * badge bits). */
static int pager_up(test_env_t *env, unsigned frame_bits, basalt_word_t max_pages)
{
	basalt_cptr_t ntfn = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	basalt_cptr_t segv = test_slot(env);
	basalt_pager_config_t cfg = {
		.alloc = &env->alloc, .vmem = &env->vmem, .untyped = env->arena,
		.frame_slots_bits = frame_bits, .max_pages = max_pages,
		.priority = TEST_PRIORITY + 10, .authority = env->self,
	};

	g.done = test_slot(env);
	CHECK(env, ntfn != 0 && segv != 0 && g.done != 0);
	CHECK_OK(env, basalt_cnode_mint(BASALT_INIT_CNODE, g.done, 64, BASALT_INIT_CNODE, ntfn, 64,
					BASALT_RIGHTS_ALL, DONE_BIT));
	CHECK_OK(env, basalt_cnode_mint(BASALT_INIT_CNODE, segv, 64, BASALT_INIT_CNODE, ntfn, 64,
					BASALT_RIGHTS_ALL, SEGV_BIT));
	cfg.segv_ntfn = segv;
	CHECK_OK(env, basalt_pager_create(&pager, &cfg));
	return 0;
}

static basalt_word_t pattern(basalt_word_t i)
{
	return 0x9a9e000000000000ull ^ (i * 0x10001);
}

/* Every page must read zero first; then holds what was written. */
static void toucher(void *arg)
{
	volatile basalt_word_t *base = (volatile basalt_word_t *)g.base;

	(void)arg;
	for (basalt_word_t i = 0; i < BIG_PAGES && g.bad == 0; i++) {
		volatile basalt_word_t *pg = base + i * 512;

		for (unsigned w = 0; w < 512; w++) {
			if (pg[w] != 0) {
				g.bad = i + 1;
				g.bad_word = w;
				break;
			}
		}
		pg[0] = pattern(i);
		pg[1 + i % 510] = i;
		pg[511] = ~pattern(i);
	}
	g.passes = 1;
	for (basalt_word_t i = 0; i < BIG_PAGES && g.bad == 0; i++) {
		volatile basalt_word_t *pg = base + i * 512;

		if (pg[0] != pattern(i) || pg[1 + i % 510] != i || pg[511] != ~pattern(i))
			g.bad = i + 1;
	}
	g.passes = 2;
	basalt_signal(g.done);
}

/* PAGER0001 */
static int pager_lazy_10000(test_env_t *env)
{
	basalt_thread_t t;
	basalt_cptr_t fault_ep;
	unsigned client;
	basalt_word_t word, prev = 0;

	if (pager_up(env, 14, BIG_PAGES + 64))
		return 1;
	/* A range of its own, past everything else the root task maps. */
	g.base = 8ull << 30;
	g.bad = g.bad_word = g.passes = 0;
	CHECK_OK(env, basalt_pager_add_client(&pager, BASALT_INIT_VSPACE, &client, &fault_ep));
	CHECK_OK(env, basalt_pager_add_region(&pager, client, g.base, BIG_PAGES, RW,
					      BASALT_PAGER_NO_OBJECT, 0));
	CHECK_OK(env, basalt_pager_start(&pager));
	CHECK_OK(env, test_thread_handled(env, &env->vmem, &t, TEST_PRIORITY, fault_ep, toucher, 0));
	word = basalt_wait(g.done);
	CHECK_EQ(env, word, DONE_BIT);
	CHECK_EQ(env, g.passes, 2);
	if (g.bad != 0)
		return test_fail(env, __FILE__, __LINE__, "page %llu (word %llu) wrong",
				 (unsigned long long)g.bad - 1, (unsigned long long)g.bad_word);
	/* One fault, one fresh frame per page: the first touch (a read)
	 * mapped it writable, so the writes did not fault again. */
	CHECK_EQ(env, pager.stats.faults, BIG_PAGES);
	CHECK_EQ(env, pager.stats.zero_fills, BIG_PAGES);
	CHECK_EQ(env, pager.stats.segvs, 0);
	CHECK_EQ(env, pager.stats.spurious, 0);
	/* Far more frame caps than the root CNode has slots. */
	CHECK(env, pager.next_slot > (1u << env->bi->h.init_cnode_bits) + BIG_PAGES / 2);
	for (basalt_word_t i = 0; i < BIG_PAGES; i += 997) {
		basalt_pager_page_state_t st;
		basalt_word_t pa;

		CHECK_OK(env, basalt_pager_query(&pager, client, g.base + i * 4096 + 8, &st, &pa));
		CHECK_EQ(env, st, BASALT_PAGER_PRIVATE);
		CHECK(env, pa != 0 && (pa & 0xfff) == 0 && pa != prev);
		prev = pa;
	}
	return 0;
}

/* ---- copy-on-write ---- */
enum { OP_READ = 1, OP_WRITE = 2 };

static basalt_word_t initial(unsigned page, unsigned word)
{
	return (basalt_word_t)page << 20 | word;
}

static basalt_word_t marker(unsigned c, unsigned page)
{
	return 0xc0de000000ull | c << 16 | page;
}

/* The pages this round reads or writes: a bitmap per op. */
static volatile uint32_t pages_of[2];

static void note_error(unsigned c, basalt_word_t what)
{
	if (g.errors[c]++ == 0)
		g.first_error[c] = what;
}

/* Client c's worker: on each go, reads (and checks) or writes the pages
 * named in pages_of[c]. */
static void cow_worker(void *arg)
{
	unsigned c = (unsigned)(uintptr_t)arg;
	volatile basalt_word_t *base = (volatile basalt_word_t *)g.base;

	for (;;) {
		basalt_wait(g.go[c]);
		for (unsigned k = 0; k < COW_PAGES; k++) {
			volatile basalt_word_t *pg = base + k * 512;

			if (!(pages_of[c] & (1u << k)))
				continue;
			if (g.op[c] == OP_WRITE) {
				pg[0] = marker(c, k);
				g.wrote[c][k] = 1;
				continue;
			}
			if (pg[0] != (g.wrote[c][k] ? marker(c, k) : initial(k, 0)))
				note_error(c, (basalt_word_t)k << 32 | 0);
			for (unsigned w = 1; w < 512; w += 73) {
				if (pg[w] != initial(k, w))
					note_error(c, (basalt_word_t)k << 32 | w);
			}
		}
		basalt_signal(g.done);
	}
}

static int cow_run(test_env_t *env, unsigned c, unsigned op, uint32_t pages)
{
	basalt_word_t word;

	g.op[c] = op;
	pages_of[c] = pages;
	basalt_signal(g.go[c]);
	word = basalt_wait(g.done);
	CHECK_EQ(env, word, DONE_BIT);
	CHECK_EQ(env, g.errors[c], 0);
	return 0;
}

/* Both clients' view of every page: shared (same frame) exactly where
 * neither wrote. */
static int cow_check_sharing(test_env_t *env, const unsigned client[2], const uint32_t wrote[2])
{
	for (unsigned k = 0; k < COW_PAGES; k++) {
		basalt_pager_page_state_t st[2];
		basalt_word_t pa[2];

		for (unsigned c = 0; c < 2; c++) {
			CHECK_OK(env, basalt_pager_query(&pager, client[c], g.base + k * 4096, &st[c], &pa[c]));
			CHECK_EQ(env, st[c], (wrote[c] >> k) & 1 ? BASALT_PAGER_PRIVATE : BASALT_PAGER_SHARED);
		}
		if (((wrote[0] | wrote[1]) >> k) & 1)
			CHECK(env, pa[0] != pa[1]);
		else
			CHECK_EQ(env, pa[0], pa[1]);
	}
	return 0;
}

/* PAGER0002 */
static int pager_copy_on_write(test_env_t *env)
{
	static basalt_word_t buf[512];
	test_space_t s[2];
	basalt_thread_t t[2];
	unsigned client[2], object;
	basalt_cptr_t fault_ep[2];
	/* A writes 0-3 and 8; B writes 2-4 and 9, and 31 without reading it
	 * first (B reads 0-29 only, at first). */
	const uint32_t all = 0xffffffffu, b_first = 0x3fffffffu;
	const uint32_t wrote[2] = { 0x10f, 0x8000021c };

	if (pager_up(env, 10, 3 * COW_PAGES + 16))
		return 1;
	g.base = basalt_vmem_reserve(&env->vmem, COW_PAGES);
	CHECK(env, g.base != 0);
	CHECK_OK(env, basalt_pager_add_object(&pager, COW_PAGES, &object));
	for (unsigned c = 0; c < 2; c++) {
		CHECK_OK(env, test_space(env, &s[c]));
		CHECK_OK(env, basalt_pager_add_client(&pager, s[c].vspace, &client[c], &fault_ep[c]));
		CHECK_OK(env, basalt_pager_add_region(&pager, client[c], g.base, COW_PAGES, RW, (int)object,
						      0));
		g.go[c] = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
		CHECK(env, g.go[c] != 0);
		g.errors[c] = 0;
		for (unsigned k = 0; k < COW_PAGES; k++)
			g.wrote[c][k] = 0;
	}
	CHECK_OK(env, basalt_pager_start(&pager));
	/* The object's contents, before anyone shares it. */
	for (unsigned k = 0; k < COW_PAGES; k++) {
		for (unsigned w = 0; w < 512; w++)
			buf[w] = initial(k, w);
		CHECK_OK(env, basalt_pager_object_write(&pager, object, k, buf));
	}
	for (unsigned c = 0; c < 2; c++)
		CHECK_OK(env, test_thread_handled(env, &s[c].vmem, &t[c], TEST_PRIORITY - 1, fault_ep[c],
						  cow_worker, (void *)(uintptr_t)c));
	/* Both read: every page shared, one frame for both. */
	if (cow_run(env, 0, OP_READ, all) || cow_run(env, 1, OP_READ, b_first))
		return 1;
	CHECK_EQ(env, pager.stats.shared_maps, COW_PAGES + 30);
	CHECK_EQ(env, pager.stats.cow_copies, 0);
	/* Each writes; each sees only its own writes. */
	if (cow_run(env, 0, OP_WRITE, wrote[0]) || cow_run(env, 1, OP_WRITE, wrote[1]))
		return 1;
	if (cow_run(env, 0, OP_READ, all) || cow_run(env, 1, OP_READ, all))
		return 1;
	CHECK_EQ(env, pager.stats.cow_copies, 5 + 5);
	CHECK_EQ(env, pager.stats.shared_maps, COW_PAGES + 30 + 1);   /* B's page 30 */
	if (cow_check_sharing(env, client, wrote))
		return 1;
	/* Writing again faults no more. */
	{
		basalt_word_t faults = pager.stats.faults;

		if (cow_run(env, 0, OP_WRITE, wrote[0]) || cow_run(env, 0, OP_READ, all))
			return 1;
		CHECK_EQ(env, pager.stats.faults, faults);
	}
	CHECK_EQ(env, pager.stats.segvs, 0);
	return 0;
}

/* ---- segmentation faults ---- */
static void bad_load(void *arg)
{
	test_insn_load(arg);
	g.flag = 1;
}

static void bad_store(void *arg)
{
	test_insn_store(arg, 1);
	g.flag = 1;
}

static void bad_fetch(void *arg)
{
	test_insn_call(arg);
	g.flag = 1;
}

static void bad_instruction(void *arg)
{
	(void)arg;
	test_insn_illegal();
	g.flag = 1;
}

static void good_access(void *arg)
{
	g.flag = test_insn_load(arg) + 1;
}

/* Run fn(arg) in a client thread: it must be reported and stay stopped
 * at `pc`. */
static int expect_segv(test_env_t *env, basalt_cptr_t fault_ep, basalt_thread_fn fn,
		       basalt_word_t arg, basalt_word_t label, basalt_word_t pc, basalt_word_t access,
		       basalt_thread_t *t)
{
	basalt_word_t segvs = pager.stats.segvs;
	basalt_user_context_t regs;

	g.flag = 0;
	CHECK_OK(env, test_thread_handled(env, &env->vmem, t, TEST_PRIORITY, fault_ep, fn,
					  (void *)arg));
	CHECK_EQ(env, basalt_wait(g.done), SEGV_BIT);
	CHECK_EQ(env, pager.stats.segvs, segvs + 1);
	CHECK_EQ(env, pager.last_segv.label, label);
	CHECK_EQ(env, pager.last_segv.pc, pc);
	if (label == BASALT_FAULT_VM) {
		CHECK_EQ(env, pager.last_segv.addr, arg);
		CHECK_EQ(env, pager.last_segv.access, access);
	}
	for (unsigned i = 0; i < 30; i++)
		basalt_yield();
	CHECK_EQ(env, g.flag, 0);
	CHECK_OK(env, basalt_tcb_read_registers(t->tcb, false, 1, &regs));
	CHECK_EQ(env, regs.words[BASALT_CTX_PC], pc);
	return 0;
}

/* PAGER0003 */
static int pager_segfaults(test_env_t *env)
{
	basalt_thread_t t;
	basalt_cptr_t fault_ep;
	unsigned client;
	basalt_word_t base;

	if (pager_up(env, 8, 64))
		return 1;
	base = basalt_vmem_reserve(&env->vmem, 16);
	CHECK(env, base != 0);
	CHECK_OK(env, basalt_pager_add_client(&pager, BASALT_INIT_VSPACE, &client, &fault_ep));
	/* Pages 0-3 read-write, 8-9 read-only; nothing else. */
	CHECK_OK(env, basalt_pager_add_region(&pager, client, base, 4, RW, BASALT_PAGER_NO_OBJECT, 0));
	CHECK_OK(env, basalt_pager_add_region(&pager, client, base + 8 * 4096, 2, BASALT_MAP_READ,
					      BASALT_PAGER_NO_OBJECT, 0));
	CHECK_ERR(env, basalt_pager_add_region(&pager, client, base + 3 * 4096, 2, RW,
					       BASALT_PAGER_NO_OBJECT, 0), BASALT_DELETE_FIRST);
	CHECK_OK(env, basalt_pager_start(&pager));
	/* Allowed accesses are served. */
	g.flag = 0;
	CHECK_OK(env, test_thread_handled(env, &env->vmem, &t, TEST_PRIORITY, fault_ep, good_access,
					  (void *)(base + 8 * 4096 + 16)));
	test_wait_flag(&g.flag);
	CHECK_EQ(env, g.flag, 1);
	/* Outside every region; a write to the read-only region; a fetch
	 * from a region that is not executable; an illegal instruction. */
	if (expect_segv(env, fault_ep, bad_load, base + 5 * 4096 + 8, BASALT_FAULT_VM,
			(basalt_word_t)test_insn_load_at, BASALT_ACCESS_READ, &t))
		return 1;
	/* Resumed, it retries and is reported again. */
	CHECK_OK(env, basalt_tcb_resume(t.tcb));
	CHECK_EQ(env, basalt_wait(g.done), SEGV_BIT);
	CHECK_EQ(env, pager.stats.segvs, 2);
	if (expect_segv(env, fault_ep, bad_store, base + 9 * 4096, BASALT_FAULT_VM,
			(basalt_word_t)test_insn_store_at, BASALT_ACCESS_WRITE, &t) ||
	    expect_segv(env, fault_ep, bad_fetch, base + 4096, BASALT_FAULT_VM, base + 4096,
			BASALT_ACCESS_EXEC, &t) ||
	    expect_segv(env, fault_ep, bad_instruction, 0, BASALT_FAULT_USER_EXCEPTION,
			(basalt_word_t)test_insn_illegal_at, 0, &t))
		return 1;
	CHECK_EQ(env, pager.stats.segvs, 5);
	return 0;
}

static const test_t tests[] = {
	{ "PAGER0001", "10,000 lazily zero-filled pages: zero on first touch, then kept",
	  pager_lazy_10000 },
	{ "PAGER0002", "copy-on-write between two address spaces: each sees only its writes",
	  pager_copy_on_write },
	{ "PAGER0003", "segmentation faults are reported and the thread stays stopped",
	  pager_segfaults },
};

const test_suite_t suite_pager = { tests, sizeof(tests) / sizeof(tests[0]) };
