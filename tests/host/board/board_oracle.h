/*
 * The board oracle: what board_from_fdt() should find in a blob, computed
 * independently with libfdt (through tests/host/fdt's orc_* wrappers) and
 * written the obvious way (recursion-free but unoptimised, paths instead of
 * offsets), so a bug in lib/board or lib/fdt does not hide itself.
 *
 * It covers accepted boards only: it does not decide rejections (the facts
 * files do, see test_board.c), except that it reports whether any hart is
 * usable.
 */
#ifndef BASALT_TEST_BOARD_ORACLE_H
#define BASALT_TEST_BOARD_ORACLE_H

#include <stdbool.h>
#include <stdint.h>

#define ORB_PATH 160
#define ORB_MAX 1024     /* larger than every board_t table */

typedef struct orb_range {
	uint64_t base, size;
} orb_range_t;

typedef struct orb_reserved {
	uint64_t base, size;
	char path[ORB_PATH];   /* "" for a /memreserve/ entry */
	bool no_map;
} orb_reserved_t;

typedef struct orb_hart {
	uint64_t id;
	int mmu;               /* 0, 39, 48 or 57 */
	bool enabled, usable;
} orb_hart_t;

typedef struct orb_device {
	char path[ORB_PATH];
	uint64_t base, size;
} orb_device_t;

typedef struct orb_block {
	bool present;
	char path[ORB_PATH];
	const char *compatible;
	uint64_t base, size;
	uint32_t ndev;
} orb_block_t;

typedef struct orb_board {
	orb_range_t memory[ORB_MAX];
	unsigned memory_count;
	orb_reserved_t reserved[ORB_MAX];
	unsigned reserved_count;
	orb_hart_t harts[ORB_MAX];
	unsigned hart_count;
	orb_device_t devices[ORB_MAX];
	unsigned device_count;
	bool chosen;
	bool console_present, console_unresolved;
	char console_path[ORB_PATH];
	uint64_t console_base;
	orb_block_t intc, timer;
	uint64_t timebase;
	int best_mmu;          /* 0 when no hart is usable */
} orb_board_t;

/* Fills `out` from the blob; false (with a message on stderr) if libfdt
 * itself cannot read something the oracle needs. */
bool orb_read(const void *blob, orb_board_t *out);

#endif
