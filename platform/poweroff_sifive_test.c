/*
 * SiFive "test finisher" (compatible sifive,test0; QEMU virt and sifive_u
 * carry one). Writing 0x5555 powers off with success; 0x3333 with an exit
 * code in the upper 16 bits powers off with failure, which QEMU turns into
 * its exit status. The SBI reset call cannot report failure through this
 * device (OpenSBI's syscon driver always writes the pass value), so the
 * kernel drives it itself when it is present. Real boards have no such
 * node and fall through to SBI.
 */
#include "platform/poweroff.h"

#define FINISHER_PASS 0x5555u
#define FINISHER_FAIL 0x3333u

static volatile uint32_t *finisher;

int platform_poweroff_find(const fdt_t *fdt)
{
	/* Depth-first walk with an explicit stack of sibling positions. */
	int stack[FDT_MAX_DEPTH + 1];
	int depth = 0;
	int node = fdt_root(fdt);

	while (node >= 0) {
		if (fdt_node_is_compatible(fdt, node, "sifive,test0") && fdt_node_is_enabled(fdt, node))
			return node;
		int child = fdt_first_child(fdt, node);

		if (child >= 0 && depth < FDT_MAX_DEPTH) {
			stack[depth++] = node;
			node = child;
			continue;
		}
		for (;;) {
			int next = fdt_next_sibling(fdt, node);

			if (next >= 0) {
				node = next;
				break;
			}
			if (depth == 0) {
				node = -1;
				break;
			}
			node = stack[--depth];
		}
	}
	return -1;
}

void platform_poweroff_register(const fdt_t *fdt, int node, uintptr_t regs)
{
	finisher = (volatile uint32_t *)regs;
}

void platform_poweroff(bool failure)
{
	if (finisher == NULL)
		return;
	*finisher = failure ? ((1u << 16) | FINISHER_FAIL) : FINISHER_PASS;
}
