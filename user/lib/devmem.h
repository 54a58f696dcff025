/*
 * Device memory by the page: 4 KiB device frames cut out of the boot
 * info's device untyped, for a program that hands device pages out one by
 * one (the root task's resource service).
 *
 * basalt_device_frame() (device.h) splits a device untyped down to the
 * page it needs and forgets the pieces, so it works once per untyped. This
 * allocator remembers every split in a small table: the halves a split
 * made stay where they are, and a later request for another page of the
 * same untyped descends through them. Each page becomes a frame once; who
 * holds that frame (and copies of it) is the caller's business.
 */
#ifndef LIBBASALT_DEVMEM_H
#define LIBBASALT_DEVMEM_H

#include "alloc.h"

#define BASALT_DEVMEM_MAX_NODES 256

typedef struct basalt_devmem_node {
	basalt_word_t base;
	basalt_cptr_t cap;        /* the untyped */
	basalt_cptr_t frame;      /* BASALT_DEVMEM_FRAME: the frame made from it */
	uint8_t bits;
	uint8_t state;            /* BASALT_DEVMEM_WHOLE / _SPLIT / _FRAME */
	uint16_t lower;           /* when split: the lower half's index (the upper is next) */
} basalt_devmem_node_t;

enum { BASALT_DEVMEM_WHOLE, BASALT_DEVMEM_SPLIT, BASALT_DEVMEM_FRAME };

typedef struct basalt_devmem {
	const basalt_bootinfo_t *bi;
	basalt_alloc_t *alloc;    /* slots for the pieces (no untyped needed) */
	unsigned count;
	basalt_devmem_node_t nodes[BASALT_DEVMEM_MAX_NODES];
} basalt_devmem_t;

void basalt_devmem_init(basalt_devmem_t *d, const basalt_bootinfo_t *bi, basalt_alloc_t *alloc);

/* The frame for the device page at `pa`, made now (our cap in *frame).
 * ALIGNMENT_ERROR: pa is not page-aligned; INVALID_ARGUMENT: no device
 * untyped covers it; REVOKE_FIRST: that page's frame was made before;
 * NOT_ENOUGH_MEMORY: out of slots or table entries; or what a retype
 * returned. */
basalt_error_t basalt_devmem_frame(basalt_devmem_t *d, basalt_word_t pa, basalt_cptr_t *frame);

#endif
