/*
 * The system-call fast paths: Call and ReplyRecv in the common case, and
 * the null system call.
 *
 * The common IPC case: the message has no caps, the partner is already
 * waiting, the partner may run at once (nothing queued outranks it) and the
 * partner's address space is valid. Then the kernel hands the message over
 * and returns straight to the partner, without the general IPC and
 * scheduler paths (seL4's fast path, in the same spirit).
 *
 * Every check only decides whether the fast path applies, and all come
 * before the first change: if one fails, trap_from_thread() runs the
 * general path (syscall.c, endpoint.c, ipc.c), which is the reference. The
 * fast path must leave exactly the state it would. The in-QEMU IPC and
 * scheduling tests run with it on and off ("nofastpath") to show they agree.
 *
 * Everything here is inline (cap lookup, queue and derivation-list edits,
 * the address-space switch): the cost is the benchmark's "ipc-call" and
 * "ipc-reply" rows (docs/performance.md).
 */
#include "api/fastpath.h"

#include "arch/riscv/csr.h"
#include "arch/riscv/fpu.h"
#include "arch/riscv/hart.h"
#include "arch/riscv/vspace.h"
#include "basalt/errors.h"
#include "basalt/fault.h"
#include "api/syscall.h"
#include "basalt/syscall.h"
#include "core/panic.h"
#include "object/cspace.h"
#include "object/endpoint.h"
#include "object/fault.h"
#include "object/notification.h"
#include "object/tcb.h"
#include "sched/sched.h"

_Static_assert(FASTPATH_SYS_CALL == BASALT_SYS_CALL, "entry code's system-call numbers");
_Static_assert(FASTPATH_SYS_REPLY_RECV == BASALT_SYS_REPLY_RECV, "entry code's system-call numbers");
_Static_assert(FASTPATH_SYS_NULL == BASALT_SYS_NULL, "entry code's system-call numbers");
_Static_assert(FASTPATH_SCAUSE_ECALL_U == EXC_ECALL_U, "entry code's scause");

void trap_from_thread(uint64_t scause, uint64_t stval) __attribute__((noreturn));
void thread_restore(arch_context_t *ctx) __attribute__((noreturn));

bool fastpath_enabled = true;

/* The received message-info word: the sender's label and length, no caps,
 * nothing unwrapped. */
#define RECEIVED_INFO_MASK (~((7ull << BASALT_MSGINFO_UNWRAP_SHIFT) | \
			      (3ull << BASALT_MSGINFO_XCAP_SHIFT)))

/* The general path takes it from here (nothing has changed). */
static void __attribute__((noreturn, noinline)) slow_path(void)
{
	trap_from_thread(EXC_ECALL_U, 0);
}

/* Caps whose Call is an object invocation (syscall.c handle_send()). */
static inline bool invokes_object(const cte_t *slot)
{
	unsigned type = slot->cap.type;

	return type != CAP_ENDPOINT && type != CAP_NOTIFICATION && type != CAP_REPLY;
}

/* The slot `cptr` names in t's CSpace when its root CNode resolves all 64
 * bits in one level, which is how programs lay out their CSpace unless they
 * nest CNodes; NULL otherwise (the general path then does the multi-level
 * walk and reports any lookup fault). */
static inline const cte_t *lookup_one_level(const tcb_t *t, uint64_t cptr)
{
	return cspace_lookup_one_level(&t->slots[TCB_SLOT_CTABLE].cap, cptr);
}

/* The IPC buffer as the kernel reaches it, or NULL (thread_ipc_buffer()). */
static inline uint64_t *ipc_buffer_words(const tcb_t *t)
{
	const cap_t *f = &t->slots[TCB_SLOT_IPC_BUFFER].cap;

	if (f->type != CAP_FRAME || cap_is_device(f))
		return NULL;
	return ((basalt_ipc_buffer_t *)phys_to_virt(
		f->obj + (t->ipc_buffer_vaddr & ((1ull << f->bits) - 1))))->msg;
}

/*
 * Can a message of `info` go the fast way from `from` to `to`? Its words
 * beyond the registers travel in the IPC buffers, so both must exist (the
 * general path would shorten the message otherwise).
 */
