/*
 * Making objects: their sizes, and turning zeroed memory into one.
 *
 * Sizes (bytes = 1 << bits, naturally aligned):
 *   TCB 2 KiB, endpoint 32 B, notification 64 B, CNode 64 B per slot,
 *   frame 4 KiB / 2 MiB / 1 GiB, page table 4 KiB, ASID pool 4 KiB,
 *   untyped 2^size_bits (16 B .. 128 TiB).
 * docs/capabilities.md has the table and why each size is what it is.
 */
#ifndef BASALT_KERNEL_OBJECT_OBJECTS_H
#define BASALT_KERNEL_OBJECT_OBJECTS_H

#include <stdbool.h>

#include "basalt/objects.h"
#include "object/cap.h"

/* The size in bits of an object of `type` with the retype's size_bits
 * argument `user_bits` (used by untyped and CNodes only). The caller has
 * checked both. */
unsigned object_bits(basalt_object_type_t type, unsigned user_bits);

/* Frames are the only objects device memory can become (and untyped). */
static inline bool object_is_frame(basalt_object_type_t type)
{
	return type == BASALT_OBJ_FRAME_4K || type == BASALT_OBJ_FRAME_2M ||
	       type == BASALT_OBJ_FRAME_1G;
}

/* Objects whose memory the kernel must zero before anyone sees it (all but
 * untyped, which is zeroed lazily when it is retyped, and device frames). */
static inline bool object_needs_zero(basalt_object_type_t type, bool device)
{
	return type != BASALT_OBJ_UNTYPED && !device;
}

/* Initialise the object at `pa` (already zeroed where needed) and return
 * its original cap. `clean` is, for a new untyped, how many of its bytes
 * are known to be zero. */
cap_t object_create(basalt_object_type_t type, uint64_t pa, unsigned user_bits, bool device,
		    uint64_t clean);

#endif
