/*
 * Boot-time memory: the kernel's page tables, its copy of the device tree
 * and the root task's objects, carved in order from the RAM right after the
 * kernel image. So the kernel's whole footprint is one range,
 * [image start, boot_alloc_end()), that dtinfo can account for given its
 * size, and everything else free becomes untyped memory. After boot the
 * kernel allocates nothing.
 */
#ifndef BASALT_KERNEL_BOOT_ALLOC_H
#define BASALT_KERNEL_BOOT_ALLOC_H

#include <stdint.h>

#include "memmap/memmap.h"

/* Start carving at `start` (page-aligned), inside the free range of `map`
 * that contains it; false when there is none. */
bool boot_alloc_init(const bootmap_t *map, uint64_t start);

/* `size` zeroed bytes aligned to 2^align_bits (at least a page); the
 * physical address, or 0 when the free range is used up. */
uint64_t boot_alloc(uint64_t size, unsigned align_bits);

/* The first byte not carved (page-aligned). */
uint64_t boot_alloc_end(void);

#endif
