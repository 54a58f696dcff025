/*
 * A worker: makes its share of random calls in the victims' CSpace.
 *
 * Kinds of call, drawn by weight:
 *   - an invocation (Call on a cap, a real label most of the time) with
 *     shaped arguments: message registers, extra caps, CNode paths;
 *   - an IPC system call (Send, NBSend, Recv, NBRecv, Call, Reply,
 *     ReplyRecv, Yield, the null call) with a random message, caps to
 *     transfer and a random receive path; blocking ones may block;
 *   - a system call with an unknown number (a fault the handler answers
 *     by skipping the ecall) or a debugging call that looks a cap up;
 *   - a memory access that may fault: a load from anywhere, a store of
 *     zero or a jump into the window (only zero-filled victim frames are
 *     ever mapped there), an illegal instruction, a misaligned atomic.
 *
 * Every call is counted before it is made. A worker whose call blocks for
 * good, or whose fault the handler drops, stays stopped until the
 * supervisor restarts it at worker_start(), which carries on from the
 * state in its fuzz_worker_t (that is why nothing lives on the stack
 * across calls). Labels of the worker's own messages are >= 0x100, so a
 * reply label below BASALT_NUM_ERRORS is a kernel's error code.
 */
#include "fuzz.h"

#include "base/mem.h"

#define IPC_LABEL_BASE 0x100

static void fill_message(fuzz_worker_t *w, unsigned length)
{
	basalt_ipc_buffer_t *b = basalt_ipc_buffer();

	for (unsigned i = 0; i < length && i < BASALT_MSG_MAX_LENGTH; i++)
		b->msg[i] = gen_word(&w->rng);
	for (unsigned i = 0; i < BASALT_MSG_MAX_EXTRA_CAPS; i++)
		b->caps_or_badges[i] = gen_cptr(&w->rng);
}

static unsigned gen_length(rng_t *r)
{
	unsigned p = (unsigned)rng_below(r, 100);

	if (p < 80)
		return (unsigned)rng_below(r, 9);
	if (p < 95)
		return (unsigned)rng_below(r, BASALT_MSG_MAX_LENGTH + 1);
	return (unsigned)rng_below(r, 128);   /* too long: cut to 120 */
}

/* Shaped arguments for the invocations whose layouts we know, so that
 * many get past decoding; the rest stay random. */
