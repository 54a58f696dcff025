/*
 * ASIDs: many address spaces with distinct contents at one virtual
 * address, switched between many times, more of them than the hart has
 * hardware ASIDs (tests/qemu/suite_kernel.py also boots with asid_bits=2
 * and asid_bits=0 to force rollovers and flush-on-switch); remaps seen at
 * once; VSpaces and ASID pools deleted under running threads (which then
 * fault to their handler instead of seeing stale or foreign memory); ASID
 * reuse; the pool and assignment errors.
 */
#include "test_util.h"

#define RW (BASALT_MAP_READ | BASALT_MAP_WRITE)
#define MAX_SPACES 24

static struct {
	basalt_word_t vaddr;                 /* the one address every space uses */
	unsigned rounds;
	volatile basalt_word_t bad[MAX_SPACES], bad_round[MAX_SPACES];
	volatile basalt_word_t seen[MAX_SPACES];
	volatile basalt_word_t finished, count, after;
	basalt_cptr_t done;                  /* notification bound to the test thread */
	basalt_cptr_t go[MAX_SPACES];
	basalt_cptr_t victim;                /* what a thread deletes (ASID0006) */
} g;

static basalt_word_t content(unsigned space, unsigned round)
{
	return 0xa5000000ull | ((basalt_word_t)space << 16) | round;
}

/* The test thread waits on `ep` with the `done` notification bound to it:
 * either a worker signalled, or a worker faulted (which fails the test). */
static int wait_finished(test_env_t *env, basalt_cptr_t ep, basalt_word_t want)
{
	while (g.finished < want) {
		test_fault_t f;

		test_recv_fault(ep, &f);
		if (f.label != 0)
			return test_fail(env, __FILE__, __LINE__,
					 "worker faulted: label %llu pc 0x%llx addr 0x%llx",
					 (unsigned long long)f.label, (unsigned long long)f.mr[0],
					 (unsigned long long)f.mr[1]);
	}
	return 0;
}

static unsigned space_count(const test_env_t *env)
{
	unsigned bits = (unsigned)env->bi->h.hw_asid_bits;
	unsigned n = bits > 4 ? 8 : 3u << bits;

	return n < 8 ? 8 : n > MAX_SPACES ? MAX_SPACES : n;
}

/* A view of `frame` in the test's own space (a second cap). */
static volatile basalt_word_t *view_of(test_env_t *env, basalt_cptr_t frame)
{
	basalt_cptr_t copy = test_slot(env);
	basalt_word_t v = basalt_vmem_reserve(&env->vmem, 1);

	if (copy == 0 || v == 0 ||
	    basalt_cnode_copy(BASALT_INIT_CNODE, copy, 64, BASALT_INIT_CNODE, frame, 64,
			      BASALT_RIGHTS_ALL) != BASALT_OK ||
	    basalt_vmem_map_frame(&env->vmem, copy, v, RW) != BASALT_OK)
		return 0;
	return (volatile basalt_word_t *)v;
}

/* A new space with a fresh frame at g.vaddr holding `value`. */
static int space_with_page(test_env_t *env, basalt_cptr_t pool, test_space_t *s,
			   basalt_cptr_t *frame, basalt_word_t value)
{
	volatile basalt_word_t *view;

	CHECK_OK(env, test_space_in(env, pool, s));
	*frame = test_object(env, BASALT_OBJ_FRAME_4K, 0);
	CHECK(env, *frame != 0);
	CHECK_OK(env, basalt_vmem_map_frame(&s->vmem, *frame, g.vaddr, RW));
	view = view_of(env, *frame);
	CHECK(env, view != 0);
	*view = value;
	return 0;
}

/* Common set-up: the address, the done notification bound to us, and a
 * fault endpoint. */
static int setup(test_env_t *env, basalt_cptr_t *ep)
{
	g.vaddr = basalt_vmem_reserve(&env->vmem, 1);
	g.done = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	*ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	g.finished = g.count = g.after = 0;
	for (unsigned i = 0; i < MAX_SPACES; i++)
		g.bad[i] = g.bad_round[i] = g.seen[i] = 0;
	CHECK(env, g.vaddr != 0 && g.done != 0 && *ep != 0);
	CHECK_OK(env, basalt_tcb_bind_notification(env->self, g.done));
	return 0;
}

