/*
 * The kernel's own address space: built once at boot from the board's RAM
 * and the kernel image, then identical for the life of the system (later,
 * every user VSpace shares its upper half).
 */
#ifndef BASALT_ARCH_RISCV_KERNEL_VM_H
#define BASALT_ARCH_RISCV_KERNEL_VM_H

#include <stdbool.h>
#include <stdint.h>

#include "base/diag.h"
#include "board/board.h"
#include "core/kmem.h"
#include "memmap/memmap.h"

typedef struct kernel_vm {
	paging_mode_t mode;
	unsigned levels;
	uint64_t satp;
	uint64_t window_base;      /* virtual address of physical 0 in the window */
	uint64_t window_limit;     /* first physical address the window cannot hold */
	uint64_t image_pa;         /* physical address of the kernel image */
	bool active;               /* the final tables are in satp */
} kernel_vm_t;

extern kernel_vm_t kernel_vm;

/*
 * Build the kernel's tables for `wanted` and switch to them. If the hart
 * refuses that mode (satp keeps its old value), fall back to the next
 * smaller one. Table pages come from boot_alloc(); `map` says what RAM
 * the window maps. RAM the window cannot reach (above window_limit) must
 * not become untyped: the caller leaves it out. `load_pa` is where the
 * image sits in RAM. Returns false (with `diag`) if no mode could be set
 * up.
 */
bool kernel_vm_init(paging_mode_t wanted, bootmap_t *map, uint64_t load_pa, diag_t *diag);

/* Map a device's registers (boot only) and return their virtual address,
 * or 0 if the device area or the memory for tables ran out. */
uintptr_t kernel_vm_map_device(uint64_t pa, uint64_t size);

/* phys_to_virt()/virt_to_phys() (core/kmem.h): RAM through the kernel
 * window after kernel_vm_init; before it, physical addresses below 256 GiB
 * are identity-mapped and the functions are the identity. */

#endif
