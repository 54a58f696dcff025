/*
 * CNode Copy, Mint, Move, Mutate and Rotate (seL4 semantics): what the new
 * cap records (object, rights, badge, guard), which errors each misuse
 * gets with which details, and that a failed call leaves every slot as it
 * was. Delete/Revoke/SaveCaller/CancelBadgedSends are in tests_revoke.c,
 * multi-level addressing in tests_cspace.c.
 */
#include "test_caps.h"

static basalt_error_t copy(basalt_cptr_t dest, basalt_cptr_t src, unsigned rights)
{
	return basalt_cnode_copy(ROOT, dest, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, rights);
}

static basalt_error_t mint(basalt_cptr_t dest, basalt_cptr_t src, unsigned rights,
			   basalt_word_t data)
{
	return basalt_cnode_mint(ROOT, dest, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, rights, data);
}

static basalt_error_t move(basalt_cptr_t dest, basalt_cptr_t src)
{
	return basalt_cnode_move(ROOT, dest, ROOT_DEPTH, ROOT, src, ROOT_DEPTH);
}

static basalt_error_t mutate(basalt_cptr_t dest, basalt_cptr_t src, basalt_word_t data)
{
	return basalt_cnode_mutate(ROOT, dest, ROOT_DEPTH, ROOT, src, ROOT_DEPTH, data);
}

static basalt_error_t rotate(basalt_cptr_t dest, basalt_cptr_t pivot, basalt_word_t pivot_data,
			     basalt_cptr_t src, basalt_word_t src_data)
{
	return basalt_cnode_rotate(ROOT, dest, ROOT_DEPTH, ROOT, pivot, ROOT_DEPTH, pivot_data,
				   ROOT, src, ROOT_DEPTH, src_data);
}

/* Copy: the copy names the same object with the same rights and badge. */
static int copy_basic(test_env_t *env)
{
	basalt_cptr_t e = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t d = test_slot(env), d2 = test_slot(env);
	basalt_cap_info_t ie, id;

	CHECK(env, e != 0 && d2 != 0);
	CHECK_OK(env, copy(d, e, BASALT_RIGHTS_ALL));
	ie = info(e);
	id = info(d);
	CHECK_EQ(env, id.type, BASALT_CAP_TYPE_ENDPOINT);
	CHECK_EQ(env, id.obj, ie.obj);
	CHECK_EQ(env, id.rights, BASALT_RIGHTS_ALL);
	CHECK_EQ(env, id.w1, 0);
	/* A copy of a copy is a copy too. */
	CHECK_OK(env, copy(d2, d, BASALT_RIGHTS_ALL));
	CHECK_EQ(env, info(d2).obj, ie.obj);
	/* Every other kind of object cap copies as well. */
	{
		static const basalt_word_t kinds[][2] = {
			{ BASALT_OBJ_NOTIFICATION, 0 }, { BASALT_OBJ_TCB, 0 },
			{ BASALT_OBJ_CNODE, 2 }, { BASALT_OBJ_FRAME_4K, 0 },
		};

		for (unsigned i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
			basalt_cptr_t o = test_object(env, kinds[i][0], kinds[i][1]);
			basalt_cptr_t c = test_slot(env);

			CHECK(env, o != 0 && c != 0);
			CHECK_OK(env, copy(c, o, BASALT_RIGHTS_ALL));
			CHECK_EQ(env, cap_type(c), cap_type(o));
			CHECK_EQ(env, info(c).obj, info(o).obj);
		}
	}
	return 0;
}

