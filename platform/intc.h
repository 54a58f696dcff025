/*
 * The platform interrupt controller as the kernel's IRQ layer sees it: a
 * number of sources (1..sources) that can be enabled, claimed when they
 * fire, and completed. A driver (plic.c today; an APLIC later) fills the
 * operations; kernel/boot/devices.c picks it by the device tree's
 * compatible and maps its registers.
 */
#ifndef BASALT_PLATFORM_INTC_H
#define BASALT_PLATFORM_INTC_H

#include <stdint.h>

typedef struct intc {
	const char *name;
	uint32_t sources;
	void (*enable)(void *state, uint32_t irq);
	void (*disable)(void *state, uint32_t irq);
	uint32_t (*claim)(void *state);          /* 0: nothing pending */
	void (*complete)(void *state, uint32_t irq);
	void *state;
} intc_t;

#endif
