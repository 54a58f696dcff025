/*
 * lib/memmap: region arithmetic and bootmap, as tables of cases.
 *
 * Each table row is an input list, an operation and the exact expected
 * result, so a new corner case is one more row. Boards here are built by
 * hand (board_t is plain data): the corpus-driven checks are in
 * test_board_corpus.c.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "board_test.h"
#include "memmap/memmap.h"

#define MAXR 6
#define TOP UINT64_MAX

typedef struct span {
	uint64_t base, size;
} span_t;

static void list_set(region_list_t *l, const span_t *s, uint32_t n)
{
	uint32_t i;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < n; i++) {
		l->r[i].base = s[i].base;
		l->r[i].size = s[i].size;
		l->r[i].reason = RESERVE_NONE;
		l->r[i].node = -1;
	}
	l->count = n;
}

static void list_expect(const char *what, const region_list_t *l, const span_t *s, uint32_t n)
{
	uint32_t i;

	if (l->count != n)
		fail_msg("%s: %u regions, expected %u", what, (unsigned)l->count, (unsigned)n);
	for (i = 0; i < n; i++) {
		if (l->r[i].base != s[i].base || l->r[i].size != s[i].size)
			fail_msg("%s: region %u is [0x%llx, +0x%llx), expected [0x%llx, +0x%llx)",
				 what, (unsigned)i, (unsigned long long)l->r[i].base,
				 (unsigned long long)l->r[i].size, (unsigned long long)s[i].base,
				 (unsigned long long)s[i].size);
	}
}

/* ---- region_list_remove ---- */

typedef struct remove_case {
	const char *name;
	uint32_t n_in;
	span_t in[MAXR];
	uint64_t base, size;
	uint32_t n_out;
	span_t out[MAXR];
} remove_case_t;

static const remove_case_t remove_cases[] = {
	{ "at start", 1, { { 0x1000, 0x4000 } }, 0x1000, 0x1000, 1, { { 0x2000, 0x3000 } } },
	{ "in the middle", 1, { { 0x1000, 0x4000 } }, 0x2000, 0x1000, 2,
	  { { 0x1000, 0x1000 }, { 0x3000, 0x2000 } } },
	{ "at end", 1, { { 0x1000, 0x4000 } }, 0x4000, 0x1000, 1, { { 0x1000, 0x3000 } } },
	{ "whole", 1, { { 0x1000, 0x4000 } }, 0x1000, 0x4000, 0, { { 0, 0 } } },
	{ "covering more than the whole", 1, { { 0x1000, 0x4000 } }, 0x0, 0x10000, 0, { { 0, 0 } } },
	{ "outside, below", 1, { { 0x1000, 0x4000 } }, 0x0, 0x800, 1, { { 0x1000, 0x4000 } } },
	{ "outside, touching below", 1, { { 0x1000, 0x4000 } }, 0x0, 0x1000, 1, { { 0x1000, 0x4000 } } },
	{ "outside, touching above", 1, { { 0x1000, 0x4000 } }, 0x5000, 0x1000, 1, { { 0x1000, 0x4000 } } },
	{ "empty hole", 1, { { 0x1000, 0x4000 } }, 0x2000, 0, 1, { { 0x1000, 0x4000 } } },
	{ "overlapping several", 3, { { 0x1000, 0x1000 }, { 0x3000, 0x1000 }, { 0x5000, 0x1000 } },
	  0x1800, 0x4000, 2, { { 0x1000, 0x800 }, { 0x5800, 0x800 } } },
	{ "removing one of several whole", 3, { { 0x1000, 0x1000 }, { 0x3000, 0x1000 }, { 0x5000, 0x1000 } },
	  0x3000, 0x1000, 2, { { 0x1000, 0x1000 }, { 0x5000, 0x1000 } } },
	{ "split keeps order", 2, { { 0x1000, 0x4000 }, { 0x8000, 0x1000 } }, 0x2000, 0x1000, 3,
	  { { 0x1000, 0x1000 }, { 0x3000, 0x2000 }, { 0x8000, 0x1000 } } },
	{ "hole past the end of the address space", 1, { { TOP - 0x3000, 0x2000 } },
	  TOP - 0x2000, 0x10000, 1, { { TOP - 0x3000, 0x1000 } } },
	{ "one byte", 1, { { 0x1000, 0x3 } }, 0x1001, 1, 2, { { 0x1000, 1 }, { 0x1002, 1 } } },
};

