/*
 * The "bootmap" target's checks (fuzz_bootmap_check.c): what an accepted
 * board, a derived boot map and each boot-time take must satisfy.
 */
#ifndef BASALT_TESTS_FUZZ_BOOTMAP_H
#define BASALT_TESTS_FUZZ_BOOTMAP_H

#include "board/board.h"
#include "fdt/fdt.h"
#include "memmap/memmap.h"

/* Every reservation the map must account for, recorded by the fuzzer
 * itself: the board's, the kept ranges, each device range that overlaps
 * RAM, then each successful take. */
typedef struct fuzz_reserved {
	mem_region_t r[BOARD_MAX_RESERVED + 2 + BOARD_MAX_DEVICES + 8];
	uint32_t count;
} fuzz_reserved_t;

/* Entry `k` of `node`'s reg translated to a CPU physical range by the
 * reference translator (fuzz_bootmap_xlate.c); false when it has none. */
bool fuzz_reg_translate(const fdt_t *fdt, int node, uint32_t k, uint64_t *base, uint64_t *size);

void fuzz_reserved_init(fuzz_reserved_t *res, const board_t *board,
			const mem_region_t *kept, uint32_t kept_count);

/* An accepted board: valid, disjoint RAM; consistent harts, paging mode,
 * devices, console, boot arguments; board_node_reg agrees with the walk. */
void fuzz_bootmap_check_board(const fdt_t *fdt, const board_t *board);

/* bootmap_derive's status and result against the sweep oracle. */
void fuzz_bootmap_check_derive(const board_t *board, const bootmap_t *map,
			       memmap_status_t st, const diag_t *diag,
			       const fuzz_reserved_t *res);

/* One bootmap_take: status, address (the lowest that fits), and the map
 * after it (unchanged on failure; else the oracle still holds). A
 * successful take is added to `res`. */
void fuzz_bootmap_check_take(const bootmap_t *before, const bootmap_t *after,
			     uint64_t size, uint64_t align, memmap_status_t st,
			     uint64_t pa, fuzz_reserved_t *res);

#endif
