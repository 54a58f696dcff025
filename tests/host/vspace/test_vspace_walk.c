/*
 * The kernel's VSpace walk (kernel/arch/riscv/vspace_walk.c) on the host.
 *
 * "Physical memory" is an array of 4 KiB pages at a pretend physical base;
 * this file sets the kernel's window (kmem_layout) over it and the
 * vspace_config the walk reads. Tables are built here by hand, entry by
 * entry, and vspace_slot()/vspace_lookup() are checked against what was
 * built and against an independent reference walk written from the
 * privileged spec's translation algorithm, in all three modes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch/riscv/pte.h"
#include "arch/riscv/vspace_walk.h"
#include "core/kmem.h"

#define RAM_PAGES 256
#define RAM_BASE  0x80000000ull

static uint64_t ram[RAM_PAGES][512] __attribute__((aligned(4096)));
static unsigned ram_used;

vspace_config_t vspace_config;

/* phys_to_virt() is inline arithmetic on this (core/kmem.h): RAM_BASE is
 * the first page of ram[]. A walk that strays outside it is caught by
 * AddressSanitizer. */
kmem_layout_t kmem_layout;

static void ram_layout(void)
{
	kmem_layout.window_offset = (uint64_t)(uintptr_t)ram - RAM_BASE;
	kmem_layout.image_start = ~0ull;
	kmem_layout.image_offset = 0;
}

static uint64_t new_table(void)
{
	assert_true(ram_used < RAM_PAGES);
	memset(ram[ram_used], 0, 4096);
	return RAM_BASE + 4096ull * ram_used++;
}

static uint64_t *table(uint64_t pa)
{
	assert_true(pa >= RAM_BASE && pa < RAM_BASE + 4096ull * ram_used);
	return ram[(pa - RAM_BASE) / 4096];
}

static uint64_t set_mode(unsigned levels)
{
	ram_layout();
	vspace_config.levels = levels;
	vspace_config.va_bits = 12 + 9 * levels;
	vspace_config.user_top = 1ull << (vspace_config.va_bits - 1);
	ram_used = 0;
	return new_table();
}

static unsigned idx(uint64_t va, unsigned level)
{
	return (unsigned)((va >> (12 + 9 * level)) & 511);
}

/* Install a table under `parent_pa` for `va` serving `level` (the parent
 * serves level + 1). */
static uint64_t add_table(uint64_t parent_pa, uint64_t va, unsigned level)
{
	uint64_t t = new_table();

	table(parent_pa)[idx(va, level + 1)] = pte_table(t);
	return t;
}

/* Independent reference: the spec's walk; the leaf level or -1. */
static int ref_walk(uint64_t root, uint64_t va, uint64_t *pte_out)
{
	uint64_t a = root;

	for (int i = (int)vspace_config.levels - 1; i >= 0; i--) {
		uint64_t pte = table(a)[(va >> (12 + 9 * i)) & 0x1ff];

		if (!(pte & PTE_V))
			return -1;
		if (pte & (PTE_R | PTE_W | PTE_X)) {
			*pte_out = pte;
			return i;
		}
		a = ((pte >> 10) & ((1ull << 44) - 1)) << 12;
	}
	return -1;
}

/* An address whose index differs at every level (so a walk that mixes up
 * levels lands on a different entry). */
static uint64_t spread_va(unsigned levels)
{
	uint64_t va = 0x123;

	for (unsigned l = 0; l < levels; l++) {
		unsigned i = (l == levels - 1) ? 17 + l : 37 * (l + 1) + 5;

		va |= (uint64_t)i << (12 + 9 * l);
	}
	return va;
}

/* With nothing but a root, every walk names the table below the root as
 * missing; the root level itself needs no walk. */
static void test_empty_root(void **state)
{
	for (unsigned levels = 3; levels <= 5; levels++) {
		uint64_t root = set_mode(levels), pte;
		uint64_t va = spread_va(levels);
		unsigned missing = 99, level;

		for (unsigned l = 0; l + 1 < levels; l++) {
			missing = 99;
			assert_null(vspace_slot(root, va, l, &missing));
			assert_int_equal(missing, levels - 2);
		}
		assert_ptr_equal(vspace_slot(root, va, levels - 1, &missing),
				 &table(root)[idx(va, levels - 1)]);
		assert_false(vspace_lookup(root, va, &pte, &level));
	}
}

/* Adding the tables top-down: at each step the walk to level 0 names the
 * next missing table, and once it exists the slot for each level is the
 * right entry of the right table. */
static void test_missing_levels_top_down(void **state)
{
	for (unsigned levels = 3; levels <= 5; levels++) {
		uint64_t root = set_mode(levels);
		uint64_t va = spread_va(levels);
		uint64_t tables[5];
		unsigned missing;

		tables[levels - 1] = root;
		for (int l = (int)levels - 2; l >= 0; l--) {
			missing = 99;
			assert_null(vspace_slot(root, va, 0, &missing));
			assert_int_equal(missing, (unsigned)l);
			tables[l] = add_table(tables[l + 1], va, (unsigned)l);
		}
		for (unsigned l = 0; l < levels; l++)
			assert_ptr_equal(vspace_slot(root, va, l, &missing), &table(tables[l])[idx(va, l)]);
		/* A neighbour in the same level-0 table shares every table. */
		assert_ptr_equal(vspace_slot(root, va + 4096, 0, &missing),
				 &table(tables[0])[idx(va, 0) + 1]);
	}
}

