/*
 * Message transfer (see ipc.h), with seL4's rules:
 *  - message registers: min(sent length, 120); the first four travel in
 *    registers, the rest need IPC buffers at both ends (without one the
 *    message is cut to four);
 *  - extra caps: only with the grant right. A cap to the very endpoint the
 *    message goes through is "unwrapped": the receiver gets its badge
 *    instead. At most one cap is copied into the receiver's receive slot
 *    (it must be empty); transfer stops at the first cap that cannot go.
 */
#include "object/ipc.h"

#include "basalt/errors.h"
#include "basalt/fault.h"
#include "object/cap_rules.h"
#include "object/cdt.h"
#include "object/cspace.h"
#include "object/delete.h"
#include "object/fault.h"
#include "object/thread.h"

/* The slot the receiver asked caps to go to, if it is usable and empty. */
static cte_t *receive_slot(tcb_t *receiver, const basalt_ipc_buffer_t *buf)
{
	lookup_result_t r;
	cap_t cnode;

	if (buf == NULL)
		return NULL;
	r = cspace_resolve_word(&receiver->slots[TCB_SLOT_CTABLE].cap, buf->receive_cnode);
	if (r.slot == NULL)
		return NULL;
	cnode = r.slot->cap;
	if (buf->receive_depth == 0 || buf->receive_depth > BASALT_WORD_BITS)
		return NULL;
	r = cspace_lookup_slot_exact(&cnode, buf->receive_index, (unsigned)buf->receive_depth);
	if (r.slot == NULL || !cap_is_null(&r.slot->cap))
		return NULL;
	return r.slot;
}

static unsigned transfer_caps(tcb_t *sender, const basalt_ipc_buffer_t *sbuf, unsigned count,
			      tcb_t *receiver, basalt_ipc_buffer_t *rbuf, uint64_t ep_pa,
			      unsigned *unwrapped)
{
	cte_t *dest = receive_slot(receiver, rbuf);
	unsigned done = 0;

	*unwrapped = 0;
	if (sbuf == NULL || rbuf == NULL)
		return 0;
	for (unsigned i = 0; i < count; i++) {
		lookup_result_t r = cspace_resolve_word(&sender->slots[TCB_SLOT_CTABLE].cap,
							sbuf->caps_or_badges[i]);
		basalt_error_t why;
		cap_t c;

		if (r.slot == NULL || cap_is_null(&r.slot->cap))
			break;
		c = r.slot->cap;
		if (c.type == CAP_ENDPOINT && c.obj == ep_pa && ep_pa != 0) {
			rbuf->caps_or_badges[i] = cap_badge(&c);
			*unwrapped |= 1u << i;
		} else {
			cap_t d;

			if (dest == NULL)
				break;
			d = cap_derive(&c, cdt_has_children(r.slot), &why);
			if (cap_is_null(&d))
				break;
			cdt_insert(r.slot, dest, d);
			dest = NULL;
		}
		done++;
	}
	return done;
}

void ipc_transfer(tcb_t *sender, tcb_t *receiver, uint64_t ep_pa, uint64_t badge, bool grant)
{
	basalt_ipc_buffer_t *rbuf = thread_ipc_buffer(receiver);
	basalt_msginfo_t info;
	unsigned length, caps = 0, unwrapped = 0;

	if (sender->fault_type != BASALT_FAULT_NONE) {
		length = fault_write_message(sender, receiver, rbuf);
		info = basalt_msginfo(sender->fault_type, 0, 0, length);
	} else {
		basalt_ipc_buffer_t *sbuf = thread_ipc_buffer(sender);
		basalt_msginfo_t sent = ctx_get(&sender->ctx, REG_A1);
		unsigned limit = (sbuf != NULL && rbuf != NULL) ? BASALT_MSG_MAX_LENGTH :
								  BASALT_MSG_REGISTERS;

		length = basalt_msginfo_length(sent);
		if (length > limit)
			length = limit;
		for (unsigned i = 0; i < length; i++)
			thread_set_mr(receiver, rbuf, i, thread_get_mr(sender, sbuf, i));
		if (grant)
			caps = transfer_caps(sender, sbuf, basalt_msginfo_extra_caps(sent), receiver,
					     rbuf, ep_pa, &unwrapped);
		info = basalt_msginfo(basalt_msginfo_label(sent), unwrapped, caps, length);
	}
	thread_set_msginfo(receiver, info);
	thread_set_badge(receiver, badge);
	thread_set_status(receiver, BASALT_OK);
}

void ipc_setup_reply(tcb_t *caller, tcb_t *receiver, bool can_grant)
{
	cte_t *master = &caller->slots[TCB_SLOT_REPLY];
	cte_t *slot = &receiver->slots[TCB_SLOT_CALLER];

	thread_set_state(caller, THREAD_BLOCKED_ON_REPLY);
	/* The receiver emptied its caller slot when it started to receive. */
	if (!cap_is_null(&slot->cap))
		ipc_delete_caller_cap(receiver);
	cdt_insert(master, slot, cap_reply(master->cap.obj, false, can_grant));
}

void ipc_delete_caller_cap(tcb_t *t)
{
	slot_delete_one(&t->slots[TCB_SLOT_CALLER]);
}

void ipc_do_reply(tcb_t *replier, cte_t *slot)
{
	tcb_t *target;
	bool grant;

	if (slot->cap.type != CAP_REPLY || (slot->cap.flags & CAP_FLAG_MASTER))
		return;
	target = (tcb_t *)tcb_from_pa(slot->cap.obj);
	grant = (slot->cap.rights & BASALT_RIGHT_GRANT) != 0;
	/* The cap is used up; remove it without waking anyone (finalising a
	 * reply cap would wake its target with an error). */
	cdt_remove(slot);
	if (target->state != THREAD_BLOCKED_ON_REPLY)
		return;
	if (target->fault_type == BASALT_FAULT_NONE) {
		ipc_transfer(replier, target, 0, 0, grant);
		thread_wake(target);
		return;
	}
	/* A fault reply: the handler's message decides how the thread goes on. */
	if (fault_handle_reply(target, replier))
		thread_wake(target);
	else
		thread_set_state(target, THREAD_INACTIVE);
	target->fault_type = BASALT_FAULT_NONE;
}
