/*
 * The console UART driver: a program of its own (started by the root
 * task) that owns the console's receive side and serves the console
 * protocol (console.h). main.c finds the device and gets its
 * capabilities; serve.c is the request loop.
 */
#ifndef BASALT_UART_DRIVER_H
#define BASALT_UART_DRIVER_H

#include "console.h"
#include "line.h"
#include "uart_hw.h"

typedef struct driver {
	const uart_hw_t *hw;
	uart_regs_t regs;
	basalt_word_t paddr;           /* the registers' physical address */
	uint32_t irq;
	basalt_cptr_t ep;              /* requests and interrupts arrive here */
	basalt_cptr_t handler;         /* the IRQ handler */
	/* The waiting reader's reply cap is saved in `reader`; `spare` is an
	 * empty slot used to see whether it is still there (docs/console.md). */
	basalt_cptr_t reader, spare;
	bool reader_waiting;
	unsigned reader_max;
	basalt_word_t interrupts, received;
	line_editor_t line;
} driver_t;

/* Serve requests and interrupts forever. */
void __attribute__((noreturn)) driver_serve(driver_t *d);

/* Stop this program for good (its parent keeps its objects). */
void __attribute__((noreturn)) driver_stop(void);

#endif
