/*
 * CNode Delete, Revoke, SaveCaller and CancelBadgedSends: which caps go
 * and which stay (the derivation tree as seL4 defines it: copies are
 * children of the original, a newly badged cap is the parent of copies of
 * its own badge only), and the errors each gets.
 */
#include "test_helper.h"

static basalt_error_t copy(basalt_cptr_t dest, basalt_cptr_t src)
{
	return basalt_cnode_copy(ROOT, dest, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, BASALT_RIGHTS_ALL);
}

static basalt_error_t mint(basalt_cptr_t dest, basalt_cptr_t src, unsigned rights,
			   basalt_word_t badge)
{
	return basalt_cnode_mint(ROOT, dest, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, rights, badge);
}

static basalt_error_t del(basalt_cptr_t slot)
{
	return basalt_cnode_delete(ROOT, slot, ROOT_DEPTH);
}

static basalt_error_t revoke(basalt_cptr_t slot)
{
	return basalt_cnode_revoke(ROOT, slot, ROOT_DEPTH);
}

/* Delete: a copy goes alone; an empty slot is no error; deleting the
 * original leaves its copies, which the untyped's revoke still reaches. */
static int delete_basic(test_env_t *env)
{
	basalt_cptr_t u = test_untyped(env, 12);
	basalt_cptr_t e = test_slot(env), c1 = test_slot(env), c2 = test_slot(env);
	basalt_cptr_t empty = test_slot(env);

	CHECK(env, u != 0 && empty != 0);
	CHECK_OK(env, basalt_untyped_retype(u, BASALT_OBJ_ENDPOINT, 0, ROOT, 0, 0, e, 1));
	CHECK_OK(env, copy(c1, e));
	CHECK_OK(env, copy(c2, e));
	CHECK_OK(env, del(c1));
	CHECK(env, slot_empty(c1));
	CHECK_EQ(env, cap_type(e), BASALT_CAP_TYPE_ENDPOINT);
	CHECK_EQ(env, cap_type(c2), BASALT_CAP_TYPE_ENDPOINT);
	CHECK_OK(env, del(empty));
	CHECK_OK(env, del(e));
	CHECK(env, slot_empty(e));
	/* The copy outlives the original and still works as a source. */
	CHECK_EQ(env, cap_type(c2), BASALT_CAP_TYPE_ENDPOINT);
	CHECK_OK(env, copy(c1, c2));
	CHECK_OK(env, revoke(u));
	CHECK(env, slot_empty(c1));
	CHECK(env, slot_empty(c2));
	/* Bad depth and a slot the root's guard does not allow. */
	CHECK_ERR(env, basalt_cnode_delete(ROOT, e, 0), BASALT_RANGE_ERROR);
	CHECK_DETAIL(env, 0, 1);
	CHECK_DETAIL(env, 1, 64);
	CHECK_ERR(env, basalt_cnode_delete(ROOT, e, 65), BASALT_RANGE_ERROR);
	CHECK_ERR(env, basalt_cnode_delete(ROOT, 1ull << 40, ROOT_DEPTH), BASALT_FAILED_LOOKUP);
	CHECK_LOOKUP(env, 0, BASALT_LOOKUP_GUARD_MISMATCH, 64);
	CHECK_DETAIL(env, 4, 52);
	return 0;
}

/* Revoking an original removes every copy (copies of copies too) and
 * keeps the original; revoking a plain copy removes nothing. */
static int revoke_original(test_env_t *env)
{
	basalt_cptr_t e = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t c[6];

	CHECK(env, e != 0);
	for (unsigned i = 0; i < 6; i++) {
		c[i] = test_slot(env);
		CHECK(env, c[i] != 0);
		/* Alternate sources: the original, then the previous copy. */
		CHECK_OK(env, copy(c[i], i % 2 == 0 ? e : c[i - 1]));
	}
	CHECK_OK(env, revoke(c[1]));
	for (unsigned i = 0; i < 6; i++)
		CHECK_EQ(env, cap_type(c[i]), BASALT_CAP_TYPE_ENDPOINT);
	CHECK_OK(env, revoke(e));
	for (unsigned i = 0; i < 6; i++)
		CHECK(env, slot_empty(c[i]));
	CHECK_EQ(env, cap_type(e), BASALT_CAP_TYPE_ENDPOINT);
	/* Nothing left to revoke is no error, nor is an empty slot. */
	CHECK_OK(env, revoke(e));
	CHECK_OK(env, revoke(c[0]));
	return 0;
}

/* Revoking a badged cap removes the copies of its badge only: not the
 * unbadged original or its plain copies, not another badge, and not a cap
 * minted separately with the same badge (it is a new "first badged"). */
