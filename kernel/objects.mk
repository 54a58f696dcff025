# Kernel sources (the generic library in lib/ and drivers in platform/ are
# added by the top Makefile).
kernel-srcs := \
	kernel/arch/riscv/head.S \
	kernel/arch/riscv/boot_map.c \
	kernel/arch/riscv/sbi.c \
	kernel/arch/riscv/hart.c \
	kernel/arch/riscv/trap_entry.S \
	kernel/arch/riscv/user_entry.S \
	kernel/arch/riscv/trap.c \
	kernel/arch/riscv/thread_trap.c \
	kernel/arch/riscv/idle.S \
	kernel/arch/riscv/timer.c \
	kernel/arch/riscv/interrupt.c \
	kernel/arch/riscv/fpu.c \
	kernel/arch/riscv/fpu_regs.S \
	kernel/arch/riscv/pagetable.c \
	kernel/arch/riscv/kernel_vm.c \
	kernel/arch/riscv/asid.c \
	kernel/arch/riscv/asid_hw.c \
	kernel/arch/riscv/vspace_walk.c \
	kernel/arch/riscv/vspace.c \
	kernel/arch/riscv/vm_invoke.c \
	lib/base/mem.c \
	kernel/core/printk.c \
	kernel/core/panic.c \
	kernel/core/symbols.c \
	kernel/core/preempt.c \
	kernel/object/cap.c \
	kernel/object/cdt.c \
	kernel/object/cspace.c \
	kernel/object/cnode.c \
	kernel/object/delete.c \
	kernel/object/finalise.c \
	kernel/object/objects.c \
	kernel/object/untyped.c \
	kernel/object/thread.c \
	kernel/object/tcb_invoke.c \
	kernel/object/endpoint.c \
	kernel/object/notification.c \
	kernel/object/ipc.c \
	kernel/object/fault.c \
	kernel/object/irq.c \
	kernel/sched/sched.c \
	kernel/api/invoke.c \
	kernel/api/syscall.c \
	kernel/api/fastpath.c \
	kernel/api/debug_syscall.c \
	kernel/debug/audit.c \
	kernel/debug/irqoff.c \
	kernel/debug/entry_hooks.c \
	kernel/boot/main.c \
	kernel/boot/boot_alloc.c \
	kernel/boot/devices.c \
	kernel/boot/idle.c \
	kernel/boot/root_task.c \
	kernel/boot/root_image.S \
	kernel/boot/report.c \
	kernel/boot/selftest.c \
	kernel/boot/bootcost.c

# boot_map.c runs before paging at the physical load address: no jump
# tables (their entries are absolute link addresses).
CFLAGS_boot_map.c := -fno-jump-tables

# The fast paths (api/fastpath.c) are entered from the trap entry code on a
# fresh kernel stack and never return, so saving the callee-saved registers
# in their prologue is wasted work: treat s1..s11 as caller-saved there
# (s0 stays the frame pointer, for backtraces).
CFLAGS_fastpath.c := $(foreach r,1 2 3 4 5 6 7 8 9 10 11,-fcall-used-s$(r))
