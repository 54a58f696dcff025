/*
 * Endpoint queues and the IPC rendezvous (see endpoint.h), following
 * seL4's sendIPC/receiveIPC. A thread that finds a partner transfers at
 * once; one that does not waits at the tail of the queue (or, for NB
 * variants, gives up). Call additionally blocks the caller on the reply
 * and hands the receiver a reply cap, when the caller's cap allows it
 * (grant or grant-reply); without either right a Call behaves as a Send
 * and the caller stops (seL4).
 */
#include "object/endpoint.h"

#include "basalt/errors.h"
#include "core/kmem.h"
#include "core/preempt.h"
#include "object/ipc.h"
#include "object/notification.h"
#include "object/thread.h"

endpoint_t *endpoint_at(uint64_t pa)
{
	return (endpoint_t *)phys_to_virt(pa);
}

void endpoint_init(uint64_t pa)
{
	endpoint_at(pa)->tag = ENDPOINT_TAG;
}

void endpoint_enqueue(uint64_t ep_pa, tcb_t *t, endpoint_state_t state)
{
	endpoint_t *ep = endpoint_at(ep_pa);

	t->ep_next = NULL;
	t->ep_prev = ep->tail;
	if (ep->tail != NULL)
		ep->tail->ep_next = t;
	else
		ep->head = t;
	ep->tail = t;
	ep->state = state;
	t->blocked_on = ep_pa;
}

void endpoint_dequeue(uint64_t ep_pa, tcb_t *t)
{
	endpoint_t *ep = endpoint_at(ep_pa);

	if (t->ep_prev != NULL)
		t->ep_prev->ep_next = t->ep_next;
	else
		ep->head = t->ep_next;
	if (t->ep_next != NULL)
		t->ep_next->ep_prev = t->ep_prev;
	else
		ep->tail = t->ep_prev;
	t->ep_next = t->ep_prev = NULL;
	if (ep->head == NULL)
		ep->state = EP_IDLE;
}

void endpoint_send(tcb_t *sender, const cap_t *cap, bool blocking, bool is_call)
{
	endpoint_t *ep = endpoint_at(cap->obj);
	bool grant = (cap->rights & BASALT_RIGHT_GRANT) != 0;
	bool grant_reply = (cap->rights & BASALT_RIGHT_GRANT_REPLY) != 0;

	/* A faulting thread's registers belong to its handler: leave them. */
	if (sender->fault_type == 0)
		thread_set_status(sender, BASALT_OK);
	if (ep->state != EP_RECEIVERS) {
		if (!blocking)
			return;
		sender->ipc_badge = cap_badge(cap);
		sender->ipc_can_grant = grant;
		sender->ipc_can_grant_reply = grant_reply;
		sender->ipc_is_call = is_call;
		thread_set_state(sender, THREAD_BLOCKED_ON_SEND);
		endpoint_enqueue(cap->obj, sender, EP_SENDERS);
		return;
	}

	tcb_t *receiver = ep->head;
	bool reply_grant = receiver->ipc_can_grant;

	endpoint_dequeue(cap->obj, receiver);
	receiver->blocked_on = 0;
	ipc_transfer(sender, receiver, cap->obj, cap_badge(cap), grant);
	thread_wake(receiver);
	if (is_call || sender->fault_type != 0) {
		if (grant || grant_reply)
			ipc_setup_reply(sender, receiver, reply_grant);
		else
			thread_set_state(sender, THREAD_INACTIVE);
	}
}

void endpoint_receive(tcb_t *receiver, const cap_t *cap, bool blocking)
{
	endpoint_t *ep = endpoint_at(cap->obj);

	thread_set_status(receiver, BASALT_OK);
	ipc_delete_caller_cap(receiver);
	if (notification_take_bound(receiver))
		return;
	if (ep->state != EP_SENDERS) {
		if (!blocking) {
			thread_set_badge(receiver, 0);
			thread_set_msginfo(receiver, 0);
			return;
		}
		receiver->ipc_can_grant = (cap->rights & BASALT_RIGHT_GRANT) != 0;
		thread_set_state(receiver, THREAD_BLOCKED_ON_RECEIVE);
		endpoint_enqueue(cap->obj, receiver, EP_RECEIVERS);
		return;
	}

	tcb_t *sender = ep->head;

	endpoint_dequeue(cap->obj, sender);
	sender->blocked_on = 0;
	ipc_transfer(sender, receiver, cap->obj, sender->ipc_badge, sender->ipc_can_grant);
	if (sender->ipc_is_call || sender->fault_type != 0) {
		if (sender->ipc_can_grant || sender->ipc_can_grant_reply)
			ipc_setup_reply(sender, receiver, (cap->rights & BASALT_RIGHT_GRANT) != 0);
		else
			thread_set_state(sender, THREAD_INACTIVE);
	} else {
		thread_wake(sender);
	}
}

/* Wake a waiter whose wait can no longer succeed: its system call
 * returns with INVALID_CAPABILITY in the status register. */
static void abort_wait(tcb_t *t)
{
	t->blocked_on = 0;
	if (t->fault_type != 0) {
		/* A fault message that can no longer be delivered: the thread
		 * stays stopped, as if it had no handler. */
		thread_set_state(t, THREAD_INACTIVE);
		return;
	}
	thread_set_badge(t, 0);
	thread_set_msginfo(t, 0);
	thread_set_status(t, BASALT_INVALID_CAPABILITY);
	thread_wake(t);
}

exception_t endpoint_cancel_all(uint64_t ep_pa)
{
	endpoint_t *ep = endpoint_at(ep_pa);

	while (ep->head != NULL) {
		tcb_t *t = ep->head;
		exception_t ex;

		endpoint_dequeue(ep_pa, t);
		abort_wait(t);
		ex = preemption_point();
		if (ex != EXC_NONE)
			return ex;
	}
	return EXC_NONE;
}

exception_t endpoint_cancel_badged_sends(uint64_t ep_pa, uint64_t badge)
{
	endpoint_t *ep = endpoint_at(ep_pa);
	tcb_t *t;

	if (ep->state != EP_SENDERS)
		return EXC_NONE;
	/* Restartable: cancelled threads leave the queue, so a restart
	 * simply walks what is left. */
	t = ep->head;
	while (t != NULL) {
		tcb_t *next = t->ep_next;
		exception_t ex;

		if (t->ipc_badge == badge) {
			endpoint_dequeue(ep_pa, t);
			abort_wait(t);
		}
		t = next;
		ex = preemption_point();
		if (ex != EXC_NONE)
			return ex;
	}
	return EXC_NONE;
}
