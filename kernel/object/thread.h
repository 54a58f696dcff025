/*
 * Thread state changes shared by IPC, TCB invocations and the scheduler.
 */
#ifndef BASALT_KERNEL_OBJECT_THREAD_H
#define BASALT_KERNEL_OBJECT_THREAD_H

#include "basalt/message.h"
#include "object/tcb.h"

/* A freshly made TCB (its memory is zero): inactive, priority 0, registers
 * set up for U-mode, its master reply cap in place. */
void thread_init(tcb_t *t);

static inline bool thread_is_runnable(const tcb_t *t)
{
	return t->state == THREAD_RUNNING;
}

static inline bool thread_is_blocked(const tcb_t *t)
{
	return t->state == THREAD_BLOCKED_ON_RECEIVE || t->state == THREAD_BLOCKED_ON_SEND ||
	       t->state == THREAD_BLOCKED_ON_REPLY || t->state == THREAD_BLOCKED_ON_NOTIFICATION;
}

/* Set the state and tell the scheduler (a current thread that blocks makes
 * it choose another). */
void thread_set_state(tcb_t *t, thread_state_t state);

/* Make `t` runnable and let the scheduler decide whether it runs now. */
void thread_wake(tcb_t *t);

/* Take `t` out of any wait (endpoint, notification, reply). */
void thread_cancel_ipc(tcb_t *t);

/* Stop `t`: no longer runnable or waiting (TCB_Suspend, deletion). */
void thread_suspend(tcb_t *t);

/* Start `t` again if it is inactive (TCB_Resume). */
void thread_resume(tcb_t *t);

/* Everything a TCB must undo before its slots are emptied for deletion:
 * suspend, unbind its notification, forget its FPU state. */
void thread_prepare_delete(tcb_t *t);

/* The thread's IPC buffer as the kernel reaches it, or NULL when it has
 * none (no buffer frame cap, or the frame is device memory). */
static inline basalt_ipc_buffer_t *thread_ipc_buffer(const tcb_t *t)
{
	const cap_t *f = &t->slots[TCB_SLOT_IPC_BUFFER].cap;

	if (f->type != CAP_FRAME || cap_is_device(f))
		return NULL;
	return (basalt_ipc_buffer_t *)phys_to_virt(f->obj + (t->ipc_buffer_vaddr & ((1ull << f->bits) - 1)));
}

/* Make this thread the one the hart runs: address space, FPU (arch). */
void thread_activate(tcb_t *t);

/* Registers that carry system-call results (inline: every system call
 * writes some). */
static inline void thread_set_badge(tcb_t *t, uint64_t badge) { ctx_set(&t->ctx, REG_A0, badge); }
static inline void thread_set_msginfo(tcb_t *t, basalt_msginfo_t info) { ctx_set(&t->ctx, REG_A1, info); }
static inline void thread_set_status(tcb_t *t, unsigned error) { ctx_set(&t->ctx, REG_A6, error); }

/* Message register i: the first BASALT_MSG_REGISTERS in registers, the
 * rest in the IPC buffer `buf` (0 / dropped without one). */
static inline uint64_t thread_get_mr(const tcb_t *t, const basalt_ipc_buffer_t *buf, unsigned i)
{
	if (i < BASALT_MSG_REGISTERS)
		return ctx_get(&t->ctx, REG_A2 + i);
	return buf != NULL && i < BASALT_MSG_MAX_LENGTH ? buf->msg[i] : 0;
}

static inline void thread_set_mr(tcb_t *t, basalt_ipc_buffer_t *buf, unsigned i, uint64_t v)
{
	if (i < BASALT_MSG_REGISTERS)
		ctx_set(&t->ctx, REG_A2 + i, v);
	else if (buf != NULL && i < BASALT_MSG_MAX_LENGTH)
		buf->msg[i] = v;
}

#endif
