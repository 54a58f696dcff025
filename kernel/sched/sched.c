/*
 * Ready queues and the scheduling decision (see sched.h).
 */
#include "sched/sched.h"

#include "arch/riscv/hart.h"
#include "core/panic.h"
#include "object/thread.h"

sched_hart_t sched_harts[MAX_CPUS];

void sched_attach_hart(void)
{
	hart_self()->sched = &sched_harts[hart_self()->index];
}

static void bitmap_set(sched_hart_t *s, unsigned prio)
{
	s->bitmap[prio / 64] |= 1ull << (prio % 64);
}

static void bitmap_clear(sched_hart_t *s, unsigned prio)
{
	s->bitmap[prio / 64] &= ~(1ull << (prio % 64));
}

/* The highest set bit of a non-zero word (no libgcc in the kernel). */
static int top_bit(uint64_t v)
{
	int n = 0;

	for (int shift = 32; shift > 0; shift /= 2) {
		if (v >> shift) {
			v >>= shift;
			n += shift;
		}
	}
	return n;
}

int sched_highest_queued(void)
{
	sched_hart_t *s = sched_here();

	for (int w = BASALT_NUM_PRIORITIES / 64 - 1; w >= 0; w--) {
		if (s->bitmap[w] != 0)
			return w * 64 + top_bit(s->bitmap[w]);
	}
	return -1;
}

void sched_enqueue(tcb_t *t)
{
	sched_hart_t *s = &sched_harts[t->hart];
	unsigned p = t->priority;

	if (t->queued)
		return;
	t->sched_next = NULL;
	t->sched_prev = s->tail[p];
	if (s->tail[p] != NULL)
		s->tail[p]->sched_next = t;
	else
		s->head[p] = t;
	s->tail[p] = t;
	t->queued = 1;
	bitmap_set(s, p);
}

void sched_enqueue_front(tcb_t *t)
{
	sched_hart_t *s = &sched_harts[t->hart];
	unsigned p = t->priority;

	if (t->queued)
		return;
	t->sched_prev = NULL;
	t->sched_next = s->head[p];
	if (s->head[p] != NULL)
		s->head[p]->sched_prev = t;
	else
		s->tail[p] = t;
	s->head[p] = t;
	t->queued = 1;
	bitmap_set(s, p);
}

void sched_dequeue(tcb_t *t)
{
	sched_hart_t *s = &sched_harts[t->hart];
	unsigned p = t->priority;

	if (!t->queued)
		return;
	if (t->sched_prev != NULL)
		t->sched_prev->sched_next = t->sched_next;
	else
		s->head[p] = t->sched_next;
	if (t->sched_next != NULL)
		t->sched_next->sched_prev = t->sched_prev;
	else
		s->tail[p] = t->sched_prev;
	t->sched_next = t->sched_prev = NULL;
	t->queued = 0;
	if (s->head[p] == NULL)
		bitmap_clear(s, p);
}

void sched_reschedule_required(void)
{
	sched_hart_t *s = sched_here();

	/* A candidate chosen earlier goes back to the queue: the new choice
	 * will consider it with everyone else. */
	if (s->action != NULL && s->action != SCHED_CHOOSE_NEW)
		sched_enqueue(s->action);
	s->action = SCHED_CHOOSE_NEW;
}

void sched_possible_switch_to(tcb_t *t)
{
	sched_hart_t *s = sched_here();

	if (s->action != NULL) {
		/* A decision is already pending: let the full choice decide. */
		sched_enqueue(t);
		sched_reschedule_required();
		return;
	}
	s->action = t;
}

void sched_yield(void)
{
	sched_hart_t *s = sched_here();
	tcb_t *cur = s->current;

	if (cur != s->idle && thread_is_runnable(cur)) {
		cur->time_slice = SCHED_TIME_SLICE;
		sched_enqueue(cur);
	}
	sched_reschedule_required();
}

void sched_tick(void)
{
	sched_hart_t *s = sched_here();
	tcb_t *cur = s->current;

	if (cur == s->idle || !thread_is_runnable(cur))
		return;
	if (cur->time_slice > 1) {
		cur->time_slice--;
		return;
	}
	/* Slice used up: to the back of its priority's queue. */
	cur->time_slice = SCHED_TIME_SLICE;
	sched_enqueue(cur);
	sched_reschedule_required();
}

static tcb_t *choose(sched_hart_t *s)
{
	int p = sched_highest_queued();
	tcb_t *t;

	if (p < 0)
		return s->idle;
	t = s->head[p];
	sched_dequeue(t);
	return t;
}

static void switch_to(sched_hart_t *s, tcb_t *t)
{
	assert(!t->queued);
	s->current = t;
	hart_self()->cur_ctx = (uint64_t)(uintptr_t)&t->ctx;
	thread_activate(t);
}

void sched_switch_now(tcb_t *next)
{
	next->state = THREAD_RUNNING;
	switch_to(sched_here(), next);
}

void sched_schedule(void)
{
	sched_hart_t *s = sched_here();
	tcb_t *cur = s->current;
	tcb_t *action = s->action;
	bool cur_runnable = cur != s->idle && thread_is_runnable(cur);

	s->action = NULL;
	if (action == NULL) {
		if (cur_runnable || cur == s->idle)
			return;
		action = SCHED_CHOOSE_NEW;   /* the current thread blocked without saying so */
	}
	if (action != SCHED_CHOOSE_NEW) {
		if (!thread_is_runnable(action)) {
			action = SCHED_CHOOSE_NEW;
		} else if (cur_runnable && cur->priority >= action->priority) {
			/* The woken thread does not outrank the current one. */
			sched_enqueue(action);
			return;
		} else {
			int best = sched_highest_queued();

			if (best > action->priority) {
				sched_enqueue(action);
				action = SCHED_CHOOSE_NEW;
			}
		}
	}
	if (cur_runnable)
		sched_enqueue_front(cur);
	if (action == SCHED_CHOOSE_NEW)
		action = choose(s);
	else
		sched_dequeue(action);
	switch_to(s, action);
}

void sched_init_hart(tcb_t *idle, tcb_t *first)
{
	sched_hart_t *s = sched_here();

	s->idle = idle;
	s->current = idle;
	s->action = NULL;
	if (first != NULL)
		sched_enqueue(first);
	s->action = SCHED_CHOOSE_NEW;
	sched_schedule();
}
