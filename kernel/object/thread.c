/*
 * Thread state changes (see thread.h).
 */
#include "object/thread.h"

#include "arch/riscv/csr.h"
#include "arch/riscv/fpu.h"
#include "basalt/syscall.h"
#include "core/kmem.h"
#include "object/cdt.h"
#include "object/endpoint.h"
#include "object/notification.h"
#include "sched/sched.h"

void thread_init(tcb_t *t)
{
	t->tag = TCB_TAG;
	t->state = THREAD_INACTIVE;
	t->time_slice = SCHED_TIME_SLICE;
	t->hart = 0;
	/* U-mode, interrupts on once it runs, FPU off until first used. */
	t->ctx.sstatus = SSTATUS_SPIE;
	/* The master reply cap: parent of the reply caps that point here.
	 * It has no place under any untyped, so it goes at the head of the
	 * derivation list (see cdt.h). */
	cdt_insert_root(&cdt_root, &t->slots[TCB_SLOT_REPLY],
			cap_reply(virt_to_phys(t), true, true));
}

void thread_set_state(tcb_t *t, thread_state_t state)
{
	t->state = (uint8_t)state;
	if (state != THREAD_RUNNING) {
		sched_dequeue(t);
		/* With a thread already chosen to run next (a woken IPC
		 * partner), the scheduler weighs it against the queues; else
		 * it must choose. */
		if (t == sched_current() && sched_here()->action == NULL)
			sched_reschedule_required();
	}
}

void thread_wake(tcb_t *t)
{
	t->state = THREAD_RUNNING;
	sched_possible_switch_to(t);
}

/* The reply cap a thread blocked on reply is owed lives in its server's
 * caller slot, as the child of the thread's master reply cap. */
static void drop_outstanding_reply(tcb_t *t)
{
	cte_t *master = &t->slots[TCB_SLOT_REPLY];
	cte_t *child = master->next;

	if (child != NULL && child->cap.type == CAP_REPLY && cdt_is_parent_of(master, child))
		cdt_remove(child);
}

void thread_cancel_ipc(tcb_t *t)
{
	switch (t->state) {
	case THREAD_BLOCKED_ON_SEND:
	case THREAD_BLOCKED_ON_RECEIVE:
		endpoint_dequeue(t->blocked_on, t);
		break;
	case THREAD_BLOCKED_ON_NOTIFICATION:
		notification_dequeue(t->blocked_on, t);
		break;
	case THREAD_BLOCKED_ON_REPLY:
		t->fault_type = 0;
		drop_outstanding_reply(t);
		break;
	default:
		return;
	}
	t->blocked_on = 0;
	thread_set_state(t, THREAD_INACTIVE);
}

void thread_suspend(tcb_t *t)
{
	thread_cancel_ipc(t);
	thread_set_state(t, THREAD_INACTIVE);
}

void thread_resume(tcb_t *t)
{
	if (t->state != THREAD_INACTIVE)
		return;
	t->time_slice = SCHED_TIME_SLICE;
	thread_set_state(t, THREAD_RUNNING);
	sched_enqueue(t);
	sched_reschedule_required();
}

void thread_prepare_delete(tcb_t *t)
{
	if (t->bound_ntfn != 0)
		notification_unbind(t->bound_ntfn);
	thread_suspend(t);
	fpu_forget(t);
}
