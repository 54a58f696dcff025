/*
 * The hardware ASID allocator (kernel/arch/riscv/asid_hw.c) on the host,
 * against a fake hart (stub/arch/riscv/csr.h): satp keeps only the ASID
 * bits the fake implements, and every sfence.vma is recorded.
 *
 * Besides tables of direct cases (probing, uniqueness within a generation,
 * rollover, release, zero bits, page flushes), a random run drives many
 * VSpaces through "run" and "delete" steps while a model TLB tracks which
 * VSpace may still have translations cached under each hardware ASID: a
 * VSpace must never be handed an ASID under which another VSpace's
 * translations may survive. That is the property the kernel relies on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch/riscv/asid.h"
#include "arch/riscv/csr.h"

/* ---- the fake hart ---- */
#define ASID_FIELD (0xffffull << SATP_ASID_SHIFT)
#define NO_OWNER (-1)

static unsigned hart_bits;          /* ASID bits the fake satp implements */
static uint64_t satp_reg;
static unsigned full_flushes, asid_flushes, page_flushes, page_all_flushes;
static uint64_t last_flush_asid, last_flush_va;
static int tlb_owner[1u << 16];     /* model TLB: who may have entries under each ASID */

uint64_t fake_read_satp(void)
{
	return satp_reg;
}

void fake_write_satp(uint64_t v)
{
	uint64_t keep = ((1ull << hart_bits) - 1) << SATP_ASID_SHIFT;

	satp_reg = (v & ~ASID_FIELD) | (v & keep);
}

void sfence_vma_all(void)
{
	full_flushes++;
	for (unsigned a = 0; a < (1u << hart_bits); a++)
		tlb_owner[a] = NO_OWNER;
}

void sfence_vma_asid(uint64_t asid)
{
	asid_flushes++;
	last_flush_asid = asid;
	tlb_owner[asid] = NO_OWNER;
}

void sfence_vma_page(uint64_t vaddr, uint64_t asid)
{
	page_flushes++;
	last_flush_va = vaddr;
	last_flush_asid = asid;
}

void sfence_vma_page_all(uint64_t vaddr)
{
	page_all_flushes++;
	last_flush_va = vaddr;
}

/* A fresh allocator on a hart with `bits` ASID bits, capped by `limit`. */
static void start(unsigned bits, unsigned limit)
{
	hart_bits = bits;
	satp_reg = (9ull << SATP_MODE_SHIFT) | 0x80123ull;   /* Sv48, a root, ASID 0 */
	asid_hw_init(limit);
	full_flushes = asid_flushes = page_flushes = page_all_flushes = 0;
	for (unsigned a = 0; a < (1u << 16); a++)
		tlb_owner[a] = NO_OWNER;
}

/* A VSpace "runs": it gets its ASID and fills the TLB under it. Fails the
 * test if another VSpace may still have entries under that ASID. */
static uint16_t run(asid_entry_t *entries, int i)
{
	uint16_t a = asid_hw_get(&entries[i]);

	if (asid_hw_bits() == 0) {
		assert_int_equal(a, 0);
		return a;
	}
	assert_true(a != 0 && a < (1u << asid_hw_bits()));
	if (tlb_owner[a] != NO_OWNER && tlb_owner[a] != i)
		fail_msg("VSpace %d got ASID %u while VSpace %d may have entries under it", i, a,
			 tlb_owner[a]);
	tlb_owner[a] = i;
	return a;
}

/* ---- probing ---- */
static void test_probe(void **state)
{
	static const struct { unsigned hart, limit, want; } cases[] = {
		{ 16, 16, 16 }, { 16, 2, 2 }, { 16, 0, 0 }, { 9, 16, 9 }, { 9, 12, 9 },
		{ 1, 16, 1 }, { 0, 16, 0 }, { 0, 0, 0 }, { 5, 5, 5 },
	};

	for (unsigned c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		uint64_t before;

		hart_bits = cases[c].hart;
		satp_reg = before = (9ull << SATP_MODE_SHIFT) | 0x80123ull;
		full_flushes = 0;
		asid_hw_init(cases[c].limit);
		assert_int_equal(asid_hw_bits(), cases[c].want);
		/* The kernel's satp is back as it was, and nothing the probe
		 * may have cached survives. */
		assert_int_equal(satp_reg, before);
		assert_true(full_flushes >= 1);
		assert_int_equal(asid_hw_stats.generation, 1);
		assert_int_equal(asid_hw_stats.rollovers, 0);
	}
}

