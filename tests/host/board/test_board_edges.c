/*
 * Device trees that are wrong in ways fuzzing found, and what the board
 * and the memory map make of them:
 *   - a hart id given twice: the board is refused, naming the id and both
 *     cpu nodes;
 *   - no usable timebase-frequency (absent, 0, a bad length): the board is
 *     accepted with timebase 0, board_timebase_ticks() says 0 (the kernel
 *     then runs without a tick) and never overflows for absurd ones;
 *   - device registers inside RAM: reserved whole as RESERVE_DEVICE (kept
 *     out of the kernel window), so they are neither free RAM nor, as
 *     device untyped never cover RAM, device memory.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board_test.h"
#include "board/board.h"
#include "memmap/memmap.h"
#include "memmap/untyped.h"
#include "synth.h"

/* ---- hart ids ---- */

/* A cpu node: `id_hi` and `id` make a 2-cell hart id when cells == 2. */
static void add_cpu(tdtb_t *t, const char *name, unsigned cells, unsigned id_hi, unsigned id,
		    bool disabled, bool typed)
{
	tdtb_begin(t, name);
	if (typed)
		tdtb_prop_str(t, "device_type", "cpu");
	if (disabled)
		tdtb_prop_str(t, "status", "disabled");
	if (cells == 2)
		tdtb_prop_cells(t, "reg", 2, id_hi, id);
	else
		tdtb_prop_cells(t, "reg", 1, id);
	tdtb_prop_str(t, "riscv,isa", "rv64imac");
	tdtb_prop_str(t, "mmu-type", "riscv,sv39");
	tdtb_end(t);
}

static void begin_cpus(tdtb_t *t, unsigned cells)
{
	root_cells(t, 2, 2);
	add_memory(t, "memory@80000000", 0x80000000, 0x40000000);
	tdtb_begin(t, "cpus");
	tdtb_prop_cells(t, "#address-cells", 1, cells);
	tdtb_prop_cells(t, "#size-cells", 1, 0);
	tdtb_prop_cells(t, "timebase-frequency", 1, 10000000);
}

static void h_two_enabled(tdtb_t *t)
{
	begin_cpus(t, 1);
	add_cpu(t, "cpu@0", 1, 0, 0, false, true);
	add_cpu(t, "cpu@1", 1, 0, 1, false, true);
	add_cpu(t, "cpu@2", 1, 0, 1, false, true);
	tdtb_end(t);
}

/* Disabled or not, an id names one hart. */
static void h_one_disabled(tdtb_t *t)
{
	begin_cpus(t, 1);
	add_cpu(t, "cpu@0", 1, 0, 0, false, true);
	add_cpu(t, "cpu@7", 1, 0, 0, true, true);
	tdtb_end(t);
}

/* A hart found by its node name (no device_type) counts the same. */
static void h_untyped_node(tdtb_t *t)
{
	begin_cpus(t, 1);
	add_cpu(t, "cpu@3", 1, 0, 3, false, true);
	add_cpu(t, "cpu@4", 1, 0, 3, false, false);
	tdtb_end(t);
}

/* Two cells: ids that differ only in the high cell are different. */
static void h_two_cells(tdtb_t *t)
{
	begin_cpus(t, 2);
	add_cpu(t, "cpu@0", 2, 0, 0, false, true);
	add_cpu(t, "cpu@100000000", 2, 1, 0, false, true);
	add_cpu(t, "cpu@100000000-again", 2, 1, 0, false, true);
	tdtb_end(t);
}

static void h_distinct(tdtb_t *t)
{
	begin_cpus(t, 2);
	add_cpu(t, "cpu@0", 2, 0, 0, false, true);
	add_cpu(t, "cpu@100000000", 2, 1, 0, false, true);
	tdtb_begin(t, "cpu-map");                /* not a hart, has no id */
	tdtb_end(t);
	tdtb_end(t);
}

