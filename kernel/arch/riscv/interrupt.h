/*
 * Interrupts as the kernel sees them: the timer (the kernel keeps it) and,
 * later, the platform interrupt controller's lines for user drivers.
 * The kernel itself always runs with interrupts off; they are taken only
 * while a thread runs, or between the units of a long operation (see
 * core/preempt.h).
 */
#ifndef BASALT_ARCH_RISCV_INTERRUPT_H
#define BASALT_ARCH_RISCV_INTERRUPT_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/riscv/csr.h"

#define SIP_STIP (1ull << 5)
#define SIP_SEIP (1ull << 9)
#define SIE_STIE SIP_STIP
#define SIE_SEIE SIP_SEIP
#define IRQ_S_TIMER 5
#define IRQ_S_EXTERNAL 9

/* An enabled interrupt is waiting. */
static inline bool interrupt_pending(void)
{
	return (csr_read(sip) & csr_read(sie)) != 0;
}

/* Handle the interrupt a trap reported (scause without its top bit). */
void interrupt_handle(uint64_t cause);

/* Handle whatever is pending now (after a preempted operation). */
void interrupt_handle_pending(void);

/* ---- the timer (timer.c) ---- */

/* Tick every `period_ticks` ticks of the timebase (board_timebase_ticks()),
 * through the Sstc stimecmp register when the hart has it, else SBI TIME. */
void timer_init(uint64_t period_ticks, bool sstc);

/* Whether the time CSR changes at all within a bounded number of reads
 * (before timer_init(): a firmware without a timer device leaves it
 * still). */
bool timer_advances(void);
void timer_tick(void);
uint64_t timer_ticks(void);
bool timer_uses_sstc(void);

#endif