/* Copy into a full slot, from an empty one, to itself. */
static int copy_errors(test_env_t *env)
{
	basalt_cptr_t e = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t n = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	basalt_cptr_t empty = test_slot(env), d = test_slot(env);

	CHECK(env, e != 0 && n != 0 && d != 0);
	CHECK_ERR(env, copy(n, e, BASALT_RIGHTS_ALL), BASALT_DELETE_FIRST);
	CHECK_EQ(env, cap_type(n), BASALT_CAP_TYPE_NOTIFICATION);
	CHECK_ERR(env, copy(e, e, BASALT_RIGHTS_ALL), BASALT_DELETE_FIRST);
	/* An empty source is a failed lookup of the source: missing
	 * capability, with the source depth as the bits left (seL4). */
	CHECK_ERR(env, copy(d, empty, BASALT_RIGHTS_ALL), BASALT_FAILED_LOOKUP);
	CHECK_LOOKUP(env, 1, BASALT_LOOKUP_MISSING_CAPABILITY, ROOT_DEPTH);
	CHECK(env, slot_empty(d));
	/* Too short a message: Copy needs 5 words and a source root. */
	basalt_set_mr(0, d);
	basalt_set_mr(1, ROOT_DEPTH);
	basalt_set_mr(2, e);
	basalt_set_mr(3, ROOT_DEPTH);
	basalt_set_cap(0, ROOT);
	CHECK_ERR(env, test_raw_call(ROOT, BASALT_INV_CNODE_COPY, 1, 4), BASALT_TRUNCATED_MESSAGE);
	basalt_set_mr(4, BASALT_RIGHTS_ALL);
	CHECK_ERR(env, test_raw_call(ROOT, BASALT_INV_CNODE_COPY, 0, 5), BASALT_TRUNCATED_MESSAGE);
	CHECK(env, slot_empty(d));
	return 0;
}

/* Rights are masked, never added: copying with fewer rights keeps the
 * intersection; caps without rights (TCB, CNode) are unaffected. */
static int copy_rights(test_env_t *env)
{
	basalt_cptr_t e = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t f = test_object(env, BASALT_OBJ_FRAME_4K, 0);
	basalt_cptr_t n = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	basalt_cptr_t w = test_slot(env), w2 = test_slot(env), none = test_slot(env);
	basalt_cptr_t fr = test_slot(env), nr = test_slot(env);

	CHECK(env, e != 0 && f != 0 && n != 0 && nr != 0);
	CHECK_EQ(env, info(e).rights, BASALT_RIGHTS_ALL);
	CHECK_OK(env, copy(w, e, BASALT_RIGHT_WRITE | BASALT_RIGHT_GRANT));
	CHECK_EQ(env, info(w).rights, BASALT_RIGHT_WRITE | BASALT_RIGHT_GRANT);
	/* Asking for more than the source has gives no more. */
	CHECK_OK(env, copy(w2, w, BASALT_RIGHTS_ALL));
	CHECK_EQ(env, info(w2).rights, BASALT_RIGHT_WRITE | BASALT_RIGHT_GRANT);
	CHECK_OK(env, copy(none, w2, BASALT_RIGHT_READ));
	CHECK_EQ(env, info(none).rights, 0);
	/* Frames start read-write; a read-only copy. */
	CHECK_EQ(env, info(f).rights, BASALT_RIGHT_READ | BASALT_RIGHT_WRITE);
	CHECK_OK(env, copy(fr, f, BASALT_RIGHT_READ));
	CHECK_EQ(env, info(fr).rights, BASALT_RIGHT_READ);
	/* Notifications start with read and write (no grant). */
	CHECK_EQ(env, info(n).rights, BASALT_RIGHT_READ | BASALT_RIGHT_WRITE);
	CHECK_OK(env, copy(nr, n, BASALT_RIGHT_WRITE | BASALT_RIGHT_GRANT));
	CHECK_EQ(env, info(nr).rights, BASALT_RIGHT_WRITE);
	return 0;
}

/* A copy of a mapped frame starts unmapped (a frame cap maps in one
 * place); an unmapped page table cannot be copied at all (seL4). */
static int copy_frame_and_table(test_env_t *env)
{
	basalt_cptr_t f = test_object(env, BASALT_OBJ_FRAME_4K, 0);
	basalt_cptr_t pt = test_object(env, BASALT_OBJ_PAGE_TABLE, 0);
	basalt_cptr_t fc = test_slot(env), ptc = test_slot(env);
	basalt_cap_info_t i;

	CHECK(env, f != 0 && pt != 0 && ptc != 0);
	CHECK_OK(env, test_map_frame(env, f, TEST_VADDR));
	i = info(f);
	CHECK(env, (i.flags & INFO_FLAG_MAPPED) != 0);
	CHECK_EQ(env, i.w1, TEST_VADDR);
	CHECK_OK(env, copy(fc, f, BASALT_RIGHTS_ALL));
	i = info(fc);
	CHECK_EQ(env, i.flags & INFO_FLAG_MAPPED, 0);
	CHECK_EQ(env, i.w1, 0);
	CHECK_EQ(env, i.obj, info(f).obj);
	CHECK_EQ(env, info(f).w1, TEST_VADDR);
	CHECK_ERR(env, copy(ptc, pt, BASALT_RIGHTS_ALL), BASALT_ILLEGAL_OPERATION);
	CHECK(env, slot_empty(ptc));
	return 0;
}

