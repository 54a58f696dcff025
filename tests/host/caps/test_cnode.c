/*
 * CNode invocations through decode_cnode_invocation (cnode.c): what Copy,
 * Mint, Move, Mutate, Rotate, Delete, Revoke, SaveCaller and
 * CancelBadgedSends do to caps and to the derivation tree, and their
 * errors with detail words (a failed call changes nothing).
 *
 * Every test starts from the same population of root slots (populate()).
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"   /* case tables */

enum {
	EP = 16, EP_COPY = 17, NTFN = 18, SUB = 19, FRAME = 20, PT = 21, TCB = 22, UT = 23,
	ZOMBIE = 24, ZEP = 25, FREE = 30,
};
#define SUB_RADIX 4

static const cap_t *cap_at(unsigned i)
{
	return &h_root_slot(i)->cap;
}

/* A slot of the sub CNode, as (index, depth) from the root. */
static uint64_t sub_index(unsigned j)
{
	return (uint64_t)SUB << SUB_RADIX | j;
}

static void populate(void)
{
	h_expect_ok(h_retype(h_env.ut, BASALT_OBJ_ENDPOINT, 0, EP, 1), "endpoint");
	h_expect_ok(h_copy(EP_COPY, EP, BASALT_RIGHTS_ALL), "its copy");
	h_expect_ok(h_retype(h_env.ut, BASALT_OBJ_NOTIFICATION, 0, NTFN, 1), "notification");
	h_expect_ok(h_retype(h_env.ut, BASALT_OBJ_CNODE, SUB_RADIX, SUB, 1), "sub CNode");
	h_expect_ok(h_retype(h_env.ut, BASALT_OBJ_FRAME_4K, 0, FRAME, 1), "frame");
	h_expect_ok(h_retype(h_env.ut, BASALT_OBJ_PAGE_TABLE, 0, PT, 1), "page table");
	h_expect_ok(h_retype(h_env.ut, BASALT_OBJ_TCB, 0, TCB, 1), "TCB");
	h_expect_ok(h_retype(h_env.ut, BASALT_OBJ_UNTYPED, 16, UT, 1), "untyped");
	/* A zombie: a CNode holding a cap, its deletion preempted at once. */
	h_expect_ok(h_retype(h_env.ut, BASALT_OBJ_CNODE, 2, ZOMBIE, 1), "CNode to be a zombie");
	h_expect_ok(h_retype(h_env.ut, BASALT_OBJ_ENDPOINT, 0, ZEP, 1), "an endpoint for it");
	{
		uint64_t a[5] = { (uint64_t)ZOMBIE << 2 | 1, 10, ZEP, 8, BASALT_RIGHTS_ALL };
		cte_t *x[1] = { h_env.root };

		h_expect_ok(h_call(h_env.root, BASALT_INV_CNODE_COPY, a, 5, x, 1), "copy into it");
	}
	h_preempt_at(1);
	assert_int_equal(h_call_once(h_env.root, BASALT_INV_CNODE_DELETE,
				     (uint64_t[]){ ZOMBIE, 8 }, 2, NULL, 0).ex, EXC_PREEMPTED);
	h_preempt_never();
	assert_int_equal(cap_at(ZOMBIE)->type, CAP_ZOMBIE);
}

