/*
 * Deletion semantics: deleting the last cap to an object finalises it (a
 * CNode's or TCB's contents are deleted with it, an endpoint's waiter
 * wakes, a frame is unmapped); deep chains and cycles of CNodes (and
 * TCBs) holding each other's last caps are destroyed by revoking their
 * untyped with the kernel's constant-stack zombie machinery; and a wide
 * revoke of tens of thousands of caps completes across preemptions.
 *
 * "Everything went" is checked through the untyped: with no children left
 * its next object lands at offset 0 again; while anything made from it
 * survives (say, a cycle nobody can reach) the watermark stays.
 */
#include "test_helper.h"

static basalt_error_t move_into(basalt_cptr_t cnode, basalt_word_t index, basalt_word_t depth,
				basalt_cptr_t src)
{
	return basalt_cnode_move(cnode, index, depth, ROOT, src, ROOT_DEPTH);
}

static basalt_error_t retype_root(basalt_cptr_t ut, basalt_word_t type, basalt_word_t bits,
				  basalt_cptr_t slot)
{
	return basalt_untyped_retype(ut, type, bits, ROOT, 0, 0, slot, 1);
}

/* The untyped `u` has no children: a new object lands at its base. */
static int check_untyped_empty(test_env_t *env, basalt_cptr_t u, int line)
{
	basalt_cptr_t s = test_slot(env);
	basalt_word_t base = info(u).obj;

	if (s == 0 || retype_root(u, BASALT_OBJ_ENDPOINT, 0, s) != BASALT_OK)
		return test_fail(env, __FILE__, line, "cannot retype from the untyped");
	if (info(s).obj != base)
		return test_fail(env, __FILE__, line, "untyped not empty: new object at +0x%llx",
				 (unsigned long long)(info(s).obj - base));
	return basalt_cnode_delete(ROOT, s, ROOT_DEPTH) == BASALT_OK ? 0 :
	       test_fail(env, __FILE__, line, "cannot delete the probe");
}

#define CHECK_UNTYPED_EMPTY(env, u) \
	do { \
		if (check_untyped_empty((env), (u), __LINE__) != 0) \
			return 1; \
	} while (0)

/* Deleting the last cap to a CNode deletes what it holds, a CNode
 * nested in it (by its last cap) included. */
static int delete_cnode_contents(test_env_t *env)
{
	basalt_cptr_t u = test_untyped(env, 16);
	basalt_cptr_t c = test_slot(env), d = test_slot(env), o = test_slots(env, 4);

	CHECK(env, u != 0 && o != 0);
	CHECK_OK(env, retype_root(u, BASALT_OBJ_CNODE, 4, c));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_CNODE, 2, d));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_ENDPOINT, 0, o));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_NOTIFICATION, 0, o + 1));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_FRAME_4K, 0, o + 2));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_TCB, 0, o + 3));
	CHECK_OK(env, move_into(c, 0, 4, o));
	CHECK_OK(env, move_into(c, 1, 4, o + 1));
	CHECK_OK(env, move_into(d, 3, 2, o + 2));
	CHECK_OK(env, move_into(d, 2, 2, o + 3));
	CHECK_OK(env, move_into(c, 15, 4, d));
	/* Not the last cap: nothing is finalised. */
	CHECK_OK(env, basalt_cnode_copy(ROOT, d, ROOT_DEPTH, ROOT, c, ROOT_DEPTH,
					BASALT_RIGHTS_ALL));
	CHECK_OK(env, basalt_cnode_delete(ROOT, d, ROOT_DEPTH));
	CHECK_OK(env, basalt_cnode_move(ROOT, o, ROOT_DEPTH, c, 0, 4));
	CHECK_EQ(env, cap_type(o), BASALT_CAP_TYPE_ENDPOINT);
	CHECK_OK(env, move_into(c, 0, 4, o));
	/* The last one: everything made from u goes with it. */
	CHECK_OK(env, basalt_cnode_delete(ROOT, c, ROOT_DEPTH));
	CHECK(env, slot_empty(c));
	CHECK_UNTYPED_EMPTY(env, u);
	return 0;
}

