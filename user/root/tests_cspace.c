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
 */
#include "test_util.h"

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

static const test_t tests[] = {
	{ "CSPACE0001", "three-level CSpace: every level by its depth", cspace_paths },
	{ "CSPACE0002", "guard mismatch: bits left and guard size", cspace_guard_mismatch },
	{ "CSPACE0003", "depth mismatch and depth range", cspace_depth_mismatch },
	{ "CSPACE0004", "mutate a guard on the way", cspace_mutate_guard },
};

const test_suite_t suite_cspace = { tests, sizeof(tests) / sizeof(tests[0]) };
