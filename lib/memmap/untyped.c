/*
 * Boot untyped planning (see untyped.h).
 */
#include "memmap/untyped.h"

bool untyped_split(untyped_list_t *list, uint64_t base, uint64_t size, bool device)
{
	while (size >= (1ull << UNTYPED_MIN_BITS)) {
		unsigned bits = UNTYPED_MAX_BITS;

		/* The largest block aligned at `base` that fits in what is left. */
		while (bits > UNTYPED_MIN_BITS &&
		       ((base & ((1ull << bits) - 1)) != 0 || (1ull << bits) > size))
			bits--;
		if (list->count >= list->capacity)
			return false;
		list->blocks[list->count++] = (untyped_block_t){ base, (uint8_t)bits, device };
		base += 1ull << bits;
		size -= 1ull << bits;
	}
	return true;
}

bool board_kernel_owned(const board_t *board, const fdt_t *fdt, int node)
{
	if (node == board->intc.node || node == board->timer.node)
		return true;
	return fdt_node_is_compatible(fdt, node, "sifive,test0");
}

static bool overlaps_ram(const board_t *board, uint64_t base, uint64_t end)
{
	for (uint32_t i = 0; i < board->memory_count; i++) {
		const phys_range_t *m = &board->memory[i];

		if (base < m->base + m->size && m->base < end)
			return true;
	}
	return false;
}

bool untyped_device_ranges(const board_t *board, const fdt_t *fdt, region_list_t *out,
			   region_list_t *scratch)
{
	region_list_t *raw = scratch;

	raw->count = 0;
	for (uint32_t i = 0; i < board->device_count; i++) {
		const board_device_t *d = &board->devices[i];
		uint64_t base = d->base & ~(uint64_t)(MEMMAP_PAGE_SIZE - 1);
		uint64_t end;

		if (d->size == 0 || board_kernel_owned(board, fdt, d->node))
			continue;
		end = d->base + d->size;
		if (end > UINT64_MAX - (MEMMAP_PAGE_SIZE - 1))
			continue;
		end = (end + MEMMAP_PAGE_SIZE - 1) & ~(uint64_t)(MEMMAP_PAGE_SIZE - 1);
		if (overlaps_ram(board, base, end))
			continue;
		mem_region_t r = { .base = base, .size = end - base, .node = -1 };

		if (!region_list_add(raw, &r))
			return false;
	}
	region_list_sort(raw);
	out->count = 0;
	for (uint32_t i = 0; i < raw->count; i++) {
		mem_region_t *last = out->count > 0 ? &out->r[out->count - 1] : NULL;

		if (last != NULL && raw->r[i].base <= last->base + last->size) {
			uint64_t end = raw->r[i].base + raw->r[i].size;

			if (end > last->base + last->size)
				last->size = end - last->base;
			continue;
		}
		if (!region_list_add(out, &raw->r[i]))
			return false;
	}
	/* A kernel-owned device may share a page with another: that page
	 * stays the kernel's. */
	for (uint32_t i = 0; i < board->device_count; i++) {
		const board_device_t *d = &board->devices[i];

		if (d->size != 0 && board_kernel_owned(board, fdt, d->node)) {
			uint64_t base = d->base & ~(uint64_t)(MEMMAP_PAGE_SIZE - 1);
			uint64_t end = (d->base + d->size + MEMMAP_PAGE_SIZE - 1) &
				       ~(uint64_t)(MEMMAP_PAGE_SIZE - 1);

			if (end > base && !region_list_remove(out, base, end - base))
				return false;
		}
	}
	return true;
}

bool untyped_plan(const bootmap_t *map, const board_t *board, const fdt_t *fdt,
		  untyped_list_t *list, region_list_t scratch[2])
{
	region_list_t *devices = &scratch[0];

	list->count = 0;
	for (uint32_t i = 0; i < map->free.count; i++) {
		if (!untyped_split(list, map->free.r[i].base, map->free.r[i].size, false))
			return false;
	}
	if (!untyped_device_ranges(board, fdt, devices, &scratch[1]))
		return false;
	for (uint32_t i = 0; i < devices->count; i++) {
		if (!untyped_split(list, devices->r[i].base, devices->r[i].size, true))
			return false;
	}
	return true;
}
