/*
 * Region arithmetic and the boot memory map (see memmap.h).
 *
 * This file owns every computation on physical ranges that decides which
 * RAM the kernel may hand out: removing reserved ranges from RAM, rounding
 * what is left inward to whole pages, and carving boot allocations from it.
 * Ranges are half-open [base, base + size) and must not pass the end of the
 * 64-bit space (base + size <= 2^64 - 1 as a number), so an end can always
 * be computed without overflow. Tables are fixed; every operation that could
 * overflow one checks first and leaves the list unchanged on failure.
 */
#include "memmap/memmap.h"

/* ---- ranges ---- */

static bool region_range_ok(uint64_t base, uint64_t size)
{
	return size != 0 && size <= UINT64_MAX - base;
}

static uint64_t region_end(const mem_region_t *r)
{
	return r->base + r->size;
}

/* base rounded up to `align` (a power of two); false if that overflows. */
static bool region_align_up(uint64_t base, uint64_t align, uint64_t *out)
{
	if (base > UINT64_MAX - (align - 1))
		return false;
	*out = (base + align - 1) & ~(align - 1);
	return true;
}

/* ---- lists ---- */

bool region_list_add(region_list_t *list, const mem_region_t *region)
{
	if (list->count >= MEMMAP_MAX_REGIONS || !region_range_ok(region->base, region->size))
		return false;
	list->r[list->count++] = *region;
	return true;
}

static bool region_before(const mem_region_t *a, const mem_region_t *b)
{
	return a->base < b->base || (a->base == b->base && a->size < b->size);
}

/* Insertion sort: at most MEMMAP_MAX_REGIONS entries, usually nearly
 * sorted already, and stable (equal ranges keep their order). */
void region_list_sort(region_list_t *list)
{
	uint32_t i, j;

	for (i = 1; i < list->count; i++) {
		mem_region_t cur = list->r[i];

		for (j = i; j > 0 && region_before(&cur, &list->r[j - 1]); j--)
			list->r[j] = list->r[j - 1];
		list->r[j] = cur;
	}
}

static void region_list_insert_at(region_list_t *list, uint32_t at, const mem_region_t *r)
{
	uint32_t j;

	for (j = list->count; j > at; j--)
		list->r[j] = list->r[j - 1];
	list->r[at] = *r;
	list->count++;
}

static void region_list_delete_at(region_list_t *list, uint32_t at)
{
	uint32_t j;

	for (j = at; j + 1 < list->count; j++)
		list->r[j] = list->r[j + 1];
	list->count--;
}

bool region_list_remove(region_list_t *list, uint64_t base, uint64_t size)
{
	/* A hole running past the end of the address space is clipped there:
	 * no region can extend beyond it anyway. */
	uint64_t end = size > UINT64_MAX - base ? UINT64_MAX : base + size;
	uint32_t i, splits = 0;

	if (size == 0)
		return true;
	for (i = 0; i < list->count; i++) {
		if (list->r[i].base < base && region_end(&list->r[i]) > end)
			splits++;
	}
	if (list->count + splits > MEMMAP_MAX_REGIONS)
		return false;

	for (i = 0; i < list->count;) {
		mem_region_t *r = &list->r[i];
		uint64_t rend = region_end(r);

		if (rend <= base || r->base >= end) {
			i++;                            /* untouched */
		} else if (r->base < base && rend > end) {
			mem_region_t tail = *r;         /* hole in the middle: split */

			tail.base = end;
			tail.size = rend - end;
			r->size = base - r->base;
			region_list_insert_at(list, i + 1, &tail);
			i += 2;
		} else if (r->base < base) {
			r->size = base - r->base;       /* hole covers the end */
			i++;
		} else if (rend > end) {
			r->base = end;                  /* hole covers the start */
			r->size = rend - end;
			i++;
		} else {
			region_list_delete_at(list, i); /* hole covers it all */
		}
	}
	return true;
}

uint64_t region_list_total(const region_list_t *list)
{
	uint64_t total = 0;
	uint32_t i;

	for (i = 0; i < list->count; i++)
		total += list->r[i].size;
	return total;
}

/* ---- the boot map ---- */

static memmap_status_t bootmap_add(region_list_t *list, const mem_region_t *r,
				   const char *table, diag_t *diag)
{
	if (!region_range_ok(r->base, r->size)) {
		diag_set(diag, "%s range [0x%llx, +0x%llx) is empty or wraps around the address space",
			 table, (unsigned long long)r->base, (unsigned long long)r->size);
		return MEMMAP_ERR_RANGE;
	}
	if (!region_list_add(list, r)) {
		diag_set(diag, "%s table full (%u regions)", table, (unsigned)MEMMAP_MAX_REGIONS);
		return MEMMAP_ERR_FULL;
	}
	return MEMMAP_OK;
}

