/*
 * Bootstrap page tables: the first thing the boot hart builds, while the MMU
 * is still off and the kernel runs at whatever physical address it was
 * loaded to.
 *
 * The tables use Sv39 because every RISC-V MMU implements it (a hart with
 * Sv48 or Sv57 must also implement the smaller modes), so the kernel can
 * reach C at its link address before it knows the board. They map:
 *   - the lower 256 GiB of the address space to itself with 1 GiB pages, so
 *     the device tree, the firmware console and RAM stay reachable while the
 *     kernel parses the device tree and builds its real tables;
 *   - the kernel image at KERNEL_IMAGE_VBASE with 2 MiB pages.
 * The final tables (kernel_vm.c) replace these before anything else runs.
 *
 * Runs before paging: this file must use only PC-relative addressing (the
 * Makefile compiles it with -fno-jump-tables) and call nothing but the SBI.
 */
#include <stdint.h>

#include "arch/riscv/csr.h"
#include "arch/riscv/layout.h"
#include "arch/riscv/pte.h"

#define GIB (1ull << 30)
#define MIB2 (1ull << 21)

extern char _start[], _end[];

static uint64_t boot_root[512] __attribute__((aligned(PAGE_SIZE)));
static uint64_t boot_image_l1[512] __attribute__((aligned(PAGE_SIZE)));

/* Minimal firmware-console output that needs no relocated data. */
static void early_puts(const char *s)
{
	for (; *s; s++) {
		register long a0 __asm__("a0") = (unsigned char)*s;
		register long a7 __asm__("a7") = 0x01;   /* legacy console_putchar */
		__asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "a1", "memory");
	}
}

static void __attribute__((noreturn)) early_fail(const char *msg)
{
	early_puts(msg);
	for (;;) {
		register long a0 __asm__("a0") = 0;      /* shutdown */
		register long a1 __asm__("a1") = 1;      /* system failure */
		register long a6 __asm__("a6") = 0;
		register long a7 __asm__("a7") = 0x53525354;
		__asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a6), "r"(a7) : "memory");
	}
}

/* Returns the satp value that turns the bootstrap tables on. */
uint64_t boot_map_build(uint64_t load_pa)
{
	uint64_t image_size = (uint64_t)(_end - _start);
	uint64_t vpn2 = (KERNEL_IMAGE_VBASE >> 30) & 0x1ff;

	if (load_pa & (KERNEL_LOAD_ALIGN - 1))
		early_fail("boot: kernel loaded at an address that is not 2 MiB aligned; "
			   "load it at RAM base + text_offset (0x200000)\n");
	if (image_size > 256 * MIB2)
		early_fail("boot: kernel image larger than 512 MiB\n");

	for (uint64_t i = 0; i < 256; i++)
		boot_root[i] = pte_leaf(i * GIB, PTE_R | PTE_W | PTE_X | PTE_G);
	boot_root[vpn2] = pte_table((uint64_t)(uintptr_t)boot_image_l1);
	for (uint64_t off = 0; off < image_size; off += MIB2)
		boot_image_l1[off / MIB2] = pte_leaf(load_pa + off, PTE_R | PTE_W | PTE_X | PTE_G);

	return (SATP_MODE_SV39 << SATP_MODE_SHIFT) | ((uint64_t)(uintptr_t)boot_root >> PAGE_SHIFT);
}