static const struct {
	const char *name;
	void (*build)(tdtb_t *t);
	board_status_t status;
	const char *diag;        /* exact message, when refused */
} hart_cases[] = {
	{ "two enabled", h_two_enabled, BOARD_ERR_HART_TWICE,
	  "hart id 1 given twice: cpu nodes /cpus/cpu@1 and /cpus/cpu@2" },
	{ "one disabled", h_one_disabled, BOARD_ERR_HART_TWICE,
	  "hart id 0 given twice: cpu nodes /cpus/cpu@0 and /cpus/cpu@7" },
	{ "found by name", h_untyped_node, BOARD_ERR_HART_TWICE,
	  "hart id 3 given twice: cpu nodes /cpus/cpu@3 and /cpus/cpu@4" },
	{ "two cells", h_two_cells, BOARD_ERR_HART_TWICE,
	  "hart id 4294967296 given twice: cpu nodes /cpus/cpu@100000000 and "
	  "/cpus/cpu@100000000-again" },
	{ "distinct in the high cell", h_distinct, BOARD_OK, NULL },
};

static void test_hart_id_twice(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(hart_cases) / sizeof(hart_cases[0]); i++) {
		synth_t *s = synth_new();

		hart_cases[i].build(s->t);
		if (synth_run(s) != hart_cases[i].status)
			fail_msg("%s: %s (%s), expected %s", hart_cases[i].name,
				 board_status_name(s->status), s->diag.msg,
				 board_status_name(hart_cases[i].status));
		if (hart_cases[i].diag != NULL)
			assert_string_equal(s->diag.msg, hart_cases[i].diag);
		else
			assert_int_equal(s->board.hart_count, 2);
		synth_free(s);
	}
	assert_string_equal(board_status_name(BOARD_ERR_HART_TWICE), "duplicate hart id");
}

/* ---- the timebase ---- */

typedef struct timebase_case {
	const char *name;
	int cpus_len;            /* bytes of /cpus's timebase-frequency; -1: none */
	uint32_t cpus_cells[2];
	int cpu_len;             /* the same on the (only) cpu node */
	uint32_t cpu_cells[2];
	uint64_t hz;
} timebase_case_t;

static const timebase_case_t timebase_cases[] = {
	{ "absent", -1, { 0 }, -1, { 0 }, 0 },
	{ "0 on /cpus", 4, { 0 }, -1, { 0 }, 0 },
	{ "0 as a u64", 8, { 0, 0 }, -1, { 0 }, 0 },
	{ "0 on /cpus and on the cpu", 4, { 0 }, 4, { 0 }, 0 },
	{ "3 bytes", 3, { 0x01000000 }, -1, { 0 }, 0 },
	{ "empty", 0, { 0 }, -1, { 0 }, 0 },
	{ "0 on /cpus, the cpu's used", 4, { 0 }, 4, { 1000000 }, 1000000 },
	{ "a u64", 8, { 1, 0 }, -1, { 0 }, 1ull << 32 },
};

static void prop_bytes(tdtb_t *t, const char *name, int len, const uint32_t cells[2])
{
	uint8_t be[8];

	for (int k = 0; k < 8; k++)
		be[k] = (uint8_t)(cells[k / 4] >> (24 - 8 * (k % 4)));
	tdtb_prop(t, name, be, (uint32_t)len);
}

