/*
 * Multi-level CSpaces: CNodes holding CNode caps with guards, slots named
 * by (index, depth) relative to the top one, and the lookup failures of
 * each way to get the path wrong, with the details errors.h lists.
 *
 * The CSpace built here (the top CNode's cap is in a root slot):
 *
 *   L1 radix 4, no guard
 *    [5] -> L2 radix 3, guard 0b10 (2 bits)
 *            [6] -> L3 radix 2, guard 0b1 (1 bit)
 *                    [3] = an endpoint
 *
 * so L3[3] is index 5.10.6.1.3 (4+2+3+1+2 = 12 bits) at depth 12.
 *
 * CSPACE0005 gives a helper thread a two-level CSpace of its own, so
 * invocations (which resolve all 64 bits of a name) go through a guard
 * and two CNodes too.
 */
#include "test_helper.h"

typedef struct cspace {
	basalt_cptr_t l1, l2, l3, ep;   /* root slots (l2, l3: originals) */
} cspace_t;

#define PATH_L2  ((5ull << 2) | 2)                       /* L1[5] + L2's guard: 6 bits */
#define PATH_L2S (PATH_L2 << 3 | 6)                      /* L2[6]: depth 9 */
#define PATH_L3S (((PATH_L2S << 1) | 1) << 2 | 3)        /* L3[3]: depth 12 */

static int build(test_env_t *env, cspace_t *cs)
{
	cs->l1 = test_object(env, BASALT_OBJ_CNODE, 4);
	cs->l2 = test_object(env, BASALT_OBJ_CNODE, 3);
	cs->l3 = test_object(env, BASALT_OBJ_CNODE, 2);
	cs->ep = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	CHECK(env, cs->l1 != 0 && cs->l2 != 0 && cs->l3 != 0 && cs->ep != 0);
	/* Guarded copies of L2 and L3 into their parents' slots. */
	CHECK_OK(env, basalt_cnode_mint(cs->l1, 5, 4, ROOT, cs->l2, ROOT_DEPTH, BASALT_RIGHTS_ALL,
					basalt_cnode_guard(2, 2)));
	CHECK_OK(env, basalt_cnode_mint(cs->l1, PATH_L2S, 9, ROOT, cs->l3, ROOT_DEPTH,
					BASALT_RIGHTS_ALL, basalt_cnode_guard(1, 1)));
	CHECK_OK(env, basalt_cnode_copy(cs->l1, PATH_L3S, 12, ROOT, cs->ep, ROOT_DEPTH,
					BASALT_RIGHTS_ALL));
	return 0;
}

/* Slots at every level are reachable with the right depth. */
static int cspace_paths(test_env_t *env)
{
	cspace_t cs;
	basalt_cptr_t t1 = test_slot(env), t2 = test_slot(env), t3 = test_slot(env);
	basalt_cap_info_t i;

	if (build(env, &cs) != 0)
		return 1;
	CHECK(env, t3 != 0);
	/* The endpoint, three levels down. */
	CHECK_OK(env, basalt_cnode_copy(ROOT, t1, ROOT_DEPTH, cs.l1, PATH_L3S, 12,
					BASALT_RIGHTS_ALL));
	CHECK_EQ(env, cap_type(t1), BASALT_CAP_TYPE_ENDPOINT);
	CHECK_EQ(env, info(t1).obj, info(cs.ep).obj);
	/* L2[6] holds L3's guarded cap: depth 9 names that slot. */
	CHECK_OK(env, basalt_cnode_copy(ROOT, t2, ROOT_DEPTH, cs.l1, PATH_L2S, 9,
					BASALT_RIGHTS_ALL));
	i = info(t2);
	CHECK_EQ(env, i.type, BASALT_CAP_TYPE_CNODE);
	CHECK_EQ(env, i.obj, info(cs.l3).obj);
	CHECK_EQ(env, i.word32, 1);
	CHECK_EQ(env, i.w1, 1);
	/* L1[5] at depth 4: L2's cap with its 2-bit guard. */
	CHECK_OK(env, basalt_cnode_copy(ROOT, t3, ROOT_DEPTH, cs.l1, 5, 4, BASALT_RIGHTS_ALL));
	CHECK_EQ(env, info(t3).obj, info(cs.l2).obj);
	CHECK_EQ(env, info(t3).word32, 2);
	/* The same slots relative to a lower CNode: L3[3] from L2's guarded
	 * copy (t3) is guard 10, index 6, guard 1, index 3: 8 bits. */
	CHECK_OK(env, basalt_cnode_delete(ROOT, t1, ROOT_DEPTH));
	CHECK_OK(env, basalt_cnode_move(ROOT, t1, ROOT_DEPTH, t3, (((2u << 3 | 6) << 1 | 1) << 2) | 3,
					8));
	CHECK_EQ(env, cap_type(t1), BASALT_CAP_TYPE_ENDPOINT);
	/* ... and the endpoint is gone from L3[3] now. */
	CHECK_OK(env, basalt_cnode_delete(ROOT, t2, ROOT_DEPTH));
	CHECK_ERR(env, basalt_cnode_copy(ROOT, t2, ROOT_DEPTH, cs.l1, PATH_L3S, 12,
					 BASALT_RIGHTS_ALL), BASALT_FAILED_LOOKUP);
	CHECK_LOOKUP(env, 1, BASALT_LOOKUP_MISSING_CAPABILITY, 12);
	/* Retype straight into L3 through the path to L2[6]. */
	CHECK_OK(env, basalt_untyped_retype(env->arena, BASALT_OBJ_NOTIFICATION, 0, cs.l1,
					    PATH_L2S, 9, 2, 2));
	CHECK_OK(env, basalt_cnode_move(ROOT, t2, ROOT_DEPTH, cs.l1, ((PATH_L2S << 1) | 1) << 2 | 2,
					12));
	CHECK_EQ(env, cap_type(t2), BASALT_CAP_TYPE_NOTIFICATION);
	return 0;
}