/* Mint badges an unbadged endpoint or notification cap once. */
static int mint_badge(test_env_t *env)
{
	basalt_cptr_t e = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t n = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	basalt_cptr_t b = test_slot(env), b2 = test_slot(env), bc = test_slot(env);
	basalt_cptr_t nb = test_slot(env), z = test_slot(env);
	const basalt_word_t badge = 0xdeadbeefcafe;
	basalt_cap_info_t i;

	CHECK(env, e != 0 && n != 0 && z != 0);
	CHECK_OK(env, mint(b, e, BASALT_RIGHT_WRITE | BASALT_RIGHT_GRANT, badge));
	i = info(b);
	CHECK_EQ(env, i.type, BASALT_CAP_TYPE_ENDPOINT);
	CHECK_EQ(env, i.obj, info(e).obj);
	CHECK_EQ(env, i.w1, badge);
	CHECK_EQ(env, i.rights, BASALT_RIGHT_WRITE | BASALT_RIGHT_GRANT);
	CHECK_EQ(env, info(e).w1, 0);
	/* A badged cap cannot be badged again, not even with 0 (seL4's
	 * updateCapData): the slot stays empty. */
	CHECK_ERR(env, mint(b2, b, BASALT_RIGHTS_ALL, 7), BASALT_ILLEGAL_OPERATION);
	CHECK_ERR(env, mint(b2, b, BASALT_RIGHTS_ALL, 0), BASALT_ILLEGAL_OPERATION);
	CHECK(env, slot_empty(b2));
	/* Copies keep the badge. */
	CHECK_OK(env, copy(bc, b, BASALT_RIGHTS_ALL));
	CHECK_EQ(env, info(bc).w1, badge);
	/* Notifications are badged the same way. */
	CHECK_OK(env, mint(nb, n, BASALT_RIGHTS_ALL, 0x55));
	CHECK_EQ(env, info(nb).w1, 0x55);
	CHECK_EQ(env, info(nb).rights, BASALT_RIGHT_READ | BASALT_RIGHT_WRITE);
	/* Minting badge 0 is a plain copy, which can still be badged later. */
	CHECK_OK(env, mint(z, e, BASALT_RIGHTS_ALL, 0));
	CHECK_EQ(env, info(z).w1, 0);
	CHECK_OK(env, mint(b2, z, BASALT_RIGHTS_ALL, 9));
	CHECK_EQ(env, info(b2).w1, 9);
	return 0;
}

/* Mint's data word sets a CNode cap's guard: size in bits 0-5, value
 * above, the value cut to the size; guard + radix may not pass 64. */
static int mint_guard(test_env_t *env)
{
	basalt_cptr_t c = test_object(env, BASALT_OBJ_CNODE, 4);
	basalt_cptr_t g = test_slot(env), g2 = test_slot(env), g3 = test_slot(env);
	basalt_cap_info_t i;

	CHECK(env, c != 0 && g3 != 0);
	i = info(c);
	CHECK_EQ(env, i.bits, 4);
	CHECK_EQ(env, i.word32, 0);
	CHECK_EQ(env, i.w1, 0);
	CHECK_OK(env, mint(g, c, BASALT_RIGHTS_ALL, basalt_cnode_guard(5, 3)));
	i = info(g);
	CHECK_EQ(env, i.type, BASALT_CAP_TYPE_CNODE);
	CHECK_EQ(env, i.obj, info(c).obj);
	CHECK_EQ(env, i.bits, 4);
	CHECK_EQ(env, i.word32, 3);
	CHECK_EQ(env, i.w1, 5);
	/* The value is cut to the guard's size. */
	CHECK_OK(env, mint(g2, c, BASALT_RIGHTS_ALL, basalt_cnode_guard(0xff, 4)));
	CHECK_EQ(env, info(g2).w1, 0xf);
	/* 60 + radix 4 = 64 bits is the limit. */
	CHECK_ERR(env, mint(g3, c, BASALT_RIGHTS_ALL, basalt_cnode_guard(1, 61)),
		  BASALT_ILLEGAL_OPERATION);
	CHECK(env, slot_empty(g3));
	CHECK_OK(env, mint(g3, c, BASALT_RIGHTS_ALL, basalt_cnode_guard(1, 60)));
	CHECK_EQ(env, info(g3).word32, 60);
	/* A guarded copy can be re-guarded by Mint (unlike a badge). */
	CHECK_OK(env, basalt_cnode_delete(ROOT, g3, ROOT_DEPTH));
	CHECK_OK(env, mint(g3, g, BASALT_RIGHTS_ALL, basalt_cnode_guard(0, 0)));
	CHECK_EQ(env, info(g3).word32, 0);
	return 0;
}

