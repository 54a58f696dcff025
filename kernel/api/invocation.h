/*
 * The decoded form of a system call that invokes a capability, handed to
 * each object's decode function: who calls, which cap (and its slot), the
 * label, the message registers and the extra caps (already looked up).
 *
 * Decoders read arguments only through inv_arg() after checking the
 * message is long enough (TRUNCATED_MESSAGE otherwise), and write results
 * only through inv_set_result(); on failure they fill inv->err and return
 * EXC_SYSCALL_ERROR having changed nothing.
 */
#ifndef BASALT_KERNEL_API_INVOCATION_H
#define BASALT_KERNEL_API_INVOCATION_H

#include <stdbool.h>
#include <stdint.h>

#include "api/syserr.h"
#include "core/panic.h"
#include "basalt/message.h"
#include "object/tcb.h"
#include "object/thread.h"

typedef struct invocation {
	tcb_t *thread;               /* the caller */
	cte_t *slot;                 /* where the invoked cap is */
	cap_t cap;                   /* the invoked cap */
	basalt_word_t label;
	unsigned length;             /* message registers the caller sent */
	unsigned extra_count;
	cte_t *extra[BASALT_MSG_MAX_EXTRA_CAPS];
	basalt_ipc_buffer_t *buffer; /* the caller's IPC buffer, or NULL */
	bool is_call;                /* a reply is expected */
	unsigned result_length;      /* message registers of the reply */
	syserr_t err;
} invocation_t;

/* Message register `i` of the caller (i < inv->length: decoders check the
 * length first, and debug builds hold them to it). */
static inline basalt_word_t inv_arg(const invocation_t *inv, unsigned i)
{
	assert(i < inv->length);
	return thread_get_mr(inv->thread, inv->buffer, i);
}

/* Reply message register `i` (the reply length grows to cover it). Results
 * that do not fit (no IPC buffer) are dropped. */
void inv_set_result(invocation_t *inv, unsigned i, basalt_word_t value);

/* The extra cap `i` (i < inv->extra_count). */
static inline cte_t *inv_extra(const invocation_t *inv, unsigned i)
{
	return inv->extra[i];
}


#endif
