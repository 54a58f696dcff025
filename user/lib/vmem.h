/*
 * Managing a VSpace from user space: handing out virtual address ranges
 * and backing them with frames, making the page tables on the way.
 *
 * A basalt_vmem_t covers [next, end) of one VSpace, bump-allocated (for
 * stacks, IPC buffers, temporary windows). Frames and page tables come
 * from a basalt_alloc_t. When Frame_Map reports a missing table
 * (FAILED_LOOKUP, whose "bits left" detail says which level), a page table
 * for that level is made and mapped, and the frame is tried again.
 */
#ifndef LIBBASALT_VMEM_H
#define LIBBASALT_VMEM_H

#include "alloc.h"

typedef struct basalt_vmem {
	basalt_cptr_t vspace;
	basalt_word_t next, end;
	basalt_alloc_t *alloc;
} basalt_vmem_t;

void basalt_vmem_init(basalt_vmem_t *vm, basalt_cptr_t vspace, basalt_word_t start,
		      basalt_word_t end, basalt_alloc_t *alloc);

/* Reserve `pages` pages of address space (and one unmapped guard page
 * after them); 0 when the range is used up. */
basalt_word_t basalt_vmem_reserve(basalt_vmem_t *vm, basalt_word_t pages);

/* Map `frame` at `vaddr`, making any missing page tables from vm->alloc. */
basalt_error_t basalt_vmem_map_frame(basalt_vmem_t *vm, basalt_cptr_t frame, basalt_word_t vaddr,
				     unsigned rights);

/* The same with Frame_Map attributes (BASALT_MAP_ATTR_UNCACHED for device
 * registers). */
basalt_error_t basalt_vmem_map_frame_attr(basalt_vmem_t *vm, basalt_cptr_t frame,
					  basalt_word_t vaddr, unsigned rights, unsigned attributes);

/* New zeroed 4 KiB pages at a fresh address (in *vaddr); each frame's cap
 * goes in frames[i] unless `frames` is NULL. */
basalt_error_t basalt_vmem_new_pages(basalt_vmem_t *vm, basalt_word_t pages, unsigned rights,
				     basalt_word_t *vaddr, basalt_cptr_t *frames);

#endif
