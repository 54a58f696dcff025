/*
 * libbasalt, level 0: the system calls themselves.
 *
 * Every thread has a small thread-local block at `tp` (basalt_tls_t): its
 * IPC buffer, the status (a6) of its last system call, and a word for
 * whoever starts the thread. The root task's crt0 sets it up from the boot
 * info; libbasalt's thread helpers set it for threads they start.
 *
 * Message registers: callers put them in the IPC buffer's msg[] (all of
 * them, MR0.. included); the stubs move MR0-MR3 to and from a2-a5 around
 * the ecall, so msg[] always holds the whole message. *_regs variants pass
 * MR0-MR3 in variables instead, which is cheaper.
 */
#ifndef LIBBASALT_SYS_H
#define LIBBASALT_SYS_H

#include "basalt/errors.h"
#include "basalt/message.h"
#include "basalt/syscall.h"
#include "basalt/types.h"

typedef struct basalt_tls {
	basalt_ipc_buffer_t *ipc_buffer;
	basalt_word_t status;     /* a6 of the last system call */
	basalt_word_t user;       /* free for the thread's creator */
} basalt_tls_t;

static inline basalt_tls_t *basalt_tls(void)
{
	basalt_tls_t *t;

	__asm__ volatile("mv %0, tp" : "=r"(t));
	return t;
}

static inline basalt_ipc_buffer_t *basalt_ipc_buffer(void)
{
	return basalt_tls()->ipc_buffer;
}

/* The status of this thread's last IPC system call (errors.h). */
static inline basalt_error_t basalt_status(void)
{
	return (basalt_error_t)basalt_tls()->status;
}

static inline void basalt_set_mr(unsigned i, basalt_word_t v)
{
	basalt_ipc_buffer()->msg[i] = v;
}

static inline basalt_word_t basalt_get_mr(unsigned i)
{
	return basalt_ipc_buffer()->msg[i];
}

static inline void basalt_set_cap(unsigned i, basalt_cptr_t c)
{
	basalt_ipc_buffer()->caps_or_badges[i] = c;
}

/* Where a received capability goes (receiver's side). */
static inline void basalt_set_receive_path(basalt_cptr_t cnode, basalt_cptr_t index,
					   basalt_word_t depth)
{
	basalt_ipc_buffer_t *b = basalt_ipc_buffer();

	b->receive_cnode = cnode;
	b->receive_index = index;
	b->receive_depth = depth;
}

/* The raw system call: registers in, registers out. */
typedef struct basalt_regs {
	basalt_word_t a0;         /* cptr in, badge out */
	basalt_msginfo_t info;    /* a1 */
	basalt_word_t mr[4];      /* a2..a5 */
	basalt_word_t status;     /* a6 out */
} basalt_regs_t;

static inline void basalt_syscall(basalt_word_t number, basalt_regs_t *r)
{
	register basalt_word_t a0 __asm__("a0") = r->a0;
	register basalt_word_t a1 __asm__("a1") = r->info;
	register basalt_word_t a2 __asm__("a2") = r->mr[0];
	register basalt_word_t a3 __asm__("a3") = r->mr[1];
	register basalt_word_t a4 __asm__("a4") = r->mr[2];
	register basalt_word_t a5 __asm__("a5") = r->mr[3];
	register basalt_word_t a6 __asm__("a6");
	register basalt_word_t a7 __asm__("a7") = number;

	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5), "=r"(a6)
			 : "r"(a7)
			 : "memory");
	r->a0 = a0;
	r->info = a1;
	r->mr[0] = a2;
	r->mr[1] = a3;
	r->mr[2] = a4;
	r->mr[3] = a5;
	r->status = a6;
}

/* A system call whose MR0-MR3 come from and go back to the IPC buffer. */
static inline basalt_msginfo_t basalt_syscall_buffered(basalt_word_t number, basalt_cptr_t cptr,
						       basalt_msginfo_t info, basalt_word_t *badge)
{
	basalt_tls_t *tls = basalt_tls();
	basalt_ipc_buffer_t *b = tls->ipc_buffer;
	basalt_regs_t r = { .a0 = cptr, .info = info };

	for (unsigned i = 0; i < 4; i++)
		r.mr[i] = b->msg[i];
	basalt_syscall(number, &r);
	for (unsigned i = 0; i < 4; i++)
		b->msg[i] = r.mr[i];
	tls->status = r.status;
	if (badge != (void *)0)
		*badge = r.a0;
	return r.info;
}

/* ---- IPC (seL4's names) ---- */
static inline basalt_msginfo_t basalt_call(basalt_cptr_t dest, basalt_msginfo_t info)
{
	return basalt_syscall_buffered(BASALT_SYS_CALL, dest, info, (void *)0);
}

static inline void basalt_send(basalt_cptr_t dest, basalt_msginfo_t info)
{
	basalt_syscall_buffered(BASALT_SYS_SEND, dest, info, (void *)0);
}

