/*
 * The scheduler tick. Its period in timebase ticks comes from the device
 * tree (board_timebase_ticks(): the boot does not start the timer at all
 * without a timebase); the next deadline is programmed either in the Sstc
 * extension's stimecmp CSR (no trip to the firmware) or with SBI TIME
 * set_timer.
 */
#include "arch/riscv/interrupt.h"

#include "arch/riscv/sbi.h"
#include "sched/sched.h"

#define CSR_STIMECMP 0x14d

/* How many reads of `time` timer_advances() waits for it to change. */
#define TIMER_PROBE_READS 1000000u

static uint64_t period;
static uint64_t next_deadline;
static uint64_t ticks;
static bool use_sstc;

static uint64_t read_time(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static void program(uint64_t deadline)
{
	if (use_sstc)
		__asm__ volatile("csrw 0x14d, %0" :: "r"(deadline));
	else
		sbi_call(SBI_EXT_TIME, 0, (long)deadline, 0, 0);
}

/* `period` after `t`, or the end of time: a period from an absurd
 * timebase must not wrap around into a deadline already past (which
 * would interrupt again at once, for ever). */
static uint64_t deadline_after(uint64_t t, uint64_t ticks)
{
	return t > UINT64_MAX - ticks ? UINT64_MAX : t + ticks;
}

/*
 * Does the time CSR move? Some firmware set-ups have no timer device (an
 * M-mode CLINT it does not know about: OpenSBI given a device tree without
 * one) and then emulate `time` as a constant and fire every deadline at
 * once, which would interrupt the first user instruction for ever. A real
 * timebase of at least a few kHz ticks within the bound on any hart fast
 * enough to run us, and so does QEMU's under -icount.
 */
bool timer_advances(void)
{
	uint64_t first = read_time();

	for (unsigned i = 0; i < TIMER_PROBE_READS; i++) {
		if (read_time() != first)
			return true;
	}
	return false;
}

void timer_init(uint64_t period_ticks, bool sstc)
{
	use_sstc = sstc;
	period = period_ticks != 0 ? period_ticks : 1;
	next_deadline = deadline_after(read_time(), period);
	program(next_deadline);
	csr_set(sie, SIE_STIE);
}

void timer_tick(void)
{
	uint64_t now = read_time();

	/* Keep a steady rhythm, but never program a deadline in the past
	 * (after a long stop under a debugger, say). */
	next_deadline = deadline_after(next_deadline, period);
	if (next_deadline <= now)
		next_deadline = deadline_after(now, period);
	program(next_deadline);
	ticks++;
	sched_tick();
}

uint64_t timer_ticks(void)
{
	return ticks;
}

bool timer_uses_sstc(void)
{
	return use_sstc;
}