/* A guard that does not match: type, bits left at that level and the
 * guard's size. (MR3, "guard found", is left out: see the report on
 * seL4's meaning of it.) */
static int cspace_guard_mismatch(test_env_t *env)
{
	cspace_t cs;
	basalt_cptr_t t = test_slot(env);
	basalt_word_t wrong = ((((5ull << 2 | 3) << 3 | 6) << 1 | 1) << 2) | 3;

	if (build(env, &cs) != 0)
		return 1;
	/* L2's guard is 10; 11 fails with 8 bits left at L2. */
	CHECK_ERR(env, basalt_cnode_copy(ROOT, t, ROOT_DEPTH, cs.l1, wrong, 12, BASALT_RIGHTS_ALL),
		  BASALT_FAILED_LOOKUP);
	CHECK_LOOKUP(env, 1, BASALT_LOOKUP_GUARD_MISMATCH, 8);
	CHECK_DETAIL(env, 4, 2);
	/* L3's guard is 1; 0 fails with 3 bits left at L3; as a destination
	 * the failure is not the source's. */
	CHECK_ERR(env, basalt_cnode_copy(cs.l1, PATH_L3S & ~(1ull << 2), 12, ROOT, cs.ep,
					 ROOT_DEPTH, BASALT_RIGHTS_ALL), BASALT_FAILED_LOOKUP);
	CHECK_LOOKUP(env, 0, BASALT_LOOKUP_GUARD_MISMATCH, 3);
	CHECK_DETAIL(env, 4, 1);
	/* Fewer bits left than the guard needs: depth 5 reaches L2 with 1. */
	CHECK_ERR(env, basalt_cnode_delete(cs.l1, 5 << 1, 5), BASALT_FAILED_LOOKUP);
	CHECK_LOOKUP(env, 0, BASALT_LOOKUP_GUARD_MISMATCH, 1);
	CHECK_DETAIL(env, 4, 2);
	/* The root CNode's 52-bit guard of zeros, from the top. */
	CHECK_ERR(env, basalt_cnode_copy(ROOT, t, 12, ROOT, cs.ep, ROOT_DEPTH, BASALT_RIGHTS_ALL),
		  BASALT_FAILED_LOOKUP);
	CHECK_LOOKUP(env, 0, BASALT_LOOKUP_GUARD_MISMATCH, 12);
	CHECK_DETAIL(env, 4, 52);
	CHECK(env, slot_empty(t));
	return 0;
}

