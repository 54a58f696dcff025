/*
 * What deleting a cap does to its object (delete.c calls these).
 */
#ifndef BASALT_KERNEL_OBJECT_FINALISE_H
#define BASALT_KERNEL_OBJECT_FINALISE_H

#include "core/exception.h"
#include "object/cap.h"

/* The cap in `slot` is being deleted; `final`: it is the last cap to its
 * object. Undo what the cap (or the object) still does: wake waiters,
 * unmap, release an ASID. Caps to CNodes and TCBs never come here as final
 * (delete.c empties their slots through a zombie). May be preempted. */
exception_t finalise_cap(cte_t *slot, bool final);

/* Before a TCB's slots are emptied: suspend it and cut its links. */
void finalise_tcb_prepare(const cap_t *tcb_cap);

#endif
