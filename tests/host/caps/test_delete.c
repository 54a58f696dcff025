/*
 * Deletion and revocation (delete.c): the contents of a CNode or TCB go
 * with its last cap; 100,000 nested CNodes are deleted from the top and by
 * revoking their untyped, with and without preemption at every point, in
 * constant stack; cycles are destroyed by revoking their untyped; a
 * preempted deletion is finished by deleting the CNode holding its zombie
 * (the chains join) or by revoking the untyped of a zombie it parked.
 * After each scenario h_audit() checks the list, that no cap is left in a
 * freed object, and that every object was finalised exactly once.
 *
 * Structures too deep to address through a CSpace are built with the
 * derivation-tree primitive cdt_move() (the same operation CNode_Move
 * performs); everything is deleted through the CNode invocations.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

#define TOP   16    /* root slot holding a structure's top cap */
#define HOLD  18    /* root slot for a cap being placed */
#define STAGE 20    /* root slot of a radix-8 staging CNode (from ut2) */
#define TEMP  21    /* root slot for single new objects */

static cte_t *stage;

static void make_stage(void)
{
	h_expect_ok(h_retype(h_env.ut2, BASALT_OBJ_CNODE, 8, STAGE, 1), "staging CNode");
	stage = h_cnode_slot(&h_root_slot(STAGE)->cap, 0);
}

/* A new object from `ut`, its cap moved into `dest`; returns its cap. */
static cap_t new_object(cte_t *ut, unsigned type, unsigned bits, cte_t *dest)
{
	h_expect_ok(h_retype(ut, type, bits, TEMP, 1), "new object");
	cdt_move(h_root_slot(TEMP), dest, h_root_slot(TEMP)->cap);
	return dest->cap;
}

static cte_t *slots_of(cap_t c)
{
	return h_cnode_slot(&c, 0);
}

/* The state after a deletion: the structure is gone, the untyped it came
 * from has no children, and the audit passes. */
static void expect_all_gone(const char *what)
{
	if (!cap_is_null(&h_root_slot(TOP)->cap))
		fail_msg("%s: the top slot still holds a %s cap", what,
			 cap_type_name(h_root_slot(TOP)->cap.type));
	if (cdt_has_children(h_env.ut))
		fail_msg("%s: the untyped still has children", what);
	h_audit();
}

/* ---- contents go with the last cap ---- */
static void test_delete_contents(void **state)
{
	cap_t c, inner, t, e, n;
	cte_t *cs;

	c = new_object(h_env.ut, BASALT_OBJ_CNODE, 3, h_root_slot(TOP));
	cs = slots_of(c);
	e = new_object(h_env.ut, BASALT_OBJ_ENDPOINT, 0, &cs[0]);
	n = new_object(h_env.ut, BASALT_OBJ_NOTIFICATION, 0, h_root_slot(22));
	cdt_insert(h_root_slot(22), &cs[1], n);                 /* a copy: not final */
	inner = new_object(h_env.ut, BASALT_OBJ_CNODE, 1, &cs[2]);
	new_object(h_env.ut, BASALT_OBJ_FRAME_4K, 0, &slots_of(inner)[1]);
	t = new_object(h_env.ut, BASALT_OBJ_TCB, 0, &cs[3]);
	/* The TCB holds a copy of the inner CNode, and a frame. */
	cdt_insert(&cs[2], &((tcb_t *)phys_to_virt(t.obj))->slots[TCB_SLOT_CTABLE], inner);
	new_object(h_env.ut, BASALT_OBJ_FRAME_4K, 0,
		   &((tcb_t *)phys_to_virt(t.obj))->slots[TCB_SLOT_IPC_BUFFER]);
	h_audit();

	h_verify_final = true;
	h_expect_ok(h_delete(TOP), "delete the CNode");
	assert_int_equal(h_finalised(CAP_ENDPOINT, e.obj), 1);
	assert_int_equal(h_finalised(CAP_TCB, t.obj), 1);
	assert_int_equal(h_finalised(CAP_NOTIFICATION, n.obj), 0);   /* a cap is left */
	assert_int_equal(h_root_slot(22)->cap.type, CAP_NOTIFICATION);
	h_audit();
	assert_int_equal(h_live_objects(), 6);     /* the environment and the notification */
	h_expect_ok(h_delete(22), "the notification");
	assert_false(cdt_has_children(h_env.ut));
	h_audit();
}

/* ---- deep chains ---- */

/*
 * n CNodes of radix 1 from ut; TOP holds the first, slot 0 of each holds
 * the last cap to the next, and every 1000th holds an endpoint in slot 1.
 * With `top_newest` the top is the one made last, so on the derivation
 * list (newest first under their untyped) the chain runs from the top
 * down and revoking the untyped meets the outermost CNode first; else
 * the innermost comes first.
 */