static inline bool message_fits(basalt_msginfo_t info, const tcb_t *from, const tcb_t *to,
				uint64_t **from_buf, uint64_t **to_buf)
{
	unsigned length = basalt_msginfo_length(info);

	/* The common case in one test: no caps, all in registers. */
	if (__builtin_expect((info & ((3ull << BASALT_MSGINFO_XCAP_SHIFT) | 0x7f)) <=
			     BASALT_MSG_REGISTERS, 1))
		return true;
	if (basalt_msginfo_extra_caps(info) != 0 || length > BASALT_MSG_MAX_LENGTH)
		return false;
	*from_buf = ipc_buffer_words(from);
	*to_buf = ipc_buffer_words(to);
	return *from_buf != NULL && *to_buf != NULL;
}

/* Copy the message and write the receiver's result registers, as
 * ipc_transfer() does for a message without caps. */
static inline void deliver(const tcb_t *from, tcb_t *to, basalt_msginfo_t info, uint64_t badge,
			   const uint64_t *from_buf, uint64_t *to_buf)
{
	unsigned length = basalt_msginfo_length(info);

	/* Only the message's own words: the receiver must not see the
	 * sender's other registers. */
	if (length != 0) {
		unsigned in_regs = length < BASALT_MSG_REGISTERS ? length : BASALT_MSG_REGISTERS;

		for (unsigned i = 0; i < in_regs; i++)
			to->ctx.regs[REG_A2 - 1 + i] = from->ctx.regs[REG_A2 - 1 + i];
		for (unsigned i = BASALT_MSG_REGISTERS; i < length; i++)
			to_buf[i] = from_buf[i];
	}
	to->ctx.regs[REG_A0 - 1] = badge;
	to->ctx.regs[REG_A1 - 1] = info & RECEIVED_INFO_MASK;
	to->ctx.regs[REG_A6 - 1] = BASALT_OK;
}

/* Make `next` this hart's running thread and return to it (the current
 * thread has just blocked). */
static inline void __attribute__((noreturn)) switch_to(hart_local_t *h, sched_hart_t *s,
						       tcb_t *next, uint64_t satp)
{
	next->state = THREAD_RUNNING;
	s->current = next;
	h->cur_ctx = (uint64_t)(uintptr_t)&next->ctx;
	if (h->fpu_owner != next)
		next->ctx.sstatus &= ~SSTATUS_FS;
	vspace_load(satp);
	thread_restore(&next->ctx);
}

/*
 * A reply to a fault that the fast path applies: registers only, and one
 * that lets the thread run again (fault_handle_reply()): a VM fault's
 * (always retried) or an exception's with label 0 (new pc and sp in its
 * first words). Unknown system calls take the general path.
 */
static inline bool fault_reply_fits(const tcb_t *dest, basalt_msginfo_t info)
{
	if ((info & ((3ull << BASALT_MSGINFO_XCAP_SHIFT) | 0x7f)) > BASALT_MSG_REGISTERS)
		return false;
	if (dest->fault_type == BASALT_FAULT_VM)
		return true;
	return dest->fault_type == BASALT_FAULT_USER_EXCEPTION && basalt_msginfo_label(info) == 0;
}

/*
 * The thread waiting on the endpoint `cap` names, if a Call (or a fault
 * message) from `t` may go to it the fast way: `t` may send there with a
 * reply, a receiver waits, it lives on this hart with an empty caller slot,
 * and nothing queued outranks it (`t` blocks, so the general path would
 * run it next). NULL otherwise.
 */
static inline tcb_t *waiting_receiver(const sched_hart_t *s, const tcb_t *t, const cte_t *slot,
				      endpoint_t **ep_out)
{
	endpoint_t *ep;
	tcb_t *dest;

	if (slot == NULL || slot->cap.type != CAP_ENDPOINT ||
	    !(slot->cap.rights & BASALT_RIGHT_WRITE) ||
	    !(slot->cap.rights & (BASALT_RIGHT_GRANT | BASALT_RIGHT_GRANT_REPLY)))
		return NULL;
	ep = (endpoint_t *)phys_to_virt(slot->cap.obj);
	if (ep->state != EP_RECEIVERS)
		return NULL;
	dest = ep->head;
	if (dest->hart != t->hart || !cap_is_null(&dest->slots[TCB_SLOT_CALLER].cap) ||
	    sched_queued_above(s, dest->priority))
		return NULL;
	*ep_out = ep;
	return dest;
}

