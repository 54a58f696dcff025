/*
 * The derivation tree (cdt.c): the list operations keep the list whole
 * and in the order the documentation promises; parenthood for untyped
 * regions, originals and copies, badges (first-badged and its inheritance
 * when a cap goes); is_final, cdt_parent; the order revoke deletes in.
 *
 * The list tests use made-up caps in hand-built slots (the list code never
 * looks at objects); the badge and revoke tests use real objects made by
 * retype and the CNode invocations.
 */
#include <stdio.h>

#include "harness.h"

#define NSLOTS 16

static cte_t *slots;    /* NSLOTS hand-built slots */

/* Cap number i: an endpoint of its own object, so positions are visible. */
static cap_t ep(unsigned i)
{
	return cap_endpoint(H_RAM_BASE + 0x100000 + 32 * i, 0, BASALT_RIGHTS_ALL);
}

static unsigned ep_number(const cap_t *c)
{
	return (unsigned)((c->obj - H_RAM_BASE - 0x100000) / 32);
}

static void expect_empty(const cte_t *s, const char *what)
{
	if (!cap_is_null(&s->cap) || s->prev != NULL || s->next != NULL || s->mdb != 0)
		fail_msg("%s: slot %td is not empty and unlinked", what, s - slots);
}

/* The list holds exactly `want` slots in order, and slot want[i] holds cap
 * number caps[i] (caps may be NULL: not checked). */
static void expect_list(const char *what, cte_t *const *want, const unsigned *caps, size_t n)
{
	size_t i = 0;
	uint64_t len = h_check_list();

	if (len != n)
		fail_msg("%s: list has %llu slots, expected %zu", what, (unsigned long long)len, n);
	for (const cte_t *s = cdt_root.next; s != NULL; s = s->next, i++) {
		if (s != want[i])
			fail_msg("%s: position %zu is slot %td, expected slot %td", what, i, s - slots,
				 want[i] - slots);
		if (caps != NULL && ep_number(&s->cap) != caps[i])
			fail_msg("%s: position %zu holds cap %u, expected cap %u", what, i,
				 ep_number(&s->cap), caps[i]);
	}
}

/* A fresh list of roots 0..n-1, slot i holding cap i with mdb i. */
static void fresh(unsigned n)
{
	cte_t *after = &cdt_root;

	cdt_root = (cte_t){ 0 };
	slots = phys_to_virt(h_boot_alloc(4 + BASALT_SLOT_BITS));
	for (unsigned i = 0; i < n; i++) {
		cdt_insert_root(after, &slots[i], ep(i));
		slots[i].mdb = i;   /* tags that must travel with their cap */
		after = &slots[i];
	}
}

#define S(i) (&slots[i])
#define EXPECT(what, ...) do { \
		cte_t *const want_[] = { __VA_ARGS__ }; \
		expect_list(what, want_, NULL, sizeof(want_) / sizeof(want_[0])); \
	} while (0)
#define CAPS(...) ((const unsigned[]){ __VA_ARGS__ })
#define EXPECT_CAPS(what, caps, ...) do { \
		cte_t *const want_[] = { __VA_ARGS__ }; \
		expect_list(what, want_, caps, sizeof(want_) / sizeof(want_[0])); \
	} while (0)

static void test_cdt_insert_remove(void **state)
{
	fresh(3);
	EXPECT("three roots", S(0), S(1), S(2));
	cdt_insert(S(1), S(5), ep(1));
	EXPECT("a copy goes right after its source", S(0), S(1), S(5), S(2));
	assert_int_equal(S(5)->mdb, 0);         /* a plain copy is not revocable */
	cdt_insert_new(S(2), S(6), ep(6));
	EXPECT("a new cap goes right after its parent (the tail)", S(0), S(1), S(5), S(2), S(6));
	assert_int_equal(S(6)->mdb, CTE_REVOCABLE | CTE_FIRST_BADGED);
	cdt_insert_new(S(0), S(7), ep(7));
	EXPECT("a new cap after the head", S(0), S(7), S(1), S(5), S(2), S(6));
	cdt_remove(S(0));
	expect_empty(S(0), "head removed");
	EXPECT("head removed", S(7), S(1), S(5), S(2), S(6));
	cdt_remove(S(6));
	expect_empty(S(6), "tail removed");
	EXPECT("tail removed", S(7), S(1), S(5), S(2));
	cdt_remove(S(5));
	expect_empty(S(5), "middle removed");
	EXPECT("middle removed", S(7), S(1), S(2));
	cdt_remove(S(7));
	cdt_remove(S(2));
	cdt_remove(S(1));
	assert_null(cdt_root.next);
	assert_int_equal(h_check_list(), 0);
}

