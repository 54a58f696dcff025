/*
 * The system-call fast paths (fastpath.c). The trap entry code
 * (user_entry.S) calls them straight after saving the thread's registers,
 * with the thread's a0 and a1 as arguments, for an ecall whose a7 is one
 * of the numbers below. Each either finishes the call and returns to a
 * thread itself, or hands it to the general path (trap_from_thread) with
 * nothing changed. None returns.
 */
#ifndef BASALT_KERNEL_API_FASTPATH_H
#define BASALT_KERNEL_API_FASTPATH_H

/* The system-call numbers the entry code dispatches on (basalt/syscall.h;
 * fastpath.c checks they agree). */
#define FASTPATH_SYS_CALL       1
#define FASTPATH_SYS_REPLY_RECV 2
#define FASTPATH_SYS_NULL       9
/* scause of an ecall from U-mode (csr.h's EXC_ECALL_U). */
#define FASTPATH_SCAUSE_ECALL_U 8

#ifndef __ASSEMBLY__
#include <stdbool.h>
#include <stdint.h>

/* False when "nofastpath" is on the kernel command line: Call and
 * ReplyRecv then always take the general path (the tests compare both). */
extern bool fastpath_enabled;

void fastpath_call(uint64_t cptr, uint64_t info) __attribute__((noreturn));
void fastpath_reply_recv(uint64_t cptr, uint64_t info) __attribute__((noreturn));
void fastpath_null(void) __attribute__((noreturn));

/* The current thread `t` faulted (fault_raise()'s arguments): deliver the
 * fault to a handler already waiting and switch to it, without returning;
 * or return, having changed nothing, for fault_raise() to do it. */
struct tcb;
void fastpath_fault(struct tcb *t, uint64_t type, const uint64_t words[4]);
#endif

#endif
