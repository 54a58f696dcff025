/*
 * Internal interfaces between the files of lib/board (not for other code).
 *
 * board.c drives board_from_fdt(): it walks the tree once, depth first, with
 * an explicit stack of frames (one per ancestor of the node being visited),
 * and hands each node to the part that cares about it. The frame records
 * what a child needs from its ancestors: their cell counts and whether
 * addresses on that bus can be translated to CPU physical addresses. The
 * other files decode `reg`/`ranges` (board_reg.c), collect devices and pick
 * the interrupt controller and timer (board_devices.c), read the harts
 * (board_cpus.c) and /chosen (board_chosen.c).
 */
#ifndef BASALT_LIB_BOARD_INTERNAL_H
#define BASALT_LIB_BOARD_INTERNAL_H

#include "board/board.h"

/* Which part of the tree a node lies in: it decides what its children are. */
typedef enum board_subtree {
	BOARD_SUBTREE_BUS,       /* ordinary node: reg-bearing children are devices */
	BOARD_SUBTREE_CPUS,      /* /cpus: children are harts (read by board_cpus.c) */
	BOARD_SUBTREE_RESERVED,  /* /reserved-memory: children are reservations */
	BOARD_SUBTREE_SKIP,      /* below a memory node, a hart or a reservation */
} board_subtree_t;

/* What the walk remembers about one ancestor of the current node. */
typedef struct board_frame {
	int node;
	uint32_t addr_cells;     /* #address-cells its children use */
	uint32_t size_cells;     /* #size-cells its children use */
	bool mapped;             /* children's addresses translate to CPU physical */
	board_subtree_t subtree;
} board_frame_t;

/* The walk's state. frames[0] is the root; frames[depth] is the parent of
 * the node being visited. */
typedef struct board_walk {
	const fdt_t *fdt;
	board_t *board;
	diag_t *diag;
	uint32_t depth;
	board_frame_t frames[FDT_MAX_DEPTH + 1];
} board_walk_t;

/* Room for a node path in a diagnostic (longer paths are cut short). */
#define BOARD_PATH_MAX 96

/* Writes the node's path (or, if it does not fit, its name) into buf. */
const char *board_node_path(const fdt_t *fdt, int node, char *buf, uint32_t size);

/* The node's device_type is `type`. */
bool board_node_has_type(const fdt_t *fdt, int node, const char *type);

/* ---- board_reg.c ---- */

/* Number of (address, size) entries in `prop` with these cell counts.
 * BOARD_ERR_REG (diag names `what` and the node) if the length is not a
 * multiple of the entry size. */
board_status_t board_reg_count(const board_walk_t *w, int node, const char *what,
			       const fdt_prop_t *prop, uint32_t addr_cells,
			       uint32_t size_cells, uint32_t *count);

/* Entry `index` of a reg-like property (caller checked the count). */
void board_reg_entry(const fdt_prop_t *prop, uint32_t index, uint32_t addr_cells,
		     uint32_t size_cells, uint64_t *addr, uint64_t *size);

/* Translates `*addr`, a bus address seen by the children of
 * frames[level], to a CPU physical address through every ancestor's
 * `ranges`. *found is false when some `ranges` has no entry covering it. */
board_status_t board_translate(const board_walk_t *w, uint32_t level,
			       uint64_t *addr, bool *found);

/* `base + size` does not pass the end of the 64-bit address space. */
bool board_range_ok(uint64_t base, uint64_t size);

/* ---- board_devices.c ---- */

/* Records every reg entry of `node` (a child of frames[depth]) as a device. */
board_status_t board_add_devices(board_walk_t *w, int node);

/* After the walk: choose the interrupt controller and the timer among the
 * devices, and fill in the console's registers. */
void board_pick_blocks(const fdt_t *fdt, board_t *board);

/* ---- board_cpus.c ---- */
board_status_t board_read_cpus(const fdt_t *fdt, board_t *board, diag_t *diag);

/* ---- board_chosen.c ---- */

/* Finds /chosen and the node stdout-path names (registers come later). */
void board_read_chosen(const fdt_t *fdt, board_t *board);

#endif