static void test_cdt_move(void **state)
{
	fresh(4);
	cdt_move(S(1), S(9), S(1)->cap);
	expect_empty(S(1), "moved from");
	EXPECT_CAPS("move from the middle", CAPS(0, 1, 2, 3), S(0), S(9), S(2), S(3));
	assert_int_equal(S(9)->mdb, 1);
	cdt_move(S(0), S(10), ep(12));   /* the cap may change (Mutate) */
	EXPECT_CAPS("move the head, new cap", CAPS(12, 1, 2, 3), S(10), S(9), S(2), S(3));
	cdt_move(S(3), S(11), S(3)->cap);
	EXPECT_CAPS("move the tail", CAPS(12, 1, 2, 3), S(10), S(9), S(2), S(11));
	assert_int_equal(S(11)->mdb, 3);
	cdt_move(S(11), S(3), S(11)->cap);
	EXPECT_CAPS("and back", CAPS(12, 1, 2, 3), S(10), S(9), S(2), S(3));
}

/* Swap: each cap keeps its place in the list, the slots trade places, and
 * the mdb bits go with the cap. */
typedef struct swap_case {
	const char *name;
	unsigned a, b;
	unsigned order[5];      /* slots in list order afterwards */
} swap_case_t;

static const swap_case_t swap_cases[] = {
	{ "adjacent, a before b", 1, 2, { 0, 2, 1, 3, 4 } },
	{ "adjacent, b before a", 2, 1, { 0, 2, 1, 3, 4 } },
	{ "distant", 0, 3, { 3, 1, 2, 0, 4 } },
	{ "distant, reversed", 3, 0, { 3, 1, 2, 0, 4 } },
	{ "head and tail", 0, 4, { 4, 1, 2, 3, 0 } },
	{ "adjacent at the tail", 3, 4, { 0, 1, 2, 4, 3 } },
	{ "adjacent at the head, reversed", 1, 0, { 1, 0, 2, 3, 4 } },
	{ "one gap", 1, 3, { 0, 3, 2, 1, 4 } },
};

static void test_cdt_swap(void **state)
{
	for (size_t i = 0; i < sizeof(swap_cases) / sizeof(swap_cases[0]); i++) {
		const swap_case_t *c = &swap_cases[i];
		cte_t *want[5];

		fresh(5);
		cdt_swap(S(c->a), S(c->b));
		for (unsigned k = 0; k < 5; k++)
			want[k] = S(c->order[k]);
		expect_list(c->name, want, CAPS(0, 1, 2, 3, 4), 5);
		/* the mdb tag follows its cap */
		for (unsigned k = 0; k < 5; k++) {
			if (S(k)->mdb != ep_number(&S(k)->cap))
				fail_msg("%s: slot %u holds cap %u with the mdb of cap %llu", c->name, k,
					 ep_number(&S(k)->cap), (unsigned long long)S(k)->mdb);
		}
	}
	fresh(3);
	cdt_swap(S(1), S(1));
	EXPECT_CAPS("swap with itself changes nothing", CAPS(0, 1, 2), S(0), S(1), S(2));
	/* With an empty slot off the list: that slot takes the cap's place. */
	cdt_swap(S(1), S(8));
	expect_empty(S(1), "swapped with an empty slot");
	EXPECT_CAPS("swap with an empty slot", CAPS(0, 1, 2), S(0), S(8), S(2));
}

