/*
 * Capability lookup: resolving a capability pointer in a CSpace.
 *
 * A CSpace is a tree of CNodes. Resolving `n` bits of a pointer from a CNode
 * cap with radix r and guard g of size s consumes the top s bits (they must
 * equal g), then the next r bits index a slot. If bits remain and the slot
 * holds a CNode cap, resolution continues there; otherwise it stops. Every
 * level consumes at least one bit (radix >= 1), so a lookup takes at most 64
 * steps, with no recursion.
 */
#ifndef BASALT_KERNEL_OBJECT_CSPACE_H
#define BASALT_KERNEL_OBJECT_CSPACE_H

#include "basalt/errors.h"
#include "object/cap.h"

/* Why a lookup failed, as user space is told (errors.h). */
typedef struct lookup_fault {
	uint8_t type;         /* basalt_lookup_failure_t */
	uint8_t bits_left;    /* bits not yet resolved */
	uint8_t bits_needed;  /* depth mismatch: bits the CNode needed; guard: guard size */
	uint64_t guard_found; /* guard mismatch: the guard bits the pointer had */
} lookup_fault_t;

typedef struct lookup_result {
	cte_t *slot;          /* NULL on failure */
	unsigned bits_left;   /* bits not consumed when a non-CNode cap ended the walk */
	lookup_fault_t fault;
} lookup_result_t;

/* Resolve `depth` bits of `cptr` starting from the CNode cap `root`. */
lookup_result_t cspace_resolve(const cap_t *root, basalt_cptr_t cptr, unsigned depth);

/* The slot that `depth` bits of `cptr` name exactly (CNode operations:
 * resolution must consume all of them). */
lookup_result_t cspace_lookup_slot_exact(const cap_t *root, basalt_cptr_t cptr, unsigned depth);

#endif
