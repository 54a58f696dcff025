/*
 * board_from_fdt() and bootmap_derive() on every blob of the DTB corpus.
 *
 * The verdict comes from the blob's facts file (X.json "expected_verdict",
 * written independently of Basalt) or, for blobs without one (QEMU dumps in
 * $BASALT_EXTRA_DTB_DIR), from the oracle: accept unless no hart is usable.
 * Accepted boards are compared field by field with the libfdt oracle
 * (board_oracle.c); rejected ones must fail with the status the verdict
 * names and a one-line diagnostic. Every accepted board's boot map is then
 * checked against invariants and against an exact free list recomputed
 * here by a different method (merge the reservations, then subtract).
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board_test.h"
#include "board/board.h"
#include "board_oracle.h"
#include "memmap/memmap.h"

#define PAGE 4096ull

typedef struct loaded {
	uint8_t *buf;
	size_t size;
	fdt_t fdt;
	fdt_status_t open_status;
	diag_t open_diag;
} loaded_t;

static void load(const dtb_case_t *c, loaded_t *l)
{
	FILE *f = fopen(c->path, "rb");
	long n;

	if (f == NULL)
		fail_msg("cannot open %s", c->path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	l->buf = malloc(n > 0 ? (size_t)n : 1);
	assert_non_null(l->buf);
	l->size = fread(l->buf, 1, (size_t)n, f);
	fclose(f);
	assert_int_equal(l->size, (size_t)n);
	l->open_status = fdt_open(&l->fdt, l->buf, l->size, &l->open_diag);
}

/* ---- the expected verdict ---- */

typedef struct verdict {
	bool accept;
	bool any_error;          /* reject, status unknown: any error will do */
	board_status_t status;
} verdict_t;

/* Known blobs first: the spec of this suite, independent of wording. */
static const struct {
	const char *name;
	board_status_t status;
} known[] = {
	{ "bad-cpu-no-reg.dtb", BOARD_ERR_CPU_NO_REG },
	{ "bad-memory-overlap.dtb", BOARD_ERR_MEMORY_OVERLAP },
	{ "bad-memory-reg-not-multiple.dtb", BOARD_ERR_REG },
	{ "bad-no-memory-node.dtb", BOARD_ERR_NO_MEMORY },
	{ "bad-no-chosen.dtb", BOARD_OK },
	{ "bad-stdout-alias-missing.dtb", BOARD_OK },
	{ "qemu-virt-1g-smp1-nommu.dtb", BOARD_ERR_NO_MMU_HART },
};

/* Otherwise the facts file's words: "reject: <reason>". */
static const struct {
	const char *words;
	board_status_t status;
} verdict_words[] = {
	{ "mmu", BOARD_ERR_NO_MMU_HART },
	{ "without reg", BOARD_ERR_CPU_NO_REG },
	{ "no reg", BOARD_ERR_CPU_NO_REG },
	{ "twice", BOARD_ERR_HART_TWICE },
	{ "duplicate hart", BOARD_ERR_HART_TWICE },
	{ "overlap", BOARD_ERR_MEMORY_OVERLAP },
	{ "not a multiple", BOARD_ERR_REG },
	{ "no memory", BOARD_ERR_NO_MEMORY },
	{ "cells", BOARD_ERR_CELLS },
	{ "wrap", BOARD_ERR_RANGE },
	{ "no cpu", BOARD_ERR_NO_CPUS },
	{ "too many", BOARD_ERR_TOO_MANY },
};

static verdict_t expected_verdict(const dtb_case_t *c, const orb_board_t *oracle)
{
	verdict_t v = { true, false, BOARD_OK };
	char lower[512];
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (strcmp(c->name, known[i].name) == 0) {
			v.status = known[i].status;
			v.accept = v.status == BOARD_OK;
			return v;
		}
	}
	if (c->verdict == NULL) {
		v.accept = oracle == NULL || oracle->best_mmu != 0;
		v.status = v.accept ? BOARD_OK : BOARD_ERR_NO_MMU_HART;
		return v;
	}
	for (i = 0; c->verdict[i] != '\0' && i + 1 < sizeof(lower); i++)
		lower[i] = (char)tolower((unsigned char)c->verdict[i]);
	lower[i] = '\0';
	if (strncmp(lower, "accept", 6) == 0)
		return v;
	v.accept = false;
	v.any_error = true;
	for (i = 0; i < sizeof(verdict_words) / sizeof(verdict_words[0]); i++) {
		if (strstr(lower, verdict_words[i].words) != NULL) {
			v.status = verdict_words[i].status;
			v.any_error = false;
			break;
		}
	}
	return v;
}