/* ---- parenthood ---- */
typedef struct parent_case {
	const char *name;
	cap_t a;
	uint64_t a_mdb;
	cap_t b;
	uint64_t b_mdb;
	bool parent;
} parent_case_t;

#define ORIG (CTE_REVOCABLE | CTE_FIRST_BADGED)

static void test_cdt_is_parent_of(void **state)
{
	const uint64_t ut = H_RAM_BASE + (1u << 20);   /* a 1 MiB region */
	const uint64_t e = ut + 0x1000, n = ut + 0x2000, cn = ut + 0x4000;
	const parent_case_t cases[] = {
		{ "untyped over an object inside it", cap_untyped(ut, 20, false), ORIG,
		  cap_endpoint(e, 0, 15), ORIG, true },
		{ "untyped over an object at its last bytes", cap_untyped(ut, 20, false), ORIG,
		  cap_endpoint(ut + (1u << 20) - 32, 0, 15), ORIG, true },
		{ "untyped over an object just past it", cap_untyped(ut, 20, false), ORIG,
		  cap_endpoint(ut + (1u << 20), 0, 15), ORIG, false },
		{ "untyped over an object straddling its end", cap_untyped(ut, 20, false), ORIG,
		  cap_frame(ut + (1u << 20) - 4096, 21, 3, false), ORIG, false },
		{ "untyped over an object below it", cap_untyped(ut, 20, false), ORIG,
		  cap_endpoint(ut - 32, 0, 15), ORIG, false },
		{ "untyped over a smaller untyped inside", cap_untyped(ut, 20, false), ORIG,
		  cap_untyped(ut + 0x8000, 15, false), ORIG, true },
		{ "untyped over an equal untyped", cap_untyped(ut, 20, false), ORIG,
		  cap_untyped(ut, 20, false), ORIG, true },
		{ "untyped over a bigger untyped", cap_untyped(ut, 20, false), ORIG,
		  cap_untyped(ut, 21, false), ORIG, false },
		{ "untyped over a zombie inside it", cap_untyped(ut, 20, false), ORIG,
		  (cap_t){ .type = CAP_ZOMBIE, .obj = cn, .bits = 10 }, ORIG, true },
		{ "untyped over a reply cap (names no memory)", cap_untyped(ut, 20, false), ORIG,
		  cap_reply(e, false, false), 0, false },
		{ "untyped that is not revocable", cap_untyped(ut, 20, false), 0,
		  cap_endpoint(e, 0, 15), ORIG, false },
		{ "original endpoint over a copy", cap_endpoint(e, 0, 15), ORIG,
		  cap_endpoint(e, 0, 3), 0, true },
		{ "original endpoint over a badged cap", cap_endpoint(e, 0, 15), ORIG,
		  cap_endpoint(e, 5, 15), ORIG, true },
		{ "original endpoint over another endpoint", cap_endpoint(e, 0, 15), ORIG,
		  cap_endpoint(e + 32, 0, 15), 0, false },
		{ "endpoint over a notification at its address", cap_endpoint(n, 0, 15), ORIG,
		  cap_notification(n, 0, 3), 0, false },
		{ "copy (not revocable) over a copy", cap_endpoint(e, 0, 15), 0,
		  cap_endpoint(e, 0, 15), 0, false },
		{ "badged root over a copy of its badge", cap_endpoint(e, 5, 15), ORIG,
		  cap_endpoint(e, 5, 15), 0, true },
		{ "badged root over a new root of the same badge", cap_endpoint(e, 5, 15), ORIG,
		  cap_endpoint(e, 5, 15), ORIG, false },
		{ "badged root over an inherited first-badged copy", cap_endpoint(e, 5, 15), ORIG,
		  cap_endpoint(e, 5, 15), CTE_FIRST_BADGED, false },
		{ "badged root over another badge", cap_endpoint(e, 5, 15), ORIG,
		  cap_endpoint(e, 7, 15), 0, false },
		{ "badged root over an unbadged cap", cap_endpoint(e, 5, 15), ORIG,
		  cap_endpoint(e, 0, 15), 0, false },
		{ "badged notification over a copy of its badge", cap_notification(n, 9, 3), ORIG,
		  cap_notification(n, 9, 1), 0, true },
		{ "CNode original over a copy with a guard", cap_cnode(cn, 4, 0, 0), ORIG,
		  cap_cnode(cn, 4, 3, 5), 0, true },
		{ "CNode over a CNode of another radix there", cap_cnode(cn, 4, 0, 0), ORIG,
		  cap_cnode(cn, 3, 0, 0), 0, false },
		{ "frame over a copy", cap_frame(ut, 12, 3, false), ORIG, cap_frame(ut, 12, 1, false), 0,
		  true },
		{ "frame over a frame of another size", cap_frame(ut, 21, 3, false), ORIG,
		  cap_frame(ut, 12, 3, false), 0, false },
		{ "frame over a device frame there", cap_frame(ut, 12, 3, false), ORIG,
		  cap_frame(ut, 12, 3, true), 0, false },
		{ "TCB original over a copy", cap_tcb(cn), ORIG, cap_tcb(cn), 0, true },
		{ "master reply over a reply cap", cap_reply(cn, true, true), ORIG,
		  cap_reply(cn, false, true), 0, true },
		{ "zombie over anything", (cap_t){ .type = CAP_ZOMBIE, .obj = cn, .bits = 10 }, ORIG,
		  cap_cnode(cn, 4, 0, 0), 0, false },
		{ "null over anything", cap_null(), ORIG, cap_endpoint(e, 0, 15), 0, false },
	};
	cte_t a = { 0 }, b = { 0 };

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		a.cap = cases[i].a;
		a.mdb = cases[i].a_mdb;
		b.cap = cases[i].b;
		b.mdb = cases[i].b_mdb;
		if (cdt_is_parent_of(&a, &b) != cases[i].parent)
			fail_msg("%s: is_parent_of says %d", cases[i].name, !cases[i].parent);
	}
}

