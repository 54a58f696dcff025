/*
 * How a kernel operation ended, inside the kernel.
 *
 *   EXC_NONE           done
 *   EXC_SYSCALL_ERROR  the user asked for something invalid: the syserr_t
 *                      that came with it says what (it becomes the reply)
 *   EXC_PREEMPTED      a long operation stopped at a preemption point with
 *                      an interrupt pending; its progress is recorded in
 *                      the objects, and the system call restarts later
 *   EXC_FAULT          the thread faulted (its fault is recorded in the TCB)
 */
#ifndef BASALT_KERNEL_EXCEPTION_H
#define BASALT_KERNEL_EXCEPTION_H

typedef enum exception {
	EXC_NONE = 0,
	EXC_SYSCALL_ERROR,
	EXC_PREEMPTED,
	EXC_FAULT,
} exception_t;

#endif
