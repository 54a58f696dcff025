/*
 * TCB invocations (argument layouts in basalt/invocation.h and
 * basalt/context.h), with seL4's checks:
 *  - Configure / SetSpace / SetIPCBuffer install copies of the given caps
 *    in the TCB's own slots. The old caps are deleted first (which may be
 *    preempted, and may even delete the new caps' sources or the TCB
 *    itself: each new cap goes in only if its source still holds it).
 *  - SetPriority / SetMCPriority: the value may not exceed the maximum
 *    controlled priority of the authority TCB passed as cap 0.
 *  - Read/Write/CopyRegisters may not target the calling thread.
 */
#include "object/tcb_invoke.h"

#include "arch/riscv/vspace.h"
#include "basalt/context.h"
#include "basalt/invocation.h"
#include "object/cap_rules.h"
#include "object/cdt.h"
#include "object/delete.h"
#include "object/notification.h"
#include "object/thread.h"
#include "sched/sched.h"

static uint64_t get_context_word(const tcb_t *t, unsigned i)
{
	return i == 0 ? t->ctx.pc : ctx_get(&t->ctx, i);
}

static void set_context_word(tcb_t *t, unsigned i, uint64_t v)
{
	if (i == 0)
		t->ctx.pc = v;
	else
		ctx_set(&t->ctx, i, v);
}

static exception_t decode_read_registers(invocation_t *inv, tcb_t *t)
{
	basalt_word_t flags, count;

	if (inv->length < 2)
		return syserr_set(&inv->err, BASALT_TRUNCATED_MESSAGE);
	flags = inv_arg(inv, 0);
	count = inv_arg(inv, 1);
	if (count < 1 || count > BASALT_CONTEXT_WORDS)
		return syserr_range(&inv->err, 1, BASALT_CONTEXT_WORDS);
	if (t == inv->thread)
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
	if (flags & BASALT_TCB_SUSPEND_SOURCE)
		thread_suspend(t);
	for (unsigned i = 0; i < count; i++)
		inv_set_result(inv, i, get_context_word(t, i));
	return EXC_NONE;
}

static exception_t decode_write_registers(invocation_t *inv, tcb_t *t)
{
	basalt_word_t flags, count;

	if (inv->length < 2)
		return syserr_set(&inv->err, BASALT_TRUNCATED_MESSAGE);
	flags = inv_arg(inv, 0);
	count = inv_arg(inv, 1);
	if (count < 1 || count > BASALT_CONTEXT_WORDS)
		return syserr_range(&inv->err, 1, BASALT_CONTEXT_WORDS);
	if (inv->length - 2 < count)
		return syserr_set(&inv->err, BASALT_TRUNCATED_MESSAGE);
	if (t == inv->thread)
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
	for (unsigned i = 0; i < count; i++)
		set_context_word(t, i, inv_arg(inv, 2 + i));
	if (flags & BASALT_TCB_RESUME_TARGET)
		thread_resume(t);
	return EXC_NONE;
}

static exception_t decode_copy_registers(invocation_t *inv, tcb_t *t)
{
	static const unsigned frame_regs[] = { 0, 1, 2, 3, 4, 8, 9, 18, 19, 20, 21, 22, 23, 24,
					       25, 26, 27 };
	static const unsigned integer_regs[] = { 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 28,
						 29, 30, 31 };
	basalt_word_t flags;
	tcb_t *src;

	if (inv->length < 1 || inv->extra_count < 1)
		return syserr_set(&inv->err, BASALT_TRUNCATED_MESSAGE);
	if (inv_extra(inv, 0)->cap.type != CAP_TCB)
		return syserr_invalid_cap(&inv->err, 1);
	flags = inv_arg(inv, 0);
	src = tcb_from_pa(inv_extra(inv, 0)->cap.obj);
	if (t == inv->thread || src == inv->thread)
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
	if (flags & BASALT_TCB_SUSPEND_SOURCE)
		thread_suspend(src);
	if (flags & BASALT_TCB_COPY_FRAME) {
		for (unsigned i = 0; i < sizeof(frame_regs) / sizeof(frame_regs[0]); i++)
			set_context_word(t, frame_regs[i], get_context_word(src, frame_regs[i]));
	}
	if (flags & BASALT_TCB_COPY_INTEGER) {
		for (unsigned i = 0; i < sizeof(integer_regs) / sizeof(integer_regs[0]); i++)
			set_context_word(t, integer_regs[i], get_context_word(src, integer_regs[i]));
	}
	if (flags & BASALT_TCB_RESUME_TARGET)
		thread_resume(t);
	return EXC_NONE;
}

