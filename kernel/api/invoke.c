/*
 * Invoking a capability: dispatch by type (see invocation.h).
 */
#include "api/invocation.h"

#include "arch/riscv/vspace.h"
#include "object/cnode.h"
#include "object/irq.h"
#include "object/tcb_invoke.h"
#include "object/thread.h"
#include "object/untyped.h"

void inv_set_result(invocation_t *inv, unsigned i, basalt_word_t value)
{
	if (i >= BASALT_MSG_REGISTERS && inv->buffer == NULL)
		return;
	thread_set_mr(inv->thread, inv->buffer, i, value);
	if (i + 1 > inv->result_length)
		inv->result_length = i + 1;
}

exception_t decode_invocation(invocation_t *inv)
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
