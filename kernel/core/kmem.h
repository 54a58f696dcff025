/*
 * Reaching physical memory from the kernel.
 *
 * Kernel objects are named by physical address in capabilities; the kernel
 * touches RAM through its window (every RAM byte at window_base + pa once
 * paging is on; identity before). Device memory is not in the window and
 * the kernel never touches device frames or device untyped. Statics (the
 * idle threads, the kernel's own slots) live in the kernel image, mapped
 * at its link address: virt_to_phys() knows both.
 *
 * These are on every IPC path, so they are inline arithmetic on three
 * words the paging code sets (kernel_vm.c): the object code in
 * kernel/object/ needs nothing else, which is what lets the host unit
 * tests run it over a plain buffer (they set the words to match).
 */
#ifndef BASALT_KERNEL_KMEM_H
#define BASALT_KERNEL_KMEM_H

#include <stdint.h>

typedef struct kmem_layout {
	uint64_t window_offset;   /* virtual - physical, for RAM */
	uint64_t image_start;     /* first virtual address of the kernel image (or ~0) */
	uint64_t image_offset;    /* virtual - physical, for the image */
} kmem_layout_t;

extern kmem_layout_t kmem_layout;

static inline void *phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)(pa + kmem_layout.window_offset);
}

static inline uint64_t virt_to_phys(const void *va)
{
	uint64_t v = (uint64_t)(uintptr_t)va;

	return v - (v >= kmem_layout.image_start ? kmem_layout.image_offset : kmem_layout.window_offset);
}

#endif
