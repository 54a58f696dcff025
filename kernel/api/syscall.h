/* System calls from threads (syscall.c) and the debug ones (debug_syscall.c). */
#ifndef BASALT_KERNEL_API_SYSCALL_H
#define BASALT_KERNEL_API_SYSCALL_H

#include "core/exception.h"
#include "object/tcb.h"

/* `t` (the current thread) executed ecall: its registers are saved.
 * True if the call stopped at a preemption point (an interrupt is pending;
 * the call restarts when the thread next runs). */
bool handle_syscall(tcb_t *t);

/* A Call of the kernel object whose cap is in `slot` (not an endpoint,
 * notification or reply cap), which the Call fast path has already looked
 * up: the rest of what handle_syscall() and trap_from_thread() do for it,
 * up to the return to user space (a call stopped at a preemption point
 * takes the interrupt and restarts later). */
void syscall_call_object(tcb_t *t, cte_t *slot) __attribute__((noreturn));

/* Back to user space (thread_trap.c). */
void kernel_exit(void) __attribute__((noreturn));

/* The debug/test system calls; false if `number` is not one of them (or
 * this is a release build and it is debug-only). */
bool handle_debug_syscall(tcb_t *t, uint64_t number);

#endif