static void finish(void)
{
	__atomic_fetch_add(&g.finished, 1, __ATOMIC_SEQ_CST);
	basalt_signal(g.done);
}

/* Each round: what this space holds at g.vaddr must be what it last
 * wrote; then it writes the next value and lets the next space run. */
static void switch_worker(void *arg)
{
	unsigned i = (unsigned)(uintptr_t)arg;
	volatile basalt_word_t *v = (volatile basalt_word_t *)g.vaddr;

	for (unsigned r = 0; r < g.rounds; r++) {
		basalt_word_t got = *v;

		if (got != content(i, r)) {
			g.bad[i] = got | 1ull << 63;
			g.bad_round[i] = r;
			break;
		}
		*v = content(i, r + 1);
		basalt_yield();
	}
	finish();
}

/* ASID0001 */
static int asid_many_spaces(test_env_t *env)
{
	unsigned n = space_count(env);
	test_space_t s[MAX_SPACES];
	basalt_thread_t t[MAX_SPACES];
	basalt_cptr_t ep, frame;

	if (setup(env, &ep))
		return 1;
	/* asid_bits=N on the command line caps what the boot info says. */
	{
		char arg[8];
		unsigned cap = 0;
		bool number = basalt_bootarg("asid_bits", arg, sizeof(arg)) && arg[0] != '\0';

		for (const char *c = arg; number && *c != '\0'; c++) {
			number = *c >= '0' && *c <= '9';
			cap = cap * 10 + (unsigned)(*c - '0');
		}
		if (number)
			CHECK(env, env->bi->h.hw_asid_bits <= cap);
	}
	g.rounds = 150;
	for (unsigned i = 0; i < n; i++) {
		if (space_with_page(env, BASALT_INIT_ASID_POOL, &s[i], &frame, content(i, 0)))
			return 1;
	}
	/* Equal priorities below ours: they take turns while we wait. */
	for (unsigned i = 0; i < n; i++)
		CHECK_OK(env, test_thread_handled(env, &s[i].vmem, &t[i], TEST_PRIORITY - 1, ep,
						  switch_worker, (void *)(uintptr_t)i));
	if (wait_finished(env, ep, n))
		return 1;
	for (unsigned i = 0; i < n; i++) {
		if (g.bad[i] != 0)
			return test_fail(env, __FILE__, __LINE__,
					 "space %u round %llu read 0x%llx, not its own 0x%llx", i,
					 (unsigned long long)g.bad_round[i],
					 (unsigned long long)(g.bad[i] & ~(1ull << 63)),
					 (unsigned long long)content(i, (unsigned)g.bad_round[i]));
	}
	return 0;
}

/* Reads g.vaddr each time it is told to (its own go notification). */
static void read_worker(void *arg)
{
	unsigned i = (unsigned)(uintptr_t)arg;

	for (;;) {
		basalt_wait(g.go[i]);
		g.seen[i] = *(volatile basalt_word_t *)g.vaddr;
		finish();
	}
}

/* Let worker i read once. Returns when it has read (f->label 0) or when
 * it faulted instead (the fault in *f; it finishes its read once the
 * fault is answered: wait_finished(env, ep, *want)). */
static void read_in(basalt_cptr_t ep, unsigned i, test_fault_t *f, basalt_word_t *want)
{
	*want = g.finished + 1;
	f->label = 0;
	basalt_signal(g.go[i]);
	while (g.finished < *want) {
		test_recv_fault(ep, f);
		if (f->label != 0)
			return;
	}
}

