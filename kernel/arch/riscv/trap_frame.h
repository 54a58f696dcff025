/*
 * The register frame the trap entry saves: x1..x31 in order (regs[0] is x1),
 * then the trap CSRs. Offsets are shared with trap_entry.S.
 */
#ifndef BASALT_ARCH_RISCV_TRAP_FRAME_H
#define BASALT_ARCH_RISCV_TRAP_FRAME_H

#define TF_REGS      0          /* x1..x31: 31 * 8 bytes */
#define TF_SEPC      (31 * 8)
#define TF_SSTATUS   (32 * 8)
#define TF_SCAUSE    (33 * 8)
#define TF_STVAL     (34 * 8)
#define TF_SIZE      (36 * 8)   /* keeps sp 16-byte aligned */

#ifndef __ASSEMBLY__
#include <stdint.h>

typedef struct trap_frame {
	uint64_t regs[31];
	uint64_t sepc;
	uint64_t sstatus;
	uint64_t scause;
	uint64_t stval;
	uint64_t pad;
} trap_frame_t;

_Static_assert(sizeof(trap_frame_t) == TF_SIZE, "trap frame layout");

/* The value of register xN (x0 reads as zero). */
static inline uint64_t trap_frame_reg(const trap_frame_t *f, unsigned n)
{
	return n == 0 ? 0 : f->regs[n - 1];
}

void trap_from_kernel(trap_frame_t *frame);
void trap_init(void);
#endif

#endif