/* Move: the cap, badge and rights go to the new slot, the old one is
 * empty, and the cap keeps its place in the derivation tree. */
static int move_basic(test_env_t *env)
{
	basalt_cptr_t e = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t b = test_slot(env), m = test_slot(env), m2 = test_slot(env);
	basalt_cptr_t empty = test_slot(env), other = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	basalt_cap_info_t before, after;

	CHECK(env, e != 0 && other != 0);
	CHECK_OK(env, mint(b, e, BASALT_RIGHT_WRITE, 77));
	before = info(b);
	CHECK_OK(env, move(m, b));
	CHECK(env, slot_empty(b));
	after = info(m);
	CHECK_EQ(env, after.type, before.type);
	CHECK_EQ(env, after.obj, before.obj);
	CHECK_EQ(env, after.w1, 77);
	CHECK_EQ(env, after.rights, BASALT_RIGHT_WRITE);
	/* Onto a full slot; from an empty one. Nothing moves. */
	CHECK_ERR(env, move(other, m), BASALT_DELETE_FIRST);
	CHECK_EQ(env, cap_type(m), BASALT_CAP_TYPE_ENDPOINT);
	CHECK_EQ(env, cap_type(other), BASALT_CAP_TYPE_NOTIFICATION);
	CHECK_ERR(env, move(m2, empty), BASALT_FAILED_LOOKUP);
	CHECK_LOOKUP(env, 1, BASALT_LOOKUP_MISSING_CAPABILITY, ROOT_DEPTH);
	/* Onto itself: the slot is full. */
	CHECK_ERR(env, move(m, m), BASALT_DELETE_FIRST);
	CHECK_EQ(env, info(m).w1, 77);
	/* The moved cap is still the original's descendant: revoking the
	 * original removes it. */
	CHECK_OK(env, basalt_cnode_revoke(ROOT, e, ROOT_DEPTH));
	CHECK(env, slot_empty(m));
	CHECK_EQ(env, cap_type(e), BASALT_CAP_TYPE_ENDPOINT);
	return 0;
}

/* Moving an original: it stays the parent of its copies. */
static int move_original(test_env_t *env)
{
	basalt_cptr_t n = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	basalt_cptr_t c = test_copy(env, n), m = test_slot(env);

	CHECK(env, n != 0 && c != 0 && m != 0);
	CHECK_OK(env, move(m, n));
	CHECK_OK(env, basalt_cnode_revoke(ROOT, m, ROOT_DEPTH));
	CHECK(env, slot_empty(c));
	CHECK_EQ(env, cap_type(m), BASALT_CAP_TYPE_NOTIFICATION);
	return 0;
}

/* Mutate: a move that changes a CNode cap's guard. Endpoint and
 * notification caps cannot be mutated at all (seL4's updateCapData with
 * preserve: Mutate must not change a badge); other caps ignore the data. */