static int revoke_badged(test_env_t *env)
{
	basalt_cptr_t e = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t plain = test_slot(env), b1 = test_slot(env), b1c = test_slot(env);
	basalt_cptr_t b1cc = test_slot(env), b2 = test_slot(env), b2c = test_slot(env);
	basalt_cptr_t b1again = test_slot(env), b1againc = test_slot(env);

	CHECK(env, e != 0 && b1againc != 0);
	CHECK_OK(env, copy(plain, e));
	CHECK_OK(env, mint(b1, e, BASALT_RIGHTS_ALL, 1));
	CHECK_OK(env, copy(b1c, b1));
	CHECK_OK(env, copy(b1cc, b1c));
	CHECK_OK(env, mint(b2, e, BASALT_RIGHTS_ALL, 2));
	CHECK_OK(env, copy(b2c, b2));
	CHECK_OK(env, mint(b1again, plain, BASALT_RIGHTS_ALL, 1));
	CHECK_OK(env, copy(b1againc, b1again));

	CHECK_OK(env, revoke(b1));
	CHECK(env, slot_empty(b1c));
	CHECK(env, slot_empty(b1cc));
	CHECK_EQ(env, info(b1).w1, 1);
	CHECK_EQ(env, info(b2).w1, 2);
	CHECK_EQ(env, info(b2c).w1, 2);
	CHECK_EQ(env, info(b1again).w1, 1);
	CHECK_EQ(env, info(b1againc).w1, 1);
	CHECK_EQ(env, info(plain).w1, 0);
	/* The unbadged original parents everything. */
	CHECK_OK(env, revoke(e));
	CHECK(env, slot_empty(plain));
	CHECK(env, slot_empty(b1));
	CHECK(env, slot_empty(b2));
	CHECK(env, slot_empty(b2c));
	CHECK(env, slot_empty(b1again));
	CHECK(env, slot_empty(b1againc));
	return 0;
}

/* When the first cap of a badge is deleted, its copies survive and the
 * next one takes over as the badge's first: a new mint of the same badge
 * is still not their parent. */
static int revoke_badge_first_moves_on(test_env_t *env)
{
	basalt_cptr_t n = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	basalt_cptr_t b = test_slot(env), bc = test_slot(env), again = test_slot(env);

	CHECK(env, n != 0 && again != 0);
	CHECK_OK(env, mint(b, n, BASALT_RIGHTS_ALL, 4));
	CHECK_OK(env, copy(bc, b));
	CHECK_OK(env, del(b));
	CHECK_EQ(env, info(bc).w1, 4);
	CHECK_OK(env, mint(again, n, BASALT_RIGHTS_ALL, 4));
	CHECK_OK(env, revoke(again));
	CHECK_EQ(env, info(bc).w1, 4);
	CHECK_OK(env, revoke(n));
	CHECK(env, slot_empty(bc));
	CHECK(env, slot_empty(again));
	return 0;
}

/* Revoking an untyped removes every object made from it, those made from
 * its sub-untyped too, with their copies; the untyped then starts again
 * at offset 0. */
static int revoke_untyped(test_env_t *env)
{
	basalt_cptr_t u = test_untyped(env, 16);
	basalt_cptr_t objs = test_slots(env, 6), sub = test_slot(env), subobj = test_slot(env);
	basalt_cptr_t copies = test_slots(env, 2), again = test_slot(env);
	static const basalt_word_t kinds[6][2] = {
		{ BASALT_OBJ_ENDPOINT, 0 }, { BASALT_OBJ_NOTIFICATION, 0 }, { BASALT_OBJ_CNODE, 3 },
		{ BASALT_OBJ_FRAME_4K, 0 }, { BASALT_OBJ_TCB, 0 }, { BASALT_OBJ_PAGE_TABLE, 0 },
	};
	basalt_word_t base;

	CHECK(env, u != 0 && objs != 0 && again != 0);
	base = info(u).obj;
	for (unsigned i = 0; i < 6; i++)
		CHECK_OK(env, basalt_untyped_retype(u, kinds[i][0], kinds[i][1], ROOT, 0, 0,
						    objs + i, 1));
	CHECK_OK(env, basalt_untyped_retype(u, BASALT_OBJ_UNTYPED, 12, ROOT, 0, 0, sub, 1));
	CHECK_OK(env, basalt_untyped_retype(sub, BASALT_OBJ_CNODE, 2, ROOT, 0, 0, subobj, 1));
	CHECK_OK(env, copy(copies, objs));
	CHECK_OK(env, copy(copies + 1, subobj));
	CHECK(env, info(u).w1 > 4096);

	CHECK_OK(env, revoke(u));
	for (unsigned i = 0; i < 6; i++)
		CHECK(env, slot_empty(objs + i));
	CHECK(env, slot_empty(sub));
	CHECK(env, slot_empty(subobj));
	CHECK(env, slot_empty(copies));
	CHECK(env, slot_empty(copies + 1));
	CHECK_EQ(env, cap_type(u), BASALT_CAP_TYPE_UNTYPED);
	CHECK_OK(env, basalt_untyped_retype(u, BASALT_OBJ_FRAME_4K, 0, ROOT, 0, 0, again, 1));
	CHECK_EQ(env, info(again).obj, base);
	CHECK_EQ(env, info(u).w1, 4096);
	return 0;
}

