/*
 * Decoding `reg` and translating bus addresses through `ranges`.
 *
 * A reg entry is (#address-cells, #size-cells) of the *parent*; a ranges
 * entry of bus B is (child address in B's #address-cells, parent address in
 * B's parent's #address-cells, length in B's #size-cells). An empty ranges
 * is the identity. Translation climbs the walk's frame stack from the
 * device's parent to the root, so it needs no parent lookups in the blob
 * (fdt_parent() is O(size)). Only 0..2-cell numbers are handled: frames with
 * more are marked unmapped by the walk and never reach this code.
 */
#include "board/board_internal.h"

bool board_range_ok(uint64_t base, uint64_t size)
{
	return size <= UINT64_MAX - base;
}

board_status_t board_reg_count(const board_walk_t *w, int node, const char *what,
			       const fdt_prop_t *prop, uint32_t addr_cells,
			       uint32_t size_cells, uint32_t *count)
{
	uint32_t entry = (addr_cells + size_cells) * 4u;
	char path[BOARD_PATH_MAX];

	if (entry == 0) {
		/* No cells at all: nothing can be addressed. */
		*count = 0;
		return BOARD_OK;
	}
	if (prop->len % entry != 0) {
		diag_set(w->diag, "%s of %s is %u bytes, not a multiple of the %u-byte entry (%u+%u cells)",
			 what, board_node_path(w->fdt, node, path, sizeof(path)),
			 (unsigned)prop->len, (unsigned)entry, (unsigned)addr_cells,
			 (unsigned)size_cells);
		return BOARD_ERR_REG;
	}
	*count = prop->len / entry;
	return BOARD_OK;
}

void board_reg_entry(const fdt_prop_t *prop, uint32_t index, uint32_t addr_cells,
		     uint32_t size_cells, uint64_t *addr, uint64_t *size)
{
	uint32_t first = index * (addr_cells + size_cells);

	/* The caller counted the entries, so these reads are in bounds; on a
	 * failure the helpers leave garbage-free zeroes. */
	*addr = 0;
	*size = 0;
	(void)fdt_prop_cells(prop, first, addr_cells, addr);
	(void)fdt_prop_cells(prop, first + addr_cells, size_cells, size);
}

/* One step: an address on the bus frames[level] into its parent's space. */
static board_status_t board_translate_step(const board_walk_t *w, uint32_t level,
					   uint64_t *addr, bool *found)
{
	const board_frame_t *bus = &w->frames[level];
	const board_frame_t *up = &w->frames[level - 1];
	fdt_prop_t ranges;
	uint32_t count, i, cells;
	board_status_t st;

	*found = false;
	if (!fdt_get_prop(w->fdt, bus->node, "ranges", &ranges))
		return BOARD_OK;        /* not memory-mapped (the walk checks this too) */
	if (ranges.len == 0) {
		*found = true;          /* empty ranges: identity */
		return BOARD_OK;
	}
	st = board_reg_count(w, bus->node, "ranges", &ranges, bus->addr_cells,
			     up->addr_cells + bus->size_cells, &count);
	if (st != BOARD_OK)
		return st;
	cells = bus->addr_cells + up->addr_cells + bus->size_cells;
	for (i = 0; i < count; i++) {
		uint64_t child = 0, parent = 0, len = 0;

		(void)fdt_prop_cells(&ranges, i * cells, bus->addr_cells, &child);
		(void)fdt_prop_cells(&ranges, i * cells + bus->addr_cells,
				     up->addr_cells, &parent);
		(void)fdt_prop_cells(&ranges, i * cells + bus->addr_cells + up->addr_cells,
				     bus->size_cells, &len);
		if (*addr >= child && *addr - child < len) {
			/* The parent window may run past 2^64 (a malformed
			 * entry): the sum would wrap to a low address and make
			 * up RAM or a device where the tree put none. Refuse,
			 * as for any other range that wraps around. */
			if (*addr - child > UINT64_MAX - parent) {
				char path[BOARD_PATH_MAX];

				diag_set(w->diag, "ranges of %s maps 0x%llx past the end of the address space "
					 "(parent window [0x%llx, +0x%llx))",
					 board_node_path(w->fdt, bus->node, path, sizeof(path)),
					 (unsigned long long)*addr, (unsigned long long)parent,
					 (unsigned long long)len);
				return BOARD_ERR_RANGE;
			}
			*addr = parent + (*addr - child);
			*found = true;
			return BOARD_OK;
		}
	}
	return BOARD_OK;
}

board_status_t board_translate(const board_walk_t *w, uint32_t level,
			       uint64_t *addr, bool *found)
{
	board_status_t st;

	*found = true;
	/* frames[0] is the root: its children's addresses are already CPU
	 * physical. Every bus below it maps into its parent. */
	for (; level > 0; level--) {
		st = board_translate_step(w, level, addr, found);
		if (st != BOARD_OK || !*found)
			return st;
	}
	return BOARD_OK;
}

bool board_node_reg(const fdt_t *fdt, int node, uint32_t index, uint64_t *base, uint64_t *size)
{
	/* Rebuild the frames a board walk would hold for this node's
	 * ancestors (root first), then translate as the walk does. About
	 * 1.6 KiB of stack: boot code and host tools only. */
	board_walk_t w;
	int chain[FDT_MAX_DEPTH + 1];
	uint32_t n = 0, i, count;
	fdt_prop_t reg;
	bool found;

	for (int p = fdt_parent(fdt, node); p >= 0; p = fdt_parent(fdt, p)) {
		if (n > FDT_MAX_DEPTH)
			return false;
		chain[n++] = p;
	}
	if (n == 0 || !fdt_get_prop(fdt, node, "reg", &reg))
		return false;
	w.fdt = fdt;
	w.board = NULL;
	w.diag = NULL;
	w.depth = n - 1;
	for (i = 0; i < n; i++) {
		board_frame_t *f = &w.frames[i];

		f->node = chain[n - 1 - i];
		f->addr_cells = fdt_address_cells(fdt, f->node);
		f->size_cells = fdt_size_cells(fdt, f->node);
		f->subtree = BOARD_SUBTREE_BUS;
		f->mapped = f->addr_cells <= 2 && f->size_cells <= 2;
		if (!f->mapped)
			return false;
	}
	if (board_reg_count(&w, node, "reg", &reg, w.frames[n - 1].addr_cells,
			    w.frames[n - 1].size_cells, &count) != BOARD_OK || index >= count)
		return false;
	board_reg_entry(&reg, index, w.frames[n - 1].addr_cells, w.frames[n - 1].size_cells,
			base, size);
	if (board_translate(&w, n - 1, base, &found) != BOARD_OK || !found)
		return false;
	return board_range_ok(*base, *size);
}
