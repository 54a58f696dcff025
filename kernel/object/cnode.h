/* CNode invocations (cnode.c) and the slot lookup other decoders share. */
#ifndef BASALT_KERNEL_OBJECT_CNODE_H
#define BASALT_KERNEL_OBJECT_CNODE_H

#include "api/invocation.h"

/* The slot (index, depth) names from the CNode cap `root`: depth must be
 * 1..64 (RANGE_ERROR) and resolve exactly (FAILED_LOOKUP, with `source`
 * telling which side of an operation failed). */
exception_t cnode_lookup_slot(syserr_t *err, const cap_t *root, basalt_cptr_t index,
			      basalt_word_t depth, bool source, cte_t **out);

exception_t decode_cnode_invocation(invocation_t *inv);

#endif