static void build_chain(unsigned n, bool top_newest)
{
	cte_t *tail = h_root_slot(TOP), *hold = h_root_slot(HOLD);
	unsigned made = 0;

	make_stage();
	while (made < n) {
		unsigned batch = n - made < 256 ? n - made : 256;
		uint64_t a[6] = { BASALT_OBJ_CNODE, 1, STAGE, 8, 0, batch };
		cte_t *x[1] = { h_env.root };

		h_expect_ok(h_call(h_env.ut, BASALT_INV_UNTYPED_RETYPE, a, 6, x, 1), "a batch of CNodes");
		for (unsigned j = 0; j < batch; j++, made++) {
			cte_t *c = slots_of(stage[j].cap);

			if (made % 1000 == 0)
				new_object(h_env.ut2, BASALT_OBJ_ENDPOINT, 0, &c[1]);
			if (top_newest) {
				if (!cap_is_null(&hold->cap))
					cdt_move(hold, &c[0], hold->cap);
				cdt_move(&stage[j], hold, stage[j].cap);
			} else {
				cdt_move(&stage[j], tail, stage[j].cap);
				tail = &c[0];
			}
		}
	}
	if (top_newest)
		cdt_move(hold, h_root_slot(TOP), hold->cap);
}

typedef struct chain_run {
	unsigned n;
	bool top_newest, revoke;
	unsigned preempt_every;     /* 0: never */
} chain_run_t;

static uint64_t run_chain(const chain_run_t *r)
{
	char what[96];
	h_result_t res;

	snprintf(what, sizeof(what), "%u CNodes, %s, %s, %s", r->n,
		 r->top_newest ? "top newest" : "top oldest", r->revoke ? "revoke" : "delete",
		 r->preempt_every ? "preempted at every point" : "not preempted");
	build_chain(r->n, r->top_newest);
	h_audit();
	if (r->preempt_every)
		h_preempt_every(r->preempt_every);
	h_stack_reset();
	res = r->revoke ? h_revoke(H_SLOT_UT) : h_delete(TOP);
	h_preempt_never();
	h_expect_ok(res, what);
	if (r->preempt_every == 1 && res.restarts < r->n)
		fail_msg("%s: only %llu restarts", what, (unsigned long long)res.restarts);
	expect_all_gone(what);
	/* Only the environment and the staging CNode are left. */
	if (h_live_objects() != 6)
		fail_msg("%s: %llu objects left", what, (unsigned long long)h_live_objects());
	h_expect_ok(h_delete(STAGE), "staging CNode");
	return h_stack_used();
}

static void test_delete_chain_100000(void **state)
{
	const chain_run_t runs[] = {
		{ 100000, false, false, 0 }, { 100000, true, false, 0 },
		{ 100000, false, true, 0 }, { 100000, true, true, 0 },
		{ 100000, false, false, 1 }, { 100000, true, false, 1 },
		{ 100000, false, true, 1 }, { 100000, true, true, 1 },
	};
	uint64_t small, big;

	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		chain_run_t tiny = runs[i];

		/* Stack use is the same for 10 CNodes and for 100,000. */
		tiny.n = 10;
		small = run_chain(&tiny);
		big = run_chain(&runs[i]);
		if (big > small + 512 || big > 16384)
			fail_msg("run %zu: stack use %llu bytes for 100,000 CNodes, %llu for 10", i,
				 (unsigned long long)big, (unsigned long long)small);
	}
}

/* Random preemption and preemptible finalisation on shorter chains. */
static void test_delete_chain_random_preemption(void **state)
{
	for (uint64_t seed = 1; seed <= 8; seed++) {
		chain_run_t r = { 3000, seed & 1, (seed >> 1) & 1, 0 };

		h_finalise_preempts = seed > 4;
		build_chain(r.n, r.top_newest);
		h_preempt_random(seed, 3);
		h_expect_ok(r.revoke ? h_revoke(H_SLOT_UT) : h_delete(TOP), "chain, random preemption");
		h_preempt_never();
		expect_all_gone("chain, random preemption");
		h_expect_ok(h_delete(STAGE), "staging CNode");
	}
}

/* ---- cycles: only revoking their untyped can reach them ---- */
typedef enum cycle_kind { SELF, PAIR, RING10, RING1000, TCB_CNODE } cycle_kind_t;

static const char *const cycle_names[] = { "self-containing CNode", "two CNodes", "ring of 10",
					    "ring of 1000", "TCB and CNode" };