/* ---- one generation: every VSpace its own ASID ---- */
static void test_unique_in_generation(void **state)
{
	asid_entry_t e[15];
	uint16_t got[15];

	memset(e, 0, sizeof(e));
	start(4, 16);
	for (int i = 0; i < 15; i++) {
		got[i] = run(e, i);
		for (int j = 0; j < i; j++)
			assert_int_not_equal(got[i], got[j]);
	}
	assert_int_equal(asid_hw_stats.allocations, 15);
	assert_int_equal(asid_hw_stats.rollovers, 0);
	assert_int_equal(full_flushes, 0);
	/* Running again keeps the ASID and allocates nothing. */
	for (int i = 0; i < 15; i++)
		assert_int_equal(run(e, i), got[i]);
	assert_int_equal(asid_hw_stats.allocations, 15);
}

/* ---- running out: a new generation, one full flush ---- */
static void test_rollover(void **state)
{
	asid_entry_t e[4];
	uint16_t a3;

	memset(e, 0, sizeof(e));
	start(2, 16);                      /* ASIDs 1..3 */
	for (int i = 0; i < 3; i++)
		run(e, i);
	assert_int_equal(full_flushes, 0);
	a3 = run(e, 3);
	assert_int_equal(asid_hw_stats.rollovers, 1);
	assert_int_equal(asid_hw_stats.generation, 2);
	assert_int_equal(full_flushes, 1);
	assert_true(a3 >= 1 && a3 <= 3);
	/* The others are stale now: they get new ASIDs, distinct from a3,
	 * until this generation runs out too. */
	{
		uint16_t a0 = run(e, 0), a1 = run(e, 1);

		assert_int_not_equal(a0, a3);
		assert_int_not_equal(a1, a3);
		assert_int_not_equal(a0, a1);
		assert_int_equal(asid_hw_stats.rollovers, 1);
		run(e, 2);
		assert_int_equal(asid_hw_stats.rollovers, 2);
		assert_int_equal(full_flushes, 2);
	}
}

/* ---- release: flushed and free for the next VSpace ---- */
static void test_release_reuse(void **state)
{
	asid_entry_t e[4];
	uint16_t a1;

	memset(e, 0, sizeof(e));
	start(2, 16);
	run(e, 0);
	a1 = run(e, 1);
	run(e, 2);
	asid_flushes = 0;
	asid_hw_release(&e[1]);
	assert_int_equal(asid_flushes, 1);
	assert_int_equal(last_flush_asid, a1);
	assert_int_equal(e[1].hw, 0);
	/* A new VSpace gets the freed ASID without a rollover. */
	assert_int_equal(run(e, 3), a1);
	assert_int_equal(asid_hw_stats.rollovers, 0);
}

/* Releasing a VSpace whose ASID is from an old generation must not free
 * the number another VSpace holds now. */
static void test_release_stale(void **state)
{
	asid_entry_t e[5];
	uint16_t a3, a4;

	memset(e, 0, sizeof(e));
	start(2, 16);
	for (int i = 0; i < 3; i++)
		run(e, i);
	a3 = run(e, 3);                    /* rollover: e0..e2 are stale */
	a4 = run(e, 4);
	asid_flushes = 0;
	for (int i = 0; i < 3; i++)
		asid_hw_release(&e[i]);
	/* Stale ASIDs were flushed by the rollover: nothing to flush. */
	assert_int_equal(asid_flushes, 0);
	/* One ASID is left in this generation; then a rollover, never a
	 * number e3 or e4 still holds. */
	memset(&e[0], 0, sizeof(e[0]));
	{
		uint16_t a0 = run(e, 0);

		assert_int_not_equal(a0, a3);
		assert_int_not_equal(a0, a4);
		assert_int_equal(asid_hw_stats.rollovers, 1);
	}
}

