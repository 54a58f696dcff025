/*
 * Capability lookup (cspace.c): guarded multi-level resolution, its exact
 * results and every failure with its detail fields.
 *
 * CSpaces here are built by hand (CNode memory from the boot area, caps
 * written straight into slots): resolution reads nothing but the CNode caps
 * and slots, so the derivation tree plays no part.
 */
#include <stdio.h>

#include "harness.h"

/* A hand-built CNode: its cap, slots zeroed. */
static cap_t new_cnode(unsigned radix, unsigned guard_bits, uint64_t guard)
{
	return cap_cnode(h_boot_alloc(radix + BASALT_SLOT_BITS), radix, guard_bits, guard);
}

static cap_t some_endpoint(void)
{
	return cap_endpoint(h_boot_alloc(BASALT_ENDPOINT_BITS), 0, BASALT_RIGHTS_ALL);
}

/* Build a cptr field by field from the top: ptr_push(&p, v, n) appends the
 * n-bit field v below what is there. */
typedef struct ptr {
	uint64_t value;
	unsigned bits;
} ptr_t;

static void ptr_push(ptr_t *p, uint64_t v, unsigned n)
{
	p->value = n == 64 ? v : (p->value << n) | (v & ((1ull << n) - 1));
	p->bits += n;
}

static void expect_slot(lookup_result_t r, const cte_t *slot, unsigned bits_left, const char *what)
{
	if (r.slot != slot || r.bits_left != bits_left)
		fail_msg("%s: got slot %p bits_left %u (fault %u), expected slot %p bits_left %u", what,
			 (void *)r.slot, r.bits_left, r.fault.type, (void *)slot, bits_left);
}

static void expect_fault(lookup_result_t r, unsigned type, unsigned bits_left, unsigned needed,
			 uint64_t found, const char *what)
{
	if (r.slot != NULL)
		fail_msg("%s: resolved to %p, expected fault %u", what, (void *)r.slot, type);
	if (r.fault.type != type || r.fault.bits_left != bits_left || r.fault.bits_needed != needed ||
	    r.fault.guard_found != found)
		fail_msg("%s: fault {%u, left %u, needed %u, found 0x%llx}, expected {%u, %u, %u, 0x%llx}",
			 what, r.fault.type, r.fault.bits_left, r.fault.bits_needed,
			 (unsigned long long)r.fault.guard_found, type, bits_left, needed,
			 (unsigned long long)found);
}

/* One CNode, every guard shape: what (cptr, depth) resolves to. */
typedef struct single_case {
	const char *name;
	unsigned radix, guard_bits;
	uint64_t guard, cptr;
	unsigned depth;
	int slot;               /* expected slot index, or -1 for a fault */
	unsigned fault, left, needed;
	uint64_t found;
} single_case_t;

