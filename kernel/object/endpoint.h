/*
 * Endpoints: rendezvous points for synchronous IPC (32 bytes).
 *
 * An endpoint is idle, or holds a FIFO queue of threads all waiting to
 * send, or all waiting to receive. The queue links live in the TCBs.
 */
#ifndef BASALT_KERNEL_OBJECT_ENDPOINT_H
#define BASALT_KERNEL_OBJECT_ENDPOINT_H

#include "core/exception.h"
#include "object/tcb.h"

#define ENDPOINT_TAG 0x0000504542534142ull   /* "BASBEP" */

typedef enum endpoint_state {
	EP_IDLE = 0,
	EP_SENDERS = 1,     /* queue holds senders */
	EP_RECEIVERS = 2,   /* queue holds receivers */
} endpoint_state_t;

typedef struct endpoint {
	uint64_t tag;
	uint64_t state;
	tcb_t *head, *tail;
} endpoint_t;

_Static_assert(sizeof(endpoint_t) <= (1u << BASALT_ENDPOINT_BITS), "endpoint fits its object");

endpoint_t *endpoint_at(uint64_t pa);
void endpoint_init(uint64_t pa);

void endpoint_enqueue(uint64_t ep_pa, tcb_t *t, endpoint_state_t state);
void endpoint_dequeue(uint64_t ep_pa, tcb_t *t);

/* Send on the endpoint `cap` names (IPC Send/NBSend/Call). */
void endpoint_send(tcb_t *sender, const cap_t *cap, bool blocking, bool is_call);

/* Receive on it (Recv/NBRecv; the bound notification is checked first). */
void endpoint_receive(tcb_t *receiver, const cap_t *cap, bool blocking);

/* Deleting the last cap: every waiter is woken with INVALID_CAPABILITY in
 * its status register. Preemptible (the queue can be long). */
exception_t endpoint_cancel_all(uint64_t ep_pa);

/* CNode_CancelBadgedSends: senders with this badge stop waiting (they see
 * INVALID_CAPABILITY). Preemptible. */
exception_t endpoint_cancel_badged_sends(uint64_t ep_pa, uint64_t badge);

#endif