/* ---- Copy and Mint ---- */
static void test_cnode_copy(void **state)
{
	populate();
	h_expect_ok(h_copy(FREE, EP, BASALT_RIGHT_WRITE | BASALT_RIGHT_GRANT), "copy endpoint");
	assert_int_equal(cap_at(FREE)->type, CAP_ENDPOINT);
	assert_int_equal(cap_at(FREE)->obj, cap_at(EP)->obj);
	assert_int_equal(cap_at(FREE)->rights, BASALT_RIGHT_WRITE | BASALT_RIGHT_GRANT);
	assert_ptr_equal(h_root_slot(EP)->next, h_root_slot(FREE));  /* right after its source */
	assert_ptr_equal(cdt_parent(h_root_slot(FREE)), h_root_slot(EP));
	assert_int_equal(h_root_slot(FREE)->mdb, 0);
	/* Rights only shrink. */
	h_expect_ok(h_copy(FREE + 1, FREE, BASALT_RIGHTS_ALL), "copy of the copy");
	assert_int_equal(cap_at(FREE + 1)->rights, BASALT_RIGHT_WRITE | BASALT_RIGHT_GRANT);
	h_expect_ok(h_copy(FREE + 2, NTFN, 0), "notification with no rights");
	assert_int_equal(cap_at(FREE + 2)->rights, 0);

	/* A frame copy starts unmapped (a frame cap maps in one place). */
	h_root_slot(FRAME)->cap.flags |= CAP_FLAG_MAPPED;
	h_root_slot(FRAME)->cap.w1 = 0x400000;
	h_root_slot(FRAME)->cap.word32 = 7;
	h_expect_ok(h_copy(FREE + 3, FRAME, BASALT_RIGHT_READ), "frame");
	assert_false(cap_is_mapped(cap_at(FREE + 3)));
	assert_int_equal(cap_at(FREE + 3)->w1, 0);
	assert_int_equal(cap_at(FREE + 3)->word32, 0);
	assert_int_equal(cap_at(FREE + 3)->rights, BASALT_RIGHT_READ);
	h_root_slot(FRAME)->cap.flags &= (uint8_t)~CAP_FLAG_MAPPED;

	/* CNodes and TCBs copy as they are (no rights to mask). */
	h_expect_ok(h_copy(FREE + 4, SUB, 0), "CNode");
	assert_true(h_caps_equal(cap_at(FREE + 4), cap_at(SUB)));
	h_expect_ok(h_copy(FREE + 5, TCB, 0), "TCB");
	assert_true(h_caps_equal(cap_at(FREE + 5), cap_at(TCB)));

	/* A page table copies only while mapped. */
	h_expect_err(h_copy(FREE + 6, PT, BASALT_RIGHTS_ALL), BASALT_ILLEGAL_OPERATION, "unmapped PT");
	h_root_slot(PT)->cap.flags |= CAP_FLAG_MAPPED;
	h_expect_ok(h_copy(FREE + 6, PT, BASALT_RIGHTS_ALL), "mapped PT");
	h_delete(FREE + 6);
	h_root_slot(PT)->cap.flags &= (uint8_t)~CAP_FLAG_MAPPED;

	/* Into another CNode, addressed through the root. */
	{
		uint64_t a[5] = { sub_index(3), 8 + SUB_RADIX, NTFN, 8, BASALT_RIGHTS_ALL };
		cte_t *x[1] = { h_env.root };

		h_expect_ok(h_call(h_env.root, BASALT_INV_CNODE_COPY, a, 5, x, 1), "into the sub CNode");
		assert_int_equal(h_cnode_slot(cap_at(SUB), 3)->cap.type, CAP_NOTIFICATION);
		/* From it, with the sub CNode as the source root. */
		a[0] = FREE + 7; a[1] = 8; a[2] = 3; a[3] = SUB_RADIX;
		x[0] = h_root_slot(SUB);
		h_expect_ok(h_call(h_env.root, BASALT_INV_CNODE_COPY, a, 5, x, 1), "from the sub CNode");
		assert_int_equal(cap_at(FREE + 7)->type, CAP_NOTIFICATION);
	}
	h_audit();
}

/* Caps that do not copy: untyped (docs/capabilities.md: two caps with
 * their own watermarks could hand out the same memory), zombies, reply
 * caps, IRQ control. */
