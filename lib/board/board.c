/*
 * board_from_fdt(): the single walk over the device tree, RAM and reserved
 * memory.
 *
 * This file owns the order in which a board is read and the depth-first walk
 * itself (an explicit stack of frames, no recursion: the kernel stack is
 * small and the blob is untrusted). During the walk it records RAM
 * (enabled device_type = "memory" nodes) and /reserved-memory children, and
 * passes every other reg-bearing node on a memory-mapped bus to
 * board_devices.c. Harts and /chosen are read by direct lookup
 * (board_cpus.c, board_chosen.c). It also holds the small name tables.
 */
#include "board/board_internal.h"
#include "base/str.h"

const char *board_node_path(const fdt_t *fdt, int node, char *buf, uint32_t size)
{
	const char *name;
	uint32_t i;

	if (fdt_get_path(fdt, node, buf, size))
		return buf;
	/* Too deep to print whole: the node's own name still identifies it. */
	name = fdt_node_name(fdt, node);
	if (name == NULL)
		name = "?";
	buf[0] = '.';
	buf[1] = '.';
	buf[2] = '.';
	buf[3] = '/';
	for (i = 0; name[i] != '\0' && i + 5 < size; i++)
		buf[i + 4] = name[i];
	buf[i + 4] = '\0';
	return buf;
}

bool board_node_has_type(const fdt_t *fdt, int node, const char *type)
{
	fdt_prop_t prop;
	const char *value;

	return fdt_get_prop(fdt, node, "device_type", &prop) &&
	       fdt_prop_string(&prop, &value) && str_eq(value, type);
}

/* ---- RAM ---- */

static bool board_ranges_overlap(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize)
{
	return a < b + bsize && b < a + asize;
}

static board_status_t board_add_memory_range(board_walk_t *w, int node,
					     uint64_t base, uint64_t size)
{
	board_t *board = w->board;
	char path[BOARD_PATH_MAX];
	uint32_t i;

	if (!board_range_ok(base, size)) {
		diag_set(w->diag, "memory node %s: range [0x%llx, +0x%llx) wraps around the address space",
			 board_node_path(w->fdt, node, path, sizeof(path)),
			 (unsigned long long)base, (unsigned long long)size);
		return BOARD_ERR_RANGE;
	}
	for (i = 0; i < board->memory_count; i++) {
		const phys_range_t *old = &board->memory[i];

		if (board_ranges_overlap(base, size, old->base, old->size)) {
			diag_set(w->diag, "overlapping memory: %s [0x%llx, 0x%llx) overlaps RAM [0x%llx, 0x%llx)",
				 board_node_path(w->fdt, node, path, sizeof(path)),
				 (unsigned long long)base, (unsigned long long)(base + size),
				 (unsigned long long)old->base,
				 (unsigned long long)(old->base + old->size));
			return BOARD_ERR_MEMORY_OVERLAP;
		}
	}
	if (board->memory_count == BOARD_MAX_MEMORY) {
		diag_set(w->diag, "too many RAM ranges (memory table holds %u) at %s",
			 (unsigned)BOARD_MAX_MEMORY,
			 board_node_path(w->fdt, node, path, sizeof(path)));
		return BOARD_ERR_TOO_MANY;
	}
	board->memory[board->memory_count].base = base;
	board->memory[board->memory_count].size = size;
	board->memory_count++;
	return BOARD_OK;
}

/* An enabled device_type = "memory" node: each non-empty reg entry is RAM. */
static board_status_t board_add_memory_node(board_walk_t *w, int node)
{
	const board_frame_t *parent = &w->frames[w->depth];
	char path[BOARD_PATH_MAX];
	fdt_prop_t reg;
	uint32_t count, i;
	board_status_t st;

	if (!fdt_node_is_enabled(w->fdt, node) || !fdt_get_prop(w->fdt, node, "reg", &reg))
		return BOARD_OK;
	if (parent->addr_cells > 2 || parent->size_cells > 2 || !parent->mapped) {
		diag_set(w->diag, "memory node %s: #address-cells %u / #size-cells %u on an unmapped bus or above 2",
			 board_node_path(w->fdt, node, path, sizeof(path)),
			 (unsigned)parent->addr_cells, (unsigned)parent->size_cells);
		return BOARD_ERR_CELLS;
	}
	st = board_reg_count(w, node, "memory reg", &reg, parent->addr_cells,
			     parent->size_cells, &count);
	for (i = 0; st == BOARD_OK && i < count; i++) {
		uint64_t base, size;
		bool found;

		board_reg_entry(&reg, i, parent->addr_cells, parent->size_cells, &base, &size);
		if (size == 0)
			continue;
		st = board_translate(w, w->depth, &base, &found);
		if (st == BOARD_OK && found)
			st = board_add_memory_range(w, node, base, size);
	}
	return st;
}

