/*
 * IRQ control and handlers (see irq.h).
 *
 * Per line the kernel keeps whether a handler cap exists, whether the line
 * is in service (claimed, not yet acked), and a slot holding a copy of the
 * notification cap it signals. The slots are the kernel's own (not in any
 * CNode) but on the derivation tree like every other slot, so deleting or
 * revoking the notification's caps reaches the copy too.
 */
#include "object/irq.h"

#include "basalt/invocation.h"
#include "object/cap_rules.h"
#include "object/cdt.h"
#include "object/cnode.h"
#include "object/delete.h"
#include "object/notification.h"

#define IRQ_MAX 1024

static intc_t *controller;
static bool issued[IRQ_MAX];
static bool in_service[IRQ_MAX];
static cte_t ntfn_slots[IRQ_MAX];

void irq_init(intc_t *intc)
{
	controller = intc;
}

static uint32_t irq_lines(void)
{
	if (controller == NULL)
		return 0;
	return controller->sources < IRQ_MAX - 1 ? controller->sources : IRQ_MAX - 1;
}

void irq_handle_external(void)
{
	uint32_t irq;

	if (controller == NULL)
		return;
	while ((irq = controller->claim(controller->state)) != 0) {
		if (irq > irq_lines() || !issued[irq]) {
			/* Nobody owns it: keep it off. */
			controller->disable(controller->state, irq);
			controller->complete(controller->state, irq);
			continue;
		}
		/* Masked (claimed, not completed) until the driver acks. */
		in_service[irq] = true;
		if (ntfn_slots[irq].cap.type == CAP_NOTIFICATION)
			notification_signal(ntfn_slots[irq].cap.obj, cap_badge(&ntfn_slots[irq].cap));
	}
}

exception_t decode_irq_control(invocation_t *inv)
{
	basalt_word_t irq;
	cte_t *dest;
	exception_t ex;

	if (inv->label != BASALT_INV_IRQ_ISSUE_HANDLER)
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
	if (inv->length < 3 || inv->extra_count < 1)
		return syserr_set(&inv->err, BASALT_TRUNCATED_MESSAGE);
	irq = inv_arg(inv, 0);
	if (irq_lines() == 0)
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
	if (irq < 1 || irq > irq_lines())
		return syserr_range(&inv->err, 1, irq_lines());
	if (issued[irq])
		return syserr_set(&inv->err, BASALT_REVOKE_FIRST);
	ex = cnode_lookup_slot(&inv->err, &inv_extra(inv, 0)->cap, inv_arg(inv, 1), inv_arg(inv, 2),
			       false, &dest);
	if (ex != EXC_NONE)
		return ex;
	if (!cap_is_null(&dest->cap))
		return syserr_set(&inv->err, BASALT_DELETE_FIRST);

	issued[irq] = true;
	in_service[irq] = false;
	cdt_insert_new(inv->slot, dest, cap_irq_handler((uint32_t)irq));
	controller->enable(controller->state, (uint32_t)irq);
	return EXC_NONE;
}

exception_t decode_irq_handler(invocation_t *inv)
{
	uint32_t irq = inv->cap.word32;
	cte_t *slot = &ntfn_slots[irq];

	switch (inv->label) {
	case BASALT_INV_IRQ_ACK:
		if (in_service[irq]) {
			in_service[irq] = false;
			controller->complete(controller->state, irq);
		}
		return EXC_NONE;
	case BASALT_INV_IRQ_SET_NOTIFICATION: {
		const cte_t *src;
		exception_t ex;

		if (inv->extra_count < 1)
			return syserr_set(&inv->err, BASALT_TRUNCATED_MESSAGE);
		src = inv_extra(inv, 0);
		if (src->cap.type != CAP_NOTIFICATION || !(src->cap.rights & BASALT_RIGHT_WRITE))
			return syserr_invalid_cap(&inv->err, 1);
		ex = slot_delete(slot);
		if (ex != EXC_NONE)
			return ex;
		cdt_insert((cte_t *)src, slot, src->cap);
		return EXC_NONE;
	}
	case BASALT_INV_IRQ_CLEAR:
		return slot_delete(slot);
	default:
		return syserr_set(&inv->err, BASALT_ILLEGAL_OPERATION);
	}
}

exception_t irq_handler_finalise(uint32_t irq)
{
	exception_t ex;

	if (irq == 0 || irq > irq_lines())
		return EXC_NONE;
	ex = slot_delete(&ntfn_slots[irq]);
	if (ex != EXC_NONE)
		return ex;
	controller->disable(controller->state, irq);
	if (in_service[irq])
		controller->complete(controller->state, irq);
	in_service[irq] = false;
	issued[irq] = false;
	return EXC_NONE;
}
