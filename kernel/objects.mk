# Kernel sources (the generic library in lib/ and drivers in platform/ are
# added by the top Makefile).
kernel-srcs := \
	kernel/arch/riscv/head.S \
	kernel/arch/riscv/boot_map.c \
	kernel/arch/riscv/sbi.c \
	kernel/arch/riscv/hart.c \
	kernel/arch/riscv/trap_entry.S \
	kernel/arch/riscv/trap.c \
	kernel/arch/riscv/pagetable.c \
	kernel/arch/riscv/kernel_vm.c \
	kernel/core/string.c \
	kernel/core/printk.c \
	kernel/core/panic.c \
	kernel/core/symbols.c \
	kernel/boot/main.c \
	kernel/boot/devices.c \
	kernel/boot/report.c \
	kernel/boot/selftest.c

# boot_map.c runs before paging at the physical load address: no jump
# tables (their entries are absolute link addresses).
CFLAGS_boot_map.c := -fno-jump-tables