static void test_region_remove_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(remove_cases) / sizeof(remove_cases[0]); i++) {
		const remove_case_t *c = &remove_cases[i];
		region_list_t l;

		list_set(&l, c->in, c->n_in);
		if (!region_list_remove(&l, c->base, c->size))
			fail_msg("remove %s: returned false", c->name);
		list_expect(c->name, &l, c->out, c->n_out);
	}
}

/* A split needs a free slot; with none the list must stay as it was. */
static void test_region_remove_overflow(void **state)
{
	static region_list_t l, before;
	uint32_t i;

	(void)state;
	memset(&l, 0, sizeof(l));
	for (i = 0; i < MEMMAP_MAX_REGIONS; i++) {
		l.r[i].base = 0x10000ull * i;
		l.r[i].size = 0x4000;
	}
	l.count = MEMMAP_MAX_REGIONS;
	before = l;
	assert_false(region_list_remove(&l, 0x1000, 0x1000));   /* would split r[0] */
	assert_memory_equal(&l, &before, sizeof(l));
	/* Trimming needs no slot, so it still works on a full table. */
	assert_true(region_list_remove(&l, 0x0, 0x1000));
	assert_int_equal(l.count, MEMMAP_MAX_REGIONS);
	assert_int_equal(l.r[0].base, 0x1000);
	assert_int_equal(l.r[0].size, 0x3000);
}

/* ---- region_list_add / sort / total ---- */

typedef struct add_case {
	const char *name;
	uint64_t base, size;
	bool ok;
} add_case_t;

static const add_case_t add_cases[] = {
	{ "ordinary", 0x80000000, 0x40000000, true },
	{ "empty", 0x1000, 0, false },
	{ "wraps around", TOP - 0xfff, 0x2000, false },
	{ "ends at 2^64 exactly", TOP - 0xfff, 0x1000, false },
	{ "ends one byte below 2^64", TOP - 0x1000, 0x1000, true },
	{ "whole space minus one byte", 0, TOP, true },
};

static void test_region_add_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(add_cases) / sizeof(add_cases[0]); i++) {
		const add_case_t *c = &add_cases[i];
		mem_region_t r = { c->base, c->size, RESERVE_NONE, -1, false };
		region_list_t l;

		memset(&l, 0, sizeof(l));
		if (region_list_add(&l, &r) != c->ok)
			fail_msg("add %s: expected %s", c->name, c->ok ? "true" : "false");
		assert_int_equal(l.count, c->ok ? 1 : 0);
	}
}

static void test_region_add_full(void **state)
{
	static region_list_t l;
	mem_region_t r = { 0x1000, 0x1000, RESERVE_NONE, -1, false };
	uint32_t i;

	(void)state;
	memset(&l, 0, sizeof(l));
	for (i = 0; i < MEMMAP_MAX_REGIONS; i++)
		assert_true(region_list_add(&l, &r));
	assert_false(region_list_add(&l, &r));
	assert_int_equal(l.count, MEMMAP_MAX_REGIONS);
}

typedef struct sort_case {
	uint32_t n;
	span_t in[MAXR], out[MAXR];
} sort_case_t;

