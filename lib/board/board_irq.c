/*
 * Interrupt wiring from the device tree: which context of the platform
 * interrupt controller delivers to a given hart's S-mode, and which
 * controller input a device's interrupt is.
 *
 * A PLIC's `interrupts-extended` lists its contexts in order, each as
 * (phandle of a hart's local interrupt controller, cause number): cause 9
 * is the supervisor external interrupt, 11 the machine one (firmware marks
 * contexts it hides with 0xffffffff). The hart is the cpu node that is the
 * parent of that local controller.
 */
#include "board/board_internal.h"

bool board_intc_context(const fdt_t *fdt, const board_t *board, uint64_t hartid,
			uint32_t *context)
{
	fdt_prop_t prop;
	uint32_t count;

	if (board->intc.node < 0 ||
	    !fdt_get_prop(fdt, board->intc.node, "interrupts-extended", &prop) || prop.len % 8 != 0)
		return false;
	count = prop.len / 8;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t phandle = 0, cause = 0;
		int local, cpu;
		const board_hart_t *h;

		(void)fdt_prop_u32(&prop, 2 * i, &phandle);
		(void)fdt_prop_u32(&prop, 2 * i + 1, &cause);
		if (cause != 9)
			continue;
		local = fdt_node_by_phandle(fdt, phandle);
		cpu = local >= 0 ? fdt_parent(fdt, local) : -1;
		for (uint32_t k = 0; k < board->hart_count; k++) {
			h = &board->harts[k];
			if (h->node == cpu && h->id == hartid) {
				*context = i;
				return true;
			}
		}
	}
	return false;
}

bool board_device_irq(const fdt_t *fdt, const board_t *board, int node, uint32_t *irq)
{
	fdt_prop_t prop;
	uint32_t parent;

	/* Only interrupts wired to the platform controller, one cell. */
	if (!fdt_node_u32(fdt, node, "interrupt-parent", &parent) ||
	    board->intc.node < 0 || fdt_node_by_phandle(fdt, parent) != board->intc.node)
		return false;
	if (!fdt_get_prop(fdt, node, "interrupts", &prop) || prop.len < 4)
		return false;
	return fdt_prop_u32(&prop, 0, irq);
}