static void shape_invocation(fuzz_worker_t *w, basalt_word_t label, basalt_cptr_t *cap)
{
	rng_t *r = &w->rng;
	basalt_ipc_buffer_t *b = basalt_ipc_buffer();
	basalt_word_t idx, depth;

	switch (label) {
	case BASALT_INV_UNTYPED_RETYPE:
		if (rng_pct(r, 70))
			*cap = rng_pct(r, 50) ? V_UT_BIG : V_UT_SMALL + rng_below(r, 2);
		b->msg[0] = rng_below(r, BASALT_OBJ_NUM_TYPES + 1);
		b->msg[1] = rng_pct(r, 70) ? rng_below(r, 14) : rng_below(r, 40);
		gen_path(r, &idx, &depth);
		b->msg[2] = rng_pct(r, 60) ? 0 : idx;          /* node: V_SELF itself */
		b->msg[3] = b->msg[2] == 0 ? 0 : depth;
		b->msg[4] = rng_pct(r, 80) ? V_FIRST_FREE + rng_below(r, 40) : gen_slot(r);
		b->msg[5] = rng_pct(r, 90) ? 1 + rng_below(r, 3) : gen_word(r);
		b->caps_or_badges[0] = rng_pct(r, 85) ? V_SELF : gen_cptr(r);
		break;
	case BASALT_INV_CNODE_REVOKE:
	case BASALT_INV_CNODE_DELETE:
	case BASALT_INV_CNODE_CANCEL_BADGED_SENDS:
	case BASALT_INV_CNODE_SAVE_CALLER:
	case BASALT_INV_CNODE_COPY:
	case BASALT_INV_CNODE_MINT:
	case BASALT_INV_CNODE_MOVE:
	case BASALT_INV_CNODE_MUTATE:
	case BASALT_INV_CNODE_ROTATE:
		if (rng_pct(r, 80))
			*cap = rng_pct(r, 85) ? V_SELF : V_CNODE;
		for (unsigned i = 0; i < 3; i++) {
			gen_path(r, &idx, &depth);
			b->msg[2 * i] = idx;
			b->msg[2 * i + 1] = depth;
		}
		if (label == BASALT_INV_CNODE_COPY || label == BASALT_INV_CNODE_MINT)
			b->msg[4] = rng_below(r, 16);            /* rights */
		if (label == BASALT_INV_CNODE_MINT && rng_pct(r, 50))
			b->msg[5] = rng_pct(r, 50) ? rng_below(r, 8) :
				    basalt_cnode_guard(rng_below(r, 4), rng_below(r, 12));
		if (label == BASALT_INV_CNODE_ROTATE) {
			b->msg[4] = rng_below(r, 4);
			gen_path(r, &idx, &depth);
			b->msg[5] = idx;
			b->msg[6] = depth;
			b->msg[7] = rng_below(r, 4);
		}
		b->caps_or_badges[0] = rng_pct(r, 85) ? V_SELF : gen_cptr(r);
		b->caps_or_badges[1] = rng_pct(r, 85) ? V_SELF : gen_cptr(r);
		break;
	case BASALT_INV_FRAME_MAP:
	case BASALT_INV_PAGE_TABLE_MAP:
		if (rng_pct(r, 70))
			*cap = label == BASALT_INV_FRAME_MAP ?
			       (rng_pct(r, 80) ? V_FRAME0 + rng_below(r, 4) : V_FRAME_2M) :
			       V_PT0 + rng_below(r, 3);
		b->msg[0] = gen_vaddr(r, fuzz.user_top);
		b->msg[1] = label == BASALT_INV_FRAME_MAP ? rng_below(r, 8) : rng_below(r, 6);
		b->msg[2] = rng_below(r, 3);
		b->caps_or_badges[0] = rng_pct(r, 85) ? V_VSPACE : gen_cptr(r);
		break;
	case BASALT_INV_TCB_CONFIGURE:
	case BASALT_INV_TCB_SET_SPACE:
		if (rng_pct(r, 70))
			*cap = V_TCB0 + rng_below(r, 2);
		/* Mostly a working fault handler: a victim without one that
		 * faults costs a kernel log line. */
		b->msg[0] = rng_pct(r, 80) ? V_EP0 + rng_below(r, 2) : gen_cptr(r);
		b->msg[1] = rng_pct(r, 50) ? 0 : basalt_cnode_guard(0, rng_below(r, 64));
		b->msg[2] = gen_vaddr(r, fuzz.user_top);
		b->caps_or_badges[0] = rng_pct(r, 60) ? V_SELF : gen_cptr(r);
		b->caps_or_badges[1] = rng_pct(r, 60) ? V_VSPACE : gen_cptr(r);
		b->caps_or_badges[2] = rng_pct(r, 60) ? V_FRAME0 + rng_below(r, 4) : gen_cptr(r);
		break;
	case BASALT_INV_ASID_POOL_ASSIGN:
		if (rng_pct(r, 70))
			*cap = V_POOL;
		b->caps_or_badges[0] = rng_pct(r, 50) ? V_VSPACE2 : gen_cptr(r);
		break;
	case BASALT_INV_ASID_CONTROL_MAKE_POOL:
		if (rng_pct(r, 70))
			*cap = V_ASID_CONTROL;
		b->msg[0] = V_FIRST_FREE + rng_below(r, 40);
		b->msg[1] = rng_pct(r, 80) ? V_BITS : rng_below(r, 64);
		b->caps_or_badges[0] = rng_pct(r, 60) ? V_UT_4K : gen_cptr(r);
		b->caps_or_badges[1] = rng_pct(r, 80) ? V_SELF : gen_cptr(r);
		break;
	case BASALT_INV_IRQ_ACK:
	case BASALT_INV_IRQ_SET_NOTIFICATION:
	case BASALT_INV_IRQ_CLEAR:
		if (rng_pct(r, 70))
			*cap = V_IRQ0 + rng_below(r, 2);
		b->caps_or_badges[0] = rng_pct(r, 70) ? V_NTFN + rng_below(r, 2) : gen_cptr(r);
		break;
	default:
		if (label >= BASALT_INV_TCB_READ_REGISTERS && label <= BASALT_INV_TCB_SET_TLS_BASE &&
		    rng_pct(r, 70))
			*cap = V_TCB0 + rng_below(r, 2);
		break;
	}
}

static void record(fuzz_worker_t *w, basalt_word_t status, basalt_msginfo_t reply, bool has_reply)
{
	basalt_word_t label = basalt_msginfo_label(reply);

	if (status != BASALT_OK)
		stats_result(&w->stats, status);
	else if (!has_reply || label < BASALT_NUM_ERRORS)
		stats_result(&w->stats, has_reply ? label : BASALT_OK);
	else
		w->stats.other++;
}

static void do_invocation(fuzz_worker_t *w)
{
	rng_t *r = &w->rng;
	basalt_word_t label = gen_label(r);
	basalt_cptr_t cap = gen_cptr(r);
	unsigned length = gen_length(r), caps = (unsigned)rng_below(r, 4);
	basalt_msginfo_t reply;

	fill_message(w, length < 8 ? 8 : length);
	shape_invocation(w, label, &cap);
	if (rng_pct(r, 85) && length < 8)
		length = 8;   /* most decoders want several words */
	reply = basalt_call(cap, basalt_msginfo(label, 0, caps, length));
	record(w, basalt_status(), reply, true);
}