/* A new CSpace root: the cap with `data` applied (a guard), derived. */
static exception_t check_cspace(invocation_t *inv, const cte_t *slot, basalt_word_t data,
				cap_t *out)
{
	cap_t c = slot->cap;
	basalt_error_t why;

	if (data != 0)
		c = cap_update_data(&c, data, false);
	c = cap_derive(&c, cdt_has_children(slot), &why);
	if (c.type != CAP_CNODE)
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
	*out = c;
	return EXC_NONE;
}

static exception_t check_vspace(invocation_t *inv, const cte_t *slot, cap_t *out)
{
	basalt_error_t why;
	cap_t c = cap_derive(&slot->cap, cdt_has_children(slot), &why);

	if (!vspace_cap_is_root(&c))
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
	*out = c;
	return EXC_NONE;
}

static exception_t check_buffer(invocation_t *inv, const cte_t *slot, basalt_word_t vaddr,
				cap_t *out)
{
	basalt_error_t why;
	cap_t c;

	if (vaddr & (BASALT_IPC_BUFFER_SIZE - 1))
		return syserr_set(&inv->err, BASALT_ALIGNMENT_ERROR);
	c = cap_derive(&slot->cap, cdt_has_children(slot), &why);
	if (c.type != CAP_FRAME || cap_is_device(&c))
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
	*out = c;
	return EXC_NONE;
}

/* Replace the TCB's own slot `index` with `cap` copied from `src`. */
static exception_t install(tcb_t *t, const cte_t *tcb_slot, unsigned index, cap_t cap, cte_t *src)
{
	cte_t *own = &t->slots[index];
	exception_t ex = slot_delete(own);

	if (ex != EXC_NONE)
		return ex;
	/* The deletion may have destroyed the source, or the TCB itself. */
	if (src != NULL && cap_same_object(&cap, &src->cap) && tcb_slot->cap.type == CAP_TCB &&
	    tcb_slot->cap.obj == virt_to_phys(t))
		cdt_insert(src, own, cap);
	return EXC_NONE;
}

static exception_t decode_set_space(invocation_t *inv, tcb_t *t, basalt_word_t fault_ep,
				    basalt_word_t cspace_data, cte_t *cspace_src, cte_t *vspace_src,
				    bool with_buffer, basalt_word_t buffer, cte_t *buffer_src)
{
	cap_t cspace, vspace, frame = cap_null();
	exception_t ex;

	ex = check_cspace(inv, cspace_src, cspace_data, &cspace);
	if (ex == EXC_NONE)
		ex = check_vspace(inv, vspace_src, &vspace);
	if (ex == EXC_NONE && with_buffer && buffer_src != NULL)
		ex = check_buffer(inv, buffer_src, buffer, &frame);
	if (ex != EXC_NONE)
		return ex;

	t->fault_handler = fault_ep;
	ex = install(t, inv->slot, TCB_SLOT_CTABLE, cspace, cspace_src);
	if (ex == EXC_NONE)
		ex = install(t, inv->slot, TCB_SLOT_VTABLE, vspace, vspace_src);
	if (ex == EXC_NONE && with_buffer) {
		t->ipc_buffer_vaddr = buffer;
		ex = install(t, inv->slot, TCB_SLOT_IPC_BUFFER, frame, buffer_src);
	}
	if (ex == EXC_NONE && t == sched_current())
		sched_reschedule_required();   /* reactivate: its address space may have changed */
	return ex;
}

static exception_t decode_set_ipc_buffer(invocation_t *inv, tcb_t *t)
{
	basalt_word_t vaddr;
	cap_t frame = cap_null();
	cte_t *src = NULL;
	exception_t ex;

	if (inv->length < 1)
		return syserr_set(&inv->err, BASALT_TRUNCATED_MESSAGE);
	vaddr = inv_arg(inv, 0);
	if (vaddr != 0) {
		if (inv->extra_count < 1)
			return syserr_set(&inv->err, BASALT_TRUNCATED_MESSAGE);
		src = inv_extra(inv, 0);
		ex = check_buffer(inv, src, vaddr, &frame);
		if (ex != EXC_NONE)
			return ex;
	}
	t->ipc_buffer_vaddr = vaddr;
	return install(t, inv->slot, TCB_SLOT_IPC_BUFFER, frame, src);
}

static exception_t check_priority(invocation_t *inv, basalt_word_t prio, unsigned auth_index)
{
	const cap_t *auth = &inv_extra(inv, auth_index)->cap;
	tcb_t *a;

	if (auth->type != CAP_TCB)
		return syserr_invalid_cap(&inv->err, auth_index + 1);
	a = tcb_from_pa(auth->obj);
	if (prio > a->mcp)
		return syserr_range(&inv->err, 0, a->mcp);
	return EXC_NONE;
}

