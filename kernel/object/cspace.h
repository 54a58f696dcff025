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
#include "core/kmem.h"
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

/* The slot all 64 bits of `cptr` name when the root CNode's guard and
 * radix take all 64 (the common layout: one level); NULL when the root is
 * not like that or the guard does not match (cspace_resolve() says why). */
static inline cte_t *cspace_lookup_one_level(const cap_t *root, basalt_cptr_t cptr)
{
	unsigned radix = root->bits;

	/* The guard is then the pointer's top 64 - radix bits (radix >= 1). */
	if (root->type != CAP_CNODE || radix + root->word32 != BASALT_WORD_BITS ||
	    (cptr >> radix) != root->w1)
		return NULL;
	return (cte_t *)phys_to_virt(root->obj) + (cptr & ((1ull << radix) - 1));
}

/* cspace_resolve(root, cptr, 64), inline for the one-level layout. */
static inline lookup_result_t cspace_resolve_word(const cap_t *root, basalt_cptr_t cptr)
{
	cte_t *slot = cspace_lookup_one_level(root, cptr);

	if (__builtin_expect(slot != NULL, 1)) {
		lookup_result_t r = { .slot = slot };
		return r;
	}
	return cspace_resolve(root, cptr, BASALT_WORD_BITS);
}

/* The slot that `depth` bits of `cptr` name exactly (CNode operations:
 * resolution must consume all of them). */
lookup_result_t cspace_lookup_slot_exact(const cap_t *root, basalt_cptr_t cptr, unsigned depth);

#endif