static void test_timebase_missing_or_zero(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(timebase_cases) / sizeof(timebase_cases[0]); i++) {
		const timebase_case_t *c = &timebase_cases[i];
		synth_t *s = synth_new();

		root_cells(s->t, 2, 2);
		add_memory(s->t, "memory@80000000", 0x80000000, 0x40000000);
		tdtb_begin(s->t, "cpus");
		tdtb_prop_cells(s->t, "#address-cells", 1, 1);
		tdtb_prop_cells(s->t, "#size-cells", 1, 0);
		if (c->cpus_len >= 0)
			prop_bytes(s->t, "timebase-frequency", c->cpus_len, c->cpus_cells);
		tdtb_begin(s->t, "cpu@0");
		tdtb_prop_str(s->t, "device_type", "cpu");
		tdtb_prop_cells(s->t, "reg", 1, 0);
		tdtb_prop_str(s->t, "riscv,isa", "rv64imac");
		tdtb_prop_str(s->t, "mmu-type", "riscv,sv39");
		if (c->cpu_len >= 0)
			prop_bytes(s->t, "timebase-frequency", c->cpu_len, c->cpu_cells);
		tdtb_end(s->t);
		tdtb_end(s->t);
		/* Accepted either way: the kernel can run without a tick. */
		if (synth_run(s) != BOARD_OK)
			fail_msg("%s: refused: %s", c->name, s->diag.msg);
		if (s->board.timebase_hz != c->hz)
			fail_msg("%s: timebase %llu Hz, expected %llu", c->name,
				 (unsigned long long)s->board.timebase_hz, (unsigned long long)c->hz);
		if ((board_timebase_ticks(&s->board, 2000) == 0) != (c->hz == 0))
			fail_msg("%s: %llu ticks per 2 ms", c->name,
				 (unsigned long long)board_timebase_ticks(&s->board, 2000));
		synth_free(s);
	}
}

static const struct {
	uint64_t hz;
	uint32_t us;
	uint64_t ticks;
} ticks_cases[] = {
	{ 0, 2000, 0 },                       /* no timebase: no tick */
	{ 0, 0, 0 },
	{ 10000000, 2000, 20000 },            /* QEMU virt */
	{ 1000000, 2000, 2000 },              /* SiFive boards */
	{ 999999, 2000, 1999 },               /* rounded down */
	{ 1, 2000, 1 },                       /* never 0 with a timebase */
	{ 400, 2000, 1 },
	{ 1ull << 32, 2000, 8589934 },
	{ 10000000, 0, 1 },
	{ UINT64_MAX, 2000, 36893488147419103ull },   /* no overflow on the way */
	{ 1ull << 62, 2000, 9223372036854775ull },
	{ UINT64_MAX, UINT32_MAX, UINT64_MAX },       /* saturates, does not wrap */
	{ 18446744073709ull * 1000000, UINT32_MAX, UINT64_MAX },
};

static uint64_t ticks_of(uint64_t hz, uint32_t us)
{
	board_t *b = calloc(1, sizeof(*b));
	uint64_t t;

	assert_non_null(b);
	b->timebase_hz = hz;
	t = board_timebase_ticks(b, us);
	free(b);
	return t;
}

static void test_timebase_ticks(void **state)
{
	uint64_t hz = 1;

	(void)state;
	for (size_t i = 0; i < sizeof(ticks_cases) / sizeof(ticks_cases[0]); i++) {
		uint64_t t = ticks_of(ticks_cases[i].hz, ticks_cases[i].us);

		if (t != ticks_cases[i].ticks)
			fail_msg("%llu Hz, %u us: %llu ticks, expected %llu",
				 (unsigned long long)ticks_cases[i].hz, (unsigned)ticks_cases[i].us,
				 (unsigned long long)t, (unsigned long long)ticks_cases[i].ticks);
	}
	/* Against 128-bit arithmetic, over frequencies from 1 Hz to 2^64. */
	for (int k = 0; k < 64 * 8; k++, hz += hz / 7 + 1) {
		uint32_t us = (uint32_t)(k * 2654435761u);
		unsigned __int128 exact = (unsigned __int128)hz * us / 1000000;
		uint64_t want = exact > UINT64_MAX ? UINT64_MAX : exact == 0 ? 1 : (uint64_t)exact;

		if (ticks_of(hz, us) != want)
			fail_msg("%llu Hz, %u us: %llu ticks, expected %llu", (unsigned long long)hz,
				 (unsigned)us, (unsigned long long)ticks_of(hz, us),
				 (unsigned long long)want);
		if (hz > UINT64_MAX / 2)
			hz = 1;
	}
}

/* ---- devices inside RAM: the memory map ---- */

typedef struct span {
	uint64_t base, size;
} span_t;

#define MAXD 6

