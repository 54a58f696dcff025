/*
 * Capability lookup (see cspace.h). The walk reads only CNode caps it has
 * just checked, so a pointer from user space can name any bits it likes:
 * the worst it gets is a lookup fault.
 */
#include "object/cspace.h"

#include "core/kmem.h"

static uint64_t low_bits(uint64_t v, unsigned n)
{
	return n >= 64 ? v : v & ((1ull << n) - 1);
}

lookup_result_t cspace_resolve(const cap_t *root, basalt_cptr_t cptr, unsigned depth)
{
	lookup_result_t r = { 0 };
	cap_t node = *root;
	unsigned n = depth > BASALT_WORD_BITS ? BASALT_WORD_BITS : depth;

	if (node.type != CAP_CNODE) {
		r.fault.type = BASALT_LOOKUP_INVALID_ROOT;
		return r;
	}
	for (;;) {
		unsigned radix = cap_cnode_radix(&node);
		unsigned guard_bits = cap_cnode_guard_bits(&node);
		unsigned level = radix + guard_bits;
		uint64_t guard;
		cte_t *slot;

		/* The guard is the top guard_bits of the n bits left. */
		if (guard_bits > n) {
			r.fault = (lookup_fault_t){ BASALT_LOOKUP_GUARD_MISMATCH, (uint8_t)n,
						    (uint8_t)guard_bits, low_bits(cptr, n) };
			return r;
		}
		guard = guard_bits == 0 ? 0 : low_bits(cptr >> (n - guard_bits), guard_bits);
		if (guard != cap_cnode_guard(&node)) {
			r.fault = (lookup_fault_t){ BASALT_LOOKUP_GUARD_MISMATCH, (uint8_t)n,
						    (uint8_t)guard_bits, guard };
			return r;
		}
		if (level > n) {
			r.fault = (lookup_fault_t){ BASALT_LOOKUP_DEPTH_MISMATCH, (uint8_t)n,
						    (uint8_t)level, 0 };
			return r;
		}
		slot = (cte_t *)phys_to_virt(node.obj) + low_bits(cptr >> (n - level), radix);
		n -= level;
		if (n == 0 || slot->cap.type != CAP_CNODE) {
			r.slot = slot;
			r.bits_left = n;
			return r;
		}
		node = slot->cap;
	}
}

lookup_result_t cspace_lookup_slot_exact(const cap_t *root, basalt_cptr_t cptr, unsigned depth)
{
	lookup_result_t r = cspace_resolve(root, cptr, depth);

	if (r.slot != NULL && r.bits_left != 0) {
		/* A non-CNode cap ended the walk before `depth` bits were used. */
		r.fault = (lookup_fault_t){ BASALT_LOOKUP_DEPTH_MISMATCH, (uint8_t)r.bits_left, 0, 0 };
		r.slot = NULL;
	}
	return r;
}