static const single_case_t single_cases[] = {
	{ "radix 1, no guard, depth 1, slot 1", 1, 0, 0, 1, 1, 1, 0, 0, 0, 0 },
	{ "radix 1, no guard, depth 1, slot 0 (high bits ignored)", 1, 0, 0, ~1ull, 1, 0, 0, 0, 0, 0 },
	{ "radix 8, no guard, slot 0xab", 8, 0, 0, 0xab, 8, 0xab, 0, 0, 0, 0 },
	{ "radix 12, guard 52 zero bits: plain slot numbers at depth 64", 12, 52, 0, 0x123, 64, 0x123, 0, 0, 0, 0 },
	{ "radix 4, guard 4 bits 0x9", 4, 4, 0x9, 0x95, 8, 5, 0, 0, 0, 0 },
	{ "radix 16, guard 48 bits", 16, 48, 0xabcdef012345ull, 0xabcdef012345ull << 16 | 0x7654, 64, 0x7654, 0, 0, 0, 0 },
	{ "radix 1, guard 63 bits of ones", 1, 63, (1ull << 63) - 1, ~0ull, 64, 1, 0, 0, 0, 0 },
	{ "depth above 64 is taken as 64", 8, 56, 0, 0x42, 200, 0x42, 0, 0, 0, 0 },
	{ "guard mismatch: found and size reported", 4, 4, 0x9, 0x85, 8, -1,
	  BASALT_LOOKUP_GUARD_MISMATCH, 8, 4, 0x8 },
	{ "guard mismatch in a 52-bit guard", 12, 52, 0, 1ull << 63 | 7, 64, -1,
	  BASALT_LOOKUP_GUARD_MISMATCH, 64, 52, 1ull << 51 },
	{ "guard longer than the depth: the bits there are reported", 4, 6, 0, 0x2d, 5, -1,
	  BASALT_LOOKUP_GUARD_MISMATCH, 5, 6, 0xd },
	{ "depth too small for the radix", 8, 0, 0, 0x3, 7, -1,
	  BASALT_LOOKUP_DEPTH_MISMATCH, 7, 8, 0 },
	{ "depth covers the guard but not the radix", 4, 4, 0x9, 0x24, 6, -1,
	  BASALT_LOOKUP_DEPTH_MISMATCH, 6, 8, 0 },
	{ "depth 0", 1, 0, 0, 0, 0, -1, BASALT_LOOKUP_DEPTH_MISMATCH, 0, 1, 0 },
	{ "depth 0 with a guard", 1, 2, 0, 0, 0, -1, BASALT_LOOKUP_GUARD_MISMATCH, 0, 2, 0 },
};

static void test_cspace_single_level(void **state)
{
	for (size_t i = 0; i < sizeof(single_cases) / sizeof(single_cases[0]); i++) {
		const single_case_t *c = &single_cases[i];
		cap_t root = new_cnode(c->radix, c->guard_bits, c->guard);
		lookup_result_t r = cspace_resolve(&root, c->cptr, c->depth);

		if (c->slot >= 0)
			expect_slot(r, h_cnode_slot(&root, (uint64_t)c->slot), 0, c->name);
		else
			expect_fault(r, c->fault, c->left, c->needed, c->found, c->name);
		/* An exact lookup agrees when the walk used every bit. */
		r = cspace_lookup_slot_exact(&root, c->cptr, c->depth);
		if (c->slot >= 0)
			expect_slot(r, h_cnode_slot(&root, (uint64_t)c->slot), 0, c->name);
		else
			expect_fault(r, c->fault, c->left, c->needed, c->found, c->name);
	}
}

static void test_cspace_invalid_root(void **state)
{
	cap_t roots[] = { cap_null(), some_endpoint(), cap_untyped(H_RAM_BASE, 20, false),
			  cap_tcb(h_boot_alloc(BASALT_TCB_BITS)) };

	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		expect_fault(cspace_resolve(&roots[i], 0, 64), BASALT_LOOKUP_INVALID_ROOT, 0, 0, 0,
			     cap_type_name(roots[i].type));
		expect_fault(cspace_lookup_slot_exact(&roots[i], 0, 8), BASALT_LOOKUP_INVALID_ROOT, 0,
			     0, 0, cap_type_name(roots[i].type));
	}
}

/*
 * Three levels:
 *   L0 radix 4, guard 0x5 (4 bits)   slot 3 -> L1
 *   L1 radix 6, guard 0x2 (2 bits)   slot 9 -> L2; slot 10 holds an endpoint
 *   L2 radix 8, no guard             slot 0x77 holds an endpoint
 * A full path is 8 + 8 + 8 = 24 bits.
 */
typedef struct three {
	cap_t l0, l1, l2;
} three_t;

static three_t build_three(void)
{
	three_t t = { new_cnode(4, 4, 0x5), new_cnode(6, 2, 0x2), new_cnode(8, 0, 0) };

	h_cnode_slot(&t.l0, 3)->cap = t.l1;
	h_cnode_slot(&t.l1, 9)->cap = t.l2;
	h_cnode_slot(&t.l1, 10)->cap = some_endpoint();
	h_cnode_slot(&t.l2, 0x77)->cap = some_endpoint();
	return t;
}