/* SaveCaller with no reply cap to save succeeds and leaves the slot
 * empty (seL4); a full destination is DELETE_FIRST. */
static int save_caller(test_env_t *env)
{
	basalt_cptr_t s = test_slot(env);
	basalt_cptr_t full = test_object(env, BASALT_OBJ_ENDPOINT, 0);

	CHECK(env, full != 0);
	CHECK_OK(env, basalt_cnode_save_caller(ROOT, s, ROOT_DEPTH));
	CHECK(env, slot_empty(s));
	CHECK_ERR(env, basalt_cnode_save_caller(ROOT, full, ROOT_DEPTH), BASALT_DELETE_FIRST);
	CHECK_EQ(env, cap_type(full), BASALT_CAP_TYPE_ENDPOINT);
	return 0;
}

/* CancelBadgedSends needs an endpoint cap with every right; on an
 * unbadged one it does nothing. */
static int cancel_badged_rights(test_env_t *env)
{
	basalt_cptr_t e = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t n = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	basalt_cptr_t b = test_slot(env), bw = test_slot(env), nogrant = test_slot(env);
	basalt_cptr_t empty = test_slot(env);

	CHECK(env, e != 0 && n != 0 && empty != 0);
	CHECK_OK(env, mint(b, e, BASALT_RIGHTS_ALL, 9));
	CHECK_OK(env, mint(bw, e, BASALT_RIGHT_WRITE, 10));
	CHECK_OK(env, basalt_cnode_copy(ROOT, nogrant, ROOT_DEPTH, ROOT, b, ROOT_DEPTH,
					BASALT_RIGHTS_ALL & ~BASALT_RIGHT_GRANT_REPLY));
	CHECK_OK(env, basalt_cnode_cancel_badged_sends(ROOT, b, ROOT_DEPTH));
	CHECK_OK(env, basalt_cnode_cancel_badged_sends(ROOT, e, ROOT_DEPTH));
	CHECK_ERR(env, basalt_cnode_cancel_badged_sends(ROOT, bw, ROOT_DEPTH),
		  BASALT_ILLEGAL_OPERATION);
	CHECK_ERR(env, basalt_cnode_cancel_badged_sends(ROOT, nogrant, ROOT_DEPTH),
		  BASALT_ILLEGAL_OPERATION);
	CHECK_ERR(env, basalt_cnode_cancel_badged_sends(ROOT, n, ROOT_DEPTH),
		  BASALT_ILLEGAL_OPERATION);
	CHECK_ERR(env, basalt_cnode_cancel_badged_sends(ROOT, empty, ROOT_DEPTH),
		  BASALT_ILLEGAL_OPERATION);
	return 0;
}

/* A helper sends one word, the slot of the endpoint cap it sends on (its
 * argument), so the receiver can tell who sent. */
static void sender(helper_t *t)
{
	basalt_set_mr(0, t->arg);
	basalt_send((basalt_cptr_t)t->arg, basalt_msginfo(0, 0, 0, 1));
	t->result = basalt_status();
}

/* With two senders queued, badges 5 then 6, cancelling badge 5's sends
 * takes that sender off the queue: the next receive gets badge 6's
 * message although 5 was first. */
