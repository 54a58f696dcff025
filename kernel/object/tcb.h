/*
 * Thread control blocks.
 *
 * A TCB is a 2 KiB object (BASALT_TCB_BITS) made by retype. It holds the
 * thread's registers, five capability slots of its own (so the objects a
 * running thread depends on cannot vanish under it: deleting the last other
 * cap to its CNode leaves the TCB's copy), and its scheduling and IPC state.
 *
 *   slots[TCB_SLOT_CTABLE]      CSpace root (a CNode cap)
 *   slots[TCB_SLOT_VTABLE]      VSpace root (a top-level page-table cap)
 *   slots[TCB_SLOT_IPC_BUFFER]  frame holding the IPC buffer
 *   slots[TCB_SLOT_REPLY]       the master reply cap (parent of reply caps
 *                               that point at this thread)
 *   slots[TCB_SLOT_CALLER]      the one-shot reply cap received by Call
 */
#ifndef BASALT_KERNEL_OBJECT_TCB_H
#define BASALT_KERNEL_OBJECT_TCB_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/riscv/context.h"
#include "basalt/objects.h"
#include "core/kmem.h"
#include "object/cap.h"

#define TCB_SLOT_CTABLE     0
#define TCB_SLOT_VTABLE     1
#define TCB_SLOT_IPC_BUFFER 2
#define TCB_SLOT_REPLY      3
#define TCB_SLOT_CALLER     4
#define TCB_SLOTS           5

#define TCB_TAG 0x0042435442534142ull   /* "BASBTCB\0": names the object in memory */
#define TCB_NAME_MAX 32

typedef enum thread_state {
	THREAD_INACTIVE = 0,         /* not runnable, not waiting: never started or suspended */
	THREAD_RUNNING,              /* runnable (queued, or current) */
	THREAD_BLOCKED_ON_RECEIVE,   /* waiting on an endpoint */
	THREAD_BLOCKED_ON_SEND,      /* waiting on an endpoint to take its message */
	THREAD_BLOCKED_ON_REPLY,     /* sent a Call or a fault; waits for the reply */
	THREAD_BLOCKED_ON_NOTIFICATION,
	THREAD_IDLE,                 /* the per-hart idle thread */
} thread_state_t;

typedef struct tcb tcb_t;

struct tcb {
	arch_context_t ctx;          /* must stay first: user_entry.S */
	uint64_t tag;
	cte_t slots[TCB_SLOTS];

	/* Scheduling */
	uint8_t state;               /* thread_state_t */
	uint8_t priority;
	uint8_t mcp;                 /* maximum controlled priority */
	uint8_t hart;                /* the hart whose queues it lives on */
	uint8_t queued;              /* on its hart's ready queue */
	uint8_t pad0[3];
	uint32_t time_slice;         /* ticks left */
	tcb_t *sched_next, *sched_prev;

	/* IPC */
	uint64_t blocked_on;         /* endpoint / notification (pa) it waits on */
	uint64_t ipc_badge;          /* sender: badge of the cap it sent on */
	uint8_t ipc_can_grant;       /* sender: its cap had the grant right */
	uint8_t ipc_can_grant_reply; /* sender: its cap had grant-reply */
	uint8_t ipc_is_call;
	uint8_t fpu_used;            /* has saved FP state worth restoring */
	tcb_t *ep_next, *ep_prev;    /* endpoint / notification wait queue */
	uint64_t bound_ntfn;         /* bound notification (pa) or 0 */
	basalt_cptr_t fault_handler; /* endpoint cptr in its own CSpace, 0 = none */
	uint64_t ipc_buffer_vaddr;
	uint64_t syscall_pc;         /* the ecall of the system call in progress (restarts) */

	/* The fault being delivered, and the last one (debugging) */
	uint64_t fault_type;
	uint64_t fault_words[4];
	uint64_t last_fault_type;
	uint64_t last_fault_words[4];
	uint64_t last_fault_pc;      /* where it faulted (ctx.pc moves on once handled) */

	char name[TCB_NAME_MAX];
};

_Static_assert(sizeof(struct tcb) <= (1u << BASALT_TCB_BITS), "TCB fits its object");

static inline tcb_t *tcb_from_pa(uint64_t pa)
{
	return (tcb_t *)phys_to_virt(pa);
}

#endif