/* ASID0002 */
static int asid_remap_seen(test_env_t *env)
{
	unsigned n = space_count(env) > 12 ? 12 : space_count(env);
	test_space_t s[MAX_SPACES];
	basalt_thread_t t[MAX_SPACES];
	basalt_cptr_t ep, cur[MAX_SPACES], spare[MAX_SPACES];
	volatile basalt_word_t *spare_view[MAX_SPACES], *cur_view[MAX_SPACES];
	basalt_word_t want;
	test_fault_t f;

	if (setup(env, &ep))
		return 1;
	for (unsigned i = 0; i < n; i++) {
		if (space_with_page(env, BASALT_INIT_ASID_POOL, &s[i], &cur[i], content(i, 0)))
			return 1;
		cur_view[i] = view_of(env, cur[i]);
		spare[i] = test_object(env, BASALT_OBJ_FRAME_4K, 0);
		CHECK(env, cur_view[i] != 0 && spare[i] != 0);
		spare_view[i] = view_of(env, spare[i]);
		g.go[i] = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
		CHECK(env, spare_view[i] != 0 && g.go[i] != 0);
		CHECK_OK(env, test_thread_handled(env, &s[i].vmem, &t[i], TEST_PRIORITY - 1, ep,
						  read_worker, (void *)(uintptr_t)i));
	}
	for (unsigned k = 1; k <= 8 * n; k++) {
		unsigned i = k % n;
		basalt_cptr_t tmp;
		volatile basalt_word_t *tv;

		/* Everyone reads its current page (switching through all
		 * the spaces: rollovers with few hardware ASIDs)... */
		for (unsigned j = 0; j < n; j += 3) {
			read_in(ep, j, &f, &want);
			CHECK_EQ(env, f.label, 0);
			CHECK_EQ(env, g.seen[j], *cur_view[j]);
		}
		/* ...then space i's page is swapped for its spare, with a new
		 * value, and i must see it at once. Every fourth time the old
		 * page goes first and i faults in between. */
		*spare_view[i] = content(i, k);
		CHECK_OK(env, basalt_frame_unmap(cur[i]));
		if (k % 4 == 0) {
			read_in(ep, i, &f, &want);
			CHECK_EQ(env, f.label, BASALT_FAULT_VM);
			CHECK_EQ(env, f.mr[BASALT_VM_FAULT_ADDR], g.vaddr);
			CHECK_OK(env, basalt_frame_map(spare[i], s[i].vspace, g.vaddr, RW, 0));
			basalt_reply(basalt_msginfo(0, 0, 0, 0));
			if (wait_finished(env, ep, want))
				return 1;
		} else {
			CHECK_OK(env, basalt_frame_map(spare[i], s[i].vspace, g.vaddr, RW, 0));
			read_in(ep, i, &f, &want);
			CHECK_EQ(env, f.label, 0);
		}
		CHECK_EQ(env, g.seen[i], content(i, k));
		tmp = cur[i], cur[i] = spare[i], spare[i] = tmp;
		tv = cur_view[i], cur_view[i] = spare_view[i], spare_view[i] = tv;
	}
	return 0;
}

/* Loops reading g.vaddr, counting, signalling each time. */
static void looper(void *arg)
{
	(void)arg;
	for (;;) {
		g.seen[0] = *(volatile basalt_word_t *)g.vaddr;
		g.count++;
		basalt_signal(g.done);
	}
}

/* Wait until the looper has run `more` more times. */
static int wait_count(test_env_t *env, basalt_cptr_t ep, basalt_word_t more)
{
	basalt_word_t want = g.count + more;

	while (g.count < want) {
		test_fault_t f;

		test_recv_fault(ep, &f);
		CHECK_EQ(env, f.label, 0);
	}
	return 0;
}

/* The next message on ep is the fault of a thread whose address space
 * is gone: its next instruction fetch. */
static int expect_gone(test_env_t *env, basalt_cptr_t ep)
{
	test_fault_t f;

	do
		test_recv_fault(ep, &f);
	while (f.label == 0);    /* signals still pending */
	CHECK_EQ(env, f.label, BASALT_FAULT_VM);
	CHECK_EQ(env, f.mr[BASALT_VM_FAULT_PREFETCH], 1);
	CHECK_EQ(env, f.mr[BASALT_VM_FAULT_ACCESS], BASALT_ACCESS_EXEC);
	CHECK_EQ(env, f.mr[BASALT_VM_FAULT_ADDR], f.mr[BASALT_VM_FAULT_PC]);
	return 0;
}