static void build_cycle(cycle_kind_t k)
{
	unsigned n = k == RING10 ? 10 : k == RING1000 ? 1000 : k == PAIR ? 2 : 1;
	cte_t *first = h_root_slot(HOLD);
	cap_t c;

	if (k == SELF) {
		c = new_object(h_env.ut, BASALT_OBJ_CNODE, 2, h_root_slot(HOLD));
		new_object(h_env.ut2, BASALT_OBJ_ENDPOINT, 0, &slots_of(c)[1]);
		cdt_move(h_root_slot(HOLD), &slots_of(c)[3], c);
		return;
	}
	if (k == TCB_CNODE) {
		cap_t t = new_object(h_env.ut, BASALT_OBJ_TCB, 0, h_root_slot(HOLD));
		tcb_t *tcb = phys_to_virt(t.obj);

		c = new_object(h_env.ut, BASALT_OBJ_CNODE, 1, &tcb->slots[TCB_SLOT_CTABLE]);
		new_object(h_env.ut2, BASALT_OBJ_NOTIFICATION, 0, &slots_of(c)[1]);
		cdt_move(h_root_slot(HOLD), &slots_of(c)[0], t);
		return;
	}
	/* C0 -> C1 -> ... -> C(n-1) -> C0 through slot 0; C(i)'s cap is in
	 * C(i-1), C0's in C(n-1). */
	c = new_object(h_env.ut, BASALT_OBJ_CNODE, 1, first);
	{
		cap_t c0 = c, prev = c;

		for (unsigned i = 1; i < n; i++) {
			cap_t next = new_object(h_env.ut, BASALT_OBJ_CNODE, 1, &slots_of(prev)[0]);

			if (i % 7 == 0)
				new_object(h_env.ut2, BASALT_OBJ_ENDPOINT, 0, &slots_of(next)[1]);
			prev = next;
		}
		cdt_move(first, &slots_of(prev)[0], c0);
	}
}

static void test_delete_cycles(void **state)
{
	for (cycle_kind_t k = SELF; k <= TCB_CNODE; k++) {
		for (unsigned mode = 0; mode < 4; mode++) {
			char what[96];

			snprintf(what, sizeof(what), "%s, preemption %s", cycle_names[k],
				 (const char *[]){ "never", "at every point", "random",
						   "random, finalisation too" }[mode]);
			build_cycle(k);
			h_audit();
			assert_true(cdt_has_children(h_env.ut));
			h_finalise_preempts = mode == 3;
			h_verify_final = k != RING1000;
			if (mode == 1)
				h_preempt_every(1);
			else if (mode >= 2)
				h_preempt_random(mode * 1000 + k, 4);
			h_expect_ok(h_revoke(H_SLOT_UT), what);
			h_preempt_never();
			h_finalise_preempts = false;
			h_verify_final = false;
			expect_all_gone(what);
			/* The endpoints and notifications came from ut2, whose
			 * children are gone with the cycle. */
			if (cdt_has_children(h_env.ut2))
				fail_msg("%s: ut2 still has children", what);
		}
	}
}

/* ---- a preempted deletion finished by other operations ---- */

/*
 *   TOP -> D (radix 2, from ut)
 *   D[0] -> A (radix 1, last cap)     A[0]: endpoint E1    A[1] -> B
 *   B (radix 1)                       B[1]: endpoint E2
 * Deleting D[0] nests A's deletion into B's; preempted at point k it
 * leaves B's zombie in D[0] and A's zombie parked in A[1] (resume chain
 * B -> A), or less. Then something else must finish it.
 */
static cap_t nest_d, nest_a, nest_b, nest_e1, nest_e2;

static void build_nest(cte_t *ut_a)
{
	nest_d = new_object(h_env.ut, BASALT_OBJ_CNODE, 2, h_root_slot(TOP));
	nest_a = new_object(ut_a, BASALT_OBJ_CNODE, 1, &slots_of(nest_d)[0]);
	nest_e1 = new_object(h_env.ut2, BASALT_OBJ_ENDPOINT, 0, &slots_of(nest_a)[0]);
	nest_b = new_object(h_env.ut, BASALT_OBJ_CNODE, 1, &slots_of(nest_a)[1]);
	nest_e2 = new_object(h_env.ut2, BASALT_OBJ_ENDPOINT, 0, &slots_of(nest_b)[1]);
}

static h_result_t delete_d0_once(void)
{
	return h_call_once(h_env.root, BASALT_INV_CNODE_DELETE,
			   (uint64_t[]){ (uint64_t)TOP << 2 | 0, 10 }, 2, NULL, 0);
}

static void expect_nest_gone(const char *what)
{
	expect_all_gone(what);
	assert_int_equal(h_live_objects(), 5);
}

