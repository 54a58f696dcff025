/*
 * System calls (basalt/syscall.h): IPC, invocations of kernel objects,
 * Yield. Every path ends with the thread's result registers written (or
 * the thread blocked), never with a kernel error: user input reaches no
 * assertion. A call preempted at a preemption point restarts: its pc goes
 * back to the ecall.
 */
#include "api/syscall.h"

#include "api/invocation.h"
#include "arch/riscv/interrupt.h"
#include "arch/riscv/vspace.h"
#include "basalt/errors.h"
#include "basalt/fault.h"
#include "basalt/syscall.h"
#include "core/preempt.h"
#include "object/cspace.h"
#include "object/endpoint.h"
#include "object/fault.h"
#include "object/cnode.h"
#include "object/ipc.h"
#include "object/irq.h"
#include "object/notification.h"
#include "object/tcb_invoke.h"
#include "object/thread.h"
#include "object/untyped.h"
#include "sched/sched.h"

static void reply_error(tcb_t *t, basalt_ipc_buffer_t *buf, const syserr_t *e)
{
	uint64_t mr[5] = { 0 };
	unsigned n = 0;

	switch (e->code) {
	case BASALT_INVALID_ARGUMENT:
	case BASALT_INVALID_CAPABILITY:
	case BASALT_NOT_ENOUGH_MEMORY:
		mr[0] = e->detail[0];
		n = 1;
		break;
	case BASALT_RANGE_ERROR:
		mr[0] = e->detail[0];
		mr[1] = e->detail[1];
		n = 2;
		break;
	case BASALT_FAILED_LOOKUP:
		mr[0] = e->lookup_was_source;
		mr[1] = e->lookup.type;
		mr[2] = e->lookup.bits_left;
		mr[3] = e->lookup.type == BASALT_LOOKUP_GUARD_MISMATCH ? e->lookup.guard_found :
									  e->lookup.bits_needed;
		mr[4] = e->lookup.bits_needed;
		n = e->lookup.type == BASALT_LOOKUP_GUARD_MISMATCH ? 5 :
		    e->lookup.type == BASALT_LOOKUP_DEPTH_MISMATCH ? 4 :
		    e->lookup.type == BASALT_LOOKUP_MISSING_CAPABILITY ? 3 : 2;
		break;
	default:
		break;
	}
	if (n > BASALT_MSG_REGISTERS && buf == NULL)
		n = BASALT_MSG_REGISTERS;
	for (unsigned i = 0; i < n; i++)
		thread_set_mr(t, buf, i, mr[i]);
	thread_set_badge(t, 0);
	thread_set_msginfo(t, basalt_msginfo(e->code, 0, 0, n));
}

/* The IPC system call could not even start: say why in a6 (and, for a
 * Call, as the reply's label too, so invocation wrappers see it). */
static void syscall_failed(tcb_t *t, bool is_call, const syserr_t *e)
{
	if (is_call)
		reply_error(t, thread_ipc_buffer(t), e);
	else
		thread_set_badge(t, 0);
	thread_set_status(t, e->code);
}

static bool lookup_invoked(tcb_t *t, bool is_call, cte_t **slot)
{
	lookup_result_t r = cspace_resolve_word(&t->slots[TCB_SLOT_CTABLE].cap,
						ctx_get(&t->ctx, REG_A0));
	syserr_t e = { 0 };

	if (r.slot == NULL) {
		syserr_lookup(&e, false, r.fault);
		syscall_failed(t, is_call, &e);
		return false;
	}
	*slot = r.slot;
	return true;
}

static bool lookup_extra_caps(tcb_t *t, invocation_t *inv, basalt_msginfo_t info)
{
	unsigned n = basalt_msginfo_extra_caps(info);

	inv->extra_count = 0;
	if (inv->buffer == NULL)
		return true;
	for (unsigned i = 0; i < n; i++) {
		lookup_result_t r = cspace_resolve_word(&t->slots[TCB_SLOT_CTABLE].cap,
							inv->buffer->caps_or_badges[i]);

		if (r.slot == NULL) {
			syserr_lookup(&inv->err, false, r.fault);
			return false;
		}
		inv->extra[i] = r.slot;
		inv->extra_count = i + 1;
	}
	return true;
}

/* Dispatch by the invoked cap's type; inline, as every object invocation
 * comes through here. */
static inline exception_t decode_invocation(invocation_t *inv)
{
	switch (inv->cap.type) {
	case CAP_UNTYPED:
		return decode_untyped_invocation(inv);
	case CAP_CNODE:
		return decode_cnode_invocation(inv);
	case CAP_TCB:
		return decode_tcb_invocation(inv);
	case CAP_FRAME:
	case CAP_PAGE_TABLE:
	case CAP_ASID_CONTROL:
	case CAP_ASID_POOL:
		return decode_vspace_invocation(inv);
	case CAP_IRQ_CONTROL:
		return decode_irq_control(inv);
	case CAP_IRQ_HANDLER:
		return decode_irq_handler(inv);
	default:
		/* null, zombie: nothing to invoke */
		return syserr_invalid_cap(&inv->err, 0);
	}
}

/* Inline in both callers: the Call fast path's hand-over
 * (syscall_call_object()) is the common way in, and a call and a frame
 * here are a measurable part of a Frame_Map. */
