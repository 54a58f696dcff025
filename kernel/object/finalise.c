/*
 * Finalisation by cap type (see finalise.h).
 */
#include "object/finalise.h"

#include "arch/riscv/vspace.h"
#include "basalt/errors.h"
#include "object/endpoint.h"
#include "object/irq.h"
#include "object/notification.h"
#include "object/thread.h"

/* A reply cap that goes away unused: the thread waiting for that reply
 * would wait forever, so it wakes with INVALID_CAPABILITY instead. (seL4
 * leaves it blocked; docs/ipc.md explains the difference.) */
static void reply_cap_lost(const cap_t *c)
{
	tcb_t *t;

	if (c->flags & CAP_FLAG_MASTER)
		return;
	t = tcb_from_pa(c->obj);
	if (t->state != THREAD_BLOCKED_ON_REPLY)
		return;
	if (t->fault_type != 0) {
		/* Its fault will never be answered: it stays stopped. */
		t->fault_type = 0;
		thread_set_state(t, THREAD_INACTIVE);
		return;
	}
	thread_set_badge(t, 0);
	thread_set_msginfo(t, 0);
	thread_set_status(t, BASALT_INVALID_CAPABILITY);
	thread_wake(t);
}

exception_t finalise_cap(cte_t *slot, bool final)
{
	const cap_t *c = &slot->cap;

	switch (c->type) {
	case CAP_ENDPOINT:
		return final ? endpoint_cancel_all(c->obj) : EXC_NONE;
	case CAP_NOTIFICATION:
		return final ? notification_finalise(c->obj) : EXC_NONE;
	case CAP_REPLY:
		reply_cap_lost(c);
		return EXC_NONE;
	case CAP_FRAME:
	case CAP_PAGE_TABLE:
	case CAP_ASID_POOL:
		return vspace_finalise_cap(slot, final);
	case CAP_IRQ_HANDLER:
		return final ? irq_handler_finalise(c->word32) : EXC_NONE;
	default:
		return EXC_NONE;
	}
}

void finalise_tcb_prepare(const cap_t *tcb_cap)
{
	thread_prepare_delete(tcb_from_pa(tcb_cap->obj));
}
