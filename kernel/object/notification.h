/*
 * Notifications: asynchronous signals (64 bytes). A signal ORs its badge
 * into the word; a waiter receives the word and clears it. A notification
 * can be bound to one TCB, so that the thread's Recv on an endpoint also
 * returns when the notification is signalled.
 */
#ifndef BASALT_KERNEL_OBJECT_NOTIFICATION_H
#define BASALT_KERNEL_OBJECT_NOTIFICATION_H

#include "core/exception.h"
#include "object/tcb.h"

#define NOTIFICATION_TAG 0x4e544e4642534142ull   /* "BASBFNTN" */

typedef enum ntfn_state {
	NTFN_IDLE = 0,
	NTFN_WAITING = 1,    /* queue holds waiters */
	NTFN_ACTIVE = 2,     /* word holds signals nobody took yet */
} ntfn_state_t;

typedef struct notification {
	uint64_t tag;
	uint64_t state;
	uint64_t word;
	tcb_t *head, *tail;
	tcb_t *bound;
	uint64_t pad[2];
} notification_t;

_Static_assert(sizeof(notification_t) <= (1u << BASALT_NOTIFICATION_BITS), "notification fits");

notification_t *notification_at(uint64_t pa);
void notification_init(uint64_t pa);
void notification_dequeue(uint64_t pa, tcb_t *t);

void notification_signal(uint64_t pa, uint64_t badge);
void notification_wait(tcb_t *t, uint64_t pa, bool blocking);

/* A pending signal for a thread about to receive on an endpoint: if the
 * thread's bound notification is active, deliver it and return true. */
bool notification_take_bound(tcb_t *t);

void notification_bind(uint64_t pa, tcb_t *t);
void notification_unbind(uint64_t pa);

/* The last cap is going: wake every waiter (INVALID_CAPABILITY), unbind. */
exception_t notification_finalise(uint64_t pa);

#endif