/* ASID0003 */
static int asid_delete_vspace(test_env_t *env)
{
	test_space_t s, s2;
	basalt_thread_t t, t2;
	basalt_cptr_t ep, frame, frame2;
	uint32_t asid;

	if (setup(env, &ep) || space_with_page(env, BASALT_INIT_ASID_POOL, &s, &frame, 0x01d))
		return 1;
	asid = basalt_debug_cap_info(s.vspace).word32;
	CHECK_OK(env, test_thread_handled(env, &s.vmem, &t, TEST_PRIORITY - 1, ep, looper, 0));
	if (wait_count(env, ep, 3))
		return 1;
	CHECK_EQ(env, g.seen[0], 0x01d);
	/* Revoke (the thread's own reference goes) and delete the VSpace. */
	CHECK_OK(env, basalt_cnode_revoke(BASALT_INIT_CNODE, s.vspace, 64));
	CHECK_OK(env, basalt_cnode_delete(BASALT_INIT_CNODE, s.vspace, 64));
	CHECK_EQ(env, basalt_debug_audit(1), 0);
	if (expect_gone(env, ep))
		return 1;
	g.seen[0] = 0;
	/* The ASID is free: the next VSpace from the pool gets it, with
	 * other memory at the same address. The old one never shows. */
	if (space_with_page(env, BASALT_INIT_ASID_POOL, &s2, &frame2, 0x2e2))
		return 1;
	CHECK_EQ(env, basalt_debug_cap_info(s2.vspace).word32, asid);
	g.count = 0;
	CHECK_OK(env, test_thread_handled(env, &s2.vmem, &t2, TEST_PRIORITY - 1, ep, looper, 0));
	if (wait_count(env, ep, 3))
		return 1;
	CHECK_EQ(env, g.seen[0], 0x2e2);
	/* The old frame's cap still names the ASID; unmapping it leaves the
	 * new VSpace's own page alone. */
	CHECK_OK(env, basalt_frame_unmap(frame));
	g.seen[0] = 0;
	if (wait_count(env, ep, 3))
		return 1;
	CHECK_EQ(env, g.seen[0], 0x2e2);
	CHECK_OK(env, basalt_tcb_suspend(t2.tcb));
	return 0;
}

/* A new ASID pool from a fresh 4 KiB untyped. */
static int new_pool(test_env_t *env, basalt_cptr_t *ut, basalt_cptr_t *pool)
{
	*ut = test_object(env, BASALT_OBJ_UNTYPED, 12);
	*pool = test_slot(env);
	CHECK(env, *ut != 0 && *pool != 0);
	CHECK_OK(env, basalt_asid_control_make_pool(BASALT_INIT_ASID_CONTROL, *ut, BASALT_INIT_CNODE,
						    *pool, 64));
	CHECK_EQ(env, basalt_debug_cap_identify(*pool), BASALT_CAP_TYPE_ASID_POOL);
	return 0;
}

/* ASID0004 */
static int asid_delete_pool(test_env_t *env)
{
	test_space_t a, b, c;
	basalt_thread_t ta, tb, tc;
	basalt_cptr_t ep, ut, pool, fa, fb, fc, extra = 0;
	uint32_t asid_a;

	if (setup(env, &ep) || new_pool(env, &ut, &pool))
		return 1;
	if (space_with_page(env, pool, &a, &fa, 0xa) || space_with_page(env, pool, &b, &fb, 0xb))
		return 1;
	asid_a = basalt_debug_cap_info(a.vspace).word32;
	CHECK(env, asid_a >> 8 != 0);   /* not the root task's pool 0 */
	CHECK_OK(env, test_thread_handled(env, &a.vmem, &ta, TEST_PRIORITY - 1, ep, looper, 0));
	CHECK_OK(env, test_thread_handled(env, &b.vmem, &tb, TEST_PRIORITY - 1, ep, looper, 0));
	if (wait_count(env, ep, 4))
		return 1;
	/* The pool goes: both spaces lose their ASIDs at once. */
	CHECK_OK(env, basalt_cnode_delete(BASALT_INIT_CNODE, pool, 64));
	CHECK_EQ(env, basalt_debug_audit(1), 0);
	if (expect_gone(env, ep) || expect_gone(env, ep))
		return 1;
	/* Their VSpace caps are dead: nothing maps there any more... */
	extra = test_object(env, BASALT_OBJ_FRAME_4K, 0);
	CHECK(env, extra != 0);
	CHECK_ERR(env, basalt_frame_map(extra, a.vspace, g.vaddr + 4096 * 4, RW, 0),
		  BASALT_INVALID_CAPABILITY);
	CHECK_EQ(env, basalt_error_detail(0), 1);
	{
		basalt_cptr_t pt = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);

		CHECK(env, pt != 0);
		CHECK_ERR(env, basalt_page_table_map(pt, b.vspace, 0x7000000000ull % env->bi->h.user_top,
						     0), BASALT_INVALID_CAPABILITY);
		/* ...and they stay "mapped": no pool takes them again. */
		CHECK_ERR(env, basalt_asid_pool_assign(BASALT_INIT_ASID_POOL, a.vspace),
			  BASALT_INVALID_CAPABILITY);
	}
	/* Frames mapped there unmap harmlessly. */
	CHECK_OK(env, basalt_frame_unmap(fa));
	CHECK_OK(env, basalt_frame_unmap(fb));
	/* The untyped makes a pool again (the same pool number), whose first
	 * VSpace gets a's ASID back: with its own memory only. */
	CHECK_OK(env, basalt_asid_control_make_pool(BASALT_INIT_ASID_CONTROL, ut, BASALT_INIT_CNODE,
						    pool, 64));
	if (space_with_page(env, pool, &c, &fc, 0xc))
		return 1;
	CHECK_EQ(env, basalt_debug_cap_info(c.vspace).word32, asid_a);
	g.count = 0;
	CHECK_OK(env, test_thread_handled(env, &c.vmem, &tc, TEST_PRIORITY - 1, ep, looper, 0));
	if (wait_count(env, ep, 3))
		return 1;
	CHECK_EQ(env, g.seen[0], 0xc);
	CHECK_ERR(env, basalt_frame_map(extra, a.vspace, g.vaddr, RW, 0), BASALT_INVALID_CAPABILITY);
	CHECK_OK(env, basalt_tcb_suspend(tc.tcb));
	return 0;
}

