/* Boot-time carving after the kernel image (see boot_alloc.h). */
#include "boot/boot_alloc.h"

#include "core/kmem.h"
#include "base/mem.h"

static uint64_t next, limit;

bool boot_alloc_init(const bootmap_t *map, uint64_t start)
{
	for (uint32_t i = 0; i < map->free.count; i++) {
		const mem_region_t *r = &map->free.r[i];

		if (start >= r->base && start < r->base + r->size) {
			next = start;
			limit = r->base + r->size;
			return true;
		}
	}
	return false;
}

uint64_t boot_alloc(uint64_t size, unsigned align_bits)
{
	uint64_t align = 1ull << (align_bits < 12 ? 12 : align_bits);
	uint64_t base = (next + align - 1) & ~(align - 1);

	size = (size + MEMMAP_PAGE_SIZE - 1) & ~(uint64_t)(MEMMAP_PAGE_SIZE - 1);
	if (base < next || base > limit || size > limit - base)
		return 0;
	next = base + size;
	memset(phys_to_virt(base), 0, size);
	return base;
}

uint64_t boot_alloc_end(void)
{
	return next;
}