static const sort_case_t sort_cases[] = {
	{ 0, { { 0, 0 } }, { { 0, 0 } } },
	{ 1, { { 5, 1 } }, { { 5, 1 } } },
	{ 3, { { 0x3000, 1 }, { 0x1000, 1 }, { 0x2000, 1 } }, { { 0x1000, 1 }, { 0x2000, 1 }, { 0x3000, 1 } } },
	{ 4, { { 9, 1 }, { 7, 1 }, { 5, 1 }, { 3, 1 } }, { { 3, 1 }, { 5, 1 }, { 7, 1 }, { 9, 1 } } },
	/* equal bases: the shorter first */
	{ 3, { { 0x1000, 0x3000 }, { 0x1000, 0x1000 }, { 0, 1 } },
	  { { 0, 1 }, { 0x1000, 0x1000 }, { 0x1000, 0x3000 } } },
	{ 2, { { TOP - 1, 1 }, { 0, 1 } }, { { 0, 1 }, { TOP - 1, 1 } } },
};

static void test_region_sort_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(sort_cases) / sizeof(sort_cases[0]); i++) {
		region_list_t l;

		list_set(&l, sort_cases[i].in, sort_cases[i].n);
		region_list_sort(&l);
		list_expect("sort", &l, sort_cases[i].out, sort_cases[i].n);
	}
}

static void test_region_total(void **state)
{
	static const span_t s[] = { { 0x1000, 0x1000 }, { 0x80000000, 0x40000000 }, { 0, 1 } };
	region_list_t l;

	(void)state;
	list_set(&l, s, 0);
	assert_int_equal(region_list_total(&l), 0);
	list_set(&l, s, 3);
	assert_int_equal(region_list_total(&l), 0x1000 + 0x40000000 + 1);
}

/* ---- bootmap_derive on hand-made boards ---- */

static board_t *board_with(const span_t *ram, uint32_t nram, const span_t *res, uint32_t nres)
{
	board_t *b = calloc(1, sizeof(*b));
	uint32_t i;

	assert_non_null(b);
	for (i = 0; i < nram; i++) {
		b->memory[i].base = ram[i].base;
		b->memory[i].size = ram[i].size;
	}
	b->memory_count = nram;
	for (i = 0; i < nres; i++) {
		b->reserved[i].base = res[i].base;
		b->reserved[i].size = res[i].size;
		b->reserved[i].node = i % 2 == 0 ? -1 : 100 + (int)i;
		b->reserved[i].no_map = i == 1;
	}
	b->reserved_count = nres;
	return b;
}

typedef struct derive_case {
	const char *name;
	uint32_t nram;
	span_t ram[MAXR];
	uint32_t nres;
	span_t res[MAXR];
	memmap_status_t status;
	uint32_t nfree;
	span_t free[MAXR];
} derive_case_t;