/* ---- no ASID bits: everything shares ASID 0, flushes are global ---- */
static void test_zero_bits(void **state)
{
	asid_entry_t e[3];

	memset(e, 0, sizeof(e));
	for (unsigned variant = 0; variant < 2; variant++) {
		/* A hart without ASIDs, or asid_bits=0 on one with 16. */
		start(variant == 0 ? 0 : 16, variant == 0 ? 16 : 0);
		assert_int_equal(asid_hw_bits(), 0);
		for (int i = 0; i < 3; i++)
			assert_int_equal(asid_hw_get(&e[i]), 0);
		assert_int_equal(asid_hw_stats.allocations, 0);
		asid_hw_flush(&e[0]);
		assert_int_equal(full_flushes, 1);
		asid_hw_flush_page(&e[1], 0x5000);
		assert_int_equal(page_all_flushes, 1);
		assert_int_equal(last_flush_va, 0x5000);
		assert_int_equal(page_flushes, 0);
		asid_hw_release(&e[2]);
		assert_int_equal(full_flushes, 2);
	}
}

/* ---- flushes name the VSpace's ASID, and only a current one ---- */
static void test_flush_targets(void **state)
{
	asid_entry_t e[4];
	uint16_t a0;

	memset(e, 0, sizeof(e));
	start(2, 16);
	a0 = run(e, 0);
	asid_hw_flush_page(&e[0], 0x7000);
	assert_int_equal(page_flushes, 1);
	assert_int_equal(last_flush_asid, a0);
	assert_int_equal(last_flush_va, 0x7000);
	asid_hw_flush(&e[0]);
	assert_int_equal(asid_flushes, 1);
	assert_int_equal(last_flush_asid, a0);
	/* Never run: no ASID, nothing cached, nothing to flush. */
	asid_hw_flush(&e[1]);
	asid_hw_flush_page(&e[1], 0x7000);
	assert_int_equal(asid_flushes, 1);
	assert_int_equal(page_flushes, 1);
	/* Made stale by a rollover: likewise. */
	run(e, 1);
	run(e, 2);
	run(e, 3);
	assert_int_equal(asid_hw_stats.rollovers, 1);
	asid_flushes = page_flushes = 0;
	assert_int_not_equal(e[0].hw >> 16, asid_hw_stats.generation);
	asid_hw_flush(&e[0]);
	asid_hw_flush_page(&e[0], 0x7000);
	assert_int_equal(asid_flushes, 0);
	assert_int_equal(page_flushes, 0);
}

/* ---- random runs against the model TLB ---- */
static uint64_t rng_state;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void check_unique(const asid_entry_t *e, int n, const int *live)
{
	for (int i = 0; i < n; i++) {
		if (!live[i] || (e[i].hw >> 16) != asid_hw_stats.generation)
			continue;
		for (int j = i + 1; j < n; j++) {
			if (live[j] && e[j].hw == e[i].hw)
				fail_msg("VSpaces %d and %d share hardware ASID 0x%llx", i, j,
					 (unsigned long long)e[i].hw);
		}
	}
}

static void test_random_model(void **state)
{
	static const unsigned bits_cases[] = { 1, 2, 3, 5, 8 };

	for (unsigned c = 0; c < sizeof(bits_cases) / sizeof(bits_cases[0]); c++) {
		enum { N = 64 };
		asid_entry_t e[N];
		int live[N];
		unsigned bits = bits_cases[c];

		memset(e, 0, sizeof(e));
		for (int i = 0; i < N; i++)
			live[i] = 1;
		start(bits, 16);
		rng_state = 0x2545f4914f6cdd1dull + bits;
		for (unsigned step = 0; step < 20000; step++) {
			int i = (int)(rng() % N);

			if (rng() % 10 == 0) {
				/* Delete VSpace i; its ASID entry is reused for a
				 * new VSpace later (root_pa aside, hw starts 0). */
				asid_hw_release(&e[i]);
				assert_int_equal(e[i].hw, 0);
				if (asid_hw_bits() != 0)
					for (unsigned a = 1; a < (1u << asid_hw_bits()); a++)
						assert_true(tlb_owner[a] != i);
				live[i] = 1;
			} else {
				run(e, i);
			}
			check_unique(e, N, live);
		}
		/* With 64 VSpaces and at most 255 ASIDs this must have rolled
		 * over for the small widths, and not for 8 bits. */
		if (bits <= 5)
			assert_true(asid_hw_stats.rollovers > 0);
		else
			assert_int_equal(asid_hw_stats.rollovers, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_unique_in_generation),
		cmocka_unit_test(test_rollover),
		cmocka_unit_test(test_release_reuse),
		cmocka_unit_test(test_release_stale),
		cmocka_unit_test(test_zero_bits),
		cmocka_unit_test(test_flush_targets),
		cmocka_unit_test(test_random_model),
	};

	return cmocka_run_group_tests_name("asid_hw", tests, NULL, NULL);
}
