/* Preemption points (see preempt.h). */
#include "core/preempt.h"

#include "arch/riscv/interrupt.h"
#include "debug/irqoff.h"

static unsigned work_done;

void preemption_reset(void)
{
	work_done = 0;
}

exception_t preemption_point(void)
{
	if (++work_done < PREEMPT_WORK_UNITS)
		return EXC_NONE;
	work_done = 0;
	if (BASALT_DEBUG)
		irqoff_poll();   /* an interrupt would be noticed here */
	return interrupt_pending() ? EXC_PREEMPTED : EXC_NONE;
}
