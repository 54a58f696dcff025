/*
 * The kernel's page-table builder (kernel/arch/riscv/pagetable.c) on the
 * host: "physical memory" is an array of 4 KiB pages, and an independent
 * walker written here from the privileged spec's translation algorithm
 * checks every mapping pt_map() makes, in Sv39, Sv48 and Sv57.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch/riscv/pagetable.h"
#include "arch/riscv/pte.h"

#define POOL_PAGES 64
#define POOL_BASE  0x80000000ull   /* pretend physical address of page 0 */

typedef struct pool {
	uint64_t pages[POOL_PAGES][512] __attribute__((aligned(4096)));
	unsigned used;
} pool_t;

static pool_t pool;

static uint64_t pool_alloc(void *ctx)
{
	pool_t *p = ctx;

	if (p->used == POOL_PAGES)
		return 0;
	memset(p->pages[p->used], 0, 4096);
	return POOL_BASE + 4096ull * p->used++;
}

static uint64_t *pool_ptr(void *ctx, uint64_t pa)
{
	pool_t *p = ctx;

	assert_true(pa >= POOL_BASE && pa < POOL_BASE + 4096ull * POOL_PAGES);
	assert_int_equal(pa & 0xfff, 0);
	return p->pages[(pa - POOL_BASE) / 4096];
}

static pt_space_t new_space(unsigned levels)
{
	pt_space_t s = { .levels = levels, .alloc_table = pool_alloc, .table_ptr = pool_ptr, .ctx = &pool };

	pool.used = 0;
	s.root_pa = pool_alloc(&pool);
	return s;
}

/* Independent reference walk (privileged spec, "virtual address
 * translation process"); returns the leaf level or -1. */
static int ref_walk(pt_space_t *s, uint64_t va, uint64_t *pa, uint64_t *pte_out)
{
	uint64_t a = s->root_pa;

	for (int i = (int)s->levels - 1; i >= 0; i--) {
		uint64_t vpn = (va >> (12 + 9 * i)) & 0x1ff;
		uint64_t pte = pool_ptr(&pool, a)[vpn];

		if (!(pte & PTE_V) || (!(pte & PTE_R) && (pte & PTE_W)))
			return -1;
		if (pte & (PTE_R | PTE_X)) {
			uint64_t ppn = (pte >> 10) & ((1ull << 44) - 1);
			uint64_t page = 1ull << (12 + 9 * i);

			/* a misaligned superpage is a fault in hardware */
			if (((ppn << 12) & (page - 1)) != 0)
				return -1;
			*pa = (ppn << 12) | (va & (page - 1));
			*pte_out = pte;
			return i;
		}
		a = ((pte >> 10) & ((1ull << 44) - 1)) << 12;
	}
	return -1;
}

static void expect_mapped(pt_space_t *s, uint64_t va, uint64_t pa, uint64_t perms, int level)
{
	uint64_t got_pa, pte;
	int got_level = ref_walk(s, va, &got_pa, &pte);

	assert_int_equal(got_level, level);
	assert_int_equal(got_pa, pa);
	assert_int_equal(pte & (PTE_R | PTE_W | PTE_X | PTE_U | PTE_G), perms);
	assert_true(pte & PTE_A);
	assert_true(pte & PTE_D);
	/* The module's own translate agrees with the reference. */
	assert_true(pt_translate(s, va, &got_pa, &pte));
	assert_int_equal(got_pa, pa);
}

static void expect_unmapped(pt_space_t *s, uint64_t va)
{
	uint64_t pa, pte;

	assert_int_equal(ref_walk(s, va, &pa, &pte), -1);
	assert_false(pt_translate(s, va, &pa, &pte));
}

static uint64_t canonical_kernel_va(unsigned levels, uint64_t offset)
{
	unsigned bits = 12 + 9 * levels;

	return (~0ull << (bits - 1)) + offset;
}

/* A window of 4 GiB + 2 MiB + 4 KiB starting 1 GiB-aligned uses 1 GiB,
 * 2 MiB and 4 KiB leaves, largest first, in every mode. */
