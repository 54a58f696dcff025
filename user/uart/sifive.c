/*
 * SiFive UART (FU540/FU740, QEMU sifive_u): 32-bit registers at fixed
 * offsets (SiFive FU740-C000 manual, chapter "UART"):
 *
 *   0x00 txdata   bits 0-7: byte to send; reads bit 31 set while the
 *                 transmit FIFO is full
 *   0x04 rxdata   bits 0-7: received byte; bit 31 set when the receive
 *                 FIFO was empty (then the byte is not valid)
 *   0x0c rxctrl   bit 0: receiver enable; bits 16-18: rxcnt, the watermark
 *   0x10 ie       bit 1: rxwm, interrupt while the receive FIFO holds more
 *                 than rxcnt entries
 *
 * The firmware and the kernel own transmission (txctrl, div): we only set
 * the receiver up, with watermark 0 so every byte interrupts.
 */
#include "uart_hw.h"

#include "console.h"

#define TXDATA 0x00
#define RXDATA 0x04
#define RXCTRL 0x0c
#define IE     0x10

#define TXDATA_FULL  (1u << 31)
#define RXDATA_EMPTY (1u << 31)
#define RXCTRL_RXEN  1u
#define RXCTRL_RXCNT (7u << 16)
#define IE_RXWM      (1u << 1)

static volatile uint32_t *reg(const uart_regs_t *r, unsigned offset)
{
	return (volatile uint32_t *)(r->base + offset);
}

static void sifive_rx_enable(const uart_regs_t *r)
{
	*reg(r, RXCTRL) = (*reg(r, RXCTRL) & ~RXCTRL_RXCNT) | RXCTRL_RXEN;
	*reg(r, IE) = IE_RXWM;
}

static int sifive_getc(const uart_regs_t *r)
{
	/* One read pops the FIFO: take the byte from the same read. */
	uint32_t v = *reg(r, RXDATA);

	return (v & RXDATA_EMPTY) ? -1 : (int)(v & 0xff);
}

static void sifive_putc(const uart_regs_t *r, uint8_t c)
{
	while (*reg(r, TXDATA) & TXDATA_FULL)
		;
	*reg(r, TXDATA) = c;
}

const uart_hw_t uart_hw_sifive = {
	.name = "sifive,uart0",
	.kind = CONSOLE_KIND_SIFIVE,
	.rx_enable = sifive_rx_enable,
	.getc = sifive_getc,
	.putc = sifive_putc,
};