/* is_final and cdt_parent on a list built by hand:
 *   U (untyped), E (original), E1 (copy), B (badge 5 root), B1 (its copy),
 *   F (another endpoint, original) */
static void test_cdt_final_and_parent(void **state)
{
	const uint64_t ut = H_RAM_BASE + (1u << 20), e = ut + 64, f = ut + 32;
	cte_t *u, *en, *e1, *b, *b1, *fn;

	fresh(0);
	u = S(0); en = S(1); e1 = S(2); b = S(3); b1 = S(4); fn = S(5);
	cdt_insert_root(&cdt_root, u, cap_untyped(ut, 20, false));
	cdt_insert_new(u, fn, cap_endpoint(f, 0, 15));
	cdt_insert_new(u, en, cap_endpoint(e, 0, 15));
	cdt_insert(en, b, cap_endpoint(e, 5, 15));
	cdt_insert(b, b1, cap_endpoint(e, 5, 7));
	cdt_insert(en, e1, cap_endpoint(e, 0, 3));
	EXPECT("built", u, en, e1, b, b1, fn);
	assert_int_equal(b->mdb, CTE_REVOCABLE | CTE_FIRST_BADGED);   /* a new badge is a root */
	assert_int_equal(b1->mdb, 0);
	assert_int_equal(e1->mdb, 0);

	assert_null(cdt_parent(u));
	assert_ptr_equal(cdt_parent(en), u);
	assert_ptr_equal(cdt_parent(e1), en);
	assert_ptr_equal(cdt_parent(b), en);
	assert_ptr_equal(cdt_parent(b1), b);
	assert_ptr_equal(cdt_parent(fn), u);
	assert_true(cdt_has_children(u));
	assert_true(cdt_has_children(en));
	assert_false(cdt_has_children(e1));
	assert_true(cdt_has_children(b));
	assert_false(cdt_has_children(fn));

	/* Untyped caps are always final; F is alone; E's caps are not. */
	assert_true(cdt_is_final(u));
	assert_true(cdt_is_final(fn));
	assert_false(cdt_is_final(en));
	assert_false(cdt_is_final(b1));
	cdt_remove(e1);
	cdt_remove(b);
	/* B1 inherited "first badged": no longer a child of a badge-5 root
	 * that might come later, still a child of E. */
	assert_int_equal(b1->mdb, CTE_FIRST_BADGED);
	assert_ptr_equal(cdt_parent(b1), en);
	assert_false(cdt_is_final(en));
	cdt_remove(b1);
	assert_true(cdt_is_final(en));
	/* A zombie does not share an object with a cap of another type. */
	en->cap = (cap_t){ .type = CAP_ZOMBIE, .obj = f, .bits = 5 };
	assert_true(cdt_is_final(en));
	assert_true(cdt_is_final(fn));
}