static void test_cnode_uncopyable(void **state)
{
	h_snapshot_t *s;

	populate();
	cdt_insert(&h_env.caller->slots[TCB_SLOT_REPLY], &h_env.caller->slots[TCB_SLOT_CALLER],
		   cap_reply(virt_to_phys(h_env.caller), false, true));
	h_expect_ok(h_call(h_env.root, BASALT_INV_CNODE_SAVE_CALLER, (uint64_t[]){ 29, 8 }, 2, NULL, 0),
		    "a reply cap to copy");
	cdt_insert_root(&cdt_root, h_root_slot(28), cap_control(CAP_IRQ_CONTROL));

	s = h_snapshot_take();
	h_expect_err(h_copy(FREE, UT, BASALT_RIGHTS_ALL), BASALT_ILLEGAL_OPERATION,
		     "copy an untyped without children");
	h_expect_err(h_mint(FREE, UT, BASALT_RIGHTS_ALL, 0), BASALT_ILLEGAL_OPERATION,
		     "mint an untyped");
	h_expect_err(h_copy(FREE, H_SLOT_UT2, BASALT_RIGHTS_ALL), BASALT_ILLEGAL_OPERATION,
		     "copy a boot untyped");
	h_expect_err(h_copy(FREE, H_SLOT_DEV, BASALT_RIGHTS_ALL), BASALT_ILLEGAL_OPERATION,
		     "copy a device untyped");
	h_expect_err(h_copy(FREE, ZOMBIE, BASALT_RIGHTS_ALL), BASALT_ILLEGAL_OPERATION, "zombie");
	h_expect_err(h_mint(FREE, ZOMBIE, BASALT_RIGHTS_ALL, 1), BASALT_ILLEGAL_OPERATION,
		     "mint a zombie");
	h_expect_err(h_copy(FREE, 29, BASALT_RIGHTS_ALL), BASALT_ILLEGAL_OPERATION, "reply cap");
	h_expect_err(h_copy(FREE, 28, BASALT_RIGHTS_ALL), BASALT_ILLEGAL_OPERATION, "IRQ control");
	h_snapshot_expect_same(s, "uncopyable caps");
	/* With children too. */
	h_expect_ok(h_retype(h_root_slot(UT), BASALT_OBJ_ENDPOINT, 0, FREE + 1, 1), "a child");
	s = h_snapshot_take();
	h_expect_err(h_copy(FREE, UT, BASALT_RIGHTS_ALL), BASALT_ILLEGAL_OPERATION,
		     "copy an untyped with children");
	h_snapshot_expect_same(s, "untyped with children");
	h_delete(28);
	h_audit();
}

static void test_cnode_mint(void **state)
{
	populate();
	h_expect_ok(h_mint(FREE, EP, BASALT_RIGHTS_ALL, 0x1234), "badge an endpoint");
	assert_int_equal(cap_badge(cap_at(FREE)), 0x1234);
	assert_int_equal(h_root_slot(FREE)->mdb, CTE_REVOCABLE | CTE_FIRST_BADGED);
	h_expect_err(h_mint(FREE + 1, FREE, BASALT_RIGHTS_ALL, 0x99), BASALT_ILLEGAL_OPERATION,
		     "re-badge a badged cap");
	/* A badged cap cannot be minted at all, even with data 0 (seL4). */
	h_expect_err(h_mint(FREE + 1, FREE, BASALT_RIGHT_WRITE, 0), BASALT_ILLEGAL_OPERATION,
		     "mint of a badged cap, data 0");
	h_expect_ok(h_copy(FREE + 1, FREE, BASALT_RIGHT_WRITE), "copy of a badged cap");
	assert_int_equal(cap_badge(cap_at(FREE + 1)), 0x1234);
	assert_ptr_equal(cdt_parent(h_root_slot(FREE + 1)), h_root_slot(FREE));
	assert_int_equal(h_root_slot(FREE + 1)->mdb, 0);
	h_expect_ok(h_mint(FREE + 2, NTFN, BASALT_RIGHT_WRITE, 1ull << 63), "badge a notification");
	assert_int_equal(cap_badge(cap_at(FREE + 2)), 1ull << 63);
	assert_int_equal(cap_at(FREE + 2)->rights, BASALT_RIGHT_WRITE);

	/* CNode guards: size in the low 6 bits, value above, masked to size. */
	h_expect_ok(h_mint(FREE + 3, SUB, 0, basalt_cnode_guard(0x5, 3)), "guard 5/3");
	assert_int_equal(cap_cnode_guard_bits(cap_at(FREE + 3)), 3);
	assert_int_equal(cap_cnode_guard(cap_at(FREE + 3)), 0x5);
	h_expect_ok(h_mint(FREE + 4, SUB, 0, basalt_cnode_guard(0xff, 3)), "guard masked");
	assert_int_equal(cap_cnode_guard(cap_at(FREE + 4)), 0x7);
	h_expect_ok(h_mint(FREE + 5, SUB, 0, basalt_cnode_guard(0, 60)), "guard 60 + radix 4");
	assert_int_equal(cap_cnode_guard_bits(cap_at(FREE + 5)), 60);
	h_expect_err(h_mint(FREE + 6, SUB, 0, basalt_cnode_guard(0, 61)), BASALT_ILLEGAL_OPERATION,
		     "guard 61 + radix 4 > 64");
	/* Other caps ignore the data word. */
	h_expect_ok(h_mint(FREE + 6, FRAME, BASALT_RIGHTS_ALL, 0xabc), "frame");
	assert_int_equal(cap_at(FREE + 6)->w1, 0);
	h_expect_ok(h_mint(FREE + 7, TCB, 0, 0xabc), "TCB");
	assert_true(h_caps_equal(cap_at(FREE + 7), cap_at(TCB)));
	/* A guarded copy resolves with its guard. */
	{
		lookup_result_t r = cspace_lookup_slot_exact(cap_at(FREE + 3), 0x5 << 4 | 9, 7);

		assert_ptr_equal(r.slot, h_cnode_slot(cap_at(SUB), 9));
	}
	h_audit();
}

