/*
 * Memory-mapped devices, and the interrupt controller and timer among them.
 *
 * A device range is one reg entry of a node whose parent is a memory-mapped
 * bus with #size-cells > 0 (memory nodes, harts and /reserved-memory
 * children excluded: the walk in board.c decides that), translated to a CPU
 * physical address. Disabled nodes are listed too: their registers are
 * still not RAM, and the list describes the board, not what Basalt drives.
 *
 * The interrupt controller, the timer and the console's registers are then
 * picked from that list, so each of them is, by construction, a translated
 * address on a memory-mapped bus.
 */
#include "board/board_internal.h"
#include "base/str.h"

/* Compatible strings, most preferred first within each table. */
static const char *const board_plic_compat[] = { "riscv,plic0", "sifive,plic-1.0.0" };
static const char *const board_aplic_compat[] = { "riscv,aplic" };
static const char *const board_timer_compat[] = {
	"riscv,clint0", "sifive,clint0", "riscv,aclint-mtimer",
};

#define BOARD_COUNT(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

static board_status_t board_add_device(board_walk_t *w, int node, uint64_t base,
				       uint64_t size)
{
	board_t *board = w->board;
	char path[BOARD_PATH_MAX];

	if (!board_range_ok(base, size)) {
		diag_set(w->diag, "device %s: reg [0x%llx, +0x%llx) wraps around the address space",
			 board_node_path(w->fdt, node, path, sizeof(path)),
			 (unsigned long long)base, (unsigned long long)size);
		return BOARD_ERR_RANGE;
	}
	if (board->device_count == BOARD_MAX_DEVICES) {
		diag_set(w->diag, "too many device ranges (device table holds %u) at %s",
			 (unsigned)BOARD_MAX_DEVICES,
			 board_node_path(w->fdt, node, path, sizeof(path)));
		return BOARD_ERR_TOO_MANY;
	}
	board->devices[board->device_count].base = base;
	board->devices[board->device_count].size = size;
	board->devices[board->device_count].node = node;
	board->device_count++;
	return BOARD_OK;
}

board_status_t board_add_devices(board_walk_t *w, int node)
{
	const board_frame_t *parent = &w->frames[w->depth];
	fdt_prop_t reg;
	uint32_t count, i;
	board_status_t st;

	if (!fdt_get_prop(w->fdt, node, "reg", &reg))
		return BOARD_OK;
	st = board_reg_count(w, node, "reg", &reg, parent->addr_cells,
			     parent->size_cells, &count);
	for (i = 0; st == BOARD_OK && i < count; i++) {
		uint64_t base, size;
		bool found;

		board_reg_entry(&reg, i, parent->addr_cells, parent->size_cells, &base, &size);
		st = board_translate(w, w->depth, &base, &found);
		/* An address no ranges entry covers is not reachable from the
		 * CPU: not a device Basalt can map. */
		if (st == BOARD_OK && found)
			st = board_add_device(w, node, base, size);
	}
	return st;
}

/* The first string of `table` that `node` is compatible with, or NULL. */
static const char *board_match(const fdt_t *fdt, int node, const char *const *table,
			       uint32_t count)
{
	uint32_t i;

	for (i = 0; i < count; i++) {
		if (fdt_node_is_compatible(fdt, node, table[i]))
			return table[i];
	}
	return NULL;
}

static void board_set_block(board_block_t *block, const board_device_t *dev,
			    const char *compatible)
{
	block->node = dev->node;
	block->base = dev->base;
	block->size = dev->size;
	block->compatible = compatible;
}

/* Candidates found so far; index into board->devices, or -1. */
typedef struct board_picks {
	int32_t plic, aplic_leaf, aplic_any, timer;
	const char *plic_compat, *aplic_compat, *timer_compat;
} board_picks_t;

static void board_consider(const fdt_t *fdt, const board_t *board, uint32_t i,
			   board_picks_t *p)
{
	int node = board->devices[i].node;
	const char *c;
	fdt_prop_t children;

	if (!fdt_node_is_enabled(fdt, node))
		return;
	c = board_match(fdt, node, board_plic_compat, BOARD_COUNT(board_plic_compat));
	if (c != NULL && p->plic < 0) {
		p->plic = (int32_t)i;
		p->plic_compat = c;
	}
	c = board_match(fdt, node, board_aplic_compat, BOARD_COUNT(board_aplic_compat));
	if (c != NULL) {
		/* An APLIC with riscv,children is a parent (M-level) domain
		 * that delegates to another: the leaf is the one S-mode owns. */
		if (p->aplic_any < 0) {
			p->aplic_any = (int32_t)i;
			p->aplic_compat = c;
		}
		if (p->aplic_leaf < 0 && !fdt_get_prop(fdt, node, "riscv,children", &children))
			p->aplic_leaf = (int32_t)i;
	}
	c = board_match(fdt, node, board_timer_compat, BOARD_COUNT(board_timer_compat));
	if (c != NULL && p->timer < 0) {
		p->timer = (int32_t)i;
		p->timer_compat = c;
	}
}

static uint32_t board_intc_sources(const fdt_t *fdt, int node)
{
	uint32_t n = 0;

	if (!fdt_node_u32(fdt, node, "riscv,ndev", &n) &&
	    !fdt_node_u32(fdt, node, "riscv,num-sources", &n))
		n = 0;
	return n;
}

void board_pick_blocks(const fdt_t *fdt, board_t *board)
{
	board_picks_t p = { -1, -1, -1, -1, NULL, NULL, NULL };
	int32_t intc;
	uint32_t i;

	for (i = 0; i < board->device_count; i++) {
		const board_device_t *dev = &board->devices[i];

		/* A node's entries are consecutive: look at its first only. */
		if (i > 0 && board->devices[i - 1].node == dev->node)
			continue;
		board_consider(fdt, board, i, &p);
		if (dev->node == board->console.node) {
			board->console.base = dev->base;
			board->console.size = dev->size;
		}
	}
	intc = p.plic >= 0 ? p.plic : (p.aplic_leaf >= 0 ? p.aplic_leaf : p.aplic_any);
	if (intc >= 0) {
		board_set_block(&board->intc, &board->devices[intc],
				p.plic >= 0 ? p.plic_compat : p.aplic_compat);
		board->intc.ndev = board_intc_sources(fdt, board->intc.node);
	}
	if (p.timer >= 0)
		board_set_block(&board->timer, &board->devices[p.timer], p.timer_compat);
}