static int cancel_badged_senders(test_env_t *env)
{
	basalt_cptr_t e = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t b5 = test_slot(env), b6 = test_slot(env);
	helper_t t5, t6;
	basalt_word_t badge = 0;
	basalt_msginfo_t m;

	CHECK(env, e != 0 && b6 != 0);
	CHECK_OK(env, mint(b5, e, BASALT_RIGHTS_ALL, 5));
	CHECK_OK(env, mint(b6, e, BASALT_RIGHTS_ALL, 6));
	CHECK_OK(env, helper_start(env, &t5, sender, b5));
	/* Let it block before the second one queues behind it. */
	while (!t5.started)
		test_yield(1);
	test_yield(3);
	CHECK_OK(env, helper_start(env, &t6, sender, b6));
	while (!t6.started)
		test_yield(1);
	test_yield(3);
	CHECK(env, !t5.done && !t6.done);

	CHECK_OK(env, basalt_cnode_cancel_badged_sends(ROOT, b5, ROOT_DEPTH));
	m = basalt_nbrecv(e, &badge);
	helper_stop(&t5);
	helper_stop(&t6);
	CHECK_EQ(env, basalt_status(), BASALT_OK);
	CHECK_EQ(env, badge, 6);
	CHECK_EQ(env, basalt_msginfo_length(m), 1);
	CHECK_EQ(env, basalt_get_mr(0), b6);
	return 0;
}

/* A helper calls the endpoint named by its argument with label 7 and
 * records the reply's label and its status. */
static void caller(helper_t *t)
{
	basalt_msginfo_t m;

	basalt_set_mr(0, 0xca11);
	m = basalt_call((basalt_cptr_t)t->arg, basalt_msginfo(7, 0, 0, 1));
	t->result = basalt_msginfo_label(m) << 8 | basalt_status();
}

/* Receive one call on `e` from a new helper. */
static int take_call(test_env_t *env, helper_t *t, basalt_cptr_t e)
{
	basalt_word_t badge = 1;
	basalt_msginfo_t m;

	CHECK_OK(env, helper_start(env, t, caller, e));
	m = basalt_recv(e, &badge);
	CHECK_EQ(env, basalt_status(), BASALT_OK);
	CHECK_EQ(env, basalt_msginfo_label(m), 7);
	CHECK_EQ(env, basalt_get_mr(0), 0xca11);
	CHECK_EQ(env, badge, 0);
	return 0;
}

/* SaveCaller moves the reply cap of the call just received into a slot:
 * replying through it answers the caller; a second SaveCaller finds
 * nothing. Deleting a saved reply cap unused wakes the caller with
 * INVALID_CAPABILITY (docs/capabilities.md: seL4 leaves it blocked). */
static int save_caller_reply(test_env_t *env)
{
	basalt_cptr_t e = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t s = test_slot(env), s2 = test_slot(env);
	helper_t t1, t2;

	CHECK(env, e != 0 && s2 != 0);
	if (take_call(env, &t1, e) != 0)
		return 1;
	CHECK_OK(env, basalt_cnode_save_caller(ROOT, s, ROOT_DEPTH));
	CHECK_EQ(env, cap_type(s), BASALT_CAP_TYPE_REPLY);
	CHECK_OK(env, basalt_cnode_save_caller(ROOT, s2, ROOT_DEPTH));
	CHECK(env, slot_empty(s2));
	CHECK(env, !t1.done);
	basalt_send(s, basalt_msginfo(42, 0, 0, 0));
	CHECK_EQ(env, basalt_status(), BASALT_OK);
	CHECK(env, slot_empty(s));
	while (!t1.done)
		test_yield(1);
	helper_stop(&t1);
	CHECK_EQ(env, t1.result, 42 << 8 | BASALT_OK);

	if (take_call(env, &t2, e) != 0)
		return 1;
	CHECK_OK(env, basalt_cnode_save_caller(ROOT, s, ROOT_DEPTH));
	CHECK_OK(env, basalt_cnode_delete(ROOT, s, ROOT_DEPTH));
	while (!t2.done)
		test_yield(1);
	helper_stop(&t2);
	CHECK_EQ(env, t2.result & 0xff, BASALT_INVALID_CAPABILITY);
	return 0;
}

static const test_t tests[] = {
	{ "REVOKE0001", "delete: copies, originals, empty slots", delete_basic },
	{ "REVOKE0002", "revoke an original removes all copies", revoke_original },
	{ "REVOKE0003", "revoke a badged cap removes its badge's copies only", revoke_badged },
	{ "REVOKE0004", "a badge's first cap deleted: copies keep their badge",
	  revoke_badge_first_moves_on },
	{ "REVOKE0005", "revoke an untyped with objects and sub-untyped", revoke_untyped },
	{ "REVOKE0006", "save caller with nothing to save", save_caller },
	{ "REVOKE0007", "cancel badged sends needs all rights", cancel_badged_rights },
	{ "REVOKE0008", "cancel badged sends dequeues that badge's senders",
	  cancel_badged_senders },
	{ "REVOKE0009", "save caller moves the reply cap", save_caller_reply },
};

const test_suite_t suite_revoke = { tests, sizeof(tests) / sizeof(tests[0]) };
