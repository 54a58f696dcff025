/*
 * The relations between capabilities (cap.c), as seL4 defines them:
 *
 *   same region   `b` names memory/authority inside what `a` names: an
 *                 untyped covers every object made from it; otherwise the
 *                 same object (decides who can be whose parent)
 *   same object   both name one object (decides finalisation: deleting the
 *                 last cap to an object destroys it)
 *   revocable     a new cap derived from `source` is the root of a new
 *                 subtree: untyped, a newly badged endpoint/notification,
 *                 an IRQ handler issued by IRQ control
 */
#ifndef BASALT_KERNEL_OBJECT_CAP_RULES_H
#define BASALT_KERNEL_OBJECT_CAP_RULES_H

#include "basalt/errors.h"
#include "object/cap.h"

bool cap_same_region(const cap_t *a, const cap_t *b);
bool cap_same_object(const cap_t *a, const cap_t *b);
bool cap_is_revocable(const cap_t *derived, const cap_t *source);

/* The cap a copy of `c` gets (frames: unmapped). A null cap with *err set
 * when `c` cannot be copied: ILLEGAL_OPERATION for an untyped (never
 * copied, see cap.c) or an unmapped page table; a null cap with BASALT_OK
 * for caps that simply do not copy (zombie, reply, IRQ control).
 * `has_children` is no longer consulted (it was for untyped). */
cap_t cap_derive(const cap_t *c, bool has_children, basalt_error_t *err);

/* `c` with its rights reduced to `rights` (types without rights: as is). */
cap_t cap_mask_rights(const cap_t *c, unsigned rights);

/* Mint/Mutate's data word: a badge (endpoint, notification: only when not
 * yet badged and not `preserve`), a guard (CNode: basalt_cnode_guard()).
 * Null when the change is not allowed. */
cap_t cap_update_data(const cap_t *c, uint64_t data, bool preserve);

#endif
