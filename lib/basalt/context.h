/*
 * A thread's user-visible registers, as TCB_ReadRegisters and
 * TCB_WriteRegisters order them: word 0 is the pc, word n (1..31) is
 * register xn (1 ra, 2 sp, 3 gp, 4 tp, 5-7 t0-t2, 8 s0/fp, 9 s1,
 * 10-17 a0-a7, 18-27 s2-s11, 28-31 t3-t6). A count n transfers words
 * 0..n-1.
 */
#ifndef BASALT_ABI_CONTEXT_H
#define BASALT_ABI_CONTEXT_H

#include "basalt/types.h"

#define BASALT_CONTEXT_WORDS 32

enum basalt_context_index {
	BASALT_CTX_PC = 0, BASALT_CTX_RA = 1, BASALT_CTX_SP = 2, BASALT_CTX_GP = 3,
	BASALT_CTX_TP = 4, BASALT_CTX_T0 = 5, BASALT_CTX_S0 = 8, BASALT_CTX_A0 = 10,
	BASALT_CTX_A1 = 11, BASALT_CTX_A2 = 12, BASALT_CTX_A7 = 17,
};

typedef struct basalt_user_context {
	basalt_word_t words[BASALT_CONTEXT_WORDS];
} basalt_user_context_t;

/* TCB_ReadRegisters MR0 / TCB_WriteRegisters MR0 / TCB_CopyRegisters MR0 */
#define BASALT_TCB_SUSPEND_SOURCE (1u << 0)   /* Read, Copy: suspend the source first */
#define BASALT_TCB_RESUME_TARGET  (1u << 1)   /* Write, Copy: resume the target after */
#define BASALT_TCB_COPY_FRAME     (1u << 2)   /* Copy: pc, ra, sp, gp, tp, s0-s11 */
#define BASALT_TCB_COPY_INTEGER   (1u << 3)   /* Copy: a0-a7, t0-t6 */

#endif
