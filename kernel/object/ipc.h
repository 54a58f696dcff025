/*
 * Moving a message from one thread to another: message registers, extra
 * capabilities, and fault messages (which the kernel composes for a
 * faulting thread). Used by endpoints, replies and the fast path.
 */
#ifndef BASALT_KERNEL_OBJECT_IPC_H
#define BASALT_KERNEL_OBJECT_IPC_H

#include "object/tcb.h"

/* Deliver `sender`'s message (or its pending fault) to `receiver`, as
 * arriving through the endpoint at `ep_pa` (0 for a reply) with `badge`.
 * Caps travel only when `grant`. Sets the receiver's badge, msginfo and
 * status registers. */
void ipc_transfer(tcb_t *sender, tcb_t *receiver, uint64_t ep_pa, uint64_t badge, bool grant);

/* Call reached a receiver: block the caller on the reply and give the
 * receiver a one-shot reply cap to it. */
void ipc_setup_reply(tcb_t *caller, tcb_t *receiver, bool can_grant);

/* Reply/ReplyRecv: answer the thread the reply cap in `slot` points to. */
void ipc_do_reply(tcb_t *replier, cte_t *slot);

/* Drop the reply cap a thread holds in its caller slot (before it
 * receives again). The thread it pointed to wakes with an error. */
void ipc_delete_caller_cap(tcb_t *t);

#endif