/* A leaf (superpage) at level k blocks every walk below k with
 * VSPACE_LEAF_ABOVE, and lookup returns that leaf at level k. */
static void test_leaf_above(void **state)
{
	for (unsigned levels = 3; levels <= 5; levels++) {
		for (unsigned k = 1; k < levels; k++) {
			uint64_t root = set_mode(levels), t = root, pte;
			uint64_t va = spread_va(levels);
			uint64_t leaf = pte_leaf(0x40000000ull, PTE_R | PTE_W | PTE_U);
			unsigned missing, level;

			for (int l = (int)levels - 2; l >= (int)k; l--)
				t = add_table(t, va, (unsigned)l);
			table(t)[idx(va, k)] = leaf;
			for (unsigned l = 0; l < k; l++) {
				missing = 99;
				assert_null(vspace_slot(root, va, l, &missing));
				assert_int_equal(missing, VSPACE_LEAF_ABOVE);
			}
			assert_ptr_equal(vspace_slot(root, va, k, &missing), &table(t)[idx(va, k)]);
			assert_true(vspace_lookup(root, va, &pte, &level));
			assert_int_equal(level, k);
			assert_int_equal(pte, leaf);
			/* Anywhere else in that superpage: the same leaf. */
			assert_true(vspace_lookup(root, va ^ (1ull << (12 + 9 * k - 1)), &pte, &level));
			assert_int_equal(level, k);
		}
	}
}

/* Kernel-half (sign-extended) addresses index the upper half of the root:
 * the walk takes the index modulo 512, whatever the bits above. */
static void test_upper_half_index(void **state)
{
	for (unsigned levels = 3; levels <= 5; levels++) {
		uint64_t root = set_mode(levels);
		uint64_t va = ~0ull << (12 + 9 * levels - 1);   /* lowest kernel address */
		unsigned missing;

		assert_ptr_equal(vspace_slot(root, va, levels - 1, &missing), &table(root)[256]);
		assert_ptr_equal(vspace_slot(root, ~0ull, levels - 1, &missing), &table(root)[511]);
		assert_ptr_equal(vspace_slot(root, vspace_config.user_top - 1, levels - 1, &missing),
				 &table(root)[255]);
	}
}

/* A deterministic random tree of tables and leaves at every level; for
 * many addresses the walk agrees with the reference walk. */
static uint64_t rng_state;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void populate(uint64_t t, unsigned level, unsigned depth_budget)
{
	/* A few entries per table; each is a leaf, a table or empty. */
	for (unsigned n = 0; n < 6; n++) {
		unsigned i = (unsigned)(rng() % 8);   /* low indexes: addresses below collide */
		/* The first entries are sure to hold a table and a leaf, so
		 * leaves appear at every level. */
		unsigned kind = n < 2 ? 1 - n : (unsigned)(rng() % 3);

		if (table(t)[i] != 0)
			continue;
		if (kind == 0 || level == 0 || ram_used + 2 >= RAM_PAGES || depth_budget == 0) {
			table(t)[i] = pte_leaf((rng() & 0xffffff) << 12, PTE_R | PTE_U);
		} else if (kind == 1) {
			uint64_t c = new_table();

			table(t)[i] = pte_table(c);
			populate(c, level - 1, depth_budget - 1);
		}
	}
}

static void test_random_against_reference(void **state)
{
	for (unsigned levels = 3; levels <= 5; levels++) {
		uint64_t root = set_mode(levels);

		unsigned hits[5] = { 0 }, misses = 0;

		rng_state = 0x9e3779b97f4a7c15ull + levels;
		populate(root, levels - 1, levels);
		for (unsigned n = 0; n < 20000; n++) {
			uint64_t va = 0;
			uint64_t ref_pte = 0, pte = 0;
			unsigned level = 99;
			int ref;

			for (unsigned l = 0; l < levels; l++)
				va |= (rng() % 8) << (12 + 9 * l);
			va |= rng() & 0xfff;
			ref = ref_walk(root, va, &ref_pte);
			if (ref < 0) {
				misses++;
				assert_false(vspace_lookup(root, va, &pte, &level));
			} else {
				hits[ref]++;
				assert_true(vspace_lookup(root, va, &pte, &level));
				assert_int_equal(level, (unsigned)ref);
				assert_int_equal(pte, ref_pte);
				/* vspace_slot at the leaf's level finds that entry. */
				{
					unsigned missing;
					uint64_t *s = vspace_slot(root, va, level, &missing);

					assert_non_null(s);
					assert_int_equal(*s, ref_pte);
				}
			}
		}
		/* The tree is rich enough to mean something: misses, and
		 * leaves found at every level. */
		assert_true(misses > 0);
		for (unsigned l = 0; l < levels; l++)
			assert_true(hits[l] > 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_root),
		cmocka_unit_test(test_missing_levels_top_down),
		cmocka_unit_test(test_leaf_above),
		cmocka_unit_test(test_upper_half_index),
		cmocka_unit_test(test_random_against_reference),
	};

	return cmocka_run_group_tests_name("vspace_walk", tests, NULL, NULL);
}
