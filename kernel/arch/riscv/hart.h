/*
 * Per-hart kernel state. Each hart that runs the kernel owns one
 * hart_local_t, found through the tp register while in the kernel. Only the
 * boot hart runs today; SMP fills in the other slots.
 */
#ifndef BASALT_ARCH_RISCV_HART_H
#define BASALT_ARCH_RISCV_HART_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/riscv/csr.h"
#include "arch/riscv/layout.h"

typedef struct hart_local {
	uint64_t hartid;          /* the platform's id for this hart */
	unsigned index;           /* the kernel's slot number, 0 = boot hart */
	bool panicking;           /* panic() in progress: the trap handler reports it */
	char panic_msg[160];
} hart_local_t;

extern hart_local_t hart_locals[MAX_CPUS];

/* Claim slot `index` for the calling hart and point tp at it. */
void hart_local_init(unsigned index, uint64_t hartid);

static inline hart_local_t *hart_self(void)
{
	return (hart_local_t *)(uintptr_t)read_tp();
}

#endif