/* ---- comparison with the oracle ---- */

typedef struct corpus_ctx {
	const char *name;
	const fdt_t *fdt;
} corpus_ctx_t;

static const char *our_path(const fdt_t *fdt, int node, char *buf)
{
	if (node < 0)
		return "";
	if (!fdt_get_path(fdt, node, buf, ORB_PATH))
		return "(path does not fit)";
	return buf;
}

#define EXPECT_EQ(what, idx, got, want)                                                   \
	do {                                                                                \
		if ((uint64_t)(got) != (uint64_t)(want))                                    \
			fail_msg("%s %s[%u]: got 0x%llx, oracle says 0x%llx", c->name, what,  \
				 (unsigned)(idx), (unsigned long long)(got),                  \
				 (unsigned long long)(want));                                 \
	} while (0)

#define EXPECT_STR(what, idx, got, want)                                                  \
	do {                                                                                \
		if (strcmp((got), (want)) != 0)                                             \
			fail_msg("%s %s[%u]: got \"%s\", oracle says \"%s\"", c->name, what,  \
				 (unsigned)(idx), (got), (want));                             \
	} while (0)

static void compare_memory(const corpus_ctx_t *c, const board_t *b, const orb_board_t *o)
{
	uint32_t i;
	char p[ORB_PATH];

	EXPECT_EQ("memory_count", 0, b->memory_count, o->memory_count);
	for (i = 0; i < b->memory_count; i++) {
		EXPECT_EQ("memory.base", i, b->memory[i].base, o->memory[i].base);
		EXPECT_EQ("memory.size", i, b->memory[i].size, o->memory[i].size);
	}
	EXPECT_EQ("reserved_count", 0, b->reserved_count, o->reserved_count);
	for (i = 0; i < b->reserved_count; i++) {
		EXPECT_EQ("reserved.base", i, b->reserved[i].base, o->reserved[i].base);
		EXPECT_EQ("reserved.size", i, b->reserved[i].size, o->reserved[i].size);
		EXPECT_EQ("reserved.no_map", i, b->reserved[i].no_map, o->reserved[i].no_map);
		EXPECT_STR("reserved.node", i, our_path(c->fdt, b->reserved[i].node, p),
			   o->reserved[i].path);
	}
}

static void compare_harts(const corpus_ctx_t *c, const board_t *b, const orb_board_t *o)
{
	uint32_t i;

	EXPECT_EQ("hart_count", 0, b->hart_count, o->hart_count);
	for (i = 0; i < b->hart_count; i++) {
		EXPECT_EQ("hart.id", i, b->harts[i].id, o->harts[i].id);
		EXPECT_EQ("hart.mmu", i, b->harts[i].mmu, o->harts[i].mmu);
		EXPECT_EQ("hart.enabled", i, b->harts[i].enabled, o->harts[i].enabled);
		EXPECT_EQ("hart.usable", i, b->harts[i].usable, o->harts[i].usable);
	}
	EXPECT_EQ("best_mmu", 0, b->best_mmu, o->best_mmu);
	EXPECT_EQ("timebase_hz", 0, b->timebase_hz, o->timebase);
}

static void compare_devices(const corpus_ctx_t *c, const board_t *b, const orb_board_t *o)
{
	uint32_t i;
	char p[ORB_PATH];

	EXPECT_EQ("device_count", 0, b->device_count, o->device_count);
	for (i = 0; i < b->device_count; i++) {
		EXPECT_STR("device.node", i, our_path(c->fdt, b->devices[i].node, p), o->devices[i].path);
		EXPECT_EQ("device.base", i, b->devices[i].base, o->devices[i].base);
		EXPECT_EQ("device.size", i, b->devices[i].size, o->devices[i].size);
	}
}

static void compare_block(const corpus_ctx_t *c, const char *what, const board_block_t *b,
			  const orb_block_t *o)
{
	char p[ORB_PATH];

	EXPECT_EQ(what, 0, b->node >= 0, o->present);
	if (!o->present) {
		if (b->compatible != NULL)
			fail_msg("%s %s: compatible set without a node", c->name, what);
		return;
	}
	EXPECT_STR(what, 0, our_path(c->fdt, b->node, p), o->path);
	EXPECT_STR(what, 1, b->compatible != NULL ? b->compatible : "(null)", o->compatible);
	EXPECT_EQ(what, 2, b->base, o->base);
	EXPECT_EQ(what, 3, b->size, o->size);
	EXPECT_EQ(what, 4, b->ndev, o->ndev);
}

