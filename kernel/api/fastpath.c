/*
 * The IPC fast path: Call and ReplyRecv in the common case, where the
 * message fits in registers (at most 4 words, no caps), the partner is
 * already waiting, and the partner may run at once (its priority is at
 * least that of everything else runnable here). Then the kernel hands the
 * message over and switches straight to the partner without going through
 * the general IPC and scheduler paths.
 *
 * Every check below only decides whether the fast path applies; if any
 * fails, the slow path (syscall.c, endpoint.c, ipc.c) runs instead and is
 * the reference: the fast path must leave exactly the state the slow path
 * would. The in-QEMU IPC tests run with it on and off ("nofastpath" on the
 * kernel command line) to show they agree.
 */
#include "api/fastpath.h"

#include "basalt/errors.h"
#include "basalt/syscall.h"
#include "object/cdt.h"
#include "object/cspace.h"
#include "object/endpoint.h"
#include "object/notification.h"
#include "object/thread.h"
#include "sched/sched.h"

bool fastpath_enabled = true;

/* The endpoint cap `cptr` names in t's CSpace, or NULL. */
static const cap_t *endpoint_cap(tcb_t *t, uint64_t cptr)
{
	lookup_result_t r = cspace_resolve(&t->slots[TCB_SLOT_CTABLE].cap, cptr, BASALT_WORD_BITS);

	if (r.slot == NULL || r.slot->cap.type != CAP_ENDPOINT)
		return NULL;
	return &r.slot->cap;
}

/* Copy the register part of a message and say it arrived. */
static void deliver(tcb_t *from, tcb_t *to, basalt_msginfo_t info, uint64_t badge)
{
	for (unsigned i = 0; i < basalt_msginfo_length(info); i++)
		ctx_set(&to->ctx, REG_A2 + i, ctx_get(&from->ctx, REG_A2 + i));
	thread_set_msginfo(to, basalt_msginfo(basalt_msginfo_label(info), 0, 0,
					      basalt_msginfo_length(info)));
	thread_set_badge(to, badge);
	thread_set_status(to, BASALT_OK);
}

static bool fast_call(tcb_t *t, sched_hart_t *s)
{
	basalt_msginfo_t info = ctx_get(&t->ctx, REG_A1);
	const cap_t *cap;
	endpoint_t *ep;
	tcb_t *dest;

	if (basalt_msginfo_extra_caps(info) != 0 || basalt_msginfo_length(info) > BASALT_MSG_REGISTERS)
		return false;
	cap = endpoint_cap(t, ctx_get(&t->ctx, REG_A0));
	if (cap == NULL || !(cap->rights & BASALT_RIGHT_WRITE) ||
	    !(cap->rights & (BASALT_RIGHT_GRANT | BASALT_RIGHT_GRANT_REPLY)))
		return false;
	ep = endpoint_at(cap->obj);
	if (ep->state != EP_RECEIVERS)
		return false;
	dest = ep->head;
	/* The slow path would run the receiver at once only if nothing queued
	 * outranks it; everything queued is at most our priority. */
	if (dest->priority < t->priority || dest->hart != t->hart ||
	    !cap_is_null(&dest->slots[TCB_SLOT_CALLER].cap))
		return false;

	endpoint_dequeue(cap->obj, dest);
	dest->blocked_on = 0;
	deliver(t, dest, info, cap_badge(cap));
	thread_set_status(t, BASALT_OK);
	t->state = THREAD_BLOCKED_ON_REPLY;
	cdt_insert(&t->slots[TCB_SLOT_REPLY], &dest->slots[TCB_SLOT_CALLER],
		   cap_reply(virt_to_phys(t), false, dest->ipc_can_grant));
	sched_switch_now(dest);
	return true;
}

static bool fast_reply_recv(tcb_t *t, sched_hart_t *s)
{
	basalt_msginfo_t info = ctx_get(&t->ctx, REG_A1);
	cte_t *caller = &t->slots[TCB_SLOT_CALLER];
	const cap_t *cap;
	tcb_t *dest;

	if (basalt_msginfo_extra_caps(info) != 0 || basalt_msginfo_length(info) > BASALT_MSG_REGISTERS)
		return false;
	if (caller->cap.type != CAP_REPLY || (caller->cap.flags & CAP_FLAG_MASTER))
		return false;
	dest = tcb_from_pa(caller->cap.obj);
	if (dest->state != THREAD_BLOCKED_ON_REPLY || dest->fault_type != 0 || dest->hart != t->hart ||
	    (int)dest->priority < sched_highest_queued())
		return false;
	cap = endpoint_cap(t, ctx_get(&t->ctx, REG_A0));
	if (cap == NULL || !(cap->rights & BASALT_RIGHT_READ) ||
	    endpoint_at(cap->obj)->state == EP_SENDERS)
		return false;
	if (t->bound_ntfn != 0 && notification_at(t->bound_ntfn)->state == NTFN_ACTIVE)
		return false;

	cdt_remove(caller);
	deliver(t, dest, info, 0);
	thread_set_status(t, BASALT_OK);
	t->ipc_can_grant = (cap->rights & BASALT_RIGHT_GRANT) != 0;
	t->state = THREAD_BLOCKED_ON_RECEIVE;
	endpoint_enqueue(cap->obj, t, EP_RECEIVERS);
	sched_switch_now(dest);
	return true;
}

bool fastpath(tcb_t *t, uint64_t number)
{
	sched_hart_t *s = sched_here();

	/* Only with no scheduling decision pending and the caller running. */
	if (!fastpath_enabled || s->action != NULL || t->queued)
		return false;
	return number == BASALT_SYS_CALL ? fast_call(t, s) : fast_reply_recv(t, s);
}
