/*
 * Measuring how long the kernel runs with interrupts off (debug builds).
 *
 * The kernel takes interrupts only between kernel entries: from a trap
 * until it returns to a thread, interrupts are off, and a pending one is
 * noticed only at a preemption point that polls (core/preempt.c) or at the
 * return. So the worst interrupt latency the kernel adds is the longest
 * stretch of instructions between two such "observation points": a kernel
 * entry, a polling preemption point, a return to a thread (including the
 * idle thread, which waits with interrupts on).
 *
 * The entry code (user_entry.S, debug builds only, through
 * debug/entry_hooks.c) calls irqoff_entry(); thread_restore calls
 * irqoff_exit(); preemption_point() calls
 * irqoff_poll() each time it looks for a pending interrupt. Each hart
 * keeps, in its hart_local_t, the instret value where the open stretch
 * began and the longest stretch seen with the kind of entry it belonged to.
 * BASALT_SYS_DEBUG_IRQOFF reads (and optionally resets) the maximum over all
 * harts. Release builds have none of this: the entry and exit paths are
 * instruction for instruction what the benchmarks measure.
 *
 * Stretches are counted in retired instructions (instret): under QEMU with
 * -icount that is exact; without it QEMU's instret follows host time.
 */
#ifndef BASALT_KERNEL_DEBUG_IRQOFF_H
#define BASALT_KERNEL_DEBUG_IRQOFF_H

#include <stdbool.h>
#include <stdint.h>

/* The kind word of a stretch (returned to user space, see
 * basalt/syscall.h BASALT_SYS_DEBUG_IRQOFF): scause for exceptions and
 * interrupts (bit 63 set for an interrupt); for a system call
 * IRQOFF_KIND_SYSCALL | number << 16 | the message label's low 16 bits. */
#define IRQOFF_KIND_SYSCALL (1ull << 62)

/* Entry from a thread (registers saved in its context). */
void irqoff_entry(void);

/* Return to a thread: the open stretch ends. */
void irqoff_exit(void);

/* A preemption point looked for a pending interrupt: the stretch ends
 * here and the next one begins. */
void irqoff_poll(void);

/* Forget the open stretch (a debugging call that is not part of the
 * kernel's normal work, the audit, would otherwise dominate). */
void irqoff_discard(void);

/* The longest stretch over all harts and its kind; reset them if asked. */
uint64_t irqoff_max(uint64_t *kind, bool reset);

#endif