/* Depths that do not fit the CSpace's shape. */
static int cspace_depth_mismatch(test_env_t *env)
{
	cspace_t cs;
	basalt_cptr_t t = test_slot(env), ep2 = test_slot(env);

	if (build(env, &cs) != 0)
		return 1;
	/* Depth 8: L2 needs guard 2 + radix 3 = 5 bits but 4 are left. */
	CHECK_ERR(env, basalt_cnode_copy(ROOT, t, ROOT_DEPTH, cs.l1, PATH_L2 << 2, 8,
					 BASALT_RIGHTS_ALL), BASALT_FAILED_LOOKUP);
	CHECK_LOOKUP(env, 1, BASALT_LOOKUP_DEPTH_MISMATCH, 4);
	CHECK_DETAIL(env, 3, 5);
	/* Depth 14: the walk ends at the endpoint with 2 bits unused. A
	 * CNode operation must use all its bits (seL4: bits found 0). */
	CHECK_ERR(env, basalt_cnode_copy(ROOT, t, ROOT_DEPTH, cs.l1, PATH_L3S << 2, 14,
					 BASALT_RIGHTS_ALL), BASALT_FAILED_LOOKUP);
	CHECK_LOOKUP(env, 1, BASALT_LOOKUP_DEPTH_MISMATCH, 2);
	CHECK_DETAIL(env, 3, 0);
	/* An empty slot with bits left ends the walk the same way. */
	CHECK_ERR(env, basalt_cnode_copy(ROOT, t, ROOT_DEPTH, cs.l1, 7 << 4, 8, BASALT_RIGHTS_ALL),
		  BASALT_FAILED_LOOKUP);
	CHECK_LOOKUP(env, 1, BASALT_LOOKUP_DEPTH_MISMATCH, 4);
	CHECK_DETAIL(env, 3, 0);
	/* Depth outside 1..64. */
	CHECK_ERR(env, basalt_cnode_copy(ROOT, t, ROOT_DEPTH, cs.l1, 5, 0, BASALT_RIGHTS_ALL),
		  BASALT_RANGE_ERROR);
	CHECK_DETAIL(env, 0, 1);
	CHECK_DETAIL(env, 1, 64);
	CHECK_ERR(env, basalt_cnode_copy(ROOT, t, 65, cs.l1, 5, 4, BASALT_RIGHTS_ALL),
		  BASALT_RANGE_ERROR);
	/* A source root that is not a CNode. */
	CHECK_ERR(env, basalt_cnode_copy(ROOT, t, ROOT_DEPTH, cs.ep, 0, 1, BASALT_RIGHTS_ALL),
		  BASALT_FAILED_LOOKUP);
	CHECK_DETAIL(env, 0, 1);
	CHECK_DETAIL(env, 1, BASALT_LOOKUP_INVALID_ROOT);
	CHECK(env, slot_empty(t));
	/* Through the guard with the right depth still works. */
	CHECK_OK(env, basalt_cnode_copy(ROOT, ep2, ROOT_DEPTH, cs.l1, PATH_L3S, 12,
					BASALT_RIGHTS_ALL));
	return 0;
}

/* Changing a guard on the way by Mutate changes the paths: the old path
 * fails, the new one works. */
static int cspace_mutate_guard(test_env_t *env)
{
	cspace_t cs;
	basalt_cptr_t t = test_slot(env), t2 = test_slot(env);
	basalt_word_t newpath = ((((5ull << 3 | 7) << 3 | 6) << 1 | 1) << 2) | 3;

	if (build(env, &cs) != 0)
		return 1;
	/* L1[5] -> L1[4] with guard 111 (3 bits), then back to [5]. */
	CHECK_OK(env, basalt_cnode_mutate(cs.l1, 4, 4, cs.l1, 5, 4, basalt_cnode_guard(7, 3)));
	CHECK_OK(env, basalt_cnode_move(cs.l1, 5, 4, cs.l1, 4, 4));
	CHECK_ERR(env, basalt_cnode_copy(ROOT, t, ROOT_DEPTH, cs.l1, PATH_L3S, 12,
					 BASALT_RIGHTS_ALL), BASALT_FAILED_LOOKUP);
	CHECK_DETAIL(env, 1, BASALT_LOOKUP_GUARD_MISMATCH);
	CHECK_OK(env, basalt_cnode_copy(ROOT, t2, ROOT_DEPTH, cs.l1, newpath, 13,
					BASALT_RIGHTS_ALL));
	CHECK_EQ(env, info(t2).obj, info(cs.ep).obj);
	return 0;
}

/*
 * A thread whose CSpace has two levels: its root is L1 (radix 4) with a
 * 54-bit guard of zeros, L1[3] holds L2 (radix 6), so its capability
 * pointers are 0...0 . L1 index (4 bits) . L2 index (6 bits). L2[7] holds
 * an untyped, L2[9] a cap to L2 itself (so L2 can be named as a CNode).
 */
#define TWO(i1, i2) (((basalt_cptr_t)(i1) << 6) | (i2))

/* What the helper saw, step by step. */
enum { R_RETYPE, R_IDENTIFY, R_COPY, R_COPIED, R_GUARD, R_GUARD_STATUS, R_GUARD_BITS,
       R_GUARD_SIZE, R_EMPTY, R_EMPTY_DETAIL, R_SHORT, R_COUNT };

