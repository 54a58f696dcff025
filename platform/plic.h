/*
 * The RISC-V Platform-Level Interrupt Controller (compatible riscv,plic0 /
 * sifive,plic-1.0.0), as a bare driver: the caller found the controller
 * and the hart's context in the device tree and mapped the three register
 * windows the kernel uses; the driver only touches them.
 *
 *   priorities  base + 4 * irq                    (one word per source)
 *   enables     base + 0x2000 + 0x80 * context    (one bit per source)
 *   context     base + 0x200000 + 0x1000 * context: threshold, claim/complete
 *
 * Sources are numbered 1..ndev (0 means "none" in a claim).
 */
#ifndef BASALT_PLATFORM_PLIC_H
#define BASALT_PLATFORM_PLIC_H

#include <stdbool.h>
#include <stdint.h>

/* Sources 1..1023: one context's enable bits fill its 0x80-byte window. */
#define PLIC_MAX_SOURCES            1023

#define PLIC_PRIORITY_OFFSET(irq)   (4ull * (irq))
#define PLIC_ENABLE_OFFSET(ctx)     (0x2000ull + 0x80ull * (ctx))
#define PLIC_CONTEXT_OFFSET(ctx)    (0x200000ull + 0x1000ull * (ctx))

typedef struct plic {
	volatile uint32_t *priorities;   /* mapped base */
	volatile uint32_t *enables;      /* this context's enable bits */
	volatile uint32_t *context;      /* this context's threshold (word 0) and claim (word 1) */
	uint32_t ndev;
} plic_t;

/* Every source off, priority 1 each when enabled, threshold 0. */
void plic_init(plic_t *p);
void plic_enable(plic_t *p, uint32_t irq);
void plic_disable(plic_t *p, uint32_t irq);
/* The highest-priority pending source, now in service; 0 if none. */
uint32_t plic_claim(plic_t *p);
/* End the service of `irq`: it may interrupt again. */
void plic_complete(plic_t *p, uint32_t irq);

#endif