/* Deleting the last cap to a TCB deletes the caps in its own slots
 * (CSpace, VSpace, IPC buffer): a CNode and a frame whose only caps were
 * there are gone with it. */
static int delete_tcb_contents(test_env_t *env)
{
	basalt_cptr_t u = test_untyped(env, 16);
	basalt_cptr_t t = test_slot(env), c = test_slot(env), f = test_slot(env);

	CHECK(env, u != 0 && f != 0);
	CHECK_OK(env, retype_root(u, BASALT_OBJ_TCB, 0, t));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_CNODE, 3, c));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_FRAME_4K, 0, f));
	CHECK_OK(env, basalt_tcb_configure(t, 0, c, 0, BASALT_INIT_VSPACE, 0x1000, f));
	CHECK_OK(env, basalt_cnode_delete(ROOT, c, ROOT_DEPTH));
	CHECK_OK(env, basalt_cnode_delete(ROOT, f, ROOT_DEPTH));
	/* The TCB's copies keep the CNode and frame alive. */
	{
		basalt_cptr_t s = test_slot(env);

		CHECK_OK(env, retype_root(u, BASALT_OBJ_ENDPOINT, 0, s));
		CHECK(env, info(s).obj != info(u).obj);
		CHECK_OK(env, basalt_cnode_delete(ROOT, s, ROOT_DEPTH));
	}
	CHECK_OK(env, basalt_cnode_delete(ROOT, t, ROOT_DEPTH));
	CHECK_UNTYPED_EMPTY(env, u);
	return 0;
}

/* Build a chain of `n` radix-1 CNodes from `u`, each holding the last
 * cap to the next in slot 0 (and, if `ep` is set, a copy of it in slot
 * 1); the top one's cap ends up in `top`. Two root slots suffice: the
 * chain grows from the bottom. */
static int build_chain(test_env_t *env, basalt_cptr_t u, unsigned n, basalt_cptr_t top,
		       basalt_cptr_t spare, basalt_cptr_t ep)
{
	basalt_cptr_t cur = top, next = spare;

	CHECK_OK(env, retype_root(u, BASALT_OBJ_CNODE, 1, cur));
	for (unsigned i = 1; i < n; i++) {
		basalt_cptr_t tmp;

		CHECK_OK(env, retype_root(u, BASALT_OBJ_CNODE, 1, next));
		CHECK_OK(env, move_into(next, 0, 1, cur));
		if (ep != 0)
			CHECK_OK(env, basalt_cnode_copy(next, 1, 1, ROOT, ep, ROOT_DEPTH,
							BASALT_RIGHTS_ALL));
		tmp = cur;
		cur = next;
		next = tmp;
	}
	if (cur != top)
		CHECK_OK(env, basalt_cnode_move(ROOT, top, ROOT_DEPTH, ROOT, cur, ROOT_DEPTH));
	return 0;
}

#define CHAIN 4096

/* A chain 4096 deep destroyed by deleting its top cap, and another by
 * revoking its untyped: no recursion in the kernel, so no stack limit. */
static int deep_chain(test_env_t *env)
{
	basalt_cptr_t u = test_untyped(env, 20), ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t top = test_slot(env), spare = test_slot(env);

	CHECK(env, u != 0 && ep != 0 && spare != 0);
	if (build_chain(env, u, CHAIN, top, spare, ep) != 0)
		return 1;
	CHECK(env, slot_empty(spare));
	/* Its start: the top CNode's slot 0 holds the second one. */
	CHECK_OK(env, basalt_cnode_copy(ROOT, spare, ROOT_DEPTH, top, 0, 1, BASALT_RIGHTS_ALL));
	CHECK_EQ(env, cap_type(spare), BASALT_CAP_TYPE_CNODE);
	CHECK_OK(env, basalt_cnode_delete(ROOT, spare, ROOT_DEPTH));
	CHECK_OK(env, basalt_cnode_delete(ROOT, top, ROOT_DEPTH));
	CHECK(env, slot_empty(top));
	CHECK_EQ(env, basalt_debug_audit(1), 0);
	CHECK_UNTYPED_EMPTY(env, u);

	if (build_chain(env, u, CHAIN, top, spare, 0) != 0)
		return 1;
	CHECK_OK(env, basalt_cnode_revoke(ROOT, u, ROOT_DEPTH));
	CHECK(env, slot_empty(top));
	CHECK_UNTYPED_EMPTY(env, u);
	return 0;
}