/* ---- Move and Mutate ---- */
static void test_cnode_move(void **state)
{
	cte_t *prev, *next;
	cap_t was;
	uint64_t mdb;

	populate();
	prev = h_root_slot(EP_COPY)->prev;
	next = h_root_slot(EP_COPY)->next;
	was = *cap_at(EP_COPY);
	mdb = h_root_slot(EP_COPY)->mdb;
	h_expect_ok(h_move(FREE, EP_COPY), "move");
	assert_true(cap_is_null(cap_at(EP_COPY)));
	assert_null(h_root_slot(EP_COPY)->prev);
	assert_true(h_caps_equal(cap_at(FREE), &was));
	assert_ptr_equal(h_root_slot(FREE)->prev, prev);   /* its place in the tree */
	assert_ptr_equal(h_root_slot(FREE)->next, next);
	assert_int_equal(h_root_slot(FREE)->mdb, mdb);

	/* Untyped caps move (and keep their watermark and children). */
	h_expect_ok(h_retype(h_root_slot(UT), BASALT_OBJ_ENDPOINT, 0, FREE + 1, 2), "children");
	was = *cap_at(UT);
	h_expect_ok(h_move(FREE + 3, UT), "move an untyped");
	assert_true(h_caps_equal(cap_at(FREE + 3), &was));
	assert_true(cdt_has_children(h_root_slot(FREE + 3)));
	h_expect_ok(h_retype(h_root_slot(FREE + 3), BASALT_OBJ_ENDPOINT, 0, FREE + 4, 1), "and it retypes");
	assert_int_equal(cap_at(FREE + 4)->obj, was.obj + 64);

	/* Zombies stay where they are. */
	h_expect_err(h_move(FREE + 5, ZOMBIE), BASALT_ILLEGAL_OPERATION, "move a zombie");
	h_expect_err(h_mutate(FREE + 5, ZOMBIE, 0), BASALT_ILLEGAL_OPERATION, "mutate a zombie");
	/* Onto itself: the destination is full. */
	h_expect_err(h_move(FREE, FREE), BASALT_DELETE_FIRST, "move onto itself");
	/* Reply caps move. */
	cdt_insert(&h_env.caller->slots[TCB_SLOT_REPLY], &h_env.caller->slots[TCB_SLOT_CALLER],
		   cap_reply(virt_to_phys(h_env.caller), false, true));
	h_expect_ok(h_call(h_env.root, BASALT_INV_CNODE_SAVE_CALLER, (uint64_t[]){ 29, 8 }, 2, NULL, 0),
		    "save the caller");
	h_expect_ok(h_move(FREE + 5, 29), "move a reply cap");
	assert_int_equal(cap_at(FREE + 5)->type, CAP_REPLY);
	h_audit();
}

static void test_cnode_mutate(void **state)
{
	populate();
	h_expect_ok(h_mutate(FREE, SUB, basalt_cnode_guard(0x3, 2)), "set a guard");
	assert_true(cap_is_null(cap_at(SUB)));
	assert_int_equal(cap_cnode_guard_bits(cap_at(FREE)), 2);
	assert_int_equal(cap_cnode_guard(cap_at(FREE)), 0x3);
	assert_int_equal(h_root_slot(FREE)->mdb, CTE_REVOCABLE | CTE_FIRST_BADGED);  /* still the original */
	h_expect_err(h_mutate(FREE + 1, FREE, basalt_cnode_guard(0, 61)), BASALT_ILLEGAL_OPERATION,
		     "guard too long");
	/* Mutate cannot badge (as in seL4): it would move a cap out from under
	 * its badge's root. */
	h_expect_err(h_mutate(FREE + 1, EP_COPY, 5), BASALT_ILLEGAL_OPERATION, "badge by mutate");
	h_expect_err(h_mutate(FREE + 1, EP_COPY, 0), BASALT_ILLEGAL_OPERATION, "endpoint, data 0");
	h_expect_ok(h_mutate(FREE + 1, FRAME, 0x77), "frame: data ignored");
	assert_int_equal(cap_at(FREE + 1)->type, CAP_FRAME);
	h_audit();
}

