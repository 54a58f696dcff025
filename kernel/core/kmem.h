/*
 * Reaching physical memory from the kernel.
 *
 * Kernel objects are named by physical address in capabilities; the kernel
 * touches RAM through its window (every RAM byte at window_base + pa once
 * paging is on; identity before). Device memory is not in the window and
 * the kernel never touches device frames or device untyped.
 *
 * The object code in kernel/object/ uses only these two functions, which is
 * what lets the host unit tests run it over a plain buffer.
 */
#ifndef BASALT_KERNEL_KMEM_H
#define BASALT_KERNEL_KMEM_H

#include <stdint.h>

void *phys_to_virt(uint64_t pa);
uint64_t virt_to_phys(const void *va);

#endif