static int mutate_basic(test_env_t *env)
{
	basalt_cptr_t c = test_object(env, BASALT_OBJ_CNODE, 3);
	basalt_cptr_t e = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t n = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	basalt_cptr_t f = test_object(env, BASALT_OBJ_FRAME_4K, 0);
	basalt_cptr_t cc = test_slot(env), m = test_slot(env), me = test_slot(env);
	basalt_cptr_t b = test_slot(env), mf = test_slot(env);
	basalt_word_t cobj;
	basalt_cap_info_t i;

	CHECK(env, c != 0 && e != 0 && n != 0 && f != 0 && mf != 0);
	cobj = info(c).obj;
	CHECK_OK(env, copy(cc, c, BASALT_RIGHTS_ALL));
	CHECK_OK(env, mutate(m, c, basalt_cnode_guard(2, 2)));
	CHECK(env, slot_empty(c));
	i = info(m);
	CHECK_EQ(env, i.type, BASALT_CAP_TYPE_CNODE);
	CHECK_EQ(env, i.obj, cobj);
	CHECK_EQ(env, i.bits, 3);
	CHECK_EQ(env, i.word32, 2);
	CHECK_EQ(env, i.w1, 2);
	/* Still the original: revoking it removes the earlier copy. */
	CHECK_OK(env, basalt_cnode_revoke(ROOT, m, ROOT_DEPTH));
	CHECK(env, slot_empty(cc));
	/* Guard too wide for the radix. */
	CHECK_ERR(env, mutate(c, m, basalt_cnode_guard(0, 62)), BASALT_ILLEGAL_OPERATION);
	CHECK(env, slot_empty(c));
	CHECK_EQ(env, info(m).word32, 2);

	/* Endpoints: unbadged or badged, with data 0 or not. */
	CHECK_ERR(env, mutate(me, e, 0), BASALT_ILLEGAL_OPERATION);
	CHECK_ERR(env, mutate(me, e, 5), BASALT_ILLEGAL_OPERATION);
	CHECK_OK(env, mint(b, e, BASALT_RIGHTS_ALL, 3));
	CHECK_ERR(env, mutate(me, b, 3), BASALT_ILLEGAL_OPERATION);
	CHECK_ERR(env, mutate(me, n, 0), BASALT_ILLEGAL_OPERATION);
	CHECK(env, slot_empty(me));
	CHECK_EQ(env, info(b).w1, 3);
	CHECK_EQ(env, cap_type(e), BASALT_CAP_TYPE_ENDPOINT);
	CHECK_EQ(env, cap_type(n), BASALT_CAP_TYPE_NOTIFICATION);

	/* Frames: the data word means nothing to them. */
	CHECK_OK(env, mutate(mf, f, 0x1234));
	CHECK(env, slot_empty(f));
	CHECK_EQ(env, info(mf).rights, BASALT_RIGHT_READ | BASALT_RIGHT_WRITE);
	CHECK_EQ(env, info(mf).type, BASALT_CAP_TYPE_FRAME);
	return 0;
}

/* Rotate with three slots: pivot -> dest, src -> pivot, each with its
 * data word applied as Mutate would. */
static int rotate_three(test_env_t *env)
{
	basalt_cptr_t a = test_object(env, BASALT_OBJ_CNODE, 2);
	basalt_cptr_t b = test_object(env, BASALT_OBJ_CNODE, 3);
	basalt_cptr_t d = test_slot(env);
	basalt_word_t aobj, bobj;
	basalt_cap_info_t i;

	CHECK(env, a != 0 && b != 0 && d != 0);
	aobj = info(a).obj;
	bobj = info(b).obj;
	CHECK_OK(env, rotate(d, b, basalt_cnode_guard(1, 1), a, basalt_cnode_guard(3, 2)));
	CHECK(env, slot_empty(a));
	i = info(d);
	CHECK_EQ(env, i.obj, bobj);
	CHECK_EQ(env, i.bits, 3);
	CHECK_EQ(env, i.word32, 1);
	CHECK_EQ(env, i.w1, 1);
	i = info(b);
	CHECK_EQ(env, i.obj, aobj);
	CHECK_EQ(env, i.bits, 2);
	CHECK_EQ(env, i.word32, 2);
	CHECK_EQ(env, i.w1, 3);

	/* Caps without data (TCB, frame) rotate as they are. */
	{
		basalt_cptr_t t = test_object(env, BASALT_OBJ_TCB, 0);
		basalt_cptr_t f = test_object(env, BASALT_OBJ_FRAME_4K, 0);
		basalt_cptr_t d2 = test_slot(env);
		basalt_word_t tobj, fobj;

		CHECK(env, t != 0 && f != 0 && d2 != 0);
		tobj = info(t).obj;
		fobj = info(f).obj;
		CHECK_OK(env, rotate(d2, f, 99, t, 98));
		CHECK(env, slot_empty(t));
		CHECK_EQ(env, info(d2).obj, fobj);
		CHECK_EQ(env, cap_type(d2), BASALT_CAP_TYPE_FRAME);
		CHECK_EQ(env, info(f).obj, tobj);
		CHECK_EQ(env, cap_type(f), BASALT_CAP_TYPE_TCB);
	}
	return 0;
}