/* ---- reserved memory ---- */

static board_status_t board_add_reserved(board_walk_t *w, int node, uint64_t base,
					 uint64_t size, bool no_map)
{
	board_t *board = w->board;
	char path[BOARD_PATH_MAX];
	board_reserved_t *r;

	if (!board_range_ok(base, size)) {
		if (node < 0)
			diag_set(w->diag, "/memreserve/ entry [0x%llx, +0x%llx) wraps around the address space",
				 (unsigned long long)base, (unsigned long long)size);
		else
			diag_set(w->diag, "reserved memory %s: [0x%llx, +0x%llx) wraps around the address space",
				 board_node_path(w->fdt, node, path, sizeof(path)),
				 (unsigned long long)base, (unsigned long long)size);
		return BOARD_ERR_RANGE;
	}
	if (board->reserved_count == BOARD_MAX_RESERVED) {
		diag_set(w->diag, "too many reserved ranges (reserved table holds %u)",
			 (unsigned)BOARD_MAX_RESERVED);
		return BOARD_ERR_TOO_MANY;
	}
	r = &board->reserved[board->reserved_count++];
	r->base = base;
	r->size = size;
	r->node = node;
	r->no_map = no_map;
	return BOARD_OK;
}

static board_status_t board_add_memreserve(board_walk_t *w)
{
	uint32_t i;
	board_status_t st = BOARD_OK;

	for (i = 0; st == BOARD_OK && i < w->fdt->memreserve_count; i++) {
		uint64_t base, size;

		if (fdt_memreserve(w->fdt, i, &base, &size) && size != 0)
			st = board_add_reserved(w, -1, base, size, false);
	}
	return st;
}

/*
 * A /reserved-memory child. Its reg is in /reserved-memory's cells and, by
 * the binding, already a CPU physical address (ranges there is empty).
 * Children with only `size` are placed by an OS allocator: nothing to keep.
 * Disabled children are ignored, as Linux does.
 */
static board_status_t board_add_reserved_node(board_walk_t *w, int node)
{
	const board_frame_t *parent = &w->frames[w->depth];
	char path[BOARD_PATH_MAX];
	fdt_prop_t reg, dummy;
	uint32_t count, i;
	bool no_map;
	board_status_t st;

	if (!fdt_node_is_enabled(w->fdt, node) || !fdt_get_prop(w->fdt, node, "reg", &reg))
		return BOARD_OK;
	if (parent->addr_cells > 2 || parent->size_cells > 2) {
		diag_set(w->diag, "reserved memory %s: #address-cells %u / #size-cells %u above 2",
			 board_node_path(w->fdt, node, path, sizeof(path)),
			 (unsigned)parent->addr_cells, (unsigned)parent->size_cells);
		return BOARD_ERR_CELLS;
	}
	no_map = fdt_get_prop(w->fdt, node, "no-map", &dummy);
	st = board_reg_count(w, node, "reserved-memory reg", &reg, parent->addr_cells,
			     parent->size_cells, &count);
	for (i = 0; st == BOARD_OK && i < count; i++) {
		uint64_t base, size;

		board_reg_entry(&reg, i, parent->addr_cells, parent->size_cells, &base, &size);
		if (size != 0)
			st = board_add_reserved(w, node, base, size, no_map);
	}
	return st;
}

/* ---- the walk ---- */

/* What the children of `node` (a child of `parent`) are. */
static board_subtree_t board_child_subtree(const board_walk_t *w, int node,
					   const board_frame_t *parent)
{
	const char *name;

	if (parent->subtree != BOARD_SUBTREE_BUS)
		return BOARD_SUBTREE_SKIP;
	if (w->depth == 0) {
		name = fdt_node_name(w->fdt, node);
		if (name != NULL && str_eq(name, "cpus"))
			return BOARD_SUBTREE_CPUS;
		if (name != NULL && str_eq(name, "reserved-memory"))
			return BOARD_SUBTREE_RESERVED;
	}
	if (board_node_has_type(w->fdt, node, "memory"))
		return BOARD_SUBTREE_SKIP;
	return BOARD_SUBTREE_BUS;
}

/* The frame `node` will be for its children. A bus is memory-mapped when
 * its parent is and it has `ranges` (the root always is); cell counts above
 * 2 (PCI's 3-cell addresses) cannot be translated, so such a bus is not. */
static board_frame_t board_make_frame(const board_walk_t *w, int node)
{
	const board_frame_t *parent = &w->frames[w->depth];
	board_frame_t f;
	fdt_prop_t ranges;

	f.node = node;
	f.addr_cells = fdt_address_cells(w->fdt, node);
	f.size_cells = fdt_size_cells(w->fdt, node);
	f.subtree = board_child_subtree(w, node, parent);
	f.mapped = parent->mapped && f.addr_cells <= 2 && f.size_cells <= 2 &&
		   fdt_get_prop(w->fdt, node, "ranges", &ranges);
	return f;
}