typedef struct carve_case {
	const char *name;
	uint32_t ndev;
	span_t dev[MAXD];        /* node offsets are 100 + index */
	uint32_t ncarved;
	uint32_t carved[MAXD];   /* indices of the devices reserved, by base */
	uint32_t nfree;
	span_t free[MAXD];
} carve_case_t;

/* RAM: [0x80000000, +16 MiB) and [0x90000000, +1 MiB); a reservation at
 * 0x80800000 (one page). */
static const carve_case_t carve_cases[] = {
	{ "outside RAM", 2, { { 0x10000000, 0x1000 }, { 0x8ffff000, 0x1000 } }, 0, { 0 }, 3,
	  { { 0x80000000, 0x800000 }, { 0x80801000, 0x7ff000 }, { 0x90000000, 0x100000 } } },
	{ "a page inside", 1, { { 0x80400000, 0x1000 } }, 1, { 0 }, 4,
	  { { 0x80000000, 0x400000 }, { 0x80401000, 0x3ff000 }, { 0x80801000, 0x7ff000 },
	    { 0x90000000, 0x100000 } } },
	{ "sub-page: the whole page goes", 1, { { 0x80400010, 0x20 } }, 1, { 0 }, 4,
	  { { 0x80000000, 0x400000 }, { 0x80401000, 0x3ff000 }, { 0x80801000, 0x7ff000 },
	    { 0x90000000, 0x100000 } } },
	{ "across the start of RAM", 1, { { 0x7ffff000, 0x3000 } }, 1, { 0 }, 3,
	  { { 0x80002000, 0x7fe000 }, { 0x80801000, 0x7ff000 }, { 0x90000000, 0x100000 } } },
	{ "across the end of RAM", 1, { { 0x80fff800, 0x10000 } }, 1, { 0 }, 3,
	  { { 0x80000000, 0x800000 }, { 0x80801000, 0x7fe000 }, { 0x90000000, 0x100000 } } },
	{ "over a reservation", 1, { { 0x807ff000, 0x3000 } }, 1, { 0 }, 3,
	  { { 0x80000000, 0x7ff000 }, { 0x80802000, 0x7fe000 }, { 0x90000000, 0x100000 } } },
	{ "empty range: nothing to reserve", 1, { { 0x80400000, 0 } }, 0, { 0 }, 3,
	  { { 0x80000000, 0x800000 }, { 0x80801000, 0x7ff000 }, { 0x90000000, 0x100000 } } },
	{ "several, unsorted", 3, { { 0x90080000, 0x1000 }, { 0x20000000, 0x1000 },
				    { 0x80100000, 0x1000 } }, 2, { 2, 0 }, 5,
	  { { 0x80000000, 0x100000 }, { 0x80101000, 0x6ff000 }, { 0x80801000, 0x7ff000 },
	    { 0x90000000, 0x80000 }, { 0x90081000, 0x7f000 } } },
	{ "all of the second RAM range", 1, { { 0x90000000, 0x100000 } }, 1, { 0 }, 2,
	  { { 0x80000000, 0x800000 }, { 0x80801000, 0x7ff000 } } },
};

static board_t *carve_board(const carve_case_t *c)
{
	board_t *b = calloc(1, sizeof(*b));

	assert_non_null(b);
	b->memory[0] = (phys_range_t){ 0x80000000, 0x1000000 };
	b->memory[1] = (phys_range_t){ 0x90000000, 0x100000 };
	b->memory_count = 2;
	b->reserved[0] = (board_reserved_t){ 0x80800000, 0x1000, -1, false };
	b->reserved_count = 1;
	for (uint32_t i = 0; i < c->ndev; i++)
		b->devices[i] = (board_device_t){ c->dev[i].base, c->dev[i].size, 100 + (int)i };
	b->device_count = c->ndev;
	return b;
}

