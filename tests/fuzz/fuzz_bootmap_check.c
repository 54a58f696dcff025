/*
 * The "bootmap" target's invariants (see fuzz_bootmap.h).
 *
 * The free-list oracle shares no code with lib/memmap: for each RAM range
 * it sorts the reservations that touch it and sweeps once from its base to
 * its end, keeping the gaps; each gap rounded inward to whole pages is one
 * expected free range. lib/memmap instead splits ranges reservation by
 * reservation and rounds at the end; both must give the very same list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "fuzz_bootmap.h"

#define PAGE MEMMAP_PAGE_SIZE
#define MAX_DEVICE_CHECKS 16   /* board_node_reg is O(size * depth) */
#define MAX_RESERVED (BOARD_MAX_RESERVED + 2 + BOARD_MAX_DEVICES + 8)
#define MAX_PIECES (BOARD_MAX_MEMORY * (MAX_RESERVED + 1))

static bool range_ok(uint64_t base, uint64_t size)
{
	return size != 0 && size <= UINT64_MAX - base;
}

static bool overlap(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize)
{
	return a < b + bsize && b < a + asize;
}

static int by_base(const void *pa, const void *pb)
{
	const mem_region_t *a = pa, *b = pb;

	if (a->base != b->base)
		return a->base < b->base ? -1 : 1;
	if (a->size != b->size)
		return a->size < b->size ? -1 : 1;
	return (int)a->reason - (int)b->reason;
}

/* ---- the board ---- */

static void check_memory(const board_t *b)
{
	uint32_t i, j;

	FUZZ_CHECK(b->memory_count >= 1 && b->memory_count <= BOARD_MAX_MEMORY,
		   "accepted board with %u RAM ranges", b->memory_count);
	for (i = 0; i < b->memory_count; i++) {
		const phys_range_t *r = &b->memory[i];

		FUZZ_CHECK(range_ok(r->base, r->size), "RAM range %u [0x%llx, +0x%llx) empty or wrapping",
			   i, (unsigned long long)r->base, (unsigned long long)r->size);
		for (j = 0; j < i; j++)
			FUZZ_CHECK(!overlap(r->base, r->size, b->memory[j].base, b->memory[j].size),
				   "RAM ranges %u and %u overlap", j, i);
	}
	FUZZ_CHECK(b->reserved_count <= BOARD_MAX_RESERVED, "reserved count");
	for (i = 0; i < b->reserved_count; i++) {
		const board_reserved_t *r = &b->reserved[i];

		FUZZ_CHECK(range_ok(r->base, r->size), "reserved range %u empty or wrapping", i);
		/* /memreserve/ entries come first, then nodes */
		FUZZ_CHECK(i == 0 || r->node >= 0 || b->reserved[i - 1].node < 0,
			   "a /memreserve/ entry after a node's reservation");
	}
}

static void check_harts(const fdt_t *fdt, const board_t *b)
{
	paging_mode_t best = PAGING_NONE, mode;
	const char *value;
	uint32_t i, len;

	FUZZ_CHECK(b->hart_count >= 1 && b->hart_count <= BOARD_MAX_HARTS, "%u harts", b->hart_count);
	for (i = 0; i < b->hart_count; i++) {
		const board_hart_t *h = &b->harts[i];

		FUZZ_CHECK(!h->usable || (h->enabled && h->mmu != PAGING_NONE), "hart %u usable without "
			   "being enabled with an MMU", i);
		FUZZ_CHECK(fdt_node_name(fdt, h->node) != NULL, "hart %u node", i);
		/* Hart ids are unique: a tree that repeats one is refused. */
		FUZZ_CHECK(board_find_hart(b, h->id) == h, "hart id %llu is not unique, or "
			   "board_find_hart misses it", (unsigned long long)h->id);
		if (h->usable && (best == PAGING_NONE || h->mmu < best))
			best = h->mmu;
	}
	FUZZ_CHECK(best != PAGING_NONE && b->best_mmu == best, "best_mmu %d, lowest usable %d",
		   b->best_mmu, best);
	mode = board_paging_mode(fdt, b);
	FUZZ_CHECK((mode == PAGING_SV39 || mode == PAGING_SV48 || mode == PAGING_SV57) &&
		   mode <= b->best_mmu, "board_paging_mode %d with best %d", mode, b->best_mmu);
	if (board_bootarg(fdt, b, "paging", &value, &len))
		FUZZ_CHECK(fuzz_inside(value, len, fdt->blob, fdt->totalsize),
			   "boot argument value outside the blob");
	else
		FUZZ_CHECK(mode == b->best_mmu, "paging mode lowered without a paging= argument");
}