static void test_largest_pages(void **state)
{
	for (unsigned levels = 3; levels <= 5; levels++) {
		pt_space_t s = new_space(levels);
		uint64_t va = canonical_kernel_va(levels, 0x80000000ull);
		uint64_t pa = 0x80000000ull;
		uint64_t size = (4ull << 30) + (2ull << 20) + 4096;
		uint64_t perms = PTE_R | PTE_W | PTE_G;

		assert_int_equal(pt_map(&s, va, pa, size, perms, 2), PT_OK);
		for (uint64_t off = 0; off < (4ull << 30); off += 1ull << 30)
			expect_mapped(&s, va + off + 0x1234, pa + off + 0x1234, perms, 2);
		expect_mapped(&s, va + (4ull << 30) + 0x10, pa + (4ull << 30) + 0x10, perms, 1);
		expect_mapped(&s, va + (4ull << 30) + (2ull << 20), pa + (4ull << 30) + (2ull << 20), perms, 0);
		expect_unmapped(&s, va + size);
		expect_unmapped(&s, va - 4096);
		/* 1 root + 1 table per level between root and the 1 GiB level, + one
		 * 2 MiB-level and one 4 KiB-level table: small and bounded. */
		assert_true(pool.used <= levels + 2);
	}
}

/* A 128 MiB window that is only 2 MiB aligned uses 2 MiB pages. */
static void test_unaligned_start(void **state)
{
	pt_space_t s = new_space(4);
	uint64_t va = canonical_kernel_va(4, 0x80200000ull);

	assert_int_equal(pt_map(&s, va, 0x80200000ull, 128ull << 20, PTE_R | PTE_W, 2), PT_OK);
	expect_mapped(&s, va, 0x80200000ull, PTE_R | PTE_W, 1);
	expect_mapped(&s, va + (128ull << 20) - 8, 0x80200000ull + (128ull << 20) - 8, PTE_R | PTE_W, 1);
	expect_unmapped(&s, va + (128ull << 20));
}

/* A max leaf level of 0 forces 4 KiB pages (the kernel image). */
static void test_small_pages_only(void **state)
{
	pt_space_t s = new_space(3);
	uint64_t va = 0xffffffff80000000ull;

	assert_int_equal(pt_map(&s, va, 0x80200000ull, 5 * 4096, PTE_R | PTE_X, 0), PT_OK);
	for (int i = 0; i < 5; i++)
		expect_mapped(&s, va + 4096ull * i, 0x80200000ull + 4096ull * i, PTE_R | PTE_X, 0);
	expect_unmapped(&s, va + 5 * 4096);
}

static void test_errors(void **state)
{
	pt_space_t s = new_space(3);
	uint64_t va = 0xffffffff80000000ull;

	assert_int_equal(pt_map(&s, va + 1, 0x80200000ull, 4096, PTE_R, 0), PT_ERR_ALIGN);
	assert_int_equal(pt_map(&s, va, 0x80200001ull, 4096, PTE_R, 0), PT_ERR_ALIGN);
	assert_int_equal(pt_map(&s, va, 0x80200000ull, 100, PTE_R, 0), PT_ERR_ALIGN);
	assert_int_equal(pt_map(&s, va, 0x80200000ull, 4096, PTE_R, 0), PT_OK);
	assert_int_equal(pt_map(&s, va, 0x90000000ull, 4096, PTE_R, 0), PT_ERR_OVERLAP);
	/* A 2 MiB leaf blocks later 4 KiB mappings inside it. */
	assert_int_equal(pt_map(&s, va + (4ull << 20), 0x80400000ull, 2ull << 20, PTE_R, 1), PT_OK);
	assert_int_equal(pt_map(&s, va + (4ull << 20) + 4096, 0x1000, 4096, PTE_R, 0), PT_ERR_OVERLAP);
	/* Running out of table pages is reported, not a crash. */
	pool.used = POOL_PAGES;
	assert_int_equal(pt_map(&s, 0x1000, 0x1000, 4096, PTE_R, 0), PT_ERR_NO_MEMORY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_largest_pages),
		cmocka_unit_test(test_unaligned_start),
		cmocka_unit_test(test_small_pages_only),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests_name("pagetable", tests, NULL, NULL);
}
