/*
 * NS16550-compatible UART (QEMU virt and many SoCs): transmit by polling
 * the Line Status Register's "transmit holding register empty" bit.
 * Registers are spaced by 1 << reg-shift and accessed reg-io-width wide.
 */
#include "platform/uart.h"

#define NS16550_THR 0   /* transmit holding register (write) */
#define NS16550_LSR 5   /* line status register */
#define NS16550_LSR_THRE 0x20

static uint32_t reg_read(const uart_t *u, unsigned reg)
{
	uintptr_t addr = u->base + ((uintptr_t)reg << u->reg_shift);

	if (u->reg_io_width == 4)
		return *(volatile uint32_t *)addr;
	return *(volatile uint8_t *)addr;
}

static void reg_write(const uart_t *u, unsigned reg, uint32_t value)
{
	uintptr_t addr = u->base + ((uintptr_t)reg << u->reg_shift);

	if (u->reg_io_width == 4)
		*(volatile uint32_t *)addr = value;
	else
		*(volatile uint8_t *)addr = (uint8_t)value;
}

static void ns16550_putc(uart_t *u, char c)
{
	while ((reg_read(u, NS16550_LSR) & NS16550_LSR_THRE) == 0)
		;
	reg_write(u, NS16550_THR, (uint8_t)c);
}

const uart_driver_t uart_ns16550 = {
	.compatible = "ns16550a",
	.name = "ns16550a",
	.init = NULL,
	.putc = ns16550_putc,
};
