/*
 * The kernel's virtual address layout. Usable from C and assembly.
 *
 *   upper half start ........ kernel window: all RAM, virtual = window + physical
 *                             (Sv39 0xffffffc000000000, Sv48 0xffff800000000000,
 *                              Sv57 0xff00000000000000: the mode's lowest kernel address)
 *   0xffffffff00000000 ...... device mappings made at boot (2 GiB)
 *   0xffffffff80000000 ...... the kernel image (text, rodata, data, bss; 2 GiB)
 *
 * The image address is valid in every paging mode, so switching from the
 * bootstrap Sv39 tables to the final tables never moves the running code.
 * The lower half belongs to user space.
 */
#ifndef BASALT_ARCH_RISCV_LAYOUT_H
#define BASALT_ARCH_RISCV_LAYOUT_H

#define KERNEL_IMAGE_VBASE   0xffffffff80000000
#define KERNEL_DEVICE_VBASE  0xffffffff00000000
#define KERNEL_DEVICE_VSIZE  0x80000000

/* Image header text_offset; also the load alignment the kernel requires
 * (the bootstrap tables map the image with 2 MiB pages). */
#define KERNEL_LOAD_ALIGN    0x200000

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1 << PAGE_SHIFT)

/* Boot stack per hart slot (SMP later starts one hart per slot). */
#define KERNEL_STACK_SIZE 16384
#define MAX_CPUS 8

#endif