/* A raw IPC system call: every register chosen here. */
static void do_ipc(fuzz_worker_t *w)
{
	static const uint8_t numbers[] = {
		BASALT_SYS_SEND, BASALT_SYS_NB_SEND, BASALT_SYS_NB_SEND, BASALT_SYS_RECV,
		BASALT_SYS_NB_RECV, BASALT_SYS_NB_RECV, BASALT_SYS_CALL, BASALT_SYS_REPLY,
		BASALT_SYS_REPLY, BASALT_SYS_REPLY_RECV, BASALT_SYS_YIELD, BASALT_SYS_NULL,
	};
	rng_t *r = &w->rng;
	basalt_word_t number = numbers[rng_below(r, sizeof(numbers))];
	unsigned length = gen_length(r), caps = (unsigned)rng_below(r, 4);
	basalt_cptr_t cap = rng_pct(r, 70) ? V_EP0 + rng_below(r, 6) : gen_cptr(r);
	basalt_word_t idx, depth;
	basalt_msginfo_t info;

	fill_message(w, length);
	gen_path(r, &idx, &depth);
	basalt_set_receive_path(rng_pct(r, 80) ? V_SELF : gen_cptr(r), idx, depth);
	info = basalt_msginfo(IPC_LABEL_BASE + rng_below(r, 0x100), 0, caps, length);
	info = basalt_syscall_buffered(number, cap, info, (void *)0);
	record(w, basalt_status(), info, number == BASALT_SYS_CALL);
}

/* A system call the kernel does not have: the handler skips it. Or one
 * of the harmless debugging calls, with a random cptr. Never HALT,
 * PANIC, AUDIT (slow), IRQOFF (the measurement) or PUTCHAR (noise). */
static void do_odd_syscall(fuzz_worker_t *w)
{
	rng_t *r = &w->rng;
	basalt_regs_t regs = { .a0 = gen_cptr(r), .info = rng_next(r) };
	static const uint8_t numbers[] = { 0, 10, 31, 40, 200, BASALT_SYS_DEBUG_CAP_IDENTIFY,
					   BASALT_SYS_DEBUG_CAP_INFO, BASALT_SYS_DEBUG_NAME_THREAD };
	basalt_word_t number = numbers[rng_below(r, sizeof(numbers))];

	if (rng_pct(r, 10))
		number = 0x1000 + rng_below(r, 1000);
	if (number == BASALT_SYS_DEBUG_NAME_THREAD)
		basalt_ipc_buffer()->msg[0] = 0x6d6974636976ull;   /* "victim" */
	basalt_syscall(number, &regs);
	stats_result(&w->stats, regs.status < BASALT_NUM_ERRORS ? regs.status : BASALT_OK);
}

static void do_memory(fuzz_worker_t *w)
{
	rng_t *r = &w->rng;
	basalt_word_t window = FUZZ_WINDOW + rng_below(r, FUZZ_WINDOW_PAGES) * 4096 +
			       rng_below(r, 512) * 8;

	w->stats.accesses++;
	switch (rng_below(r, 7)) {
	case 0: {   /* a load from anywhere: harmless if it works */
		basalt_word_t a = rng_pct(r, 50) ? window : (gen_vaddr(r, fuzz.user_top) & ~7ull);

		(void)*(volatile basalt_word_t *)a;
		break;
	}
	case 1:
	case 2:
		*(volatile basalt_word_t *)window = 0;
		break;
	case 3:     /* a jump: into zeroes (illegal instruction) or nowhere */
		__asm__ volatile("jalr ra, 0(%0)" :: "r"(rng_pct(r, 70) ? window :
							   0xffffffc000000000ull)
				 : "ra", "memory");
		break;
	case 4:
		__asm__ volatile(".word 0");   /* illegal instruction */
		break;
	case 5: {   /* a misaligned atomic */
		basalt_word_t a = window | 1;

		__asm__ volatile("amoadd.d zero, zero, (%0)" :: "r"(a) : "memory");
		break;
	}
	default:
		__asm__ volatile("ebreak");
		break;
	}
}

void worker_start(fuzz_worker_t *w)
{
	__asm__ volatile("mv tp, %0" :: "r"(&w->tls) : "memory");
	while (w->done < w->quota) {
		unsigned p = (unsigned)rng_below(&w->rng, 100);

		w->done++;
		w->stats.calls++;
		if (p < 62)
			do_invocation(w);
		else if (p < 90)
			do_ipc(w);
		else if (p < 94)
			do_odd_syscall(w);
		else
			do_memory(w);
	}
	w->finished = true;
	/* Stop: a worker in R suspends itself through I; one in V has no cap
	 * to itself, so it faults, and the handler does not answer a
	 * finished worker (nor does the kernel, if it lost its handler). */
	for (;;) {
		if (w->index < FUZZ_WORKERS_IN_R)
			basalt_tcb_suspend(ICPTR(I_WORKER_TCB + w->index));
		else
			__asm__ volatile("ebreak");
	}
}

/* After an exception the handler sends the worker here (tp is still its
 * thread-local block, whose `user` word names it). */
void worker_resume(void)
{
	worker_start((fuzz_worker_t *)basalt_tls()->user);
}
