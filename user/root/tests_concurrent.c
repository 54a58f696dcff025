/*
 * Long deletions interrupted by another thread. A deletion that stops at
 * a preemption point leaves zombies behind: one in the slot being deleted
 * (the top) and, for nested CNodes, one parked in each enclosing object,
 * all still on the derivation list under their untyped. While the caller
 * waits to be restarted, a second thread (a helper at the same priority,
 * running when the caller's time slice ends) works on the same objects:
 * it revokes their untyped (reaching the parked zombies through the
 * derivation list) or deletes the CNode that holds the top slot. Both
 * operations must end with everything deleted and a clean audit.
 *
 * The shape: slot X holds the last cap to C1, C1[0] the last cap to C2,
 * ..., C(n)[0] the last cap to BIG, a CNode full of 65536 caps, so the
 * deletion of X spends most of its time, and its preemptions, in BIG.
 */
#include "test_helper.h"

#define CHAIN 64
#define BIG_RADIX 16

typedef struct shape {
	basalt_cptr_t u, ep, x;
} shape_t;

/* Build the shape in `x` (a root slot, or slot 0 of `holder` if set). */
static int build(test_env_t *env, shape_t *sh, basalt_cptr_t holder)
{
	basalt_cptr_t big = test_slot(env), a = test_slot(env), b = test_slot(env);

	/* Small objects first, then the big untyped at its alignment. */
	sh->ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	sh->u = test_untyped(env, 23);
	CHECK(env, sh->u != 0 && sh->ep != 0 && b != 0);
	CHECK_OK(env, basalt_untyped_retype(sh->u, BASALT_OBJ_CNODE, BIG_RADIX, ROOT, 0, 0, big, 1));
	for (basalt_word_t i = 0; i < (1u << BIG_RADIX); i++)
		CHECK_OK(env, basalt_cnode_copy(big, i, BIG_RADIX, ROOT, sh->ep, ROOT_DEPTH,
						BASALT_RIGHTS_ALL));
	/* The chain from the bottom: a holds the current top. */
	CHECK_OK(env, basalt_cnode_move(ROOT, a, ROOT_DEPTH, ROOT, big, ROOT_DEPTH));
	for (unsigned i = 0; i < CHAIN; i++) {
		CHECK_OK(env, basalt_untyped_retype(sh->u, BASALT_OBJ_CNODE, 1, ROOT, 0, 0, b, 1));
		CHECK_OK(env, basalt_cnode_move(b, 0, 1, ROOT, a, ROOT_DEPTH));
		CHECK_OK(env, basalt_cnode_move(ROOT, a, ROOT_DEPTH, ROOT, b, ROOT_DEPTH));
	}
	if (holder != 0)
		CHECK_OK(env, basalt_cnode_move(holder, 0, 1, ROOT, a, ROOT_DEPTH));
	sh->x = a;
	return 0;
}

/* Everything from the shape is gone: the untyped starts at its base
 * again, and the endpoint's copies went with BIG. */
static int check_gone(test_env_t *env, const shape_t *sh)
{
	basalt_cptr_t s = test_slot(env), c = test_slot(env);

	CHECK_EQ(env, basalt_debug_audit(1), 0);
	CHECK_OK(env, basalt_untyped_retype(sh->u, BASALT_OBJ_ENDPOINT, 0, ROOT, 0, 0, s, 1));
	CHECK_EQ(env, info(s).obj, info(sh->u).obj);
	/* The endpoint has no copies left: a revoke finds nothing, and a new
	 * copy is its only child. */
	CHECK_OK(env, basalt_cnode_copy(ROOT, c, ROOT_DEPTH, ROOT, sh->ep, ROOT_DEPTH,
					BASALT_RIGHTS_ALL));
	CHECK_OK(env, basalt_cnode_revoke(ROOT, sh->ep, ROOT_DEPTH));
	CHECK(env, slot_empty(c));
	return 0;
}

/* The helper: once the root task is inside its call, one operation. */
typedef struct job {
	volatile basalt_word_t go, inside, saw_inside;
	basalt_word_t label;
	basalt_cptr_t root, index, depth;
} job_t;

static void worker(helper_t *t)
{
	job_t *j = (job_t *)t->arg;

	while (!j->go)
		;
	j->saw_inside = j->inside;
	if (j->label == BASALT_INV_CNODE_REVOKE)
		t->result = basalt_cnode_revoke(j->root, j->index, j->depth);
	else
		t->result = basalt_cnode_delete(j->root, j->index, j->depth);
}

