/*
 * The few devices the kernel drives itself: its console UART and, where the
 * board has one, a power-off device that can report failure. Both are found
 * through the device tree and mapped into the kernel's device area; every
 * other device is left to user space.
 */
#include "arch/riscv/kernel_vm.h"
#include "boot/boot.h"
#include "core/printk.h"
#include "arch/riscv/interrupt.h"
#include "object/irq.h"
#include "platform/plic.h"
#include "platform/poweroff.h"
#include "platform/uart.h"

static uart_t console_uart;

static void uart_console_putc(void *ctx, char c)
{
	uart_t *u = ctx;

	if (c == '\n')
		u->driver->putc(u, '\r');
	u->driver->putc(u, c);
}

static const char *first_compatible(const fdt_t *fdt, int node)
{
	fdt_prop_t p;
	const char *s;

	if (node < 0 || !fdt_get_prop(fdt, node, "compatible", &p))
		return "-";
	s = fdt_prop_string_at(&p, 0);
	return s != NULL ? s : "-";
}

void boot_console_setup(boot_state_t *boot)
{
	const board_console_t *c = &boot->board.console;
	const uart_driver_t *driver;
	char path[128];
	uintptr_t regs;

	if (c->node < 0) {
		printk("console: firmware (SBI): %s\n",
		       c->unresolved ? "stdout-path names no node" : "no /chosen stdout-path");
		return;
	}
	if (!fdt_get_path(&boot->fdt, c->node, path, sizeof(path)))
		path[0] = '\0';
	driver = uart_driver_match(&boot->fdt, c->node);
	if (driver == NULL) {
		printk("console: firmware (SBI): no driver for %s (%s)\n",
		       first_compatible(&boot->fdt, c->node), path);
		return;
	}
	regs = kernel_vm_map_device(c->base, c->size != 0 ? c->size : 0x1000);
	if (regs == 0) {
		printk("console: firmware (SBI): cannot map %s registers\n", driver->name);
		return;
	}
	console_uart = (uart_t){
		.base = regs,
		.reg_shift = c->reg_shift,
		.reg_io_width = c->reg_io_width,
		.driver = driver,
	};
	if (driver->init != NULL)
		driver->init(&console_uart);
	console_set_sink(uart_console_putc, &console_uart);
	printk("console: %s at 0x%016llx (%s)\n", driver->name, (unsigned long long)c->base, path);
}

/*
 * The failure power-off is wanted from the first moment the device tree is
 * readable, so a board the kernel refuses still ends QEMU with a failure
 * status. Until paging is on the device is reached through the bootstrap
 * identity map; boot_poweroff_remap() moves it into the device area.
 */
void boot_poweroff_setup(boot_state_t *boot)
{
	int node = platform_poweroff_find(&boot->fdt);
	uint64_t base, size;

	boot->poweroff_size = 0;
	if (node < 0 || !board_node_reg(&boot->fdt, node, 0, &base, &size) || size == 0)
		return;
	boot->poweroff_node = node;
	boot->poweroff_pa = base;
	boot->poweroff_size = size;
	platform_poweroff_register(&boot->fdt, node, (uintptr_t)phys_to_virt(base));
}

void boot_poweroff_remap(boot_state_t *boot)
{
	uintptr_t regs;

	if (boot->poweroff_size == 0)
		return;
	regs = kernel_vm_map_device(boot->poweroff_pa, boot->poweroff_size);
	platform_poweroff_register(&boot->fdt, boot->poweroff_node, regs);
}

/* The platform interrupt controller, for user-level drivers: a PLIC, with
 * the context that interrupts this hart's S-mode. Only the three register
 * windows the kernel uses are mapped. */
static plic_t plic;
static intc_t intc;

static void plic_enable_op(void *s, uint32_t irq) { plic_enable(s, irq); }
static void plic_disable_op(void *s, uint32_t irq) { plic_disable(s, irq); }
static uint32_t plic_claim_op(void *s) { return plic_claim(s); }
static void plic_complete_op(void *s, uint32_t irq) { plic_complete(s, irq); }

void boot_intc_setup(boot_state_t *boot)
{
	const board_block_t *b = &boot->board.intc;
	uintptr_t prio, enables, context;
	uint32_t ctx;

	if (b->node < 0 || (!fdt_node_is_compatible(&boot->fdt, b->node, "riscv,plic0") &&
			    !fdt_node_is_compatible(&boot->fdt, b->node, "sifive,plic-1.0.0"))) {
		printk("irq: no interrupt controller the kernel drives: no user-level interrupts\n");
		return;
	}
	if (b->ndev == 0 || !board_intc_context(&boot->fdt, &boot->board, boot->hartid, &ctx)) {
		printk("irq: %s has no source count or no context for hart %llu: no user-level interrupts\n",
		       b->compatible, (unsigned long long)boot->hartid);
		return;
	}
	/* The count comes from the device tree: past the PLIC's limit, the
	 * enable bits would run beyond the one window mapped for them. */
	if (b->ndev > PLIC_MAX_SOURCES) {
		printk("irq: %s says %u sources, a PLIC has at most %u: no user-level interrupts\n",
		       b->compatible, b->ndev, PLIC_MAX_SOURCES);
		return;
	}
	prio = kernel_vm_map_device(b->base, 4ull * (b->ndev + 1));
	enables = kernel_vm_map_device(b->base + PLIC_ENABLE_OFFSET(ctx), 0x80);
	context = kernel_vm_map_device(b->base + PLIC_CONTEXT_OFFSET(ctx), 8);
	if (prio == 0 || enables == 0 || context == 0) {
		printk("irq: cannot map the PLIC's registers: no user-level interrupts\n");
		return;
	}
	plic = (plic_t){ (volatile uint32_t *)prio, (volatile uint32_t *)enables,
			 (volatile uint32_t *)context, b->ndev };
	plic_init(&plic);
	intc = (intc_t){ "plic", b->ndev, plic_enable_op, plic_disable_op, plic_claim_op,
			 plic_complete_op, &plic };
	irq_init(&intc);
	csr_set(sie, SIE_SEIE);
	printk("irq: PLIC context %u, sources 1..%u\n", ctx, b->ndev);
}
