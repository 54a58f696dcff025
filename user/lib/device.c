/* Devices from user space (see device.h). */
#include "device.h"

static fdt_t fdt_copy;
static board_t board_copy;

const board_t *basalt_board(const basalt_bootinfo_t *bi, const fdt_t **fdt, diag_t *why)
{
	if (bi->h.dtb_vaddr == 0 ||
	    fdt_open(&fdt_copy, (const void *)bi->h.dtb_vaddr, bi->h.dtb_size, why) != FDT_OK)
		return (void *)0;
	if (board_from_fdt(&board_copy, &fdt_copy, why) != BOARD_OK)
		return (void *)0;
	*fdt = &fdt_copy;
	return &board_copy;
}

int basalt_find_compatible(const fdt_t *fdt, const char *compat)
{
	int depth = 0;

	for (int n = fdt_root(fdt); n >= 0; n = fdt_walk_next(fdt, n, &depth)) {
		if (fdt_node_is_compatible(fdt, n, compat) && fdt_node_is_enabled(fdt, n))
			return n;
	}
	return -1;
}

basalt_error_t basalt_device_frame(basalt_alloc_t *a, const basalt_bootinfo_t *bi,
				   basalt_word_t pa, basalt_cptr_t *frame)
{
	for (basalt_word_t i = 0; i < bi->h.untyped_count; i++) {
		const basalt_untyped_desc_t *u = &bi->untyped_list[i];
		basalt_cptr_t cur = bi->h.untyped.start + i;
		basalt_word_t base = u->paddr;
		unsigned bits = u->size_bits;
		basalt_error_t e;

		if (!u->is_device || pa < base || pa - base >= (1ull << bits))
			continue;
		/* Halve until the page: retype two halves, keep the one with pa. */
		while (bits > 12) {
			basalt_cptr_t lo = basalt_alloc_slot(a), hi = basalt_alloc_slot(a);

			if (lo == 0 || hi != lo + 1)
				return BASALT_RANGE_ERROR;
			e = basalt_untyped_retype(cur, BASALT_OBJ_UNTYPED, bits - 1, a->cnode, 0, 0, lo, 2);
			if (e != BASALT_OK)
				return e;
			bits--;
			if (pa - base >= (1ull << bits)) {
				base += 1ull << bits;
				cur = hi;
			} else {
				cur = lo;
			}
		}
		*frame = basalt_alloc_slot(a);
		if (*frame == 0)
			return BASALT_RANGE_ERROR;
		return basalt_untyped_retype(cur, BASALT_OBJ_FRAME_4K, 0, a->cnode, 0, 0, *frame, 1);
	}
	return BASALT_INVALID_ARGUMENT;
}