/* Rotate with src == dest swaps two caps, and both keep their places in
 * the derivation tree: an original swapped with a plain copy is still
 * the parent of its copies, and the copy is still nobody's parent. */
static int rotate_swap(test_env_t *env)
{
	basalt_cptr_t s = test_object(env, BASALT_OBJ_CNODE, 2);
	basalt_cptr_t t = test_object(env, BASALT_OBJ_TCB, 0);
	basalt_cptr_t sc = test_copy(env, s), p = test_copy(env, t), pc = test_copy(env, t);
	basalt_word_t sobj, tobj;

	CHECK(env, s != 0 && t != 0 && sc != 0 && p != 0 && pc != 0);
	sobj = info(s).obj;
	tobj = info(t).obj;
	/* s: the CNode's original; p: a copy of the TCB cap. */
	CHECK_OK(env, rotate(s, p, 0, s, basalt_cnode_guard(1, 4)));
	CHECK_EQ(env, cap_type(s), BASALT_CAP_TYPE_TCB);
	CHECK_EQ(env, info(s).obj, tobj);
	CHECK_EQ(env, cap_type(p), BASALT_CAP_TYPE_CNODE);
	CHECK_EQ(env, info(p).obj, sobj);
	CHECK_EQ(env, info(p).word32, 4);
	CHECK_EQ(env, info(p).w1, 1);
	/* The TCB copy now in s parents nothing. */
	CHECK_OK(env, basalt_cnode_revoke(ROOT, s, ROOT_DEPTH));
	CHECK_EQ(env, cap_type(pc), BASALT_CAP_TYPE_TCB);
	CHECK_EQ(env, cap_type(sc), BASALT_CAP_TYPE_CNODE);
	/* The CNode original now in p parents its copy. */
	CHECK_OK(env, basalt_cnode_revoke(ROOT, p, ROOT_DEPTH));
	CHECK(env, slot_empty(sc));
	CHECK_EQ(env, cap_type(pc), BASALT_CAP_TYPE_TCB);
	/* And the TCB's original still parents both its copies. */
	CHECK_OK(env, basalt_cnode_revoke(ROOT, t, ROOT_DEPTH));
	CHECK(env, slot_empty(pc));
	CHECK(env, slot_empty(s));
	return 0;
}

/* Swapping an original with its own copy (neighbours in the derivation
 * list, either order): the original stays the parent wherever it goes. */
static int rotate_swap_with_copy(test_env_t *env)
{
	for (unsigned order = 0; order < 2; order++) {
		basalt_cptr_t o = test_object(env, BASALT_OBJ_CNODE, 1 + order);
		basalt_cptr_t c = test_copy(env, o), other = test_copy(env, o);

		CHECK(env, o != 0 && c != 0 && other != 0);
		/* src == dest; order 0: src is the original, 1: the copy. */
		if (order == 0)
			CHECK_OK(env, rotate(o, c, 0, o, basalt_cnode_guard(1, 1)));
		else
			CHECK_OK(env, rotate(c, o, basalt_cnode_guard(1, 1), c, 0));
		/* The original, with its guard of 1 bit, is in c now. */
		CHECK_EQ(env, info(o).word32, 0);
		CHECK_EQ(env, info(c).word32, 1);
		/* Revoking o (the copy) removes nothing... */
		CHECK_OK(env, basalt_cnode_revoke(ROOT, o, ROOT_DEPTH));
		CHECK_EQ(env, cap_type(c), BASALT_CAP_TYPE_CNODE);
		CHECK_EQ(env, cap_type(other), BASALT_CAP_TYPE_CNODE);
		/* ... revoking c removes both copies. */
		CHECK_OK(env, basalt_cnode_revoke(ROOT, c, ROOT_DEPTH));
		CHECK(env, slot_empty(o) && slot_empty(other));
	}
	return 0;
}