static void compare_console(const corpus_ctx_t *c, const board_t *b, const orb_board_t *o)
{
	char p[ORB_PATH];

	EXPECT_EQ("chosen", 0, b->chosen >= 0, o->chosen);
	EXPECT_EQ("console.present", 0, b->console.node >= 0, o->console_present);
	EXPECT_EQ("console.unresolved", 0, b->console.unresolved, o->console_unresolved);
	if (o->console_present) {
		EXPECT_STR("console.node", 0, our_path(c->fdt, b->console.node, p), o->console_path);
		EXPECT_EQ("console.base", 0, b->console.base, o->console_base);
	}
}

/* ---- per-blob test: verdict and oracle ---- */

static void check_same_board(const char *name, const board_t *a, const board_t *b)
{
	if (memcmp(a, b, sizeof(*a)) != 0)
		fail_msg("%s: board differs after fdt_rebase() to a copy of the blob", name);
}

/* True when the board is (rightly) accepted. */
static bool check_board(const dtb_case_t *dc)
{
	static orb_board_t oracle;
	static board_t board, again;
	loaded_t l;
	verdict_t v;
	board_status_t st;
	diag_t diag = { "" };
	corpus_ctx_t ctx;
	uint8_t *copy;

	load(dc, &l);
	ctx.name = dc->name;
	ctx.fdt = &l.fdt;
	if (l.open_status != FDT_OK) {
		/* Structurally broken: the board code never sees it. */
		v = expected_verdict(dc, NULL);
		if (v.accept)
			fail_msg("%s: fdt_open refused an acceptable blob: %s", dc->name, l.open_diag.msg);
		free(l.buf);
		return false;
	}
	if (!orb_read(l.buf, &oracle))
		fail_msg("%s: the oracle cannot read this blob", dc->name);
	v = expected_verdict(dc, &oracle);

	memset(&board, 0, sizeof(board));
	st = board_from_fdt(&board, &l.fdt, &diag);
	if (!v.accept) {
		if (st == BOARD_OK)
			fail_msg("%s: accepted, expected rejection (%s)", dc->name,
				 dc->verdict != NULL ? dc->verdict : board_status_name(v.status));
		if (!v.any_error && st != v.status)
			fail_msg("%s: rejected as \"%s\" (%s), expected \"%s\"", dc->name,
				 board_status_name(st), diag.msg, board_status_name(v.status));
		if (diag.msg[0] == '\0' || strchr(diag.msg, '\n') != NULL)
			fail_msg("%s: diagnostic must be one non-empty line: \"%s\"", dc->name, diag.msg);
		if (strcmp(dc->name, "bad-cpu-no-reg.dtb") == 0)
			assert_string_equal(diag.msg, "cpu node /cpus/cpu@1 has no reg (hart id unknown)");
		free(l.buf);
		return false;
	}
	if (st != BOARD_OK)
		fail_msg("%s: rejected (%s: %s), expected acceptance", dc->name,
			 board_status_name(st), diag.msg);

	compare_memory(&ctx, &board, &oracle);
	compare_harts(&ctx, &board, &oracle);
	compare_devices(&ctx, &board, &oracle);
	compare_console(&ctx, &board, &oracle);
	compare_block(&ctx, "intc", &board.intc, &oracle.intc);
	compare_block(&ctx, "timer", &board.timer, &oracle.timer);
	if (strcmp(dc->name, "bad-no-chosen.dtb") == 0) {
		assert_true(board.console.node < 0);
		assert_false(board.console.unresolved);
		assert_true(board.chosen < 0);
	}
	if (strcmp(dc->name, "bad-stdout-alias-missing.dtb") == 0) {
		assert_true(board.console.node < 0);
		assert_true(board.console.unresolved);
	}

	/* The board holds offsets, not pointers: a re-mapped blob gives the
	 * same board. */
	copy = malloc(l.size);
	assert_non_null(copy);
	memcpy(copy, l.buf, l.size);
	fdt_rebase(&l.fdt, copy);
	memset(l.buf, 0, l.size);          /* the old mapping is gone */
	memset(&again, 0, sizeof(again));
	assert_int_equal(board_from_fdt(&again, &l.fdt, NULL), BOARD_OK);
	check_same_board(dc->name, &board, &again);
	free(copy);
	free(l.buf);
	return true;
}

/* ---- per-blob test: the boot map ---- */

static uint64_t end_of(const mem_region_t *r)
{
	return r->base + r->size;
}

/* The free list recomputed another way: merge every reservation into a
 * disjoint sorted union, sweep each RAM range past it, round each piece
 * inward to pages. */