/* A CNode holding the only cap to itself (moved in, or copied in and the
 * outside cap deleted) cannot be reached, yet its memory stays taken
 * until the untyped is revoked, which destroys it. */
static int self_cycle(test_env_t *env)
{
	basalt_cptr_t u = test_untyped(env, 16);
	basalt_cptr_t a = test_slot(env), b = test_slot(env), probe = test_slot(env);

	CHECK(env, u != 0 && probe != 0);
	CHECK_OK(env, retype_root(u, BASALT_OBJ_CNODE, 2, a));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_CNODE, 3, b));
	/* a: moved into its own slot 1. */
	CHECK_OK(env, move_into(a, 1, 2, a));
	CHECK(env, slot_empty(a));
	/* b: copied into itself, then the outside cap deleted. */
	CHECK_OK(env, basalt_cnode_copy(b, 5, 3, ROOT, b, ROOT_DEPTH, BASALT_RIGHTS_ALL));
	CHECK_OK(env, basalt_cnode_delete(ROOT, b, ROOT_DEPTH));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_ENDPOINT, 0, probe));
	CHECK_EQ(env, info(probe).obj, info(u).obj + 1024);
	CHECK_OK(env, basalt_cnode_revoke(ROOT, u, ROOT_DEPTH));
	CHECK(env, slot_empty(probe));
	CHECK_UNTYPED_EMPTY(env, u);
	return 0;
}

/* Two CNodes holding each other's last caps; and a ring of three where
 * one member is a TCB whose CSpace slot holds the next CNode. */
static int mutual_cycles(test_env_t *env)
{
	basalt_cptr_t u = test_untyped(env, 16);
	basalt_cptr_t a = test_slot(env), b = test_slot(env), c = test_slot(env);
	basalt_cptr_t t = test_slot(env);

	CHECK(env, u != 0 && t != 0);
	CHECK_OK(env, retype_root(u, BASALT_OBJ_CNODE, 1, a));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_CNODE, 1, b));
	CHECK_OK(env, move_into(a, 0, 1, b));
	/* b's slot 0 through a: a[0] is b, then b's index 0: depth 2. */
	CHECK_OK(env, move_into(a, 0, 2, a));
	CHECK(env, slot_empty(a) && slot_empty(b));
	CHECK_OK(env, basalt_cnode_revoke(ROOT, u, ROOT_DEPTH));
	CHECK_UNTYPED_EMPTY(env, u);

	/* TCB t: CSpace = CNode a; a[0] = b; b[1] = t's last cap; and a's
	 * last cap is t's CSpace slot. */
	CHECK_OK(env, retype_root(u, BASALT_OBJ_CNODE, 1, a));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_CNODE, 1, b));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_TCB, 0, t));
	CHECK_OK(env, basalt_tcb_set_space(t, 0, a, 0, BASALT_INIT_VSPACE));
	CHECK_OK(env, move_into(b, 1, 1, t));
	CHECK_OK(env, move_into(a, 0, 1, b));
	CHECK_OK(env, basalt_cnode_delete(ROOT, a, ROOT_DEPTH));
	CHECK(env, slot_empty(a) && slot_empty(b) && slot_empty(t));
	CHECK_OK(env, retype_root(u, BASALT_OBJ_CNODE, 2, c));
	CHECK(env, info(c).obj != info(u).obj);
	CHECK_OK(env, basalt_cnode_delete(ROOT, c, ROOT_DEPTH));
	CHECK_EQ(env, basalt_debug_audit(1), 0);
	CHECK_OK(env, basalt_cnode_revoke(ROOT, u, ROOT_DEPTH));
	CHECK_UNTYPED_EMPTY(env, u);
	return 0;
}

