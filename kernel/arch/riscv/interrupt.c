/*
 * Interrupt dispatch (see interrupt.h): the timer is the kernel's; external
 * interrupts go to the IRQ layer, which signals user-level drivers.
 */
#include "arch/riscv/interrupt.h"

#include "object/irq.h"

void interrupt_handle(uint64_t cause)
{
	switch (cause) {
	case IRQ_S_TIMER:
		timer_tick();
		break;
	case IRQ_S_EXTERNAL:
		irq_handle_external();
		break;
	default:
		/* Not enabled, so not expected: mask it rather than loop. */
		csr_clear(sie, 1ull << cause);
		break;
	}
}

void interrupt_handle_pending(void)
{
	uint64_t pending = csr_read(sip) & csr_read(sie);

	if (pending & SIP_STIP)
		interrupt_handle(IRQ_S_TIMER);
	if (pending & SIP_SEIP)
		interrupt_handle(IRQ_S_EXTERNAL);
}