static void test_cspace_multi_level(void **state)
{
	three_t t = build_three();
	ptr_t p = { 0 };

	/* Down to L2's slot: all 24 bits. */
	ptr_push(&p, 0x5, 4); ptr_push(&p, 3, 4);
	ptr_push(&p, 0x2, 2); ptr_push(&p, 9, 6);
	ptr_push(&p, 0x77, 8);
	expect_slot(cspace_resolve(&t.l0, p.value, p.bits), h_cnode_slot(&t.l2, 0x77), 0, "3 levels");
	expect_slot(cspace_lookup_slot_exact(&t.l0, p.value, p.bits), h_cnode_slot(&t.l2, 0x77), 0,
		    "3 levels, exact");

	/* Stopping at L1's slot 9 (which holds L2) with exactly 16 bits names
	 * that slot: CNode operations can address a slot holding a CNode. */
	expect_slot(cspace_resolve(&t.l0, p.value >> 8, 16), h_cnode_slot(&t.l1, 9), 0,
		    "2 levels ending on a CNode cap");

	/* Invocations resolve 64 bits: the endpoint in L1 slot 10 ends the walk
	 * with 64 - 16 bits left; an exact lookup of 64 bits is a depth
	 * mismatch reporting them. */
	p = (ptr_t){ 0 };
	ptr_push(&p, 0x5, 4); ptr_push(&p, 3, 4); ptr_push(&p, 0x2, 2); ptr_push(&p, 10, 6);
	ptr_push(&p, 0xdeadbeefcafeull, 48);
	expect_slot(cspace_resolve(&t.l0, p.value, 64), h_cnode_slot(&t.l1, 10), 48,
		    "non-CNode cap ends the walk");
	expect_fault(cspace_lookup_slot_exact(&t.l0, p.value, 64), BASALT_LOOKUP_DEPTH_MISMATCH, 48,
		     0, 0, "exact lookup past a non-CNode cap");

	/* An empty slot ends the walk the same way. */
	p = (ptr_t){ 0 };
	ptr_push(&p, 0x5, 4); ptr_push(&p, 4, 4); ptr_push(&p, 0, 16);
	expect_slot(cspace_resolve(&t.l0, p.value, 24), h_cnode_slot(&t.l0, 4), 16, "empty slot");

	/* A guard mismatch at the second level reports the bits left there. */
	p = (ptr_t){ 0 };
	ptr_push(&p, 0x5, 4); ptr_push(&p, 3, 4); ptr_push(&p, 0x1, 2); ptr_push(&p, 9, 6);
	expect_fault(cspace_resolve(&t.l0, p.value, 16), BASALT_LOOKUP_GUARD_MISMATCH, 8, 2, 0x1,
		     "second-level guard");

	/* Too few bits for the second level. */
	p = (ptr_t){ 0 };
	ptr_push(&p, 0x5, 4); ptr_push(&p, 3, 4); ptr_push(&p, 0x2, 2); ptr_push(&p, 1, 3);
	expect_fault(cspace_resolve(&t.l0, p.value, 13), BASALT_LOOKUP_DEPTH_MISMATCH, 5, 8, 0,
		     "second level needs 8 bits, 5 left");

	/* A guard longer than what is left at the second level. */
	p = (ptr_t){ 0 };
	ptr_push(&p, 0x5, 4); ptr_push(&p, 3, 4); ptr_push(&p, 1, 1);
	expect_fault(cspace_resolve(&t.l0, p.value, 9), BASALT_LOOKUP_GUARD_MISMATCH, 1, 2, 1,
		     "second-level guard longer than the bits left");
}

/*
 * The deepest CSpace there is: 64 CNodes of radix 1 without guards, each
 * path bit choosing the slot that holds the next. All 64 bits resolve to a
 * slot of the last one; the walk is a loop (cspace.c), and a flipped bit at
 * level k ends it at an empty slot with 63 - k bits left.
 */
