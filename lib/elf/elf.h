/*
 * Reading a 64-bit RISC-V ELF executable (the root task the kernel
 * carries in its image, and user programs the root task loads).
 *
 * elf_open() checks everything the loaders rely on before they touch a
 * byte: the header, the program header table and every PT_LOAD segment lie
 * inside the file; file size <= memory size; segments do not wrap, lie
 * below `user_top`, are page-aligned in memory and do not share pages with
 * each other. Plain C, no allocation; host-tested.
 */
#ifndef BASALT_LIB_ELF_H
#define BASALT_LIB_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"

#define ELF_MAX_SEGMENTS 16

#define ELF_SEG_R 4u   /* PF_R */
#define ELF_SEG_W 2u   /* PF_W */
#define ELF_SEG_X 1u   /* PF_X */

typedef struct elf_segment {
	uint64_t vaddr;      /* page-aligned */
	uint64_t memsz;      /* bytes mapped (rounded up to pages by loaders) */
	uint64_t offset;     /* file offset of the first byte */
	uint64_t filesz;     /* bytes that come from the file; the rest is zero */
	uint32_t flags;      /* ELF_SEG_* */
} elf_segment_t;

typedef struct elf_image {
	const uint8_t *data;
	size_t size;
	uint64_t entry;
	uint64_t vbase, vend;     /* lowest and highest mapped addresses (page-aligned) */
	uint32_t segment_count;
	elf_segment_t segments[ELF_MAX_SEGMENTS];
} elf_image_t;

bool elf_open(elf_image_t *out, const void *data, size_t size, uint64_t user_top, diag_t *diag);

#endif