static void test_delete_preempted_then_outer(void **state)
{
	for (unsigned second = 0; second < 3; second++) {
		for (uint64_t k = 1; k <= 12; k++) {
			char what[96];
			h_result_t r;

			snprintf(what, sizeof(what), "delete D[0] preempted at %llu, then %s",
				 (unsigned long long)k,
				 (const char *[]){ "delete D", "delete D preempted at every point",
						   "revoke the untyped" }[second]);
			build_nest(h_env.ut);
			h_verify_final = true;
			h_preempt_at(k);
			r = delete_d0_once();
			h_preempt_never();
			if (r.ex == EXC_NONE)
				assert_true(cap_is_null(&slots_of(nest_d)[0].cap));
			else
				assert_int_equal(r.ex, EXC_PREEMPTED);
			h_check_list();
			if (second == 1)
				h_preempt_every(1);
			h_expect_ok(second == 2 ? h_revoke(H_SLOT_UT) : h_delete(TOP), what);
			h_preempt_never();
			h_verify_final = false;
			expect_nest_gone(what);
		}
	}
}

/* The state the brief calls the resume-chain join: B's zombie (the top)
 * in D[0], A's parked in A[1]; deleting D finds B's zombie in its slot and
 * joins the chains B -> A -> D. */
static void test_delete_chain_join(void **state)
{
	build_nest(h_env.ut);
	h_preempt_at(1);
	assert_int_equal(delete_d0_once().ex, EXC_PREEMPTED);
	h_preempt_never();
	assert_int_equal(slots_of(nest_d)[0].cap.type, CAP_ZOMBIE);
	assert_int_equal(slots_of(nest_d)[0].cap.obj, nest_b.obj);
	assert_int_equal(slots_of(nest_a)[1].cap.type, CAP_ZOMBIE);
	assert_int_equal(slots_of(nest_a)[1].cap.obj, nest_a.obj);
	assert_int_equal(h_finalised(CAP_ENDPOINT, nest_e2.obj), 1);
	assert_int_equal(h_finalised(CAP_ENDPOINT, nest_e1.obj), 0);
	h_expect_ok(h_delete(TOP), "delete D");
	assert_int_equal(h_finalised(CAP_ENDPOINT, nest_e1.obj), 1);
	expect_nest_gone("join");
}

/*
 * A's zombie, parked in A[1] by a preempted deletion, is reachable by
 * revoking A's untyped (ut2 here). That revoke must not finish A ahead of
 * B (whose zombie will come back to A[1]): once A is gone and ut2 has no
 * children, A's memory is handed out again, and the restarted deletion
 * would take whatever cap is then in A[1] for A's zombie.
 */
static void test_delete_parked_zombie_revoked(void **state)
{
	cte_t *victim;
	cap_t a2;

	build_nest(h_env.ut2);
	h_preempt_at(1);
	assert_int_equal(delete_d0_once().ex, EXC_PREEMPTED);
	h_preempt_never();
	assert_int_equal(slots_of(nest_a)[1].cap.type, CAP_ZOMBIE);

	h_expect_ok(h_revoke(H_SLOT_UT2), "revoke A's untyped");
	assert_false(cdt_has_children(h_env.ut2));
	h_check_list();

	/* A new CNode where A was, holding a cap of its own in slot 1. */
	a2 = new_object(h_env.ut2, BASALT_OBJ_CNODE, 1, h_root_slot(24));
	assert_int_equal(a2.obj, nest_a.obj);
	victim = &slots_of(a2)[1];
	new_object(h_env.ut, BASALT_OBJ_ENDPOINT, 0, h_root_slot(25));
	cdt_insert(h_root_slot(25), victim, h_root_slot(25)->cap);

	/* Whatever the revoke did, D[0] can still be deleted; the new
	 * CNode's cap must not be touched. */
	h_expect_ok(h_call(h_env.root, BASALT_INV_CNODE_DELETE,
			   (uint64_t[]){ (uint64_t)TOP << 2 | 0, 10 }, 2, NULL, 0), "delete D[0] again");
	if (victim->cap.type != CAP_ENDPOINT)
		fail_msg("the restarted deletion took the cap in the new CNode's slot 1 (now a %s cap)",
			 cap_type_name(victim->cap.type));
	h_audit();
	h_expect_ok(h_delete(TOP), "delete D");
	h_expect_ok(h_revoke(H_SLOT_UT), "revoke ut");
	h_expect_ok(h_revoke(H_SLOT_UT2), "revoke ut2");
	h_audit();
	assert_int_equal(h_live_objects(), 5);
}

static const struct CMUnitTest tests[] = {
	H_TEST(test_delete_contents),
	H_TEST(test_delete_chain_100000),
	H_TEST(test_delete_chain_random_preemption),
	H_TEST(test_delete_cycles),
	H_TEST(test_delete_preempted_then_outer),
	H_TEST(test_delete_chain_join),
	H_TEST(test_delete_parked_zombie_revoked),
};

H_SUITE(h_suite_delete, tests);
