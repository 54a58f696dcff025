/*
 * Preemption points for long kernel operations.
 *
 * The kernel runs with interrupts off. Operations whose length the user
 * controls (revoke, deleting a CNode's contents, zeroing memory for a
 * retype, cancelling a long wait queue) call preemption_point() after
 * every unit of work. Every PREEMPT_WORK_UNITS units it looks for a pending
 * interrupt; if there is one it returns EXC_PREEMPTED, the operation
 * returns with its progress recorded in the objects themselves, and the
 * system call is restarted once the interrupt has been handled. So the
 * time the kernel runs with interrupts off is bounded by a constant, not
 * by what user space built.
 */
#ifndef BASALT_KERNEL_PREEMPT_H
#define BASALT_KERNEL_PREEMPT_H

#include "core/exception.h"

#define PREEMPT_WORK_UNITS 64

exception_t preemption_point(void);

/* Start counting afresh (at every kernel entry). */
void preemption_reset(void);

#endif