/* ASID0005 */
static int asid_pool_errors(test_env_t *env)
{
	basalt_cptr_t ut, pool, big = test_object(env, BASALT_OBJ_UNTYPED, 13);
	basalt_cptr_t frame = test_object(env, BASALT_OBJ_FRAME_4K, 0);
	basalt_cptr_t parent = test_object(env, BASALT_OBJ_UNTYPED, 12), slot = test_slot(env);
	basalt_cptr_t lower = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	uint32_t base;
	static uint8_t seen[256];

	CHECK(env, big && frame && parent && slot && lower && ep);
	/* MakePool: only a 4 KiB RAM untyped with no children, into an
	 * empty slot. */
	CHECK_ERR(env, basalt_asid_control_make_pool(BASALT_INIT_ASID_CONTROL, big, BASALT_INIT_CNODE,
						     slot, 64), BASALT_INVALID_CAPABILITY);
	CHECK_EQ(env, basalt_error_detail(0), 1);
	CHECK_ERR(env, basalt_asid_control_make_pool(BASALT_INIT_ASID_CONTROL, frame,
						     BASALT_INIT_CNODE, slot, 64),
		  BASALT_INVALID_CAPABILITY);
	{
		basalt_cptr_t child = test_slot(env);

		CHECK_OK(env, basalt_untyped_retype(parent, BASALT_OBJ_ENDPOINT, 0, BASALT_INIT_CNODE,
						    0, 0, child, 1));
		CHECK_ERR(env, basalt_asid_control_make_pool(BASALT_INIT_ASID_CONTROL, parent,
							     BASALT_INIT_CNODE, slot, 64),
			  BASALT_REVOKE_FIRST);
	}
	CHECK_ERR(env, basalt_asid_control_make_pool(BASALT_INIT_ASID_CONTROL, test_object(env,
						     BASALT_OBJ_UNTYPED, 12), BASALT_INIT_CNODE,
						     ep, 64), BASALT_DELETE_FIRST);
	CHECK_EQ(env, basalt_debug_cap_identify(slot), BASALT_CAP_TYPE_NULL);
	if (new_pool(env, &ut, &pool))
		return 1;
	/* Assign: only a page table that is not mapped anywhere. */
	CHECK_ERR(env, basalt_asid_pool_assign(pool, ep), BASALT_INVALID_CAPABILITY);
	CHECK_EQ(env, basalt_error_detail(0), 1);
	CHECK_ERR(env, basalt_asid_pool_assign(pool, frame), BASALT_INVALID_CAPABILITY);
	CHECK_OK(env, basalt_page_table_map(lower, BASALT_INIT_VSPACE,
					    (basalt_word_t)5 << (12 + 9 * (env->bi->h.paging_levels - 1)),
					    (unsigned)env->bi->h.paging_levels - 2));
	CHECK_ERR(env, basalt_asid_pool_assign(pool, lower), BASALT_INVALID_CAPABILITY);
	CHECK_ERR(env, basalt_asid_pool_assign(pool, BASALT_INIT_VSPACE), BASALT_INVALID_CAPABILITY);
	/* A pool gives out 256 distinct ASIDs of its own range, then is
	 * full. */
	for (unsigned i = 0; i < 256; i++)
		seen[i] = 0;
	base = 0;
	for (unsigned i = 0; i < 256; i++) {
		basalt_cptr_t vs = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);
		uint32_t a;

		CHECK(env, vs != 0);
		CHECK_OK(env, basalt_asid_pool_assign(pool, vs));
		a = basalt_debug_cap_info(vs).word32;
		if (i == 0)
			base = a & ~0xffu;
		CHECK(env, a != 0 && (a & ~0xffu) == base && base != 0);
		CHECK(env, seen[a & 0xff] == 0);
		seen[a & 0xff] = 1;
	}
	{
		basalt_cptr_t vs = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);

		CHECK(env, vs != 0);
		CHECK_ERR(env, basalt_asid_pool_assign(pool, vs), BASALT_DELETE_FIRST);
		/* The root task's pool (pool 0) never gives out ASID 0: fill
		 * it and look. */
		for (unsigned i = 0; i < 256; i++) {
			basalt_error_t e = basalt_asid_pool_assign(BASALT_INIT_ASID_POOL, vs);

			if (e == BASALT_DELETE_FIRST)
				break;
			CHECK_OK(env, e);
			CHECK(env, basalt_debug_cap_info(vs).word32 != 0);
			CHECK(env, basalt_debug_cap_info(vs).word32 < 256);
			vs = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);
			CHECK(env, vs != 0);
		}
	}
	return 0;
}

