/*
 * System calls and their register convention (RISC-V, `ecall` from U-mode).
 *
 *   a7       system call number (below)
 *   a0       in: capability pointer (endpoint, notification, object to
 *            invoke); out: the sender's badge (receive operations)
 *   a1       in and out: message-info word (message.h)
 *   a2..a5   message registers 0..3
 *   a6       out: status of the system call itself (errors.h): 0, or why
 *            the kernel could not do it (a capability pointer that does
 *            not resolve, a cap of the wrong type or without the right, an
 *            endpoint deleted while waiting). For an invocation of a
 *            kernel object the object's own error is the reply's label
 *            (Call), or the status (Send, which has no reply).
 *   pc       the kernel returns to the instruction after `ecall`; a call
 *            the kernel must restart (it was preempted) returns to the
 *            `ecall` itself, so user code must not depend on other
 *            registers changing before the call completes
 *
 * Every other register is preserved. Invocations of kernel objects are
 * Call (or Send, without a reply) on the object's capability; the reply's
 * label is the error code (errors.h).
 */
#ifndef BASALT_ABI_SYSCALL_H
#define BASALT_ABI_SYSCALL_H

enum basalt_syscall {
	BASALT_SYS_CALL = 1,        /* send, then wait for the reply (one-shot reply cap) */
	BASALT_SYS_REPLY_RECV = 2,  /* reply to the caller, then receive */
	BASALT_SYS_SEND = 3,        /* blocking send */
	BASALT_SYS_NB_SEND = 4,     /* send if a receiver waits, else drop */
	BASALT_SYS_RECV = 5,        /* blocking receive (endpoint or notification) */
	BASALT_SYS_REPLY = 6,       /* reply to the caller */
	BASALT_SYS_YIELD = 7,       /* give up the rest of the time slice */
	BASALT_SYS_NB_RECV = 8,     /* receive if a sender waits, else return */
	BASALT_SYS_NULL = 9,        /* does nothing: the cost of entering the kernel (benchmarks) */

	/* Debugging and testing; DEBUG_PUTCHAR exists in every build, the
	 * others in debug builds only (release builds treat them as unknown
	 * system calls, which fault). */
	BASALT_SYS_DEBUG_PUTCHAR = 32,     /* a0 = character, to the kernel console */
	BASALT_SYS_DEBUG_HALT = 33,        /* a0 = 0 success / 1 failure: power off */
	BASALT_SYS_DEBUG_CAP_IDENTIFY = 34,/* a0 = cptr; returns a0 = cap type (objects.h) */
	BASALT_SYS_DEBUG_NAME_THREAD = 35, /* a0 = TCB cptr, name in the IPC buffer's msg[] */
	BASALT_SYS_DEBUG_AUDIT = 36,       /* run the invariant audit; a0 = 0 clean, else failures */
	BASALT_SYS_DEBUG_CAP_INFO = 37,    /* a0 = cptr; a0.. = the cap's words (tests) */
	BASALT_SYS_DEBUG_PANIC = 38,       /* test builds: panic the kernel on purpose */
	BASALT_SYS_DEBUG_IRQOFF = 39,      /* a0 = reset?; returns a0 = the longest interrupts-off
	                                    * stretch in instructions, a1 = its kind (irqoff.h) */
};

#endif