static const derive_case_t derive_cases[] = {
	{ "no reservations", 1, { { 0x80000000, 0x40000000 } }, 0, { { 0, 0 } }, MEMMAP_OK,
	  1, { { 0x80000000, 0x40000000 } } },
	{ "firmware at the start", 1, { { 0x80000000, 0x40000000 } }, 1, { { 0x80000000, 0x80000 } },
	  MEMMAP_OK, 1, { { 0x80080000, 0x3ff80000 } } },
	{ "unaligned reservation rounds free inward", 1, { { 0x80000000, 0x100000 } }, 1,
	  { { 0x80001001, 0x2000 } }, MEMMAP_OK, 2, { { 0x80000000, 0x1000 }, { 0x80004000, 0xfc000 } } },
	{ "RAM sorted, reservation outside RAM ignored for free", 2,
	  { { 0xc0000000, 0x1000000 }, { 0x80000000, 0x1000000 } }, 1, { { 0x10000000, 0x1000 } },
	  MEMMAP_OK, 2, { { 0x80000000, 0x1000000 }, { 0xc0000000, 0x1000000 } } },
	{ "reservation across two RAM ranges", 2, { { 0x80000000, 0x100000 }, { 0x80100000, 0x100000 } },
	  1, { { 0x800ff000, 0x2000 } }, MEMMAP_OK, 2,
	  { { 0x80000000, 0xff000 }, { 0x80101000, 0xff000 } } },
	{ "overlapping reservations", 1, { { 0x0, 0x10000 } }, 3,
	  { { 0x2000, 0x4000 }, { 0x3000, 0x1000 }, { 0x5000, 0x2000 } }, MEMMAP_OK, 2,
	  { { 0x0, 0x2000 }, { 0x7000, 0x9000 } } },
	{ "unaligned RAM", 1, { { 0x80000800, 0x3000 } }, 0, { { 0, 0 } }, MEMMAP_OK, 1,
	  { { 0x80001000, 0x2000 } } },
	{ "all reserved", 1, { { 0x80000000, 0x100000 } }, 1, { { 0x80000000, 0x100000 } },
	  MEMMAP_ERR_NO_FREE, 0, { { 0, 0 } } },
	{ "only sub-page pieces left", 1, { { 0x80000000, 0x3000 } }, 2,
	  { { 0x80000800, 0x1000 }, { 0x80001900, 0x1000 } }, MEMMAP_ERR_NO_FREE, 0, { { 0, 0 } } },
	{ "RAM overlap", 2, { { 0x80000000, 0x2000 }, { 0x80001000, 0x2000 } }, 0, { { 0, 0 } },
	  MEMMAP_ERR_RANGE, 0, { { 0, 0 } } },
	{ "RAM wraps", 1, { { TOP - 0xfff, 0x2000 } }, 0, { { 0, 0 } }, MEMMAP_ERR_RANGE, 0, { { 0, 0 } } },
	{ "reservation wraps", 1, { { 0x1000, 0x2000 } }, 1, { { TOP - 0xfff, 0x2000 } },
	  MEMMAP_ERR_RANGE, 0, { { 0, 0 } } },
	{ "empty reservation", 1, { { 0x1000, 0x2000 } }, 1, { { 0x1000, 0 } },
	  MEMMAP_ERR_RANGE, 0, { { 0, 0 } } },
};

static void test_bootmap_derive_table(void **state)
{
	static bootmap_t map;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(derive_cases) / sizeof(derive_cases[0]); i++) {
		const derive_case_t *c = &derive_cases[i];
		board_t *b = board_with(c->ram, c->nram, c->res, c->nres);
		diag_t diag = { "" };
		memmap_status_t st = bootmap_derive(&map, b, NULL, 0, &diag);

		if (st != c->status)
			fail_msg("derive %s: %s, expected %s (%s)", c->name, memmap_status_name(st),
				 memmap_status_name(c->status), diag.msg);
		if (st == MEMMAP_OK)
			list_expect(c->name, &map.free, c->free, c->nfree);
		else if (diag.msg[0] == '\0')
			fail_msg("derive %s: failed without a diagnostic", c->name);
		free(b);
	}
}

/* Reasons, nodes and no-map flags travel from the board and `kept` into
 * the sorted reserved list. */