static void expected_free(const bootmap_t *m, region_list_t *out, uint64_t *in_ram_reserved,
			  uint32_t *pieces)
{
	static mem_region_t merged[MEMMAP_MAX_REGIONS];
	uint32_t n = 0, i, j;

	for (i = 0; i < m->reserved.count; i++) {
		const mem_region_t *r = &m->reserved.r[i];

		if (n > 0 && r->base <= end_of(&merged[n - 1])) {
			if (end_of(r) > end_of(&merged[n - 1]))
				merged[n - 1].size = end_of(r) - merged[n - 1].base;
		} else {
			merged[n++] = *r;
		}
	}
	memset(out, 0, sizeof(*out));
	*in_ram_reserved = 0;
	*pieces = 0;
	for (i = 0; i < m->ram.count; i++) {
		uint64_t pos = m->ram.r[i].base, end = end_of(&m->ram.r[i]);

		for (j = 0; j <= n && pos < end; j++) {
			uint64_t hole = j < n ? merged[j].base : end;
			uint64_t hole_end = j < n ? end_of(&merged[j]) : end;
			uint64_t piece_end = hole < end ? hole : end;

			if (hole_end <= pos)
				continue;
			if (piece_end > pos) {
				uint64_t b = (pos + PAGE - 1) & ~(PAGE - 1), e = piece_end & ~(PAGE - 1);

				(*pieces)++;
				if (e > b) {
					assert_true(out->count < MEMMAP_MAX_REGIONS);
					out->r[out->count].base = b;
					out->r[out->count++].size = e - b;
				}
			}
			if (j < n) {
				uint64_t cut_from = hole > pos ? hole : pos;
				uint64_t cut_to = hole_end < end ? hole_end : end;

				if (cut_to > cut_from)
					*in_ram_reserved += cut_to - cut_from;
				pos = hole_end;
			}
		}
	}
}

static void check_map(const char *name, const char *when, const bootmap_t *m)
{
	static region_list_t want;
	uint64_t reserved_in_ram, ram_total, free_total, slack;
	uint32_t i, k, pieces;

	for (i = 1; i < m->ram.count; i++)
		if (m->ram.r[i - 1].base >= m->ram.r[i].base || end_of(&m->ram.r[i - 1]) > m->ram.r[i].base)
			fail_msg("%s (%s): RAM not sorted and disjoint at %u", name, when, (unsigned)i);
	for (i = 1; i < m->reserved.count; i++)
		if (m->reserved.r[i - 1].base > m->reserved.r[i].base)
			fail_msg("%s (%s): reserved not sorted at %u", name, when, (unsigned)i);
	for (i = 0; i < m->free.count; i++) {
		const mem_region_t *f = &m->free.r[i];
		bool inside = false;

		if (f->size == 0 || f->base % PAGE != 0 || f->size % PAGE != 0)
			fail_msg("%s (%s): free %u [0x%llx, +0x%llx) empty or not page aligned", name,
				 when, (unsigned)i, (unsigned long long)f->base, (unsigned long long)f->size);
		if (i > 0 && end_of(&m->free.r[i - 1]) > f->base)
			fail_msg("%s (%s): free not sorted and disjoint at %u", name, when, (unsigned)i);
		for (k = 0; k < m->ram.count; k++)
			inside |= f->base >= m->ram.r[k].base && end_of(f) <= end_of(&m->ram.r[k]);
		if (!inside)
			fail_msg("%s (%s): free [0x%llx, +0x%llx) outside RAM", name, when,
				 (unsigned long long)f->base, (unsigned long long)f->size);
		for (k = 0; k < m->reserved.count; k++) {
			const mem_region_t *r = &m->reserved.r[k];

			if (f->base < end_of(r) && r->base < end_of(f))
				fail_msg("%s (%s): free [0x%llx, +0x%llx) overlaps reserved [0x%llx, +0x%llx) (%s)",
					 name, when, (unsigned long long)f->base,
					 (unsigned long long)f->size, (unsigned long long)r->base,
					 (unsigned long long)r->size, reserve_reason_name(r->reason));
		}
	}
	expected_free(m, &want, &reserved_in_ram, &pieces);
	if (want.count != m->free.count)
		fail_msg("%s (%s): %u free ranges, recomputed %u", name, when,
			 (unsigned)m->free.count, (unsigned)want.count);
	for (i = 0; i < want.count; i++)
		if (want.r[i].base != m->free.r[i].base || want.r[i].size != m->free.r[i].size)
			fail_msg("%s (%s): free %u is [0x%llx, +0x%llx), recomputed [0x%llx, +0x%llx)",
				 name, when, (unsigned)i, (unsigned long long)m->free.r[i].base,
				 (unsigned long long)m->free.r[i].size,
				 (unsigned long long)want.r[i].base, (unsigned long long)want.r[i].size);
	/* Accounting: RAM = free + reserved-in-RAM + page-rounding slack,
	 * and rounding loses less than a page at each end of each piece. */
	ram_total = region_list_total(&m->ram);
	free_total = region_list_total(&m->free);
	if (free_total + reserved_in_ram > ram_total)
		fail_msg("%s (%s): free + reserved exceeds RAM", name, when);
	slack = ram_total - free_total - reserved_in_ram;
	if (slack >= 2 * PAGE * (pieces + 1))
		fail_msg("%s (%s): %llu bytes of RAM neither free nor reserved", name, when,
			 (unsigned long long)slack);
}