/* Is [base, base + size) what entry k of `node`'s reg translates to, for
 * some k, by the reference translator and by board_node_reg (which
 * rebuilds the walk's frames without walking)? An entry no `ranges`
 * covers is skipped by the walk, so every index is tried. */
static bool is_reg_entry(const fdt_t *fdt, int node, uint64_t base, uint64_t size, bool lib_too)
{
	uint64_t b, s;
	uint32_t k, entries;
	fdt_prop_t reg;

	if (!fdt_get_prop(fdt, node, "reg", &reg))
		return false;
	/* An entry has one cell at least: len / 4 bounds the index. Huge
	 * properties cost too much (each try is O(size * depth)): pass. */
	entries = reg.len / 4;
	if (entries > 1024)
		return true;
	for (k = 0; k < entries; k++) {
		if (!fuzz_reg_translate(fdt, node, k, &b, &s) || b != base || s != size)
			continue;
		if (!lib_too)
			return true;
		FUZZ_CHECK(board_node_reg(fdt, node, k, &b, &s) && b == base && s == size,
			   "board_node_reg(0x%x, %u) disagrees with the reference", node, k);
		return true;
	}
	return false;
}

/* Every RAM range is some memory node's reg entry, translated. */
static void check_memory_xlate(const fdt_t *fdt, const board_t *b)
{
	static int mem_nodes[64];
	uint32_t n = 0, i, j;
	int node, depth = 0;
	fdt_prop_t type;

	for (node = fdt_root(fdt); node >= 0 && n < 64; node = fdt_walk_next(fdt, node, &depth))
		if (fdt_get_prop(fdt, node, "device_type", &type) && type.len == 7 &&
		    memcmp(type.data, "memory", 7) == 0)
			mem_nodes[n++] = node;
	if (n == 64)
		return;   /* too many to be thorough: pass */
	for (i = 0; i < b->memory_count; i++) {
		bool found = false;

		for (j = 0; j < n && !found; j++)
			found = is_reg_entry(fdt, mem_nodes[j], b->memory[i].base, b->memory[i].size,
					     false);
		FUZZ_CHECK(found, "RAM [0x%llx, +0x%llx) is no memory node's reg entry, translated",
			   (unsigned long long)b->memory[i].base, (unsigned long long)b->memory[i].size);
	}
}

/* A picked block (intc, timer) is one of the devices of its node. */
static void check_block(const board_t *b, const board_block_t *blk, const char *what)
{
	uint32_t i;

	if (blk->node < 0)
		return;
	FUZZ_CHECK(blk->compatible != NULL, "%s without a compatible", what);
	for (i = 0; i < b->device_count; i++)
		if (b->devices[i].node == blk->node && b->devices[i].base == blk->base &&
		    b->devices[i].size == blk->size)
			return;
	FUZZ_CHECK(false, "%s is not in the device list", what);
}

static void check_devices(const fdt_t *fdt, const board_t *b)
{
	uint32_t i;

	FUZZ_CHECK(b->device_count <= BOARD_MAX_DEVICES, "device count");
	for (i = 0; i < b->device_count; i++) {
		const board_device_t *d = &b->devices[i];

		FUZZ_CHECK(d->size <= UINT64_MAX - d->base, "device %u wraps", i);
		FUZZ_CHECK(fdt_node_name(fdt, d->node) != NULL, "device %u node", i);
		if (i < MAX_DEVICE_CHECKS)
			FUZZ_CHECK(is_reg_entry(fdt, d->node, d->base, d->size, true),
				   "device [0x%llx, +0x%llx) of node 0x%x is none of its reg entries, "
				   "translated", (unsigned long long)d->base,
				   (unsigned long long)d->size, d->node);
	}
	check_block(b, &b->intc, "interrupt controller");
	check_block(b, &b->timer, "timer");
	FUZZ_CHECK(b->console.node < 0 || (fdt_node_name(fdt, b->console.node) != NULL &&
					   !b->console.unresolved), "console node");
	FUZZ_CHECK(b->chosen < 0 || fdt_node_name(fdt, b->chosen) != NULL, "chosen node");
}

