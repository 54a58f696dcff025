/*
 * The boot report: what the kernel found on the board and how it divided
 * memory, in the line format of docs/boot-console.md (tests compare it with
 * what dtinfo derives from the same device tree).
 */
#include "arch/riscv/kernel_vm.h"
#include "boot/boot.h"
#include "core/printk.h"

static const char *first_compatible(const fdt_t *fdt, int node)
{
	fdt_prop_t p;
	const char *s;

	if (node < 0 || !fdt_get_prop(fdt, node, "compatible", &p))
		return "-";
	s = fdt_prop_string_at(&p, 0);
	return s != NULL ? s : "-";
}

static const char *node_path(const fdt_t *fdt, int node, char *buf, size_t size)
{
	if (!fdt_get_path(fdt, node, buf, size))
		return "?";
	return buf;
}

static void report_range(const char *kind, uint64_t base, uint64_t size)
{
	printk("memory: %-8s [0x%016llx, 0x%016llx) ", kind, (unsigned long long)base,
	       (unsigned long long)(base + size));
	printk_size(size);
}

static void report_memory(const boot_state_t *boot)
{
	const bootmap_t *map = &boot->map;
	char path[128];

	for (uint32_t i = 0; i < map->ram.count; i++) {
		report_range("ram", map->ram.r[i].base, map->ram.r[i].size);
		printk("\n");
	}
	for (uint32_t i = 0; i < map->reserved.count; i++) {
		const mem_region_t *r = &map->reserved.r[i];

		report_range("reserved", r->base, r->size);
		printk(" %s", reserve_reason_name(r->reason));
		if (r->reason == RESERVE_DT_NODE)
			printk(" %s%s", node_path(&boot->fdt, r->node, path, sizeof(path)),
			       r->no_map ? " no-map" : "");
		else if (r->reason == RESERVE_DEVICE)
			printk(" %s", node_path(&boot->fdt, r->node, path, sizeof(path)));
		printk("\n");
	}
	for (uint32_t i = 0; i < map->free.count; i++) {
		report_range("free", map->free.r[i].base, map->free.r[i].size);
		printk("\n");
	}
	printk("memory: total ");
	printk_size(region_list_total(&map->ram));
	printk(" RAM, ");
	printk_size(region_list_total(&map->free));
	printk(" free\n");
}

static void report_harts(const boot_state_t *boot)
{
	for (uint32_t i = 0; i < boot->board.hart_count; i++) {
		const board_hart_t *h = &boot->board.harts[i];
		const char *state = h->id == boot->hartid ? "boot" :
				    !h->enabled ? "disabled" :
				    !h->usable ? "unusable" : "parked";

		printk("hart: %llu %s %s\n", (unsigned long long)h->id, paging_mode_name(h->mmu), state);
	}
}

static void report_block(const char *what, const fdt_t *fdt, const board_block_t *b)
{
	char path[128];

	if (b->node < 0) {
		printk("%s: none\n", what);
		return;
	}
	printk("%s: %s at 0x%016llx", what, first_compatible(fdt, b->node), (unsigned long long)b->base);
	if (b->ndev != 0)
		printk(", %u sources", b->ndev);
	printk(" (%s)\n", node_path(fdt, b->node, path, sizeof(path)));
}

void boot_report(const boot_state_t *boot)
{
	const fdt_t *fdt = &boot->fdt;
	fdt_prop_t model;
	const char *model_str = "unknown";
	char path[128];

	if (fdt_get_prop(fdt, fdt_root(fdt), "model", &model))
		fdt_prop_string(&model, &model_str);
	printk("board: %s\n", model_str);
	printk("paging: %s (%u levels), kernel window at 0x%016llx\n",
	       paging_mode_name(kernel_vm.mode), kernel_vm.levels,
	       (unsigned long long)kernel_vm.window_base);
	printk("timebase: %llu Hz\n", (unsigned long long)boot->board.timebase_hz);
	report_block("intc", fdt, &boot->board.intc);
	report_block("timer", fdt, &boot->board.timer);
	report_harts(boot);
	report_memory(boot);
	for (uint32_t i = 0; i < boot->board.device_count; i++) {
		const board_device_t *d = &boot->board.devices[i];

		printk("device: [0x%016llx, 0x%016llx) %s %s\n", (unsigned long long)d->base,
		       (unsigned long long)(d->base + d->size), first_compatible(fdt, d->node),
		       node_path(fdt, d->node, path, sizeof(path)));
	}
}