static inline void basalt_nbsend(basalt_cptr_t dest, basalt_msginfo_t info)
{
	basalt_syscall_buffered(BASALT_SYS_NB_SEND, dest, info, (void *)0);
}

static inline basalt_msginfo_t basalt_recv(basalt_cptr_t src, basalt_word_t *badge)
{
	return basalt_syscall_buffered(BASALT_SYS_RECV, src, 0, badge);
}

static inline basalt_msginfo_t basalt_nbrecv(basalt_cptr_t src, basalt_word_t *badge)
{
	return basalt_syscall_buffered(BASALT_SYS_NB_RECV, src, 0, badge);
}

static inline void basalt_reply(basalt_msginfo_t info)
{
	basalt_syscall_buffered(BASALT_SYS_REPLY, 0, info, (void *)0);
}

static inline basalt_msginfo_t basalt_reply_recv(basalt_cptr_t src, basalt_msginfo_t info,
						 basalt_word_t *badge)
{
	return basalt_syscall_buffered(BASALT_SYS_REPLY_RECV, src, info, badge);
}

/* Notifications: Signal is a Send on the notification, Wait a Recv,
 * Poll an NBRecv; the received word is the badge. */
static inline void basalt_signal(basalt_cptr_t ntfn)
{
	basalt_regs_t r = { .a0 = ntfn };

	basalt_syscall(BASALT_SYS_SEND, &r);
	basalt_tls()->status = r.status;
}

static inline basalt_word_t basalt_wait(basalt_cptr_t ntfn)
{
	basalt_regs_t r = { .a0 = ntfn };

	basalt_syscall(BASALT_SYS_RECV, &r);
	basalt_tls()->status = r.status;
	return r.a0;
}

static inline basalt_word_t basalt_poll(basalt_cptr_t ntfn)
{
	basalt_regs_t r = { .a0 = ntfn };

	basalt_syscall(BASALT_SYS_NB_RECV, &r);
	basalt_tls()->status = r.status;
	return r.a0;
}

static inline void basalt_yield(void)
{
	basalt_regs_t r = { 0 };

	basalt_syscall(BASALT_SYS_YIELD, &r);
}

/* ---- debugging (debug builds; DEBUG_PUTCHAR always) ---- */
static inline void basalt_debug_putchar(char c)
{
	basalt_regs_t r = { .a0 = (unsigned char)c };

	basalt_syscall(BASALT_SYS_DEBUG_PUTCHAR, &r);
}

static inline void __attribute__((noreturn)) basalt_debug_halt(int failure)
{
	basalt_regs_t r = { .a0 = (basalt_word_t)failure };

	basalt_syscall(BASALT_SYS_DEBUG_HALT, &r);
	for (;;)
		;
}

static inline unsigned basalt_debug_cap_identify(basalt_cptr_t cap)
{
	basalt_regs_t r = { .a0 = cap };

	basalt_syscall(BASALT_SYS_DEBUG_CAP_IDENTIFY, &r);
	return (unsigned)r.a0;
}

/* Runs the kernel's invariant audit; the number of violations. */
static inline unsigned basalt_debug_audit(int verbose)
{
	basalt_regs_t r = { .a0 = (basalt_word_t)verbose };

	basalt_syscall(BASALT_SYS_DEBUG_AUDIT, &r);
	return (unsigned)r.a0;
}

/* The longest stretch the kernel ran with interrupts off, in instructions,
 * since boot or the last reset (debug builds; kernel/debug/irqoff.h), and
 * its kind in *kind: scause for a trap (bit 63: interrupt), or
 * 1 << 62 | syscall number << 16 | message label for a system call. */
static inline basalt_word_t basalt_debug_irqoff(int reset, basalt_word_t *kind)
{
	basalt_regs_t r = { .a0 = (basalt_word_t)reset };

	basalt_syscall(BASALT_SYS_DEBUG_IRQOFF, &r);
	*kind = r.info;
	return r.a0;
}

typedef struct basalt_cap_info {
	unsigned type, rights, bits, flags;
	uint32_t word32;
	basalt_word_t obj, w1, w2;
} basalt_cap_info_t;

static inline basalt_cap_info_t basalt_debug_cap_info(basalt_cptr_t cap)
{
	basalt_regs_t r = { .a0 = cap };
	basalt_cap_info_t i;

	basalt_syscall(BASALT_SYS_DEBUG_CAP_INFO, &r);
	i.type = (unsigned)(r.a0 & 0xff);
	i.rights = (unsigned)((r.a0 >> 8) & 0xff);
	i.bits = (unsigned)((r.a0 >> 16) & 0xff);
	i.flags = (unsigned)((r.a0 >> 24) & 0xff);
	i.word32 = (uint32_t)(r.a0 >> 32);
	i.obj = r.info;
	i.w1 = r.mr[0];
	i.w2 = r.mr[1];
	return i;
}

#endif