/* ---- Rotate ---- */
static h_result_t rotate(uint64_t dest, uint64_t pivot, uint64_t pivot_data, uint64_t src,
			 uint64_t src_data)
{
	uint64_t a[8] = { dest, 8, pivot, 8, pivot_data, src, 8, src_data };
	cte_t *x[2] = { h_env.root, h_env.root };

	return h_call(h_env.root, BASALT_INV_CNODE_ROTATE, a, 8, x, 2);
}

static void test_cnode_rotate(void **state)
{
	cap_t sub, tcb, frame;
	cte_t *tcb_prev, *sub_prev;
	h_snapshot_t *s;

	populate();
	sub = *cap_at(SUB);
	tcb = *cap_at(TCB);
	frame = *cap_at(FRAME);
	tcb_prev = h_root_slot(TCB)->prev;
	sub_prev = h_root_slot(SUB)->prev;
	/* src -> pivot, pivot -> dest: SUB goes to TCB's slot, TCB to FREE. */
	h_expect_ok(rotate(FREE, TCB, 0, SUB, basalt_cnode_guard(1, 1)), "rotate");
	assert_true(cap_is_null(cap_at(SUB)));
	assert_true(h_caps_equal(cap_at(FREE), &tcb));
	assert_int_equal(cap_at(TCB)->type, CAP_CNODE);
	assert_int_equal(cap_at(TCB)->obj, sub.obj);
	assert_int_equal(cap_cnode_guard_bits(cap_at(TCB)), 1);   /* src data applied */
	assert_ptr_equal(h_root_slot(FREE)->prev, tcb_prev);      /* caps keep their places */
	assert_ptr_equal(h_root_slot(TCB)->prev, sub_prev);
	h_audit();

	/* dest == src: the two swap. */
	h_expect_ok(rotate(FREE, FRAME, 0, FREE, 0), "swap");
	assert_true(h_caps_equal(cap_at(FREE), &frame));
	assert_true(h_caps_equal(cap_at(FRAME), &tcb));
	h_audit();

	s = h_snapshot_take();
	h_expect_err(rotate(FREE + 1, NTFN, 0, NTFN, 0), BASALT_ILLEGAL_OPERATION, "pivot is src");
	h_expect_err(rotate(NTFN, NTFN, 0, FRAME, 0), BASALT_ILLEGAL_OPERATION, "pivot is dest");
	h_expect_err(rotate(TCB, FRAME, 0, FREE, 0), BASALT_DELETE_FIRST, "dest full");
	h_expect_err(rotate(FREE + 1, FRAME, 0, FREE + 2, 0), BASALT_FAILED_LOOKUP, "src empty");
	h_expect_err(rotate(FREE + 1, FREE + 3, 0, FRAME, 0), BASALT_FAILED_LOOKUP, "pivot empty");
	h_expect_err(rotate(FREE + 1, ZOMBIE, 0, FRAME, 0), BASALT_ILLEGAL_OPERATION, "pivot zombie");
	h_expect_err(rotate(FREE + 1, FRAME, 0, ZOMBIE, 0), BASALT_ILLEGAL_OPERATION, "src zombie");
	/* Endpoints cannot rotate: Rotate's data words are Mutate's (seL4). */
	h_expect_err(rotate(FREE + 1, FRAME, 0, EP, 0), BASALT_ILLEGAL_OPERATION, "src endpoint");
	h_expect_err(rotate(FREE + 1, EP, 0, FRAME, 0), BASALT_ILLEGAL_OPERATION, "pivot endpoint");
	h_expect_err(rotate(FREE + 1, FRAME, 0, TCB, basalt_cnode_guard(0, 61)),
		     BASALT_ILLEGAL_OPERATION, "src CNode guard too long");
	{
		h_result_t r = rotate(FREE + 1, FRAME, 0, FREE + 2, 0);

		assert_true(r.err.lookup_was_source);
		assert_int_equal(r.err.lookup.type, BASALT_LOOKUP_MISSING_CAPABILITY);
		assert_int_equal(r.err.lookup.bits_left, 8);
		r = rotate(FREE + 1, FREE + 3, 0, FRAME, 0);
		assert_false(r.err.lookup_was_source);
		assert_int_equal(r.err.lookup.bits_left, 8);
	}
	{
		uint64_t a[8] = { FREE + 1, 8, FRAME, 8, 0, FREE, 8, 0 };
		cte_t *x[2] = { h_env.root, h_env.root };

		h_expect_err(h_call(h_env.root, BASALT_INV_CNODE_ROTATE, a, 7, x, 2),
			     BASALT_TRUNCATED_MESSAGE, "7 words");
		h_expect_err(h_call(h_env.root, BASALT_INV_CNODE_ROTATE, a, 8, x, 1),
			     BASALT_TRUNCATED_MESSAGE, "one extra cap");
	}
	h_snapshot_expect_same(s, "failed rotates");
	h_audit();
}

