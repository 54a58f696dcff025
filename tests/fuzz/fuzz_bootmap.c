/*
 * Fuzz target "bootmap": from a device tree to the free RAM the kernel will
 * hand out, the way kernel/boot/main.c does it: fdt_open, board_from_fdt,
 * board_paging_mode, bootmap_derive with the kernel's kept ranges, then a
 * few bootmap_take calls like the page-table allocations that follow.
 *
 * Input: a 48-byte control block, then the DTB (copied to an exact-size
 * heap buffer). The control block stands for what the boot knows besides
 * the blob: where the kernel image and the DTB were loaded, and what it
 * then allocates. Numbers are big-endian.
 *
 *   byte  0      flags: bit 0 raw placement (kept ranges taken literally
 *                from bytes 16..31, wrapping or empty ones included);
 *                bit 1 no DTB range; bit 2 no image range;
 *                bits 3..5 number of bootmap_take calls (0..7)
 *   byte  1      image: index of the RAM range it is placed in
 *   bytes 2..3   image: which 2 MiB-aligned slot of that range
 *   bytes 4..7   image: size in bytes (0 is an empty range: refused)
 *   byte  8      DTB: index of the RAM range it is placed in
 *   bytes 9..12  DTB: byte offset in that range (taken modulo its size)
 *   bytes 13..15 unused
 *   bytes 16..31 raw placement: image base, DTB base (8 bytes each)
 *   bytes 32..47 takes: 8 pairs (s, a); size (s + 1) pages, or s bytes
 *                when bit 6 of a is set; alignment 4 KiB << (a & 15), or
 *                (a & 63) KiB, often not a power of two, when bit 7 is set
 *
 * Every accepted board and every map is checked (fuzz_bootmap_check.c):
 * RAM ranges valid and disjoint, and each one, like each device, what a
 * reference translator (fuzz_bootmap_xlate.c) makes of some reg entry;
 * harts, paging mode and boot arguments consistent; the free list sorted,
 * disjoint, page aligned, inside RAM, outside every reserved range, and
 * exactly RAM minus the union of the reservations, rounded inward to pages
 * (computed by a separate sweep); each take at the lowest address that
 * fits, leaving the map unchanged when it fails.
 */
#include <stdlib.h>
#include <string.h>

#include "board/board.h"
#include "fdt/fdt.h"
#include "memmap/memmap.h"
#include "fuzz.h"
#include "fuzz_bootmap.h"

const char fuzz_target_name[] = "bootmap";

#define CONTROL_SIZE 48
#define FLAG_RAW     0x01
#define FLAG_NO_DTB  0x02
#define FLAG_NO_IMG  0x04
#define TWO_MIB      (2ull << 20)

/* Big tables: static, not on the stack. */
static board_t board;
static bootmap_t map;

/* The image's base: a 2 MiB-aligned slot of RAM range `r` (its base when
 * none fits), as a boot loader would place an Image. */
static uint64_t image_base(const phys_range_t *r, uint16_t slot)
{
	uint64_t end = r->base + r->size;
	uint64_t first = (r->base + TWO_MIB - 1) & ~(TWO_MIB - 1);

	if (r->base > UINT64_MAX - (TWO_MIB - 1) || first >= end || end - first < TWO_MIB)
		return r->base;
	return first + (slot % ((end - first) / TWO_MIB)) * TWO_MIB;
}

/* The ranges the kernel keeps, from the control block; returns how many. */
static uint32_t make_kept(const uint8_t *c, uint32_t dtb_size, mem_region_t kept[2])
{
	const phys_range_t *img_ram = &board.memory[c[1] % board.memory_count];
	const phys_range_t *dtb_ram = &board.memory[c[8] % board.memory_count];
	uint32_t n = 0;

	if (!(c[0] & FLAG_NO_IMG)) {
		kept[n].base = c[0] & FLAG_RAW ? fuzz_be64(c + 16)
			       : image_base(img_ram, (uint16_t)(c[2] << 8 | c[3]));
		kept[n].size = fuzz_be32(c + 4);
		kept[n].reason = RESERVE_KERNEL_IMAGE;
		kept[n].node = -1;
		kept[n].no_map = false;
		n++;
	}
	if (!(c[0] & FLAG_NO_DTB)) {
		kept[n].base = c[0] & FLAG_RAW ? fuzz_be64(c + 24)
			       : dtb_ram->base + fuzz_be32(c + 9) % dtb_ram->size;
		kept[n].size = dtb_size;
		kept[n].reason = RESERVE_DTB;
		kept[n].node = -1;
		kept[n].no_map = false;
		n++;
	}
	return n;
}

static bool kept_valid(const mem_region_t *kept, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (kept[i].size == 0 || kept[i].size > UINT64_MAX - kept[i].base)
			return false;
	return true;
}

/* One bootmap_take steered by the pair (s, a). */
static void take_one(uint8_t s, uint8_t a, fuzz_reserved_t *res)
{
	static bootmap_t before;
	uint64_t size = a & 0x40 ? s : ((uint64_t)s + 1) * MEMMAP_PAGE_SIZE;
	uint64_t align = a & 0x80 ? (uint64_t)(a & 63) << 10 : (uint64_t)MEMMAP_PAGE_SIZE << (a & 15);
	uint64_t pa = 0;
	memmap_status_t st;

	before = map;
	st = bootmap_take(&map, size, align, RESERVE_PAGE_TABLES, &pa);
	fuzz_bootmap_check_take(&before, &map, size, align, st, pa, res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t c[CONTROL_SIZE] = { 0 };
	size_t blob_size = size > CONTROL_SIZE ? size - CONTROL_SIZE : 0;
	uint8_t *blob = fuzz_dup(data + (size - blob_size), blob_size);
	static fuzz_reserved_t res;
	mem_region_t kept[2];
	uint32_t nkept, i, takes;
	fdt_t fdt;
	diag_t diag;
	board_status_t bst;
	memmap_status_t mst;

	if (size != 0)
		memcpy(c, data, size - blob_size);
	if (fdt_open(&fdt, blob, blob_size, NULL) != FDT_OK) {
		free(blob);
		return 0;
	}
	diag.msg[0] = '\0';
	bst = board_from_fdt(&board, &fdt, &diag);
	if (bst != BOARD_OK) {
		FUZZ_CHECK(diag.msg[0] != '\0' && memchr(diag.msg, '\0', sizeof(diag.msg)) != NULL,
			   "board refused (%s) without a message", board_status_name(bst));
		free(blob);
		return 0;
	}
	fuzz_bootmap_check_board(&fdt, &board);

	nkept = make_kept(c, fdt.totalsize, kept);
	diag.msg[0] = '\0';
	mst = bootmap_derive(&map, &board, kept, nkept, &diag);
	if (!kept_valid(kept, nkept)) {
		/* An empty or wrapping kept range is the caller's error. */
		FUZZ_CHECK(mst == MEMMAP_ERR_RANGE, "bootmap_derive with a bad kept range: %s",
			   memmap_status_name(mst));
		free(blob);
		return 0;
	}
	fuzz_reserved_init(&res, &board, kept, nkept);
	fuzz_bootmap_check_derive(&board, &map, mst, &diag, &res);
	if (mst == MEMMAP_OK) {
		takes = (c[0] >> 3) & 7;
		for (i = 0; i < takes; i++)
			take_one(c[32 + 2 * i], c[33 + 2 * i], &res);
	}
	free(blob);
	return 0;
}
