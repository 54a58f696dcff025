/*
 * Console UART drivers. Each bare driver knows one register layout and
 * takes its base address and register geometry from the device tree; the
 * table in uart_drivers.c matches `compatible` strings to drivers, so
 * supporting a new board's UART is a driver plus a table row, never an
 * address in generic code.
 */
#ifndef BASALT_PLATFORM_UART_H
#define BASALT_PLATFORM_UART_H

#include <stdint.h>

#include "fdt/fdt.h"

typedef struct uart {
	uintptr_t base;          /* virtual address of the registers */
	uint32_t reg_shift;      /* register n is at base + (n << reg_shift) */
	uint32_t reg_io_width;   /* access width in bytes (1 or 4) */
	const struct uart_driver *driver;
} uart_t;

typedef struct uart_driver {
	const char *compatible;
	const char *name;
	/* Make the transmitter usable; the firmware normally did it already,
	 * so drivers only enable what must be on and keep the baud rate. */
	void (*init)(uart_t *uart);
	/* Send one byte, waiting for room. */
	void (*putc)(uart_t *uart, char c);
} uart_driver_t;

/* The driver for the first of the node's compatible strings that has one;
 * NULL if none does. */
const uart_driver_t *uart_driver_match(const fdt_t *fdt, int node);

extern const uart_driver_t uart_ns16550;
extern const uart_driver_t uart_sifive;

#endif