static inline __attribute__((always_inline)) exception_t invoke_object(tcb_t *t, cte_t *slot,
								      bool is_call)
{
	basalt_msginfo_t info = ctx_get(&t->ctx, REG_A1);
	invocation_t inv;
	exception_t ex;

	/* Field by field, not `= { ... }`: zeroing the whole structure (the
	 * extra-cap array, the error) costs a Frame_Map a tenth of its
	 * instructions, and nothing reads those parts before writing them
	 * (extra_count bounds extra[], decoders set err before failing). */
	inv.thread = t;
	inv.slot = slot;
	inv.cap = slot->cap;
	inv.label = basalt_msginfo_label(info);
	inv.buffer = thread_ipc_buffer(t);
	inv.is_call = is_call;
	inv.result_length = 0;
	inv.err.code = BASALT_OK;
	inv.length = basalt_msginfo_length(info);
	if (inv.length > BASALT_MSG_MAX_LENGTH)
		inv.length = BASALT_MSG_MAX_LENGTH;
	if (inv.buffer == NULL && inv.length > BASALT_MSG_REGISTERS)
		inv.length = BASALT_MSG_REGISTERS;
	if (!lookup_extra_caps(t, &inv, info)) {
		if (is_call)
			reply_error(t, inv.buffer, &inv.err);
		thread_set_status(t, is_call ? BASALT_OK : inv.err.code);
		return EXC_NONE;
	}
	ex = decode_invocation(&inv);
	if (ex == EXC_PREEMPTED)
		return ex;
	/* A Send (no reply) learns the outcome from its status register. */
	thread_set_status(t, ex == EXC_SYSCALL_ERROR && !is_call ? inv.err.code : BASALT_OK);
	if (!is_call)
		return EXC_NONE;
	if (ex == EXC_SYSCALL_ERROR) {
		reply_error(t, inv.buffer, &inv.err);
	} else {
		thread_set_badge(t, 0);
		thread_set_msginfo(t, basalt_msginfo(0, 0, 0, inv.result_length));
	}
	return EXC_NONE;
}

static exception_t handle_send(tcb_t *t, bool is_call, bool blocking)
{
	syserr_t e = { 0 };
	cte_t *slot;
	cap_t cap;

	if (!lookup_invoked(t, is_call, &slot))
		return EXC_NONE;
	cap = slot->cap;
	switch (cap.type) {
	case CAP_ENDPOINT:
		if (!(cap.rights & BASALT_RIGHT_WRITE))
			break;
		endpoint_send(t, &cap, blocking, is_call);
		return EXC_NONE;
	case CAP_NOTIFICATION:
		if (!(cap.rights & BASALT_RIGHT_WRITE))
			break;
		notification_signal(cap.obj, cap_badge(&cap));
		thread_set_status(t, BASALT_OK);
		return EXC_NONE;
	case CAP_REPLY:
		ipc_do_reply(t, slot);
		thread_set_status(t, BASALT_OK);
		return EXC_NONE;
	default:
		return invoke_object(t, slot, is_call);
	}
	syserr_invalid_cap(&e, 0);
	syscall_failed(t, is_call, &e);
	return EXC_NONE;
}

static void handle_recv(tcb_t *t, bool blocking)
{
	syserr_t e = { 0 };
	cte_t *slot;
	cap_t cap;

	if (!lookup_invoked(t, false, &slot)) {
		thread_set_msginfo(t, 0);
		return;
	}
	cap = slot->cap;
	if (cap.type == CAP_ENDPOINT && (cap.rights & BASALT_RIGHT_READ)) {
		endpoint_receive(t, &cap, blocking);
		return;
	}
	if (cap.type == CAP_NOTIFICATION && (cap.rights & BASALT_RIGHT_READ) &&
	    (notification_at(cap.obj)->bound == NULL || notification_at(cap.obj)->bound == t)) {
		notification_wait(t, cap.obj, blocking);
		return;
	}
	syserr_invalid_cap(&e, 0);
	syscall_failed(t, false, &e);
	thread_set_msginfo(t, 0);
}

/* Entering a system call: the saved pc moves past the ecall, and a
 * preempted call goes back to it (syscall_done()). */
static inline void syscall_begin(tcb_t *t)
{
	t->ctx.pc += 4;
	t->syscall_pc = t->ctx.pc - 4;
	preemption_reset();
}

static inline bool syscall_done(tcb_t *t, exception_t ex)
{
	if (ex != EXC_PREEMPTED)
		return false;
	t->ctx.pc = t->syscall_pc;
	return true;
}

void syscall_call_object(tcb_t *t, cte_t *slot)
{
	syscall_begin(t);
	if (syscall_done(t, invoke_object(t, slot, true)))
		interrupt_handle_pending();
	kernel_exit();
}

bool handle_syscall(tcb_t *t)
{
	uint64_t number = ctx_get(&t->ctx, REG_A7);
	exception_t ex = EXC_NONE;

	/* The fast paths (fastpath.c) declined this one, or never saw it. */
	syscall_begin(t);
	switch (number) {
	case BASALT_SYS_CALL:
		ex = handle_send(t, true, true);
		break;
	case BASALT_SYS_SEND:
		ex = handle_send(t, false, true);
		break;
	case BASALT_SYS_NB_SEND:
		ex = handle_send(t, false, false);
		break;
	case BASALT_SYS_RECV:
		handle_recv(t, true);
		break;
	case BASALT_SYS_NB_RECV:
		handle_recv(t, false);
		break;
	case BASALT_SYS_REPLY:
		ipc_do_reply(t, &t->slots[TCB_SLOT_CALLER]);
		thread_set_status(t, BASALT_OK);
		break;
	case BASALT_SYS_REPLY_RECV:
		ipc_do_reply(t, &t->slots[TCB_SLOT_CALLER]);
		handle_recv(t, true);
		break;
	case BASALT_SYS_YIELD:
		sched_yield();
		break;
	default:
		if (handle_debug_syscall(t, number))
			break;
		t->ctx.pc = t->syscall_pc;
		fault_raise(t, BASALT_FAULT_UNKNOWN_SYSCALL, NULL);
		break;
	}
	return syscall_done(t, ex);
}