void fuzz_bootmap_check_board(const fdt_t *fdt, const board_t *board)
{
	check_memory(board);
	check_memory_xlate(fdt, board);
	check_harts(fdt, board);
	check_devices(fdt, board);
}

void fuzz_reserved_init(fuzz_reserved_t *res, const board_t *board,
			const mem_region_t *kept, uint32_t kept_count)
{
	uint32_t i;

	res->count = 0;
	for (i = 0; i < board->reserved_count; i++) {
		mem_region_t *r = &res->r[res->count++];

		r->base = board->reserved[i].base;
		r->size = board->reserved[i].size;
		r->reason = board->reserved[i].node < 0 ? RESERVE_MEMRESERVE : RESERVE_DT_NODE;
		r->node = board->reserved[i].node;
		r->no_map = board->reserved[i].no_map;
	}
	for (i = 0; i < kept_count; i++)
		res->r[res->count++] = kept[i];
	/* Device registers inside RAM: reserved whole (the board's RAM, not
	 * the map's, decides: the map is what is being checked). */
	for (i = 0; i < board->device_count; i++) {
		const board_device_t *d = &board->devices[i];
		bool in_ram = false;
		uint32_t k;

		for (k = 0; k < board->memory_count; k++)
			in_ram |= d->size != 0 && overlap(d->base, d->size, board->memory[k].base,
							  board->memory[k].size);
		if (in_ram)
			res->r[res->count++] = (mem_region_t){ d->base, d->size, RESERVE_DEVICE,
							      d->node, true };
	}
}

/* ---- the oracle ---- */

typedef struct pieces {
	mem_region_t r[MAX_PIECES];
	uint32_t count;
	uint64_t unaligned;   /* bytes of RAM no reservation touches */
} pieces_t;

static void add_piece(pieces_t *p, uint64_t base, uint64_t end)
{
	uint64_t lo, hi = end & ~(uint64_t)(PAGE - 1);

	p->unaligned += end - base;
	if (base > UINT64_MAX - (PAGE - 1))
		return;
	lo = (base + PAGE - 1) & ~(uint64_t)(PAGE - 1);
	if (hi <= lo)
		return;
	FUZZ_CHECK(p->count < MAX_PIECES, "oracle table full");
	p->r[p->count].base = lo;
	p->r[p->count].size = hi - lo;
	p->count++;
}

/* RAM minus the union of `res`, gap by gap, each rounded inward. */
static void expected_free(const region_list_t *ram, const fuzz_reserved_t *res, pieces_t *out)
{
	static mem_region_t cut[MAX_RESERVED];
	uint32_t i, j, n;

	out->count = 0;
	out->unaligned = 0;
	for (i = 0; i < ram->count; i++) {
		uint64_t lo = ram->r[i].base, hi = lo + ram->r[i].size, at = lo;

		for (j = 0, n = 0; j < res->count; j++) {
			uint64_t b = res->r[j].base, e = b + res->r[j].size;

			if (e <= lo || b >= hi)
				continue;
			cut[n].base = b > lo ? b : lo;
			cut[n].size = (e < hi ? e : hi) - cut[n].base;
			cut[n].reason = RESERVE_NONE;
			n++;
		}
		qsort(cut, n, sizeof(cut[0]), by_base);
		for (j = 0; j < n; j++) {
			if (cut[j].base > at)
				add_piece(out, at, cut[j].base);
			if (cut[j].base + cut[j].size > at)
				at = cut[j].base + cut[j].size;
		}
		if (at < hi)
			add_piece(out, at, hi);
	}
}

/* ---- the map ---- */