/* Run the root task's deletion with the helper's job racing it. */
static basalt_error_t race(test_env_t *env, helper_t *t, job_t *j, basalt_cptr_t root,
			   basalt_word_t index, basalt_word_t depth)
{
	basalt_error_t e;

	if (helper_start(env, t, worker, (basalt_word_t)j) != BASALT_OK)
		return BASALT_NUM_ERRORS;
	j->inside = 1;
	j->go = 1;
	e = basalt_cnode_delete(root, index, depth);
	j->inside = 0;
	while (!t->done)
		test_yield(1);
	helper_stop(t);
	return e;
}

/* Deleting X, interrupted by a revoke of the untyped everything came
 * from: both succeed; whichever reaches a zombie first finishes it. */
static int delete_vs_revoke(test_env_t *env)
{
	shape_t sh;
	helper_t t;
	job_t j = { .label = BASALT_INV_CNODE_REVOKE };

	if (build(env, &sh, 0) != 0)
		return 1;
	j.root = ROOT;
	j.index = sh.u;
	j.depth = ROOT_DEPTH;
	CHECK_OK(env, race(env, &t, &j, ROOT, sh.x, ROOT_DEPTH));
	CHECK_OK(env, t.result);
	printf("# CONCUR0001: the revoke %s the deletion\n",
	       j.saw_inside ? "interrupted" : "came after");
	CHECK(env, slot_empty(sh.x));
	return check_gone(env, &sh);
}

/* Deleting slot 0 of CNode D, interrupted by deleting D itself (its
 * last cap): D's deletion takes over the zombie in its slot. The first
 * call then finds its CNode gone (INVALID_CAPABILITY) or done (OK). */
static int delete_vs_delete_holder(test_env_t *env)
{
	shape_t sh;
	helper_t t;
	basalt_cptr_t d = test_object(env, BASALT_OBJ_CNODE, 1);
	job_t j = { .label = BASALT_INV_CNODE_DELETE };
	basalt_error_t e;

	CHECK(env, d != 0);
	if (build(env, &sh, d) != 0)
		return 1;
	j.root = ROOT;
	j.index = d;
	j.depth = ROOT_DEPTH;
	e = race(env, &t, &j, d, 0, 1);
	CHECK(env, e == BASALT_OK || e == BASALT_INVALID_CAPABILITY);
	CHECK_OK(env, t.result);
	printf("# CONCUR0002: the holder's deletion %s the deletion (first call: %u)\n",
	       j.saw_inside ? "interrupted" : "came after", e);
	CHECK(env, slot_empty(d));
	return check_gone(env, &sh);
}

/* The helper deletes slot 3 of BIG (holding E1, whose slot 0 holds the
 * last cap to the big E2) and says when it is inside the call. */
typedef struct job3 {
	volatile basalt_word_t inside;
	basalt_cptr_t big;
} job3_t;

static void deleter(helper_t *t)
{
	job3_t *j = (job3_t *)t->arg;

	j->inside = 1;
	t->result = basalt_cnode_delete(j->big, 3, 2);
	j->inside = 0;
}

/*
 * A deletion whose parked zombie is finished by someone else, and whose
 * top zombie is then taken over by a third deletion:
 *   1. the helper deletes BIG[3] -> E1 -> E2 (65536 caps); preempted in
 *      E2, with E1's zombie parked in E1[0] as its resume point;
 *   2. meanwhile the root task revokes E1's untyped, which reaches that
 *      parked zombie through the derivation list and finishes it;
 *   3. then deletes BIG (its last cap): BIG's zombie meets the helper's
 *      top zombie in BIG[3] and takes it over.
 * Every object must end up deleted: BIG's and E2's untyped are empty.
 */