static void test_bootmap_derive_reasons(void **state)
{
	static const span_t ram[] = { { 0x80000000, 0x1000000 } };
	static const span_t res[] = { { 0x80400000, 0x1000 }, { 0x80000000, 0x80000 } };
	static bootmap_t map;
	mem_region_t kept[] = {
		{ 0x80200000, 0x36000, RESERVE_KERNEL_IMAGE, -1, false },
		{ 0x80f00000, 0x192e, RESERVE_DTB, -1, false },
	};
	board_t *b = board_with(ram, 1, res, 2);

	(void)state;
	assert_int_equal(bootmap_derive(&map, b, kept, 2, NULL), MEMMAP_OK);
	assert_int_equal(map.reserved.count, 4);
	assert_int_equal(map.reserved.r[0].base, 0x80000000);
	assert_int_equal(map.reserved.r[0].reason, RESERVE_DT_NODE);
	assert_int_equal(map.reserved.r[0].node, 101);
	assert_true(map.reserved.r[0].no_map);
	assert_int_equal(map.reserved.r[1].reason, RESERVE_KERNEL_IMAGE);
	assert_int_equal(map.reserved.r[2].reason, RESERVE_MEMRESERVE);
	assert_int_equal(map.reserved.r[2].node, -1);
	assert_false(map.reserved.r[2].no_map);
	assert_int_equal(map.reserved.r[3].reason, RESERVE_DTB);
	{
		static const span_t want[] = {
			{ 0x80080000, 0x180000 }, { 0x80236000, 0x1ca000 },
			{ 0x80401000, 0xaff000 }, { 0x80f02000, 0xfe000 },
		};
		list_expect("free", &map.free, want, 4);
	}
	free(b);
}

/* MEMMAP_MAX_REGIONS disjoint holes leave one more free piece than the
 * table holds. */
static void test_bootmap_derive_full(void **state)
{
	static const span_t ram[] = { { 0x0, 1ull << 40 } };
	static bootmap_t map;
	static mem_region_t kept[MEMMAP_MAX_REGIONS + 1];
	board_t *b = board_with(ram, 1, NULL, 0);
	diag_t diag = { "" };
	uint32_t i;

	(void)state;
	for (i = 0; i <= MEMMAP_MAX_REGIONS; i++) {
		kept[i].base = 0x100000ull * (i + 1);
		kept[i].size = 0x1000;
		kept[i].reason = RESERVE_KERNEL_DATA;
		kept[i].node = -1;
	}
	assert_int_equal(bootmap_derive(&map, b, kept, MEMMAP_MAX_REGIONS, &diag), MEMMAP_ERR_FULL);
	assert_non_null(strstr(diag.msg, "free"));
	/* One hole too many for the reserved table itself. */
	assert_int_equal(bootmap_derive(&map, b, kept, MEMMAP_MAX_REGIONS + 1, &diag), MEMMAP_ERR_FULL);
	assert_non_null(strstr(diag.msg, "reserved"));
	/* One hole fewer fits: the table full of free pieces. */
	assert_int_equal(bootmap_derive(&map, b, kept, MEMMAP_MAX_REGIONS - 1, NULL), MEMMAP_OK);
	assert_int_equal(map.free.count, MEMMAP_MAX_REGIONS);
	free(b);
}

/* ---- bootmap_take ---- */

typedef struct take_case {
	const char *name;
	uint32_t nfree;
	span_t free[MAXR];
	uint64_t size, align;
	memmap_status_t status;
	uint64_t pa;
	uint32_t nafter;
	span_t after[MAXR];
} take_case_t;