static void two_level_user(helper_t *t)
{
	basalt_word_t *r = (basalt_word_t *)t->arg;

	/* Retype an endpoint into L2[20] through the 2-level names. */
	r[R_RETYPE] = basalt_untyped_retype(TWO(3, 7), BASALT_OBJ_ENDPOINT, 0, TWO(3, 9), 0, 0,
					    20, 1);
	r[R_IDENTIFY] = basalt_debug_cap_identify(TWO(3, 20));
	/* CNode Copy within L2, relative to L2 (depth 6). */
	r[R_COPY] = basalt_cnode_copy(TWO(3, 9), 21, 6, TWO(3, 9), 20, 6, BASALT_RIGHTS_ALL);
	r[R_COPIED] = basalt_debug_cap_identify(TWO(3, 21));
	/* A bit set in the guard: the invoked cptr fails its lookup. */
	r[R_GUARD] = basalt_cnode_delete(TWO(3, 9) | 1ull << 60, 21, 6);
	r[R_GUARD_STATUS] = basalt_status();
	r[R_GUARD_BITS] = basalt_error_detail(2);
	r[R_GUARD_SIZE] = basalt_error_detail(4);
	/* An empty L1 slot with 6 bits left: invocations stop at the first
	 * slot that holds no CNode, and an empty one is no capability. */
	r[R_EMPTY] = basalt_cnode_delete(TWO(5, 1), 0, 1);
	r[R_EMPTY_DETAIL] = basalt_error_detail(0);
	/* TWO(3, 0) names L2[0] (empty), never L1[3]: the CNode cap there
	 * takes the walk on while bits are left. */
	r[R_SHORT] = basalt_debug_cap_identify(TWO(3, 0));
}

static int cspace_two_level_thread(test_env_t *env)
{
	basalt_cptr_t l1 = test_object(env, BASALT_OBJ_CNODE, 4);
	basalt_cptr_t l2 = test_object(env, BASALT_OBJ_CNODE, 6);
	basalt_cptr_t u = test_untyped(env, 12), t20 = test_slot(env);
	basalt_word_t r[R_COUNT] = { 0 }, ubase;
	helper_t t;

	CHECK(env, l1 != 0 && l2 != 0 && u != 0 && t20 != 0);
	ubase = info(u).obj;
	CHECK_OK(env, basalt_cnode_copy(l1, 3, 4, ROOT, l2, ROOT_DEPTH, BASALT_RIGHTS_ALL));
	CHECK_OK(env, basalt_cnode_copy(l2, 9, 6, ROOT, l2, ROOT_DEPTH, BASALT_RIGHTS_ALL));
	CHECK_OK(env, basalt_cnode_move(l2, 7, 6, ROOT, u, ROOT_DEPTH));
	CHECK_OK(env, helper_start_in(env, &t, two_level_user, (basalt_word_t)r, l1,
					   basalt_cnode_guard(0, 54)));
	while (!t.done)
		test_yield(1);
	helper_stop(&t);
	CHECK_EQ(env, r[R_RETYPE], BASALT_OK);
	CHECK_EQ(env, r[R_IDENTIFY], BASALT_CAP_TYPE_ENDPOINT);
	CHECK_EQ(env, r[R_COPY], BASALT_OK);
	CHECK_EQ(env, r[R_COPIED], BASALT_CAP_TYPE_ENDPOINT);
	CHECK_EQ(env, r[R_GUARD], BASALT_FAILED_LOOKUP);
	CHECK_EQ(env, r[R_GUARD_STATUS], BASALT_FAILED_LOOKUP);
	CHECK_EQ(env, r[R_GUARD_BITS], 64);
	CHECK_EQ(env, r[R_GUARD_SIZE], 54);
	CHECK_EQ(env, r[R_EMPTY], BASALT_INVALID_CAPABILITY);
	CHECK_EQ(env, r[R_EMPTY_DETAIL], 0);
	CHECK_EQ(env, r[R_SHORT], BASALT_CAP_TYPE_NULL);
	/* What it made is where the root task sees it. */
	CHECK_OK(env, basalt_cnode_move(ROOT, t20, ROOT_DEPTH, l2, 20, 6));
	CHECK_EQ(env, cap_type(t20), BASALT_CAP_TYPE_ENDPOINT);
	CHECK_EQ(env, info(t20).obj, ubase);
	return 0;
}

static const test_t tests[] = {
	{ "CSPACE0001", "three-level CSpace: every level by its depth", cspace_paths },
	{ "CSPACE0002", "guard mismatch: bits left and guard size", cspace_guard_mismatch },
	{ "CSPACE0003", "depth mismatch and depth range", cspace_depth_mismatch },
	{ "CSPACE0004", "mutate a guard on the way", cspace_mutate_guard },
	{ "CSPACE0005", "a thread's two-level CSpace: invocations by 64-bit names",
	  cspace_two_level_thread },
};

const test_suite_t suite_cspace = { tests, sizeof(tests) / sizeof(tests[0]) };
