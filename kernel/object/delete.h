/*
 * Deleting and revoking capabilities.
 *
 * slot_delete() removes one cap; if it was the last cap to its object the
 * object is finalised (a TCB suspended, an endpoint's waiters woken, a frame
 * unmapped, a CNode's contents deleted, ...). slot_revoke() deletes every
 * descendant of a cap. Both can take time proportional to what user space
 * built, so both stop at preemption points (EXC_PREEMPTED) with their
 * progress recorded in the objects; calling them again continues.
 *
 * Deleting a CNode or TCB (objects that hold caps) uses zombies: the last
 * cap becomes a ZOMBIE cap that empties the object's slots one by one. A
 * slot holding another final CNode/TCB cap is not handled by recursion:
 * the two slots trade caps, the inner object is finished first in the slot
 * being deleted, and its zombie remembers (`resume`) where the outer zombie
 * waits. Kernel stack use is constant however deep or cyclic the CSpace.
 */
#ifndef BASALT_KERNEL_OBJECT_DELETE_H
#define BASALT_KERNEL_OBJECT_DELETE_H

#include "core/exception.h"
#include "object/cap.h"

exception_t slot_delete(cte_t *slot);
exception_t slot_revoke(cte_t *slot);

/* Delete a cap known not to need long finalisation (a reply cap, a cap in
 * a slot being cleared for the kernel's own use). Never preempted. */
void slot_delete_one(cte_t *slot);

#endif