static const take_case_t take_cases[] = {
	{ "2 MiB aligned kernel after firmware", 1, { { 0x80080000, 0x3ff80000 } }, 0x200000, 0x200000,
	  MEMMAP_OK, 0x80200000, 2, { { 0x80080000, 0x180000 }, { 0x80400000, 0x3fc00000 } } },
	{ "exact fit", 1, { { 0x200000, 0x200000 } }, 0x200000, 0x200000, MEMMAP_OK, 0x200000, 0,
	  { { 0, 0 } } },
	{ "size rounded up to a page", 1, { { 0x1000, 0x3000 } }, 1, 0x1000, MEMMAP_OK, 0x1000, 1,
	  { { 0x2000, 0x2000 } } },
	{ "first range cannot be aligned", 2, { { 0x1000, 0x1000 }, { 0x200000, 0x1000 } }, 0x1000,
	  0x200000, MEMMAP_OK, 0x200000, 1, { { 0x1000, 0x1000 } } },
	{ "first range too small", 2, { { 0x1000, 0x1000 }, { 0x10000, 0x4000 } }, 0x2000, 0x1000,
	  MEMMAP_OK, 0x10000, 2, { { 0x1000, 0x1000 }, { 0x12000, 0x2000 } } },
	{ "exhausted", 1, { { 0x1000, 0x3000 } }, 0x4000, 0x1000, MEMMAP_ERR_NO_FREE, 0, 1,
	  { { 0x1000, 0x3000 } } },
	{ "alignment below a page", 1, { { 0x1000, 0x3000 } }, 0x1000, 0x800, MEMMAP_ERR_RANGE, 0, 1,
	  { { 0x1000, 0x3000 } } },
	{ "alignment not a power of two", 1, { { 0x1000, 0x3000 } }, 0x1000, 0x3000, MEMMAP_ERR_RANGE,
	  0, 1, { { 0x1000, 0x3000 } } },
	{ "zero size", 1, { { 0x1000, 0x3000 } }, 0, 0x1000, MEMMAP_ERR_RANGE, 0, 1,
	  { { 0x1000, 0x3000 } } },
	{ "size near 2^64", 1, { { 0x1000, 0x3000 } }, TOP - 10, 0x1000, MEMMAP_ERR_RANGE, 0, 1,
	  { { 0x1000, 0x3000 } } },
	{ "alignment past the top of a range near 2^64", 1, { { TOP - 0x2fff, 0x2000 } }, 0x1000,
	  1ull << 63, MEMMAP_ERR_NO_FREE, 0, 1, { { TOP - 0x2fff, 0x2000 } } },
};

static void test_bootmap_take_table(void **state)
{
	static bootmap_t map;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(take_cases) / sizeof(take_cases[0]); i++) {
		const take_case_t *c = &take_cases[i];
		uint64_t pa = 0;
		memmap_status_t st;

		memset(&map, 0, sizeof(map));
		list_set(&map.free, c->free, c->nfree);
		st = bootmap_take(&map, c->size, c->align, RESERVE_PAGE_TABLES, &pa);
		if (st != c->status)
			fail_msg("take %s: %s, expected %s", c->name, memmap_status_name(st),
				 memmap_status_name(c->status));
		list_expect(c->name, &map.free, c->after, c->nafter);
		if (st != MEMMAP_OK) {
			assert_int_equal(map.reserved.count, 0);
			continue;
		}
		if (pa != c->pa)
			fail_msg("take %s: pa 0x%llx, expected 0x%llx", c->name,
				 (unsigned long long)pa, (unsigned long long)c->pa);
		assert_int_equal(map.reserved.count, 1);
		assert_int_equal(map.reserved.r[0].base, pa);
		assert_int_equal(map.reserved.r[0].size, (c->size + 0xfff) & ~0xfffull);
		assert_int_equal(map.reserved.r[0].reason, RESERVE_PAGE_TABLES);
	}
}

/* Repeated takes run the map dry, keep reserved sorted and never return
 * the same page twice. */
static void test_bootmap_take_until_exhausted(void **state)
{
	static const span_t f[] = { { 0x10000, 0x3000 }, { 0x2000, 0x2000 } };
	static bootmap_t map;
	uint64_t pa, seen[8];
	uint32_t n = 0, i;

	(void)state;
	memset(&map, 0, sizeof(map));
	list_set(&map.free, f, 2);
	region_list_sort(&map.free);
	while (bootmap_take(&map, 0x1000, 0x1000, RESERVE_KERNEL_DATA, &pa) == MEMMAP_OK) {
		assert_true(n < 8);
		for (i = 0; i < n; i++)
			assert_int_not_equal(seen[i], pa);
		seen[n++] = pa;
	}
	assert_int_equal(n, 5);
	assert_int_equal(seen[0], 0x2000);
	assert_int_equal(seen[4], 0x12000);
	assert_int_equal(map.free.count, 0);
	assert_int_equal(map.reserved.count, 5);
	for (i = 1; i < map.reserved.count; i++)
		assert_true(map.reserved.r[i - 1].base < map.reserved.r[i].base);
	assert_int_equal(bootmap_take(&map, 0x1000, 0x1000, RESERVE_KERNEL_DATA, &pa),
			 MEMMAP_ERR_NO_FREE);
}

