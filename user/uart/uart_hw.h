/*
 * The console driver's hardware backends. Each knows one register layout
 * and takes its geometry from the device tree (reg-shift, reg-io-width);
 * uart_hw_match() picks one by the node's `compatible` list, most specific
 * first. A backend receives with interrupts and sends by polling, and
 * never touches what the kernel relies on for its own output (line
 * settings, baud rate, the transmit FIFO): docs/console.md, "Sharing the
 * UART with the kernel".
 */
#ifndef BASALT_UART_HW_H
#define BASALT_UART_HW_H

#include <stdint.h>

#include "fdt/fdt.h"

typedef struct uart_regs {
	uintptr_t base;          /* virtual address of the registers */
	uint32_t reg_shift;      /* register n at base + (n << reg_shift) */
	uint32_t reg_io_width;   /* bytes per access (1 or 4) */
} uart_regs_t;

typedef struct uart_hw {
	const char *name;
	unsigned kind;                               /* CONSOLE_KIND_* */
	/* Raise an interrupt while received data waits; nothing else changes. */
	void (*rx_enable)(const uart_regs_t *r);
	/* A received byte, or -1 when none waits. */
	int (*getc)(const uart_regs_t *r);
	/* Send one byte, waiting for room. */
	void (*putc)(const uart_regs_t *r, uint8_t c);
} uart_hw_t;

extern const uart_hw_t uart_hw_ns16550a;
extern const uart_hw_t uart_hw_sifive;

/* The backend for the first of the node's compatible strings that has
 * one; NULL if none does. */
const uart_hw_t *uart_hw_match(const fdt_t *fdt, int node);

#endif
