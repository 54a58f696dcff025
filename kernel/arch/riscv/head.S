/*
 * Kernel entry and the RISC-V Image header.
 *
 * The first 64 bytes are the Image header (Linux's RISC-V boot image
 * format) so one file boots with QEMU -kernel and with U-Boot's booti: a
 * 4-byte jump (no compressed instruction: booti requires it), the load
 * offset and size, and the "RISCV"/"RSC\x05" magics at 0x30/0x38.
 *
 * Entry state (SBI spec): S-mode, MMU off, a0 = hart id, a1 = DTB physical
 * address, loaded at an address the firmware or boot loader chose. Only
 * PC-relative addressing is used until the bootstrap page tables are on.
 * If several harts arrive, the first to win boot_lottery boots; the others
 * are handed back to the firmware (SBI HSM stop) or, failing that, wait in
 * wfi with interrupts off.
 */
#include "arch/riscv/layout.h"

	.section .head.text, "ax"
	.option push
	.option norvc
	.globl _start
_start:
	j	entry			/* code0 */
	.word	0			/* code1 */
	.dword	KERNEL_LOAD_ALIGN	/* text_offset */
	.dword	_image_size		/* image_size, from the linker script */
	.dword	0			/* flags: little-endian */
	.word	2			/* header version 0.2 */
	.word	0			/* res1 */
	.dword	0			/* res2 */
	.ascii	"RISCV\0\0\0"		/* magic (deprecated, still checked by some loaders) */
	.ascii	"RSC\x05"		/* magic2 */
	.word	0			/* res3 */
	.option pop

entry:
	csrw	sie, zero
	/* The kernel never reads or writes user memory through user
	 * mappings (it uses its own window of each frame), so S-mode access
	 * to U pages stays off from here on, whatever the firmware left. */
	li	t0, 1 << 18			/* sstatus.SUM */
	csrc	sstatus, t0
	/* The instruction count at kernel entry, for the boot's cost
	 * ("bootcost"). Reading instret from S-mode needs the firmware's
	 * permission; without it the read traps, and instret_skip steps over
	 * it, leaving 0 ("not known"). */
	lla	t0, instret_skip
	csrw	stvec, t0
	li	t1, 0
	csrr	t1, instret
	lla	t0, boot_entry_instret
	sd	t1, 0(t0)
	lla	t0, early_trap
	csrw	stvec, t0
	mv	gp, zero
	mv	tp, zero

	lla	t0, boot_lottery
	li	t1, 1
	amoswap.w.aq t1, t1, (t0)
	bnez	t1, park

	/* The winner: boot stack (slot 0), clear .bss, build the bootstrap
	 * tables. Everything is still at its physical address. */
	lla	sp, kernel_stacks
	li	t0, KERNEL_STACK_SIZE
	add	sp, sp, t0
	lla	t0, __bss_start
	lla	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	mv	s0, a0			/* hart id */
	mv	s1, a1			/* DTB physical address */
	lla	s2, _start		/* physical load address */
	mv	a0, s2
	call	boot_map_build		/* returns the bootstrap satp (or powers off) */

	li	t0, KERNEL_IMAGE_VBASE
	sub	s3, t0, s2		/* virtual - physical, for the image */
	lla	t1, 3f
	add	t1, t1, s3
	sfence.vma
	csrw	satp, a0
	sfence.vma
	jr	t1			/* continue at the virtual address */
3:
	add	sp, sp, s3
	mv	a0, s0
	mv	a1, s1
	mv	a2, s2
	call	kernel_main
4:	wfi
	j	4b

/* A hart that lost the lottery: give it back to the firmware, which can
 * start it again later (SMP); if HSM is missing, wait forever. */
park:
	li	a7, 0x48534d		/* SBI HSM */
	li	a6, 1			/* hart_stop */
	ecall
5:	wfi
	j	5b

/* The one trap expected this early: the instret read above, refused. */
	.align 2
instret_skip:
	csrr	t6, sepc
	addi	t6, t6, 4
	csrw	sepc, t6
	sret

/* Traps before the kernel's own vector is installed: nothing can be
 * reported safely, so ask the firmware to power off with a failure. */
	.align 2
early_trap:
	li	a7, 0x53525354		/* SBI SRST */
	li	a6, 0			/* system_reset */
	li	a0, 0			/* shutdown */
	li	a1, 1			/* reason: system failure */
	ecall
6:	wfi
	j	6b

	.section .data
	.align 3
	.globl boot_entry_instret
boot_entry_instret:
	.dword	0
boot_lottery:
	.word	0