/* Sorted by base, and the same multiset as `want` (n entries). */
static void check_list_is(const region_list_t *got, const mem_region_t *want, uint32_t n,
			  const char *what)
{
	static mem_region_t sorted[MEMMAP_MAX_REGIONS];
	uint32_t i;

	FUZZ_CHECK(got->count == n, "%s has %u ranges, expected %u", what, got->count, n);
	memcpy(sorted, want, n * sizeof(want[0]));
	qsort(sorted, n, sizeof(sorted[0]), by_base);
	for (i = 0; i < n; i++) {
		FUZZ_CHECK(i == 0 || got->r[i - 1].base <= got->r[i].base, "%s not sorted at %u", what, i);
		FUZZ_CHECK(got->r[i].base == sorted[i].base && got->r[i].size == sorted[i].size,
			   "%s[%u] is [0x%llx, +0x%llx), expected [0x%llx, +0x%llx)", what, i,
			   (unsigned long long)got->r[i].base, (unsigned long long)got->r[i].size,
			   (unsigned long long)sorted[i].base, (unsigned long long)sorted[i].size);
	}
}

/* The stated properties of the free list, one by one (the exact
 * comparison with the oracle implies them; these say what broke). */
static void check_free_props(const bootmap_t *map, const fuzz_reserved_t *res,
			     const pieces_t *want)
{
	const region_list_t *f = &map->free, *ram = &map->ram;
	uint64_t ram_total = region_list_total(ram), free_total = 0;
	uint32_t i, j;

	for (i = 0; i < f->count; i++) {
		const mem_region_t *r = &f->r[i];
		bool in_ram = false;

		FUZZ_CHECK(range_ok(r->base, r->size), "free[%u] empty or wrapping", i);
		FUZZ_CHECK(r->base % PAGE == 0 && r->size % PAGE == 0, "free[%u] not page aligned", i);
		FUZZ_CHECK(i == 0 || f->r[i - 1].base + f->r[i - 1].size <= r->base,
			   "free[%u] not sorted or overlaps free[%u]", i, i - 1);
		for (j = 0; j < ram->count; j++)
			in_ram |= r->base >= ram->r[j].base &&
				  r->base + r->size <= ram->r[j].base + ram->r[j].size;
		FUZZ_CHECK(in_ram, "free[%u] [0x%llx, +0x%llx) not inside one RAM range", i,
			   (unsigned long long)r->base, (unsigned long long)r->size);
		for (j = 0; j < res->count; j++)
			FUZZ_CHECK(!overlap(r->base, r->size, res->r[j].base, res->r[j].size),
				   "free[%u] overlaps reservation %u", i, j);
		free_total += r->size;
	}
	/* RAM = free + reserved-in-RAM + what rounding to pages lost, and
	 * rounding loses less than a page at each end of each gap. */
	FUZZ_CHECK(free_total <= want->unaligned && ram_total >= want->unaligned,
		   "free %llu, unreserved %llu, RAM %llu bytes", (unsigned long long)free_total,
		   (unsigned long long)want->unaligned, (unsigned long long)ram_total);
	FUZZ_CHECK(want->unaligned - free_total <= 2ull * (PAGE - 1) * (ram->count + res->count),
		   "%llu bytes lost to alignment", (unsigned long long)(want->unaligned - free_total));
}

/* RAM, reservations and free list of `map` against the board and `res`. */
static void check_map(const board_t *board, const bootmap_t *map, const fuzz_reserved_t *res)
{
	static mem_region_t ram[BOARD_MAX_MEMORY];
	static pieces_t want;
	uint32_t i;

	for (i = 0; i < board->memory_count; i++) {
		ram[i].base = board->memory[i].base;
		ram[i].size = board->memory[i].size;
		ram[i].reason = RESERVE_NONE;
	}
	check_list_is(&map->ram, ram, board->memory_count, "RAM");
	check_list_is(&map->reserved, res->r, res->count, "reserved");
	for (i = 0; i < map->reserved.count; i++)
		FUZZ_CHECK(map->reserved.r[i].reason != RESERVE_DEVICE ||
			   (map->reserved.r[i].no_map && map->reserved.r[i].node >= 0),
			   "device reservation %u without its node or kept in the kernel window", i);
	expected_free(&map->ram, res, &want);
	check_free_props(map, res, &want);
	check_list_is(&map->free, want.r, want.count, "free");
}