/* Rotate's misuses, in seL4's order: the pivot may be neither source nor
 * destination; the destination must be empty unless it is the source;
 * source and pivot must hold caps; the data must be valid for Mutate. */
static int rotate_errors(test_env_t *env)
{
	basalt_cptr_t a = test_object(env, BASALT_OBJ_CNODE, 2);
	basalt_cptr_t b = test_object(env, BASALT_OBJ_CNODE, 2);
	basalt_cptr_t full = test_object(env, BASALT_OBJ_NOTIFICATION, 0);
	basalt_cptr_t e = test_object(env, BASALT_OBJ_ENDPOINT, 0);
	basalt_cptr_t d = test_slot(env), empty = test_slot(env);
	basalt_word_t aobj, bobj;

	CHECK(env, a != 0 && b != 0 && full != 0 && e != 0 && empty != 0);
	aobj = info(a).obj;
	bobj = info(b).obj;
	CHECK_ERR(env, rotate(d, a, 0, a, 0), BASALT_ILLEGAL_OPERATION);
	CHECK_ERR(env, rotate(b, b, 0, a, 0), BASALT_ILLEGAL_OPERATION);
	/* pivot == src is reported before the full destination. */
	CHECK_ERR(env, rotate(full, a, 0, a, 0), BASALT_ILLEGAL_OPERATION);
	CHECK_ERR(env, rotate(full, b, 0, a, 0), BASALT_DELETE_FIRST);
	CHECK_ERR(env, rotate(d, b, 0, empty, 0), BASALT_FAILED_LOOKUP);
	CHECK_LOOKUP(env, 1, BASALT_LOOKUP_MISSING_CAPABILITY, ROOT_DEPTH);
	/* An empty pivot is reported as a failed lookup that is not the
	 * source (seL4). */
	CHECK_ERR(env, rotate(d, empty, 0, a, 0), BASALT_FAILED_LOOKUP);
	CHECK_LOOKUP(env, 0, BASALT_LOOKUP_MISSING_CAPABILITY, ROOT_DEPTH);
	/* An endpoint cannot be mutated, so it cannot rotate either. */
	CHECK_ERR(env, rotate(d, b, 0, e, 0), BASALT_ILLEGAL_OPERATION);
	CHECK_ERR(env, rotate(d, e, 0, a, 0), BASALT_ILLEGAL_OPERATION);
	/* A guard too wide for the radix. */
	CHECK_ERR(env, rotate(d, b, 0, a, basalt_cnode_guard(0, 63)), BASALT_ILLEGAL_OPERATION);
	/* Nothing moved. */
	CHECK(env, slot_empty(d));
	CHECK_EQ(env, info(a).obj, aobj);
	CHECK_EQ(env, info(b).obj, bobj);
	CHECK_EQ(env, info(a).word32, 0);
	CHECK_EQ(env, cap_type(e), BASALT_CAP_TYPE_ENDPOINT);
	CHECK_EQ(env, cap_type(full), BASALT_CAP_TYPE_NOTIFICATION);
	return 0;
}

static const test_t tests[] = {
	{ "CNODE0001", "copy names the same object", copy_basic },
	{ "CNODE0002", "copy errors: full dest, empty source, short message", copy_errors },
	{ "CNODE0003", "copy masks rights, never adds", copy_rights },
	{ "CNODE0004", "copy of a mapped frame is unmapped, unmapped table no copy",
	  copy_frame_and_table },
	{ "CNODE0005", "mint badges endpoints and notifications once", mint_badge },
	{ "CNODE0006", "mint sets a CNode guard", mint_guard },
	{ "CNODE0007", "move keeps badge, rights and derivation", move_basic },
	{ "CNODE0008", "a moved original still parents its copies", move_original },
	{ "CNODE0009", "mutate changes guards; endpoints cannot mutate", mutate_basic },
	{ "CNODE0010", "rotate three slots", rotate_three },
	{ "CNODE0011", "rotate with src == dest swaps", rotate_swap },
	{ "CNODE0012", "rotate errors", rotate_errors },
	{ "CNODE0013", "rotate swap of an original with its own copy", rotate_swap_with_copy },
};

const test_suite_t suite_cnode = { tests, sizeof(tests) / sizeof(tests[0]) };
