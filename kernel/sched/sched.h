/*
 * The scheduler: fixed priorities (0..255, higher runs first), round robin
 * among equals with a time slice of SCHED_TIME_SLICE ticks.
 *
 * Each hart has its own ready queues (one FIFO per priority plus a bitmap
 * of non-empty ones), its current thread and its idle thread; only the
 * boot hart exists today. The current thread is never on a queue while it
 * runs. Kernel operations that wake or block threads record what the
 * scheduler should do (sched_action) and sched_schedule() does it once,
 * right before the kernel returns to a thread.
 */
#ifndef BASALT_KERNEL_SCHED_H
#define BASALT_KERNEL_SCHED_H

#include <stdint.h>

#include "arch/riscv/hart.h"
#include "arch/riscv/layout.h"
#include "object/tcb.h"

#define SCHED_TIME_SLICE 5    /* ticks */

typedef struct sched_hart {
	tcb_t *current;
	tcb_t *idle;
	tcb_t *action;            /* NULL: resume current; SCHED_CHOOSE_NEW; or a thread to switch to */
	tcb_t *head[BASALT_NUM_PRIORITIES];
	tcb_t *tail[BASALT_NUM_PRIORITIES];
	uint64_t bitmap[BASALT_NUM_PRIORITIES / 64];
} sched_hart_t;

#define SCHED_CHOOSE_NEW ((tcb_t *)1)

extern sched_hart_t sched_harts[MAX_CPUS];

/* This hart's scheduler state (on every kernel path: one load from tp). */
static inline sched_hart_t *sched_here(void)
{
	return hart_self()->sched;
}

/* Give this hart its scheduler state (right after hart_local_init). */
void sched_attach_hart(void);

static inline tcb_t *sched_current(void)
{
	return sched_here()->current;
}

void sched_init_hart(tcb_t *idle, tcb_t *first);

void sched_enqueue(tcb_t *t);          /* at the tail of its priority */
void sched_enqueue_front(tcb_t *t);    /* at the head (keeps its turn) */
void sched_dequeue(tcb_t *t);

/* `t` just became runnable: run it now if it outranks the current thread,
 * else queue it. */
void sched_possible_switch_to(tcb_t *t);

/* The current thread can no longer run, or priorities changed. */
void sched_reschedule_required(void);

/* Give up the rest of the time slice to equals. */
void sched_yield(void);

/* A timer tick on this hart. */
void sched_tick(void);

/* Switch to `next` now (the IPC fast path, after the current thread
 * blocked and with no decision pending): it becomes the running current
 * thread without passing through the queues. */
void sched_switch_now(tcb_t *next);

/* Carry out the pending decision; afterwards sched_current() is the thread
 * to return to (maybe the idle thread). */
void sched_schedule(void);

/* The highest priority with a runnable thread queued, or -1. */
int sched_highest_queued(void);

#endif