/* Probe the window of 256 slots at `w` of CNode `c` for full slots: a
 * retype of 256 endpoints from a 16-byte untyped checks the window
 * (DELETE_FIRST) before it finds it cannot fit (NOT_ENOUGH_MEMORY), so
 * it changes nothing either way. */
static basalt_error_t probe_window(basalt_cptr_t tiny, basalt_cptr_t c, basalt_word_t w)
{
	return basalt_untyped_retype(tiny, BASALT_OBJ_ENDPOINT, 0, ROOT, c, ROOT_DEPTH, w,
				     BASALT_RETYPE_MAX_OBJECTS);
}

/* Every slot of [0, 2^radix) in CNode `c` is empty. */
static int check_cnode_empty(test_env_t *env, basalt_cptr_t tiny, basalt_cptr_t c, unsigned radix)
{
	for (basalt_word_t w = 0; w < (1ull << radix); w += BASALT_RETYPE_MAX_OBJECTS) {
		basalt_error_t e = probe_window(tiny, c, w);

		if (e != BASALT_NOT_ENOUGH_MEMORY)
			return test_fail(env, __FILE__, __LINE__, "window at %llu: error %u",
					 (unsigned long long)w, e);
	}
	return 0;
}

#define WIDE_RADIX 16

/* 65536 copies of an endpoint revoked by one call (with a watcher to
 * see the call preempted), then 65536 objects revoked through their
 * untyped; everything goes, the original stays. */
static int wide_revoke(test_env_t *env)
{
	basalt_cptr_t c = test_object(env, BASALT_OBJ_CNODE, WIDE_RADIX);
	basalt_cptr_t e = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t tiny = test_untyped(env, 4), u = test_untyped(env, 22);
	basalt_word_t seen_copies, seen_objects;
	helper_t w;
	basalt_error_t r;

	/* The watcher spins: only the tick takes the hart from it. */
	if (test_needs_tick(env))
		return TEST_SKIP;
	CHECK(env, c != 0 && e != 0 && tiny != 0 && u != 0);
	for (basalt_word_t i = 0; i < (1u << WIDE_RADIX); i++)
		CHECK_OK(env, basalt_cnode_copy(c, i, WIDE_RADIX, ROOT, e, ROOT_DEPTH,
						BASALT_RIGHTS_ALL));
	/* The probe sees full slots. */
	CHECK_ERR(env, probe_window(tiny, c, 0), BASALT_DELETE_FIRST);
	CHECK_ERR(env, probe_window(tiny, c, (1u << WIDE_RADIX) - BASALT_RETYPE_MAX_OBJECTS),
		  BASALT_DELETE_FIRST);
	CHECK_OK(env, watch_start(env, &w));
	watch_inside(true);
	r = basalt_cnode_revoke(ROOT, e, ROOT_DEPTH);
	watch_inside(false);
	seen_copies = watch_stop(&w);
	CHECK_OK(env, r);
	CHECK_EQ(env, cap_type(e), BASALT_CAP_TYPE_ENDPOINT);
	if (check_cnode_empty(env, tiny, c, WIDE_RADIX) != 0)
		return 1;

	/* Objects: 256 per retype straight into the CNode. */
	for (basalt_word_t i = 0; i < (1u << WIDE_RADIX); i += BASALT_RETYPE_MAX_OBJECTS)
		CHECK_OK(env, basalt_untyped_retype(u, BASALT_OBJ_ENDPOINT, 0, ROOT, c, ROOT_DEPTH, i,
						    BASALT_RETYPE_MAX_OBJECTS));
	CHECK_EQ(env, info(u).w1, 32ull << WIDE_RADIX);
	CHECK_OK(env, watch_start(env, &w));
	watch_inside(true);
	r = basalt_cnode_revoke(ROOT, u, ROOT_DEPTH);
	watch_inside(false);
	seen_objects = watch_stop(&w);
	CHECK_OK(env, r);
	if (check_cnode_empty(env, tiny, c, WIDE_RADIX) != 0)
		return 1;
	CHECK_UNTYPED_EMPTY(env, u);
	printf("# OBJECTS0006: watcher loops during the revokes: %llu (copies), %llu (objects)\n",
	       (unsigned long long)seen_copies, (unsigned long long)seen_objects);
	return 0;
}

