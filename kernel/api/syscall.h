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
 * up: the rest of what handle_syscall() does for it. True when it stopped
 * at a preemption point (the caller takes the interrupt; the call
 * restarts). */
bool syscall_call_object(tcb_t *t, cte_t *slot);

/* The debug/test system calls; false if `number` is not one of them (or
 * this is a release build and it is debug-only). */
bool handle_debug_syscall(tcb_t *t, uint64_t number);

#endif