static void set_priority(tcb_t *t, unsigned prio)
{
	bool queued = t->queued;

	if (queued)
		sched_dequeue(t);
	t->priority = (uint8_t)prio;
	if (queued)
		sched_enqueue(t);
	/* Someone may now outrank the current thread, or it may outrank them. */
	sched_reschedule_required();
}

static exception_t decode_priority(invocation_t *inv, tcb_t *t)
{
	unsigned need = inv->label == BASALT_INV_TCB_SET_SCHED_PARAMS ? 2 : 1;
	basalt_word_t a, b = 0;
	exception_t ex;

	if (inv->length < need || inv->extra_count < 1)
		return syserr_set(&inv->err, BASALT_TRUNCATED_MESSAGE);
	a = inv_arg(inv, 0);
	if (need == 2)
		b = inv_arg(inv, 1);
	ex = check_priority(inv, a, 0);
	if (ex == EXC_NONE && need == 2)
		ex = check_priority(inv, b, 0);
	if (ex != EXC_NONE)
		return ex;
	switch (inv->label) {
	case BASALT_INV_TCB_SET_PRIORITY:
		set_priority(t, (unsigned)a);
		break;
	case BASALT_INV_TCB_SET_MC_PRIORITY:
		t->mcp = (uint8_t)a;
		break;
	default:
		t->mcp = (uint8_t)a;
		set_priority(t, (unsigned)b);
		break;
	}
	return EXC_NONE;
}

static exception_t decode_bind(invocation_t *inv, tcb_t *t)
{
	const cap_t *n;
	notification_t *ntfn;

	if (inv->extra_count < 1)
		return syserr_set(&inv->err, BASALT_TRUNCATED_MESSAGE);
	n = &inv_extra(inv, 0)->cap;
	if (n->type != CAP_NOTIFICATION)
		return syserr_invalid_cap(&inv->err, 1);
	ntfn = notification_at(n->obj);
	if (!(n->rights & BASALT_RIGHT_READ) || t->bound_ntfn != 0 || ntfn->bound != NULL ||
	    ntfn->state == NTFN_WAITING)
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
	notification_bind(n->obj, t);
	return EXC_NONE;
}

exception_t decode_tcb_invocation(invocation_t *inv)
{
	tcb_t *t = tcb_from_pa(inv->cap.obj);

	switch (inv->label) {
	case BASALT_INV_TCB_READ_REGISTERS:
		return decode_read_registers(inv, t);
	case BASALT_INV_TCB_WRITE_REGISTERS:
		return decode_write_registers(inv, t);
	case BASALT_INV_TCB_COPY_REGISTERS:
		return decode_copy_registers(inv, t);
	case BASALT_INV_TCB_CONFIGURE:
		if (inv->length < 3 || inv->extra_count < 3)
			return syserr_set(&inv->err, BASALT_TRUNCATED_MESSAGE);
		return decode_set_space(inv, t, inv_arg(inv, 0), inv_arg(inv, 1), inv_extra(inv, 0),
					inv_extra(inv, 1), true, inv_arg(inv, 2),
					inv_arg(inv, 2) != 0 ? inv_extra(inv, 2) : NULL);
	case BASALT_INV_TCB_SET_SPACE:
		if (inv->length < 2 || inv->extra_count < 2)
			return syserr_set(&inv->err, BASALT_TRUNCATED_MESSAGE);
		return decode_set_space(inv, t, inv_arg(inv, 0), inv_arg(inv, 1), inv_extra(inv, 0),
					inv_extra(inv, 1), false, 0, NULL);
	case BASALT_INV_TCB_SET_IPC_BUFFER:
		return decode_set_ipc_buffer(inv, t);
	case BASALT_INV_TCB_SET_PRIORITY:
	case BASALT_INV_TCB_SET_MC_PRIORITY:
	case BASALT_INV_TCB_SET_SCHED_PARAMS:
		return decode_priority(inv, t);
	case BASALT_INV_TCB_SUSPEND:
		thread_suspend(t);
		return EXC_NONE;
	case BASALT_INV_TCB_RESUME:
		thread_resume(t);
		return EXC_NONE;
	case BASALT_INV_TCB_BIND_NOTIFICATION:
		return decode_bind(inv, t);
	case BASALT_INV_TCB_UNBIND_NOTIFICATION:
		if (t->bound_ntfn == 0)
			return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
		notification_unbind(t->bound_ntfn);
		return EXC_NONE;
	case BASALT_INV_TCB_SET_TLS_BASE:
		if (inv->length < 1)
			return syserr_set(&inv->err, BASALT_TRUNCATED_MESSAGE);
		ctx_set(&t->ctx, REG_TP, inv_arg(inv, 0));
		return EXC_NONE;
	default:
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
	}
}
