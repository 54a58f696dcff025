/*
 * The capability derivation tree (CDT).
 *
 * Like seL4's mapping database, the tree is one doubly linked list of
 * slots in depth-first order. Slot `b` is a child of `a` when it follows
 * `a` and cdt_is_parent_of(a, b): `a` is revocable (an untyped, an object's
 * original cap, a newly badged endpoint/notification, an issued IRQ
 * handler) and `b` lies in `a`'s region (with badges: carries `a`'s badge
 * and is not itself the first of a new badge). All caps to one object are
 * therefore contiguous, which makes "is this the last cap to its object?"
 * an O(1) look at the two neighbours, and revoking a cap is "delete the
 * next slot while it is a descendant".
 *
 * Every cap knows its parent: cdt_parent() finds it (the nearest preceding
 * slot that is its parent); the audit checks the whole list, and the
 * debugger prints the tree from it. All slots ever given a cap are on one
 * list that starts at the kernel's sentinel slot (cdt_root), so the audit
 * can reach every capability in the system.
 */
#ifndef BASALT_KERNEL_OBJECT_CDT_H
#define BASALT_KERNEL_OBJECT_CDT_H

#include "object/cap.h"

/* The sentinel at the head of the one list (holds a null cap). */
extern cte_t cdt_root;

bool cdt_is_parent_of(const cte_t *a, const cte_t *b);

/* `slot` has at least one descendant. */
static inline bool cdt_has_children(const cte_t *slot)
{
	return slot->next != NULL && cdt_is_parent_of(slot, slot->next);
}

/* No other cap names the object `slot`'s cap names. */
bool cdt_is_final(const cte_t *slot);

/* The parent of `slot`'s cap, or NULL for a root (a boot cap, or a cap
 * whose ancestors were deleted). O(distance to it). */
cte_t *cdt_parent(const cte_t *slot);

/* Copy/Mint: `dest` (empty) gets `cap`, derived from `src`'s cap, placed
 * right after `src` (a child of `src` if the rules make it one). */
void cdt_insert(cte_t *src, cte_t *dest, cap_t cap);

/* Retype/MakePool/IssueIRQHandler: `dest` (empty) gets `cap`, a new
 * original cap that is a child of `parent`. */
void cdt_insert_new(cte_t *parent, cte_t *dest, cap_t cap);

/* Boot: `dest` gets `cap` as a root, after `after` on the list. */
void cdt_insert_root(cte_t *after, cte_t *dest, cap_t cap);

/* Move: `dest` (empty) takes `src`'s place in the tree with `cap`;
 * `src` becomes empty. */
void cdt_move(cte_t *src, cte_t *dest, cap_t cap);

/* Exchange two slots' caps and their places in the tree. */
void cdt_swap(cte_t *a, cte_t *b);

/* Take `slot` off the list and empty it (no finalisation: delete.c). */
void cdt_remove(cte_t *slot);

#endif