static memmap_status_t bootmap_ram(bootmap_t *map, const board_t *board, diag_t *diag)
{
	mem_region_t r = { 0, 0, RESERVE_NONE, -1, false };
	memmap_status_t st = MEMMAP_OK;
	uint32_t i;

	for (i = 0; st == MEMMAP_OK && i < board->memory_count; i++) {
		r.base = board->memory[i].base;
		r.size = board->memory[i].size;
		st = bootmap_add(&map->ram, &r, "RAM", diag);
	}
	if (st != MEMMAP_OK)
		return st;
	region_list_sort(&map->ram);
	for (i = 1; i < map->ram.count; i++) {
		if (map->ram.r[i].base < region_end(&map->ram.r[i - 1])) {
			diag_set(diag, "RAM ranges overlap at 0x%llx",
				 (unsigned long long)map->ram.r[i].base);
			return MEMMAP_ERR_RANGE;
		}
	}
	return MEMMAP_OK;
}

static bool bootmap_in_ram(const bootmap_t *map, uint64_t base, uint64_t size)
{
	for (uint32_t i = 0; i < map->ram.count; i++) {
		const mem_region_t *r = &map->ram.r[i];

		if (base < region_end(r) && r->base < base + size)
			return true;
	}
	return false;
}

/*
 * Device registers that the device tree places inside RAM. Left in the
 * free list they would become untyped RAM: user space could retype device
 * registers into kernel objects, or the kernel could zero them. Refusing
 * the board would turn a cosmetic mistake (a stray node, a framebuffer
 * described as a device) into an unbootable machine, so the whole
 * register range is reserved instead, and kept out of the kernel's RAM
 * window; device untyped memory never covers RAM (untyped.c), so these
 * pages go to no one. The boot warns about each (bootmap_device_warning()).
 */
static memmap_status_t bootmap_devices_in_ram(bootmap_t *map, const board_t *board,
					      diag_t *diag)
{
	memmap_status_t st = MEMMAP_OK;

	for (uint32_t i = 0; st == MEMMAP_OK && i < board->device_count; i++) {
		const board_device_t *d = &board->devices[i];
		mem_region_t r = { d->base, d->size, RESERVE_DEVICE, d->node, true };

		if (d->size != 0 && bootmap_in_ram(map, d->base, d->size))
			st = bootmap_add(&map->reserved, &r, "reserved", diag);
	}
	return st;
}

void bootmap_device_warning(const fdt_t *fdt, const mem_region_t *r, diag_t *out)
{
	char path[128];

	if (r->node < 0 || !fdt_get_path(fdt, r->node, path, sizeof(path))) {
		path[0] = '?';
		path[1] = '\0';
	}
	diag_set(out, "device %s has registers inside RAM, [0x%llx, 0x%llx): reserved, "
		 "neither free RAM nor device memory", path, (unsigned long long)r->base,
		 (unsigned long long)(r->base + r->size));
}

static memmap_status_t bootmap_reserved(bootmap_t *map, const board_t *board,
					const mem_region_t *kept, uint32_t kept_count,
					diag_t *diag)
{
	memmap_status_t st = MEMMAP_OK;
	uint32_t i;

	for (i = 0; st == MEMMAP_OK && i < board->reserved_count; i++) {
		const board_reserved_t *br = &board->reserved[i];
		mem_region_t r;

		r.base = br->base;
		r.size = br->size;
		r.reason = br->node < 0 ? RESERVE_MEMRESERVE : RESERVE_DT_NODE;
		r.node = br->node;
		r.no_map = br->no_map;
		st = bootmap_add(&map->reserved, &r, "reserved", diag);
	}
	for (i = 0; st == MEMMAP_OK && i < kept_count; i++)
		st = bootmap_add(&map->reserved, &kept[i], "reserved", diag);
	if (st == MEMMAP_OK)
		st = bootmap_devices_in_ram(map, board, diag);
	if (st == MEMMAP_OK)
		region_list_sort(&map->reserved);
	return st;
}

/* Shrinks every free range to whole pages, dropping those left empty. */
static void bootmap_page_align(region_list_t *free)
{
	uint32_t i = 0;

	while (i < free->count) {
		mem_region_t *r = &free->r[i];
		uint64_t end = region_end(r) & ~(uint64_t)(MEMMAP_PAGE_SIZE - 1);
		uint64_t base;

		if (region_align_up(r->base, MEMMAP_PAGE_SIZE, &base) && end > base) {
			r->base = base;
			r->size = end - base;
			i++;
		} else {
			region_list_delete_at(free, i);
		}
	}
}