static bool has_reason(const bootmap_t *m, reserve_reason_t reason, uint64_t base)
{
	uint32_t i;

	for (i = 0; i < m->reserved.count; i++)
		if (m->reserved.r[i].reason == reason && m->reserved.r[i].base == base)
			return true;
	return false;
}

/* Device ranges overlapping RAM, which the map reserves as well. */
static uint32_t devices_in_ram(const board_t *b)
{
	uint32_t n = 0, i, k;

	for (i = 0; i < b->device_count; i++) {
		const board_device_t *d = &b->devices[i];
		bool in_ram = false;

		for (k = 0; k < b->memory_count; k++)
			in_ram |= d->size != 0 && d->base < b->memory[k].base + b->memory[k].size &&
				  b->memory[k].base < d->base + d->size;
		n += in_ram;
	}
	return n;
}

static void check_bootmap(const dtb_case_t *dc)
{
	static board_t board;
	static bootmap_t map;
	mem_region_t kept[2];
	loaded_t l;
	diag_t diag = { "" };
	memmap_status_t st;
	uint64_t ram0, ram0_end, before, pa;
	uint32_t i;

	load(dc, &l);
	assert_int_equal(l.open_status, FDT_OK);
	assert_int_equal(board_from_fdt(&board, &l.fdt, NULL), BOARD_OK);

	st = bootmap_derive(&map, &board, NULL, 0, &diag);
	if (st != MEMMAP_OK)
		fail_msg("%s: bootmap_derive: %s (%s)", dc->name, memmap_status_name(st), diag.msg);
	assert_int_equal(map.ram.count, board.memory_count);
	assert_int_equal(map.reserved.count, board.reserved_count + devices_in_ram(&board));
	check_map(dc->name, "device tree reservations", &map);

	/* As at boot: the kernel at RAM + 2 MiB, the blob near the top of
	 * the first RAM range (deliberately not page aligned). */
	ram0 = map.ram.r[0].base;
	ram0_end = end_of(&map.ram.r[0]);
	kept[0] = (mem_region_t){ ram0 + 0x200000, 0x36000, RESERVE_KERNEL_IMAGE, -1, false };
	kept[1] = (mem_region_t){ ram0_end - 0x10000 + 0x123, l.fdt.totalsize, RESERVE_DTB, -1, false };
	st = bootmap_derive(&map, &board, kept, 2, &diag);
	if (st != MEMMAP_OK)
		fail_msg("%s: bootmap_derive with kernel and DTB: %s (%s)", dc->name,
			 memmap_status_name(st), diag.msg);
	assert_true(has_reason(&map, RESERVE_KERNEL_IMAGE, kept[0].base));
	assert_true(has_reason(&map, RESERVE_DTB, kept[1].base));
	check_map(dc->name, "with kernel and DTB", &map);

	/* Boot-time carving keeps every invariant and takes exactly `size`. */
	for (i = 0; i < 4; i++) {
		uint64_t size = i % 2 == 0 ? 0x4000 : 0x200000, align = i % 2 == 0 ? PAGE : 0x200000;

		before = region_list_total(&map.free);
		st = bootmap_take(&map, size, align, RESERVE_PAGE_TABLES, &pa);
		if (st != MEMMAP_OK)
			fail_msg("%s: bootmap_take %u: %s", dc->name, (unsigned)i, memmap_status_name(st));
		assert_int_equal(pa % align, 0);
		assert_int_equal(region_list_total(&map.free), before - size);
		assert_true(has_reason(&map, RESERVE_PAGE_TABLES, pa));
		check_map(dc->name, "after bootmap_take", &map);
	}
	free(l.buf);
}

void test_corpus(void **state)
{
	const dtb_case_t *dc = *state;

	if (check_board(dc))
		check_bootmap(dc);
}