/* Take the receiver off the endpoint: it is the head (endpoint_dequeue()). */
static inline void take_receiver(endpoint_t *ep, tcb_t *dest)
{
	ep->head = dest->ep_next;
	if (ep->head != NULL)
		ep->head->ep_prev = NULL;
	else {
		ep->tail = NULL;
		ep->state = EP_IDLE;
	}
	dest->ep_next = NULL;
	dest->blocked_on = 0;
}

/* `t` waits for the reply; the receiver gets the reply cap, a child of
 * t's master reply cap (ipc_setup_reply()). */
static inline void block_for_reply(tcb_t *t, tcb_t *dest)
{
	cte_t *master = &t->slots[TCB_SLOT_REPLY];
	cte_t *reply = &dest->slots[TCB_SLOT_CALLER];

	t->state = THREAD_BLOCKED_ON_REPLY;
	reply->cap = cap_reply(master->cap.obj, false, dest->ipc_can_grant);
	reply->mdb = 0;
	reply->prev = master;
	reply->next = master->next;
	if (master->next != NULL)
		master->next->prev = reply;
	master->next = reply;
}

/* flatten: every helper above and in the headers inlined into one body. */
__attribute__((flatten)) void fastpath_call(uint64_t cptr, uint64_t info)
{
	hart_local_t *h = hart_self();
	sched_hart_t *s = h->sched;
	tcb_t *t = s->current;
	uint64_t *from_buf = NULL, *to_buf = NULL;
	const cte_t *slot;
	endpoint_t *ep;
	tcb_t *dest;
	uint64_t satp;

	/* Only with no scheduling decision pending. */
	if (!fastpath_enabled || s->action != NULL)
		slow_path();
	slot = lookup_one_level(t, cptr);
	dest = waiting_receiver(s, t, slot, &ep);
	if (dest == NULL || !message_fits(info, t, dest, &from_buf, &to_buf)) {
		/* A Call that invokes a kernel object rather than sending a
		 * message: the cap is found already, so the invocation starts
		 * from there, skipping a second lookup and the general
		 * dispatch. What runs is the general path's own code. */
		if (slot != NULL && invokes_object(slot))
			syscall_call_object(t, (cte_t *)slot);
		slow_path();
	}
	satp = vspace_satp_of(dest);

	take_receiver(ep, dest);
	deliver(t, dest, info, cap_badge(&slot->cap), from_buf, to_buf);
	t->ctx.pc += 4;
	t->ctx.regs[REG_A6 - 1] = BASALT_OK;
	block_for_reply(t, dest);
	switch_to(h, s, dest, satp);
}

__attribute__((flatten)) void fastpath_fault(tcb_t *t, uint64_t type, const uint64_t words[4])
{
	hart_local_t *h = hart_self();
	sched_hart_t *s = h->sched;
	basalt_ipc_buffer_t *rbuf = NULL;
	const cte_t *slot;
	endpoint_t *ep;
	tcb_t *dest;
	uint64_t satp;
	unsigned length;

	if (!fastpath_enabled || s->action != NULL || t->fault_handler == 0)
		return;
	slot = lookup_one_level(t, t->fault_handler);
	dest = waiting_receiver(s, t, slot, &ep);
	if (dest == NULL)
		return;
	/* A VM fault's fifth word goes in the IPC buffer, if there is one. */
	if (type == BASALT_FAULT_VM) {
		uint64_t *words_buf = ipc_buffer_words(dest);

		if (words_buf != NULL)
			rbuf = (basalt_ipc_buffer_t *)((char *)words_buf -
						       __builtin_offsetof(basalt_ipc_buffer_t, msg));
	}
	satp = vspace_satp_of(dest);

	fault_record(t, type, words);
	take_receiver(ep, dest);
	/* The faulting thread's registers stay as they were: its handler
	 * sees them in the message and decides. */
	length = fault_write_message(t, dest, rbuf);
	dest->ctx.regs[REG_A0 - 1] = cap_badge(&slot->cap);
	dest->ctx.regs[REG_A1 - 1] = basalt_msginfo(type, 0, 0, length);
	dest->ctx.regs[REG_A6 - 1] = BASALT_OK;
	block_for_reply(t, dest);
	switch_to(h, s, dest, satp);
}