/* One node, whose parent is frames[depth]. */
static board_status_t board_visit(board_walk_t *w, int node)
{
	const board_frame_t *parent = &w->frames[w->depth];
	fdt_prop_t reg;

	switch (parent->subtree) {
	case BOARD_SUBTREE_RESERVED:
		return board_add_reserved_node(w, node);
	case BOARD_SUBTREE_BUS:
		if (board_node_has_type(w->fdt, node, "memory"))
			return board_add_memory_node(w, node);
		if (parent->mapped && parent->size_cells > 0 &&
		    fdt_get_prop(w->fdt, node, "reg", &reg))
			return board_add_devices(w, node);
		return BOARD_OK;
	default:
		return BOARD_OK;
	}
}

static board_status_t board_walk(board_walk_t *w)
{
	int root = fdt_root(w->fdt);
	int node;
	board_status_t st;

	w->depth = 0;
	w->frames[0].node = root;
	w->frames[0].addr_cells = fdt_address_cells(w->fdt, root);
	w->frames[0].size_cells = fdt_size_cells(w->fdt, root);
	w->frames[0].mapped = w->frames[0].addr_cells <= 2 && w->frames[0].size_cells <= 2;
	w->frames[0].subtree = BOARD_SUBTREE_BUS;

	node = fdt_first_child(w->fdt, root);
	for (;;) {
		if (node < 0) {
			/* Subtree done: continue with the parent's next sibling. */
			if (w->depth == 0)
				return BOARD_OK;
			node = fdt_next_sibling(w->fdt, w->frames[w->depth].node);
			w->depth--;
			continue;
		}
		st = board_visit(w, node);
		if (st != BOARD_OK)
			return st;
		if (w->depth + 1 > FDT_MAX_DEPTH) {
			/* fdt_open() refuses such blobs; never index past the stack. */
			diag_set(w->diag, "device tree nesting deeper than %u",
				 (unsigned)FDT_MAX_DEPTH);
			return BOARD_ERR_TOO_MANY;
		}
		w->frames[w->depth + 1] = board_make_frame(w, node);
		w->depth++;
		node = fdt_first_child(w->fdt, node);
	}
}

/* ---- entry point ---- */

static void board_clear(board_t *b)
{
	b->memory_count = 0;
	b->reserved_count = 0;
	b->hart_count = 0;
	b->device_count = 0;
	b->console.node = -1;
	b->console.base = 0;
	b->console.size = 0;
	b->console.reg_shift = 0;
	b->console.reg_io_width = 1;
	b->console.clock_hz = 0;
	b->console.unresolved = false;
	b->intc.node = -1;
	b->intc.base = 0;
	b->intc.size = 0;
	b->intc.ndev = 0;
	b->intc.compatible = NULL;
	b->timer = b->intc;
	b->timebase_hz = 0;
	b->chosen = -1;
	b->best_mmu = PAGING_NONE;
}

board_status_t board_from_fdt(board_t *out, const fdt_t *fdt, diag_t *diag)
{
	board_walk_t w;
	board_status_t st;

	board_clear(out);
	w.fdt = fdt;
	w.board = out;
	w.diag = diag;

	st = board_add_memreserve(&w);
	if (st != BOARD_OK)
		return st;
	board_read_chosen(fdt, out);
	st = board_walk(&w);
	if (st != BOARD_OK)
		return st;
	if (out->memory_count == 0) {
		diag_set(diag, "no memory node (no enabled device_type = \"memory\" node with a non-empty reg)");
		return BOARD_ERR_NO_MEMORY;
	}
	st = board_read_cpus(fdt, out, diag);
	if (st != BOARD_OK)
		return st;
	board_pick_blocks(fdt, out);
	return BOARD_OK;
}

const char *board_status_name(board_status_t status)
{
	static const char *const names[] = {
		[BOARD_OK] = "ok",
		[BOARD_ERR_CELLS] = "bad #address-cells/#size-cells",
		[BOARD_ERR_REG] = "bad reg length",
		[BOARD_ERR_NO_MEMORY] = "no memory",
		[BOARD_ERR_MEMORY_OVERLAP] = "overlapping memory",
		[BOARD_ERR_RANGE] = "range wraps around",
		[BOARD_ERR_NO_CPUS] = "no cpus",
		[BOARD_ERR_CPU_NO_REG] = "cpu without reg",
		[BOARD_ERR_HART_TWICE] = "duplicate hart id",
		[BOARD_ERR_NO_MMU_HART] = "no usable hart with an MMU",
		[BOARD_ERR_TOO_MANY] = "table overflow",
	};

	if ((unsigned)status >= sizeof(names) / sizeof(names[0]))
		return "unknown board status";
	return names[status];
}