static int parked_zombie_finished_elsewhere(test_env_t *env)
{
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0), u1 = test_untyped(env, 12);
	basalt_cptr_t ub = test_untyped(env, 12), u2 = test_untyped(env, 23);
	basalt_cptr_t big = test_slot(env), e1 = test_slot(env), e2 = test_slot(env);
	job3_t j = { 0 };
	helper_t t;
	basalt_error_t e;
	bool raced;

	CHECK(env, u1 != 0 && u2 != 0 && ub != 0 && ep != 0 && e2 != 0);
	CHECK_OK(env, basalt_untyped_retype(ub, BASALT_OBJ_CNODE, 2, ROOT, 0, 0, big, 1));
	CHECK_OK(env, basalt_untyped_retype(u1, BASALT_OBJ_CNODE, 1, ROOT, 0, 0, e1, 1));
	CHECK_OK(env, basalt_untyped_retype(u2, BASALT_OBJ_CNODE, BIG_RADIX, ROOT, 0, 0, e2, 1));
	for (basalt_word_t i = 0; i < (1u << BIG_RADIX); i++)
		CHECK_OK(env, basalt_cnode_copy(e2, i, BIG_RADIX, ROOT, ep, ROOT_DEPTH,
						BASALT_RIGHTS_ALL));
	CHECK_OK(env, basalt_cnode_move(e1, 0, 1, ROOT, e2, ROOT_DEPTH));
	CHECK_OK(env, basalt_cnode_move(big, 3, 2, ROOT, e1, ROOT_DEPTH));

	j.big = big;
	CHECK_OK(env, helper_start(env, &t, deleter, (basalt_word_t)&j));
	/* Run the helper until its slice ends inside its deletion. */
	while (!j.inside && !t.done)
		test_yield(1);
	raced = j.inside;
	CHECK_OK(env, basalt_cnode_revoke(ROOT, u1, ROOT_DEPTH));
	e = basalt_cnode_delete(ROOT, big, ROOT_DEPTH);
	while (!t.done)
		test_yield(1);
	helper_stop(&t);
	printf("# CONCUR0003: %s; helper's delete: %u\n",
	       raced ? "the helper was preempted inside its deletion" : "no interleaving",
	       (unsigned)t.result);
	CHECK_OK(env, e);
	CHECK(env, slot_empty(big));
	CHECK_EQ(env, basalt_debug_audit(1), 0);
	/* Nothing left of BIG, E1 or E2. */
	{
		basalt_cptr_t s = test_slot(env);
		basalt_cptr_t uts[3] = { ub, u1, u2 };

		for (unsigned i = 0; i < 3; i++) {
			CHECK_OK(env, basalt_untyped_retype(uts[i], BASALT_OBJ_UNTYPED, 4, ROOT, 0, 0,
							    s, 1));
			if (info(s).obj != info(uts[i]).obj)
				return test_fail(env, __FILE__, __LINE__,
						 "untyped %u still has objects", i);
			CHECK_OK(env, basalt_cnode_delete(ROOT, s, ROOT_DEPTH));
		}
	}
	return 0;
}

/* The helper deletes a root slot and says when it is inside the call. */
static void slot_deleter(helper_t *t)
{
	job3_t *j = (job3_t *)t->arg;

	j->inside = 1;
	t->result = basalt_cnode_delete(ROOT, j->big, ROOT_DEPTH);
	j->inside = 0;
}

/*
 * An abandoned deletion: the helper deleting X -> E1 -> E2 is suspended
 * while preempted in E2, so its call never restarts. A revoke of E1's
 * untyped meets E1's parked zombie and must finish the whole chain (E2
 * too), not E1 alone: E1's memory is then handed out again as a frame
 * full of 0xff bytes, and revoking E2's untyped afterwards must not read
 * or write it (it would follow the chain into it).
 */
static int abandoned_deletion(test_env_t *env)
{
	basalt_cptr_t ep = test_object(env, BASALT_OBJ_ENDPOINT, 0), u1 = test_untyped(env, 12);
	basalt_cptr_t u2 = test_untyped(env, 23);
	basalt_cptr_t x = test_slot(env), e2 = test_slot(env), f = test_slot(env);
	basalt_word_t va = TEST_VADDR + 0x5000;
	volatile basalt_word_t *w = (volatile basalt_word_t *)va;
	job3_t j = { 0 };
	helper_t t;
	bool raced;

	CHECK(env, u1 != 0 && u2 != 0 && ep != 0 && f != 0);
	CHECK_OK(env, basalt_untyped_retype(u1, BASALT_OBJ_CNODE, 1, ROOT, 0, 0, x, 1));
	CHECK_OK(env, basalt_untyped_retype(u2, BASALT_OBJ_CNODE, BIG_RADIX, ROOT, 0, 0, e2, 1));
	for (basalt_word_t i = 0; i < (1u << BIG_RADIX); i++)
		CHECK_OK(env, basalt_cnode_copy(e2, i, BIG_RADIX, ROOT, ep, ROOT_DEPTH,
						BASALT_RIGHTS_ALL));
	CHECK_OK(env, basalt_cnode_move(x, 0, 1, ROOT, e2, ROOT_DEPTH));

	j.big = x;
	CHECK_OK(env, helper_start(env, &t, slot_deleter, (basalt_word_t)&j));
	while (!j.inside && !t.done)
		test_yield(1);
	raced = j.inside && !t.done;
	helper_stop(&t);
	printf("# CONCUR0004: %s\n", raced ? "the helper's deletion was abandoned midway" :
					      "no interleaving");

	CHECK_OK(env, basalt_cnode_revoke(ROOT, u1, ROOT_DEPTH));
	CHECK(env, slot_empty(x));
	/* E1's memory again, as a frame the root task fills. */
	CHECK_OK(env, basalt_untyped_retype(u1, BASALT_OBJ_FRAME_4K, 0, ROOT, 0, 0, f, 1));
	CHECK_EQ(env, test_frame_paddr(f), info(u1).obj);
	CHECK_OK(env, test_map_frame(env, f, va));
	for (unsigned i = 0; i < 512; i++)
		w[i] = ~0ull;
	CHECK_OK(env, basalt_cnode_revoke(ROOT, u2, ROOT_DEPTH));
	for (unsigned i = 0; i < 512; i++)
		CHECK_EQ(env, w[i], ~0ull);
	CHECK_EQ(env, basalt_debug_audit(1), 0);
	{
		basalt_cptr_t s = test_slot(env);

		CHECK_OK(env, basalt_untyped_retype(u2, BASALT_OBJ_UNTYPED, 4, ROOT, 0, 0, s, 1));
		CHECK_EQ(env, info(s).obj, info(u2).obj);
	}
	return 0;
}