static void test_cspace_64_levels(void **state)
{
	cap_t node[64];
	uint64_t path = 0xa5c3f00fdeadbeefull;

	for (int k = 0; k < 64; k++)
		node[k] = new_cnode(1, 0, 0);
	for (int k = 0; k < 63; k++)
		h_cnode_slot(&node[k], (path >> (63 - k)) & 1)->cap = node[k + 1];
	h_cnode_slot(&node[63], path & 1)->cap = some_endpoint();

	expect_slot(cspace_resolve(&node[0], path, 64), h_cnode_slot(&node[63], path & 1), 0,
		    "64 levels");
	expect_slot(cspace_lookup_slot_exact(&node[0], path, 64), h_cnode_slot(&node[63], path & 1),
		    0, "64 levels, exact");
	for (int k = 0; k < 64; k++) {
		uint64_t bad = path ^ (1ull << (63 - k));
		char what[64];

		snprintf(what, sizeof(what), "bit of level %d flipped", k);
		expect_slot(cspace_resolve(&node[0], bad, 64),
			    h_cnode_slot(&node[k], ((bad >> (63 - k)) & 1)), (unsigned)(63 - k), what);
		if (k < 63)
			expect_fault(cspace_lookup_slot_exact(&node[0], bad, 64),
				     BASALT_LOOKUP_DEPTH_MISMATCH, (unsigned)(63 - k), 0, 0, what);
	}
	/* Fewer bits stop at the slot holding the next level's CNode. */
	for (unsigned d = 1; d <= 64; d++) {
		char what[64];

		snprintf(what, sizeof(what), "depth %u of the chain", d);
		expect_slot(cspace_lookup_slot_exact(&node[0], path >> (64 - d), d),
			    h_cnode_slot(&node[d - 1], (path >> (64 - d)) & 1), 0, what);
	}
}

/* cnode_lookup_slot: depth outside 1..64 is a range error; a failed
 * lookup is FAILED_LOOKUP saying which side it was. */
static void test_cspace_cnode_lookup_slot(void **state)
{
	cap_t root = new_cnode(8, 0, 0);
	cte_t *out = NULL;
	syserr_t e = { 0 };

	assert_int_equal(cnode_lookup_slot(&e, &root, 1, 0, false, &out), EXC_SYSCALL_ERROR);
	assert_int_equal(e.code, BASALT_RANGE_ERROR);
	assert_int_equal(e.detail[0], 1);
	assert_int_equal(e.detail[1], 64);
	e = (syserr_t){ 0 };
	assert_int_equal(cnode_lookup_slot(&e, &root, 1, 65, true, &out), EXC_SYSCALL_ERROR);
	assert_int_equal(e.code, BASALT_RANGE_ERROR);
	e = (syserr_t){ 0 };
	assert_int_equal(cnode_lookup_slot(&e, &root, 1, 9, true, &out), EXC_SYSCALL_ERROR);
	assert_int_equal(e.code, BASALT_FAILED_LOOKUP);
	assert_true(e.lookup_was_source);
	assert_int_equal(e.lookup.type, BASALT_LOOKUP_DEPTH_MISMATCH);
	assert_int_equal(e.lookup.bits_left, 1);
	e = (syserr_t){ 0 };
	assert_int_equal(cnode_lookup_slot(&e, &root, 0x17, 8, false, &out), EXC_NONE);
	assert_ptr_equal(out, h_cnode_slot(&root, 0x17));
}

static const struct CMUnitTest tests[] = {
	H_TEST_BARE(test_cspace_single_level),
	H_TEST_BARE(test_cspace_invalid_root),
	H_TEST_BARE(test_cspace_multi_level),
	H_TEST_BARE(test_cspace_64_levels),
	H_TEST_BARE(test_cspace_cnode_lookup_slot),
};

H_SUITE(h_suite_cspace, tests);
