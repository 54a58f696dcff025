/*
 * SiFive UART (FU540/FU740, QEMU sifive_u): a 32-bit register block whose
 * txdata register reads back bit 31 set while the transmit FIFO is full.
 */
#include "platform/uart.h"

#define SIFIVE_UART_TXDATA 0x00
#define SIFIVE_UART_TXCTRL 0x08
#define SIFIVE_UART_TXDATA_FULL (1u << 31)
#define SIFIVE_UART_TXCTRL_TXEN 1u

static volatile uint32_t *reg(const uart_t *u, unsigned offset)
{
	return (volatile uint32_t *)(u->base + offset);
}

static void sifive_init(uart_t *u)
{
	*reg(u, SIFIVE_UART_TXCTRL) |= SIFIVE_UART_TXCTRL_TXEN;
}

static void sifive_putc(uart_t *u, char c)
{
	while (*reg(u, SIFIVE_UART_TXDATA) & SIFIVE_UART_TXDATA_FULL)
		;
	*reg(u, SIFIVE_UART_TXDATA) = (uint8_t)c;
}

const uart_driver_t uart_sifive = {
	.compatible = "sifive,uart0",
	.name = "sifive,uart0",
	.init = sifive_init,
	.putc = sifive_putc,
};
