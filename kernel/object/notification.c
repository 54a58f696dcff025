/*
 * Notifications (see notification.h), following seL4's sendSignal /
 * receiveSignal. Receiving returns the accumulated word as the badge
 * (a0) with an empty message (a1 = 0).
 */
#include "object/notification.h"

#include "basalt/errors.h"
#include "core/kmem.h"
#include "core/preempt.h"
#include "object/endpoint.h"
#include "object/thread.h"

notification_t *notification_at(uint64_t pa)
{
	return (notification_t *)phys_to_virt(pa);
}

void notification_init(uint64_t pa)
{
	notification_at(pa)->tag = NOTIFICATION_TAG;
}

static void enqueue(notification_t *n, uint64_t pa, tcb_t *t)
{
	t->ep_next = NULL;
	t->ep_prev = n->tail;
	if (n->tail != NULL)
		n->tail->ep_next = t;
	else
		n->head = t;
	n->tail = t;
	n->state = NTFN_WAITING;
	t->blocked_on = pa;
}

void notification_dequeue(uint64_t pa, tcb_t *t)
{
	notification_t *n = notification_at(pa);

	if (t->ep_prev != NULL)
		t->ep_prev->ep_next = t->ep_next;
	else
		n->head = t->ep_next;
	if (t->ep_next != NULL)
		t->ep_next->ep_prev = t->ep_prev;
	else
		n->tail = t->ep_prev;
	t->ep_next = t->ep_prev = NULL;
	if (n->head == NULL && n->state == NTFN_WAITING)
		n->state = NTFN_IDLE;
}

static void deliver(tcb_t *t, uint64_t word)
{
	t->blocked_on = 0;
	thread_set_badge(t, word);
	thread_set_msginfo(t, 0);
	thread_set_status(t, BASALT_OK);
	thread_wake(t);
}

void notification_signal(uint64_t pa, uint64_t badge)
{
	notification_t *n = notification_at(pa);

	switch (n->state) {
	case NTFN_IDLE: {
		tcb_t *b = n->bound;

		/* A bound thread waiting on an endpoint takes the signal. */
		if (b != NULL && b->state == THREAD_BLOCKED_ON_RECEIVE) {
			endpoint_dequeue(b->blocked_on, b);
			deliver(b, badge);
			return;
		}
		n->state = NTFN_ACTIVE;
		n->word = badge;
		return;
	}
	case NTFN_WAITING: {
		tcb_t *t = n->head;

		notification_dequeue(pa, t);
		deliver(t, badge);
		return;
	}
	default:
		n->word |= badge;
		return;
	}
}

void notification_wait(tcb_t *t, uint64_t pa, bool blocking)
{
	notification_t *n = notification_at(pa);

	thread_set_status(t, BASALT_OK);
	thread_set_msginfo(t, 0);
	if (n->state == NTFN_ACTIVE) {
		thread_set_badge(t, n->word);
		n->word = 0;
		n->state = NTFN_IDLE;
		return;
	}
	if (!blocking) {
		thread_set_badge(t, 0);
		return;
	}
	thread_set_state(t, THREAD_BLOCKED_ON_NOTIFICATION);
	enqueue(n, pa, t);
}

bool notification_take_bound(tcb_t *t)
{
	notification_t *n;

	if (t->bound_ntfn == 0)
		return false;
	n = notification_at(t->bound_ntfn);
	if (n->state != NTFN_ACTIVE)
		return false;
	thread_set_badge(t, n->word);
	thread_set_msginfo(t, 0);
	n->word = 0;
	n->state = NTFN_IDLE;
	return true;
}

void notification_bind(uint64_t pa, tcb_t *t)
{
	notification_at(pa)->bound = t;
	t->bound_ntfn = pa;
}

void notification_unbind(uint64_t pa)
{
	notification_t *n = notification_at(pa);

	if (n->bound != NULL)
		n->bound->bound_ntfn = 0;
	n->bound = NULL;
}

exception_t notification_finalise(uint64_t pa)
{
	notification_t *n = notification_at(pa);

	notification_unbind(pa);
	while (n->head != NULL) {
		tcb_t *t = n->head;
		exception_t ex;

		notification_dequeue(pa, t);
		t->blocked_on = 0;
		thread_set_badge(t, 0);
		thread_set_msginfo(t, 0);
		thread_set_status(t, BASALT_INVALID_CAPABILITY);
		thread_wake(t);
		ex = preemption_point();
		if (ex != EXC_NONE)
			return ex;
	}
	return EXC_NONE;
}