__attribute__((flatten)) void fastpath_reply_recv(uint64_t cptr, uint64_t info)
{
	hart_local_t *h = hart_self();
	sched_hart_t *s = h->sched;
	tcb_t *t = s->current;
	cte_t *caller = &t->slots[TCB_SLOT_CALLER];
	uint64_t *from_buf = NULL, *to_buf = NULL;
	const cte_t *slot;
	endpoint_t *ep;
	tcb_t *dest;
	uint64_t satp;

	if (!fastpath_enabled || s->action != NULL)
		slow_path();
	/* The one we reply to. */
	if (caller->cap.type != CAP_REPLY || (caller->cap.flags & CAP_FLAG_MASTER))
		slow_path();
	dest = tcb_from_pa(caller->cap.obj);
	if (dest->state != THREAD_BLOCKED_ON_REPLY || dest->hart != t->hart ||
	    sched_queued_above(s, dest->priority))
		slow_path();
	/* Where we wait next: an endpoint with no sender queued, and no
	 * pending signal on our bound notification to take first. */
	slot = lookup_one_level(t, cptr);
	if (slot == NULL || slot->cap.type != CAP_ENDPOINT || !(slot->cap.rights & BASALT_RIGHT_READ))
		slow_path();
	ep = (endpoint_t *)phys_to_virt(slot->cap.obj);
	if (ep->state == EP_SENDERS ||
	    (t->bound_ntfn != 0 && notification_at(t->bound_ntfn)->state == NTFN_ACTIVE))
		slow_path();
	if (dest->fault_type == BASALT_FAULT_NONE) {
		if (!message_fits(info, t, dest, &from_buf, &to_buf))
			slow_path();
	} else if (!fault_reply_fits(dest, info)) {
		slow_path();
	}
	satp = vspace_satp_of(dest);

	/* The reply cap is used up (it has no children: cdt_remove()). */
	assert(caller->prev != NULL && caller->mdb == 0);
	caller->prev->next = caller->next;
	if (caller->next != NULL)
		caller->next->prev = caller->prev;
	caller->cap = cap_null();
	caller->prev = caller->next = NULL;
	if (dest->fault_type == BASALT_FAULT_NONE) {
		deliver(t, dest, info, 0, from_buf, to_buf);
	} else {
		/* fault_handle_reply(), for the replies fault_reply_fits()
		 * lets through: an exception's new pc and sp, if sent; a VM
		 * fault retries. */
		unsigned length = basalt_msginfo_length(info);

		if (dest->fault_type == BASALT_FAULT_USER_EXCEPTION) {
			if (length > BASALT_EXC_PC)
				dest->ctx.pc = t->ctx.regs[REG_A2 - 1 + BASALT_EXC_PC];
			if (length > BASALT_EXC_SP)
				dest->ctx.regs[REG_SP - 1] = t->ctx.regs[REG_A2 - 1 + BASALT_EXC_SP];
		}
		dest->fault_type = BASALT_FAULT_NONE;
	}

	/* We wait on the endpoint, at the tail of its queue. */
	t->ctx.pc += 4;
	t->ctx.regs[REG_A6 - 1] = BASALT_OK;
	t->ipc_can_grant = (slot->cap.rights & BASALT_RIGHT_GRANT) != 0;
	t->state = THREAD_BLOCKED_ON_RECEIVE;
	t->blocked_on = slot->cap.obj;
	t->ep_next = NULL;
	t->ep_prev = ep->tail;
	if (ep->tail != NULL)
		ep->tail->ep_next = t;
	else
		ep->head = t;
	ep->tail = t;
	ep->state = EP_RECEIVERS;
	switch_to(h, s, dest, satp);
}

void fastpath_null(void)
{
	arch_context_t *ctx = (arch_context_t *)(uintptr_t)hart_self()->cur_ctx;

	ctx->pc += 4;
	thread_restore(ctx);
}