/* ---- badges through real invocations ---- */
#define EP 16

static void test_cdt_badges(void **state)
{
	h_expect_ok(h_retype(h_env.ut, BASALT_OBJ_ENDPOINT, 0, EP, 1), "endpoint");
	h_expect_ok(h_mint(17, EP, BASALT_RIGHTS_ALL, 5), "mint badge 5");
	h_expect_ok(h_copy(18, 17, BASALT_RIGHTS_ALL), "copy of badge 5");
	h_expect_ok(h_mint(19, EP, BASALT_RIGHTS_ALL, 5), "mint badge 5 again");
	h_expect_ok(h_copy(20, EP, BASALT_RIGHTS_ALL), "unbadged copy");
	h_expect_ok(h_mint(21, EP, BASALT_RIGHTS_ALL, 0), "mint with badge 0 is a plain copy");
	assert_int_equal(h_root_slot(21)->mdb, 0);
	assert_int_equal(h_root_slot(19)->mdb, CTE_REVOCABLE | CTE_FIRST_BADGED);

	/* The second badge-5 root does not own the first one's copies. */
	assert_ptr_equal(cdt_parent(h_root_slot(17)), h_root_slot(EP));
	assert_ptr_equal(cdt_parent(h_root_slot(18)), h_root_slot(17));
	assert_ptr_equal(cdt_parent(h_root_slot(19)), h_root_slot(EP));
	h_expect_ok(h_revoke(19), "revoke the second badge-5 root");
	assert_int_equal(h_root_slot(17)->cap.type, CAP_ENDPOINT);
	assert_int_equal(h_root_slot(18)->cap.type, CAP_ENDPOINT);

	/* Deleting a badge's root hands "first badged" to its copy, so a new
	 * root of that badge does not adopt it. */
	h_expect_ok(h_delete(17), "delete the badge-5 root");
	assert_true(h_root_slot(18)->mdb & CTE_FIRST_BADGED);
	assert_ptr_equal(cdt_parent(h_root_slot(18)), h_root_slot(EP));
	h_expect_ok(h_mint(22, EP, BASALT_RIGHTS_ALL, 5), "a new badge-5 root");
	assert_false(cdt_is_parent_of(h_root_slot(22), h_root_slot(18)));
	h_expect_ok(h_revoke(22), "revoke it");
	assert_int_equal(h_root_slot(18)->cap.type, CAP_ENDPOINT);

	/* A copy of the badged cap is its root's child, and revoking the
	 * root takes exactly that subtree. */
	h_expect_ok(h_copy(23, 19, BASALT_RIGHT_WRITE), "copy of the second root");
	assert_ptr_equal(cdt_parent(h_root_slot(23)), h_root_slot(19));
	assert_int_equal(h_root_slot(23)->cap.rights, BASALT_RIGHT_WRITE);
	h_expect_ok(h_revoke(19), "revoke the second root");
	assert_true(cap_is_null(&h_root_slot(23)->cap));
	assert_int_equal(h_root_slot(18)->cap.type, CAP_ENDPOINT);
	assert_int_equal(h_root_slot(20)->cap.type, CAP_ENDPOINT);

	/* The unbadged original owns every cap to the endpoint. */
	h_log_clear();
	h_expect_ok(h_revoke(EP), "revoke the original");
	for (unsigned s = EP + 1; s < 24; s++)
		assert_true(cap_is_null(&h_root_slot(s)->cap));
	assert_int_equal(h_finalised(CAP_ENDPOINT, h_root_slot(EP)->cap.obj), 0);
	for (unsigned i = 0; i < h_log_len; i++)
		assert_false(h_log[i].final);
	h_audit();
}