/* A helper waits in Recv on an endpoint. */
static void receiver(helper_t *t)
{
	basalt_word_t badge;

	basalt_recv((basalt_cptr_t)t->arg, &badge);
	t->result = basalt_status();
}

/* Deleting the last cap to an endpoint wakes its waiter with
 * INVALID_CAPABILITY (docs/capabilities.md: Basalt's difference from
 * seL4); deleting another cap to it does not. */
static int delete_endpoint_wakes(test_env_t *env)
{
	basalt_cptr_t e = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t c = test_copy(env, e);
	helper_t t;

	CHECK(env, e != 0 && c != 0);
	CHECK_OK(env, helper_start(env, &t, receiver, c));
	while (!t.started)
		test_yield(1);
	test_yield(3);
	CHECK_OK(env, basalt_cnode_delete(ROOT, e, ROOT_DEPTH));
	test_yield(3);
	CHECK(env, !t.done);
	CHECK_OK(env, basalt_cnode_delete(ROOT, c, ROOT_DEPTH));
	for (unsigned i = 0; i < 100 && !t.done; i++)
		test_yield(1);
	helper_stop(&t);
	CHECK(env, t.done);
	CHECK_EQ(env, t.result, BASALT_INVALID_CAPABILITY);
	return 0;
}

/* Deleting a mapped frame cap unmaps the frame: a copy can then be
 * mapped at the same address (it was DELETE_FIRST before). */
static int delete_frame_unmaps(test_env_t *env)
{
	basalt_cptr_t f = test_object(env, BASALT_OBJ_FRAME_4K, 0);
	basalt_cptr_t g = test_copy(env, f);
	basalt_word_t va = TEST_VADDR + 0x3000;

	CHECK(env, f != 0 && g != 0);
	CHECK_OK(env, test_map_frame(env, f, va));
	*(volatile basalt_word_t *)va = 42;
	CHECK_ERR(env, basalt_frame_map(g, BASALT_INIT_VSPACE, va, BASALT_MAP_READ, 0),
		  BASALT_DELETE_FIRST);
	CHECK_OK(env, basalt_cnode_delete(ROOT, f, ROOT_DEPTH));
	CHECK_OK(env, basalt_frame_map(g, BASALT_INIT_VSPACE, va, BASALT_MAP_READ, 0));
	CHECK_EQ(env, *(volatile basalt_word_t *)va, 42);
	return 0;
}

static const test_t tests[] = {
	{ "OBJECTS0001", "delete a CNode: its contents go", delete_cnode_contents },
	{ "OBJECTS0002", "delete a TCB: its own slots' caps go", delete_tcb_contents },
	{ "OBJECTS0003", "a 4096-deep CNode chain: delete and revoke", deep_chain },
	{ "OBJECTS0004", "a CNode holding its own last cap", self_cycle },
	{ "OBJECTS0005", "CNodes and a TCB holding each other's last caps", mutual_cycles },
	{ "OBJECTS0006", "wide revoke: 65536 copies, 65536 objects", wide_revoke },
	{ "OBJECTS0007", "deleting an endpoint's last cap wakes its waiter",
	  delete_endpoint_wakes },
	{ "OBJECTS0008", "deleting a mapped frame's cap unmaps it", delete_frame_unmaps },
};

const test_suite_t suite_objects = { tests, sizeof(tests) / sizeof(tests[0]) };