/* ---- Delete, Revoke ---- */
static void test_cnode_delete_revoke(void **state)
{
	uint64_t ep_obj;

	populate();
	ep_obj = cap_at(EP)->obj;
	h_expect_ok(h_copy(FREE, EP, BASALT_RIGHTS_ALL), "another copy");
	h_expect_ok(h_revoke(EP_COPY), "revoke a copy: it has no children");
	assert_int_equal(cap_at(FREE)->type, CAP_ENDPOINT);
	h_expect_ok(h_delete(EP), "delete the original");
	assert_int_equal(h_finalised(CAP_ENDPOINT, ep_obj), 0);
	assert_ptr_equal(cdt_parent(h_root_slot(FREE)), h_env.ut);   /* copies join the untyped */
	h_expect_ok(h_delete(FREE), "delete a copy");
	assert_int_equal(h_finalised(CAP_ENDPOINT, ep_obj), 0);
	h_expect_ok(h_delete(EP_COPY), "delete the last cap");
	assert_int_equal(h_finalised(CAP_ENDPOINT, ep_obj), 1);
	h_expect_ok(h_delete(EP_COPY), "delete an empty slot");
	h_expect_ok(h_revoke(EP_COPY), "revoke an empty slot");
	/* Deleting a CNode's last cap deletes what it holds. */
	{
		uint64_t a[5] = { sub_index(5), 8 + SUB_RADIX, NTFN, 8, BASALT_RIGHTS_ALL };
		uint64_t m[4] = { sub_index(6), 8 + SUB_RADIX, NTFN, 8 };
		cte_t *x[1] = { h_env.root };
		uint64_t ntfn = cap_at(NTFN)->obj;

		h_expect_ok(h_call(h_env.root, BASALT_INV_CNODE_COPY, a, 5, x, 1), "into the sub CNode");
		h_expect_ok(h_call(h_env.root, BASALT_INV_CNODE_MOVE, m, 4, x, 1), "and the original");
		h_log_clear();
		h_expect_ok(h_delete(SUB), "delete the sub CNode");
		assert_int_equal(h_finalised(CAP_NOTIFICATION, ntfn), 1);
		/* Highest slot first: the original (not final), then the copy. */
		assert_int_equal(h_log_len, 2);
		assert_false(h_log[0].final);
		assert_true(h_log[1].final);
	}
	h_audit();
}

/* ---- SaveCaller, CancelBadgedSends ---- */
static void test_cnode_save_caller(void **state)
{
	cte_t *caller = &h_env.caller->slots[TCB_SLOT_CALLER];
	uint64_t a[2] = { FREE, 8 };

	populate();
	h_expect_ok(h_call(h_env.root, BASALT_INV_CNODE_SAVE_CALLER, a, 2, NULL, 0), "nothing to save");
	assert_true(cap_is_null(cap_at(FREE)));
	cdt_insert(&h_env.caller->slots[TCB_SLOT_REPLY], caller,
		   cap_reply(virt_to_phys(h_env.caller), false, true));
	a[0] = EP;
	h_expect_err(h_call(h_env.root, BASALT_INV_CNODE_SAVE_CALLER, a, 2, NULL, 0),
		     BASALT_DELETE_FIRST, "into a full slot");
	a[0] = FREE;
	h_expect_ok(h_call(h_env.root, BASALT_INV_CNODE_SAVE_CALLER, a, 2, NULL, 0), "save");
	assert_true(cap_is_null(&caller->cap));
	assert_int_equal(cap_at(FREE)->type, CAP_REPLY);
	assert_ptr_equal(cdt_parent(h_root_slot(FREE)), &h_env.caller->slots[TCB_SLOT_REPLY]);
	h_audit();
	h_expect_ok(h_delete(FREE), "delete the reply cap");
	h_audit();
}

