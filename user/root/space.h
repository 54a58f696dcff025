/*
 * A second address space running the root task's own code: a new VSpace
 * (ASID from the root task's pool) with the root task's image frames mapped
 * at the same addresses, text, read-only data and data alike (the data is
 * shared with the root task, so threads there see the same globals), and a
 * vmem for the address range [start, end) in it. Tests and benchmarks use
 * it to put threads in another address space without loading a program.
 */
#ifndef BASALT_ROOT_SPACE_H
#define BASALT_ROOT_SPACE_H

#include "alloc.h"
#include "bootinfo.h"
#include "vmem.h"

typedef struct image_space {
	basalt_cptr_t vspace;
	basalt_vmem_t vmem;
} image_space_t;

basalt_error_t image_space_make(image_space_t *s, basalt_alloc_t *alloc,
				const basalt_bootinfo_t *bi, basalt_word_t start, basalt_word_t end);

/* The same with the ASID from `pool` (an ASID pool cap). */
basalt_error_t image_space_make_in(image_space_t *s, basalt_alloc_t *alloc,
				   const basalt_bootinfo_t *bi, basalt_cptr_t pool,
				   basalt_word_t start, basalt_word_t end);

#endif
