/*
 * The kernel's address space (see kernel_vm.h and layout.h).
 *
 * Boot runs on the bootstrap Sv39 tables (boot_map.c), which identity-map
 * the low 256 GiB; that is how this file reaches the pages it turns into
 * tables. The final tables map:
 *   - every RAM range except no-map reservations (and device registers the
 *     device tree misplaced inside RAM) into the window, with the
 *     largest pages that fit (1 GiB, 2 MiB, 4 KiB), read/write, never
 *     executable;
 *   - the kernel image with per-section rights: text read/execute, rodata
 *     read-only, data and bss read/write;
 *   - device registers the kernel itself drives (its console), on request.
 * Nothing in the lower (user) half is mapped.
 */
#include "arch/riscv/kernel_vm.h"

#include "arch/riscv/csr.h"
#include "arch/riscv/layout.h"
#include "arch/riscv/pagetable.h"
#include "arch/riscv/pte.h"
#include "boot/boot_alloc.h"
#include "base/mem.h"

extern char _start[], _etext[], _erodata[], _end[];

kernel_vm_t kernel_vm;

static pt_space_t kernel_space;
static uint64_t device_next = KERNEL_DEVICE_VBASE;
static region_list_t window_ranges;   /* scratch: RAM minus no-map */

/* Until paging is on, physical addresses are used as they are (the
 * bootstrap tables map the low 256 GiB to themselves). */
kmem_layout_t kmem_layout = { 0, ~0ull, 0 };

static uint64_t boot_table_alloc(void *ctx)
{
	(void)ctx;
	return boot_alloc(PAGE_SIZE, PAGE_SHIFT);
}

static uint64_t *boot_table_ptr(void *ctx, uint64_t pa)
{
	return phys_to_virt(pa);
}

static unsigned mode_levels(paging_mode_t mode)
{
	switch (mode) {
	case PAGING_SV39: return 3;
	case PAGING_SV48: return 4;
	case PAGING_SV57: return 5;
	default: return 0;
	}
}

static uint64_t mode_satp(paging_mode_t mode)
{
	switch (mode) {
	case PAGING_SV39: return SATP_MODE_SV39;
	case PAGING_SV48: return SATP_MODE_SV48;
	default: return SATP_MODE_SV57;
	}
}

static paging_mode_t mode_below(paging_mode_t mode)
{
	return mode == PAGING_SV57 ? PAGING_SV48 : mode == PAGING_SV48 ? PAGING_SV39 : PAGING_NONE;
}

/* The window starts at the lowest kernel address of the mode (bit 38, 47
 * or 56 set and sign-extended) and ends where the device area begins. */
static void window_geometry(paging_mode_t mode, uint64_t *base, uint64_t *limit)
{
	*base = ~0ull << ((unsigned)mode - 1);
	*limit = KERNEL_DEVICE_VBASE - *base;
}

