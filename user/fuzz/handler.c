/*
 * The workers' fault handler: a thread of the fuzzer (in the workers'
 * CSpace R, above them in priority) that receives every fault a worker
 * causes, badged with the worker's number + 1, and
 *
 *   - a page fault in the window: maps a victim frame there (from a
 *     random V slot that holds a frame; it may be mapped elsewhere) with
 *     random rights and replies, so the worker retries; a worker that
 *     faults again right away is dropped (no reply: it stays stopped until
 *     the supervisor restarts it);
 *   - any other page fault: dropped;
 *   - an exception (illegal instruction, misaligned atomic, breakpoint):
 *     replied with label 0 and a new pc and sp, worker_resume() on a fresh
 *     stack (tp still names the worker);
 *   - an unknown system call: replied with the registers it came with and
 *     pc + 4, so the worker goes on after its ecall;
 *   - anything from a worker that has finished its share: dropped (that
 *     is how workers 2 and 3, which have no cap to their own TCB, stop).
 *
 * Workers 2 and 3's fault caps are among the victims, so a plain message
 * sent on one arrives here too, with that worker's badge; it is taken by
 * its label like a fault, which does no harm (a reply to a Call, or none).
 */
#include "fuzz.h"

#include "basalt/fault.h"

#define UNKNOWN_SYSCALL_WORDS 11   /* pc, sp, ra, a0..a7 (docs/vm.md) */

static basalt_word_t last_fault_pc[FUZZ_WORKERS];

static bool window_fault(fuzz_t *f, unsigned worker, basalt_word_t pc, basalt_word_t addr)
{
	rng_t *r = &f->handler_rng;
	basalt_cptr_t frame;
	basalt_error_t e;

	if (addr < FUZZ_WINDOW || addr >= FUZZ_WINDOW + FUZZ_WINDOW_PAGES * 4096ul ||
	    last_fault_pc[worker] == pc)
		return false;
	last_fault_pc[worker] = pc;
	frame = rng_pct(r, 70) ? V_FRAME0 + rng_below(r, 4) : gen_slot(r);
	/* Only a frame: a Call on an endpoint would block us, or stop us
	 * for good (a Call without grant rights is a Send that stops the
	 * caller), and would hand our VSpace cap to a worker. Nothing runs
	 * between the check and the call: we outrank every worker. */
	if (basalt_debug_cap_identify(frame) != BASALT_CAP_TYPE_FRAME)
		return false;
	e = basalt_frame_map(frame, ICPTR(I_VSPACE), addr & ~0xfffull, (unsigned)rng_below(r, 8), 0);
	f->handler_stats.handler_maps++;
	stats_result(&f->handler_stats, e);
	return true;
}

void handler_main(void *arg)
{
	fuzz_t *f = arg;
	basalt_word_t badge;
	basalt_msginfo_t info = basalt_recv(ICPTR(I_FAULT_EP), &badge);

	for (;;) {
		basalt_word_t label = basalt_msginfo_label(info);
		unsigned worker = (unsigned)(badge - 1);
		fuzz_worker_t *w = worker < FUZZ_WORKERS ? &f->workers[worker] : (void *)0;
		bool reply = false;
		basalt_msginfo_t answer = 0;

		if (w == (void *)0 || basalt_status() != BASALT_OK) {
			/* not from a worker (cannot happen): ignore */
		} else if (label == BASALT_FAULT_VM) {
			f->handler_stats.faults_vm++;
			reply = window_fault(f, worker, basalt_get_mr(0), basalt_get_mr(1));
		} else if (w->finished) {
			/* done with its share: it stops here (worker_start) */
		} else if (label == BASALT_FAULT_USER_EXCEPTION) {
			f->handler_stats.faults_exception++;
			last_fault_pc[worker] = 0;
			basalt_set_mr(0, (basalt_word_t)(uintptr_t)worker_resume);
			basalt_set_mr(1, w->th.stack_top);
			answer = basalt_msginfo(0, 0, 0, 2);
			reply = true;
		} else if (label == BASALT_FAULT_UNKNOWN_SYSCALL) {
			f->handler_stats.faults_syscall++;
			basalt_set_mr(0, basalt_get_mr(0) + 4);
			answer = basalt_msginfo(0, 0, 0, UNKNOWN_SYSCALL_WORDS);
			reply = true;
		}
		if (!reply)
			f->handler_stats.handler_drops++;
		/* Not replying: receiving again drops the reply cap, and the
		 * worker stays stopped. */
		info = reply ? basalt_reply_recv(ICPTR(I_FAULT_EP), answer, &badge)
			     : basalt_recv(ICPTR(I_FAULT_EP), &badge);
	}
}