/* Deletes g.victim (its own VSpace, or that VSpace's pool), then reads
 * g.vaddr: the read must fault. */
static void self_destruct(void *arg)
{
	(void)arg;
	g.seen[0] = *(volatile basalt_word_t *)g.vaddr;
	basalt_cnode_revoke(BASALT_INIT_CNODE, g.victim, 64);
	basalt_cnode_delete(BASALT_INIT_CNODE, g.victim, 64);
	g.after = *(volatile basalt_word_t *)g.vaddr + 1;
	finish();
}

/* ASID0006 */
static int asid_delete_own(test_env_t *env)
{
	basalt_cptr_t ep;

	if (setup(env, &ep))
		return 1;
	for (unsigned variant = 0; variant < 2; variant++) {
		test_space_t s;
		basalt_thread_t t;
		basalt_cptr_t frame, ut, pool;
		test_fault_t f;

		g.seen[0] = g.after = g.finished = 0;
		if (new_pool(env, &ut, &pool) || space_with_page(env, pool, &s, &frame, 0x5e1f))
			return 1;
		g.victim = variant == 0 ? s.vspace : pool;
		/* Higher than us: it runs to its fault at once. */
		CHECK_OK(env, test_thread_handled(env, &s.vmem, &t, TEST_PRIORITY + 1, ep,
						  self_destruct, 0));
		CHECK_EQ(env, g.seen[0], 0x5e1f);
		CHECK_EQ(env, g.after, 0);
		CHECK_EQ(env, g.finished, 0);
		test_recv_fault(ep, &f);
		CHECK_EQ(env, f.label, BASALT_FAULT_VM);
		CHECK_EQ(env, f.mr[BASALT_VM_FAULT_ACCESS], BASALT_ACCESS_EXEC);
		CHECK_EQ(env, basalt_debug_audit(1), 0);
		CHECK_OK(env, basalt_tcb_suspend(t.tcb));
	}
	return 0;
}

static const test_t tests[] = {
	{ "ASID0001", "3x more address spaces than hardware ASIDs: no stale translation",
	  asid_many_spaces },
	{ "ASID0002", "a remap or unmap in one of many address spaces is seen at once",
	  asid_remap_seen },
	{ "ASID0003", "a VSpace deleted under a running thread: it faults; the ASID is reused",
	  asid_delete_vspace },
	{ "ASID0004", "an ASID pool deleted under running threads: they fault; caps go dead",
	  asid_delete_pool },
	{ "ASID0005", "MakePool and Assign refuse bad arguments; 256 ASIDs a pool, never 0",
	  asid_pool_errors },
	{ "ASID0006", "a thread deleting its own VSpace or its pool faults at its next access",
	  asid_delete_own },
};

const test_suite_t suite_asid = { tests, sizeof(tests) / sizeof(tests[0]) };
