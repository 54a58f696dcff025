/*
 * NS16550A (QEMU virt, many SoCs). Registers, each 1 << reg-shift apart:
 *
 *   0 RBR (read) / THR (write)   received / to-send byte (with LCR.DLAB 0)
 *   1 IER                        bit 0: interrupt while received data waits
 *   4 MCR                        bit 3: OUT2, which gates the interrupt
 *                                output on PC-style boards
 *   5 LSR                        bit 0: data ready; bit 5: THR empty;
 *                                bits 1-4: overrun, parity, framing, break
 *
 * The firmware set the line up (LCR, divisor, FIFOs) and the kernel sends
 * through THR by polling: we leave LCR, the divisor and FCR alone (a FIFO
 * reset could drop bytes the kernel has queued) and only turn on the
 * receive interrupt.
 */
#include "uart_hw.h"

#include "console.h"

#define RBR 0
#define THR 0
#define IER 1
#define MCR 4
#define LSR 5

#define IER_RX_DATA 0x01
#define MCR_OUT2 0x08
#define LSR_DATA_READY 0x01
#define LSR_BREAK 0x10
#define LSR_THR_EMPTY 0x20

static uint32_t rd(const uart_regs_t *r, unsigned reg)
{
	uintptr_t a = r->base + ((uintptr_t)reg << r->reg_shift);

	return r->reg_io_width == 4 ? *(volatile uint32_t *)a : *(volatile uint8_t *)a;
}

static void wr(const uart_regs_t *r, unsigned reg, uint32_t v)
{
	uintptr_t a = r->base + ((uintptr_t)reg << r->reg_shift);

	if (r->reg_io_width == 4)
		*(volatile uint32_t *)a = v;
	else
		*(volatile uint8_t *)a = (uint8_t)v;
}

static void ns16550_rx_enable(const uart_regs_t *r)
{
	wr(r, MCR, rd(r, MCR) | MCR_OUT2);
	wr(r, IER, IER_RX_DATA);
}

static int ns16550_getc(const uart_regs_t *r)
{
	for (;;) {
		uint32_t lsr = rd(r, LSR);
		uint8_t c;

		if (!(lsr & LSR_DATA_READY))
			return -1;
		c = (uint8_t)rd(r, RBR);
		/* A break arrives as a NUL with LSR.BI: not a byte anyone typed. */
		if (!(lsr & LSR_BREAK))
			return c;
	}
}

static void ns16550_putc(const uart_regs_t *r, uint8_t c)
{
	while (!(rd(r, LSR) & LSR_THR_EMPTY))
		;
	wr(r, THR, c);
}

const uart_hw_t uart_hw_ns16550a = {
	.name = "ns16550a",
	.kind = CONSOLE_KIND_NS16550A,
	.rx_enable = ns16550_rx_enable,
	.getc = ns16550_getc,
	.putc = ns16550_putc,
};