memmap_status_t bootmap_derive(bootmap_t *out, const board_t *board,
			       const mem_region_t *kept, uint32_t kept_count,
			       diag_t *diag)
{
	memmap_status_t st;
	uint32_t i;

	out->ram.count = 0;
	out->reserved.count = 0;
	out->free.count = 0;
	st = bootmap_ram(out, board, diag);
	if (st == MEMMAP_OK)
		st = bootmap_reserved(out, board, kept, kept_count, diag);
	if (st != MEMMAP_OK)
		return st;

	for (i = 0; i < out->ram.count; i++)
		out->free.r[i] = out->ram.r[i];
	out->free.count = out->ram.count;
	for (i = 0; i < out->reserved.count; i++) {
		const mem_region_t *r = &out->reserved.r[i];

		if (!region_list_remove(&out->free, r->base, r->size)) {
			diag_set(diag, "free table full (%u regions) removing [0x%llx, +0x%llx)",
				 (unsigned)MEMMAP_MAX_REGIONS, (unsigned long long)r->base,
				 (unsigned long long)r->size);
			return MEMMAP_ERR_FULL;
		}
	}
	bootmap_page_align(&out->free);
	if (out->free.count == 0) {
		diag_set(diag, "no free RAM left after removing %u reserved range(s)",
			 (unsigned)out->reserved.count);
		return MEMMAP_ERR_NO_FREE;
	}
	return MEMMAP_OK;
}

/* The lowest `align`-aligned address in a free range that holds `size`
 * bytes; its index in *at. */
static bool bootmap_find(const region_list_t *free, uint64_t size, uint64_t align,
			 uint64_t *pa, uint32_t *at)
{
	uint32_t i;

	for (i = 0; i < free->count; i++) {
		const mem_region_t *r = &free->r[i];
		uint64_t base;

		if (!region_align_up(r->base, align, &base) || base >= region_end(r))
			continue;
		if (region_end(r) - base >= size) {
			*pa = base;
			*at = i;
			return true;
		}
	}
	return false;
}

memmap_status_t bootmap_take(bootmap_t *map, uint64_t size, uint64_t align,
			     reserve_reason_t reason, uint64_t *pa)
{
	mem_region_t taken = { 0, 0, reason, -1, false };
	const mem_region_t *r;
	uint32_t at;
	bool splits;

	if (size == 0 || align < MEMMAP_PAGE_SIZE || (align & (align - 1)) != 0 ||
	    !region_align_up(size, MEMMAP_PAGE_SIZE, &size))
		return MEMMAP_ERR_RANGE;
	if (!bootmap_find(&map->free, size, align, &taken.base, &at))
		return MEMMAP_ERR_NO_FREE;
	taken.size = size;
	r = &map->free.r[at];
	/* Check both tables have room before changing either. */
	splits = taken.base > r->base && taken.base + size < region_end(r);
	if (map->reserved.count == MEMMAP_MAX_REGIONS ||
	    (splits && map->free.count == MEMMAP_MAX_REGIONS))
		return MEMMAP_ERR_FULL;
	(void)region_list_remove(&map->free, taken.base, taken.size);
	(void)region_list_add(&map->reserved, &taken);
	region_list_sort(&map->reserved);
	*pa = taken.base;
	return MEMMAP_OK;
}

const char *reserve_reason_name(reserve_reason_t reason)
{
	static const char *const names[] = {
		[RESERVE_NONE] = "none",
		[RESERVE_MEMRESERVE] = "memreserve",
		[RESERVE_DT_NODE] = "reserved-memory",
		[RESERVE_KERNEL_IMAGE] = "kernel image",
		[RESERVE_DTB] = "device tree",
		[RESERVE_PAGE_TABLES] = "kernel page tables",
		[RESERVE_KERNEL_DATA] = "kernel data",
		[RESERVE_DEVICE] = "device",
	};

	if ((unsigned)reason >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[reason];
}

const char *memmap_status_name(memmap_status_t status)
{
	static const char *const names[] = {
		[MEMMAP_OK] = "ok",
		[MEMMAP_ERR_FULL] = "table full",
		[MEMMAP_ERR_RANGE] = "bad range",
		[MEMMAP_ERR_NO_FREE] = "no free memory",
	};

	if ((unsigned)status >= sizeof(names) / sizeof(names[0]))
		return "unknown memmap status";
	return names[status];
}