void fuzz_bootmap_check_derive(const board_t *board, const bootmap_t *map,
			       memmap_status_t st, const diag_t *diag,
			       const fuzz_reserved_t *res)
{
	/* An accepted board and valid kept ranges cannot overflow a table:
	 * MEMMAP_MAX_REGIONS holds every reservation a board can bring (its
	 * own and its devices inside RAM) plus the kept ranges, and the free
	 * list never has more ranges than RAM ranges plus reservations. */
	FUZZ_CHECK(st == MEMMAP_OK || st == MEMMAP_ERR_NO_FREE, "bootmap_derive: %s (%s)",
		   memmap_status_name(st), diag->msg);
	check_map(board, map, res);
	FUZZ_CHECK((st == MEMMAP_ERR_NO_FREE) == (map->free.count == 0),
		   "bootmap_derive says %s with %u free ranges", memmap_status_name(st),
		   map->free.count);
}

/* ---- takes ---- */

/* The lowest `align`-aligned address of a free range holding `size`. */
static bool lowest_fit(const region_list_t *f, uint64_t size, uint64_t align, uint64_t *pa)
{
	uint32_t i;

	for (i = 0; i < f->count; i++) {
		uint64_t end = f->r[i].base + f->r[i].size, b;

		if (f->r[i].base > UINT64_MAX - (align - 1))
			continue;
		b = (f->r[i].base + align - 1) & ~(align - 1);
		if (b < end && end - b >= size) {
			*pa = b;
			return true;
		}
	}
	return false;
}

void fuzz_bootmap_check_take(const bootmap_t *before, const bootmap_t *after,
			     uint64_t size, uint64_t align, memmap_status_t st,
			     uint64_t pa, fuzz_reserved_t *res)
{
	bool valid = size != 0 && align >= PAGE && (align & (align - 1)) == 0 &&
		     size <= UINT64_MAX - (PAGE - 1);
	uint64_t rounded = valid ? (size + PAGE - 1) & ~(uint64_t)(PAGE - 1) : 0, want = 0;
	bool fits = valid && lowest_fit(&before->free, rounded, align, &want);

	if (!valid || !fits) {
		FUZZ_CHECK(st == (valid ? MEMMAP_ERR_NO_FREE : MEMMAP_ERR_RANGE),
			   "take(0x%llx, align 0x%llx): %s", (unsigned long long)size,
			   (unsigned long long)align, memmap_status_name(st));
		FUZZ_CHECK(memcmp(before, after, sizeof(*before)) == 0, "a failed take changed the map");
		return;
	}
	/* No room problem: an accepted board's reservations, two kept
	 * ranges and at most seven takes fit either table. */
	FUZZ_CHECK(st == MEMMAP_OK && pa == want, "take(0x%llx, align 0x%llx): %s at 0x%llx, "
		   "lowest fit 0x%llx", (unsigned long long)size, (unsigned long long)align,
		   memmap_status_name(st), (unsigned long long)pa, (unsigned long long)want);
	FUZZ_CHECK(region_list_total(&after->free) == region_list_total(&before->free) - rounded,
		   "a take of 0x%llx bytes did not shrink the free RAM by that much",
		   (unsigned long long)rounded);
	res->r[res->count].base = pa;
	res->r[res->count].size = rounded;
	res->r[res->count].reason = RESERVE_PAGE_TABLES;
	res->r[res->count].node = -1;
	res->r[res->count].no_map = false;
	res->count++;
	/* The RAM list is the one derive built: check_map compares it with
	 * itself here and everything else with the oracle. */
	{
		static board_t ram_only;
		uint32_t i;

		ram_only.memory_count = after->ram.count;
		for (i = 0; i < after->ram.count; i++) {
			ram_only.memory[i].base = after->ram.r[i].base;
			ram_only.memory[i].size = after->ram.r[i].size;
		}
		check_map(&ram_only, after, res);
	}
}