/* Revoke deletes the next slot while it is a descendant: list order,
 * a subtree's root before its children. */
static void test_cdt_revoke_order(void **state)
{
	uint64_t obj[3], v_obj, n_obj;
	cte_t *v = h_root_slot(33);

	h_expect_ok(h_retype(h_env.ut2, BASALT_OBJ_ENDPOINT, 0, 30, 3), "three endpoints");
	for (unsigned i = 0; i < 3; i++)
		obj[i] = h_root_slot(30 + i)->cap.obj;
	assert_int_equal(obj[1], obj[0] + 32);   /* consecutive, in slot order */
	assert_int_equal(obj[2], obj[0] + 64);
	h_expect_ok(h_copy(40, 30, BASALT_RIGHTS_ALL), "copy 30");
	h_expect_ok(h_copy(41, 31, BASALT_RIGHTS_ALL), "copy 31");
	h_expect_ok(h_retype(h_env.ut2, BASALT_OBJ_UNTYPED, 12, 33, 1), "an untyped child");
	h_expect_ok(h_retype(v, BASALT_OBJ_NOTIFICATION, 0, 34, 1), "a grandchild");
	/* The list under U2: V, its notification, then the endpoints newest
	 * first, each original followed by its copy. */
	{
		cte_t *order[] = { v, h_root_slot(34), h_root_slot(32), h_root_slot(31),
				   h_root_slot(41), h_root_slot(30), h_root_slot(40) };
		cte_t *s = h_env.ut2->next;

		for (size_t i = 0; i < 7; i++, s = s->next)
			assert_ptr_equal(s, order[i]);
	}
	v_obj = v->cap.obj;
	n_obj = h_root_slot(34)->cap.obj;
	h_log_clear();
	h_expect_ok(h_revoke(H_SLOT_UT2), "revoke U2");
	{
		const h_event_t want_log[] = {
			{ CAP_UNTYPED, true, v_obj, 0 },
			{ CAP_NOTIFICATION, true, n_obj, 0 },
			{ CAP_ENDPOINT, true, obj[2], 0 },
			{ CAP_ENDPOINT, false, obj[1], 0 },
			{ CAP_ENDPOINT, true, obj[1], 0 },
			{ CAP_ENDPOINT, false, obj[0], 0 },
			{ CAP_ENDPOINT, true, obj[0], 0 },
		};

		assert_int_equal(h_log_len, 7);
		for (unsigned i = 0; i < 7; i++) {
			if (h_log[i].type != want_log[i].type || h_log[i].final != want_log[i].final ||
			    h_log[i].obj != want_log[i].obj)
				fail_msg("revoke event %u: %s 0x%llx final %d, expected %s final %d", i,
					 cap_type_name(h_log[i].type), (unsigned long long)h_log[i].obj,
					 h_log[i].final, cap_type_name(want_log[i].type),
					 want_log[i].final);
		}
	}
	assert_false(cdt_has_children(h_env.ut2));
	h_audit();
}

static const struct CMUnitTest tests[] = {
	H_TEST_BARE(test_cdt_insert_remove),
	H_TEST_BARE(test_cdt_move),
	H_TEST_BARE(test_cdt_swap),
	H_TEST_BARE(test_cdt_is_parent_of),
	H_TEST_BARE(test_cdt_final_and_parent),
	H_TEST(test_cdt_badges),
	H_TEST(test_cdt_revoke_order),
};

H_SUITE(h_suite_cdt, tests);