static h_result_t cancel(uint64_t index)
{
	return h_call(h_env.root, BASALT_INV_CNODE_CANCEL_BADGED_SENDS, (uint64_t[]){ index, 8 }, 2,
		      NULL, 0);
}

static void test_cnode_cancel_badged_sends(void **state)
{
	populate();
	h_expect_ok(h_mint(FREE, EP, BASALT_RIGHTS_ALL, 42), "badged");
	h_expect_ok(h_mint(FREE + 1, EP, BASALT_RIGHT_WRITE, 43), "badged, write only");
	h_expect_ok(cancel(FREE), "cancel badge 42");
	assert_int_equal(h_cancel_badged_calls, 1);
	assert_int_equal(h_log[h_log_len - 1].obj, cap_at(EP)->obj);
	assert_int_equal(h_log[h_log_len - 1].badge, 42);
	h_expect_ok(cancel(EP), "unbadged: nothing to cancel");
	assert_int_equal(h_cancel_badged_calls, 1);
	h_expect_err(cancel(FREE + 1), BASALT_ILLEGAL_OPERATION, "without every right");
	h_expect_err(cancel(NTFN), BASALT_ILLEGAL_OPERATION, "a notification");
	h_expect_err(cancel(FREE + 2), BASALT_ILLEGAL_OPERATION, "an empty slot");
	assert_int_equal(h_cancel_badged_calls, 1);
	/* Preemptible: restarted until done. */
	h_finalise_preempts = true;
	h_preempt_every(1);
	h_expect_ok(cancel(FREE), "cancel, preempted");
	assert_int_equal(h_cancel_badged_calls, 2);
}

/* ---- errors common to the CNode operations, in order ---- */
typedef struct err_case {
	const char *name;
	basalt_word_t label;
	unsigned nargs;
	uint64_t args[8];
	unsigned nextra;
	basalt_error_t code;
	uint64_t d0, d1;
	bool source;
	unsigned lookup, left, needed;
} err_case_t;

#define L(x) BASALT_INV_CNODE_##x