static void test_devices_in_ram_map(void **state)
{
	static bootmap_t map;

	(void)state;
	for (size_t i = 0; i < sizeof(carve_cases) / sizeof(carve_cases[0]); i++) {
		const carve_case_t *c = &carve_cases[i];
		board_t *b = carve_board(c);
		diag_t diag = { "" };
		uint32_t n = 0;

		if (bootmap_derive(&map, b, NULL, 0, &diag) != MEMMAP_OK)
			fail_msg("%s: %s", c->name, diag.msg);
		for (uint32_t k = 0; k < map.reserved.count; k++) {
			const mem_region_t *r = &map.reserved.r[k];
			const span_t *want;

			if (r->reason != RESERVE_DEVICE)
				continue;
			if (n == c->ncarved)
				fail_msg("%s: more than %u device reservations", c->name, c->ncarved);
			want = &c->dev[c->carved[n]];
			/* Reserved exactly as the device tree says, no-map. */
			if (r->base != want->base || r->size != want->size ||
			    r->node != 100 + (int)c->carved[n] || !r->no_map)
				fail_msg("%s: device reservation %u is [0x%llx, +0x%llx) node %d no_map %d",
					 c->name, n, (unsigned long long)r->base,
					 (unsigned long long)r->size, r->node, r->no_map);
			n++;
		}
		if (n != c->ncarved)
			fail_msg("%s: %u device reservations, expected %u", c->name, n, c->ncarved);
		if (map.free.count != c->nfree)
			fail_msg("%s: %u free ranges, expected %u", c->name, map.free.count, c->nfree);
		for (uint32_t k = 0; k < c->nfree; k++)
			if (map.free.r[k].base != c->free[k].base || map.free.r[k].size != c->free[k].size)
				fail_msg("%s: free %u is [0x%llx, +0x%llx), expected [0x%llx, +0x%llx)",
					 c->name, k, (unsigned long long)map.free.r[k].base,
					 (unsigned long long)map.free.r[k].size,
					 (unsigned long long)c->free[k].base,
					 (unsigned long long)c->free[k].size);
		free(b);
	}
	assert_string_equal(reserve_reason_name(RESERVE_DEVICE), "device");
}

/* Every device of the largest board fits in the map's tables: a board
 * that board_from_fdt() accepts never overflows them. */
static void test_devices_in_ram_full(void **state)
{
	static bootmap_t map;
	board_t *b = calloc(1, sizeof(*b));
	mem_region_t kept[MEMMAP_MAX_KERNEL];
	diag_t diag = { "" };

	(void)state;
	assert_non_null(b);
	for (uint32_t i = 0; i < BOARD_MAX_MEMORY; i++)
		b->memory[i] = (phys_range_t){ 0x100000000ull * (i + 1), 0x10000000 };
	b->memory_count = BOARD_MAX_MEMORY;
	for (uint32_t i = 0; i < BOARD_MAX_RESERVED; i++)
		b->reserved[i] = (board_reserved_t){ 0x100000000ull + 0x10000 * (i + 1), 0x1000,
						     -1, false };
	b->reserved_count = BOARD_MAX_RESERVED;
	for (uint32_t i = 0; i < BOARD_MAX_DEVICES; i++)
		b->devices[i] = (board_device_t){ 0x200000000ull + 0x10000 * (i + 1), 0x1000,
						  (int)i };
	b->device_count = BOARD_MAX_DEVICES;
	for (uint32_t i = 0; i < MEMMAP_MAX_KERNEL; i++)
		kept[i] = (mem_region_t){ 0x300000000ull + 0x10000 * (i + 1), 0x1000,
					  RESERVE_KERNEL_DATA, -1, false };
	/* Every hole splits a free range: the most free ranges there can be. */
	if (bootmap_derive(&map, b, kept, MEMMAP_MAX_KERNEL, &diag) != MEMMAP_OK)
		fail_msg("largest board: %s", diag.msg);
	assert_int_equal(map.reserved.count,
			 BOARD_MAX_RESERVED + BOARD_MAX_DEVICES + MEMMAP_MAX_KERNEL);
	assert_int_equal(map.free.count, MEMMAP_MAX_REGIONS);
	free(b);
}

/* ---- devices inside RAM: the board, the warning, the untyped plan ---- */

