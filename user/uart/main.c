/*
 * The console UART driver's start: find the console in the device tree
 * (the boot info's read-only copy, shared by the parent), get a frame for
 * its registers and a handler for its interrupt from the resource service,
 * map the registers uncached, route the interrupt to a notification bound
 * to our thread, turn on receive interrupts, tell the parent we are up,
 * then serve (serve.c).
 *
 * The driver finds its device itself, from the same device tree the
 * kernel read: its parent only hands out capabilities for what it asks.
 */
#include "driver.h"

#include "bootinfo.h"
#include "device.h"
#include "print.h"
#include "resource.h"
#include "vmem.h"

/* Where the driver maps device registers in its own address space (its
 * image, stack, IPC buffer and the device tree lie below). */
#define DEVICE_WINDOW     0x40000000ul
#define DEVICE_WINDOW_END 0x80000000ul

/* Why the driver could not start: its report to the parent
 * (RESOURCE_STARTED's MR0); the details go to the kernel's console. */
enum start_failure {
	START_OK = 0,
	START_NO_BOARD,      /* no readable device tree */
	START_NO_CONSOLE,    /* /chosen/stdout-path names no device */
	START_NO_BACKEND,    /* no backend for its compatible */
	START_NO_IRQ,        /* its interrupt does not go to the PLIC */
	START_NO_FRAME,      /* the resource service refused the frame */
	START_NO_MAPPING,    /* the registers could not be mapped */
	START_NO_HANDLER,    /* the resource service refused the IRQ handler */
	START_NO_OBJECTS,    /* out of memory or slots for our own objects */
};

static basalt_alloc_t alloc;
static basalt_vmem_t vmem;
static driver_t driver;

static basalt_word_t fail(enum start_failure f, const char *what, long code)
{
	printf("uart: cannot start: %s (%ld)\n", what, code);
	return f;
}

static void echo(void *ctx, const char *s, unsigned n)
{
	driver_t *d = ctx;

	for (unsigned i = 0; i < n; i++)
		d->hw->putc(&d->regs, (uint8_t)s[i]);
}

/* The notification our interrupts signal, bound to our thread so they
 * end our Recv on the endpoint; its badge tells them from requests. */
static basalt_error_t route_interrupts(driver_t *d)
{
	basalt_cptr_t ntfn, badged = basalt_alloc_slot(&alloc);
	basalt_error_t e = basalt_alloc_object(&alloc, BASALT_OBJ_NOTIFICATION, 0, &ntfn);

	if (e != BASALT_OK || badged == 0)
		return e != BASALT_OK ? e : BASALT_NOT_ENOUGH_MEMORY;
	e = basalt_cnode_mint(alloc.cnode, badged, alloc.depth, alloc.cnode, ntfn, alloc.depth,
			      BASALT_RIGHTS_ALL, CONSOLE_BADGE_IRQ);
	if (e == BASALT_OK)
		e = basalt_irq_handler_set_notification(d->handler, badged);
	if (e == BASALT_OK)
		e = basalt_tcb_bind_notification(BASALT_INIT_TCB, ntfn);
	/* The handler keeps a copy of its own. */
	basalt_cnode_delete(alloc.cnode, badged, alloc.depth);
	return e;
}

static basalt_word_t start(driver_t *d, const basalt_bootinfo_t *bi)
{
	const fdt_t *fdt;
	const board_t *board;
	const board_console_t *c;
	basalt_cptr_t frame;
	basalt_word_t va, offset;
	diag_t why;
	basalt_error_t e;

	basalt_alloc_init(&alloc, bi->h.empty.start, bi->h.empty.end);
	for (basalt_word_t u = bi->h.untyped.start; u < bi->h.untyped.end; u++)
		basalt_alloc_add_untyped(&alloc, u);
	basalt_vmem_init(&vmem, BASALT_INIT_VSPACE, DEVICE_WINDOW, DEVICE_WINDOW_END, &alloc);

	board = basalt_board(bi, &fdt, &why);
	if (board == NULL)
		return fail(START_NO_BOARD, bi->h.dtb_vaddr == 0 ? "no device tree" : why.msg, 0);
	c = &board->console;
	if (c->node < 0)
		return fail(START_NO_CONSOLE, "no console in /chosen/stdout-path", 0);
	d->hw = uart_hw_match(fdt, c->node);
	if (d->hw == NULL)
		return fail(START_NO_BACKEND, "no backend for the console's compatible", 0);
	if (!board_device_irq(fdt, board, c->node, &d->irq))
		return fail(START_NO_IRQ, "the console's interrupt is not the PLIC's", 0);
	offset = c->base & 4095;
	if (offset + ((basalt_word_t)8 << c->reg_shift) > 4096)
		return fail(START_NO_MAPPING, "the registers cross a page", 0);

	/* The registers: a frame from the resource service, mapped uncached. */
	frame = basalt_alloc_slot(&alloc);
	e = resource_device_frame(CONSOLE_DRIVER_RESOURCE, c->base - offset, frame);
	if (e != BASALT_OK)
		return fail(START_NO_FRAME, "no frame for the registers", e);
	va = basalt_vmem_reserve(&vmem, 1);
	e = basalt_vmem_map_frame_attr(&vmem, frame, va, BASALT_MAP_READ | BASALT_MAP_WRITE,
				       BASALT_MAP_ATTR_UNCACHED);
	if (e != BASALT_OK)
		return fail(START_NO_MAPPING, "cannot map the registers", e);
	d->paddr = c->base;
	d->regs = (uart_regs_t){ va + offset, c->reg_shift, c->reg_io_width };

	/* The interrupt. */
	d->handler = basalt_alloc_slot(&alloc);
	e = resource_irq_handler(CONSOLE_DRIVER_RESOURCE, d->irq, d->handler);
	if (e != BASALT_OK)
		return fail(START_NO_HANDLER, "no handler for the interrupt", e);
	e = route_interrupts(d);
	d->reader = basalt_alloc_slot(&alloc);
	d->spare = basalt_alloc_slot(&alloc);
	if (e != BASALT_OK || d->spare == 0)
		return fail(START_NO_OBJECTS, "cannot make our notification", e);

	d->ep = CONSOLE_DRIVER_ENDPOINT;
	line_init(&d->line, echo, d);
	d->hw->rx_enable(&d->regs);
	printf("uart: %s at 0x%llx, interrupt %u: serving the console\n", d->hw->name,
	       (unsigned long long)d->paddr, d->irq);
	return START_OK;
}

void driver_stop(void)
{
	for (;;)
		basalt_tcb_suspend(BASALT_INIT_TCB);
}

int main(const basalt_bootinfo_t *bi)
{
	basalt_word_t failure = start(&driver, bi);

	/* The parent waits for this report either way. */
	resource_started(CONSOLE_DRIVER_RESOURCE, failure);
	if (failure != START_OK)
		driver_stop();
	driver_serve(&driver);
}
