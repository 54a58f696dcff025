/*
 * Interrupts for user-level drivers: IRQControl and IRQHandler caps with
 * seL4's semantics.
 *
 *   IRQControl_IssueHandler(irq, root, index, depth)  at most one handler
 *                     cap per line (REVOKE_FIRST if one exists); enables it
 *   IRQHandler_SetNotification(ntfn)  where the interrupt is delivered: a
 *                     Signal with the notification cap's badge
 *   IRQHandler_Clear  no notification any more
 *   IRQHandler_Ack    the driver has handled it: the line may fire again
 *
 * An interrupt that fires is claimed from the controller and signalled; the
 * line stays masked (claimed, not completed) until the driver acks. One
 * without a notification stays masked too, until acked. The timer is not a
 * controller line: the kernel keeps it. Deleting the last handler cap
 * disables the line and drops its notification.
 */
#ifndef BASALT_KERNEL_OBJECT_IRQ_H
#define BASALT_KERNEL_OBJECT_IRQ_H

#include "api/invocation.h"
#include "platform/intc.h"

/* The controller the kernel drives (NULL: the board has none we drive). */
void irq_init(intc_t *intc);

/* A supervisor external interrupt: claim and signal every pending line. */
void irq_handle_external(void);

exception_t decode_irq_control(invocation_t *inv);
exception_t decode_irq_handler(invocation_t *inv);

/* The last handler cap for `irq` is being deleted. May be preempted
 * (deleting its notification cap). */
exception_t irq_handler_finalise(uint32_t irq);

#endif