static void build_devices_in_ram(tdtb_t *t)
{
	minimal_board(t);                           /* RAM [0x80000000, +1 GiB) */
	tdtb_begin(t, "soc");
	root_cells(t, 2, 2);
	tdtb_prop_empty(t, "ranges");
	tdtb_begin(t, "sram@90000000");
	tdtb_prop_str(t, "compatible", "mmio-sram");
	tdtb_prop_cells(t, "reg", 4, 0, 0x90000000, 0, 0x2000);
	tdtb_end(t);
	tdtb_begin(t, "uart@10000000");
	tdtb_prop_str(t, "compatible", "ns16550a");
	tdtb_prop_cells(t, "reg", 4, 0, 0x10000000, 0, 0x100);
	tdtb_end(t);
	tdtb_begin(t, "edge@bffff000");             /* half in RAM */
	tdtb_prop_cells(t, "reg", 4, 0, 0xbffff000, 0, 0x2000);
	tdtb_end(t);
	tdtb_end(t);
}

static bool block_overlaps(const untyped_block_t *u, uint64_t base, uint64_t size)
{
	uint64_t end = u->base + (1ull << u->size_bits);

	return u->base < base + size && base < end;
}

static void test_devices_in_ram_untyped(void **state)
{
	static bootmap_t map;
	static region_list_t scratch[2];
	static untyped_block_t blocks[512];
	untyped_list_t list = { blocks, 512, 0 };
	synth_t *s = synth_new();
	diag_t diag = { "" };
	uint32_t carved = 0, device_blocks = 0;
	uint64_t ram_untyped = 0;

	(void)state;
	build_devices_in_ram(s->t);
	if (synth_run(s) != BOARD_OK)
		fail_msg("refused: %s", s->diag.msg);
	assert_int_equal(bootmap_derive(&map, &s->board, NULL, 0, &diag), MEMMAP_OK);
	for (uint32_t i = 0; i < map.reserved.count; i++) {
		const mem_region_t *r = &map.reserved.r[i];

		if (r->reason != RESERVE_DEVICE)
			continue;
		bootmap_device_warning(&s->fdt, r, &diag);
		if (carved == 0)
			assert_string_equal(diag.msg, "device /soc/sram@90000000 has registers inside "
					    "RAM, [0x90000000, 0x90002000): reserved, neither free RAM "
					    "nor device memory");
		else
			assert_string_equal(path_of(s, r->node), "/soc/edge@bffff000");
		carved++;
	}
	assert_int_equal(carved, 2);

	assert_true(untyped_plan(&map, &s->board, &s->fdt, &list, scratch));
	for (uint32_t i = 0; i < list.count; i++) {
		const untyped_block_t *u = &blocks[i];

		/* Neither kind of untyped touches a device range inside RAM. */
		if (block_overlaps(u, 0x90000000, 0x2000) || block_overlaps(u, 0xbffff000, 0x2000))
			fail_msg("untyped 0x%llx (%u bits, %s) covers device registers inside RAM",
				 (unsigned long long)u->base, u->size_bits, u->device ? "device" : "ram");
		if (u->device) {
			device_blocks++;
			assert_int_equal(u->base, 0x10000000);   /* only the UART */
		} else {
			ram_untyped += 1ull << u->size_bits;
		}
	}
	assert_int_equal(device_blocks, 1);
	assert_int_equal(ram_untyped, region_list_total(&map.free));
	assert_int_equal(ram_untyped, 0x40000000 - 0x2000 - 0x1000);
	synth_free(s);
}

const struct CMUnitTest board_edges_tests[] = {
	cmocka_unit_test(test_hart_id_twice),
	cmocka_unit_test(test_timebase_missing_or_zero),
	cmocka_unit_test(test_timebase_ticks),
	cmocka_unit_test(test_devices_in_ram_map),
	cmocka_unit_test(test_devices_in_ram_full),
	cmocka_unit_test(test_devices_in_ram_untyped),
};
const size_t board_edges_test_count = sizeof(board_edges_tests) / sizeof(board_edges_tests[0]);