/* With a full table, take must fail cleanly and change nothing. */
static void test_bootmap_take_full(void **state)
{
	static bootmap_t map, before;
	uint64_t pa;
	uint32_t i;

	(void)state;
	memset(&map, 0, sizeof(map));
	map.free.count = 1;
	map.free.r[0].base = 0x100000;
	map.free.r[0].size = 0x100000;
	for (i = 0; i < MEMMAP_MAX_REGIONS; i++) {
		map.reserved.r[i].base = 0x1000ull * i;
		map.reserved.r[i].size = 0x1000;
	}
	map.reserved.count = MEMMAP_MAX_REGIONS;
	before = map;
	assert_int_equal(bootmap_take(&map, 0x1000, 0x1000, RESERVE_KERNEL_DATA, &pa), MEMMAP_ERR_FULL);
	assert_memory_equal(&map, &before, sizeof(map));

	/* Free table full and the take would split a range. */
	memset(&map, 0, sizeof(map));
	for (i = 0; i < MEMMAP_MAX_REGIONS; i++) {
		map.free.r[i].base = 0x1000000ull * (i + 1) + 0x1000;
		map.free.r[i].size = 0x400000;
	}
	map.free.count = MEMMAP_MAX_REGIONS;
	before = map;
	assert_int_equal(bootmap_take(&map, 0x1000, 0x200000, RESERVE_KERNEL_DATA, &pa), MEMMAP_ERR_FULL);
	assert_memory_equal(&map, &before, sizeof(map));
	/* Taken from the start of a range, nothing splits: fine. */
	assert_int_equal(bootmap_take(&map, 0x1000, 0x1000, RESERVE_KERNEL_DATA, &pa), MEMMAP_OK);
	assert_int_equal(pa, 0x1001000);
}

static void test_memmap_names(void **state)
{
	(void)state;
	assert_string_equal(reserve_reason_name(RESERVE_MEMRESERVE), "memreserve");
	assert_string_equal(reserve_reason_name(RESERVE_DT_NODE), "reserved-memory");
	assert_string_equal(reserve_reason_name(RESERVE_KERNEL_IMAGE), "kernel image");
	assert_string_equal(reserve_reason_name(RESERVE_DTB), "device tree");
	assert_string_equal(reserve_reason_name(RESERVE_PAGE_TABLES), "kernel page tables");
	assert_string_equal(reserve_reason_name(RESERVE_KERNEL_DATA), "kernel data");
	assert_string_equal(reserve_reason_name(RESERVE_DEVICE), "device");
	assert_string_equal(reserve_reason_name((reserve_reason_t)99), "unknown");
	assert_string_equal(memmap_status_name(MEMMAP_ERR_FULL), "table full");
}

const struct CMUnitTest memmap_tests[] = {
	cmocka_unit_test(test_region_remove_table),
	cmocka_unit_test(test_region_remove_overflow),
	cmocka_unit_test(test_region_add_table),
	cmocka_unit_test(test_region_add_full),
	cmocka_unit_test(test_region_sort_table),
	cmocka_unit_test(test_region_total),
	cmocka_unit_test(test_bootmap_derive_table),
	cmocka_unit_test(test_bootmap_derive_reasons),
	cmocka_unit_test(test_bootmap_derive_full),
	cmocka_unit_test(test_bootmap_take_table),
	cmocka_unit_test(test_bootmap_take_until_exhausted),
	cmocka_unit_test(test_bootmap_take_full),
	cmocka_unit_test(test_memmap_names),
};
const size_t memmap_test_count = sizeof(memmap_tests) / sizeof(memmap_tests[0]);
