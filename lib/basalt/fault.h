/*
 * Fault messages: what a thread's fault handler receives when the thread
 * faults. The thread stops; the handler gets an IPC (on the endpoint the
 * thread's TCB names, with the badge of that endpoint capability) whose
 * label is the fault type and whose message registers are listed here.
 * Replying resumes the thread: it retries the faulting instruction (VM and
 * capability faults) or continues at the pc the reply gives (exceptions,
 * unknown system calls). A thread with no usable handler is suspended and
 * the kernel logs one line.
 */
#ifndef BASALT_ABI_FAULT_H
#define BASALT_ABI_FAULT_H

typedef enum basalt_fault_type {
	BASALT_FAULT_NONE = 0,
	BASALT_FAULT_CAP = 1,             /* a capability lookup for IPC failed */
	BASALT_FAULT_UNKNOWN_SYSCALL = 2, /* ecall with an unknown number */
	BASALT_FAULT_USER_EXCEPTION = 3,  /* illegal instruction, misaligned, breakpoint ... */
	BASALT_FAULT_VM = 5,              /* page fault or access fault */
} basalt_fault_type_t;

/* VM fault: MR0 pc, MR1 faulting address, MR2 1 if an instruction fetch,
 * MR3 raw scause, MR4 access (BASALT_ACCESS_*). Length 5. */
enum { BASALT_VM_FAULT_PC, BASALT_VM_FAULT_ADDR, BASALT_VM_FAULT_PREFETCH,
       BASALT_VM_FAULT_CAUSE, BASALT_VM_FAULT_ACCESS, BASALT_VM_FAULT_LENGTH };
#define BASALT_ACCESS_READ  1u
#define BASALT_ACCESS_WRITE 2u
#define BASALT_ACCESS_EXEC  4u

/* User exception: MR0 pc, MR1 sp, MR2 raw scause, MR3 stval. Length 4.
 * The reply (length >= 2) sets pc = MR0 and sp = MR1. */
enum { BASALT_EXC_PC, BASALT_EXC_SP, BASALT_EXC_CAUSE, BASALT_EXC_VALUE, BASALT_EXC_LENGTH };

/* Unknown system call: MR0 pc, MR1 sp, MR2 ra, MR3..MR10 a0..a7 (a7 is the
 * number). Length 11. The reply (length >= 11) writes them back. */
enum { BASALT_SYSCALL_FAULT_PC, BASALT_SYSCALL_FAULT_SP, BASALT_SYSCALL_FAULT_RA,
       BASALT_SYSCALL_FAULT_A0, BASALT_SYSCALL_FAULT_LENGTH = BASALT_SYSCALL_FAULT_A0 + 8 };

/* Capability fault: MR0 pc, MR1 the capability pointer, MR2 1 if it
 * happened in the receive phase, MR3.. the lookup failure as in errors.h
 * (type, bits left, ...). Length 7. */
enum { BASALT_CAP_FAULT_PC, BASALT_CAP_FAULT_ADDR, BASALT_CAP_FAULT_IN_RECV,
       BASALT_CAP_FAULT_LOOKUP, BASALT_CAP_FAULT_LENGTH = BASALT_CAP_FAULT_LOOKUP + 4 };

#endif