static bool map_window(bootmap_t *map, diag_t *diag)
{
	window_ranges = map->ram;
	for (uint32_t i = 0; i < map->reserved.count; i++) {
		const mem_region_t *r = &map->reserved.r[i];

		if (r->no_map && !region_list_remove(&window_ranges, r->base, r->size)) {
			diag_set(diag, "too many RAM ranges around no-map reservations");
			return false;
		}
	}
	for (uint32_t i = 0; i < window_ranges.count; i++) {
		uint64_t base = (window_ranges.r[i].base + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
		uint64_t end = (window_ranges.r[i].base + window_ranges.r[i].size) & ~(uint64_t)(PAGE_SIZE - 1);
		pt_status_t st;

		if (end > kernel_vm.window_limit)
			end = kernel_vm.window_limit;
		if (end <= base)
			continue;
		st = pt_map(&kernel_space, kernel_vm.window_base + base, base, end - base,
			    PTE_R | PTE_W | PTE_G, 2);
		if (st != PT_OK) {
			diag_set(diag, "cannot map RAM [0x%llx, 0x%llx) into the kernel window (error %d)",
				 (unsigned long long)base, (unsigned long long)end, (int)st);
			return false;
		}
	}
	return true;
}

static bool map_image(uint64_t load_pa, diag_t *diag)
{
	static const struct { char *start, *end; uint64_t perms; } sections[] = {
		{ _start, _etext, PTE_R | PTE_X | PTE_G },
		{ _etext, _erodata, PTE_R | PTE_G },
		{ _erodata, _end, PTE_R | PTE_W | PTE_G },
	};

	for (unsigned i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		uint64_t va = (uint64_t)(uintptr_t)sections[i].start;
		uint64_t size = (uint64_t)(sections[i].end - sections[i].start);
		pt_status_t st;

		if (size == 0)
			continue;
		st = pt_map(&kernel_space, va, load_pa + (va - KERNEL_IMAGE_VBASE), size,
			    sections[i].perms, 0);
		if (st != PT_OK) {
			diag_set(diag, "cannot map the kernel image (error %d)", (int)st);
			return false;
		}
	}
	return true;
}

/* Try to turn on `mode`: build tables, write satp, and see whether the
 * hart kept it (an unsupported mode leaves satp unchanged). */
static bool try_mode(paging_mode_t mode, bootmap_t *map, uint64_t load_pa, diag_t *diag, bool *refused)
{
	uint64_t satp;

	*refused = false;
	kernel_vm.mode = mode;
	kernel_vm.levels = mode_levels(mode);
	window_geometry(mode, &kernel_vm.window_base, &kernel_vm.window_limit);

	kernel_space = (pt_space_t){
		.levels = kernel_vm.levels,
		.alloc_table = boot_table_alloc,
		.table_ptr = boot_table_ptr,
		.ctx = map,
	};
	kernel_space.root_pa = boot_table_alloc(map);
	if (kernel_space.root_pa == 0) {
		diag_set(diag, "no free RAM for the kernel's page tables");
		return false;
	}
	if (!map_window(map, diag) || !map_image(load_pa, diag))
		return false;

	satp = (mode_satp(mode) << SATP_MODE_SHIFT) | (kernel_space.root_pa >> PAGE_SHIFT);
	sfence_vma_all();
	csr_write(satp, satp);
	sfence_vma_all();
	if (csr_read(satp) != satp) {
		*refused = true;
		return false;
	}
	kernel_vm.satp = satp;
	kernel_vm.image_pa = load_pa;
	kernel_vm.active = true;
	kmem_layout.window_offset = kernel_vm.window_base;
	kmem_layout.image_start = KERNEL_IMAGE_VBASE;
	kmem_layout.image_offset = KERNEL_IMAGE_VBASE - load_pa;
	return true;
}

bool kernel_vm_init(paging_mode_t wanted, bootmap_t *map, uint64_t load_pa, diag_t *diag)
{
	for (paging_mode_t mode = wanted; mode != PAGING_NONE; mode = mode_below(mode)) {
		bool refused;

		if (try_mode(mode, map, load_pa, diag, &refused))
			break;
		if (!refused)
			return false;
	}
	if (!kernel_vm.active) {
		diag_set(diag, "the boot hart accepted no paging mode up to %s", paging_mode_name(wanted));
		return false;
	}
	return true;
}

uintptr_t kernel_vm_map_device(uint64_t pa, uint64_t size)
{
	uint64_t offset = pa & (PAGE_SIZE - 1);
	uint64_t base = pa - offset;
	uint64_t span = (offset + size + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t va = device_next;

	if (!kernel_vm.active || span == 0 || span > KERNEL_DEVICE_VBASE + KERNEL_DEVICE_VSIZE - va)
		return 0;
	if (pt_map(&kernel_space, va, base, span, PTE_R | PTE_W | PTE_G, 0) != PT_OK)
		return 0;
	device_next += span;
	sfence_vma_all();
	return (uintptr_t)(va + offset);
}
