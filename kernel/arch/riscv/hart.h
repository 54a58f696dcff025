/*
 * Per-hart kernel state. Each hart that runs the kernel owns one
 * hart_local_t, found through the tp register while in the kernel and
 * through sscratch while a thread runs (user_entry.S). Only the boot hart
 * runs today; SMP fills in the other slots.
 *
 * The first fields are read by the trap entry code in assembly: keep their
 * offsets (HL_*) in step.
 */
#ifndef BASALT_ARCH_RISCV_HART_H
#define BASALT_ARCH_RISCV_HART_H

#define HL_KSTACK_TOP 0
#define HL_CUR_CTX    8
#define HL_SCRATCH    16

#ifndef __ASSEMBLY__
#include <stdbool.h>
#include <stdint.h>

#include "arch/riscv/csr.h"
#include "arch/riscv/layout.h"

struct tcb;
struct sched_hart;

typedef struct hart_local {
	uint64_t kstack_top;      /* HL_KSTACK_TOP: the kernel stack every trap starts on */
	uint64_t cur_ctx;         /* HL_CUR_CTX: &current thread's saved context */
	uint64_t scratch;         /* HL_SCRATCH: one register's worth of room for the entry code */
	struct sched_hart *sched; /* this hart's scheduler state (sched.c) */
	struct tcb *fpu_owner;    /* whose registers this hart's FPU holds (fpu.c) */
	uint64_t hartid;          /* the platform's id for this hart */
	unsigned index;           /* the kernel's slot number, 0 = boot hart */
	bool panicking;           /* panic() in progress: the trap handler reports it */
	char panic_msg[160];
	/* Interrupts-off stretches (debug builds, debug/irqoff.h): where
	 * the open one began (0: none open), its entry kind, the longest. */
	uint64_t irqoff_start, irqoff_kind;
	uint64_t irqoff_max, irqoff_max_kind;
} hart_local_t;

_Static_assert(__builtin_offsetof(hart_local_t, kstack_top) == HL_KSTACK_TOP, "hart layout");
_Static_assert(__builtin_offsetof(hart_local_t, cur_ctx) == HL_CUR_CTX, "hart layout");
_Static_assert(__builtin_offsetof(hart_local_t, scratch) == HL_SCRATCH, "hart layout");

extern hart_local_t hart_locals[MAX_CPUS];

/* Claim slot `index` for the calling hart and point tp at it. */
void hart_local_init(unsigned index, uint64_t hartid);

static inline hart_local_t *hart_self(void)
{
	return (hart_local_t *)(uintptr_t)read_tp();
}
#endif

#endif