static const err_case_t err_cases[] = {
	{ "label below the CNode range", L(REVOKE) - 1, 2, { EP, 8 }, 0, BASALT_ILLEGAL_OPERATION },
	{ "label above the CNode range", L(SAVE_CALLER) + 1, 2, { EP, 8 }, 0, BASALT_ILLEGAL_OPERATION },
	{ "untyped retype on a CNode", BASALT_INV_UNTYPED_RETYPE, 6, { 2, 0, 0, 0, FREE, 1 }, 1,
	  BASALT_ILLEGAL_OPERATION },
	{ "one word", L(DELETE), 1, { EP }, 0, BASALT_TRUNCATED_MESSAGE },
	{ "depth 0", L(DELETE), 2, { EP, 0 }, 0, BASALT_RANGE_ERROR, 1, 64 },
	{ "depth 65", L(REVOKE), 2, { EP, 65 }, 0, BASALT_RANGE_ERROR, 1, 64 },
	{ "depth 7", L(DELETE), 2, { EP, 7 }, 0, BASALT_FAILED_LOOKUP, 0, 0, false,
	  BASALT_LOOKUP_DEPTH_MISMATCH, 7, 8 },
	{ "depth 9 past an endpoint", L(DELETE), 2, { EP << 1, 9 }, 0, BASALT_FAILED_LOOKUP, 0, 0,
	  false, BASALT_LOOKUP_DEPTH_MISMATCH, 1, 0 },
	{ "copy: 4 words", L(COPY), 4, { FREE, 8, EP, 8 }, 1, BASALT_TRUNCATED_MESSAGE },
	{ "mint: 5 words", L(MINT), 5, { FREE, 8, EP, 8, 15 }, 1, BASALT_TRUNCATED_MESSAGE },
	{ "move: 3 words", L(MOVE), 3, { FREE, 8, EP }, 1, BASALT_TRUNCATED_MESSAGE },
	{ "mutate: 4 words", L(MUTATE), 4, { FREE, 8, EP, 8 }, 1, BASALT_TRUNCATED_MESSAGE },
	{ "copy: no source root", L(COPY), 5, { FREE, 8, EP, 8, 15 }, 0, BASALT_TRUNCATED_MESSAGE },
	{ "copy: destination full (before the source is looked at)", L(COPY), 5,
	  { EP_COPY, 8, FREE, 99, 15 }, 1, BASALT_DELETE_FIRST },
	{ "copy: source depth 0", L(COPY), 5, { FREE, 8, EP, 0, 15 }, 1, BASALT_RANGE_ERROR, 1, 64 },
	{ "copy: source depth 3", L(COPY), 5, { FREE, 8, EP, 3, 15 }, 1, BASALT_FAILED_LOOKUP, 0, 0,
	  true, BASALT_LOOKUP_DEPTH_MISMATCH, 3, 8 },
	{ "copy: source empty", L(COPY), 5, { FREE, 8, FREE + 1, 8, 15 }, 1, BASALT_FAILED_LOOKUP, 0,
	  0, true, BASALT_LOOKUP_MISSING_CAPABILITY, 8, 0 },
	{ "move: source empty", L(MOVE), 4, { FREE, 8, FREE + 1, 8 }, 1, BASALT_FAILED_LOOKUP, 0, 0,
	  true, BASALT_LOOKUP_MISSING_CAPABILITY, 8, 0 },
	{ "copy: source in the sub CNode, too short", L(COPY), 5, { FREE, 8, SUB << 2, 8 + 2, 15 }, 1,
	  BASALT_FAILED_LOOKUP, 0, 0, true, BASALT_LOOKUP_DEPTH_MISMATCH, 2, 4 },
	{ "copy: destination lookup ends with a bit left", L(COPY), 5, { FREE << 1, 9, EP, 8, 15 }, 1,
	  BASALT_FAILED_LOOKUP, 0, 0, false, BASALT_LOOKUP_DEPTH_MISMATCH, 1, 0 },
	{ "rotate: 7 words", L(ROTATE), 7, { FREE, 8, TCB, 8, 0, FRAME, 8 }, 2,
	  BASALT_TRUNCATED_MESSAGE },
	{ "rotate: pivot depth 0", L(ROTATE), 8, { FREE, 8, TCB, 0, 0, FRAME, 8, 0 }, 2,
	  BASALT_RANGE_ERROR, 1, 64 },
	{ "rotate: source depth 70", L(ROTATE), 8, { FREE, 8, TCB, 8, 0, FRAME, 70, 0 }, 2,
	  BASALT_RANGE_ERROR, 1, 64 },
	{ "save caller: full", L(SAVE_CALLER), 2, { EP, 8 }, 0, BASALT_DELETE_FIRST },
};

static void test_cnode_errors(void **state)
{
	populate();
	for (size_t i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++) {
		const err_case_t *c = &err_cases[i];
		cte_t *x[2] = { h_env.root, h_env.root };
		h_snapshot_t *s = h_snapshot_take();
		h_result_t r = h_call(h_env.root, c->label, c->args, c->nargs, x, c->nextra);

		if (r.ex != EXC_SYSCALL_ERROR || r.err.code != c->code)
			fail_msg("%s: expected error %u, got ex %u code %u", c->name, c->code, r.ex,
				 r.err.code);
		if (c->code == BASALT_RANGE_ERROR &&
		    (r.err.detail[0] != c->d0 || r.err.detail[1] != c->d1))
			fail_msg("%s: range [%llu, %llu]", c->name, (unsigned long long)r.err.detail[0],
				 (unsigned long long)r.err.detail[1]);
		if (c->code == BASALT_FAILED_LOOKUP &&
		    (r.err.lookup_was_source != c->source || r.err.lookup.type != c->lookup ||
		     r.err.lookup.bits_left != c->left || r.err.lookup.bits_needed != c->needed))
			fail_msg("%s: lookup {source %d, type %u, left %u, needed %u}", c->name,
				 r.err.lookup_was_source, r.err.lookup.type, r.err.lookup.bits_left,
				 r.err.lookup.bits_needed);
		h_snapshot_expect_same(s, c->name);
	}
	h_audit();
}

static const struct CMUnitTest tests[] = {
	H_TEST(test_cnode_copy),
	H_TEST(test_cnode_uncopyable),
	H_TEST(test_cnode_mint),
	H_TEST(test_cnode_move),
	H_TEST(test_cnode_mutate),
	H_TEST(test_cnode_rotate),
	H_TEST(test_cnode_delete_revoke),
	H_TEST(test_cnode_save_caller),
	H_TEST(test_cnode_cancel_badged_sends),
	H_TEST(test_cnode_errors),
};

H_SUITE(h_suite_cnode, tests);