/* The helper fills a root slot with a copy once the root task is inside
 * its call. */
typedef struct fill_job {
	volatile basalt_word_t inside;
	basalt_cptr_t dest, src;
} fill_job_t;

static void filler(helper_t *t)
{
	fill_job_t *j = (fill_job_t *)t->arg;

	while (!j->inside)
		;
	t->result = basalt_cnode_copy(ROOT, j->dest, ROOT_DEPTH, ROOT, j->src, ROOT_DEPTH,
				      BASALT_RIGHTS_ALL);
}

/*
 * A retype that is preempted while zeroing and fails when restarted
 * (the helper filled its destination slot meanwhile: DELETE_FIRST)
 * changes nothing visible: the arena's watermark stays where it was and
 * the next object lands right after the existing ones.
 */
static int retype_restart_fails(test_env_t *env)
{
	basalt_cptr_t e = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t d = test_slot(env), next = test_slot(env);
	unsigned radix = env->arena_bits - 1 - BASALT_SLOT_BITS;
	fill_job_t j = { 0 };
	helper_t t;
	basalt_word_t mark;
	basalt_error_t r;

	/* The filler spins: only the tick takes the hart from it. */
	if (test_needs_tick(env))
		return TEST_SKIP;
	CHECK(env, e != 0 && next != 0);
	j.dest = d;
	j.src = e;
	CHECK_OK(env, helper_start(env, &t, filler, (basalt_word_t)&j));
	mark = info(env->arena).w1;
	j.inside = 1;
	r = basalt_untyped_retype(env->arena, BASALT_OBJ_CNODE, radix, ROOT, 0, 0, d, 1);
	j.inside = 0;
	while (!t.done)
		test_yield(1);
	helper_stop(&t);
	CHECK_OK(env, t.result);
	printf("# CONCUR0005: %s\n", r == BASALT_DELETE_FIRST ?
	       "the retype was preempted and failed when restarted" : "no interleaving");
	if (r == BASALT_OK)
		return 0;
	CHECK_EQ(env, r, BASALT_DELETE_FIRST);
	CHECK_EQ(env, info(env->arena).w1, mark);
	CHECK_OK(env, basalt_untyped_retype(env->arena, BASALT_OBJ_ENDPOINT, 0, ROOT, 0, 0, next, 1));
	CHECK_EQ(env, info(next).obj, info(env->arena).obj + mark);
	return 0;
}

static const test_t tests[] = {
	{ "CONCUR0001", "a deletion interrupted by a revoke of its untyped", delete_vs_revoke },
	{ "CONCUR0002", "a deletion interrupted by deleting its CNode",
	  delete_vs_delete_holder },
	{ "CONCUR0003", "a parked zombie finished by a revoke, its top taken over",
	  parked_zombie_finished_elsewhere },
	{ "CONCUR0004", "an abandoned deletion's parked zombie met by a revoke",
	  abandoned_deletion },
	{ "CONCUR0005", "a retype preempted in its zeroing, failing on restart",
	  retype_restart_fails },
};

const test_suite_t suite_concurrent = { tests, sizeof(tests) / sizeof(tests[0]) };
