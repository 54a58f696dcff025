/*
 * Thread faults: recording them, sending them to the thread's fault
 * handler as a message (basalt/fault.h has the layouts), and acting on the
 * handler's reply.
 */
#ifndef BASALT_KERNEL_OBJECT_FAULT_H
#define BASALT_KERNEL_OBJECT_FAULT_H

#include "basalt/message.h"
#include "object/tcb.h"

/* `t` faulted (it is the current thread, its registers saved): stop it and
 * deliver the fault, or suspend it with one log line if it has no usable
 * handler (an endpoint cap in its CSpace with write and grant or
 * grant-reply rights). `words` per fault type: see fault.c. */
void fault_raise(tcb_t *t, uint64_t type, const uint64_t words[4]);

/* The first part of fault_raise(): the thread now has a fault (`words`
 * may be NULL: all zero), also kept as its last one for debugging. */
static inline void fault_record(tcb_t *t, uint64_t type, const uint64_t words[4])
{
	t->fault_type = type;
	t->last_fault_type = type;
	t->last_fault_pc = t->ctx.pc;
	for (unsigned i = 0; i < 4; i++)
		t->fault_words[i] = t->last_fault_words[i] = words != NULL ? words[i] : 0;
}

/* The message for `faulting`'s fault, written to `receiver`; its length. */
unsigned fault_write_message(tcb_t *faulting, tcb_t *receiver, basalt_ipc_buffer_t *rbuf);

/* The handler `replier` replied: apply the reply to `t`'s registers as the
 * fault type allows; true if `t` should run again. */
bool fault_handle_reply(tcb_t *t, tcb_t *replier);

#endif
